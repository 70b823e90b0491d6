# `lua_check_client_abort` and `ngx.on_abort`: the client sends its request and, 100 ms later,
# shuts down its sending side (`--- shutdown`), which nginx sees while the handler waits.

=== TEST 1: no on_abort handler: the request ends with 499, nothing is sent
--- config
    lua_check_client_abort on;
    location /t {
        content_by_lua_block {
            ngx.sleep(0.3)
            ngx.log(ngx.ERR, "after the sleep")
            ngx.say("never")
        }
        log_by_lua_block { ngx.log(ngx.ERR, "log phase status ", ngx.status) }
    }
--- request
GET /t
--- shutdown
--- wait
0.4
--- grep_error_log
(client prematurely closed connection|after the sleep|log phase status \d+).*

=== TEST 2: the on_abort handler runs and ends the request
--- config
    lua_check_client_abort on;
    location /t {
        content_by_lua_block {
            local ok, err = ngx.on_abort(function()
                ngx.log(ngx.ERR, "on_abort runs")
                ngx.exit(499)
            end)
            ngx.log(ngx.ERR, "registered: ", tostring(ok), " ", tostring(err))
            ngx.sleep(0.3)
            ngx.log(ngx.ERR, "after the sleep")
        }
        log_by_lua_block { ngx.log(ngx.ERR, "log phase status ", ngx.status) }
    }
--- request
GET /t
--- shutdown
--- wait
0.4
--- grep_error_log
(client prematurely closed connection|registered|on_abort runs|after the sleep|log phase status \d+).*

=== TEST 3: an on_abort handler that does not exit: the handler goes on and answers
--- config
    lua_check_client_abort on;
    location /t {
        content_by_lua_block {
            ngx.on_abort(function() ngx.log(ngx.ERR, "on_abort runs") end)
            ngx.sleep(0.3)
            ngx.log(ngx.ERR, "after the sleep")
            ngx.say("answered")
        }
    }
--- request
GET /t
--- shutdown
--- grep_error_log
(client prematurely closed connection|on_abort runs|after the sleep).*

=== TEST 4: without lua_check_client_abort nothing is noticed
--- config
    location /t {
        content_by_lua_block {
            ngx.sleep(0.3)
            ngx.log(ngx.ERR, "after the sleep")
            ngx.say("answered")
        }
    }
--- request
GET /t
--- shutdown
--- grep_error_log
(client prematurely closed connection|after the sleep).*

=== TEST 5: an abort noticed in the access phase
--- config
    lua_check_client_abort on;
    location /t {
        access_by_lua_block {
            ngx.on_abort(function() ngx.log(ngx.ERR, "on_abort in access") ngx.exit(444) end)
            ngx.sleep(0.3)
        }
        content_by_lua_block { ngx.log(ngx.ERR, "content ran") ngx.say("x") }
        log_by_lua_block { ngx.log(ngx.ERR, "log phase status ", ngx.status) }
    }
--- request
GET /t
--- shutdown
--- wait
0.4
--- grep_error_log
(client prematurely closed connection|on_abort in access|content ran|log phase status \d+).*

=== TEST 6: a pipelined request is not an abort
--- config
    lua_check_client_abort on;
    location /t {
        content_by_lua_block {
            ngx.on_abort(function() ngx.log(ngx.ERR, "on_abort runs") end)
            ngx.sleep(0.1)
            ngx.say("answer ", ngx.var.request_uri)
        }
    }
--- pipelined_requests
GET /t?1
GET /t?2
--- grep_error_log
(client prematurely closed connection|on_abort runs).*

=== TEST 7: on_abort with a light thread waiting too
--- config
    lua_check_client_abort on;
    location /t {
        content_by_lua_block {
            ngx.on_abort(function()
                ngx.log(ngx.ERR, "on_abort runs")
                ngx.exit(499)
            end)
            local t = ngx.thread.spawn(function()
                ngx.sleep(0.3)
                ngx.log(ngx.ERR, "thread after the sleep")
            end)
            ngx.thread.wait(t)
            ngx.log(ngx.ERR, "after the wait")
        }
    }
--- request
GET /t
--- shutdown
--- wait
0.4
--- grep_error_log
(client prematurely closed connection|on_abort runs|after the sleep|after the wait).*
