# ngx.say / ngx.print / ngx.flush / ngx.eof: values, flattening, errors, framing.

=== TEST 1: say with numbers
--- config
    location /t { content_by_lua_block { ngx.say(1, 2.5, "x") } }
--- request
GET /t

=== TEST 2: say nested tables
--- config
    location /t { content_by_lua_block { ngx.say({"a", {"b", 3}, "c"}) } }
--- request
GET /t

=== TEST 3: say nil
--- config
    location /t { content_by_lua_block { ngx.say(nil) } }
--- request
GET /t

=== TEST 4: say booleans and ngx.null
--- config
    location /t { content_by_lua_block { ngx.say(true, " ", false, " ", ngx.null) } }
--- request
GET /t

=== TEST 5: say a hash table is an error
--- config
    location /t { content_by_lua_block { ngx.say({a = 1}) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: print without newline
--- config
    location /t { content_by_lua_block { ngx.print("a", "b") ngx.print(1) } }
--- request
GET /t

=== TEST 7: say with no arguments prints a newline
--- config
    location /t { content_by_lua_block { ngx.say() ngx.say() } }
--- request
GET /t

=== TEST 8: print empty string
--- config
    location /t { content_by_lua_block { ngx.print("") } }
--- request
GET /t

=== TEST 9: say returns 1
--- config
    location /t { content_by_lua_block { local ok, err = ngx.say("x") ngx.say(ok, " ", tostring(err)) } }
--- request
GET /t

=== TEST 10: say large integer and float formatting
--- config
    location /t { content_by_lua_block { ngx.say(1e15, " ", 1e16, " ", 0.1, " ", -0, " ", 1/3, " ", 2^53) } }
--- request
GET /t

=== TEST 11: say inf and nan
--- config
    location /t { content_by_lua_block { ngx.say(math.huge, " ", -math.huge) } }
--- request
GET /t

=== TEST 12: many calls are one chunked body
--- config
    location /t { content_by_lua_block { for i = 1, 100 do ngx.say(i) end } }
--- request
GET /t

=== TEST 13: flush then more output
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.flush(true) ngx.say("b") } }
--- request
GET /t

=== TEST 14: eof stops the body
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.eof() ngx.say("b") } }
--- request
GET /t

=== TEST 15: say on HTTP/1.0 is close delimited
--- config
    location /t { content_by_lua_block { ngx.say("hello") } }
--- request
GET /t HTTP/1.0

=== TEST 16: say on HEAD sends no body
--- config
    location /t { content_by_lua_block { ngx.say("hello") } }
--- request
HEAD /t

=== TEST 17: binary bytes
--- config
    location /t { content_by_lua_block { ngx.print("\0\1\2\255\r\n") } }
--- request
GET /t

=== TEST 18: say with content length set by header
--- config
    location /t { content_by_lua_block { ngx.header.content_length = 6 ngx.say("hello") } }
--- request
GET /t

=== TEST 19: no output at all
--- config
    location /t { content_by_lua_block { local x = 1 } }
--- request
GET /t

=== TEST 20: print a table with numbers and nested empty table
--- config
    location /t { content_by_lua_block { ngx.print({1, {}, {"x"}, 2}) } }
--- request
GET /t

=== TEST 21: ngx.send_headers then say
--- config
    location /t { content_by_lua_block { ngx.status = 201 ngx.send_headers() ngx.say("sent: ", tostring(ngx.headers_sent)) } }
--- request
GET /t

=== TEST 22: headers_sent before and after output
--- config
    location /t { content_by_lua_block { local a = ngx.headers_sent ngx.say("x") ngx.say(tostring(a), " ", tostring(ngx.headers_sent)) } }
--- request
GET /t

=== TEST 23: default_type applies to lua output
--- config
    default_type application/json;
    location /t { content_by_lua_block { ngx.say("{}") } }
--- request
GET /t

=== TEST 24: say a string with embedded newlines
--- config
    location /t { content_by_lua_block { ngx.say("a\nb\n") } }
--- request
GET /t

=== TEST 90: output calls on HEAD answer header only once the head is out
--- config
    location /t { content_by_lua_block {
        local ok, err = ngx.say("first")
        ngx.log(ngx.WARN, "say 1: ", tostring(ok), " ", tostring(err))
        ok, err = ngx.print("second")
        ngx.log(ngx.WARN, "say 2: ", tostring(ok), " ", tostring(err))
        ok, err = ngx.flush()
        ngx.log(ngx.WARN, "flush: ", tostring(ok), " ", tostring(err))
    } }
