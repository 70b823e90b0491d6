# Lifted from openresty/lua-nginx-module t/108-timer-safe.t (BSD license)

=== TEST 1: simple at
--- config
    location /t {
        content_by_lua '
            local begin = ngx.now()
            local function f()
                ngx.update_time()
                print("elapsed ok: ", ngx.now() - begin >= 0.049)
            end
            local ok, err = ngx.timer.at(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
            ngx.sleep(0.05)
        ';
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|my lua timer handler|elapsed ok: \w+|registered timer|connected: .*?,|request sent: .*?,|received: .*?, context|close: .*?,
--- wait
0.1

=== TEST 2: simple at (sleep in the timer callback)
--- config
    location /t {
        content_by_lua '
            local begin = ngx.now()
            local function f()
                print("my lua timer handler")
                ngx.sleep(0.02)
                ngx.update_time()
                print("elapsed ok: ", ngx.now() - begin >= 0.069)
            end
            local ok, err = ngx.timer.at(0.05, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
            ngx.sleep(0.05)
        ';
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|my lua timer handler|elapsed ok: \w+|registered timer|connected: .*?,|request sent: .*?,|received: .*?, context|close: .*?,
--- wait
0.2

=== TEST 3: tcp cosocket in timer handler (short connections)
--- config
    server_tokens off;
    location = /t {
        content_by_lua '
            local begin = ngx.now()
            local function fail(...)
                ngx.log(ngx.ERR, ...)
            end
            local function f()
                print("my lua timer handler")
                local sock = ngx.socket.tcp()
                local port = $PORT
                local ok, err = sock:connect("127.0.0.1", port)
                if not ok then
                    fail("failed to connect: ", err)
                    return
                end

                print("connected: ", ok)

                local req = "GET /foo HTTP/1.0\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n"

                local bytes, err = sock:send(req)
                if not bytes then
                    fail("failed to send request: ", err)
                    return
                end

                print("request sent: ", bytes)

                while true do
                    local line, err, part = sock:receive()
                    if line then
                        print("received: ", line)

                    else
                        if err == "closed" then
                            break
                        end
                        fail("failed to receive a line: ", err, " [", part, "]")
                        break
                    end
                end

                ok, err = sock:close()
                print("close: ", ok, " ", err)
            end
            local ok, err = ngx.timer.at(0.01, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
            ngx.sleep(0.02)
        ';
    }

    location = /foo {
        content_by_lua 'ngx.say("foo")';
        more_clear_headers Date;
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|my lua timer handler|elapsed ok: \w+|registered timer|connected: .*?,|request sent: .*?,|received: .*?, context|close: .*?,
--- wait
0.2

=== TEST 4: 0 timer
--- config
    location /t {
        content_by_lua '
            local begin = ngx.now()
            local function f()
                print("elapsed ok: ", ngx.now() - begin < 0.01)
            end
            local ok, err = ngx.timer.at(0, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.say("registered timer")
        ';
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|my lua timer handler|elapsed ok: \w+|registered timer|connected: .*?,|request sent: .*?,|received: .*?, context|close: .*?,
--- wait
0.05

=== TEST 5: simple at (sleep in the timer callback) - log_by_lua
--- config
    location /t {
        echo hello world;
        echo_sleep 0.07;
        log_by_lua '
            local begin = ngx.now()
            local function f()
                print("my lua timer handler")
                ngx.sleep(0.02)
                ngx.update_time()
                print("elapsed ok: ", ngx.now() - begin >= 0.069)
            end
            local ok, err = ngx.timer.at(0.05, f)
            if not ok then
                ngx.log(ngx.ERR, "failed to set timer: ", err)
                return
            end
            print("registered timer")
        ';
    }
--- request
GET /t
--- grep_error_log
\[(error|alert|crit)\].*|my lua timer handler|elapsed ok: \w+|registered timer|connected: .*?,|request sent: .*?,|received: .*?, context|close: .*?,
--- wait
0.2
