# Lifted from openresty/lua-nginx-module t/098-uthread-wait.t (BSD license)

=== TEST 1: simple user thread wait without I/O
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                return "done"
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say(res)
        ';
    }
--- request
GET /lua

=== TEST 2: simple user thread wait with I/O
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("hello in thread")
                return "done"
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say(res)
        ';
    }
--- request
GET /lua

=== TEST 3: wait on uthreads on the reversed order of their termination
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("f: hello")
                return "done"
            end
            function g()
                ngx.sleep(0.2)
                ngx.say("g: hello")
                return "done"
            end
            local tf, err = ngx.thread.spawn(f)
            ngx.say("f thread created: ", coroutine.status(tf))
            local tg, err = ngx.thread.spawn(g)
            ngx.say("g thread created: ", coroutine.status(tg))
            local ok, res = ngx.thread.wait(tg)
            ngx.say("g: ", res)
            ngx.say("f thread status: ", coroutine.status(tf))
            ok, res = ngx.thread.wait(tf)
            ngx.say("f: ", res)
        ';
    }
--- request
GET /lua

=== TEST 4: wait on uthreads on the exact order of their termination
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("f: hello")
                return "done"
            end
            function g()
                ngx.sleep(0.2)
                ngx.say("g: hello")
                return "done"
            end
            local tf, err = ngx.thread.spawn(f)
            ngx.say("f thread created: ", coroutine.status(tf))
            local tg, err = ngx.thread.spawn(g)
            ngx.say("g thread created: ", coroutine.status(tg))
            local ok, res = ngx.thread.wait(tf)
            ngx.say("f: ", res)
            ngx.say("g thread status: ", coroutine.status(tg))
            ok, res = ngx.thread.wait(tg)
            ngx.say("g: ", res)
        ';
    }
--- request
GET /lua

=== TEST 5: simple user thread wait without I/O (return multiple values)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                return "done", 3.14
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res, res2 = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say("res: ", res, " ", res2)
        ';
    }
--- request
GET /lua

=== TEST 6: simple user thread wait with I/O, return multiple values
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("hello in thread")
                return "done", 3.14
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res, res2 = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say("res: ", res, " ", res2)
        ';
    }
--- request
GET /lua

=== TEST 7: simple user thread wait without I/O, throw errors
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                error("bad bad!")
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say(res)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua user thread aborted.*

=== TEST 8: simple user thread wait with I/O, throw errors
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("hello in thread")
                error("bad bad!")
            end
            local t, err = ngx.thread.spawn(f)
            if not t then
                ngx.say("failed to spawn thread: ", err)
                return
            end
            ngx.say("thread created: ", coroutine.status(t))
            collectgarbage()
            local ok, res = ngx.thread.wait(t)
            if not ok then
                ngx.say("failed to wait thread: ", res)
                return
            end
            ngx.say(res)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua user thread aborted.*

=== TEST 9: simple user thread wait without I/O (in a user coroutine)
--- config
    location /lua {
        content_by_lua '
            function g()
                ngx.say("hello in thread")
                return "done"
            end
            function f()
                local t, err = ngx.thread.spawn(g)
                ngx.say("thread created: ", coroutine.status(t))
                collectgarbage()
                local ok, res = ngx.thread.wait(t)
                if not ok then
                    ngx.say("failed to run thread: ", res)
                    return
                end
                ngx.say(res)
            end
            local co = coroutine.create(f)
            coroutine.resume(co)
        ';
    }
--- request
GET /lua

=== TEST 10: simple user thread wait with I/O (in a user coroutine)
--- config
    location /lua {
        content_by_lua '
            function g()
                ngx.sleep(0.1)
                ngx.say("hello in thread")
                return "done"
            end
            function f()
                local t, err = ngx.thread.spawn(g)
                ngx.say("thread created: ", coroutine.status(t))
                collectgarbage()
                local ok, res = ngx.thread.wait(t)
                if not ok then
                    ngx.say("failed to run thread: ", res)
                    return
                end
                ngx.say(res)
            end
            local co = coroutine.create(f)
            coroutine.resume(co)
        ';
    }
--- request
GET /lua

=== TEST 11: waiting on two simple user threads without I/O
--- config
    location /lua {
        content_by_lua '
            local out = ngx.say
            function f()
                out("f: hello")
                return "f done"
            end
            function g()
                out("g: hello")
                return "g done"
            end
            local tf, err = ngx.thread.spawn(f)
            out("thread f created: ", coroutine.status(tf))
            local tg, err = ngx.thread.spawn(g)
            out("thread g created: ", coroutine.status(tg))
            local ok, res = ngx.thread.wait(tf, tg)
            if not ok then
                out("failed to wait thread: ", res)
                return
            end
            out("res: ", res)
            out("f status: ", coroutine.status(tf))
            out("g status: ", coroutine.status(tg))
        ';
    }
--- request
GET /lua

=== TEST 12: waiting on two simple user threads with I/O
--- config
    location /lua {
        content_by_lua '
            local out = ngx.say
            function f()
                ngx.sleep(0.1)
                out("f: hello")
                return "f done"
            end
            function g()
                ngx.sleep(0.2)
                out("g: hello")
                return "g done"
            end
            local tf, err = ngx.thread.spawn(f)
            out("thread f created: ", coroutine.status(tf))
            local tg, err = ngx.thread.spawn(g)
            out("thread g created: ", coroutine.status(tg))
            local ok, res = ngx.thread.wait(tf, tg)
            if not ok then
                out("failed to wait thread: ", res)
                return
            end
            out("res: ", res)
            out("f status: ", coroutine.status(tf))
            out("g status: ", coroutine.status(tg))
        ';
    }
--- request
GET /lua

=== TEST 13: waiting on two user threads, the second finishing first
--- config
    location /lua {
        content_by_lua '
            local out = ngx.say
            function f()
                ngx.sleep(0.2)
                out("f: hello")
                return "f done"
            end
            function g()
                ngx.sleep(0.1)
                out("g: hello")
                return "g done"
            end
            local tf, err = ngx.thread.spawn(f)
            out("thread f created: ", coroutine.status(tf))
            local tg, err = ngx.thread.spawn(g)
            out("thread g created: ", coroutine.status(tg))
            local ok, res = ngx.thread.wait(tf, tg)
            if not ok then
                out("failed to wait thread: ", res)
                return
            end
            out("res: ", res)
            out("f status: ", coroutine.status(tf))
            out("g status: ", coroutine.status(tg))
        ';
    }
--- request
GET /lua

=== TEST 14: wait on a dead thread twice
--- config
    location /lua {
        content_by_lua '
            local t = ngx.thread.spawn(function() return 1 end)
            ngx.say(ngx.thread.wait(t))
            ngx.say(pcall(ngx.thread.wait, t))
        ';
    }
--- request
GET /lua

=== TEST 15: wait on a thread of another parent
--- config
    location /lua {
        content_by_lua '
            local t
            local t2 = ngx.thread.spawn(function()
                t = ngx.thread.spawn(function() ngx.sleep(0.05) return "inner" end)
                return "outer"
            end)
            ngx.say(ngx.thread.wait(t2))
            ngx.say(pcall(ngx.thread.wait, t))
        ';
    }
--- request
GET /lua

=== TEST 16: wait on nothing and on bad args
--- config
    location /lua {
        content_by_lua '
            ngx.say(pcall(ngx.thread.wait))
            ngx.say(pcall(ngx.thread.wait, "abc"))
            ngx.say(pcall(ngx.thread.wait, coroutine.create(function() end)))
        ';
    }
--- request
GET /lua
