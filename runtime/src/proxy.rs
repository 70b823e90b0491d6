//! `proxy_pass` over HTTP/1.x: ngx_http_proxy_module on top of ngx_http_upstream, the common
//! subset.
//!
//! - Peers: `upstream` blocks and the implicit upstream of a literal `proxy_pass` host, resolved
//!   when the worker starts (as nginx resolves at config load); balanced by `balance.rs`
//!   (round-robin, ip_hash, hash, least_conn, with `max_fails`/`fail_timeout`, `backup` and
//!   `down`), per worker (nginx without `zone`); `keepalive N` keeps idle connections per
//!   worker.
//! - The request is built as `ngx_http_proxy_create_request` builds it: `proxy_set_header`s
//!   first, then the defaults they do not name (Host, Connection, Content-Length), then the
//!   client's headers minus every name in that list; the body read before the handler ran.
//! - The response head goes through `output` like any other (header filters, Lua filters),
//!   after nginx's header copying (hidden headers, `proxy_redirect`, the `proxy_cookie_*`
//!   rewrites of proxy_cookie.rs); the body is streamed to the client as it arrives, by
//!   Content-Length, chunked, or until the upstream closes.
//! - `proxy_next_upstream` (error, timeout, invalid_header, http_5xx...) tries the next peer
//!   while nothing has been sent to the client, as long as `u->peer.tries` lasts.
//! - `balancer_by_lua*` (ngx_http_lua_balancer.c): the upstream's chunk runs before every try
//!   and may name the peer (`ngx.balancer`, `ngx/balancer.rs`), add tries and set timeouts;
//!   without a peer the upstream's servers are balanced round-robin.
//! - A 101 answer to a client's Upgrade (WebSocket) hands both connections to a relay that
//!   the connection loop runs once the head is out (`tunnel`).
//! - X-Accel-Redirect is followed (an internal redirect, GET unless HEAD); the other
//!   X-Accel-* headers are hidden and otherwise ignored.
//!
//! - `https://` upstreams: TLS by rustls (`tls.rs`), with the `proxy_ssl_*` settings
//!   (SNI only with proxy_ssl_server_name, verification only with proxy_ssl_verify, sessions
//!   reused per peer unless proxy_ssl_session_reuse is off), as nginx defaults them.
//!
//! Not here: client certificates to upstreams, unix sockets, caching (the compiler refuses them).

use bstr::{BString, ByteSlice};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::rt::net::TcpStream;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};

use crate::balance::{Peer, Peers};
use crate::engine::log_req;
use crate::http::Builtin;
use crate::output::{self, conf};
use crate::phase::Phase;
use crate::plan::{self, LogLevel, ProxyConf, ProxyPass};
use crate::request::{ReqRef, Request};
use crate::worker::Worker;

/// An upstream peer's address: `host:port`, or a unix socket (`unix:/path`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PeerAddr {
    Inet(SocketAddr),
    Unix(String),
}

impl std::fmt::Display for PeerAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerAddr::Inet(a) => write!(f, "{a}"),
            PeerAddr::Unix(p) => write!(f, "unix:{p}"),
        }
    }
}

/// A connection to an upstream: plain TCP, a unix socket, or TLS for `https://`.
#[derive(Debug)]
pub enum UpStream {
    Plain(TcpStream),
    Unix(crate::rt::net::UnixStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// The same call on every kind of upstream connection.
macro_rules! each_stream {
    ($s:expr, $v:ident => $e:expr) => {
        match $s {
            UpStream::Plain($v) => $e,
            UpStream::Unix($v) => $e,
            UpStream::Tls($v) => $e,
        }
    };
}

impl UpStream {
    /// An idle connection is still usable: open, and nothing unexpected arrived.
    fn idle_and_open(&mut self) -> bool {
        let mut probe = [0u8; 1];
        let mut rb = tokio::io::ReadBuf::new(&mut probe);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        std::pin::Pin::new(self)
            .poll_read(&mut cx, &mut rb)
            .is_pending()
    }
}

impl AsyncRead for UpStream {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        each_stream!(self.get_mut(), s => std::pin::Pin::new(s).poll_read(cx, buf))
    }
}

impl AsyncWrite for UpStream {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        data: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        each_stream!(self.get_mut(), s => std::pin::Pin::new(s).poll_write(cx, data))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        each_stream!(self.get_mut(), s => std::pin::Pin::new(s).poll_flush(cx))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        each_stream!(self.get_mut(), s => std::pin::Pin::new(s).poll_shutdown(cx))
    }
}

/// How to speak TLS to the upstreams of one request (`proxy_pass https://`).
struct UpstreamTls {
    /// The SNI name (proxy_ssl_server_name on).
    sni: Option<String>,
    check: crate::tls::ClientCheck,
    protocols: Vec<&'static rustls::SupportedProtocolVersion>,
    /// proxy_ssl_session_reuse.
    reuse: bool,
}

thread_local! {
    /// The last TLS session of each peer (and SNI name), for proxy_ssl_session_reuse.
    static PEER_SESSIONS: RefCell<std::collections::HashMap<(PeerAddr, Option<String>), crate::tls::ClientSessions>> =
        RefCell::new(Default::default());
}

/// Headers nginx never passes to the client by default (`ngx_http_proxy_hide_headers`), and
/// the hop-by-hop ones the upstream module drops (`ngx_http_upstream_ignore_header_line`).
const HIDDEN: [&str; 8] = [
    "date",
    "server",
    "x-pad",
    "x-accel-expires",
    "x-accel-redirect",
    "x-accel-limit-rate",
    "x-accel-buffering",
    "x-accel-charset",
];
const HOP_BY_HOP: [&str; 3] = ["connection", "keep-alive", "transfer-encoding"];

/// ngx_http_proxy_vars: usable in the configuration, invisible to `ngx.var` (NOHASH).
pub const NOHASH_VARS: [&str; 4] = [
    "proxy_host",
    "proxy_port",
    "proxy_add_x_forwarded_for",
    "proxy_internal_body_length",
];

/// `$upstream_addr`, `$upstream_status`, `$upstream_response_time`, and what the proxy's own
/// variables and log lines need.
#[derive(Debug, Default)]
pub struct UpstreamVars {
    pub addrs: Vec<String>,
    pub statuses: Vec<String>,
    pub times: Vec<String>,
    /// `$upstream_connect_time`, `$upstream_header_time` ("-" for a try that got no
    /// connection or no head), `$upstream_response_length`.
    pub connect_times: Vec<String>,
    pub header_times: Vec<String>,
    pub lengths: Vec<String>,
    /// `$proxy_host`, `$proxy_port`.
    pub proxy_host: String,
    pub proxy_port: String,
    /// `$proxy_internal_body_length` (None: not found).
    pub body_length: Option<usize>,
    /// The last response's headers (`$upstream_http_NAME`), values as sent.
    pub headers: Vec<(String, BString)>,
    /// The response is the upstream's (no lua_http10_buffering, no not_modified filter).
    pub responding: bool,
    /// `upstream: "http://peer/uri"` of log lines.
    pub log_target: Option<String>,
    /// A 101 answer to a client's Upgrade: the connection the connection loop relays once the
    /// head is out.
    pub tunnel: Option<Tunnel>,
    /// `$upstream_cache_status` (crate::proxy_cache).
    pub cache_status: Option<crate::proxy_cache::Status>,
    /// The cached response's Last-Modified and ETag sent to revalidate it.
    pub cache_revalidate: Option<(Option<String>, Option<String>)>,
    /// The response may be cached: the not_modified filter applies to it.
    pub cacheable: bool,
}

/// An upgraded (WebSocket) connection to relay: the upstream, the bytes it sent after its
/// head, and the idle limit (proxy_read_timeout).
#[derive(Debug)]
pub struct Tunnel {
    upstream: UpStream,
    pending: Vec<u8>,
    idle: Duration,
}

impl UpstreamVars {
    /// A `$upstream_*` variable, None when not a proxied request's or not one of them.
    pub fn var(&self, name: &str) -> Option<String> {
        if let Some(v) = crate::proxy_cache::var(self, name) {
            return v;
        }
        let list = match name {
            "upstream_addr" => &self.addrs,
            "upstream_status" => &self.statuses,
            "upstream_response_time" => &self.times,
            "upstream_connect_time" => &self.connect_times,
            "upstream_header_time" => &self.header_times,
            "upstream_response_length" => &self.lengths,
            "proxy_host" => return Some(self.proxy_host.clone()),
            "proxy_port" => return Some(self.proxy_port.clone()),
            "proxy_internal_body_length" => return self.body_length.map(|n| n.to_string()),
            _ => return None,
        };
        Some(list.join(", "))
    }

    /// `$upstream_http_NAME`: bytes, as the upstream sent them.
    pub fn header(&self, name: &str) -> Option<BString> {
        self.headers
            .iter()
            .find(|(n, _)| crate::http::dashed_lower(n) == crate::http::dashed_lower(name))
            .map(|(_, v)| v.clone())
    }
}

struct Idle {
    addr: PeerAddr,
    stream: UpStream,
    requests: u64,
    since: Instant,
}

/// An upstream's peers and idle connections in this worker.
pub struct Balancer {
    name: String,
    block: bool,
    peers: Peers,
    keepalive: usize,
    keepalive_timeout: Duration,
    keepalive_requests: u64,
    idle: RefCell<VecDeque<Idle>>,
    /// `balancer_by_lua*`: run before each try to pick its peer.
    lua: Option<plan::Chunk>,
}

