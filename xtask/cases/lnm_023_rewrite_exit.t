# Lifted from openresty/lua-nginx-module t/023-rewrite-exit.t (BSD license)

=== TEST 1: throw 403
--- config
    location /lua {
        rewrite_by_lua "ngx.exit(403);ngx.say('hi')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 2: throw 404
--- config
    location /lua {
        rewrite_by_lua "ngx.exit(404);ngx.say('hi');";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 3: throw 404 after sending the header and partial body
--- config
    location /lua {
        rewrite_by_lua "ngx.say('hi');ngx.exit(404);ngx.say(', you')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua
--- grep_error_log
attempt to set status[^\n]*

=== TEST 4: working with ngx_auth_request (succeeded)
--- config
    location /auth {
        rewrite_by_lua "
            if ngx.var.user == 'agentzh' then
                ngx.eof();
            else
                ngx.exit(403)
            end";
        content_by_lua 'ngx.exit(ngx.OK)';
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
        rewrite_by_lua "
            if ngx.var.user == 'agentzh' then
                ngx.eof();
            else
                ngx.exit(403)
            end";
        content_by_lua 'ngx.exit(ngx.OK)';
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
        rewrite_by_lua "ngx.say('Hi'); ngx.eof(); ngx.exit(0);ngx.say('world')";
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 7: throw ngx.OK does not skip other rewrite phase handlers
--- config
    location /lua {
        rewrite_by_lua "ngx.exit(ngx.OK)";
        set $foo hello;
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- request
GET /lua

=== TEST 8: rewrite exit with auth_request variable propagation
--- config
    location /auth {
        rewrite_by_lua "ngx.var.user = 'changed' ngx.exit(ngx.HTTP_OK)";
    }
    location /api {
        set $user $arg_user;
        auth_request /auth;
        content_by_lua_block { ngx.say("user ", ngx.var.user) }
    }
--- request
GET /api?user=agentzh
