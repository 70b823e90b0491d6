//! The echo module's content commands (openresty/echo-nginx-module 0.63, which OpenResty
//! bundles and lua-nginx-module's own tests lean on): `echo`, `echo_duplicate`, `echo_flush`,
//! `echo_sleep`, `echo_blocking_sleep`, `echo_location[_async]`, `echo_subrequest[_async]`,
//! `echo_exec`,
//! `echo_read_request_body`, `echo_request_body`, run in order as `ngx_http_echo_run_cmds` does.

use bstr::{BString, ByteSlice};
use std::rc::Rc;
use std::time::Duration;

use crate::engine::Next;
use crate::plan::{EchoCmd, EchoOp, LogLevel};
use crate::request::ReqRef;
use crate::worker::Worker;

/// The largest `echo_duplicate` output (bytes).
const MAX_DUPLICATE: usize = 1 << 30;

/// Run a location's echo commands.
pub(crate) async fn run(w: &Rc<Worker>, r: &ReqRef, cmds: &[EchoCmd]) -> Next {
    for cmd in cmds {
        let (opts, bytes) = eval_args(w, r, cmd);
        // What is sent is bytes, as evaluated; the other commands read their arguments as text.
        let args: Vec<String> = match cmd.op {
            EchoOp::Echo | EchoOp::Duplicate => Vec::new(),
            _ => bytes
                .iter()
                .map(|a| a.to_str_lossy().into_owned())
                .collect(),
        };
        match cmd.op {
            EchoOp::Echo => {
                let no_newline = opts.first().is_some_and(|o| o == "n");
                if let Some(data) = echo_bytes(&bytes, no_newline) {
                    send(w, r, &data);
                }
            }
            EchoOp::Duplicate => {
                let args = &bytes;
                let count = args.first().and_then(|a| atosz(&a.to_str_lossy()));
                let Some(count) = count else {
                    let arg = args.first().cloned().unwrap_or_default();
                    let msg = format!("invalid size specified: \"{arg}\"");
                    crate::engine::log_req(w, r, LogLevel::Error, &msg);
                    return Next::Status(500);
                };
                let s = args.get(1).map(|a| a.as_slice()).unwrap_or(b"");
                if count == 0 || s.is_empty() {
                    send_header_if_needed(w, r);
                } else {
                    // (where nginx's allocation would fail: a 500, not an abort)
                    let size = count.checked_mul(s.len()).filter(|n| *n <= MAX_DUPLICATE);
                    let Some(size) = size else {
                        let msg = format!("echo_duplicate: {count} copies are too large");
                        crate::engine::log_req(w, r, LogLevel::Error, &msg);
                        return Next::Status(500);
                    };
                    let mut data = Vec::with_capacity(size);
                    for _ in 0..count {
                        data.extend_from_slice(s);
                    }
                    send(w, r, &data);
                }
            }
            EchoOp::Flush => {
                if r.borrow().header_sent {
                    crate::output::gzip_sync(r);
                    let _ = crate::flush::try_flush(r);
                }
            }
            EchoOp::Sleep | EchoOp::BlockingSleep => {
                let arg = args.first().cloned().unwrap_or_default();
                let Some(ms) = sleep_ms(&arg) else {
                    let msg = format!("invalid sleep duration \"{arg}\"");
                    crate::engine::log_req(w, r, LogLevel::Error, &msg);
                    return Next::Status(400);
                };
                if cmd.op == EchoOp::Sleep {
                    crate::rt::time::sleep(Duration::from_millis(ms)).await;
                } else {
                    // (it blocks the worker, as in nginx)
                    std::thread::sleep(Duration::from_millis(ms));
                }
                crate::clock::update();
            }
            EchoOp::Location | EchoOp::LocationAsync => {
                let Some((path, args)) = subrequest_target(&args) else {
                    return Next::Status(500);
                };
                send_header_if_needed(w, r);
                if r.borrow().head_only {
                    return match cmd.op {
                        EchoOp::Location => Next::Done,
                        _ => Next::Status(500),
                    };
                }
                let sub = crate::ngx::subrequest::run_simple(
                    w,
                    r,
                    "GET",
                    (path.as_slice(), args.as_slice()),
                    None,
                );
                let out = sub.await;
                if !out.is_empty() {
                    crate::output::send_body(w, r, &out, false);
                }
            }
            EchoOp::Subrequest | EchoOp::SubrequestAsync => {
                let spec = match subrequest_spec(w, &args) {
                    Ok(s) => s,
                    Err(msg) => {
                        if !msg.is_empty() {
                            crate::engine::log_req(w, r, LogLevel::Error, &msg);
                        }
                        return Next::Status(500);
                    }
                };
                let Some((path, query)) = subrequest_target(&[spec.location.clone()]) else {
                    return Next::Status(500);
                };
                let query = spec.query.map(BString::from).unwrap_or(query);
                send_header_if_needed(w, r);
                if r.borrow().head_only {
                    return Next::Done;
                }
                let body = spec.body.filter(|b| !b.is_empty());
                let sub = crate::ngx::subrequest::run_simple(
                    w,
                    r,
                    &spec.method,
                    (path.as_slice(), query.as_slice()),
                    body,
                );
                let out = sub.await;
                if !out.is_empty() {
                    crate::output::send_body(w, r, &out, false);
                }
            }
            EchoOp::Exec => {
                let target = args.first().cloned().unwrap_or_default();
                if let Some(name) = target.strip_prefix('@') {
                    let server = r.borrow().server;
                    return match w.router.find_named(server, name) {
                        Some(l) => Next::RedirectNamed(l),
                        None => {
                            let msg = format!("named location \"@{name}\" not found");
                            crate::engine::log_req(w, r, LogLevel::Error, &msg);
                            Next::Status(500)
                        }
                    };
                }
                let Some((path, args)) = subrequest_target(&args) else {
                    return Next::Status(500);
                };
                return Next::Redirect { uri: path, args };
            }
            EchoOp::ReadRequestBody => {
                if let Err(f) = crate::engine::read_body(w, r, crate::body::Reader::Module).await {
                    return f.next(r);
                }
            }
            EchoOp::RequestBody => {
                let body = {
                    let rq = r.borrow();
                    rq.body_bytes()
                        .map(|b| b.into_owned())
                        .filter(|b| rq.body_read && !b.is_empty())
                };
                if let Some(b) = body {
                    send(w, r, &b);
                }
            }
            EchoOp::ResetTimer => {}
        }
    }
    // ngx_http_echo_send_chain_link(NULL): the head if not yet sent, then the last buffer.
    send_header_if_needed(w, r);
    crate::output::finish(w, r);
    Next::Done
}