/// Every upstream of the plan, resolved (one per worker).
pub struct Upstreams(Vec<Balancer>);

impl Upstreams {
    /// Resolve every server now; a host that does not resolve stops the server as nginx does.
    pub fn new(plan: &plan::Plan) -> Result<Upstreams, String> {
        let mut list = vec![];
        for u in &plan.http.upstreams {
            let (mut primary, mut backup) = (vec![], vec![]);
            for s in &u.servers {
                let addrs = resolve(&s.addr).ok_or_else(|| {
                    let shown = if u.block {
                        s.addr.as_str()
                    } else {
                        u.name.as_str()
                    };
                    let shown = shown.strip_suffix(":80").unwrap_or(shown);
                    format!("host not found in upstream \"{shown}\" in {}", u.pos)
                })?;
                for addr in addrs {
                    let p = Peer::new(addr, s);
                    if s.backup {
                        backup.push(p)
                    } else {
                        primary.push(p)
                    }
                }
            }
            list.push(Balancer {
                name: u.name.clone(),
                block: u.block,
                peers: Peers::new(&u.balance, primary, backup),
                keepalive: u.keepalive,
                keepalive_timeout: Duration::from_millis(u.keepalive_timeout_ms),
                keepalive_requests: u.keepalive_requests,
                idle: RefCell::new(VecDeque::new()),
                lua: u.balancer_by_lua.clone(),
            });
        }
        Ok(Upstreams(list))
    }
}

fn resolve(hostport: &str) -> Option<Vec<PeerAddr>> {
    if let Some(path) = hostport.strip_prefix("unix:") {
        return Some(vec![PeerAddr::Unix(path.to_string())]);
    }
    resolve_inet(hostport).map(|v| v.into_iter().map(PeerAddr::Inet).collect())
}

fn resolve_inet(hostport: &str) -> Option<Vec<SocketAddr>> {
    if let Ok(a) = hostport.parse::<SocketAddr>() {
        return Some(vec![a]);
    }
    use std::net::ToSocketAddrs;
    let mut v: Vec<SocketAddr> = hostport.to_socket_addrs().ok()?.collect();
    v.dedup();
    (!v.is_empty()).then_some(v)
}

/// Where a request goes: a balanced upstream, or the addresses of a `proxy_pass` with
/// variables naming a host directly.
enum Target<'a> {
    Balanced(&'a Balancer),
    Direct(Vec<PeerAddr>),
}

impl Target<'_> {
    fn peers(&self) -> usize {
        match self {
            Target::Balanced(b) => b.peers.count(),
            Target::Direct(a) => a.len(),
        }
    }
}

impl Balancer {
    /// A live idle connection to `addr` (ngx_http_upstream_get_keepalive_peer).
    fn take_idle(&self, addr: &PeerAddr) -> Option<(UpStream, u64)> {
        let mut idle = self.idle.borrow_mut();
        let now = Instant::now();
        idle.retain(|c| now.duration_since(c.since) < self.keepalive_timeout);
        let i = idle.iter().rposition(|c| c.addr == *addr)?;
        let mut c = idle.remove(i)?;
        // Closed by the peer meanwhile (or unexpected bytes): not usable.
        c.stream.idle_and_open().then_some((c.stream, c.requests))
    }

    fn put_idle(&self, addr: &PeerAddr, stream: UpStream, requests: u64) {
        if self.keepalive == 0 || requests >= self.keepalive_requests {
            return;
        }
        let mut idle = self.idle.borrow_mut();
        if idle.len() >= self.keepalive {
            idle.pop_front();
        }
        idle.push_back(Idle {
            addr: addr.clone(),
            stream,
            requests,
            since: Instant::now(),
        });
    }
}

/// How a proxied request ended, for the phase engine.
pub enum End {
    /// The response went out (or was cut short).
    Done,
    /// Finalize with this status (nginx's error page for it, or error_page).
    Status(u16),
    /// X-Accel-Redirect: an internal redirect to this URI (with `?args`) or `@name`.
    Redirect(String),
    /// The client is gone: close without an answer.
    Close,
}

