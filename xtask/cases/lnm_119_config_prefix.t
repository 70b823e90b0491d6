# Lifted from openresty/lua-nginx-module t/119-config-prefix.t (BSD license)

=== TEST 1: content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say("prefix: ", ngx.config.prefix())
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