/// The text of `echo_before_body` / `echo_after_body` commands (each as `echo` makes it).
pub(crate) fn filter_text(w: &Worker, r: &ReqRef, cmds: &[EchoCmd]) -> Vec<u8> {
    let mut out = vec![];
    for cmd in cmds {
        let (opts, args) = eval_args(w, r, cmd);
        let no_newline = opts.first().is_some_and(|o| o == "n");
        out.extend(echo_bytes(&args, no_newline).unwrap_or_default());
    }
    out
}

/// `ngx_http_echo_eval_cmd_args`: the leading literal arguments that start with `-` are options
/// (`-n`), up to `--`; the rest are evaluated.
fn eval_args(w: &Worker, r: &ReqRef, cmd: &EchoCmd) -> (Vec<String>, Vec<BString>) {
    let (mut opts, mut args) = (vec![], vec![]);
    let mut expecting_opts = true;
    let rq = r.borrow();
    for t in &cmd.args {
        // (only leading literals can be options: `$x -n` prints `-n`)
        let raw = t.as_literal();
        if let (Some(raw), true) = (raw.as_deref(), expecting_opts) {
            if raw.starts_with("--") {
                expecting_opts = false;
                continue;
            }
            if raw.len() > 1 && raw.starts_with('-') {
                opts.push(raw[1..].to_string());
                continue;
            }
        }
        expecting_opts = false;
        args.push(crate::var::eval(w, &rq, t));
    }
    (opts, args)
}

/// The bytes `ngx_http_echo_exec_echo` sends: the arguments joined by spaces (an empty one adds
/// only its space), then a newline unless `-n`. None when there is nothing to send.
fn echo_bytes(args: &[BString], no_newline: bool) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(a);
    }
    if no_newline {
        return (!out.is_empty()).then_some(out);
    }
    out.push(b'\n');
    Some(out)
}

/// `ngx_http_echo_send_header_if_needed`, then the bytes.
fn send(w: &Rc<Worker>, r: &ReqRef, data: &[u8]) {
    send_header_if_needed(w, r);
    crate::output::send_body(w, r, data, false);
}

fn send_header_if_needed(w: &Rc<Worker>, r: &ReqRef) {
    if r.borrow().header_sent {
        return;
    }
    {
        let mut rq = r.borrow_mut();
        rq.status = 200;
        // ngx_http_set_content_type, whatever lua_use_default_type says.
        if rq.headers_out.content_type.is_none() {
            let c = crate::output::conf(w, &rq);
            let t = crate::staticfile::type_by_extension(w, &rq, &rq.uri)
                .unwrap_or(&c.default_type)
                .to_string();
            if !t.is_empty() {
                rq.headers_out.content_type = Some(t);
            }
        }
        rq.headers_out.content_length = None;
        rq.headers_out.accept_ranges = false;
    }
    crate::output::send_header(w, r);
}

