# Lifted from openresty/lua-nginx-module t/097-uthread-rewrite.t (BSD license)

=== TEST 1: rewrite in user thread (entry still pending)
--- config
    location /lua {
        rewrite_by_lua '
            function f()
                ngx.req.set_uri("/foo", true)
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

=== TEST 2: rewrite in user thread (entry already quits)
--- config
    location /lua {
        rewrite_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.req.set_uri("/foo", true)
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

=== TEST 3: rewrite in user thread (entry thread is still pending on ngx.sleep)
--- config
    location /lua {
        rewrite_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.req.set_uri("/foo", true)
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

=== TEST 4: rewrite in a user thread (another user thread is still pending on ngx.sleep)
--- config
    location /lua {
        rewrite_by_lua '
            function f()
                ngx.sleep(0.1)
                ngx.req.set_uri("/foo", true)
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
