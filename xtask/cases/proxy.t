# proxy_pass (ngx_http_proxy_module) against backends of the same config ($PORT2, $PORT3).

=== TEST 1: no URI part: the client's URI as sent, args and escapes included
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /a/ { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /a/b%20c/../d?x=1&y=%41

=== TEST 2: a URI part replaces the location prefix
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /api/ { proxy_pass http://127.0.0.1:$PORT2/v1/; }
--- pipelined_requests
GET /api/users?id=3
GET /api/a%20b/%3F?q
GET /api/

=== TEST 3: a URI part in an exact location and without a trailing slash
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location = /one { proxy_pass http://127.0.0.1:$PORT2/other; }
    location /pre { proxy_pass http://127.0.0.1:$PORT2/x; }
--- pipelined_requests
GET /one?a=b
GET /prefix/y

=== TEST 4: rewrite break sends the whole rewritten URI
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /api/ {
        rewrite ^/api/(.*)$ /new/$1 break;
        proxy_pass http://127.0.0.1:$PORT2/v1/;
    }
--- request
GET /api/x%20y?k=v

=== TEST 5: rewrite last to a proxied location without URI part sends $uri?$args
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /old/ { rewrite ^/old/(.*)$ /new/$1?extra=1 last; }
    location /new/ { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /old/p%20q?a=1

=== TEST 6: default upstream head: HTTP/1.0, Host $proxy_host, Connection close, client headers
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /h
--- more_headers
User-Agent: test/1
X-Foo: a
X-Foo: b
Keep-Alive: 300
TE: trailers
Expect: nothing
Upgrade: websocket

=== TEST 7: proxy_set_header with variables; an empty value removes the header
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / {
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Accept-Encoding "";
        proxy_set_header X-Empty $arg_none;
        proxy_set_header X-Proxy "$proxy_host|$proxy_port";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /s
--- more_headers
Accept-Encoding: gzip
X-Forwarded-For: 10.0.0.1

=== TEST 8: proxy_set_header is inherited only by levels without their own
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    proxy_set_header X-Server 1;
    location /a { proxy_pass http://127.0.0.1:$PORT2; }
    location /b { proxy_set_header X-Loc 2; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /a
GET /b

=== TEST 9: proxy_http_version 1.1 with Connection cleared
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / {
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /v

=== TEST 10: a POST body is passed with its length
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
POST /p
hello=world

=== TEST 11: a chunked request body goes upstream with a Content-Length
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
POST /c
--- chunked_body
abc
defgh

=== TEST 12: proxy_pass_request_body off and proxy_pass_request_headers off
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /nb { proxy_pass_request_body off; proxy_set_header Content-Length ""; proxy_pass http://127.0.0.1:$PORT2; }
    location /nh { proxy_pass_request_headers off; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
POST /nb
POST /nh
--- request_body
data
--- more_headers
X-Client: yes

=== TEST 13: proxy_method and proxy_set_body
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / {
        proxy_method PUT;
        proxy_set_body "a=$arg_a&m=$request_method";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /m?a=7

=== TEST 14: response status and headers pass through; Server, Date and X-Accel-* are hidden
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.status = 201
        ngx.header["X-One"] = "1"
        ngx.header["X-Multi"] = {"a", "b"}
        ngx.header["X-Accel-Expires"] = "10"
        ngx.header["X-Pad"] = "p"
        ngx.header.server = "backend/9"
        ngx.header.content_type = "application/json"
        ngx.header["Set-Cookie"] = "k=v; Path=/"
        ngx.say('{"ok":true}')
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /r

=== TEST 15: an unknown status and its reason phrase pass through
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.status = 299 ngx.say("odd") } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /odd

=== TEST 16: proxy_hide_header and proxy_pass_header
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.header["X-Secret"] = "s"
        ngx.header["X-Keep"] = "k"
        ngx.header.server = "backend/9"
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_hide_header X-Secret;
        proxy_pass_header Server;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /hide

=== TEST 17: proxy_redirect default rewrites Location and Refresh
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.header["Refresh"] = "5; url=http://127.0.0.1:$PORT2/v1/r"
        ngx.redirect("http://127.0.0.1:$PORT2/v1/next?x=1")
    } } }
--- config
    location /api/ { proxy_pass http://127.0.0.1:$PORT2/v1/; }
--- request
GET /api/go

=== TEST 18: proxy_redirect default without URI part, relative Location untouched
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /abs { content_by_lua_block { ngx.redirect("http://127.0.0.1:$PORT2/there") } }
        location /rel { content_by_lua_block { ngx.header.location = "/relative"; ngx.exit(302) } }
        location /other { content_by_lua_block { ngx.redirect("http://example.com/x") } }
    }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /abs
GET /rel
GET /other

=== TEST 19: proxy_redirect with explicit rules and off
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.redirect("http://internal.example/app/page") } } }
--- config
    location /a { proxy_redirect http://internal.example/app/ /front/; proxy_pass http://127.0.0.1:$PORT2; }
    location /b { proxy_redirect http://internal.example/ http://$host:1234/; proxy_pass http://127.0.0.1:$PORT2; }
    location /c { proxy_redirect off; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /a
GET /b
GET /c

=== TEST 20: a chunked upstream response (HTTP/1.1 upstream) to HTTP/1.1 and HTTP/1.0 clients
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("first")
        ngx.flush(true)
        ngx.say("second")
        ngx.flush(true)
        ngx.print(string.rep("z", 3000))
    } } }
--- config
    location / { proxy_http_version 1.1; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /c
GET /c HTTP/1.0

=== TEST 21: a close-delimited upstream response (HTTP/1.0 upstream)
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("first")
        ngx.flush(true)
        ngx.say("second")
        ngx.flush(true)
        ngx.print(string.rep("z", 3000))
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /c

=== TEST 22: a large body is streamed
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        for i = 1, 40 do ngx.print(string.rep(string.char(64 + i % 26), 10000)) end
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /big

=== TEST 23: a large body with Content-Length
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.header.content_length = 300000
        ngx.print(string.rep("0123456789", 30000))
    } } }
--- config
    location / { proxy_buffering off; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /big

=== TEST 24: HEAD, 204 and 304 have no body
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /h { content_by_lua_block { ngx.header.content_length = 5; ngx.say("body") } }
        location /n { return 204; }
        location /m { return 304; }
    }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
HEAD /h
GET /n
GET /m

=== TEST 25: upstream round-robin
--- http_config
    upstream pool { server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block {
        ngx.say("three ", ngx.var.request_uri)
    } } }
--- config
    location / { proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2
GET /3
GET /4

=== TEST 26: upstream weights
--- http_config
    upstream pool { server 127.0.0.1:$PORT2 weight=3; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block {
        ngx.say("three ", ngx.var.request_uri)
    } } }
--- config
    location / { proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2
GET /3
GET /4
GET /5

=== TEST 27: failover to the next server on connection refused, with $upstream_addr and $upstream_status
--- http_config
    upstream pool { server 127.0.0.1:1; server 127.0.0.1:$PORT2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
--- config
    location / {
        add_header X-Addr $upstream_addr;
        add_header X-Status $upstream_status;
        proxy_pass http://pool;
    }
--- pipelined_requests
GET /1
GET /2
GET /3
--- grep_error_log
(connect\(\) failed|upstream server temporarily disabled).*

=== TEST 28: backup and down servers
--- http_config
    upstream pool { server 127.0.0.1:$PORT2 down; server 127.0.0.1:1; server 127.0.0.1:$PORT3 backup; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block {
        ngx.say("three ", ngx.var.request_uri)
    } } }
--- config
    location / { add_header X-Addr $upstream_addr; proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2

=== TEST 29: connection refused is a 502 with nginx's log line
--- config
    location / { proxy_pass http://127.0.0.1:1/x; }
--- request
GET /t?a=1
--- grep_error_log
.*connect\(\) failed.*

=== TEST 30: all servers refused: 502 and the error page
--- http_config
    upstream dead { server 127.0.0.1:1; server 127.0.0.2:1; }
--- config
    error_page 502 /oops;
    location = /oops { return 200 "sorry $upstream_status\n"; }
    location / { proxy_pass http://dead; }
--- pipelined_requests
GET /a
GET /b
--- grep_error_log
(connect\(\) failed|no live upstreams)[^,]*

=== TEST 31: proxy_read_timeout: 504 with nginx's log line
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(1) ngx.say("late") } } }
--- config
    location / { proxy_read_timeout 200ms; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /slow
--- grep_error_log
.*upstream timed out.*
--- wait
1

=== TEST 32: a read timeout in the body cuts the response short
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.header.content_length = 10
        ngx.print("12345")
        ngx.flush(true)
        ngx.sleep(1)
        ngx.print("67890")
    } } }
--- config
    location / { proxy_read_timeout 300ms; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /slowbody
--- grep_error_log
upstream timed out[^,]*
--- wait
1

=== TEST 33: an invalid upstream header is a 502
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /bad
--- grep_error_log
upstream sent[^,]*

=== TEST 34: a too big upstream header is a 502
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /big
--- grep_error_log
upstream sent[^,]*

=== TEST 35: raw upstream answers: HTTP/0.9, a reason phrase, bad lengths
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /ok
GET /lm
GET /cl
GET /h09
--- grep_error_log
upstream (sent|prematurely)[^,]*

=== TEST 36: a bad chunked body and a short body are cut short
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /chunk
--- grep_error_log
upstream (sent|prematurely)[^,]*

=== TEST 37: a body shorter than its Content-Length is cut short
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /short
--- grep_error_log
upstream (sent|prematurely)[^,]*

=== TEST 38: proxy_intercept_errors with error_page
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /nf { return 404 "backend 404"; }
        location /gone { return 410 "backend 410"; }
    }
--- config
    proxy_intercept_errors on;
    error_page 404 /local404;
    location = /local404 { return 200 "local page for $uri\n"; }
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /nf
GET /gone

=== TEST 39: header_filter_by_lua and body_filter_by_lua on a proxied response
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.header["X-B"] = "b"; ngx.say("hello proxy") } } }
--- config
    location / {
        header_filter_by_lua_block {
            ngx.header["X-Seen"] = ngx.header["X-B"] .. "|" .. ngx.status .. "|" .. ngx.var.upstream_status
            ngx.header.content_length = nil
        }
        body_filter_by_lua_block { ngx.arg[1] = string.upper(ngx.arg[1] or "") }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /f

=== TEST 40: rewrite_by_lua and access_by_lua run before the proxy
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / {
        rewrite_by_lua_block { ngx.req.set_header("X-Rewrite", "r") }
        access_by_lua_block {
            ngx.req.set_header("X-Access", "a")
            ngx.req.clear_header("X-Drop")
            if ngx.var.arg_deny then ngx.exit(403) end
        }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- pipelined_requests
GET /ra?x=1
GET /ra?deny=1
--- more_headers
X-Drop: me

=== TEST 41: ngx.req.set_uri and set_uri_args before a proxy without URI part
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /api/ {
        rewrite_by_lua_block { ngx.req.set_uri("/changed/x y"); ngx.req.set_uri_args({a = "1"}) }
        proxy_pass http://127.0.0.1:$PORT2/v1/;
    }
    location /plain/ {
        rewrite_by_lua_block { ngx.req.set_uri_args("b=2") }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- pipelined_requests
GET /api/orig
GET /plain/orig?z=9

=== TEST 42: ngx.location.capture of a proxy_pass location
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.req.read_body()
        ngx.header["X-Back"] = "1"
        ngx.say(ngx.req.get_method(), " ", ngx.var.request_uri, " ", ngx.req.get_body_data())
    } } }