/// Why one try failed (`NGX_HTTP_UPSTREAM_FT_*`), with nginx's log text.
enum Fail {
    Error(String),
    /// An error nginx logs at crit (a unix socket's connect()).
    Crit(String),
    Timeout(&'static str),
    InvalidHeader(String),
}

/// The proxy content handler (ngx_http_proxy_handler → ngx_http_upstream_init).
pub async fn handle(w: &Rc<Worker>, r: &ReqRef, p: &ProxyPass) -> End {
    // ngx_http_proxy_handler reads the whole body first (proxy_request_buffering on); a
    // subrequest has its parent's, or its own.
    let main = r.borrow().subrequest == 0;
    match if main {
        crate::engine::read_body(w, r, crate::body::Reader::Module).await
    } else {
        Ok(())
    } {
        Ok(()) => {}
        Err(crate::body::Failed::Status(code)) => return End::Status(code),
        Err(crate::body::Failed::Gone(code)) => {
            r.borrow_mut().status = code;
            return End::Close;
        }
    }
    let pc: &ProxyConf = &conf(w, &r.borrow()).proxy;
    // The URL: fixed, or evaluated and parsed now (ngx_http_proxy_eval).
    let (target, host, var_uri, name, tls) = match &p.url {
        None => {
            let b = &w.upstreams.0[p.upstream];
            (
                Target::Balanced(b),
                p.host.clone(),
                None,
                b.name.clone(),
                p.tls,
            )
        }
        Some(t) => {
            let url = crate::var::eval_text(w, &r.borrow(), t);
            match eval_url(w, r, &url).await {
                Ok(x) => x,
                Err(status) => return End::Status(status),
            }
        }
    };
    let port = host
        .rsplit_once(':')
        .filter(|(_, p)| !p.contains(']'))
        .map_or(if tls { "443" } else { "80" }, |(_, p)| p)
        .to_string();
    let tls = tls.then(|| upstream_tls(w, r, pc, &host));
    let scheme = if tls.is_some() { "https" } else { "http" };
    {
        let mut rq = r.borrow_mut();
        let u = rq.upstream.get_or_insert_with(Default::default);
        u.proxy_host = host;
        u.proxy_port = port;
    }
    // proxy_cache: answered from the cache, or what the response may do to it.
    let mut cache = match crate::proxy_cache::lookup(w, r, pc).await {
        crate::proxy_cache::Lookup::Off => None,
        crate::proxy_cache::Lookup::Upstream(c) => Some(c),
        crate::proxy_cache::Lookup::Error(c, status) => {
            crate::proxy_cache::set_status(r, c.status, false);
            return End::Status(status);
        }
        crate::proxy_cache::Lookup::Serve(mut c) => {
            let st = c.status;
            if let Some(end) = crate::proxy_cache::serve(w, r, pc, p, &c, st).await {
                return end;
            }
            c.status = crate::proxy_cache::Status::Miss;
            Some(c)
        }
    };
    if let Some(c) = &cache {
        crate::proxy_cache::set_status(r, c.status, false);
        if let Some(v) = &c.revalidate {
            if let Some(u) = r.borrow_mut().upstream.as_mut() {
                u.cache_revalidate = Some(v.clone());
            }
        }
    }
    let (head, uri, body, head_only) = match create_request(w, r, pc, p, var_uri.as_deref()) {
        Ok(x) => x,
        Err(msg) => {
            log_req(w, r, LogLevel::Error, &msg);
            return End::Status(500);
        }
    };
    let method_safe = !matches!(r.borrow().method.as_str(), "POST" | "LOCK" | "PATCH");
    let limit = match pc.next_upstream_tries {
        0 => target.peers(),
        n => n.min(target.peers()),
    };
    let mut tried = vec![false; target.peers()];
    let mut pick = match &target {
        Target::Balanced(b) => b.peers.start(w, &r.borrow()),
        Target::Direct(_) => Default::default(),
    };
    // The peer in use (`peer->conns`), given back when its try ends.
    let mut held = None;
    let mut last_fail = 502;
    // (what the last failed try failed with, for proxy_cache_use_stale; "" for a status)
    let mut last_kind = "";
    // proxy_next_upstream_timeout: no new try once this much time went by.
    let first_try = Instant::now();
    let time_left = || {
        pc.next_upstream_timeout_ms == 0
            || first_try.elapsed() < Duration::from_millis(pc.next_upstream_timeout_ms)
    };
    // `u->peer.tries`: what is left, one taken by each try (set_more_tries adds some).
    let mut tries = limit.max(1);
    let lua = match &target {
        Target::Balanced(b) => b.lua.as_ref(),
        Target::Direct(_) => None,
    };
    let mut attempt = 0;
    let mut timeouts = None;
    while tries > 0 {
        let attempt_now = attempt;
        attempt += 1;
        // balancer_by_lua*: the peer of this try, or None to take one of the servers.
        let lua_peer = match lua {
            Some(chunk) => match run_balancer(w, r, pc, chunk, tries).await {
                Ok((peer, more, t)) => {
                    timeouts = t.or(timeouts);
                    if peer.is_some() {
                        tries += more;
                    }
                    peer
                }
                Err(status) => return End::Status(status),
            },
            None => None,
        };
        let pc_try;
        let pc: &ProxyConf = match &timeouts {
            Some((c, s, rd)) => {
                let mut x = pc.clone();
                x.connect_timeout_ms = c.unwrap_or(x.connect_timeout_ms);
                x.send_timeout_ms = s.unwrap_or(x.send_timeout_ms);
                x.read_timeout_ms = rd.unwrap_or(x.read_timeout_ms);
                pc_try = x;
                &pc_try
            }
            None => pc,
        };
        let idx = match (&lua_peer, &target) {
            (Some(_), _) => Some(usize::MAX),
            (None, Target::Balanced(b)) => b.peers.get(&mut pick, &tried),
            (None, Target::Direct(a)) => (attempt_now < a.len()).then_some(attempt_now),
        };
        let Some(idx) = idx else {
            if attempt_now == 0 {
                // (the upstream's name stands for the peer nobody could be picked from)
                push_state(r, &name, "502".into(), &Times::default());
                log_req(
                    w,
                    r,
                    LogLevel::Error,
                    "no live upstreams while connecting to upstream",
                );
            }
            // (no live upstreams counts as `error` for proxy_cache_use_stale)
            let kind = if attempt_now == 0 { "error" } else { last_kind };
            return cache_failure(w, r, pc, p, cache.as_mut(), last_fail, kind).await;
        };
        // (a peer of the servers: `idx` names it; set_current_peer's: none of them)
        let listed = lua_peer.is_none();
        if listed {
            tried[idx] = true;
            if let Target::Balanced(b) = &target {
                held.replace(b.peers.hold(idx));
            }
        }
        let addr = match (&lua_peer, &target) {
            (Some(a), _) => a,
            (None, Target::Balanced(b)) => &b.peers.peer(idx).addr,
            (None, Target::Direct(a)) => &a[idx],
        };
        let peer_name = addr.to_string();
        // (a ":" between a unix socket's path and the URI, as nginx prints it)
        let sep = if matches!(addr, PeerAddr::Unix(_)) {
            ":"
        } else {
            ""
        };
        if let Some(u) = r.borrow_mut().upstream.as_mut() {
            u.log_target = Some(format!("{scheme}://{peer_name}{sep}{uri}"));
        }
        let mut times = Times::new();
        let res = try_peer(
            pc,
            tls.as_ref(),
            &target,
            addr,
            &head,
            &body,
            head_only,
            &mut times,
        )
        .await;
        match res {
            Ok(resp) => {
                let status = resp.status;
                let next = next_for_status(pc, status)
                    && tries > 1
                    && time_left()
                    && (method_safe || pc.next_upstream.iter().any(|c| c == "non_idempotent"));
                if !listed {
                    lua_peer_state(r, next, status);
                } else if let Target::Balanced(b) = &target {
                    // 403 and 404 are not failures of the peer (NGX_PEER_NEXT).
                    b.peers.free(idx, next && status != 403 && status != 404);
                }
                push_state(r, &peer_name, status.to_string(), &times);
                if next {
                    last_kind = "";
                    last_fail = status;
                    drop(held.take());
                    tries -= 1;
                    continue;
                }
                if let Some(c) = cache.as_mut() {
                    use crate::proxy_cache::{Status, serve};
                    // (ngx_http_upstream_test_next: an expired response instead of an error)
                    let kind = format!("http_{status}");
                    if matches!(status, 500 | 502 | 503 | 504 | 403 | 404 | 429)
                        && c.can_stale(pc, &kind)
                    {
                        c.status = Status::Stale;
                        if let Some(end) = serve(w, r, pc, p, c, Status::Stale).await {
                            return end;
                        }
                    }
                    if status == 304 && c.status == Status::Expired && pc.cache.revalidate {
                        crate::proxy_cache::revalidated(pc, c, &resp.headers);
                        c.status = Status::Revalidated;
                        if let Some(end) = serve(w, r, pc, p, c, Status::Revalidated).await {
                            return end;
                        }
                    }
                }
                // (a 101 the client did not ask for is an ordinary answer, as in nginx)
                let asked = {
                    let rq = r.borrow();
                    rq.subrequest == 0 && rq.header_str("upgrade").is_some()
                };
                if status == 101 && asked {
                    return upgrade(w, r, pc, p, resp);
                }
                if intercepts(w, r, pc, status) {
                    // (401's WWW-Authenticate goes along with the error page)
                    if status == 401 {
                        let mut rq = r.borrow_mut();
                        for (n, v) in &resp.headers {
                            if n.eq_ignore_ascii_case("www-authenticate") {
                                rq.headers_out.others.push((n.clone(), v.clone()));
                            }
                        }
                    }
                    if let Some(c) = &cache {
                        crate::proxy_cache::store_error(pc, c, status);
                    }
                    return End::Status(status);
                }
                // X-Accel-Redirect: the upstream names what to serve instead.
                let accel = resp
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("x-accel-redirect"))
                    .filter(|_| !pc.ignore_headers.iter().any(|h| h == "x-accel-redirect"));
                if let Some((_, to)) = accel {
                    accel_headers(w, r, pc, &resp.headers);
                    return End::Redirect(to.to_string());
                }
                let store = cache.as_mut().and_then(|c| {
                    // (proxy_no_cache sees the response: `$upstream_http_*`)
                    if let Some(u) = r.borrow_mut().upstream.as_mut() {
                        u.headers = resp.headers.clone();
                    }
                    let st = crate::proxy_cache::store(
                        w,
                        r,
                        pc,
                        c,
                        status,
                        &resp.status_line,
                        &resp.headers,
                    );
                    crate::proxy_cache::set_status(r, c.status, c.not_modified);
                    st
                });
                let (end, length) = send_response(w, r, pc, p, &target, addr, resp, store).await;
                // (the response time and length of the try whose answer went out, at its end)
                if let Some(u) = r.borrow_mut().upstream.as_mut() {
                    if let (Some(t), Some(l)) = (u.times.last_mut(), u.lengths.last_mut()) {
                        *t = ms_text(times.since_start());
                        *l = length.to_string();
                    }
                }
                return end;
            }
            Err((fail, sent)) => {
                let (status, kind, msg, level) = match fail {
                    Fail::Error(m) => (502, "error", m, LogLevel::Error),
                    Fail::Crit(m) => (502, "error", m, LogLevel::Crit),
                    Fail::Timeout(m) => (504, "timeout", m.to_string(), LogLevel::Error),
                    Fail::InvalidHeader(m) => (502, "invalid_header", m, LogLevel::Error),
                };
                log_req(w, r, level, &msg);
                push_state(r, &peer_name, status.to_string(), &times);
                if !listed {
                    lua_peer_state(r, true, status);
                } else if let Target::Balanced(b) = &target {
                    drop(held.take());
                    if b.peers.free(idx, true) {
                        log_req(
                            w,
                            r,
                            LogLevel::Warn,
                            "upstream server temporarily disabled while connecting to upstream",
                        );
                    }
                }
                last_fail = status;
                let allowed = pc.next_upstream.iter().any(|c| c == kind)
                    && time_left()
                    && (!sent
                        || method_safe
                        || pc.next_upstream.iter().any(|c| c == "non_idempotent"));
                if !allowed {
                    return cache_failure(w, r, pc, p, cache.as_mut(), status, kind).await;
                }
                last_kind = kind;
                tries -= 1;
            }
        }
    }
    cache_failure(w, r, pc, p, cache.as_mut(), last_fail, last_kind).await
}

/// The request ends with an upstream error: an expired response instead when
/// proxy_cache_use_stale names the error (ngx_http_upstream_next), else the error status,
/// remembered for the key when proxy_cache_valid covers it.
async fn cache_failure(
    w: &Rc<Worker>,
    r: &ReqRef,
    pc: &ProxyConf,
    p: &ProxyPass,
    cache: Option<&mut crate::proxy_cache::Ctx>,
    status: u16,
    kind: &str,
) -> End {
    if let Some(c) = cache {
        use crate::proxy_cache::Status;
        let ft = if kind.is_empty() {
            format!("http_{status}")
        } else {
            kind.to_string()
        };
        if c.can_stale(pc, &ft) {
            c.status = Status::Stale;
            if let Some(end) = crate::proxy_cache::serve(w, r, pc, p, c, Status::Stale).await {
                return end;
            }
        }
        crate::proxy_cache::store_error(pc, c, status);
    }
    End::Status(status)
}

/// set_timeouts' connect, send and read timeouts (None: the location's).
type Timeouts = (Option<u64>, Option<u64>, Option<u64>);

/// Run `balancer_by_lua*` for one try (ngx_http_lua_balancer_get_peer): the peer it set (None:
/// the upstream's servers pick), the tries it added, and its timeouts. Err: the status the
/// request ends with (the handler failed, or ngx.exit with an error).
async fn run_balancer(
    w: &Rc<Worker>,
    r: &ReqRef,
    pc: &ProxyConf,
    chunk: &plan::Chunk,
    tries: usize,
) -> Result<(Option<PeerAddr>, usize, Option<Timeouts>), u16> {
    {
        let mut rq = r.borrow_mut();
        let last_status = rq
            .upstream
            .as_ref()
            .and_then(|u| u.statuses.last())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let st = rq.balancer.get_or_insert_with(Default::default);
        st.peer = None;
        st.more_tries = 0;
        st.total_tries += 1;
        st.tries = tries;
        st.max_tries = pc.next_upstream_tries;
        st.last_status = last_status;
    }
    let saved_exit = r.borrow_mut().exit.take();
    let prev = crate::phase::current();
    let end = w.vm().run(w, r, chunk, Phase::Balancer, vec![]).await;
    let exit = std::mem::replace(&mut r.borrow_mut().exit, saved_exit);
    // (its log lines are the proxy's, "while connecting to upstream")
    crate::phase::set_current(Phase::Balancer);
    let res = balancer_end(w, r, end, exit);
    crate::phase::set_current(prev);
    res
}

