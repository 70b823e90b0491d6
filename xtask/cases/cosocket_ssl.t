# `tcpsock:sslhandshake` against a TLS server of the same config (on $PORT2, the fixture
# certificate of `localhost`), which answers what it saw of the handshake.

=== TEST 1: handshake with SNI and verification
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200 "$ssl_protocol sni=[$ssl_server_name] reused=$ssl_session_reused\n"; }
    }
--- config
    lua_ssl_trusted_certificate tls/localhost.crt;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            local sess, err = s:sslhandshake(nil, "localhost", true)
            ngx.say(type(sess), " ", tostring(err))
            assert(s:send("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"))
            local body = s:receive("*a")
            ngx.say((body:match("\r\n\r\n(.*)")))
            s:close()
        }
    }
--- request
GET /t

=== TEST 2: a session passed back is resumed, and only then
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "reused=$ssl_session_reused\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local function get(reuse)
                local s = ngx.socket.tcp()
                assert(s:connect("127.0.0.1", $PORT2))
                local sess = assert(s:sslhandshake(reuse, "localhost"))
                assert(s:send("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"))
                ngx.print((s:receive("*a"):match("\r\n\r\n(.*)")))
                s:close()
                return sess
            end
            local sess = get()
            get()
            get(sess)
            get(sess)
        }
    }
--- request
GET /t

=== TEST 3: without SNI and without verification
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "$ssl_protocol sni=[$ssl_server_name]\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            local sess, err = s:sslhandshake()
            ngx.say(type(sess), " ", tostring(err))
            assert(s:send("GET / HTTP/1.0\r\n\r\n"))
            ngx.say((s:receive("*a"):match("\r\n\r\n(.*)")))
        }
    }
--- request
GET /t

=== TEST 4: a certificate for another host
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
--- config
    lua_ssl_trusted_certificate tls/localhost.crt;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            ngx.say(s:sslhandshake(nil, "other.test", true))
            ngx.say(s:send("x"))
        }
    }
--- request
GET /t
--- grep_error_log
\[error\] lua ssl.*

=== TEST 5: an untrusted self-signed certificate
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            ngx.say(s:sslhandshake(nil, "localhost", true))
        }
    }
--- request
GET /t
--- grep_error_log
\[error\] lua ssl.*

=== TEST 6: an untrusted certificate, not logged with lua_socket_log_errors off
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
--- config
    lua_socket_log_errors off;
    lua_ssl_trusted_certificate tls/example.crt;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            ngx.say(s:sslhandshake(nil, nil, true))
        }
    }
--- request
GET /t
--- grep_error_log
\[error\] lua ssl.*

=== TEST 7: verification without a server name checks the chain only
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "sni=[$ssl_server_name]\n"; }
    }
--- config
    lua_ssl_trusted_certificate tls/localhost.crt;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            local sess, err = s:sslhandshake(nil, nil, true)
            ngx.say(type(sess), " ", tostring(err))
            assert(s:send("GET / HTTP/1.0\r\n\r\n"))
            ngx.say((s:receive("*a"):match("\r\n\r\n(.*)")))
        }
    }
--- request
GET /t

=== TEST 8: reused_session false returns true; a second handshake returns the session
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "ok\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            ngx.say(s:sslhandshake(false, "localhost"))
            local again = s:sslhandshake()
            ngx.say(type(again))
            local given = s:sslhandshake(again)
            ngx.say(given == again)
            ngx.say(s:sslhandshake(false))
            s:close()
            ngx.say(s:sslhandshake())
        }
    }
--- request
GET /t

=== TEST 9: a handshake before connect raises, after close fails
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            local ok, err = pcall(s.sslhandshake, s)
            ngx.say(ok, " ", (err:match("socket is never created nor connected")))
            local ok, err = pcall(s.sslhandshake, s, nil, nil, nil, nil, "extra")
            ngx.say(ok, " ", (err:match("sslhandshake: .*")))
        }
    }
--- request
GET /t

=== TEST 10: a peer that does not speak TLS
--- http_config
    server {
        listen $PORT2;
        location / { return 200 "plain\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            s:settimeout(2000)
            assert(s:connect("127.0.0.1", $PORT2))
            ngx.say(s:sslhandshake(nil, "localhost"))
            ngx.say(s:send("x"))
        }
    }
--- request
GET /t

=== TEST 11: lua_ssl_protocols with TLSv1.3
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200 "$ssl_protocol $ssl_cipher\n"; }
    }
--- config
    lua_ssl_protocols TLSv1.2 TLSv1.3;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            assert(s:sslhandshake(nil, "localhost"))
            assert(s:send("GET / HTTP/1.0\r\n\r\n"))
            ngx.say((s:receive("*a"):match("\r\n\r\n(.*)")))
        }
    }
--- request
GET /t

=== TEST 12: a pooled TLS connection is reused without a new handshake
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        keepalive_requests 10;
        location / { return 200 "req $connection_requests\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            for i = 1, 3 do
                local s = ngx.socket.tcp()
                assert(s:connect("127.0.0.1", $PORT2))
                ngx.say("reused ", s:getreusedtimes())
                if s:getreusedtimes() == 0 then
                    assert(s:sslhandshake(nil, "localhost"))
                else
                    ngx.say("handshake again: ", type(s:sslhandshake(nil, "localhost")))
                end
                assert(s:send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                local reader = s:receiveuntil("\r\n\r\n")
                local head = reader()
                local len = tonumber(head:match("Content%-Length: (%d+)"))
                ngx.print(s:receive(len))
                assert(s:setkeepalive())
            end
        }
    }
--- request
GET /t

=== TEST 13: a larger exchange over a TLS cosocket
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / {
            content_by_lua_block {
                ngx.req.read_body()
                local b = ngx.req.get_body_data()
                ngx.print(#b, " ", b:sub(1, 5), string.rep("y", 70000))
            }
        }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("127.0.0.1", $PORT2))
            assert(s:sslhandshake(nil, "localhost"))
            local body = string.rep("x", 50000)
            assert(s:send({"POST / HTTP/1.0\r\nContent-Length: ", #body, "\r\n\r\n", body}))
            local all = s:receive("*a")
            local b = all:match("\r\n\r\n(.*)")
            ngx.say(#b, " ", b:sub(1, 12))
        }
    }
--- request
GET /t
