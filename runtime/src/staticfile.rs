//! Static content: root/alias mapping, index, try_files, files with ETag / Last-Modified /
//! conditional requests / single byte ranges (`ngx_http_static_module.c`, `ngx_http_index_module.c`,
//! `ngx_http_core_try_files_phase`, `ngx_http_range_filter_module.c`).

use std::rc::Rc;
use std::time::UNIX_EPOCH;

use crate::engine::{Next2, log_req};
use crate::output::{self, conf};
use crate::plan::{LogLevel, MatchKind};
use crate::request::{ReqRef, Request};
use crate::worker::Worker;

/// `$document_root`: the root (or alias) of the current location, made absolute against the prefix.
pub fn document_root(w: &Worker, r: &Request) -> Option<String> {
    let c = conf(w, r);
    let t = c.alias.as_ref().or(c.root.as_ref());
    let v = match t {
        Some(t) => crate::var::eval(w, r, t),
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
        let a = absolute(w, &crate::var::eval(w, r, alias));
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
    Some(map_uri(w, r, &r.uri))
}

/// The Content-Type for a URI by its extension (`types`), else `default_type`.
pub fn content_type_for(w: &Worker, r: &Request, uri: &str) -> String {
    let c = conf(w, r);
    let ext = uri
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    if let Some(ext) = ext {
        let types = c.types.as_ref().unwrap_or(&w.plan.http.types);
        if let Some((_, t)) = types.iter().find(|(e, _)| *e == ext) {
            return with_charset(t, c.charset.as_deref());
        }
    }
    with_charset(&c.default_type, c.charset.as_deref())
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
        let value = crate::var::eval(w, &r.borrow(), t);
        let want_dir = value.ends_with('/');
        let path = map_uri(w, &r.borrow(), &value);
        let ok = std::fs::metadata(&path)
            .map(|m| if want_dir { m.is_dir() } else { m.is_file() })
            .unwrap_or(false);
        if ok {
            let mut rq = r.borrow_mut();
            let value = if want_dir && value.len() > 1 {
                value[..value.len() - 1].to_string()
            } else {
                value
            };
            match value.find('?') {
                Some(i) => {
                    rq.args = value[i + 1..].to_string();
                    rq.uri = value[..i].to_string();
                }
                None => rq.uri = value,
            }
            return Next2::Continue;
        }
    }
    let value = crate::var::eval(w, &r.borrow(), last);
    if let Some(code) = value.strip_prefix('=') {
        return Next2::Status(code.parse().unwrap_or(500));
    }
    if let Some(name) = value.strip_prefix('@') {
        return Next2::Named(name.to_string());
    }
    match value.find('?') {
        Some(i) => Next2::Redirect {
            uri: value[..i].to_string(),
            args: value[i + 1..].to_string(),
        },
        None => {
            let args = r.borrow().args.clone();
            Next2::Redirect { uri: value, args }
        }
    }
}

