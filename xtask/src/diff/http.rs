//! The raw-socket HTTP client of the differential suite: build request bytes, send them,
//! read everything the server answers, and split it into responses.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::case::Case;

/// How a response body was delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Chunked,
    Length,
    Close,
    /// HEAD, 1xx, 204, 304: no body by definition.
    NoBody,
}

impl Framing {
    pub fn as_str(self) -> &'static str {
        match self {
            Framing::Chunked => "chunked",
            Framing::Length => "length",
            Framing::Close => "close-delimited",
            Framing::NoBody => "no body",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub framing: Framing,
    /// The body or a chunk was cut short by EOF or timeout.
    pub truncated: bool,
    /// Chunked trailers, if any.
    pub trailers: Vec<(String, String)>,
}

/// Everything read from one connection.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub responses: Vec<Response>,
    /// Bytes that did not parse as an HTTP response (HTTP/0.9 answers, garbage).
    pub unparsed: Vec<u8>,
    /// The server closed the connection (EOF seen) after the last response.
    pub closed: bool,
    /// Reading stopped on the timeout, not on EOF or a complete answer.
    pub timed_out: bool,
    /// A connection or write error.
    pub error: Option<String>,
    /// Over TLS: the protocol, cipher suite and certificate the server chose.
    pub tls: Option<String>,
}

/// What is sent: the bytes, and the method of each request (to know HEAD responses).
pub struct Outgoing {
    pub parts: Vec<Vec<u8>>,
    pub methods: Vec<String>,
    /// Number of responses expected; None when unknown (raw requests that did not parse).
    pub expected: Option<usize>,
    /// The last request asks the server to close the connection.
    pub expect_close: bool,
    /// Over TLS, with this SNI name (empty: none).
    pub tls: Option<String>,
    /// The client certificate to present (a fixture's base name).
    pub tls_cert: Option<String>,
    /// Shut down the sending side after the last part.
    pub shutdown: bool,
}

fn has_header(h: &[(String, String)], name: &str) -> bool {
    h.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Build the bytes of a case's request(s).
pub fn build(case: &Case) -> Outgoing {
    if let Some(raw) = &case.raw_request {
        let methods = methods_of_raw(raw);
        return Outgoing {
            parts: vec![raw.clone()],
            expected: None,
            methods,
            expect_close: true,
            tls: case.tls.clone(),
            tls_cert: case.tls_cert.clone(),
            shutdown: case.shutdown,
        };
    }
    if !case.raw_request_parts.is_empty() {
        let all: Vec<u8> = case.raw_request_parts.concat();
        let methods = methods_of_raw(&all);
        return Outgoing {
            parts: case.raw_request_parts.clone(),
            expected: None,
            methods,
            expect_close: true,
            tls: case.tls.clone(),
            tls_cert: case.tls_cert.clone(),
            shutdown: case.shutdown,
        };
    }
    let n = case.requests.len();
    let mut out = Vec::new();
    let mut methods = Vec::new();
    for (i, r) in case.requests.iter().enumerate() {
        let last = i + 1 == n;
        let mut head = format!("{} {} {}\r\n", r.method, r.target, r.version);
        let mut headers: Vec<(String, String)> = Vec::new();
        if !case.no_default_headers {
            if !has_header(&case.more_headers, "host") {
                headers.push(("Host".into(), "localhost".into()));
            }
            if !has_header(&case.more_headers, "connection") {
                let v = if last { "close" } else { "keep-alive" };
                headers.push(("Connection".into(), v.into()));
            }
        }
        headers.extend(case.more_headers.iter().cloned());
        let mut body = Vec::new();
        if let Some(chunks) = &case.chunked_body {
            if !has_header(&headers, "transfer-encoding") {
                headers.push(("Transfer-Encoding".into(), "chunked".into()));
            }
            for c in chunks {
                body.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
                body.extend_from_slice(c);
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"0\r\n\r\n");
        } else if let Some(b) = &r.body {
            if !has_header(&headers, "content-length") && !has_header(&headers, "transfer-encoding")
            {
                headers.push(("Content-Length".into(), b.len().to_string()));
            }
            body.extend_from_slice(b);
        }
        for (k, v) in &headers {
            head.push_str(k);
            head.push_str(": ");
            head.push_str(v);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&body);
        methods.push(r.method.clone());
    }
    let expect_close = match case
        .more_headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("connection"))
    {
        Some((_, v)) => v.eq_ignore_ascii_case("close"),
        None => {
            !case.no_default_headers
                || case
                    .requests
                    .last()
                    .is_some_and(|r| r.version == "HTTP/1.0")
        }
    };
    Outgoing {
        parts: vec![out],
        expected: Some(n),
        methods,
        expect_close,
        tls: case.tls.clone(),
        tls_cert: case.tls_cert.clone(),
        shutdown: case.shutdown,
    }
}

