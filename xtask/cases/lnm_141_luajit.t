# Lifted from openresty/lua-nginx-module t/141-luajit.t (BSD license)

=== TEST 1: avoid the data segment from growing on Linux
--- config
    location = /t {
        content_by_lua_block {
            local ffi = require "ffi"
            ffi.cdef[[
                void *malloc(size_t size);
            ]]
            local p = ffi.C.malloc(1);
            local num = tonumber(ffi.cast("uintptr_t", p))
            if ffi.abi("64bit") then
                if num < 2^31 then
                    ngx.say("fail: ", string.format("p = %#x", num))
                    return
                end
            end
            ngx.say("pass")
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*
