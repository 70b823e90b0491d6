//! Helpers shared by the integration tests that run servers: real nginx (the reference) and
//! `restyc run`, on free ports, killed when dropped.
#![allow(dead_code)] // each test crate uses its own share of these

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The modules Debian's nginx needs loaded to run Lua.
pub const NGINX_LUA_MODULES: &str = "load_module /usr/lib/nginx/modules/ndk_http_module.so;\nload_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\n";

/// A server process, killed (and reaped) when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port below Linux's ephemeral range (32768–60999): a port in that range can be taken
/// by any client socket meanwhile, and connecting to it while nothing listens yet can connect
/// the socket to itself.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
        ^ std::process::id().wrapping_mul(2_654_435_761);
    for _ in 0..1000 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let p = 30000 + (seed.wrapping_add(n.wrapping_mul(7919)) % 2700) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", p)).is_ok()
            && TcpStream::connect(("127.0.0.1", p)).is_err()
        {
            return p;
        }
    }
    panic!("no free port in 30000-32699")
}

/// Wait until something accepts connections on `port` (20 s at most).
pub fn wait_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `restyc run DIR/nginx.conf -p DIR`, listening on `port` once this returns.
pub fn restyc_run(dir: &Path, port: u16) -> Killed {
    let server = Killed(
        Command::new(env!("CARGO_BIN_EXE_restyc"))
            .arg("run")
            .arg(dir.join("nginx.conf"))
            .arg("-p")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start restyc run"),
    );
    wait_port(port);
    server
}

/// nginx on `DIR/nginx.conf` with prefix DIR, in the foreground, listening on `port` once this
/// returns. The config chooses its own process model (`master_process off` for tests that kill
/// it with SIGKILL, which would orphan workers).
pub fn nginx(dir: &Path, port: u16) -> Killed {
    let server = Killed(
        Command::new("nginx")
            .args(["-p", dir.to_str().expect("utf-8 path"), "-c", "nginx.conf"])
            .args(["-g", "daemon off;"])
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx"),
    );
    wait_port(port);
    server
}

/// `GET path` over HTTP/1.0; the body of the answer (all of it when it has no head).
pub fn get_body(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    text.split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or(text)
}

/// `GET path` over HTTP/1.0, read for up to `secs` seconds: the status line, a newline, the body.
pub fn get_status_body(port: u16, path: &str, secs: u64) -> String {
    use std::io::{Read, Write};
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(secs))).ok();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    status_and_body(&out)
}

/// An answer as read off the wire: its status line, a newline, its body.
pub fn status_and_body(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    let status = text.lines().next().unwrap_or("");
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    format!("{status}\n{body}")
}

/// What `ask(port)` gets from nginx (the lua modules loaded) serving `config(port, lua_path)`
/// in a fresh prefix where Debian's copy of a library, `lib.0`, is linked as `lib/lib.1`
/// (`resty/aes.lua`) and `lua_path` puts it on `lua_package_path`.
pub fn on_nginx_with<T>(
    lib: (&str, &str),
    config: impl FnOnce(u16, &str) -> String,
    ask: impl FnOnce(u16) -> T,
) -> T {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let link = dir.path().join("lib").join(lib.1);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(lib.0, &link).unwrap();
    let port = free_port();
    let lua_path = format!("lua_package_path \"{}/lib/?.lua;;\";", dir.path().display());
    let conf = format!(
        "{NGINX_LUA_MODULES}master_process off;\npid logs/nginx.pid;\n{}",
        config(port, &lua_path)
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let _nginx = nginx(dir.path(), port);
    ask(port)
}

/// What `ask(port)` gets from `restyc run` serving `config(port)` in a fresh prefix (with its
/// bundled libraries).
pub fn on_restyc<T>(config: impl FnOnce(u16) -> String, ask: impl FnOnce(u16) -> T) -> T {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let port = free_port();
    std::fs::write(dir.path().join("nginx.conf"), config(port)).unwrap();
    let _server = restyc_run(dir.path(), port);
    ask(port)
}
