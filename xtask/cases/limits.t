# ngx_http_limit_req_module and ngx_http_limit_conn_module: the preaccess limits, their log
# lines, statuses and variables. The limited locations answer in the content phase: `return`
# answers in the rewrite phase, before any limit applies (see the first case). Rates of 1r/m make a second request within the same second
# deterministic (the bucket leaks 16 milli-requests per second).

=== TEST 0: return answers before limit_req applies
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; return 200 "ok\n"; }
--- pipelined_requests
GET /t
GET /t

=== TEST 1: limit_req rejects the second request with 503
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 2: limit_req_status 429
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; limit_req_status 429; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t

=== TEST 3: burst with nodelay lets burst+1 requests through
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one burst=2 nodelay; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 4: limit_req_log_level warn
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; limit_req_log_level warn; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 5: limit_req_log_level info is filtered by error_log notice
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; limit_req_log_level info; content_by_lua_block { ngx.say("ok") } }
--- log_level: notice
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
limiting requests[^\n]*

=== TEST 6: $limit_req_status PASSED and REJECTED
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; add_header X-Req "[$limit_req_status]" always; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t

=== TEST 7: limit_req_dry_run passes and logs
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; limit_req_dry_run on; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 8: a delayed request in dry run is not delayed
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one burst=5; limit_req_dry_run on; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- grep_error_log
\[\w+\] delaying request[^\n]*

=== TEST 9: two limit_req in one location, the stricter rejects
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    limit_req_zone $server_name zone=two:1m rate=1r/m;
--- config
    location /t { limit_req zone=one burst=5 nodelay; limit_req zone=two; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 10: the key is a variable, each value its own bucket
--- http_config
    limit_req_zone $arg_k zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; content_by_lua_block { ngx.say("ok ", ngx.var.arg_k) } }
