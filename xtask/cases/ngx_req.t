# ngx.req.*: method, uri args, post args, headers, body, rewriting, versions.

=== TEST 1: get_method GET
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.get_method()) } }
--- request
GET /t

=== TEST 2: get_method of a custom method
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.get_method()) } }
--- request
PROPFIND /t

=== TEST 3: get_uri_args repeated and bare keys
--- config
    location /t { content_by_lua_block {
        local args = ngx.req.get_uri_args()
        local keys = {}
        for k in pairs(args) do keys[#keys + 1] = k end
        table.sort(keys)
        for _, k in ipairs(keys) do
            local v = args[k]
            if type(v) == "table" then v = "[" .. table.concat(v, ",") .. "]" end
            ngx.say(k, "=", tostring(v))
        end
    } }
--- request
GET /t?a=1&b=2&a=3&flag&empty=&=novalue&c=x%20y+z

=== TEST 4: get_uri_args max args
--- config
    location /t { content_by_lua_block {
        local args, err = ngx.req.get_uri_args(2)
        local n = 0
        for _ in pairs(args) do n = n + 1 end
        ngx.say(n, " ", tostring(err))
    } }
--- request
GET /t?a=1&b=2&c=3&d=4

=== TEST 5: set_uri_args with a table
--- config
    location /t { content_by_lua_block {
        ngx.req.set_uri_args({b = "2"})
        ngx.say(ngx.var.args)
    } }
--- request
GET /t?a=1

=== TEST 6: set_uri_args with a string
--- config
    location /t { content_by_lua_block { ngx.req.set_uri_args("x=1&y=2") ngx.say(ngx.var.args, " ", ngx.var.arg_y) } }
--- request
GET /t

=== TEST 7: read_body and get_body_data
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "]") } }
--- request
POST /t
hello body

=== TEST 8: get_body_data without read_body is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.req.get_body_data())) } }
--- request
POST /t
hello

=== TEST 9: get_post_args
--- config
    location /t { content_by_lua_block {
        ngx.req.read_body()
        local args = ngx.req.get_post_args()
        ngx.say(args.name, " ", args.age, " ", type(args.tag), " ", tostring(args.flag))
    } }
--- request
POST /t
name=bob&age=7&tag=a&tag=b&flag
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 10: get_post_args without reading the body is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.req.get_post_args) ngx.say(ok, " ", err) } }
--- request
POST /t
a=1
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 11: get_headers lower-cased
--- config
    location /t { content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["x-one"], " ", h.x_one, " ", h["X-One"], " ", h.host)
    } }
--- request
GET /t
--- more_headers
X-One: 1

=== TEST 12: get_headers repeated header is a table
--- config
    location /t { content_by_lua_block {
        local v = ngx.req.get_headers()["x-r"]
        ngx.say(type(v), " ", table.concat(v, ","))
    } }
--- request
GET /t
--- more_headers
X-R: a
X-R: b

=== TEST 13: get_headers raw keeps case
--- config
    location /t { content_by_lua_block {
        local h = ngx.req.get_headers(0, true)
        ngx.say(tostring(h["X-Mixed-Case"]), " ", tostring(h["x-mixed-case"]))
    } }
--- request
GET /t
--- more_headers
X-Mixed-Case: v

=== TEST 14: set_header then read it back
--- config
    location /t { content_by_lua_block {
        ngx.req.set_header("X-New", "n")
        ngx.say(ngx.req.get_headers()["x-new"], " ", ngx.var.http_x_new)
    } }
--- request
GET /t

=== TEST 15: clear_header
--- config
    location /t { content_by_lua_block {
        ngx.req.clear_header("X-Gone")
        ngx.say(tostring(ngx.req.get_headers()["x-gone"]))
    } }
--- request
GET /t
--- more_headers
X-Gone: 1

=== TEST 16: http_version
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.http_version()) } }
--- request
GET /t HTTP/1.0

=== TEST 17: http_version 1.1
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.http_version()) } }
--- request
GET /t

=== TEST 18: raw_header
--- config
    location /t { content_by_lua_block { ngx.print(ngx.req.raw_header()) } }
--- request
GET /t?x=1
--- more_headers
X-A: 1

=== TEST 19: raw_header without request line
--- config
    location /t { content_by_lua_block { ngx.print(ngx.req.raw_header(true)) } }
--- request
GET /t
--- more_headers
X-B: 2

=== TEST 20: is_internal false then true after exec
--- config
    location /t { content_by_lua_block { ngx.exec("/in") } }
    location /in { content_by_lua_block { ngx.say(ngx.req.is_internal()) } }
--- request
GET /t

=== TEST 21: set_uri without jump
--- config
    location /t { content_by_lua_block { ngx.req.set_uri("/changed") ngx.say(ngx.var.uri) } }
--- request
GET /t

=== TEST 22: set_uri with jump in rewrite
--- config
    location /t { rewrite_by_lua_block { ngx.req.set_uri("/other", true) } }
    location /other { content_by_lua_block { ngx.say("other: ", ngx.var.uri) } }
--- request
GET /t

=== TEST 23: set_uri jump in content is an error
--- config
    location /t { content_by_lua_block { ngx.req.set_uri("/other", true) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 24: set_method
--- config
    location /t { content_by_lua_block { ngx.req.set_method(ngx.HTTP_POST) ngx.say(ngx.req.get_method()) } }
--- request
GET /t

=== TEST 25: start_time is close to now
--- config
    location /t { content_by_lua_block { local d = ngx.now() - ngx.req.start_time() ngx.say(d >= 0 and d < 5) } }
--- request
GET /t

=== TEST 26: small body buffer with the body preread with the headers
--- config
    client_body_buffer_size 16;
    location /t { content_by_lua_block {
        ngx.req.read_body()
        ngx.say(tostring(ngx.req.get_body_data()), " ", ngx.req.get_body_file() ~= nil)
    } }
--- request
POST /t
0123456789012345678901234567890123456789

=== TEST 27: discard_body
--- config
    location /t { content_by_lua_block { ngx.req.discard_body() ngx.say("discarded") } }
--- request
POST /t
abc

=== TEST 28: set_body_data
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.req.set_body_data("new") ngx.say(ngx.req.get_body_data()) } }
--- request
POST /t
old

=== TEST 29: get_uri_args decodes plus and percent
--- config
    location /t { content_by_lua_block { local a = ngx.req.get_uri_args() ngx.say(a.q, "|", a["k y"]) } }
--- request
GET /t?q=a+b%2Bc&k%20y=1

=== TEST 30: lua_need_request_body
--- config
    location /t {
        lua_need_request_body on;
        content_by_lua_block { ngx.say(ngx.req.get_body_data()) }
    }
--- request
POST /t
preread

=== TEST 31: get_headers count limit
--- config
    location /t { content_by_lua_block {
        local h, err = ngx.req.get_headers(2)
        local n = 0
        for _ in pairs(h) do n = n + 1 end
        ngx.say(n, " ", tostring(err))
    } }
--- request
GET /t
--- more_headers
X-1: a
X-2: b
X-3: c

=== TEST 32: request body via chunked encoding
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say(ngx.req.get_body_data()) } }
--- request
POST /t
--- chunked_body
hello 
chunked
 world
