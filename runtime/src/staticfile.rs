//! Static content: root/alias mapping, index, try_files, files with ETag / Last-Modified /
//! conditional requests / single byte ranges (`ngx_http_static_module.c`, `ngx_http_index_module.c`,
//! `ngx_http_core_try_files_phase`, `ngx_http_range_filter_module.c`).

use bstr::ByteSlice;
use std::rc::Rc;
use std::time::UNIX_EPOCH;

use crate::engine::{Next2, log_req};
use crate::output::{self, conf};
use crate::plan::{LocConf, LogLevel, MatchKind};
use crate::request::{ReqRef, Request};
use crate::worker::Worker;

/// `$document_root`: the root (or alias) of the current location, made absolute against the prefix.
pub fn document_root(w: &Worker, r: &Request) -> Option<String> {
    let c = conf(w, r);
    let t = c.alias.as_ref().or(c.root.as_ref());
    let v = match t {
        Some(t) => crate::var::eval_text(w, r, t),
        None => "html".to_string(),
    };
    Some(absolute(w, &v))
}

fn absolute(w: &Worker, p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else {
        w.prefix.join(p).display().to_string()
    }
}

/// Map a URI to a file path with the location's root or alias.
pub fn map_uri(w: &Worker, r: &Request, uri: &str) -> String {
    let c = conf(w, r);
    if let Some(alias) = &c.alias {
        let a = absolute(w, &crate::var::eval_text(w, r, alias));
        let loc = r.loc.map(|l| &w.plan.locations[l]);
        return match loc {
            Some(l)
                if l.kind == MatchKind::Prefix
                    || l.kind == MatchKind::PrefixNoRegex
                    || l.kind == MatchKind::Exact =>
            {
                let rest = uri.get(l.pattern.len()..).unwrap_or("");
                format!("{a}{rest}")
            }
            // In a regex location the alias is the whole path (built from captures).
            _ => a,
        };
    }
    let root = document_root(w, r).unwrap_or_default();
    format!("{root}{uri}")
}

/// `$request_filename`.
pub fn request_filename(w: &Worker, r: &Request) -> Option<String> {
    Some(map_uri(w, r, &r.uri.to_str_lossy()))
}

/// The Content-Type for a URI by its extension (`types`), else `default_type`.
pub fn content_type_for(w: &Worker, r: &Request, uri: &[u8]) -> String {
    let c = conf(w, r);
    match type_by_extension(w, r, uri) {
        Some(t) => with_charset(t, c.charset.as_deref()),
        None => with_charset(&c.default_type, c.charset.as_deref()),
    }
}

/// The location's `types` entry for the extension of the URI's last segment (nginx's
/// `r->exten`, looked up lower-cased by ngx_http_set_content_type).
pub fn type_by_extension<'a>(w: &'a Worker, r: &Request, uri: &[u8]) -> Option<&'a str> {
    let c = conf(w, r);
    let i = type_index(w, c, uri)?;
    Some(types(w, c)[i].1.as_str())
}

/// The index of that entry in the `types` that apply to `c`.
pub fn type_index(w: &Worker, c: &LocConf, uri: &[u8]) -> Option<usize> {
    // (a plain loop: URIs are short, and memrchr's setup costs more than it saves on them)
    let last = uri
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(uri, |i| &uri[i + 1..]);
    let dot = last.iter().rposition(|&b| b == b'.')?;
    let ext = &last[dot + 1..];
    if ext.is_empty() {
        return None;
    }
    types(w, c)
        .iter()
        .position(|(e, _)| e.as_bytes().eq_ignore_ascii_case(ext))
}

fn types<'a>(w: &'a Worker, c: &'a LocConf) -> &'a [(String, String)] {
    c.types.as_ref().unwrap_or(&w.plan.http.types)
}

fn with_charset(t: &str, cs: Option<&str>) -> String {
    match cs {
        Some(cs)
            if t.starts_with("text/")
                || t == "application/javascript"
                || t == "application/json" =>
        {
            format!("{t}; charset={cs}")
        }
        _ => t.to_string(),
    }
}

