//! HTTP/1.x wire format as nginx writes it: status lines, header order, built-in error pages.
//!
//! Mirrors `ngx_http_header_filter_module.c` (status lines, header order) and
//! `ngx_http_special_response.c` (error pages, which statuses close the connection).

use bstr::BString;

/// The identity restyc answers with. restyc is tested byte for byte against nginx 1.22.1 with
/// lua-nginx-module 0.10.23, so it presents itself the same way (one place to change it).
macro_rules! nginx_version {
    () => {
        "1.22.1"
    };
}
pub const NGINX_VERSION: &str = nginx_version!();
pub const NGINX_VERSION_NUMBER: u32 = 1022001;
pub const NGX_LUA_VERSION_NUMBER: u32 = 10023;
const SERVER_FULL_LINE: &[u8] = concat!("Server: nginx/", nginx_version!(), "\r\n").as_bytes();
const SERVER_SHORT_LINE: &[u8] = b"Server: nginx\r\n";

/// nginx's status line text for a code (`ngx_http_status_lines`); None for codes nginx does not name.
pub fn status_text(code: u16) -> Option<&'static str> {
    Some(match code {
        101 => "101 Switching Protocols",
        200 => "200 OK",
        201 => "201 Created",
        202 => "202 Accepted",
        204 => "204 No Content",
        206 => "206 Partial Content",
        301 => "301 Moved Permanently",
        302 => "302 Moved Temporarily",
        303 => "303 See Other",
        304 => "304 Not Modified",
        307 => "307 Temporary Redirect",
        308 => "308 Permanent Redirect",
        400 => "400 Bad Request",
        401 => "401 Unauthorized",
        402 => "402 Payment Required",
        403 => "403 Forbidden",
        404 => "404 Not Found",
        405 => "405 Not Allowed",
        406 => "406 Not Acceptable",
        408 => "408 Request Time-out",
        409 => "409 Conflict",
        410 => "410 Gone",
        411 => "411 Length Required",
        412 => "412 Precondition Failed",
        413 => "413 Request Entity Too Large",
        414 => "414 Request-URI Too Large",
        415 => "415 Unsupported Media Type",
        416 => "416 Requested Range Not Satisfiable",
        421 => "421 Misdirected Request",
        429 => "429 Too Many Requests",
        500 => "500 Internal Server Error",
        501 => "501 Not Implemented",
        502 => "502 Bad Gateway",
        503 => "503 Service Temporarily Unavailable",
        504 => "504 Gateway Time-out",
        505 => "505 HTTP Version Not Supported",
        507 => "507 Insufficient Storage",
        _ => return None,
    })
}

