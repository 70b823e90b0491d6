//! nginx variables, computed on demand from the request (`ngx_http_variables.c`).
//!
//! Only the variables a request actually reads are computed; `set` variables live in the request.

use std::net::SocketAddr;

use bstr::{BString, ByteSlice};

use crate::plan::Template;
use crate::plan::TemplatePart;
use crate::request::Request;
use crate::worker::Worker;

/// The value of `$name` for this request; None when nginx would call it not found / not set.
/// Bytes: what came from the client (URI, arguments, headers, body), captures of it, and what
/// Lua stored are passed through as they are, UTF-8 or not, as nginx does.
pub fn get(w: &Worker, r: &Request, name: &str) -> Option<BString> {
    if let Some(v) = r.vars.get(name) {
        return Some(v.clone());
    }
    if let Some(m) = w.plan.http.maps.iter().find(|m| m.name == name) {
        return Some(crate::map::value(w, r, m));
    }
    // Regex captures: `$1`..`$9`, then named captures of the last regex that matched.
    if let Ok(n) = name.parse::<usize>() {
        return r
            .captures
            .as_ref()
            .and_then(|c| c.get(n))
            .map(BString::from)
            .or(Some(BString::default()));
    }
    if let Some(c) = &r.captures {
        if let Some(v) = c.named(name) {
            return Some(v.into());
        }
    }
    if let Some(c) = &r.server_captures {
        if let Some(v) = c.named(name) {
            return Some(v.into());
        }
    }
    if let Some(arg) = name.strip_prefix("arg_") {
        return arg_value(&r.args, arg).map(BString::from);
    }
    if let Some(h) = name.strip_prefix("http_") {
        return request_header(r, h);
    }
    if let Some(c) = name.strip_prefix("cookie_") {
        return cookie(r, c).map(BString::from);
    }
    if let Some(h) = name.strip_prefix("sent_http_") {
        return sent_header(r, h);
    }
    if let Some(h) = name.strip_prefix("upstream_http_") {
        return r.upstream.as_ref()?.header(h);
    }
    if name == "proxy_add_x_forwarded_for" {
        let mut v: Vec<&[u8]> = r
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("x-forwarded-for"))
            .map(|(_, v)| v.as_slice())
            .collect();
        let addr = r.conn.client_text();
        v.push(addr.as_bytes());
        return Some(v.join(&b", "[..]).into());
    }
    Some(match name {
        "uri" | "document_uri" | "echo_request_uri" => r.uri.clone(),
        "request_uri" => r.request_uri.clone(),
        "args" | "query_string" => {
            if r.args.is_empty() && !r.args_set_empty {
                return None;
            }
            r.args.clone()
        }
        "request" => r.request_line.clone(),
        "host" if !r.host.is_empty() => r.host.clone(),
        "host" => server_name(w, r.server).into(),
        // r->main->method_name: a subrequest shows its main request's method.
        "request_method" if r.subrequest > 0 => r
            .request_line
            .split_str(" ")
            .next()
            .unwrap_or_default()
            .into(),
        "echo_client_request_method" => r
            .request_line
            .split_str(" ")
            .next()
            .unwrap_or_default()
            .into(),
        "binary_remote_addr" => match r.conn.remote.ip() {
            _ if r.conn.is_unix_peer(&r.conn.remote) => "unix:".into(),
            std::net::IpAddr::V4(a) => a.octets().to_vec().into(),
            std::net::IpAddr::V6(a) => a.octets().to_vec().into(),
        },
        "content_type" => return r.header("content-type").map(BString::from),
        "request_body" | "echo_request_body" => {
            return r
                .body
                .as_ref()
                .filter(|_| r.body_read && r.body_file.is_none())
                .map(|b| BString::from(b.as_slice()));
        }
        _ => {
            return text(w, r, name)
                .map(BString::from)
                .or_else(|| uninitialized(w, r, name));
        }
    })
}

