//! worker_connections full: nginx closes its oldest idle keep-alive connections to make room
//! for new ones (`ngx_drain_connections`) instead of refusing them. The same sequence of
//! connections runs against real nginx and against `restyc run`; what happens to each must
//! match.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{free_port, nginx, restyc_run};

const NGINX_LUA: &str = "/usr/lib/nginx/modules/ngx_http_lua_module.so";

/// After the probe connection the servers' start made: let them see it go.
fn settle() {
    std::thread::sleep(Duration::from_millis(300));
}

/// One keep-alive request on `s`: whether a response came back.
fn request(s: &mut TcpStream) -> bool {
    if s.write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n").is_err() {
        return false;
    }
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.ends_with(b"ok\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    true
}

/// Whether the server closed `s` (EOF within a short wait).
fn closed(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(300))).ok();
    let mut b = [0u8; 16];
    match s.read(&mut b) {
        Ok(0) => true,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        _ => false,
    }
}

/// Open `n` connections one after another, each making one request and staying idle; then
/// report, for each, whether it was answered and whether the server has closed it since.
fn scenario(port: u16, n: usize) -> Vec<(bool, bool)> {
    let mut conns: Vec<(TcpStream, bool)> = Vec::new();
    for _ in 0..n {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(3))).ok();
        let answered = request(&mut s);
        conns.push((s, answered));
    }
    std::thread::sleep(Duration::from_millis(200));
    conns
        .iter_mut()
        .map(|(s, answered)| (*answered, closed(s)))
        .collect()
}

const CONF: &str = "worker_processes 1;\nevents { worker_connections 8; }\nhttp {\n    access_log off;\n    server { listen 127.0.0.1:PORT; location / { return 200 \"ok\\n\"; } }\n}\n";

#[test]
fn the_oldest_idle_connections_make_room_as_in_nginx() {
    assert!(
        Path::new(NGINX_LUA).exists(),
        "this test compares with real nginx: run `cargo xtask deps`"
    );
    let n = 9;
    let expected = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        let conf = format!(
            "pid logs/nginx.pid;\nerror_log logs/error.log info;\n{}",
            CONF.replace("PORT", &port.to_string())
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        // With its master process, as deployed: the worker's channel takes a connection too.
        let master = nginx(dir.path(), port);
        settle();
        let seen = scenario(port, n);
        // SIGTERM stops the workers with the master (SIGKILL would orphan them).
        let _ = Command::new("kill").arg(master.0.id().to_string()).status();
        std::thread::sleep(Duration::from_millis(300));
        seen
    };
    let got = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        let conf = format!(
            "error_log logs/error.log info;\n{}",
            CONF.replace("PORT", &port.to_string())
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let _server = restyc_run(dir.path(), port);
        settle();
        scenario(port, n)
    };
    assert!(
        expected.iter().all(|(answered, _)| *answered) && expected.iter().any(|(_, c)| *c),
        "nginx no longer reuses connections this way: {expected:?}"
    );
    assert_eq!(got, expected, "(answered, closed) per connection");
}

/// Responses to `n` requests pipelined in one write, until the server closes.
fn pipelined(port: u16, n: usize) -> usize {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    s.write_all(&b"GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(n))
        .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    String::from_utf8_lossy(&got)
        .matches("HTTP/1.1 200")
        .count()
}

/// keepalive_requests reached with more pipelined requests unread: nginx's lingering close
/// delivers every response it made before closing (a plain close would reset the connection
/// and destroy responses still in flight).
#[test]
fn keepalive_requests_limit_delivers_every_response_as_nginx() {
    assert!(
        Path::new(NGINX_LUA).exists(),
        "this test compares with real nginx"
    );
    let conf = "events { worker_connections 64; }\nhttp {\n    access_log off;\n    server { listen 127.0.0.1:PORT; location / { return 200 \"ok\\n\"; } }\n}\n";
    let expected = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        let text = format!(
            "master_process off;\npid logs/nginx.pid;\n{}",
            conf.replace("PORT", &port.to_string())
        );
        std::fs::write(dir.path().join("nginx.conf"), text).unwrap();
        let _nginx = nginx(dir.path(), port);
        pipelined(port, 1100)
    };
    let got = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        std::fs::write(
            dir.path().join("nginx.conf"),
            conf.replace("PORT", &port.to_string()),
        )
        .unwrap();
        let _server = restyc_run(dir.path(), port);
        pipelined(port, 1100)
    };
    assert_eq!(expected, 1000, "nginx's keepalive_requests default");
    assert_eq!(got, expected);
}