/// The static content handler: index for directories, files otherwise.
pub fn serve(w: &Rc<Worker>, r: &ReqRef) -> Next2 {
    let (uri, method) = {
        let rq = r.borrow();
        (rq.uri.clone(), rq.method.clone())
    };
    if uri.ends_with('/') {
        return index(w, r, &uri);
    }
    if method != "GET" && method != "HEAD" {
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
            target.push_str(&rq.args.clone());
        }
        let loc = crate::rewrite::absolute_location(w, &rq, &target);
        rq.headers_out.location = Some(loc);
        return Next2::Status(301);
    }
    let body = match std::fs::read(&path) {
        Ok(b) => b,
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
    let etag = format!("\"{:x}-{:x}\"", mtime, body.len());
    let mut rq = r.borrow_mut();
    let etag_on = conf(w, &rq).etag;
    // Conditional requests (ngx_http_not_modified_filter).
    let not_modified = match (rq.header("if-none-match"), rq.header("if-modified-since")) {
        (Some(inm), _) if etag_on => inm.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        (None, Some(ims)) => ims == last_modified,
        _ => false,
    };
    rq.headers_out.last_modified = Some(last_modified);
    if rq.status == 0 {
        rq.status = 200;
    }
    if not_modified && rq.status == 200 {
        rq.status = 304;
        if etag_on {
            rq.headers_out.others.push(("ETag".into(), etag));
        }
        drop(rq);
        output::finish(w, r);
        return Next2::Continue;
    }
    let ct = content_type_for(w, &rq, &uri);
    rq.headers_out.content_type = Some(ct);
    if etag_on {
        rq.headers_out.others.push(("ETag".into(), etag));
    }
    let total = body.len() as u64;
    let mut slice = &body[..];
    // The range filter skips subrequests (ngx.location.capture gets the whole file).
    if rq.status == 200 && rq.subrequest == 0 {
        if let Some(range) = rq.header("range").map(str::to_string) {
            match parse_range(&range, total) {
                RangeSpec::Whole => {}
                RangeSpec::Bytes(a, b) => {
                    rq.status = 206;
                    rq.headers_out
                        .others
                        .push(("Content-Range".into(), format!("bytes {a}-{b}/{total}")));
                    slice = &body[a as usize..=b as usize];
                }
                RangeSpec::Unsatisfiable => {
                    rq.headers_out = Default::default();
                    rq.headers_out
                        .others
                        .push(("Content-Range".into(), format!("bytes */{total}")));
                    drop(rq);
                    return Next2::Status(416);
                }
            }
        } else if rq.err_status == 0 || rq.err_status == 200 {
            rq.headers_out.accept_ranges = true;
        }
    }
    rq.headers_out.content_length = Some(slice.len() as u64);
    let slice = slice.to_vec();
    drop(rq);
    output::send_body(w, r, &slice, true);
    Next2::Continue
}

enum RangeSpec {
    Whole,
    Bytes(u64, u64),
    Unsatisfiable,
}

/// One `bytes=a-b` / `bytes=a-` / `bytes=-n` range; several ranges are served whole.
fn parse_range(h: &str, total: u64) -> RangeSpec {
    let Some(spec) = h.strip_prefix("bytes=") else {
        return RangeSpec::Whole;
    };
    if spec.contains(',') {
        return RangeSpec::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeSpec::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() {
        let Ok(n) = b.parse::<u64>() else {
            return RangeSpec::Whole;
        };
        if n == 0 {
            return RangeSpec::Unsatisfiable;
        }
        let n = n.min(total);
        return if total == 0 {
            RangeSpec::Unsatisfiable
        } else {
            RangeSpec::Bytes(total - n, total - 1)
        };
    }
    let Ok(start) = a.parse::<u64>() else {
        return RangeSpec::Whole;
    };
    let end = if b.is_empty() {
        total.saturating_sub(1)
    } else {
        match b.parse::<u64>() {
            Ok(e) => e.min(total.saturating_sub(1)),
            Err(_) => return RangeSpec::Whole,
        }
    };
    if start >= total || start > end {
        return RangeSpec::Unsatisfiable;
    }
    RangeSpec::Bytes(start, end)
}

fn index(w: &Rc<Worker>, r: &ReqRef, uri: &str) -> Next2 {
    let indexes = conf(w, &r.borrow()).index.clone();
    let dir = map_uri(w, &r.borrow(), uri);
    let mut first_missing = None;
    for t in &indexes {
        let name = crate::var::eval(w, &r.borrow(), t);
        if name.starts_with('/') {
            let args = r.borrow().args.clone();
            return Next2::Redirect { uri: name, args };
        }
        let path = format!("{dir}{name}");
        if std::fs::metadata(&path)
            .map(|m| !m.is_dir())
            .unwrap_or(false)
        {
            let args = r.borrow().args.clone();
            return Next2::Redirect {
                uri: format!("{uri}{name}"),
                args,
            };
        }
        first_missing.get_or_insert(path);
    }
    match std::fs::metadata(&dir) {
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

fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => {
            let s = std::io::Error::from_raw_os_error(n).to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            format!("{n}: {s}")
        }
        None => e.to_string(),
    }
}
