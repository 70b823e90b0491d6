# Lifted from openresty/lua-nginx-module t/014-bugs.t (BSD license)

=== TEST 1: module with syntax error in required file
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;./?.lua;;';
--- config
    location /load {
        content_by_lua '
            package.loaded.foo = nil;
            local foo = require "foo";
            foo.hi()
        ';
    }
--- user_files
>>> html/foo.lua
module(..., package.seeall);

function foo ()
    return 1
    return 2
end
--- request
GET /load
--- grep_error_log
\[error\] [^\n]*

=== TEST 2: disk file bufs
--- config
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/test.lua")
            ngx.say(res.status)
            ngx.print(res.body)
        ';
    }
--- user_files
>>> html/test.lua
print("Hello, world")
--- request
GET /lua

=== TEST 3: print lua empty strings
--- config
    location /lua {
        content_by_lua 'ngx.print("") ngx.flush() ngx.print("Hi")';
    }
--- request
GET /lua

=== TEST 4: say lua empty strings
--- config
    location /lua {
        content_by_lua 'ngx.say("") ngx.flush() ngx.print("Hi")';
    }
--- request
GET /lua

=== TEST 5: github issue 37: header bug
--- config
    location /sub {
        content_by_lua '
            ngx.header["Set-Cookie"] = {"TestCookie1=foo", "TestCookie2=bar"};
            ngx.say("Hello")
        ';
    }
    location /lua {
        content_by_lua '
            ngx.header["Set-Cookie"] = {}
            res = ngx.location.capture("/sub")
            for i,j in pairs(res.header) do
                ngx.header[i] = j
            end
            ngx.send_headers()
            ngx.print("body: ", res.body)
        ';
    }
--- request
GET /lua

=== TEST 6: capturing locations with internal redirects
--- config
    location /bar {
        content_by_lua 'ngx.say("Bar")';
    }
    location /foo {
        rewrite_by_lua 'ngx.exec("/bar")';
    }
    location /main {
        content_by_lua '
            local res = ngx.location.capture("/foo")
            ngx.print(res.body)
        ';
    }
--- request
GET /main

=== TEST 7: capturing locations with internal redirects (simple index)
--- config
    location /main {
        content_by_lua '
            local res = ngx.location.capture("/")
            ngx.say(res.status)
            ngx.print(res.body)
        ';
    }
--- user_files
>>> html/index.html
<html><head><title>It works!</title></head><body>It works!</body></html>
--- request
GET /main

=== TEST 8: capture post subrequest with internal redirect
--- config
    location /bar {
        lua_need_request_body on;
        client_body_in_single_buffer on;
        content_by_lua '
            ngx.say(ngx.var.request_body)
        ';
    }
    location /foo {
        content_by_lua 'ngx.exec("/bar")';
    }
    location /main {
        content_by_lua '
            local res = ngx.location.capture("/foo", { method = ngx.HTTP_POST, body = "hello" })
            ngx.print(res.body)
        ';
    }
--- request
GET /main

=== TEST 9: nginx rewrite works in subrequests
--- config
    rewrite /foo /foo/ permanent;
    location = /foo/ {
        content_by_lua_block { ngx.say("hello") }
    }
    location /main {
        content_by_lua '
            local res = ngx.location.capture("/foo")
            ngx.say("status = ", res.status)
            ngx.say("Location: ", res.header["Location"] or "nil")
        ';
    }
--- request
GET /main

=== TEST 10: directory redirect in subrequest
--- config
    access_by_lua '
        local res = ngx.location.capture(ngx.var.uri)
        ngx.say("status = ", res.status)
        ngx.say("Location: ", res.header["Location"] or "nil")
        ngx.exit(200)
    ';
--- request
GET /foo
--- user_files
>>> html/foo/index.html
It works!

=== TEST 11: set content-type header with charset
--- config
    location /lua {
        charset GBK;
        content_by_lua '
            ngx.header.content_type = "text/xml; charset=UTF-8"
            ngx.say("hi")
        ';
    }
--- request
GET /lua

=== TEST 12: set response header content-type with charset
--- config
    location /lua {
        charset GBK;
        content_by_lua '
            ngx.header.content_type = "text/xml"
            ngx.say("hi")
        ';
    }
--- request
GET /lua

=== TEST 13: charset with default type
--- config
    location /lua {
        charset utf-8;
        content_by_lua '
            ngx.say("hi")
        ';
    }
--- request
GET /lua

=== TEST 14: get by-position capturing variables
--- config
    location ~ '^/lua/(.*)' {
        content_by_lua '
            ngx.say(ngx.var[1] or "nil")
            ngx.say(ngx.var[0] or "nil")
            ngx.say(ngx.var[2] or "nil")
        ';
    }
--- request
GET /lua/hello

=== TEST 15: get by-position capturing variables ($1, $2)
--- config
    location ~ '^/lua/(.*)/(.*)' {
        content_by_lua '
            ngx.say(ngx.var[-1] or "nil")
            ngx.say(ngx.var[0] or "nil")
            ngx.say(ngx.var[1] or "nil")
            ngx.say(ngx.var[2] or "nil")
            ngx.say(ngx.var[3] or "nil")
            ngx.say(ngx.var[4] or "nil")
        ';
    }
--- request
GET /lua/hello/world

=== TEST 16: set special variables
--- config
    location /main {
        set $http_a "hello";
        content_by_lua '
            ngx.say(ngx.var.http_a)
        ';
    }
--- request
GET /main

=== TEST 17: set a core read-only variable from lua
--- config
    location /main {
        content_by_lua_block {
            local ok, err = pcall(function() ngx.var.request_uri = "/x" end)
            ngx.say(ok, " ", err)
            local ok, err = pcall(function() ngx.var.http_host = "x" end)
            ngx.say(ok, " ", err)
        }
    }
--- request
GET /main
