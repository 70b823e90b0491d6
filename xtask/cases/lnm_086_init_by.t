# Lifted from openresty/lua-nginx-module t/086-init-by.t (BSD license)

=== TEST 1: sanity (inline)
--- http_config
    init_by_lua 'foo = "hello, FOO"';
--- config
    location /lua {
        content_by_lua 'ngx.say(foo)';
    }
--- request
GET /lua

=== TEST 2: sanity (file)
--- http_config
    init_by_lua_file html/init.lua;
--- config
    location /lua {
        content_by_lua 'ngx.say(foo)';
    }
--- user_files
>>> html/init.lua
foo = "hello, FOO"
--- request
GET /lua

=== TEST 3: require
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
    init_by_lua 'require "blah"';
--- config
    location /lua {
        content_by_lua '
            blah.go()
        ';
    }
--- user_files
>>> html/blah.lua
module(..., package.seeall)

function go()
    ngx.say("hello, blah")
end
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 4: shdict (single)
--- http_config
    lua_shared_dict dogs 1m;
    init_by_lua '
        local dogs = ngx.shared.dogs
        dogs:set("Jim", 6)
        dogs:get("Jim")
    ';
--- config
    location /lua {
        content_by_lua '
            local dogs = ngx.shared.dogs
            ngx.say("Jim: ", dogs:get("Jim"))
        ';
    }
--- request
GET /lua

=== TEST 5: shdict (multi)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
    init_by_lua '
        local dogs = ngx.shared.dogs
        dogs:set("Jim", 6)
        dogs:get("Jim")
        local cats = ngx.shared.cats
        cats:set("Tom", 2)
        dogs:get("Tom")
    ';
--- config
    location /lua {
        content_by_lua '
            local dogs = ngx.shared.dogs
            ngx.say("Jim: ", dogs:get("Jim"))
        ';
    }
--- request
GET /lua

=== TEST 6: print
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
    init_by_lua '
        print("log from init_by_lua")
    ';
--- config
    location /lua {
        echo ok;
    }
--- request
GET /lua
--- grep_error_log
.*log from init_by_lua.*

=== TEST 7: ngx.log
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
    init_by_lua '
        ngx.log(ngx.NOTICE, "log from init_by_lua")
    ';
--- config
    location /lua {
        echo ok;
    }
--- request
GET /lua
--- grep_error_log
.*log from init_by_lua.*

=== TEST 8: require (with shm defined)
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
    lua_shared_dict dogs 1m;
    init_by_lua 'require "blah"';
--- config
    location /lua {
        content_by_lua '
            blah.go()
        ';
    }
--- user_files
>>> html/blah.lua
module(..., package.seeall)

function go()
    ngx.say("hello, blah")
end
--- request
GET /lua

=== TEST 9: coroutine API (inlined init_by_lua)
--- http_config
    init_by_lua '
        local function f()
            foo = 32
            coroutine.yield(78)
            bar = coroutine.status(coroutine.running())
        end
        local co = coroutine.create(f)
        local ok, err = coroutine.resume(co)
        if not ok then
            print("Failed to resume our co: ", err)
            return
        end
        baz = err
        coroutine.resume(co)
    ';
--- config
    location /lua {
        content_by_lua '
            ngx.say("foo = ", foo)
            ngx.say("bar = ", bar)
            ngx.say("baz = ", baz)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*|Failed to resume our co.*

=== TEST 10: coroutine API (init_by_lua_file)
--- http_config
    init_by_lua_file html/init.lua;
--- config
    location /lua {
        content_by_lua '
            ngx.say("foo = ", foo)
            ngx.say("bar = ", bar)
            ngx.say("baz = ", baz)
        ';
    }
--- user_files
>>> html/init.lua
local function f()
    foo = 32
    coroutine.yield(78)
    bar = coroutine.status(coroutine.running())
end
local co = coroutine.create(f)
local ok, err = coroutine.resume(co)
if not ok then
    print("Failed to resume our co: ", err)
    return
end
baz = err
coroutine.resume(co)
--- request
GET /lua
--- grep_error_log
\[error\].*|Failed to resume our co.*
