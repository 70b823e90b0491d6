# Lifted from openresty/lua-nginx-module t/059-unix-socket.t (BSD license); the version the
# search index holds has this one block.

=== TEST 1: connection refused (unix domain socket)
--- config
    location /test {
        content_by_lua '
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("unix:/tmp/nosuchfile.sock")
            ngx.say(ok, " ", err)
        ';
    }
--- request
    GET /test
--- grep_error_log
\[(?:error|crit)\].*
