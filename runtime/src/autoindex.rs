//! `autoindex` (ngx_http_autoindex_module): a directory's listing, for a URI ending in `/` that
//! no index file serves. Hidden entries (a leading `.`) are left out; directories come first,
//! then names in byte order.

use bstr::ByteSlice;
use std::rc::Rc;

use crate::engine::{Next2, log_req};
use crate::ngx::codec::{ESCAPE_URI_COMPONENT, escape_uri};
use crate::ngx::time::MONTHS;
use crate::output::conf;
use crate::plan::LogLevel;
use crate::request::ReqRef;
use crate::worker::Worker;

/// `NGX_HTTP_AUTOINDEX_NAME_LEN`: the name column of the HTML listing.
const NAME_LEN: usize = 50;

struct Entry {
    name: Vec<u8>,
    dir: bool,
    mtime: i64,
    size: u64,
}

/// The listing of `dir` (its path, ending in `/`).
pub fn serve(w: &Rc<Worker>, r: &ReqRef, dir: &str) -> Next2 {
    // Other methods are declined: the static module refuses all but POST, which ends as a
    // directory nobody indexes.
    match r.borrow().method.as_str() {
        "GET" | "HEAD" => {}
        "POST" => {
            let msg = format!("directory index of \"{dir}\" is forbidden");
            log_req(w, r, LogLevel::Error, &msg);
            return Next2::Status(403);
        }
        _ => return Next2::Status(405),
    }
    let path = dir.trim_end_matches('/');
    let path = if path.is_empty() { "/" } else { path };
    let read = match std::fs::read_dir(path) {
        Ok(rd) => rd,
        Err(e) => {
            let (level, code) = match e.kind() {
                std::io::ErrorKind::NotFound => (LogLevel::Error, 404),
                std::io::ErrorKind::PermissionDenied => (LogLevel::Error, 403),
                _ => (LogLevel::Crit, 500),
            };
            let why = crate::staticfile::errno_text(&e);
            log_req(w, r, level, &format!("opendir() \"{path}\" failed ({why})"));
            return Next2::Status(code);
        }
    };
    let mut entries = vec![];
    for e in read.flatten() {
        use std::os::unix::ffi::OsStrExt;
        let name = e.file_name().as_bytes().to_vec();
        if name.first() == Some(&b'.') {
            continue;
        }
        // (stat follows links, as ngx_de_info)
        let Ok(md) = std::fs::metadata(e.path()).or_else(|_| e.metadata()) else {
            continue;
        };
        use std::os::unix::fs::MetadataExt;
        entries.push(Entry {
            name,
            dir: md.is_dir(),
            mtime: md.mtime(),
            size: md.size(),
        });
    }
    entries.sort_by(|a, b| b.dir.cmp(&a.dir).then_with(|| a.name.cmp(&b.name)));
    let (format, exact, localtime) = {
        let rq = r.borrow();
        let a = &conf(w, &rq).autoindex;
        (a.format.clone(), a.exact_size, a.localtime)
    };
    let (body, ctype) = {
        let rq = r.borrow();
        match format.as_str() {
            "json" => (json(&entries), "application/json"),
            "jsonp" => {
                let cb = crate::var::get(w, &rq, "arg_callback").unwrap_or_default();
                let cb =
                    String::from_utf8_lossy(&crate::ngx::codec::unescape_uri(&cb)).into_owned();
                if cb.is_empty() {
                    (json(&entries), "application/json")
                } else {
                    let mut out = format!("/* callback */\r\n{cb}(").into_bytes();
                    out.extend(json(&entries));
                    out.extend_from_slice(b");");
                    (out, "application/javascript")
                }
            }
            "xml" => (xml(&entries), "text/xml; charset=utf-8"),
            _ => {
                // (names count in characters when the charset filter makes the page UTF-8)
                let cs = conf(w, &rq).charset.as_deref();
                let utf8 = cs.is_some_and(|c| c.eq_ignore_ascii_case("utf-8"));
                (
                    html(&rq.uri.to_str_lossy(), &entries, exact, localtime, utf8),
                    "text/html",
                )
            }
        }
    };
    {
        let mut rq = r.borrow_mut();
        rq.status = 200;
        rq.headers_out.content_type = Some(ctype.into());
    }
    crate::output::send_body(w, r, &body, true);
    Next2::Continue
}

fn escape_html(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &b in s {
        match b {
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            _ => out.push(b),
        }
    }
    out
}

