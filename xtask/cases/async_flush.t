# ngx.flush: return values and errors (the bytes going out early are tested in compiler/tests/async_serve.rs).

=== TEST 1: flush return values
--- config
    location /t { content_by_lua_block {
        local a, b = ngx.flush()
        ngx.say(tostring(a), " ", tostring(b))
        ngx.say(ngx.flush(true))
        ngx.say(ngx.flush(false))
        ngx.say(pcall(ngx.flush, 1))
        ngx.say(pcall(ngx.flush, true, 2))
        ngx.eof()
        ngx.log(ngx.ERR, "after eof: ", tostring(select(2, ngx.flush())))
    } }
--- request
GET /t
--- grep_error_log
after eof: [^,]*

=== TEST 2: flush in a HEAD request
--- config
    location /t { content_by_lua_block {
        ngx.send_headers()
        local a, b = ngx.flush(true)
        ngx.log(ngx.ERR, "head flush: ", tostring(a), " ", tostring(b))
    } }
--- request
HEAD /t
--- grep_error_log
head flush: [^,]*

=== TEST 3: flush on HTTP/1.0
--- config
    location /t { content_by_lua_block {
        ngx.say("a")
        local a, b = ngx.flush(true)
        ngx.say(tostring(a), " ", tostring(b))
    } }
--- request
GET /t HTTP/1.0
