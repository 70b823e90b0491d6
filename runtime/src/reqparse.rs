//! HTTP/1.x request heads, parsed byte for byte as nginx 1.22 parses them.
//!
//! Mirrors `ngx_http_parse_request_line` and `ngx_http_parse_header_line` (the two state
//! machines, with nginx's state names), `ngx_http_process_request_line` /
//! `ngx_http_process_request_headers` / `ngx_http_process_request_header` (what is checked
//! when, and the info-level log line of each refusal), `ngx_http_validate_host`, the
//! `ngx_http_headers_in` handlers that refuse duplicates, and `ngx_http_alloc_large_header_buffer`:
//! the head is read into a `client_header_buffer_size` buffer, and when a buffer fills up in
//! the middle of the request line or of a header line, that line is moved to one of the
//! `large_client_header_buffers`; a line that does not fit one is a 414 (request line) or a 494
//! (a header line, "400 Request Header Or Cookie Too Large"), and so is running out of buffers.
//! The buffers are simulated as offsets into the connection's read buffer, so the outcome does
//! not depend on how the bytes were split into reads — as in nginx, which only moves on to a
//! new buffer when the current one is full.
//!
//! The parser is a pure function of the bytes received so far: it is run again from the start
//! when more bytes arrive (heads are small), and it never panics (see the property tests).

use std::rc::Rc;

use bstr::BString;

use crate::http::Version;
use crate::plan::{LocConf, LogLevel};
use crate::request::{ConnInfo, ReqRef};
use crate::worker::Worker;

/// The server-level directives that shape how a head is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `client_header_buffer_size` (the first buffer of a connection; 1k).
    pub client_header_buffer_size: usize,
    /// `large_client_header_buffers` number and size (4 8k).
    pub large_buffers: usize,
    pub large_buffer_size: usize,
    /// `underscores_in_headers` (off).
    pub underscores_in_headers: bool,
    /// `ignore_invalid_headers` (on).
    pub ignore_invalid_headers: bool,
    /// `merge_slashes` (on): `$uri` is computed with the default server's setting, as in nginx.
    pub merge_slashes: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            client_header_buffer_size: 1024,
            large_buffers: 4,
            large_buffer_size: 8192,
            underscores_in_headers: false,
            ignore_invalid_headers: true,
            merge_slashes: true,
        }
    }
}

impl Limits {
    /// The limits of a server's configuration.
    pub fn of(c: &LocConf) -> Limits {
        Limits {
            client_header_buffer_size: (c.client_header_buffer_size as usize).max(1),
            large_buffers: c.large_client_header_buffers.0 as usize,
            large_buffer_size: (c.large_client_header_buffers.1 as usize).max(1),
            underscores_in_headers: c.underscores_in_headers,
            ignore_invalid_headers: c.ignore_invalid_headers,
            merge_slashes: c.merge_slashes,
        }
    }
}

/// nginx's header buffer where a request starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// Bytes of the current buffer from the request's first byte to the buffer's end.
    pub room: usize,
    /// Size of the current buffer (what "the client fills up the buffer with CRLF" resets to).
    pub cap: usize,
    /// Large header buffers already taken.
    pub busy: usize,
    /// The request follows another one already in the buffer ("reading client pipelined
    /// request line").
    pub pipelined: bool,
}

impl Start {
    /// A request read into a fresh `client_header_buffer_size` buffer.
    pub fn fresh(l: &Limits) -> Start {
        Start {
            room: l.client_header_buffer_size,
            cap: l.client_header_buffer_size,
            busy: 0,
            pipelined: false,
        }
    }

    /// `n` bytes of empty lines before the request line were consumed from this buffer (a buffer
    /// they fill up is started again, as `ngx_http_alloc_large_header_buffer` does).
    pub fn skip(&mut self, n: usize) {
        let cap = self.cap.max(1);
        if n >= self.room {
            self.room = cap - (n - self.room) % cap;
        } else {
            self.room -= n;
        }
    }

    /// Where the next request on the connection starts, if nginx would find it already in
    /// this head's buffer (`ngx_http_set_keepalive`, "pipelined request"): the head, then its
    /// body, must leave unread bytes in the buffer. `buffered` is how many bytes had been
    /// received when the head was parsed (head included). None: a fresh buffer.
    pub fn after(head: &Head, buffered: usize) -> Option<Start> {
        let body = match (head.content_length, head.chunked) {
            (_, true) => return None,
            (None, false) => 0,
            (Some(n), false) => usize::try_from(n).ok()?,
        };
        if body > buffered.saturating_sub(head.len) || body >= head.after.room {
            return None;
        }
        Some(Start {
            room: head.after.room - body,
            cap: head.after.cap,
            // The buffer in use stays busy; the other large buffers go to the free list.
            busy: head.after.busy.min(1),
            pipelined: true,
        })
    }
}

/// A parsed request head.
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    /// The method as sent.
    pub method: String,
    /// `$request`: the request line without CR LF (trailing spaces kept, as nginx does).
    pub request_line: BString,
    /// `$request_uri`: the target as sent, from the path on (`/a?b`; `/` for `http://host`).
    pub unparsed_uri: BString,
    /// `$uri`: decoded, `.`/`..` resolved, slashes merged (with the default server's merge_slashes).
    pub uri: BString,
    /// `$args`.
    pub args: BString,
    pub version: Version,
    /// nginx's `r->http_version`: major * 1000 + minor (9 for HTTP/0.9; 1002 for HTTP/1.2).
    pub http_version: u32,
    /// `$server_protocol` as sent (`HTTP/1.1`, `HTTP/1.2`, `HTTP/1.01`; empty for HTTP/0.9);
    /// the two usual ones are not allocated.
    pub protocol: std::borrow::Cow<'static, str>,
    /// The host from the request line, else from the Host header: validated, lower case,
    /// port and trailing dot removed. None when neither has one.
    pub host: Option<BString>,
    /// The server `host` selected (None: the socket's default server).
    pub server: Option<usize>,
    /// Header lines kept, in arrival order, names as sent.
    pub headers: Vec<(String, BString)>,
    /// `Transfer-Encoding: chunked`.
    pub chunked: bool,
    /// `Content-Length`, validated.
    pub content_length: Option<i64>,
    /// Bytes of the buffer the head took (request line, headers, the empty line).
    pub len: usize,
    /// The head as nginx's buffer holds it after parsing, for `ngx.req.raw_header`: from the
    /// request line to the empty line, with the NULs nginx writes after each kept header's
    /// name and value.
    pub raw: Vec<u8>,
    /// nginx's header buffer right after the head (for a pipelined request that follows).
    pub after: Start,
    /// Info-level lines logged while the head was read (ignored invalid header lines).
    pub notes: Vec<Note>,
}

impl Head {
    /// A placeholder left in the parser once its head is handed out.
    fn empty() -> Head {
        Head {
            method: String::new(),
            request_line: BString::default(),
            unparsed_uri: BString::default(),
            uri: BString::default(),
            args: BString::default(),
            version: Version::Http11,
            http_version: 0,
            protocol: "".into(),
            host: None,
            server: None,
            headers: Vec::new(),
            chunked: false,
            content_length: None,
            len: 0,
            raw: Vec::new(),
            after: Start {
                room: 0,
                cap: 0,
                busy: 0,
                pipelined: false,
            },
            notes: Vec::new(),
        }
    }
}

/// A log line written while the head was read, with what the request knew at that time.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub msg: String,
    /// Header lines kept before this one (the `host:` of the log line comes from them).
    pub headers: usize,
    /// The server selected at that time.
    pub server: Option<usize>,
}

/// What a head that is not complete (or was refused) had so far: the request of its log lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Ctx {
    pub method: String,
    /// The request line of the log lines: as far as received for a line not yet complete.
    pub request_line: BString,
    /// HTTP/0.9 refusals are answered with the page body only.
    pub version: Version,
    pub headers: Vec<(String, BString)>,
    pub server: Option<usize>,
    pub notes: Vec<Note>,
    /// `reading client request line`, `reading client request headers`, ...
    pub action: &'static str,
    /// Nothing of this request received yet (`waiting for request`, or a keep-alive connection).
    pub idle: bool,
    /// The connection timed out (rather than being closed by the client).
    pub timed_out: bool,
}