--- request
HEAD /t
--- grep_error_log: (say \d|flush): [^,]*

=== TEST 91: a second ngx.eof answers seen eof
--- config
    location /t { content_by_lua_block {
        ngx.say("done")
        ngx.eof()
        local ok, err = ngx.eof()
        ngx.log(ngx.WARN, "eof again: ", tostring(ok), " ", tostring(err))
    } }
--- request
GET /t
--- grep_error_log: eof again: [^,]*

=== TEST 92: bad ngx.say arguments are named as the caller named the function
--- config
    location /t { content_by_lua_block {
        local say = ngx.say
        ngx.say(select(2, pcall(say, {x = 1})))
        ngx.say(select(2, pcall(function() say("a", print) end)))
    } }
--- request
GET /t

=== TEST 93: array tables print up to their largest key, holes as nil
--- config
    location /t { content_by_lua_block {
        local t = {"a", nil, "c"}
        t[6] = "f"
        ngx.say(t)
        ngx.say({{1, {2}}, false, ngx.null})
    } }
--- request
GET /t

=== TEST 94: a bad element inside a table and a table that contains itself
--- config
    location /t { content_by_lua_block {
        ngx.say(select(2, pcall(ngx.say, {"ok", function() end})))
        local loop = {"x"}
        loop[2] = loop
        ngx.say(select(2, pcall(ngx.print, loop)))
    } }
--- request
GET /t

=== TEST 95: HTTP/1.0 output is held: headers may still change and the header filter sees the length
--- config
    location /t {
        content_by_lua_block {
            ngx.say("first")
            ngx.header["X-Late"] = tostring(ngx.headers_sent)
            ngx.say("second")
        }
        header_filter_by_lua_block { ngx.header["X-Len"] = ngx.header.content_length }
        body_filter_by_lua_block { ngx.log(ngx.WARN, "chunk ", #ngx.arg[1], " ", tostring(ngx.arg[2])) }
    }
--- request
GET /t HTTP/1.0
--- grep_error_log: chunk \d+ \w+

=== TEST 96: ngx.exit with an error code sends held HTTP/1.0 output as it is
--- config
    location /t { content_by_lua_block { ngx.say("held") ngx.exit(503) } }
--- request
GET /t HTTP/1.0
--- grep_error_log: \[error\].*

=== TEST 97: lua_http10_buffering off sends HTTP/1.0 output at once, delimited by the close
--- config
    lua_http10_buffering off;
    location /t { content_by_lua_block { ngx.say("now") ngx.header["X-Late"] = "1" } }
--- request
GET /t HTTP/1.0
--- grep_error_log: \[error\] [^,]*

=== TEST 98: held HTTP/1.0 output: a redirect sends it with its status, an exec drops it
--- config
    location /a { content_by_lua_block { ngx.say("held") ngx.redirect("/elsewhere") } }
    location /b { content_by_lua_block { ngx.say("dropped") ngx.exec("/c") } }
    location /c { content_by_lua_block { ngx.say("from c") } }
--- raw_request
GET /a HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\nHost: localhost\r\n\r\n

=== TEST 99: a subrequest of an HTTP/1.0 request is held too, and gets a Content-Length
--- config
    location /sub { content_by_lua_block { ngx.say("part") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.header["Content-Length"]) } }
--- request
GET /t HTTP/1.0

=== TEST 35: empty output: HTTP/1.0 request to a Lua handler whose only output is empty
--- config
    location /t { content_by_lua_block { local x = 1 } }
    location /s { content_by_lua_block { ngx.status = 201 } }
    location /e { content_by_lua_block { ngx.print("") } }
--- pipelined_requests
GET /e HTTP/1.0
--- more_headers
Connection: keep-alive

=== TEST 36: empty output: HTTP/1.0: an empty print after held output, and an empty say
--- config
    location /held { content_by_lua_block { ngx.print("held ") ngx.print("") ngx.say("out") } }
    location /say { content_by_lua_block { ngx.print("") ngx.say("after") } }
--- pipelined_requests
GET /held HTTP/1.0
--- more_headers
Connection: keep-alive

=== TEST 37: empty output: HTTP/1.1 empty print then body, with a body filter
--- config
    location /t {
        content_by_lua_block { ngx.print("") ngx.say("body") }
        body_filter_by_lua_block { ngx.arg[1] = "[" .. ngx.arg[1] .. "]" }
    }
--- request
GET /t
