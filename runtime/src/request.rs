//! One HTTP request as it moves through the phases: what came in, where it was routed, what goes out.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::rc::Rc;

use bstr::BString;

use crate::http::{ResponseHeaders, Version};
use crate::plan::LocId;
use crate::route::Captures;

/// Facts about the connection a request arrived on.
#[derive(Clone, Debug)]
pub struct ConnInfo {
    pub remote: SocketAddr,
    pub local: SocketAddr,
    /// nginx's connection serial number (`$connection`, the `*N` in error log lines).
    pub id: u64,
    /// Index of the listen socket in `Plan::http::listens`.
    pub socket: usize,
    /// Requests served on this connection so far, this one included (`$connection_requests`).
    pub requests: u64,
    /// A TLS connection's parameters (`$https`, `$ssl_*`).
    pub tls: Option<std::rc::Rc<crate::tls::TlsInfo>>,
    /// Plain HTTP on a `listen … ssl` socket: every request gets nginx's 497 page.
    pub plain_http_on_tls: bool,
    /// `unix:PATH` for a connection to a `listen unix:` socket (`$server_addr`); its client is
    /// `unix:` and `remote` / `local` mean nothing then.
    pub unix: Option<std::rc::Rc<str>>,
}

/// What `remote` (and `local`) hold for a unix socket's client, which has no address.
pub const UNIX_PEER: std::net::SocketAddr =
    std::net::SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), 0);

impl ConnInfo {
    /// The client as nginx prints it (`$remote_addr`, `client:` in log lines).
    pub fn client_text(&self) -> String {
        self.addr_text(&self.remote)
    }

    /// A client address as nginx prints it: `unix:` for a unix socket's client (until the
    /// realip module puts an address there).
    pub fn addr_text(&self, a: &std::net::SocketAddr) -> String {
        if self.is_unix_peer(a) {
            "unix:".into()
        } else {
            crate::var::ip_string(a)
        }
    }

    pub fn is_unix_peer(&self, a: &std::net::SocketAddr) -> bool {
        self.unix.is_some() && *a == UNIX_PEER
    }
}

/// What stops the handler coroutine early (set by `ngx.exit`, `ngx.exec`, `ngx.redirect`).
#[derive(Clone, Debug, PartialEq)]
pub enum Exit {
    /// `ngx.exit(code)`: finish the request with that status (or, for 0 = ngx.OK, just this phase).
    Code(i64),
    /// `ngx.exec(uri, args)`: internal redirect.
    Exec { uri: BString, args: Option<BString> },
    /// `ngx.req.set_uri(uri, true)` in rewrite: the location is searched again for the URI
    /// already set (nginx's post-rewrite phase, not a new server rewrite).
    Jump,
}

/// nginx's guess at the browser from the User-Agent (`ngx_http_process_user_agent`, and the
/// same parse when Lua or headers-more sets the header): MSIE and Chrome get padded error pages
/// (`msie_padding`), old MSIE and Safari may lose keep-alive (`keepalive_disable`), old MSIE
/// gzip (`gzip_disable msie6`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Browser {
    pub msie: bool,
    /// MSIE 4, 5, or 6 without `SV1`
    pub msie6: bool,
    pub chrome: bool,
    pub safari: bool,
}

impl Browser {
    pub fn of(ua: &[u8]) -> Browser {
        // nginx searches the value as a C string
        let text = &ua[..memchr::memchr(0, ua).unwrap_or(ua.len())];
        let find = |hay: &[u8], needle: &[u8]| memchr::memmem::find(hay, needle);
        let mut b = Browser::default();
        if let Some(i) = find(text, b"MSIE ").filter(|i| i + 7 < ua.len()) {
            b.msie = true;
            if text.get(i + 6) == Some(&b'.') {
                b.msie6 = match text.get(i + 5) {
                    Some(b'4' | b'5') => true,
                    // (past a NUL the value counts in nginx's bound, not in its search)
                    Some(b'6') => find(text.get(i + 8..).unwrap_or_default(), b"SV1").is_none(),
                    _ => false,
                };
            }
        }
        let opera = find(text, b"Opera").is_some();
        if opera {
            b.msie = false;
            b.msie6 = false;
        }
        // (the first of Gecko, Chrome, Safari, Konqueror that matches is the one nginx notes)
        if !b.msie && !opera && find(text, b"Gecko/").is_none() {
            if find(text, b"Chrome/").is_some() {
                b.chrome = true;
            } else {
                b.safari = find(text, b"Safari/").is_some() && find(text, b"Mac OS X").is_some();
            }
        }
        b
    }

    /// The first User-Agent of a request's headers decides (nginx 1.22 ignores the others).
    pub fn of_headers(headers: &[(String, BString)]) -> Browser {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
            .map_or_else(Browser::default, |(_, v)| Browser::of(v))
    }
}

