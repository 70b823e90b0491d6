# Lifted from openresty/lua-nginx-module t/152-timer-every.t (BSD license)

=== TEST 1: simple every
--- config
    location /t {
        content_by_lua_block {
            local n, prem = 0, {}
            local function f(premature)
                n = n + 1
                prem[#prem + 1] = tostring(premature)
                print("timer prematurely expired: ", premature)
            end

            local ok, err = ngx.timer.every(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end

            ngx.say("registered timer")
            ngx.sleep(0.125)
            ngx.say(n, " ", table.concat(prem, " "))
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*

=== TEST 2: separated global env
--- config
    location /t {
        content_by_lua_block {
            local begin = ngx.now()
            local function f()
                foo = 3
                print("foo in timer: ", foo)
            end
            local ok, err = ngx.timer.every(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.sleep(0.125)
            ngx.say("foo = ", foo)
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|foo in timer: 3, context: ngx.timer

=== TEST 3: lua variable sharing via upvalue
--- config
    location /t {
        content_by_lua_block {
            local begin = ngx.now()
            local foo = 0
            local function f()
                foo = foo + 3
                print("foo in timer: ", foo)
            end
            local ok, err = ngx.timer.every(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
            ngx.sleep(0.125)
            ngx.say("foo = ", foo)
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|foo in timer: \d+

=== TEST 4: create the next timer immediately when timer start running
--- config
    location /t {
        content_by_lua_block {
            local begin = ngx.now()
            local foo = 0
            local function f()
                foo = foo + 3
                print("foo in timer: ", foo)

                ngx.sleep(0.1)
            end
            local ok, err = ngx.timer.every(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
            ngx.sleep(0.125)
            ngx.say("foo = ", foo)
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|foo in timer: \d+

=== TEST 5: callback args
--- config
    location /t {
        content_by_lua_block {
            local n = 0

            local function f(premature, a, b, c)
                n = n + 1
                print("the ", n, " time, args: ", a, ", ", b, ", ", c)

                a, b, c = 0, 0, 0
            end

            local ok, err = ngx.timer.every(0.05, f, 1, 2)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end

            ngx.say("registered timer")
            ngx.sleep(0.125)
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|the \d+ time, args: [^,]*, [^,]*, [^,]*

=== TEST 6: respect lua_max_pending_timers
--- http_config
    lua_max_pending_timers 10;
--- config
    location /t {
        content_by_lua_block {
            local function f()
                local a = 1
                -- do nothing
            end

            for i = 1, 11 do
                local ok, err = ngx.timer.every(0.1, f)
                if not ok then
                    ngx.say("failed to set timer: ", err)
                    return
                end
            end

            ngx.say("registered 10 timers")
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*

=== TEST 7: bad arguments
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.timer.every, 0, function() end))
            ngx.say(pcall(ngx.timer.every, -1, function() end))
            ngx.say(pcall(ngx.timer.every, 1, "x"))
            ngx.say(pcall(ngx.timer.every, "a", function() end))
        }
    }
--- request
GET /t
