# Lifted from openresty/lua-nginx-module t/005-exit.t (BSD license)

=== TEST 1: throw 403
--- config
    location /lua {
        content_by_lua "ngx.exit(403);ngx.say('hi')";
    }
--- request
GET /lua

=== TEST 2: throw 404
--- config
    location /lua {
        content_by_lua "ngx.exit(404);ngx.say('hi');";
    }
--- request
GET /lua

=== TEST 3: throw 404 after sending the header and partial body
--- config
    location /lua {
        content_by_lua "ngx.say('hi');ngx.exit(404);ngx.say(', you')";
    }
--- request
GET /lua
--- grep_error_log
attempt to set status[^\n]*

=== TEST 4: working with ngx_auth_request (succeeded)
--- config
    location /auth {
        content_by_lua "
            if ngx.var.user == 'agentzh' then
                ngx.eof();
            else
                ngx.exit(403)
            end";
    }
    location /api {
        set $user $arg_user;
        auth_request /auth;

        content_by_lua_block { ngx.say("Logged in") }
    }
--- request
GET /api?user=agentzh

=== TEST 5: working with ngx_auth_request (failed)
--- config
    location /auth {
        content_by_lua "
            if ngx.var.user == 'agentzh' then
                ngx.eof();
            else
                ngx.exit(403)
            end";
    }
    location /api {
        set $user $arg_user;
        auth_request /auth;

        content_by_lua_block { ngx.say("Logged in") }
    }
--- request
GET /api?user=agentz

=== TEST 6: throw 0
--- config
    location /lua {
        content_by_lua "ngx.say('Hi'); ngx.eof(); ngx.exit(0);ngx.say('world')";
    }
--- request
GET /lua

=== TEST 7: pcall safe
--- config
    location /lua {
        content_by_lua '
            function f ()
                ngx.say("hello")
                ngx.exit(200)
            end

            pcall(f)
            ngx.say("world")
        ';
    }
--- request
GET /lua

=== TEST 8: 501 Method Not Implemented
--- config
    location /lua {
        content_by_lua '
            ngx.exit(501)
        ';
    }
--- request
GET /lua

=== TEST 9: 501 Method Not Implemented constant
--- config
    location /lua {
        content_by_lua '
            ngx.exit(ngx.HTTP_METHOD_NOT_IMPLEMENTED)
        ';
    }
--- request
GET /lua

=== TEST 10: throw 403 after sending out headers with 200
--- config
    location /lua {
        rewrite_by_lua '
            ngx.send_headers()
            ngx.say("Hello World")
            ngx.exit(403)
        ';
    }
--- request
GET /lua
--- grep_error_log
attempt to set status[^\n]*

=== TEST 11: throw 403 after sending out headers with 403
--- config
    location /lua {
        rewrite_by_lua '
            ngx.status = 403
            ngx.send_headers()
            ngx.say("Hello World")
            ngx.exit(403)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[(error|alert)\][^\n]*

=== TEST 12: throw 403 after sending out headers with 403 (HTTP 1.0 buffering)
--- config
    location /t {
        rewrite_by_lua '
            ngx.status = 403
            ngx.say("Hello World")
            ngx.exit(403)
        ';
    }
--- request
GET /t HTTP/1.0
--- grep_error_log
\[(error|alert)\][^\n]*

=== TEST 13: throw 444 after sending out responses (HTTP 1.0)
--- config
    location /lua {
        content_by_lua "
            ngx.say('ok');
            return ngx.exit(444)
        ";
    }
--- request
GET /lua HTTP/1.0
--- grep_error_log
\[(error|alert)\][^\n]*

=== TEST 14: throw 499 after sending out responses (HTTP 1.0)
--- config
    location /lua {
        content_by_lua "
            ngx.say('ok');
            return ngx.exit(499)
        ";
    }
--- request
GET /lua HTTP/1.0

=== TEST 15: throw 408 after sending out responses (HTTP 1.0)
--- config
    location /lua {
        content_by_lua "
            ngx.say('ok');
            return ngx.exit(408)
        ";
    }
--- request
GET /lua HTTP/1.0

=== TEST 16: throw 444 HTTP 1.1
--- config
    location /lua {
        content_by_lua "
            ngx.say('ok');
            return ngx.exit(444)
        ";
    }
--- request
GET /lua
