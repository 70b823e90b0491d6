# ngx.log and print into the error log, with levels and error_log filtering.

=== TEST 1: log at error level
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, "something ", "bad ", 42) ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*something[^\n]*

=== TEST 2: log at warn and notice
--- config
    location /t { content_by_lua_block { ngx.log(ngx.WARN, "w1") ngx.log(ngx.NOTICE, "n1") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[(warn|notice)\] [^\n]*(w1|n1)[^\n]*

=== TEST 3: print logs at notice
--- config
    location /t { content_by_lua_block { print("hello from print") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[notice\] [^\n]*hello from print[^\n]*

=== TEST 4: below the error_log level is not logged
--- log_level: warn
--- config
    location /t { content_by_lua_block { ngx.log(ngx.INFO, "hidden info") ngx.log(ngx.WARN, "shown warn") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
(hidden info|shown warn)

=== TEST 5: nil, booleans and ngx.null in a log message
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, nil, " ", true, " ", false, " ", ngx.null) ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[lua\] [^\n]*

=== TEST 6: log from a function shows its name
--- config
    location /t { content_by_lua_block {
        local function helper() ngx.log(ngx.ERR, "in helper") end
        helper()
        ngx.say("ok")
    } }
--- request
GET /t
--- grep_error_log
\[lua\] [^\n]*in helper[^,\n]*

=== TEST 7: log a table is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.log, ngx.ERR, {}) ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 8: log with a bad level is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.log, 100, "x") ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 9: log in log_by_lua
--- config
    location /t {
        content_by_lua_block { ngx.say("ok") }
        log_by_lua_block { ngx.log(ngx.ERR, "logged after ", ngx.status) }
    }
--- request
GET /t
--- wait: 0.1
--- grep_error_log
\[lua\] [^\n]*logged after[^,\n]*

=== TEST 10: log line carries client, server, request and host
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, "ctx") ngx.say("ok") } }
--- request
GET /t?a=1
--- grep_error_log
\[error\] [^\n]*ctx[^\n]*

=== TEST 11: log at debug level when error_log is debug
--- log_level: debug
--- config
    location /t { content_by_lua_block { ngx.log(ngx.DEBUG, "dbg msg") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[debug\] \[lua\] [^\n]*dbg msg[^,\n]*

=== TEST 12: log at stderr level
--- config
    location /t { content_by_lua_block { ngx.log(ngx.STDERR, "to stderr") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[\w+\] \[lua\] [^\n]*to stderr[^,\n]*

=== TEST 13: log a long message
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, string.rep("x", 3000)) ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[error\] \[lua\] [^\n]{0,80}

=== TEST 14: log numbers
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, 1, " ", 2.5, " ", 1e100) ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
\[lua\] [^,\n]*

=== TEST 100: ngx.log level checks as luaL_checkint
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.log, "x", "msg"))
            ngx.say(pcall(ngx.log))
            ngx.say(pcall(ngx.log, "4", "level from a string"))
        }
    }
--- request
GET /t
--- grep_error_log
level from a string.*

=== TEST 101: a log line longer than nginx's buffer loses its request context
--- config
    location /t { content_by_lua_block { ngx.log(ngx.ERR, string.rep("x", 3000)) ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
x{50}, client: .*

=== TEST 90: debug lines carry no request context
--- config
    location /t { content_by_lua_block { ngx.log(ngx.DEBUG, "dbg line") ngx.log(ngx.INFO, "info line") ngx.say("ok") } }
--- request
GET /t
--- log_level: debug
--- grep_error_log: (dbg|info) line.*

=== TEST 18: the log prefix names a Lua file by its base name
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /t { content_by_lua_file html/handler.lua; }
--- user_files
>>> html/handler.lua
ngx.log(ngx.WARN, "in the handler file")
require("logging_mod").run()
ngx.say("done")
>>> html/logging_mod.lua
local M = {}
function M.run() ngx.log(ngx.WARN, "in the module") end
return M
--- request
GET /t
--- grep_error_log
\[lua\] [^,]*
