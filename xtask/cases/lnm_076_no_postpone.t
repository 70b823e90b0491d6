# Lifted from openresty/lua-nginx-module t/076-no-postpone.t (BSD license)

=== TEST 1: rewrite no postpone on
--- http_config
    rewrite_by_lua_no_postpone on;
--- config
    set $foo '';
    location /t {
        rewrite_by_lua '
            ngx.var.foo = 1
        ';
        if ($foo = 1) {
            echo "foo: $foo";
        }
        echo "no foo: $foo";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 2: rewrite no postpone explicitly off
--- http_config
    rewrite_by_lua_no_postpone off;
--- config
    set $foo '';
    location /t {
        rewrite_by_lua '
            ngx.var.foo = 1
        ';
        if ($foo = 1) {
            echo "foo: $foo";
        }
        echo "no foo: $foo";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 3: rewrite no postpone off by default
--- config
    set $foo '';
    location /t {
        rewrite_by_lua '
            ngx.var.foo = 1
        ';
        if ($foo = 1) {
            echo "foo: $foo";
        }
        echo "no foo: $foo";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 4: access no postpone on
--- http_config
    access_by_lua_no_postpone on;
--- config
    location /t {
        access_by_lua '
            ngx.redirect("http://www.taobao.com/foo")
            ngx.say("hi")
        ';
        content_by_lua 'return';
        deny all;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 5: access no postpone explicitly off
--- http_config
    access_by_lua_no_postpone off;
--- config
    location /t {
        access_by_lua '
            ngx.redirect("http://www.taobao.com/foo")
            ngx.say("hi")
        ';
        content_by_lua 'return';
        deny all;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 6: access no postpone off by default
--- config
    location /t {
        access_by_lua '
            ngx.redirect("http://www.taobao.com/foo")
            ngx.say("hi")
        ';
        content_by_lua 'return';
        deny all;
    }
--- request
GET /t
--- grep_error_log
\[error\].*
