=== TEST 1: a Lua response gets the type of the URI's extension
--- config
    location ~ \.(html|css)$ { content_by_lua_block { ngx.say("typed") } }
--- pipelined_requests
GET /page.html
GET /style.CSS
GET /other.unknownext

=== TEST 2: the extension type follows an internal redirect, and types in the location win
--- config
    location /t { content_by_lua_block { ngx.exec("/data/x.json") } }
    location /data/ {
        types { application/json json; text/x-custom txt; }
        content_by_lua_block { ngx.say("{}") }
    }
--- pipelined_requests
GET /t
GET /data/a.txt
GET /data/noext

=== TEST 3: lua_use_default_type off gives no type even with an extension
--- config
    location /t.html {
        lua_use_default_type off;
        content_by_lua_block { ngx.say("bare") }
    }
--- request
GET /t.html

=== TEST 4: setting or clearing the Host request header changes $host
--- config
    location /t {
        rewrite_by_lua_block {
            if ngx.var.arg_clear then
                ngx.req.clear_header("Host")
            else
                ngx.req.set_header("Host", ngx.var.arg_h)
            end
        }
        content_by_lua_block { ngx.say(ngx.var.host, " ", ngx.var.http_host) }
    }
--- pipelined_requests
GET /t?h=Foo.Example:8080
GET /t?h=bar.example.
GET /t?clear=1

=== TEST 5: $remote_user from Authorization, also when Lua sets it
--- config
    location /t {
        rewrite_by_lua_block {
            if ngx.var.arg_set then ngx.req.set_header("Authorization", "Basic " .. ngx.encode_base64(ngx.var.arg_set)) end
        }
        content_by_lua_block { ngx.say(ngx.var.remote_user) }
    }
--- pipelined_requests
GET /t
GET /t?set=alice:secret
GET /t?set=nocolon
GET /t?set=:empty

=== TEST 6: error_page with = after ngx.exit keeps the exit status
--- config
    error_page 404 = /fallback;
    error_page 503 = @down;
    location /fallback { content_by_lua_block { ngx.say("fallback ", ngx.status) } }
    location @down { content_by_lua_block { ngx.say("down ", ngx.status) } }
    location /t { content_by_lua_block { ngx.exit(404) } }
    location /a { access_by_lua_block { ngx.exit(503) } }
    location /static { }
--- pipelined_requests
GET /t
GET /a
GET /static/missing

=== TEST 7: satisfy any: an allow rule ends the access phase before access_by_lua
--- config
    location /t {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        access_by_lua_block { ngx.exit(403) }
        content_by_lua_block { ngx.say("allowed") }
    }
    location /d {
        satisfy any;
        deny all;
        access_by_lua_block { ngx.log(ngx.WARN, "lua access ran") }
        content_by_lua_block { ngx.say("not reached") }
    }
    location /n {
        satisfy any;
        deny all;
    }
    location /all {
        allow 127.0.0.1;
        access_by_lua_block { ngx.log(ngx.WARN, "lua access ran too") }
        content_by_lua_block { ngx.say("both ran") }
    }
--- pipelined_requests
GET /t
GET /d
GET /n
GET /all
--- grep_error_log
(lua access ran[^,]*|access forbidden by rule)

=== TEST 8: ngx.var[0] is no capture
--- config
    location ~ ^/t/(\w+)/(\w+)$ {
        content_by_lua_block { ngx.say(tostring(ngx.var[0]), " ", ngx.var[1], " ", ngx.var[2], " ", tostring(ngx.var[3])) }
    }
--- request
GET /t/abc/def

=== TEST 9: ngx.exit(ngx.DECLINED) in rewrite or access goes on to the next phase
--- config
    location /t {
        rewrite_by_lua_block { ngx.ctx.r = "rewrite" ngx.exit(ngx.DECLINED) }
        access_by_lua_block { ngx.ctx.a = "access" ngx.exit(ngx.DECLINED) ngx.ctx.a = "not reached" }
        content_by_lua_block { ngx.say(ngx.ctx.r, " ", ngx.ctx.a, " then content") }
    }
--- request
GET /t

=== TEST 10: ngx.exit with an informational code before output closes without an answer
--- config
    location /t { content_by_lua_block { ngx.exit(101) } }
    location /s { content_by_lua_block { ngx.say("sent") ngx.exit(102) } }
--- pipelined_requests
GET /s
GET /t

=== TEST 11: set_uri jumps search the location again: ctx is new, and a jump loop ends as a rewrite cycle
--- config
    location /a {
        rewrite_by_lua_block { ngx.ctx.x = "kept" ngx.req.set_uri("/b", true) }
    }
    location /b {
        rewrite_by_lua_block { ngx.ctx.y = (ngx.ctx.y or 0) + 1 }
        content_by_lua_block { ngx.say(tostring(ngx.ctx.x), " ", ngx.ctx.y, " ", ngx.req.is_internal(), " ", ngx.var.uri, " ", ngx.var.request_uri) }
    }
    location /loop {
        rewrite_by_lua_block { ngx.req.set_uri("/loop", true) }
    }
--- pipelined_requests
GET /a?q=1
GET /loop
--- grep_error_log
rewrite or internal redirection cycle[^,]*

=== TEST 12: a module that does not compile is reported as Lua's file searcher words it
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
    location /t {
        content_by_lua_block { local ok, err = pcall(require, "broken_mod") ngx.say(ok, " ", (err:gsub("'/[^']*/", "'"))) }
    }
--- user_files
>>> html/broken_mod.lua
local x = = 1
--- request
GET /t

=== TEST 13: init_worker_by_lua log lines name their context; a set_by_lua error has no request suffix
--- http_config
    init_worker_by_lua_block { ngx.log(ngx.WARN, "from init worker") }
--- config
    location /t {
        set_by_lua_block $a { error("set failed here") }
        content_by_lua_block { ngx.say("a=", ngx.var.a) }
    }
--- request
GET /t
--- grep_error_log
(from init worker|failed to run set_by_lua)[^\n]*

=== TEST 14: a header filter's log line on a proxied response names the proxy's action
--- config
    location /up { content_by_lua_block { ngx.say("from upstream") } }
    location /t {
        proxy_pass http://127.0.0.1:$PORT/up;
        header_filter_by_lua_block { ngx.log(ngx.WARN, "header filter of ", ngx.status) }
    }
--- request
GET /t
--- grep_error_log
header filter of [^,]*

=== TEST 15: keepalive_requests of the location decides whether the connection stays open
--- config
    location /one {
        keepalive_requests 1;
        return 200 "one\n";
    }
    location /two { return 200 "two\n"; }
--- pipelined_requests
GET /two
GET /one
GET /two

=== TEST 16: lua_use_default_type off and a head sent by ngx.exit(2xx)
--- config
    lua_use_default_type off;
    location /c {
        content_by_lua_block { ngx.status = 201 ngx.exit(201) }
    }
    location /r {
        rewrite_by_lua_block { ngx.exit(200) }
    }
--- pipelined_requests
GET /c
GET /r

=== TEST 17: LUA_PATH from env ends package.path, LUA_CPATH is package.cpath
--- main_config
env LUA_PATH;
env LUA_CPATH;
--- env
LUA_PATH=/foo/bar/?.lua
LUA_CPATH=/baz/bar/?.so
--- config
    location /lua {
        content_by_lua_block {
            local tail = ";/foo/bar/?.lua"
            ngx.say(package.path == "/foo/bar/?.lua" or package.path:sub(-#tail) == tail)
            ngx.say(package.cpath)
        }
    }
--- request
GET /lua
