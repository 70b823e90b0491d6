# Lifted from openresty/lua-nginx-module t/103-req-http-ver.t (BSD license)

=== TEST 1: HTTP 1.1
--- config
    location /t {
        content_by_lua '
            ngx.say(ngx.req.http_version())
        ';
    }
--- request
GET /t

=== TEST 2: HTTP 1.0
--- config
    location /t {
        content_by_lua '
            ngx.say(ngx.req.http_version())
        ';
    }
--- request
GET /t HTTP/1.0

=== TEST 3: HTTP 0.9
--- config
    location /t {
        content_by_lua '
            ngx.say(ngx.req.http_version())
        ';
    }
--- raw_request
GET /t\r\n
