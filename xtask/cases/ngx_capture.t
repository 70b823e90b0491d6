# ngx.location.capture and capture_multi: subrequests through the router.

=== TEST 1: capture a lua location
--- config
    location /sub { content_by_lua_block { ngx.say("sub body") } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " [", res.body, "] ", tostring(res.truncated))
    } }
--- request
GET /t

=== TEST 2: capture with args
--- config
    location /sub { content_by_lua_block { ngx.say(ngx.var.args) } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub", {args = {a = 1}})
        local res2 = ngx.location.capture("/sub?x=y")
        ngx.print(res.body, res2.body)
    } }
--- request
GET /t

=== TEST 3: capture status and headers
--- config
    location /sub { content_by_lua_block { ngx.status = 201 ngx.header["X-Sub"] = "s" ngx.say("c") } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " ", res.header["X-Sub"])
    } }
--- request
GET /t

=== TEST 4: capture a 404
--- config
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/missing")
        ngx.say(res.status)
    } }
--- request
GET /t

=== TEST 5: capture with method and body
--- config
    location /sub { content_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.req.get_method(), " ", ngx.req.get_body_data())
    } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/sub", {method = ngx.HTTP_POST, body = "payload"})
        ngx.print(res.body)
    } }
--- request
GET /t

=== TEST 6: capture_multi
--- config
    location /a { content_by_lua_block { ngx.print("A") } }
    location /b { content_by_lua_block { ngx.print("B") } }
    location /t { content_by_lua_block {
        local r1, r2 = ngx.location.capture_multi({{"/a"}, {"/b"}})
        ngx.say(r1.body, r2.body)
    } }
--- request
GET /t

=== TEST 7: subrequest has its own ctx unless shared
--- config
    location /sub { content_by_lua_block { ngx.print(tostring(ngx.ctx.v)) ngx.ctx.w = 1 } }
    location /t { content_by_lua_block {
        ngx.ctx.v = "parent"
        local r = ngx.location.capture("/sub")
        local shared = {v = "given"}
        local r2 = ngx.location.capture("/sub", {ctx = shared})
        ngx.say(r.body, " ", r2.body, " ", tostring(shared.w))
    } }
--- request
GET /t

=== TEST 8: is_subrequest
--- config
    location /sub { content_by_lua_block { ngx.print(tostring(ngx.is_subrequest)) } }
    location /t { content_by_lua_block {
        local r = ngx.location.capture("/sub")
        ngx.say(r.body, " ", tostring(ngx.is_subrequest))
    } }
--- request
GET /t

=== TEST 9: capture a return directive
--- config
    location /sub { return 202 "returned"; }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.status, " ", r.body) } }
--- request
GET /t

=== TEST 10: capture vars option
--- config
    location /sub {
        set $dog "";
        content_by_lua_block { ngx.print(ngx.var.dog) }
    }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub", {vars = {dog = "woof"}}) ngx.say(r.body) } }
--- request
GET /t

=== TEST 11: capture a named location is an error
--- config
    location @n { content_by_lua_block { ngx.say("n") } }
    location /t { content_by_lua_block { local ok, err = pcall(ngx.location.capture, "@n") ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 12: subrequest uri and request_uri
--- config
    location /sub { content_by_lua_block { ngx.print(ngx.var.uri, " ", ngx.var.request_uri) } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.body) } }
--- request
GET /t?orig=1

=== TEST 13: capture a static file
--- config
    location /t { content_by_lua_block { local r = ngx.location.capture("/f.txt") ngx.say(r.status, " ", r.body) } }
--- user_files
>>> html/f.txt
static content
--- request
GET /t

=== TEST 14: capture after exit 500 in the subrequest
--- config
    location /sub { content_by_lua_block { ngx.exit(500) } }
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub") ngx.say(r.status, " ", #r.body > 0) } }
--- request
GET /t

=== TEST 15: what a capture sees of bare returns, redirects and the method option
--- config
    location /t { content_by_lua_block {
        for _, u in ipairs({ "/bare200", "/bare204", "/dir", "/moved" }) do
            local res = ngx.location.capture(u)
            ngx.say(u, " ", res.status, " ", tostring(res.truncated), " ",
                    tostring(res.header["Content-Length"]), " ", tostring(res.header["Location"]))
        end
        ngx.say(pcall(ngx.location.capture, "/bare200", { method = "POST" }))
    } }
    location /bare200 { return 200; }
    location /bare204 { return 204; }
    location /dir { root html; }
    location /moved { return 301 /elsewhere; }
--- user_files
>>> html/dir/index.html
x
--- request
GET /t

=== TEST 16: subrequests skip the access phase (access_by_lua, deny)
--- config
    access_by_lua_block {
        if ngx.is_subrequest then ngx.log(ngx.ERR, "access ran in a subrequest") end
        if ngx.var.uri == "/t" then
            local res = ngx.location.capture("/denied")
            ngx.say("denied: ", res.status, " ", res.body)
            res = ngx.location.capture("/dir")
            ngx.say("dir: ", res.status, " ", tostring(res.header["Location"]))
            ngx.exit(200)
        end
    }
    location /denied { deny all; return 200 "served"; }
    location /dir { root html; }
--- user_files
>>> html/dir/index.html
x
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 17: a subrequest's ngx.exit(204) keeps its default Content-Type
--- config
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/nc")
        ngx.say(res.status, " ", tostring(res.header["Content-Type"]), " ", tostring(res.truncated))
    } }
    location /nc { content_by_lua_block { ngx.exit(204) } }
--- request
GET /t

=== TEST 18: vars option: a changeable built-in, a non-changeable one, an undefined one (logged on the parent)
--- config
    location /other {
        echo "args: $args";
    }
    location /lua {
        content_by_lua_block {
            local res = ngx.location.capture("/other", { vars = { args = "a=hello&b=32" } })
            ngx.print(res.body)
            ngx.say(pcall(ngx.location.capture, "/other", { vars = { query_string = "x" } }))
            ngx.say(pcall(ngx.location.capture, "/other", { vars = { dog = "x" } }))
            ngx.say(pcall(ngx.location.capture, "/other", { vars = { arg_a = "x" } }))
        }
    }
--- request
GET /lua
--- grep_error_log
variable .*
