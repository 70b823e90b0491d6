# Lifted from openresty/lua-nginx-module t/036-sub.t (BSD license)

=== TEST 1: matched but w/o variables
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, world", "[a-z]+", "howdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 2: not matched
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, world", "[A-Z]+", "howdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 3: matched and with variables
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", "(b) (c)", "[$0] [$1] [$2] [$3] [$134]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 4: matched and with named variables
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", "(b) (c)", "[$0] [$1] [$2] [$3] [$hello]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 5: matched and with named variables (bracketed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", "(b) (c)", "[$0] [$1] [$2] [$3] [${hello}]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 6: matched and with bracketed variables
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134}]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 7: unmatched brackets 1
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 8: unmatched brackets 2
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${134")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 9: unmatched brackets 3
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [${")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 10: trailing $
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("b c d", "(b) (c)", "[$0] [$1] [${2}] [$3] [$")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re
--- grep_error_log
(attempt to use named|the closing bracket|lua script: invalid)[^\n]*

=== TEST 11: matched but w/o variables and with literal $
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, world", "[a-z]+", "ho$$wdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 12: non-anchored match
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, 1234", "[0-9]", "x")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 13: anchored match
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, 1234", "[0-9]", "x", "a")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 14: function replace
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, 34", "([0-9])", function (m) return "[" .. m[0] .. "] [" .. m[1] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 15: function replace (failed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello, 34", "([A-Z])", function (m) return "[" .. m[0] .. "] [" .. m[1] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 16: bad repl arg type
--- config
    location /re {
        content_by_lua '
            local rc, s, n = pcall(ngx.re.sub, "hello, 34", "([A-Z])", true)
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
            local rc, s, n = pcall(ngx.re.sub, "hello, 34", "([0-9])", 72)
            ngx.say(rc)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re

=== TEST 18: matched and with variables w/o using named patterns in sub
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", "(?<first>b) (?<second>c)", "[$0] [$1] [$2] [$3] [$134]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 19: matched and with variables using named patterns in func
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", "(?<first>b) (?<second>c)", function (m) return "[" .. m[0] .. "] [" .. m["first"] .. "] [" .. m[2] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 20: $0 without parens
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("a b c d", [[\w]], "[$0]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 21: bad pattern
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("hello\\nworld", "(abc", "")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 22: bad UTF-8
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub(string.sub("你好", 1, 4), "你好", "", "u")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 23: UTF-8 mode without UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("你好", ".", "a", "U")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 24: UTF-8 mode with UTF-8 sequence checks
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.sub("你好", ".", "a", "u")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 25: sanity
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("[hello, world]", "[a-z]+", "howdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 26: trimmed
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello, world", "[a-z]+", "howdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 27: not matched (test g3)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello, world", "[A-Z]+", "howdy")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 28: replace by function (trimmed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello, world", "([a-z])[a-z]+", function (m) return "[" .. m[0] .. "," .. m[1] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 29: replace by function (not trimmed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("{hello, world}", "([a-z])[a-z]+", function (m) return "[" .. m[0] .. "," .. m[1] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 30: replace by script (trimmed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello, world", "([a-z])[a-z]+", "[$0,$1]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 31: replace by script (not trimmed)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("{hello, world}", "([a-z])[a-z]+", "[$0,$1]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 32: look-behind assertion
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("{foobarbaz}", "(?<=foo)bar|(?<=bar)baz", "h$0")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 33: empty substring match (string template)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello", "a|", "b")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 34: empty substring match (string template, empty subj)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("", "a|", "b")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 35: empty substring match (func)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello", "a|", function () return "b" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 36: empty substring match (func, empty subj)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("", "a|", function () return "b" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 37: big subject string func repl
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub(string.rep("a", 8000) .. string.rep("b", 1000) .. string.rep("a", 8000) .. string.rep("b", 1000) .. "aaa", "b+", function(m) return string.rep("c", string.len(m[0])) end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 38: big subject string str repl
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub(string.rep("a", 8000) .. string.rep("b", 1000) .. string.rep("a", 8000) .. string.rep("b", 1000) .. "aaa", "b(b+)(b)", "$1 $2")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 39: named pattern repl w/ callback
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("hello, world", "(?<first>[a-z])[a-z]+", function (m) return "[" .. m[0] .. "," .. m["first"] .. "]" end)
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 40: $0 without parens (test g19)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("a b c d", [[\w]], "[$0]")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 41: bad UTF-8 (test g20)
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub(string.sub("你好", 1, 4), "你好", "", "u")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 42: UTF-8 mode
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("你好", ".", "a", "U")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 43: gsub swallowed first character
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("TestCase", "^ *", "", "o")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 44: gsub swallowed non-first character
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("abcd", "a|(?=c)", ".")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 45: empty matches with unicode
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("你好", "", "-", "u")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 46: empty matches without unicode
--- config
    location /re {
        content_by_lua '
            local s, n, err = ngx.re.gsub("ab", "x*", "-")
            ngx.say(s)
            ngx.say(n)
            ngx.say(err)
        ';
    }
--- request
GET /re

=== TEST 47: function replace (false for groups)
--- config
    location /re {
        content_by_lua '
            local repl = function (m)
                print("group 1: ", m[2])
                return "[" .. m[0] .. "] [" .. m[1] .. "]"
            end
            local s, n = ngx.re.gsub("hello, 34", "([0-9])|(world)", repl)
            ngx.say(s)
            ngx.say(n)
        ';
    }
--- request
GET /re
--- grep_error_log
group 1: [^,]*

=== TEST 48: use of ngx.req.get_headers in the user callback
--- config
location = /t {
    content_by_lua '
        local data = [[
            INNER
            INNER
]]
        local res =  ngx.re.gsub(data, "INNER", function(inner_matches)
            local header = ngx.req.get_headers()["Host"]
            return "INNER_REPLACED"
        end, "s")
        ngx.print(res)
    ';
}
--- request
GET /t

=== TEST 49: sub match limit 5600
--- http_config
    lua_regex_match_limit 5600;
--- config
    location /re {
        content_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local re = [==[(?i:([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:=|<=>|r?like|sounds\s+like|regexp)([\s'\"`´’‘\(\)]*)?\2|([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:!=|<=|>=|<>|<|>|\^|is\s+not|not\s+like|not\s+regexp)([\s'\"`´’‘\(\)]*)?(?!\6)([\d\w]+))]==]
local s = string.rep([[ABCDEFG]], 10)
local res, cnt, err = ngx.re.sub(s, re, "", "o")
if err then
    ngx.say("error: ", err)
    return
end
ngx.say("sub: ", cnt)
--- request
GET /re

=== TEST 50: sub match limit 5700
--- http_config
    lua_regex_match_limit 5700;
--- config
    location /re {
        content_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local re = [==[(?i:([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:=|<=>|r?like|sounds\s+like|regexp)([\s'\"`´’‘\(\)]*)?\2|([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:!=|<=|>=|<>|<|>|\^|is\s+not|not\s+like|not\s+regexp)([\s'\"`´’‘\(\)]*)?(?!\6)([\d\w]+))]==]
local s = string.rep([[ABCDEFG]], 10)
local res, cnt, err = ngx.re.sub(s, re, "", "o")
if err then
    ngx.say("error: ", err)
    return
end
ngx.say("sub: ", cnt)
--- request
GET /re

=== TEST 51: gsub match limit 5100
--- http_config
    lua_regex_match_limit 5100;
--- config
    location /re {
        content_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local re = [==[(?i:([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:=|<=>|r?like|sounds\s+like|regexp)([\s'\"`´’‘\(\)]*)?\2|([\s'\"`´’‘\(\)]*)?([\d\w]+)([\s'\"`´’‘\(\)]*)?(?:!=|<=|>=|<>|<|>|\^|is\s+not|not\s+like|not\s+regexp)([\s'\"`´’‘\(\)]*)?(?!\6)([\d\w]+))]==]
local s = string.rep([[ABCDEFG]], 10)
local res, cnt, err = ngx.re.gsub(s, re, "", "o")
if err then
    ngx.say("error: ", err)
    return
end
ngx.say("gsub: ", cnt)
--- request
GET /re