/// Append the status line (`HTTP/1.1 200 OK\r\n`).
pub fn write_status_line(out: &mut Vec<u8>, code: u16) {
    out.extend_from_slice(b"HTTP/1.1 ");
    match status_text(code) {
        Some(t) => out.extend_from_slice(t.as_bytes()),
        None => {
            // nginx prints unknown codes as "%03ui " (note the trailing space).
            out.extend_from_slice(format!("{code:03} ").as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The head of a built-in error page (`ngx_http_error_*_page`), or None when nginx has none.
fn error_page_head(code: u16) -> Option<&'static str> {
    Some(match code {
        301 => {
            "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
        }
        302 => {
            "<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n<center><h1>302 Found</h1></center>\r\n"
        }
        303 => {
            "<html>\r\n<head><title>303 See Other</title></head>\r\n<body>\r\n<center><h1>303 See Other</h1></center>\r\n"
        }
        307 => {
            "<html>\r\n<head><title>307 Temporary Redirect</title></head>\r\n<body>\r\n<center><h1>307 Temporary Redirect</h1></center>\r\n"
        }
        308 => {
            "<html>\r\n<head><title>308 Permanent Redirect</title></head>\r\n<body>\r\n<center><h1>308 Permanent Redirect</h1></center>\r\n"
        }
        400 => {
            "<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
        }
        401 => {
            "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n"
        }
        402 => {
            "<html>\r\n<head><title>402 Payment Required</title></head>\r\n<body>\r\n<center><h1>402 Payment Required</h1></center>\r\n"
        }
        403 => {
            "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n"
        }
        404 => {
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
        }
        405 => {
            "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n"
        }
        406 => {
            "<html>\r\n<head><title>406 Not Acceptable</title></head>\r\n<body>\r\n<center><h1>406 Not Acceptable</h1></center>\r\n"
        }
        408 => {
            "<html>\r\n<head><title>408 Request Time-out</title></head>\r\n<body>\r\n<center><h1>408 Request Time-out</h1></center>\r\n"
        }
        409 => {
            "<html>\r\n<head><title>409 Conflict</title></head>\r\n<body>\r\n<center><h1>409 Conflict</h1></center>\r\n"
        }
        410 => {
            "<html>\r\n<head><title>410 Gone</title></head>\r\n<body>\r\n<center><h1>410 Gone</h1></center>\r\n"
        }
        411 => {
            "<html>\r\n<head><title>411 Length Required</title></head>\r\n<body>\r\n<center><h1>411 Length Required</h1></center>\r\n"
        }
        412 => {
            "<html>\r\n<head><title>412 Precondition Failed</title></head>\r\n<body>\r\n<center><h1>412 Precondition Failed</h1></center>\r\n"
        }
        413 => {
            "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n"
        }
        414 => {
            "<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n<center><h1>414 Request-URI Too Large</h1></center>\r\n"
        }
        415 => {
            "<html>\r\n<head><title>415 Unsupported Media Type</title></head>\r\n<body>\r\n<center><h1>415 Unsupported Media Type</h1></center>\r\n"
        }
        416 => {
            "<html>\r\n<head><title>416 Requested Range Not Satisfiable</title></head>\r\n<body>\r\n<center><h1>416 Requested Range Not Satisfiable</h1></center>\r\n"
        }
        421 => {
            "<html>\r\n<head><title>421 Misdirected Request</title></head>\r\n<body>\r\n<center><h1>421 Misdirected Request</h1></center>\r\n"
        }
        429 => {
            "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n"
        }
        494 => {
            "<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>\r\n"
        }
        495 => {
            "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n"
        }
        496 => {
            "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n"
        }
        497 => {
            "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n"
        }
        500 => {
            "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n"
        }
        501 => {
            "<html>\r\n<head><title>501 Not Implemented</title></head>\r\n<body>\r\n<center><h1>501 Not Implemented</h1></center>\r\n"
        }
        502 => {
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
        }
        503 => {
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
        }
        504 => {
            "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n"
        }
        505 => {
            "<html>\r\n<head><title>505 HTTP Version Not Supported</title></head>\r\n<body>\r\n<center><h1>505 HTTP Version Not Supported</h1></center>\r\n"
        }
        507 => {
            "<html>\r\n<head><title>507 Insufficient Storage</title></head>\r\n<body>\r\n<center><h1>507 Insufficient Storage</h1></center>\r\n"
        }
        _ => return None,
    })
}

/// What `msie_padding` appends to nginx's own 4xx/5xx pages for MSIE and Chrome.
pub const MSIE_PADDING: &str = concat!(
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
    "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
);

/// nginx's built-in error page body for a status, with the `server_tokens` footer.
pub fn error_page_body(code: u16, server_tokens: bool) -> Option<String> {
    let head = error_page_head(code)?;
    let tail = if server_tokens {
        "<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
    } else {
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    };
    Some(format!("{head}{tail}"))
}

/// The status a special response is sent with (494–497 are sent as 400).
pub fn wire_status(code: u16) -> u16 {
    match code {
        494..=497 => 400,
        c => c,
    }
}

/// Statuses after which nginx switches keep-alive off for its own error page
/// (`ngx_http_special_response_handler`).
pub fn error_closes_connection(code: u16) -> bool {
    matches!(code, 400 | 413 | 414 | 494 | 495 | 496 | 497 | 500 | 501)
}

/// Statuses whose response has no body (`ngx_http_header_filter`: 204 and 304 drop it; 1xx too).
pub fn status_has_no_body(code: u16) -> bool {
    // (nginx sends a body after a 1xx head set by Lua: only these two are header-only)
    code == 204 || code == 304
}

/// The request's protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    Http09,
    Http10,
    Http11,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http09 => "HTTP/0.9",
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
    /// What `ngx.req.http_version()` returns.
    pub fn number(self) -> f64 {
        match self {
            Version::Http09 => 0.9,
            Version::Http10 => 1.0,
            Version::Http11 => 1.1,
        }
    }
}

/// Response headers, split as nginx keeps them: a few well-known fields printed in a fixed order,
/// then the rest in insertion order.
#[derive(Clone, Debug, Default)]
pub struct ResponseHeaders {
    pub content_type: Option<String>,
    /// Lua set or cleared Content-Type (lua-nginx-module's `mime_set`): no default type then.
    pub mime_set: bool,
    pub content_length: Option<u64>,
    pub last_modified: Option<String>,
    /// Bytes, as the other headers' values: what Lua, `$uri` or an upstream put there.
    pub location: Option<BString>,
    /// A redirect's relative `location` (as set) with its absolute form, which the head carries
    /// (ngx_http_header_filter makes it absolute as it writes the head, and keeps that value):
    /// what the header filters read is the value as set.
    pub location_abs: Option<(BString, BString)>,
    /// `Server` overridden by Lua (Some(None) = removed).
    pub server: Option<Option<String>>,
    /// `Date` overridden by headers-more (Some(None) = removed).
    pub date: Option<Option<String>>,
    /// `Keep-Alive: timeout=N` (the second argument of keepalive_timeout).
    pub keep_alive_timeout: Option<u64>,
    /// `Accept-Ranges: bytes`, added by the range filter after every other header filter.
    pub accept_ranges: bool,
    /// `Vary: Accept-Encoding` (gzip_vary, for a response gzip could compress): a line of its
    /// own before the list, as ngx_http_header_filter writes it.
    pub gzip_vary: bool,
    /// A single range's `Content-Range`, which the range filter adds to the list after the
    /// header filters before it (add_header, gzip).
    pub content_range: Option<BString>,
    /// Everything else, in insertion order, names as set; values are bytes (nginx sends
    /// them as they are: `add_header X $uri`, latin-1 from an upstream or from Lua).
    pub others: Vec<(String, BString)>,
    /// The builtin headers that are entries of nginx's header list, each with its place among
    /// `others`, in the order they were set (see `Builtin`).
    pub in_list: Vec<(Builtin, usize)>,
    /// A proxied response's status line as the upstream sent it (`200 Fine`): used while the
    /// status is still that code.
    pub status_line: Option<String>,
}

/// The headers nginx's `headers_out` points to. Set as headers (by Lua, headers-more, an
/// upstream's copy, a redirect to a URL) they are entries of its header list, which the header
/// filter writes in the list's order after its fixed lines; set otherwise (a static file's length
/// and time, a relative redirect made absolute) they get their fixed place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Server,
    Date,
    ContentLength,
    LastModified,
    Location,
}

impl Builtin {
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Server => "Server",
            Builtin::Date => "Date",
            Builtin::ContentLength => "Content-Length",
            Builtin::LastModified => "Last-Modified",
            Builtin::Location => "Location",
        }
    }
}

