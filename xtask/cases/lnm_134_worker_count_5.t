# Lifted from openresty/lua-nginx-module t/134-worker-count-5.t (BSD license). Test::Nginx's
# workers(5) is written as the full config's worker_processes.

=== TEST 1: sanity
--- full_config
worker_processes 5;
events { worker_connections 256; }
http {
    access_log off;
    server {
        listen $PORT;
        server_name localhost;
        location /lua {
            content_by_lua_block {
                ngx.say("worker count: ", ngx.worker.count())
            }
        }
    }
}
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 2: init_by_lua
--- full_config
worker_processes 5;
events { worker_connections 256; }
http {
    access_log off;
    init_by_lua_block {
        package.loaded.count = ngx.worker.count()
    }
    server {
        listen $PORT;
        server_name localhost;
        location /lua {
            content_by_lua_block {
                ngx.say("workers: ", package.loaded.count)
            }
        }
    }
}
--- request
GET /lua
--- grep_error_log
\[error\].*
