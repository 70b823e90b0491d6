# Lifted from openresty/lua-nginx-module t/093-uthread-spawn.t (BSD license)

=== TEST 1: simple user thread without I/O
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
        ';
    }
--- request
GET /lua

=== TEST 2: two simple user threads without I/O
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("in thread 1")
            end
            function g()
                ngx.say("in thread 2")
            end
            ngx.say("before 1")
            ngx.thread.spawn(f)
            ngx.say("after 1")
            ngx.say("before 2")
            ngx.thread.spawn(g)
            ngx.say("after 2")
        ';
    }
--- request
GET /lua

=== TEST 3: simple user thread with sleep
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before sleep")
                ngx.sleep(0.1)
                ngx.say("after sleep")
            end
            ngx.say("before thread create")
            ngx.thread.spawn(f)
            ngx.say("after thread create")
        ';
    }
--- request
GET /lua

=== TEST 4: two simple user threads with sleep
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("1: before sleep")
                ngx.sleep(0.2)
                ngx.say("1: after sleep")
            end
            function g()
                ngx.say("2: before sleep")
                ngx.sleep(0.1)
                ngx.say("2: after sleep")
            end
            ngx.say("1: before thread create")
            ngx.thread.spawn(f)
            ngx.say("1: after thread create")
            ngx.say("2: before thread create")
            ngx.thread.spawn(g)
            ngx.say("2: after thread create")
        ';
    }
--- request
GET /lua

=== TEST 5: error in user thread
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.blah()
            end
            ngx.thread.spawn(f)
            ngx.say("after")
        ';
    }
--- request
GET /lua
--- grep_error_log
lua user thread aborted: [^\n]*

=== TEST 6: simple user threads doing a single subrequest (entry quits early)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before capture")
                res = ngx.location.capture("/proxy?foo")
                ngx.say("after capture: ", res.body)
            end
            ngx.say("before thread create")
            ngx.thread.spawn(f)
            ngx.say("after thread create")
        ';
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/$args;
    }
    location /foo {
        content_by_lua_block { ngx.sleep(0.1) ngx.print("hello foo") }
    }
    location /bar {
        content_by_lua_block { ngx.sleep(0.2) ngx.print("hello bar") }
    }
    location /baz {
        content_by_lua_block { ngx.print("hello baz") }
    }
    location /bah {
        content_by_lua_block { ngx.sleep(0.3) ngx.print("hello bah") }
    }
--- request
GET /lua

=== TEST 7: entry also does a subrequest and quits early
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before capture")
                local res = ngx.location.capture("/proxy?foo")
                ngx.say("after capture: ", res.body)
            end
            ngx.say("before thread create")
            ngx.thread.spawn(f)
            ngx.say("after thread create")
            local res = ngx.location.capture("/proxy?baz")
            ngx.say("capture: ", res.body)
        ';
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/$args;
    }
    location /foo {
        content_by_lua_block { ngx.sleep(0.1) ngx.print("hello foo") }
    }
    location /bar {
        content_by_lua_block { ngx.sleep(0.2) ngx.print("hello bar") }
    }
    location /baz {
        content_by_lua_block { ngx.print("hello baz") }
    }
    location /bah {
        content_by_lua_block { ngx.sleep(0.3) ngx.print("hello bah") }
    }
--- request
GET /lua

=== TEST 8: entry also does a subrequest and quits late
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before capture")
                local res = ngx.location.capture("/proxy?foo")
                ngx.say("after capture: ", res.body)
            end
            ngx.say("before thread create")
            ngx.thread.spawn(f)
            ngx.say("after thread create")
            local res = ngx.location.capture("/proxy?bar")
            ngx.say("capture: ", res.body)
        ';
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/$args;
    }
    location /foo {
        content_by_lua_block { ngx.sleep(0.1) ngx.print("hello foo") }
    }
    location /bar {
        content_by_lua_block { ngx.sleep(0.2) ngx.print("hello bar") }
    }
    location /baz {
        content_by_lua_block { ngx.print("hello baz") }
    }
    location /bah {
        content_by_lua_block { ngx.sleep(0.3) ngx.print("hello bah") }
    }
--- request
GET /lua

=== TEST 9: two user threads doing subrequests, entry quits between
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("f: before capture")
                local res = ngx.location.capture("/proxy?foo")
                ngx.say("f: after capture: ", res.body)
            end
            function g()
                ngx.say("g: before capture")
                local res = ngx.location.capture("/proxy?bah")
                ngx.say("g: after capture: ", res.body)
            end
            ngx.say("before thread 1 create")
            ngx.thread.spawn(f)
            ngx.say("after thread 1 create")
            ngx.say("before thread 2 create")
            ngx.thread.spawn(g)
            ngx.say("after thread 2 create")
            local res = ngx.location.capture("/proxy?bar")
            ngx.say("capture: ", res.body)
        ';
    }
    location /proxy {
        proxy_pass http://127.0.0.1:$PORT/$args;
    }
    location /foo {
        content_by_lua_block { ngx.sleep(0.1) ngx.print("hello foo") }
    }
    location /bar {
        content_by_lua_block { ngx.sleep(0.2) ngx.print("hello bar") }
    }
    location /baz {
        content_by_lua_block { ngx.print("hello baz") }
    }
    location /bah {
        content_by_lua_block { ngx.sleep(0.3) ngx.print("hello bah") }
    }
--- request
GET /lua

=== TEST 10: nested user threads
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before g")
                ngx.thread.spawn(g)
                ngx.say("after g")
            end
            function g()
                ngx.say("hello in g()")
            end
            ngx.say("before f")
            ngx.thread.spawn(f)
            ngx.say("after f")
        ';
    }
