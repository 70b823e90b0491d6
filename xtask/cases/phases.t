# Phase handlers in nginx's order, *_by_lua_file, init/init_worker, filters, set_by_lua.

=== TEST 1: phase order
--- config
    location /t {
        set_by_lua_block $s { return "set" }
        rewrite_by_lua_block { ngx.ctx.log = ngx.var.s .. ">rewrite" }
        access_by_lua_block { ngx.ctx.log = ngx.ctx.log .. ">access" }
        content_by_lua_block { ngx.say(ngx.ctx.log, ">content") }
    }
--- request
GET /t

=== TEST 2: ngx.get_phase in each phase
--- config
    location /t {
        rewrite_by_lua_block { ngx.ctx.p = ngx.get_phase() }
        access_by_lua_block { ngx.ctx.p = ngx.ctx.p .. " " .. ngx.get_phase() }
        content_by_lua_block { ngx.say(ngx.ctx.p, " ", ngx.get_phase()) }
        header_filter_by_lua_block { ngx.header["X-Phase"] = ngx.get_phase() }
    }
--- request
GET /t

=== TEST 3: init_by_lua global and module
--- http_config
    init_by_lua_block { boot_value = "from init" }
--- config
    location /t { content_by_lua_block { ngx.say(boot_value) } }
--- request
GET /t

=== TEST 4: init_worker_by_lua runs
--- http_config
    lua_shared_dict d 1m;
    init_worker_by_lua_block { ngx.shared.d:set("w", "worker started") }
--- config
    location /t { content_by_lua_block { ngx.say(ngx.shared.d:get("w")) } }
--- request
GET /t

=== TEST 5: header_filter changes headers and status
--- config
    location /t {
        content_by_lua_block { ngx.say("body") }
        header_filter_by_lua_block { ngx.header["X-Filter"] = "yes" ngx.header.content_length = nil }
    }
--- request
GET /t

=== TEST 6: body_filter uppercases
--- config
    location /t {
        content_by_lua_block { ngx.say("hello") ngx.say("world") }
        body_filter_by_lua_block { ngx.arg[1] = string.upper(ngx.arg[1]) }
    }
--- request
GET /t

=== TEST 7: body_filter sees eof
--- config
    location /t {
        content_by_lua_block { ngx.print("a") ngx.print("b") }
        body_filter_by_lua_block {
            if ngx.arg[2] then ngx.arg[1] = ngx.arg[1] .. "[eof]" end
        }
    }
--- request
GET /t

=== TEST 8: body_filter on a return directive
--- config
    location /t {
        return 200 "plain";
        body_filter_by_lua_block { ngx.arg[1] = ngx.arg[1]:gsub("plain", "filtered") }
        header_filter_by_lua_block { ngx.header.content_length = nil }
    }
--- request
GET /t

=== TEST 9: set_by_lua with arguments
--- config
    location /t {
        set $a 3;
        set_by_lua_block $sum { return tonumber(ngx.var.a) + 4 }
        return 200 "sum=$sum";
    }
--- request
GET /t

=== TEST 10: set_by_lua string form with args
--- config
    location /t {
        set_by_lua $r 'return ngx.arg[1] .. "-" .. ngx.arg[2]' "x" "y";
        return 200 "$r";
    }
--- request
GET /t

=== TEST 11: content_by_lua_file relative to the prefix
--- config
    location /t { content_by_lua_file lua/hello.lua; }
--- user_files
>>> lua/hello.lua
ngx.say("from file ", ngx.var.uri)
--- request
GET /t

=== TEST 12: require a module from lua_package_path with $prefix
--- http_config
    lua_package_path "$prefix/lua/?.lua;;";
--- config
    location /t { content_by_lua_block { local m = require "mymod" ngx.say(m.hi()) } }
--- user_files
>>> lua/mymod.lua
local _M = {}
function _M.hi() return "hi from mymod" end
return _M
--- request
GET /t

=== TEST 13: module state is per worker and persists
--- http_config
    lua_package_path "$prefix/lua/?.lua;;";
--- config
    location /t { content_by_lua_block { local m = require "counter" m.n = m.n + 1 ngx.say(m.n) } }
--- user_files
>>> lua/counter.lua
return { n = 0 }
--- pipelined_requests
GET /t
GET /t

=== TEST 14: log_by_lua runs after the response
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t {
        content_by_lua_block { ngx.say("prev=", tostring(ngx.shared.d:get("logged"))) }
        log_by_lua_block { ngx.shared.d:set("logged", ngx.var.uri) }
    }