/// `try_files file ... uri|=code|@name`.
pub fn try_files(w: &Rc<Worker>, r: &ReqRef) -> Next2 {
    let list = conf(w, &r.borrow()).try_files.clone();
    let Some((last, files)) = list.split_last() else {
        return Next2::Continue;
    };
    for t in files {
        // An entry written with a trailing `/` tests for a directory, named by the rest of it
        // (ngx_http_core_try_files): `$uri/` for `/dir/` names `/dir/`, and `$uri` (a file
        // test) does not take that directory.
        let test_dir = is_directory_entry(t);
        let mut value = crate::var::eval_text(w, &r.borrow(), t);
        if test_dir {
            // (the entry's last part is a literal ending in `/`: so does its value)
            value.pop();
        }
        let path = map_uri(w, &r.borrow(), &value);
        let ok = std::fs::metadata(&path)
            .map(|m| m.is_dir() == test_dir)
            .unwrap_or(false);
        if ok {
            let mut rq = r.borrow_mut();
            rq.uri_changed = true;
            rq.uri = value.into();
            return Next2::Continue;
        }
    }
    let value = crate::var::eval_text(w, &r.borrow(), last);
    if let Some(code) = value.strip_prefix('=') {
        return Next2::Status(code.parse().unwrap_or(500));
    }
    if let Some(name) = value.strip_prefix('@') {
        return Next2::Named(name.to_string());
    }
    match value.find('?') {
        Some(i) => Next2::Redirect {
            uri: value[..i].into(),
            args: value[i + 1..].into(),
        },
        None => {
            let args = r.borrow().args.clone();
            Next2::Redirect {
                uri: value.into(),
                args,
            }
        }
    }
}

/// A try_files entry written with a trailing `/` (a directory test).
fn is_directory_entry(t: &crate::plan::Template) -> bool {
    matches!(t.parts.last(), Some(crate::plan::TemplatePart::Lit(l)) if l.ends_with('/'))
}

