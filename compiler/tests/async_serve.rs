//! The async request core under `restyc run`, one worker: waiting requests never block each
//! other, and `ngx.flush(true)` sends output while the handler still runs (keep-alive and
//! pipelining unaffected).

mod common;

use common::free_port;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `restyc run` on `server_body` (the inside of a `server` block listening on a free port).
fn serve(http_extra: &str, server_body: &str) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    std::fs::create_dir_all(dir.path().join("conf")).unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let conf = format!(
        "worker_processes 1;\nerror_log logs/error.log info;\nevents {{ worker_connections 1024; }}\nhttp {{\n    access_log off;\n{http_extra}\n    server {{\n        listen 127.0.0.1:{port};\n{server_body}\n    }}\n}}\n"
    );
    let conf_path = dir.path().join("conf/nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_restyc"))
        .arg("run")
        .arg(&conf_path)
        .arg("-p")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start restyc run");
    let server = Server {
        child,
        port,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "restyc run does not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    s
}

/// One `Connection: close` request; the body of its (chunked or not) response.
fn get(port: u16, path: &str) -> String {
    let mut s = connect(port);
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn hundred_sleeping_requests_on_one_worker_run_concurrently() {
    let srv = serve(
        "",
        "        location /t { content_by_lua_block { ngx.sleep(0.5) ngx.say(\"slept \", ngx.var.arg_i) } }",
    );
    let port = srv.port;
    let start = Instant::now();
    let handles: Vec<_> = (0..100)
        .map(|i| std::thread::spawn(move || get(port, &format!("/t?i={i}"))))
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let resp = h.join().expect("client thread");
        assert!(resp.starts_with("HTTP/1.1 200 OK"), "request {i}: {resp}");
        assert!(
            resp.contains(&format!("slept {i}\n")),
            "request {i}: {resp}"
        );
    }
    let took = start.elapsed();
    eprintln!(
        "100 concurrent requests with ngx.sleep(0.5) on one worker: {:.3} s",
        took.as_secs_f64()
    );
    // Serially they would take 50 s; anything near 0.5 s shows they overlapped.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

/// Read one CRLF-terminated line.
fn line(r: &mut BufReader<TcpStream>) -> String {
    let mut l = String::new();
    r.read_line(&mut l).expect("read a line");
    l
}

/// Read a response head; returns the header lines.
fn head(r: &mut BufReader<TcpStream>) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let l = line(r);
        if l == "\r\n" || l.is_empty() {
            return lines;
        }
        lines.push(l.trim_end().to_string());
    }
}

/// Read one chunk of a chunked body (its data).
fn chunk(r: &mut BufReader<TcpStream>) -> String {
    let size = usize::from_str_radix(line(r).trim(), 16).expect("chunk size");
    let mut data = vec![0u8; size + 2];
    r.read_exact(&mut data).expect("chunk data");
    data.truncate(size);
    String::from_utf8_lossy(&data).into_owned()
}