/// A variable the configuration creates (`set`, `map`, …) that this request has not assigned
/// reads as "", with nginx's warning (ngx_http_rewrite_var); one Lua assigned nil reads as
/// not found. Any other unknown name is not found.
fn uninitialized(w: &Worker, r: &Request, name: &str) -> Option<BString> {
    let declared = w
        .plan
        .http
        .variables
        .binary_search_by(|v| v.as_str().cmp(name))
        .is_ok();
    if !declared || r.vars_unset.iter().any(|n| n == name) {
        return None;
    }
    let first = {
        let mut read = r.vars_read_unset.borrow_mut();
        let first = !read.iter().any(|n| n == name);
        if first {
            read.push(name.to_string());
        }
        first
    };
    if first && crate::output::conf(w, r).uninitialized_variable_warn {
        let msg = format!("using uninitialized \"{name}\" variable");
        crate::engine::log_rq(w, r, crate::plan::LogLevel::Warn, &msg);
    }
    Some(BString::default())
}

/// The variables whose values nginx makes as text (numbers, addresses, names, times, the
/// configuration's own strings).
fn text(w: &Worker, r: &Request, name: &str) -> Option<String> {
    if let Some(g) = w.plan.http.geos.iter().find(|g| g.name == name) {
        return Some(crate::geo::value(w, r, g));
    }
    if let Some(s) = w.plan.http.split_clients.iter().find(|s| s.name == name) {
        return Some(crate::geo::split(w, r, s));
    }
    if name.starts_with("upstream_")
        || name.starts_with("proxy_host")
        || name.starts_with("proxy_port")
        || name == "proxy_internal_body_length"
    {
        return r.upstream.as_ref().and_then(|u| u.var(name));
    }
    Some(match name {
        "is_args" => {
            if r.args.is_empty() {
                String::new()
            } else {
                "?".into()
            }
        }
        "request_method" => r.method.clone(),
        // The echo module's variables (ngx_http_echo_var.c).
        "echo_request_method" => r.method.clone(),
        "server_protocol" => r.version.as_str().to_string(),
        "scheme" => if r.conn.tls.is_some() {
            "https"
        } else {
            "http"
        }
        .into(),
        "https" => if r.conn.tls.is_some() { "on" } else { "" }.into(),
        "ssl_protocol" => r.conn.tls.as_ref()?.protocol.into(),
        "ssl_cipher" => r.conn.tls.as_ref()?.cipher.into(),
        "ssl_server_name" => r.conn.tls.as_ref()?.server_name.clone()?,
        "ssl_session_reused" => if r.conn.tls.as_ref()?.reused {
            "r"
        } else {
            "."
        }
        .into(),
        "ssl_client_verify" => match &r.conn.tls.as_ref()?.client {
            Some(c) => c.var("verify")?,
            None => "NONE".into(),
        },
        // (nil from Lua without a client certificate; empty in the config)
        n if CLIENT_CERT_VARS.contains(&n) => {
            let c = r.conn.tls.as_ref()?.client.as_ref()?;
            c.var(&n["ssl_client_".len()..])?
        }
        "server_name" => server_name(w, r.server),
        "remote_user" => return remote_user(r),
        "hostname" => w.hostname.clone(),
        "remote_addr" => r.conn.client_text(),
        // Empty for a port the realip module did not get (nginx prints ports 1..65535), and
        // for a unix socket's client.
        "remote_port" => match r.conn.remote.port() {
            0 => String::new(),
            p => p.to_string(),
        },
        "realip_remote_addr" => r.conn.addr_text(&r.realip_from.unwrap_or(r.conn.remote)),
        "realip_remote_port" => match r.realip_from.unwrap_or(r.conn.remote) {
            a if r.conn.is_unix_peer(&a) => String::new(),
            a => a.port().to_string(),
        },
        "server_addr" => match &r.conn.unix {
            Some(path) => path.to_string(),
            None => ip_string(&r.conn.local),
        },
        "server_port" => match &r.conn.unix {
            Some(_) => String::new(),
            None => r.conn.local.port().to_string(),
        },
        // A chunked body once read counts as its length (ngx_http_request_body_chunked_filter).
        "content_length" => {
            return r
                .header_str("content-length")
                .map(str::to_string)
                .or_else(|| {
                    let chunked = r.body_read && r.header("transfer-encoding").is_some();
                    chunked.then(|| r.body_len().unwrap_or(0).to_string())
                });
        }
        "request_body_file" => {
            return r
                .body_file
                .as_ref()
                .map(|f| f.path.to_string_lossy().into_owned());
        }
        "request_length" => r.request_length.to_string(),
        "invalid_referer" => {
            let c = crate::output::conf(w, r);
            let valid = c
                .valid_referers
                .as_ref()
                .is_none_or(|v| referer_valid(w, r, v));
            if valid { String::new() } else { "1".into() }
        }
        "status" => format!("{:03}", r.status),
        "body_bytes_sent" => r.body_bytes_sent.to_string(),
        "bytes_sent" => r.bytes_sent.to_string(),
        "request_time" => {
            // The cached clock minus the start, as nginx computes it (never negative).
            let t = crate::clock::now_ms().saturating_sub((r.start * 1000.0).round() as u64);
            format!("{}.{:03}", t / 1000, t % 1000)
        }
        "msec" => {
            let now = crate::clock::now();
            format!("{:.3}", now)
        }
        "time_local" => crate::log::time_local(),
        "time_iso8601" => crate::log::time_iso8601(),
        "connection" => r.conn.id.to_string(),
        "connection_requests" => r.conn.requests.to_string(),
        "connections_active"
        | "connections_reading"
        | "connections_writing"
        | "connections_waiting" => return crate::stub_status::variable(name),
        "secure_link" | "secure_link_expires" => return crate::secure_link::variable(w, r, name),
        "nginx_version" => crate::http::NGINX_VERSION.to_string(),
        "pid" => std::process::id().to_string(),
        "document_root" => return crate::staticfile::document_root(w, r),
        "realpath_root" => {
            let root = crate::staticfile::document_root(w, r)?;
            return std::fs::canonicalize(root)
                .ok()
                .map(|p| p.display().to_string());
        }
        "request_filename" => return crate::staticfile::request_filename(w, r),
        "limit_rate" => r.limit_rate.unwrap_or(0).to_string(),
        "limit_req_status" => {
            let s = r.limits.as_ref()?.req_status.get();
            return crate::limit_req::status_name(s).map(str::to_string);
        }
        "limit_conn_status" => {
            let s = r.limits.as_ref()?.conn_status.get();
            return crate::limit_conn::status_name(s).map(str::to_string);
        }
        "server_port_or_default" => r.conn.local.port().to_string(),
        _ => return None,
    })
}

