# headers-more (openresty/headers-more-nginx-module 0.34, loaded by the harness after the lua
# module): more_set_headers, more_clear_headers, more_set_input_headers,
# more_clear_input_headers; -s, -t, -r; wildcards; built-in headers; inheritance; order against
# add_header and header_filter_by_lua.

=== TEST 1: set a new header
--- config
    location /t { more_set_headers 'X-Foo: bar'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 2: set several headers in one directive and in several
--- config
    location /t {
        more_set_headers 'X-A: 1' 'X-B: 2';
        more_set_headers "X-C: 3";
        return 200 "ok\n";
    }
--- request
GET /t

=== TEST 3: set replaces a header Lua set
--- config
    location /t {
        more_set_headers 'X-Foo: new';
        content_by_lua_block { ngx.header["X-Foo"] = {"a", "b"}; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 4: clear a header Lua set
--- config
    location /t {
        more_clear_headers 'X-Foo' X-Bar;
        content_by_lua_block { ngx.header["X-Foo"] = "a"; ngx.header["X-Bar"] = "b"; ngx.header["X-Baz"] = "c"; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 5: set with an empty value clears
--- config
    location /t {
        more_set_headers 'X-Foo:' 'X-Bar';
        content_by_lua_block { ngx.header["X-Foo"] = "a"; ngx.header["X-Bar"] = "b"; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 6: value with variables
--- config
    location /t {
        set $who world;
        more_set_headers 'X-Uri: $uri' 'X-Hello: hello, $who!' 'X-Arg: [$arg_a]';
        return 200 "ok\n";
    }
--- request
GET /t?a=1

=== TEST 7: a variable that is empty clears
--- config
    location /t {
        more_set_headers 'X-Foo: $arg_foo';
        content_by_lua_block { ngx.header["X-Foo"] = "lua"; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 8: clear with a wildcard
--- config
    location /t {
        more_clear_headers 'X-Foo-*';
        content_by_lua_block {
            ngx.header["X-Foo-A"] = "a"; ngx.header["x-foo-b"] = "b"; ngx.header["X-Foo"] = "c"
            ngx.header["X-Foo-"] = "d"; ngx.header["X-Bar-A"] = "e"
            ngx.say("ok")
        }
    }
--- request
GET /t

=== TEST 9: set with a wildcard sets the first match and clears the rest
--- config
    location /t {
        more_set_headers 'X-Foo-*: v';
        content_by_lua_block { ngx.header["X-Foo-A"] = "a"; ngx.header["X-Foo-B"] = "b"; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 10: set with a wildcard and no match adds it as written
--- config
    location /t { more_set_headers 'X-Foo-*: v'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 11: set Server
--- config
    location /t { more_set_headers 'Server: my-server'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 12: clear Server
--- config
    location /t { more_clear_headers Server; return 200 "ok\n"; }
--- request
GET /t

=== TEST 13: clear Server on a built-in error page
--- config
    location /t { more_clear_headers Server; return 404; }
--- request
GET /t

=== TEST 14: set Content-Type
--- config
    location /t { more_set_headers 'Content-Type: text/x-mine'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 15: set Content-Type with a charset
--- config
    location /t { more_set_headers 'Content-Type: text/html;charset=koi8-r'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 16: clear Content-Type
--- config
    location /t { more_clear_headers Content-Type; return 200 "ok\n"; }
--- request
GET /t

=== TEST 17: clear Content-Type of a Lua response
--- config
    location /t { more_clear_headers 'Content-Type'; content_by_lua_block { ngx.header.content_type = "text/plain"; ngx.say("ok") } }
--- request
GET /t

=== TEST 18: set Content-Length of a Lua response: no chunked framing then
--- config
    location /t { more_set_headers 'Content-Length: 3'; content_by_lua_block { ngx.say("ok") } }
--- request
GET /t

=== TEST 19: clear Content-Length: chunked then
--- config
    location /t { more_clear_headers Content-Length; return 200 "ok\n"; }
--- request
GET /t

=== TEST 20: clear Last-Modified of a static file
--- config
    location /t { more_clear_headers Last-Modified; alias html/a.txt; }
--- user_files
>>> html/a.txt
hello
--- request
GET /t

=== TEST 21: set Last-Modified of a static file
--- config
    location /t { more_set_headers 'Last-Modified: Thu, 01 Jan 1970 00:00:00 GMT'; alias html/a.txt; }
--- user_files
>>> html/a.txt
hello
--- request
GET /t

=== TEST 22: clear ETag and Accept-Ranges of a static file
--- config
    location /t { more_clear_headers ETag Accept-Ranges; alias html/a.txt; }
--- user_files
>>> html/a.txt
hello
--- request
GET /t

=== TEST 23: set Location of a redirect
--- config
    location /t { more_set_headers 'Location: http://example.com/x'; return 302 /somewhere; }
--- request
GET /t

=== TEST 24: set a relative Location
--- config
    location /t { more_set_headers 'Location: /other'; return 301 /somewhere; }
--- request
GET /t

=== TEST 25: clear Location
--- config
    location /t { more_clear_headers Location; return 302 /somewhere; }
--- request
GET /t

=== TEST 26: set Cache-Control replaces all of them
--- config
    location /t {
        more_set_headers 'Cache-Control: no-store';
        content_by_lua_block { ngx.header["Cache-Control"] = {"a", "b"}; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 27: -s applies to the listed statuses
--- config
    location /t { more_set_headers -s '404 500' 'X-Err: yes'; return 404; }
    location /u { more_set_headers -s '404 500' 'X-Err: yes'; return 200 "ok\n"; }
--- pipelined_requests
GET /t
GET /u

=== TEST 28: -s with a single status and several spaces
--- config
    location /t { more_set_headers -s '  201   ' 'X-Created: 1'; return 201 "made\n"; }
--- request
GET /t

=== TEST 29: -t matches the content type exactly
--- config
    location /t { more_set_headers -t 'text/plain text/css' 'X-Type: matched'; default_type text/plain; return 200 "ok\n"; }
    location /u { more_set_headers -t 'text/plain text/css' 'X-Type: matched'; default_type text/html; return 200 "ok\n"; }
--- pipelined_requests
GET /t
GET /u

=== TEST 30: -t does not match a Content-Type with parameters
--- config
    location /t {
        more_set_headers -t 'text/html' 'X-Type: matched';
        content_by_lua_block { ngx.header.content_type = "text/html; charset=utf-8"; ngx.say("ok") }
    }
--- request
GET /t

=== TEST 31: -t matches before charset adds its parameter
--- config
    location /t { charset utf-8; more_set_headers -t 'text/html' 'X-Type: matched'; root html; }
--- user_files
>>> html/t/a.html
<p>hi</p>
--- request
GET /t/a.html

=== TEST 32: -s and -t together, options after the headers
--- config
    location /t { more_set_headers 'X-Both: yes' -t 'text/plain' -s 404; default_type text/plain; return 404; }
    location /u { more_set_headers 'X-Both: yes' -t 'text/plain' -s 404; default_type text/plain; return 200 "x\n"; }
--- pipelined_requests
GET /t
GET /u

=== TEST 33: clear with -s
--- config
    location /t { more_clear_headers -s 404 Server; return 404; }
    location /u { more_clear_headers -s 404 Server; return 200 "ok\n"; }
--- pipelined_requests
GET /t
GET /u

=== TEST 34: directives run in order
--- config
    location /t {
        more_set_headers 'X-A: first';
        more_set_headers 'X-A: second' 'X-B: b';
        more_clear_headers 'X-B';
        return 200 "ok\n";
    }
--- request
GET /t

=== TEST 35: inheritance: a location adds to the server's
--- config
    more_set_headers 'X-Server: s' 'X-Both: server';
    location /t { more_set_headers 'X-Loc: l' 'X-Both: loc'; return 200 "ok\n"; }
    location /u { return 200 "ok\n"; }
--- pipelined_requests
GET /t
GET /u

=== TEST 36: inheritance from http through server to a nested location
--- http_config
    more_set_headers 'X-Http: h';
--- config
    more_set_headers 'X-Server: s';
    location /t {
        more_set_headers 'X-Loc: l';
        location /t/in { more_set_headers 'X-In: i'; return 200 "in\n"; }
        return 200 "ok\n";
    }
--- pipelined_requests
GET /t
GET /t/in

=== TEST 37: the server's clear runs before the location's set
--- config
    more_clear_headers 'X-Foo';
    location /t { more_set_headers 'X-Foo: loc'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 38: in an if inside a location
--- config
    location /t {
        more_set_headers 'X-Loc: l';
        if ($arg_x) { more_set_headers 'X-If: $arg_x'; }
        return 200 "ok\n";
    }
--- pipelined_requests
GET /t?x=1
GET /t

=== TEST 39: add_header runs after: both are sent
--- config
    location /t { add_header X-Foo added; more_set_headers 'X-Foo: more'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 40: add_header is not cleared
--- config
    location /t { add_header X-Foo added; more_clear_headers 'X-Foo'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 41: header_filter_by_lua sees the headers and runs after
--- config
    location /t {
        more_set_headers 'X-More: m';
        more_clear_headers 'X-Lua';
        header_filter_by_lua_block {
            ngx.header["X-Seen"] = ngx.header["X-More"] or "nil"
            ngx.header["X-Lua"] = "from filter"
        }
        return 200 "ok\n";
    }
--- request
GET /t

=== TEST 42: on a Lua error page
--- config
    location /t { more_set_headers 'X-Err: yes' -s 500; content_by_lua_block { error("oops") } }
--- request
GET /t
--- free
error_log

=== TEST 43: on an error_page redirect, the target location's
--- config
    error_page 404 /err;
    location /t { more_set_headers 'X-T: t'; return 404; }
    location /err { more_set_headers 'X-Err: e'; return 200 "error page\n"; }
--- request
GET /t

=== TEST 44: on a static 404
--- config
    location /t { more_set_headers -s 404 'X-Missing: yes'; root html; }
--- request
GET /t/none.html
--- free
error_log

=== TEST 45: -s with a 304 from not_modified: the status is still 200 for headers-more
--- config
    location /t { more_set_headers -s 304 'X-304: yes' ; more_set_headers -s 200 'X-200: yes'; alias html/a.txt; }
--- user_files
>>> html/a.txt
hello
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT
--- request
GET /t

=== TEST 46: on a proxied response
--- config
    location /t { more_set_headers 'X-Proxied: yes'; more_clear_headers 'X-Up-*'; proxy_pass http://127.0.0.1:$PORT/up; }
    location /up { add_header X-Up-A a; add_header X-Up-B b; add_header X-Keep k; return 200 "up\n"; }
--- request
GET /t

=== TEST 47: clear a proxied Server
--- config
    location /t { more_clear_headers Server; proxy_pass http://127.0.0.1:$PORT/up; }
    location /up { return 200 "up\n"; }
--- request
GET /t

=== TEST 48: set input header seen by $http_ and ngx.req.get_headers
--- config
    location /t {
        more_set_input_headers 'X-In: in-value' 'User-Agent: more-agent';
        content_by_lua_block {
            ngx.say(ngx.var.http_x_in, " ", ngx.var.http_user_agent)
            local h = ngx.req.get_headers()
            ngx.say(h["x-in"], " ", h["user-agent"])
        }
    }
--- more_headers
User-Agent: client
--- request
GET /t

=== TEST 49: clear input headers
--- config
    location /t {
        more_clear_input_headers 'X-A' 'X-B-*';
        content_by_lua_block {
            ngx.say(ngx.var.http_x_a, " ", ngx.var.http_x_b_1, " ", ngx.var.http_x_b_2, " ", ngx.var.http_x_c)
        }
    }
--- more_headers
X-A: a
X-B-1: b1
X-B-2: b2
X-C: c
--- request
GET /t

=== TEST 50: set input with -r only replaces
--- config
    location /t {
        more_set_input_headers -r 'X-A: new' 'X-B: new';
        content_by_lua_block { ngx.say(ngx.var.http_x_a, " ", ngx.var.http_x_b) }
    }
--- more_headers
X-A: old
--- request
GET /t

=== TEST 51: set input replaces duplicates
--- config
    location /t {
        more_set_input_headers 'X-A: one';
        content_by_lua_block { local h = ngx.req.get_headers(); ngx.say(type(h["x-a"]), " ", tostring(h["x-a"])) }
    }
--- more_headers
X-A: 1
X-A: 2
--- request
GET /t

=== TEST 52: set input Host changes $host
--- config
    location /t {
        more_set_input_headers 'Host: Example.COM:8080';
        content_by_lua_block { ngx.say(ngx.var.host, " ", ngx.var.http_host) }
    }
--- request
GET /t

=== TEST 53: input headers with -t on the request's Content-Type
--- config
    location /t {
        more_set_input_headers -t 'application/json' 'X-Json: yes';
        content_by_lua_block { ngx.say(ngx.var.http_x_json) }
    }
--- more_headers
Content-Type: application/json
--- request
POST /t
{}

=== TEST 54: input headers with -t that does not match
--- config
    location /t {
        more_set_input_headers -t 'application/json' 'X-Json: yes';
        content_by_lua_block { ngx.say(ngx.var.http_x_json) }
    }
--- more_headers
Content-Type: text/plain
--- request
POST /t
{}

=== TEST 55: input headers run after set and before rewrite_by_lua
--- config
    location /t {
        set $v from-set;
        more_set_input_headers 'X-V: $v';
        rewrite_by_lua_block { ngx.ctx.seen = ngx.var.http_x_v }
        content_by_lua_block { ngx.say(ngx.ctx.seen, " ", ngx.var.http_x_v) }
    }
--- request
GET /t

=== TEST 56: input headers with variables of the request
--- config
    location /t {
        more_set_input_headers 'X-Orig: $http_x_a-$uri';
        content_by_lua_block { ngx.say(ngx.var.http_x_orig) }
    }
--- more_headers
X-A: a
--- request
GET /t

=== TEST 57: input headers passed to a proxied request
--- config
    location /t {
        more_set_input_headers 'X-In: set' 'User-Agent: ua';
        more_clear_input_headers 'X-Secret';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block {
            ngx.say(ngx.var.http_x_in, " ", ngx.var.http_user_agent, " ", tostring(ngx.var.http_x_secret))
        }
    }
--- more_headers
X-Secret: s
--- request
GET /t

=== TEST 58: input headers inherited and in an if
--- config
    more_set_input_headers 'X-Srv: s';
    location /t {
        if ($arg_x) { more_set_input_headers 'X-If: $arg_x'; }
        content_by_lua_block { ngx.say(ngx.var.http_x_srv, " ", ngx.var.http_x_if) }
    }
--- pipelined_requests
GET /t?x=1
GET /t

=== TEST 59: clear input Cookie
--- config
    location /t {
        more_clear_input_headers Cookie;
        content_by_lua_block { ngx.say(tostring(ngx.var.cookie_a), " ", tostring(ngx.var.http_cookie)) }
    }
--- more_headers
Cookie: a=1
--- request
GET /t

=== TEST 60: input headers do not run for return
--- config
    location /t { more_set_input_headers 'X-A: set'; return 200 "[$http_x_a]\n"; }
--- request
GET /t

=== TEST 61: input headers after a rewrite to another location
--- config
    location /t { more_set_input_headers 'X-T: t'; rewrite ^ /u last; }
    location /u { more_set_input_headers 'X-U: u'; content_by_lua_block { ngx.say(ngx.var.http_x_t, " ", ngx.var.http_x_u) } }
--- request
GET /t

=== TEST 62: output and input directives together, input does not touch the response
--- config
    location /t {
        more_set_input_headers 'X-In: i';
        more_set_headers 'X-Out: $http_x_in';
        content_by_lua_block { ngx.say("ok") }
    }
--- request
GET /t

=== TEST 63: a header key with spaces around the colon
--- config
    location /t { more_set_headers 'X-Sp   :   spaced value  '; return 200 "ok\n"; }
--- request
GET /t

=== TEST 64: clear in http applies to every location
--- http_config
    more_clear_headers Server X-Powered-By;
--- config
    location /t { content_by_lua_block { ngx.header["X-Powered-By"] = "lua"; ngx.say("ok") } }
--- request
GET /t

=== TEST 65: ngx.exec keeps nothing of the first location's headers-more
--- config
    location /t { more_set_headers 'X-T: t'; content_by_lua_block { ngx.exec("/u") } }
    location /u { more_set_headers 'X-U: u'; return 200 "u\n"; }
--- request
GET /t

=== TEST 66: ngx.location.capture sees a subrequest's headers-more
--- config
    location /t { content_by_lua_block { local r = ngx.location.capture("/sub"); ngx.say(r.header["X-Sub"], " ", tostring(r.header["X-Gone"])) } }
    location /sub { more_set_headers 'X-Sub: s'; more_clear_headers X-Gone; content_by_lua_block { ngx.header["X-Gone"] = "g"; ngx.say("sub") } }
--- request
GET /t

=== TEST 67: set on a 204
--- config
    location /t { more_set_headers 'X-No-Content: 1'; return 204; }
--- request
GET /t

=== TEST 68: HEAD request
--- config
    location /t { more_set_headers 'X-Head: 1'; return 200 "ok\n"; }
--- request
HEAD /t

=== TEST 69: clear Date
--- config
    location /t { more_clear_headers Date; return 200 "ok\n"; }
--- request
GET /t

=== TEST 70: set Accept-Ranges of a static file
--- config
    location /t { more_set_headers 'Accept-Ranges: none'; alias html/a.txt; }
--- user_files
>>> html/a.txt
hello
--- request
GET /t

=== TEST 71: clear Content-Encoding of gzip: gzip comes later
--- config
    location /t { gzip on; gzip_min_length 1; gzip_types text/plain; default_type text/plain; more_clear_headers Content-Encoding Vary; return 200 "hello hello hello\n"; }
--- more_headers
Accept-Encoding: gzip
--- request
GET /t

=== TEST 72: a Content-Length that is not a number ends the request without an answer
--- config
    location /t { more_set_headers 'Content-Length: abc'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 73: an invalid Host ends the request without an answer
--- config
    location /t { more_set_input_headers 'Host: a/b'; content_by_lua_block { ngx.say(ngx.var.host) } }
--- request
GET /t

=== TEST 74: clear Location with a wildcard
--- config
    location /t { more_clear_headers 'Loc*'; return 302 /x; }
--- request
GET /t

=== TEST 75: the Lua header filter and $status see the 304 of not_modified
--- config
    location /t {
        more_set_headers -s 304 'X-304: yes';
        more_set_headers 'X-Status: $status';
        alias html/a.txt;
        header_filter_by_lua_block { ngx.header["X-Lua-Status"] = ngx.status; ngx.header["X-Lua-Saw"] = ngx.header["X-304"] or "nil" }
    }
--- user_files
>>> html/a.txt
hello
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT
--- request
GET /t

=== TEST 76: a 412 of not_modified with headers-more and a Lua header filter
--- config
    location /t {
        more_set_headers 'X-More: $status';
        alias html/a.txt;
        header_filter_by_lua_block { ngx.header["X-Lua-Status"] = ngx.status }
    }
--- user_files
>>> html/a.txt
hello
--- more_headers
If-Unmodified-Since: Mon, 01 Jan 2024 03:04:05 GMT
--- request
GET /t

=== TEST 77: set Date
--- config
    location /t { more_set_headers 'Date: Thu, 01 Jan 1970 00:00:00 GMT' 'X-A: 1'; return 200 "ok\n"; }
--- request
GET /t

=== TEST 78: set and clear input headers with -t and several types
--- config
    location /t {
        more_clear_input_headers -t 'text/plain application/x-www-form-urlencoded' 'X-A';
        content_by_lua_block { ngx.say(tostring(ngx.var.http_x_a)) }
    }
--- more_headers
Content-Type: application/x-www-form-urlencoded
X-A: a
--- request
POST /t
a=1