/// Split raw request bytes into requests to learn their methods (HEAD responses have no body).
fn methods_of_raw(raw: &[u8]) -> Vec<String> {
    let mut methods = Vec::new();
    let mut pos = 0;
    while pos < raw.len() {
        let Some(end) = find(&raw[pos..], b"\r\n\r\n").or_else(|| find(&raw[pos..], b"\n\n"))
        else {
            // a request line without headers (HTTP/0.9) or an incomplete head
            if let Some(m) = first_word(&raw[pos..]) {
                methods.push(m);
            }
            break;
        };
        let head = &raw[pos..pos + end];
        if let Some(m) = first_word(head) {
            methods.push(m);
        }
        let sep = if raw[pos + end..].starts_with(b"\r\n\r\n") {
            4
        } else {
            2
        };
        let head_s = String::from_utf8_lossy(head).to_ascii_lowercase();
        let mut body_len = 0usize;
        let mut chunked = false;
        for l in head_s.lines() {
            if let Some(v) = l.strip_prefix("content-length:") {
                body_len = v.trim().parse().unwrap_or(0);
            }
            if l.starts_with("transfer-encoding:") && l.contains("chunked") {
                chunked = true;
            }
        }
        pos += end + sep;
        if chunked {
            // skip chunks
            loop {
                let Some(le) = find(&raw[pos..], b"\r\n") else {
                    return methods;
                };
                let size = usize::from_str_radix(
                    String::from_utf8_lossy(&raw[pos..pos + le])
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim(),
                    16,
                )
                .unwrap_or(0);
                pos += le + 2;
                if size == 0 {
                    // trailers until empty line
                    match find(&raw[pos..], b"\r\n") {
                        Some(0) => pos += 2,
                        Some(_) => match find(&raw[pos..], b"\r\n\r\n") {
                            Some(t) => pos += t + 4,
                            None => return methods,
                        },
                        None => return methods,
                    }
                    break;
                }
                pos += size + 2;
                if pos > raw.len() {
                    return methods;
                }
            }
        } else {
            pos += body_len;
        }
    }
    methods
}

