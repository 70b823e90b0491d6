# Lifted from openresty/lua-nginx-module t/054-gsub-dfa.t (BSD license)

=== TEST 1: matched with d
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, 1234 5678", "[0-9]|[0-9][0-9]", "world", "d")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 2: not matched with d
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, world", "[0-9]+", "hiya", "d")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 3: matched with do
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, 1234 5678", "[0-9]|[0-9][0-9]", "world", "do")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 4: not matched with do
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, world", "[0-9]+", "hiya", "do")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 5: bad pattern
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello\\nworld", "(abc", "world", "j")
            if s then
                ngx.say("gsub: ", n)

            else
                ngx.say("error: ", err)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 6: bad pattern + o
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello\\nworld", "(abc", "world", "jo")
            if s then
                ngx.say("gsub: ", n)

            else
                ngx.say("error: ", err)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 7: UTF-8 mode without UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("你好", ".", "a", "Ud")
            if s then
                ngx.say("s: ", s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*

=== TEST 8: UTF-8 mode with UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("你好", ".", "a", "ud")
            if s then
                ngx.say("s: ", s)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*
