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
    target: String,
    /// The file's path, for reopening (`kill -USR1`).
    path: Option<std::path::PathBuf>,
    file: Option<Mutex<File>>,
    stderr: bool,
    level: LogLevel,
}

/// Every error log of the configuration: `main` are the main-context ones (index into `all`);
/// server- and location-level `error_log`s are opened at start too and chosen per request.
struct Sinks {
    all: Vec<Sink>,
    main: Vec<usize>,
}

static SINKS: OnceLock<Sinks> = OnceLock::new();

fn open(prefix: &Path, l: &ErrorLog) -> Result<Sink, String> {
    if l.target == "stderr" {
        return Ok(Sink {
            target: l.target.clone(),
            path: None,
            file: None,
            stderr: true,
            level: l.level,
        });
    }
    if l.target == "/dev/null" {
        return Ok(Sink {
            target: l.target.clone(),
            path: None,
            file: None,
            stderr: false,
            level: l.level,
        });
    }
    let path = prefix.join(&l.target);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let f = open_append(&path)?;
    Ok(Sink {
        target: l.target.clone(),
        path: Some(path),
        file: Some(Mutex::new(f)),
        stderr: false,
        level: l.level,
    })
}

fn open_append(path: &Path) -> Result<File, String> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("open() \"{}\" failed ({e})", path.display()))
}

/// How many times the logs were reopened: access logs compare it with what they opened at.
pub static REOPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Reopen every log file (nginx's `kill -USR1`, after logrotate moved them away).
pub fn reopen() {
    if let Some(sinks) = SINKS.get() {
        for s in &sinks.all {
            if let (Some(path), Some(file)) = (&s.path, &s.file) {
                match open_append(path) {
                    Ok(f) => *file.lock().unwrap_or_else(|e| e.into_inner()) = f,
                    Err(e) => write(LogLevel::Alert, &e, None),
                }
            }
        }
    }
    REOPENED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// Open every `error_log` target (relative to `prefix`): the main ones (with none configured
/// nginx logs to `logs/error.log` at `error` level) and `others` (server and location levels).
pub fn init(prefix: &Path, logs: &[ErrorLog], others: &[ErrorLog]) -> Result<(), String> {
    let default = [ErrorLog {
        target: "logs/error.log".into(),
        level: LogLevel::Error,
    }];
    let logs = if logs.is_empty() { &default[..] } else { logs };
    let mut all = Vec::new();
    let mut main = Vec::new();
    for l in logs {
        main.push(all.len());
        all.push(open(prefix, l)?);
    }
    for l in others {
        if !all
            .iter()
            .any(|s| s.target == l.target && s.level == l.level)
        {
            all.push(open(prefix, l)?);
        }
    }
    let _ = SINKS.set(Sinks { all, main });
    Ok(())
}

/// The most verbose level any main sink takes: callers skip formatting below it.
pub fn max_level() -> LogLevel {
    SINKS
        .get()
        .and_then(|s| s.main.iter().map(|&i| s.all[i].level).max())
        .unwrap_or(LogLevel::Error)
}

pub fn enabled(level: LogLevel) -> bool {
    level <= max_level()
}

/// Whether a line at `level` would reach any of `targets` (a request's error_log set).
pub fn enabled_for(level: LogLevel, targets: &[ErrorLog]) -> bool {
    if targets.is_empty() {
        enabled(level)
    } else {
        targets.iter().any(|t| level <= t.level)
    }
}

/// Request facts nginx appends to every line logged on behalf of a request.
pub struct ReqInfo<'a> {
    pub conn_id: u64,
    pub client: String,
    pub server: String,
    pub request: &'a str,
    /// The URI of a subrequest (`subrequest: "/uri"`).
    pub subrequest: Option<&'a str>,
    /// `upstream: "http://127.0.0.1:8080/uri"` while and after proxying.
    pub upstream: Option<&'a str>,
    pub host: Option<&'a str>,
    pub referrer: Option<&'a str>,
}

/// Write one line to the main error logs. `msg` is everything after `pid#tid: `.
pub fn write(level: LogLevel, msg: &str, req: Option<&ReqInfo>) {
    write_to(&[], level, msg, req)
}

/// Write one line to `targets` (a server's or location's `error_log`s), or to the main error
/// logs when `targets` is empty.
pub fn write_to(targets: &[ErrorLog], level: LogLevel, msg: &str, req: Option<&ReqInfo>) {
    let Some(all) = SINKS.get() else {
        eprintln!("{msg}");
        return;
    };
    let sinks: Vec<&Sink> = if targets.is_empty() {
        all.main.iter().map(|&i| &all.all[i]).collect()
    } else {
        all.all
            .iter()
            .filter(|s| {
                targets
                    .iter()
                    .any(|t| t.target == s.target && t.level == s.level)
            })
            .collect()
    };
    if !sinks.iter().any(|s| level <= s.level) {
        return;
    }
    let mut line = String::with_capacity(msg.len() + 128);
    line.push_str(&time_log());
    line.push_str(" [");
    line.push_str(if level == LogLevel::Stderr {
        ""
    } else {
        level.name()
    });
    line.push_str("] ");
    line.push_str(&format!("{}#{}: ", std::process::id(), thread_id()));
    if let Some(r) = req {
        line.push_str(&format!("*{} ", r.conn_id));
    }
    line.push_str(msg);
    // ngx_log_error_core calls the log handler, which adds the request's context, for every
    // level but debug.
    if let Some(r) = req.filter(|_| level != LogLevel::Debug) {
        line.push_str(&format!(", client: {}, server: {}", r.client, r.server));
        if !r.request.is_empty() {
            // ngx_http_log_error_handler: no request line yet, no `request:`.
            line.push_str(&format!(", request: \"{}\"", r.request));
        }
        if let Some(sr) = r.subrequest {
            line.push_str(&format!(", subrequest: \"{sr}\""));
        }
        if let Some(u) = r.upstream {
            line.push_str(&format!(", upstream: \"{u}\""));
        }
        if let Some(h) = r.host {
            line.push_str(&format!(", host: \"{h}\""));
        }
        if let Some(rf) = r.referrer {
            line.push_str(&format!(", referrer: \"{rf}\""));
        }
    }
    // ngx_log_error_core writes into NGX_MAX_ERROR_STR (2048) bytes, the line feed included.
    let mut line = line.into_bytes();
    line.truncate(2047);
    line.push(b'\n');
    for s in sinks {
        if level > s.level {
            continue;
        }
        if s.stderr {
            let _ = std::io::stderr().write_all(&line);
        } else if let Some(f) = &s.file {
            if let Ok(mut f) = f.lock() {
                let _ = f.write_all(&line);
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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

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
