# body_filter_by_lua: ngx.arg, errors, and when it runs.

=== TEST 1: ngx.arg[1] takes nested arrays and numbers; #ngx.arg is 0
--- config
    location /t {
        content_by_lua_block { ngx.print("a") ngx.print("b") }
        body_filter_by_lua_block {
            if ngx.arg[1] == "a" then ngx.arg[1] = {{"<", 1}, {"a", {">"}}}
            elseif ngx.arg[1] == "b" then ngx.arg[1] = 2.5 end
            if ngx.arg[2] then ngx.arg[1] = "|len=" .. #ngx.arg end
        }
    }
--- request
GET /t

=== TEST 2: a chunk that is neither text nor an array raises at the assignment
--- config
    location /t {
        content_by_lua_block { ngx.say("a") }
        body_filter_by_lua_block { if ngx.arg[1] ~= "" then ngx.arg[1] = false end }
    }
--- request
GET /t
--- grep_error_log: \[error\] [^\n]*?: bad chunk data type[^,\n]*

=== TEST 3: an error or ngx.ERROR in the body filter aborts the response, dropping unsent bytes
--- config
    location /a {
        content_by_lua_block { ngx.say("sent") ngx.flush(true) ngx.say("buffered") }
        body_filter_by_lua_block { if ngx.arg[2] then error("late failure") end }
    }
    location /b {
        content_by_lua_block { ngx.say("sent") ngx.flush(true) ngx.say("buffered") }
        body_filter_by_lua_block { if ngx.arg[2] then return ngx.ERROR end }
    }
--- pipelined_requests
GET /a
GET /b
--- grep_error_log: \[error\] [^,]*

=== TEST 4: no body filter for HEAD or a 304
--- config
    location /t {
        content_by_lua_block { ngx.say("body") }
        body_filter_by_lua_block { ngx.log(ngx.WARN, "body filter ran") }
    }
--- request
HEAD /t
--- grep_error_log: body filter ran

=== TEST 5: body filter error with several outputs
--- config
    location /t {
        content_by_lua_block {
            local ok, err = ngx.say("a")
            ngx.log(ngx.ERR, "say 1: ", tostring(ok), " ", tostring(err))
            ok, err = ngx.say("b")
            ngx.log(ngx.ERR, "say 2: ", tostring(ok), " ", tostring(err))
            ok, err = ngx.flush(true)
            ngx.log(ngx.ERR, "flush: ", tostring(ok), " ", tostring(err))
        }
        body_filter_by_lua_block { error("bf boom") }
    }
--- request
GET /t
--- grep_error_log
\[error\].*?(bf boom|say \d: .*?,|flush: .*?,)

=== TEST 6: body filter error on the second chunk only
--- config
    location /t {
        content_by_lua_block {
            ngx.say("a")
            ngx.flush(true)
            ngx.say("b")
            ngx.say("c")
        }
        body_filter_by_lua_block {
            if ngx.arg[1] == "b\n" then error("bf boom") end
            ngx.log(ngx.ERR, "bf sees [", ngx.arg[1], "] ", tostring(ngx.arg[2]))
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*?(bf boom|bf sees \[[^\]]*\] \w+)

=== TEST 7: body filter returns ngx.ERROR
--- config
    location /t {
        content_by_lua_block {
            ngx.say("a")
            ngx.say("b")
        }
        body_filter_by_lua_block {
            ngx.log(ngx.ERR, "bf sees [", ngx.arg[1], "] ", tostring(ngx.arg[2]))
            return ngx.ERROR
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*?(bf boom|bf sees \[[^\]]*\] \w+)
