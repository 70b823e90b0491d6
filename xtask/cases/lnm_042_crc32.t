# Lifted from openresty/lua-nginx-module t/042-crc32.t (BSD license)

=== TEST 1: short sanity
--- config
    location = /test {
        content_by_lua '
            ngx.say(ngx.crc32_short("hello, world"))
        ';
    }
--- request
GET /test

=== TEST 2: long sanity
--- config
    location = /test {
        content_by_lua '
            ngx.say(ngx.crc32_long("hello, world"))
        ';
    }
--- request
GET /test

=== TEST 3: long sanity (empty)
--- config
    location = /test {
        content_by_lua '
            ngx.say(ngx.crc32_long(""))
        ';
    }
--- request
GET /test

=== TEST 4: update sanity
--- config
    location = /test {
        content_by_lua '
            ngx.say(pcall(function() return ngx.crc32_update(0, "hello, world") end))
        ';
    }
--- request
GET /test
