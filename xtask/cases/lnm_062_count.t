# Lifted from openresty/lua-nginx-module t/062-count.t (BSD license)

=== TEST 1: entries under ndk.
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ndk) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 2: entries under ngx.req
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.req) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 3: entries under ngx.location
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.location) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 4: entries under ngx.socket
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.socket) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 5: entries under ngx._reqsock_meta
--- config
        location = /test {
            content_by_lua_block {
                local sock = ngx.req.socket()
                local keys = {}
                for k, v in pairs(getmetatable(sock)) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 6: shdict metatable
--- http_config
    lua_shared_dict dogs 1m;
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.shared.dogs.__index or getmetatable(ngx.shared.dogs).__index) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 7: entries under ngx.timer
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.timer) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 8: entries under ngx.config
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.config) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 9: entries under ngx.re
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.re) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 10: entries under ngx.thread.
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.thread) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 11: entries under ngx.worker
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.worker) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 12: entries under ngx._udp_meta
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(getmetatable(ngx.socket.udp())) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 13: entries under the tcp socket metatable
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(getmetatable(ngx.socket.tcp())) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 14: entries under the tcp socket metatable __index
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(getmetatable(ngx.socket.tcp()).__index or {}) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 15: entries under ngx.resp
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(ngx.resp or {}) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 16: entries under string
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(string) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 17: entries under table
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(table) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 18: entries under math
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(math) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 19: entries under os and io
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(os) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 20: entries under ngx.arg
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(getmetatable(ngx.arg) or {}) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 21: entries under ngx.header metatable
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(getmetatable(ngx.header) or {}) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world

=== TEST 22: entries under bit
--- config
        location = /test {
            content_by_lua_block {
                local keys = {}
                for k, v in pairs(require('bit')) do keys[#keys + 1] = tostring(k) end
                table.sort(keys)
                ngx.say(#keys, ": ", table.concat(keys, " "))
            }
        }
--- request
POST /test
hello world
