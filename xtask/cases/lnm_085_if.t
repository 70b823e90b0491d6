# Lifted from openresty/lua-nginx-module t/085-if.t (BSD license)

=== TEST 1: set_by_lua (if fails)
--- config
    location /t {
        set $true $arg_a;
        if ($true) {
            set_by_lua $true 'return tonumber(ngx.var["true"]) + 1';
            break;
        }
        set $true "empty";
        echo "[$true]";
    }
--- request
GET /t

=== TEST 2: set_by_lua (if true)
--- config
    location /t {
        set $true $arg_a;
        if ($true) {
            set_by_lua $true 'return tonumber(ngx.var["true"]) + 1';
            break;
        }
        set $true "blah";
        echo "[$true]";
    }
--- request
GET /t?a=2

=== TEST 3: content_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        content_by_lua 'ngx.say("hello world")';
    }
--- request
GET /t

=== TEST 4: rewrite_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        rewrite_by_lua 'ngx.say("hello world") ngx.exit(200)';
    }
--- request
GET /t

=== TEST 5: access_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        access_by_lua 'ngx.say("hello world") ngx.exit(200)';
    }
--- request
GET /t

=== TEST 6: log_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        log_by_lua 'ngx.log(ngx.WARN, "from log by lua")';
        echo hello world;
    }
--- request
GET /t
--- grep_error_log
from log by lua
--- wait
0.2

=== TEST 7: header_filter_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        header_filter_by_lua 'ngx.header.Foo = "bah"';
        echo hello world;
    }
--- request
GET /t

=== TEST 8: body_filter_by_lua inherited by location if
--- config
    location /t {
        set $true 1;
        if ($true) {
            # nothing
        }
        body_filter_by_lua 'ngx.arg[1] = string.upper(ngx.arg[1])';
        echo hello world;
    }
--- request
GET /t

=== TEST 9: if is evil for ngx_proxy
--- config
    location = /index.html {
        echo "It works!";
    }
    location /proxy-pass-uri {
        proxy_pass http://127.0.0.1:$PORT/;
        set $true 1;
        if ($true) {
            # nothing
        }
    }
--- request
GET /proxy-pass-uri

=== TEST 10: content_by_lua inside if overrides the location's
--- config
    location /t {
        if ($arg_a) {
            content_by_lua 'ngx.say("in if")';
        }
        content_by_lua 'ngx.say("in location")';
    }
--- pipelined_requests
GET /t?a=1
GET /t

=== TEST 11: rewrite_by_lua inside if
--- config
    location /t {
        if ($arg_a) {
            rewrite_by_lua 'ngx.var.x = "from if"';
        }
        set $x '';
        rewrite_by_lua 'ngx.var.x = "from location"';
        echo "[$x]";
    }
--- pipelined_requests
GET /t?a=1
GET /t
