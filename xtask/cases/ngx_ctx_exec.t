# ngx.ctx, ngx.redirect, ngx.exec.

=== TEST 1: ctx across phases
--- config
    location /t {
        rewrite_by_lua_block { ngx.ctx.a = "r" }
        access_by_lua_block { ngx.ctx.a = ngx.ctx.a .. "a" }
        content_by_lua_block { ngx.say(ngx.ctx.a) }
    }
--- request
GET /t

=== TEST 2: ctx is fresh per request
--- config
    location /t { content_by_lua_block { ngx.ctx.n = (ngx.ctx.n or 0) + 1 ngx.say(ngx.ctx.n) } }
--- pipelined_requests
GET /t
GET /t

=== TEST 3: ctx cleared by exec
--- config
    location /t { content_by_lua_block { ngx.ctx.x = 1 ngx.exec("/in") } }
    location /in { content_by_lua_block { ngx.say(tostring(ngx.ctx.x)) } }
--- request
GET /t

=== TEST 4: ctx can be replaced with a table
--- config
    location /t { content_by_lua_block { ngx.ctx = {v = "new"} ngx.say(ngx.ctx.v) } }
--- request
GET /t

=== TEST 5: redirect default 302
--- config
    location /t { content_by_lua_block { ngx.redirect("/foo") } }
--- request
GET /t

=== TEST 6: redirect 301 absolute
--- config
    location /t { content_by_lua_block { ngx.redirect("http://example.com/x?y=1", 301) } }
--- request
GET /t

=== TEST 7: redirect 307 and 308
--- config
    location /a { content_by_lua_block { ngx.redirect("/b", 307) } }
    location /c { content_by_lua_block { ngx.redirect("/d", ngx.HTTP_PERMANENT_REDIRECT) } }
--- pipelined_requests
GET /a
GET /c

=== TEST 8: redirect with a bad status is an error
--- config
    location /t { content_by_lua_block { ngx.redirect("/x", 200) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 9: redirect 303
--- config
    location /t { content_by_lua_block { return ngx.redirect("/see", 303) } }
--- request
GET /t

=== TEST 10: redirect after output is an error
--- config
    location /t { content_by_lua_block { ngx.say("x") ngx.redirect("/y") } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 11: exec with args
--- config
    location /t { content_by_lua_block { ngx.exec("/in", "a=1&b=2") } }
    location /in { content_by_lua_block { ngx.say(ngx.var.uri, "?", ngx.var.args) } }
--- request
GET /t?orig=1

=== TEST 12: exec with a table of args
--- config
    location /t { content_by_lua_block { ngx.exec("/in", {k = "v"}) } }
    location /in { content_by_lua_block { ngx.say(ngx.var.args) } }
--- request
GET /t

=== TEST 13: exec to a named location
--- config
    location /t { content_by_lua_block { ngx.exec("@named") } }
    location @named { content_by_lua_block { ngx.say("named, uri ", ngx.var.uri) } }
--- request
GET /t

=== TEST 14: exec keeps args in uri
--- config
    location /t { content_by_lua_block { ngx.exec("/in?q=1") } }
    location /in { content_by_lua_block { ngx.say(ngx.var.arg_q) } }
--- request
GET /t

=== TEST 15: exec to a static location that 404s
--- config
    location /t { content_by_lua_block { ngx.exec("/nothing-here") } }
--- request
GET /t

=== TEST 16: exec from rewrite phase
--- config
    location /t {
        rewrite_by_lua_block { ngx.exec("/in") }
        content_by_lua_block { ngx.say("not here") }
    }
    location /in { content_by_lua_block { ngx.say("in") } }
--- request
GET /t

=== TEST 17: exec loop hits the internal redirect limit
--- config
    location /t { content_by_lua_block { ngx.exec("/t") } }
--- request
GET /t
--- grep_error_log
rewrite or internal redirection cycle[^,\n]*

=== TEST 18: exec after output is an error
--- config
    location /t { content_by_lua_block { ngx.say("x") ngx.exec("/in") } }
    location /in { content_by_lua_block { ngx.say("in") } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 100: assigning a non-table to ngx.ctx names its type
--- config
    location /t {
        content_by_lua_block {
            local ok, err = pcall(function() ngx.ctx = 5 end)
            ngx.say(ok, " ", err:match("ctx should be .*"))
        }
    }
--- request
GET /t

=== TEST 90: ngx.redirect refuses control bytes in the URI and quotes them in the error
--- config
    location /t { content_by_lua_block { ngx.redirect("/next\r\nX-Injected: \"1\"\\") } }
--- request
GET /t
--- grep_error_log: \[error\].*

=== TEST 91: ngx.redirect keeps tabs and bytes above DEL
--- config
    location /t { content_by_lua_block { ngx.redirect("/a\tb\200c", 301) } }
--- request
GET /t

=== TEST 92: ngx.redirect takes a numeric string code and counts its arguments
--- config
    location /a { content_by_lua_block { ngx.redirect("/x", "307") } }
    location /b { content_by_lua_block { ngx.redirect() } }
    location /c { content_by_lua_block { ngx.redirect("/x", nil) } }
--- pipelined_requests
GET /a
GET /b
GET /c
--- grep_error_log: \[error\].*

=== TEST 93: ngx.exec joins the URI's query string and the args argument with &
--- config
    location /t { content_by_lua_block { ngx.exec("/dest?from=uri", "from=arg") } }
    location /dest { content_by_lua_block { ngx.say(ngx.var.args) } }
--- request
GET /t

=== TEST 94: ngx.exec decodes escapes in the path and refuses dot-dot segments
--- config
    location /a { content_by_lua_block { ngx.exec("/d%65st%20x") } }
    location /b { content_by_lua_block { ngx.exec("/x/%2e%2e/dest") } }
    location /dest { content_by_lua_block { ngx.say("uri=", ngx.var.uri) } }
--- pipelined_requests
GET /a
GET /b
--- grep_error_log: \[error\].*

=== TEST 95: ngx.exec argument errors
--- config
    location /a { content_by_lua_block { ngx.exec("") } }
    location /b { content_by_lua_block { ngx.exec("/x", "y", "z") } }
    location /c { content_by_lua_block { ngx.exec("/x", false) } }
    location /d { content_by_lua_block { ngx.exec("@missing") } }
--- pipelined_requests
GET /a
GET /b
GET /c
GET /d
--- grep_error_log: \[error\].*

=== TEST 96: ngx.exec takes numbers for the URI and the args
--- config
    location /t { content_by_lua_block { ngx.exec(7, 8) } }
    location / { content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.var.args) } }
--- request
GET /t