/// Whether nginx knows a variable of this name (known-but-unset ones read as "").
/// The `$ssl_client_*` variables of a client certificate (`tls::ClientCert::var`).
const CLIENT_CERT_VARS: [&str; 9] = [
    "ssl_client_s_dn",
    "ssl_client_i_dn",
    "ssl_client_serial",
    "ssl_client_fingerprint",
    "ssl_client_v_start",
    "ssl_client_v_end",
    "ssl_client_v_remain",
    "ssl_client_raw_cert",
    "ssl_client_cert",
];

/// A variable nginx finds by its name in `cmcf->variables_hash`: the known ones, less the prefix
/// variables (`$arg_*`, `$http_*`, `$sent_http_*`, `$cookie_*`) other than the headers
/// ngx_http_core_variables lists by name. Writing one is "not changeable"; any other name is
/// "not found" (ngx_http_lua_var_set, ngx_http_lua_subrequest_add_extra_vars).
pub fn is_hashed(name: &str) -> bool {
    const NAMED: [&str; 15] = [
        "http_host",
        "http_user_agent",
        "http_referer",
        "http_via",
        "http_x_forwarded_for",
        "http_cookie",
        "sent_http_content_type",
        "sent_http_content_length",
        "sent_http_location",
        "sent_http_last_modified",
        "sent_http_connection",
        "sent_http_keep_alive",
        "sent_http_transfer_encoding",
        "sent_http_cache_control",
        "sent_http_link",
    ];
    const PREFIXES: [&str; 4] = ["arg_", "http_", "sent_http_", "cookie_"];
    if PREFIXES.iter().any(|p| name.starts_with(p)) {
        return NAMED.contains(&name);
    }
    is_known(name)
}