/// The request's own data is bytes (`BString`): nginx passes what the client sent through
/// untouched, UTF-8 or not (`%E9` in a URI decodes to the byte 0xE9, a latin-1 header value
/// stays latin-1). The method (letters, `_`, `-`) and header names are checked ASCII text.
pub struct Request {
    pub conn: ConnInfo,
    pub method: String,
    /// The request line as received, without CRLF (`$request`).
    pub request_line: BString,
    /// The request target as received (`$request_uri`).
    pub request_uri: BString,
    /// The normalized, decoded path (`$uri`), changed by rewrites and internal redirects.
    pub uri: BString,
    /// The query string without `?` (`$args`).
    pub args: BString,
    /// Lua set `$args` to an empty string: it reads as "" (nginx's args.data is not NULL),
    /// where a request without arguments reads as nil.
    pub args_set_empty: bool,
    pub version: Version,
    /// Request headers in arrival order, names as sent.
    pub headers: Vec<(String, BString)>,
    /// The head as received, NULs included (`reqparse::Head::raw`); a subrequest has its
    /// main request's.
    pub raw_header: Vec<u8>,
    /// Host from the request line or the Host header: lower case, port and trailing dot removed.
    pub host: BString,
    /// The body in memory (None when it went to `body_file` as it was read: `body_bytes`).
    pub body: Option<Vec<u8>>,
    /// `ngx.req.read_body()` (or lua_need_request_body) made the body visible to Lua.
    pub body_read: bool,
    /// The temporary file the body went to when it was read (larger than
    /// client_body_buffer_size, or client_body_in_file_only); Lua then sees no body data.
    pub body_file: Option<BodyFile>,
    /// Body files a new body replaced: removed (if so set) when the request ends, as nginx's
    /// pool cleanups do.
    pub old_body_files: Vec<BodyFile>,
    /// The head is nginx's own (a built-in page or a static file): a HEAD's is header-only only
    /// after the header filters (the gzip filter still sees it), where lua-nginx-module marks a
    /// HEAD header-only before them.
    pub core_head: bool,
    /// The body is being gzipped (`gzip on`, decided by the header filter).
    pub gzip: Option<Box<crate::gzip::Gzip>>,
    /// The body goes through sub_filter (decided by its header filter).
    pub sub: Option<Box<crate::sub_filter::Sub>>,
    /// The whole body fit in nginx's header buffer with the head (part of it came with the head):
    /// nginx reads it there, in memory whatever client_body_buffer_size says.
    pub body_in_header_buffer: bool,
    /// How much of the body came in nginx's header buffer with the head (its `preread`).
    pub body_preread: u64,
    /// The body `ngx.req.init_body` / `append_body` are building, until `finish_body`.
    pub body_building: Option<Vec<u8>>,
    /// The buffer size `ngx.req.init_body` was given (else client_body_buffer_size): a body
    /// built past it goes to a temporary file, as lua-nginx-module writes it.
    pub body_building_limit: u64,
    /// The body the head announced, not read or dropped yet (`crate::body`).
    pub body_unread: Option<crate::body::Unread>,
    /// A read of the body is under way (a request that ends meanwhile cannot keep its
    /// connection: nginx's `r->reading_body`).
    pub body_reading: bool,
    /// The body is being discarded: a later read finds none (`r->discard_body`).
    pub body_discarded: bool,
    /// `Expect: 100-continue` needs no (more) answer: none was asked, or it was given.
    pub expect_tested: bool,
    /// Header bytes + body bytes received (`$request_length`).
    pub request_length: u64,
    /// The cached wall time the request began (`ngx.req.start_time()`, `$request_time`).
    pub start: f64,
    pub server: usize,
    pub loc: Option<LocId>,
    pub captures: Option<Captures>,
    pub server_captures: Option<Captures>,
    /// The connection's own client address once the realip module replaced `conn.remote`
    /// (`$realip_remote_addr`, `$realip_remote_port`).
    pub realip_from: Option<SocketAddr>,
    /// Variables created by `set` and `set_by_lua*` (any bytes: Lua may store binary data).
    pub vars: HashMap<String, BString>,
    /// `set` variables Lua assigned nil to: they read as nil (never-assigned ones read as "").
    pub vars_unset: Vec<String>,
    /// `set` variables read before any assignment: warned about once (nginx caches their empty
    /// value after the first read).
    pub vars_read_unset: std::cell::RefCell<Vec<String>>,
    /// True after an internal redirect (`ngx.req.is_internal`, `internal` locations).
    pub internal: bool,
    pub browser: Browser,
    /// nginx allows 10 URI changes (rewrite, internal redirect) before answering 500.
    pub uri_changes: u8,
    /// Whether an `error_page` redirect already happened (nginx does not recurse by default).
    pub error_page_done: bool,
    /// The status an `error_page` redirect answers with, whatever the target location sets.
    pub err_status: u16,
    /// The URI or args changed since the request line (nginx's `!valid_unparsed_uri`): a
    /// `proxy_pass` without URI part sends `$uri?$args` instead of the client's URI.
    pub uri_changed: bool,
    /// The URI changed inside the location (`rewrite ... break`, `ngx.req.set_uri` without
    /// jump: nginx's `!valid_location`): `proxy_pass` sends it whole, no prefix replaced.
    pub location_uri_changed: bool,
    /// `$upstream_addr`, `$upstream_status`, `$upstream_response_time` of proxied tries.
    pub upstream: Option<Box<crate::proxy::UpstreamVars>>,

