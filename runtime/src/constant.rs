//! Constant answers: "pre-built static responses where the handler is constant".
//!
//! A location whose whole response is settled at build time — its content handler is native and
//! only says literals (`Chunk::native_constant`), or it only does `return CODE "text"`, and
//! nothing else of the location or its server runs for a request (`settled`) — answers from the
//! bytes its first full answer produced, with the Date header brought up to date. The full path still decides everything the response can
//! depend on: what nginx's own code looks at (HTTP version, HEAD, keep-alive, the URI's extension
//! for Content-Type) makes a separate recording, and a request that could be answered otherwise
//! (a body, conditional or range headers, TLS, a stopping server) is never answered from one.

use std::cell::RefCell;

use crate::http::Version;
use crate::plan::{Content, LocConf, Plan, RewriteOp};
use crate::reqparse::Head;
use crate::request::{Browser, ConnInfo, Request};
use crate::stream::Stream;
use crate::worker::Worker;

/// Recordings kept per worker: a few per location are enough (they differ by version, HEAD,
/// keep-alive and extension); past this, requests take the full path.
const MAX_RECORDINGS: usize = 64;

/// A worker's constant answers.
pub struct Answers {
    /// Per location: its answer is settled at build time.
    settled: Vec<bool>,
    /// Some location's is (decided at start: otherwise no request looks further).
    any: bool,
    recorded: RefCell<Vec<Recording>>,
}

/// What a constant answer depends on besides its location.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key {
    loc: usize,
    version: Version,
    head_only: bool,
    /// Keep-alive as the request asks and the location allows, before the response is built.
    keepalive: bool,
    /// The `types` entry of the URI's extension (the Content-Type).
    media_type: Option<usize>,
    /// nginx's browser guess (padded error pages, Safari's keep-alive).
    browser: Browser,
}

struct Recording {
    key: Key,
    bytes: Vec<u8>,
    /// Where the Date header's value is (29 bytes).
    date_at: Option<usize>,
    /// The connection stays open after it.
    keepalive: bool,
    keepalive_timeout_ms: u64,
}

/// A recorded answer being sent.
pub struct Answer {
    /// What the socket did not take at once (or why it failed).
    pub rest: std::io::Result<Vec<u8>>,
    /// Some(keepalive_timeout) when the connection stays open.
    pub keepalive: Option<std::time::Duration>,
}

impl Answers {
    pub fn new(plan: &Plan) -> Answers {
        let settled: Vec<bool> = (0..plan.locations.len())
            .map(|l| settled(plan, l))
            .collect();
        Answers {
            any: settled.contains(&true),
            settled,
            recorded: RefCell::new(Vec::new()),
        }
    }

    /// The key of a request that a constant answer may serve, if it is one.
    pub fn key(&self, w: &Worker, head: &Head, conn: &ConnInfo, server: usize) -> Option<Key> {
        if !self.any {
            return None;
        }
        let head_only = match head.method.as_str() {
            "GET" => false,
            "HEAD" => true,
            _ => return None,
        };
        let plain = conn.tls.is_none() && !conn.plain_http_on_tls;
        if !plain
            || head.version == Version::Http09
            || head.content_length.is_some()
            || head.chunked
            || !head.notes.is_empty()
            || crate::serve::shutting_down()
            || head.headers.iter().any(|(n, _)| answered_otherwise(n))
        {
            return None;
        }
        let found = w.router.find_location(&w.plan, server, &head.uri).ok()??;
        if found.auto_redirect || !self.settled[found.loc] {
            return None;
        }
        let server_conf = &w.plan.http.servers[server].conf;
        let c = &w.plan.locations[found.loc].conf;
        let connection = head
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("connection"))
            .and_then(|(_, v)| std::str::from_utf8(v).ok());
        let browser = Browser::of_headers(&head.headers);
        let keepalive = crate::serve::keepalive_asked(head.version, connection)
            && crate::serve::keepalive_allowed(server_conf, conn.requests)
            && crate::serve::keepalive_allowed(c, conn.requests)
            && !(c.keepalive_disable_safari && browser.safari);
        Some(Key {
            loc: found.loc,
            version: head.version,
            head_only,
            keepalive,
            media_type: crate::staticfile::type_index(w, c, &head.uri),
            browser,
        })
    }

    /// Send the recorded answer for `key`, dated now, as far as the socket takes it at once.
    /// None without a recording; else the bytes still to send (usually none).
    pub fn send(&self, key: &Key, io: &Stream) -> Option<Answer> {
        let mut recorded = self.recorded.borrow_mut();
        let rec = recorded.iter_mut().find(|r| r.key == *key)?;
        if let Some(at) = rec.date_at {
            crate::output::with_date(|d| {
                if let Some(slot) = rec.bytes.get_mut(at..at + d.len()) {
                    slot.copy_from_slice(d.as_bytes());
                }
            });
        }
        let sent = match io.try_write(&rec.bytes) {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(0),
            Err(e) => Err(e),
        };
        Some(Answer {
            rest: sent.map(|n| rec.bytes[n..].to_vec()),
            keepalive: rec
                .keepalive
                .then(|| std::time::Duration::from_millis(rec.keepalive_timeout_ms)),
        })
    }

    /// Record the answer the full path gave to a request of `key`, when it is whole and still
    /// unsent (nothing was flushed before the end).
    pub fn record(&self, w: &Worker, key: Key, rq: &Request) {
        let mut recorded = self.recorded.borrow_mut();
        let whole = rq.status == 200
            && rq.eof
            && rq.header_sent
            && !rq.filter_failed
            && rq.out.len() as u64 == rq.bytes_sent;
        if !whole || recorded.len() >= MAX_RECORDINGS || recorded.iter().any(|r| r.key == key) {
            return;
        }
        let head_end = memchr::memmem::find(&rq.out, b"\r\n\r\n").unwrap_or(rq.out.len());
        let date_at = memchr::memmem::find(&rq.out[..head_end], b"\r\nDate: ").map(|i| i + 8);
        recorded.push(Recording {
            key,
            bytes: rq.out.clone(),
            date_at,
            keepalive: rq.keepalive,
            keepalive_timeout_ms: crate::output::conf(w, rq).keepalive_timeout_ms,
        });
    }
}