--- config
    location /backend/ { internal; proxy_pass http://127.0.0.1:$PORT2/; }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/backend/q", { args = { k = "v w" } })
        ngx.say(res.status, " ", res.header["X-Back"], " ", res.body)
        local a, b = ngx.location.capture_multi({
            { "/backend/one", { method = ngx.HTTP_POST, body = "B1" } },
            { "/backend/two" },
        })
        ngx.print(a.status, " ", a.body, b.status, " ", b.body)
    } }
--- request
GET /t

=== TEST 43: log_by_lua sees the upstream variables
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
--- config
    location / {
        log_by_lua_block { ngx.log(ngx.WARN, "up: ", ngx.var.upstream_addr:match("^127%.0%.0%.1:%d+$") ~= nil, " ", ngx.var.proxy_host, " ", ngx.var.upstream_status, " ", ngx.var.upstream_response_time:match("^%d+%.%d%d%d$") ~= nil) }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /l
--- grep_error_log
up: [^,]*

=== TEST 44: proxy_pass with variables
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
    upstream named { server 127.0.0.1:$PORT2; }
--- config
    location /v1/ { set $b "127.0.0.1:$PORT2"; proxy_pass http://$b; }
    location /v2/ { set $b "127.0.0.1:$PORT2"; proxy_pass http://$b/fixed$is_args$args; }
    location /v3/ { set $u named; proxy_pass http://$u; }
    location /v4/ { proxy_pass http://unknown.invalid$request_uri; }
--- pipelined_requests
GET /v1/a%20b?x=1
GET /v2/a?y=2
GET /v3/c
GET /v4/d
--- grep_error_log
no resolver[^,]*

=== TEST 45: proxy_next_upstream http_500
--- http_config
    upstream pool { server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { return 500 "a failed"; } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block {
        ngx.say("three ", ngx.var.request_uri)
    } } }
--- config
    location /retry { proxy_next_upstream error timeout http_500; add_header X-S $upstream_status; proxy_pass http://pool; }
    location /plain { add_header X-S $upstream_status always; proxy_pass http://pool; }
--- pipelined_requests
GET /retry
GET /plain
GET /plain

=== TEST 46: upstream keepalive reuses connections
--- http_config
    upstream pool { server 127.0.0.1:$PORT2; keepalive 4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("requests on this connection: ", ngx.var.connection_requests)
    } } }
--- config
    location /ka { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://pool; }
    location /close { proxy_pass http://pool; }
--- pipelined_requests
GET /ka
GET /ka
GET /ka
GET /close
GET /close

=== TEST 47: $upstream_http_ variables and $proxy_host
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.header["X-Up-Thing"] = "thing"; ngx.say("ok") } } }
--- config
    location / {
        add_header X-Got "$upstream_http_x_up_thing";
        add_header X-Host "$proxy_host";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /uv

=== TEST 48: the same client header twice, Cookie, and a Host with a port
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /dup
--- more_headers
Host: example.com:8080
Cookie: a=1
Cookie: b=2
X-Dup: 1
X-Dup: 2

=== TEST 49: a proxied prefix location redirects its name without the slash
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /app/ { proxy_pass http://127.0.0.1:$PORT2; }
    location /exact/ { proxy_pass http://127.0.0.1:$PORT2; }
    location = /exact { return 200 "exact wins\n"; }
    location /static/ { root html; }
--- pipelined_requests
GET /app?x=1
GET /exact
GET /static

=== TEST 50: X-Accel-Redirect is an internal redirect, unless ignored
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /file { content_by_lua_block { ngx.header["X-Accel-Redirect"] = "/protected/f.txt?k=1"; ngx.say("not this") } }
        location /named { content_by_lua_block { ngx.header["X-Accel-Redirect"] = "@fallback"; ngx.say("not this") } }
    }
--- config
    location /protected/ { internal; return 200 "internal $request_method $uri $args\n"; }
    location @fallback { return 200 "named $request_method\n"; }
    location /ign/ { proxy_ignore_headers X-Accel-Redirect; proxy_pass http://127.0.0.1:$PORT2/; }
    location / { proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
POST /file
GET /named
GET /ign/file

=== TEST 51: raw upstream heads: hop-by-hop headers, LF-only lines, length and chunked together
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /bad { return 200 "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\nbody"; }
        location /big { set $big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; return 200 "HTTP/1.1 200 OK\r\nX-Big: $big\r\n\r\nbody"; }
        location /h09 { return 200 "no status line here\n"; }
        location /cl { return 200 "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\nbody"; }
        location /chunk { return 200 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n"; }
        location /short { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"; }
        location /ok { return 200 "HTTP/1.0 203 Fine Thanks\r\nX-Raw: yes\r\n\r\nraw body"; }
        location /both { return 200 "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"; }
        location /hop { return 200 "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"; }
        location /lf { return 200 "HTTP/1.1 200 OK\nX-Lf: 1\nContent-Length: 4\n\nbody"; }
        location /lm { return 200 "HTTP/1.1 404 Not Found\r\nLast-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\nContent-Length: 2\r\n\r\nnf"; }
    }
--- config
    # An HTTP/0.9 request line makes the backend answer with the bare body: raw upstream bytes.
    location / { proxy_method "GET $uri\r\n"; proxy_buffer_size 128; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /hop
GET /lf
GET /both
--- grep_error_log
upstream (sent|prematurely)[^,]*

=== TEST 52: an upstream block after the server that uses it
--- config
    location / { proxy_pass http://later; }
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
    upstream later { server 127.0.0.1:$PORT2; }
--- request
GET /later

=== TEST 53: proxy_pass inside if
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
--- config
    location / {
        root html;
        if ($arg_p) { proxy_pass http://127.0.0.1:$PORT2; }
    }
--- user_files
>>> html/index.html
static
--- pipelined_requests
GET /?p=1
GET /

=== TEST 54: proxy_next_upstream off does not retry
--- http_config
    upstream pool { server 127.0.0.1:1; server 127.0.0.1:$PORT2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
--- config
    location / { proxy_next_upstream off; add_header X-A $upstream_addr always; proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2
--- grep_error_log
connect\(\) failed[^,]*

=== TEST 55: a capture of a proxied location whose upstream is down
--- config
    location /down { proxy_pass http://127.0.0.1:1; }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/down")
        ngx.say(res.status, " [", res.body, "] ", tostring(res.truncated))
    } }
--- request
GET /t
--- grep_error_log
connect\(\) failed.*

=== TEST 56: a 101 Switching Protocols answer is passed and the connection relayed until the upstream closes
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.status = 101; ngx.send_headers(); ngx.flush(true) } } }
--- config
    location / {
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_read_timeout 300ms;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /ws
--- more_headers
Upgrade: websocket
--- timeout
2

=== TEST 57: proxy_next_upstream comes before proxy_intercept_errors
--- http_config
    upstream pool { server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { return 500 "a failed"; } }
    server { listen 127.0.0.1:$PORT3; location / { return 401 "b says no"; } }
--- config
    proxy_intercept_errors on;
    error_page 500 401 /err;
    location = /err { return 200 "error page after $upstream_status\n"; }
    location / { proxy_next_upstream error http_500; proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2

=== TEST 58: Lua changes the method and the body before the proxy
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location / {
        access_by_lua_block {
            ngx.req.read_body()
            ngx.req.set_method(ngx.HTTP_PUT)
            ngx.req.set_body_data("replaced body")
        }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
POST /lua
original

=== TEST 59: a host name is resolved at start
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
    upstream byname { server localhost:$PORT2; }
--- config
    location /a { proxy_pass http://localhost:$PORT2; }
    location /b { proxy_pass http://byname; }
--- pipelined_requests
GET /a
GET /b

=== TEST 60: a 101 to a request without Upgrade is an ordinary answer
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.status = 101; ngx.send_headers(); ngx.flush(true) } } }
--- config
    location / { proxy_http_version 1.1; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /noup
--- grep_error_log
upstream sent[^,]*
--- timeout
2

=== TEST 61: $upstream_connect_time, $upstream_header_time, $upstream_response_length of each try
--- http_config
    upstream pool { server 127.0.0.1:1; server 127.0.0.1:$PORT2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.say("two ", ngx.var.request_uri)
    } } }
--- config
    location / {
        log_by_lua_block {
            local function shape(v) return (v:gsub("%d+%.%d%d%d", "T")) end
            ngx.log(ngx.WARN, "times: ", shape(ngx.var.upstream_connect_time), " | ", shape(ngx.var.upstream_header_time),
                " | ", shape(ngx.var.upstream_response_time), " | ", ngx.var.upstream_response_length)
        }
        proxy_pass http://pool;
    }
--- request
GET /times
--- grep_error_log
times: .*? while logging request

=== TEST 62: URI forms: double slashes, plus, semicolons, raw bytes, absolute-form requests
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /raw/ { proxy_pass http://127.0.0.1:$PORT2; }
    location /sub/ { proxy_pass http://127.0.0.1:$PORT2/x/; }
--- pipelined_requests
GET /raw//a/./b;c=1+2?q=a+b&r=%2F
GET /sub//a/./b;c=1+2?q=a+b&r=%2F
GET /sub/%C3%A9t%C3%A9?x
GET http://localhost/sub/abs?y=1

=== TEST 63: a raw UTF-8 path and a quoted one
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location /sub/ { proxy_pass http://127.0.0.1:$PORT2/x/; }
--- raw_request
GET /sub/caf\xc3\xa9 HTTP/1.0\r\nHost: localhost\r\n\r\n

=== TEST 64: a regex location passes captures in a URL with variables
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.req.read_body()
        local b = ngx.req.get_body_data()
        if b then ngx.say("body: [", b, "]") end
    } } }
--- config
    location ~ ^/u/(?<rest>.*)$ { proxy_pass http://127.0.0.1:$PORT2/v/$rest$is_args$args; }
    location ~ ^/w/ { proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /u/a/b?z=1
GET /u/c%2Fd
GET /w/e%41?k

=== TEST 100: a body whose Content-Length Lua cleared does not go upstream
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.clear_header("Content-Length") }
        proxy_pass http://127.0.0.1:$PORT/back;
    }
    location /back {
        content_by_lua_block { ngx.req.read_body() ngx.say("cl=", tostring(ngx.var.http_content_length), " body=", tostring(ngx.req.get_body_data())) }
    }
--- request
POST /t
some body

=== TEST 101: X-Accel-Redirect keeps the upstream's Set-Cookie, Content-Disposition, Cache-Control, Expires, Accept-Ranges
--- http_config
    server { listen 127.0.0.1:$PORT2;
        location /file { content_by_lua_block {
            ngx.header["X-Accel-Redirect"] = "/protected/f.txt"
            ngx.header["Set-Cookie"] = {"a=1; Domain=backend.local; Path=/", "b=2"}
            ngx.header["Content-Disposition"] = "attachment; filename=f.txt"
            ngx.header["Cache-Control"] = "private, max-age=60"
            ngx.header["Expires"] = "Thu, 01 Jan 2037 00:00:00 GMT"
            ngx.header["Accept-Ranges"] = "none"
            ngx.header["X-Other"] = "dropped"
            ngx.say("not this")
        } }
        location /static { content_by_lua_block {
            ngx.header["X-Accel-Redirect"] = "/files/s.txt"
            ngx.header["Set-Cookie"] = "c=3"
            ngx.header["Cache-Control"] = "no-cache"
            ngx.say("not this")
        } }
    }
--- user_files
>>> html/files/s.txt
static file
--- config
    location /protected/ { internal; return 200 "internal $uri\n"; }
    location /files/ { internal; }
    location / { proxy_cookie_domain backend.local example.com; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /file
GET /static

=== TEST 67: proxy_pass_header Date passes the upstream's Date in its place, nginx adds none
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.header["X-A"] = "1"
        ngx.header.Date = "Thu, 01 Jan 2015 00:00:00 GMT"
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_pass_header Date;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /d
