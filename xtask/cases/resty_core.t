=== TEST 1: ngx.errlog without a capture buffer; raw_log writes the message as it is
--- config
    location /t {
        error_log logs/error.log notice;
        content_by_lua_block {
            local errlog = require "ngx.errlog"
            ngx.say(errlog.set_filter_level(ngx.WARN))
            ngx.say(errlog.set_filter_level())
            ngx.say(errlog.get_logs(10))
            ngx.say(errlog.get_sys_filter_level())
            errlog.raw_log(ngx.WARN, "raw message here")
            errlog.raw_log(ngx.INFO, "raw info is filtered out")
            ngx.say(pcall(errlog.raw_log, 99, "x"))
            ngx.say(pcall(errlog.raw_log, "4", "x"))
            ngx.say(pcall(errlog.raw_log, 4, 5))
        }
    }
--- request
GET /t
--- grep_error_log
raw [^,]*

=== TEST 2: ngx.req.add_header appends to what the client sent
--- config
    location /t { content_by_lua_block {
        local req = require "ngx.req"
        req.add_header("X-A", "1")
        req.add_header("x-a", "2")
        req.add_header("X-B", {"3", "4"})
        req.add_header("X_C", 5)
        ngx.say(pcall(req.add_header, "X-D"))
        ngx.say(pcall(req.add_header, nil, "v"))
        local h = ngx.req.get_headers()
        ngx.say(table.concat(h["x-a"], ","), " ", table.concat(h["x-b"], ","), " ", tostring(h["x-c"]), " ", tostring(h["x_c"]))
        ngx.say(ngx.var.http_x_a, " ", req.version ~= nil)
    } }
--- request
GET /t
--- more_headers
X-A: 0

=== TEST 3: resty.core.base and the other resty.core modules load
--- config
    location /t { content_by_lua_block {
        local base = require "resty.core.base"
        ngx.say(base.FFI_OK, " ", base.FFI_ERROR, " ", base.FFI_DECLINED, " ", base.FFI_AGAIN, " ",
                base.FFI_BUSY, " ", base.FFI_DONE, " ", base.FFI_NO_REQ_CTX, " ", base.FFI_BAD_CONTEXT)
        ngx.say(base.version, " ", type(base.new_tab(2, 0)), " ", base.get_request() ~= nil)
        local buf = base.get_string_buf(16)
        local ffi = require "ffi"
        ffi.copy(buf, "hello")
        ngx.say(ffi.string(buf, 5), " ", base.get_string_buf_size(), " ", tonumber(base.get_size_ptr()[0]) ~= nil)
        local t = {}
        ngx.say(base.ref_in_table(t, "a"), base.ref_in_table(t, "b"), base.ref_in_table(t, nil), " ", t[2])
        ngx.say(pcall(base.allows_subsystem, "stream"))
        base.allows_subsystem("http", "stream")
        for _, m in ipairs{"resty.core", "resty.core.regex", "resty.core.shdict", "resty.core.var",
                           "resty.core.time", "resty.core.request", "resty.core.response",
                           "resty.core.worker", "resty.core.phase", "resty.core.uri"} do
            ngx.print(type(require(m)), " ")
        end
        ngx.say()
    } }
--- request
GET /t

=== TEST 4: require "ngx" and "ndk" give lua-nginx-module's tables; ndk.set_var calls set-misc
--- config
    location /t {
        content_by_lua_block {
            local ngx2 = require "ngx"
            ngx.say(ngx2 == ngx, " ", require("ndk") == ndk, " ", package.loaded.ngx == ngx)
            ngx.say(type(ndk), " ", type(ndk.set_var))
            ngx.say(pcall(function() return ndk.set_var.set_escape_uri("a b") end))
        }
    }
--- request
GET /t
