# Lifted from openresty/lua-nginx-module t/020-subrequest.t (BSD license)

=== TEST 1: DELETE
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other", { method = ngx.HTTP_DELETE });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 2: DELETE (proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", { method = ngx.HTTP_DELETE });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 3: POST (nobody, proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", { method = ngx.HTTP_POST });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 4: HEAD
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other", { method = ngx.HTTP_HEAD });
            ngx.say(res.status, " [", res.body, "]")
        ';
    }
--- request
GET /lua

=== TEST 5: explicit GET
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", { method = ngx.HTTP_GET });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 6: implicit GET
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo")
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 7: implicit GET (empty option table)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", {})
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 8: PUT (with body, proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", { method = ngx.HTTP_PUT, body = "hello" });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 9: PUT (with body, no proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other", { method = ngx.HTTP_PUT, body = "hello" });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 10: PUT then GET sees no content length
--- config
    location /other {
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data())
            ngx.say("[", ngx.var.http_content_length, "]")
        }
    }
    location /foo {
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.print("[", ngx.var.http_content_length, "]")
        }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other", { method = ngx.HTTP_PUT, body = "hello" });
            ngx.print(res.body)
            res = ngx.location.capture("/foo")
            ngx.say(res.body)
        ';
    }
--- request
GET /lua

=== TEST 11: POST (with body, proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", { method = ngx.HTTP_POST, body = "hello" });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 12: empty args option table
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs", { args = {} })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 13: non-empty args option table (1 pair)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs", { args = { ["fo="] = "=>" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 14: args option table with number value
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs", { args = { foo = 3 } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 15: non-empty args option table (number key)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs", { args = { [57] = "hi" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 16: non-empty args option table (plain arrays)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs", { args = { "hi" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 17: more args
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs?a=3", { args = { b = 4 } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 18: more args (string)
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/qs?a=3", { args = "b=4" })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 19: is_subrequest in main request
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            ngx.say(ngx.is_subrequest)
        ';
    }
--- request
GET /lua

=== TEST 20: is_subrequest in sub request
--- config
    location /main {
        content_by_lua_block { ngx.print(ngx.location.capture("/lua").body) }
    }
    location /lua {
        content_by_lua '
            ngx.say(ngx.is_subrequest)
        ';
    }
--- request
GET /main

=== TEST 21: capture truncated/status fields
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/nope")
            ngx.say(res.status, " ", res.truncated, " ", type(res.header), " ", #res.body)
        ';
    }
--- request
GET /lua

=== TEST 22: capture_multi
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            local r1, r2, r3 = ngx.location.capture_multi{ {"/qs?a=1"}, {"/qs", {args = "b=2"}}, {"/other", {method = ngx.HTTP_POST, body = "x"}} }
            ngx.print(r1.body, r2.body, r3.body)
        ';
    }
--- request
GET /lua

=== TEST 23: capture always_forward_body
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            ngx.req.read_body()
            local res = ngx.location.capture("/other", { method = ngx.HTTP_POST, always_forward_body = true })
            ngx.print(res.body)
        ';
    }
--- request
POST /lua
parent body

=== TEST 24: capture inherits parent body by default for POST
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /lua {
        content_by_lua '
            ngx.req.read_body()
            local res = ngx.location.capture("/other", { method = ngx.HTTP_POST })
            ngx.print(res.body)
        ';
    }
--- request
POST /lua
parent body

=== TEST 25: capture with vars option
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /v {
        set $dog '';
        set $cat '';
        content_by_lua_block { ngx.say(ngx.var.dog, ' ', ngx.var.cat) }
    }
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/v", { vars = { dog = "hello", cat = 32 } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 26: capture of a 302 and a 404
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /r { return 302 /foo; }
    location /e { return 404; }
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/r")
            ngx.say(res.status, " ", res.header.Location)
            local res = ngx.location.capture("/e")
            ngx.say(res.status, " ", #res.body)
        ';
    }
--- request
GET /lua

=== TEST 27: capture a static file and headers
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block {
            ngx.say(ngx.req.get_method())
            ngx.req.read_body()
            local b = ngx.req.get_body_data()
            if b then ngx.print(b) end
        }
    }
    location /foo {
        proxy_pass http://127.0.0.1:$PORT/other;
    }
    location /qs {
        content_by_lua_block { ngx.say(ngx.var.query_string) }
    }
    location /f.txt { root html; }
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/f.txt")
            ngx.say(res.status, " ", res.body, res.header["Content-Type"], " ", res.header["Content-Length"], " ", res.header["Last-Modified"])
        ';
    }
--- user_files
>>> html/f.txt
static
--- request
GET /lua
