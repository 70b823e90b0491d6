# Connections: keep-alive, pipelining, HEAD, Expect: 100-continue, chunked request bodies,
# keepalive_requests, HTTP/1.0 keep-alive, client_max_body_size.

=== TEST 1: pipelined requests on one connection
--- config
    location / { return 200 "uri=$uri\n"; }
--- pipelined_requests
GET /one
GET /two
GET /three

=== TEST 2: pipelined lua requests
--- config
    location / { content_by_lua_block { ngx.say("lua ", ngx.var.uri) } }
--- pipelined_requests
GET /a
GET /b

=== TEST 3: keep-alive connection stays open
--- config
    location / { return 200 "ok\n"; }
--- request
GET /
--- more_headers
Connection: keep-alive

=== TEST 4: HTTP/1.0 keep-alive
--- config
    location / { return 200 "ok\n"; }
--- request
GET / HTTP/1.0
--- more_headers
Connection: keep-alive

=== TEST 5: HTTP/1.0 closes by default
--- config
    location / { content_by_lua_block { ngx.say("ten") } }
--- raw_request
GET / HTTP/1.0\r\n\r\n

=== TEST 6: keepalive_requests limits the connection
--- config
    keepalive_requests 2;
    location / { return 200 "n=$connection_requests\n"; }
--- pipelined_requests
GET /
GET /
GET /

=== TEST 7: keepalive_timeout 0 disables keep-alive
--- config
    keepalive_timeout 0;
    location / { return 200 "ok\n"; }
--- request
GET /
--- more_headers
Connection: keep-alive

=== TEST 8: keepalive_timeout with a header timeout
--- config
    keepalive_timeout 30 25;
    location / { return 200 "ok\n"; }
--- request
GET /
--- more_headers
Connection: keep-alive

=== TEST 9: HEAD on a lua location
--- config
    location / { content_by_lua_block { ngx.header["X-H"] = "1" ngx.say("body not sent") } }
--- request
HEAD /

=== TEST 10: HEAD on a return
--- config
    location / { return 200 "text\n"; }
--- request
HEAD /

=== TEST 11: HEAD pipelined with GET
--- config
    location / { return 200 "text\n"; }
--- pipelined_requests
HEAD /a
GET /b

=== TEST 12: Expect 100-continue
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("got ", ngx.req.get_body_data()) } }
--- raw_request_parts
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n
hello

=== TEST 13: Expect 100-continue on HTTP/1.0 is ignored
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("got ", ngx.req.get_body_data()) } }
--- raw_request
POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello

=== TEST 14: unknown Expect value
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("got ", ngx.req.get_body_data()) } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nExpect: something-else\r\nConnection: close\r\n\r\nhi

=== TEST 15: chunked request body with extensions and trailers
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "] ", ngx.var.http_transfer_encoding) } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n

=== TEST 16: chunked body in parts
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "]") } }
--- raw_request_parts
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n
3\r\nabc\r\n
4\r\ndefg\r\n0\r\n\r\n

=== TEST 17: empty chunked body
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", tostring(ngx.req.get_body_data()), "]") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n

=== TEST 18: client_max_body_size exceeded is 413
--- config
    client_max_body_size 10;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("read") } }
--- request
POST /
this body is longer than ten bytes

=== TEST 19: client_max_body_size on a return location
--- config
    client_max_body_size 10;
    location / { return 200 "returned\n"; }
--- request
POST /
this body is longer than ten bytes

=== TEST 20: client_max_body_size 0 disables the check
--- config
    client_max_body_size 0;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say(#ngx.req.get_body_data()) } }
--- request
POST /
this body is longer than ten bytes

=== TEST 21: client_max_body_size with chunked body
--- config
    client_max_body_size 4;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("read") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n12345678\r\n0\r\n\r\n

=== TEST 22: client_max_body_size equal to the body
--- config
    client_max_body_size 5;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say(ngx.req.get_body_data()) } }
--- request
POST /
12345

=== TEST 23: 413 with Expect 100-continue
--- config
    client_max_body_size 3;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("read") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n
--- free
framing: nginx lingers after the 413, waiting for the body that never comes; when it closes is timing

=== TEST 24: body on GET is read
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", tostring(ngx.req.get_body_data()), "]") } }
--- request
GET /
get body

=== TEST 25: keep-alive after a request with an unread body
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
POST /a HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 26: pipelined with a 404 in between
--- config
    location /ok { return 200 "ok\n"; }
--- pipelined_requests
GET /ok
GET /missing
GET /ok

=== TEST 27: Connection close on a middle request
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\n\r\n

=== TEST 28: lua response with Content-Length on keep-alive
--- config
    location / { content_by_lua_block { local s = "fixed" ngx.header.content_length = #s ngx.print(s) } }
--- pipelined_requests
GET /1
GET /2

=== TEST 29: large lua body
--- config
    location / { content_by_lua_block { ngx.print(string.rep("0123456789", 20000)) } }
--- request
GET /

=== TEST 30: large lua body over many flushes
--- config
    location / { content_by_lua_block { for i = 1, 50 do ngx.print(string.rep("x", 1000)) ngx.flush(true) end } }
--- request
GET /

=== TEST 31: lingering request body after 413 on keep-alive
--- config
    client_max_body_size 2;
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("read") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 32: Expect 100-continue with the body sent along with the header
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("got ", ngx.req.get_body_data()) } }
--- request
POST /
hello
--- more_headers
Expect: 100-Continue
