# Lifted from openresty/lua-nginx-module t/133-worker-count.t (BSD license)

=== TEST 1: content_by_lua
--- config
    location /lua {
        content_by_lua_block {
            ngx.say("workers: ", ngx.worker.count())
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 2: init_by_lua
--- http_config
    init_by_lua_block {
        package.loaded.count = ngx.worker.count()
    }
--- config
    location /lua {
        content_by_lua_block {
            ngx.say("workers: ", package.loaded.count)
        }
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
