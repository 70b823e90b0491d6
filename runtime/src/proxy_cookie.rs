//! `proxy_cookie_domain`, `proxy_cookie_path` and `proxy_cookie_flags`: the upstream's
//! Set-Cookie lines as the client gets them (`ngx_http_proxy_rewrite_cookie` and its helpers in
//! ngx_http_proxy_module.c).
//!
//! A line is split at `;` into `name=value` attributes, spaces around names and values
//! trimmed. The Domain and Path attributes go through their rules (the first that matches
//! rewrites), then the first `proxy_cookie_flags` rule whose cookie matches adds, removes or
//! replaces Secure, HttpOnly and SameSite. A line nothing applied to is passed as it came; a
//! rewritten one is joined again with `; `, every attribute as it was parsed.
//!
//! nginx rewrites a matched part that is not longer than its replacement where the upstream's
//! header lies, moving the rest of the value and one byte after it; the line sent is right but
//! `$upstream_http_set_cookie` then shows the moved bytes. That is kept: [`Rewritten::upstream`].

use std::borrow::Cow;

use bstr::BString;

use crate::plan::{CookieFlags, CookieMatch, CookieRewrite, ProxyConf, Template};
use crate::request::Request;
use crate::worker::Worker;

/// Whether any of the three directives applies to this location (nginx installs its
/// Set-Cookie handler only then).
pub fn active(pc: &ProxyConf) -> bool {
    !pc.cookie_domains.is_empty() || !pc.cookie_paths.is_empty() || !pc.cookie_flags.is_empty()
}

/// A Set-Cookie line that a rule applied to.
pub struct Rewritten {
    /// What the client gets.
    pub value: BString,
    /// The upstream's own header after nginx's in-place edits, when there were any (what
    /// `$upstream_http_set_cookie` shows from now on).
    pub upstream: Option<BString>,
}

/// One attribute: `key=value`, `key` (no value), or removed (`key` None).
struct Attr<'a> {
    key: Option<Cow<'a, [u8]>>,
    value: Option<Cow<'a, [u8]>>,
    /// Where the value starts in the upstream's header.
    value_at: usize,
}

// ngx_http_proxy_cookie_flags_masks: what each flag asks for.
const SECURE_ON: u32 = 1;
const SECURE_OFF: u32 = 1 << 1;
const HTTPONLY_ON: u32 = 1 << 2;
const HTTPONLY_OFF: u32 = 1 << 3;
const SAMESITE_STRICT: u32 = 1 << 4;
const SAMESITE_LAX: u32 = 1 << 5;
const SAMESITE_NONE: u32 = 1 << 6;
const SAMESITE_OFF: u32 = 1 << 7;

const FLAGS: [(&str, u32); 8] = [
    ("secure", SECURE_ON),
    ("nosecure", SECURE_OFF),
    ("httponly", HTTPONLY_ON),
    ("nohttponly", HTTPONLY_OFF),
    ("samesite=strict", SAMESITE_STRICT),
    ("samesite=lax", SAMESITE_LAX),
    ("samesite=none", SAMESITE_NONE),
    ("nosamesite", SAMESITE_OFF),
];

/// The line rewritten, or None when no rule applied (the line goes out untouched). Regex rules
/// that match leave their captures in the request, as nginx's do.
pub fn rewrite(w: &Worker, rq: &mut Request, pc: &ProxyConf, line: &[u8]) -> Option<Rewritten> {
    let mut attrs = parse(line);
    // (a first part without `=` is not a cookie nginx touches)
    attrs.first()?.value.as_ref()?;
    // The upstream's header as nginx's in-place edits leave it (with the NUL after it).
    let mut upstream: Option<Vec<u8>> = None;
    let mut changed = false;
    for attr in attrs.iter_mut().skip(1) {
        let Some(key) = attr.key.as_deref() else {
            continue;
        };
        let rules = if key.eq_ignore_ascii_case(b"domain") {
            Some((&pc.cookie_domains, true))
        } else if key.eq_ignore_ascii_case(b"path") {
            Some((&pc.cookie_paths, false))
        } else {
            None
        };
        let Some((rules, domain)) = rules else {
            continue;
        };
        if rules.is_empty() || attr.value.is_none() {
            continue;
        }
        if rewrite_value(w, rq, rules, domain, line, attr, &mut upstream) {
            changed = true;
        }
    }
    if !pc.cookie_flags.is_empty() && rewrite_flags(w, rq, &pc.cookie_flags, &mut attrs) {
        changed = true;
    }
    if !changed {
        return None;
    }
    let mut out = BString::default();
    for (i, a) in attrs.iter().enumerate() {
        let Some(key) = &a.key else {
            continue;
        };
        if i > 0 {
            out.extend_from_slice(b"; ");
        }
        out.extend_from_slice(key);
        if let Some(v) = &a.value {
            out.push(b'=');
            out.extend_from_slice(v);
        }
    }
    Some(Rewritten {
        value: out,
        upstream: upstream.map(|mut u| {
            u.truncate(line.len());
            u.into()
        }),
    })
}

