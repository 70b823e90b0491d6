# Lifted from openresty/lua-nginx-module t/095-uthread-exec.t (BSD license)

=== TEST 1: exec in user thread (entry still pending)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.exec("/foo")
            end

            ngx.thread.spawn(f)
            ngx.sleep(1)
            ngx.say("hello")
        ';
    }

    location /foo {
        echo i am foo;
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 2: exec in user thread (entry already quits)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.exec("/foo")
            end

            ngx.thread.spawn(f)
        ';
    }

    location /foo {
        echo i am foo;
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 3: exec in user thread (entry thread is still pending on ngx.sleep)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.exec("/foo")
            end

            ngx.thread.spawn(f)
            ngx.sleep(1)
        ';
    }

    location = /foo {
        echo hello foo;
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 4: exec in a user thread (another user thread is still pending on ngx.sleep)
--- config
    location /lua {
        content_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.exec("/foo")
            end

            function g()
                ngx.sleep(1)
            end

            ngx.thread.spawn(f)
            ngx.thread.spawn(g)
        ';
    }

    location = /foo {
        echo hello foo;
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