fn first_word(b: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(b);
    s.split_whitespace().next().map(|w| w.to_string())
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Send the request(s) and read the answer.
/// A plain or TLS connection.
pub trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

pub fn exchange(addr: SocketAddr, out: &Outgoing, timeout: Duration) -> Exchange {
    let mut ex = Exchange {
        responses: Vec::new(),
        unparsed: Vec::new(),
        closed: false,
        timed_out: false,
        error: None,
        tls: None,
    };
    let tcp = match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
        Ok(s) => s,
        Err(e) => {
            ex.error = Some(format!("connect {addr}: {e}"));
            return ex;
        }
    };
    let _ = tcp.set_nodelay(true);
    // (a second handle on the socket for the read timeouts, whatever is layered on top)
    let Ok(timeouts) = tcp.try_clone() else {
        ex.error = Some("cannot clone the socket".into());
        return ex;
    };
    let mut stream: Box<dyn ReadWrite> = match &out.tls {
        None => Box::new(tcp),
        Some(sni) => {
            let _ = timeouts.set_read_timeout(Some(timeout));
            match super::tls::connect(tcp, sni, out.tls_cert.as_deref()) {
                Ok((s, info)) => {
                    ex.tls = Some(info);
                    s
                }
                // (an answer like any other: both servers must refuse alike)
                Err(e) => {
                    ex.tls = Some(format!("handshake failed: {e}"));
                    ex.closed = true;
                    return ex;
                }
            }
        }
    };
    let deadline = Instant::now() + timeout;
    for (i, part) in out.parts.iter().enumerate() {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(100));
        }
        if let Err(e) = stream.write_all(part) {
            // the server may answer and close before reading everything (413, 400): keep reading
            if ex.error.is_none()
                && e.kind() != std::io::ErrorKind::BrokenPipe
                && e.kind() != std::io::ErrorKind::ConnectionReset
            {
                ex.error = Some(format!("write: {e}"));
            }
            break;
        }
    }
    if out.shutdown {
        // (once the server is waiting in the handler: an end that comes with the request is
        // not seen as an abort by nginx's edge-triggered reads)
        std::thread::sleep(Duration::from_millis(100));
        let _ = timeouts.shutdown(std::net::Shutdown::Write);
    }
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    // After the expected responses are complete, wait this long for EOF (Connection: close).
    // (A server that keeps a keep-alive connection open is only watched briefly.)
    let settle = Duration::from_millis(if out.expect_close { 300 } else { 50 });
    // With an unknown number of responses, stop when the server is idle this long.
    let idle = Duration::from_millis(1000);
    let mut complete_since: Option<Instant> = None;
    let mut last_data = Instant::now();
    loop {
        let now = Instant::now();
        if now >= deadline {
            ex.timed_out = true;
            break;
        }
        let mut wait = deadline - now;
        if let Some(t) = complete_since {
            let left = settle.saturating_sub(now - t);
            if left.is_zero() {
                break;
            }
            wait = wait.min(left);
        }
        if out.expected.is_none() && !buf.is_empty() {
            let left = idle.saturating_sub(now - last_data);
            if left.is_zero() {
                break;
            }
            wait = wait.min(left);
        }
        let _ = timeouts.set_read_timeout(Some(wait.max(Duration::from_millis(1))));
        match stream.read(&mut chunk) {
            Ok(0) => {
                ex.closed = true;
                break;
            }
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                last_data = Instant::now();
                if let Some(exp) = out.expected {
                    let (rs, rest, _) = parse_stream(&buf, &out.methods, false);
                    let finals = rs.iter().filter(|r| !is_interim(r)).count();
                    if finals >= exp && rest.is_empty() && rs.last().is_some_and(|r| !r.truncated) {
                        complete_since.get_or_insert_with(Instant::now);
                    }
                }
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                continue;
            }
            // (UnexpectedEof: TLS closed without close_notify)
            Err(e)
                if e.kind() == std::io::ErrorKind::ConnectionReset
                    || e.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                ex.closed = true;
                break;
            }
            Err(e) => {
                ex.error = Some(format!("read: {e}"));
                break;
            }
        }
    }
    let (rs, rest, _) = parse_stream(&buf, &out.methods, true);
    ex.responses = rs;
    ex.unparsed = rest;
    if ex.timed_out
        && out.expected.is_some()
        && ex.responses.iter().filter(|r| !is_interim(r)).count() >= out.expected.unwrap_or(0)
    {
        // complete answer but the connection stayed open: not a timeout of the answer
        ex.timed_out = false;
    }
    ex
}

pub fn is_interim(r: &Response) -> bool {
    status_code(r).is_some_and(|c| (100..200).contains(&c))
}

pub fn status_code(r: &Response) -> Option<u16> {
    r.status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
}

