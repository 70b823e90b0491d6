//! nginx's rewrite module at run time: `rewrite`, `if` conditions, redirect URLs.
//! (`ngx_http_rewrite_module.c`, `ngx_http_script.c`.)

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::IpAddr;
use std::rc::Rc;

use bstr::{BString, ByteSlice};

use crate::http::Builtin;
use crate::plan::{Condition, FileTest, RewriteFlag, Template};
use crate::request::{ReqRef, Request};
use crate::route::{self, Compiled};
use crate::worker::Worker;

thread_local! {
    static REGEXES: RefCell<HashMap<(String, bool), Rc<Compiled>>> = RefCell::new(HashMap::new());
}

/// A configuration regex, compiled once per worker.
pub fn regex(pattern: &str, caseless: bool) -> Result<Rc<Compiled>, String> {
    let key = (pattern.to_string(), caseless);
    if let Some(c) = REGEXES.with(|m| m.borrow().get(&key).cloned()) {
        return Ok(c);
    }
    let c = Rc::new(route::compile(pattern, caseless)?);
    REGEXES.with(|m| m.borrow_mut().insert(key, c.clone()));
    Ok(c)
}

pub enum Applied {
    NoMatch,
    /// The URI (and maybe args) changed.
    Changed,
    /// A redirect response was prepared (Location set): finalize with this status.
    Redirect(u16),
}

/// `rewrite regex replacement [flag]` against `$uri`.
pub fn apply(
    w: &Worker,
    r: &ReqRef,
    pattern: &str,
    replacement: &Template,
    flag: RewriteFlag,
) -> Result<Applied, String> {
    let re = regex(pattern, false)?;
    let uri = r.borrow().uri.clone();
    let Some(caps) = route::captures_of(&re, &uri)? else {
        return Ok(Applied::NoMatch);
    };
    r.borrow_mut().captures = Some(caps);
    let value = crate::var::eval(w, &r.borrow(), replacement);
    let is_url = value.starts_with(b"http://")
        || value.starts_with(b"https://")
        || value.starts_with(b"$scheme");
    let mut rq = r.borrow_mut();
    // a rewrite that matched makes the request internal, whatever its flag (nginx's
    // ngx_http_script_regex_start_code): ngx.req.is_internal(), `internal` locations
    rq.internal = true;
    if is_url || matches!(flag, RewriteFlag::Redirect | RewriteFlag::Permanent) {
        let code = if flag == RewriteFlag::Permanent {
            301
        } else {
            302
        };
        // Arguments are appended unless the replacement ends with '?'.
        let mut loc = value.clone();
        if let Some(stripped) = loc.strip_suffix(b"?") {
            loc = stripped.into();
        } else if !rq.args.is_empty() {
            let sep = if loc.contains(&b'?') { b'&' } else { b'?' };
            loc.push(sep);
            loc.extend_from_slice(&rq.args);
        }
        if is_url {
            (rq.headers_out).set_builtin(Builtin::Location, |h| h.location = Some(loc));
        } else {
            set_location(w, &mut rq, loc);
        }
        return Ok(Applied::Redirect(code));
    }
    let (value, drop_old) = match value.strip_suffix(b"?") {
        Some(v) => (BString::from(v), true),
        None => (value, false),
    };
    let (path, new_args) = match value.find_byte(b'?') {
        Some(i) => (value[..i].into(), Some(BString::from(&value[i + 1..]))),
        None => (value, None),
    };
    rq.uri = path;
    rq.uri_changed = true;
    if flag == RewriteFlag::Break {
        rq.location_uri_changed = true;
    }
    match (new_args, drop_old) {
        (Some(mut a), false) if !rq.args.is_empty() => {
            a.push(b'&');
            a.extend_from_slice(&rq.args);
            rq.args = a;
        }
        (Some(a), _) => rq.args = a,
        (None, true) => rq.args.clear(),
        (None, false) => {}
    }
    Ok(Applied::Changed)
}

