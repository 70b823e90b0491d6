# ngx.exit and ngx.status: before and after headers, in several phases.

=== TEST 1: exit 404 gives the built-in page
--- config
    location /t { content_by_lua_block { ngx.exit(404) } }
--- request
GET /t

=== TEST 2: exit 200 after say
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.exit(200) ngx.say("b") } }
--- request
GET /t

=== TEST 3: exit ngx.OK in content ends the handler
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.exit(ngx.OK) ngx.say("b") } }
--- request
GET /t

=== TEST 4: exit 500
--- config
    location /t { content_by_lua_block { ngx.exit(500) } }
--- request
GET /t

=== TEST 5: exit 503 constant
--- config
    location /t { content_by_lua_block { ngx.exit(ngx.HTTP_SERVICE_UNAVAILABLE) } }
--- request
GET /t

=== TEST 6: exit 204
--- config
    location /t { content_by_lua_block { ngx.exit(204) } }
--- request
GET /t

=== TEST 7: exit ngx.ERROR
--- config
    location /t { content_by_lua_block { ngx.exit(ngx.ERROR) } }
--- request
GET /t

=== TEST 8: exit 302 without location
--- config
    location /t { content_by_lua_block { ngx.exit(302) } }
--- request
GET /t

=== TEST 9: exit 403 after status set
--- config
    location /t { content_by_lua_block { ngx.status = 201 ngx.exit(403) } }
--- request
GET /t

=== TEST 10: status then say
--- config
    location /t { content_by_lua_block { ngx.status = 418 ngx.say("teapot") } }
--- request
GET /t

=== TEST 11: status with unknown code
--- config
    location /t { content_by_lua_block { ngx.status = 599 ngx.say("odd") } }
--- request
GET /t

=== TEST 12: status read default
--- config
    location /t { content_by_lua_block { ngx.say(ngx.status) } }
--- request
GET /t

=== TEST 13: status after headers sent logs an error
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.status = 404 ngx.say(ngx.status) } }
--- request
GET /t
--- grep_error_log
attempt to set ngx.status after sending out response headers

=== TEST 14: exit 404 after headers sent
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.exit(404) } }
--- request
GET /t

=== TEST 15: exit in rewrite phase
--- config
    location /t {
        rewrite_by_lua_block { ngx.exit(401) }
        content_by_lua_block { ngx.say("not reached") }
    }
--- request
GET /t

=== TEST 16: exit ngx.OK in access lets content run
--- config
    location /t {
        access_by_lua_block { ngx.exit(ngx.OK) }
        content_by_lua_block { ngx.say("content ran") }
    }
--- request
GET /t

=== TEST 17: exit 200 in access with output
--- config
    location /t {
        access_by_lua_block { ngx.say("from access") ngx.exit(200) }
        content_by_lua_block { ngx.say("not reached") }
    }
--- request
GET /t

=== TEST 18: exit 201 with status set and no body
--- config
    location /t { content_by_lua_block { ngx.status = 201 ngx.exit(ngx.HTTP_CREATED) } }
--- request
GET /t

=== TEST 19: exit 444 closes the connection
--- config
    location /t { content_by_lua_block { ngx.exit(444) } }
--- request
GET /t

=== TEST 20: exit with HTTP_NOT_FOUND on HEAD
--- config
    location /t { content_by_lua_block { ngx.exit(ngx.HTTP_NOT_FOUND) } }
--- request
HEAD /t

=== TEST 21: exit 501 and 507 pages
--- config
    location /a { content_by_lua_block { ngx.exit(501) } }
--- request
GET /a

=== TEST 22: exit 429
--- config
    location /t { content_by_lua_block { ngx.exit(429) } }
--- request
GET /t

=== TEST 23: return ngx.exit value in content
--- config
    location /t { content_by_lua_block { return ngx.exit(410) } }
--- request
GET /t