fn balancer_end(
    w: &Rc<Worker>,
    r: &ReqRef,
    end: crate::lua::RunEnd,
    exit: Option<crate::request::Exit>,
) -> Result<(Option<PeerAddr>, usize, Option<Timeouts>), u16> {
    match end {
        crate::lua::RunEnd::Done(_) => {}
        crate::lua::RunEnd::Exited => match exit {
            Some(crate::request::Exit::Code(0)) | None => {}
            // NGX_ERROR, and any status (without OpenResty's balancer status patch)
            _ => return Err(500),
        },
        crate::lua::RunEnd::Error { msg, traceback } => {
            crate::engine::log_lua_error(w, r, Phase::Balancer, &(msg, traceback));
            return Err(500);
        }
        crate::lua::RunEnd::LoadFailed { msg, .. } => {
            log_req(w, r, LogLevel::Error, &msg);
            return Err(500);
        }
    }
    let rq = r.borrow();
    let st = rq.balancer.as_ref().ok_or(500u16)?;
    let t = (st.connect_ms.is_some() || st.send_ms.is_some() || st.read_ms.is_some()).then_some((
        st.connect_ms,
        st.send_ms,
        st.read_ms,
    ));
    Ok((st.peer.clone(), st.more_tries, t))
}

/// How a peer set_current_peer chose ended, for get_last_failure (ngx_http_upstream_next:
/// NGX_PEER_NEXT for 403 and 404, else NGX_PEER_FAILED).
fn lua_peer_state(r: &ReqRef, failed: bool, status: u16) {
    if let Some(st) = r.borrow_mut().balancer.as_mut() {
        st.last_state = match (failed, status) {
            (false, _) => 0,
            (true, 403 | 404) => 2,
            (true, _) => 4,
        };
    }
}

/// Whether `proxy_next_upstream` names this status (`http_500`...).
fn next_for_status(pc: &ProxyConf, status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504 | 403 | 404 | 429)
        && pc
            .next_upstream
            .iter()
            .any(|c| *c == format!("http_{status}"))
}

/// When a try started, and how long it took to connect and to get the head.
#[derive(Default)]
struct Times {
    start: Option<Instant>,
    connect: Option<Duration>,
    header: Option<Duration>,
}

impl Times {
    fn new() -> Times {
        Times {
            start: Some(Instant::now()),
            ..Default::default()
        }
    }
    fn since_start(&self) -> Option<Duration> {
        self.start.map(|s| s.elapsed())
    }
}

/// nginx's `%T.%03M` of a duration, `-` for none.
fn ms_text(d: Option<Duration>) -> String {
    match d {
        Some(d) => {
            let ms = d.as_millis() as u64;
            format!("{}.{:03}", ms / 1000, ms % 1000)
        }
        None => "-".into(),
    }
}

/// Record one try for the `$upstream_*` variables.
fn push_state(r: &ReqRef, addr: &str, status: String, t: &Times) {
    let mut rq = r.borrow_mut();
    let u = rq.upstream.get_or_insert_with(Default::default);
    u.addrs.push(addr.to_string());
    u.statuses.push(status);
    u.times
        .push(ms_text(t.since_start().or(Some(Duration::ZERO))));
    u.connect_times.push(ms_text(t.connect));
    u.header_times.push(ms_text(t.header));
    u.lengths.push("0".into());
}

/// Parse an evaluated `proxy_pass` URL: the target, `$proxy_host`, the URI part (None when
/// there is none) and the upstream's name. Err is the status to finalize with.
/// A `proxy_pass` URL with variables, evaluated: the target, `$proxy_host`, the URI part, the
/// upstream's name, and whether it is `https://`.
async fn eval_url<'a>(
    w: &'a Rc<Worker>,
    r: &ReqRef,
    url: &str,
) -> Result<(Target<'a>, String, Option<String>, String, bool), u16> {
    let lower = url.to_ascii_lowercase();
    let (rest, tls) = if lower.starts_with("http://") {
        (&url[7..], false)
    } else if lower.starts_with("https://") {
        (&url[8..], true)
    } else {
        let msg = format!("invalid URL prefix in \"{url}\"");
        log_req(w, r, LogLevel::Error, &msg);
        return Err(500);
    };
    let default_port = if tls { ":443" } else { ":80" };
    // `unix:/path[:/uri]` (its Host is `localhost`, as ngx_parse_unix_domain_url leaves it).
    if let Some(after) = rest.strip_prefix("unix:").filter(|_| !tls) {
        let (path, uri) = match after.find(':') {
            Some(i) => (&after[..i], Some(after[i + 1..].to_string())),
            None => (after, None),
        };
        let name = format!("unix:{path}");
        let peers = vec![PeerAddr::Unix(path.to_string())];
        return Ok((Target::Direct(peers), "localhost".into(), uri, name, false));
    }
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (hostport, uri) = rest.split_at(end);
    let uri = match uri {
        "" => None,
        u if u.starts_with('?') => Some(format!("/{u}")),
        u => Some(u.to_string()),
    };
    let host = hostport
        .strip_suffix(default_port)
        .unwrap_or(hostport)
        .to_string();
    // An upstream block of that name (ngx_http_upstream_main_conf's list).
    let wr: &'a Worker = w;
    if let Some(b) = wr
        .upstreams
        .0
        .iter()
        .find(|b| b.block && b.name == hostport)
    {
        return Ok((Target::Balanced(b), host, uri, b.name.clone(), tls));
    }
    let with_port = match hostport.rsplit_once(':') {
        Some((_, p)) if !p.contains(']') => hostport.to_string(),
        _ => format!("{hostport}{default_port}"),
    };
    if let Ok(a) = with_port.parse::<SocketAddr>() {
        return Ok((
            Target::Direct(vec![PeerAddr::Inet(a)]),
            host,
            uri,
            hostport.to_string(),
            tls,
        ));
    }
    let name = with_port
        .rsplit_once(':')
        .map_or("", |(h, _)| h)
        .to_string();
    if conf(w, &r.borrow()).lua_socket.resolver.is_empty() {
        log_req(
            w,
            r,
            LogLevel::Error,
            &format!("no resolver defined to resolve {name}"),
        );
        return Err(502);
    }
    match crate::rt::net::lookup_host(with_port.clone()).await {
        Ok(a) => {
            let v: Vec<PeerAddr> = a.map(PeerAddr::Inet).collect();
            if v.is_empty() {
                return Err(502);
            }
            Ok((Target::Direct(v), host, uri, hostport.to_string(), tls))
        }
        Err(_) => {
            log_req(
                w,
                r,
                LogLevel::Error,
                &format!("{name} could not be resolved (3: Host not found)"),
            );
            Err(502)
        }
    }
}

/// The TLS settings of one proxied request (ngx_http_upstream_ssl_init_connection and
/// ngx_http_upstream_ssl_name): the name is proxy_ssl_name, else the proxied host without
/// its port; SNI only with proxy_ssl_server_name and never for an IP address.
fn upstream_tls(w: &Worker, r: &ReqRef, pc: &ProxyConf, proxy_host: &str) -> UpstreamTls {
    let name = match &pc.ssl.name {
        Some(t) => crate::var::eval_text(w, &r.borrow(), t),
        None => proxy_host.to_string(),
    };
    let name = match name.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => name.as_str(),
    };
    let name = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let is_ip = name.parse::<std::net::IpAddr>().is_ok();
    let trusted = pc
        .ssl
        .trusted_certificate
        .as_ref()
        .map(|p| crate::tls::cert_path(&w.prefix, p));
    UpstreamTls {
        sni: (pc.ssl.server_name && !is_ip && !name.is_empty()).then(|| name.clone()),
        check: crate::tls::ClientCheck {
            verify: pc.ssl.verify,
            host: (pc.ssl.verify && !name.is_empty()).then_some(name),
            trusted,
        },
        protocols: crate::tls::client_protocols(pc.ssl.protocols.as_deref()),
        reuse: !pc.ssl.no_session_reuse,
    }
}

