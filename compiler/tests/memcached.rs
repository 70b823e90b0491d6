//! `require "resty.memcached"` with no copy on lua_package_path: restyc's bundled
//! resty.memcached against a real memcached, compared with nginx running Debian's
//! lua-resty-memcached (lua-nginx-memcached) on the same config.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{Killed, free_port, get_status_body, on_nginx_with, on_restyc, wait_port};

const DEBIAN_MEMCACHED: &str = "/usr/share/lua/5.1/nginx/memcached.lua";

fn config(port: u16, mc: u16, lua_path: &str) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        location /ops {{
            content_by_lua_block {{
                local memcached = require "resty.memcached"
                local function show(...)
                    local out = {{}}
                    for i = 1, select("#", ...) do
                        local v = select(i, ...)
                        if type(v) == "table" then
                            local keys = {{}}
                            for k in pairs(v) do keys[#keys + 1] = tostring(k) end
                            table.sort(keys)
                            local parts = {{}}
                            for _, k in ipairs(keys) do
                                local x = v[k] or v[tonumber(k)]
                                if type(x) == "table" then
                                    x = "{{" .. tostring(x[1]) .. "," .. tostring(x[2]) .. "," .. tostring(x[3] and "cas") .. "}}"
                                end
                                parts[#parts + 1] = k .. "=" .. tostring(x)
                            end
                            v = "[" .. table.concat(parts, " ") .. "]"
                        end
                        out[#out + 1] = tostring(v)
                    end
                    ngx.say(table.concat(out, " | "))
                end
                local mc = assert(memcached:new())
                show(mc:set_timeout(1000))
                show(mc:connect("127.0.0.1", {mc}))
                show(mc:flush_all())
                show(mc:set("dog", 32))
                show(mc:get("dog"))
                show(mc:get("missing"))
                show(mc:set("cat", {{"a", {{"b", "c"}}}}, 0, 7))
                show(mc:get("cat"))
                show(mc:add("dog", "x"))
                show(mc:add("bird", "tweet"))
                show(mc:replace("nope", "x"))
                show(mc:replace("bird", "chirp"))
                show(mc:append("bird", "!"))
                show(mc:prepend("bird", "<"))
                show(mc:get("bird"))
                show(mc:get({{"dog", "cat", "missing", "bird"}}))
                show(mc:get({{}}))
                local data, flags, cas = mc:gets("dog")
                show(data, flags, type(cas))
                show(mc:gets("missing"))
                show(mc:cas("dog", "33", cas))
                show(mc:cas("dog", "34", cas))
                show(mc:get("dog"))
                show(mc:gets({{"dog", "bird"}}))
                show(mc:incr("dog", 10))
                show(mc:decr("dog", 50))
                show(mc:incr("bird", 1))
                show(mc:incr("missing", 1))
                show(mc:touch("dog", 100))
                show(mc:touch("missing", 100))
                show(mc:delete("dog"))
                show(mc:delete("dog"))
                show(mc:set("a b/c", "spaced"))
                show(mc:get("a b/c"))
                show(mc:get({{"a b/c"}}))
                local raw = assert(memcached:new{{ key_transform = {{ function(k) return "p_" .. k end, function(k) return k:sub(3) end }} }})
                raw:set_timeout(1000)
                assert(raw:connect("127.0.0.1", {mc}))
                show(raw:set("t", "transformed"))
                show(mc:get("p_t"))
                show(raw:get({{"t"}}))
                raw:close()
                show(memcached:new{{ key_transform = {{ tostring }} }})
                local lines = mc:stats()
                show(type(lines), #lines > 10, lines[1]:match("^STAT pid %d+$") ~= nil)
                local lines = mc:stats("settings")
                show(type(lines), #lines > 5)
                show(mc:stats("bogus"))
                show(type(mc:version()))
                show(mc:verbosity(1))
                show(mc:verbosity("x"))
                show(mc:flush_all(0))
                show(mc:get("cat"))
                show(mc:get_reused_times())
                show(mc:set_keepalive(10000, 10))
                show(mc:get("cat"))
                local mc2 = memcached:new()
                show(mc2:connect("127.0.0.1", {mc}))
                show(mc2:get_reused_times())
                show(mc2:quit())
                show(mc2:close())
                show(mc2:close())
                local bare = setmetatable({{}}, {{ __index = memcached }})
                show(bare:get("x"))
                show(bare:gets("x"))
                show(bare:get({{"x"}}))
                show(bare:set("x", 1))
                show(bare:cas("x", 1, 1))
                show(bare:delete("x"))
                show(bare:incr("x", 1))
                show(bare:touch("x", 1))
                show(bare:flush_all())
                show(bare:stats())
                show(bare:version())
                show(bare:quit())
                show(bare:verbosity(1))
                show(bare:set_keepalive())
                show(bare:get_reused_times())
                show(bare:close())
                show(bare:connect())
                show(bare:set_timeout(1))
                show(memcached:new():connect("127.0.0.1", 1))
            }}
        }}
    }}
}}
"##
    )
}

#[test]
fn bundled_resty_memcached_answers_as_lua_resty_memcached() {
    let have = Command::new("memcached").arg("-V").output().is_ok();
    assert!(
        have && Path::new(DEBIAN_MEMCACHED).exists(),
        "this test needs memcached and Debian's lua-nginx-memcached: run `cargo xtask deps`"
    );
    let mc = free_port();
    let _memcached = Killed(
        Command::new("memcached")
            .args([
                "-p",
                &mc.to_string(),
                "-l",
                "127.0.0.1",
                "-U",
                "0",
                "-u",
                "nobody",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start memcached"),
    );
    wait_port(mc);
    let ask = |port| get_status_body(port, "/ops", 5);
    let nginx_config = |port, lua_path: &str| config(port, mc, lua_path);
    let expected = on_nginx_with((DEBIAN_MEMCACHED, "resty/memcached.lua"), nginx_config, ask);
    let got = on_restyc(|port| config(port, mc, ""), ask);
    assert!(
        expected.contains("transformed"),
        "nginx's answer: {expected}"
    );
    assert_eq!(got, expected);
}
