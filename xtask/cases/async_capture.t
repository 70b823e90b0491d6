# ngx.location.capture details: headers table, statuses, options, errors, nesting.

=== TEST 1: header table of a lua subrequest
--- config
    location /sub { content_by_lua_block {
        ngx.header["X-A"] = {"1", "2"}
        ngx.header["Cache-Control"] = "no-cache"
        ngx.say("hello")
    } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        local keys = {}
        for k, v in pairs(res.header) do
            keys[#keys + 1] = k .. "=" .. (type(v) == "table" and table.concat(v, ",") or tostring(v))
        end
        table.sort(keys)
        ngx.say(table.concat(keys, " "))
    } }
--- request
GET /t

=== TEST 2: header table of a static file subrequest
--- config
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/f.txt")
        local keys = {}
        for k, v in pairs(res.header) do keys[#keys + 1] = k .. "=" .. tostring(v) end
        table.sort(keys)
        ngx.say(res.status, " ", table.concat(keys, " "))
    } }
--- user_files
>>> html/f.txt
static content
--- request
GET /t

=== TEST 3: capture a return with a redirect
--- config
    location /sub { return 302 /elsewhere; }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " ", res.header.Location, " [", res.body, "]")
    } }
--- request
GET /t

=== TEST 4: capture an ngx.exit(403)
--- config
    location /sub { content_by_lua_block { ngx.exit(403) } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " [", res.body, "] ", tostring(res.header["Content-Type"]))
    } }
--- request
GET /t

=== TEST 5: capture a lua error
--- config
    location /sub { content_by_lua_block { error("sub boom") } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " [", res.body, "]")
    } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: a subrequest sees the parent's request headers
--- config
    location /sub { content_by_lua_block { ngx.print(ngx.var.http_x_foo, " ", ngx.req.get_method()) } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.body)
    } }
--- more_headers
X-Foo: bar
--- request
GET /t

=== TEST 7: a subrequest forwards the POST body
--- config
    location /sub { content_by_lua_block {
        ngx.req.read_body()
        ngx.print(ngx.req.get_method(), " ", tostring(ngx.req.get_body_data()), " ", tostring(ngx.var.http_content_length))
    } }
    location /t { content_by_lua_block {
        ngx.req.read_body()
        local r1 = ngx.location.capture("/sub", {method = ngx.HTTP_POST})
        local r2 = ngx.location.capture("/sub")
        local r3 = ngx.location.capture("/sub", {always_forward_body = true})
        ngx.say(r1.body, "|", r2.body, "|", r3.body)
    } }
--- request
POST /t
hello body

=== TEST 8: share_all_vars and copy_all_vars
--- config
    location /sub { content_by_lua_block { ngx.print(ngx.var.v) ngx.var.v = "changed" } }
    location /t {
        set $v "parent";
        content_by_lua_block {
            local r1 = ngx.location.capture("/sub")
            local a = ngx.var.v
            local r2 = ngx.location.capture("/sub", {copy_all_vars = true})
            local b = ngx.var.v
            local r3 = ngx.location.capture("/sub", {share_all_vars = true})
            local c = ngx.var.v
            ngx.say("[", r1.body, "] ", a, " [", r2.body, "] ", b, " [", r3.body, "] ", c)
        }
    }
--- request
GET /t

=== TEST 9: vars option with a variable set in the parent
--- config
    location /sub { content_by_lua_block { ngx.print(ngx.var.dog, " ", ngx.var.cat) } }
    location /t {
        set $dog "";
        set $cat "";
        content_by_lua_block {
            local r = ngx.location.capture("/sub", {vars = {dog = "hello", cat = 32}})
            ngx.say(r.body, " [", ngx.var.dog, "]")
        }
    }
--- request
GET /t

