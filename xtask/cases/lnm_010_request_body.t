# Lifted from openresty/lua-nginx-module t/010-request_body.t (BSD license)

=== TEST 1: test reading request body
--- config
    location /echo_body {
        lua_need_request_body on;
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 2: test not reading request body
--- config
    location /echo_body {
        lua_need_request_body off;
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 3: test default setting (not reading request body)
--- config
    location /echo_body {
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 4: test main conf
--- http_config
    lua_need_request_body on;
--- config
    location /echo_body {
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 5: test server conf
--- config
    lua_need_request_body on;
    location /echo_body {
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 6: test override main conf
--- http_config
    lua_need_request_body on;
--- config
    location /echo_body {
        lua_need_request_body off;
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 7: test override server conf
--- config
    lua_need_request_body on;
    location /echo_body {
        lua_need_request_body off;
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 8: lua_need_request_body with a chunked body
--- config
    location /echo_body {
        lua_need_request_body on;
        content_by_lua '
            ngx.print(ngx.var.request_body or "nil")
        ';
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\n\x00\x01\x02\r\n0\r\n\r\n

=== TEST 9: lua_need_request_body with rewrite_by_lua reading get_body_data
--- config
    location /echo_body {
        lua_need_request_body on;
        rewrite_by_lua_block { ngx.ctx.b = ngx.req.get_body_data() }
        content_by_lua_block { ngx.print(ngx.ctx.b, "|", ngx.var.request_body) }
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 10: lua_need_request_body with a body in a file
--- config
    location /echo_body {
        lua_need_request_body on;
        client_body_buffer_size 4;
        content_by_lua_block { ngx.say(ngx.var.request_body, " ", ngx.req.get_body_file() ~= nil) }
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff
