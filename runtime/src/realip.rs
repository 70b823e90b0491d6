//! `set_real_ip_from` / `real_ip_header` / `real_ip_recursive` (`ngx_http_realip_module.c`,
//! `ngx_http_get_forwarded_addr`): when the client is a trusted proxy, the client address of the
//! request becomes the one the proxy passed in a header. Applied once per request, in the
//! post-read phase with the server's configuration, else in preaccess with the location's.

use std::net::{IpAddr, SocketAddr};
use std::rc::Rc;

use crate::output::conf;
use crate::request::ReqRef;
use crate::worker::Worker;

pub fn apply(w: &Rc<Worker>, r: &ReqRef) {
    let new = {
        let rq = r.borrow();
        let c = &conf(w, &rq).real_ip;
        if c.from.is_empty() || rq.realip_from.is_some() {
            return;
        }
        let trusted = |a: &SocketAddr| match rq.conn.is_unix_peer(a) {
            true => c.from.iter().any(|n| n == "unix:"),
            false => c.from.iter().any(|n| crate::rewrite::ip_in(a.ip(), n)),
        };
        // X-Forwarded-For: every such header, the last first; another header: its first one.
        let values: Vec<&str> = if c.header.eq_ignore_ascii_case("x-forwarded-for") {
            rq.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(&c.header))
                .filter_map(|(_, v)| std::str::from_utf8(v).ok())
                .collect()
        } else {
            rq.header_str(&c.header).into_iter().collect()
        };
        if values.is_empty() {
            return;
        }
        match forwarded_addr(rq.conn.remote, &values, &trusted, c.recursive) {
            Some(a) => a,
            None => return,
        }
    };
    let mut rq = r.borrow_mut();
    rq.realip_from = Some(rq.conn.remote);
    rq.conn.remote = new;
}

/// `ngx_http_get_forwarded_addr` over the header values (the last one first): None when the
/// address is left as it is.
pub(crate) fn forwarded_addr(
    client: SocketAddr,
    values: &[&str],
    trusted: &dyn Fn(&SocketAddr) -> bool,
    recursive: bool,
) -> Option<SocketAddr> {
    let mut addr = client;
    let mut found = false;
    let mut result = Found::Declined;
    for v in values.iter().rev() {
        result = from_list(&mut addr, v.as_bytes(), trusted, recursive);
        if !recursive {
            break;
        }
        if result == Found::Declined && found {
            result = Found::Done;
            break;
        }
        if result != Found::Ok {
            break;
        }
        found = true;
    }
    (result != Found::Declined).then_some(addr)
}

#[derive(PartialEq, Clone, Copy)]
enum Found {
    Ok,
    /// Stopped at an address that is not trusted (it is the client).
    Done,
    Declined,
}

/// `ngx_http_get_forwarded_addr_internal`: the last address of the list, then (recursive) the
/// one before it while the current one is trusted.
fn from_list(
    addr: &mut SocketAddr,
    list: &[u8],
    trusted: &dyn Fn(&SocketAddr) -> bool,
    recursive: bool,
) -> Found {
    if list.is_empty() || !trusted(addr) {
        return Found::Declined;
    }
    let sep = |b: u8| b == b' ' || b == b',';
    let mut end = list.len();
    let mut p = end - 1;
    while p > 0 && sep(list[p]) {
        p -= 1;
        end -= 1;
    }
    while p > 0 {
        if sep(list[p]) {
            p += 1;
            break;
        }
        p -= 1;
    }
    let Some(a) = parse_addr_port(&list[p..end]) else {
        return Found::Declined;
    };
    *addr = a;
    if recursive && p > 0 {
        return match from_list(addr, &list[..p - 1], trusted, true) {
            Found::Declined => Found::Done,
            r => r,
        };
    }
    Found::Ok
}

/// `ngx_parse_addr_port`: `1.2.3.4`, `1.2.3.4:80`, `::1`, `[::1]`, `[::1]:80` (port 0 if none).
fn parse_addr_port(b: &[u8]) -> Option<SocketAddr> {
    let s = std::str::from_utf8(b).ok()?;
    let port = |p: &str| p.parse::<u16>().ok().filter(|p| *p > 0);
    if let Some(rest) = s.strip_prefix('[') {
        let (ip, tail) = rest.split_once(']')?;
        let ip: IpAddr = ip.parse().ok()?;
        return match tail {
            "" => Some(SocketAddr::new(ip, 0)),
            t => Some(SocketAddr::new(ip, port(t.strip_prefix(':')?)?)),
        };
    }
    match s.split_once(':') {
        Some((ip, p)) if !p.contains(':') => Some(SocketAddr::new(ip.parse().ok()?, port(p)?)),
        _ => Some(SocketAddr::new(s.parse().ok()?, 0)),
    }
}
