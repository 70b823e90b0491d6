//! `require "resty.websocket.client"` with no copy on lua_package_path: restyc's bundled client
//! against a WebSocket server location of the same config, compared with nginx running
//! Debian's lua-resty-websocket (lua-nginx-websocket: client and server) on that config; over
//! ws:// and wss:// (a TLS listener of the same server).

mod common;

use std::path::Path;

use common::{free_port, get_status_body, on_nginx_with, on_restyc};

const DEBIAN_WEBSOCKET: &str = "/usr/share/lua/5.1/nginx/websocket";

fn config(port: u16, tls_port: u16, lua_path: &str) -> String {
    let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../xtask/cases/tls");
    let cert = certs.join("localhost.crt").canonicalize().unwrap();
    let key = certs.join("localhost.key").canonicalize().unwrap();
    let (cert, key) = (cert.display(), key.display());
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        listen 127.0.0.1:{tls_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        location /ws {{
            content_by_lua_block {{
                local server = require "resty.websocket.server"
                local wb, err = server:new{{ timeout = 5000, max_payload_len = 1000 }}
                if not wb then
                    ngx.log(ngx.ERR, "failed to new websocket: ", err)
                    return ngx.exit(444)
                end
                while true do
                    local data, typ, err = wb:recv_frame()
                    if not data then
                        return
                    end
                    if typ == "close" then
                        wb:send_close(1000, "bye " .. tostring(err) .. " " .. data)
                        return
                    elseif typ == "ping" then
                        wb:send_pong("pong:" .. data)
                    elseif typ == "text" and data == "headers" then
                        local h = ngx.req.get_headers()
                        wb:send_text(table.concat({{ tostring(h.host), tostring(h.origin),
                            tostring(h["sec-websocket-protocol"]), tostring(h["x-one"]),
                            tostring(h["x-two"]), tostring(h.upgrade), tostring(h.connection),
                            tostring(h["sec-websocket-version"]), ngx.var.request_uri }}, " "))
                    elseif typ == "text" and data == "big" then
                        wb:send_text(string.rep("b", 200))
                    elseif typ == "text" then
                        wb:send_text("echo " .. data .. " " .. tostring(err))
                    elseif typ == "binary" then
                        wb:send_binary(data .. data)
                    end
                end
            }}
        }}
        location /plain {{
            return 200 "hello";
        }}
        location /client {{
            content_by_lua_block {{
                local client = require "resty.websocket.client"
                local uri = "ws://127.0.0.1:" .. ngx.var.server_port
                local wb, err = client:new{{ timeout = 2000, max_payload_len = 100 }}
                ngx.say("new: ", type(wb), " ", tostring(err))
                ngx.say("connect: ", wb:connect(uri .. "/ws?a=1", {{
                    protocols = {{ "chat", "superchat" }},
                    origin = "http://example.com",
                    headers = {{ "X-One: 1", "X-Two: 2" }},
                }}))
                local function recv(tag)
                    local data, typ, err = wb:recv_frame()
                    ngx.say(tag, ": ", tostring(data), " ", tostring(typ), " ", tostring(err))
                end
                ngx.say("send text: ", wb:send_text("headers"))
                recv("headers")
                ngx.say("send text: ", wb:send_text("hi"))
                recv("echo")
                ngx.say("send binary: ", wb:send_binary("\1\2"))
                local data, typ = wb:recv_frame()
                ngx.say("binary: ", #data, " ", typ)
                ngx.say("send ping: ", wb:send_ping("p1"))
                recv("pong")
                ngx.say("send pong: ", wb:send_pong("unasked"))
                ngx.say("ping too long: ", wb:send_ping(string.rep("x", 126)))
                ngx.say("after fatal: ", wb:send_text("x"))
                ngx.say("close after fatal: ", wb:close())

                local wb2 = client:new{{ timeout = 2000 }}
                ngx.say("connect 2: ", wb2:connect(uri .. "/ws", {{ protocols = "one", pool = "wsp" }}))
                ngx.say("send: ", wb2:send_text("headers"))
                local data = wb2:recv_frame()
                ngx.say("headers 2: ", data)
                ngx.say("keepalive: ", wb2:set_keepalive())
                local wb3 = client:new()
                ngx.say("connect 3: ", wb3:connect(uri .. "/ws", {{ pool = "wsp" }}))
                ngx.say("reused: ", wb3.sock:getreusedtimes())
                ngx.say("send 3: ", wb3:send_text("again"))
                ngx.say("recv 3: ", wb3:recv_frame())
                wb3:set_timeout(50)
                ngx.say("timeout: ", wb3:recv_frame())
                ngx.say("still: ", wb3:send_text("x"), " ", (wb3:recv_frame()))
                ngx.say("send big ask: ", wb3:send_text("big"))
                wb3.max_payload_len = 100
                ngx.say("too big: ", wb3:recv_frame())
                ngx.say("fatal: ", wb3:recv_frame())

                local wb4 = client:new()
                ngx.say("connect 4: ", wb4:connect(uri .. "/ws"))
                ngx.say("bad close code: ", wb4:send_close(70000))
                ngx.say("bad close type: ", wb4:send_close("x"))
                ngx.say("send close: ", wb4:send_close(1001, "gone"))
                local recv_close = {{ wb4:recv_frame() }}
                ngx.say("close frame: ", table.concat({{ tostring(recv_close[1]), tostring(recv_close[2]), tostring(recv_close[3]) }}, " "))
                ngx.say("after close: ", wb4:send_text("x"))
                ngx.say("close: ", wb4:close())
                ngx.say("close again: ", wb4:close())

                local wb5 = client:new()
                ngx.say("connect 5: ", wb5:connect(uri .. "/ws"))
                ngx.say("close 5: ", wb5:close())
            }}
        }}
        location /wss {{
            content_by_lua_block {{
                local client = require "resty.websocket.client"
                local wb = client:new{{ timeout = 2000 }}
                ngx.say("connect: ", wb:connect("wss://127.0.0.1:{tls_port}/ws?tls"))
                ngx.say("send: ", wb:send_text("headers"))
                ngx.say("recv: ", wb:recv_frame())
                ngx.say("send: ", wb:send_text("over tls"))
                ngx.say("recv: ", wb:recv_frame())
                ngx.say("close: ", wb:send_close(1000, "done"))
                ngx.say("recv: ", wb:recv_frame())
                local plain = client:new{{ timeout = 2000 }}
                ngx.say("tls to plain: ", plain:connect("wss://127.0.0.1:" .. ngx.var.server_port .. "/ws"))
            }}
        }}
        location /errors {{
            content_by_lua_block {{
                local client = require "resty.websocket.client"
                local port = ngx.var.server_port
                local wb = client:new()
                ngx.say(wb:connect("http://127.0.0.1/"))
                ngx.say(wb:connect("ws://"))
                ngx.say(wb:connect("ws://127.0.0.1:" .. port .. "/ws", {{ headers = "X-A: 1" }}))
                ngx.say(client:new():connect("ws://127.0.0.1:1/"))
                local wb2 = client:new{{ timeout = 1000 }}
                ngx.say("plain: ", wb2:connect("ws://127.0.0.1:" .. port .. "/plain"))
                ngx.say("frame: ", wb2:recv_frame())
                ngx.say("again: ", wb2:recv_frame())
                ngx.say("send: ", wb2:send_text("x"))
                local bare = setmetatable({{}}, {{ __index = client }})
                ngx.say(bare:connect("ws://127.0.0.1/"))
                ngx.say(bare:send_text("x"))
                ngx.say(bare:recv_frame())
                ngx.say(bare:set_timeout(1))
                ngx.say(bare:close())
                ngx.say(bare:set_keepalive())
                local wb3 = client:new{{ send_unmasked = true }}
                ngx.say("unmasked: ", wb3:connect("ws://127.0.0.1:" .. port .. "/ws"))
                ngx.say("send: ", wb3:send_text("hi"))
                ngx.say("recv: ", wb3:recv_frame())
            }}
        }}
    }}
}}
"##
    )
}

