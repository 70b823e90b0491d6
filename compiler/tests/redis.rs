//! `require "resty.redis"` with no copy on lua_package_path: restyc's bundled resty.redis
//! against a real redis-server, compared with nginx running Debian's lua-resty-redis
//! (lua-nginx-redis) on the same config.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Killed, free_port, on_nginx_with, on_restyc, status_and_body, wait_port};

/// One request with `Connection: close`: status line and body (headers vary: Date).
fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    status_and_body(&out)
}

const DEBIAN_REDIS: &str = "/usr/share/lua/5.1/nginx/redis.lua";

/// `connect`: the arguments of every `red:connect` to the redis-server.
fn config(port: u16, connect: &str, lua_path: &str) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        # The tutorial's handler (this redis has no password: AUTH fails).
        location /cache {{
            content_by_lua_block {{
                local redis = require "resty.redis"
                local red = redis:new()
                red:set_timeout(1000)
                local ok, err = red:connect({connect})
                if not ok then
                    ngx.say("Failed to connect: ", err)
                    return
                end
                local res, err = red:auth("your_password")
                if not res then
                    ngx.say("Failed to authenticate: ", err)
                    return
                end
                ngx.say("authenticated")
            }}
        }}
        location /ops {{
            content_by_lua_block {{
                local redis = require "resty.redis"
                local red = redis:new()
                red:set_timeout(1000)
                assert(red:connect({connect}))
                local function show(...)
                    local out = {{}}
                    for i = 1, select("#", ...) do
                        local v = select(i, ...)
                        if type(v) == "table" then
                            local parts = {{}}
                            for j = 1, #v do
                                local x = v[j]
                                if type(x) == "table" then x = "{{" .. tostring(x[1]) .. "," .. tostring(x[2]) .. "}}" end
                                parts[j] = tostring(x)
                            end
                            v = "[" .. table.concat(parts, " ") .. "]"
                        elseif v == ngx.null then
                            v = "null"
                        end
                        out[#out + 1] = tostring(v)
                    end
                    ngx.say(table.concat(out, " | "))
                end
                show(red:flushall())
                show(red:set("k", "v1"))
                show(red:get("k"))
                show(red:get("missing"))
                show(red:incr("n"))
                show(red:incrby("n", 41))
                show(red:lpush("l", "a", "b", "c"))
                show(red:lrange("l", 0, -1))
                show(red:hmset("h", "f1", "x", "f2", "y"))
                show(red:hget("h", "f2"))
                show(red:lpop("k"))
                show(red:exists("k", "missing"))
                show(red:mget("k", "missing", "n"))
                red:init_pipeline()
                red:set("p1", 1)
                red:get("p1")
                red:lpop("k")
                show(red:commit_pipeline())
                show(red:commit_pipeline())
                show(red:del("k", "n", "l", "h", "p1"))
                show(red:get_reused_times())
                show(red:set_keepalive(10000, 10))
                local red2 = redis:new()
                red2:set_timeout(1000)
                assert(red2:connect({connect}))
                show(red2:get_reused_times())
                show(red2:ping())
                red2:close()
            }}
        }}
        location /down {{
            content_by_lua_block {{
                local red = require("resty.redis"):new()
                red:set_timeout(500)
                ngx.say(red:connect("127.0.0.1", 1))
            }}
        }}
    }}
}}
"##
    )
}

/// nginx's answers to `paths`, with Debian's lua-resty-redis where `require "resty.redis"`
/// looks, connecting with `connect`.
fn nginx_answers(paths: &[&str], connect: &str) -> Vec<String> {
    on_nginx_with(
        (DEBIAN_REDIS, "resty/redis.lua"),
        |port, lua_path| config(port, connect, lua_path),
        |port| paths.iter().map(|p| get(port, p)).collect(),
    )
}

/// restyc's answers (its bundled resty.redis), with `extra` in the http block.
fn restyc_answers(paths: &[&str], connect: &str, extra: &str) -> Vec<String> {
    on_restyc(
        |port| config(port, connect, extra),
        |port| paths.iter().map(|p| get(port, p)).collect(),
    )
}

#[test]
fn bundled_resty_redis_answers_as_lua_resty_redis() {
    let have_redis = Command::new("redis-server")
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        have_redis && Path::new(DEBIAN_REDIS).exists(),
        "this test needs redis-server and Debian's lua-nginx-redis: run `cargo xtask deps --redis`"
    );
    let redis_port = free_port();
    let _redis = Killed(
        Command::new("redis-server")
            .args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("start redis-server"),
    );
    wait_port(redis_port);
    let paths = ["/cache", "/ops", "/down"];

    let plain = format!("\"127.0.0.1\", {redis_port}");
    let expected = nginx_answers(&paths, &plain);
    // restyc, with no copy on its path: the bundled one.
    let got = restyc_answers(&paths, &plain, "");
    assert!(expected[1].contains("v1"), "nginx's answer: {expected:?}");
    for (i, p) in paths.iter().enumerate() {
        assert_eq!(got[i], expected[i], "GET {p}");
    }
}

/// `connect(host, port, { ssl = true, … })` (lua-resty-redis 0.30's TLS) to a redis-server's
/// TLS port answers as the plain connection does on nginx (Debian's lua-resty-redis predates
/// `ssl`, so nginx's answers over plain TCP are the expected ones).
#[test]
fn bundled_resty_redis_over_tls() {
    let have_redis = Command::new("redis-server")
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        have_redis && Path::new(DEBIAN_REDIS).exists(),
        "this test needs redis-server and Debian's lua-nginx-redis: run `cargo xtask deps --redis`"
    );
    let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../xtask/cases/tls");
    let cert = certs.join("localhost.crt").canonicalize().unwrap();
    let key = certs.join("localhost.key").canonicalize().unwrap();
    let (redis_port, tls_port) = (free_port(), free_port());
    let _redis = Killed(
        Command::new("redis-server")
            .args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--tls-port",
                &tls_port.to_string(),
                "--tls-auth-clients",
                "no",
            ])
            .arg("--tls-cert-file")
            .arg(&cert)
            .arg("--tls-key-file")
            .arg(&key)
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("start redis-server"),
    );
    wait_port(redis_port);
    wait_port(tls_port);
    let paths = ["/cache", "/ops"];
    let expected = nginx_answers(&paths, &format!("\"127.0.0.1\", {redis_port}"));
    let tls = format!(
        "\"127.0.0.1\", {tls_port}, {{ ssl = true, ssl_verify = true, server_name = \"localhost\" }}"
    );
    let trust = format!("lua_ssl_trusted_certificate {};", cert.display());
    let got = restyc_answers(&paths, &tls, &trust);
    assert!(expected[1].contains("v1"), "nginx's answer: {expected:?}");
    for (i, p) in paths.iter().enumerate() {
        assert_eq!(got[i], expected[i], "GET {p} over TLS");
    }
}