pub fn is_known(name: &str) -> bool {
    const PREFIXES: [&str; 4] = ["arg_", "http_", "sent_http_", "cookie_"];
    PREFIXES.iter().any(|p| name.starts_with(p))
        || name.parse::<usize>().is_ok()
        || CLIENT_CERT_VARS.contains(&name)
        || matches!(
            name,
            "uri"
                | "document_uri"
                | "request_uri"
                | "args"
                | "query_string"
                | "is_args"
                | "request"
                | "request_method"
                | "echo_request_method"
                | "echo_client_request_method"
                | "echo_request_uri"
                | "echo_request_body"
                | "server_protocol"
                | "scheme"
                | "https"
                | "ssl_protocol"
                | "ssl_cipher"
                | "ssl_server_name"
                | "ssl_session_reused"
                | "ssl_client_verify"
                | "host"
                | "server_name"
                | "hostname"
                | "remote_addr"
                | "remote_port"
                | "realip_remote_addr"
                | "realip_remote_port"
                | "server_addr"
                | "server_port"
                | "binary_remote_addr"
                | "content_type"
                | "content_length"
                | "request_body"
                | "request_length"
                | "invalid_referer"
                | "status"
                | "body_bytes_sent"
                | "bytes_sent"
                | "request_time"
                | "msec"
                | "time_local"
                | "time_iso8601"
                | "connection"
                | "connection_requests"
                | "secure_link"
                | "secure_link_expires"
                | "connections_active"
                | "connections_reading"
                | "connections_writing"
                | "connections_waiting"
                | "nginx_version"
                | "pid"
                | "document_root"
                | "realpath_root"
                | "request_filename"
                | "limit_rate"
                | "limit_req_status"
                | "limit_conn_status"
        )
}

/// An address as nginx prints it (IPv4-mapped IPv6 addresses as IPv4).
pub(crate) fn ip_string(a: &SocketAddr) -> String {
    match a {
        SocketAddr::V4(v) => v.ip().to_string(),
        SocketAddr::V6(v) => match v.ip().to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v.ip().to_string(),
        },
    }
}

/// `$server_name`: the server's first name, as written (also the `server:` of log lines).
pub(crate) fn server_name(w: &Worker, server: usize) -> String {
    use crate::plan::ServerName;
    match w
        .plan
        .http
        .servers
        .get(server)
        .and_then(|s| s.names.first())
    {
        Some(ServerName::Exact(n)) => n.clone(),
        Some(ServerName::WildcardStart(s)) => format!("*{s}"),
        Some(ServerName::WildcardEnd(p)) => format!("{p}*"),
        Some(ServerName::Regex(r)) => format!("~{r}"),
        None => String::new(),
    }
}

/// `$arg_NAME`: the first argument of that name (case-insensitive), undecoded.
pub fn arg_value<'a>(args: &'a [u8], name: &str) -> Option<&'a [u8]> {
    for part in args.split(|&b| b == b'&') {
        let (k, v) = match part.find_byte(b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        if k.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(v);
        }
    }
    None
}

/// `$http_NAME`: `_` in the variable name matches `-` in the header name.
fn request_header(r: &Request, name: &str) -> Option<BString> {
    let matches = |n: &str| {
        n.len() == name.len()
            && n.bytes().zip(name.bytes()).all(|(a, b)| {
                let a = if a == b'-' {
                    b'_'
                } else {
                    a.to_ascii_lowercase()
                };
                a == b.to_ascii_lowercase()
            })
    };
    let sep: Option<&[u8]> = if name.eq_ignore_ascii_case("cookie") {
        Some(b"; ")
    } else if name.eq_ignore_ascii_case("x_forwarded_for") {
        Some(b", ")
    } else {
        None
    };
    let mut vals = r
        .headers
        .iter()
        .filter(|(n, _)| matches(n))
        .map(|(_, v)| v.as_slice());
    match sep {
        Some(sep) => {
            let all: Vec<&[u8]> = vals.collect();
            if all.is_empty() {
                None
            } else {
                Some(all.join(sep).into())
            }
        }
        None => vals.next().map(BString::from),
    }
}

fn sent_header(r: &Request, name: &str) -> Option<BString> {
    let h = &r.headers_out;
    let norm = crate::http::dashed_lower(name);
    match norm.as_str() {
        "content-type" => return h.content_type.clone().map(Into::into),
        "content-length" => return h.content_length.map(|l| l.to_string().into()),
        "location" if h.location.is_some() => return h.location.clone(),
        "last-modified" => return h.last_modified.clone().map(Into::into),
        // nginx keeps these two as lists and its variables join them.
        "cache-control" | "link" => {
            let all: Vec<&[u8]> = h.get_all(&norm).collect();
            return (!all.is_empty()).then(|| all.join(&b", "[..]).into());
        }
        _ => {}
    }
    h.get_all(&norm).next().map(BString::from)
}

