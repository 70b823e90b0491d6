# ngx.shared.DICT: the whole method set.

=== TEST 1: set and get
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("k", "v")
        d:set("n", 42)
        d:set("b", true)
        ngx.say(d:get("k"), " ", d:get("n"), " ", tostring(d:get("b")), " ", tostring(d:get("none")))
    } }
--- request
GET /t

=== TEST 2: set returns ok, err, forcible
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { local ok, err, forcible = ngx.shared.d:set("a", 1) ngx.say(ok, " ", tostring(err), " ", forcible) } }
--- request
GET /t

=== TEST 3: add fails when the key exists
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:add("k", 1))
        ngx.say(d:add("k", 2))
        ngx.say(d:get("k"))
    } }
--- request
GET /t

=== TEST 4: replace fails when the key is missing
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:replace("k", 1))
        d:set("k", 0)
        ngx.say(d:replace("k", 2))
        ngx.say(d:get("k"))
    } }
--- request
GET /t

=== TEST 5: incr
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:incr("c", 1))
        ngx.say(d:incr("c", 1, 10))
        ngx.say(d:incr("c", 5))
        ngx.say(d:incr("c", -2.5))
        d:set("s", "str")
        ngx.say(d:incr("s", 1))
    } }
--- request
GET /t

=== TEST 6: incr persists across requests
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { ngx.say(ngx.shared.d:incr("hits", 1, 0)) } }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 7: delete and flush_all
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", 1) d:set("b", 2) d:set("c", 3)
        d:delete("a")
        ngx.say(tostring(d:get("a")), " ", d:get("b"))
        d:flush_all()
        ngx.say(tostring(d:get("b")), " ", tostring(d:get("c")))
    } }
--- request
GET /t

=== TEST 8: ttl and expire
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", 1, 100)
        d:set("b", 1)
        local t = d:ttl("a")
        ngx.say(t > 99 and t <= 100, " ", d:ttl("b"), " ", tostring(d:ttl("none")))
        d:expire("b", 50)
        local t2 = d:ttl("b")
        ngx.say(t2 > 49 and t2 <= 50)
    } }
--- request
GET /t

=== TEST 9: expired key is gone but get_stale sees it
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", "old", 0.01)
        ngx.sleep(0.05)
        local v, flags, stale = d:get_stale("a")
        ngx.say(tostring(d:get("a")), " ", tostring(v), " ", tostring(stale))
    } }
--- request
GET /t

=== TEST 10: flags
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", "v", 0, 7)
        local v, f = d:get("a")
        ngx.say(v, " ", f)
    } }
--- request
GET /t

=== TEST 11: get_keys
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("x", 1) d:set("y", 2) d:set("z", 3)
        local keys = d:get_keys()
        table.sort(keys)
        ngx.say(table.concat(keys, ","), " ", #d:get_keys(2))
    } }
--- request
GET /t

=== TEST 12: lists
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:lpush("l", "a") d:rpush("l", "b") d:lpush("l", "c")
        ngx.say(d:llen("l"))
        ngx.say(d:lpop("l"), d:rpop("l"), d:lpop("l"), tostring(d:lpop("l")))
        d:set("s", 1)
        ngx.say(d:lpush("s", 1))
    } }
--- request
GET /t

=== TEST 13: capacity and free_space
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:capacity())
        ngx.say(d:free_space() > 0)
    } }
--- request
GET /t

=== TEST 14: a table value is an error
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.shared.d.set, ngx.shared.d, "k", {}) ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 15: unknown dict is nil
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.shared.nope)) } }
--- request
GET /t

=== TEST 16: safe_set and safe_add
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:safe_set("a", 1))
        ngx.say(d:safe_add("a", 2))
    } }
--- request
GET /t

=== TEST 17: nil key is an error
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { ngx.say(ngx.shared.d:get(nil)) } }
--- request
GET /t

=== TEST 18: empty key
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block { ngx.say(ngx.shared.d:set("", 1)) } }
--- request
GET /t

=== TEST 19: set nil deletes
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", 1)
        d:set("a", nil)
        ngx.say(tostring(d:get("a")))
    } }
--- request
GET /t

=== TEST 20: incr with init_ttl
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:incr("c", 1, 0, 100)
        local t = d:ttl("c")
        ngx.say(t > 99 and t <= 100)
    } }
--- request
GET /t

=== TEST 21: flush_expired
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local d = ngx.shared.d
        d:set("a", 1, 0.01) d:set("b", 1, 0.01) d:set("c", 1)
        ngx.sleep(0.05)
        ngx.say(d:flush_expired())
        ngx.say(#d:get_keys(0))
    } }
--- request
GET /t

=== TEST 22: shared dict written in init_by_lua
--- http_config
    lua_shared_dict d 1m;
    init_by_lua_block { ngx.shared.d:set("boot", "from init") }
--- config
    location /t { content_by_lua_block { ngx.say(ngx.shared.d:get("boot")) } }
--- request
GET /t

=== TEST 23: init_by_lua writes the shared dict once with several workers
--- full_config
worker_processes 2;
events { worker_connections 64; }
http {
    access_log off;
    lua_shared_dict initd 1m;
    init_by_lua_block {
        local d = ngx.shared.initd
        d:incr("n", 1, 0)
        local ok, err = d:add("once", "first")
        ngx.log(ngx.WARN, "init add: ", tostring(ok), " ", tostring(err))
    }
    server {
        listen $PORT;
        location /t {
            content_by_lua_block {
                local d = ngx.shared.initd
                ngx.say(d:get("n"), " ", d:get("once"))
            }
        }
    }
}
--- request
GET /t
--- grep_error_log
init add: [^\n]*