/// `ngx_http_autoindex_html`.
fn html(uri: &str, entries: &[Entry], exact: bool, localtime: bool, utf8: bool) -> Vec<u8> {
    let uri = escape_html(uri.as_bytes());
    let mut b = Vec::with_capacity(256 + entries.len() * 160);
    b.extend_from_slice(b"<html>\r\n<head><title>Index of ");
    b.extend_from_slice(&uri);
    b.extend_from_slice(b"</title></head>\r\n<body>\r\n<h1>Index of ");
    b.extend_from_slice(&uri);
    b.extend_from_slice(b"</h1><hr><pre><a href=\"../\">../</a>\r\n");
    for e in entries {
        b.extend_from_slice(b"<a href=\"");
        b.extend_from_slice(&escape_uri(&e.name, ESCAPE_URI_COMPONENT));
        if e.dir {
            b.push(b'/');
        }
        b.extend_from_slice(b"\">");
        let mut len = if utf8 {
            String::from_utf8_lossy(&e.name).chars().count()
        } else {
            e.name.len()
        };
        let keep = if len > NAME_LEN { NAME_LEN - 3 } else { len };
        let shown = match utf8 {
            true => {
                let s = String::from_utf8_lossy(&e.name);
                s.chars().take(keep).collect::<String>().into_bytes()
            }
            false => e.name[..keep.min(e.name.len())].to_vec(),
        };
        b.extend_from_slice(&escape_html(&shown));
        if len > NAME_LEN {
            b.extend_from_slice(b"..&gt;</a>");
        } else {
            if e.dir && NAME_LEN > len {
                b.push(b'/');
                len += 1;
            }
            b.extend_from_slice(b"</a>");
            b.resize(b.len() + NAME_LEN.saturating_sub(len), b' ');
        }
        b.push(b' ');
        let tm = match localtime {
            true => crate::ngx::time::localtime(e.mtime),
            false => crate::ngx::time::gmtime(e.mtime),
        };
        let month = MONTHS[(tm.mon - 1) as usize];
        let date = format!(
            "{:02}-{month}-{} {:02}:{:02} ",
            tm.mday, tm.year, tm.hour, tm.min
        );
        b.extend_from_slice(date.as_bytes());
        let size = if exact {
            if e.dir {
                format!("{:>19}", "-")
            } else {
                format!("{:>19}", e.size)
            }
        } else if e.dir {
            "      -".to_string()
        } else {
            human(e.size)
        };
        b.extend_from_slice(size.as_bytes());
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(b"</pre><hr></body>\r\n</html>\r\n");
    b
}

/// `autoindex_exact_size off`: 1K, 2M, 3G (rounded), or the bytes below 10000.
fn human(n: u64) -> String {
    let round = |unit: u64| n / unit + u64::from(n % unit > unit / 2 - 1);
    if n > 1024 * 1024 * 1024 - 1 {
        format!("{:>6}G", round(1024 * 1024 * 1024))
    } else if n > 1024 * 1024 - 1 {
        format!("{:>6}M", round(1024 * 1024))
    } else if n > 9999 {
        format!("{:>6}K", round(1024))
    } else {
        format!(" {n:>6}")
    }
}

/// `ngx_http_autoindex_json`.
fn json(entries: &[Entry]) -> Vec<u8> {
    let mut b = b"[\r\n".to_vec();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            b.extend_from_slice(b",\r\n");
        }
        b.extend_from_slice(b"{ \"name\":\"");
        crate::ngx::codec::json_escape(&e.name, &mut b);
        let kind = if e.dir { "directory" } else { "file" };
        b.extend_from_slice(
            format!(
                "\", \"type\":\"{kind}\", \"mtime\":\"{}\"",
                crate::ngx::time::http_time(e.mtime)
            )
            .as_bytes(),
        );
        if !e.dir {
            b.extend_from_slice(format!(", \"size\":{}", e.size).as_bytes());
        }
        b.extend_from_slice(b" }");
    }
    b.extend_from_slice(b"\r\n]");
    b
}

/// `ngx_http_autoindex_xml`.
fn xml(entries: &[Entry]) -> Vec<u8> {
    let mut b = b"<?xml version=\"1.0\"?>\r\n<list>\r\n".to_vec();
    for e in entries {
        let kind = if e.dir { "directory" } else { "file" };
        let t = crate::ngx::time::gmtime(e.mtime);
        let mtime = format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year, t.mon, t.mday, t.hour, t.min, t.sec
        );
        b.extend_from_slice(format!("<{kind} mtime=\"{mtime}\"").as_bytes());
        if !e.dir {
            b.extend_from_slice(format!(" size=\"{}\"", e.size).as_bytes());
        }
        b.push(b'>');
        b.extend_from_slice(&escape_html(&e.name));
        b.extend_from_slice(format!("</{kind}>\r\n").as_bytes());
    }
    b.extend_from_slice(b"</list>\r\n");
    b
}
