# ngx.thread.spawn / wait / kill: light threads of one request.

=== TEST 1: user thread error is logged and wait returns false
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function() error("uthread boom") end)
        local ok, err = ngx.thread.wait(t)
        -- (the error value OpenResty returns here is whatever the dead coroutine's stack holds)
        ngx.say(ok, " ", type(err))
    } }
--- request
GET /t
--- grep_error_log
lua user thread aborted: [^\n]*

=== TEST 2: wait on a thread twice
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function() return 1 end)
        ngx.say(ngx.thread.wait(t))
        ngx.say(ngx.thread.wait(t))
    } }
--- request
GET /t

=== TEST 3: kill a finished thread, kill twice
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function() return 1 end)
        ngx.say(ngx.thread.kill(t))
        ngx.say(ngx.thread.kill(t))
        local t2 = ngx.thread.spawn(function() ngx.sleep(1) end)
        ngx.say(ngx.thread.kill(t2))
        ngx.say(ngx.thread.kill(t2))
        ngx.say(ngx.thread.wait(t2))
    } }
--- request
GET /t

=== TEST 4: wait on several threads returns the first to finish
--- config
    location /t { content_by_lua_block {
        local a = ngx.thread.spawn(function() ngx.sleep(0.05) return "slow" end)
        local b = ngx.thread.spawn(function() ngx.sleep(0.01) return "fast" end)
        ngx.say(ngx.thread.wait(a, b))
        ngx.say(ngx.thread.wait(a))
    } }
--- request
GET /t

=== TEST 5: type of a thread and multiple return values
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function(a, b) return a + b, "x", nil end, 1, 2)
        ngx.say(type(t))
        ngx.say(select("#", ngx.thread.wait(t)), " ", select(2, ngx.thread.wait ~= nil))
    } }
--- request
GET /t

=== TEST 6: results of wait
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function(a, b) return a + b, "x" end, 1, 2)
        ngx.say(ngx.thread.wait(t))
    } }
--- request
GET /t

=== TEST 7: ngx.exit in a user thread ends the request
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.say("thread") ngx.exit(200) end)
        ngx.say("main")
        ngx.sleep(0.1)
        ngx.say("not reached")
    } }
--- request
GET /t

=== TEST 8: ngx.exit in the entry thread kills user threads
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.05) ngx.say("never") end)
        ngx.say("main")
        ngx.exit(200)
    } }
--- request
GET /t

=== TEST 9: entry thread error aborts user threads
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.05) ngx.log(ngx.ERR, "never logged") end)
        error("entry boom")
    } }
--- request
GET /t
--- grep_error_log
never logged|lua entry thread aborted: [^\n]*

=== TEST 10: user thread error does not stop the entry thread
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) error("child") end)
        ngx.sleep(0.03)
        ngx.say("entry still runs")
    } }
--- request
GET /t
--- grep_error_log
lua user thread aborted: [^\n]*

=== TEST 11: only the parent can wait
--- config
    location /t { content_by_lua_block {
        local a
        local b = ngx.thread.spawn(function() ngx.sleep(0.01) return "b" end)
        a = ngx.thread.spawn(function() return pcall(ngx.thread.wait, b) end)
        ngx.say(ngx.thread.wait(a))
        ngx.say(ngx.thread.wait(b))
    } }
--- request
GET /t

=== TEST 12: only the parent can kill
--- config
    location /t { content_by_lua_block {
        local b = ngx.thread.spawn(function() ngx.sleep(0.01) return "b" end)
        local a = ngx.thread.spawn(function() return ngx.thread.kill(b) end)
        ngx.say(ngx.thread.wait(a))
        ngx.say(ngx.thread.wait(b))
    } }
--- request
GET /t