--- pipelined_requests
GET /t
GET /t

=== TEST 15: rewrite_by_lua at server level applies to locations
--- config
    rewrite_by_lua_block { ngx.req.set_header("X-From-Server", "1") }
    location /t { content_by_lua_block { ngx.say(ngx.var.http_x_from_server) } }
--- request
GET /t

=== TEST 16: access_by_lua inherited from http level
--- http_config
    access_by_lua_block { ngx.ctx.acc = "http-level" }
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.ctx.acc)) } }
--- request
GET /t

=== TEST 17: rewrite directive runs before rewrite_by_lua
--- config
    location /t {
        set $order "set";
        rewrite_by_lua_block { ngx.var.order = ngx.var.order .. ">lua" }
        set $order "${order}>set2";
        content_by_lua_block { ngx.say(ngx.var.order) }
    }
--- request
GET /t

=== TEST 18: return in rewrite phase wins over access_by_lua
--- config
    location /t {
        access_by_lua_block { ngx.exit(403) }
        return 200 "returned";
    }
--- request
GET /t

=== TEST 19: content_by_lua string form
--- config
    location /t { content_by_lua 'ngx.say("string form")'; }
--- request
GET /t

=== TEST 20: API disabled in init_by_lua
--- http_config
    init_by_lua_block { local ok, err = pcall(ngx.sleep, 1) init_err = err }
--- config
    location /t { content_by_lua_block { ngx.say(init_err) } }
--- request
GET /t

=== TEST 21: ngx.timer.at runs later
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local ok, err = ngx.timer.at(0, function(premature) ngx.shared.d:set("t", "fired") end)
        ngx.sleep(0.05)
        ngx.say(ok, " ", tostring(ngx.shared.d:get("t")), " ", ngx.timer.pending_count(), " ", ngx.timer.running_count())
    } }
--- request
GET /t

=== TEST 22: ngx.thread spawn and wait
--- config
    location /t { content_by_lua_block {
        local t1 = ngx.thread.spawn(function() ngx.sleep(0.02) return "a" end)
        local t2 = ngx.thread.spawn(function() return "b" end)
        local ok1, r1 = ngx.thread.wait(t1)
        local ok2, r2 = ngx.thread.wait(t2)
        ngx.say(ok1, r1, ok2, r2)
    } }
--- request
GET /t

=== TEST 23: ngx.thread.kill
--- config
    location /t { content_by_lua_block {
        local t = ngx.thread.spawn(function() ngx.sleep(1) ngx.say("never") end)
        ngx.say(ngx.thread.kill(t))
    } }
--- request
GET /t

=== TEST 24: worker and config facts
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.worker.id(), " ", ngx.worker.count(), " ", type(ngx.worker.pid()), " ", tostring(ngx.worker.exiting()))
        ngx.say(ngx.config.subsystem, " ", ngx.config.nginx_version, " ", ngx.config.ngx_lua_version)
        ngx.say(ngx.config.prefix() == "$TEST_PREFIX/")
    } }
--- request
GET /t

=== TEST 25: lua_code_cache on keeps file handlers
--- config
    location /t { content_by_lua_file lua/state.lua; }
--- user_files
>>> lua/state.lua
local n = (package.loaded.state_n or 0) + 1
package.loaded.state_n = n
ngx.say(n)
--- pipelined_requests
GET /t
GET /t

=== TEST 26: header_filter sees the status
--- config
    location /t {
        content_by_lua_block { ngx.exit(404) }
        header_filter_by_lua_block { ngx.header["X-Status"] = ngx.status }
    }
--- request
GET /t

=== TEST 27: ngx.timer.every
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        local ok, err = ngx.timer.every(0.01, function(premature) ngx.shared.d:incr("n", 1, 0) end)
        ngx.sleep(0.1)
        local n = ngx.shared.d:get("n") or 0
        ngx.say(ok, " ", n >= 3)
    } }
--- request
GET /t

=== TEST 28: timer callback arguments and premature flag
--- http_config
    lua_shared_dict d 1m;
--- config
    location /t { content_by_lua_block {
        ngx.timer.at(0, function(premature, a, b) ngx.shared.d:set("args", tostring(premature) .. a .. b) end, "x", "y")
        ngx.sleep(0.05)
        ngx.say(ngx.shared.d:get("args"))
    } }
--- request
GET /t

