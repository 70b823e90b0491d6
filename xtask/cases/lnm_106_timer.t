# Lifted from openresty/lua-nginx-module t/106-timer.t (BSD license)

=== TEST 1: simple at
--- config
    location /t {
        content_by_lua '
            local begin = ngx.now()
            local function f(premature)
                print("elapsed ok: ", ngx.now() - begin >= 0.04)
                print("timer prematurely expired: ", premature)
            end
            local ok, err = ngx.timer.at(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 2: separated global env
--- config
    location /t {
        content_by_lua '
            local function f()
                foo = 3
                print("in timer")
            end
            local ok, err = ngx.timer.at(0.05, f)
            ngx.say("registered timer")
            ngx.sleep(0.1)
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 3: lua variable sharing via upvalue
--- config
    location /t {
        content_by_lua '
            local foo
            local function f()
                foo = 3
                print("in timer")
            end
            local ok, err = ngx.timer.at(0.05, f)
            ngx.say("registered timer")
            ngx.sleep(0.1)
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 4: simple at (sleep in the timer callback)
--- config
    location /t {
        content_by_lua '
            local function f()
                print("my lua timer handler")
                ngx.sleep(0.02)
                print("after sleep in timer")
            end
            local ok, err = ngx.timer.at(0.05, f)
            ngx.say("registered timer")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 5: tcp cosocket in timer handler (short connections)
--- config
    location /t {
        content_by_lua '
            local function fail(...)
                ngx.log(ngx.ERR, ...)
            end
            local function f()
                print("my lua timer handler")
                local sock = ngx.socket.tcp()
                local port = ngx.var.server_port
                local ok, err = sock:connect("127.0.0.1", port)
                if not ok then
                    fail("failed to connect: ", err)
                    return
                end
                print("connected: ", ok)
                local req = "GET /foo HTTP/1.0\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n"
                local bytes, err = sock:send(req)
                print("request sent: ", bytes)
                while true do
                    local line, err, part = sock:receive()
                    if line then
                        if not line:find("^Date:") then print("received: ", line) end
                    else
                        if err == "closed" then
                            break
                        end
                        fail("failed to receive a line: ", err, " [", part, "]")
                        break
                    end
                end
                ok, err = sock:close()
                print("close: ", ok, " ", err)
            end
            local ok, err = ngx.timer.at(0.05, f)
            ngx.say("registered timer")
        ';
    }
    location = /foo {
        content_by_lua 'ngx.say("foo")';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 6: 0 timer
--- config
    location /t {
        content_by_lua '
            local function f()
                print("zero timer fired")
            end
            local ok, err = ngx.timer.at(0, f)
            ngx.say("registered timer")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 7: timer from log_by_lua
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") }
        log_by_lua '
            local function f()
                print("my lua timer handler")
                ngx.sleep(0.02)
                print("after sleep")
            end
            local ok, err = ngx.timer.at(0.05, f)
            if not ok then
                ngx.log(ngx.ERR, "failed to set timer: ", err)
                return
            end
            print("registered timer")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 8: timer from header_filter_by_lua
--- config
    location /t {
        content_by_lua_block { ngx.say("hello") }
        header_filter_by_lua '
            local ok, err = ngx.timer.at(0.05, function() print("hf timer fired") end)
            print("registered timer ", ok, " ", err)
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 9: timer with args
--- config
    location /t {
        content_by_lua '
            local function f(premature, a, b, c)
                print("args: ", premature, " ", a, " ", b, " ", c)
            end
            ngx.say(ngx.timer.at(0, f, 1, "two", nil))
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 10: timer bad args
--- config
    location /t {
        content_by_lua '
            ngx.say(pcall(ngx.timer.at, -1, function() end))
            ngx.say(pcall(ngx.timer.at, 0, "notfunc"))
            ngx.say(pcall(ngx.timer.at, "x", function() end))
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 11: timer error in callback
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function() local x = nil; x.y = 1 end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 12: ngx.timer.every
--- config
    location /t {
        content_by_lua '
            local n = 0
            local ok, err = ngx.timer.every(0.05, function(premature)
                n = n + 1
                if n <= 2 then print("every fired ", n) end
            end)
            ngx.say(ok, " ", err)
            ngx.say(pcall(ngx.timer.every, 0, function() end))
        ';
    }
--- request
GET /t
--- wait
0.2
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 13: ngx.timer.running_count and pending_count
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0.05, function() print("rc in timer: ", ngx.timer.running_count()) end)
            ngx.say(ngx.timer.pending_count(), " ", ngx.timer.running_count())
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 14: API disabled in timer
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function()
                print("say: ", pcall(ngx.say, "x"))
                print("var: ", pcall(function() return ngx.var.uri end))
                print("req: ", pcall(ngx.req.get_headers))
                print("capture: ", pcall(ngx.location.capture, "/x"))
                print("exit: ", pcall(ngx.exit, 200))
            end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 15: ngx.exit inside timer
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function()
                print("before exit")
                ngx.exit(0)
                print("after exit")
            end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 16: ngx.ctx in timer
--- config
    location /t {
        content_by_lua '
            ngx.ctx.a = 1
            ngx.timer.at(0, function()
                print("ctx a: ", ngx.ctx.a)
                ngx.ctx.b = 2
                print("ctx b: ", ngx.ctx.b)
            end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 17: user thread in timer
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function()
                local t = ngx.thread.spawn(function() ngx.sleep(0.01) return "from thread" end)
                print("wait: ", select(2, ngx.thread.wait(t)))
            end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 18: shdict from timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function()
                ngx.shared.d:set("k", "v")
            end)
            ngx.sleep(0.05)
            ngx.say(ngx.shared.d:get("k"))
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 19: get_phase and worker in timer
--- config
    location /t {
        content_by_lua '
            ngx.timer.at(0, function()
                print("phase: ", ngx.get_phase(), " ", ngx.worker.id(), " ", ngx.worker.count(), " ", ngx.is_subrequest)
            end)
            ngx.say("ok")
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 20: timer in init_worker
--- http_config
    init_worker_by_lua_block { ngx.timer.at(0, function() worker_timer_fired = true print("init worker timer") end) }
--- config
    location /t {
        content_by_lua '
            ngx.say(tostring(worker_timer_fired))
        ';
    }
--- request
GET /t
--- wait
0.3
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*

=== TEST 21: timer premature on exit
--- config
    location /t {
        content_by_lua_block {
            ngx.timer.at(100, function(premature) print("long timer premature: ", premature) end)
            ngx.say("ok")
        }
    }
--- request
GET /t
--- wait
0.1
--- grep_error_log
\[(error|warn|notice|alert|crit)\] [^\n]*(\[lua\]|lua |timer )[^\n]*
