# Lifted from openresty/lua-nginx-module t/024-access-exit.t (BSD license)

=== TEST 1: throw 403
--- config
    location /lua {
        access_by_lua "ngx.exit(403);ngx.say('hi')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 2: throw 404 after sending the header and partial body
--- config
    location /lua {
        access_by_lua "ngx.say('hi');ngx.exit(404);ngx.say(', you')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua
--- grep_error_log
attempt to set status[^,]*

=== TEST 3: access exit 403 vs eof
--- config
    location /api {
        set $user $arg_user;
        access_by_lua "
            if ngx.var.user == 'agentzh' then
                ngx.eof();
            else
                ngx.exit(403)
            end";
        content_by_lua_block { ngx.say("Logged in") }
    }
--- pipelined_requests
GET /api?user=agentz
GET /api?user=agentzh

=== TEST 4: throw 0
--- config
    location /lua {
        access_by_lua "ngx.say('Hi'); ngx.eof(); ngx.exit(0);ngx.say('world')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 5: throw ngx.OK does not skip other later phase handlers
--- config
    location /lua {
        access_by_lua "ngx.exit(ngx.OK)";
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- request
GET /lua

=== TEST 6: throw ngx.HTTP_OK does skip later phase handlers
--- config
    location /lua {
        access_by_lua "ngx.exit(ngx.HTTP_OK)";
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- request
GET /lua

=== TEST 7: throw ngx.HTTP_OK skips with partial output (rewrite)
--- config
    location /lua {
        rewrite_by_lua "ngx.say('hiya') ngx.exit(ngx.HTTP_OK)";
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- request
GET /lua

=== TEST 8: throw ngx.HTTP_OK (by file)
--- config
    location /lua {
        access_by_lua_file html/foo.lua;
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- user_files
>>> html/foo.lua
ngx.exit(ngx.HTTP_OK)
--- request
GET /lua

=== TEST 9: throw ngx.HTTP_OK (by file + partial output)
--- config
    location /lua {
        rewrite_by_lua_file html/foo.lua;
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- user_files
>>> html/foo.lua
ngx.say("morning")
ngx.exit(ngx.HTTP_OK)
--- request
GET /lua

=== TEST 10: error page with custom body
--- config
    error_page 410 @err;
    location @err {
        content_by_lua_block { ngx.say("blah blah") }
    }
    location /foo {
        access_by_lua '
            ngx.status = ngx.HTTP_GONE
            ngx.say("This is our own content")
            ngx.exit(ngx.HTTP_OK)
        ';
        content_by_lua_block { ngx.say("Hello") }
    }
--- request
GET /foo

=== TEST 11: exit(404) after I/O with error_page /bah
--- config
    error_page 400 /400.html;
    error_page 404 /404.html;
    location /foo {
        access_by_lua '
            ngx.location.capture("/sleep")
            ngx.exit(ngx.HTTP_NOT_FOUND)
        ';
        content_by_lua_block { ngx.say("Hello") }
    }
    location /sleep {
        content_by_lua_block { ngx.sleep(0.002) }
    }
--- user_files
>>> html/400.html
Bad request, dear...
>>> html/404.html
Not found, dear...
--- request
GET /bah

=== TEST 12: exit(404) after I/O with error_page /foo
--- config
    error_page 400 /400.html;
    error_page 404 /404.html;
    location /foo {
        access_by_lua '
            ngx.location.capture("/sleep")
            ngx.exit(ngx.HTTP_NOT_FOUND)
        ';
        content_by_lua_block { ngx.say("Hello") }
    }
    location /sleep {
        content_by_lua_block { ngx.sleep(0.002) }
    }
--- user_files
>>> html/400.html
Bad request, dear...
>>> html/404.html
Not found, dear...
--- request
GET /foo

=== TEST 13: rewrite exit 401 with error_page to named location
--- config
    error_page 401 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        rewrite_by_lua_block { ngx.exit(401) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 14: rewrite exit 500 with error_page to named location
--- config
    error_page 500 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        rewrite_by_lua_block { ngx.exit(500) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 15: rewrite exit 503 with error_page to named location
--- config
    error_page 503 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        rewrite_by_lua_block { ngx.exit(503) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 16: access exit 401 with error_page to named location
--- config
    error_page 401 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        access_by_lua_block { ngx.exit(401) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 17: access exit 500 with error_page to named location
--- config
    error_page 500 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        access_by_lua_block { ngx.exit(500) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 18: access exit 503 with error_page to named location
--- config
    error_page 503 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        access_by_lua_block { ngx.exit(503) }
        content_by_lua_block { ngx.say('never') }
    }
--- request
GET /t

=== TEST 19: content exit 401 with error_page to named location
--- config
    error_page 401 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        content_by_lua_block { ngx.exit(401) }
        
    }
--- request
GET /t

=== TEST 20: content exit 500 with error_page to named location
--- config
    error_page 500 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        content_by_lua_block { ngx.exit(500) }
        
    }
--- request
GET /t

=== TEST 21: content exit 503 with error_page to named location
--- config
    error_page 503 = @fallback;
    location @fallback {
        content_by_lua_block { ngx.say("fallback ", ngx.status, " ", ngx.var.uri) }
    }
    location /t {
        content_by_lua_block { ngx.exit(503) }
        
    }
--- request
GET /t

=== TEST 22: error_page with lua error 500
--- config
    error_page 500 /500.html;
    location /t {
        content_by_lua_block { error("boom") }
    }
--- user_files
>>> html/500.html
custom 500
--- request
GET /t

=== TEST 23: error_page = with changed code
--- config
    error_page 404 =200 /ok.html;
    location /t {
        access_by_lua_block { ngx.exit(404) }
    }
--- user_files
>>> html/ok.html
ok page
--- request
GET /t

=== TEST 24: error_page redirect to URL
--- config
    error_page 403 http://example.com/forbidden;
    location /t {
        access_by_lua_block { ngx.exit(403) }
    }
--- request
GET /t

=== TEST 25: error_page to lua location reading status
--- config
    error_page 404 /err;
    location /err {
        internal;
        content_by_lua_block { ngx.say("status=", ngx.status, " uri=", ngx.var.uri, " orig=", ngx.var.request_uri) }
    }
    location /t {
        content_by_lua_block { ngx.exit(404) }
    }
--- request
GET /t?x=1

=== TEST 26: exit with 444 in access
--- config
    location /t {
        access_by_lua_block { ngx.exit(444) }
    }
--- request
GET /t

=== TEST 27: exit with 204 and 304
--- config
    location /a {
        content_by_lua_block { ngx.exit(204) }
    }
    location /b {
        content_by_lua_block { ngx.exit(304) }
    }
--- pipelined_requests
GET /a
GET /b

=== TEST 28: ngx.exit with status > 999 and odd codes
--- config
    location /a {
        content_by_lua_block { ngx.exit(299) }
    }
    location /b {
        content_by_lua_block { ngx.exit(599) }
    }
    location /c {
        content_by_lua_block { ngx.exit(101) }
    }
--- pipelined_requests
GET /a
GET /b
GET /c

=== TEST 29: exit in access after ngx.status set
--- config
    location /t {
        access_by_lua_block { ngx.status = 418 ngx.exit(ngx.HTTP_OK) }
    }
--- request
GET /t

=== TEST 30: exit(ngx.ERROR) and exit(ngx.DECLINED)
--- config
    location /a {
        content_by_lua_block { ngx.exit(ngx.ERROR) }
    }
    location /b {
        access_by_lua_block { ngx.exit(ngx.DECLINED) }
        content_by_lua_block { ngx.say("after declined") }
    }
--- pipelined_requests
GET /b
GET /a

=== TEST 31: satisfy any with access_by_lua and allow
--- config
    location /t {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        access_by_lua_block { ngx.exit(403) }
        content_by_lua_block { ngx.say("allowed") }
    }
--- request
GET /t

=== TEST 32: satisfy all with deny
--- config
    location /t {
        deny all;
        access_by_lua_block { ngx.log(ngx.WARN, "access lua ran") }
        content_by_lua_block { ngx.say("allowed") }
    }
--- request
GET /t
--- grep_error_log
(access lua ran|access forbidden by rule)

=== TEST 33: rewrite_by_lua then rewrite directive order
--- config
    location /t {
        rewrite ^ /u;
        rewrite_by_lua_block { ngx.log(ngx.WARN, "rewrite lua ran at ", ngx.var.uri) }
    }
    location /u {
        content_by_lua_block { ngx.say("u") }
    }
--- request
GET /t
--- grep_error_log
rewrite lua ran at \S+

=== TEST 34: rewrite_by_lua_no_postpone
--- http_config
    rewrite_by_lua_no_postpone on;
--- config
    location /t {
        set $a 1;
        rewrite_by_lua_block { ngx.var.a = ngx.var.a .. "lua" }
        set $a "${a}set";
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /t

=== TEST 35: rewrite_by_lua postponed by default
--- config
    location /t {
        set $a 1;
        rewrite_by_lua_block { ngx.var.a = ngx.var.a .. "lua" }
        set $a "${a}set";
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /t

=== TEST 36: access_by_lua_no_postpone
--- http_config
    access_by_lua_no_postpone on;
--- config
    location /t {
        deny all;
        access_by_lua_block { ngx.log(ngx.WARN, "access lua ran") }
        content_by_lua_block { ngx.say("allowed") }
    }
--- request
GET /t
--- grep_error_log
(access lua ran|access forbidden by rule)
