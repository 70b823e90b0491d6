# Lifted from openresty/lua-nginx-module t/049-gmatch-jit.t (BSD license)

=== TEST 1: gmatch matched
--- config
    location /re {
        content_by_lua '
            for m in ngx.re.gmatch("hello, world", "[a-z]+", "j") do
                if m then
                    ngx.say(m[0])
                else
                    ngx.say("not matched: ", m)
                end
            end
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 2: fail to match
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[0-9]", "j")
            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end

            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end

            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 3: gmatch matched but no iterate
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[a-z]+", "j")
            ngx.say("done")
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 4: gmatch matched but only iterate once and still matches remain
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[a-z]+", "j")
            local m = it()
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched")
            end
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 5: gmatch matched + o
--- config
    location /re {
        content_by_lua '
            for m in ngx.re.gmatch("hello, world", "[a-z]+", "jo") do
                if m then
                    ngx.say(m[0])
                else
                    ngx.say("not matched: ", m)
                end
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

=== TEST 6: fail to match + o
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[0-9]", "jo")
            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end

            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end

            local m = it()
            if m then ngx.say(m[0]) else ngx.say(m) end
        ';
    }
--- pipelined_requests
GET /re
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 7: gmatch matched but no iterate + o
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[a-z]+", "jo")
            ngx.say("done")
        ';
    }
--- pipelined_requests
GET /re
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+

=== TEST 8: gmatch matched but only iterate once and still matches remain + o
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("hello, world", "[a-z]+", "jo")
            local m = it()
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched")
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

=== TEST 9: bad pattern
--- config
    location /re {
        content_by_lua '
            local m, err = ngx.re.gmatch("hello\\nworld", "(abc", "j")
            if not m then
                ngx.say("error: ", err)
                return
            end
            ngx.say("success")
        ';
    }
--- request
GET /re
--- grep_error_log
\[error\].*
