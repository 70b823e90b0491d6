# Lifted from openresty/lua-nginx-module t/028b-req-header-special.t (BSD license)

=== TEST 1: set Host=foo.example then read $host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "foo.example") }
        content_by_lua_block { ngx.say("host=[", tostring(ngx.var.host), "] hdr=[", tostring(ngx.req.get_headers()["Host"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 2: 81 then read $host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "foo.example:81") }
        content_by_lua_block { ngx.say("host=[", tostring(ngx.var.host), "] hdr=[", tostring(ngx.req.get_headers()["Host"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 3: set Host=FOO.Example then read $host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "FOO.Example") }
        content_by_lua_block { ngx.say("host=[", tostring(ngx.var.host), "] hdr=[", tostring(ngx.req.get_headers()["Host"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 4: set Host=foo.example then read $http_host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "foo.example") }
        content_by_lua_block { ngx.say("http_host=[", tostring(ngx.var.http_host), "] hdr=[", tostring(ngx.req.get_headers()["Host"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 5: set User-Agent=ua2 then read $http_user_agent
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("User-Agent", "ua2") }
        content_by_lua_block { ngx.say("http_user_agent=[", tostring(ngx.var.http_user_agent), "] hdr=[", tostring(ngx.req.get_headers()["User-Agent"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 6: //r/ then read $http_referer
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Referer", "http://r/") }
        content_by_lua_block { ngx.say("http_referer=[", tostring(ngx.var.http_referer), "] hdr=[", tostring(ngx.req.get_headers()["Referer"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 7: set Cookie=a=9 then read $cookie_a
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Cookie", "a=9") }
        content_by_lua_block { ngx.say("cookie_a=[", tostring(ngx.var.cookie_a), "] hdr=[", tostring(ngx.req.get_headers()["Cookie"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 8: set Content-Type=text/x then read $content_type
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Content-Type", "text/x") }
        content_by_lua_block { ngx.say("content_type=[", tostring(ngx.var.content_type), "] hdr=[", tostring(ngx.req.get_headers()["Content-Type"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 9: set X-Forwarded-For=1.2.3.4 then read $http_x_forwarded_for
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("X-Forwarded-For", "1.2.3.4") }
        content_by_lua_block { ngx.say("http_x_forwarded_for=[", tostring(ngx.var.http_x_forwarded_for), "] hdr=[", tostring(ngx.req.get_headers()["X-Forwarded-For"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 10: set X-Forwarded-For=1.2.3.4 then read $proxy_add_x_forwarded_for
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("X-Forwarded-For", "1.2.3.4") }
        content_by_lua_block { ngx.say("proxy_add_x_forwarded_for=[", tostring(ngx.var.proxy_add_x_forwarded_for), "] hdr=[", tostring(ngx.req.get_headers()["X-Forwarded-For"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 11: set Connection=keep-alive then read $http_connection
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Connection", "keep-alive") }
        content_by_lua_block { ngx.say("http_connection=[", tostring(ngx.var.http_connection), "] hdr=[", tostring(ngx.req.get_headers()["Connection"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 12: set If-Modified-Since=x then read $http_if_modified_since
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("If-Modified-Since", "x") }
        content_by_lua_block { ngx.say("http_if_modified_since=[", tostring(ngx.var.http_if_modified_since), "] hdr=[", tostring(ngx.req.get_headers()["If-Modified-Since"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 13: set Authorization=Basic dTpw then read $remote_user
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Authorization", "Basic dTpw") }
        content_by_lua_block { ngx.say("remote_user=[", tostring(ngx.var.remote_user), "] hdr=[", tostring(ngx.req.get_headers()["Authorization"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 14: set Via=v then read $http_via
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Via", "v") }
        content_by_lua_block { ngx.say("http_via=[", tostring(ngx.var.http_via), "] hdr=[", tostring(ngx.req.get_headers()["Via"]), "]") }
    }
--- request
GET /t
--- more_headers
Cookie: a=1

=== TEST 15: proxy after set Host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "foo.example") }
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.http_host) }
    }
--- request
GET /t

=== TEST 16: proxy after clear Host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.clear_header("Host") }
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.http_host) }
    }
--- request
GET /t

=== TEST 17: server_name selection unaffected by set Host
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_header("Host", "other") }
        content_by_lua_block { ngx.say(ngx.var.server_name, " ", ngx.var.host) }
    }
--- request
GET /t

=== TEST 18: set multiple headers then raw_header
--- config
    location /t {
        rewrite_by_lua_block {
            ngx.req.set_header("X-A", {"1", "2"})
            ngx.req.set_header("Host", "h2")
            ngx.req.clear_header("X-B")
        }
        content_by_lua_block { ngx.print(ngx.req.raw_header()) }
    }
--- request
GET /t
--- more_headers
X-B: gone

=== TEST 19: set_header in content then subrequest sees it
--- config
    location /t {
        content_by_lua_block {
            ngx.req.set_header("X-Sub", "yes")
            ngx.req.set_header("Host", "subhost")
            ngx.print(ngx.location.capture("/s").body)
        }
    }
    location /s {
        content_by_lua_block { ngx.say(ngx.var.http_x_sub, " ", ngx.var.host) }
    }
--- request
GET /t

=== TEST 20: set header with bad types
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.req.set_header, "X", true))
            ngx.say(pcall(ngx.req.set_header, "X", 1.5))
            ngx.say(ngx.req.get_headers()["X"])
            ngx.say(pcall(ngx.req.set_header, nil, "v"))
            ngx.say(pcall(ngx.req.set_header, "X\r\nY", "v"))
            ngx.say(pcall(ngx.req.set_header, "Z", "a\r\nb"))
            ngx.say(ngx.req.get_headers()["Z"])
        }
    }
--- request
GET /t
