# Lifted from openresty/lua-nginx-module t/090-log-socket-errors.t (BSD license)
#
# The original gets its timeouts from agentzh.org (a connect that hangs, a UDP peer that never
# answers). Here the TCP blocks time out reading from a memcached the harness starts on $PORT2
# (it says nothing until asked) and the UDP blocks read from 127.0.0.1:12345, where nothing
# listens.

=== TEST 1: log socket errors off (tcp)
--- config
    location /t {
        lua_socket_read_timeout 1ms;
        lua_socket_log_errors off;
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            ok, err = sock:receive()
            ngx.say(err)
        ';
    }
--- memcached: $PORT2
--- log_level: warn
--- request
GET /t
--- grep_error_log
\[(?:error|warn)\].*

=== TEST 2: log socket errors on (tcp)
--- config
    location /t {
        lua_socket_read_timeout 1ms;
        lua_socket_log_errors on;
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", $PORT2)
            ok, err = sock:receive()
            ngx.say(err)
        ';
    }
--- memcached: $PORT2
--- log_level: warn
--- request
GET /t
--- grep_error_log
\[(?:error|warn)\].*

=== TEST 3: log socket errors on (udp)
--- config
    location /t {
        lua_socket_log_errors on;
        lua_socket_read_timeout 1ms;
        content_by_lua '
            local sock = ngx.socket.udp()
            local ok, err = sock:setpeername("127.0.0.1", 12345)
            ok, err = sock:receive()
            ngx.say(err)
        ';
    }
--- log_level: warn
--- request
GET /t
--- grep_error_log
\[(?:error|warn)\].*

=== TEST 4: log socket errors off (udp)
--- config
    location /t {
        lua_socket_log_errors off;
        lua_socket_read_timeout 1ms;
        content_by_lua '
            local sock = ngx.socket.udp()
            local ok, err = sock:setpeername("127.0.0.1", 12345)
            ok, err = sock:receive()
            ngx.say(err)
        ';
    }
--- log_level: warn
--- request
GET /t
--- grep_error_log
\[(?:error|warn)\].*