=== TEST 10: nested subrequests
--- config
    location /inner { content_by_lua_block { ngx.print("inner") } }
    location /mid { content_by_lua_block { local r = ngx.location.capture("/inner") ngx.print("mid(", r.body, ")") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/mid") ngx.say(r.body) } }
--- request
GET /t

=== TEST 11: capture argument errors
--- config
    location /t { content_by_lua_block {
        ngx.say(select(2, pcall(ngx.location.capture)))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", "b")))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {method = "BOGUS"})))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {args = true})))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {ctx = 1})))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {body = {}})))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {vars = 1})))
        ngx.say(select(2, pcall(ngx.location.capture, "/a", {share_all_vars = 1})))
        ngx.say(select(2, pcall(ngx.location.capture_multi, {})))
        ngx.say(select(2, pcall(ngx.location.capture_multi, {"/a"})))
        ngx.say(select(2, pcall(ngx.location.capture, "/../a")))
    } }
--- request
GET /t

=== TEST 12: capture is disabled in header_filter and log
--- config
    location /t {
        content_by_lua_block { ngx.say("body") }
        header_filter_by_lua_block {
            local ok, err = pcall(ngx.location.capture, "/x")
            ngx.header["X-Err"] = err
        }
    }
--- request
GET /t

=== TEST 13: subrequest to an internal location
--- config
    location /int { internal; content_by_lua_block { ngx.print("internal ok") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/int") ngx.say(r.status, " ", r.body) } }
--- request
GET /t

=== TEST 14: capture with args table and uri args combined
--- config
    location /sub { content_by_lua_block { ngx.print(ngx.var.args) } }
    location /t { content_by_lua_block {
        local r = ngx.location.capture("/sub?a=1", {args = {b = "x y"}})
        local r2 = ngx.location.capture("/sub", {args = "raw=1&z"})
        ngx.say(r.body, " ", r2.body)
    } }
--- request
GET /t

=== TEST 15: subrequest output does not reach the client; say after capture
--- config
    location /sub { content_by_lua_block { ngx.header["X-Sub"] = "1" ngx.say("sub") } }
    location /t { content_by_lua_block {
        local r = ngx.location.capture("/sub")
        ngx.say("parent ", r.body)
    } }
--- request
GET /t

=== TEST 16: capture in rewrite and access phases
--- config
    location /sub { content_by_lua_block { ngx.print("s") } }
    location /t {
        rewrite_by_lua_block { ngx.ctx.r = ngx.location.capture("/sub").body }
        access_by_lua_block { ngx.ctx.a = ngx.location.capture("/sub").body }
        content_by_lua_block { ngx.say(ngx.ctx.r, ngx.ctx.a) }
    }
--- request
GET /t

=== TEST 17: capture_multi runs in parallel
--- config
    location /slow { content_by_lua_block { ngx.sleep(0.2) ngx.print(ngx.var.arg_n) } }
    location /t { content_by_lua_block {
        local start = ngx.now()
        local a, b, c = ngx.location.capture_multi({{"/slow", {args = "n=1"}}, {"/slow", {args = "n=2"}}, {"/slow?n=3"}})
        ngx.update_time()
        ngx.say(a.body, b.body, c.body, " ", ngx.now() - start < 0.5)
    } }
--- request
GET /t

=== TEST 18: subrequest with HEAD method
--- config
    location /sub { content_by_lua_block { ngx.say("body ", ngx.req.get_method()) } }
    location /t { content_by_lua_block {
        local r = ngx.location.capture("/sub", {method = ngx.HTTP_HEAD})
        ngx.say(r.status, " [", r.body, "]")
    } }
--- request
GET /t

=== TEST 19: log_by_lua does not run for subrequests
--- config
    location /sub {
        content_by_lua_block { ngx.print("s") }
        log_by_lua_block { ngx.log(ngx.WARN, "log phase of ", ngx.var.uri) }
    }
    location /t {
        content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.body) }
        log_by_lua_block { ngx.log(ngx.WARN, "log phase of ", ngx.var.uri) }
    }
--- request
GET /t
--- grep_error_log
log phase of [^,]*

=== TEST 20: ngx.exit(ngx.OK) and a 204 in a subrequest
--- config
    location /a { content_by_lua_block { ngx.print("a") ngx.exit(ngx.OK) } }
    location /b { content_by_lua_block { ngx.exit(204) } }
    location /t { content_by_lua_block {
        local a, b = ngx.location.capture_multi({{"/a"}, {"/b"}})
        ngx.say(a.status, a.body, " ", b.status, "[", b.body, "]")
    } }
--- request
GET /t

=== TEST 21: error log lines of a subrequest name it
--- config
    location /sub { content_by_lua_block { ngx.log(ngx.ERR, "in sub") } }
    location /t { content_by_lua_block { ngx.location.capture("/sub?a=b") ngx.say("done") } }
--- request
GET /t
--- grep_error_log
in sub[^\n]*

=== TEST 22: ngx.exec inside a subrequest
--- config
    location /target { content_by_lua_block { ngx.print("target ", ngx.var.uri) } }
    location /sub { content_by_lua_block { ngx.exec("/target") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.status, " ", r.body) } }
--- request
GET /t

=== TEST 23: header_filter and body_filter run in subrequests
--- config
    location /sub {
        content_by_lua_block { ngx.print("abc") }
        header_filter_by_lua_block { ngx.header["X-HF"] = "yes" }
        body_filter_by_lua_block { ngx.arg[1] = string.upper(ngx.arg[1]) }
    }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.body, " ", r.header["X-HF"]) } }
--- request
GET /t

=== TEST 24: add_header does not apply to subrequests
--- config
    location /sub {
        add_header X-Added yes;
        content_by_lua_block { ngx.print("s") }
    }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(tostring(r.header["X-Added"])) } }
--- request
GET /t

=== TEST 25: a subrequest with ngx.flush and ngx.sleep
--- config
    location /sub { content_by_lua_block { ngx.print("a") ngx.flush(true) ngx.sleep(0.01) ngx.print("b") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.body) } }
--- request
GET /t

=== TEST 26: a HEAD main request capturing
--- config
    location /sub { content_by_lua_block { ngx.print("s") } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.header["X-Body"] = r.body ngx.say("x") } }
--- request
HEAD /t

=== TEST 27: a 404 subrequest: no body, default type, truncated
--- config
    location /r { return 404; }
    location /t { content_by_lua_block {
        local a = ngx.location.capture("/missing")
        local b = ngx.location.capture("/r")
        ngx.say(a.status, " [", a.body, "] ", tostring(a.header["Content-Type"]), " ", tostring(a.header["Content-Length"]), " ", tostring(a.truncated))
        ngx.say(b.status, " [", b.body, "] ", tostring(b.header["Content-Type"]), " ", tostring(b.header["Content-Length"]))
    } }
--- request
GET /t

=== TEST 28: a subrequest cut short by an error is truncated
--- config
    location /sub { content_by_lua_block { ngx.say("partial") ngx.flush(true) error("late") } }
    location /sub2 { content_by_lua_block { ngx.say("partial") error("late") } }
    location /t { content_by_lua_block {
        local a = ngx.location.capture("/sub")
        local b = ngx.location.capture("/sub2")
        ngx.say(a.status, " [", a.body, "] ", tostring(a.truncated))
        ngx.say(b.status, " [", b.body, "] ", tostring(b.truncated))
    } }
--- request
GET /t

=== TEST 29: ngx.sleep in a subrequest and the parent's order
--- config
    location /sub { content_by_lua_block { ngx.sleep(0.01) ngx.print("sub") } }
    location /t { content_by_lua_block {
        ngx.say("before")
        local r = ngx.location.capture("/sub")
        ngx.say(r.body)
    } }
--- request
GET /t

=== TEST 30: no byte ranges in a subrequest
--- config
    location /t { content_by_lua_block {
        local r = ngx.location.capture("/f.txt")
        ngx.say(r.status, " ", r.body)
    } }
--- user_files
>>> html/f.txt
0123456789
--- more_headers
Range: bytes=2-4
--- request
GET /t

=== TEST 31: subrequests nested too deep
--- config
    location /loop { content_by_lua_block {
        local ok, res = pcall(ngx.location.capture, "/loop")
        if not ok then ngx.print("depth error: ", res) return end
        ngx.print(res.status, "<", res.body)
    } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/loop") ngx.say(#r.body > 0, " ", r.body:match("depth error: [^<]*")) } }
--- request
GET /t
--- grep_error_log
subrequests cycle[^,]*

=== TEST 32: PUT with a body, and the subrequest's request line variables
--- config
    location /sub { content_by_lua_block {
        ngx.req.read_body()
        ngx.print(ngx.var.request_method, " ", ngx.req.get_body_data(), " ", ngx.var.request, " ", ngx.var.is_args, ngx.var.args or "")
    } }
    location /t { content_by_lua_block {
        ngx.say(ngx.location.capture("/sub?q=1", {method = ngx.HTTP_PUT, body = "data"}).body)
    } }
--- request
GET /t

=== TEST 33: error_page does not apply to subrequests
--- config
    location /sub { error_page 404 /err; return 404; }
    location /err { return 200 "error page"; }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.status, " [", r.body, "]") } }
--- request
GET /t

=== TEST 34: rewrite and try_files in a subrequest
--- config
    location /old { rewrite ^/old/(.*)$ /new/$1 last; }
    location /new { content_by_lua_block { ngx.print("new ", ngx.var.uri) } }
    location /tf { try_files /nope.txt /f.txt; }
    location /t { content_by_lua_block {
        ngx.say(ngx.location.capture("/old/x").body)
        ngx.say(ngx.location.capture("/tf").body)
    } }
--- user_files
>>> html/f.txt
file
--- request
GET /t
