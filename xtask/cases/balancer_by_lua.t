# balancer_by_lua_block / _file and lua-resty-core's ngx.balancer (set_current_peer,
# set_more_tries, get_last_failure, set_timeouts): the handler runs before each try, in the
# request (ngx.var, ngx.ctx). Backends on $PORT2..$PORT4 answer with their own name; port 1 of
# 127.0.0.1 refuses connections. What the balancer saw is put in ngx.ctx and shown in response
# headers by header_filter_by_lua.

=== TEST 1: peer chosen by an argument
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local ports = { two = $PORT2, three = $PORT3, four = $PORT4 }
            local ok, err = b.set_current_peer("127.0.0.1", ports[ngx.var.arg_to])
            if not ok then ngx.log(ngx.ERR, "set_current_peer: ", err) end
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://lb; }
    location /t { content_by_lua_block {
        for _, to in ipairs({ "two", "three", "four", "two" }) do
            local res = ngx.location.capture("/h", { args = { to = to } })
            ngx.say(to, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 2: ngx.ctx from access_by_lua, port in the address
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer(ngx.ctx.peer))
            ngx.ctx.phase = ngx.get_phase()
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /t {
        access_by_lua_block { ngx.ctx.peer = "127.0.0.1:" .. ($PORT2 + (ngx.var.arg_n or 0)) }
        header_filter_by_lua_block { ngx.header["X-Phase"] = ngx.ctx.phase }
        proxy_pass http://lb;
    }
--- request
GET /t?n=1

=== TEST 3: retry a refused peer with set_more_tries, get_last_failure on the retry
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local ctx = ngx.ctx
            ctx.n = (ctx.n or 0) + 1
            local state, code = b.get_last_failure()
            ctx.seen = (ctx.seen or "") .. ctx.n .. ":" .. tostring(state) .. "/" .. tostring(code) .. ";"
            if ctx.n == 1 then
                assert(b.set_current_peer("127.0.0.1", 1))
                ctx.more = tostring(b.set_more_tries(1))
            else
                assert(b.set_current_peer("127.0.0.1", $PORT2))
            end
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t {
        header_filter_by_lua_block {
            ngx.header["X-Seen"] = ngx.ctx.seen
            ngx.header["X-More"] = ngx.ctx.more
            ngx.header["X-Status"] = ngx.var.upstream_status
        }
        proxy_pass http://lb;
    }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 4: a refused peer without more tries is a 502
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", 1))
        }
    }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 5: http_500 and http_404 retries: failed and next
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local ctx = ngx.ctx
            ctx.n = (ctx.n or 0) + 1
            local state, code = b.get_last_failure()
            ctx.seen = (ctx.seen or "") .. ctx.n .. ":" .. tostring(state) .. "/" .. tostring(code) .. ";"
            local ports = { $PORT2, $PORT3, $PORT4 }
            assert(b.set_current_peer("127.0.0.1", ports[ctx.n]))
            if ctx.n == 1 then b.set_more_tries(2) end
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { return 500; } }
    server { listen 127.0.0.1:$PORT3; location / { return 404; } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /t {
        proxy_next_upstream error http_500 http_404;
        header_filter_by_lua_block {
            ngx.header["X-Seen"] = ngx.ctx.seen
            ngx.header["X-Status"] = ngx.var.upstream_status
        }
        proxy_pass http://lb;
    }
--- request
GET /t

=== TEST 6: set_more_tries reduced by proxy_next_upstream_tries
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local ctx = ngx.ctx
            ctx.n = (ctx.n or 0) + 1
            assert(b.set_current_peer("127.0.0.1", 1))
            local ok, err = b.set_more_tries(10)
            ctx.seen = (ctx.seen or "") .. ctx.n .. ":" .. tostring(ok) .. "/" .. tostring(err) .. ";"
        }
    }