    // --- response ---
    /// 0 until a status is set.
    pub status: u16,
    pub headers_out: ResponseHeaders,
    pub header_sent: bool,
    /// Bytes ready to be written to the socket (head and framed body chunks).
    pub out: Vec<u8>,
    pub chunked: bool,
    pub keepalive: bool,
    pub head_only: bool,
    pub body_bytes_sent: u64,
    pub bytes_sent: u64,
    /// The response's rate in bytes per second (0: unlimited) and the bytes sent before it
    /// applies; None until decided (`limit_rate`): `limit_rate.rs`.
    pub limit_rate: Option<u64>,
    pub limit_rate_after: Option<u64>,
    /// A rate-limited response writes again from this moment.
    pub write_delayed_until: Option<crate::rt::time::Instant>,
    /// The final chunk / end of body has been produced.
    pub eof: bool,
    /// HTTP/1.0 Lua output is buffered to send a Content-Length (lua_http10_buffering on).
    pub buffer_all: bool,
    /// Body buffered while `buffer_all` is on.
    pub buffered_body: Vec<u8>,
    /// header_filter_by_lua failed: the head is never sent, later body bytes go out raw, and
    /// the connection closes (the filter chain returned NGX_ERROR).
    pub filter_failed: bool,
    /// body_filter_by_lua failed (NGX_ERROR): nothing more is written, but later output still
    /// goes through the filter chain, which runs (and may fail, and log) again.
    pub body_filter_error: bool,
    /// ngx.exit(status) in header_filter_by_lua replaced the response with nginx's page for
    /// that status (ngx_http_filter_finalize_request); the filter does not run again for it.
    pub filter_finalize: bool,
    pub exit: Option<Exit>,
    /// `ngx.ctx` of this request (a Lua registry reference), created on first use.
    pub lua_ctx: Option<mlua::RegistryKey>,

    // --- async (`ngx/subrequest.rs`, `ngx/timer.rs`, `ngx/thread.rs`, `flush.rs`) ---
    /// 0 for a main request; else the nesting depth of a subrequest (`ngx.location.capture`),
    /// whose output is buffered in `out` (body bytes only, no head, no chunk framing).
    pub subrequest: u8,
    /// A subrequest as nginx's own modules make them (`echo_location`), not a Lua capture:
    /// its special responses get their error pages.
    pub nginx_subrequest: bool,
    /// `mirror` subrequests to run once the content handler is done (URI, with the body).
    pub mirrors: Vec<(BString, bool)>,
    /// The echo module's filter: the text before the body and the text after it went out.
    pub echo_before_sent: bool,
    pub echo_after_sent: bool,
    /// Captures (`ngx.location.capture*`) of this request still running: `ngx.exit` refuses to
    /// abort meanwhile (lua-nginx-module's `ctx->no_abort`).
    pub pending_subrequests: u32,
    /// The entry thread failed while captures were running: nginx cannot finalize with an
    /// error page then and closes the connection.
    pub abort_closes: bool,
    /// The fake request a timer callback runs in: the `, context: ngx.timer...` suffix of its
    /// error log lines.
    pub fake_log: Option<String>,
    /// The handshake an `ssl_certificate_by_lua*` hook runs for (its fake request's).
    pub cert_hook: Option<std::rc::Rc<crate::ngx::ssl::CertHook>>,
    /// The balancing of a proxied request whose upstream has `balancer_by_lua*`.
    pub balancer: Option<Box<crate::ngx::balancer::State>>,
    /// The client connection, so that `ngx.flush` and `ngx.sleep` can send queued output while
    /// the handler runs, the body can be read when asked for (`crate::body`), and
    /// `ngx.req.socket(true)` can take it (None for subrequests and timers); `input` holds the
    /// bytes already read past this request's head.
    pub client: Option<crate::flush::Client>,
    pub input: Vec<u8>,
    /// The handler took the raw request socket (the connection is its own now, no keep-alive):
    /// what closes that socket object once the request ends.
    pub raw_socket: Option<Box<dyn FnOnce()>>,
    /// The light threads (`ngx.thread.spawn`) of the Lua handler running now.
    pub threads: Option<Rc<crate::ngx::thread::Group>>,
    /// The main request's limit_req / limit_conn state, shared with its subrequests; created
    /// on first use (see [`limits_of`]).
    pub limits: Option<Rc<MainLimits>>,
    /// Unique among the requests of the process (what cosockets are bound to).
    pub id: u64,
    /// The cosockets this request, its main request and their subrequests created: closed when
    /// the main request ends. Created by the first one (most requests have none).
    pub cosockets: std::cell::OnceCell<Rc<crate::ngx::socket::OwnedSockets>>,
}

