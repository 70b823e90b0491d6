# Lifted from openresty/lua-nginx-module t/065-tcp-socket-timeout.t (BSD license)
#
# The original runs under mockeagain (an LD_PRELOAD library that makes writes of "get
# helloworld" block) and resolves agentzh.org to get a connect that hangs. Neither is here:
# the connect-timeout blocks (1-5, 17) are left out, and the send-timeout blocks send 15 MB to
# the harness's TCP server, which reads 4 KB and then holds the connection without reading, so
# the send blocks as mockeagain makes it. $TEST_NGINX_MEMCACHED_PORT is a memcached on $PORT2
# (it answers nothing until asked, so reads time out). TEST 20 is left out (its peer is the
# test client, which reads everything: the send never blocks).


=== TEST 6: lua_socket_read_timeout only
--- config
    server_tokens off;
    lua_socket_read_timeout 100ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            local line
            line, err = sock:receive()
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 7: sock:settimeout() overrides lua_socket_read_timeout
--- config
    server_tokens off;
    lua_socket_read_timeout 60s;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(150)

            local line
            line, err = sock:receive()
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 8: sock:settimeout(nil) does not override lua_socket_read_timeout
--- config
    server_tokens off;
    lua_socket_read_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(nil)

            local line
            line, err = sock:receive()
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 9: sock:settimeout(0) does not override lua_socket_read_timeout
--- config
    server_tokens off;
    lua_socket_read_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(0)

            local line
            line, err = sock:receive()
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 10: sock:settimeout(-1) does not override lua_socket_read_timeout
--- config
    server_tokens off;
    lua_socket_read_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(-1)

            local line
            line, err = sock:receive()
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 11: lua_socket_send_timeout only
--- config
    server_tokens off;
    lua_socket_send_timeout 100ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 12: sock:settimeout() overrides lua_socket_send_timeout
--- config
    server_tokens off;
    lua_socket_send_timeout 60s;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(150)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 13: sock:settimeout(nil) does not override lua_socket_send_timeout
--- config
    server_tokens off;
    lua_socket_send_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(nil)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 14: sock:settimeout(0) does not override lua_socket_send_timeout
--- config
    server_tokens off;
    lua_socket_send_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(0)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 15: sock:settimeout(-1) does not override lua_socket_send_timeout
--- config
    server_tokens off;
    lua_socket_send_timeout 102ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(-1)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 16: exit in user thread (entry thread is still pending on tcpsock:send)
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
            local sock = ngx.socket.tcp()

            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            sock:settimeout(12000)

            local bytes, ok = sock:send(string.rep("get helloworld!", 1000000))
            if not bytes then
                ngx.say("failed to send: ", err)
                return
            end

            ngx.say("end")
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /lua
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 18: re-send on the same object after a send timeout happens
--- config
    server_tokens off;
    lua_socket_send_timeout 100ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
                bytes, err = sock:send("blah")
                if not bytes then
                    ngx.say("failed to send again: ", err)
                end
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 19: abort when upstream sockets pending on writes
--- config
    server_tokens off;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(100)
            ngx.thread.spawn(function () ngx.sleep(0.001) ngx.say("done") ngx.exit(200) end)
            local bytes
            bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if bytes then
                ngx.say("sent: ", bytes)
            else
                ngx.say("failed to send: ", err)
            end
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 21: read timeout on receive(N)
--- config
    server_tokens off;
    lua_socket_read_timeout 100ms;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            if not ok then
                ngx.say("failed to connect: ", err)
                return
            end

            ngx.say("connected: ", ok)

            sock:settimeout(10)

            local line
            line, err = sock:receive(3)
            if line then
                ngx.say("received: ", line)
            else
                ngx.say("failed to receive: ", err)
            end
        ';
    }
--- memcached: $PORT2
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+

=== TEST 22: concurrent operations while writing
--- config
    server_tokens off;
    lua_socket_log_errors off;
    location /t {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ready = false

            local function f()
                while not ready do
                    ngx.sleep(0.001)
                end

                local bytes, err = sock:send("flush_all")
                ngx.say("send: ", bytes, " ", err)

                local ok, err = sock:close()
                ngx.say("close: ", ok, " ", err)

                local ok, err = sock:getreusedtimes()
                ngx.say("getreusedtimes: ", ok, " ", err)

                local ok, err = sock:setkeepalive()
                ngx.say("setkeepalive: ", ok, " ", err)

                local ok, err = sock:connect("127.0.0.1", $PORT2)
                ngx.say("connect: ", ok, " ", err)

                sock:settimeout(1)
                local res, err = sock:receive(1)
                ngx.say("receive: ", res, " ", err)
            end

            local ok, err = ngx.thread.spawn(f)
            if not ok then
                ngx.say("failed to spawn writer thread: ", err)
                return
            end

            local ok, err = sock:connect("127.0.0.1", $PORT2)
            ngx.say("connect: ", ok, " ", err)

            ready = true

            sock:settimeout(300)
            local bytes, err = sock:send(string.rep("get helloworld!", 1000000))
            if not bytes then
                ngx.say("send failed: ", err)
            end

            local ok, err = sock:close()
            ngx.say("close: ", ok, " ", err)
        ';
    }
--- tcp_listen: $PORT2
--- tcp_no_close
--- request
GET /t
--- grep_error_log
\[error\] (?:attempt to \w+ data on a closed socket: u:(?:0{16})?|.*)|, c:(?:0{16})?|, ft:\d+ eof:\d+