/// What `echo_subrequest METHOD LOCATION [-q QUERY] [-b BODY] [-f FILE]` asks for.
struct SubSpec {
    method: String,
    location: String,
    query: Option<String>,
    body: Option<Vec<u8>>,
}

/// `ngx_http_echo_parse_subrequest_spec`: Err with the line to log (empty: none).
fn subrequest_spec(w: &Worker, args: &[String]) -> Result<SubSpec, String> {
    let method = args.first().cloned().unwrap_or_default();
    let location = args.get(1).cloned().unwrap_or_default();
    if location.is_empty() {
        return Err(String::new());
    }
    let (mut query, mut body, mut file) = (None, None, None);
    let mut it = args.iter().skip(2);
    while let Some(opt) = it.next() {
        let slot = match opt.as_str() {
            "-q" => &mut query,
            "-b" => &mut body,
            "-f" => &mut file,
            _ => return Err(format!("Unknown option for echo_subrequest_async: {opt}")),
        };
        // (an option last on the line sets nothing)
        *slot = it.next().cloned();
    }
    let body = match (
        body.filter(|b| !b.is_empty()),
        file.filter(|f| !f.is_empty()),
    ) {
        (Some(b), _) => Some(b.into_bytes()),
        (None, Some(f)) => {
            // (relative to the prefix, as ngx_http_echo_rebase_path)
            let path = if f.starts_with('/') {
                std::path::PathBuf::from(&f)
            } else {
                let prefix = w.prefix.to_string_lossy();
                let sep = if prefix.ends_with('/') { "" } else { "/" };
                std::path::PathBuf::from(format!("{prefix}{sep}{f}"))
            };
            match std::fs::read(&path) {
                Ok(b) => Some(b),
                Err(e) => {
                    let errno = crate::staticfile::errno_text(&e);
                    return Err(format!("open() \"{}\" failed ({errno})", path.display()));
                }
            }
        }
        (None, None) => None,
    };
    Ok(SubSpec {
        method,
        location,
        query,
        body,
    })
}

/// `ngx_http_echo_atosz`: digits, underscores ignored.
fn atosz(s: &str) -> Option<usize> {
    if s.is_empty() {
        return None;
    }
    let mut v: usize = 0;
    for c in s.bytes() {
        match c {
            b'_' => {}
            b'0'..=b'9' => v = v.checked_mul(10)?.checked_add(usize::from(c - b'0'))?,
            _ => return None,
        }
    }
    Some(v)
}

/// `ngx_atofp(arg, 3)`: seconds with up to three decimals, as milliseconds.
fn sleep_ms(s: &str) -> Option<u64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if s.is_empty()
        || frac.len() > 3
        || !(int.bytes().chain(frac.bytes())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: u64 = format!("{frac:0<3}").parse().ok()?;
    int.checked_mul(1000)?.checked_add(frac)
}

/// The location of `echo_location` / `echo_exec`, checked as `ngx_http_parse_unsafe_uri`, and
/// its arguments: the second argument, else what followed `?`.
fn subrequest_target(args: &[String]) -> Option<(BString, BString)> {
    let loc = args.first().filter(|l| !l.is_empty())?;
    let (path, query) = crate::ngx::subrequest::parse_unsafe_uri(loc.as_bytes())?;
    let query = match args.get(1) {
        Some(a) => a.as_str().into(),
        None => query.map(BString::from).unwrap_or_default(),
    };
    Some((path.into(), query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_lines() {
        let s = |v: &[&str]| v.iter().map(|x| BString::from(*x)).collect::<Vec<_>>();
        assert_eq!(echo_bytes(&s(&["a", "b"]), false), Some(b"a b\n".to_vec()));
        assert_eq!(echo_bytes(&s(&[]), false), Some(b"\n".to_vec()));
        assert_eq!(echo_bytes(&s(&["", "a"]), false), Some(b" a\n".to_vec()));
        assert_eq!(echo_bytes(&s(&["", "a"]), true), Some(b" a".to_vec()));
        assert_eq!(echo_bytes(&s(&[""]), true), None);
        assert_eq!(echo_bytes(&s(&["a", ""]), true), Some(b"a ".to_vec()));
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(atosz("1_000"), Some(1000));
        assert_eq!(atosz("x"), None);
        assert_eq!(sleep_ms("0.5"), Some(500));
        assert_eq!(sleep_ms("1"), Some(1000));
        assert_eq!(sleep_ms("0.0001"), None);
    }
}