/// The static content handler: index for directories, files otherwise.
pub fn serve(w: &Rc<Worker>, r: &ReqRef) -> Next2 {
    let (uri, method) = {
        let rq = r.borrow();
        // (file names are text yet: a URI's bytes that are not UTF-8 are replaced)
        (rq.uri.to_str_lossy().into_owned(), rq.method.clone())
    };
    if uri.ends_with('/') {
        return index(w, r, &uri);
    }
    // ngx_http_static_handler: POST is refused only once the file is found.
    if !matches!(method.as_str(), "GET" | "HEAD" | "POST") {
        return Next2::Status(405);
    }
    let path = map_uri(w, &r.borrow(), &uri);
    let md = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) => {
            let code = if e.kind() == std::io::ErrorKind::PermissionDenied {
                403
            } else {
                404
            };
            if conf(w, &r.borrow()).log_not_found || code == 403 {
                log_req(
                    w,
                    r,
                    LogLevel::Error,
                    &format!("open() \"{path}\" failed ({})", errno_text(&e)),
                );
            }
            return Next2::Status(code);
        }
    };
    if md.is_dir() {
        let mut rq = r.borrow_mut();
        let mut target = format!("{uri}/");
        if !rq.args.is_empty() {
            target.push('?');
            target.push_str(&rq.args.to_str_lossy());
        }
        crate::rewrite::set_location(w, &mut rq, target.into());
        return Next2::Status(301);
    }
    if method == "POST" {
        return Next2::Status(405);
    }
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            log_req(
                w,
                r,
                LogLevel::Error,
                &format!("open() \"{path}\" failed ({})", errno_text(&e)),
            );
            return Next2::Status(if e.kind() == std::io::ErrorKind::PermissionDenied {
                403
            } else {
                404
            });
        }
    };
    let mtime = md
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let last_modified = crate::http::http_date(UNIX_EPOCH + std::time::Duration::from_secs(mtime));
    let size = md.len();
    let etag = format!("\"{:x}-{:x}\"", mtime, size);
    let mut rq = r.borrow_mut();
    let etag_on = conf(w, &rq).etag;
    // Conditional requests (ngx_http_not_modified_filter).
    let not_modified = match (
        rq.header_str("if-none-match"),
        rq.header_str("if-modified-since"),
    ) {
        (Some(inm), _) if etag_on => inm.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        (None, Some(ims)) => conf(w, &rq)
            .if_modified_since
            .not_modified(ims, Some(mtime)),
        _ => false,
    };
    rq.headers_out.last_modified = Some(last_modified);
    // ngx_http_static_handler answers 200 whatever an earlier phase set.
    rq.status = 200;
    if not_modified && rq.status == 200 {
        rq.status = 304;
        if etag_on {
            rq.headers_out.others.push(("ETag".into(), etag.into()));
        }
        drop(rq);
        output::finish(w, r);
        return Next2::Continue;
    }
    // (ngx_http_set_content_type keeps a type an earlier phase set)
    if rq.headers_out.content_type.is_none() {
        rq.headers_out.content_type = Some(content_type_for(w, &rq, uri.as_bytes()));
    }
    if etag_on {
        rq.headers_out
            .others
            .push(("ETag".into(), etag.as_str().into()));
    }
    let total = size;
    // A large file for a client as it is (no range, no filter that needs the whole body) goes
    // out a piece at a time instead of whole from memory.
    let streamed = total > STREAM_FROM
        && rq.subrequest == 0
        && rq.client.is_some()
        && rq.header_str("range").is_none()
        && conf(w, &rq).body_filter_by_lua.is_none()
        && !crate::gzip::will_compress(conf(w, &rq), &rq, total);
    if streamed {
        if rq.err_status == 0 || rq.err_status == 200 {
            rq.headers_out.accept_ranges = true;
        }
        rq.headers_out.content_length = Some(total);
        rq.core_head = true;
        drop(rq);
        output::send_header(w, r);
        return Next2::File(file);
    }
    drop(rq);
    let body = match read_all(file) {
        Ok(b) => b,
        Err(e) => {
            log_req(
                w,
                r,
                LogLevel::Error,
                &format!("read() \"{path}\" failed ({})", errno_text(&e)),
            );
            return Next2::Status(500);
        }
    };
    let mut rq = r.borrow_mut();
    // ngx_http_range_header_filter (it skips subrequests: ngx.location.capture gets the whole file).
    let mut out: Option<Vec<u8>> = None;
    let gzipped = crate::gzip::will_compress(conf(w, &rq), &rq, total);
    if rq.status == 200
        && rq.subrequest == 0
        && rq.version != crate::http::Version::Http09
        && !gzipped
    {
        let range = rq
            .header_str("range")
            .filter(|v| v.len() >= 7 && v.as_bytes()[..6].eq_ignore_ascii_case(b"bytes="))
            .map(|v| v[6..].to_string());
        let if_range_ok = match rq.header_str("if-range") {
            None => true,
            Some(ir) if ir.len() >= 2 && ir.ends_with('"') => etag_on && ir == etag,
            Some(ir) => crate::ngx::time::parse_http_time(ir.as_bytes()) == Some(mtime as i64),
        };
        // (gzip's header filter, which comes before the range filter, saw the whole file)
        let vary = crate::gzip::vary_applies(conf(w, &rq), &rq, total);
        match range
            .filter(|_| if_range_ok)
            .map(|spec| parse_ranges(&spec, total))
        {
            Some(Ranges::Satisfiable(ranges)) if ranges.len() == 1 => {
                let (a, b) = ranges[0];
                rq.status = 206;
                rq.headers_out.gzip_vary = vary;
                rq.headers_out.content_range = Some(format!("bytes {a}-{}/{total}", b - 1).into());
                out = Some(body[a as usize..b as usize].to_vec());
            }
            Some(Ranges::Satisfiable(ranges)) => {
                rq.status = 206;
                rq.headers_out.gzip_vary = vary;
                let ct = rq.headers_out.content_type.take();
                let (ct, part) = multipart(&body, &ranges, ct.as_deref());
                rq.headers_out.content_type = Some(ct);
                out = Some(part);
            }
            Some(Ranges::Unsatisfiable) => {
                rq.headers_out = Default::default();
                rq.headers_out.gzip_vary = vary;
                rq.headers_out
                    .others
                    .push(("Content-Range".into(), format!("bytes */{total}").into()));
                drop(rq);
                return Next2::Status(416);
            }
            Some(Ranges::Declined) | None => {
                if rq.err_status == 0 || rq.err_status == 200 {
                    rq.headers_out.accept_ranges = true;
                }
            }
        }
    }
    let out = out.unwrap_or(body);
    rq.headers_out.content_length = Some(out.len() as u64);
    rq.core_head = true;
    drop(rq);
    output::send_body(w, r, &out, true);
    Next2::Continue
}