/// The request to the upstream (ngx_http_proxy_create_request): head bytes, the URI sent,
/// the body, and whether the method is HEAD.
fn create_request(
    w: &Worker,
    r: &ReqRef,
    pc: &ProxyConf,
    p: &ProxyPass,
    var_uri: Option<&str>,
) -> Result<(Vec<u8>, BString, Vec<u8>, bool), String> {
    // (HEAD goes upstream as GET when its response may be cached: proxy_cache_convert_head)
    let method = match &pc.method {
        _ if crate::proxy_cache::converts_head(w, r, &pc.cache) => "GET".to_string(),
        Some(t) => crate::var::eval_text(w, &r.borrow(), t),
        None => r.borrow().method.clone(),
    };
    // The body, and what `$proxy_internal_body_length` says (the client's length even when
    // proxy_pass_request_body is off, as in nginx).
    let body = match &pc.set_body {
        Some(t) => Some(Vec::from(crate::var::eval(w, &r.borrow(), t))),
        None => None,
    };
    // A body whose Content-Length (or Transfer-Encoding) Lua cleared is one nginx never reads:
    // none goes upstream.
    let announced = {
        let rq = r.borrow();
        rq.header_str("content-length").is_some() || rq.header_str("transfer-encoding").is_some()
    };
    {
        let mut rq = r.borrow_mut();
        let client_len = rq
            .body_len()
            .map(|n| n as usize)
            .or_else(|| {
                rq.header_str("content-length")
                    .and_then(|v| v.trim().parse().ok())
            })
            .filter(|_| announced);
        let len = match &body {
            Some(b) => Some(b.len()),
            None => client_len,
        };
        if let Some(u) = rq.upstream.as_mut() {
            u.body_length = len;
        }
    }
    let body = match body {
        Some(b) => b,
        None if pc.pass_request_body && announced => r
            .borrow()
            .body_bytes()
            .map(|b| b.into_owned())
            .unwrap_or_default(),
        None => vec![],
    };
    let rq = r.borrow();
    let uri = request_uri(&rq, p, var_uri);
    if uri.is_empty() {
        return Err("zero length URI to proxy".into());
    }
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(&uri);
    out.extend_from_slice(if pc.http11 {
        b" HTTP/1.1\r\n"
    } else {
        b" HTTP/1.0\r\n"
    });
    // proxy_set_header in order, then nginx's defaults (ngx_http_proxy_headers: Host
    // $proxy_host, Connection close, Content-Length $proxy_internal_body_length, and empty
    // Transfer-Encoding, TE, Keep-Alive, Expect, Upgrade) the configuration did not name; every
    // name in the list hides the client's header of that name, sent or not.
    let (host, len) = rq
        .upstream
        .as_ref()
        .map(|u| (u.proxy_host.clone(), u.body_length))
        .unwrap_or_default();
    let defaults = [
        ("Host", host.into()),
        ("Connection", "close".into()),
        (
            "Content-Length",
            len.map(|n| n.to_string()).unwrap_or_default().into(),
        ),
        ("Transfer-Encoding", BString::default()),
        ("TE", BString::default()),
        ("Keep-Alive", BString::default()),
        ("Expect", BString::default()),
        ("Upgrade", BString::default()),
    ];
    // With proxy_cache, ngx_http_proxy_cache_headers: the client's conditions and ranges are
    // not passed (the cache answers them), a revalidation sends the cached validators.
    let cache_headers = pc.cache.zone.map(|_| {
        let (lm, etag) = rq
            .upstream
            .as_ref()
            .and_then(|u| u.cache_revalidate.clone())
            .unwrap_or_default();
        [
            ("If-Modified-Since", BString::from(lm.unwrap_or_default())),
            ("If-Unmodified-Since", BString::default()),
            ("If-None-Match", BString::from(etag.unwrap_or_default())),
            ("If-Match", BString::default()),
            ("Range", BString::default()),
            ("If-Range", BString::default()),
        ]
    });
    let defaults = defaults
        .into_iter()
        .chain(cache_headers.into_iter().flatten());
    let mut names: Vec<String> = vec![];
    let mut lines: Vec<(String, BString)> = vec![];
    for (n, v) in &pc.set_headers {
        names.push(n.to_ascii_lowercase());
        lines.push((n.clone(), crate::var::eval(w, &rq, v)));
    }
    for (n, v) in defaults {
        if !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
            names.push(n.to_ascii_lowercase());
            lines.push((n.to_string(), v));
        }
    }
    for (n, v) in &lines {
        if !v.is_empty() {
            put(&mut out, n, v);
        }
    }
    if pc.pass_request_headers {
        for (n, v) in &rq.headers {
            if !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
                put(&mut out, n, v);
            }
        }
    }
    out.extend_from_slice(b"\r\n");
    Ok((out, uri, body, method.eq_ignore_ascii_case("HEAD")))
}

fn put(out: &mut Vec<u8>, n: &str, v: &[u8]) {
    out.extend_from_slice(n.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(v);
    out.extend_from_slice(b"\r\n");
}

/// The URI the upstream gets: a URL's with variables as given; without a URI part the
/// client's own (unless rewritten); else the location prefix replaced by the URI part.
fn request_uri(rq: &Request, p: &ProxyPass, var_uri: Option<&str>) -> BString {
    if let Some(u) = var_uri {
        return u.into();
    }
    let uri_part = if p.url.is_some() { "" } else { p.uri.as_str() };
    if uri_part.is_empty() && !rq.uri_changed && rq.subrequest == 0 {
        return rq.request_uri.clone();
    }
    let valid_location = !rq.location_uri_changed;
    let loc_len = if valid_location && !uri_part.is_empty() {
        p.location.len()
    } else {
        0
    };
    let mut s = BString::default();
    if valid_location {
        s.extend_from_slice(uri_part.as_bytes());
    }
    let rest = rq.uri.get(loc_len..).unwrap_or(b"");
    let path = rq.request_uri.split(|&b| b == b'?').next().unwrap_or(b"");
    if rq.internal || rq.uri_changed || path.contains(&b'%') || path.contains(&b' ') {
        escape_uri(&mut s, rest);
    } else {
        s.extend_from_slice(rest);
    }
    if !rq.args.is_empty() {
        s.push(b'?');
        s.extend_from_slice(&rq.args);
    }
    s
}

/// ngx_escape_uri(NGX_ESCAPE_URI): controls, space, `#`, `%`, `?` and bytes ≥ 0x7f.
fn escape_uri(out: &mut Vec<u8>, s: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &c in s {
        if c <= 0x20 || c >= 0x7f || matches!(c, b'#' | b'%' | b'?') {
            out.extend_from_slice(&[b'%', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]);
        } else {
            out.push(c);
        }
    }
}

/// A parsed upstream response head and the connection it came on.
struct Response {
    stream: UpStream,
    /// Bytes read past the head.
    rest: Vec<u8>,
    status: u16,
    /// The status line after `HTTP/x.y ` (nginx passes the upstream's reason phrase).
    status_line: String,
    headers: Vec<(String, BString)>,
    /// HTTP/0.9: no head at all; the bytes are the body.
    http09: bool,
    close: bool,
    chunked: bool,
    length: Option<u64>,
    head_only: bool,
    reused: u64,
}

/// Connect, send, and read the response head from one peer. Err carries whether the request
/// had been sent (a POST is not sent twice).
async fn try_peer(
    pc: &ProxyConf,
    tls: Option<&UpstreamTls>,
    target: &Target<'_>,
    addr: &PeerAddr,
    head: &[u8],
    body: &[u8],
    head_only: bool,
    times: &mut Times,
) -> Result<Response, (Fail, bool)> {
    let mut cached = match target {
        Target::Balanced(b) => b.take_idle(addr),
        Target::Direct(_) => None,
    };
    loop {
        let reused = cached.as_ref().map(|c| c.1);
        let mut stream = match cached.take() {
            Some((s, _)) => s,
            None => connect(addr, pc.connect_timeout_ms, tls)
                .await
                .map_err(|f| (f, false))?,
        };
        times.connect = times.since_start();
        let res = exchange(&mut stream, pc, head, body).await;
        match res {
            // A kept-alive connection the peer closed meanwhile: once more on a new one.
            Err((Fail::Error(_), _)) if reused.is_some() => continue,
            Err(f) => return Err(f),
            Ok((buf, n)) => {
                times.header = times.since_start();
                let resp = parse_head(stream, buf, n, head_only, reused.unwrap_or(0))
                    .map_err(|f| (f, true))?;
                return Ok(resp);
            }
        }
    }
}

async fn connect(
    addr: &PeerAddr,
    timeout_ms: u64,
    tls: Option<&UpstreamTls>,
) -> Result<UpStream, Fail> {
    let t = Duration::from_millis(timeout_ms);
    let addr = match addr {
        PeerAddr::Inet(a) => *a,
        PeerAddr::Unix(path) => return connect_unix(path, t).await,
    };
    match crate::rt::time::timeout(t, TcpStream::connect(addr)).await {
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            let Some(tls) = tls else {
                return Ok(UpStream::Plain(s));
            };
            // (nginx's handshake runs under proxy_connect_timeout too)
            let key = (PeerAddr::Inet(addr), tls.sni.clone());
            let sessions = match tls.reuse {
                true => PEER_SESSIONS.with(|m| {
                    m.borrow_mut()
                        .entry(key)
                        .or_insert_with(crate::tls::new_client_sessions)
                        .clone()
                }),
                false => crate::tls::new_client_sessions(),
            };
            let sni = tls.sni.as_deref();
            // (boxed: rustls's state would size every proxied request's future, and those of
            // the subrequests nested around it)
            let peer = Some(addr.ip());
            let handshake =
                crate::tls::connect((s, peer), sni, &tls.check, &tls.protocols, &sessions, t);
            match Box::pin(handshake).await {
                Ok(s) => Ok(UpStream::Tls(Box::new(s))),
                Err(crate::tls::HandshakeError::Timeout) => Err(Fail::Timeout(
                    "upstream timed out (110: Connection timed out) while SSL handshaking to upstream",
                )),
                Err(e) => Err(Fail::Error(e.proxy_log())),
            }
        }
        Ok(Err(e)) => Err(Fail::Error(format!(
            "connect() failed ({}) while connecting to upstream",
            crate::staticfile::errno_text(&e)
        ))),
        Err(_) => Err(Fail::Timeout(
            "upstream timed out (110: Connection timed out) while connecting to upstream",
        )),
    }
}

/// A unix socket upstream. Its connect() ends at once, so a failure is logged as
/// ngx_event_connect_peer logs it: crit, but error for a refusal.
async fn connect_unix(path: &str, t: Duration) -> Result<UpStream, Fail> {
    match crate::rt::time::timeout(t, crate::rt::net::UnixStream::connect(path)).await {
        Ok(Ok(s)) => Ok(UpStream::Unix(s)),
        Ok(Err(e)) => {
            let msg = format!(
                "connect() to unix:{path} failed ({}) while connecting to upstream",
                crate::staticfile::errno_text(&e)
            );
            let refused = matches!(
                e.raw_os_error(),
                Some(libc::ECONNREFUSED | libc::EAGAIN | libc::ECONNRESET)
            );
            Err(if refused {
                Fail::Error(msg)
            } else {
                Fail::Crit(msg)
            })
        }
        Err(_) => Err(Fail::Timeout(
            "upstream timed out (110: Connection timed out) while connecting to upstream",
        )),
    }
}

