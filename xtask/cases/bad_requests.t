# Malformed and unusual requests: nginx's 400s, 414, 494, 501, 505, and what it accepts.

=== TEST 1: garbage request line
--- config
    location / { return 200 "ok\n"; }
--- raw_request
this is not http\r\n\r\n

=== TEST 2: lower-case method is invalid
--- config
    location / { return 200 "ok\n"; }
--- raw_request
get / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 3: unknown method is passed to the location
--- config
    location / { return 200 "method=$request_method\n"; }
--- raw_request
BREW /pot HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 4: unknown method on a static location
--- config
    location / { }
--- raw_request
BREW /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 5: unsupported HTTP version 2.0 on plain text
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 6: HTTP/1.2 is served as 1.1
--- config
    location / { return 200 "proto=$server_protocol\n"; }
--- raw_request
GET / HTTP/1.2\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 7: HTTP/3.0 is 505
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/3.0\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 8: missing Host on HTTP/1.1 is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nConnection: close\r\n\r\n

=== TEST 9: duplicate Host is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n

=== TEST 10: HTTP/1.0 without Host is fine
--- config
    location / { return 200 "host=$host\n"; }
--- raw_request
GET / HTTP/1.0\r\n\r\n

=== TEST 11: HTTP/0.9 request
--- config
    location / { return 200 "nine\n"; }
--- raw_request
GET /\r\n

=== TEST 12: HTTP/0.9 POST is invalid
--- config
    location / { return 200 "nine\n"; }
--- raw_request
POST /\r\n

=== TEST 13: absolute-form URI
--- config
    location / { return 200 "host=$host uri=$uri args=$args\n"; }
--- raw_request
GET http://Example.COM:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n

=== TEST 14: absolute-form with https scheme
--- config
    location / { return 200 "host=$host scheme=$scheme\n"; }
--- raw_request
GET https://secure.test/x HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n

=== TEST 15: asterisk target
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 16: target without leading slash
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET foo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 17: header without colon is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nBadHeader\r\nConnection: close\r\n\r\n

=== TEST 18: header with a space before the colon
--- config
    location / { return 200 "x=[$http_x_a]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-A : v\r\nConnection: close\r\n\r\n

=== TEST 19: header name with underscore is ignored by default
--- config
    location / { return 200 "x=[$http_x_under]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX_Under: v\r\nConnection: close\r\n\r\n

=== TEST 20: underscores_in_headers on
--- config
    underscores_in_headers on;
    location / { return 200 "x=[$http_x_under]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX_Under: v\r\nConnection: close\r\n\r\n

=== TEST 21: oversized request line is 414
--- config
    client_header_buffer_size 128;
    large_client_header_buffers 2 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 22: oversized header is 400 Request Header Or Cookie Too Large
--- config
    client_header_buffer_size 128;
    large_client_header_buffers 2 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\nConnection: close\r\n\r\n

=== TEST 23: too many headers for the buffers
--- config
    client_header_buffer_size 64;
    large_client_header_buffers 1 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-1: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nX-2: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nX-3: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nConnection: close\r\n\r\n

=== TEST 24: header that fits the large buffers
--- config
    client_header_buffer_size 64;
    large_client_header_buffers 4 1k;
    location / { return 200 "len=${content_length}x ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nConnection: close\r\n\r\n

=== TEST 25: bare LF line endings are accepted
--- config
    location / { return 200 "lf ok $http_x_a\n"; }
--- raw_request
GET / HTTP/1.1\nHost: localhost\nX-A: 1\nConnection: close\n\n

=== TEST 26: bad Content-Length is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nConnection: close\r\n\r\n

=== TEST 27: negative Content-Length is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\nConnection: close\r\n\r\n

=== TEST 28: Content-Length and Transfer-Encoding together
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "]") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n

=== TEST 29: unknown Transfer-Encoding is 501
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n

=== TEST 30: Transfer-Encoding on HTTP/1.0 is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n

=== TEST 31: bad chunk size
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", tostring(ngx.req.get_body_data()), "]") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n

=== TEST 32: control characters in the URI
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a\x01b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 33: space in the URI
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 34: empty request line then a request
--- config
    location / { return 200 "ok\n"; }
--- raw_request
\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 35: obsolete line folding
--- config
    location / { return 200 "x=[$http_x_fold]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Fold: a\r\n b\r\nConnection: close\r\n\r\n

=== TEST 36: header with empty value
--- config
    location / { return 200 "x=[$http_x_empty]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Empty:\r\nConnection: close\r\n\r\n

=== TEST 37: method too long
--- config
    location / { return 200 "ok\n"; }
--- raw_request
ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 38: CONNECT method
--- config
    location / { return 200 "ok\n"; }
--- raw_request
CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n

=== TEST 39: TRACE method is 405
--- config
    location / { return 200 "ok\n"; }
--- raw_request
TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 40: invalid header name characters
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-A\x01B: v\r\nConnection: close\r\n\r\n

=== TEST 41: ignore_invalid_headers off keeps bad names
--- config
    ignore_invalid_headers off;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX@Odd: v\r\nConnection: close\r\n\r\n

=== TEST 42: request line with extra spaces
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET  /x  HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 43: version without minor digit
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 44: lower-case http version is invalid
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / http/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 45: Host with a port only
--- config
    location / { return 200 "host=[$host]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: :80\r\nConnection: close\r\n\r\n

=== TEST 46: empty Host header on HTTP/1.1
--- config
    location / { return 200 "host=[$host]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n
