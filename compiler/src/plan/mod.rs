//! From the checked syntax tree to the runtime's `Plan`: servers, listen sockets, locations with
//! their merged configuration, Lua chunks, baked modules — everything resolved at build time.
//!
//! # Layout
//! - `lower`: the walk over the AST, nginx's inheritance rules (`merge`), location trees.
//! - `listen`: `listen` and `server_name` arguments.
//! - `cache`: the arguments of the proxy cache directives.
//! - `cookie`: the arguments of `proxy_cookie_domain`, `proxy_cookie_path`, `proxy_cookie_flags`.
//! - `limits`: the arguments of the limit_req / limit_conn directives.
//! - `ssl`: the ngx_http_ssl_module settings of a server.

pub mod cache;
pub mod cookie;
pub mod limits;
mod listen;
mod lower;
mod ssl;

pub use ssl::anchor_paths;

pub use lower::lower;

/// A `set_real_ip_from` value as the addresses it stands for: an address or CIDR as it is,
/// `unix:`, or a host name resolved now (as nginx resolves it when it reads the config).
/// Empty when the name does not resolve.
pub fn real_ip_addrs(value: &str) -> Vec<String> {
    use std::net::{IpAddr, ToSocketAddrs};
    let addr = value.split_once('/').map_or(value, |(a, _)| a);
    if value == "unix:" || addr.parse::<IpAddr>().is_ok() {
        return vec![value.to_string()];
    }
    let mut out: Vec<String> = (value, 0)
        .to_socket_addrs()
        .map(|it| it.map(|a| a.ip().to_string()).collect())
        .unwrap_or_default();
    out.dedup();
    out
}