const FLUSH_CONF: &str = r#"
        location /stream { content_by_lua_block {
            ngx.say("first")
            ngx.flush(true)
            -- wait (at most 30 s, longer than the client's read timeout) until the client, having
            -- seen "first", says go
            for _ = 1, 3000 do
                if ngx.shared.d:get("go") then break end
                ngx.sleep(0.01)
            end
            ngx.say("second")
        } }
        location /go { content_by_lua_block { ngx.shared.d:set("go", true) ngx.say("ok") } }
        location /after { content_by_lua_block { ngx.say("after") } }
"#;

#[test]
fn flush_sends_output_while_the_handler_waits() {
    let srv = serve("    lua_shared_dict d 1m;", FLUSH_CONF);
    let s = connect(srv.port);
    let mut w = s.try_clone().unwrap();
    // Two pipelined requests on one keep-alive connection.
    write!(w, "GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\nGET /after HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let h = head(&mut r);
    assert_eq!(h[0], "HTTP/1.1 200 OK", "{h:?}");
    assert!(
        h.iter()
            .any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked")),
        "{h:?}"
    );
    // Without a working flush this read would hang: the handler waits for /go.
    assert_eq!(chunk(&mut r), "first\n");
    assert!(get(srv.port, "/go").contains("ok"));
    assert_eq!(chunk(&mut r), "second\n");
    assert_eq!(chunk(&mut r), "");
    // The pipelined request is answered after, on the same connection.
    let h2 = head(&mut r);
    assert_eq!(h2[0], "HTTP/1.1 200 OK", "{h2:?}");
    assert_eq!(chunk(&mut r), "after\n");
}

#[test]
fn sleep_sends_large_pending_output() {
    // 2000 bytes (more than postpone_output) queued before a wait go out during the wait.
    let conf = r#"
        location /big { content_by_lua_block {
            ngx.print(string.rep("x", 2000))
            for _ = 1, 3000 do
                if ngx.shared.d:get("go2") then break end
                ngx.sleep(0.01)
            end
            ngx.print("end")
        } }
        location /go { content_by_lua_block { ngx.shared.d:set("go2", true) ngx.say("ok") } }
"#;
    let srv = serve("    lua_shared_dict d 1m;", conf);
    let mut s = connect(srv.port);
    write!(
        s,
        "GET /big HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let _ = head(&mut r);
    assert_eq!(chunk(&mut r), "x".repeat(2000));
    assert!(get(srv.port, "/go").contains("ok"));
    assert_eq!(chunk(&mut r), "end");
}

#[test]
fn large_output_goes_out_as_it_is_produced() {
    // nginx's write filter sends once postpone_output (1460) bytes are buffered, whatever the
    // handler waits on next (here a subrequest that waits for the client's signal).
    let conf = r#"
        location /wait { content_by_lua_block {
            for _ = 1, 3000 do
                if ngx.shared.d:get("go3") then break end
                ngx.sleep(0.01)
            end
            ngx.print("sub")
        } }
        location /big { content_by_lua_block {
            ngx.print(string.rep("y", 3000))
            local res = ngx.location.capture("/wait")
            ngx.print(res.body)
        } }
        location /go { content_by_lua_block { ngx.shared.d:set("go3", true) ngx.say("ok") } }
"#;
    let srv = serve("    lua_shared_dict d 1m;", conf);
    let mut s = connect(srv.port);
    write!(
        s,
        "GET /big HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let _ = head(&mut r);
    assert_eq!(chunk(&mut r), "y".repeat(3000));
    assert!(get(srv.port, "/go").contains("ok"));
    assert_eq!(chunk(&mut r), "sub");
}

#[test]
fn graceful_stop_fires_pending_timers_prematurely() {
    // As real nginx does on SIGQUIT (checked by hand with Debian's nginx + lua module): pending
    // timers run at once with premature = true and ngx.worker.exiting() true; a new timer with a
    // delay is refused ("process exiting"), a zero-delay one still runs (not premature); every
    // timers fire one last time; the process waits for the callbacks.
    let conf = r#"
        location /t { content_by_lua_block {
            local function note(s)
                local f = assert(io.open(ngx.config.prefix() .. "logs/timers.txt", "a"))
                f:write(s, "\n")
                f:close()
            end
            ngx.timer.at(100, function(p)
                local _, err = ngx.timer.at(0.001, function() end)
                local ok = ngx.timer.at(0, function(p2) note("zero " .. tostring(p2)) end)
                ngx.sleep(0.01)
                note("at " .. tostring(p) .. " " .. tostring(ngx.worker.exiting()) .. " " .. tostring(err) .. " " .. tostring(ok))
            end)
            ngx.timer.every(50, function(p) note("every " .. tostring(p)) end)
            ngx.say("armed ", tostring(ngx.worker.exiting()))
        } }
"#;
    let mut srv = serve("", conf);
    assert!(get(srv.port, "/t").contains("armed false"));
    let pid = srv.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-QUIT", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if srv.child.try_wait().expect("wait").is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "restyc did not stop after SIGQUIT"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let notes =
        std::fs::read_to_string(srv._dir.path().join("logs/timers.txt")).unwrap_or_default();
    let mut lines: Vec<&str> = notes.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        ["at true true process exiting 1", "every true", "zero false"],
        "{notes}"
    );
}