/// One request over HTTP/1.0: status line and body, the server's ports written `PORT` and
/// `TLS_PORT`.
/// `GET path`, with the ports in the answer written as PORT and TLS_PORT.
fn get(port: u16, tls_port: u16, path: &str) -> String {
    get_status_body(port, path, 10)
        .replace(&port.to_string(), "PORT")
        .replace(&tls_port.to_string(), "TLS_PORT")
}

#[test]
fn bundled_websocket_client_answers_as_lua_resty_websocket() {
    assert!(
        Path::new(DEBIAN_WEBSOCKET).join("client.lua").exists(),
        "this test needs Debian's lua-nginx-websocket: run `cargo xtask deps`"
    );
    let paths = ["/client", "/errors", "/wss"];
    let answers =
        |port, tls_port| -> Vec<String> { paths.iter().map(|p| get(port, tls_port, p)).collect() };
    let tls_port = free_port();
    let expected = on_nginx_with(
        (DEBIAN_WEBSOCKET, "resty/websocket"),
        |port, lua_path| config(port, tls_port, lua_path),
        |port| answers(port, tls_port),
    );
    let tls_port = free_port();
    let got = on_restyc(
        |port| config(port, tls_port, ""),
        |port| answers(port, tls_port),
    );
    assert!(
        expected[0].contains("echo hi"),
        "nginx's answer: {expected:?}"
    );
    assert!(
        expected[1].contains("bad websocket uri"),
        "nginx's answer: {expected:?}"
    );
    assert!(
        expected[2].contains("echo over tls"),
        "nginx's answer: {expected:?}"
    );
    for (i, p) in paths.iter().enumerate() {
        assert_eq!(got[i], expected[i], "GET {p}");
    }
}