/// What nginx keeps on `r->main` for the preaccess limits: a subrequest shares its main
/// request's, so a capture is not limited again once the main request was, and limit_conn
/// slots last as long as the main request.
#[derive(Default)]
pub struct MainLimits {
    /// `$limit_req_status` (`limit_req::PASSED`…; 0: not set).
    pub req_status: Cell<u8>,
    /// `$limit_conn_status` (`limit_conn::PASSED`…; 0: not set).
    pub conn_status: Cell<u8>,
    /// The limit_conn slots held, given back when the request is freed.
    pub conns: RefCell<Vec<crate::limit_conn::Slot>>,
}

/// The request's limit state, created when first needed.
pub fn limits_of(r: &ReqRef) -> Rc<MainLimits> {
    r.borrow_mut()
        .limits
        .get_or_insert_with(Default::default)
        .clone()
}

pub type ReqRef = Rc<RefCell<Request>>;

impl Request {
    /// The request body's bytes: in memory, or read back from its temporary file.
    pub fn body_bytes(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        match (&self.body, &self.body_file) {
            (Some(b), _) => Some(std::borrow::Cow::Borrowed(b)),
            (None, Some(f)) => std::fs::read(&f.path).ok().map(std::borrow::Cow::Owned),
            (None, None) => None,
        }
    }

    /// The request body's length (in memory or in its file), if there is one.
    pub fn body_len(&self) -> Option<u64> {
        match (&self.body, &self.body_file) {
            (Some(b), _) => Some(b.len() as u64),
            (None, Some(f)) => std::fs::metadata(&f.path).ok().map(|m| m.len()),
            (None, None) => None,
        }
    }
    /// First value of a request header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
    /// A request header read as text (a number, a date, a token list): bytes that are not
    /// UTF-8 make it None, as they would make nginx's parse of it fail.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header(name).and_then(|v| std::str::from_utf8(v).ok())
    }
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// A request body in a temporary file (nginx's `client_body_temp_path` files): removed when the
/// request ends unless `client_body_in_file_only on` keeps it.
#[derive(Debug)]
pub struct BodyFile {
    pub path: std::path::PathBuf,
    pub keep: bool,
}

impl Drop for BodyFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// nginx numbers temporary files from 1; where a file of that number exists, it jumps ahead by
/// its fixed "random" step (ngx_next_temp_number).
static TEMP_NUMBER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
const TEMP_NUMBER_STEP: u32 = 123_456;

impl BodyFile {
    /// Write `body` to a new file in `dir` (created when missing), named as nginx names them.
    pub fn create(dir: &std::path::Path, body: &[u8], keep: bool) -> std::io::Result<BodyFile> {
        use std::io::Write;
        let (file, mut f) = BodyFile::open(dir, keep)?;
        f.write_all(body)?;
        Ok(file)
    }

    /// A new empty file in `dir`, open for writing.
    pub fn open(dir: &std::path::Path, keep: bool) -> std::io::Result<(BodyFile, std::fs::File)> {
        use std::sync::atomic::Ordering;
        std::fs::create_dir_all(dir)?;
        let mut add = 1;
        loop {
            let n = TEMP_NUMBER
                .fetch_add(add, Ordering::Relaxed)
                .wrapping_add(add);
            let path = dir.join(format!("{n:010}"));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => return Ok((BodyFile { path, keep }, f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => add = TEMP_NUMBER_STEP,
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Browser;

    #[test]
    fn a_nul_inside_the_user_agent_ends_the_search_without_a_panic() {
        // nginx bounds the MSIE check by the whole value, and searches only up to a NUL.
        let b = Browser::of(b"MSIE 6.\0xxxxxxx");
        assert!(b.msie && b.msie6);
        assert!(!Browser::of(b"Mozilla/5.0 (MSIE 6.0; SV1)").msie6);
        assert!(Browser::of(b"Mozilla/5.0 Chrome/120.0 Safari/537.36").chrome);
    }
}
