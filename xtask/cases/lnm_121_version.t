# Lifted from openresty/lua-nginx-module t/121-version.t (BSD license)

=== TEST 1: nginx version
--- config
    location /lua {
        content_by_lua '
            ngx.say("version: ", ngx.config.nginx_version)
        ';
    }
--- request
GET /lua

=== TEST 2: ngx_lua_version
--- config
    location /lua {
        content_by_lua '
            ngx.say("version: ", ngx.config.ngx_lua_version)
        ';
    }
--- request
GET /lua
