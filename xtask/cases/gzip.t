=== TEST 1: gzip a Lua response
--- http_config
    gzip on;
    gzip_types text/plain application/json;
--- config
    location /t { content_by_lua_block { for i = 1, 50 do ngx.say("line ", i, " of a compressible body") end } }
    location /j { default_type application/json; content_by_lua_block { ngx.print('{"a":1,"b":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}') } }
--- pipelined_requests
GET /t
GET /j
--- more_headers
Accept-Encoding: gzip, deflate

=== TEST 2: gzip with vary, a known length, an etag, and flushes
--- http_config
    gzip on;
    gzip_vary on;
    gzip_types *;
--- config
    location /len { content_by_lua_block {
        local body = string.rep("abcdefghij", 30)
        ngx.header["Content-Length"] = #body
        ngx.header["ETag"] = '"v1"'
        ngx.print(body)
    } }
    location /flush { content_by_lua_block { ngx.say("first part of it all") ngx.flush(true) ngx.say("second part of it all") } }
    location /small { content_by_lua_block { ngx.header["Content-Length"] = 5 ngx.print("small") } }
--- pipelined_requests
GET /len
GET /flush
GET /small
--- more_headers
Accept-Encoding: gzip

=== TEST 3: no gzip when the client refuses it with q=0, nor for other statuses
--- http_config
    gzip on;
    gzip_vary on;
    gzip_types text/plain;
--- config
    location /t { content_by_lua_block { ngx.say(string.rep("compress me ", 10)) } }
    location /e { content_by_lua_block { ngx.status = 500 ngx.say(string.rep("compress me ", 10)) } }
--- pipelined_requests
GET /t
GET /e
--- more_headers
Accept-Encoding: gzip;q=0, deflate

=== TEST 4: the 404 page is gzipped; a HEAD is not
--- http_config
    gzip on;
--- config
    location /t { }
--- pipelined_requests
GET /missing
HEAD /missing
--- more_headers
Accept-Encoding: gzip

=== TEST 5: HEAD of a Lua response, and comp_level 9 and 5
--- http_config
    gzip on;
    gzip_types text/plain;
--- config
    location /t { content_by_lua_block { ngx.say(string.rep("compress me ", 10)) } }
    location /nine { gzip_comp_level 9; content_by_lua_block { ngx.say(string.rep("compress me again ", 20)) } }
    location /five { gzip_comp_level 5; content_by_lua_block { ngx.say(string.rep("compress me again ", 20)) } }
--- pipelined_requests
HEAD /t
GET /nine
GET /five
--- more_headers
Accept-Encoding: gzip

=== TEST 6: a static file, GET and HEAD
--- http_config
    gzip on;
--- config
    location /s/ { root $TEST_NGINX_HTML_DIR; }
--- user_files
>>> html/s/a.html
<html><body>some static html that is long enough to be compressed by gzip</body></html>
--- pipelined_requests
GET /s/a.html
HEAD /s/a.html
--- more_headers
Accept-Encoding: gzip

=== TEST 7: body filter sees plain text; captures are not compressed; gzip off in a location
--- http_config
    gzip on;
    gzip_types text/plain;
--- config
    location /t {
        content_by_lua_block { ngx.say(string.rep("lower case text ", 8)) }
        body_filter_by_lua_block { ngx.arg[1] = ngx.arg[1] and ngx.arg[1]:upper() }
    }
    location /sub { content_by_lua_block { ngx.say(string.rep("captured text ", 8)) } }
    location /cap { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.print(#r.body, " ", tostring(r.header["Content-Encoding"])) } }
    location /off { gzip off; content_by_lua_block { ngx.say(string.rep("not compressed ", 8)) } }
--- pipelined_requests
GET /t
GET /cap
GET /off
--- more_headers
Accept-Encoding: gzip

=== TEST 8: HTTP/1.0 and Via requests are not compressed unless allowed
--- http_config
    gzip on;
    gzip_types text/plain;
--- config
    location /t { content_by_lua_block { ngx.say(string.rep("compress me ", 10)) } }
    location /v10 { gzip_http_version 1.0; content_by_lua_block { ngx.say(string.rep("compress me ", 10)) } }
--- pipelined_requests
GET /t HTTP/1.0
GET /v10 HTTP/1.0
--- more_headers
Accept-Encoding: gzip
Connection: keep-alive

=== TEST 9: a Via request with gzip_proxied any, and a range request of a static file
--- http_config
    gzip on;
    gzip_proxied any;
--- config
    location /t { default_type text/html; content_by_lua_block { ngx.say(string.rep("compress me ", 10)) } }
    location /s/ { root $TEST_NGINX_HTML_DIR; }
--- user_files
>>> html/s/a.html
<html><body>some static html that is long enough to be compressed by gzip</body></html>
--- pipelined_requests
GET /t
GET /s/a.html
--- more_headers
Accept-Encoding: gzip
Via: 1.1 proxy
Range: bytes=0-9

=== TEST 10: a proxied response is compressed by the proxy
--- http_config
    gzip on;
    gzip_types text/plain;
--- config
    location /p { gzip off; content_by_lua_block { ngx.say(string.rep("from the backend ", 10)) } }
    location /t { proxy_pass http://127.0.0.1:$PORT/p; }
--- request
GET /t
--- more_headers
Accept-Encoding: gzip

=== TEST 11: ranges of a static file keep the Vary the whole file gets
--- http_config
    gzip on;
    gzip_vary on;
    gzip_types text/plain;
    gzip_min_length 1;
--- user_files
>>> html/a.txt
0123456789012345678901234567890123456789
--- config
    location / { }
--- request
GET /a.txt
--- more_headers
Range: bytes=0-9,20-24

=== TEST 12: a range past the end of a static file keeps the Vary too
--- http_config
    gzip on;
    gzip_vary on;
    gzip_types text/plain;
    gzip_min_length 1;
--- user_files
>>> html/a.txt
0123456789012345678901234567890123456789
--- config
    location / { }
--- request
GET /a.txt
--- more_headers
Range: bytes=100-

=== TEST 13: a single range of a static file keeps the Vary
--- http_config
    gzip on;
    gzip_vary on;
    gzip_types text/plain;
    gzip_min_length 1;
--- user_files
>>> html/a.txt
0123456789012345678901234567890123456789
--- config
    location / { }
--- request
GET /a.txt
--- more_headers
Range: bytes=0-9
