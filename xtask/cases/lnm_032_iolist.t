# Lifted from openresty/lua-nginx-module t/032-iolist.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua '
            local table = {"hello", nil, true, false, 32.5, 56}
            ngx.say(table)
        ';
    }
--- request
GET /lua

=== TEST 2: nested table
--- config
    location /lua {
        content_by_lua '
            local table = {"hello", nil, true, false, 32.5, 56}
            local table2 = {table, "--", table}
            ngx.say(table2)
        ';
    }
--- request
GET /lua

=== TEST 3: non-array table
--- config
    location /lua {
        content_by_lua '
            local table = {foo = 3}
            ngx.say(table)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 4: bad data type in table
--- config
    location /lua {
        content_by_lua '
            local f = function () return end
            local table = {1, 3, f}
            ngx.say(table)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
