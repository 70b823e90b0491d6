# Lifted from lua-nginx-module t/137-req-misc.t (BSD license; the index holds the copy of the
# pushrax/lua-nginx-module fork). Its ngx.req.upstream_name blocks are the fork's own API, not
# lua-nginx-module 0.10.23's, and are left out.

=== TEST 1: not internal request
--- config
    location /test {
        rewrite ^/test$ /lua last;
    }
    location /lua {
        content_by_lua '
            if ngx.req.is_internal() then
                ngx.say("internal")
            else
                ngx.say("not internal")
            end
        ';
    }
--- request
GET /lua

=== TEST 2: internal request
--- config
    location /test {
        rewrite ^/test$ /lua last;
    }
    location /lua {
        content_by_lua '
            if ngx.req.is_internal() then
                ngx.say("internal")
            else
                ngx.say("not internal")
            end
        ';
    }
--- request
GET /test
