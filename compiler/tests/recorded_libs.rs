//! Bundled libraries Debian does not ship, required with no copy on the path:
//! lua-resty-limit-traffic's limiters (`resty.limit.req`, `.conn`, `.count`, `.traffic`) and
//! lua-resty-lock. The expected answers were recorded from nginx 1.22.1 + lua-nginx-module
//! 0.10.23 running the upstream libraries (limit req 0.04, conn 0.04, count 0.08, traffic with
//! the uncommit fix of later releases; lock 0.06) on these configs. The limiter handlers call
//! their limiter several times in one request: ngx.now() does not move within it, so the
//! answers do not depend on timing.

mod common;

use common::{free_port, get_body, restyc_run};

fn limit_config(port: u16) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    lua_shared_dict req_store 1m;
    lua_shared_dict conn_store 1m;
    lua_shared_dict count_store 1m;
    server {{
        listen 127.0.0.1:{port};
        location /req {{
            content_by_lua_block {{
                local limit_req = require "resty.limit.req"
                ngx.say(limit_req.new("missing", 1, 1))
                local lim = assert(limit_req.new("req_store", 2, 3))
                -- ngx.now() stays the same within this handler: no leak between the calls.
                for i = 1, 6 do
                    ngx.say("commit ", i, ": ", lim:incoming("k", true))
                end
                ngx.say("dry: ", lim:incoming("k", false))
                ngx.say("dry other: ", lim:incoming("other", false))
                ngx.say("uncommit: ", lim:uncommit("k"))
                ngx.say("after uncommit: ", lim:incoming("k", true))
                ngx.say("uncommit missing: ", lim:uncommit("nope"))
                lim:set_burst(10)
                lim:set_rate(4)
                ngx.say("new rate: ", lim:incoming("k", true))
                ngx.shared.req_store:set("abused", 12)
                ngx.say("abused: ", lim:incoming("abused", true))
                ngx.say("bad rate: ", (pcall(limit_req.new, "req_store", 0, 1)))
            }}
        }}
        location /conn {{
            content_by_lua_block {{
                local limit_conn = require "resty.limit.conn"
                local lim = assert(limit_conn.new("conn_store", 2, 2, 0.5))
                for i = 1, 5 do
                    ngx.say("commit ", i, ": ", lim:incoming("c", true), " ", tostring(lim:is_committed()))
                end
                ngx.say("dry: ", lim:incoming("c", false), " ", tostring(lim:is_committed()))
                ngx.say("leaving: ", lim:leaving("c", 0.1), " ", lim.unit_delay)
                ngx.say("uncommit: ", lim:uncommit("c"))
                lim:set_burst(0)
                ngx.say("burst 0: ", lim:incoming("c", true))
                ngx.say("leaving missing: ", lim:leaving("nope"))
            }}
        }}
        location /count {{
            content_by_lua_block {{
                local limit_count = require "resty.limit.count"
                local lim = assert(limit_count.new("count_store", 3, 60))
                ngx.say("dry fresh: ", lim:incoming("n", false))
                for i = 1, 4 do
                    ngx.say("commit ", i, ": ", lim:incoming("n", true))
                end
                ngx.say("ttl: ", math.floor(ngx.shared.count_store:ttl("n") + 0.5))
                ngx.say("uncommit: ", lim:uncommit("n"))
                ngx.say("uncommit missing: ", lim:uncommit("fresh"))
            }}
        }}
        location /traffic {{
            content_by_lua_block {{
                local limit_req = require "resty.limit.req"
                local limit_count = require "resty.limit.count"
                local limit_traffic = require "resty.limit.traffic"
                local a = assert(limit_req.new("req_store", 10, 1))
                local b = assert(limit_count.new("count_store", 2, 60))
                local states = {{}}
                for i = 1, 4 do
                    local delay, err = limit_traffic.combine({{a, b}}, {{"ta", "tb"}}, states)
                    ngx.say("combine ", i, ": ", delay, " ", err, " ", tostring(states[1]), " ", tostring(states[2]))
                end
                ngx.say("count left: ", ngx.shared.count_store:get("tb"))
            }}
        }}
    }}
}}
"##
    )
}

