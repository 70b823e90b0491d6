# ngx.re.match / find / gmatch / sub / gsub with PCRE semantics and flags.

=== TEST 1: match with captures
--- config
    location /t { content_by_lua_block {
        local m = ngx.re.match("hello, 1234 world 56", "([0-9])([0-9]+)")
        ngx.say(m[0], " ", m[1], " ", m[2], " ", tostring(m[3]))
    } }
--- request
GET /t

=== TEST 2: no match is nil
--- config
    location /t { content_by_lua_block { local m, err = ngx.re.match("abc", "\\d+") ngx.say(tostring(m), " ", tostring(err)) } }
--- request
GET /t

=== TEST 3: named captures
--- config
    location /t { content_by_lua_block {
        local m = ngx.re.match("key=value", "(?<k>\\w+)=(?<v>\\w+)")
        ngx.say(m.k, " ", m.v, " ", m[1], " ", m[2])
    } }
--- request
GET /t

=== TEST 4: case-insensitive flag
--- config
    location /t { content_by_lua_block { local m = ngx.re.match("HeLLo", "hello", "i") ngx.say(m[0]) } }
--- request
GET /t

=== TEST 5: unmatched optional group is false
--- config
    location /t { content_by_lua_block { local m = ngx.re.match("ab", "(a)(x)?(b)") ngx.say(tostring(m[2]), " ", m[3]) } }
--- request
GET /t

=== TEST 6: anchored flag
--- config
    location /t { content_by_lua_block {
        ngx.say(tostring(ngx.re.match("xab", "ab", "a")), " ", ngx.re.match("abx", "ab", "a")[0])
    } }
--- request
GET /t

=== TEST 7: ctx.pos
--- config
    location /t { content_by_lua_block {
        local ctx = {pos = 3}
        local m = ngx.re.match("a1b2c3", "\\d", "jo", ctx)
        ngx.say(m[0], " ", ctx.pos)
    } }
--- request
GET /t

=== TEST 8: find returns positions
--- config
    location /t { content_by_lua_block {
        local from, to = ngx.re.find("hello 123 world", "\\d+", "jo")
        ngx.say(from, " ", to)
        local f2, t2 = ngx.re.find("hello 123", "(h)(e)", "jo", nil, 2)
        ngx.say(f2, " ", t2)
    } }
--- request
GET /t

=== TEST 9: gmatch iterates
--- config
    location /t { content_by_lua_block {
        for m in ngx.re.gmatch("a1 b22 c333", "([a-z])(\\d+)") do ngx.say(m[0], ":", m[1], ":", m[2]) end
    } }
--- request
GET /t

=== TEST 10: sub replaces the first match
--- config
    location /t { content_by_lua_block {
        local s, n = ngx.re.sub("hello world", "o", "0")
        ngx.say(s, " ", n)
    } }
--- request
GET /t

=== TEST 11: gsub with captures in the template
--- config
    location /t { content_by_lua_block {
        local s, n = ngx.re.gsub("a=1, b=2", "(\\w)=(\\d)", "$2=$1 ${1}")
        ngx.say(s, " ", n)
    } }
--- request
GET /t

=== TEST 12: gsub with a function
--- config
    location /t { content_by_lua_block {
        local s = ngx.re.gsub("x1y22z", "\\d+", function(m) return "<" .. m[0] .. ">" end)
        ngx.say(s)
    } }
--- request
GET /t

=== TEST 13: bad regex returns an error
--- config
    location /t { content_by_lua_block { local m, err = ngx.re.match("abc", "(") ngx.say(tostring(m), " ", err) } }
--- request
GET /t

