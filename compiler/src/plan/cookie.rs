//! The arguments of `proxy_cookie_domain`, `proxy_cookie_path` and `proxy_cookie_flags`, read
//! as `ngx_http_proxy_cookie_domain`, `_path` and `_flags` read them. The checker reports the
//! errors (with the per-block `is duplicate` rules), the lowerer takes the rules.

use restyc_runtime::plan::{CookieFlags, CookieMatch, CookieRewrite, Template};

use super::limits::ArgError;
use crate::conf::ast::Directive;

/// One directive's meaning.
pub enum CookieArgs {
    /// `off`: no rules at this level (and none inherited).
    Off,
    Rewrite(CookieRewrite),
    Flags(CookieFlags),
}

/// The rule a `proxy_cookie_*` directive adds, or nginx's error for its arguments.
pub fn cookie_args(d: &Directive) -> Result<CookieArgs, ArgError> {
    let Some(first) = d.args.first() else {
        return Err((
            format!("invalid number of arguments in \"{}\" directive", d.name),
            Some(d.name_span),
        ));
    };
    if d.args.len() == 1 {
        return match first.value.as_str() {
            "off" => Ok(CookieArgs::Off),
            v => Err((format!("invalid parameter \"{v}\""), Some(first.span))),
        };
    }
    let v = first.value.as_str();
    let regex = |pattern: &str, caseless: bool| match regex_error(pattern, caseless) {
        Some(e) => Err((e, Some(first.span))),
        None => Ok(CookieMatch::Regex {
            regex: pattern.to_string(),
            caseless,
        }),
    };
    if d.name == "proxy_cookie_flags" {
        // (a cookie-name regex is always caseless; `~*` is a regex starting with `*`)
        let cookie = match v.strip_prefix('~') {
            Some(re) => regex(re, true)?,
            None => CookieMatch::Text(Template::parse(v)),
        };
        let flags = d.args[1..]
            .iter()
            .map(|a| Template::parse(&a.value))
            .collect();
        return Ok(CookieArgs::Flags(CookieFlags { cookie, flags }));
    }
    let replacement = d.args.get(1).map_or("", |a| a.value.as_str());
    let domain = d.name == "proxy_cookie_domain";
    let (pattern, replacement) = match v.strip_prefix('~') {
        // (a domain regex is always caseless, and knows no `~*`)
        Some(re) if domain => (regex(re, true)?, replacement),
        Some(re) => match re.strip_prefix('*') {
            Some(re) => (regex(re, true)?, replacement),
            None => (regex(re, false)?, replacement),
        },
        // A domain's leading dot is dropped from both sides: `.example.com` matches with or
        // without its dot, and the dot stays in the cookie.
        None if domain => (
            CookieMatch::Text(Template::parse(v.strip_prefix('.').unwrap_or(v))),
            replacement.strip_prefix('.').unwrap_or(replacement),
        ),
        None => (CookieMatch::Text(Template::parse(v)), replacement),
    };
    Ok(CookieArgs::Rewrite(CookieRewrite {
        pattern,
        replacement: Template::parse(replacement),
    }))
}

/// The arguments of a `proxy_cookie_*` directive that are templates (not a regex).
pub fn template_args(d: &Directive) -> &[crate::conf::ast::Arg] {
    match d.args.first() {
        Some(a) if a.value.starts_with('~') => &d.args[1..],
        _ => &d.args,
    }
}

/// nginx's message when PCRE2 refuses a configuration regex (`ngx_regex_compile`): with
/// `at "…"` and the rest of the pattern unless the error is at its end.
pub fn regex_error(pattern: &str, caseless: bool) -> Option<String> {
    let e = pcre2::bytes::RegexBuilder::new()
        .caseless(caseless)
        .build(pattern)
        .err()?;
    let text = e.to_string();
    // (Display is "PCRE2: error compiling pattern[ at offset N]: MESSAGE")
    let what = text
        .strip_prefix("PCRE2: ")
        .and_then(|t| t.split_once(": "))
        .map_or(text.as_str(), |(_, m)| m);
    Some(match e.offset().filter(|&o| o < pattern.len()) {
        Some(o) => format!(
            "pcre2_compile() failed: {what} in \"{pattern}\" at \"{}\"",
            String::from_utf8_lossy(&pattern.as_bytes()[o..])
        ),
        None => format!("pcre2_compile() failed: {what} in \"{pattern}\""),
    })
}