/// A head nginx refuses, or a connection that ends while a head is read.
#[derive(Clone, Debug, PartialEq)]
pub struct Bad {
    /// The special response to send (494 is sent as 400 with its own page); 0 = close without
    /// an answer (client closed, timed out).
    pub status: u16,
    /// The log line's message, with its ` while ...` action (empty: nothing to log).
    pub msg: String,
    pub ctx: Ctx,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// More bytes are needed (`Parser::into_ctx` tells what the request has so far).
    Partial,
    Done(Box<Head>),
    Bad(Box<Bad>),
}

const ACTION_LINE: &str = "reading client request line";
const ACTION_PIPELINED: &str = "reading client pipelined request line";
const ACTION_HEADERS: &str = "reading client request headers";

/// How many header lines the reference nginx (Debian's 1.22.1) takes: the next one is
/// "client sent too many header lines", 400 "Request Header Or Cookie Too Large".
const MAX_HEADER_LINES: usize = 1000;

/// `NGX_MAX_ERROR_STR - 300`: how much of a too long header line is logged.
const MAX_LOGGED_LINE: usize = 2048 - 300;

/// nginx's `usual` table: URI bytes that need no attention (`ngx_http_parse.c`).
const USUAL: [u32; 8] = [
    0x0000_0000,
    0x7fff_37d6,
    0xffff_ffff,
    0x7fff_ffff,
    0xffff_ffff,
    0xffff_ffff,
    0xffff_ffff,
    0xffff_ffff,
];

fn usual(ch: u8) -> bool {
    USUAL[(ch >> 5) as usize] & (1u32 << (ch & 0x1f)) != 0
}

/// Header name bytes nginx keeps (its `lowcase` table): `-`, digits, letters.
fn lowcase(ch: u8) -> bool {
    ch == b'-' || ch.is_ascii_alphanumeric()
}

/// The header lines `ngx_http_process_unique_header_line` refuses to see twice.
const UNIQUE: &[&str] = &[
    "if-modified-since",
    "if-unmodified-since",
    "if-match",
    "if-none-match",
    "content-length",
    "content-range",
    "if-range",
    "transfer-encoding",
    "expect",
    "authorization",
];

/// Request data as received: the bytes are kept as they are, as nginx keeps them.
fn bytes(b: &[u8]) -> BString {
    BString::from(b)
}

/// Text for log messages and names nginx checked (header names, the method, the host).
fn lossy(b: &[u8]) -> String {
    // The common case (ASCII: a word at a time, cheaper than UTF-8 validation on short strings),
    // then valid UTF-8, both copied once.
    if b.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        return unsafe { String::from_utf8_unchecked(b.to_vec()) };
    }
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

/// `ngx_http_validate_host`: the host lower-cased without port and trailing dot, or None when
/// nginx refuses it (`..`, `/`, `\`, spaces and control characters, an empty name).
/// Bytes ≥ 0x80 are allowed and kept (only ASCII is lower-cased), as nginx does.
pub fn validate_host(h: &[u8]) -> Option<BString> {
    #[derive(PartialEq)]
    enum S {
        Usual,
        Literal,
        Rest,
    }
    let mut dot_pos = h.len();
    let mut host_len = h.len();
    let mut state = S::Usual;
    for (i, &ch) in h.iter().enumerate() {
        match ch {
            b'.' => {
                if i > 0 && dot_pos == i - 1 {
                    return None;
                }
                dot_pos = i;
            }
            b':' => {
                if state == S::Usual {
                    host_len = i;
                    state = S::Rest;
                }
            }
            b'[' => {
                if i == 0 {
                    state = S::Literal;
                }
            }
            b']' => {
                if state == S::Literal {
                    host_len = i + 1;
                    state = S::Rest;
                }
            }
            _ => {
                if ch == b'/' || ch <= 0x20 || ch == 0x7f {
                    return None;
                }
            }
        }
    }
    if host_len > 0 && dot_pos == host_len - 1 {
        host_len -= 1;
    }
    if host_len == 0 {
        return None;
    }
    let mut host = bytes(&h[..host_len]);
    host.make_ascii_lowercase();
    Some(host)
}

/// `ngx_atoof`: digits only, no sign, no overflow of off_t.
fn atoof(v: &[u8]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &c in v {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add((c - b'0') as i64)?;
    }
    Some(n)
}

// ---------------------------------------------------------------------------------------------
// ngx_http_parse_request_line

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ls {
    Start,
    Method,
    SpacesBeforeUri,
    Schema,
    SchemaSlash,
    SchemaSlashSlash,
    HostStart,
    Host,
    HostIpLiteral,
    HostEnd,
    Port,
    AfterSlashInUri,
    CheckUri,
    Uri,
    Http09,
    HttpH,
    HttpHT,
    HttpHTT,
    HttpHTTP,
    FirstMajorDigit,
    MajorDigit,
    FirstMinorDigit,
    MinorDigit,
    SpacesAfterDigit,
    AlmostDone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineErr {
    /// NGX_HTTP_PARSE_INVALID_METHOD
    Method,
    /// NGX_HTTP_PARSE_INVALID_REQUEST
    Request,
    /// NGX_HTTP_PARSE_INVALID_VERSION
    Version,
    /// NGX_HTTP_PARSE_INVALID_09_METHOD
    Method09,
}

impl LineErr {
    fn text(self) -> &'static str {
        match self {
            LineErr::Method => "client sent invalid method",
            LineErr::Request => "client sent invalid request",
            LineErr::Version => "client sent invalid version",
            LineErr::Method09 => "client sent invalid method in HTTP/0.9 request",
        }
    }
}

/// The request line parser's state and the positions it records (offsets into the buffer).
#[derive(Clone, Debug)]
struct Line {
    state: Ls,
    request_start: usize,
    request_end: Option<usize>,
    /// Set when the method is complete (nginx knows `r->method` from then on: a refused HEAD
    /// request is answered without a body).
    method_end: Option<usize>,
    uri_start: usize,
    uri_end: usize,
    /// For `http://host` without a path: the URI is the `/` after the schema.
    uri_is_slash: bool,
    args_start: Option<usize>,
    empty_path_in_uri: bool,
    schema_end: usize,
    host_start: Option<usize>,
    host_end: Option<usize>,
    protocol_start: Option<usize>,
    major: u32,
    minor: u32,
}

enum Step {
    Done,
    Again,
    Err(LineErr),
}

impl Line {
    fn new() -> Line {
        Line {
            state: Ls::Start,
            request_start: 0,
            request_end: None,
            method_end: None,
            uri_start: 0,
            uri_end: 0,
            uri_is_slash: false,
            args_start: None,
            empty_path_in_uri: false,
            schema_end: 0,
            host_start: None,
            host_end: None,
            protocol_start: None,
            major: 0,
            minor: 0,
        }
    }