=== TEST 14: multiline and dotall flags
--- config
    location /t { content_by_lua_block {
        local m = ngx.re.match("a\nb", "^b$", "m")
        local m2 = ngx.re.match("a\nb", "a.b", "s")
        ngx.say(m[0], " ", #m2[0])
    } }
--- request
GET /t

=== TEST 15: extended flag
--- config
    location /t { content_by_lua_block { local m = ngx.re.match("abc", "a  b # comment\n c", "x") ngx.say(m[0]) } }
--- request
GET /t

=== TEST 16: utf8 flag
--- config
    location /t { content_by_lua_block { local m = ngx.re.match("héllo", "h.l", "u") ngx.say(m[0]) } }
--- request
GET /t

=== TEST 17: duplicate names with D flag
--- config
    location /t { content_by_lua_block {
        local m = ngx.re.match("ab", "(?<n>a)(?<n>b)", "D")
        ngx.say(type(m.n), " ", table.concat(m.n, ","))
    } }
--- request
GET /t

=== TEST 18: gsub with a literal dollar
--- config
    location /t { content_by_lua_block { local s = ngx.re.gsub("cost 5", "\\d", "$$$0") ngx.say(s) } }
--- request
GET /t

=== TEST 19: sub no match
--- config
    location /t { content_by_lua_block { local s, n = ngx.re.sub("abc", "x", "y") ngx.say(s, " ", n) } }
--- request
GET /t

=== TEST 20: gsub empty matches
--- config
    location /t { content_by_lua_block { local s, n = ngx.re.gsub("abc", "", "-") ngx.say(s, " ", n) } }
--- request
GET /t

=== TEST 21: ngx.re.split from resty.core
--- config
    location /t { content_by_lua_block {
        local ngx_re = require "ngx.re"
        local res = ngx_re.split("a,b,,c", ",")
        ngx.say(#res, " ", table.concat(res, "|"))
    } }
--- request
GET /t

=== TEST 22: match with a pattern from a variable and the o flag in a loop
--- config
    location /t { content_by_lua_block {
        local n = 0
        for i = 1, 50 do if ngx.re.match(tostring(i), "^[0-9]*5$", "jo") then n = n + 1 end end
        ngx.say(n)
    } }
--- request
GET /t

=== TEST 23: bad template variable in gsub
--- config
    location /t { content_by_lua_block { local s, n, err = ngx.re.gsub("abc", "b", "$9") ngx.say(tostring(s), " ", tostring(n), " ", tostring(err)) } }
--- request
GET /t

=== TEST 24: unknown flag is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.re.match, "a", "a", "Q") ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 25: template errors are logged with their reason
--- config
    location /t { content_by_lua_block {
        for _, tpl in ipairs({ "<$x1>", "<${name}>", "<${12a}>", "<${7", "<${}>", "<$", "<$-1>", "<${3}$4x>" }) do
            local s, n, err = ngx.re.sub("a b", "(a) (b)", tpl)
            ngx.say(tpl, ": ", tostring(s), " ", tostring(n), " ", tostring(err))
        end
    } }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 26: lua_regex_match_limit stops a runaway backtracking match
--- http_config
    lua_regex_match_limit 1000;
--- config
    location /t { content_by_lua_block {
        local subj = string.rep("a", 25) .. "!"
        ngx.say(ngx.re.match(subj, "(a|aa)+\\d"))
        ngx.say(ngx.re.find(subj, "^(\\w+)+\\d", "j"))
        ngx.say(ngx.re.gsub(subj, "^(\\w+)+\\d", "x"))
        ngx.say(ngx.re.match("aaa1", "^(\\w+)+\\d")[0])
    } }
--- request
GET /t

=== TEST 27: a j compile logs at debug once per call, or once in all with o
--- config
    location /re {
        content_by_lua '
            local ngx_re = require "ngx.re"
            for i = 1, 2 do
                ngx.re.gsub("a1b2", "[0-9]", function (m) return "x" end, "j")
                ngx.re.gsub("a1b2", "[0-9]", function (m) return "x" end, "jo")
                ngx.re.sub("a1b2", "[a-z]", "y", "j")
                ngx.re.find("a1b2", "[a-z]", "jd")
                ngx.re.match("a1b2", "[a-z]", "jo")
                local res = ngx_re.split("a,b,c", ",", "j")
                ngx.say(#res)
                res = ngx_re.split("a,b,c", ",", "jo")
            end
            ngx.say("ok")
        ';
    }
--- request
GET /re
--- log_level
debug
--- grep_error_log
pcre JIT compiling result: \d+