/// Files larger than this are sent a piece at a time when nothing needs them whole.
const STREAM_FROM: u64 = 1 << 20;

fn read_all(mut f: std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut v = Vec::new();
    f.read_to_end(&mut v)?;
    Ok(v)
}

/// Send a large file's bytes after its head: 256 KB read at a time, each written out (within
/// send_timeout) before the next is read, so memory stays bounded whatever the file's size.
pub async fn send_file(w: &Rc<Worker>, r: &ReqRef, mut f: std::fs::File) {
    use std::io::Read;
    if crate::ngx::output::header_only(&r.borrow()) {
        output::send_body(w, r, b"", true);
        return;
    }
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match f.read(&mut buf) {
            Ok(n) => n,
            Err(e) => {
                log_req(
                    w,
                    r,
                    LogLevel::Crit,
                    &format!("read() failed ({})", errno_text(&e)),
                );
                r.borrow_mut().keepalive = false;
                return;
            }
        };
        if !output::send_body(w, r, &buf[..n], n == 0) || n == 0 {
            return;
        }
        // (each wait for the socket within send_timeout)
        if crate::flush::flush(r).await.is_err() {
            // The client is gone or too slow: nothing more reaches it.
            let mut rq = r.borrow_mut();
            rq.keepalive = false;
            rq.eof = true;
            return;
        }
    }
}

/// What `ngx_http_range_parse` makes of a `Range: bytes=` value.
#[derive(Debug, PartialEq)]
enum Ranges {
    /// [start, end) byte ranges, in the order asked.
    Satisfiable(Vec<(u64, u64)>),
    Unsatisfiable,
    /// Served whole (overlapping ranges adding up to more than the file, `0-` of an empty file).
    Declined,
}

/// `ngx_http_range_parse`, byte for byte: spaces around numbers, suffix ranges, ends past the
/// file cut to it, empty ranges skipped.
fn parse_ranges(spec: &str, total: u64) -> Ranges {
    let p = spec.as_bytes();
    let mut i = 0;
    let at = |i: usize| p.get(i).copied().unwrap_or(0);
    let skip_spaces = |i: &mut usize| {
        while at(*i) == b' ' {
            *i += 1;
        }
    };
    let number = |i: &mut usize| -> Option<u64> {
        let mut n: u64 = 0;
        while at(*i).is_ascii_digit() {
            n = n.checked_mul(10)?.checked_add((at(*i) - b'0') as u64)?;
            if n > i64::MAX as u64 {
                return None;
            }
            *i += 1;
        }
        Some(n)
    };
    let mut ranges = Vec::new();
    let mut size: u64 = 0;
    loop {
        let (mut start, mut end);
        skip_spaces(&mut i);
        let found_open_end = if at(i) != b'-' {
            if !at(i).is_ascii_digit() {
                return Ranges::Unsatisfiable;
            }
            let Some(n) = number(&mut i) else {
                return Ranges::Unsatisfiable;
            };
            start = n;
            skip_spaces(&mut i);
            if at(i) != b'-' {
                return Ranges::Unsatisfiable;
            }
            i += 1;
            skip_spaces(&mut i);
            at(i) == b',' || at(i) == 0
        } else {
            start = u64::MAX; // a suffix range: set below
            i += 1;
            false
        };
        if found_open_end {
            end = total;
        } else {
            if !at(i).is_ascii_digit() {
                return Ranges::Unsatisfiable;
            }
            let Some(n) = number(&mut i) else {
                return Ranges::Unsatisfiable;
            };
            end = n;
            skip_spaces(&mut i);
            if at(i) != b',' && at(i) != 0 {
                return Ranges::Unsatisfiable;
            }
            if start == u64::MAX {
                start = total.saturating_sub(end);
                end = total.saturating_sub(1);
                if total == 0 {
                    // nginx: start = 0, end = -1, then end++ gives an empty range.
                    end = 0;
                    start = 0;
                } else {
                    end += 1;
                }
            } else if end >= total {
                end = total;
            } else {
                end += 1;
            }
        }
        if start < end {
            ranges.push((start, end));
            size += end - start;
        } else if start == 0 {
            return Ranges::Declined;
        }
        let sep = at(i);
        i += 1;
        if sep != b',' {
            break;
        }
    }
    if ranges.is_empty() {
        return Ranges::Unsatisfiable;
    }
    if size > total {
        return Ranges::Declined;
    }
    Ranges::Satisfiable(ranges)
}

