# Lifted from openresty/lua-nginx-module t/122-worker.t (BSD license)

=== TEST 1: content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say("worker exiting: ", ngx.worker.exiting())
        ';
    }
--- request
GET /lua

=== TEST 2: worker count and pid
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.worker.count(), " ", ngx.worker.id(), " ", type(ngx.worker.pid()), " ", ngx.worker.pid() > 1)
        ';
    }
--- request
GET /lua
