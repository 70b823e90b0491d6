# Lifted from openresty/lua-nginx-module t/135-worker-id.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua_block {
            ngx.say("worker id: ", ngx.worker.id())
        }
    }
--- request
GET /lua

=== TEST 2: worker id in init_worker_by_lua
--- http_config
    init_worker_by_lua_block {
        ngx.log(ngx.INFO, "worker id ", ngx.worker.id(), " count ", ngx.worker.count());
    }
--- config
    location = /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
worker id \S+ count \d+