=== TEST 13: wait on a non-thread
--- config
    location /t { content_by_lua_block {
        ngx.say(pcall(ngx.thread.wait, 1))
        ngx.say(pcall(ngx.thread.wait, coroutine.create(function() end)))
        ngx.say(pcall(ngx.thread.spawn, 1))
        ngx.say(pcall(ngx.thread.spawn))
    } }
--- request
GET /t

=== TEST 14: nested threads
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function()
            local c = ngx.thread.spawn(function() ngx.sleep(0.01) return "grandchild" end)
            local ok, v = ngx.thread.wait(c)
            return "child+" .. v
        end)
        ngx.say(ngx.thread.wait(t))
    } }
--- request
GET /t

=== TEST 15: threads in rewrite and access phases
--- config
    location /t {
        rewrite_by_lua_block {
            ngx.thread.spawn(function() ngx.sleep(0.01) ngx.ctx.r = "rewrite thread" end)
        }
        access_by_lua_block {
            ngx.ctx.a = tostring(ngx.ctx.r)
        }
        content_by_lua_block { ngx.say(ngx.ctx.a) }
    }
--- request
GET /t

=== TEST 16: spawn is disabled in header_filter
--- config
    location /t {
        content_by_lua_block { ngx.say("body") }
        header_filter_by_lua_block {
            local ok, err = pcall(ngx.thread.spawn, function() end)
            ngx.header["X-Err"] = err
        }
    }
--- request
GET /t

=== TEST 17: threads running in parallel with sleeps
--- config
    location /t { content_by_lua_block {
        local start = ngx.now()
        local ts = {}
        for i = 1, 10 do ts[i] = ngx.thread.spawn(function() ngx.sleep(0.1) return i end) end
        local sum = 0
        for i = 1, 10 do local ok, v = ngx.thread.wait(ts[i]) sum = sum + v end
        ngx.update_time()
        ngx.say(sum, " ", ngx.now() - start < 0.5)
    } }
--- request
GET /t

=== TEST 18: a thread spawned in a user coroutine
--- config
    location /t { content_by_lua_block {
        local co = coroutine.wrap(function()
            local t = ngx.thread.spawn(function() ngx.sleep(0.01) return "in co" end)
            return ngx.thread.wait(t)
        end)
        ngx.say(co())
    } }
--- request
GET /t

=== TEST 19: output from a thread after the entry thread finished
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.say("late thread output") end)
    } }
--- request
GET /t

=== TEST 20: ngx.on_abort with lua_check_client_abort registers once
--- config
    lua_check_client_abort on;
    location /t { content_by_lua_block {
        ngx.say(ngx.on_abort(function() end))
        ngx.say(ngx.on_abort(function() end))
        ngx.say(pcall(ngx.on_abort, 1))
    } }
--- request
GET /t

=== TEST 21: ngx.exit in a user thread's first run
--- config
    location /t { content_by_lua_block {
        ngx.say("before")
        ngx.thread.spawn(function() ngx.say("in thread") ngx.exit(200) end)
        ngx.say("not reached")
    } }
--- request
GET /t

=== TEST 22: ngx.exec from a user thread
--- config
    location /target { content_by_lua_block { ngx.say("target") } }
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.exec("/target") end)
        ngx.sleep(0.1)
        ngx.say("not reached")
    } }
--- request
GET /t

=== TEST 23: captures from light threads run in parallel
--- config
    location /slow { content_by_lua_block { ngx.sleep(0.1) ngx.print(ngx.var.arg_n) } }
    location /t { content_by_lua_block {
        local start = ngx.now()
        local ts = {}
        for i = 1, 5 do
            ts[i] = ngx.thread.spawn(function() return ngx.location.capture("/slow?n=" .. i).body end)
        end
        local out = {}
        for i = 1, 5 do local ok, b = ngx.thread.wait(ts[i]) out[i] = b end
        ngx.update_time()
        ngx.say(table.concat(out), " ", ngx.now() - start < 0.4)
    } }
--- request
GET /t