/// Evaluate an `if` condition; regex matches set `$1..$9`.
pub fn condition(w: &Worker, r: &ReqRef, c: &Condition) -> Result<bool, String> {
    match c {
        Condition::Truthy(t) => {
            let v = crate::var::eval(w, &r.borrow(), t);
            Ok(!(v.is_empty() || v == "0"))
        }
        Condition::Eq {
            left,
            right,
            negate,
        } => {
            let rq = r.borrow();
            let eq = crate::var::eval(w, &rq, left) == crate::var::eval(w, &rq, right);
            Ok(eq != *negate)
        }
        Condition::Match {
            left,
            regex: pattern,
            caseless,
            negate,
        } => {
            let re = regex(pattern, *caseless)?;
            let subject = crate::var::eval(w, &r.borrow(), left);
            let caps = route::captures_of(&re, &subject)?;
            let hit = caps.is_some();
            if let Some(c) = caps {
                if !*negate {
                    r.borrow_mut().captures = Some(c);
                }
            }
            Ok(hit != *negate)
        }
        Condition::File { test, path, negate } => {
            let p = crate::var::eval_text(w, &r.borrow(), path);
            let md = std::fs::metadata(&p);
            let hit = match test {
                FileTest::File => md.map(|m| m.is_file()).unwrap_or(false),
                FileTest::Dir => md.map(|m| m.is_dir()).unwrap_or(false),
                FileTest::Exists => md.is_ok(),
                FileTest::Exec => {
                    use std::os::unix::fs::PermissionsExt;
                    md.map(|m| m.permissions().mode() & 0o111 != 0)
                        .unwrap_or(false)
                }
            };
            Ok(hit != *negate)
        }
    }
}

/// nginx makes relative redirect targets absolute (absolute_redirect on, server_name_in_redirect
/// off, port_in_redirect on): the scheme, Host (or the server name), `:port` unless the scheme's
/// default.
pub fn absolute_location(w: &Worker, r: &Request, target: &[u8]) -> BString {
    // nginx does this in its header filter, which subrequests do not pass through: a capture
    // sees the Location as it was set.
    let c = crate::output::conf(w, r);
    if !target.starts_with(b"/") || r.subrequest > 0 || !c.absolute_redirect {
        return target.into();
    }
    // The server's name, else the Host the client sent, else the address it connected to.
    let host: BString = if c.server_name_in_redirect {
        crate::var::server_name(w, r.server).into()
    } else if !r.host.is_empty() {
        r.host.clone()
    } else {
        r.conn.local.ip().to_string().into()
    };
    let port = r.conn.local.port();
    let (scheme, default_port) = match r.conn.tls {
        Some(_) => ("https", 443),
        None => ("http", 80),
    };
    let mut out = BString::from(format!("{scheme}://"));
    out.extend_from_slice(&host);
    if c.port_in_redirect && port != default_port && r.conn.unix.is_none() {
        out.extend_from_slice(format!(":{port}").as_bytes());
    }
    out.extend_from_slice(target);
    out
}

/// Set `headers_out.location` to a redirect target as nginx keeps it: an entry of the header
/// list, as given until the head is written, absolute in the head (see
/// `ResponseHeaders::location_abs`).
pub fn set_location(w: &Worker, r: &mut Request, target: BString) {
    let abs = absolute_location(w, r, &target);
    r.headers_out.location_abs = (abs != target).then(|| (target.clone(), abs));
    (r.headers_out).set_builtin(Builtin::Location, |h| h.location = Some(target));
}

/// The head's Location: a relative redirect target made absolute, as ngx_http_header_filter does
/// (which then writes it in its fixed place, not the list's).
pub fn absolutize_location(h: &mut crate::http::ResponseHeaders) {
    if let Some((raw, abs)) = h.location_abs.take() {
        if h.location.as_ref() == Some(&raw) {
            h.location = Some(abs);
            h.unlist(Builtin::Location);
        }
    }
}

/// Whether `ip` is in `net` (`1.2.3.4`, `10.0.0.0/8`, `::1`, `unix:`).
pub fn ip_in(ip: IpAddr, net: &str) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    let (addr, bits) = match net.split_once('/') {
        Some((a, b)) => (a, b.parse::<u32>().ok()),
        None => (net, None),
    };
    let Ok(base) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (ip, base) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}