impl ResponseHeaders {
    /// Set (or clear) a builtin header as a header, as ngx_http_set_builtin_header does: its
    /// first set or clear makes its entry, last in the list; set again, even after a clear, it
    /// keeps that place (nginx keeps a cleared entry and reuses it).
    pub fn set_builtin(&mut self, which: Builtin, set: impl FnOnce(&mut Self)) {
        set(self);
        if !self.in_list(which) {
            self.in_list.push((which, self.others.len()));
        }
    }

    /// Whether a builtin header is an entry of the list (not written in its fixed place).
    pub fn in_list(&self, which: Builtin) -> bool {
        self.in_list.iter().any(|(b, _)| *b == which)
    }

    /// The list entry `others[i]` becomes builtin header `which` in its place (its value
    /// returned, for the caller to keep as that header's).
    pub fn to_builtin(&mut self, i: usize, which: Builtin) -> (String, BString) {
        self.unlist(which);
        // (after the builtin headers listed before that entry, before those after it)
        let k = (self.in_list.iter())
            .position(|(_, at)| *at > i)
            .unwrap_or(self.in_list.len());
        let entry = self.remove_at(i);
        self.in_list.insert(k, (which, i));
        entry
    }

    /// Remove the entry `others[i]`, the builtin headers in the list keeping their places.
    pub fn remove_at(&mut self, i: usize) -> (String, BString) {
        for (_, at) in &mut self.in_list {
            *at -= usize::from(*at > i);
        }
        self.others.remove(i)
    }