=== TEST 24: light threads in a subrequest
--- config
    location /sub { content_by_lua_block {
        local t = ngx.thread.spawn(function() ngx.sleep(0.01) return "sub thread" end)
        ngx.print(select(2, ngx.thread.wait(t)))
    } }
    location /t { content_by_lua_block { ngx.say(ngx.location.capture("/sub").body) } }
--- request
GET /t

=== TEST 25: ngx.sleep(0) lets other light threads run
--- config
    location /t { content_by_lua_block {
        local log = {}
        local a = ngx.thread.spawn(function() for i = 1, 3 do log[#log + 1] = "a" .. i ngx.sleep(0) end end)
        local b = ngx.thread.spawn(function() for i = 1, 3 do log[#log + 1] = "b" .. i ngx.sleep(0) end end)
        ngx.thread.wait(a)
        ngx.thread.wait(b)
        ngx.say(table.concat(log, " "))
    } }
--- request
GET /t

=== TEST 26: a user thread error after the entry thread finished
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.say("thread out") error("after entry") end)
        ngx.say("entry done")
    } }
--- request
GET /t
--- grep_error_log
lua user thread aborted: [^\n]*

=== TEST 27: user thread tracebacks show the parent's stack
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function() ngx.sleep(0.01) error("late boom") end)
        ngx.thread.wait(t)
        local t2 = ngx.thread.spawn(function() error("early") end)
        local t3 = ngx.thread.spawn(function() ngx.sleep(0.01) local x = nil; return x.y end)
        ngx.sleep(0.05)
        ngx.say("x")
    } }
--- request
GET /t
--- grep_error_log
(?s)lua user thread aborted: .*?host: "localhost"

=== TEST 28: a grandchild's traceback
--- config
    location /t { content_by_lua_block {
        local function child()
            local g = ngx.thread.spawn(function() ngx.sleep(0.01) error("grandchild") end)
            return ngx.thread.wait(g)
        end
        ngx.thread.wait(ngx.thread.spawn(child))
        ngx.say("done")
    } }
--- request
GET /t
--- grep_error_log
(?s)lua user thread aborted: .*?host: "localhost"

=== TEST 29: a coroutine that resumed another is normal and cannot be resumed back
--- config
    location /t { content_by_lua_block {
        local a, b
        a = coroutine.create(function()
            ngx.say("a: ", coroutine.resume(b))
        end)
        b = coroutine.create(function()
            ngx.say("b sees a ", coroutine.status(a))
            ngx.say("b: ", coroutine.resume(a))
        end)
        ngx.say("main: ", coroutine.resume(a))
    } }
--- request
GET /t

=== TEST 30: coroutine.wrap on a finished coroutine returns false and a message
--- config
    location /t { content_by_lua_block {
        local w = coroutine.wrap(function(x) return x * 2 end)
        ngx.say(w(21))
        ngx.say(w(1))
        local self
        self = coroutine.wrap(function() ngx.say("inner: ", self()) return "outer" end)
        ngx.say(self())
    } }
--- request
GET /t

=== TEST 31: coroutine API argument errors
--- config
    location /t { content_by_lua_block {
        ngx.say(pcall(coroutine.resume, "x"))
        ngx.say(pcall(coroutine.create, 42))
        ngx.say(pcall(coroutine.create, string.len))
        ngx.say(pcall(coroutine.wrap, {}))
        ngx.say(pcall(coroutine.status, nil))
    } }
--- request
GET /t

=== TEST 32: a light thread spawned by a light thread resumes its parent after the entry thread
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.say("outer start")
            ngx.thread.spawn(function() ngx.say("inner") end)
            ngx.say("outer end")
        end)
        ngx.say("entry end")
    } }
--- request
GET /t

=== TEST 33: coroutine.yield in light threads takes turns in yield order
--- config
    location /t { content_by_lua_block {
        for _, name in ipairs({ "a", "b" }) do
            ngx.thread.spawn(function()
                for i = 1, 3 do
                    ngx.say(name, i)
                    coroutine.yield()
                end
            end)
        end
        ngx.say("entry")
        coroutine.yield()
        ngx.say("entry again")
    } }