--- config
    location /t {
        proxy_next_upstream_tries 3;
        header_filter_by_lua_block { ngx.header["X-Seen"] = ngx.ctx.seen }
        proxy_pass http://lb;
    }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 8: an error in the handler is a 500
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local x = nil
            ngx.log(ngx.WARN, "balancing")
            error("boom")
        }
    }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[(error|warn)\] [^\n]*(\n(stack|\t)[^\n]*)*

=== TEST 9: a runtime error in the handler
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local t = nil
            return t.x
        }
    }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 10: a handler that sets no peer: the servers are used
--- http_config
    upstream lb {
        server 127.0.0.1:$PORT2;
        server 127.0.0.1:$PORT3;
        balancer_by_lua_block { ngx.ctx.ran = (ngx.ctx.ran or 0) + 1 }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /h {
        header_filter_by_lua_block { ngx.header["X-Ran"] = ngx.ctx.ran }
        proxy_pass http://lb;
    }
    location /t { content_by_lua_block {
        for i = 1, 4 do
            local res = ngx.location.capture("/h")
            ngx.say(i, " ", res.status, " ", res.body, " ", res.header["X-Ran"])
        end
    } }
--- request
GET /t

=== TEST 11: forbidden APIs in the balancer
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local ok, err = pcall(ngx.sleep, 0.01)
            ngx.log(ngx.ERR, "sleep: ", err)
            ok, err = pcall(ngx.socket.tcp)
            ngx.log(ngx.ERR, "tcp: ", err)
            ok, err = pcall(ngx.say, "x")
            ngx.log(ngx.ERR, "say: ", err)
            ok, err = pcall(ngx.location.capture, "/x")
            ngx.log(ngx.ERR, "capture: ", err)
            ok, err = pcall(ngx.req.read_body)
            ngx.log(ngx.ERR, "read_body: ", err)
            ngx.log(ngx.ERR, "var: ", ngx.var.uri, " ", ngx.var.arg_a)
            assert(b.set_current_peer("127.0.0.1", $PORT2))
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t?a=1
--- grep_error_log
\[error\] [^\n]*

=== TEST 12: a forbidden API not caught
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local function f() ngx.sleep(0.01) end
            f()
        }
    }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 13: set_timeouts: a slow backend times out
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", $PORT2))
            assert(b.set_timeouts(1, 1, 0.2))
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(1) ngx.print("two") } } }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 14: set_timeouts and set_current_peer with bad arguments
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            local r = {}
            for _, args in ipairs({ { -1 }, { 1, 0 }, { 1, 1, "x" }, { nil, nil, 2 } }) do
                local ok, a, c = pcall(b.set_timeouts, args[1], args[2], args[3])
                r[#r + 1] = tostring(ok) .. " " .. tostring(a) .. " " .. tostring(c)
            end
            for _, a in ipairs({ "localhost", "example.com:80", "127.0.0.1:x", "127.0.0.1:70000", "[::1", "" }) do
                local ok, err = b.set_current_peer(a, 80)
                r[#r + 1] = a .. ": " .. tostring(ok) .. " " .. tostring(err)
            end
            ngx.ctx.r = table.concat(r, "|")
            assert(b.set_current_peer("127.0.0.1", tostring($PORT2)))
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t {
        header_filter_by_lua_block { ngx.header["X-R"] = ngx.ctx.r }
        proxy_pass http://lb;
    }
--- request
GET /t

=== TEST 15: ngx.balancer outside the balancer
--- http_config
    upstream lb {
        server 127.0.0.1:$PORT2;
        balancer_by_lua_block { }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t {
        header_filter_by_lua_block {
            local b = require "ngx.balancer"
            ngx.header["X-A"] = table.concat({ tostring(b.set_current_peer("127.0.0.1", 80)) }, ",")
            local ok, err = b.set_current_peer("127.0.0.1", 80)
            ngx.header["X-B"] = tostring(ok) .. " " .. tostring(err)
            local s, c, e = b.get_last_failure()
            ngx.header["X-C"] = tostring(s) .. " " .. tostring(c) .. " " .. tostring(e)
            ok, err = b.set_more_tries(1)
            ngx.header["X-D"] = tostring(ok) .. " " .. tostring(err)
        }
        proxy_pass http://lb;
    }
    location /c { content_by_lua_block {
        local b = require "ngx.balancer"
        ngx.say(b.set_current_peer("127.0.0.1", 80))
        ngx.say(b.set_more_tries(1))
        ngx.say(b.get_last_failure())
        ngx.say(b.set_timeouts(1, 1, 1))
    } }
--- request
GET /t

=== TEST 16: ngx.balancer in a content handler
--- http_config
    upstream lb { server 127.0.0.1:$PORT2; balancer_by_lua_block { } }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /c { content_by_lua_block {
        local b = require "ngx.balancer"
        ngx.say(b.set_current_peer("127.0.0.1", 80))
        ngx.say(b.set_more_tries(1))
        ngx.say(b.get_last_failure())
        ngx.say(b.set_timeouts(1, 1, 1))
    } }
--- request
GET /c

=== TEST 17: ngx.exit in the handler
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", $PORT2))
            local a = ngx.var.arg_a
            if a == "ok" then ngx.exit(ngx.OK) end
            if a == "error" then ngx.exit(ngx.ERROR) end
            if a == "403" then ngx.exit(403) end
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /h { proxy_pass http://lb; }
    location /t { content_by_lua_block {
        for _, a in ipairs({ "ok", "error", "403", "none" }) do
            local res = ngx.location.capture("/h", { args = { a = a } })
            ngx.say(a, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 18: keepalive pool of Lua-chosen peers
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", ngx.var.arg_p == "3" and $PORT3 or $PORT2))
        }
        keepalive 4;
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two ", ngx.var.connection_requests) } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three ", ngx.var.connection_requests) } } }
--- config
    location /h { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://lb; }
    location /t { content_by_lua_block {
        for _, p in ipairs({ "2", "3", "2", "2", "3" }) do
            local res = ngx.location.capture("/h", { args = { p = p } })
            ngx.say(p, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 19: balancer_by_lua_file
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_file html/bal.lua;
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t { set $bport $PORT2; proxy_pass http://lb; }
--- user_files
>>> html/bal.lua
local b = require "ngx.balancer"
assert(b.set_current_peer("127.0.0.1", tonumber(ngx.var.bport)))
--- request
GET /t

=== TEST 20: balancer_by_lua_file that fails
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_file html/bal.lua;
    }
--- config
    location /t { proxy_pass http://lb; }
--- user_files
>>> html/bal.lua
local b = require "ngx.balancer"
error("file boom")
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*(\n(stack|\t)[^\n]*)*

=== TEST 21: no peer set, only a refusing server
--- http_config
    upstream lb {
        server 127.0.0.1:1;
        balancer_by_lua_block { ngx.log(ngx.INFO, "no peer") }
    }
--- config
    location /t { proxy_pass http://lb; }
--- request
GET /t
--- grep_error_log
\[(error|info)\] [^\n]*

=== TEST 22: a peer on the first try, the servers on the retry; $upstream_addr
--- http_config
    upstream lb {
        server 127.0.0.1:$PORT2;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            if not b.get_last_failure() then
                assert(b.set_current_peer("127.0.0.1", 1))
                assert(b.set_more_tries(1))
            end
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /t {
        header_filter_by_lua_block {
            ngx.header["X-Addr"] = ngx.var.upstream_addr
            ngx.header["X-Status"] = ngx.var.upstream_status
        }
        proxy_pass http://lb;
    }
--- request
GET /t
--- grep_error_log
\[error\] [^\n]*

=== TEST 23: a peer set through a variable proxy_pass naming the upstream
--- http_config
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", $PORT2))
        }
    }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two ", ngx.var.uri) } } }
--- config
    location /t { set $u lb; proxy_pass http://$u/x$uri; }
--- request
GET /t
