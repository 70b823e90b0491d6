//! Servers a case's Lua talks to, started before the server under test and stopped after it:
//! a real memcached (`--- memcached: $PORTn`, where lua-nginx-module's tests use
//! `$TEST_NGINX_MEMCACHED_PORT`), and Test::Nginx's embedded TCP server (`--- tcp_listen`).
//!
//! As in Test::Nginx::Util: the listener is bound before the server under test starts and kept
//! until the case ends; one connection is accepted (later ones wait in the backlog, never
//! served); `tcp_shutdown` shuts a direction at once; unless the read side was shut, it reads
//! once (or until `tcp_query_len` bytes or EOF); sleeps `tcp_reply_delay`; writes `tcp_reply`
//! unless the write side was shut; then closes, or with `tcp_no_close` holds the connection
//! until the case ends. What it received is compared when the case has `tcp_query` or
//! `tcp_query_len` (Test::Nginx checks it against an expected value; here against nginx).

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct TcpMockSpec {
    /// `$PORTn`, a port number, or a path ending in `.sock` (before substitution).
    pub listen: String,
    pub reply: Option<Vec<u8>>,
    pub query_len: Option<usize>,
    pub reply_delay: f64,
    pub no_close: bool,
    /// 0: read side, 1: write side, 2: both.
    pub shutdown: Option<u8>,
    /// Compare what was received.
    pub show_query: bool,
}

pub struct Mock {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<Vec<u8>>>,
    unix_path: Option<PathBuf>,
}

enum Listener {
    Tcp(TcpListener),
    Unix(UnixListener),
}

enum Conn {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Tcp(s) => s.read(buf),
            Conn::Unix(s) => s.read(buf),
        }
    }
    fn write_all(&mut self, b: &[u8]) -> std::io::Result<()> {
        match self {
            Conn::Tcp(s) => s.write_all(b),
            Conn::Unix(s) => s.write_all(b),
        }
    }
    fn shutdown(&self, how: Shutdown) {
        let _ = match self {
            Conn::Tcp(s) => s.shutdown(how),
            Conn::Unix(s) => s.shutdown(how),
        };
    }
    fn prepare(&self) -> std::io::Result<()> {
        let t = Some(Duration::from_millis(20));
        match self {
            Conn::Tcp(s) => {
                s.set_nonblocking(false)?;
                s.set_read_timeout(t)
            }
            Conn::Unix(s) => {
                s.set_nonblocking(false)?;
                s.set_read_timeout(t)
            }
        }
    }
}

/// Bind the listener (`target` is the substituted `tcp_listen`) and serve in a thread.
pub fn start(spec: &TcpMockSpec, target: &str) -> Result<Mock, String> {
    let target = target.trim();
    let (listener, unix_path) = if let Ok(port) = target.parse::<u16>() {
        let l = TcpListener::bind(("0.0.0.0", port))
            .map_err(|e| format!("tcp_listen {target}: {e}"))?;
        (Listener::Tcp(l), None)
    } else if target.ends_with(".sock") {
        let _ = std::fs::remove_file(target);
        let l = UnixListener::bind(target).map_err(|e| format!("tcp_listen {target}: {e}"))?;
        (Listener::Unix(l), Some(PathBuf::from(target)))
    } else {
        return Err(format!("bad tcp_listen target `{target}`"));
    };
    match &listener {
        Listener::Tcp(l) => l.set_nonblocking(true),
        Listener::Unix(l) => l.set_nonblocking(true),
    }
    .map_err(|e| e.to_string())?;
    let stop = Arc::new(AtomicBool::new(false));
    let st = stop.clone();
    let spec = spec.clone();
    let handle = std::thread::spawn(move || serve(listener, &spec, &st));
    Ok(Mock {
        stop,
        handle: Some(handle),
        unix_path,
    })
}

/// Sleep in small steps; false when told to stop meanwhile.
fn nap(secs: f64, stop: &AtomicBool) -> bool {
    let end = std::time::Instant::now() + Duration::from_secs_f64(secs.max(0.0));
    while std::time::Instant::now() < end {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

fn serve(listener: Listener, spec: &TcpMockSpec, stop: &AtomicBool) -> Vec<u8> {
    let mut received = Vec::new();
    let mut conn = loop {
        if stop.load(Ordering::Relaxed) {
            return received;
        }
        let got = match &listener {
            Listener::Tcp(l) => l.accept().map(|(s, _)| Conn::Tcp(s)),
            Listener::Unix(l) => l.accept().map(|(s, _)| Conn::Unix(s)),
        };
        match got {
            Ok(c) => break c,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    if conn.prepare().is_err() {
        return received;
    }
    let (mut no_read, mut no_write) = (false, false);
    if let Some(how) = spec.shutdown {
        conn.shutdown(match how {
            0 => Shutdown::Read,
            1 => Shutdown::Write,
            _ => Shutdown::Both,
        });
        // (as Test::Nginx: 2 counts as the read side only for what it does next)
        if how == 0 || how == 2 {
            no_read = true;
        } else {
            no_write = true;
        }
    }
    if !no_read {
        let mut buf = [0u8; 4096];
        loop {
            match conn.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    received.extend_from_slice(&buf[..n]);
                    match spec.query_len {
                        Some(len) if received.len() < len => {}
                        _ => break,
                    }
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if stop.load(Ordering::Relaxed) {
                        return received;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
    if spec.reply_delay > 0.0 && !nap(spec.reply_delay, stop) {
        return received;
    }
    if !no_write {
        if let Some(r) = &spec.reply {
            let _ = conn.write_all(r);
        }
    }
    if spec.no_close {
        while nap(0.05, stop) {}
    }
    drop(conn);
    // the listener stays until the case ends: later connections wait in its backlog
    while nap(0.05, stop) {}
    drop(listener);
    received
}

impl Mock {
    /// Stop serving, free the port (or socket file); what the one connection sent.
    pub fn finish(mut self) -> Vec<u8> {
        self.stop.store(true, Ordering::Relaxed);
        let got = self
            .handle
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if let Some(p) = &self.unix_path {
            let _ = std::fs::remove_file(p);
        }
        got
    }
}

/// A memcached of the machine's, fresh for each side of the case.
pub struct Memcached(std::process::Child);

pub fn start_memcached(port: &str) -> Result<Memcached, String> {
    let child = std::process::Command::new("memcached")
        .args([
            "-l",
            "127.0.0.1",
            "-U",
            "0",
            "-u",
            "nobody",
            "-p",
            port.trim(),
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start memcached: {e}"))?;
    Ok(Memcached(child))
}

impl Memcached {
    pub fn stop(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
