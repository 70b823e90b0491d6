//! The arguments of the proxy cache directives, parsed as nginx's handlers parse them
//! (`ngx_http_file_cache_set_slot`, `ngx_http_file_cache_valid_set_slot`, the bitmask slots
//! of `proxy_cache_use_stale` and `proxy_cache_methods`). The checker reports the errors, the
//! lowerer takes the values.

use super::limits::ArgError;
use crate::conf::ast::Directive;
use crate::conf::check::{parse_size, parse_time};

/// `proxy_cache_path PATH [levels=L] keys_zone=NAME:SIZE [inactive=T] [max_size=N] ...`.
pub struct CachePathArgs<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub size: u64,
    pub levels: Vec<u8>,
    pub inactive_s: u64,
    pub max_size: u64,
}

pub fn cache_path_args(d: &Directive) -> Result<CachePathArgs<'_>, ArgError> {
    let mut z = CachePathArgs {
        path: d.args.first().map_or("", |a| a.value.as_str()),
        name: "",
        size: 0,
        levels: vec![],
        inactive_s: 600,
        max_size: 0,
    };
    for a in d.args.iter().skip(1) {
        let v = a.value.as_str();
        let bad = |msg: String| Err((msg, Some(a.span)));
        if let Some(l) = v.strip_prefix("levels=") {
            let levels: Vec<&str> = l.split(':').collect();
            if levels.len() > 3 || levels.iter().any(|n| !matches!(*n, "1" | "2")) {
                return bad(format!("invalid \"levels\" \"{v}\""));
            }
            z.levels = levels.iter().map(|n| n.parse().unwrap_or(1)).collect();
        } else if let Some(rest) = v.strip_prefix("keys_zone=") {
            let Some((name, size)) = rest.split_once(':').filter(|(n, _)| !n.is_empty()) else {
                return bad(format!("invalid keys zone size \"{v}\""));
            };
            let Some(size) = parse_size(size) else {
                return bad(format!("invalid keys zone size \"{v}\""));
            };
            if size < 2 * 4096 {
                return bad(format!("keys zone \"{v}\" is too small"));
            }
            z.name = name;
            z.size = size;
        } else if let Some(t) = v.strip_prefix("inactive=") {
            match parse_time(t) {
                Some(ms) => z.inactive_s = ms / 1000,
                None => return bad(format!("invalid inactive value \"{v}\"")),
            }
        } else if let Some(n) = v.strip_prefix("max_size=") {
            match parse_size(n) {
                Some(n) => z.max_size = n,
                None => return bad(format!("invalid max_size value \"{v}\"")),
            }
        } else if let Some(n) = v.strip_prefix("min_free=") {
            if parse_size(n).is_none() {
                return bad(format!("invalid min_free value \"{v}\""));
            }
        } else if let Some(f) = v.strip_prefix("use_temp_path=") {
            if f != "on" && f != "off" {
                return bad(format!(
                    "invalid use_temp_path value \"{v}\", it must be \"on\" or \"off\""
                ));
            }
        } else if let Some((what, n)) = ["loader_files=", "manager_files="]
            .iter()
            .find_map(|p| v.strip_prefix(p).map(|n| (&p[..p.len() - 1], n)))
        {
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return bad(format!("invalid {what} value \"{v}\""));
            }
        } else if let Some((what, t)) = [
            "loader_sleep=",
            "loader_threshold=",
            "manager_sleep=",
            "manager_threshold=",
        ]
        .iter()
        .find_map(|p| v.strip_prefix(p).map(|t| (&p[..p.len() - 1], t)))
        {
            if parse_time(t).is_none() {
                return bad(format!("invalid {what} value \"{v}\""));
            }
        } else {
            return bad(format!("invalid parameter \"{v}\""));
        }
    }
    if z.name.is_empty() {
        return Err((
            "\"proxy_cache_path\" must have \"keys_zone\" parameter".into(),
            Some(d.name_span),
        ));
    }
    Ok(z)
}

/// `proxy_cache_valid [code ...|any] time`: the statuses (empty: any) and seconds.
pub fn cache_valid_args(d: &Directive) -> Result<(Vec<u16>, u64), ArgError> {
    let Some((last, codes)) = d.args.split_last() else {
        return Err(("invalid number of arguments".into(), Some(d.name_span)));
    };
    let Some(ms) = parse_time(&last.value) else {
        return Err((
            format!("invalid time value \"{}\"", last.value),
            Some(last.span),
        ));
    };
    let mut out = vec![];
    if codes.is_empty() {
        out = vec![200, 301, 302];
    }
    for a in codes {
        if a.value == "any" {
            return Ok((vec![], ms / 1000));
        }
        match a
            .value
            .parse::<u16>()
            .ok()
            .filter(|n| (100..=599).contains(n))
        {
            Some(n) if a.value.bytes().all(|b| b.is_ascii_digit()) => out.push(n),
            _ => return Err((format!("invalid status \"{}\"", a.value), Some(a.span))),
        }
    }
    Ok((out, ms / 1000))
}

const USE_STALE: [&str; 12] = [
    "error",
    "timeout",
    "invalid_header",
    "updating",
    "http_500",
    "http_502",
    "http_503",
    "http_504",
    "http_403",
    "http_404",
    "http_429",
    "off",
];

/// `proxy_cache_use_stale` and `proxy_cache_methods` (ngx_conf_set_bitmask_slot).
pub fn bitmask_args(d: &Directive) -> Result<Vec<String>, ArgError> {
    let known: &[&str] = if d.name == "proxy_cache_methods" {
        &["GET", "HEAD", "POST"]
    } else {
        &USE_STALE
    };
    let mut out = vec![];
    for a in &d.args {
        if !known.contains(&a.value.as_str()) {
            return Err((format!("invalid value \"{}\"", a.value), Some(a.span)));
        }
        out.push(a.value.clone());
    }
    Ok(out)
}
