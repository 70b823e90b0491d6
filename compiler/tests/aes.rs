//! `require "resty.aes"` with no copy on lua_package_path: restyc's bundled resty.aes (AES in
//! Rust), compared with nginx running Debian's lua-resty-string (lua-nginx-string, whose
//! resty.aes calls OpenSSL through the FFI) on the same config.

mod common;

use std::path::Path;

use common::{get_status_body, on_nginx_with, on_restyc};

const DEBIAN_AES: &str = "/usr/share/lua/5.1/nginx/aes.lua";

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
        location /aes {{
            content_by_lua_block {{
                local aes = require "resty.aes"
                local function hex(s)
                    if s == nil then return "nil" end
                    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
                end
                local long = string.rep("0123456789", 10)
                local function try(tag, a, err)
                    if not a then
                        ngx.say(tag, ": new failed: ", tostring(err))
                        return
                    end
                    local e1 = a:encrypt("hello")
                    local e2 = a:encrypt("hello")
                    local el = a:encrypt(long)
                    ngx.say(tag, ": ", hex(e1), " same=", tostring(e1 == e2),
                        " empty=", hex(a:encrypt("")), " long=", hex(el))
                    ngx.say(tag, ": back=", tostring(a:decrypt(e1)), " ", tostring(a:decrypt(el) == long))
                end
                try("default", aes:new("secret"))
                try("salted", aes:new("secret", "12345678"))
                for _, h in ipairs({{ "md5", "sha1", "sha224", "sha256", "sha384", "sha512" }}) do
                    for _, size in ipairs({{ 128, 192, 256 }}) do
                        try(h .. " " .. size, aes:new("pass", "saltsalt", aes.cipher(size), aes.hash[h]))
                        try(h .. " " .. size .. " x5", aes:new("pass", nil, aes.cipher(size), aes.hash[h], 5))
                    end
                end
                for _, mode in ipairs({{ "ecb", "cbc", "cfb8", "cfb128", "ofb" }}) do
                    for _, size in ipairs({{ 128, 192, 256 }}) do
                        try(mode .. " " .. size, aes:new("pass", "saltsalt", aes.cipher(size, mode)))
                    end
                end
                try("ctr 128", aes:new("pass", nil, aes.cipher(128, "ctr")))
                try("ctr 192", aes:new("pass", nil, aes.cipher(192, "ctr"), aes.hash.sha1))
                try("raw key", aes:new("0123456789abcdef", nil, aes.cipher(128, "cbc"), {{ iv = "fedcba9876543210" }}))
                try("raw 256", aes:new(string.rep("k", 32), nil, aes.cipher(256, "ofb"), {{ iv = string.rep("i", 16) }}))
                try("method", aes:new("pw", nil, aes.cipher(128), {{ iv = string.rep("\0", 16), method = ngx.md5_bin }}))
                try("bad iv", aes:new("0123456789abcdef", nil, aes.cipher(128), {{ iv = "short" }}))
                try("no iv", aes:new("0123456789abcdef", nil, aes.cipher(128), {{}}))
                try("bad key", aes:new("short", nil, aes.cipher(128), {{ iv = string.rep("i", 16) }}))
                try("bad method key", aes:new("pw", nil, aes.cipher(256), {{ iv = string.rep("i", 16), method = ngx.md5_bin }}))
                try("bad salt", aes:new("secret", "1234567"))
                local a = assert(aes:new("secret"))
                ngx.say("garbage: ", tostring(a:decrypt("12345")))
                ngx.say("wrong key: ", tostring(assert(aes:new("other")):decrypt(a:encrypt("hello"))))
                local c = aes.cipher()
                ngx.say("cipher: ", c.size, " ", c.cipher)
                c = aes.cipher(256, "ecb")
                ngx.say("cipher: ", c.size, " ", c.cipher)
                ngx.say("hash: ", type(aes.hash.md5) ~= "table", " ", type(aes.hash.sha512) ~= "table")
            }}
        }}
    }}
}}
"##
    )
}

#[test]
fn bundled_resty_aes_answers_as_lua_resty_string() {
    assert!(
        Path::new(DEBIAN_AES).exists(),
        "this test needs Debian's lua-nginx-string: run `cargo xtask deps`"
    );
    let ask = |port| get_status_body(port, "/aes", 10);
    let expected = on_nginx_with((DEBIAN_AES, "resty/aes.lua"), config, ask);
    let got = on_restyc(|port| config(port, ""), ask);
    assert!(expected.contains("default: "), "nginx's answer: {expected}");
    assert_eq!(got, expected);
}
