# Lifted from openresty/lua-nginx-module t/167-server-rewrite.t (BSD license). Left out: TEST 8
# (its checks are systemtap probes on a client that gives up), TESTs 19 and 20 (a Lua syntax
# error, which restyc reports at build time: see KNOWN_DIFFERENCES.md).

=== TEST 1: server_rewrite_by_lua_block in http
--- http_config
    server_rewrite_by_lua_block {
        ngx.ctx.a = "server_rewrite_by_lua_block in http"
    }
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(ngx.ctx.a)
            ngx.log(ngx.INFO, ngx.ctx.a)
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|server_rewrite_by_lua_block in \w+)

=== TEST 2: server_rewrite_by_lua_block in server
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server_rewrite_by_lua_block in server")
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|server_rewrite_by_lua_block in \w+)

=== TEST 3: redirect
--- config
    server_rewrite_by_lua_block {
        ngx.redirect("/foo")
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 4: flush
--- config
    server_rewrite_by_lua_block {
        ngx.say("foo")
        ngx.flush(true)
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 5: eof
--- config
    server_rewrite_by_lua_block {
        ngx.say("foo")
        ngx.eof()
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 6: send_headers
--- config
    server_rewrite_by_lua_block {
        ngx.header["Foox"] = {"conx1", "conx2" }
        ngx.header["Fooy"] = {"cony1", "cony2" }
        ngx.send_headers()
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 7: read_body
--- config
    server_rewrite_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.var.request_body)
    }
--- request
POST /lua
hello, world
--- grep_error_log
\[error\].*

=== TEST 9: rewrite args (not break cycle by default)
--- config
    location /bar {
        echo "bar: $uri?$args";
    }
    server_rewrite_by_lua_block {
        if ngx.var.uri ~= "/bar" then
            ngx.req.set_uri_args("hello")
            ngx.req.set_uri("/bar", true)
        end
    }
    location /foo {

        echo "foo: $uri?$args";
    }
--- request
GET /foo?world

=== TEST 10: server_rewrite_by_lua_block overwrite by server
--- http_config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server_rewrite_by_lua_block in http")
    }
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server_rewrite_by_lua_block in server")
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|server_rewrite_by_lua_block in \w+)

=== TEST 11: sleep
--- config
    server_rewrite_by_lua_block {
        ngx.sleep(0.001)
        ngx.log(ngx.INFO, "server_rewrite_by_lua_block in server")
    }
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|server_rewrite_by_lua_block in \w+)

=== TEST 12: ngx.exit(ngx.OK)
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "ngx.exit")
        ngx.exit(ngx.OK)
    }
    location /lua {
        content_by_lua_block {
        ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|ngx\.exit)

=== TEST 13: ngx.exit(503)
--- config
    server_rewrite_by_lua_block {
        ngx.exit(503)
    }
    location /lua {
        content_by_lua_block {
         ngx.log(ngx.ERR, "content_by_lua")
         ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 14: subrequests
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "is_subrequest:", ngx.is_subrequest)
    }

    location /lua {
        content_by_lua_block {
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        }
    }

    location /sub {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|is_subrequest:\w+)

=== TEST 15: rewrite by ngx_http_rewrite_module
--- config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "uri is ", ngx.var.uri)
    }

    rewrite ^ /re;

    location /re {
        content_by_lua_block {
            ngx.say("RE")
        }
    }

    location /ok {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|uri is \S+)

=== TEST 16: exec
--- config
    server_rewrite_by_lua_block {
        if ngx.var.uri ~= "/ok" then
            ngx.exec("/ok")
        end
        ngx.log(ngx.INFO, "uri is ", ngx.var.uri)
    }

    location /ok {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|uri is \S+)

=== TEST 17: server_rewrite_by_lua and rewrite_by_lua
--- http_config
    server_rewrite_by_lua_block {
        ngx.log(ngx.INFO, "server_rewrite_by_lua_block in http")
    }
--- config
    location /lua {
        rewrite_by_lua_block {
            ngx.log(ngx.INFO, "rewrite_by_lua_block in location")
        }
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- grep_error_log
(\[error\].*|\w+_by_lua_block in \w+)

=== TEST 18: server_rewrite_by_lua_file
--- http_config
    server_rewrite_by_lua_file 'html/foo.lua';
--- config
    location /lua {
        content_by_lua_block {
            ngx.say("OK")
        }
    }
--- request
GET /lua
--- user_files
>>> html/foo.lua
ngx.log(ngx.INFO, "rewrite_by_lua_file in server")
--- grep_error_log
(\[error\].*|rewrite_by_lua_file in server)
