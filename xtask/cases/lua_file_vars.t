# *_by_lua_file paths with variables, resolved per request against the prefix.

=== TEST 1: a regex capture picks the file
--- config
    location ~ ^/app/([a-z/]+)$ { content_by_lua_file lua/$1.lua; }
--- user_files
>>> lua/a.lua
ngx.say("hello from a")
>>> lua/sub/c.lua
ngx.say("sub/c ", ngx.var.uri)
--- pipelined_requests
GET /app/a
GET /app/sub/c
GET /app/a

=== TEST 2: a set variable picks the file, in rewrite and access too
--- config
    location /v {
        set $f b;
        rewrite_by_lua_file lua/rw_$f.lua;
        access_by_lua_file lua/ac_$f.lua;
        content_by_lua_file lua/$f.lua;
    }
--- user_files
>>> lua/rw_b.lua
ngx.ctx.seen = "rewrite"
>>> lua/ac_b.lua
ngx.ctx.seen = ngx.ctx.seen .. "+access"
>>> lua/b.lua
ngx.say("b: ", ngx.ctx.seen, " ", ngx.var.arg_x)
--- request
GET /v?x=1

=== TEST 3: a path that names no file is a 404 with nginx's log line
--- config
    location ~ ^/app/([a-z]+)$ { content_by_lua_file lua/$1.lua; }
--- user_files
>>> lua/a.lua
ngx.say("a")
--- request
GET /app/missing
--- grep_error_log
\[error\] failed to load external Lua file[^\n]*