    /// Take a builtin header out of the list: written in its fixed place from now on.
    pub fn unlist(&mut self, which: Builtin) {
        self.in_list.retain(|(b, _)| *b != which);
    }

    /// A builtin header's value as its line carries it, if it has one (Server and Date: only
    /// one set as a header).
    pub fn builtin_value(&self, which: Builtin) -> Option<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow;
        match which {
            Builtin::Server => self
                .server
                .as_ref()?
                .as_deref()
                .map(|s| s.as_bytes().into()),
            Builtin::Date => self.date.as_ref()?.as_deref().map(|s| s.as_bytes().into()),
            Builtin::ContentLength => {
                (self.content_length).map(|n| Cow::Owned(n.to_string().into_bytes()))
            }
            Builtin::LastModified => self.last_modified.as_deref().map(|s| s.as_bytes().into()),
            Builtin::Location => self.location.as_deref().map(|l| l.as_slice().into()),
        }
    }

    /// nginx's header list in order: the entries of `others` with the builtin headers that are
    /// entries of it in their places (what `ngx.resp.get_headers` walks).
    pub fn list(&self) -> Vec<(&str, std::borrow::Cow<'_, [u8]>)> {
        let builtin = |(b, _): &(Builtin, usize)| Some((b.name(), self.builtin_value(*b)?));
        let mut list = Vec::with_capacity(self.others.len() + self.in_list.len());
        for (i, (n, v)) in self.others.iter().enumerate() {
            list.extend(
                self.in_list
                    .iter()
                    .filter(|(_, at)| *at == i)
                    .filter_map(builtin),
            );
            list.push((n.as_str(), v.as_slice().into()));
        }
        let last = self
            .in_list
            .iter()
            .filter(|(_, at)| *at >= self.others.len());
        list.extend(last.filter_map(builtin));
        list
    }

    /// ngx_http_clear_accept_ranges, _last_modified and _etag: what a special response (a
    /// built-in page, `ngx.exit(204)`, `ngx.exit(304)`) does not send.
    pub fn clear_validators(&mut self) {
        self.accept_ranges = false;
        self.last_modified = None;
        self.unlist(Builtin::LastModified);
        self.retain_others(|n, _| {
            !["accept-ranges", "etag", "e-tag"]
                .iter()
                .any(|v| n.eq_ignore_ascii_case(v))
        });
    }
    /// Remove every header of that name (case-insensitive) from `others`.
    pub fn remove(&mut self, name: &str) {
        self.retain_others(|n, _| !n.eq_ignore_ascii_case(name));
    }
    /// Keep the `others` that `keep` accepts (it may change their values); the builtin headers
    /// in the list keep their places among the rest (nginx's list only marks a removed header).
    pub fn retain_others(&mut self, mut keep: impl FnMut(&str, &mut BString) -> bool) {
        let mut i = 0;
        let mut removed = Vec::new();
        self.others.retain_mut(|(n, v)| {
            let k = keep(n, v);
            if !k {
                removed.push(i);
            }
            i += 1;
            k
        });
        for (_, at) in &mut self.in_list {
            *at -= removed.iter().filter(|&&j| j < *at).count();
        }
    }
    pub fn get_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a [u8]> + 'a {
        let name = name.to_string();
        self.others
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.as_slice())
    }
}

/// How the response body is delimited on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    Length,
    Chunked,
    /// HTTP/1.0 without a length: the body ends when the connection closes.
    Close,
    /// No body at all (HEAD, 204, 304).
    None,
}