/// ngx_http_proxy_parse_cookie: `;`-separated parts (the search stops at a NUL, as strchr's
/// does), names and values trimmed of spaces.
fn parse(line: &[u8]) -> Vec<Attr<'_>> {
    let mut attrs = Vec::with_capacity(4);
    let end = line.len();
    let mut start = 0;
    loop {
        let last = match line[start..].iter().position(|&b| b == b';' || b == 0) {
            Some(n) if line[start + n] == b';' => start + n,
            _ => end,
        };
        while start < last && line[start] == b' ' {
            start += 1;
        }
        let mut p = start;
        while p < last && line[p] != b'=' {
            p += 1;
        }
        let mut name_end = p;
        while name_end > start && line[name_end - 1] == b' ' {
            name_end -= 1;
        }
        let (value, value_at) = if p < last {
            let mut v = p + 1;
            while v < last && line[v] == b' ' {
                v += 1;
            }
            let mut v_end = last;
            while v_end > v && line[v_end - 1] == b' ' {
                v_end -= 1;
            }
            (Some(Cow::Borrowed(&line[v..v_end])), v)
        } else {
            (None, 0)
        };
        attrs.push(Attr {
            key: Some(Cow::Borrowed(&line[start..name_end])),
            value,
            value_at,
        });
        if last == end {
            break;
        }
        start = last + 1;
    }
    attrs
}

/// ngx_http_proxy_rewrite_cookie_value: the first rule that matches rewrites the value.
fn rewrite_value(
    w: &Worker,
    rq: &mut Request,
    rules: &[CookieRewrite],
    domain: bool,
    line: &[u8],
    attr: &mut Attr<'_>,
    upstream: &mut Option<Vec<u8>>,
) -> bool {
    let Some(value) = attr.value.as_deref() else {
        return false;
    };
    for rule in rules {
        // (prefix, length) of the part replaced
        let part = match &rule.pattern {
            CookieMatch::Regex { regex, caseless } => {
                if !regex_matches(rq, regex, *caseless, value) {
                    continue;
                }
                (0, value.len())
            }
            CookieMatch::Text(t) => {
                let pattern = eval(w, rq, t);
                if domain {
                    // ngx_http_proxy_rewrite_domain_handler: equal without case, a leading
                    // dot kept in front of the replacement.
                    let prefix = usize::from(value.first() == Some(&b'.'));
                    if !value[prefix..].eq_ignore_ascii_case(&pattern) {
                        continue;
                    }
                    (prefix, value.len() - prefix)
                } else {
                    // ngx_http_proxy_rewrite_complex_handler: a prefix, with case.
                    if !value.starts_with(&pattern) {
                        continue;
                    }
                    (0, pattern.len())
                }
            }
        };
        let replacement = eval(w, rq, &rule.replacement);
        let new = splice(line, value, attr.value_at, part, &replacement, upstream);
        attr.value = Some(Cow::Owned(new));
        return true;
    }
    false
}

