# error_log at server and location level, and its level filter, as the Lua and core logs see it.

=== TEST 1: server-level error_log receives lua log lines
--- config
    error_log logs/server.log info;
    location /t { content_by_lua_block { ngx.log(ngx.ERR, "to the server log") ngx.say("ok") } }
--- request
GET /t
--- error_log_file: logs/server.log
--- grep_error_log
\[error\] \[lua\] [^\n]*to the server log[^\n]*

=== TEST 2: server-level error_log leaves the main log without the line
--- config
    error_log logs/server.log info;
    location /t { content_by_lua_block { ngx.log(ngx.ERR, "only in the server log") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
only in the server log

=== TEST 3: location-level error_log
--- config
    location /t {
        error_log logs/loc.log info;
        content_by_lua_block { ngx.log(ngx.WARN, "location log line") ngx.say("ok") }
    }
--- request
GET /t
--- error_log_file: logs/loc.log
--- grep_error_log
\[warn\] \[lua\] [^\n]*location log line[^\n]*

=== TEST 4: location-level error_log with a higher level filters
--- config
    location /t {
        error_log logs/loc.log crit;
        content_by_lua_block { ngx.log(ngx.ERR, "filtered out") ngx.log(ngx.CRIT, "kept") ngx.say("ok") }
    }
--- request
GET /t
--- error_log_file: logs/loc.log
--- grep_error_log
\[\w+\] \[lua\] [^\n]*(filtered out|kept)[^,\n]*

=== TEST 5: lua runtime error goes to the server-level log
--- config
    error_log logs/server.log info;
    location /t { content_by_lua_block { error("server log boom") } }
--- request
GET /t
--- error_log_file: logs/server.log
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: 404 open() failure goes to the server-level log
--- config
    error_log logs/server.log error;
    location / { }
--- request
GET /nope.html
--- error_log_file: logs/server.log
--- grep_error_log
open\(\) "[^"]*" failed \([^)]*\)

=== TEST 7: main error_log level warn hides info lines
--- log_level: warn
--- config
    location /t { content_by_lua_block { ngx.log(ngx.INFO, "info hidden") ngx.log(ngx.NOTICE, "notice hidden") ngx.log(ngx.WARN, "warn shown") ngx.say("ok") } }
--- request
GET /t
--- grep_error_log
(info hidden|notice hidden|warn shown)