--- request
GET /t

=== TEST 34: subrequests start after the spawning thread went on
--- config
    location /t { content_by_lua_block {
        for i = 1, 2 do
            ngx.thread.spawn(function()
                local res = ngx.location.capture("/sub")
                ngx.say(i, ": ", res.status)
            end)
        end
        ngx.say("spawned")
    } }
    location /sub { return 204; }
--- request
GET /t

=== TEST 35: coroutine.status of light threads as OpenResty names them
--- config
    location /t { content_by_lua_block {
        local waiting, finished, resuming
        ngx.thread.spawn(function() waiting = coroutine.running() ngx.sleep(0.01) end)
        ngx.thread.spawn(function() finished = coroutine.running() end)
        ngx.thread.spawn(function()
            resuming = coroutine.running()
            coroutine.resume(coroutine.create(function() ngx.sleep(0.01) end))
        end)
        ngx.say(coroutine.status(waiting), " ", coroutine.status(finished), " ", coroutine.status(resuming))
    } }
--- request
GET /t

=== TEST 36: waiting on a thread that called error gives the value raised and the message
--- config
    location /t { content_by_lua_block {
        local ok, err, msg = ngx.thread.wait(ngx.thread.spawn(function() error("went wrong") end))
        ngx.say(ok, " [", err, "] [", msg, "]")
        ok, err, msg = ngx.thread.wait(ngx.thread.spawn(function() ngx.sleep(0.001) error("later", 0) end))
        ngx.say(ok, " [", err, "] [", msg, "]")
    } }
--- request
GET /t

=== TEST 37: ngx.exit in a light thread while a capture runs is an error; 444 is not
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.sleep(0.05)
            ngx.exit(ngx.OK)
        end)
        local res = ngx.location.capture("/slow")
        ngx.say("capture done: ", res.body)
    } }
    location /slow { content_by_lua_block { ngx.sleep(0.15) ngx.print("slow") } }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 38: a cosocket port may be a numeric string
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        local ok, err = sock:connect("127.0.0.1", ngx.var.server_port)
        ngx.say("connect: ", ok, " ", err)
        sock:close()
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", "http"))
    } }
--- request
GET /t

=== TEST 39: ngx.exec and ngx.redirect in a light thread while a capture runs are errors too
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.05) ngx.exec("/other") end)
        ngx.thread.spawn(function() ngx.sleep(0.06) ngx.redirect("/other") end)
        local res = ngx.location.capture("/slow")
        ngx.say("capture done: ", res.body)
    } }
    location /slow { content_by_lua_block { ngx.sleep(0.15) ngx.print("slow") } }
    location /other { return 200 "other\n"; }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 40: the entry thread failing while a light thread's capture runs closes the connection
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.location.capture("/slow") ngx.say("never") end)
        ngx.sleep(0.05)
        ngx.exit(ngx.HTTP_OK)
    } }
    location /slow { content_by_lua_block { ngx.sleep(0.15) } }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 41: a killed light thread is dead; one waiting on a capture cannot be killed
--- config
    location /t { content_by_lua_block {
        local sleeper = ngx.thread.spawn(function() ngx.sleep(1) end)
        ngx.say(ngx.thread.kill(sleeper), " ", coroutine.status(sleeper))
        local capturer = ngx.thread.spawn(function() ngx.location.capture("/slow") end)
        ngx.say(ngx.thread.kill(capturer))
    } }
    location /slow { content_by_lua_block { ngx.sleep(0.1) } }
--- request
GET /t

=== TEST 42: ngx.thread.wait with no thread
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(pcall(ngx.thread.wait))
            ngx.say(pcall(ngx.thread.wait, "abc"))
        }
    }
--- request
GET /lua