/// ngx_http_proxy_rewrite: `value` with `len` bytes from `prefix` replaced. A part no shorter
/// than its replacement (and not the whole value) is rewritten where the upstream's header
/// lies, the rest of the value and the byte after it moved up: mirrored in `upstream`.
fn splice(
    line: &[u8],
    value: &[u8],
    at: usize,
    (prefix, len): (usize, usize),
    replacement: &[u8],
    upstream: &mut Option<Vec<u8>>,
) -> Vec<u8> {
    let mut new = Vec::with_capacity(value.len() - len + replacement.len());
    new.extend_from_slice(&value[..prefix]);
    new.extend_from_slice(replacement);
    new.extend_from_slice(&value[prefix + len..]);
    if len != value.len() && replacement.len() <= len {
        let buf = upstream.get_or_insert_with(|| {
            let mut b = Vec::with_capacity(line.len() + 1);
            b.extend_from_slice(line);
            b.push(0);
            b
        });
        let dst = at + prefix;
        let tail = dst + len..at + value.len() + 1;
        if tail.end <= buf.len() {
            buf[dst..dst + replacement.len()].copy_from_slice(replacement);
            buf.copy_within(tail, dst + replacement.len());
        }
    }
    new
}

/// The regex matches `subject`; its captures become the request's (ngx_http_regex_exec: a
/// match without groups leaves `$1`... empty).
fn regex_matches(rq: &mut Request, regex: &str, caseless: bool, subject: &[u8]) -> bool {
    let Ok(re) = crate::rewrite::regex(regex, caseless) else {
        return false;
    };
    match crate::route::captures_of(&re, subject) {
        Ok(Some(caps)) => {
            rq.captures = Some(caps);
            true
        }
        _ => false,
    }
}

/// ngx_http_proxy_rewrite_cookie_flags: the flags of the first rule whose cookie matches the
/// name (regexes without case), applied when any of them is known.
fn rewrite_flags(
    w: &Worker,
    rq: &mut Request,
    rules: &[CookieFlags],
    attrs: &mut Vec<Attr<'_>>,
) -> bool {
    let name = attrs[0].key.as_deref().unwrap_or_default().to_vec();
    let rule = rules.iter().find(|rule| match &rule.cookie {
        CookieMatch::Regex { regex, .. } => regex_matches(rq, regex, true, &name),
        CookieMatch::Text(t) => eval(w, rq, t).eq_ignore_ascii_case(&name),
    });
    let Some(rule) = rule else {
        return false;
    };
    let mut flags = 0;
    for t in &rule.flags {
        let v = eval(w, rq, t);
        // (unknown flags are ignored: nginx says so at debug level only)
        if let Some((_, bit)) = FLAGS
            .iter()
            .find(|(f, _)| f.as_bytes().eq_ignore_ascii_case(&v))
        {
            flags |= bit;
        }
    }
    if flags == 0 {
        return false;
    }
    edit_flags(attrs, flags);
    true
}

fn eval<'t>(w: &Worker, rq: &Request, t: &'t Template) -> Cow<'t, [u8]> {
    match &t.parts[..] {
        [] => Cow::Borrowed(b""),
        [crate::plan::TemplatePart::Lit(l)] => Cow::Borrowed(l.as_bytes()),
        _ => Cow::Owned(crate::var::eval(w, rq, t).into()),
    }
}