/// `$cookie_NAME` from the Cookie header(s).
fn cookie<'a>(r: &'a Request, name: &str) -> Option<&'a [u8]> {
    for (n, v) in &r.headers {
        if !n.eq_ignore_ascii_case("cookie") {
            continue;
        }
        for pair in v.split(|&b| b == b';') {
            let start = pair.iter().position(|&b| b != b' ' && b != b'\t');
            let pair = &pair[start.unwrap_or(pair.len())..];
            if let Some(i) = pair.find_byte(b'=') {
                if pair[..i].eq_ignore_ascii_case(name.as_bytes()) {
                    return Some(pair[i + 1..].trim_ascii_end());
                }
            }
        }
    }
    None
}

/// Evaluate a template: literal parts as written, variables through `get` ("" when unset).
pub fn eval(w: &Worker, r: &Request, t: &Template) -> BString {
    let mut s = BString::default();
    for p in &t.parts {
        match p {
            TemplatePart::Lit(l) => s.extend_from_slice(l.as_bytes()),
            TemplatePart::Var(v) => {
                if let Some(val) = get(w, r, v) {
                    s.extend_from_slice(&val);
                }
            }
        }
    }
    s
}

/// `eval` where the value is used as text (a file path, an address, a number, a realm):
/// bytes that are not UTF-8 are replaced there (what remains to be done as bytes).
pub fn eval_text(w: &Worker, r: &Request, t: &Template) -> String {
    let v = eval(w, r, t);
    match String::from_utf8(v.into()) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// `ngx_http_referer_variable`: whether the Referer is one `valid_referers` accepts.
fn referer_valid(w: &Worker, r: &Request, v: &crate::plan::Referers) -> bool {
    let Some(referer) = r.header("referer").map(String::from_utf8_lossy) else {
        return v.none;
    };
    let b = referer.as_bytes();
    let rest = if b.len() < "http://i.ru".len() {
        None
    } else if b[..7].eq_ignore_ascii_case(b"http://") {
        Some(&referer[7..])
    } else if b[..8].eq_ignore_ascii_case(b"https://") {
        Some(&referer[8..])
    } else {
        None
    };
    let Some(rest) = rest else {
        return v.blocked;
    };
    let host_end = rest.find(['/', ':']).unwrap_or(rest.len());
    if host_end > 256 {
        return false;
    }
    let host = rest[..host_end].to_ascii_lowercase();
    // Exact names first, then `*.`/`.` wildcards, then `.*` ones, as nginx's combined hash.
    let exact = |p: &str| !p.starts_with(['*', '.']) && !p.ends_with(".*") && p == host;
    let head = |p: &str| match p.strip_prefix('*') {
        Some(suffix) => host.len() > suffix.len() && host.ends_with(suffix),
        None => p
            .strip_prefix('.')
            .is_some_and(|d| host == d || host.ends_with(p)),
    };
    let tail = |p: &str| {
        p.strip_suffix('*')
            .is_some_and(|prefix| host.starts_with(prefix))
    };
    let found = [&exact as &dyn Fn(&str) -> bool, &head, &tail]
        .iter()
        .find_map(|m| v.hosts.iter().find(|(p, _)| m(p)));
    if let Some((_, uri)) = found {
        let path = &rest[host_end..];
        let path = &path[path.find('/').unwrap_or(path.len())..];
        return uri.as_ref().is_none_or(|u| path.starts_with(u.as_str()));
    }
    if v.server_names {
        use crate::plan::ServerName;
        let names = &w.plan.http.servers[r.server].names;
        let ok = names.iter().any(|n| match n {
            ServerName::Exact(e) => !e.is_empty() && *e == host,
            ServerName::WildcardStart(suffix) => {
                host.ends_with(suffix.as_str()) || host == suffix.trim_start_matches('.')
            }
            ServerName::WildcardEnd(prefix) => host.starts_with(prefix.as_str()),
            ServerName::Regex(re) => crate::route::compile(re, false)
                .is_ok_and(|c| c.re.is_match(host.as_bytes()).unwrap_or(false)),
        });
        if ok {
            return true;
        }
    }
    v.regexes.iter().any(|re| {
        crate::route::compile(re, true)
            .is_ok_and(|c| c.re.is_match(rest.as_bytes()).unwrap_or(false))
    })
}

/// `$remote_user`: the user of `Authorization: Basic` (ngx_http_auth_basic_user), whether it
/// was authenticated or not.
fn remote_user(r: &Request) -> Option<String> {
    let (user, _) = crate::auth_basic::credentials(r)?;
    Some(String::from_utf8_lossy(&user).into_owned())
}
