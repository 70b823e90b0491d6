# ngx.timer.*: callbacks in their own coroutine with a fake request, limits, errors, logs.

=== TEST 1: timer callback error is logged with the timer context
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function() error("timer boom") end)
        ngx.sleep(0.05)
        ngx.say("ok")
    } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*|\[C\][^\n]*|context: ngx.timer[^\n]*

=== TEST 2: ngx.var is not allowed in a timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local ok, err = pcall(function() return ngx.var.uri end)
            ngx.shared.d:set("r", tostring(ok) .. " " .. tostring(err))
        end)
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 3: ngx.say is not allowed in a timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local ok, err = pcall(ngx.say, "x")
            ngx.shared.d:set("r", tostring(ok) .. " " .. tostring(err))
        end)
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 4: timer has its own ngx.ctx and get_phase is timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.ctx.x = "request"
        ngx.timer.at(0, function()
            local before = tostring(ngx.ctx.x)
            ngx.ctx.x = "timer"
            ngx.shared.d:set("r", before .. " " .. ngx.ctx.x .. " " .. ngx.get_phase())
        end)
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("r"), " ", ngx.ctx.x)
    } }
--- request
GET /t

=== TEST 5: timer can sleep
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            ngx.sleep(0.01)
            ngx.shared.d:set("r", "slept")
        end)
        ngx.sleep(0.1)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 6: pending and running counts
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0.05, function() end)
        ngx.timer.at(0, function()
            ngx.shared.d:set("r", ngx.timer.running_count() .. " " .. ngx.timer.pending_count())
            ngx.sleep(0.02)
        end)
        local p1 = ngx.timer.pending_count()
        ngx.sleep(0.01)
        ngx.say(p1, " ", ngx.timer.pending_count(), " ", ngx.timer.running_count(), " ", ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 7: timer.every with zero delay is an error
--- config
    location /t { content_by_lua_block {
        local ok, err = pcall(ngx.timer.every, 0, function() end)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 8: timer.at argument errors
--- config
    location /t { content_by_lua_block {
        ngx.say(select(2, pcall(ngx.timer.at)))
        ngx.say(select(2, pcall(ngx.timer.at, 1)))
        ngx.say(select(2, pcall(ngx.timer.at, "x", function() end)))
        ngx.say(select(2, pcall(ngx.timer.at, 1, "f")))
    } }
--- request
GET /t

=== TEST 9: too many pending timers
--- http_config
    lua_max_pending_timers 3;
--- config
    location /t { content_by_lua_block {
        for i = 1, 4 do
            local ok, err = ngx.timer.at(10, function() end)
            ngx.say(i, " ", tostring(ok), " ", tostring(err))
        end
    } }
--- request
GET /t

=== TEST 10: ngx.log in a timer
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function() ngx.log(ngx.WARN, "from timer") end)
        ngx.sleep(0.05)
        ngx.say("ok")
    } }
--- request
GET /t
--- grep_error_log
from timer[^\n]*

=== TEST 11: timer created in init_worker_by_lua
--- http_config
    lua_shared_dict d 1m;
    init_worker_by_lua_block {
        ngx.timer.at(0, function(premature) ngx.shared.d:set("iw", "fired " .. tostring(premature)) end)
    }
--- config
    location /t { content_by_lua_block { ngx.sleep(0.05) ngx.say(ngx.shared.d:get("iw")) } }
--- request
GET /t

=== TEST 12: timer.at in init_by_lua is an error
--- http_config
    init_by_lua_block { local ok, err = pcall(ngx.timer.at, 0, function() end) init_timer_err = err }
--- config
    location /t { content_by_lua_block { ngx.say(init_timer_err) } }
--- request
GET /t

=== TEST 13: a timer can create a timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            ngx.timer.at(0, function() ngx.shared.d:set("r", "nested") end)
        end)
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 14: timer.every runs with its arguments
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.every(0.01, function(premature, a) ngx.shared.d:set("a", a) end, "arg")
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("a"))
    } }
--- request
GET /t

=== TEST 15: ngx.exit in a timer ends it
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function() ngx.shared.d:set("a", 1) ngx.exit(0) ngx.shared.d:set("a", 2) end)
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("a"))
    } }
--- request
GET /t

=== TEST 16: light threads inside a timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local t = ngx.thread.spawn(function() ngx.sleep(0.01) return "th" end)
            local ok, v = ngx.thread.wait(t)
            ngx.shared.d:set("r", tostring(ok) .. v)
        end)
        ngx.sleep(0.1)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 17: timer callback nil arguments are kept
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local ok, err = ngx.timer.at(0.001, function(p, ...) ngx.shared.d:set("n", select("#", ...)) return 1, 2 end, nil, nil)
        ngx.sleep(0.05)
        ngx.say(ok, err, ngx.shared.d:get("n"))
    } }
--- request
GET /t

=== TEST 18: ngx.is_subrequest in a timer is an error
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function() ngx.shared.d:set("r", tostring(select(2, pcall(function() return ngx.is_subrequest end)))) end)
        ngx.sleep(0.02)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 19: timer error traceback for a named function
