# Lifted from openresty/lua-nginx-module t/120-re-find.t (BSD license)

=== TEST 1: sanity
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9]+)", "jo")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 2: empty matched string
--- config
    location /re {
        content_by_lua '
            local s = "hello, world"
            local from, to, err = ngx.re.find(s, "[0-9]*")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 3: multiple captures (with o)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([a-z]+).*?([0-9]{2})[0-9]+", "o")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 4: not matched
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "foo")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 5: case insensitive
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "HELLO", "i")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 6: UTF-8 mode
--- config
    location /re {
        content_by_lua '
            local s = "hello章亦春"
            local from, to, err = ngx.re.find(s, "HELLO.{2}", "iu")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 7: multi-line mode
--- config
    location /re {
        content_by_lua '
            local s = "hello\\nworld"
            local from, to, err = ngx.re.find(s, "^world", "m")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 8: single-line mode (dot all)
--- config
    location /re {
        content_by_lua '
            local s = "hello\\nworld"
            local from, to, err = ngx.re.find(s, ".*", "s")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 9: extended mode
--- config
    location /re {
        content_by_lua '
            local s = "hello\\nworld"
            local from, to, err = ngx.re.find(s, "\\\\w     \\\\w", "x")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 10: bad pattern
--- config
    location /re {
        content_by_lua '
            local s = "hello\\nworld"
            local from, to, err = ngx.re.find(s, "(abc")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 11: anchored match (failed)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9]+)", "a")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 12: named subpatterns
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "(?<first>[a-z]+), [0-9]+")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 13: UTF-8 mode without checks
--- config
    location /re {
        content_by_lua '
            local s = "你好"
            local from, to, err = ngx.re.find(s, ".", "U")
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 14: specify the group (1)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9])([0-9]+)", "jo", nil, 1)
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 15: specify the group (0)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9])([0-9]+)", "jo", nil, 0)
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 16: specify the group (2)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9])([0-9]+)", "jo", nil, 2)
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 17: specify the group (3) out of range
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9])([0-9]+)", "jo", nil, 3)
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 18: specify the group (unmatched)
--- config
    location /re {
        content_by_lua '
            local s = "hello, 1234"
            local from, to, err = ngx.re.find(s, "([0-9])|(hello world)", "jo", nil, 2)
            if from then
                ngx.say("from: ", from)
                ngx.say("to: ", to)
                ngx.say("matched: ", string.sub(s, from, to))
            else
                ngx.say("not matched: ", err)
            end
        ';
    }
--- request
GET /re

=== TEST 19: find with ctx
--- config
    location /re {
        content_by_lua '
            local ctx = { pos = 3 }
            local from, to = ngx.re.find("1234, hello", "([0-9]+)", "", ctx)
            ngx.say(from, " ", to, " ", ctx.pos)
            local ctx = {}
            local from, to = ngx.re.find("1234, hello", "x", "", ctx)
            ngx.say(from, " ", to, " ", ctx.pos)
        ';
    }
--- request
GET /re

=== TEST 20: gmatch
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("hello world", "[a-z]+")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 21: fail to match
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("hello", "[0-9]")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 22: gmatch matched but no iterate
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("hello world", "([a-z])([a-z]+)")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 23: gmatch empty matches
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("hello", "a|")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 24: gmatch empty matches unicode
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("你好", "", "u")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 25: gmatch named
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("a=1, b=2", "(?<k>\\\\w)=(?<v>\\\\d)")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 26: gmatch bad pattern
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("a", "(")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 27: gmatch with anchor
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("aaa", "a", "a")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 28: gmatch case insensitive
--- config
    location /re {
        content_by_lua '
            local it, err = ngx.re.gmatch("AbA", "a", "i")
            if not it then ngx.say("error: ", err) return end
            while true do
                local m, err = it()
                if err then ngx.say("error: ", err) return end
                if not m then break end
                ngx.say(m[0], "|", tostring(m[1]), "|", tostring(m[2]))
            end
            ngx.say(it())
        ';
    }
