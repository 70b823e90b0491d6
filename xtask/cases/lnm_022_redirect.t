# Lifted from openresty/lua-nginx-module t/022-redirect.t (BSD license)

=== TEST 1: default 302
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo");
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 2: explicit 302
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo", ngx.HTTP_MOVED_TEMPORARILY);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 3: explicit 301
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo", ngx.HTTP_MOVED_PERMANENTLY);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 4: bad rc
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo", 404);
            ngx.say("hi")
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 5: no args
--- config
    location /read {
        content_by_lua '
            ngx.redirect()
            ngx.say("hi")
        ';
    }
--- request
GET /read
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 6: relative uri
--- config
    location /echo {
        content_by_lua_block { ngx.say("hello, world") }
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /read {
        content_by_lua '
            ngx.location.capture("/proxy")
            ngx.redirect("/echo")
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 7: default 302 (with uri args)
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo?bar=3");
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 8: location.capture + ngx.redirect
--- config
    location /echo {
        content_by_lua_block { ngx.say("hello, world") }
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /read {
        content_by_lua '
            ngx.location.capture("/proxy")
            ngx.location.capture("/proxy")
            ngx.redirect("/echo")
            ngx.exit(403)
        ';
    }
--- pipelined_requests
GET /read/1
GET /read/2

=== TEST 9: explicit 307
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo", ngx.HTTP_TEMPORARY_REDIRECT);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 10: explicit 307 numeric
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo?a=b&c=d", 307);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 11: explicit 303
--- config
    location /read {
        content_by_lua_block {
            ngx.redirect("http://agentzh.org/foo", ngx.HTTP_SEE_OTHER);
            ngx.say("hi")
        }
    }
--- request
GET /read

=== TEST 12: explicit 303 numeric
--- config
    location /read {
        content_by_lua_block {
            ngx.redirect("http://agentzh.org/foo?a=b&c=d", 303);
            ngx.say("hi")
        }
    }
--- request
GET /read

=== TEST 13: explicit 308 with args
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo?a=b&c=d", ngx.HTTP_PERMANENT_REDIRECT);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 14: explicit 308
--- config
    location /read {
        content_by_lua '
            ngx.redirect("http://agentzh.org/foo?a=b&c=d", 308);
            ngx.say("hi")
        ';
    }
--- request
GET /read

=== TEST 15: uri contains CR
--- config
    location = /t {
        content_by_lua_block {
            ngx.redirect("http://agentzh.org/foo\rfoo:bar\nbar:foo");
            ngx.say("hi")
        }
    }
--- request
GET /t
--- grep_error_log
(unsafe byte|lua entry thread aborted)[^\n]*

=== TEST 16: uri prefix LF
--- config
    location = /t {
        content_by_lua_block {
            ngx.redirect("\nfoo:http://agentzh.org/foo");
            ngx.say("hi")
        }
    }
--- request
GET /t
--- grep_error_log
(unsafe byte|lua entry thread aborted)[^\n]*

=== TEST 17: uri with invalid characters escapes quote and backslash
--- config
    location = /t {
        content_by_lua_block {
            ngx.redirect("\rhttp\\://\"agentzh.org\"/foo");
            ngx.say("hi")
        }
    }
--- request
GET /t
--- grep_error_log
(unsafe byte|lua entry thread aborted)[^\n]*

=== TEST 18: redirect in rewrite phase
--- config
    location = /t {
        rewrite_by_lua_block {
            return ngx.redirect("/foo?a=1", 301)
        }
    }
--- request
GET /t

=== TEST 19: redirect with HTTP 1.0 relative
--- config
    location = /t {
        content_by_lua_block {
            return ngx.redirect("/foo")
        }
    }
--- request
GET /t HTTP/1.0
