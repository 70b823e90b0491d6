//! `access_log` in the log phase (`ngx_http_log_module.c`), with the predefined `combined` format.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;

use crate::output::conf;
use crate::plan::TemplatePart;
use crate::request::Request;
use crate::worker::Worker;

thread_local! {
    static FILES: RefCell<HashMap<String, File>> = RefCell::new(HashMap::new());
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
        let mut line = String::new();
        for p in &l.format {
            match p {
                TemplatePart::Lit(s) => line.push_str(s),
                TemplatePart::Var(v) => match crate::var::get(w, r, v) {
                    // nginx logs an empty or missing value as "-".
                    Some(s) if !s.is_empty() => line.push_str(&escape(&s)),
                    _ => line.push('-'),
                },
            }
        }
        line.push('\n');
        let path = if l.path.starts_with('/') {
            l.path.clone()
        } else {
            w.prefix.join(&l.path).display().to_string()
        };
        FILES.with(|f| {
            let mut files = f.borrow_mut();
            if !files.contains_key(&path) {
                match OpenOptions::new().create(true).append(true).open(&path) {
                    Ok(file) => {
                        files.insert(path.clone(), file);
                    }
                    Err(_) => return,
                }
            }
            if let Some(file) = files.get_mut(&path) {
                let _ = file.write_all(line.as_bytes());
            }
        });
    }
}

/// `escape=default`: `"`, `\` and bytes outside printable ASCII become `\xHH`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b == b'"' || b == b'\\' || !(0x20..0x7f).contains(&b) {
            out.push_str(&format!("\\x{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}