/// ngx_http_proxy_edit_cookie_flags: a flag asked for and already there is kept (a SameSite
/// of another value rewritten), one refused is dropped, the missing ones are appended.
fn edit_flags(attrs: &mut Vec<Attr<'_>>, mut flags: u32) {
    let value = |v: &'static [u8]| Some(Cow::Borrowed(v));
    for a in attrs.iter_mut().skip(1) {
        let Some(key) = a.key.as_deref() else {
            continue;
        };
        if key.eq_ignore_ascii_case(b"secure") {
            if flags & SECURE_ON != 0 {
                flags &= !SECURE_ON;
            } else if flags & SECURE_OFF != 0 {
                a.key = None;
            }
        } else if key.eq_ignore_ascii_case(b"httponly") {
            if flags & HTTPONLY_ON != 0 {
                flags &= !HTTPONLY_ON;
            } else if flags & HTTPONLY_OFF != 0 {
                a.key = None;
            }
        } else if key.eq_ignore_ascii_case(b"samesite") {
            let has = |want: &[u8]| {
                a.value
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case(want))
            };
            let set = [
                (SAMESITE_STRICT, &b"strict"[..], &b"Strict"[..]),
                (SAMESITE_LAX, &b"lax"[..], &b"Lax"[..]),
                (SAMESITE_NONE, &b"none"[..], &b"None"[..]),
            ]
            .into_iter()
            .find(|(bit, _, _)| flags & bit != 0);
            match set {
                Some((bit, lower, proper)) => {
                    flags &= !bit;
                    if !has(lower) {
                        a.key = value(b"SameSite");
                        a.value = value(proper);
                    }
                }
                None if flags & SAMESITE_OFF != 0 => a.key = None,
                None => {}
            }
        }
    }
    let mut push = |key: &'static [u8], v: Option<&'static [u8]>| {
        attrs.push(Attr {
            key: value(key),
            value: v.map(Cow::Borrowed),
            value_at: 0,
        })
    };
    if flags & SECURE_ON != 0 {
        push(b"Secure", None);
    }
    if flags & HTTPONLY_ON != 0 {
        push(b"HttpOnly", None);
    }
    if flags & SAMESITE_STRICT != 0 {
        push(b"SameSite", Some(b"Strict"));
    } else if flags & SAMESITE_LAX != 0 {
        push(b"SameSite", Some(b"Lax"));
    } else if flags & SAMESITE_NONE != 0 {
        push(b"SameSite", Some(b"None"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> Vec<(String, Option<String>)> {
        parse(line.as_bytes())
            .iter()
            .map(|a| {
                let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                (
                    s(a.key.as_deref().unwrap_or_default()),
                    a.value.as_deref().map(s),
                )
            })
            .collect()
    }

    #[test]
    fn parses_as_nginx() {
        let v = |s: &str| Some(s.to_string());
        assert_eq!(
            parts(" a = 1 ;Domain= x ;;Secure;"),
            [
                ("a".into(), v("1")),
                ("Domain".into(), v("x")),
                ("".into(), None),
                ("Secure".into(), None),
                ("".into(), None),
            ]
        );
        assert_eq!(parts("novalue"), [("novalue".into(), None)]);
        assert_eq!(parts("a=\tb"), [("a".into(), v("\tb"))]);
    }

    #[test]
    fn splices_in_place_as_nginx() {
        let line = b"a=1; Path=/long/prefix/end; Secure";
        let at = 10;
        let value = &line[at..at + 16];
        let mut up = None;
        let new = splice(line, value, at, (0, 12), b"/s", &mut up);
        assert_eq!(new, b"/s/end");
        assert_eq!(
            up.as_deref().map(|u| &u[..line.len()]),
            Some(&b"a=1; Path=/s/end;refix/end; Secure"[..])
        );
        // A longer replacement, or the whole value, leaves the upstream's header alone.
        let mut up = None;
        splice(line, value, at, (0, 5), b"/longer", &mut up);
        splice(line, value, at, (0, 16), b"/", &mut up);
        assert!(up.is_none());
    }

    #[test]
    fn rules_survive_the_embedded_plan() {
        let pc = ProxyConf {
            cookie_domains: vec![CookieRewrite {
                pattern: CookieMatch::Regex {
                    regex: "^(.+)\\.internal$".into(),
                    caseless: true,
                },
                replacement: Template::parse("$1.example"),
            }],
            cookie_paths: vec![CookieRewrite {
                pattern: CookieMatch::Text(Template::parse("/$arg_app/")),
                replacement: Template::parse("/"),
            }],
            cookie_flags: vec![CookieFlags {
                cookie: CookieMatch::Text(Template::parse("sid")),
                flags: vec![Template::parse("secure"), Template::parse("$arg_f")],
            }],
            ..ProxyConf::default()
        };
        let json = serde_json::to_string(&pc).unwrap_or_default();
        let back: Option<ProxyConf> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(pc));
        // Without rules nothing is written: plans of other configs stay as they were.
        let json = serde_json::to_string(&ProxyConf::default()).unwrap_or_default();
        assert!(!json.contains("cookie"));
    }
}
