# Lifted from openresty/lua-nginx-module t/029-http-time.t (BSD license)

=== TEST 1: http_time in content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.http_time(1290079655))
        ';
    }
--- request
GET /lua

=== TEST 2: http_time in set_by_lua
--- config
    location /lua {
        set_by_lua $a '
            return ngx.http_time(1290079655)
        ';
        echo $a;
    }
--- request
GET /lua

=== TEST 3: parse_http_time in set_by_lua
--- config
    location /lua {
        set_by_lua $a '
            return ngx.parse_http_time("Thu, 18 Nov 2010 11:27:35 GMT")
        ';
        echo $a;
    }
--- request
GET /lua

=== TEST 4: parse_http_time in content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.parse_http_time("Thu, 18 Nov 2010 11:27:35 GMT"))
        ';
    }
--- request
GET /lua

=== TEST 5: bad arg for parse_http_time in content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.parse_http_time("abc") or "nil")
        ';
    }
--- request
GET /lua
