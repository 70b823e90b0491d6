# ngx.var: reading built-in variables, set-declared variables, captures, writes, errors.

=== TEST 1: read uri and args
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.var.args, " ", ngx.var.arg_a) } }
--- request
GET /t?a=1&b=2

=== TEST 2: unknown variable is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.var.no_such_var)) } }
--- request
GET /t

=== TEST 3: set-declared variable
--- config
    location /t {
        set $foo "hello";
        content_by_lua_block { ngx.say(ngx.var.foo) }
    }
--- request
GET /t

=== TEST 4: write a set-declared variable
--- config
    location /t {
        set $foo "a";
        content_by_lua_block { ngx.var.foo = "b" ngx.say(ngx.var.foo) }
    }
--- request
GET /t

=== TEST 5: write an undeclared variable is an error
--- config
    location /t { content_by_lua_block { ngx.var.undeclared = "x" } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: write a read-only built-in is an error
--- config
    location /t { content_by_lua_block { ngx.var.uri = "/x" } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 7: regex captures through ngx.var
--- config
    location ~ ^/t/(\w+)/(\d+)$ { content_by_lua_block { ngx.say(ngx.var[1], " ", ngx.var[2], " ", tostring(ngx.var[3])) } }
--- request
GET /t/abc/42

=== TEST 8: named captures through ngx.var
--- config
    location ~ ^/u/(?<user>\w+)$ { content_by_lua_block { ngx.say(ngx.var.user) } }
--- request
GET /u/alice

=== TEST 9: write args
--- config
    location /t { content_by_lua_block { ngx.var.args = "x=9" ngx.say(ngx.var.args, " ", ngx.var.arg_x) } }
--- request
GET /t?x=1

=== TEST 10: http headers through ngx.var
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.http_user_agent, " ", ngx.var.http_x_custom_thing) } }
--- request
GET /t
--- more_headers
User-Agent: tester/1.0
X-Custom-Thing: yes

=== TEST 11: cookie variable
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.cookie_session, " ", tostring(ngx.var.cookie_missing)) } }
--- request
GET /t
--- more_headers
Cookie: a=1; session=xyz; b=2

=== TEST 12: empty set variable
--- config
    location /t {
        set $e "";
        content_by_lua_block { ngx.say("[", ngx.var.e, "]") }
    }
--- request
GET /t

=== TEST 13: set variable to nil
--- config
    location /t {
        set $v "x";
        content_by_lua_block { ngx.var.v = nil ngx.say("[", tostring(ngx.var.v), "]") }
    }
--- request
GET /t

=== TEST 14: variable with number assigned
--- config
    location /t {
        set $n "";
        content_by_lua_block { ngx.var.n = 42 ngx.say(ngx.var.n, " ", type(ngx.var.n)) }
    }
--- request
GET /t

=== TEST 15: request_method and request_uri
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.request_method, " ", ngx.var.request_uri, " ", ngx.var.is_args) } }
--- request
POST /t/%41?q=%20
hello

=== TEST 16: variables set in rewrite are seen in content
--- config
    location /t {
        set $a "one";
        rewrite_by_lua_block { ngx.var.a = ngx.var.a .. "+two" }
        content_by_lua_block { ngx.say(ngx.var.a) }
    }
--- request
GET /t

=== TEST 17: arg with percent escapes stays raw
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.arg_q) } }
--- request
GET /t?q=a%20b+c

=== TEST 18: missing arg is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.var.arg_nope)) } }
--- request
GET /t?x=1

=== TEST 19: host and server_name
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.host, " ", ngx.var.server_name, " ", ngx.var.http_host) } }
--- request
GET /t
--- more_headers
Host: Example.COM:8080

=== TEST 20: scheme, protocol, remote_addr
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.scheme, " ", ngx.var.server_protocol, " ", ngx.var.remote_addr) } }
--- request
GET /t

=== TEST 21: server port matches the listen port
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.server_port == "$PORT") } }
--- request
GET /t

=== TEST 22: remote_port is a number
--- config
    location /t { content_by_lua_block { ngx.say(tonumber(ngx.var.remote_port) ~= nil) } }
--- request
GET /t

=== TEST 23: content_length and content_type
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.content_length, " ", ngx.var.content_type) } }
--- request
POST /t
abc
--- more_headers
Content-Type: text/x-test

=== TEST 24: nginx_version
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.nginx_version) } }
--- request
GET /t

=== TEST 25: document_root and request_filename under root
--- config
    location /t {
        root /tmp/docroot;
        content_by_lua_block { ngx.say(ngx.var.document_root, " ", ngx.var.request_filename) }
    }
--- request
GET /t/a.txt

=== TEST 26: msec and time_local are derived facts
--- config
    location /t { content_by_lua_block {
        local msec = tonumber(ngx.var.msec)
        ngx.say(msec > 1600000000, " ", #ngx.var.time_local, " ", ngx.var.time_iso8601:match("^%d%d%d%d%-%d%d%-%d%dT") ~= nil)
    } }
--- request
GET /t

=== TEST 27: binary_remote_addr length
--- config
    location /t { content_by_lua_block { ngx.say(#ngx.var.binary_remote_addr) } }
--- request
GET /t

=== TEST 28: request line variable
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.request) } }
--- request
GET /t?x=1

=== TEST 29: query_string equals args
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.query_string == ngx.var.args) } }
--- request
GET /t?a=b

=== TEST 30: no args is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.var.args), " [", ngx.var.is_args, "]") } }
--- request
GET /t

=== TEST 100: variable names are case-insensitive
--- config
    location /t {
        set $MixedCase "m";
        set_by_lua_block $Other { return "o" }
        content_by_lua_block { ngx.say(ngx.var.mixedcase, ngx.var.MIXEDCASE, ngx.var.other) }
        header_filter_by_lua_block { ngx.header["X-V"] = ngx.var.OTHER }
    }
--- request
GET /t

=== TEST 101: a string of digits is not a capture; assigned values go through tostring
--- config
    location ~ ^/t/(\d+)$ {
        set $v "";
        content_by_lua_block {
            ngx.say(ngx.var[1], " ", ngx.var["1"])
            ngx.var.v = true
            ngx.say(ngx.var.v)
            ngx.var.v = 2.5
            ngx.say(ngx.var.v)
        }
    }
--- request
GET /t/42

=== TEST 102: $args set to an empty string reads as "", a request without arguments as nil
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.var.args)
            ngx.var.args = ""
            ngx.say("[", ngx.var.args, "] [", ngx.var.is_args, "]")
            ngx.var.args = nil
            ngx.say(ngx.var.args)
            ngx.req.set_uri_args({})
            ngx.say("[", ngx.var.query_string, "]")
        }
    }
--- request
GET /t?

=== TEST 34: writing built-in variables: query_string is not changeable, prefix variables are not found
--- config
    location /t {
        content_by_lua_block {
            for _, n in ipairs{"query_string", "args", "uri", "arg_a", "http_foo", "http_host", "cookie_a", "sent_http_x", "sent_http_location", "remote_addr"} do
                local ok, err = pcall(function() ngx.var[n] = "x" end)
                ngx.say(n, ": ", ok, " ", err)
            end
        }
    }
--- request
GET /t?a=1
