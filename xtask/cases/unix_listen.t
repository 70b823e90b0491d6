# `listen unix:PATH`: a server on a unix domain socket, reached with a cosocket from the
# harness's server (as lua-nginx-module's own tests do), plain and with TLS.

=== TEST 1: variables of a unix socket's request
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        server_name localhost;
        location / {
            return 200 "[$remote_addr] [$remote_port] [$server_addr] [$server_port] [$binary_remote_addr] [$host] [$proxy_add_x_forwarded_for]\n";
        }
    }
--- config
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("unix:$TEST_PREFIX/logs/backend.sock"))
            assert(s:send("GET /v HTTP/1.0\r\nHost: localhost\r\n\r\n"))
            local all = s:receive("*a")
            ngx.print((all:gsub("\r\nDate: [^\r]*", "")))
        }
    }
--- request
GET /t

=== TEST 2: a unix socket's client in Lua, logs and redirects
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        server_name localhost;
        location /r { return 302 /elsewhere; }
        location / {
            content_by_lua_block {
                ngx.log(ngx.ERR, "from ", ngx.var.remote_addr)
                ngx.say(ngx.var.remote_addr, " ", tostring(ngx.var.remote_port), " ", ngx.var.server_addr)
            }
        }
    }
--- config
    location /t {
        content_by_lua_block {
            for _, path in ipairs{"/lua", "/r"} do
                local s = ngx.socket.tcp()
                assert(s:connect("unix:$TEST_PREFIX/logs/backend.sock"))
                assert(s:send("GET " .. path .. " HTTP/1.0\r\nHost: example.test\r\n\r\n"))
                local all = s:receive("*a")
                ngx.say((all:match("\r\n\r\n(.*)$")):sub(1, 60))
                ngx.say(all:match("Location: [^\r]*"))
            end
        }
    }
--- request
GET /t
--- grep_error_log
\[error\] .*from unix:.*

=== TEST 3: allow unix: and deny all
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        location /open { allow unix:; deny all; return 200 "open\n"; }
        location /shut { allow 127.0.0.1; deny all; return 200 "never\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            for _, path in ipairs{"/open", "/shut"} do
                local s = ngx.socket.tcp()
                assert(s:connect("unix:$TEST_PREFIX/logs/backend.sock"))
                assert(s:send("GET " .. path .. " HTTP/1.0\r\n\r\n"))
                ngx.say((s:receive("*l")))
            end
        }
    }
--- request
GET /t

=== TEST 4: TLS on a unix socket, with sslhandshake over it
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/tls.sock ssl;
        server_name test.com;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "$scheme $ssl_protocol sni=[$ssl_server_name] [$remote_addr]\n"; }
    }
--- config
    lua_ssl_trusted_certificate tls/localhost.crt;
    location /t {
        content_by_lua_block {
            local s = ngx.socket.tcp()
            assert(s:connect("unix:$TEST_PREFIX/logs/tls.sock"))
            local sess, err = s:sslhandshake(nil, "test.com")
            ngx.say("handshake: ", type(sess), " ", tostring(err))
            assert(s:send("GET / HTTP/1.0\r\nHost: test.com\r\n\r\n"))
            ngx.say((s:receive("*a"):match("\r\n\r\n(.*)")))
            local s2 = ngx.socket.tcp()
            assert(s2:connect("unix:$TEST_PREFIX/logs/tls.sock"))
            ngx.say(s2:sslhandshake(nil, "localhost", true))
        }
    }
--- request
GET /t

=== TEST 5: proxy_pass to a unix socket, with and without a URI part
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        location / { return 200 "host=$http_host uri=$request_uri conn=$http_connection\n"; }
    }
--- config
    location /a/ {
        proxy_pass http://unix:$TEST_PREFIX/logs/backend.sock:/x/;
        add_header X-Proxy-Host $proxy_host;
    }
    location /b { proxy_pass http://unix:$TEST_PREFIX/logs/backend.sock; }
    location /t {
        content_by_lua_block {
            for _, u in ipairs{"/a/q?z=1", "/b"} do
                local res = ngx.location.capture(u)
                ngx.print(res.status, " ", tostring(res.header["X-Proxy-Host"]), " ", res.body)
            end
        }
    }
--- request
GET /t

=== TEST 6: an upstream block of a unix socket
--- http_config
    upstream app { server unix:$TEST_PREFIX/logs/backend.sock; }
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        location / { return 200 "host=$http_host uri=$request_uri\n"; }
    }
--- config
    location / {
        proxy_pass http://app;
        add_header X-Upstream $upstream_addr;
    }
--- request
GET /c?d=1

=== TEST 7: a unix socket upstream that is not there
--- config
    location / { proxy_pass http://unix:$TEST_PREFIX/logs/none.sock; }
--- request
GET /d
--- grep_error_log
\[crit\] connect\(\) to unix.*

=== TEST 8: a proxy_pass URL in a variable naming a unix socket
--- http_config
    server {
        listen unix:$TEST_PREFIX/logs/backend.sock;
        location / { return 200 "host=$http_host uri=$request_uri\n"; }
    }
--- config
    location / {
        set $up "unix:$TEST_PREFIX/logs/backend.sock:/v";
        proxy_pass http://$up$request_uri;
        add_header X-Upstream $upstream_addr;
    }
--- request
GET /e?f=2
