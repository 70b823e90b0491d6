//! `ngx.socket.udp` against a real datagram peer (a small echo thread here), answered by nginx
//! with the lua module and by `restyc run` on the same configuration: the bodies must match.

mod common;

use std::net::UdpSocket;

use common::{NGINX_LUA_MODULES, free_port, get_body, nginx, restyc_run};

/// Answers each datagram with `echo:` and the datagram (two answers for `twice`).
fn echo_server() -> u16 {
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind udp");
    let port = sock.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok((n, from)) = sock.recv_from(&mut buf) {
            let mut answer = b"echo:".to_vec();
            answer.extend_from_slice(&buf[..n]);
            let _ = sock.send_to(&answer, from);
            if &buf[..n] == b"twice" {
                let _ = sock.send_to(b"second", from);
            }
        }
    });
    port
}

fn config(port: u16, udp_port: u16) -> String {
    format!(
        r#"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        location /t {{
            content_by_lua_block {{
                local udp = ngx.socket.udp()
                udp:settimeout(1000)
                ngx.say("peer: ", udp:setpeername("127.0.0.1", {udp_port}))
                ngx.say("send: ", udp:send("ping"))
                ngx.say("receive: ", udp:receive())
                ngx.say("send: ", udp:send({{"a", 1, {{"b"}}}}))
                ngx.say("receive 4: ", udp:receive(4))
                udp:send("twice")
                ngx.say("first: ", udp:receive())
                ngx.say("second: ", udp:receive())
                ngx.say("close: ", udp:close())
            }}
        }}
    }}
}}
"#
    )
}

#[test]
fn udp_cosockets_talk_to_a_datagram_peer_as_openresty_does() {
    let udp_port = echo_server();
    let expected = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        let conf = format!(
            "{NGINX_LUA_MODULES}master_process off;\npid logs/nginx.pid;\n{}",
            config(port, udp_port)
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let _nginx = nginx(dir.path(), port);
        get_body(port, "/t")
    };
    let got = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        std::fs::write(dir.path().join("nginx.conf"), config(port, udp_port)).unwrap();
        let _server = restyc_run(dir.path(), port);
        get_body(port, "/t")
    };
    assert!(expected.contains("echo:ping"), "nginx's answer: {expected}");
    assert_eq!(got, expected);
}
