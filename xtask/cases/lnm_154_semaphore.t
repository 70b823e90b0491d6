# Lifted from openresty/lua-nginx-module t/154-semaphore.t (BSD license)

=== TEST 1: timer + shutdown error log
--- http_config
    init_by_lua_block {
        require "resty.core"
    }
--- config
    location /test {
        content_by_lua_block {
            local function test(pre)

                local semaphore = require "ngx.semaphore"
                local sem = semaphore.new()

                local function sem_wait()

                    local ok, err = sem:wait(10)
                    if not ok then
                        ngx.log(ngx.ERR, "err: ", err)
                    else
                        ngx.log(ngx.ERR, "wait success")
                    end
                end

                while not ngx.worker.exiting() do
                    local co = ngx.thread.spawn(sem_wait)
                    ngx.thread.wait(co)
                end
            end

            local ok, err = ngx.timer.at(0, test)
            ngx.log(ngx.ERR, "hello, world")
            ngx.say("time: ", ok)
        }
    }
--- request
GET /test
--- grep_error_log
hello, world|semaphore gc wait queue is not empty
