# Lifted from openresty/lua-nginx-module t/094-uthread-exit.t (BSD license)

=== TEST 1: exit in user thread (entry thread is still pending to run)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                ngx.exit(0)
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
            ngx.sleep(1)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 2: exit in user thread (entry thread is still pending on ngx.sleep)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                ngx.sleep(0.1)
                ngx.exit(0)
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
            ngx.sleep(1)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 3: exit in a user thread (another user thread is still pending on ngx.sleep)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("f")
                ngx.exit(0)
            end
            function g()
                ngx.sleep(1)
                ngx.say("g")
            end
            ngx.thread.spawn(f)
            ngx.thread.spawn(g)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 4: exit in user thread (entry already quits)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.say("exiting the user thread")
                ngx.exit(0)
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
        ';
    }
--- request
GET /lua

=== TEST 5: exit in user thread (entry thread is still pending on a subrequest)
--- config
    location /sleep {
        echo_sleep 1;
        echo slept;
    }
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                ngx.sleep(0.1)
                ngx.exit(0)
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
            local res = ngx.location.capture("/sleep")
            ngx.say("end ", res.status)
        ';
    }
--- request
GET /lua
--- timeout
3

=== TEST 6: exit in user thread (entry thread is still pending on tcpsock:receive)
--- config
    location /slow {
        content_by_lua_block { ngx.sleep(1) ngx.say("late") }
    }
    location /lua {
        content_by_lua '
            function f()
                ngx.say("hello in thread")
                ngx.sleep(0.1)
                ngx.exit(0)
            end
            ngx.say("before")
            ngx.thread.spawn(f)
            ngx.say("after")
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", tonumber(ngx.var.server_port))
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end
            sock:send("GET /slow HTTP/1.0\\r\\n\\r\\n")
            sock:settimeout(12000)
            local data, err = sock:receive()
            ngx.say("end")
        ';
    }
--- request
GET /lua
--- timeout
3

=== TEST 7: exit(444) in user thread
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.05)
                ngx.exit(444)
            end
            ngx.thread.spawn(f)
            ngx.sleep(1)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 8: exit(403) in user thread before output
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.05)
                ngx.exit(403)
            end
            ngx.thread.spawn(f)
            ngx.sleep(1)
            ngx.say("end")
        ';
    }
--- request
GET /lua

=== TEST 9: exit(200) in a user thread in rewrite_by_lua skips content
--- config
    location /lua {
        rewrite_by_lua '
            ngx.thread.spawn(function()
                ngx.say("in thread")
                ngx.exit(200)
            end)
            ngx.sleep(0.5)
        ';
        content_by_lua 'ngx.say("content")';
    }
--- request
GET /lua

=== TEST 10: exit(0) in a user thread in rewrite_by_lua goes on to content
--- config
    location /lua {
        rewrite_by_lua '
            ngx.thread.spawn(function()
                ngx.sleep(0.05)
                ngx.exit(0)
            end)
            ngx.sleep(0.5)
            ngx.log(ngx.WARN, "rewrite end")
        ';
        content_by_lua 'ngx.say("content")';
    }
--- request
GET /lua
--- grep_error_log
rewrite end
