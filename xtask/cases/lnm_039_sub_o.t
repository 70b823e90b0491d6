# Lifted from openresty/lua-nginx-module t/039-sub-o.t (BSD license)

=== TEST 1: matched but w/o variables
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, world", "[a-z]+", "howdy", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 2: not matched
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, world", "[A-Z]+", "howdy", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 3: matched and with variables
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("a b c d", "(b) (c)", "[$0] [$1] [$2] [$3] [$134]", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 4: matched and with named variables
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "a b c d",
                "(b) (c)", "[$0] [$1] [$2] [$3] [$hello]", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 5: matched and with named variables (bracketed)
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "a b c d",
                "(b) (c)", "[$0] [$1] [$2] [$3] [${hello}]", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 6: matched and with bracketed variables
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134}]", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 7: matched and with bracketed variables (unmatched brackets)
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134]", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 8: matched and with bracketed variables (unmatched brackets, no closing bracket)
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 9: matched and with bracketed variables (unmatched brackets, bare open bracket)
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 10: trailing $
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [$", "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 11: matched but w/o variables and with literal $
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, world", "[a-z]+", "ho$$wdy", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 12: non-anchored match
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", " [0-9] ", "x", "xo")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 13: anchored match
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "[0-9]", "x", "ao")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 14: function replace
--- config
    location /re {
        content_by_lua '
            local repl = function (m)
                return "[" .. m[0] .. "] [" .. m[1] .. "]"
            end

            local s, n = ngx.re.sub("hello, 34", "([0-9])", repl, "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 15: function replace (failed)
--- config
    location /re {
        content_by_lua '
            local repl = function (m)
                return "[" .. m[0] .. "] [" .. m[1] .. "]"
            end

            local s, n = ngx.re.sub("hello, 34", "([A-Z])", repl, "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 16: bad repl arg type
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "hello, 34", "([A-Z])", true, "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 17: use number to replace
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "hello, 34", "([0-9])", 72, "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 18: bad function return value type
--- config
    location /re {
        content_by_lua '
            local f = function (m) end
            local rc, s, n = pcall(ngx.re.sub, "hello, 34", "([0-9])", f, "o")
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 19: matched but w/o variables (set_by_lua)
--- config
    location /re {
        set_by_lua $res '
            local s, n = ngx.re.sub("hello, world", "[a-z]+", "howdy", "o")
            return s
        ';
        echo $res;
    }
--- request
GET /re

=== TEST 20: with regex cache (with text replace)
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "([A-Z]+)", "baz", "io")
            ngx.say(s)
            ngx.say(n)

            local s, n = ngx.re.sub("howdy, 1234", "([A-Z]+)", "baz", "io")
            ngx.say(s)
            ngx.say(n)


            s, n = ngx.re.sub("1234, okay", "([A-Z]+)", "blah", "io")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("hi, 1234", "([A-Z]+)", "hello", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 21: with regex cache (with func replace)
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "([A-Z]+)", "baz", "io")
            ngx.say(s)
            ngx.say(n)

            local s, n = ngx.re.sub("howdy, 1234", "([A-Z]+)", function () return "bah" end, "io")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("1234, okay", "([A-Z]+)", function () return "blah" end, "io")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("hi, 1234", "([A-Z]+)", "hello", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 22: exceeding regex cache max entries
--- http_config
    lua_regex_cache_max_entries 2;
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "([0-9]+)", "hello", "o")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("howdy, 567", "([0-9]+)", "hello", "oi")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("hiya, 98", "([0-9]+)", "hello", "ox")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 23: disable regex cache completely
--- http_config
    lua_regex_cache_max_entries 0;
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "([0-9]+)", "hello", "o")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("howdy, 567", "([0-9]+)", "hello", "oi")
            ngx.say(s)
            ngx.say(n)

            s, n = ngx.re.sub("hiya, 98", "([0-9]+)", "hello", "ox")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 24: empty replace
--- config
    location /re {
        content_by_lua '
            local s, n = ngx.re.sub("hello, 1234", "([0-9]+)", "", "o")
            ngx.say(s)
            ngx.say(n)

            local s, n = ngx.re.sub("hi, 5432", "([0-9]+)", "", "o")
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re
