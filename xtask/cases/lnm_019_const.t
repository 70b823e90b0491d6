# Lifted from openresty/lua-nginx-module t/019-const.t (BSD license)

=== TEST 1: sanity
--- config
    location /read {
        content_by_lua '
            ngx.say(ngx.OK)
            ngx.say(ngx.AGAIN)
            ngx.say(ngx.DONE)
            ngx.say(ngx.ERROR)
        ';
    }
--- request
GET /read

