//! WebSockets: `require "resty.websocket.server"` with no copy on lua_package_path (restyc's
//! bundled one, over `ngx.req.socket(true)`), compared byte for byte with nginx running
//! Debian's lua-resty-websocket (lua-nginx-websocket) on the same config; and the raw request
//! socket on its own.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use common::{on_nginx_with, on_restyc};

const DEBIAN_WEBSOCKET: &str = "/usr/share/lua/5.1/nginx/websocket/server.lua";

fn config(port: u16, lua_path: &str) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        location /ws {{
            content_by_lua_block {{
                local server = require "resty.websocket.server"
                local wb, err = server:new{{ timeout = 5000, max_payload_len = 1000 }}
                if not wb then
                    ngx.status = 400
                    ngx.say("failed to new websocket: ", err)
                    return
                end
                while true do
                    local data, typ, err = wb:recv_frame()
                    if not data then
                        wb:send_text("recv failed: " .. err)
                        return
                    end
                    if typ == "close" then
                        wb:send_close(1000, "bye " .. tostring(err) .. " " .. data)
                        return
                    elseif typ == "ping" then
                        wb:send_pong(data)
                    elseif typ == "text" then
                        wb:send_text("echo " .. #data .. ": " .. data .. " " .. tostring(err))
                    elseif typ == "binary" then
                        wb:send_binary(data)
                    else
                        wb:send_text(typ .. " " .. data)
                    end
                end
            }}
        }}
        # The raw request socket without the library: it answers the HTTP itself and reads
        # what the client sent right after the head.
        location /raw {{
            content_by_lua_block {{
                local sock, err = ngx.req.socket(true)
                if not sock then
                    ngx.say("no socket: ", err)
                    return
                end
                local again, err2 = ngx.req.socket(true)
                local line = sock:receive()
                local rest = sock:receive(3)
                local body = "got [" .. tostring(line) .. "] [" .. tostring(rest) .. "] "
                    .. tostring(again) .. " " .. tostring(err2)
                sock:send("HTTP/1.1 200 OK\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body)
            }}
        }}
        # Output nginx still holds back is dropped, and so is output after the socket is taken.
        location /pending {{
            content_by_lua_block {{
                ngx.send_headers()
                ngx.say("x")
                local sock, err = ngx.req.socket(true)
                ngx.say(type(sock), " ", err)
                if sock then sock:send("raw\n") end
                ngx.exit(200)
            }}
        }}
        location /flushed {{
            content_by_lua_block {{
                ngx.say("before")
                ngx.flush(true)
                local sock = ngx.req.socket(true)
                sock:send("raw\n")
                ngx.say("after")
            }}
        }}
    }}
}}
"##
    )
}

/// A client frame: FIN set, masked with a fixed key (servers must unmask whatever the key).
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let key = [0x37, 0xfa, 0x21, 0x3d];
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n <= 125 => f.push(0x80 | n as u8),
        n => {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    f.extend_from_slice(&key);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    f
}

/// Everything the server sends on one connection after `sent` (the head's Date removed).
fn exchange(port: u16, sent: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    s.write_all(sent).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    text.lines()
        .filter(|l| !l.starts_with("Date: "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn handshake(path: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Protocol: chat\r\n\r\n"
    )
    .into_bytes()
}

fn conversations() -> Vec<Vec<u8>> {
    let mut echo = handshake("/ws");
    echo.extend(frame(0x1, b"hello"));
    echo.extend(frame(0x9, b"are you there"));
    echo.extend(frame(0x2, &[0, 1, 2, 255]));
    echo.extend(frame(0x1, "x".repeat(300).as_bytes()));
    echo.extend(frame(0x8, b"\x03\xe8done"));
    let mut too_big = handshake("/ws");
    too_big.extend(frame(0x1, "y".repeat(1001).as_bytes()));
    let mut unmasked = handshake("/ws");
    unmasked.extend([0x81, 0x02, b'h', b'i']);
    let plain = b"GET /ws HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_vec();
    let old = b"GET /ws HTTP/1.0\r\nHost: localhost\r\nUpgrade: websocket\r\n\r\n".to_vec();
    let raw = b"GET /raw HTTP/1.1\r\nHost: localhost\r\n\r\nfirst line\r\nabcdef".to_vec();
    let pending = b"GET /pending HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec();
    let flushed = b"GET /flushed HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec();
    vec![echo, too_big, unmasked, plain, old, raw, pending, flushed]
}

#[test]
fn bundled_websocket_server_answers_as_lua_resty_websocket() {
    assert!(
        Path::new(DEBIAN_WEBSOCKET).exists(),
        "this test needs Debian's lua-nginx-websocket: run `cargo xtask deps`"
    );
    // nginx, with Debian's copy where `require "resty.websocket.server"` looks (it finds its
    // protocol module as nginx.websocket.protocol on the default path).
    let answers =
        |port| -> Vec<String> { conversations().iter().map(|c| exchange(port, c)).collect() };
    let expected = on_nginx_with(
        (DEBIAN_WEBSOCKET, "resty/websocket/server.lua"),
        config,
        answers,
    );
    // restyc, with no copy on its path: the bundled one.
    let got = on_restyc(|port| config(port, ""), answers);
    assert!(
        expected[0].contains("HTTP/1.1 101 Switching Protocols"),
        "nginx's answer: {:?}",
        expected[0]
    );
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "conversation {i}");
    }
}
