//! `access_log` in the log phase (`ngx_http_log_module.c`), with the predefined `combined` format.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;

use crate::output::conf;
use crate::plan::{LogEscape, TemplatePart};
use crate::request::Request;
use crate::worker::Worker;

thread_local! {
    /// This worker's open access logs, and the `log::REOPENED` count they were opened at.
    static FILES: RefCell<(u64, HashMap<String, File>)> = RefCell::new((0, HashMap::new()));
}

/// nginx's predefined `combined` format.
pub fn combined() -> Vec<TemplatePart> {
    crate::plan::Template::parse(
        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"",
    )
    .parts
}

pub fn write(w: &Worker, r: &Request) {
    let logs = &conf(w, r).access_log;
    for l in logs {
        if let Some(c) = &l.condition {
            let v = crate::var::eval(w, r, c);
            if v.is_empty() || v == "0" {
                continue;
            }
        }
        // Bytes: values are written as they are (escape=none, json) or escaped (default).
        let mut line = Vec::new();
        for p in &l.format {
            match p {
                TemplatePart::Lit(s) => line.extend_from_slice(s.as_bytes()),
                TemplatePart::Var(v) => match (crate::var::get(w, r, v), l.escape) {
                    (Some(s), LogEscape::Json) => json_escape(&mut line, &s),
                    // A missing value is "-", except with escape=json (an empty one is nothing).
                    (Some(s), LogEscape::Default) => {
                        line.extend_from_slice(crate::ngx::codec::escape_log(&s).as_bytes())
                    }
                    (Some(s), LogEscape::None) => line.extend_from_slice(&s),
                    (_, LogEscape::Json) => {}
                    _ => line.push(b'-'),
                },
            }
        }
        line.push(b'\n');
        let path = if l.path.starts_with('/') {
            l.path.clone()
        } else {
            w.prefix.join(&l.path).display().to_string()
        };
        FILES.with(|f| {
            let mut f = f.borrow_mut();
            let (opened_at, files) = &mut *f;
            let reopened = crate::log::REOPENED.load(std::sync::atomic::Ordering::Relaxed);
            if *opened_at != reopened {
                // `kill -USR1`: the files are opened anew on their next line.
                files.clear();
                *opened_at = reopened;
            }
            if !files.contains_key(&path) {
                match OpenOptions::new().create(true).append(true).open(&path) {
                    Ok(file) => {
                        files.insert(path.clone(), file);
                    }
                    Err(_) => return,
                }
            }
            if let Some(file) = files.get_mut(&path) {
                let _ = file.write_all(&line);
            }
        });
    }
}

/// `escape=json` (ngx_http_log_escape_json): `"` and `\` backslashed, control bytes as
/// `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`; other bytes as they are.
fn json_escape(out: &mut Vec<u8>, s: &[u8]) {
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{:04X}", c).as_bytes()),
            c => out.push(c),
        }
    }
}