/// What nginx answered, the four locations one after the other.
const LIMIT_EXPECTED: &str = r#"nilshared dict not found
commit 1: 00
commit 2: 0.51
commit 3: 12
commit 4: 1.53
commit 5: nilrejected
commit 6: nilrejected
dry: nilrejected
dry other: 00
uncommit: true
after uncommit: 1.53
uncommit missing: nilnot found
new rate: 14
abused: nilshdict abused by other users
bad rate: false
commit 1: 0 true
commit 2: 0 true
commit 3: 0.5 true
commit 4: 0.5 true
commit 5: nil false
dry: nil false
leaving: 3 0.3
uncommit: 2
burst 0: nilrejected
leaving missing: nilnot found
dry fresh: 02
commit 1: 02
commit 2: 01
commit 3: 00
commit 4: nilrejected
ttl: 60
uncommit: 0
uncommit missing: 3
combine 1: 0 nil 0 1
combine 2: 0.1 nil 1 0
combine 3: nil rejected 1 0
combine 4: nil rejected 1 0
count left: 0
"#;

fn lock_config(port: u16) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    lua_shared_dict locks 1m;
    server {{
        listen 127.0.0.1:{port};
        location /lock {{
            content_by_lua_block {{
                local resty_lock = require "resty.lock"
                ngx.say("missing: ", resty_lock:new("nope"))
                local a = assert(resty_lock:new("locks"))
                ngx.say("nil key: ", a:lock(nil))
                ngx.say("lock: ", a:lock("k"))
                ngx.say("again: ", a:lock("k"))
                ngx.say("value: ", ngx.shared.locks:get("k"))
                local b = assert(resty_lock:new("locks", {{ timeout = 0.02, step = 0.005 }}))
                ngx.say("other, held: ", b:lock("k"))
                ngx.say("other key: ", b:lock("k2"))
                ngx.say("unlock: ", a:unlock())
                ngx.say("unlock again: ", a:unlock())
                ngx.say("gone: ", ngx.shared.locks:get("k"))
                -- b waits while a light thread holds the lock for a moment.
                assert(a:lock("k3"))
                local t = ngx.thread.spawn(function()
                    ngx.sleep(0.05)
                    return a:unlock()
                end)
                local c = assert(resty_lock:new("locks", {{ timeout = 2 }}))
                local elapsed, err = c:lock("k3")
                ngx.say("waited: ", elapsed and elapsed > 0, " ", err)
                ngx.say("thread: ", ngx.thread.wait(t))
                ngx.say("unlock c: ", c:unlock(), " ", b:unlock())
                -- exptime: the lock lasts that long in the dict.
                assert(a:lock("k4", 7))
                ngx.say("ttl: ", math.floor(ngx.shared.locks:ttl("k4") + 0.5))
                -- A lock object collected while locked releases its lock.
                do
                    local d = assert(resty_lock:new("locks"))
                    assert(d:lock("k5"))
                end
                collectgarbage()
                collectgarbage()
                ngx.say("after gc: ", ngx.shared.locks:get("k5"))
            }}
        }}
    }}
}}
"##
    )
}

/// What nginx answered.
const LOCK_EXPECTED: &str = r#"missing: nildictionary not found
nil key: nilnil key
lock: 0
again: nillocked
value: true
other, held: niltimeout
other key: 0
unlock: 1
unlock again: nilunlocked
gone: nil
waited: true nil
thread: true1
unlock c: 1 1
ttl: 7
after gc: nil
"#;

/// The bodies `restyc run` answers for `paths` with `config`.
fn answers(config: fn(u16) -> String, paths: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let port = free_port();
    std::fs::write(dir.path().join("nginx.conf"), config(port)).unwrap();
    let _server = restyc_run(dir.path(), port);
    paths.iter().map(|p| get_body(port, p)).collect()
}

#[test]
fn bundled_limiters_answer_as_lua_resty_limit_traffic() {
    let got = answers(limit_config, &["/req", "/conn", "/count", "/traffic"]);
    assert_eq!(got, LIMIT_EXPECTED);
}

#[test]
fn bundled_lock_answers_as_lua_resty_lock() {
    assert_eq!(answers(lock_config, &["/lock"]), LOCK_EXPECTED);
}