=== TEST 24: HTTP status constants
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.HTTP_OK, " ", ngx.HTTP_CREATED, " ", ngx.HTTP_MOVED_PERMANENTLY, " ", ngx.HTTP_MOVED_TEMPORARILY, " ",
                ngx.HTTP_NOT_MODIFIED, " ", ngx.HTTP_BAD_REQUEST, " ", ngx.HTTP_UNAUTHORIZED, " ", ngx.HTTP_FORBIDDEN, " ",
                ngx.HTTP_NOT_FOUND, " ", ngx.HTTP_NOT_ALLOWED, " ", ngx.HTTP_GONE, " ", ngx.HTTP_INTERNAL_SERVER_ERROR, " ",
                ngx.HTTP_BAD_GATEWAY, " ", ngx.HTTP_SERVICE_UNAVAILABLE, " ", ngx.HTTP_GATEWAY_TIMEOUT)
        ngx.say(ngx.OK, " ", ngx.ERROR, " ", ngx.AGAIN, " ", ngx.DONE, " ", ngx.DECLINED)
        ngx.say(ngx.HTTP_GET, " ", ngx.HTTP_HEAD, " ", ngx.HTTP_POST, " ", ngx.HTTP_PUT, " ", ngx.HTTP_DELETE)
    } }
--- request
GET /t

=== TEST 25: log level constants
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.STDERR, ngx.EMERG, ngx.ALERT, ngx.CRIT, ngx.ERR, ngx.WARN, ngx.NOTICE, ngx.INFO, ngx.DEBUG)
    } }
--- request
GET /t

=== TEST 26: exit with an error status after the head is out logs and keeps the status
--- config
    location /t { content_by_lua_block { ngx.say("partial") ngx.flush() ngx.exit(502) } }
--- request
GET /t
--- grep_error_log: \[error\].*

=== TEST 27: exit 499 and 408 close the connection even with buffered output
--- config
    location /a { content_by_lua_block { ngx.say("lost") return ngx.exit(499) } }
    location /b { content_by_lua_block { ngx.say("lost") return ngx.exit(408) } }
--- pipelined_requests
GET /b HTTP/1.0
GET /a HTTP/1.0

=== TEST 28: exit with a code nginx has no page for sends no Content-Type
--- config
    location /t { default_type text/html; content_by_lua_block { ngx.exit(599) } }
--- request
GET /t

=== TEST 29: ngx.status takes what tonumber takes, truncated
--- config
    location /a { content_by_lua_block { ngx.status = " 0x0CA " ngx.say(ngx.status) } }
    location /b { content_by_lua_block { ngx.status = 203.9 ngx.say(ngx.status) } }
--- pipelined_requests
GET /a
GET /b

=== TEST 30: ngx.status with a value tonumber refuses is an error
--- config
    location /t { content_by_lua_block { ngx.status = "two hundred" ngx.say("never") } }
--- request
GET /t
--- grep_error_log: bad argument.*

=== TEST 31: codes outside 100-999 go on the status line as they are
--- config
    location /t { content_by_lua_block { ngx.status = 1234 ngx.say("odd") } }
--- request
GET /t

=== TEST 32: a 1xx status set from Lua still sends the body, unchunked
--- config
    location /t { content_by_lua_block { ngx.status = 150 ngx.say("informational") } }
--- request
GET /t

=== TEST 32b: 101 says Connection: upgrade
--- config
    location /t { content_by_lua_block { ngx.status = 101 ngx.say("upgraded") } }
--- request
GET /t

=== TEST 33: header_filter_by_lua may still change the status
--- config
    location /t {
        content_by_lua_block { ngx.say("body") }
        header_filter_by_lua_block { ngx.status = 410 }
    }
--- request
GET /t

=== TEST 34: ngx.exit takes a number only, as resty.core's FFI call converts it
--- config
    location /a { content_by_lua_block { ngx.exit("403") } }
    location /b { content_by_lua_block { ngx.exit() } }
    location /c { content_by_lua_block { ngx.exit(404.9, "ignored") } }
--- pipelined_requests
GET /a
GET /b
GET /c
--- grep_error_log: bad argument[^,\n]*
