//! `listen` and `server_name` arguments, as nginx reads them (`ngx_http_core_listen`,
//! `ngx_http_core_server_name`).

use restyc_runtime::plan::ServerName;

/// One `listen` directive.
pub struct Listen {
    /// Normalized socket address: `0.0.0.0:8080`, `[::]:80`, `127.0.0.1:8080`.
    pub addr: String,
    pub default_server: bool,
    pub ipv6only: bool,
    pub ssl: bool,
}

/// Parse `listen` arguments; Err is the message nginx would print.
pub fn parse_listen(args: &[String]) -> Result<Listen, String> {
    let Some(first) = args.first() else {
        return Err("invalid number of arguments in \"listen\" directive".into());
    };
    let mut l = Listen {
        addr: String::new(),
        default_server: false,
        ipv6only: true,
        ssl: false,
    };
    l.addr = parse_addr(first)?;
    for a in &args[1..] {
        match a.as_str() {
            "default_server" | "default" => l.default_server = true,
            "ipv6only=on" => l.ipv6only = true,
            "ipv6only=off" => l.ipv6only = false,
            "reuseport" | "deferred" | "bind" | "http2" => {}
            "ssl" => l.ssl = true,
            "quic" => {
                return Err(
                    "the \"quic\" parameter of \"listen\" is not supported by restyc yet".into(),
                );
            }
            "proxy_protocol" => {
                return Err(
                    "the \"proxy_protocol\" parameter of \"listen\" is not supported by restyc yet"
                        .into(),
                );
            }
            p if p.starts_with("backlog=")
                || p.starts_with("rcvbuf=")
                || p.starts_with("sndbuf=")
                || p.starts_with("so_keepalive=")
                || p.starts_with("fastopen=")
                || p.starts_with("accept_filter=")
                || p.starts_with("setfib=") => {}
            p => return Err(format!("invalid parameter \"{p}\"")),
        }
    }
    Ok(l)
}

fn parse_addr(s: &str) -> Result<String, String> {
    if let Some(path) = s.strip_prefix("unix:") {
        if path.is_empty() {
            return Err(format!("no path in the unix domain socket \"{s}\""));
        }
        return Ok(s.to_string());
    }
    let port_ok = |p: &str| -> Result<u16, String> {
        match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
            _ => Err(format!(
                "invalid port in \"{s}\" of the \"listen\" directive"
            )),
        }
    };
    if let Some(rest) = s.strip_prefix('[') {
        let Some((host, tail)) = rest.split_once(']') else {
            return Err(format!(
                "invalid IPv6 address in \"{s}\" of the \"listen\" directive"
            ));
        };
        let port = match tail.strip_prefix(':') {
            Some(p) => port_ok(p)?,
            None if tail.is_empty() => 80,
            None => {
                return Err(format!(
                    "invalid port in \"{s}\" of the \"listen\" directive"
                ));
            }
        };
        return Ok(format!("[{host}]:{port}"));
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return Ok(format!("0.0.0.0:{}", port_ok(s)?));
    }
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, port_ok(p)?),
        None => (s, 80),
    };
    let host = match host {
        "*" | "" => "0.0.0.0",
        "localhost" => "127.0.0.1",
        h => h,
    };
    if host.parse::<std::net::Ipv4Addr>().is_err() {
        return Err(format!(
            "host not found in \"{s}\" of the \"listen\" directive"
        ));
    }
    Ok(format!("{host}:{port}"))
}

/// One `server_name` argument; `.example.com` expands to two entries.
pub fn parse_server_name(n: &str) -> Vec<ServerName> {
    let lower = n.to_ascii_lowercase();
    if let Some(re) = n.strip_prefix('~') {
        return vec![ServerName::Regex(re.to_string())];
    }
    if let Some(rest) = lower.strip_prefix("*.") {
        return vec![ServerName::WildcardStart(format!(".{rest}"))];
    }
    if let Some(rest) = lower.strip_prefix('.') {
        return vec![
            ServerName::Exact(rest.to_string()),
            ServerName::WildcardStart(format!(".{rest}")),
        ];
    }
    if let Some(rest) = lower.strip_suffix(".*") {
        return vec![ServerName::WildcardEnd(format!("{rest}."))];
    }
    vec![ServerName::Exact(lower)]
}
