# Lifted from openresty/lua-nginx-module t/009-log.t (BSD license)

=== TEST 1: test log-level STDERR
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.STDERR, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 2: test log-level EMERG
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.EMERG, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 3: test log-level ALERT
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.ALERT, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 4: test log-level CRIT
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.CRIT, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 5: test log-level ERR
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.ERR, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 6: test log-level WARN
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.WARN, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 7: test log-level NOTICE
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.NOTICE, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 8: test log-level INFO
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.INFO, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 9: test log-level DEBUG
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            ngx.log(ngx.DEBUG, "hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 10: regression test print()
--- config
    location /log {
        content_by_lua '
            ngx.say("before log")
            print("hello, log", 1234, 3.14159)
            ngx.say("after log")
        ';
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 11: print(nil)
--- config
    location /log {
        content_by_lua '
            print()
            print(nil)
            print("nil: ", nil)
            ngx.say("hi");
        ';
    }
--- request
GET /log
--- grep_error_log
\[\w+\] [^\n]*lua print[^\n]*

=== TEST 12: set_by_lua log
--- config
    location /log {
        set_by_lua $a '
            ngx.log(ngx.ERR, "HELLO")
            return 32;
        ';
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 13: test booleans and nil
--- config
    location /log {
        set_by_lua $a '
            ngx.log(ngx.ERR, true, false, nil)
            return 32;
        ';
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /log
--- log_level
debug
--- grep_error_log
\[\w+\] [^\n]*(hello|HELLO|nil|true|lua print)[^\n]*

=== TEST 14: log a table errors
--- config
    location /log {
        content_by_lua_block {local ok, err = pcall(ngx.log, ngx.ERR, {}) ngx.say(ok, " ", err)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 15: log a table with __tostring
--- config
    location /log {
        content_by_lua_block {ngx.log(ngx.ERR, setmetatable({}, {__tostring = function() return "TS" end})) ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 16: log numbers
--- config
    location /log {
        content_by_lua_block {ngx.log(ngx.ERR, 1e300, " ", 0.1, " ", -0, " ", 2^53, " ", 1/0, " ", 0/0) ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 17: log ngx.null and light userdata
--- config
    location /log {
        content_by_lua_block {ngx.log(ngx.ERR, ngx.null) ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 18: log bad level
--- config
    location /log {
        content_by_lua_block {local ok, err = pcall(ngx.log, 100, "x") ngx.say(ok, " ", err)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 19: log level string
--- config
    location /log {
        content_by_lua_block {local ok, err = pcall(ngx.log, "err", "x") ngx.say(ok, " ", err)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 20: log no message
--- config
    location /log {
        content_by_lua_block {ngx.log(ngx.ERR) ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 21: log with newline and long message
--- config
    location /log {
        content_by_lua_block {ngx.log(ngx.ERR, "a\nb\tc", string.rep("x", 10)) ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 22: log from function in a module location
--- config
    location /log {
        content_by_lua_block {local function f() ngx.log(ngx.WARN, "in f") end f() ngx.say("ok")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 23: error() with table value
--- config
    location /log {
        content_by_lua_block {error({code = 1})}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 24: error() with number
--- config
    location /log {
        content_by_lua_block {error(42)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 25: error() with level 2
--- config
    location /log {
        content_by_lua_block {local function f() error("lvl2", 2) end f()}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 26: error() with level 0
--- config
    location /log {
        content_by_lua_block {error("lvl0", 0)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 27: runtime error in nested function traceback
--- config
    location /log {
        content_by_lua_block {local function a() local x = nil; return x.y end local function b() a() end b()}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 28: assert false
--- config
    location /log {
        content_by_lua_block {assert(false, "assert msg")}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 29: assert nil no msg
--- config
    location /log {
        content_by_lua_block {assert(nil)}
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 30: log in log_by_lua
--- config
    location /log {
        content_by_lua_block { ngx.say("ok") }
        log_by_lua_block { ngx.log(ngx.WARN, "status ", ngx.status, " sent ", ngx.var.bytes_sent > "0") }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 31: log in timer
--- config
    location /log {
        content_by_lua_block {
            ngx.timer.at(0, function(premature) ngx.log(ngx.WARN, "in timer ", premature) end)
            ngx.say("ok")
        }
    }
--- request
GET /log
--- wait
0.3
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 32: log in init_worker
--- http_config
    init_worker_by_lua_block { ngx.log(ngx.WARN, "init worker log") }
--- config
    location /log {
        content_by_lua_block { ngx.say("ok") }
    }
--- request
GET /log
--- grep_error_log
\[\w+\] [^\n]*init worker log[^\n]*

=== TEST 33: error in timer
--- config
    location /log {
        content_by_lua_block {
            ngx.timer.at(0, function() error("timer boom") end)
            ngx.say("ok")
        }
    }
--- request
GET /log
--- wait
0.3
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 34: error in log_by_lua
--- config
    location /log {
        content_by_lua_block { ngx.say("ok") }
        log_by_lua_block { error("log boom") }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 35: error in body_filter
--- config
    location /log {
        content_by_lua_block { ngx.say("ok") }
        body_filter_by_lua_block { error("bf boom") }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 36: error in set_by_lua
--- config
    location /log {
        set_by_lua_block $a { error("set boom") }
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 37: error in rewrite and access
--- config
    location /log {
        access_by_lua_block { error("access boom") }
        content_by_lua_block { ngx.say("ok") }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 38: error in user thread and entry ok
--- config
    location /log {
        content_by_lua_block {
            ngx.thread.spawn(function() error("thread boom") end)
            ngx.say("ok")
        }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 39: error after output sent
--- config
    location /log {
        content_by_lua_block {
            ngx.say("partial")
            ngx.flush(true)
            error("late boom")
        }
    }
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 40: error in content_by_lua_file
--- config
    location /log {
        content_by_lua_file html/e.lua;
    }
--- user_files
>>> html/e.lua
local t = {}
t.x.y = 1
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*

=== TEST 41: error in required module
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /log {
        content_by_lua_block { require("m").go() }
    }
--- user_files
>>> html/m.lua
local _M = {}
function _M.go()
    local a = nil
    return a + 1
end
return _M
--- request
GET /log
--- grep_error_log
\[(error|warn|alert|crit|emerg)\] [^\n]*
