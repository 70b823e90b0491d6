# Lifted from openresty/lua-nginx-module t/118-use-default-type.t (BSD license)

=== TEST 1: lua_use_default_type default on
--- config
    location /lua {
        default_type text/plain;
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua

=== TEST 2: lua_use_default_type explicitly on
--- config
    lua_use_default_type on;
    location /lua {
        default_type text/plain;
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua

=== TEST 3: lua_use_default_type off
--- config
    lua_use_default_type off;
    location /lua {
        default_type text/plain;
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua

=== TEST 4: overriding lua_use_default_type off
--- config
    lua_use_default_type off;
    location /lua {
        lua_use_default_type on;
        default_type text/plain;
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua

=== TEST 5: overriding lua_use_default_type on
--- config
    lua_use_default_type on;
    location /lua {
        lua_use_default_type off;
        default_type text/plain;
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua

=== TEST 6: lua_use_default_type off with ngx.exit
--- config
    lua_use_default_type off;
    location /lua {
        content_by_lua '
            ngx.status = 201
            ngx.exit(201)
        ';
    }
--- request
GET /lua

=== TEST 7: lua_use_default_type off with an extension
--- config
    lua_use_default_type off;
    location /lua {
        content_by_lua '
            ngx.say("hello")
        ';
    }
--- request
GET /lua/a.html