--- pipelined_requests
GET /t?k=a
GET /t?k=b
GET /t?k=a
GET /t?k=b
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 11: an empty key is not limited
--- http_config
    limit_req_zone $arg_k zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; add_header X-Req "[$limit_req_status]" always; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 12: server-level limit_req is inherited by a location without one
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    limit_req zone=one;
    location /t { content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t

=== TEST 13: a location's own limit_req replaces the server's
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    limit_req_zone $binary_remote_addr zone=two:1m rate=1r/m;
--- config
    limit_req zone=one;
    location /t { limit_req zone=two burst=1 nodelay; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 14: subrequests of an unlimited request: the first capture decides for all
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /lim { limit_req zone=one; content_by_lua_block { ngx.print("sub ", ngx.var.limit_req_status) } }
    location /t { content_by_lua_block {
        for i = 1, 3 do
            local res = ngx.location.capture("/lim")
            ngx.say(res.status, " ", res.body)
        end
        ngx.say(ngx.var.limit_req_status)
    } }
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 15: a limited main request's captures are not limited again
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /lim { limit_req zone=one; content_by_lua_block { ngx.print("sub") } }
    location /t { limit_req zone=one burst=1 nodelay; content_by_lua_block {
        for i = 1, 3 do
            local res = ngx.location.capture("/lim")
            ngx.say(res.status, " ", res.body)
        end
    } }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 16: error_page for 503 in a limited server is not limited again
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    limit_req zone=one;
    error_page 503 /busy;
    location /t { content_by_lua_block { ngx.say("ok") } }
    location /busy { return 200 "busy $limit_req_status $status\n"; }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 17: limit_req runs before access_by_lua and after rewrite_by_lua
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t {
        limit_req zone=one;
        rewrite_by_lua_block { ngx.log(ngx.WARN, "rewrite ", ngx.var.limit_req_status) }
        access_by_lua_block { ngx.log(ngx.WARN, "access ", ngx.var.limit_req_status) }
        content_by_lua_block { ngx.say("ok") }
    }
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
(\[lua\] [^\n]*(rewrite|access) \w+|limiting requests)

=== TEST 18: limit_req before limit_conn in the preaccess phase
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
    location /t { limit_req zone=one; limit_conn addr 1; add_header X-St "[$limit_req_status $limit_conn_status]" always; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t

=== TEST 19: limit_conn counts requests in flight
--- http_config
    limit_conn_zone $server_name zone=srv:1m;
    server { listen 127.0.0.1:$PORT2; server_name back;
        location /slow { limit_conn srv 1; content_by_lua_block { ngx.sleep(0.5) ngx.say("slow ", ngx.var.limit_conn_status) } }
    }
--- config
    location /t { content_by_lua_block {
        local function get()
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET /slow HTTP/1.0\r\nHost: back\r\n\r\n")
            local status = sock:receive()
            local body = sock:receive("*a")
            sock:close()
            return status .. " " .. (body:match("slow %w+") or "-")
        end
        local a = ngx.thread.spawn(get)
        ngx.sleep(0.2)
        local b = ngx.thread.spawn(get)
        ngx.say("b: ", select(2, ngx.thread.wait(b)))
        ngx.say("a: ", select(2, ngx.thread.wait(a)))
        ngx.say("c: ", get())
    } }
--- request
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] limiting connections[^\n]*

=== TEST 20: limit_conn_status, limit_conn_log_level and dry run
--- http_config
    limit_conn_zone $server_name zone=srv:1m;
    server { listen 127.0.0.1:$PORT2; server_name back;
        location /strict { limit_conn srv 1; limit_conn_status 429; limit_conn_log_level warn;
            content_by_lua_block { ngx.sleep(0.5) ngx.say("strict") } }
        location /dry { limit_conn srv 1; limit_conn_dry_run on;
            content_by_lua_block { ngx.sleep(0.5) ngx.say("dry ", ngx.var.limit_conn_status) } }
    }
--- config
    location /t { content_by_lua_block {
        local function get(uri)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET " .. uri .. " HTTP/1.0\r\nHost: back\r\n\r\n")
            local status = sock:receive()
            local body = sock:receive("*a")
            sock:close()
            return status .. " " .. (body:match("%a+ ?%u*_?%u*_?%u*\n$") or "-")
        end
        local a = ngx.thread.spawn(get, "/strict")
        ngx.sleep(0.2)
        local b = ngx.thread.spawn(get, "/strict")
        local c = ngx.thread.spawn(get, "/dry")
        ngx.say("b: ", select(2, ngx.thread.wait(b)))
        ngx.say("c: ", select(2, ngx.thread.wait(c)))
        ngx.say("a: ", select(2, ngx.thread.wait(a)))
    } }
--- request
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] limiting connections[^\n]*

=== TEST 21: sequential requests on one connection each free their slot
--- http_config
    limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
    location /t { limit_conn addr 1; add_header X-Conn "[$limit_conn_status]"; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 22: limit_req delays an excess request, then serves it
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=5r/s;
--- config
    location /t { limit_req zone=one burst=3; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
--- grep_error_log
\[\w+\] delaying request(, dry run)?

=== TEST 23: delay= serves a part of the burst at once and delays the rest
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
--- config
    location /t { limit_req zone=one burst=3 delay=1; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] delaying request

=== TEST 24: the delay is logged one level below limit_req_log_level
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one burst=5; limit_req_dry_run on; limit_req_log_level notice; content_by_lua_block { ngx.say("ok") } }
    location /u { limit_req zone=one burst=5; limit_req_dry_run on; limit_req_log_level info; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /u
--- grep_error_log
\[\w+\] delaying request[^\n]*

=== TEST 25: limit_req_status 444 closes the connection
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { limit_req zone=one; limit_req_status 444; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 26: one zone shared by two locations
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /a { limit_req zone=one burst=1 nodelay; content_by_lua_block { ngx.say("a") } }
    location /b { limit_req zone=one burst=1 nodelay; content_by_lua_block { ngx.say("b") } }
--- pipelined_requests
GET /a
GET /b
GET /a
GET /b

=== TEST 27: ngx.exec to a limited location is limited
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /lim { limit_req zone=one; content_by_lua_block { ngx.say("lim ", ngx.var.limit_req_status) } }
    location /t { content_by_lua_block { ngx.exec("/lim") } }
--- pipelined_requests
GET /t
GET /t

=== TEST 28: the first limit with an empty key is skipped, the next one applies
--- http_config
    limit_req_zone $arg_a zone=a:1m rate=1r/m;
    limit_req_zone $binary_remote_addr zone=b:1m rate=1r/m;
--- config
    location /t { limit_req zone=a; limit_req zone=b burst=1 nodelay; content_by_lua_block { ngx.say("ok") } }
--- pipelined_requests
GET /t
GET /t?a=1
GET /t
--- grep_error_log
\[\w+\] limiting requests[^\n]*

=== TEST 29: http-level limit_req reaches nested locations, static files and if blocks
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    limit_req zone=one burst=1 nodelay;
--- config
    location /s/ {
        location /s/in/ { }
        if ($arg_x) { add_header X-If yes; }
    }
--- user_files
>>> html/s/in/f.txt
file
>>> html/s/g.txt
g
--- pipelined_requests
GET /s/in/f.txt
GET /s/g.txt?x=1
GET /s/g.txt

=== TEST 30: limit_req on a named location reached by try_files
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
    location /t { try_files /nonexistent @back; }
    location @back { limit_req zone=one; content_by_lua_block { ngx.say("back") } }
--- pipelined_requests
GET /t
GET /t

=== TEST 31: $limit_req_status and $limit_conn_status in the access log
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
    limit_conn_zone $binary_remote_addr zone=addr:1m;
    log_format lim '$uri $status [$limit_req_status] [$limit_conn_status]';
--- config
    access_log logs/lim.log lim;
    location /t { limit_req zone=one; limit_conn addr 5; content_by_lua_block { ngx.say("ok") } }
    location /free { content_by_lua_block { ngx.say("free") } }
--- pipelined_requests
GET /t
GET /t
GET /free
--- error_log_file: logs/lim.log
--- grep_error_log
[^\n]+

=== TEST 32: a limit_conn key over 255 bytes is logged and not counted
--- http_config
    limit_conn_zone $arg_k zone=k:1m;
--- config
    location /t { limit_conn k 1; content_by_lua_block { ngx.say("[", ngx.var.limit_conn_status, "]") } }
--- request
GET /t?k=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
--- grep_error_log
\[\w+\] the value of [^\n]*

=== TEST 33: a capture's limit_conn slot is held until its main request ends
--- http_config
    limit_conn_zone $server_name zone=srv:1m;
--- config
    location /c { limit_conn srv 1; content_by_lua_block { ngx.print("c ", ngx.var.limit_conn_status) } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/c")
        ngx.say(res.status, " ", res.body)
        res = ngx.location.capture("/c")
        ngx.say(res.status, " ", res.body)
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT))
        sock:send("GET /c HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say("other connection: ", sock:receive())
        sock:close()
    } }
--- request
GET /t
--- grep_error_log
\[\w+\] limiting connections[^\n]*

=== TEST 34: a client that goes away still frees its slot when its request ends
--- http_config
    limit_conn_zone $server_name zone=srv:1m;
    server { listen 127.0.0.1:$PORT2; server_name back;
        location /slow { limit_conn srv 1; content_by_lua_block { ngx.sleep(0.5) ngx.say("slow") } }
    }
--- config
    location /t { content_by_lua_block {
        local function get(close_at_once)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET /slow HTTP/1.0\r\nHost: back\r\n\r\n")
            if close_at_once then sock:close() return "closed" end
            local status = sock:receive()
            sock:close()
            return status
        end
        ngx.say("a: ", get(true))
        ngx.sleep(0.2)
        ngx.say("b: ", get())
        ngx.sleep(0.6)
        ngx.say("c: ", get())
    } }
--- request
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] limiting connections[^\n]*

=== TEST 35: a full zone makes room by dropping its least recently used key
--- http_config
    limit_req_zone $arg_k zone=small:32k rate=1r/m;
--- config
    location /z { limit_req zone=small; content_by_lua_block { ngx.say("z") } }
    location /t { content_by_lua_block {
        local function get(k)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT))
            sock:send("GET /z?k=" .. k .. " HTTP/1.0\r\nHost: localhost\r\n\r\n")
            local status = sock:receive()
            sock:close()
            return status:match("%d%d%d")
        end
        local seen = {}
        -- 191 keys fill the zone's 128-byte chunks; the 192nd pushes the first one out.
        -- (the loop takes long enough for k1's excess to leak a little: not compared)
        for i = 0, 191 do
            local s = get("k" .. i)
            seen[s] = (seen[s] or 0) + 1
        end
        for s, n in pairs(seen) do ngx.say(s, ": ", n) end
        ngx.say("k1 again: ", get("k1"))
        ngx.say("k0 again: ", get("k0"))
        ngx.say("k2 again: ", get("k2"))
    } }