=== TEST 29: timer with a negative delay
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.timer.at, -1, function() end) ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 30: ngx.on_abort without lua_check_client_abort
--- config
    location /t { content_by_lua_block { local ok, err = ngx.on_abort(function() end) ngx.say(tostring(ok), " ", err) } }
--- request
GET /t

=== TEST 31: ngx.on_abort with lua_check_client_abort
--- config
    lua_check_client_abort on;
    location /t { content_by_lua_block { local ok, err = ngx.on_abort(function() end) ngx.say(tostring(ok), " ", tostring(err)) } }
--- request
GET /t

=== TEST 32: light thread output order
--- config
    location /t { content_by_lua_block {
        ngx.thread.spawn(function() ngx.say("thread 1 start") ngx.sleep(0.02) ngx.say("thread 1 end") end)
        ngx.thread.spawn(function() ngx.say("thread 2") end)
        ngx.say("main")
    } }
--- request
GET /t

=== TEST 33: output from rewrite_by_lua ends the request before access and content
--- config
    location /t {
        rewrite_by_lua_block { ngx.say("from rewrite") }
        access_by_lua_block { ngx.say("from access") }
        content_by_lua_block { ngx.say("from content") }
        header_filter_by_lua_block { ngx.header["X-Phase"] = ngx.get_phase() }
    }
--- request
GET /t

=== TEST 34: output from access_by_lua ends the request before content
--- config
    location /t {
        access_by_lua_block { ngx.print("from access") }
        content_by_lua_block { ngx.say("from content") }
    }
--- request
GET /t

=== TEST 35: ngx.arg is a table outside set and body filter phases
--- config
    location /t {
        content_by_lua_block {
            local n = 0
            for _ in pairs(ngx.arg) do n = n + 1 end
            -- (resty.core's message carries its own file's position)
            local ok, err = pcall(function() return ngx.arg[1] end)
            ngx.say(type(ngx.arg), " ", n, " ", ok, " ", err:match("API disabled.*"))
            ngx.say(#ngx.worker.pids(), " ", ngx.HTTP_NOT_IMPLEMENTED)
        }
    }
--- request
GET /t

=== TEST 36: output from rewrite_by_lua ends the request
--- config
    location /t {
        rewrite_by_lua_block { ngx.say("from rewrite") }
        access_by_lua_block { ngx.log(ngx.ERR, "access ran") }
        content_by_lua_block { ngx.say("content ran") }
    }
--- request
GET /t
--- grep_error_log
access ran

=== TEST 37: output from access_by_lua, then ngx.exit(ngx.OK), ends the request
--- config
    location /t {
        access_by_lua_block { ngx.say("from access") ngx.exit(ngx.OK) }
        content_by_lua_block { ngx.say("content ran") }
    }
--- request
GET /t

=== TEST 90: an error in log_by_lua is logged as 'failed to run log_by_lua*' with its traceback
--- config
    location /t {
        content_by_lua_block { ngx.say("fine") }
        log_by_lua_block {
            local function deep() error("log phase broke") end
            deep()
        }
    }
--- request
GET /t
--- grep_error_log: (\[error\].*|stack traceback:|\t.*)

=== TEST 91: $body_bytes_sent counts the chunk framing
--- config
    location /t {
        content_by_lua_block { ngx.say("hello") ngx.say("world") }
        log_by_lua_block { ngx.log(ngx.WARN, "body bytes: ", ngx.var.body_bytes_sent) }
    }
--- request
GET /t
--- grep_error_log: body bytes: \d+

=== TEST 92: ngx.exit(444) is the status the log phase sees
--- config
    location /t {
        content_by_lua_block { ngx.exit(444) }
        log_by_lua_block { ngx.log(ngx.WARN, "logged status ", ngx.status, " ", ngx.var.status) }
    }
--- request
GET /t
--- grep_error_log: logged status [^,]*

=== TEST 93: output sent from rewrite_by_lua ends the request; later phases do not answer again
--- config
    location /t {
        rewrite_by_lua_block { ngx.say("from rewrite") }
        content_by_lua_block { ngx.say("from content") }
    }
    location / {
        root html;
        access_by_lua_block { ngx.say("from access") }
    }
--- user_files
>>> html/f.txt
from the file
--- pipelined_requests
GET /t
GET /f.txt

=== TEST 94: a static file answers 200 and keeps a Content-Type set by an earlier phase
--- config
    location /a { alias html/f.txt; access_by_lua_block { ngx.status = 202 } }
    location /b { alias html/f.txt; rewrite_by_lua_block { ngx.header.content_type = "text/x-mine" } }
--- user_files
>>> html/f.txt
file
--- pipelined_requests
GET /a
GET /b

=== TEST 95: error_page keeps the headers a handler set but not its type or length
--- config
    error_page 404 /nf;
    location /nf { content_by_lua_block { ngx.say("page ", tostring(ngx.header["X-Set"]), " ", tostring(ngx.header.content_type)) } }
    location /t { content_by_lua_block {
        ngx.header["X-Set"] = "kept"
        ngx.header.content_type = "application/json"
        ngx.header.content_length = 99
        ngx.exit(404)
    } }
--- request
GET /t

=== TEST 44: init_worker_by_lua has one ngx.ctx for its run
--- http_config
    init_worker_by_lua_block {
        ngx.ctx.seen = "kept within init_worker"
        worker_ctx_value = tostring(ngx.ctx.seen)
    }
--- config
    location /t { content_by_lua_block { ngx.say(worker_ctx_value, " ", tostring(ngx.ctx.seen)) } }
--- request
GET /t

=== TEST 45: an error in init_worker_by_lua is logged as nginx words it, and requests are served
--- http_config
    init_worker_by_lua_block { error("init worker failed here") }
--- config
    location /t { return 200 "served\n"; }
--- request
GET /t
--- grep_error_log
[^\]]*init worker failed here[^\n]*