/// Send the request, then read until the end of the response head (bounded by
/// proxy_buffer_size). Ok: the bytes read and where the head ends (0 for HTTP/0.9).
async fn exchange(
    s: &mut UpStream,
    pc: &ProxyConf,
    head: &[u8],
    body: &[u8],
) -> Result<(Vec<u8>, usize), (Fail, bool)> {
    let send = async {
        use tokio::io::AsyncWriteExt;
        s.write_all(head).await?;
        s.write_all(body).await
    };
    match crate::rt::time::timeout(Duration::from_millis(pc.send_timeout_ms), send).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err((
                Fail::Error(format!(
                    "writev() failed ({}) while sending request to upstream",
                    crate::staticfile::errno_text(&e)
                )),
                false,
            ));
        }
        Err(_) => {
            return Err((
                Fail::Timeout(
                    "upstream timed out (110: Connection timed out) while sending request to upstream",
                ),
                true,
            ));
        }
    }
    let mut buf = Vec::with_capacity(pc.buffer_size.min(64 * 1024));
    let read_timeout = Duration::from_millis(pc.read_timeout_ms);
    loop {
        if buf.len() >= 5 && !buf.starts_with(b"HTTP/") {
            return Ok((buf, 0));
        }
        if let Some(end) = head_end(&buf) {
            return Ok((buf, end));
        }
        if buf.len() >= pc.buffer_size {
            return Err((
                Fail::InvalidHeader(
                    "upstream sent too big header while reading response header from upstream"
                        .into(),
                ),
                true,
            ));
        }
        let room = pc.buffer_size - buf.len();
        let mut chunk = vec![0u8; room.min(16 * 1024)];
        let n = match crate::rt::time::timeout(read_timeout, s.read(&mut chunk)).await {
            Err(_) => {
                return Err((
                    Fail::Timeout(
                        "upstream timed out (110: Connection timed out) while reading response header from upstream",
                    ),
                    true,
                ));
            }
            Ok(Err(e)) => {
                return Err((
                    Fail::Error(format!(
                        "recv() failed ({}) while reading response header from upstream",
                        crate::staticfile::errno_text(&e)
                    )),
                    true,
                ));
            }
            Ok(Ok(n)) => n,
        };
        if n == 0 {
            if !buf.is_empty() && !buf.starts_with(b"HTTP/"[..buf.len().min(5)].as_ref()) {
                return Ok((buf, 0));
            }
            return Err((
                Fail::Error(
                    "upstream prematurely closed connection while reading response header from upstream"
                        .into(),
                ),
                true,
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The end of a head (after its empty line), LF-only lines allowed as nginx allows them.
fn head_end(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'\n', &b[i..]) {
        let nl = i + p;
        let next = nl + 1;
        if b.get(next) == Some(&b'\n') {
            return Some(next + 1);
        }
        if b.get(next) == Some(&b'\r') && b.get(next + 1) == Some(&b'\n') {
            return Some(next + 2);
        }
        i = next;
    }
    None
}

/// Parse the status line and headers (ngx_http_parse_status_line, ngx_http_parse_header_line
/// and the upstream module's checks of Content-Length and Transfer-Encoding).
fn parse_head(
    stream: UpStream,
    buf: Vec<u8>,
    end: usize,
    head_only: bool,
    reused: u64,
) -> Result<Response, Fail> {
    let mut resp = Response {
        stream,
        rest: vec![],
        status: 200,
        status_line: String::new(),
        headers: vec![],
        http09: false,
        close: true,
        chunked: false,
        length: None,
        head_only,
        reused,
    };
    let head = &buf[..end];
    let mut lines = head
        .split(|&c| c == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = lines.next().unwrap_or(b"");
    match parse_status_line(status_line) {
        Some((minor, code, line)) => {
            resp.status = code;
            resp.status_line = line;
            resp.close = minor < 1;
        }
        None => {
            // "upstream sent no valid HTTP/1.0 header": the bytes go out as an HTTP/0.9 answer.
            resp.http09 = true;
            resp.rest = buf;
            return Ok(resp);
        }
    }
    for l in lines {
        if l.is_empty() {
            break;
        }
        let (name, value) = match memchr::memchr(b':', l) {
            Some(i) => (&l[..i], trim(&l[i + 1..])),
            None => (l, &b""[..]),
        };
        if let Some(&c) = name.iter().find(|&&c| c <= 0x20 || c == 0x7f) {
            let at = name.iter().position(|&x| x == c).unwrap_or(0);
            return Err(Fail::InvalidHeader(format!(
                "upstream sent invalid header: \"{}\\x{:02X}...\" while reading response header from upstream",
                String::from_utf8_lossy(&name[..at]),
                c
            )));
        }
        if value.contains(&0) {
            return Err(Fail::InvalidHeader(
                "upstream sent invalid header while reading response header from upstream".into(),
            ));
        }
        let name = String::from_utf8_lossy(name).into_owned();
        // (values are passed on as sent; the ones checked here are read as text)
        let raw = BString::from(value);
        let value = String::from_utf8_lossy(value);
        if name.eq_ignore_ascii_case("content-length") {
            if resp.length.is_some() {
                return Err(Fail::InvalidHeader(format!(
                    "upstream sent duplicate header line: \"{name}: {value}\", previous value: \"Content-Length: {}\" while reading response header from upstream",
                    resp.length.unwrap_or(0)
                )));
            }
            // (nginx 1.22 takes a length it cannot parse as none, and drops the header)
            match value.parse::<u64>() {
                Ok(n) if !value.starts_with('+') => resp.length = Some(n),
                _ => continue,
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            if value.eq_ignore_ascii_case("chunked") {
                resp.chunked = true;
            } else {
                return Err(Fail::InvalidHeader(format!(
                    "upstream sent unknown \"Transfer-Encoding\": \"{value}\" while reading response header from upstream"
                )));
            }
        } else if name.eq_ignore_ascii_case("connection") {
            if value.to_ascii_lowercase().contains("close") {
                resp.close = true;
            }
        }
        resp.headers.push((name, raw));
    }
    if resp.chunked {
        resp.length = None;
    }
    resp.rest = buf[end..].to_vec();
    Ok(resp)
}

fn trim(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|&c| c != b' ' && c != b'\t')
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|&c| c != b' ' && c != b'\t')
        .map_or(s, |e| e + 1);
    &b[s..e]
}

/// `HTTP/1.1 200 OK` → (minor version, 200, "200 OK").
fn parse_status_line(l: &[u8]) -> Option<(u32, u16, String)> {
    let rest = l.strip_prefix(b"HTTP/")?;
    let sp = memchr::memchr(b' ', rest)?;
    let (ver, rest) = (&rest[..sp], &rest[sp..]);
    let (major, minor) = std::str::from_utf8(ver).ok()?.split_once('.')?;
    let (_major, minor): (u32, u32) = (major.parse().ok()?, minor.parse().ok()?);
    // (the reason phrase is kept as sent, trailing spaces included)
    let rest = &rest[rest.iter().position(|&c| c != b' ').unwrap_or(rest.len())..];
    if rest.len() < 3 || !rest[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    if rest.len() > 3 && rest[3] != b' ' {
        return None;
    }
    let code: u16 = std::str::from_utf8(&rest[..3]).ok()?.parse().ok()?;
    if code < 100 {
        return None;
    }
    Some((minor, code, String::from_utf8_lossy(rest).into_owned()))
}

/// proxy_intercept_errors: a status ≥ 300 that an error_page handles.
fn intercepts(w: &Worker, r: &ReqRef, pc: &ProxyConf, status: u16) -> bool {
    pc.intercept_errors
        && status >= 300
        && conf(w, &r.borrow())
            .error_pages
            .iter()
            .any(|p| p.codes.contains(&status))
}

/// Copy the head into the response (ngx_http_upstream_process_headers) and stream the body.
async fn send_response(
    w: &Rc<Worker>,
    r: &ReqRef,
    pc: &ProxyConf,
    p: &ProxyPass,
    target: &Target<'_>,
    addr: &PeerAddr,
    mut resp: Response,
    mut store: Option<crate::proxy_cache::Store>,
) -> (End, u64) {
    if resp.http09 {
        log_req(
            w,
            r,
            LogLevel::Error,
            "upstream sent no valid HTTP/1.0 header while reading response header from upstream",
        );
    }
    copy_headers(w, r, pc, p, &resp);
    limit_rate(r, pc, &resp);
    crate::proxy_cache::validators(r);
    let no_body = resp.head_only || matches!(resp.status, 204 | 304);
    if resp.http09 {
        // The upstream's bytes are the whole answer, without a head.
        let mut rq = r.borrow_mut();
        rq.version = crate::http::Version::Http09;
        rq.keepalive = false;
    }
    output::send_header(w, r);
    let read_timeout = Duration::from_millis(pc.read_timeout_ms);
    let mut done = no_body || resp.length == Some(0);
    let mut left = resp.length;
    let mut chunks = resp.chunked.then(Chunked::default);
    let mut pending = std::mem::take(&mut resp.rest);
    // `$upstream_response_length`: the body bytes as they came from the upstream.
    let mut received = pending.len() as u64;
    let mut buf = vec![0u8; 16 * 1024];
    let mut failed = false;
    // proxy_buffering on: the event pipe hands a buffer on once it is full (or at the end);
    // what it holds when the upstream fails never reaches the client.
    let batch = if pc.buffering {
        pc.buffer_size.max(4096)
    } else {
        1
    };
    let mut held: Vec<u8> = vec![];
    // Output goes to the client when nginx would return to its event loop: before waiting for
    // more upstream data. A failure found in the bytes of the first read sends nothing at all.
    let mut waited = false;
    let mut eof_cut = false;
    while !done {
        if pending.is_empty() {
            waited = true;
            if !to_client(r).await {
                failed = true;
                break;
            }
            match crate::rt::time::timeout(read_timeout, resp.stream.read(&mut buf)).await {
                Err(_) => {
                    log_req(
                        w,
                        r,
                        LogLevel::Error,
                        "upstream timed out (110: Connection timed out) while reading upstream",
                    );
                    failed = true;
                    break;
                }
                Ok(Err(e)) => {
                    log_req(
                        w,
                        r,
                        LogLevel::Error,
                        &format!(
                            "recv() failed ({}) while reading upstream",
                            crate::staticfile::errno_text(&e)
                        ),
                    );
                    failed = true;
                    break;
                }
                Ok(Ok(0)) => {
                    if left.is_some() || chunks.is_some() {
                        log_req(
                            w,
                            r,
                            LogLevel::Error,
                            "upstream prematurely closed connection while reading upstream",
                        );
                        // (what arrived still goes out, then the response is cut)
                        eof_cut = true;
                    }
                    break;
                }
                Ok(Ok(n)) => {
                    received += n as u64;
                    pending.extend_from_slice(&buf[..n]);
                }
            }
        }
        let data: Vec<u8> = match (&mut chunks, &mut left) {
            (Some(c), _) => match c.feed(&pending) {
                Ok((data, used, end)) => {
                    pending.drain(..used);
                    done = end;
                    data
                }
                Err(()) => {
                    log_req(
                        w,
                        r,
                        LogLevel::Error,
                        "upstream sent invalid chunked response while reading upstream",
                    );
                    failed = true;
                    break;
                }
            },
            (None, Some(n)) => {
                let take = (*n as usize).min(pending.len());
                *n -= take as u64;
                done = *n == 0;
                if !pending[take..].is_empty() {
                    log_req(
                        w,
                        r,
                        LogLevel::Warn,
                        "upstream sent more data than specified in \"Content-Length\" header while reading upstream",
                    );
                    resp.close = true;
                }
                let d = pending[..take].to_vec();
                pending.clear();
                d
            }
            (None, None) => std::mem::take(&mut pending),
        };
        if let Some(s) = store.as_mut() {
            s.write(&data);
        }
        held.extend_from_slice(&data);
        if !held.is_empty() && (held.len() >= batch || done) {
            let data = std::mem::take(&mut held);
            if !output::send_body(w, r, &data, false) {
                failed = true;
                break;
            }
            // Streamed: the client gets what arrived before more is read (backpressure).
            if !to_client(r).await {
                failed = true;
                break;
            }
        }
    }
    if !failed && !held.is_empty() && !output::send_body(w, r, &held, false) {
        failed = true;
    }
    if failed || eof_cut {
        // Headers are out: nginx can only cut the response short.
        let mut rq = r.borrow_mut();
        rq.keepalive = false;
        if failed && !waited && rq.subrequest == 0 {
            rq.out.clear();
        }
        if rq.header_sent && rq.subrequest == 0 {
            rq.chunked = false;
            rq.eof = true;
        }
        return (End::Done, received);
    }
    if let Some(s) = store.take() {
        s.finish();
    }
    if done && !resp.close && pending.is_empty() {
        if let Target::Balanced(b) = target {
            b.put_idle(addr, resp.stream, resp.reused + 1);
        }
    }
    output::finish(w, r);
    (End::Done, received)
}

/// A 101 from the upstream to a client that asked for an upgrade: the head goes to the
/// client, and the connection loop relays both ways from then on (ngx_http_upstream_upgrade).
fn upgrade(w: &Rc<Worker>, r: &ReqRef, pc: &ProxyConf, p: &ProxyPass, resp: Response) -> End {
    copy_headers(w, r, pc, p, &resp);
    output::send_header(w, r);
    let mut rq = r.borrow_mut();
    rq.keepalive = false;
    if let Some(u) = rq.upstream.as_mut() {
        u.tunnel = Some(Tunnel {
            upstream: resp.stream,
            pending: resp.rest,
            idle: Duration::from_millis(pc.read_timeout_ms),
        });
    }
    End::Done
}

/// Relay an upgraded connection until either side closes or it idles past the timeout.
/// `early` holds what the client sent after its request (already read by the connection loop).
pub async fn tunnel(client: &mut crate::flush::Conn, early: &mut Vec<u8>, t: Tunnel) {
    use tokio::io::AsyncWriteExt;
    let (mut ur, mut uw) = tokio::io::split(t.upstream);
    if client.write_all(&t.pending).await.is_err() || uw.write_all(early).await.is_err() {
        return;
    }
    early.clear();
    let (mut from_client, mut from_upstream) = (vec![0u8; 16 * 1024], vec![0u8; 16 * 1024]);
    let mut client_open = true;
    loop {
        tokio::select! {
            n = client.read(&mut from_client), if client_open => match n {
                Ok(n) if n > 0 => {
                    if uw.write_all(&from_client[..n]).await.is_err() {
                        return;
                    }
                }
                // The client is done sending: the upstream may still answer.
                _ => {
                    client_open = false;
                    let _ = uw.shutdown().await;
                }
            },
            n = ur.read(&mut from_upstream) => match n {
                Ok(n) if n > 0 => {
                    if client.write_all(&from_upstream[..n]).await.is_err() {
                        return;
                    }
                }
                _ => return,
            },
            _ = crate::rt::time::sleep(t.idle) => return,
        }
    }
}

/// The upstream's `X-Accel-Limit-Rate` (bytes per second) sets the response's rate unless
/// ignored; an unbuffered response (`proxy_buffering off`) has none (ngx_http_upstream_send_response).
fn limit_rate(r: &ReqRef, pc: &ProxyConf, resp: &Response) {
    let header = resp
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-accel-limit-rate"))
        .filter(|_| !pc.ignore_headers.iter().any(|h| h == "x-accel-limit-rate"))
        .and_then(|(_, v)| std::str::from_utf8(v).ok())
        .and_then(|v| {
            v.parse::<u64>()
                .ok()
                .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
        });
    let mut rq = r.borrow_mut();
    if let Some(rate) = header {
        rq.limit_rate = Some(rate);
    }
    if !pc.buffering {
        rq.limit_rate = Some(0);
    }
}

/// Write what is queued to the client (each wait within nginx's send_timeout, 60 s); false
/// when the client is gone or too slow.
pub(crate) async fn to_client(r: &ReqRef) -> bool {
    crate::flush::flush(r).await.is_ok()
}

/// ngx_http_upstream_process_headers with the proxy module's handlers: which upstream headers
/// the client sees, and how.
/// The upstream headers an X-Accel-Redirect keeps for the response it redirects to (those
/// ngx_http_upstream_headers_in marks `redirect`), Set-Cookie through proxy_cookie_*.
fn accel_headers(w: &Worker, r: &ReqRef, pc: &ProxyConf, headers: &[(String, BString)]) {
    const KEPT: [&str; 4] = [
        "content-disposition",
        "cache-control",
        "expires",
        "accept-ranges",
    ];
    let mut rq = r.borrow_mut();
    let cookies = crate::proxy_cookie::active(pc);
    for (n, v) in headers {
        if n.eq_ignore_ascii_case("set-cookie") {
            let v = match cookies.then(|| crate::proxy_cookie::rewrite(w, &mut rq, pc, v)) {
                Some(Some(c)) => c.value,
                _ => v.clone(),
            };
            rq.headers_out.others.push((n.clone(), v));
        } else if KEPT.iter().any(|k| n.eq_ignore_ascii_case(k)) {
            rq.headers_out.others.push((n.clone(), v.clone()));
        }
    }
}

fn copy_headers(w: &Worker, r: &ReqRef, pc: &ProxyConf, p: &ProxyPass, resp: &Response) {
    copy_head(
        w,
        r,
        pc,
        p,
        resp.status,
        &resp.status_line,
        &resp.headers,
        resp.length,
    )
}

/// copy_headers of a head (a cached one too).
#[allow(clippy::too_many_arguments)]
pub(crate) fn copy_head(
    w: &Worker,
    r: &ReqRef,
    pc: &ProxyConf,
    p: &ProxyPass,
    status: u16,
    status_line: &str,
    headers: &[(String, BString)],
    length: Option<u64>,
) {
    let mut rq = r.borrow_mut();
    if let Some(u) = rq.upstream.as_mut() {
        u.headers = headers.to_vec();
        u.responding = true;
    }
    rq.status = status;
    rq.headers_out.status_line = Some(status_line.to_string()).filter(|s| !s.is_empty());
    let hidden = |n: &str| {
        let n = n.to_ascii_lowercase();
        HOP_BY_HOP.contains(&n.as_str())
            || ((HIDDEN.contains(&n.as_str()) || pc.hide_headers.contains(&n))
                && !pc.pass_headers.contains(&n))
    };
    let cookies = crate::proxy_cookie::active(pc);
    for (i, (n, v)) in headers.iter().enumerate() {
        if hidden(n) {
            continue;
        }
        match n.to_ascii_lowercase().as_str() {
            "set-cookie" if cookies => match crate::proxy_cookie::rewrite(w, &mut rq, pc, v) {
                Some(c) => {
                    if let (Some(moved), Some(u)) = (c.upstream, rq.upstream.as_mut()) {
                        if let Some(h) = u.headers.get_mut(i) {
                            h.1 = moved;
                        }
                    }
                    rq.headers_out.others.push((n.clone(), c.value));
                }
                None => rq.headers_out.others.push((n.clone(), v.clone())),
            },
            "content-type" => {
                rq.headers_out.content_type = Some(v.to_string());
                rq.headers_out.mime_set = true;
            }
            // (printed in its own place, not in the upstream's order)
            "content-length" => rq.headers_out.content_length = length,
            // (entries of the list, passed whatever the status, with proxy_pass_header)
            "server" => (rq.headers_out)
                .set_builtin(Builtin::Server, |h| h.server = Some(Some(v.to_string()))),
            "date" => {
                (rq.headers_out).set_builtin(Builtin::Date, |h| h.date = Some(Some(v.to_string())))
            }
            "location" => match rewrite_redirect(w, &rq, pc, p, &v.to_str_lossy(), 0) {
                Some(new) => crate::rewrite::set_location(w, &mut rq, new.into()),
                None => rq.headers_out.others.push((n.clone(), v.clone())),
            },
            "refresh" => {
                let text = v.to_str_lossy();
                let at = text.to_ascii_lowercase().find("url=").map(|i| i + 4);
                let new = at.and_then(|i| rewrite_redirect(w, &rq, pc, p, &text, i));
                rq.headers_out
                    .others
                    .push((n.clone(), new.map_or_else(|| v.clone(), Into::into)));
            }
            _ => rq.headers_out.others.push((n.clone(), v.clone())),
        }
    }
    // (no default_type: the upstream's type or none)
    rq.headers_out.mime_set = true;
}

/// proxy_redirect on a Location (or the URL of a Refresh from `prefix` on): the value
/// rewritten by the first rule whose text starts it, None when no rule applies.
fn rewrite_redirect(
    w: &Worker,
    rq: &Request,
    pc: &ProxyConf,
    p: &ProxyPass,
    value: &str,
    prefix: usize,
) -> Option<String> {
    let default = || {
        // `default`: the proxy_pass URL → the location (a URL without URI part: its "/").
        if p.url.is_some() {
            return None;
        }
        Some(if p.uri.is_empty() {
            (format!("{}/", p.target), "/".to_string())
        } else {
            (p.target.clone(), p.location.clone())
        })
    };
    let rules: Vec<(String, String)> = match &pc.redirect {
        None => default().into_iter().collect(),
        Some(list) => list
            .iter()
            .filter_map(|rule| match rule {
                None => default(),
                Some((from, to)) => Some((
                    crate::var::eval_text(w, rq, from),
                    crate::var::eval_text(w, rq, to),
                )),
            })
            .collect(),
    };
    let tail = value.get(prefix..)?;
    for (from, to) in rules {
        if let Some(rest) = tail.strip_prefix(from.as_str()) {
            return Some(format!("{}{to}{rest}", &value[..prefix]));
        }
    }
    None
}

/// A chunked body decoder (ngx_http_parse_chunked): data out, trailers dropped.
#[derive(Default)]
struct Chunked {
    /// Bytes left in the current chunk's data.
    size: u64,
    state: ChunkState,
}

#[derive(Default, PartialEq)]
enum ChunkState {
    #[default]
    Size,
    Data,
    /// The CRLF after a chunk's data.
    DataEnd,
    /// After the last chunk: trailer lines until an empty one.
    Trailer,
}

impl Chunked {
    /// Decode what `input` holds: (data, bytes used, the body ended). Err on bad framing.
    fn feed(&mut self, input: &[u8]) -> Result<(Vec<u8>, usize, bool), ()> {
        let mut out = vec![];
        let mut i = 0;
        loop {
            match self.state {
                ChunkState::Size => {
                    let Some(nl) = memchr::memchr(b'\n', &input[i..]) else {
                        if input.len() - i > 64 {
                            return Err(());
                        }
                        return Ok((out, i, false));
                    };
                    let line = &input[i..i + nl];
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    let hex = line.split(|&c| c == b';').next().unwrap_or(b"");
                    let hex = trim(hex);
                    if hex.is_empty() || hex.len() > 15 {
                        return Err(());
                    }
                    let s = std::str::from_utf8(hex).map_err(|_| ())?;
                    self.size = u64::from_str_radix(s, 16).map_err(|_| ())?;
                    i += nl + 1;
                    self.state = if self.size == 0 {
                        ChunkState::Trailer
                    } else {
                        ChunkState::Data
                    };
                }
                ChunkState::Data => {
                    let take = ((input.len() - i) as u64).min(self.size) as usize;
                    out.extend_from_slice(&input[i..i + take]);
                    i += take;
                    self.size -= take as u64;
                    if self.size > 0 {
                        return Ok((out, i, false));
                    }
                    self.state = ChunkState::DataEnd;
                }
                ChunkState::DataEnd => {
                    let rest = &input[i..];
                    if rest.starts_with(b"\r\n") {
                        i += 2;
                    } else if rest.starts_with(b"\n") {
                        i += 1;
                    } else if rest.is_empty() || rest == b"\r" {
                        return Ok((out, i, false));
                    } else {
                        return Err(());
                    }
                    self.state = ChunkState::Size;
                }
                ChunkState::Trailer => {
                    let Some(nl) = memchr::memchr(b'\n', &input[i..]) else {
                        // (a trailer line is bounded like a header line)
                        if input.len() - i > 4096 {
                            return Err(());
                        }
                        return Ok((out, i, false));
                    };
                    let line = &input[i..i + nl];
                    i += nl + 1;
                    if line.is_empty() || line == b"\r" {
                        return Ok((out, i, true));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_in_pieces() {
        let mut c = Chunked::default();
        let (d, used, end) = c.feed(b"5\r\nhel").unwrap();
        assert_eq!((d.as_slice(), used, end), (&b"hel"[..], 6, false));
        let (d, used, end) = c.feed(b"lo\r\n0\r\nX-T: 1\r\n\r\n").unwrap();
        assert_eq!((d.as_slice(), used, end), (&b"lo"[..], 17, true));
        assert!(Chunked::default().feed(b"zz\r\n").is_err());
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            parse_status_line(b"HTTP/1.1 200 OK"),
            Some((1, 200, "200 OK".into()))
        );
        assert_eq!(
            parse_status_line(b"HTTP/1.0 404"),
            Some((0, 404, "404".into()))
        );
        assert_eq!(parse_status_line(b"ICY 200 OK"), None);
        assert_eq!(parse_status_line(b"HTTP/1.1 20 OK"), None);
    }

    #[test]
    fn connect_timeout_and_refusal() {
        crate::rt::block_on(async {
            // A listener that never accepts: once its queue is full, SYNs go unanswered.
            let s =
                socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            s.bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
                .unwrap();
            s.listen(0).unwrap();
            let addr = s.local_addr().unwrap().as_socket().unwrap();
            let mut held = vec![];
            let mut timed_out = false;
            for _ in 0..8 {
                match connect(&PeerAddr::Inet(addr), 200, None).await {
                    Ok(c) => held.push(c),
                    Err(Fail::Timeout(m)) => {
                        assert!(m.ends_with("while connecting to upstream"));
                        timed_out = true;
                        break;
                    }
                    Err(_) => panic!("unexpected connect error"),
                }
            }
            assert!(timed_out);
            drop(s);
            match connect(&PeerAddr::Inet(addr), 200, None).await {
                Err(Fail::Error(m)) => assert_eq!(
                    m,
                    "connect() failed (111: Connection refused) while connecting to upstream"
                ),
                _ => panic!("expected a refusal"),
            }
        });
    }

    #[test]
    fn tunnel_relays_both_ways() {
        use tokio::io::AsyncWriteExt;
        crate::rt::block_on(async {
            let l1 = crate::rt::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap();
            let l2 = crate::rt::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap();
            let (client, served) =
                tokio::join!(TcpStream::connect(l1.local_addr().unwrap()), l1.accept());
            let (near, far) =
                tokio::join!(TcpStream::connect(l2.local_addr().unwrap()), l2.accept());
            let (mut client, mut far) = (client.unwrap(), far.unwrap().0);
            let mut conn = crate::flush::Conn::new(crate::stream::Stream::plain(served.unwrap().0));
            let t = Tunnel {
                upstream: UpStream::Plain(near.unwrap()),
                pending: b"up-early/".to_vec(),
                idle: Duration::from_secs(5),
            };
            let mut early = b"client-early/".to_vec();
            let peers = async {
                client.write_all(b"ping").await.unwrap();
                let mut got = [0u8; 17];
                far.read_exact(&mut got).await.unwrap();
                assert_eq!(&got, b"client-early/ping");
                far.write_all(b"pong").await.unwrap();
                drop(far);
                let mut back = [0u8; 13];
                client.read_exact(&mut back).await.unwrap();
                assert_eq!(&back, b"up-early/pong");
            };
            // The relay ends when the upstream closes.
            tokio::join!(tunnel(&mut conn, &mut early, t), peers);
            assert!(early.is_empty());
        });
    }

    #[test]
    fn escapes_like_nginx() {
        let mut s = Vec::new();
        escape_uri(&mut s, "/a b%?#é".as_bytes());
        assert_eq!(s, b"/a%20b%25%3F%23%C3%A9");
    }
}