--- request
GET /t
--- timeout: 20
--- grep_error_log
(\[\w+\] limiting requests|by zone "\w+", client: [^,]*, server: [^,]*, request: "GET /z\?k=\w+)

=== TEST 36: a request rejected by its second limit_conn gives back the first one's slot
--- http_config
    limit_conn_zone $server_name zone=srv:1m;
    limit_conn_zone $binary_remote_addr zone=addr:1m;
    server { listen 127.0.0.1:$PORT2; server_name back;
        location /slow { limit_conn srv 5; limit_conn addr 1; content_by_lua_block { ngx.sleep(0.8) ngx.say("slow") } }
        location /two { limit_conn srv 2; content_by_lua_block { ngx.say("two") } }
    }
--- config
    location /t { content_by_lua_block {
        local function get(uri)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET " .. uri .. " HTTP/1.0\r\nHost: back\r\n\r\n")
            local status = sock:receive()
            sock:close()
            return status
        end
        local a = ngx.thread.spawn(get, "/slow")
        ngx.sleep(0.2)
        ngx.say("b: ", get("/slow"))
        ngx.say("c: ", get("/two"))
        ngx.say("a: ", select(2, ngx.thread.wait(a)))
    } }
--- request
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] limiting connections[^\n]*

=== TEST 37: a client that closes during a delay ends its request with 499
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
    log_format st '$uri $status $limit_req_status';
    server { listen 127.0.0.1:$PORT2; server_name back;
        access_log logs/back.log st;
        location /d { limit_req zone=one burst=5; content_by_lua_block { ngx.say("d") } }
    }
