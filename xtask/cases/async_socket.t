# ngx.socket.tcp: cosockets talking to a backend server of the same config ($PORT2).

=== TEST 1: connect, send, receive lines and the rest
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { return 200 "line1\nline2\r\nrest"; } }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(type(sock))
        local ok, err = sock:connect("127.0.0.1", $PORT2)
        ngx.say("connect: ", ok, " ", err)
        local bytes, err = sock:send("GET /x HTTP/1.0\r\nHost: b\r\n\r\n")
        ngx.say("sent: ", bytes, " ", err)
        local status = sock:receive()
        ngx.say("status: ", status)
        while true do
            local line, err = sock:receive("*l")
            if not line or line == "" then break end
        end
        ngx.say("l1: ", sock:receive())
        ngx.say("l2: ", sock:receive("*l"))
        local data, err, partial = sock:receive("*l")
        ngx.say("l3: ", tostring(data), " ", err, " [", partial, "]")
        ngx.say(sock:close())
        ngx.say(sock:close())
    } }
--- request
GET /t

=== TEST 2: receive a number of bytes and all
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { return 200 "0123456789abcdef"; } }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        assert(sock:send({"GET /x HTTP/1.0\r\n", "Host: b\r\n", "\r\n"}))
        local head = sock:receiveuntil("\r\n\r\n")
        local h = head()
        ngx.say("head ends with: ", h:sub(-10))
        ngx.say("n: ", sock:receive(4))
        ngx.say("all: ", sock:receive("*a"))
        ngx.say("again: ", sock:receive("*a"))
        local d, err, p = sock:receive(3)
        ngx.say("after: ", tostring(d), " ", err, " [", p, "]")
    } }
--- request
GET /t

=== TEST 3: connection refused
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        local ok, err = sock:connect("127.0.0.1", 1)
        ngx.say(tostring(ok), " ", err)
        ngx.say(sock:send("x"))
        ngx.say(sock:receive())
    } }
--- request
GET /t
--- grep_error_log
connect\(\) failed[^,]*

=== TEST 4: a host name needs a resolver
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        local ok, err = sock:connect("localhost", 80)
        ngx.say(tostring(ok), " ", err)
    } }
--- request
GET /t

=== TEST 5: operations on an unconnected socket
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(sock:send("x"))
        ngx.say(sock:receive())
        ngx.say(sock:close())
        ngx.say(sock:getreusedtimes())
        ngx.say(sock:setkeepalive())
        ngx.say(sock:settimeout(100))
    } }
--- request
GET /t

=== TEST 6: read timeout
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(0.5) ngx.say("late") } } }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        sock:settimeout(50)
        assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
        local d, err, p = sock:receive()
        ngx.say(tostring(d), " ", err, " [", p, "]")
        local d, err, p = sock:receive("*a")
        ngx.say(tostring(d), " ", err, " [", p, "]")
    } }
--- request
GET /t
--- grep_error_log
lua tcp socket read timed out[^,]*

=== TEST 7: keepalive pool reuse
--- http_config
    server { listen 127.0.0.1:$PORT2; keepalive_timeout 60; location / { return 200 "ok"; } }
--- config
    location /t { content_by_lua_block {
        local function get()
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            local n = sock:getreusedtimes()
            assert(sock:send("GET / HTTP/1.1\r\nHost: b\r\n\r\n"))
            local reader = sock:receiveuntil("\r\n\r\n")
            local h = reader()
            local len = tonumber(h:match("[Cc]ontent%-[Ll]ength: (%d+)"))
            local body = sock:receive(len)
            ngx.say("reused ", n, " body ", body, " keepalive ", sock:setkeepalive())
            ngx.say(sock:send("x"))
        end
        get() get() get()
    } }
--- request
GET /t

=== TEST 8: receiveuntil with a size and inclusive
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { return 200 "aaa--bound--bbb--bound--ccc"; } }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
        sock:receiveuntil("\r\n\r\n")()
        local r = sock:receiveuntil("--bound--")
        while true do
            local d, err, p = r(2)
            if not d then ngx.say("end ", tostring(err), " ", tostring(p)) break end
            ngx.say("chunk [", d, "]")
        end
        local r2 = sock:receiveuntil("--bound--", {inclusive = true})
        ngx.say("incl [", r2(), "]")
        local d, err, p = r2()
        ngx.say(tostring(d), " ", err, " [", p, "]")
    } }
