# Cosocket details found by running lua-resty-http on both servers (the library itself is not
# part of these cases): resolver errors, keep-alive pool sizes, unix socket errors, module
# chunk names, and FFI-bound lua-resty-string copies.

=== TEST 1: a host name without a resolver is an error returned, not logged
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.socket.tcp():connect("no-such-host.invalid", 80))
        }
    }
--- request
GET /t
--- grep_error_log
\[(error|warn|crit)\].*

=== TEST 2: a pool keeps the size it was created with
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { return 200 "hello\n"; } }
--- config
    location /t {
        content_by_lua_block {
            local function conn()
                local s = ngx.socket.tcp()
                assert(s:connect("127.0.0.1", $PORT2))
                return s
            end
            local function use(s)
                assert(s:send("GET / HTTP/1.1\r\nHost: b\r\n\r\n"))
                s:receiveuntil("\r\n\r\n")()
                assert(s:receive(6))
            end
            local first = conn() use(first) assert(first:setkeepalive(10000))
            local a, b = conn(), conn()
            ngx.say("a=", a:getreusedtimes(), " b=", b:getreusedtimes())
            use(a) use(b)
            ngx.say(a:setkeepalive(10000, 1), " ", b:setkeepalive(10000, 1))
            local c, d = conn(), conn()
            ngx.say("c=", c:getreusedtimes(), " d=", d:getreusedtimes())
        }
    }
--- request
GET /t

=== TEST 3: a unix socket that does not exist
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.socket.tcp():connect("unix:$TEST_PREFIX/logs/nothing.sock"))
        }
    }
--- request
GET /t
--- grep_error_log
\[(crit|error)\].*

=== TEST 4: a module found through an absolute lua_package_path entry keeps its path
--- http_config
    lua_package_path "$TEST_PREFIX/../lib/?.lua;;";
--- config
    location /t {
        content_by_lua_block {
            local m = require "chunky"
            ngx.say((m.source():gsub("^@.*/lib/", "@.../lib/")))
            local ok, err = pcall(m.fail)
            ngx.say(ok, " ", (err:gsub("^.*/lib/", ".../lib/")))
        }
    }
--- user_files
>>> ../lib/chunky.lua
local _M = {}
function _M.source() return debug.getinfo(1, "S").source end
function _M.fail() error("boom") end
return _M
--- request
GET /t

=== TEST 5: a copy of resty.string that calls into nginx with FFI
--- http_config
    lua_package_path "$TEST_PREFIX/lib/?.lua;;";
--- config
    location /t {
        content_by_lua_block {
            local str = require "resty.string"
            ngx.say(str.to_hex("ab\0\255"))
        }
    }
--- user_files
>>> lib/resty/string.lua
local ffi = require "ffi"
ffi.cdef[[ unsigned char *ngx_hex_dump(unsigned char *dst, const unsigned char *src, size_t len); ]]
local _M = {}
function _M.to_hex(s)
    local len = #s * 2
    local buf = ffi.new("unsigned char[?]", len)
    ffi.C.ngx_hex_dump(buf, s, #s)
    return ffi.string(buf, len)
end
return _M
--- request
GET /t

=== TEST 6: a session passed back to sslhandshake gives a session again
--- http_config
    server {
        listen 127.0.0.1:$PORT2 ssl;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "reused=$ssl_session_reused\n"; }
    }
--- config
    location /t {
        content_by_lua_block {
            local sess
            for i = 1, 3 do
                local s = ngx.socket.tcp()
                assert(s:connect("127.0.0.1", $PORT2))
                local new = s:sslhandshake(sess, "localhost", false)
                assert(s:send("GET / HTTP/1.0\r\n\r\n"))
                ngx.print(i, " ", type(new), " ", (s:receive("*a"):match("\r\n\r\n(.*)")))
                s:close()
                sess = sess or new
            end
        }
    }
--- request
GET /t
