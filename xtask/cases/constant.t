# Locations whose whole answer is settled at build time (a native content handler that only says
# literals, nothing else in any phase): a built server answers repeated requests from the bytes
# of its first answer (runtime/src/constant.rs). Run against built binaries too:
# `cargo xtask diff --target build --combined --filter '^constant/'` (part of `cargo xtask test`).

=== TEST 1: repeated requests on one connection
--- config
    location /c { content_by_lua_block { ngx.say("constant") } }
--- pipelined_requests
GET /c
GET /c
GET /c

=== TEST 2: GET and HEAD alternate
--- config
    location /c { content_by_lua_block { ngx.say("constant") } }
--- pipelined_requests
GET /c
HEAD /c
GET /c
HEAD /c
GET /c

=== TEST 3: the extension decides the Content-Type
--- config
    location /c { content_by_lua_block { ngx.print("typed") } }
--- pipelined_requests
GET /c/a.html
GET /c/a.json
GET /c/a
GET /c/a.html
GET /c/A.HTML
GET /c/a.
GET /c/a.json

=== TEST 4: keepalive_requests ends the connection
--- config
    keepalive_requests 3;
    location /c { content_by_lua_block { ngx.say("counted") } }
--- pipelined_requests
GET /c
GET /c
GET /c
GET /c

=== TEST 5: conditional headers are answered by nginx's filters
--- config
    location /c { content_by_lua_block { ngx.say("conditional") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-Match: "x"\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: "x"\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 6: a range request after a plain one
--- config
    location /c { content_by_lua_block { ngx.say("0123456789") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\nIf-Range: "x"\r\nConnection: close\r\n\r\n

=== TEST 7: HTTP/1.0 with and without keep-alive
--- config
    location /c { content_by_lua_block { ngx.say("ten") } }
--- raw_request
GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /c HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.0\r\n\r\n

=== TEST 8: HTTP/1.0 without lua_http10_buffering
--- config
    lua_http10_buffering off;
    location /c { content_by_lua_block { ngx.say("unbuffered") } }
--- raw_request
GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n

=== TEST 9: a request with a body in between
--- config
    location /c { content_by_lua_block { ngx.say("bodies") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /c HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 10: other methods
--- config
    location /c { content_by_lua_block { ngx.say("methods") } }
--- pipelined_requests
GET /c
PUT /c
DELETE /c
OPTIONS /c
GET /c

=== TEST 11: constant add_header, charset and default_type
--- config
    location /c {
        default_type text/html;
        charset utf-8;
        add_header X-Const "yes";
        add_header X-Always "too" always;
        content_by_lua_block { ngx.say("<p>decorated</p>") }
    }
--- pipelined_requests
GET /c
GET /c
HEAD /c

=== TEST 12: add_header with a variable
--- config
    location /c {
        add_header X-Uri $uri;
        content_by_lua_block { ngx.say("varied") }
    }
--- pipelined_requests
GET /c/one
GET /c/two
GET /c/three

=== TEST 13: Connection header spellings
--- config
    location /c { content_by_lua_block { ngx.say("spelled") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\nConnection: Keep-Alive\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nConnection: upgrade, CLOSE\r\n\r\n

=== TEST 14: keepalive_timeout 0
--- config
    keepalive_timeout 0;
    location /c { content_by_lua_block { ngx.say("once") } }
--- pipelined_requests
GET /c
GET /c

=== TEST 15: keepalive_timeout with a header timeout
--- config
    keepalive_timeout 30 25;
    location /c { content_by_lua_block { ngx.say("timed") } }
--- pipelined_requests
GET /c
GET /c
GET /c

=== TEST 16: server rewrite before a constant location
--- config
    rewrite ^/old$ /c;
    location /c { content_by_lua_block { ngx.say("rewritten") } }
--- pipelined_requests
GET /c
GET /old
GET /c
GET /old

=== TEST 17: an expires header changes with the clock
--- config
    location /c {
        expires 1h;
        content_by_lua_block { ngx.say("expiring") }
    }
--- pipelined_requests
GET /c
GET /c
--- free
header expires: the clock

=== TEST 18: absolute URIs and hosts
--- config
    location /c { content_by_lua_block { ngx.say("hosted") } }
--- raw_request
GET http://localhost/c HTTP/1.1\r\nHost: other\r\n\r\nGET /c HTTP/1.1\r\nHost: LOCALHOST.\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost:80\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 19: an invalid header line is logged each time
--- config
    location /c { content_by_lua_block { ngx.say("noted") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nBad_Header: x\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nBad_Header: y\r\nConnection: close\r\n\r\n
--- grep_error_log
client sent invalid header line.*

=== TEST 20: HTTP/0.9 after HTTP/1.1
--- config
    location /c { content_by_lua_block { ngx.say("old") } }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c\r\n

=== TEST 21: a trailing slash and the auto redirect
--- config
    location /c/ { content_by_lua_block { ngx.say("slashed") } }
--- pipelined_requests
GET /c/
GET /c/x
GET /c/
GET /c

=== TEST 22: several say calls, nil and booleans
--- config
    location /c {
        content_by_lua_block {
            ngx.say("a", 1, 2.5, nil, true)
            ngx.print("b", false)
            ngx.say()
            return
        }
    }
--- pipelined_requests
GET /c
GET /c
HEAD /c

=== TEST 23: a large constant body
--- config
    location /c { content_by_lua_block { ngx.say(string.rep("x", 10)) ngx.say("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789") } }
--- pipelined_requests
GET /c
GET /c

=== TEST 24: internal location
--- config
    location /c { internal; content_by_lua_block { ngx.say("hidden") } }
--- pipelined_requests
GET /c
GET /c

=== TEST 25: return with a literal text
--- config
    location /c { return 200 "ok\n"; }
--- pipelined_requests
GET /c
GET /c
HEAD /c
GET /c/a.html
GET /c/a.html
GET /c

=== TEST 26: return with a literal text, headers and HTTP/1.0
--- config
    location /c {
        add_header X-Health yes;
        default_type application/json;
        return 200 '{"status":"up"}';
    }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\n\r\nGET /c HTTP/1.0\r\n\r\n

=== TEST 27: return in a location whose content handler would say otherwise
--- config
    location /c {
        return 200 "returned";
        content_by_lua_block { ngx.say("content") }
    }
--- pipelined_requests
GET /c
GET /c
GET /c

=== TEST 28: return of another code, and a redirect
--- config
    location /gone { return 410 "gone"; }
    location /moved { return 302 /elsewhere; }
    location /text { return 302 "text"; }
--- pipelined_requests
GET /gone
GET /gone
GET /moved
GET /moved
GET /text
GET /text

=== TEST 29: return with a variable is not settled
--- config
    location /c { return 200 "uri=$uri args=$args"; }
--- pipelined_requests
GET /c?a=1
GET /c/x?b=2
GET /c?a=1

=== TEST 30: a return whose server rewrites first
--- config
    rewrite ^/old(.*)$ /c$1;
    location /c { return 200 "c\n"; }
--- pipelined_requests
GET /c
GET /old
GET /c
GET /old
