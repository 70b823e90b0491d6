# Lifted from openresty/lua-nginx-module t/075-logby.t (BSD license)

=== TEST 1: log_by_lua
--- config
    location /lua {
        echo hello;
        log_by_lua 'ngx.log(ngx.ERR, "Hello from log_by_lua: ", ngx.var.uri)';
    }
--- request
GET /lua
--- grep_error_log
Hello from log_by_lua: .*
--- wait
0.2

=== TEST 2: log_by_lua_file
--- config
    location /lua {
        echo hello;
        log_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
ngx.log(ngx.ERR, "Hello from log_by_lua: ", ngx.var.uri)
--- request
GET /lua
--- grep_error_log
Hello from log_by_lua: .*
--- wait
0.2

=== TEST 3: log_by_lua_file & content_by_lua
--- config
    location /lua {
        set $counter 3;
        content_by_lua 'ngx.var.counter = ngx.var.counter + 1 ngx.say(ngx.var.counter)';
        log_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
ngx.log(ngx.ERR, "Hello from log_by_lua: ", ngx.var.counter * 2)
--- request
GET /lua
--- grep_error_log
Hello from log_by_lua: .*
--- wait
0.2

=== TEST 4: ngx.ctx available in log_by_lua (already defined)
--- config
    location /lua {
        content_by_lua 'ngx.ctx.counter = 3 ngx.say(ngx.ctx.counter)';
        log_by_lua 'ngx.log(ngx.ERR, "ngx.ctx.counter: ", ngx.ctx.counter)';
    }
--- request
GET /lua
--- grep_error_log
ngx.ctx.counter: .*
--- wait
0.2

=== TEST 5: ngx.ctx available in log_by_lua (not defined yet)
--- config
    location /lua {
        echo hello;
        log_by_lua '
            ngx.log(ngx.ERR, "ngx.ctx.counter: ", ngx.ctx.counter)
            ngx.ctx.counter = "hello world"
        ';
    }
--- request
GET /lua
--- grep_error_log
ngx.ctx.counter: .*
--- wait
0.2

=== TEST 6: log_by_lua + shared dict
--- http_config
    lua_shared_dict foo 100k;
--- config
    location /lua {
        echo hello;
        log_by_lua '
            local foo = ngx.shared.foo
            local key = ngx.var.uri .. ngx.status
            local newval, err = foo:incr(key, 1)
            if not newval then
                if err == "not found" then
                    foo:add(key, 0)
                    newval, err = foo:incr(key, 1)
                    if not newval then
                        ngx.log(ngx.ERR, "failed to incr ", key, ": ", err)
                        return
                    end
                else
                    ngx.log(ngx.ERR, "failed to incr ", key, ": ", err)
                    return
                end
            end
            print(key, ": ", foo:get(key))
        ';
    }
--- request
GET /lua
--- grep_error_log
/lua200: \d.*
--- wait
0.2

=== TEST 7: log_by_lua sees the final status and headers
--- config
    location /lua {
        return 404;
        log_by_lua_block {
            ngx.log(ngx.WARN, "status: ", ngx.status, " ct: ", ngx.header.content_type,
                    " sent: ", ngx.var.bytes_sent ~= "0", " req time: ", tonumber(ngx.var.request_time) >= 0)
        }
    }
--- request
GET /lua
--- grep_error_log
status: .*
--- wait
0.2

=== TEST 8: log_by_lua with an error
--- config
    location /lua {
        echo ok;
        log_by_lua_block { error("log boom") }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
--- wait
0.2

=== TEST 9: log_by_lua cannot sleep
--- config
    location /lua {
        echo ok;
        log_by_lua_block {
            local ok, err = pcall(ngx.sleep, 0.001)
            ngx.log(ngx.WARN, "sleep: ", ok, " ", err)
            ok, err = pcall(ngx.say, "x")
            ngx.log(ngx.WARN, "say: ", ok, " ", err)
            ok, err = pcall(ngx.exit, 200)
            ngx.log(ngx.WARN, "exit: ", ok, " ", err)
        }
    }
--- request
GET /lua
--- grep_error_log
(sleep|say|exit): .*
--- wait
0.2

=== TEST 10: log_by_lua in server and http inherit
--- http_config
    log_by_lua_block { ngx.log(ngx.WARN, "http log: ", ngx.var.uri) }
--- config
    location /a {
        echo a;
    }
    location /b {
        echo b;
        log_by_lua_block { ngx.log(ngx.WARN, "loc log: ", ngx.var.uri) }
    }
--- pipelined_requests
GET /a
GET /b
--- grep_error_log
(http|loc) log: .*
--- wait
0.2

=== TEST 11: log_by_lua runs for subrequests? (only for main)
--- config
    location /sub {
        echo sub;
        log_by_lua_block { ngx.log(ngx.WARN, "sub log") }
    }
    location /lua {
        content_by_lua_block {
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        }
        log_by_lua_block { ngx.log(ngx.WARN, "main log") }
    }
--- request
GET /lua
--- grep_error_log
\w+ log
--- wait
0.2