=== TEST 46: rewrite_by_lua_no_postpone runs Lua before the location's set and rewrite
--- http_config
    rewrite_by_lua_no_postpone on;
--- config
    location /t {
        set $a 1;
        rewrite_by_lua_block { ngx.var.a = ngx.var.a .. "lua" ngx.log(ngx.WARN, "uri in lua: ", ngx.var.uri) }
        set $a "${a}set";
        rewrite ^/t$ /u;
    }
    location /u {
        content_by_lua_block { ngx.say(ngx.var.a, " ", ngx.var.uri) }
    }
--- request
GET /t
--- grep_error_log
uri in lua: .*

=== TEST 47: access_by_lua_no_postpone runs Lua before deny, and its allowing ends the phase under satisfy any
--- http_config
    access_by_lua_no_postpone on;
--- config
    location /t {
        deny all;
        access_by_lua_block { ngx.log(ngx.WARN, "access lua ran") }
        content_by_lua_block { ngx.say("content") }
    }
    location /any {
        satisfy any;
        deny all;
        access_by_lua_block { ngx.log(ngx.WARN, "access lua ran") }
        content_by_lua_block { ngx.say("content") }
    }
    location /exit {
        satisfy any;
        allow all;
        access_by_lua_block { ngx.exit(403) }
        content_by_lua_block { ngx.say("content") }
    }
--- pipelined_requests
GET /t
GET /any
GET /exit
--- grep_error_log
access lua ran|access forbidden.*

