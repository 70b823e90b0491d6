//! Case files: Test::Nginx-shaped blocks, so lua-nginx-module's t/*.t lift over.
//!
//! ```text
//! === TEST 1: say with numbers
//! --- config
//!     location /t { content_by_lua_block { ngx.say(1, 2.5, "x") } }
//! --- request
//! GET /t
//! ```
//!
//! Anything before the first `===` is a preamble (comments, `__DATA__`, Perl) and is ignored.
//! Sections are `--- name` followed by body lines, or `--- name: value` on one line.
//! No expected values: the expected response is what real nginx answers in the same run.

use std::collections::BTreeSet;

/// One request of a case, before it is turned into bytes.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub method: String,
    pub target: String,
    /// `HTTP/1.1` unless the request line says otherwise.
    pub version: String,
    pub body: Option<Vec<u8>>,
}

/// What may differ between nginx and restyc for one case.
#[derive(Debug, Clone, Default)]
pub struct Free {
    /// Transfer-Encoding / Content-Length / Connection / Keep-Alive, chunked vs length vs close,
    /// and whether the connection was closed.
    pub framing: bool,
    /// The `Server` header.
    pub server: bool,
    /// The body bytes.
    pub body: bool,
    /// The grep_error_log matches.
    pub error_log: bool,
    /// The status line's reason phrase.
    pub reason: bool,
    /// Header names (lower-case) that are not compared.
    pub headers: BTreeSet<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Case {
    /// File stem, e.g. `ngx_say`.
    pub file: String,
    /// 1-based line of the `===` line.
    pub line: usize,
    pub title: String,
    pub main_config: String,
    pub http_config: String,
    pub config: String,
    /// A complete nginx.conf; replaces the harness's wrapper (the harness still adds the
    /// load_module lines, `pid` and `error_log` when they are missing).
    pub full_config: Option<String>,
    pub requests: Vec<RequestSpec>,
    pub more_headers: Vec<(String, String)>,
    /// Exact bytes to send instead of requests.
    pub raw_request: Option<Vec<u8>>,
    /// Pieces of a raw request sent with a pause between them.
    pub raw_request_parts: Vec<Vec<u8>>,
    /// Chunks of a chunked request body (each line one chunk).
    pub chunked_body: Option<Vec<Vec<u8>>>,
    pub user_files: Vec<(String, Vec<u8>)>,
    pub free: Free,
    pub grep_error_log: Option<String>,
    /// The log file grep_error_log reads, relative to the prefix (default logs/error.log).
    pub error_log_file: Option<String>,
    pub env: Vec<(String, String)>,
    pub skip_restyc: Option<String>,
    pub skip_nginx: Option<String>,
    /// error_log level (default `info`).
    pub log_level: String,
    /// Response timeout in seconds.
    pub timeout: f64,
    /// Seconds to wait after the response before stopping the server (for log_by_lua, timers).
    pub wait: f64,
    /// Do not add `Host:` / `Connection: close` to requests.
    pub no_default_headers: bool,
    /// Speak TLS: the harness's server listens with `ssl` and the fixture certificate of
    /// `localhost`; the value is the SNI name to send (empty: none).
    pub tls: Option<String>,
    /// The client certificate to present (a fixture's base name: `client` is
    /// `tls/client.crt` with `tls/client.key`).
    pub tls_cert: Option<String>,
    /// Close the sending side once the request is out (the server sees the client leave).
    pub shutdown: bool,
    /// Test::Nginx's embedded TCP server (`tcp_listen` and its companions).
    pub tcp_mock: Option<super::backends::TcpMockSpec>,
    /// A memcached to start on this port placeholder (`$PORT2`).
    pub memcached: Option<String>,
}

impl Case {
    /// The name used by --filter and KNOWN_DIFFERENCES.md: `file/title`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.file, self.title)
    }
}

/// Test::Nginx sections that carry expected values or harness settings we do not need: they
/// are accepted (with any modifiers, e.g. `--- response_body chomp`) so that lifted blocks
/// parse, and ignored: expected values always come from the live nginx.
const IGNORED_SECTIONS: &[&str] = &[
    "response_body",
    "response_body_like",
    "response_body_unlike",
    "error_code",
    "error_code_like",
    "response_headers",
    "response_headers_like",
    "raw_response_headers_like",
    "raw_response_headers_unlike",
    "error_log",
    "no_error_log",
    "grep_error_log_out",
    "ONLY",
    "SKIP",
    "LAST",
    "no_check_leak",
    "timeout_note",
    "abort",
    "ignore_response",
    "ignore_response_body",
    "log_level_note",
    "wait_note",
    // systemtap probes of Test::Nginx: observation only
    "stap",
    "stap2",
    "stap_out",
    "stap_out2",
    "stap_out_like",
    "stap_out_unlike",
];