--- config
    location /t { content_by_lua_block {
        local function cb(premature) local x = nil; return x.y end
        ngx.timer.at(0, cb)
        ngx.sleep(0.05)
        ngx.say("ok")
    } }
--- request
GET /t
--- grep_error_log
(?s)lua entry thread aborted: .*?server: 0.0.0.0:\d+

=== TEST 20: request APIs implemented in C are disabled in a timer
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local r = {}
            r[1] = select(2, pcall(ngx.location.capture, "/x"))
            r[2] = select(2, pcall(ngx.flush))
            r[3] = select(2, pcall(ngx.on_abort, function() end))
            r[4] = select(2, pcall(ngx.req.read_body))
            r[5] = select(2, pcall(ngx.redirect, "/x"))
            r[6] = select(2, pcall(ngx.exec, "/x"))
            for i = 1, 6 do r[i] = tostring(r[i]) end
            ngx.shared.d:set("r", table.concat(r, "\n"))
        end)
        ngx.sleep(0.02)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 21: request APIs implemented by resty.core refuse a timer's fake request
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local r = {}
            r[1] = select(2, pcall(ngx.req.get_headers))
            r[2] = select(2, pcall(function() return ngx.status end))
            r[3] = select(2, pcall(function() return ngx.headers_sent end))
            r[4] = select(2, pcall(ngx.req.get_method))
            r[5] = select(2, pcall(function() ngx.header.x = 1 end))
            r[6] = select(2, pcall(ngx.req.get_uri_args))
            for i = 1, 6 do r[i] = tostring(r[i]) end
            ngx.shared.d:set("r", table.concat(r, "\n"))
        end)
        ngx.sleep(0.02)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 22: zero-delay timers fire in the order they were created
--- config
    location /t { content_by_lua_block {
        for i = 1, 5 do
            ngx.timer.at(0, function() ngx.log(ngx.NOTICE, "zero timer ", i) end)
        end
        ngx.say("ok")
    } }
--- request
GET /t
--- wait: 0.1
--- grep_error_log
zero timer \d

=== TEST 23: a timer expiring while lua_max_running_timers are busy is dropped with an alert
--- http_config
    lua_max_running_timers 1;
--- config
    location /t { content_by_lua_block {
        local function busy() ngx.sleep(0.02) end
        local function dropped() ngx.log(ngx.ERR, "must not run") end
        ngx.timer.at(0, busy)
        ngx.timer.at(0, dropped)
        ngx.say("ok")
    } }
--- request
GET /t
--- wait: 0.1
--- grep_error_log
\[(alert|error)\].*

=== TEST 24: ngx.sleep argument errors name the function as the caller did
--- config
    location /t { content_by_lua_block {
        ngx.say(pcall(ngx.sleep, "soon"))
        ngx.say(pcall(ngx.sleep, {}))
        local ok, err = pcall(function() ngx.sleep(nil) end)
        ngx.say(err)
    } }
--- request
GET /t

=== TEST 25: a yield inside require is logged without mlua's position
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location = /t { content_by_lua_block { require "sleeps_on_load" } }
--- user_files
>>> html/sleeps_on_load.lua
ngx.sleep(0.001)
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 26: request APIs of a timer's fake request are disabled
--- config
    location /t {
        content_by_lua_block {
            ngx.timer.at(0, function()
                local function try(name, f)
                    local ok, err = pcall(f)
                    ngx.log(ngx.WARN, "api ", name, ": ", ok, " ", type(err) == "string" and err or type(err))
                end
                try("get_method", function() return ngx.req.get_method() end)
                try("set_method", function() return ngx.req.set_method(ngx.HTTP_POST) end)
                try("get_headers", function() return ngx.req.get_headers() end)
                try("set_header", function() return ngx.req.set_header("X", "1") end)
                try("clear_header", function() return ngx.req.clear_header("X") end)
                try("get_uri_args", function() return ngx.req.get_uri_args() end)
                try("set_uri_args", function() return ngx.req.set_uri_args("a=1") end)
                try("get_post_args", function() return ngx.req.get_post_args() end)
                try("http_version", function() return ngx.req.http_version() end)
                try("raw_header", function() return ngx.req.raw_header() end)
                try("start_time", function() return ngx.req.start_time() end)
                try("get_body_data", function() return ngx.req.get_body_data() end)
                try("header_set", function() ngx.header.foo = 1 end)
                try("header_get", function() return ngx.header.foo end)
                try("status_get", function() return ngx.status end)
                try("status_set", function() ngx.status = 201 end)
                try("resp_get_headers", function() return ngx.resp.get_headers() end)
                try("set_uri", function() return ngx.req.set_uri("/x") end)
                try("var_uri", function() return ngx.var.uri end)
                try("headers_sent", function() return ngx.headers_sent end)
                try("ctx", function() return ngx.ctx end)
                try("get_phase", function() return ngx.get_phase() end)
            end)
            ngx.say("ok")
        }
    }
--- request
GET /t
--- wait
0.2
--- grep_error_log
api [^,]*

=== TEST 27: ngx.timer.every refuses only a zero delay
--- config
    location /t { content_by_lua_block {
        ngx.say(pcall(ngx.timer.every, 0, function() end))
        local ok, err = ngx.timer.every(-1, function(premature) end)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t