/// Request headers that nginx's filters act on for such a response (412 for If-Match or
/// If-Unmodified-Since without validators, ranges), or that bring a body.
fn answered_otherwise(name: &str) -> bool {
    let n = name.as_bytes();
    (n.len() >= 3 && n[..3].eq_ignore_ascii_case(b"if-"))
        || name.eq_ignore_ascii_case("range")
        || name.eq_ignore_ascii_case("expect")
}

/// Whether every request the location serves gets the same response from the same inputs (see
/// the module doc). Every field of the location's configuration is named, so that a new one
/// must be judged here.
fn settled(plan: &Plan, loc: usize) -> bool {
    let location = &plan.locations[loc];
    let server = &plan.http.servers[location.server].conf;
    let LocConf {
        // The content handler decides it all: these do not apply.
        root: _,
        alias: _,
        index: _,
        try_files,
        error_pages: _,
        recursive_error_pages: _,
        add_headers,
        echo_before_body,
        echo_after_body,
        sub_filter,
        mirror,
        mirror_request_body: _,
        // (how a Location is written: settled answers have none)
        absolute_redirect: _,
        server_name_in_redirect: _,
        port_in_redirect: _,
        // (a settled answer reads no variable)
        uninitialized_variable_warn: _,
        // (a variable: it matters only where something reads it)
        secure_link: _,
        more_headers,
        expires,
        limit_rate,
        limit_rate_after: _,
        base32_padding: _,
        base32_alphabet: _,
        client_max_body_size: _,
        valid_referers: _,
        // Decided per request, as the full path does (`Answers::key`).
        keepalive_timeout_ms: _,
        client_header_timeout_ms: _,
        client_body_timeout_ms: _,
        keepalive_requests: _,
        // (in the key: the browser guess they act on)
        keepalive_disable_msie6: _,
        keepalive_disable_safari: _,
        msie_padding: _,
        // The same bytes every time: part of the recording.
        default_type: _,
        types: _,
        keepalive_header: _,
        server_tokens: _,
        charset: _,
        lua_use_default_type: _,
        lua_http10_buffering: _,
        lua_transform_underscores: _,
        internal,
        merge_slashes: _,
        lua_need_request_body,
        auth_basic,
        auth_basic_user_file,
        auth_request,
        auth_request_set: _,
        gzip,
        satisfy_any: _,
        client_body_buffer_size: _,
        client_body_in_file_only: _,
        client_body_temp_path: _,
        lua_check_client_abort: _,
        lua_socket: _,
        rewrite,
        // (only the server's runs: checked there)
        server_rewrite_by_lua: _,
        rewrite_by_lua,
        access_by_lua,
        content,
        header_filter_by_lua,
        body_filter_by_lua,
        log_by_lua,
        access_rules,
        limit_req,
        limit_conn,
        real_ip: _,
        etag: _,
        autoindex: _,
        if_modified_since: _,
        log_not_found: _,
        access_log,
        error_log: _,
        client_header_buffer_size: _,
        large_client_header_buffers: _,
        underscores_in_headers: _,
        ignore_invalid_headers: _,
        proxy: _,
        limit_except,
    } = &location.conf;
    let constant_content =
        matches!(content, Some(Content::Lua(c)) if c.native.is_some() && c.native_constant);
    // `return 200 "text"` (a health check, a stub): the rewrite phase answers with a literal
    // before any content handler. Redirects are not settled: their Location depends on the Host.
    let constant_return = matches!(
        rewrite.as_slice(),
        [RewriteOp::Return { code, text: Some(t) }]
            if !matches!(code, 301 | 302 | 303 | 307 | 308) && t.as_literal().is_some()
    );
    (constant_content && rewrite.is_empty() || constant_return)
        && server.rewrite.is_empty()
        && server.server_rewrite_by_lua.is_none()
        && try_files.is_empty()
        && add_headers.iter().all(|h| h.value.as_literal().is_some())
        // (input headers rewrite what the key was computed from: Connection, If-*)
        && more_headers.iter().all(|m| !m.input)
        && more_headers
            .iter()
            .flat_map(|m| &m.headers)
            .all(|h| h.value.as_ref().is_none_or(|v| v.as_literal().is_some()))
        && expires.is_none()
        // (a replay is written at once)
        && limit_rate.is_none()
        && echo_before_body.is_empty()
        && sub_filter.pairs.is_empty()
        && mirror.is_empty()
        && echo_after_body.is_empty()
        && !internal
        && !lua_need_request_body
        && (auth_basic.is_none() || auth_basic_user_file.is_none())
        && auth_request.is_none()
        && !gzip.enable
        && rewrite_by_lua.is_none()
        && access_by_lua.is_none()
        && header_filter_by_lua.is_none()
        && body_filter_by_lua.is_none()
        && log_by_lua.is_none()
        && access_rules.is_empty()
        && limit_req.is_default()
        && limit_conn.is_default()
        && access_log.is_empty()
        && limit_except.is_none()
}