--- request
GET /lua

=== TEST 11: nested user threads (with I/O)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before g")
                ngx.thread.spawn(g)
                ngx.say("after g")
            end
            function g()
                ngx.sleep(0.1)
                ngx.say("hello in g()")
            end
            ngx.say("before f")
            ngx.thread.spawn(f)
            ngx.say("after f")
        ';
    }
--- request
GET /lua

=== TEST 12: coroutine status of a running user thread
--- config
    location /lua {
        content_by_lua '
            local co
            function f()
                co = coroutine.running()
                ngx.sleep(0.1)
            end
            ngx.thread.spawn(f)
            ngx.say("status: ", coroutine.status(co))
        ';
    }
--- request
GET /lua

=== TEST 13: coroutine status of a dead user thread
--- config
    location /lua {
        content_by_lua '
            local co
            function f()
                co = coroutine.running()
            end
            ngx.thread.spawn(f)
            ngx.say("status: ", coroutine.status(co))
        ';
    }
--- request
GET /lua

=== TEST 14: coroutine status of a normal user thread
--- config
    location /lua {
        content_by_lua '
            local co
            function f()
                co = coroutine.running()
                local co2 = coroutine.create(g)
                coroutine.resume(co2)
            end
            function g()
                ngx.sleep(0.1)
            end
            ngx.thread.spawn(f)
            ngx.say("status: ", coroutine.status(co))
        ';
    }
--- request
GET /lua

=== TEST 15: creating user threads in a user coroutine
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("before g")
                ngx.thread.spawn(g)
                ngx.say("after g")
            end
            function g()
                ngx.say("hello in g()")
            end
            ngx.say("before f")
            local co = coroutine.create(f)
            coroutine.resume(co)
            ngx.say("after f")
        ';
    }
--- request
GET /lua

=== TEST 16: manual time slicing between a user thread and the entry thread
--- config
    location /lua {
        content_by_lua '
            local yield = coroutine.yield
            function f()
                local self = coroutine.running()
                ngx.say("f 1")
                yield(self)
                ngx.say("f 2")
                yield(self)
                ngx.say("f 3")
            end
            local self = coroutine.running()
            ngx.say("0")
            yield(self)
            ngx.say("1")
            ngx.thread.spawn(f)
            ngx.say("2")
            yield(self)
            ngx.say("3")
            yield(self)
            ngx.say("4")
        ';
    }
--- request
GET /lua

=== TEST 17: manual time slicing between two user threads
--- config
    location /lua {
        content_by_lua '
            local yield = coroutine.yield
            function f()
                local self = coroutine.running()
                ngx.say("f 1")
                yield(self)
                ngx.say("f 2")
                yield(self)
                ngx.say("f 3")
            end
            function g()
                local self = coroutine.running()
                ngx.say("g 1")
                yield(self)
                ngx.say("g 2")
                yield(self)
                ngx.say("g 3")
            end
            ngx.thread.spawn(f)
            ngx.thread.spawn(g)
            ngx.say("done")
        ';
    }
--- request
GET /lua

=== TEST 18: wait for a thread
--- config
    location /lua {
        content_by_lua '
            local t = ngx.thread.spawn(function(a, b) ngx.sleep(0.05) return a + b, "x" end, 1, 2)
            ngx.say(ngx.thread.wait(t))
            ngx.say(ngx.thread.wait(t))
        ';
    }
--- request
GET /lua

=== TEST 19: wait for any of two threads
--- config
    location /lua {
        content_by_lua '
            local t1 = ngx.thread.spawn(function() ngx.sleep(0.2) return "slow" end)
            local t2 = ngx.thread.spawn(function() ngx.sleep(0.05) return "fast" end)
            ngx.say(ngx.thread.wait(t1, t2))
        ';
    }
--- request
GET /lua

=== TEST 20: wait on an erroring thread
--- config
    location /lua {
        content_by_lua '
            local t = ngx.thread.spawn(function() error("boom") end)
            ngx.say(ngx.thread.wait(t))
        ';
    }
--- request
GET /lua
--- grep_error_log
lua user thread aborted: [^\n]*

=== TEST 21: kill a thread
--- config
    location /lua {
        content_by_lua '
            local t = ngx.thread.spawn(function() ngx.sleep(0.1) ngx.say("never") end)
            ngx.say(ngx.thread.kill(t))
            ngx.say(ngx.thread.kill(t))
            ngx.sleep(0.2)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 22: exit from user thread aborts others
--- config
    location /lua {
        content_by_lua '
            ngx.thread.spawn(function() ngx.sleep(0.05) ngx.say("t1") ngx.exit(200) end)
            ngx.sleep(0.2)
            ngx.say("entry")
        ';
    }
--- request
GET /lua

=== TEST 23: entry thread error with user threads pending
--- config
    location /lua {
        content_by_lua '
            ngx.thread.spawn(function() ngx.sleep(0.1) ngx.say("t1") end)
            error("entry fail")
        ';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 24: exit 404 from user thread before output
--- config
    location /lua {
        content_by_lua '
            ngx.thread.spawn(function() ngx.exit(404) end)
            ngx.say("entry")
        ';
    }
--- request
GET /lua

=== TEST 25: spawn in rewrite then content
--- config
    location /lua {
        rewrite_by_lua_block { ngx.thread.spawn(function() ngx.sleep(0.05) ngx.ctx.x = 1 end) }
        content_by_lua '
            ngx.say("content")
        ';
    }
--- request
GET /lua
