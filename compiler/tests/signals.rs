//! The process as an operator drives it, checked against what nginx does: `kill -USR1` (and
//! `-HUP`) reopens the logs, as logrotate expects, and the server keeps serving; a second
//! server on a port already in use refuses to start.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::{free_port, restyc_run};

fn get(port: u16) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(s, "GET / HTTP/1.0\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// A temporary prefix whose nginx.conf has one server on a free port with `body` inside it.
fn prefix_with_server(http: &str, body: &str) -> (tempfile::TempDir, u16) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let port = free_port();
    std::fs::write(
        dir.path().join("nginx.conf"),
        format!("events {{}}\nhttp {{ {http} server {{ listen 127.0.0.1:{port}; {body} }} }}\n"),
    )
    .unwrap();
    (dir, port)
}

fn lines(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

#[test]
fn usr1_and_hup_reopen_the_logs_and_a_taken_port_is_refused() {
    let (dir, port) = prefix_with_server(
        "access_log logs/access.log;",
        "location / { return 200 \"ok\\n\"; }",
    );
    let server = restyc_run(dir.path(), port);
    let pid = server.0.id().to_string();
    let logs = dir.path().join("logs");
    assert!(get(port).ends_with("ok\n"));
    for (n, signal) in ["-USR1", "-HUP"].iter().enumerate() {
        // logrotate: move the file away, signal, and the next line goes to a new file.
        std::fs::rename(
            logs.join("access.log"),
            logs.join(format!("access.log.{n}")),
        )
        .unwrap();
        assert!(
            Command::new("kill")
                .args([*signal, &pid])
                .status()
                .unwrap()
                .success()
        );
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            get(port).ends_with("ok\n"),
            "still serving after kill {signal}"
        );
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(
            lines(&logs.join("access.log")),
            1,
            "a new log after kill {signal}"
        );
        assert_eq!(lines(&logs.join(format!("access.log.{n}"))), 1);
    }

    // nginx: `bind() to 127.0.0.1:PORT failed (98: Address already in use)`, exit status 1.
    let second = Command::new(env!("CARGO_BIN_EXE_restyc"))
        .arg("run")
        .arg(dir.path().join("nginx.conf"))
        .arg("-p")
        .arg(dir.path())
        .output()
        .expect("run restyc");
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains(&format!(
            "bind() to 127.0.0.1:{port} failed (98: Address already in use)"
        )),
        "{err}"
    );
    drop(server);
}

/// nginx during a graceful stop (SIGQUIT): the in-flight request still gets its response, which
/// says `Connection: close`.
#[test]
fn quit_lets_the_in_flight_request_finish_and_closes_its_connection() {
    let (dir, port) = prefix_with_server(
        "access_log off;",
        "location / { content_by_lua_block { ngx.sleep(0.5) ngx.say(\"done\") } }",
    );
    let server = restyc_run(dir.path(), port);
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    let pid = server.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-QUIT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    assert!(out.starts_with("HTTP/1.1 200 OK"), "{out}");
    assert!(out.contains("\r\nConnection: close\r\n"), "{out}");
    assert!(out.contains("done\n"), "{out}");
}
