# Lifted from openresty/lua-nginx-module t/147-tcp-socket-timeouts.t (BSD license)
#
# Left out: TEST 4 (its send timeout comes from mockeagain, an LD_PRELOAD library;
# lnm_065_tcp_socket_timeout has send timeouts against a silent peer) and TEST 5 (a connect that
# hangs, to agentzh.org).

=== TEST 1: sanity
--- config
    server_tokens off;
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()

            sock:settimeouts(150, 150, 150)  -- 150ms read timeout)

            local port = ngx.var.server_port
            local ok, err = sock:connect("127.0.0.1", port)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            local req = "GET /foo HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"

            local bytes, err = sock:send(req)
            if not bytes then
                ngx.say("failed to send request: ", err)
                return
            end

            while true do
                local line, err, part = sock:receive()
                if line then
                    ngx.say("received: ", line)

                else
                    ngx.say("failed to receive a line: ", err, " [", part, "]")
                    break
                end
            end

            sock:close()
        }
    }

    location /foo {
        content_by_lua_block {
            ngx.sleep(0.01) -- 10 ms
            ngx.say("foo")
        }
        more_clear_headers Date;
    }

--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 2: read timeout
--- config
    server_tokens off;
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()

            sock:settimeouts(150, 150, 2)  -- 2ms read timeout)

            local port = ngx.var.server_port
            local ok, err = sock:connect("127.0.0.1", port)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            local req = "GET /foo HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"

            local bytes, err = sock:send(req)
            if not bytes then
                ngx.say("failed to send request: ", err)
                return
            end

            while true do
                local line, err, part = sock:receive()
                if line then
                    ngx.say("received: ", line)

                else
                    ngx.say("failed to receive a line: ", err, " [", part, "]")
                    break
                end
            end

            sock:close()
        }
    }

    location /foo {
        content_by_lua_block {
            ngx.sleep(0.01) -- 10 ms
            ngx.say("foo")
        }
        more_clear_headers Date;
    }

--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 3: send ok
--- config
    server_tokens off;
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()

            sock:settimeouts(500, 500, 500)  -- 500ms timeout)

            local port = ngx.var.server_port
            local ok, err = sock:connect("127.0.0.1", port)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            local data = string.rep("a", 8) -- 8 bytes
            local num = 10

            local req = "POST /foo HTTP/1.0\r\nHost: localhost\r\nContent-Length: "
                        .. #data * num .. "\r\nConnection: close\r\n\r\n"

            local bytes, err = sock:send(req)
            if not bytes then
                ngx.say("failed to send request: ", err)
                return
            end

            for i = 1, num do
                local bytes, err = sock:send(data)
                if not bytes then
                    ngx.say("failed to send body: ", err)
                    return
                end
            end

            while true do
                local line, err, part = sock:receive()
                if line then
                    ngx.say("received: ", line)

                else
                    ngx.say("failed to receive a line: ", err, " [", part, "]")
                    break
                end
            end

            sock:close()
        }
    }

    location /foo {
        content_by_lua_block {
            local content_length = ngx.req.get_headers()["Content-Length"]

            local sock = ngx.req.socket()

            sock:settimeouts(500, 500, 500)

            local chunk = 8

            for i = 1, content_length, chunk do
                local data, err = sock:receive(chunk)
                if not data then
                    ngx.say("failed to receive chunk: ", err)
                    return
                end
            end

            ngx.say("got len: ", content_length)
        }
    }

--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 6: different timeout with duplex socket (settimeout)
--- config
    server_tokens off;
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()

            sock:settimeouts(200, 200, 200)  -- 200ms timeout)

            local port = ngx.var.server_port
            local ok, err = sock:connect("127.0.0.1", port)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            local data = string.rep("a", 4) -- 4 bytes
            local num = 3

            local req = "POST /foo HTTP/1.0\r\nHost: localhost\r\nContent-Length: "
                        .. #data * num .. "\r\nConnection: close\r\n\r\n"

            local bytes, err = sock:send(req)
            if not bytes then
                ngx.say("failed to send request: ", err)
                return
            end

            for i = 1, num do
                local bytes, err = sock:send(data)
                if not bytes then
                    ngx.log(ngx.ERR, "failed to send body: ", err)
                    return
                end
                ngx.sleep(0.12) -- 120ms
            end

            while true do
                local line, err, part = sock:receive()
                if line then
                    ngx.say("received: ", line)

                else
                    ngx.say("failed to receive a line: ", err, " [", part, "]")
                    break
                end
            end

            sock:close()
        }
    }

    location /foo {
        content_by_lua_block {
            local content_length = ngx.req.get_headers()["Content-Length"]

            local sock = ngx.req.socket(true)

            local chunk = 4

            function read()
                sock:settimeout(200) -- read: 200 ms

                local data, err = sock:receive(content_length)
                if not data then
                    ngx.log(ngx.ERR, "failed to receive data: ", err)
                    return
                end
            end

            local co = ngx.thread.spawn(read)

            sock:settimeout(100) -- send: 100ms
            sock:send("ok\n")

            local ok, err = ngx.thread.wait(co)
            if not ok then
                ngx.log(ngx.ERR, "failed to wait co: ", err)
            end
        }
    }

--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 7: different timeout with duplex socket (settimeouts)
--- config
    server_tokens off;
    location /t {
        content_by_lua_block {
            local sock = ngx.socket.tcp()

            sock:settimeouts(200, 200, 200)  -- 200ms timeout)

            local port = ngx.var.server_port
            local ok, err = sock:connect("127.0.0.1", port)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            local data = string.rep("a", 4) -- 4 bytes
            local num = 3

            local req = "POST /foo HTTP/1.0\r\nHost: localhost\r\nContent-Length: "
                        .. #data * num .. "\r\nConnection: close\r\n\r\n"

            local bytes, err = sock:send(req)
            if not bytes then
                ngx.say("failed to send request: ", err)
                return
            end

            for i = 1, num do
                local bytes, err = sock:send(data)
                if not bytes then
                    ngx.log(ngx.ERR, "failed to send body: ", err)
                    return
                end
                ngx.sleep(0.12) -- 120ms
            end

            while true do
                local line, err, part = sock:receive()
                if line then
                    ngx.say("received: ", line)

                else
                    ngx.say("failed to receive a line: ", err, " [", part, "]")
                    break
                end
            end

            sock:close()
        }
    }

    location /foo {
        content_by_lua_block {
            local content_length = ngx.req.get_headers()["Content-Length"]

            local sock = ngx.req.socket(true)

            sock:settimeouts(0, 100, 200) -- send: 100ms, read: 200ms

            local chunk = 4

            function read()
                local data, err = sock:receive(content_length)
                if not data then
                    ngx.log(ngx.ERR, "failed to receive data: ", err)
                    return
                end
            end

            local co = ngx.thread.spawn(read)

            sock:send("ok\n")

            local ok, err = ngx.thread.wait(co)
            if not ok then
                ngx.log(ngx.ERR, "failed to wait co: ", err)
            end
        }
    }

--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+
