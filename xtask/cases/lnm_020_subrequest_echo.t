# Lifted from openresty/lua-nginx-module t/020-subrequest-echo.t (BSD license)

=== TEST 1: DELETE
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { method = ngx.HTTP_DELETE })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 2: DELETE (proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { method = ngx.HTTP_DELETE })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 3: POST (nobody, proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { method = ngx.HTTP_POST })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 4: HEAD
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { method = ngx.HTTP_HEAD })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 5: explicit GET
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { method = ngx.HTTP_GET })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 6: implicit GET
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
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
        echo $echo_request_method;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo", {})
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 8: PUT (nobody, proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        echo_read_request_body;
        echo $echo_request_method;
        echo_request_body;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { method = ngx.HTTP_PUT, body = "hello" })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 9: PUT (nobody, no proxy method)
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
        echo_request_body;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { method = ngx.HTTP_PUT, body = "hello" })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 10: PUT (nobody, no proxy method) then GET
--- config
    location /other {
        default_type 'foo/bar';
        echo $echo_request_method;
        echo_request_body;
        echo;
    }
    location /foo {
        echo $echo_request_method;
        echo -n "[$http_content_length]";
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { method = ngx.HTTP_PUT, body = "hello" })
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
        echo_read_request_body;
        echo $echo_request_method;
        echo_request_body;
    }
    location /foo {
        proxy_pass http://127.0.0.1:$server_port/other;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { method = ngx.HTTP_POST, body = "hello" })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 12: emtpy args option table
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { args = {} })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 13: non-empty args option table (1 pair)
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { args = { ["fo="] = "=>" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 14: non-empty args option table (number key)
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { args = { [57] = "hi" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 15: non-empty args option table (plain arrays)
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo",
                { args = { "hi" } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 16: more args
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo?a=3",
                { args = { b = 4 } })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 17: more args (string)
--- config
    location /foo {
        echo $query_string;
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/foo?a=3",
                { args = "b=4" })
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 18: is_subrequest in main request
--- config
    location /lua {
        content_by_lua '
            if ngx.is_subrequest then
                ngx.say("sub req")
            else
                ngx.say("main req")
            end
        ';
    }
--- request
GET /lua

=== TEST 19: is_subrequest in sub request
--- config
    location /main {
        echo_location /lua;
    }
    location /lua {
        content_by_lua '
            if ngx.is_subrequest then
                ngx.say("sub req")
            else
                ngx.say("main req")
            end
        ';
    }
--- request
GET /main