--- config
    location /t { content_by_lua_block {
        local function get(close_at_once)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $PORT2))
            sock:send("GET /d HTTP/1.0\r\nHost: back\r\n\r\n")
            if close_at_once then sock:close() return "closed" end
            local status = sock:receive()
            sock:close()
            return status
        end
        ngx.say(get())
        ngx.say(get(true))
        ngx.sleep(1.5)
        ngx.say("done")
    } }
--- request
GET /t
--- timeout: 10
--- error_log_file: logs/back.log
--- grep_error_log
[^\n]+

=== TEST 38: the log line of a client that closed during a delay
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
    server { listen 127.0.0.1:$PORT2; server_name back;
        location /d { limit_req zone=one burst=5; content_by_lua_block { ngx.say("d") } }
    }
--- config
    location /t { content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        sock:send("GET /d HTTP/1.0\r\nHost: back\r\n\r\n")
        ngx.say(sock:receive())
        sock:close()
        sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $PORT2))
        sock:send("GET /d HTTP/1.0\r\nHost: back\r\n\r\n")
        sock:close()
        ngx.sleep(1.5)
        ngx.say("done")
    } }
--- request
GET /t
--- timeout: 10
--- grep_error_log
\[\w+\] (client prematurely closed connection[^\n]*|delaying request)

=== TEST 39: a capture can be delayed
# nginx never resumes a delayed subrequest (KNOWN_DIFFERENCES.md).
--- http_config
    limit_req_zone $binary_remote_addr zone=one:1m rate=5r/s;
--- config
    location /lim { limit_req zone=one burst=5; content_by_lua_block { ngx.print("lim ", ngx.var.limit_req_status) } }
    location /t { content_by_lua_block {
        local res = ngx.location.capture("/lim")
        ngx.say(res.status, " ", res.body)
        res = ngx.location.capture("/lim")
        ngx.say(res.status, " ", res.body)
    } }
--- pipelined_requests
GET /lim
GET /t
--- timeout: 3
--- grep_error_log
\[\w+\] delaying request
