# Lifted from openresty/lua-nginx-module t/064-pcall.t (BSD license)

=== TEST 1: pcall works
--- config
        location = /test {
            content_by_lua '
                function f(a, b)
                    if a == 0 and b == 0 then
                        error("zero error")
                    end
                    return 23, "hello", true
                end
                local res = {pcall(f, 0, 0)}
                ngx.say("res len: ", #res)
                ngx.say("res: ", unpack(res))
                res = {pcall(f, 0)}
                ngx.say("res len: ", #res)
                ngx.say("res: ", unpack(res))
            ';
        }
--- request
GET /test

=== TEST 2: xpcall works
--- config
        location = /test {
            content_by_lua '
                function f(a, b)
                    if a == 0 and b == 0 then
                        error("zero error")
                    end
                    return 23, "hello", true
                end
                function g()
                    return f(0, 0)
                end
                function h()
                    return f(0)
                end
                function err(...)
                    ngx.say("error handler called: ", ...)
                    return "this is the new err"
                end
                local res = {xpcall(g, err)}
                ngx.say("res len: ", #res)
                ngx.say("res: ", unpack(res))
                res = {xpcall(h, err)}
                ngx.say("res len: ", #res)
                ngx.say("res: ", unpack(res))
            ';
        }
--- request
GET /test

=== TEST 3: pcall around ngx.exit and ngx.exec
--- config
        location = /test {
            content_by_lua_block {
                local ok, err = pcall(ngx.exit, 201)
                ngx.log(ngx.WARN, "after exit: ", ok, " ", err)
            }
        }
--- request
GET /test
--- grep_error_log
after exit.*

=== TEST 4: uncaught error object
--- config
        location = /test {
            content_by_lua_block {
                error({code = 1})
            }
        }
--- request
GET /test
--- grep_error_log
lua entry thread aborted.*