/// Interpret `\r \n \t \\ \0 \xHH \e` escapes.
pub fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'r' => {
                    out.push(b'\r');
                    i += 2;
                }
                b'n' => {
                    out.push(b'\n');
                    i += 2;
                }
                b't' => {
                    out.push(b'\t');
                    i += 2;
                }
                b'0' => {
                    out.push(0);
                    i += 2;
                }
                b'e' => {
                    out.push(0x1b);
                    i += 2;
                }
                b'\\' => {
                    out.push(b'\\');
                    i += 2;
                }
                b'x' if i + 3 < b.len() => {
                    let hex = std::str::from_utf8(&b[i + 2..i + 4]).unwrap_or("");
                    match u8::from_str_radix(hex, 16) {
                        Ok(v) => {
                            out.push(v);
                            i += 4;
                        }
                        _ => {
                            out.push(b'\\');
                            i += 1;
                        }
                    }
                }
                _ => {
                    out.push(b'\\');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn tcp_mock(case: &mut Case) -> &mut super::backends::TcpMockSpec {
    case.tcp_mock.get_or_insert_with(Default::default)
}

/// Test::Nginx's times: `0.1`, `100ms`, `2s`.
fn parse_time(s: &str) -> Result<f64, String> {
    let s = s.trim();
    let (num, scale) = match s.strip_suffix("ms") {
        Some(n) => (n, 0.001),
        None => (s.strip_suffix('s').unwrap_or(s), 1.0),
    };
    num.trim()
        .parse::<f64>()
        .map(|v| v * scale)
        .map_err(|_| format!("`{s}` is not a time"))
}

fn chomp(mut s: String) -> String {
    while s.ends_with('\n') {
        s.pop();
    }
    s
}

fn parse_request_line(line: &str) -> Result<RequestSpec, String> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    match parts.as_slice() {
        [m, t] => Ok(RequestSpec {
            method: m.to_string(),
            target: t.to_string(),
            version: "HTTP/1.1".into(),
            body: None,
        }),
        [m, t, v] => Ok(RequestSpec {
            method: m.to_string(),
            target: t.to_string(),
            version: v.to_string(),
            body: None,
        }),
        _ => Err(format!(
            "bad request line `{line}` (expected `METHOD URI [HTTP/x.y]`; use raw_request for anything else)"
        )),
    }
}

/// Parse one case file.
pub fn parse_file(file: &str, text: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut cur: Option<(Case, Vec<(String, Option<String>, Vec<String>, usize)>)> = None;
    let mut titles = BTreeSet::new();

    let mut finish = |cur: Option<(Case, Vec<(String, Option<String>, Vec<String>, usize)>)>,
                      cases: &mut Vec<Case>|
     -> Result<(), String> {
        let Some((mut case, sections)) = cur else {
            return Ok(());
        };
        for (name, inline, body, line) in sections {
            apply_section(&mut case, &name, inline, body)
                .map_err(|e| format!("{file}.t:{line}: section `{name}`: {e}"))?;
        }
        if case.requests.is_empty()
            && case.raw_request.is_none()
            && case.raw_request_parts.is_empty()
        {
            return Err(format!(
                "{file}.t:{}: case `{}` has no request, raw_request or pipelined_requests",
                case.line, case.title
            ));
        }
        if case.tcp_mock.as_ref().is_some_and(|m| m.listen.is_empty()) {
            return Err(format!(
                "{file}.t:{}: case `{}` has tcp_ sections but no tcp_listen",
                case.line, case.title
            ));
        }
        if !titles.insert(case.title.clone()) {
            return Err(format!(
                "{file}.t:{}: duplicate case title `{}` (titles name the cases in KNOWN_DIFFERENCES.md)",
                case.line, case.title
            ));
        }
        cases.push(case);
        Ok(())
    };

    for (idx, raw_line) in text.lines().enumerate() {
        let lineno = idx + 1;
        if let Some(rest) = raw_line.strip_prefix("=== ") {
            let prev = cur.take();
            finish(prev, &mut cases)?;
            // `=== TEST 1: title` or `=== title`
            let title = match rest.split_once(':') {
                Some((head, t)) if head.trim_start().starts_with("TEST") => t.trim().to_string(),
                _ => rest.trim().to_string(),
            };
            let case = Case {
                file: file.to_string(),
                line: lineno,
                title,
                log_level: "info".into(),
                timeout: 5.0,
                ..Default::default()
            };
            cur = Some((case, Vec::new()));
            continue;
        }
        let Some((_, sections)) = cur.as_mut() else {
            continue; // preamble
        };
        if let Some(rest) = raw_line.strip_prefix("--- ") {
            let rest = rest.trim_end();
            let first_word = rest.split([' ', ':']).next().unwrap_or("");
            let (name, inline) = match rest.split_once(':') {
                // expected-value sections of Test::Nginx are ignored, modifiers and all
                _ if IGNORED_SECTIONS.contains(&first_word) => (first_word.to_string(), None),
                Some((n, v)) if !n.contains(' ') => {
                    (n.trim().to_string(), Some(v.trim().to_string()))
                }
                _ => {
                    // `--- name` or `--- name eval` style modifiers are not supported
                    let mut it = rest.split_whitespace();
                    let n = it.next().unwrap_or("").to_string();
                    if let Some(m) = it.next() {
                        return Err(format!(
                            "{file}.t:{lineno}: section modifier `{m}` is not supported (write the value literally)"
                        ));
                    }
                    (n, None)
                }
            };
            sections.push((name, inline, Vec::new(), lineno));
            continue;
        }
        if let Some(last) = sections.last_mut() {
            last.2.push(raw_line.to_string());
        }
        // lines between `===` and the first section are comments
    }
    finish(cur.take(), &mut cases)?;
    Ok(cases)
}