--- request
GET /t

=== TEST 9: tcp() is disabled in header_filter
--- config
    location /t {
        content_by_lua_block { ngx.say("b") }
        header_filter_by_lua_block { ngx.header["X-E"] = select(2, pcall(ngx.socket.tcp)) }
    }
--- request
GET /t

=== TEST 10: bad arguments
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(pcall(sock.connect, sock))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1"))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", "x"))
        ngx.say(pcall(sock.send, sock))
        ngx.say(pcall(sock.receive, sock, "*x"))
        ngx.say(pcall(sock.connect))
        ngx.say(pcall(sock.receiveuntil, sock))
        ngx.say(pcall(sock.receiveuntil, sock, ""))
    } }
--- request
GET /t

=== TEST 11: ngx.socket.connect shortcut and receiveany
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { return 200 "hello"; } }
--- config
    location /t { content_by_lua_block {
        local sock, err = ngx.socket.connect("127.0.0.1", $PORT2)
        ngx.say(type(sock), " ", tostring(err))
        assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
        local all = {}
        while true do
            local d, err = sock:receiveany(7)
            if not d then ngx.say("err ", err) break end
            all[#all + 1] = d
            if #d > 7 then ngx.say("too long") end
        end
        ngx.say(table.concat(all):match("hello$"))
    } }
--- request
GET /t

=== TEST 12: cosocket in a timer
--- http_config
    lua_shared_dict d 1m;
    server { listen 127.0.0.1:$PORT2; location / { return 200 "from backend"; } }
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function()
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
            ngx.shared.d:set("r", (sock:receive("*a")):match("from backend$"))
        end)
        ngx.sleep(0.1)
        ngx.say(ngx.shared.d:get("r"))
    } }
--- request
GET /t

=== TEST 13: lua_socket_read_timeout sets the default
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(0.5) ngx.say("late") } } }
--- config
    lua_socket_read_timeout 50ms;
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
        ngx.say(sock:receive())
    } }
--- request
GET /t

=== TEST 14: two light threads on one socket
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(0.05) ngx.say("x") } } }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        assert(sock:send("GET / HTTP/1.0\r\n\r\n"))
        local t = ngx.thread.spawn(function() return sock:receive() end)
        ngx.say(sock:receive())
        ngx.say(ngx.thread.wait(t))
    } }
--- request
GET /t

=== TEST 15: a timeout of 0 is the lua_socket_*_timeout setting; a negative one is refused
--- config
    lua_socket_read_timeout 60ms;
    location /late { content_by_lua_block { ngx.sleep(0.3) ngx.say("too late") } }
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            ngx.say(pcall(sock.settimeout, sock, -5))
            ngx.say(pcall(sock.settimeouts, sock, 10, -1, 10))
            assert(sock:connect("127.0.0.1", ngx.var.server_port))
            sock:send("GET /late HTTP/1.0\r\n\r\n")
            sock:settimeout(0)
            ngx.say(sock:receive())
        }
    }
--- request
GET /t

=== TEST 16: setkeepalive refuses a connection its peer closed
--- http_config
    server {
        listen $PORT2;
        keepalive_requests 1;
        location / { return 200 "hi\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            local read = sock:receiveuntil("hi\n")
            read()
            ngx.sleep(0.05)
            ngx.say("setkeepalive: ", sock:setkeepalive())
        }
    }
--- request
GET /t

=== TEST 17: a cosocket belongs to its request: closed when it ends, refused to other requests
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /peer { content_by_lua_block { ngx.say("peer says hi") } }
    location /keep {
        content_by_lua_block {
            local holder = require "sock_holder"
            if ngx.var.arg_new then
                holder.sock = ngx.socket.tcp()
                assert(holder.sock:connect("127.0.0.1", ngx.var.server_port))
                ngx.say("connected")
                return
            end
            ngx.say("send: ", holder.sock:send("GET /peer HTTP/1.0\r\n\r\n"))
            ngx.say("receive: ", holder.sock:receive())
            ngx.say("close: ", holder.sock:close())
        }
    }
    location /main {
        content_by_lua_block {
            local r1 = ngx.location.capture("/sub?new=1")
            local r2 = ngx.location.capture("/sub")
            ngx.say(r1.status, " ", r2.status)
        }
    }
    location /sub {
        content_by_lua_block {
            local holder = require "sock_holder"
            if ngx.var.arg_new then
                holder.sub = ngx.socket.tcp()
                assert(holder.sub:connect("127.0.0.1", ngx.var.server_port))
                return
            end
            holder.sub:send("x")
        }
    }