--- request
GET /re

=== TEST 29: iterator after end errors?
--- config
    location /re {
        content_by_lua '
            local it = ngx.re.gmatch("ab", "[a-z]")
            ngx.say(it()[0], it()[0], tostring(it()), tostring(it()))
        ';
    }
--- request
GET /re

=== TEST 30: pcre backreference
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abcabc", [[(abc)\1]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 31: pcre atomic group
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("aaab", [[(?>a+)b]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 32: pcre possessive quantifier
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("aaa", [[a++a]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 33: pcre lazy quantifier
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("<a><b>", [[<.+?>]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 34: pcre lookahead
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("price: 100 dollars", [[\d+(?= dollars)]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 35: pcre negative lookbehind
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("xbar ybar", [[(?<!x)bar]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 36: pcre keep out \K
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("foobar", [[foo\Kbar]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 37: pcre recursion
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("((a)(b))", [[\((?:[^()]|(?R))*\)]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 38: pcre unicode property
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc Ünïcødé", [[\p{Lu}\p{Ll}+]], "u")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 39: pcre unicode property no u flag
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc Ünïcødé", [[\p{Lu}]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 40: pcre conditional
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("<a>", [[(<)?a(?(1)>)]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 41: pcre named backreference
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abab", [[(?<x>ab)\k<x>]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 42: pcre quote meta
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a.b*c", [[\Qa.b*\E]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 43: pcre case insensitive unicode
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("ÄÖ", [[äö]], "iu")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 44: pcre case insensitive non-unicode
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("ÄÖ", [[äö]], "i")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 45: pcre dot matches byte without u
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("é", [[^.$]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 46: pcre dot matches char with u
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("é", [[^.$]], "u")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 47: pcre word boundary
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("foo-bar", [[\bbar\b]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 48: pcre POSIX class
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("ab12", [=[[[:digit:]]+]=])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 49: pcre inline flags
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("HeLLo", [[(?i)hello]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 50: pcre octal and hex escapes
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("A\tB", [[\x41\011\102]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 51: pcre dollar before newline
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc\n", [[abc$]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 52: pcre D flag dollar end only
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc\n", [[abc$]], "D")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 53: pcre \A and \z
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc\n", [[\Aabc\z]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 54: pcre \Z
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc\n", [[\Aabc\Z]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 55: pcre \h \R
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a \r\nb", [[a\h\Rb]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 56: pcre empty alternative
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("", [[a|]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 57: pcre \d in unicode
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("١٢٣", [[\d+]], "u")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 58: pcre \w in unicode
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("é", [[\w]], "u")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 59: pcre nested quantifier catastrophic
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match(string.rep("a", 28) .. "b", [[^(a+)+$]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 60: pcre big repetition
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match(string.rep("a", 1000), [[a{1000}]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 61: pcre null byte in subject
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a\0b", [[a\x00b]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 62: pcre null byte in pattern
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a\0b", "a\0b")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 63: pcre J flag dup names
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("b", [[(?<n>a)|(?<n>b)]], "J")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 64: pcre dup names without J
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("b", [[(?<n>a)|(?<n>b)]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 65: pcre callout or verbs
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("aaa", [[a(*SKIP)(*FAIL)|a]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 66: pcre unicode newline with u
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a\u{2028}b", [[a.b]], "u")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 67: pcre x flag with comment
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("ab", "a # comment\nb", "x")
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 68: pcre character class subtract
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("abc", [=[[a-c&&[^b]]+]=])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 69: pcre bad escape
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a", [[\c]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 70: pcre lookbehind variable length
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("ab", [[(?<=a|bc)b]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re

=== TEST 71: pcre too large quantifier
--- config
    location /re {
        content_by_lua_block {
            local m, err = ngx.re.match("a", [[a{70000}]])
            if not m then ngx.say("nil ", tostring(err)) return end
            local t = {}
            for i = 0, 5 do t[#t+1] = tostring(m[i]) end
            ngx.say(table.concat(t, "|"))
        }
    }
--- request
GET /re