fn body_text(lines: &[String]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

fn apply_section(
    case: &mut Case,
    name: &str,
    inline: Option<String>,
    body: Vec<String>,
) -> Result<(), String> {
    let text = match &inline {
        Some(v) if body.iter().all(|l| l.trim().is_empty()) => v.clone(),
        Some(v) => format!("{v}\n{}", body_text(&body)),
        None => body_text(&body),
    };
    match name {
        "main_config" => case.main_config = text,
        "http_config" => case.http_config = text,
        "config" => case.config = text,
        "full_config" => case.full_config = Some(text),
        "request" => {
            let text = chomp(text);
            let mut lines = text.lines();
            let first = lines
                .by_ref()
                .find(|l| !l.trim().is_empty())
                .ok_or("empty request")?;
            let mut req = parse_request_line(first.trim())?;
            let rest: Vec<&str> = lines.collect();
            if !rest.is_empty() {
                req.body = Some(rest.join("\n").into_bytes());
            }
            case.requests.push(req);
        }
        "pipelined_requests" => {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                case.requests.push(parse_request_line(l.trim())?);
            }
        }
        "request_body" => {
            let b = chomp(text).into_bytes();
            match case.requests.last_mut() {
                Some(r) => r.body = Some(b),
                None => return Err("request_body before request".into()),
            }
        }
        "chunked_body" => {
            case.chunked_body = Some(text.lines().map(unescape).collect());
        }
        "more_headers" => {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let (n, v) = l
                    .split_once(':')
                    .ok_or_else(|| format!("header line `{l}` has no colon"))?;
                case.more_headers
                    .push((n.trim().to_string(), v.trim().to_string()));
            }
        }
        "raw_request" => {
            // Lines are concatenated without newlines; write \r\n explicitly.
            let joined: String = text.lines().collect();
            case.raw_request = Some(unescape(&joined));
        }
        "raw_request_parts" => {
            // One part per line, sent with a short pause between parts.
            case.raw_request_parts = text
                .lines()
                .filter(|l| !l.is_empty())
                .map(unescape)
                .collect();
        }
        "user_files" => {
            let mut current: Option<(String, String)> = None;
            for l in text.lines() {
                if let Some(p) = l.strip_prefix(">>> ") {
                    if let Some((p, c)) = current.take() {
                        case.user_files.push((p, c.into_bytes()));
                    }
                    current = Some((p.trim().to_string(), String::new()));
                } else if let Some((_, c)) = current.as_mut() {
                    c.push_str(l);
                    c.push('\n');
                } else if !l.trim().is_empty() {
                    return Err("user_files content before the first `>>> path` line".into());
                }
            }
            if let Some((p, c)) = current.take() {
                case.user_files.push((p, c.into_bytes()));
            }
        }
        "free" => {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let item = l.split(':').next().unwrap_or("").trim();
                let mut words = item.split_whitespace();
                match words.next() {
                    Some("framing") => case.free.framing = true,
                    Some("server") => case.free.server = true,
                    Some("body") => case.free.body = true,
                    Some("error_log") => case.free.error_log = true,
                    Some("reason") => case.free.reason = true,
                    Some("header") => {
                        for h in words {
                            case.free.headers.insert(h.to_ascii_lowercase());
                        }
                    }
                    other => {
                        return Err(format!(
                            "unknown free item `{}` (framing, server, body, error_log, reason, header NAME)",
                            other.unwrap_or("")
                        ));
                    }
                }
            }
        }
        "grep_error_log" => {
            let re = chomp(text).trim().to_string();
            regex::Regex::new(&re).map_err(|e| format!("bad regex: {e}"))?;
            case.grep_error_log = Some(re);
        }
        "env" => {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let (k, v) = l
                    .split_once('=')
                    .ok_or_else(|| format!("env line `{l}` is not NAME=value"))?;
                case.env.push((k.trim().to_string(), v.to_string()));
            }
        }
        "error_log_file" => case.error_log_file = Some(chomp(text).trim().to_string()),
        "skip_restyc" => case.skip_restyc = Some(chomp(text).trim().to_string()),
        "skip_nginx" => case.skip_nginx = Some(chomp(text).trim().to_string()),
        "log_level" => case.log_level = chomp(text).trim().to_string(),
        "timeout" => {
            case.timeout = chomp(text)
                .trim()
                .parse()
                .map_err(|_| "timeout is not a number")?
        }
        "wait" => {
            case.wait = chomp(text)
                .trim()
                .parse()
                .map_err(|_| "wait is not a number")?
        }
        "no_default_headers" => case.no_default_headers = true,
        "memcached" => case.memcached = Some(chomp(text).trim().to_string()),
        "tcp_listen" => tcp_mock(case).listen = chomp(text).trim().to_string(),
        // inline: the value with escapes; a block: its lines, newlines and all, with escapes
        "tcp_reply" => {
            tcp_mock(case).reply = Some(match &inline {
                Some(v) if body.iter().all(|l| l.trim().is_empty()) => unescape(v),
                _ => unescape(&text),
            })
        }
        // Test::Nginx's expected value: here what the mock receives is compared with nginx's
        "tcp_query" => tcp_mock(case).show_query = true,
        "tcp_query_len" => {
            let m = tcp_mock(case);
            m.query_len = Some(
                chomp(text)
                    .trim()
                    .parse()
                    .map_err(|_| "tcp_query_len is not a number")?,
            );
            m.show_query = true;
        }
        "tcp_reply_delay" => tcp_mock(case).reply_delay = parse_time(&chomp(text))?,
        "tcp_no_close" => tcp_mock(case).no_close = true,
        "tcp_shutdown" => {
            tcp_mock(case).shutdown = Some(match chomp(text).trim() {
                "0" => 0,
                "1" => 1,
                "2" => 2,
                v => return Err(format!("tcp_shutdown `{v}` is not 0, 1 or 2")),
            })
        }
        "shutdown" => case.shutdown = true,
        "tls_cert" => case.tls_cert = Some(chomp(text).trim().to_string()),
        "tls" => {
            // (`-`: no SNI)
            let text = chomp(text);
            case.tls = Some(match text.trim() {
                "" => "localhost".to_string(),
                "-" => String::new(),
                name => name.to_string(),
            });
        }
        // Test::Nginx sections that carry expected values or that we do not need: ignored so
        // that lifted blocks parse, but expected values are never used.
        n if IGNORED_SECTIONS.contains(&n) => {}
        other => return Err(format!("unknown section `{other}`")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_block() {
        let t = "preamble\n=== TEST 1: say\n--- config\n    location /t { }\n--- request\nGET /t\n--- free\nframing: because\nheader X-A X-B\n";
        let c = parse_file("x", t).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].title, "say");
        assert_eq!(c[0].requests[0].method, "GET");
        assert!(c[0].free.framing);
        assert!(c[0].free.headers.contains("x-b"));
    }

    #[test]
    fn ignores_expected_value_sections_with_modifiers() {
        let t = "=== TEST 1: x\n--- config\n--- request\nGET /t\n--- response_body chomp\nhi\n--- error_log eval\nqr/x/\n";
        let c = parse_file("x", t).unwrap();
        assert_eq!(c[0].requests.len(), 1);
        assert!(parse_file("x", "=== TEST 1: y\n--- request eval\nGET /\n").is_err());
    }

    #[test]
    fn unescapes() {
        assert_eq!(unescape("a\\r\\n\\x41\\\\"), b"a\r\nA\\");
    }
}
