# cjson and cjson.safe. Debian's reference ships upstream lua-cjson 2.1.0, not OpenResty's
# fork: cjson.empty_array, encode_empty_table_as_object, decode_array_with_array_mt and
# encode_escape_forward_slash do not exist there, so no case here uses them.

=== TEST 1: encode a simple object
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.encode({a = 1})) } }
--- request
GET /t

=== TEST 2: encode an array
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.encode({1, "two", true, false})) } }
--- request
GET /t

=== TEST 3: empty table is an object
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.encode({})) } }
--- request
GET /t

=== TEST 5: null
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode({cjson.null, 1}), " ", tostring(cjson.null == ngx.null))
    } }
--- request
GET /t

=== TEST 6: forward slash escaping and control characters
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode("a/b \"q\" \\ \n\t\1 é"))
    } }
--- request
GET /t

=== TEST 7: number formatting
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode({1, 1.5, 0.1, 1e20, -3, 123456789012345, 3.14159265358979}))
    } }
--- request
GET /t

=== TEST 8: sparse array error
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        local ok, err = pcall(cjson.encode, {[1] = 1, [20] = 2})
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 9: mildly sparse array encodes with nulls
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.encode({[1] = 1, [3] = 3})) } }
--- request
GET /t

=== TEST 10: decode an object
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        local t = cjson.decode('{"a": [1, 2, {"b": null}], "c": "x\\u00e9", "d": 1.5e3, "e": true}')
        ngx.say(t.a[1], t.a[2], " ", tostring(t.a[3].b == cjson.null), " ", t.c, " ", t.d, " ", tostring(t.e))
    } }
--- request
GET /t

=== TEST 11: decode errors
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        for _, s in ipairs({"{", "[1,]", "nope", "", '{"a":1}x', '"\\x"'}) do
            local ok, err = pcall(cjson.decode, s)
            ngx.say(ok, " ", err)
        end
    } }
--- request
GET /t

=== TEST 12: cjson.safe returns nil and err
--- config
    location /t { content_by_lua_block {
        local safe = require "cjson.safe"
        local v, err = safe.decode("{bad")
        ngx.say(tostring(v), " ", err)
        local s, err2 = safe.encode({f = function() end})
        ngx.say(tostring(s), " ", err2)
    } }
--- request
GET /t

=== TEST 13: encode a function is an error
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" local ok, err = pcall(cjson.encode, {f = print}) ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 14: encode a nested structure with sorted output check
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        local s = cjson.encode({outer = {inner = {1, 2, 3}}})
        ngx.say(s)
    } }
--- request
GET /t

=== TEST 17: encode inf and nan
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        local ok, err = pcall(cjson.encode, math.huge)
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 18: huge integers decode
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.decode("12345678901234567890")) } }
--- request
GET /t

=== TEST 19: cjson.new instance
--- config
    location /t { content_by_lua_block {
        local c2 = require("cjson").new()
        ngx.say(c2.encode({x = "y"}))
    } }
--- request
GET /t

=== TEST 20: deep nesting limit
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        local ok, err = pcall(cjson.decode, string.rep("[", 1100) .. string.rep("]", 1100))
        ngx.say(ok, " ", err)
    } }
--- request
GET /t

=== TEST 21: encode keys that are numbers
--- config
    location /t { content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode({[1] = "a", x = "b"} ~= nil), " ", cjson.encode({[2.5] = "v"}))
    } }
--- request
GET /t

=== TEST 22: decode unicode surrogate pair
--- config
    location /t { content_by_lua_block { local cjson = require "cjson" ngx.say(cjson.decode('"\\ud83d\\ude00"')) } }
--- request
GET /t
