# Lifted from openresty/lua-nginx-module t/048-match-dfa.t (BSD license)

=== TEST 1: matched with d
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello", "(he|hell)", "d")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 2: matched with d + j
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello", "(he|hell)", "jd")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 3: not matched with j
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("world", "(he|hell)", "d")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 4: matched with do
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello", "he|hell", "do")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
                ngx.say(m[2])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 5: not matched with do
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("world", "([0-9]+)", "do")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 6: UTF-8 mode without UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("你好", ".", "Ud")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 7: UTF-8 mode with UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("你好", ".", "ud")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*
