# Lifted from openresty/lua-nginx-module t/053-gsub-jit.t (BSD license)

=== TEST 1: matched with j
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, 1234 5678", "([0-9]+)", "world", "j")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 2: not matched with j
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, world", "[0-9]+", "hiya", "j")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 3: matched with jo
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, 1234 5678", "([0-9]+)", "world", "jo")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- pipelined_requests
GET /re
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 4: not matched with jo
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.gsub("hello, world", "[0-9]+", "hiya", "jo")
            if n then
                ngx.say(s, ": ", n)
            else
                ngx.say(s)
            end
        ';
    }
--- pipelined_requests
GET /re
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 5: bad pattern
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello\\nworld", "(abc", "world", "j")
            if s then
                ngx.say(s, ": ", n)
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
                ngx.say(s, ": ", n)
            else
                ngx.say("error: ", err)
            end
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*