/// Serialize the response head in nginx's order: Server, Date, Content-Type, Content-Length,
/// Last-Modified, Location, Transfer-Encoding, Connection, then the header list (with the builtin
/// headers that are entries of it).
pub fn write_head(
    out: &mut Vec<u8>,
    status: u16,
    h: &ResponseHeaders,
    server_tokens: bool,
    date: &str,
    chunked: bool,
    keepalive: bool,
) {
    // One allocation for the whole head (its fixed lines fit in 256 bytes), not a regrowth per
    // header line.
    let others: usize = h.others.iter().map(|(n, v)| n.len() + v.len() + 4).sum();
    out.reserve(256 + others);
    match h.status_line.as_deref() {
        Some(l) if l.as_bytes().get(..3) == Some(format!("{status:03}").as_bytes()) => {
            out.extend_from_slice(b"HTTP/1.1 ");
            out.extend_from_slice(l.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        _ => write_status_line(out, status),
    }
    let fixed = |b: Builtin| !h.in_list(b);
    match &h.server {
        Some(Some(_)) if !fixed(Builtin::Server) => {}
        Some(Some(s)) => put(out, "Server", s),
        Some(None) => {}
        // (whole lines, one copy each: this runs for every response)
        None if server_tokens => out.extend_from_slice(SERVER_FULL_LINE),
        None => out.extend_from_slice(SERVER_SHORT_LINE),
    }
    match &h.date {
        Some(Some(_)) if !fixed(Builtin::Date) => {}
        Some(Some(d)) => put(out, "Date", d),
        Some(None) => {}
        None => put(out, "Date", date),
    }
    if let Some(ct) = &h.content_type {
        put(out, "Content-Type", ct);
    }
    if fixed(Builtin::ContentLength) {
        put_builtin(out, h, Builtin::ContentLength);
    }
    if fixed(Builtin::LastModified) {
        put_builtin(out, h, Builtin::LastModified);
    }
    if fixed(Builtin::Location) {
        put_builtin(out, h, Builtin::Location);
    }
    if chunked {
        out.extend_from_slice(b"Transfer-Encoding: chunked\r\n");
    }
    out.extend_from_slice(match (status, keepalive) {
        (101, _) => b"Connection: upgrade\r\n",
        (_, true) => b"Connection: keep-alive\r\n",
        _ => b"Connection: close\r\n",
    });
    if keepalive {
        if let Some(t) = h.keep_alive_timeout {
            use std::io::Write;
            let _ = write!(out, "Keep-Alive: timeout={t}\r\n");
        }
    }
    if h.gzip_vary {
        out.extend_from_slice(b"Vary: Accept-Encoding\r\n");
    }
    for (i, (n, v)) in h.others.iter().enumerate() {
        for (b, _) in h.in_list.iter().filter(|(_, at)| *at == i) {
            put_builtin(out, h, *b);
        }
        put(out, n, v);
    }
    for (b, _) in h.in_list.iter().filter(|(_, at)| *at >= h.others.len()) {
        put_builtin(out, h, *b);
    }
    if h.accept_ranges {
        put(out, "Accept-Ranges", "bytes");
    }
    out.extend_from_slice(b"\r\n");
}

/// A builtin header's line, if it has a value.
fn put_builtin(out: &mut Vec<u8>, h: &ResponseHeaders, which: Builtin) {
    match (which, h.content_length) {
        // (no number text allocated: this one is on most responses)
        (Builtin::ContentLength, Some(len)) => {
            use std::io::Write;
            let _ = write!(out, "Content-Length: {len}\r\n");
        }
        _ => {
            if let Some(v) = h.builtin_value(which) {
                put(out, which.name(), v);
            }
        }
    }
}

fn put(out: &mut Vec<u8>, name: &str, value: impl AsRef<[u8]>) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_ref());
    out.extend_from_slice(b"\r\n");
}

/// Append one chunk of a chunked body.
pub fn write_chunk(out: &mut Vec<u8>, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    // The size line in hex, without a format! allocation (this runs for every ngx.say).
    let mut hex = [0u8; 16];
    let mut n = data.len();
    let mut i = hex.len();
    loop {
        i -= 1;
        hex[i] = b"0123456789abcdef"[n & 0xf];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    out.reserve(hex.len() - i + data.len() + 4);
    out.extend_from_slice(&hex[i..]);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

/// `Date`-style time: `Thu, 03 Dec 2026 09:34:42 GMT`.
pub fn http_date(t: std::time::SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

/// A header name as lua-nginx-module takes it from Lua: `_` stands for `-` (`ngx.header.X_Foo`,
/// `ngx.req.set_header("X_Foo")`).
pub fn dashed(name: &str) -> String {
    name.replace('_', "-")
}

/// [`dashed`] and lower-cased: the key of a header in lowercase lookups.
pub fn dashed_lower(name: &str) -> String {
    dashed(name).to_ascii_lowercase()
}
