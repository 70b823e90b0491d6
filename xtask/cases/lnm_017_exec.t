# Lifted from openresty/lua-nginx-module t/017-exec.t (BSD license)

=== TEST 1: sanity
--- config
    location /read {
        content_by_lua '
            ngx.exec("/hi");
            ngx.say("Hi");
        ';
    }
    location /hi {
        content_by_lua_block { ngx.say("Hello") }
    }
--- request
GET /read

=== TEST 2: empty uri arg
--- config
    location /read {
        content_by_lua '
            ngx.exec("");
            ngx.say("Hi");
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 3: no arg
--- config
    location /read {
        content_by_lua '
            ngx.exec();
            ngx.say("Hi");
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 4: too many args
--- config
    location /read {
        content_by_lua '
            ngx.exec(1, 2, 3, 4);
            ngx.say("Hi");
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 5: null uri
--- config
    location /read {
        content_by_lua '
            ngx.exec(nil)
            ngx.say("Hi")
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: user args
--- config
    location /read {
        content_by_lua '
            ngx.exec("/hi", "Yichun Zhang")
            ngx.say("Hi")
        ';
    }
    location /hi {
        content_by_lua_block { ngx.say("Hello ", ngx.var.query_string) }
    }
--- request
GET /read

=== TEST 7: args in uri
--- config
    location /read {
        content_by_lua '
            ngx.exec("/hi?agentzh")
            ngx.say("Hi")
        ';
    }
    location /hi {
        content_by_lua_block { ngx.say("Hello ", ngx.var.query_string) }
    }
--- request
GET /read

=== TEST 8: args in uri and user args
--- config
    location /read {
        content_by_lua '
            ngx.exec("/hi?a=Yichun", "b=Zhang")
            ngx.say("Hi")
        ';
    }
    location /hi {
        content_by_lua_block { ngx.say("Hello ", ngx.var.query_string) }
    }
--- request
GET /read

=== TEST 9: args in uri and user args to named location
--- config
    location /read {
        content_by_lua '
            ngx.exec("@hi?a=Yichun", "b=Zhang")
            ngx.say("Hi")
        ';
    }
    location @hi {
        content_by_lua_block { ngx.say("Hello ", ngx.var.query_string) }
    }
--- request
GET /read

=== TEST 10: exec after location capture (simple echo)
--- config
    location /test {
        content_by_lua_file 'html/test.lua';
    }
    location /a {
        content_by_lua_block { ngx.say("hello a") }
    }
    location /b {
        content_by_lua_block { ngx.say("hello b") }
    }
--- user_files
>>> html/test.lua
ngx.location.capture('/a')

ngx.exec('/b')
--- request
GET /test

=== TEST 11: exec after named location capture (simple echo)
--- config
    location /test {
        content_by_lua_file 'html/test.lua';
    }
    location /a {
        content_by_lua_block { ngx.say("hello a") }
    }
    location @b {
        content_by_lua_block { ngx.say("hello b") }
    }
--- user_files
>>> html/test.lua
ngx.location.capture('/a')

ngx.exec('@b')
--- request
GET /test

=== TEST 12: github issue #40 (content)
--- config
    location = /hi {
        content_by_lua_block { ngx.say("hello") }
    }
    location /sub {
        proxy_pass http://127.0.0.1:$PORT/hi;
    }
    location /p {
        content_by_lua '
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        ';
    }
    location /lua {
        content_by_lua '
            ngx.exec("/p")
        ';
    }
--- request
GET /lua

=== TEST 13: github issue #40 (content + named location)
--- config
    location = /hi {
        content_by_lua_block { ngx.say("hello") }
    }
    location /sub {
        proxy_pass http://127.0.0.1:$PORT/hi;
    }
    location @p {
        content_by_lua '
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        ';
    }
    location /lua {
        content_by_lua '
            ngx.exec("@p")
        ';
    }
--- request
GET /lua

=== TEST 14: github issue #40 (content + post subrequest)
--- config
    location = /hi {
        content_by_lua_block { ngx.say("hello") }
    }
    location /sub {
        proxy_pass http://127.0.0.1:$PORT/hi;
    }
    location /p {
        content_by_lua '
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        ';
    }
    location blah {
        content_by_lua_block { ngx.say("blah") }
    }
    location /lua {
        content_by_lua '
            ngx.location.capture("/blah")
            ngx.exec("/p")
        ';
    }
--- request
GET /lua

=== TEST 15: pcall safe
--- config
    location /lua {
        content_by_lua '
            function f ()
                ngx.exec("/hi")
            end

            pcall(f)
            ngx.say("hello")
        ';
    }
    location /hi {
        content_by_lua_block { ngx.say("hi") }
    }
--- request
GET /lua

=== TEST 16: lua table as "args" parameter
--- config
    location /lua {
        content_by_lua '
            local args = { foo = 3, bar = 4 }
            ngx.exec("/hi", args)
        ';
    }
    location /hi {
        content_by_lua_block {
            ngx.say("foo = ", ngx.var.arg_foo)
            ngx.say("bar = ", ngx.var.arg_bar)
        }
    }
--- request
GET /lua

=== TEST 17: jump to internal locations requires ctx cleared
--- config
    location @proxy {
        rewrite_by_lua return;
        content_by_lua_block { ngx.say("hello") }
    }
    location /main {
        content_by_lua '
            ngx.exec("@proxy")
        ';
    }
--- request
GET /main

=== TEST 18: exec + rewrite + named locations
--- config
    location @proxy {
        rewrite_by_lua return;
        content_by_lua_block { ngx.say("hello") }
    }
    location /main {
        rewrite_by_lua '
            ngx.exec("@proxy")
        ';
    }
--- request
GET /main

=== TEST 19: exec(named location) in subrequests
--- config
    location /entry {
        content_by_lua_block {
            ngx.print(ngx.location.capture("/foo").body)
            ngx.print(ngx.location.capture("/foo2").body)
        }
    }
    location /foo {
        content_by_lua '
            ngx.exec("@bar")
        ';
    }
    location /foo2 {
        content_by_lua '
            ngx.exec("@bar")
        ';
    }
    location @bar {
        rewrite ^ /bar break;
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /bar {
        content_by_lua_block { ngx.say("hello") }
    }
--- request
GET /entry

=== TEST 20: exec(normal location) in subrequests
--- config
    location /entry {
        content_by_lua_block {
            ngx.print(ngx.location.capture("/foo").body)
            ngx.print(ngx.location.capture("/foo2").body)
        }
    }
    location /foo {
        content_by_lua '
            ngx.exec("/baz")
        ';
    }
    location /foo2 {
        content_by_lua '
            ngx.exec("/baz")
        ';
    }
    location /baz {
        proxy_pass http://127.0.0.1:$PORT/bar;
    }
    location /bar {
        content_by_lua_block { ngx.say("hello") }
    }
--- request
GET /entry

=== TEST 21: rewrite_by_lua + ngx.exec in subrequest + capture
--- config
    location /main {
        rewrite_by_lua '
            res = ngx.location.capture("/test_loc");
            ngx.print("hello, ", res.body)
        ';
        content_by_lua return;
    }
    location /test_loc {
        content_by_lua '
            ngx.exec("@proxy")
        ';
    }
    location @proxy {
        rewrite ^ /foo break;
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /foo {
        content_by_lua_block { ngx.say("bah") }
    }
--- request
GET /main

=== TEST 22: jump to an internal location
--- config
    location /t {
        content_by_lua '
            return ngx.exec("/proxy", ngx.var.args)
        ';
    }
    location /proxy {
        internal;
        proxy_pass http://127.0.0.1:$PORT/dummy;
    }
    location = /dummy {
        content_by_lua_block { ngx.print("dummy") }
    }
--- pipelined_requests
GET /t
GET /t?foo
