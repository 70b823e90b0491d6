# Lua errors as OpenResty shows them: 500, error log line with traceback, pcall, coroutines.

=== TEST 1: uncaught error gives 500 and a log line
--- config
    location /t { content_by_lua_block {
        local x = 1
        error("boom")
    } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 2: error with a table value
--- config
    location /t { content_by_lua_block { error({code = 1}) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 3: runtime error on nil index
--- config
    location /t { content_by_lua_block { local t = nil; ngx.say(t.x) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 4: stack traceback lines
--- config
    location /t { content_by_lua_block {
        local function inner() error("deep") end
        local function outer() inner() end
        outer()
    } }
--- request
GET /t
--- grep_error_log
(?s)lua entry thread aborted: .*?in main chunk

=== TEST 5: pcall catches and the request continues
--- config
    location /t { content_by_lua_block {
        local ok, err = pcall(function() error("caught") end)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 6: error with level 0 has no position
--- config
    location /t { content_by_lua_block { local ok, err = pcall(error, "plain", 0) ngx.say(err) } }
--- request
GET /t

=== TEST 7: xpcall with traceback handler
--- config
    location /t { content_by_lua_block {
        local ok, err = xpcall(function() error("x") end, function(e) return "handled: " .. e end)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 8: syntax error in a block is reported when it runs
--- config
    location /t { content_by_lua_block { ngx.say("ok") } }
    location /u { content_by_lua_block { local x = = 1 } }
--- request
GET /u
--- grep_error_log
failed to load inlined Lua code: [^\n]*

=== TEST 9: error after output sends a truncated response
--- config
    location /t { content_by_lua_block { ngx.say("partial") ngx.flush(true) error("late") } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 10: error in rewrite phase
--- config
    location /t {
        rewrite_by_lua_block { error("in rewrite") }
        content_by_lua_block { ngx.say("no") }
    }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 11: error in access phase
--- config
    location /t {
        access_by_lua_block { error("in access") }
        content_by_lua_block { ngx.say("no") }
    }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 12: a worker survives an error
--- config
    location /e { content_by_lua_block { error("x") } }
    location /t { content_by_lua_block { ngx.say("alive") } }
--- pipelined_requests
GET /e
GET /t

=== TEST 13: user coroutines
--- config
    location /t { content_by_lua_block {
        local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
        local _, x = coroutine.resume(co, 1)
        local _, y = coroutine.resume(co, 10)
        ngx.say(x, " ", y, " ", coroutine.status(co))
    } }
--- request
GET /t

=== TEST 14: coroutine.wrap with ngx.sleep inside
--- config
    location /t { content_by_lua_block {
        local f = coroutine.wrap(function() ngx.sleep(0.01) coroutine.yield("a") ngx.sleep(0.01) return "b" end)
        ngx.say(f(), f())
    } }
--- request
GET /t

=== TEST 15: error inside a coroutine is returned by resume
--- config
    location /t { content_by_lua_block {
        local co = coroutine.create(function() error("in co") end)
        local ok, err = coroutine.resume(co)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 16: writing a global logs a warning
--- config
    location /t { content_by_lua_block { my_global_var = 1 ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
writing a global Lua variable[^\n,]*

=== TEST 17: global persists in the worker
--- config
    location /t { content_by_lua_block { counter_g = (counter_g or 0) + 1 ngx.say(counter_g) } }
--- pipelined_requests
GET /t
GET /t

=== TEST 18: standard library and LuaJIT extras
--- config
    location /t { content_by_lua_block {
        ngx.say(type(ffi), type(require("ffi")), type(require("bit")), type(jit), type(debug), type(string.format))
        ngx.say(bit.band(0xff, 0x0f), " ", jit.version ~= nil)
        local new_tab = require "table.new"
        local clear_tab = require "table.clear"
        local t = new_tab(4, 0) t[1] = 1 clear_tab(t)
        ngx.say(#t)
    } }
--- request
GET /t

=== TEST 19: error with a number value
--- config
    location /t { content_by_lua_block { error(42) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 20: ffi cdef and call
--- config
    location /t { content_by_lua_block {
        local ffi = require "ffi"
        ffi.cdef[[ int abs(int x); ]]
        ngx.say(ffi.C.abs(-5))
    } }
--- request
GET /t

=== TEST 21: require of a missing module
--- config
    location /t { content_by_lua_block { local ok, err = pcall(require, "no_such_module_xyz") ngx.say(ok, " ", (err:match("^[^\n]*"))) } }
--- request
GET /t

=== TEST 22: content_by_lua_file missing file
--- config
    location /t { content_by_lua_file lua/missing.lua; }
--- request
GET /t
--- grep_error_log
failed to load external Lua file[^\n,]*

=== TEST 23: writing a global warns with the writer's stack, in timers too
--- config
    location /t {
        content_by_lua_block {
            local function helper() guard_case_from_helper = 1 end
            helper()
            ngx.timer.at(0, function() guard_case_from_timer = 2 end)
            ngx.say("ok")
        }
    }
--- request
GET /t
--- wait: 0.1
--- grep_error_log
(?s)\[warn\].*?(client|context)

=== TEST 24: a set_by_lua error is logged with its traceback, then the request's context
--- config
    location /a {
        set_by_lua $res 'error("Bad")';
        echo $res;
    }
--- request
GET /a
--- grep_error_log
(?s)failed to run set_by_lua.*?host: "localhost"

=== TEST 25: a set_by_lua error that is not a string
--- config
    location /b {
        set_by_lua $res 'error(nil)';
        echo $res;
    }
--- request
GET /b
--- grep_error_log
failed to run set_by_lua.*

=== TEST 26: set_by_lua returning a table or a function sets an empty value
--- config
    location /lua {
        set_by_lua $a 'return {}';
        set_by_lua $b 'return print';
        echo "[$a] [$b]";
    }
--- request
GET /lua

=== TEST 27: $prefix: chunk name of a module (runtime error)
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /t {
        content_by_lua '
            local foo = require "foo"
            local ok, err = pcall(foo.go)
            ngx.say(err)
            ngx.say(debug.getinfo(foo.go).source)
        ';
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    local a
    return a + 1
end
--- request
GET /t

=== TEST 28: ${prefix}: chunk name of a module (runtime error)
--- http_config
    lua_package_path "${prefix}html/?.lua;;";
--- config
    location /t {
        content_by_lua '
            local foo = require "foo"
            local ok, err = pcall(foo.go)
            ngx.say(err)
            ngx.say(debug.getinfo(foo.go).source)
        ';
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    local a
    return a + 1
end
--- request
GET /t

=== TEST 29: a chunk LuaJIT cannot compile fails to load, as nginx words it
--- config
    location /t { content_by_lua_block { goto nowhere } }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 30: break outside a loop in rewrite_by_lua fails to load
--- config
    location /t { rewrite_by_lua_block { break } content_by_lua_block { ngx.say("x") } }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 31: a *_by_lua_file that LuaJIT cannot compile
--- user_files
>>> bad.lua
local x = 1
goto nowhere
--- config
    location /t { content_by_lua_file bad.lua; }
--- request
GET /t
--- grep_error_log
\[error\].*
