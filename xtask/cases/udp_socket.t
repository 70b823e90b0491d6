=== TEST 1: a UDP cosocket to a closed port: refused on receive, closed after close
--- config
    location /t {
        content_by_lua_block {
            local udp = ngx.socket.udp()
            udp:settimeout(200)
            ngx.say("send before peer: ", udp:send("x"))
            ngx.say("receive before peer: ", udp:receive())
            ngx.say("setpeername: ", udp:setpeername("127.0.0.1", 1))
            ngx.say("send: ", udp:send({"pi", "ng", 1}))
            ngx.say("receive: ", udp:receive())
            ngx.say("close: ", udp:close())
            ngx.say("close again: ", udp:close())
            ngx.say("bad port: ", udp:setpeername("127.0.0.1", 70000))
            ngx.say(pcall(udp.settimeout, udp, -1))
        }
    }
--- request
GET /t
--- grep_error_log
(recv|send|connect)\(\) failed[^,]*

=== TEST 2: a UDP receive times out
--- config
    location /t {
        content_by_lua_block {
            local udp = ngx.socket.udp()
            -- a port nobody answers on, on an address that does not refuse
            assert(udp:setpeername("127.0.0.1", ngx.var.server_port))
            udp:settimeout(50)
            ngx.say("receive: ", udp:receive())
        }
    }
--- request
GET /t
--- grep_error_log
lua udp socket[^,]*