=== TEST 48: request APIs in init_worker_by_lua fail as in its fake request
--- http_config
    init_worker_by_lua_block {
                local res = {}
                local function try(name, f, ...)
                    local ok, err = pcall(f, ...)
                    res[#res + 1] = name .. ": " .. tostring(ok) .. " " .. tostring(err)
                end
                try("say", ngx.say, "x")
                try("print", ngx.print, "x")
                try("flush", ngx.flush)
                try("eof", ngx.eof)
                try("exit", ngx.exit, 200)
                try("req", ngx.req.get_method)
                try("req.get_headers", ngx.req.get_headers)
                try("req.get_uri_args", ngx.req.get_uri_args)
                try("req.set_header", ngx.req.set_header, "a", "b")
                try("req.read_body", ngx.req.read_body)
                try("req.socket", ngx.req.socket)
                try("var", function() return ngx.var.uri end)
                try("var set", function() ngx.var.foo = 1 end)
                try("header", function() return ngx.header.foo end)
                try("header set", function() ngx.header.foo = 1 end)
                try("status", function() return ngx.status end)
                try("redirect", ngx.redirect, "/")
                try("exec", ngx.exec, "/")
                try("send_headers", ngx.send_headers)
                try("capture", ngx.location.capture, "/")
                try("on_abort", ngx.on_abort, function() end)
                try("headers_sent", function() return ngx.headers_sent end)
                package.loaded.iw_res = table.concat(res, "\n")
    }
--- config
    location /t {
        content_by_lua_block { ngx.say(package.loaded.iw_res) }
    }
--- request
GET /t

=== TEST 49: request APIs in a timer fail as in its fake request
--- config
    location /t {
        content_by_lua_block {
            local function f()
                local res = {}
                local function try(name, f, ...)
                    local ok, err = pcall(f, ...)
                    res[#res + 1] = name .. ": " .. tostring(ok) .. " " .. tostring(err)
                end
                try("say", ngx.say, "x")
                try("print", ngx.print, "x")
                try("flush", ngx.flush)
                try("eof", ngx.eof)
                try("exit", ngx.exit, 200)
                try("req", ngx.req.get_method)
                try("req.get_headers", ngx.req.get_headers)
                try("req.get_uri_args", ngx.req.get_uri_args)
                try("req.set_header", ngx.req.set_header, "a", "b")
                try("req.read_body", ngx.req.read_body)
                try("req.socket", ngx.req.socket)
                try("var", function() return ngx.var.uri end)
                try("var set", function() ngx.var.foo = 1 end)
                try("header", function() return ngx.header.foo end)
                try("header set", function() ngx.header.foo = 1 end)
                try("status", function() return ngx.status end)
                try("redirect", ngx.redirect, "/")
                try("exec", ngx.exec, "/")
                try("send_headers", ngx.send_headers)
                try("capture", ngx.location.capture, "/")
                try("on_abort", ngx.on_abort, function() end)
                try("headers_sent", function() return ngx.headers_sent end)
                package.loaded.timer_res = table.concat(res, "\n")
            end
            ngx.timer.at(0, f)
            ngx.sleep(0.05)
            ngx.say(package.loaded.timer_res)
        }
    }
--- request
GET /t

=== TEST 50: server_rewrite_by_lua: a set_uri jump goes on with the server's rewrite directives, ngx.ctx reset
--- config
    server_rewrite_by_lua_block {
        if ngx.var.uri == "/foo" then
            ngx.ctx.x = "ctx kept"
            ngx.req.set_uri("/bar", true)
        end
    }
    rewrite ^/bar$ /baz;
    location /bar { content_by_lua_block { ngx.say("bar ", ngx.var.uri, " ", tostring(ngx.ctx.x)) } }
    location /baz { content_by_lua_block { ngx.say("baz ", ngx.var.uri, " ", tostring(ngx.ctx.x), " ", ngx.req.is_internal()) } }
--- request
GET /foo

=== TEST 51: server_rewrite_by_lua: set_uri without jump keeps ngx.ctx
--- config
    server_rewrite_by_lua_block {
        ngx.req.set_uri("/bar")
        ngx.ctx.x = 1
    }
    location /bar { content_by_lua_block { ngx.say("bar ", ngx.var.uri, " ", tostring(ngx.ctx.x)) } }
--- request
GET /foo

=== TEST 52: server_rewrite_by_lua runs again after ngx.exec
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server rewrite at ", ngx.var.uri)
        if ngx.var.uri == "/foo" then ngx.exec("/bar") end
    }
    location /bar { content_by_lua_block { ngx.say("bar") } }
--- request
GET /foo
--- grep_error_log
server rewrite at \S+

=== TEST 53: server_rewrite_by_lua does not run for a named location
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server rewrite at ", ngx.var.uri)
    }
    location /foo { content_by_lua_block { ngx.exec("@named") } }
    location @named { content_by_lua_block { ngx.say("named") } }
--- request
GET /foo
--- grep_error_log
server rewrite at \S+

=== TEST 54: server_rewrite_by_lua runs again for an error_page redirect
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server rewrite at ", ngx.var.uri)
    }
    error_page 404 /err;
    location /err { content_by_lua_block { ngx.say("err") } }
--- request
GET /missing
--- grep_error_log
server rewrite at \S+

=== TEST 55: server_rewrite_by_lua: a set_uri jump makes the request internal
--- config
    server_rewrite_by_lua_block {
        if ngx.var.uri == "/foo" then
            ngx.req.set_uri("/bar", true)
        end
    }
    location /bar { content_by_lua_block { ngx.say("bar ", ngx.var.uri, " ", ngx.req.is_internal()) } }
--- request
GET /foo

=== TEST 56: server_rewrite_by_lua: set_uri without jump makes the request internal
--- config
    server_rewrite_by_lua_block {
        ngx.req.set_uri("/bar")
    }
    location /bar { content_by_lua_block { ngx.say("bar ", ngx.var.uri, " ", ngx.req.is_internal()) } }
--- request
GET /foo

=== TEST 57: set_uri in access_by_lua makes the request internal
--- config
    location /foo {
        access_by_lua_block { ngx.req.set_uri("/other") }
        content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.req.is_internal()) }
    }
--- request
GET /foo
