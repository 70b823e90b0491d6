//! `map` variables at run time (`ngx_http_map_module.c`, `ngx_http_map_find`): exact keys
//! (case-insensitive), then with `hostnames` the longest `*.`/`.` wildcard, then `.*` suffix
//! wildcards, then the regexes in config order (their captures usable in the value), then
//! `default` (an empty value without one).

use bstr::{BString, ByteSlice};

use crate::plan::{MapVar, Template, TemplatePart};
use crate::request::Request;
use crate::route::Captures;
use crate::worker::Worker;

thread_local! {
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The value of `$NAME` for `m`. A map whose source needs its own value (directly or through
/// other maps) is empty, with nginx's `cycle while evaluating variable` in the error log.
/// Bytes: the source is matched as it is (`$uri` with `%E9` has 0xE9), values may hold captures.
pub fn value(w: &Worker, r: &Request, m: &MapVar) -> BString {
    let depth = DEPTH.with(|d| d.replace(d.get() + 1));
    let v = if depth > 32 {
        crate::log::write(
            crate::plan::LogLevel::Error,
            &format!("cycle while evaluating variable \"{}\"", m.name),
            None,
        );
        BString::default()
    } else {
        lookup(w, r, m)
    };
    DEPTH.with(|d| d.set(depth));
    v
}

fn lookup(w: &Worker, r: &Request, m: &MapVar) -> BString {
    let mut key = crate::var::eval(w, r, &m.source);
    if m.hostnames && key.ends_with(b".") {
        key.pop();
    }
    let lower = key.to_ascii_lowercase();
    if let Some((_, v)) = m.exact.iter().find(|(k, _)| k.as_bytes() == lower) {
        return crate::var::eval(w, r, v);
    }
    if m.hostnames {
        if let Some(v) = wildcard(&m.wildcards, &lower.to_str_lossy()) {
            return crate::var::eval(w, r, v);
        }
    }
    for (pattern, caseless, v) in &m.regexes {
        let Ok(re) = crate::rewrite::regex(pattern, *caseless) else {
            continue;
        };
        if let Ok(Some(caps)) = crate::route::captures_of(&re, &key) {
            return eval_with(w, r, v, &caps);
        }
    }
    m.default
        .as_ref()
        .map(|v| crate::var::eval(w, r, v))
        .unwrap_or_default()
}

/// The longest matching `*.example.com` / `.example.com` key (the latter matches example.com
/// too), else the longest matching `www.example.*`.
fn wildcard<'a>(keys: &'a [(String, Template)], host: &str) -> Option<&'a Template> {
    let longest = |hit: &dyn Fn(&str) -> bool| {
        keys.iter()
            .filter(|(k, _)| hit(k))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, v)| v)
    };
    longest(&|k: &str| match k.strip_prefix('*') {
        Some(suffix) => suffix.starts_with('.') && host.ends_with(suffix),
        None => k.starts_with('.') && (host.ends_with(k) || host == &k[1..]),
    })
    .or_else(|| {
        longest(&|k: &str| {
            k.strip_suffix('*')
                .is_some_and(|prefix| prefix.ends_with('.') && host.starts_with(prefix))
        })
    })
}

/// A value template where `$1`… and named groups are the map regex's captures.
fn eval_with(w: &Worker, r: &Request, t: &Template, caps: &Captures) -> BString {
    let mut s = BString::default();
    for p in &t.parts {
        match p {
            TemplatePart::Lit(l) => s.extend_from_slice(l.as_bytes()),
            TemplatePart::Var(v) => {
                let own = match v.parse::<usize>() {
                    Ok(n) => Some(caps.get(n).unwrap_or(b"")),
                    Err(_) => caps.named(v),
                };
                match own {
                    Some(c) => s.extend_from_slice(c),
                    None => s.extend_from_slice(&crate::var::get(w, r, v).unwrap_or_default()),
                }
            }
        }
    }
    s
}
