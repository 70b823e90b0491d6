# Lifted from openresty/lua-nginx-module t/110-etag.t (BSD license)

=== TEST 1: If-None-Match true
--- config
    location /t {
        
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: 123456789
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 2: If-None-Match false
--- config
    location /t {
        etag on;
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: 123456780
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 3: Etag clear
--- config
    location /t {
        etag on;
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            ngx.header["ETag"] = nil
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: 123456789
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 4: If-None-Match quoted etag
--- config
    location /t {
        
        content_by_lua '
            ngx.header["ETag"] = "\\"abc\\""
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: "abc"
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 5: If-None-Match star
--- config
    location /t {
        
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: *
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 6: weak etag W/ match
--- config
    location /t {
        
        content_by_lua '
            ngx.header["ETag"] = "W/\\"abc\\""
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: "abc"
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 7: only If-Modified-Since newer
--- config
    location /t {
        content_by_lua '
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            ngx.say("body")
        ';
    }
--- request
GET /t
--- more_headers
If-Modified-Since: Fri, 11 May 2012 07:50:59 GMT

=== TEST 8: if_modified_since before
--- config
    location /t {
        if_modified_since before;
        content_by_lua '
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            ngx.say("body")
        ';
    }
--- request
GET /t
--- more_headers
If-Modified-Since: Fri, 11 May 2012 07:50:59 GMT

=== TEST 9: If-Unmodified-Since fails -> 412
--- config
    location /t {
        content_by_lua '
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            ngx.say("body")
        ';
    }
--- request
GET /t
--- more_headers
If-Unmodified-Since: Wed, 09 May 2012 07:50:59 GMT

=== TEST 10: If-Match mismatch -> 412
--- config
    location /t {
        content_by_lua '
            ngx.header["ETag"] = "\\"x\\""
            ngx.say("body")
        ';
    }
--- request
GET /t
--- more_headers
If-Match: "y"

=== TEST 11: 304 for HEAD
--- config
    location /t {
        
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
HEAD /t
--- more_headers
If-None-Match: 123456789
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 12: 304 keeps custom headers
--- config
    location /t {
        add_header X-A 1;
        content_by_lua '
            ngx.header["ETag"] = "123456789"
            ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT"
            ngx.header["X-B"] = "2" ngx.header.content_length = 5
            ngx.say(ngx.var.http_if_none_match)
        ';
    }
--- request
GET /t
--- more_headers
If-None-Match: 123456789
If-Modified-Since: Thu, 10 May 2012 07:50:59 GMT

=== TEST 13: is_internal
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.req.is_internal()) }
    }
--- request
GET /t

=== TEST 14: http_version
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.req.http_version()) }
    }
--- request
GET /t

=== TEST 15: raw_header
--- config
    location /t {
        content_by_lua_block { ngx.print(ngx.req.raw_header()) }
    }
--- request
GET /t
--- more_headers
X-Foo: bar
X-Foo: baz

=== TEST 16: raw_header no request line
--- config
    location /t {
        content_by_lua_block { ngx.print(ngx.req.raw_header(true)) }
    }
--- request
GET /t
--- more_headers
X-Foo: bar

=== TEST 17: start_time sane
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.req.start_time() <= ngx.now(), " ", ngx.now() - ngx.req.start_time() < 5) }
    }
--- request
GET /t

=== TEST 18: get_headers case and underscores
--- config
    location /t {
        content_by_lua_block { local h = ngx.req.get_headers() ngx.say(h["x-foo"], " ", h.x_foo, " ", h["X-FOO"], " ", tostring(h["x_foo"])) }
    }
--- request
GET /t
--- more_headers
X-Foo: bar

=== TEST 19: get_headers raw
--- config
    location /t {
        content_by_lua_block { local h = ngx.req.get_headers(nil, true) ngx.say(tostring(h["x-foo"]), " ", tostring(h["X-Foo"])) }
    }
--- request
GET /t
--- more_headers
X-Foo: bar

=== TEST 20: header with empty value
--- config
    location /t {
        content_by_lua_block { local h = ngx.req.get_headers() ngx.say("[", h["x-empty"], "]") }
    }
--- request
GET /t
--- more_headers
X-Empty:

=== TEST 21: ngx.var.http_ with dashes
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.http_x_foo_bar, " ", ngx.var["http_x-foo-bar"]) }
    }
--- request
GET /t
--- more_headers
X-Foo-Bar: v

=== TEST 22: cookie var
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.cookie_a, " ", ngx.var.cookie_b, " ", ngx.var.http_cookie) }
    }
--- request
GET /t
--- more_headers
Cookie: a=1; b=2

=== TEST 23: args vars
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.arg_a, " ", ngx.var.arg_B, " ", ngx.var.args, " ", ngx.var.is_args) }
    }
--- request
GET /t?a=1&B=2

=== TEST 24: request_time and msec
--- config
    location /t {
        content_by_lua_block { ngx.say(tonumber(ngx.var.request_time) >= 0, " ", tonumber(ngx.var.msec) > 1e9) }
    }
--- request
GET /t

=== TEST 25: remote_addr server_addr
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.remote_addr, " ", ngx.var.server_addr, " ", ngx.var.server_name, " ", ngx.var.scheme, " ", ngx.var.server_protocol) }
    }
--- request
GET /t

=== TEST 26: request_length and content_length
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.content_length, " ", ngx.var.request_length ~= nil) }
    }
--- request
POST /t
hello body

=== TEST 27: ngx.req.set_body_data and get_body_data
--- config
    location /t {
        content_by_lua_block { ngx.req.read_body() ngx.req.set_body_data("new") ngx.say(ngx.req.get_body_data(), " ", ngx.var.request_body) }
    }
--- request
POST /t
hello body

=== TEST 28: discard_body
--- config
    location /t {
        content_by_lua_block { ngx.req.discard_body() ngx.say(tostring(ngx.req.get_body_data())) }
    }
--- request
POST /t
hello body

=== TEST 29: init_body append finish
--- config
    location /t {
        content_by_lua_block { ngx.req.read_body() ngx.req.init_body() ngx.req.append_body("ab") ngx.req.append_body("cd") ngx.req.finish_body() ngx.say(ngx.req.get_body_data()) }
    }
--- request
POST /t
hello body

=== TEST 30: get_body_file
--- config
    location /t {
        content_by_lua_block { ngx.req.read_body() ngx.say(tostring(ngx.req.get_body_file())) }
    }
--- request
POST /t
hello body

=== TEST 31: uri with encoded chars
--- config
    location /t {
        content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.var.request_uri, " ", ngx.var.document_uri) }
    }
--- request
GET /t/%41%20b/../c
