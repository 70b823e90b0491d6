//! The error log, in nginx's line format, with `error_log` level filtering.
//!
//! `2026/12/03 09:34:43 [error] 2937#2937: *2 message, client: 127.0.0.1, server: localhost,
//! request: "GET / HTTP/1.1", host: "x"` — the same shape as `ngx_log_error_core` plus
//! `ngx_http_log_error_handler`, so log-parsing tools keep working.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use crate::plan::{ErrorLog, LogLevel};

struct Sink {
    file: Option<Mutex<File>>,
    stderr: bool,
    level: LogLevel,
}

static SINKS: OnceLock<Vec<Sink>> = OnceLock::new();

/// Open every `error_log` target (relative to `prefix`). With none configured nginx logs to
/// `logs/error.log` at `error` level.
pub fn init(prefix: &Path, logs: &[ErrorLog]) -> Result<(), String> {
    let default = [ErrorLog { target: "logs/error.log".into(), level: LogLevel::Error }];
    let logs = if logs.is_empty() { &default[..] } else { logs };
    let mut sinks = Vec::new();
    for l in logs {
        if l.target == "stderr" {
            sinks.push(Sink { file: None, stderr: true, level: l.level });
            continue;
        }
        if l.target == "/dev/null" {
            continue;
        }
        let path = prefix.join(&l.target);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("open() \"{}\" failed ({e})", path.display()))?;
        sinks.push(Sink { file: Some(Mutex::new(f)), stderr: false, level: l.level });
    }
    let _ = SINKS.set(sinks);
    Ok(())
}

/// The most verbose level any sink takes: callers skip formatting below it.
pub fn max_level() -> LogLevel {
    SINKS.get().and_then(|s| s.iter().map(|s| s.level).max()).unwrap_or(LogLevel::Error)
}

pub fn enabled(level: LogLevel) -> bool {
    level <= max_level()
}

/// Request facts nginx appends to every line logged on behalf of a request.
pub struct ReqInfo<'a> {
    pub conn_id: u64,
    pub client: String,
    pub server: String,
    pub request: &'a str,
    /// The URI of a subrequest (`subrequest: "/uri"`).
    pub subrequest: Option<&'a str>,
    pub host: Option<&'a str>,
    pub referrer: Option<&'a str>,
}

/// Write one line. `msg` is everything after `pid#tid: `.
pub fn write(level: LogLevel, msg: &str, req: Option<&ReqInfo>) {
    let Some(sinks) = SINKS.get() else {
        eprintln!("{msg}");
        return;
    };
    if !sinks.iter().any(|s| level <= s.level) {
        return;
    }
    let mut line = String::with_capacity(msg.len() + 128);
    line.push_str(&time_log());
    line.push_str(" [");
    line.push_str(if level == LogLevel::Stderr { "" } else { level.name() });
    line.push_str("] ");
    line.push_str(&format!("{}#{}: ", std::process::id(), thread_id()));
    if let Some(r) = req {
        line.push_str(&format!("*{} ", r.conn_id));
    }
    line.push_str(msg);
    if let Some(r) = req {
        line.push_str(&format!(", client: {}, server: {}, request: \"{}\"", r.client, r.server, r.request));
        if let Some(sr) = r.subrequest {
            line.push_str(&format!(", subrequest: \"{sr}\""));
        }
        if let Some(h) = r.host {
            line.push_str(&format!(", host: \"{h}\""));
        }
        if let Some(rf) = r.referrer {
            line.push_str(&format!(", referrer: \"{rf}\""));
        }
    }
    line.push('\n');
    for s in sinks {
        if level > s.level {
            continue;
        }
        if s.stderr {
            let _ = std::io::stderr().write_all(line.as_bytes());
        } else if let Some(f) = &s.file {
            if let Ok(mut f) = f.lock() {
                let _ = f.write_all(line.as_bytes());
            }
        }
    }
}

fn thread_id() -> i64 {
    // nginx prints pid#tid; with one thread per worker the tid tells workers apart.
    unsafe { libc::syscall(libc::SYS_gettid) as i64 }
}

fn local_tm() -> (libc::tm, i64) {
    let now = crate::clock::now();
    let t = now as libc::time_t;
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    unsafe { libc::localtime_r(&t, &mut tm) };
    (tm, tm.tm_gmtoff)
}

/// `2026/12/03 09:34:43` (error log).
pub fn time_log() -> String {
    let (tm, _) = local_tm();
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec
    )
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn offset(off: i64, colon: bool) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    if colon {
        format!("{sign}{:02}:{:02}", off / 3600, off % 3600 / 60)
    } else {
        format!("{sign}{:02}{:02}", off / 3600, off % 3600 / 60)
    }
}

/// `$time_local`: `03/Dec/2026:09:34:43 +0000`.
pub fn time_local() -> String {
    let (tm, off) = local_tm();
    format!(
        "{:02}/{}/{:04}:{:02}:{:02}:{:02} {}",
        tm.tm_mday,
        MONTHS[tm.tm_mon as usize % 12],
        tm.tm_year + 1900,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        offset(off, false)
    )
}

/// `$time_iso8601`: `2026-12-03T09:34:43+00:00`.
pub fn time_iso8601() -> String {
    let (tm, off) = local_tm();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        offset(off, true)
    )
}
