# Lifted from openresty/lua-nginx-module t/096-uthread-redirect.t (BSD license)

=== TEST 1: ngx.redirect() in user thread (entry thread is still pending on ngx.location.capture_multi), without pending output
--- config
    location /lua {
        client_body_timeout 12000ms;
        content_by_lua '
            local function f()
                ngx.sleep(0.1)
                ngx.redirect(301)
            end

            ngx.thread.spawn(f)

            ngx.location.capture_multi{
                {"/echo"},
                {"/sleep"}
            }
            ngx.say("end")
        ';
    }

    location = /echo {
        echo hello;
    }

    location = /sleep {
        echo_sleep 0.2;
    }
--- request
POST /lua
--- grep_error_log
attempt to abort with pending subrequests
--- wait
0.1

=== TEST 2: redirect in user thread (entry thread is still pending on ngx.sleep)
--- config
    location /lua {
        content_by_lua '
            local function f()
                ngx.sleep(0.1)
                ngx.redirect(301)
            end

            ngx.thread.spawn(f)
            ngx.sleep(1)
            ngx.say("end")
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
