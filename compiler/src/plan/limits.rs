//! The arguments of ngx_http_limit_req_module's and ngx_http_limit_conn_module's directives,
//! parsed as their handlers parse them (`ngx_http_limit_req_zone`, `ngx_http_limit_req`,
//! `ngx_http_limit_conn_zone`, `ngx_http_limit_conn`). The checker reports the errors, the
//! lowerer takes the values: one parser for both, so the two never disagree.

use crate::conf::ast::{Arg, Directive, Span};

/// A mistake, in nginx's words, and the argument it is about (None: the directive).
pub type ArgError = (String, Option<Span>);

/// `limit_req_zone KEY zone=NAME:SIZE rate=RATE` / `limit_conn_zone KEY zone=NAME:SIZE`.
pub struct ZoneArgs<'a> {
    pub name: &'a str,
    pub size: u64,
    /// Milli-requests per second (1 r/s unless given; 0 for limit_conn_zone, which has none).
    pub rate: u64,
}

/// nginx's `ngx_atoi`: digits only, at least one, no overflow.
fn atoi(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().filter(|n| *n <= i64::MAX as u64)
}

pub fn zone_args<'a>(d: &'a Directive) -> Result<ZoneArgs<'a>, ArgError> {
    let with_rate = d.name == "limit_req_zone";
    let mut z = ZoneArgs {
        name: "",
        size: 0,
        rate: if with_rate { 1000 } else { 0 },
    };
    let bad = |msg: String, a: &Arg| Err((msg, Some(a.span)));
    for a in d.args.iter().skip(1) {
        let v = a.value.as_str();
        if let Some(rest) = v.strip_prefix("zone=") {
            let Some((name, size)) = rest.split_once(':') else {
                return bad(format!("invalid zone size \"{v}\""), a);
            };
            let Some(size) = crate::conf::parse_size(size) else {
                return bad(format!("invalid zone size \"{v}\""), a);
            };
            // At least 8 pages.
            if size < 8 * 4096 {
                return bad(format!("zone \"{v}\" is too small"), a);
            }
            z.name = name;
            z.size = size;
            continue;
        }
        if let Some(rest) = v.strip_prefix("rate=").filter(|_| with_rate) {
            // A rate without unit is per second.
            let (n, scale) = match (rest.strip_suffix("r/s"), rest.strip_suffix("r/m")) {
                (Some(n), _) => (n, 1),
                (_, Some(n)) => (n, 60),
                _ => (rest, 1),
            };
            match atoi(n).filter(|n| *n > 0) {
                Some(n) => z.rate = n.saturating_mul(1000) / scale,
                None => return bad(format!("invalid rate \"{v}\""), a),
            }
            continue;
        }
        return bad(format!("invalid parameter \"{v}\""), a);
    }
    if z.name.is_empty() {
        return Err((
            format!("\"{}\" must have \"zone\" parameter", d.name),
            Some(d.name_span),
        ));
    }
    Ok(z)
}

/// `limit_req zone=NAME [burst=N] [nodelay | delay=N]`, burst and delay in milli-requests.
pub struct LimitReqArgs<'a> {
    pub zone: &'a str,
    pub zone_span: Span,
    pub burst: u64,
    pub delay: u64,
}

pub fn limit_req_args(d: &Directive) -> Result<LimitReqArgs<'_>, ArgError> {
    let mut zone: Option<(&str, Span)> = None;
    let (mut burst, mut delay) = (0, 0);
    for a in &d.args {
        let v = a.value.as_str();
        if let Some(name) = v.strip_prefix("zone=") {
            zone = Some((name, a.span));
        } else if let Some(n) = v.strip_prefix("burst=") {
            match atoi(n).filter(|n| *n > 0) {
                Some(n) => burst = n,
                None => return Err((format!("invalid burst value \"{v}\""), Some(a.span))),
            }
        } else if let Some(n) = v.strip_prefix("delay=") {
            match atoi(n).filter(|n| *n > 0) {
                Some(n) => delay = n,
                None => return Err((format!("invalid delay value \"{v}\""), Some(a.span))),
            }
        } else if v == "nodelay" {
            // NGX_MAX_INT_T_VALUE / 1000
            delay = i64::MAX as u64 / 1000;
        } else {
            return Err((format!("invalid parameter \"{v}\""), Some(a.span)));
        }
    }
    let Some((zone, zone_span)) = zone else {
        return Err((
            "\"limit_req\" must have \"zone\" parameter".into(),
            Some(d.name_span),
        ));
    };
    Ok(LimitReqArgs {
        zone,
        zone_span,
        burst: burst.saturating_mul(1000),
        delay: delay.saturating_mul(1000),
    })
}

/// The number of `limit_conn NAME N`.
pub fn limit_conn_number(a: &Arg) -> Result<u32, ArgError> {
    match atoi(&a.value).filter(|n| *n > 0) {
        None => Err((
            format!("invalid number of connections \"{}\"", a.value),
            Some(a.span),
        )),
        Some(n) if n > 65535 => Err(("connection limit must be less 65536".into(), Some(a.span))),
        Some(n) => Ok(n as u32),
    }
}