/// nginx's multipart boundaries: one counter per server, from 1 (`ngx_next_temp_number`).
static BOUNDARY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `ngx_http_range_multipart_header` and its body: the response's Content-Type and the parts.
fn multipart(body: &[u8], ranges: &[(u64, u64)], ct: Option<&str>) -> (String, Vec<u8>) {
    let boundary = BOUNDARY.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    let part_head = match ct.filter(|ct| !ct.is_empty()) {
        Some(ct) => format!("\r\n--{boundary:020}\r\nContent-Type: {ct}\r\nContent-Range: bytes "),
        None => format!("\r\n--{boundary:020}\r\nContent-Range: bytes "),
    };
    let total = body.len();
    let mut out = Vec::new();
    for &(a, b) in ranges {
        out.extend_from_slice(part_head.as_bytes());
        out.extend_from_slice(format!("{a}-{}/{total}\r\n\r\n", b - 1).as_bytes());
        out.extend_from_slice(&body[a as usize..b as usize]);
    }
    out.extend_from_slice(format!("\r\n--{boundary:020}--\r\n").as_bytes());
    (
        format!("multipart/byteranges; boundary={boundary:020}"),
        out,
    )
}

fn index(w: &Rc<Worker>, r: &ReqRef, uri: &str) -> Next2 {
    let indexes = conf(w, &r.borrow()).index.clone();
    let dir = map_uri(w, &r.borrow(), uri);
    let mut first_missing = None;
    for t in &indexes {
        let name = crate::var::eval_text(w, &r.borrow(), t);
        if name.starts_with('/') {
            let args = r.borrow().args.clone();
            return Next2::Redirect {
                uri: name.into(),
                args,
            };
        }
        let path = format!("{dir}{name}");
        if std::fs::metadata(&path)
            .map(|m| !m.is_dir())
            .unwrap_or(false)
        {
            let args = r.borrow().args.clone();
            return Next2::Redirect {
                uri: format!("{uri}{name}").into(),
                args,
            };
        }
        first_missing.get_or_insert(path);
    }
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() && conf(w, &r.borrow()).autoindex.enable => {
            crate::autoindex::serve(w, r, &dir)
        }
        Ok(m) if m.is_dir() => {
            log_req(
                w,
                r,
                LogLevel::Error,
                &format!("directory index of \"{dir}\" is forbidden"),
            );
            Next2::Status(403)
        }
        _ => {
            if let Some(p) = first_missing {
                log_req(
                    w,
                    r,
                    LogLevel::Error,
                    &format!("\"{p}\" is not found (2: No such file or directory)"),
                );
            }
            Next2::Status(404)
        }
    }
}

pub(crate) fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => {
            let s = std::io::Error::from_raw_os_error(n).to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            format!("{n}: {s}")
        }
        None => e.to_string(),
    }
}