    /// Run over `buf[*pos..end]`; `*pos` is left after the last byte consumed.
    fn run(&mut self, buf: &[u8], pos: &mut usize, end: usize) -> Step {
        let mut p = *pos;
        while p < end {
            let ch = buf[p];
            match self.state {
                Ls::Start => {
                    self.request_start = p;
                    if ch == b'\r' || ch == b'\n' {
                        p += 1;
                        continue;
                    }
                    if !(ch.is_ascii_uppercase() || ch == b'_' || ch == b'-') {
                        *pos = p;
                        return Step::Err(LineErr::Method);
                    }
                    self.state = Ls::Method;
                }
                Ls::Method => {
                    if ch == b' ' {
                        self.method_end = Some(p);
                        self.state = Ls::SpacesBeforeUri;
                    } else if !(ch.is_ascii_uppercase() || ch == b'_' || ch == b'-') {
                        *pos = p;
                        return Step::Err(LineErr::Method);
                    }
                }
                Ls::SpacesBeforeUri => {
                    if ch == b'/' {
                        self.uri_start = p;
                        self.state = Ls::AfterSlashInUri;
                    } else if (ch | 0x20).is_ascii_lowercase() {
                        self.state = Ls::Schema;
                    } else if ch != b' ' {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                }
                Ls::Schema => {
                    if (ch | 0x20).is_ascii_lowercase()
                        || ch.is_ascii_digit()
                        || ch == b'+'
                        || ch == b'-'
                        || ch == b'.'
                    {
                    } else if ch == b':' {
                        self.schema_end = p;
                        self.state = Ls::SchemaSlash;
                    } else {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                }
                Ls::SchemaSlash | Ls::SchemaSlashSlash => {
                    if ch != b'/' {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                    self.state = if self.state == Ls::SchemaSlash {
                        Ls::SchemaSlashSlash
                    } else {
                        Ls::HostStart
                    };
                }
                Ls::HostStart | Ls::Host => {
                    if self.state == Ls::HostStart {
                        self.host_start = Some(p);
                        if ch == b'[' {
                            self.state = Ls::HostIpLiteral;
                            p += 1;
                            continue;
                        }
                        self.state = Ls::Host;
                    }
                    if (ch | 0x20).is_ascii_lowercase()
                        || ch.is_ascii_digit()
                        || ch == b'.'
                        || ch == b'-'
                    {
                        p += 1;
                        continue;
                    }
                    if let Err(e) = self.host_end(buf, p, ch) {
                        *pos = p;
                        return Step::Err(e);
                    }
                }
                Ls::HostIpLiteral => {
                    if ch == b']' {
                        self.state = Ls::HostEnd;
                    } else if !(ch.is_ascii_alphanumeric() || b":-._~!$&'()*+,;=".contains(&ch)) {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                }
                Ls::HostEnd => {
                    if let Err(e) = self.host_end(buf, p, ch) {
                        *pos = p;
                        return Step::Err(e);
                    }
                }
                Ls::Port => {
                    if !ch.is_ascii_digit() {
                        match ch {
                            b'/' => {
                                self.uri_start = p;
                                self.state = Ls::AfterSlashInUri;
                            }
                            b'?' => {
                                self.uri_start = p;
                                self.args_start = Some(p + 1);
                                self.empty_path_in_uri = true;
                                self.state = Ls::Uri;
                            }
                            b' ' => {
                                self.uri_is_slash = true;
                                self.state = Ls::Http09;
                            }
                            _ => {
                                *pos = p;
                                return Step::Err(LineErr::Request);
                            }
                        }
                    }
                }
                Ls::AfterSlashInUri | Ls::CheckUri | Ls::Uri => {
                    if usual(ch) {
                        if self.state == Ls::AfterSlashInUri {
                            self.state = Ls::CheckUri;
                        }
                        p += 1;
                        continue;
                    }
                    match ch {
                        b' ' => {
                            self.uri_end = p;
                            self.state = Ls::Http09;
                        }
                        b'\r' => {
                            self.uri_end = p;
                            self.minor = 9;
                            self.state = Ls::AlmostDone;
                        }
                        b'\n' => {
                            self.uri_end = p;
                            self.minor = 9;
                            *pos = p + 1;
                            self.request_end.get_or_insert(p);
                            return Step::Done;
                        }
                        b'#' => self.state = Ls::Uri,
                        b'.' | b'%' if self.state == Ls::AfterSlashInUri => self.state = Ls::Uri,
                        b'/' if self.state == Ls::AfterSlashInUri => self.state = Ls::Uri,
                        b'/' if self.state == Ls::CheckUri => self.state = Ls::AfterSlashInUri,
                        b'.' if self.state == Ls::CheckUri => {}
                        b'%' if self.state == Ls::CheckUri => self.state = Ls::Uri,
                        b'?' if self.state != Ls::Uri => {
                            self.args_start = Some(p + 1);
                            self.state = Ls::Uri;
                        }
                        b'+' if self.state != Ls::Uri => {}
                        _ => {
                            if ch < 0x20 || ch == 0x7f {
                                *pos = p;
                                return Step::Err(LineErr::Request);
                            }
                            if self.state == Ls::AfterSlashInUri {
                                self.state = Ls::CheckUri;
                            }
                        }
                    }
                }
                Ls::Http09 => match ch {
                    b' ' => {}
                    b'\r' => {
                        self.minor = 9;
                        self.state = Ls::AlmostDone;
                    }
                    b'\n' => {
                        self.minor = 9;
                        *pos = p + 1;
                        self.request_end.get_or_insert(p);
                        return Step::Done;
                    }
                    b'H' => {
                        self.protocol_start = Some(p);
                        self.state = Ls::HttpH;
                    }
                    _ => {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                },
                Ls::HttpH | Ls::HttpHT | Ls::HttpHTT | Ls::HttpHTTP => {
                    let (want, next) = match self.state {
                        Ls::HttpH => (b'T', Ls::HttpHT),
                        Ls::HttpHT => (b'T', Ls::HttpHTT),
                        Ls::HttpHTT => (b'P', Ls::HttpHTTP),
                        _ => (b'/', Ls::FirstMajorDigit),
                    };
                    if ch != want {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                    self.state = next;
                }
                Ls::FirstMajorDigit => {
                    if !(b'1'..=b'9').contains(&ch) {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                    self.major = (ch - b'0') as u32;
                    if self.major > 1 {
                        *pos = p;
                        return Step::Err(LineErr::Version);
                    }
                    self.state = Ls::MajorDigit;
                }
                Ls::MajorDigit => {
                    if ch == b'.' {
                        self.state = Ls::FirstMinorDigit;
                    } else if ch.is_ascii_digit() {
                        self.major = self.major * 10 + (ch - b'0') as u32;
                        if self.major > 1 {
                            *pos = p;
                            return Step::Err(LineErr::Version);
                        }
                    } else {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                }
                Ls::FirstMinorDigit => {
                    if !ch.is_ascii_digit() {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                    self.minor = (ch - b'0') as u32;
                    self.state = Ls::MinorDigit;
                }
                Ls::MinorDigit => {
                    if ch == b'\r' {
                        self.state = Ls::AlmostDone;
                    } else if ch == b'\n' {
                        *pos = p + 1;
                        self.request_end.get_or_insert(p);
                        return Step::Done;
                    } else if ch == b' ' {
                        self.state = Ls::SpacesAfterDigit;
                    } else if ch.is_ascii_digit() {
                        if self.minor > 99 {
                            *pos = p;
                            return Step::Err(LineErr::Request);
                        }
                        self.minor = self.minor * 10 + (ch - b'0') as u32;
                    } else {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                }
                Ls::SpacesAfterDigit => match ch {
                    b' ' => {}
                    b'\r' => self.state = Ls::AlmostDone,
                    b'\n' => {
                        *pos = p + 1;
                        self.request_end.get_or_insert(p);
                        return Step::Done;
                    }
                    _ => {
                        *pos = p;
                        return Step::Err(LineErr::Request);
                    }
                },
                Ls::AlmostDone => {
                    self.request_end = Some(p - 1);
                    if ch == b'\n' {
                        *pos = p + 1;
                        return Step::Done;
                    }
                    *pos = p;
                    return Step::Err(LineErr::Request);
                }
            }
            p += 1;
        }
        *pos = p;
        Step::Again
    }

    /// sw_host_end: the byte after a host name (or after `]`).
    fn host_end(&mut self, _buf: &[u8], p: usize, ch: u8) -> Result<(), LineErr> {
        self.host_end = Some(p);
        match ch {
            b':' => self.state = Ls::Port,
            b'/' => {
                self.uri_start = p;
                self.state = Ls::AfterSlashInUri;
            }
            b'?' => {
                self.uri_start = p;
                self.args_start = Some(p + 1);
                self.empty_path_in_uri = true;
                self.state = Ls::Uri;
            }
            b' ' => {
                self.uri_is_slash = true;
                self.state = Ls::Http09;
            }
            _ => return Err(LineErr::Request),
        }
        Ok(())
    }

    fn method(&self, buf: &[u8]) -> String {
        match self.method_end {
            Some(e) => lossy(&buf[self.request_start.min(e)..e]),
            None => String::new(),
        }
    }

    fn http_version(&self) -> u32 {
        self.major * 1000 + self.minor
    }
}

// ---------------------------------------------------------------------------------------------
// ngx_http_parse_header_line

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hs {
    Start,
    Name,
    SpaceBeforeValue,
    Value,
    SpaceAfterValue,
    AlmostDone,
    HeaderAlmostDone,
}

#[derive(Clone, Debug)]
struct HeaderLine {
    state: Hs,
    /// Start of the line being parsed, or of the last one (nginx does not clear it).
    name_start: Option<usize>,
    name_end: usize,
    start: usize,
    end: usize,
    invalid: bool,
}

enum HStep {
    /// A header line: `name_start..name_end`, value `start..end`.
    Line,
    /// The empty line.
    Done,
    Again,
    /// NGX_HTTP_PARSE_INVALID_HEADER.
    Invalid,
}

impl HeaderLine {
    fn run(&mut self, buf: &[u8], pos: &mut usize, end: usize, underscores: bool) -> HStep {
        let mut p = *pos;
        while p < end {
            let ch = buf[p];
            match self.state {
                Hs::Start => {
                    self.name_start = Some(p);
                    self.invalid = false;
                    match ch {
                        b'\r' => {
                            self.end = p;
                            self.state = Hs::HeaderAlmostDone;
                        }
                        b'\n' => {
                            self.end = p;
                            *pos = p + 1;
                            return HStep::Done;
                        }
                        _ => {
                            self.state = Hs::Name;
                            if lowcase(ch) {
                            } else if ch == b'_' {
                                if !underscores {
                                    self.invalid = true;
                                }
                            } else if ch <= 0x20 || ch == 0x7f || ch == b':' {
                                self.end = p;
                                *pos = p;
                                return HStep::Invalid;
                            } else {
                                self.invalid = true;
                            }
                        }
                    }
                }
                Hs::Name => {
                    if lowcase(ch) {
                        while p + 1 < end && lowcase(buf[p + 1]) {
                            p += 1;
                        }
                    } else if ch == b'_' {
                        if !underscores {
                            self.invalid = true;
                        }
                    } else if ch == b':' {
                        self.name_end = p;
                        self.state = Hs::SpaceBeforeValue;
                    } else if ch == b'\r' {
                        self.name_end = p;
                        self.start = p;
                        self.end = p;
                        self.state = Hs::AlmostDone;
                    } else if ch == b'\n' {
                        self.name_end = p;
                        self.start = p;
                        self.end = p;
                        return self.line(pos, p);
                    } else if ch <= 0x20 || ch == 0x7f {
                        self.end = p;
                        *pos = p;
                        return HStep::Invalid;
                    } else {
                        self.invalid = true;
                    }
                }
                Hs::SpaceBeforeValue => match ch {
                    b' ' | b'\t' => {}
                    b'\r' => {
                        self.start = p;
                        self.end = p;
                        self.state = Hs::AlmostDone;
                    }
                    b'\n' => {
                        self.start = p;
                        self.end = p;
                        return self.line(pos, p);
                    }
                    0 => {
                        self.end = p;
                        *pos = p;
                        return HStep::Invalid;
                    }
                    _ => {
                        self.start = p;
                        self.state = Hs::Value;
                    }
                },
                Hs::Value => match ch {
                    b' ' | b'\t' => {
                        self.end = p;
                        self.state = Hs::SpaceAfterValue;
                    }
                    b'\r' => {
                        self.end = p;
                        self.state = Hs::AlmostDone;
                    }
                    b'\n' => {
                        self.end = p;
                        return self.line(pos, p);
                    }
                    0 => {
                        self.end = p;
                        *pos = p;
                        return HStep::Invalid;
                    }
                    // A run of ordinary bytes changes nothing: skip it without the dispatch
                    // (values are most of a head's bytes).
                    _ => {
                        while p + 1 < end && !matches!(buf[p + 1], b' ' | b'\t' | b'\r' | b'\n' | 0)
                        {
                            p += 1;
                        }
                    }
                },
                Hs::SpaceAfterValue => match ch {
                    b' ' | b'\t' => {}
                    b'\r' => self.state = Hs::AlmostDone,
                    b'\n' => return self.line(pos, p),
                    0 => {
                        self.end = p;
                        *pos = p;
                        return HStep::Invalid;
                    }
                    _ => self.state = Hs::Value,
                },
                Hs::AlmostDone => match ch {
                    b'\n' => return self.line(pos, p),
                    b'\r' => {}
                    _ => {
                        *pos = p;
                        return HStep::Invalid;
                    }
                },
                Hs::HeaderAlmostDone => {
                    if ch == b'\n' {
                        *pos = p + 1;
                        self.state = Hs::Start;
                        return HStep::Done;
                    }
                    *pos = p;
                    return HStep::Invalid;
                }
            }
            p += 1;
        }
        *pos = p;
        HStep::Again
    }

    fn line(&mut self, pos: &mut usize, p: usize) -> HStep {
        *pos = p + 1;
        self.state = Hs::Start;
        HStep::Line
    }
}

// ---------------------------------------------------------------------------------------------
// ngx_http_process_request_line / _headers / _header

/// nginx's header buffers, as offsets into the read buffer.
#[derive(Clone, Debug)]
struct Buffers {
    /// End of the current buffer.
    end: usize,
    cap: usize,
    busy: usize,
}

impl Buffers {
    /// `ngx_http_alloc_large_header_buffer`: `old` is the start of the line in progress (None
    /// when a line has just ended: nothing to move). False = NGX_DECLINED.
    fn alloc(&mut self, lim: &Limits, pos: usize, old: Option<usize>) -> bool {
        if let Some(old) = old {
            if pos - old >= lim.large_buffer_size {
                return false;
            }
        }
        if self.busy >= lim.large_buffers {
            return false;
        }
        self.busy += 1;
        self.cap = lim.large_buffer_size;
        self.end = old.unwrap_or(pos) + lim.large_buffer_size;
        true
    }

    /// The buffer right after a head that ends at `pos`.
    fn after(&self, pos: usize) -> Start {
        Start {
            room: self.end.saturating_sub(pos),
            cap: self.cap,
            busy: self.busy,
            pipelined: true,
        }
    }
}

/// The header-line phase of a head: what the request line gave, and what the header lines
/// collected so far.
#[derive(Clone, Debug)]
struct Hdrs {
    head: Head,
    http_version: u32,
    hl: HeaderLine,
    host_header: Option<usize>,
    /// nginx writes NULs after the name and the value of a header line it keeps; they show
    /// when the last complete line is logged as "too long" (its start is still
    /// `header_name_start`).
    kept_nuls: Option<(usize, usize)>,
    /// Where nginx wrote those NULs, for every header line kept so far.
    nuls: Nuls,
    seen_unique: Vec<(&'static str, usize)>,
}

/// Where nginx wrote NULs, two per kept header line: inline for the usual dozen lines (no
/// allocation per request).
#[derive(Clone, Debug, Default)]
struct Nuls {
    first: [usize; 32],
    n: usize,
    more: Vec<usize>,
}

impl Nuls {
    fn push(&mut self, at: usize) {
        match self.first.get_mut(self.n) {
            Some(slot) => {
                *slot = at;
                self.n += 1;
            }
            None => self.more.push(at),
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.first[..self.n].iter().chain(&self.more).copied()
    }
}

/// A head being parsed. `feed` is given the connection's buffer each time bytes were added to
/// it (the bytes already seen must not change): parsing goes on where it stopped, so a head
/// that arrives byte by byte costs linear time.
#[derive(Clone, Debug)]
pub struct Parser {
    lim: Limits,
    bufs: Buffers,
    ctx: Ctx,
    p: usize,
    line: Line,
    hdrs: Option<Box<Hdrs>>,
    finished: bool,
}

/// Parse the head at the start of `buf` in one go (see [`Parser`]). `select` maps a validated
/// host to the server it selects and that server's limits (`ngx_http_set_virtual_server`).
pub fn parse(
    buf: &[u8],
    limits: &Limits,
    start: Start,
    select: &mut dyn FnMut(&[u8]) -> (usize, Limits),
) -> Parsed {
    Parser::new(limits, start).feed(buf, select)
}

impl Parser {
    pub fn new(limits: &Limits, start: Start) -> Parser {
        Parser {
            lim: *limits,
            bufs: Buffers {
                end: start.room,
                cap: start.cap.max(1),
                busy: start.busy,
            },
            ctx: Ctx::idle(&start),
            p: 0,
            line: Line::new(),
            hdrs: None,
            finished: false,
        }
    }

    /// What the request had when the connection ended before its head was complete.
    pub fn into_ctx(mut self, buf: &[u8]) -> Ctx {
        if self.hdrs.is_none() && self.line.state != Ls::Start {
            self.ctx.idle = false;
            let end = buf.len().min(self.bufs.end);
            self.ctx.request_line = partial_line(buf, self.line.request_start, end);
            self.ctx.method = self.line.method(buf);
        }
        self.ctx
    }

    fn refuse(&mut self, status: u16, what: &str) -> Parsed {
        self.finished = true;
        let mut ctx = std::mem::replace(&mut self.ctx, Ctx::idle(&Start::fresh(&self.lim)));
        ctx.idle = false;
        let msg = format!("{what} while {}", ctx.action);
        Parsed::Bad(Box::new(Bad { status, msg, ctx }))
    }

    pub fn feed(&mut self, buf: &[u8], select: &mut dyn FnMut(&[u8]) -> (usize, Limits)) -> Parsed {
        if self.finished {
            return Parsed::Partial;
        }
        if self.hdrs.is_none() {
            if let Some(r) = self.request_line(buf, select) {
                return r;
            }
        }
        self.header_lines(buf, select)
    }

    /// `ngx_http_process_request_line`; None when the header lines come next.
    fn request_line(
        &mut self,
        buf: &[u8],
        select: &mut dyn FnMut(&[u8]) -> (usize, Limits),
    ) -> Option<Parsed> {
        loop {
            let end = buf.len().min(self.bufs.end);
            match self.line.run(buf, &mut self.p, end) {
                Step::Done => break,
                Step::Err(e) => {
                    self.ctx.request_line = partial_line(buf, self.line.request_start, end);
                    self.ctx.method = self.line.method(buf);
                    let status = if e == LineErr::Version { 505 } else { 400 };
                    return Some(self.refuse(status, e.text()));
                }
                Step::Again => {
                    if self.p < self.bufs.end {
                        return Some(Parsed::Partial);
                    }
                    // The buffer is full.
                    if self.line.state == Ls::Start {
                        // The client fills up the buffer with CR LF: start it again.
                        self.bufs.end = self.p + self.bufs.cap;
                        continue;
                    }
                    let rs = self.line.request_start;
                    if !self.bufs.alloc(&self.lim, self.p, Some(rs)) {
                        self.ctx.request_line = bytes(&buf[rs..self.bufs.end.min(buf.len())]);
                        self.ctx.method = self.line.method(buf);
                        return Some(self.refuse(414, "client sent too long URI"));
                    }
                }
            }
        }
        let (p, line) = (self.p, &self.line);
        let request_end = line.request_end.unwrap_or(p.saturating_sub(1));
        let rs = line.request_start;
        self.ctx.idle = false;
        self.ctx.request_line = bytes(&buf[rs..request_end.max(rs)]);
        self.ctx.method = line.method(buf);
        let http_version = line.http_version();
        let version = match http_version {
            9 => Version::Http09,
            v if v <= 1000 => Version::Http10,
            _ => Version::Http11,
        };
        self.ctx.version = version;
        if http_version == 9 && self.ctx.method != "GET" {
            return Some(self.refuse(400, LineErr::Method09.text()));
        }
        let protocol = match line.protocol_start.map(|s| &buf[s..request_end.max(s)]) {
            Some(b"HTTP/1.1") => "HTTP/1.1".into(),
            Some(b"HTTP/1.0") => "HTTP/1.0".into(),
            Some(p) => lossy(p).into(),
            None => "".into(),
        };
        // ngx_http_process_request_uri
        let (unparsed_uri, path, args) = if line.uri_is_slash {
            (BString::from("/"), &b"/"[..], BString::default())
        } else {
            let uri_end = line.uri_end.max(line.uri_start);
            let unparsed = &buf[line.uri_start..uri_end];
            // The path ends at the first '?' or '#'; the arguments run from that '?' to a '#'
            // (`ngx_http_parse_complex_uri`, which every URI with '#' or '%' goes through).
            let q = memchr::memchr(b'?', unparsed).unwrap_or(unparsed.len());
            let h = memchr::memchr(b'#', unparsed).unwrap_or(unparsed.len());
            let mut path = &unparsed[..q.min(h)];
            let args = if q < h {
                bytes(&unparsed[q + 1..h])
            } else {
                BString::default()
            };
            if line.empty_path_in_uri {
                path = b"/";
            }
            (bytes(unparsed), path, args)
        };
        let uri = match crate::route::normalize_uri(path, self.lim.merge_slashes) {
            Ok(u) => BString::from(u.into_owned()),
            Err(_) => return Some(self.refuse(400, "client sent invalid request")),
        };
        let mut host = None;
        if let (Some(hs), Some(he)) = (line.host_start, line.host_end) {
            match validate_host(&buf[hs..he.max(hs)]) {
                Some(h) => {
                    let (s, l) = select(&h);
                    self.ctx.server = Some(s);
                    self.lim = l;
                    host = Some(h);
                }
                None => return Some(self.refuse(400, "client sent invalid host in request line")),
            }
        }
        let head = Head {
            // Moved from `ctx` when the head is done (error messages need them until then).
            method: String::new(),
            request_line: BString::default(),
            unparsed_uri,
            uri,
            args,
            version,
            http_version,
            protocol,
            host,
            server: self.ctx.server,
            headers: Vec::new(),
            chunked: false,
            content_length: None,
            len: p,
            raw: Vec::new(),
            after: self.bufs.after(p),
            notes: Vec::new(),
        };
        if version == Version::Http09 {
            self.finished = true;
            let mut head = head;
            head.method = std::mem::take(&mut self.ctx.method);
            head.request_line = std::mem::take(&mut self.ctx.request_line);
            return Some(Parsed::Done(Box::new(head)));
        }
        self.ctx.action = ACTION_HEADERS;
        self.hdrs = Some(Box::new(Hdrs {
            head,
            http_version,
            hl: HeaderLine {
                state: Hs::Start,
                name_start: None,
                name_end: 0,
                start: 0,
                end: 0,
                invalid: false,
            },
            host_header: None,
            kept_nuls: None,
            nuls: Nuls::default(),
            seen_unique: Vec::new(),
        }));
        None
    }

    /// `ngx_http_process_request_headers`, then `ngx_http_process_request_header`.
    fn header_lines(
        &mut self,
        buf: &[u8],
        select: &mut dyn FnMut(&[u8]) -> (usize, Limits),
    ) -> Parsed {
        let Some(mut h) = self.hdrs.take() else {
            return Parsed::Partial;
        };
        let r = self.header_lines_in(buf, select, &mut h);
        if !self.finished {
            self.hdrs = Some(h);
        }
        r
    }

    fn header_lines_in(
        &mut self,
        buf: &[u8],
        select: &mut dyn FnMut(&[u8]) -> (usize, Limits),
        h: &mut Hdrs,
    ) -> Parsed {
        loop {
            let end = buf.len().min(self.bufs.end);
            match h
                .hl
                .run(buf, &mut self.p, end, self.lim.underscores_in_headers)
            {
                HStep::Again => {
                    if self.p < self.bufs.end {
                        return Parsed::Partial;
                    }
                    let hl = &h.hl;
                    let old = if hl.state == Hs::Start {
                        None
                    } else {
                        hl.name_start
                    };
                    if !self.bufs.alloc(&self.lim, self.p, old) {
                        let what = match hl.name_start {
                            None => "client sent too large request".to_string(),
                            Some(ns) => {
                                let e = self.bufs.end.min(buf.len()).max(ns);
                                let mut shown = buf[ns..e.min(ns + MAX_LOGGED_LINE)].to_vec();
                                if let (Hs::Start, Some((a, b))) = (hl.state, h.kept_nuls) {
                                    for at in [a, b] {
                                        if let Some(c) =
                                            at.checked_sub(ns).and_then(|i| shown.get_mut(i))
                                        {
                                            *c = 0;
                                        }
                                    }
                                }
                                format!(
                                    "client sent too long header line: \"{}...\"",
                                    lossy(&shown)
                                )
                            }
                        };
                        return self.refuse(494, &what);
                    }
                }
                HStep::Invalid => {
                    let hl = &h.hl;
                    let ns = hl.name_start.unwrap_or(self.p).min(hl.end);
                    let bad = buf.get(hl.end).copied().unwrap_or(0);
                    let what = format!(
                        "client sent invalid header line: \"{}\\x{:02x}...\"",
                        lossy(&buf[ns..hl.end]),
                        bad
                    );
                    return self.refuse(400, &what);
                }
                HStep::Line => {
                    if let Some(r) = self.header_line(buf, select, h) {
                        return r;
                    }
                }
                HStep::Done => break,
            }
        }
        self.request_header(buf, h)
    }

    /// One complete header line: ignored, kept, or refused by its `ngx_http_headers_in` handler.
    fn header_line(
        &mut self,
        buf: &[u8],
        select: &mut dyn FnMut(&[u8]) -> (usize, Limits),
        h: &mut Hdrs,
    ) -> Option<Parsed> {
        let hl = &h.hl;
        let ns = hl.name_start.unwrap_or(0);
        h.kept_nuls = None;
        if hl.invalid && self.lim.ignore_invalid_headers {
            let shown = &buf[ns..hl.end.max(ns)];
            let msg = format!(
                "client sent invalid header line: \"{}\" while {}",
                lossy(shown),
                self.ctx.action
            );
            self.ctx.notes.push(Note {
                msg,
                headers: self.ctx.headers.len(),
                server: self.ctx.server,
            });
            return None;
        }
        if self.ctx.headers.len() >= MAX_HEADER_LINES {
            return Some(self.refuse(494, "client sent too many header lines"));
        }
        let name = &buf[ns..hl.name_end.max(ns)];
        let value = &buf[hl.start.min(hl.end)..hl.end];
        h.kept_nuls = Some((hl.name_end, hl.end));
        h.nuls.push(hl.name_end);
        h.nuls.push(hl.end);
        if self.ctx.headers.is_empty() {
            // (a browser sends a dozen: one allocation rather than several)
            self.ctx.headers.reserve(16);
        }
        self.ctx.headers.push((lossy(name), bytes(value)));
        let idx = self.ctx.headers.len() - 1;
        let dup = |ctx: &Ctx, prev: usize, what: &str| {
            let (pk, pv) = &ctx.headers[prev];
            let (k, v) = &ctx.headers[idx];
            format!("client sent duplicate {what}: \"{k}: {v}\", previous value: \"{pk}: {pv}\"")
        };
        if name.eq_ignore_ascii_case(b"host") {
            if let Some(prev) = h.host_header {
                let what = dup(&self.ctx, prev, "host header");
                self.ctx.headers.pop();
                return Some(self.refuse(400, &what));
            }
            h.host_header = Some(idx);
            match validate_host(value) {
                None => return Some(self.refuse(400, "client sent invalid host header")),
                Some(host) => {
                    if h.head.host.is_none() {
                        let (s, l) = select(&host);
                        self.ctx.server = Some(s);
                        self.lim = l;
                        h.head.host = Some(host);
                    }
                }
            }
        } else if let Some(u) = UNIQUE
            .iter()
            .find(|u| u.as_bytes().eq_ignore_ascii_case(name))
        {
            if let Some(&(_, prev)) = h.seen_unique.iter().find(|(n, _)| n == u) {
                let what = dup(&self.ctx, prev, "header line");
                self.ctx.headers.pop();
                return Some(self.refuse(400, &what));
            }
            h.seen_unique.push((u, idx));
        }
        None
    }

    /// `ngx_http_process_request_header`: the checks made once all header lines are in.
    fn request_header(&mut self, buf: &[u8], h: &mut Hdrs) -> Parsed {
        let unique = |n: &str| h.seen_unique.iter().find(|(u, _)| *u == n).map(|(_, i)| *i);
        if h.host_header.is_none() && h.http_version > 1000 {
            return self.refuse(400, "client sent HTTP/1.1 request without \"Host\" header");
        }
        if let Some(i) = unique("content-length") {
            match atoof(&self.ctx.headers[i].1) {
                Some(n) => h.head.content_length = Some(n),
                None => return self.refuse(400, "client sent invalid \"Content-Length\" header"),
            }
        }
        if let Some(i) = unique("transfer-encoding") {
            if h.http_version < 1001 {
                return self.refuse(
                    400,
                    "client sent HTTP/1.0 request with \"Transfer-Encoding\" header",
                );
            }
            let v = &self.ctx.headers[i].1;
            if v.eq_ignore_ascii_case(b"chunked") {
                if h.head.content_length.is_some() {
                    return self.refuse(
                        400,
                        "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time",
                    );
                }
                h.head.chunked = true;
            } else {
                let what = format!("client sent unknown \"Transfer-Encoding\": \"{v}\"");
                return self.refuse(501, &what);
            }
        }
        if self.ctx.method == "CONNECT" {
            return self.refuse(405, "client sent CONNECT method");
        }
        if self.ctx.method == "TRACE" {
            return self.refuse(405, "client sent TRACE method");
        }
        self.finished = true;
        // The parser is done: its request line and headers move into the head.
        let mut head = std::mem::replace(&mut h.head, Head::empty());
        head.method = std::mem::take(&mut self.ctx.method);
        head.request_line = std::mem::take(&mut self.ctx.request_line);
        head.headers = std::mem::take(&mut self.ctx.headers);
        head.notes = std::mem::take(&mut self.ctx.notes);
        head.server = self.ctx.server;
        head.len = self.p;
        head.after = self.bufs.after(self.p);
        let start = self.line.request_start.min(self.p);
        head.raw = buf[start..self.p.min(buf.len())].to_vec();
        for at in h.nuls.iter() {
            if let Some(c) = at.checked_sub(start).and_then(|i| head.raw.get_mut(i)) {
                *c = 0;
            }
        }
        Parsed::Done(Box::new(head))
    }
}

/// The request line as nginx's log handler shows one not yet complete: up to CR or LF.
fn partial_line(buf: &[u8], start: usize, end: usize) -> BString {
    let end = end.min(buf.len()).max(start.min(buf.len()));
    let s = &buf[start.min(end)..end];
    let n = s
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .unwrap_or(s.len());
    bytes(&s[..n])
}

impl Ctx {
    /// Nothing of a request received yet (but empty lines, when `idle` is set to false).
    pub fn idle(start: &Start) -> Ctx {
        Ctx {
            method: String::new(),
            request_line: BString::default(),
            version: Version::Http11,
            headers: Vec::new(),
            server: None,
            notes: Vec::new(),
            action: if start.pipelined {
                ACTION_PIPELINED
            } else {
                ACTION_LINE
            },
            idle: true,
            timed_out: false,
        }
    }
    /// The peer closed the connection before the head was complete.
    pub fn closed(self) -> Bad {
        let msg = if self.idle {
            String::new()
        } else {
            format!("client prematurely closed connection while {}", self.action)
        };
        Bad {
            status: 0,
            msg,
            ctx: self,
        }
    }
    /// client_header_timeout expired before the head was complete.
    pub fn timed_out(mut self) -> Bad {
        self.timed_out = true;
        let msg = if self.idle {
            String::new()
        } else {
            format!(
                "client timed out (110: Connection timed out) while {}",
                self.action
            )
        };
        Bad {
            status: 0,
            msg,
            ctx: self,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Answering what the parser refused

/// The limits of the socket's default server, and the server-selection callback.
pub fn default_limits(w: &Worker, socket: usize) -> Limits {
    let server = w
        .plan
        .http
        .listens
        .get(socket)
        .map(|l| l.default_server)
        .unwrap_or(0);
    w.plan
        .http
        .servers
        .get(server)
        .map(|s| Limits::of(&s.conf))
        .unwrap_or_default()
}

/// `ngx_http_set_virtual_server` for the parser: the server a host selects, and its limits.
pub fn selector(w: &Worker, socket: usize) -> impl FnMut(&[u8]) -> (usize, Limits) + '_ {
    move |host: &[u8]| {
        let (s, _) = w.router.find_server(socket, host);
        (
            s,
            w.plan
                .http
                .servers
                .get(s)
                .map(|sv| Limits::of(&sv.conf))
                .unwrap_or_default(),
        )
    }
}

/// Log the notes of a head (ignored header lines) as nginx did while it read them: each with
/// the headers and server known at that time.
pub fn log_notes(w: &Worker, r: &ReqRef, notes: &[Note]) {
    for n in notes {
        let (headers, server) = {
            let mut rq = r.borrow_mut();
            let all = std::mem::take(&mut rq.headers);
            rq.headers = all[..n.headers.min(all.len())].to_vec();
            let server = rq.server;
            if let Some(s) = n.server {
                rq.server = s;
            }
            (all, server)
        };
        crate::engine::log_req(w, r, LogLevel::Info, &n.msg);
        let mut rq = r.borrow_mut();
        rq.headers = headers;
        rq.server = server;
    }
}

/// Log a refused head and build nginx's answer (empty when the connection just closes).
pub fn answer(w: &Rc<Worker>, conn: ConnInfo, bad: Bad) -> Vec<u8> {
    let Bad { status, msg, ctx } = bad;
    let timed_out = ctx.timed_out;
    let default = w
        .plan
        .http
        .listens
        .get(conn.socket)
        .map(|l| l.default_server)
        .unwrap_or(0);
    if ctx.idle {
        idle_close(w, &conn, conn.requests <= 1, ctx.timed_out);
        return Vec::new();
    }
    let r = crate::serve::new_request(
        conn,
        ctx.server.unwrap_or(default),
        if ctx.method.is_empty() {
            "GET".into()
        } else {
            ctx.method
        },
        BString::default(),
        ctx.version,
        ctx.headers,
        ctx.request_line,
    );
    if ctx.version == Version::Http09 {
        // ngx_http_header_filter stops before it makes a HEAD response header-only.
        r.borrow_mut().head_only = false;
    }
    log_notes(w, &r, &ctx.notes);
    if !msg.is_empty() {
        crate::engine::log_req(w, &r, LogLevel::Info, &msg);
    }
    if status == 0 {
        // Nothing is sent; the access log has 400 (or 408 after a timeout) with no body.
        r.borrow_mut().status = if timed_out { 408 } else { 400 };
        crate::accesslog::write(w, &r.borrow());
        return Vec::new();
    }
    r.borrow_mut().keepalive = false;
    crate::output::send_builtin_page(w, &r, status);
    crate::accesslog::write(w, &r.borrow());
    std::mem::take(&mut r.borrow_mut().out)
}

/// The connection-level line nginx logs when a connection ends with no request in progress:
/// before the first request (`waiting for request`) or between two (`keepalive`).
pub fn idle_close(w: &Worker, conn: &ConnInfo, first: bool, timed_out: bool) {
    let client = conn.client_text();
    let msg = if first {
        let listen = w
            .plan
            .http
            .listens
            .get(conn.socket)
            .map(|l| l.addr.as_str())
            .unwrap_or("");
        let what = if timed_out {
            "client timed out (110: Connection timed out)"
        } else {
            "client closed connection"
        };
        format!(
            "*{} {what} while waiting for request, client: {client}, server: {listen}",
            conn.id
        )
    } else if timed_out {
        return;
    } else {
        format!("*{} client {client} closed keepalive connection", conn.id)
    };
    crate::log::write(LogLevel::Info, &msg, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use bstr::ByteSlice;

    fn lim() -> Limits {
        Limits::default()
    }

    fn run(buf: &[u8], l: &Limits) -> Parsed {
        parse(buf, l, Start::fresh(l), &mut |_h: &[u8]| (0, *l))
    }

    fn done(buf: &[u8]) -> Head {
        match run(buf, &lim()) {
            Parsed::Done(h) => *h,
            other => panic!("not done: {other:?}"),
        }
    }

    fn bad(buf: &[u8], l: &Limits) -> (u16, String) {
        match run(buf, l) {
            Parsed::Bad(b) => (b.status, b.msg),
            other => panic!("not bad: {other:?}"),
        }
    }

    #[test]
    fn simple_get() {
        let h = done(b"GET /a?b=c HTTP/1.1\r\nHost: Example.com.\r\nX-A:  v  \r\n\r\nrest");
        assert_eq!(h.method, "GET");
        assert_eq!(h.request_line, "GET /a?b=c HTTP/1.1");
        assert_eq!(h.unparsed_uri, "/a?b=c");
        assert_eq!(h.uri, "/a");
        assert_eq!(h.args, "b=c");
        assert_eq!(h.http_version, 1001);
        assert_eq!(h.protocol, "HTTP/1.1");
        assert_eq!(
            h.host.as_ref().map(|h| h.to_str().unwrap()),
            Some("example.com")
        );
        assert_eq!(
            h.headers,
            vec![
                ("Host".into(), "Example.com.".into()),
                ("X-A".into(), "v".into())
            ]
        );
        assert_eq!(h.len, 54);
    }

    #[test]
    fn versions() {
        assert_eq!(done(b"GET /\r\n").version, Version::Http09);
        assert_eq!(done(b"GET /\r\n").protocol, "");
        let h = done(b"GET / HTTP/1.2\r\nHost: a\r\n\r\n");
        assert_eq!(
            (h.version, h.http_version, &*h.protocol),
            (Version::Http11, 1002, "HTTP/1.2")
        );
        let h = done(b"GET / HTTP/1.1  \r\nHost: a\r\n\r\n");
        assert_eq!(h.protocol, "HTTP/1.1  ");
        assert_eq!(h.request_line, "GET / HTTP/1.1  ");
        assert_eq!(bad(b"GET / HTTP/2.0\r\n\r\n", &lim()).0, 505);
        assert_eq!(bad(b"GET / HTTP/10.0\r\n\r\n", &lim()).0, 505);
        assert_eq!(bad(b"GET / HTTP/0.9\r\n\r\n", &lim()).0, 400);
        assert_eq!(bad(b"GET / HTTP/1\r\n\r\n", &lim()).0, 400);
        let (s, m) = bad(b"POST /\r\n", &lim());
        assert_eq!(
            (s, m.as_str()),
            (
                400,
                "client sent invalid method in HTTP/0.9 request while reading client request line"
            )
        );
    }

    #[test]
    fn absolute_form() {
        let h = done(b"GET http://Example.COM:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\n\r\n");
        assert_eq!(
            (
                h.host.as_ref().map(|h| h.to_str().unwrap()),
                h.uri.to_str().unwrap(),
                h.args.to_str().unwrap(),
                h.unparsed_uri.to_str().unwrap()
            ),
            (Some("example.com"), "/a/b", "c=d", "/a/b?c=d")
        );
        let h = done(b"GET http://a?x=1 HTTP/1.0\r\n\r\n");
        assert_eq!(
            (
                h.uri.to_str().unwrap(),
                h.args.to_str().unwrap(),
                h.unparsed_uri.to_str().unwrap()
            ),
            ("/", "x=1", "?x=1")
        );
        let h = done(b"GET http://a:80 HTTP/1.0\r\n\r\n");
        assert_eq!(
            (
                h.uri.to_str().unwrap(),
                h.unparsed_uri.to_str().unwrap(),
                h.host.as_ref().map(|h| h.to_str().unwrap())
            ),
            ("/", "/", Some("a"))
        );
        let h = done(b"GET foo://[::1]:8/x HTTP/1.0\r\n\r\n");
        assert_eq!(h.host.as_ref().map(|h| h.to_str().unwrap()), Some("[::1]"));
        assert_eq!(
            bad(b"GET http://a..b/x HTTP/1.0\r\n\r\n", &lim()).1,
            "client sent invalid host in request line while reading client request line"
        );
        assert_eq!(
            bad(b"GET http://a_b/x HTTP/1.0\r\n\r\n", &lim()).1,
            "client sent invalid request while reading client request line"
        );
    }

    #[test]
    fn header_lines() {
        let h = done(b"GET / HTTP/1.1\r\nHost: a\r\nBadHeader\r\nX@Odd: v\r\n\r\n");
        assert_eq!(
            h.headers,
            vec![
                ("Host".into(), "a".into()),
                ("BadHeader".into(), Default::default())
            ]
        );
        assert_eq!(h.notes.len(), 1);
        assert_eq!(
            h.notes[0].msg,
            "client sent invalid header line: \"X@Odd: v\" while reading client request headers"
        );
        let (s, m) = bad(b"GET / HTTP/1.1\r\nX-A : v\r\n\r\n", &lim());
        assert_eq!(
            (s, m.as_str()),
            (
                400,
                "client sent invalid header line: \"X-A\\x20...\" while reading client request headers"
            )
        );
        let l = Limits {
            ignore_invalid_headers: false,
            ..lim()
        };
        let Parsed::Done(h) = run(
            b"GET / HTTP/1.1\r\nHost: a\r\nX@Odd: v\r\nX_U: 1\r\n\r\n",
            &l,
        ) else {
            panic!()
        };
        assert_eq!(h.headers.len(), 3);
        let l = Limits {
            underscores_in_headers: true,
            ..lim()
        };
        let Parsed::Done(h) = run(b"GET / HTTP/1.1\r\nHost: a\r\nX_U: 1\r\n\r\n", &l) else {
            panic!()
        };
        assert_eq!(h.headers.len(), 2);
    }

    #[test]
    fn request_header_checks() {
        let l = lim();
        assert_eq!(
            bad(b"GET / HTTP/1.1\r\n\r\n", &l).1,
            "client sent HTTP/1.1 request without \"Host\" header while reading client request headers"
        );
        assert_eq!(
            bad(b"GET / HTTP/1.1\r\nHost: :80\r\n\r\n", &l).1,
            "client sent invalid host header while reading client request headers"
        );
        assert_eq!(bad(b"GET / HTTP/1.1\r\nHost:\r\n\r\n", &l).0, 400);
        assert_eq!(
            bad(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &l).1,
            "client sent duplicate host header: \"Host: b\", previous value: \"Host: a\" while reading client request headers"
        );
        assert_eq!(
            bad(b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", &l),
            (
                405,
                "client sent TRACE method while reading client request headers".into()
            )
        );
        assert_eq!(
            bad(b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", &l).0,
            400
        );
        assert_eq!(
            bad(
                b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
                &l
            )
            .0,
            501
        );
        assert_eq!(
            bad(
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n",
                &l
            )
            .0,
            400
        );
        assert_eq!(
            bad(
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
                &l
            )
            .0,
            400
        );
        let h = done(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n");
        assert!(h.chunked);
    }

    #[test]
    fn buffers() {
        let l = Limits {
            client_header_buffer_size: 128,
            large_buffers: 2,
            large_buffer_size: 512,
            ..lim()
        };
        let long = format!("GET /{} HTTP/1.1\r\nHost: a\r\n\r\n", "a".repeat(600));
        assert_eq!(bad(long.as_bytes(), &l).0, 414);
        let fits = format!("GET /{} HTTP/1.1\r\nHost: a\r\n\r\n", "a".repeat(400));
        assert!(matches!(run(fits.as_bytes(), &l), Parsed::Done(_)));
        let big = format!(
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: {}\r\n\r\n",
            "b".repeat(600)
        );
        let (s, m) = bad(big.as_bytes(), &l);
        assert_eq!(s, 494);
        assert!(
            m.starts_with("client sent too long header line: \"X-Big: bbb"),
            "{m}"
        );
        // Incomplete within the limits: more bytes needed.
        assert!(matches!(
            run(b"GET / HTTP/1.1\r\nHost: a\r\n", &l),
            Parsed::Partial
        ));
        // CR LF filling the first buffer is dropped.
        let crlf = format!("{}GET / HTTP/1.1\r\nHost: a\r\n\r\n", "\r\n".repeat(100));
        assert!(matches!(run(crlf.as_bytes(), &l), Parsed::Done(_)));
    }

    #[test]
    fn byte_by_byte() {
        // A head that arrives one byte at a time is parsed once, byte by byte.
        let l = lim();
        let mut head = b"GET /x HTTP/1.1\r\nHost: a\r\n".to_vec();
        for i in 0..3 {
            head.extend_from_slice(format!("X-{i}: {}\r\n", "v".repeat(7000)).as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        let mut p = Parser::new(&l, Start::fresh(&l));
        let mut last = Parsed::Partial;
        for n in 1..=head.len() {
            last = p.feed(&head[..n], &mut |_h: &[u8]| (0, l));
            if n < head.len() {
                assert_eq!(last, Parsed::Partial, "at {n}");
            }
        }
        assert_eq!(last, run(&head, &l));
        let Parsed::Done(h) = last else { panic!() };
        assert_eq!(h.headers.len(), 4);
    }

    #[test]
    fn hosts() {
        assert_eq!(validate_host(b"A.B."), Some("a.b".into()));
        assert_eq!(validate_host(b"[::1]:80"), Some("[::1]".into()));
        assert_eq!(validate_host(b":80"), None);
        assert_eq!(validate_host(b""), None);
        assert_eq!(validate_host(b"a..b"), None);
        assert_eq!(validate_host(b"a b"), None);
        assert_eq!(validate_host(b"."), None);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn limits() -> impl Strategy<Value = Limits> {
            (
                1usize..300,
                0usize..4,
                1usize..600,
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(c, n, s, u, i, m)| Limits {
                    client_header_buffer_size: c,
                    large_buffers: n,
                    large_buffer_size: s,
                    underscores_in_headers: u,
                    ignore_invalid_headers: i,
                    merge_slashes: m,
                })
        }

        fn check(buf: &[u8], l: &Limits) {
            let start = Start::fresh(l);
            let r = parse(buf, l, start, &mut |_h: &[u8]| (0, *l));
            if let Parsed::Done(h) = &r {
                assert!(h.len <= buf.len());
                // The same head parses the same with the bytes after it removed.
                let again = parse(&buf[..h.len], l, start, &mut |_h: &[u8]| (0, *l));
                assert_eq!(&again, &r);
            }
            // Every prefix parses without panicking, and a prefix of a refused head is never
            // accepted in a different way.
            for cut in 0..buf.len().min(64) {
                let _ = parse(&buf[..cut], l, start, &mut |_h: &[u8]| (0, *l));
            }
        }

        /// Feeding the bytes in pieces gives the head one call over all of them gives.
        fn check_split(buf: &[u8], l: &Limits, cuts: &[usize]) {
            let start = Start::fresh(l);
            let whole = parse(buf, l, start, &mut |_h: &[u8]| (0, *l));
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (buf.len() + 1)).collect();
            cuts.sort();
            cuts.push(buf.len());
            let mut p = Parser::new(l, start);
            let mut got = Parsed::Partial;
            for c in cuts {
                got = p.feed(&buf[..c], &mut |_h: &[u8]| (0, *l));
                if got != Parsed::Partial {
                    break;
                }
            }
            match (&whole, &got) {
                (Parsed::Done(a), Parsed::Done(b)) => assert_eq!(a, b),
                (Parsed::Bad(a), Parsed::Bad(b)) => assert_eq!(a.status, b.status),
                (Parsed::Partial, Parsed::Partial) => {}
                _ => panic!("whole {whole:?} vs in pieces {got:?}"),
            }
        }

        const SEEDS: &[&[u8]] = &[
            b"GET /a/b?c=d HTTP/1.1\r\nHost: localhost\r\nX-A: v\r\nConnection: close\r\n\r\n",
            b"POST http://h:8/x?y HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc",
            b"GET /\r\n",
            b"GET foo://[::1]:8/%2e%2e/x HTTP/1.2\nHost: [::1]\nX_U: 1\n\n",
        ];

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn random_bytes(buf in proptest::collection::vec(any::<u8>(), 0..400), l in limits()) {
                check(&buf, &l);
            }

            #[test]
            fn mutated_requests(seed in 0usize..SEEDS.len(), edits in proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..3), 0..8), l in limits()) {
                let mut buf = SEEDS[seed].to_vec();
                for (at, b, op) in edits {
                    let i = at as usize % (buf.len() + 1);
                    match op {
                        0 => buf.insert(i, b),
                        1 if i < buf.len() => { buf.remove(i); }
                        _ if i < buf.len() => buf[i] = b,
                        _ => {}
                    }
                }
                check(&buf, &l);
            }

            #[test]
            fn fed_in_pieces(seed in 0usize..SEEDS.len(), edits in proptest::collection::vec((any::<u16>(), any::<u8>()), 0..4), cuts in proptest::collection::vec(any::<usize>(), 0..6), l in limits()) {
                let mut buf = SEEDS[seed].to_vec();
                for (at, b) in edits {
                    let i = at as usize % (buf.len() + 1);
                    buf.insert(i, b);
                }
                check_split(&buf, &l, &cuts);
            }

            #[test]
            fn random_bytes_in_pieces(buf in proptest::collection::vec(any::<u8>(), 0..300), cuts in proptest::collection::vec(any::<usize>(), 0..6), l in limits()) {
                check_split(&buf, &l, &cuts);
            }

            #[test]
            fn split_anywhere_same_answer(seed in 0usize..SEEDS.len(), l in limits()) {
                // A complete head is the same whether or not more bytes follow it.
                let buf = SEEDS[seed];
                let full = parse(buf, &l, Start::fresh(&l), &mut |_h: &[u8]| (0, l));
                let mut longer = buf.to_vec();
                longer.extend_from_slice(b"GET / HTTP/1.1\r\n\r\n");
                let more = parse(&longer, &l, Start::fresh(&l), &mut |_h: &[u8]| (0, l));
                if let (Parsed::Done(a), Parsed::Done(b)) = (&full, &more) {
                    prop_assert_eq!(a.len, b.len);
                }
            }
        }
    }
}