/// Parse as many responses as the bytes hold. `at_eof`: a close-delimited body ends here.
/// Returns the responses, the unparsed rest, and whether the last response is complete.
pub fn parse_stream(
    buf: &[u8],
    methods: &[String],
    at_eof: bool,
) -> (Vec<Response>, Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut req_idx = 0;
    while pos < buf.len() {
        let rest = &buf[pos..];
        if !rest.starts_with(b"HTTP/") {
            if b"HTTP/".starts_with(&rest[..rest.len().min(5)]) && !at_eof {
                break; // partial
            }
            return (out, rest.to_vec(), true);
        }
        let Some(hend) = find(rest, b"\r\n\r\n") else {
            return (out, if at_eof { rest.to_vec() } else { Vec::new() }, false);
        };
        let head = escaped_text(&rest[..hend]);
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("").to_string();
        let headers: Vec<(String, String)> = lines
            .map(|l| match l.split_once(':') {
                Some((n, v)) => (n.to_string(), v.trim().to_string()),
                None => (l.to_string(), String::new()),
            })
            .collect();
        let mut resp = Response {
            status_line,
            headers,
            body: Vec::new(),
            framing: Framing::NoBody,
            truncated: false,
            trailers: Vec::new(),
        };
        let code = status_code(&resp).unwrap_or(0);
        let method = methods.get(req_idx).map(|s| s.as_str()).unwrap_or("GET");
        let mut p = hend + 4;
        let te_chunked = resp.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        });
        let clen = resp
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<usize>().ok());
        if (100..200).contains(&code) || code == 204 || code == 304 || method == "HEAD" {
            resp.framing = Framing::NoBody;
        } else if te_chunked {
            resp.framing = Framing::Chunked;
            loop {
                let r = &rest[p..];
                let Some(le) = find(r, b"\r\n") else {
                    resp.truncated = true;
                    p = rest.len();
                    break;
                };
                let size_s = String::from_utf8_lossy(&r[..le]).into_owned();
                let Ok(size) =
                    usize::from_str_radix(size_s.split(';').next().unwrap_or("").trim(), 16)
                else {
                    resp.truncated = true;
                    resp.body.extend_from_slice(r);
                    p = rest.len();
                    break;
                };
                p += le + 2;
                if size == 0 {
                    // trailers
                    loop {
                        let r = &rest[p..];
                        let Some(le) = find(r, b"\r\n") else {
                            resp.truncated = true;
                            p = rest.len();
                            break;
                        };
                        p += le + 2;
                        if le == 0 {
                            break;
                        }
                        let l = String::from_utf8_lossy(&r[..le]).into_owned();
                        if let Some((n, v)) = l.split_once(':') {
                            resp.trailers.push((n.to_string(), v.trim().to_string()));
                        }
                    }
                    break;
                }
                if p + size + 2 > rest.len() {
                    resp.body
                        .extend_from_slice(&rest[p.min(rest.len())..rest.len().min(p + size)]);
                    resp.truncated = true;
                    p = rest.len();
                    break;
                }
                resp.body.extend_from_slice(&rest[p..p + size]);
                p += size + 2;
            }
        } else if let Some(n) = clen {
            resp.framing = Framing::Length;
            if p + n > rest.len() {
                resp.body.extend_from_slice(&rest[p..]);
                resp.truncated = true;
                p = rest.len();
            } else {
                resp.body.extend_from_slice(&rest[p..p + n]);
                p += n;
            }
        } else {
            resp.framing = Framing::Close;
            resp.body.extend_from_slice(&rest[p..]);
            resp.truncated = !at_eof;
            p = rest.len();
        }
        if !(100..200).contains(&code) {
            req_idx += 1;
        }
        let complete = !resp.truncated;
        out.push(resp);
        pos += p;
        if !complete {
            return (out, Vec::new(), false);
        }
    }
    (out, Vec::new(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chunked_and_length() {
        let b = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nhi";
        let (rs, rest, done) = parse_stream(b, &["GET".into(), "GET".into()], false);
        assert!(done && rest.is_empty());
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].body, b"abc");
        assert_eq!(rs[0].framing, Framing::Chunked);
        assert_eq!(rs[1].body, b"hi");
    }

    #[test]
    fn raw_methods() {
        let m = methods_of_raw(b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\nPOST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /");
        assert_eq!(m, vec!["HEAD", "POST", "GET"]);
    }
}

/// Bytes as text for comparison: valid UTF-8 as it is, any other byte as `\xHH`, so that a
/// byte 0xE9 and the U+FFFD a lossy conversion would make of it do not look the same.
pub fn escaped_text(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len());
    for c in b.utf8_chunks() {
        s.push_str(c.valid());
        for x in c.invalid() {
            s.push_str(&format!("\\x{x:02x}"));
        }
    }
    s
}
