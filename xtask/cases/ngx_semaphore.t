=== TEST 1: post, wait and count, with OpenResty's argument errors
--- config
    location /t { content_by_lua_block {
        local sema = require "ngx.semaphore"
        local s = sema.new(0)
        ngx.say(s:count(), " ", pcall(s.wait, s, -1))
        ngx.say(pcall(sema.new, -1))
        ngx.say(pcall(s.post, s, 0))
        ngx.say(s:post(2), " ", s:count(), " ", s:wait(0), " ", s:count())
        ngx.say(s:wait(0), " ", s:wait(0))
        ngx.say(pcall(s.wait, {}, 1))
        ngx.say(pcall(s.count, "x"))
        ngx.say(sema.new("3"):count(), " ", sema.new():count(), " ", sema.new(2.5):count())
    } }
--- request
GET /t

=== TEST 2: a waiting light thread is woken after the poster goes on
--- config
    location /t { content_by_lua_block {
        local sema = require "ngx.semaphore"
        local s = sema.new(0)
        local t = ngx.thread.spawn(function()
            local ok, err = s:wait(1)
            ngx.say("thread ", ok, " ", err, " ", s:count())
        end)
        ngx.say("main ", s:count())
        s:post()
        ngx.say("posted ", s:count())
        ngx.thread.wait(t)
        ngx.say(s:wait(0.001))
    } }
--- request
GET /t

=== TEST 3: the oldest waiter is served first, the rest time out
--- config
    location /t { content_by_lua_block {
        local sema = require "ngx.semaphore"
        local s = sema.new(0)
        local ts = {}
        for i = 1, 3 do
            ts[i] = ngx.thread.spawn(function()
                local ok, err = s:wait(0.2)
                ngx.say(i, " ", ok, " ", err)
            end)
        end
        ngx.say("waiting ", s:count())
        s:post(1)
        for i = 1, 3 do ngx.thread.wait(ts[i]) end
        ngx.say("left ", s:count())
    } }
--- request
GET /t

=== TEST 4: a semaphore shared by requests through a module-level table
--- http_config
    init_by_lua_block { local sema = require "ngx.semaphore" shared_sem = sema.new(0) }
--- config
    location /wait { content_by_lua_block {
        local ok, err = shared_sem:wait(1)
        ngx.say("waited ", ok, " ", err)
    } }
    location /post { content_by_lua_block {
        ngx.say(shared_sem:post(1), " ", shared_sem:count())
    } }
    location /t { content_by_lua_block {
        local r1 = ngx.location.capture("/post")
        local r2 = ngx.location.capture("/wait")
        ngx.print(r1.body, r2.body)
    } }
--- request
GET /t

=== TEST 5: where a semaphore may not wait
--- config
    location /t {
        header_filter_by_lua_block {
            local sema = require "ngx.semaphore"
            local s = sema.new(1)
            ngx.header["X-Wait"] = tostring(select(2, s:wait(1))) .. " " .. s:count()
        }
        content_by_lua_block { ngx.say("body") }
    }
--- request
GET /t

=== TEST 6: ngx.process in a worker
--- config
    location /t { content_by_lua_block {
        local process = require "ngx.process"
        ngx.say(process.type(), " ", type(process.get_master_pid()))
        ngx.say(process.enable_privileged_agent())
        ngx.say(process.enable_privileged_agent(10))
    } }
--- request
GET /t
