# Lifted from openresty/lua-nginx-module t/073-backtrace.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua
        '   function bar()
                return lua_concat(3)
            end
            function foo()
                bar()
            end
            foo()
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\] [^\n]*(\nstack traceback:(\n(coroutine|\t)[^\n]*)*)?

=== TEST 2: error(nil)
--- config
    location /lua {
        content_by_lua
        '   function bar()
                error(nil)
            end
            function foo()
                bar()
            end
            foo()
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\] [^\n]*(\nstack traceback:(\n(coroutine|\t)[^\n]*)*)?
