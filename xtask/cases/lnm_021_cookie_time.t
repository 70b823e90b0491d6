# Lifted from openresty/lua-nginx-module t/021-cookie-time.t (BSD license)

=== TEST 1: cookie_time
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.cookie_time(1290079655))
        ';
    }
--- request
GET /lua

=== TEST 2: cookie_time in set_by_lua
--- config
    location /lua {
        set_by_lua $a '
            return ngx.cookie_time(1290079655)
        ';
        echo $a;
    }
--- request
GET /lua

=== TEST 3: cookie_time of odd values
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(ngx.cookie_time(0))
            ngx.say(ngx.cookie_time(2147483648))
            ngx.say(ngx.cookie_time(1.9))
            ngx.say(ngx.cookie_time("1290079655"))
            ngx.say(pcall(ngx.cookie_time, "abc"))
            ngx.say(pcall(ngx.cookie_time))
        }
    }
--- request
GET /lua

=== TEST 4: http_time and parse_http_time
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(ngx.http_time(1290079655))
            ngx.say(ngx.http_time(0))
            ngx.say(ngx.parse_http_time("Thu, 18 Nov 2010 11:27:35 GMT"))
            ngx.say(ngx.parse_http_time("Thursday, 18-Nov-10 11:27:35 GMT"))
            ngx.say(ngx.parse_http_time("Thu Nov 18 11:27:35 2010"))
            ngx.say(ngx.parse_http_time("abc"))
            ngx.say(ngx.parse_http_time("Thu, 18 Nov 2010 11:27:35"))
            ngx.say(pcall(ngx.http_time, "x"))
        }
    }
--- request
GET /lua
