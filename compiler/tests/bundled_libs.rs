//! The bundled lua-resty-* libraries, required with no copy on the path: resty.lrucache compared
//! with nginx running Debian's lua-resty-lrucache; lua-resty-string's digests (which Debian does
//! not ship) compared with coreutils' md5sum / sha*sum.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{NGINX_LUA_MODULES, free_port, nginx, restyc_run};

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

const DEBIAN_LRUCACHE: &str = "/usr/share/lua/5.1/resty/lrucache.lua";

const HANDLER: &str = r##"
    local function show(...)
        local t = {}
        for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
        ngx.say(table.concat(t, " "))
    end
    do
        local lrucache = require("resty.lrucache")
        show(lrucache.new(0))
        local c = assert(lrucache.new(3))
        show(c:capacity(), c:count())
        c:set("a", 1)
        c:set("b", "two", nil, 7)
        c:set("c", true, 100, -3)
        show(c:get("a"))
        show(c:get("b"))
        show(c:get("c"))
        show(c:count())
        c:set("d", 4)
        show(c:get("a"), c:get("b"), c:get("c"), c:get("d"))
        show(table.concat(c:get_keys(), ","))
        show(table.concat(c:get_keys(2), ","))
        local res = {"x", "y", "z", "w"}
        c:get_keys(1, res)
        show(res[1], res[2], res[3], res[4])
        c:set("old", "stale", -1, 5)
        show(c:get("old"))
        show(table.concat(c:get_keys(), ","))
        show(c:delete("old"), c:delete("nope"), c:count())
        c:set("d", nil)
        show(c:get("d"), c:count())
        c:flush_all()
        show(c:count(), c:get("a"), #c:get_keys())
        c:set("e", 5)
        show(c:get("e"), c:count())
    end
"##;

fn config(port: u16, lua_path: &str) -> String {
    config_with(port, lua_path, HANDLER)
}

fn config_with(port: u16, lua_path: &str, handler: &str) -> String {
    format!(
        "worker_processes 1;\nerror_log logs/error.log info;\nevents {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n    {lua_path}\n    server {{\n        listen 127.0.0.1:{port};\n        location /t {{ content_by_lua_block {{ {handler} }} }}\n    }}\n}}\n"
    )
}

#[test]
fn bundled_lrucache_answers_as_lua_resty_lrucache() {
    assert!(
        Path::new(DEBIAN_LRUCACHE).exists(),
        "this test needs Debian's lua-resty-lrucache: run `cargo xtask deps`"
    );
    let expected = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        // Debian's copy is on nginx's default path.
        let lua_path = "";
        let conf = format!(
            "{NGINX_LUA_MODULES}master_process off;\npid logs/nginx.pid;\n{}",
            config(port, lua_path)
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let _nginx = nginx(dir.path(), port);
        get(port, "/t")
    };
    let got = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logs")).unwrap();
        let port = free_port();
        // No default path (no `;;`): nothing but the bundled copy can serve the require.
        let conf = config(port, "lua_package_path \"/nonexistent/?.lua\";");
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let _server = restyc_run(dir.path(), port);
        get(port, "/t")
    };
    let body = |r: &str| {
        r.split_once("\r\n\r\n")
            .map(|x| x.1.to_string())
            .unwrap_or_default()
    };
    assert!(
        body(&expected).contains("two"),
        "nginx's answer: {expected}"
    );
    assert_eq!(body(&got), body(&expected));
}

/// restyc run on `handler` with nothing on the Lua path but the bundled libraries.
fn restyc_body(handler: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let port = free_port();
    let conf = config_with(port, "lua_package_path \"/nonexistent/?.lua\";", handler);
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let _server = restyc_run(dir.path(), port);
    let r = get(port, "/t");
    r.split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or(r)
}

#[test]
fn bundled_resty_string_digests_match_coreutils() {
    let kinds = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"];
    let mut expected = String::new();
    for k in kinds {
        let mut child = Command::new(format!("{k}sum"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("coreutils");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"hello world")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let hex = String::from_utf8_lossy(&out.stdout);
        expected.push_str(&format!("{k} {}\n", hex.split_whitespace().next().unwrap()));
    }
    expected.push_str("123 -1 -1\n16 16 true\n");
    let handler = r#"
        local str = require "resty.string"
        for _, k in ipairs({"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}) do
            local d = require("resty." .. k):new()
            d:update("hello ")
            d:update("world")
            ngx.say(k, " ", str.to_hex(d:final()))
        end
        ngx.say(str.atoi("123"), " ", str.atoi("12a"), " ", str.atoi(""))
        local random = require "resty.random"
        local a, b = random.bytes(16), random.bytes(16, true)
        ngx.say(#a, " ", #b, " ", a ~= b)
    "#;
    assert_eq!(restyc_body(handler), expected);
}
