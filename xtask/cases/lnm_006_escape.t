# Lifted from openresty/lua-nginx-module t/006-escape.t (BSD license)

=== TEST 1: escape uri in set_by_lua
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri('a 你')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 2: unescape uri in set_by_lua
--- config
    location /escape {
        set_by_lua $res "return ngx.unescape_uri('a%20%e4%bd%a0')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 3: escape uri in content_by_lua
--- config
    location /escape {
        content_by_lua "ngx.say(ngx.escape_uri('a 你'))";
    }
--- request
GET /escape

=== TEST 4: escape plus
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri('a+b')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 5: escape specials
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri('\"a/b={}:<>;&[]\\\\^')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 6: escape uri in header filter
--- config
    location /escape {
        content_by_lua_block { ngx.say("hello") }
        header_filter_by_lua '
            ngx.header.baz = ngx.escape_uri(" ")
        ';
    }
--- request
GET /escape

=== TEST 7: escape a string that cannot be escaped
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri('abc')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 8: escape an empty string
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri('')";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 9: escape nil
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri(nil)";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 10: escape numbers
--- config
    location /escape {
        set_by_lua $res "return ngx.escape_uri(32)";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 11: unescape nil
--- config
    location /escape {
        set_by_lua $res "return ngx.unescape_uri(nil)";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 12: unescape numbers
--- config
    location /escape {
        set_by_lua $res "return ngx.unescape_uri(32)";
        content_by_lua_block { ngx.say("[", ngx.var.res, "]") }
    }
--- request
GET /escape

=== TEST 13: escape all bytes
--- config
    location /escape {
        content_by_lua_block {local t = {} for i = 0, 255 do t[#t+1] = string.char(i) end ngx.say(ngx.escape_uri(table.concat(t)))}
    }
--- request
GET /escape

=== TEST 14: escape_uri type 0 (component=false)
--- config
    location /escape {
        content_by_lua_block {local t = {} for i = 32, 126 do t[#t+1] = string.char(i) end ngx.say(ngx.escape_uri(table.concat(t), 0))}
    }
--- request
GET /escape

=== TEST 15: escape_uri type 2
--- config
    location /escape {
        content_by_lua_block {local t = {} for i = 32, 126 do t[#t+1] = string.char(i) end ngx.say(ngx.escape_uri(table.concat(t), 2))}
    }
--- request
GET /escape

=== TEST 16: unescape bad sequences
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.unescape_uri("%zz%4%41%%+a%2"))}
    }
--- request
GET /escape

=== TEST 17: unescape plus
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.unescape_uri("a+b%2Bc"))}
    }
--- request
GET /escape

=== TEST 18: unescape null byte
--- config
    location /escape {
        content_by_lua_block {ngx.say(#ngx.unescape_uri("a%00b"))}
    }
--- request
GET /escape

=== TEST 19: encode_base64 and decode
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.encode_base64("hello?>"), " ", ngx.encode_base64("ab", true), " ", ngx.decode_base64("aGVsbG8/Pg=="), " ", tostring(ngx.decode_base64("!!")))}
    }
--- request
GET /escape

=== TEST 20: md5 sha1 crc32
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.md5("a"), " ", ngx.crc32_short("hello"), " ", ngx.crc32_long("hello"), " ", #ngx.sha1_bin("a"), " ", #ngx.md5_bin("a"))}
    }
--- request
GET /escape

=== TEST 21: hmac_sha1
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.encode_base64(ngx.hmac_sha1("key", "data")))}
    }
--- request
GET /escape

=== TEST 22: quote_sql_str
--- config
    location /escape {
        content_by_lua_block {ngx.say(ngx.quote_sql_str("a\0b\r\n\t\b\26\\\"'z"))}
    }
--- request
GET /escape

=== TEST 23: decode_base64 with no padding
--- config
    location /escape {
        content_by_lua_block {ngx.say(tostring(ngx.decode_base64("aGVsbG8")), " ", tostring(ngx.decode_base64("aGVsbA")))}
    }
--- request
GET /escape

=== TEST 24: 404 parallel subrequests after ngx.eof()
--- config
    location = /lua {
        content_by_lua '
            ngx.say(1)
            ngx.eof()
            local res1, res2 = ngx.location.capture_multi{
                { "/bad1" },
                { "/bad2" }
            }
            ngx.log(ngx.WARN, "res1: ", res1.status)
            ngx.log(ngx.WARN, "res2: ", res2.status)
        ';
    }
--- request
GET /lua
--- grep_error_log
(res\d: \d+|No such file or directory)

=== TEST 25: parallel normal subrequests after ngx.eof()
--- config
    location = /t {
        content_by_lua '
            ngx.say(1)
            ngx.eof()
            local r1, r2 = ngx.location.capture_multi{
                { "/proxy/tom" },
                { "/proxy/jim" }
            }
            ngx.log(ngx.WARN, r1.body)
            ngx.log(ngx.WARN, r2.body)
        ';
    }
    location ~ '^/proxy/(\w+)' {
        proxy_pass http://127.0.0.1:$PORT/hello?a=$1;
    }
    location = /hello {
        content_by_lua_block { ngx.sleep(0.1) ngx.print("hello, ", ngx.var.arg_a) }
    }
--- request
GET /t
--- grep_error_log
hello, \w+

=== TEST 26: eof then say with keepalive pipelined
--- config
    location = /t {
        content_by_lua_block {
            ngx.say("a")
            ngx.eof()
            ngx.sleep(0.05)
        }
    }
--- pipelined_requests
GET /t
GET /t

=== TEST 27: eof with content-length set
--- config
    location = /t {
        content_by_lua_block {
            ngx.header.content_length = 10
            ngx.print("abc")
            ngx.eof()
        }
    }
--- request
GET /t
