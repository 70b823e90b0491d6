# Lifted from openresty/lua-nginx-module t/034-match.t (BSD license)

=== TEST 1: sanity
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([0-9]+)")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 2: escaping sequences
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "(\\\\d+)")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 3: single capture
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([0-9]{2})[0-9]+")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 4: multiple captures
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([a-z]+).*?([0-9]{2})[0-9]+", "")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
                ngx.say(m[2])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 5: multiple captures (with o)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([a-z]+).*?([0-9]{2})[0-9]+", "o")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
                ngx.say(m[2])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 6: not matched
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "foo")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 7: case sensitive by default
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "HELLO")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 8: case insensitive
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "HELLO", "i")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 9: UTF-8 mode
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello章亦春", "HELLO.{2}", "iu")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 10: multi-line mode (^ at line head)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello\\nworld", "^world", "m")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 11: multi-line mode (. does not match newline)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello\\nworld", ".*", "m")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 12: single-line mode (^ as normal)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello\\nworld", "^world", "s")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 13: single-line mode (dot all)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello\\nworld", ".*", "s")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 14: extended mode (ignore whitespaces)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello\\nworld", "\\\\w     \\\\w", "x")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 15: bad pattern
--- config
    location /re {
        content_by_lua '
            local m, err = ngx.re.match("hello\\nworld", "(abc")
            if m then
                ngx.say(m[0])
            else
                if err then
                    ngx.say("error: ", err)
                else
                    ngx.say("not matched: ", m)
                end
            end
        ';
    }
--- request
GET /re

=== TEST 16: extended mode alternation
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, world", "(world)|(hello)", "x")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
                ngx.say(m[2])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 17: optional trailing captures
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([0-9]+)(h?)")
            if m then
                ngx.say(m[0])
                ngx.say(m[1])
                ngx.say(m[2])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 18: anchored match (failed)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", "([0-9]+)", "a")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 19: anchored match (succeeded)
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("1234, hello", "([0-9]+)", "a")
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 20: match with ctx but no pos
--- config
    location /re {
        content_by_lua '
            local ctx = {}
            m = ngx.re.match("1234, hello", "([0-9]+)", "", ctx)
            ngx.say(m and m[0])
            ngx.say(ctx.pos)
        ';
    }
--- request
GET /re

=== TEST 21: match with ctx and a pos
--- config
    location /re {
        content_by_lua '
            local ctx = { pos = 3 }
            m = ngx.re.match("1234, hello", "([0-9]+)", "", ctx)
            ngx.say(m and m[0])
            ngx.say(ctx.pos)
        ';
    }
--- request
GET /re

=== TEST 22: sanity (set_by_lua)
--- config
    location /re {
        set_by_lua $res '
            m = ngx.re.match("hello, 1234", "([0-9]+)")
            if m then
                return m[0]
            else
                return "not matched!"
            end
        ';
        content_by_lua_block { ngx.say(ngx.var.res) }
    }
--- request
GET /re

=== TEST 23: match (look-behind assertion)
--- config
    location /re {
        content_by_lua '
            local ctx = {}
            local m = ngx.re.match("{foobarbaz}", "(?<=foo)bar|(?<=bar)baz", "", ctx)
            ngx.say(m and m[0])
            m = ngx.re.match("{foobarbaz}", "(?<=foo)bar|(?<=bar)baz", "", ctx)
            ngx.say(m and m[0])
        ';
    }
--- request
GET /re

=== TEST 24: escaping sequences in a file
--- config
    location /re {
        access_by_lua_file html/a.lua;
        content_by_lua return;
    }
--- user_files
>>> html/a.lua
local uri = "<impact>2</impact>"
local regex = '(?:>[\\w\\s]*</?\\w{2,}>)';
ngx.say("regex: ", regex)
m = ngx.re.match(uri, regex, "oi")
if m then
    ngx.say("[", m[0], "]")
else
    ngx.say("not matched!")
end
--- request
GET /re

=== TEST 25: long brackets
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", [[\\d+]])
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 26: bad pattern 2
--- config
    location /re {
        content_by_lua '
            local m, err = ngx.re.match("hello, 1234", "([0-9]+")
            ngx.say(m, " ", err)
        ';
    }
--- request
GET /re

=== TEST 27: long brackets containing [...]
--- config
    location /re {
        content_by_lua '
            m = ngx.re.match("hello, 1234", [[([0-9]+)]])
            if m then
                ngx.say(m[0])
            else
                ngx.say("not matched: ", m)
            end
        ';
    }
--- request
GET /re