--- user_files
>>> html/sock_holder.lua
return {}
--- pipelined_requests
GET /keep?new=1
GET /keep
GET /main
--- grep_error_log
bad request

=== TEST 18: lua_socket_log_errors off keeps socket errors out of the log
--- config
    location /quiet {
        lua_socket_log_errors off;
        content_by_lua_block { ngx.say(ngx.socket.tcp():connect("127.0.0.1", 1)) }
    }
    location /loud {
        content_by_lua_block { ngx.say(ngx.socket.tcp():connect("127.0.0.1", 1)) }
    }
--- pipelined_requests
GET /quiet
GET /loud
--- grep_error_log
connect\(\) failed[^,]*

=== TEST 19: output calls after ngx.req.socket(true) are refused
--- config
    location = /t {
        content_by_lua_block {
            ngx.send_headers()
            ngx.flush(true)
            local sock = assert(ngx.req.socket(true))
            for _, name in ipairs{"say", "print", "flush", "eof"} do
                local ok, err = ngx[name](name == "say" and "text" or nil)
                ngx.log(ngx.WARN, name, ": ", tostring(ok), " ", tostring(err))
            end
            sock:send("raw bytes\r\n")
        }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nUpgrade: raw\r\n\r\n
--- grep_error_log
(say|print|flush|eof): [^,]*

=== TEST 20: after a read ends in "closed", every later read answers closed; a timeout does not close
--- config
    location /feed { return 200 "last line without newline"; }
    location /slow { content_by_lua_block { ngx.sleep(0.2) ngx.say("slow line") } }
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", ngx.var.server_port))
            sock:send("GET /feed HTTP/1.0\r\n\r\n")
            local n = 0
            while true do
                local line, err, partial = sock:receive()
                if not line then ngx.say("err: ", err, " partial: ", partial) break end
                n = n + 1
            end
            ngx.say("again: ", sock:receive("*a"))
            ngx.say("any: ", sock:receiveany(10))
            local slow = ngx.socket.tcp()
            assert(slow:connect("127.0.0.1", ngx.var.server_port))
            slow:send("GET /slow HTTP/1.0\r\n\r\n")
            slow:settimeout(50)
            ngx.say("timeout: ", slow:receive())
            slow:settimeout(1000)
            ngx.say("then: ", slow:receive())
        }
    }
--- request
GET /t

=== TEST 21: connect checks its pool_size and backlog options
--- config
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            local port = ngx.var.server_port
            ngx.say(pcall(sock.connect, sock, "127.0.0.1", port, {pool_size = 0}))
            ngx.say(pcall(sock.connect, sock, "127.0.0.1", port, {pool_size = "big"}))
            ngx.say(pcall(sock.connect, sock, "127.0.0.1", port, {backlog = -1}))
            ngx.say(pcall(sock.connect, sock, "127.0.0.1", port, {pool_size = 4, backlog = 0}))
        }
    }
--- request
GET /t

=== TEST 22: send takes strings, numbers and nested arrays of them; other elements are refused
--- config
    location /echo { content_by_lua_block { ngx.req.read_body() ngx.print(ngx.req.get_body_data()) } }
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", ngx.var.server_port))
            ngx.say(pcall(sock.send, sock, {"a", true}))
            ngx.say(pcall(sock.send, sock, {"a", nil, "b"}))
            ngx.say(pcall(sock.send, sock, {"a", ngx.null}))
            ngx.say(pcall(sock.send, sock, {a = 1}))
            ngx.say(pcall(sock.send, sock, function() end))
            local body = {"x", 1, {2.5, {"y"}}}
            ngx.say(sock:send({"POST /echo HTTP/1.0\r\nContent-Length: 7\r\n\r\n", body}))
            ngx.say(sock:receive("*a"):match("\r\n\r\n(.*)$"))
        }
    }
--- request
GET /t

=== TEST 23: setoption knows lua-nginx-module's option names
--- config
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", ngx.var.server_port))
            ngx.say(sock:setoption("keepalive", true))
            ngx.say(sock:setoption("tcp-nodelay", true))
            ngx.say(sock:setoption("no-such-option", 1))
        }
    }
--- request
GET /t
