# Lifted from openresty/lua-nginx-module t/056-flush.t (BSD license)

=== TEST 1: flush true - content
--- config
    location /test {
        content_by_lua '
            ngx.say("hello, world")
            ngx.flush(true)
            ngx.say("hiya")
        ';
    }
--- request
GET /test

=== TEST 2: flush false - content
--- config
    location /test {
        content_by_lua '
            ngx.say("hello, world")
            ngx.flush(false)
            ngx.say("hiya")
        ';
    }
--- request
GET /test

=== TEST 3: flush true - rewrite
--- config
    location /test {
        rewrite_by_lua '
            ngx.say("hello, world")
            ngx.flush(true)
            ngx.say("hiya")
        ';
        content_by_lua return;
    }
--- request
GET /test

=== TEST 4: flush false - rewrite
--- config
    location /test {
        rewrite_by_lua '
            ngx.say("hello, world")
            ngx.flush(false)
            ngx.say("hiya")
        ';
        content_by_lua return;
    }
--- request
GET /test

=== TEST 5: http 1.0 flush true
--- config
    location /test {
        content_by_lua '
            ngx.say("hello, world")
            ngx.flush(true)
            ngx.say("hiya")
            ngx.flush(true)
            ngx.say("blah")
        ';
    }
--- request
GET /test HTTP/1.0

=== TEST 6: http 1.0 flush false
--- config
    location /test {
        content_by_lua '
            ngx.say("hello, world")
            ngx.flush(false)
            ngx.say("hiya")
            ngx.flush(false)
            ngx.say("blah")
        ';
    }
--- request
GET /test HTTP/1.0

=== TEST 7: flush wait then capture
--- config
    location /test {
        content_by_lua '
            ngx.say("hello, world")
            ngx.flush(true)
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
            ngx.flush(true)
        ';
    }
    location /sub {
        content_by_lua_block { ngx.say("sub") }
    }
--- request
GET /test

=== TEST 8: flush return values
--- config
    location /test {
        content_by_lua_block {
            ngx.say(ngx.flush())
            ngx.say(ngx.flush(true))
            ngx.eof()
            ngx.log(ngx.WARN, "after eof flush: ", ngx.flush())
        }
    }
--- request
GET /test
--- grep_error_log
after eof flush: [^,]*

=== TEST 9: flush before any output
--- config
    location /test {
        content_by_lua_block {
            local ok, err = ngx.flush(true)
            ngx.log(ngx.WARN, "flush: ", ok, " ", err)
            ngx.status = 201
            ngx.say("x")
        }
    }
--- request
GET /test
--- grep_error_log
flush: [^,]*

=== TEST 10: flush in HTTP 1.0 with explicit content-length
--- config
    location /test {
        content_by_lua_block {
            ngx.header.content_length = 6
            ngx.print("abc")
            ngx.flush(true)
            ngx.print("def")
        }
    }
--- request
GET /test HTTP/1.0

=== TEST 11: HTTP 1.0 big body buffered
--- config
    location /test {
        content_by_lua_block {
            for i = 1, 100 do ngx.print(string.rep("x", 1000)) end
        }
    }
--- request
GET /test HTTP/1.0

=== TEST 12: HTTP 1.0 keepalive buffered
--- config
    location /test {
        content_by_lua_block {
            ngx.say("a")
            ngx.flush(true)
            ngx.say("b")
        }
    }
--- request
GET /test HTTP/1.0
--- more_headers
Connection: keep-alive

=== TEST 13: HTTP 1.0 with lua_http10_buffering off
--- config
    lua_http10_buffering off;
    location /test {
        content_by_lua_block {
            ngx.say("a")
            ngx.flush(true)
            ngx.say("b")
        }
    }
--- request
GET /test HTTP/1.0

=== TEST 14: sleep 0.05
--- config
    location /test {
        content_by_lua_block {local t = ngx.now() ngx.sleep(0.05) ngx.update_time() ngx.say(ngx.now() - t >= 0.04)}
    }
--- request
GET /test

=== TEST 15: sleep 0
--- config
    location /test {
        content_by_lua_block {ngx.say(ngx.sleep(0))}
    }
--- request
GET /test

=== TEST 16: sleep bad arg
--- config
    location /test {
        content_by_lua_block {ngx.say(pcall(ngx.sleep, "a")) ngx.say(pcall(ngx.sleep, -1)) ngx.say(pcall(ngx.sleep))}
    }
--- request
GET /test

=== TEST 17: sleep between says
--- config
    location /test {
        content_by_lua_block {ngx.say("a") ngx.sleep(0.01) ngx.say("b")}
    }
--- request
GET /test

=== TEST 18: sleep in header filter disabled
--- config
    location /test {
        content_by_lua_block { ngx.say("x") }
        header_filter_by_lua_block { ngx.header.r = tostring(pcall(ngx.sleep, 0.01)) }
    }
--- request
GET /test

=== TEST 19: sleep in log phase
--- config
    location /test {
        content_by_lua_block { ngx.say("x") }
        log_by_lua_block { local ok, err = pcall(ngx.sleep, 0.01) ngx.log(ngx.WARN, "log sleep: ", ok, " ", err) }
    }
--- request
GET /test
--- grep_error_log
log sleep: [^,]*

=== TEST 20: sleep in set_by_lua
--- config
    location /test {
        set_by_lua_block $r { local ok, err = pcall(ngx.sleep, 0.01) return tostring(ok) .. " " .. tostring(err) }
        content_by_lua_block { ngx.say(ngx.var.r) }
    }
--- request
GET /test

=== TEST 21: sleep in rewrite and access
--- config
    location /test {
        rewrite_by_lua_block { ngx.sleep(0.01) ngx.ctx.r = 1 }
        access_by_lua_block { ngx.sleep(0.01) ngx.ctx.a = 1 }
        content_by_lua_block { ngx.say(ngx.ctx.r, ngx.ctx.a) }
    }
--- request
GET /test