=== TEST 28: bug report (github issue #72)
--- config
    location /re {
        content_by_lua '
            ngx.re.match("hello", "hello", "j")
            ngx.say("done")
        ';
        header_filter_by_lua '
            ngx.re.match("hello", "world", "j")
        ';
    }
--- request
GET /re

=== TEST 29: bug report (github issue #72) exec
--- config
    location /re {
        content_by_lua '
            ngx.re.match("hello", "hello", "j")
            ngx.exec("/foo")
        ';
    }
    location /foo {
        content_by_lua '
            ngx.re.match("hello", "world", "j")
            ngx.say("done")
        ';
    }
--- request
GET /re

=== TEST 30: non-empty subject, empty pattern
--- config
    location /re {
        content_by_lua '
            local ctx = {}
            local m = ngx.re.match("hello, 1234", "", "", ctx)
            if m then
                ngx.say("pos: ", ctx.pos)
                ngx.say("m: ", m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 31: named subpatterns w/ extraction
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("hello, 1234", "(?<first>[a-z]+), [0-9]+")
            ngx.say(m[0])
            ngx.say(m[1])
            ngx.say(m.first)
            ngx.say(m.second)
        ';
    }
--- request
GET /re

=== TEST 32: duplicate named subpatterns w/ extraction
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("hello, 1234", "(?<first>[a-z]+), (?<first>[0-9]+)", "D")
            ngx.say(m[0])
            ngx.say(m[1])
            ngx.say(m[2])
            ngx.say(table.concat(m.first,"-"))
        ';
    }
--- request
GET /re

=== TEST 33: named captures are empty strings
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("1234", "(?<first>[a-z]*)([0-9]+)")
            ngx.say(m[0])
            ngx.say(m.first)
            ngx.say(m[1])
            ngx.say(m[2])
        ';
    }
--- request
GET /re

=== TEST 34: named captures are nil
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("hello, world", "(world)|(hello)|(?<named>howdy)")
            ngx.say(m[0])
            ngx.say(m[1])
            ngx.say(m[2])
            ngx.say(m[3])
            ngx.say(m["named"])
        ';
    }
--- request
GET /re

=== TEST 35: duplicate named subpatterns
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("hello, world",
                                   "(?<named>\\\\w+), (?<named>\\\\w+)",
                                   "D")
            ngx.say(m[0])
            ngx.say(m[1])
            ngx.say(m[2])
            ngx.say(table.concat(m.named,"-"))
        ';
    }
--- request
GET /re

=== TEST 36: Javascript compatible mode
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("章", [[\\u7AE0]], "uJ")
            if m then
                ngx.say("matched: ", m[0])
            else
                ngx.say("not matched!")
            end
        ';
    }
--- request
GET /re

=== TEST 37: empty duplicate captures
--- config
    location = /re {
        content_by_lua "
            local target = 'test'
            local regex = '^(?:(?<group1>(?:foo))|(?<group2>(?:bar))|(?<group3>(?:test)))$'
            local m = ngx.re.match(target, regex, 'D')
            ngx.say(type(m.group1))
            ngx.say(type(m.group2))
        ";
    }
--- request
GET /re

=== TEST 38: bad UTF-8
--- config
    location /re {
        content_by_lua '
            local target = "你好"
            local regex = "你好"
            local m, err = ngx.re.match(string.sub(target, 1, 4), regex, "u")
            if err then
                ngx.say("error: ", err)
                return
            end
            ngx.say(m and m[0])
        ';
    }
--- request
GET /re

=== TEST 39: UTF-8 mode without UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("你好", ".", "U")
            ngx.say(m and m[0])
        ';
    }
--- request
GET /re

=== TEST 40: UTF-8 mode with UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local m = ngx.re.match("你好", ".", "u")
            ngx.say(m and m[0])
        ';
    }
--- request
GET /re

=== TEST 41: just hit match limit
--- http_config
    lua_regex_match_limit 5600;
--- config
    location /re {
        content_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local re = [==[(?i:([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:=|<=>|r?like|sounds\s+like|regexp)([\s'\"`´’‘\(\)]*)?\2|([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:!=|<=|>=|<>|<|>|\^|is\s+not|not\s+like|not\s+regexp)([\s'\"`´’‘\(\)]*)?(?!\6)([\d\w]+))]==]
s = string.rep([[ABCDEFG]], 10)
local res, err = ngx.re.match(s, re, "o")
if not res then
    if err then
        ngx.say("error: ", err)
        return
    end
    ngx.say("failed to match")
    return
end
--- request
GET /re

=== TEST 42: just not hit match limit
--- http_config
    lua_regex_match_limit 5700;
--- config
    location /re {
        content_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local re = [==[(?i:([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:=|<=>|r?like|sounds\s+like|regexp)([\s'\"`´’‘\(\)]*)?\2|([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:!=|<=|>=|<>|<|>|\^|is\s+not|not\s+like|not\s+regexp)([\s'\"`´’‘\(\)]*)?(?!\6)([\d\w]+))]==]
s = string.rep([[ABCDEFG]], 10)
local res, err = ngx.re.match(s, re, "o")
if not res then
    if err then
        ngx.say("error: ", err)
        return
    end
    ngx.say("failed to match")
    return
end
--- request
GET /re

=== TEST 43: match with ctx pos beyond subject
--- config
    location /re {
        content_by_lua_block {
            local ctx = { pos = 20 }
            local m, err = ngx.re.match("1234", "\\d", "", ctx)
            ngx.say(m, " ", err, " ", ctx.pos)
            local m, err = ngx.re.match("1234", "", "", { pos = 5 })
            ngx.say(m and "[" .. m[0] .. "]", " ", err)
        }
    }
--- request
GET /re

=== TEST 44: match with res table reuse
--- config
    location /re {
        content_by_lua_block {
            local res = {}
            local m = ngx.re.match("hello, 1234", "([a-z]+), ([0-9]+)", "", nil, res)
            ngx.say(m == res, " ", m[1], " ", m[2])
            m = ngx.re.match("x, 5", "([a-z]+), ([0-9]+)", "", nil, res)
            ngx.say(m[1], " ", m[2])
        }
    }
--- request
GET /re
