# Encoding and hashing: base64, escape_uri, args, md5, sha1, hmac, crc32, quote_sql_str.

=== TEST 1: md5
--- config
    location /t { content_by_lua_block { ngx.say(ngx.md5("hello")) ngx.say(ngx.md5("")) ngx.say(#ngx.md5_bin("x")) } }
--- request
GET /t

=== TEST 2: sha1_bin and hmac_sha1 as base64
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.encode_base64(ngx.sha1_bin("hello")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("key", "The quick brown fox jumps over the lazy dog")))
    } }
--- request
GET /t

=== TEST 3: encode_base64 and decode_base64
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.encode_base64("hello world"), " ", ngx.encode_base64("a"), " ", ngx.encode_base64("a", true))
        ngx.say(ngx.decode_base64("aGVsbG8gd29ybGQ="), " ", tostring(ngx.decode_base64("!!!")))
    } }
--- request
GET /t

=== TEST 4: crc32
--- config
    location /t { content_by_lua_block { ngx.say(ngx.crc32_short("hello"), " ", ngx.crc32_long("hello")) } }
--- request
GET /t

=== TEST 5: escape_uri
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.escape_uri("a b&c=d/é~!*'()"))
        ngx.say(ngx.escape_uri("a b/c?d", 0))
    } }
--- request
GET /t

=== TEST 6: unescape_uri
--- config
    location /t { content_by_lua_block { ngx.say(ngx.unescape_uri("a%20b+c%2Fd%zz%")) } }
--- request
GET /t

=== TEST 7: encode_args
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.encode_args({a = "1 2"}))
        ngx.say(ngx.encode_args({flag = true, off = false}))
        ngx.say(ngx.encode_args({m = {"x", "y"}}))
    } }
--- request
GET /t

=== TEST 8: decode_args
--- config
    location /t { content_by_lua_block {
        local a = ngx.decode_args("a=1&b=x%20y&a=2&c")
        ngx.say(table.concat(a.a, ","), " ", a.b, " ", tostring(a.c))
    } }
--- request
GET /t

=== TEST 9: quote_sql_str
--- config
    location /t { content_by_lua_block { ngx.say(ngx.quote_sql_str("it's a \"test\"\n\0\\")) } }
--- request
GET /t

=== TEST 10: md5 of a number
--- config
    location /t { content_by_lua_block { ngx.say(ngx.md5(123)) } }
--- request
GET /t

=== TEST 11: ngx.base64 url-safe
--- config
    location /t { content_by_lua_block {
        local b64 = require "ngx.base64"
        ngx.say(b64.encode_base64url("\255\254\253"))
        ngx.say(b64.decode_base64url("__79"))
    } }
--- request
GET /t

=== TEST 13: decode_base64 with whitespace is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.decode_base64("aGVs bG8="))) } }
--- request
GET /t

=== TEST 14: escape_uri of nil is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.escape_uri, nil) ngx.say(ok, " ", tostring(err)) } }
--- request
GET /t
