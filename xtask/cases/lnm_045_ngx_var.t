# Lifted from openresty/lua-nginx-module t/045-ngx-var.t (BSD license)

=== TEST 1: set indexed variables to nil
--- config
    location = /test {
        set $var 32;
        content_by_lua '
            ngx.say("old: ", ngx.var.var)
            ngx.var.var = nil
            ngx.say("new: ", ngx.var.var)
        ';
    }
--- request
GET /test

=== TEST 2: set variables with set_handler to nil
--- config
    location = /test {
        content_by_lua '
            ngx.say("old: ", ngx.var.args)
            ngx.var.args = nil
            ngx.say("new: ", ngx.var.args)
        ';
    }
--- request
GET /test?hello=world

=== TEST 3: reference nonexistent variable
--- config
    location = /test {
        set $var 32;
        content_by_lua '
            ngx.say("value: ", ngx.var.notfound)
        ';
    }
--- request
GET /test

=== TEST 4: no-hash variables
--- config
    location = /test {
        proxy_pass http://127.0.0.1:$PORT/foo;
        header_filter_by_lua '
            ngx.header["X-My-Host"] = ngx.var.proxy_host
        ';
    }
    location = /foo {
        content_by_lua_block { ngx.say("foo") }
    }
--- request
GET /test

=== TEST 5: variable name is caseless
--- config
    location = /test {
        set $Var 32;
        content_by_lua '
            ngx.say("value: ", ngx.var.VAR)
        ';
    }
--- request
GET /test

=== TEST 6: true $invalid_referer variable value in Lua
--- config
    location = /t {
        valid_referers www.foo.com;
        content_by_lua '
            ngx.say("invalid referer: ", ngx.var.invalid_referer)
            ngx.exit(200)
        ';
    }
--- request
GET /t
--- more_headers
Referer: http://www.foo.com/

=== TEST 7: false $invalid_referer variable value in Lua
--- config
    location = /t {
        valid_referers www.foo.com;
        content_by_lua '
            ngx.say("invalid referer: ", ngx.var.invalid_referer)
            ngx.exit(200)
        ';
    }
--- request
GET /t
--- more_headers
Referer: http://www.bar.com

=== TEST 8: $proxy_host & $proxy_port
--- config
    location = /t {
        proxy_pass http://127.0.0.1:$PORT/back;
        header_filter_by_lua '
            ngx.header["Proxy-Host"] = ngx.var.proxy_host == "127.0.0.1:" .. ngx.var.server_port
            ngx.header["Proxy-Port"] = ngx.var.proxy_port == ngx.var.server_port
        ';
    }
    location = /back {
        content_by_lua_block { ngx.say("hello") }
    }
--- request
GET /t

=== TEST 9: set unknown variable errors
--- config
    location /t {
        content_by_lua_block {
            local ok, err = pcall(function() ngx.var.nonexist = 1 end)
            ngx.say(ok, " ", err)
            local ok, err = pcall(function() ngx.var.uri = "/x" end)
            ngx.say(ok, " ", err)
        }
    }
--- request
GET /t

=== TEST 10: regex captures via ngx.var[N]
--- config
    location ~ ^/t/(\w+)/(\d+)$ {
        content_by_lua_block {
            ngx.say(ngx.var[1], " ", ngx.var[2], " ", ngx.var[3])
        }
    }
--- request
GET /t/abc/123

=== TEST 11: set var to number and bool
--- config
    location /t {
        set $foo '';
        content_by_lua_block {
            ngx.var.foo = 32
            ngx.say(ngx.var.foo, " ", type(ngx.var.foo))
            local ok, err = pcall(function() ngx.var.foo = true end)
            ngx.say(ok, " ", err)
        }
    }
--- request
GET /t

=== TEST 12: no key found
--- config
    location /t {
        content_by_lua '
            ngx.say(ngx.blah_blah == nil and "nil" or "not nil")
        ';
    }
--- request
GET /t

=== TEST 13: default to 0
--- config
    location /t {
        content_by_lua '
            ngx.say(ngx.status);
        ';
    }
--- request
GET /t

=== TEST 14: after say
--- config
    location /t {
        content_by_lua '
            ngx.say("blah");
            ngx.say(ngx.status);
        ';
    }
--- request
GET /t

=== TEST 15: set 201
--- config
    location /t {
        content_by_lua '
            ngx.status = 201;
            ngx.say("created");
        ';
    }
--- request
GET /t

=== TEST 16: set string 201
--- config
    location /t {
        content_by_lua '
            ngx.status = "201";
            ngx.say("created");
        ';
    }
--- request
GET /t

=== TEST 17: set 201.7
--- config
    location /t {
        content_by_lua '
            ngx.status = "201.7";
            ngx.say("created");
        ';
    }
--- request
GET /t

=== TEST 18: set blah
--- config
    location /t {
        content_by_lua '
            ngx.blah = 201;
            ngx.say("created");
        ';
    }
--- request
GET /t

=== TEST 19: set ngx.status after headers are sent
--- config
    location /t {
        content_by_lua '
            ngx.say("ok")
            ngx.status = 201
        ';
    }
--- request
GET /t
--- grep_error_log
attempt to set ngx.status[^\n]*

=== TEST 20: set 101
--- config
    location /t {
        content_by_lua '
            ngx.status = 101
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 21: set 204
--- config
    location /t {
        content_by_lua '
            ngx.status = 204
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 22: set 299
--- config
    location /t {
        content_by_lua '
            ngx.status = 299
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 23: set 304
--- config
    location /t {
        content_by_lua '
            ngx.status = 304
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 24: set 418
--- config
    location /t {
        content_by_lua '
            ngx.status = 418
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 25: set 499
--- config
    location /t {
        content_by_lua '
            ngx.status = 499
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 26: set 599
--- config
    location /t {
        content_by_lua '
            ngx.status = 599
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 27: set 600
--- config
    location /t {
        content_by_lua '
            ngx.status = 600
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 28: set 999
--- config
    location /t {
        content_by_lua '
            ngx.status = 999
            ngx.say("body")
        ';
    }
--- request
GET /t

=== TEST 29: set 404 then exit 200
--- config
    location /t {
        content_by_lua '
            ngx.status = 404
            ngx.say("nf")
            ngx.exit(200)
        ';
    }
--- request
GET /t
