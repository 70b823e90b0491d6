# Lifted from openresty/lua-nginx-module t/013-base64.t (BSD license)

=== TEST 1: base64 encode hello
--- config
    location = /base64_encode {
        content_by_lua 'ngx.say(ngx.base64_encode("hello"))';
    }
--- request
GET /base64_encode

=== TEST 2: nil string to ngx.base64_encode
--- config
    location = /base64_encode {
        content_by_lua 'ngx.say("left" .. ngx.base64_encode(nil) .. "right")';
    }
--- request
GET /base64_encode

=== TEST 3: null string to ngx.base64_encode
--- config
    location = /base64_encode {
        content_by_lua 'ngx.say("left" .. ngx.base64_encode("") .. "right")';
    }
--- request
GET /base64_encode

=== TEST 4: use ngx.base64_encode in set_by_lua
--- config
    location = /base64_encode {
        set_by_lua $a 'return ngx.base64_encode("hello")';
        echo $a;
    }
--- request
GET /base64_encode

=== TEST 5: use ngx.base64_encode in set_by_lua (nil)
--- config
    location = /base64_encode {
        set_by_lua $a 'return "left" .. ngx.base64_encode(nil) .. "right"';
        echo $a;
    }
--- request
GET /base64_encode

=== TEST 6: use ngx.base64_encode in set_by_lua (null string)
--- config
    location /base64_encode {
        set_by_lua $a 'return "left" .. ngx.base64_encode("") .. "right"';
        echo $a;
    }
--- request
GET /base64_encode

=== TEST 7: base64 decode hello
--- config
    location = /base64_decode {
        content_by_lua 'ngx.say(ngx.base64_decode("aGVsbG8="))';
    }
--- request
GET /base64_decode

=== TEST 8: nil string to ngx.base64_decode
--- config
    location = /base64_decode {
        content_by_lua 'ngx.say("left" .. ngx.base64_decode(nil) .. "right")';
    }
--- request
GET /base64_decode

=== TEST 9: null string to ngx.base64_decode
--- config
    location = /base64_decode {
        content_by_lua 'ngx.say("left" .. ngx.base64_decode("") .. "right")';
    }
--- request
GET /base64_decode

=== TEST 10: use ngx.base64_decode in set_by_lua
--- config
    location = /base64_decode {
        set_by_lua $a 'return ngx.base64_decode("aGVsbG8=")';
        echo $a;
    }
--- request
GET /base64_decode

=== TEST 11: use ngx.base64_decode in set_by_lua (nil)
--- config
    location = /base64_decode {
        set_by_lua $a 'return "left" .. ngx.base64_decode(nil) .. "right"';
        echo $a;
    }
--- request
GET /base64_decode

=== TEST 12: use ngx.base64_decode in set_by_lua (null string)
--- config
    location /base64_decode {
        set_by_lua $a 'return "left" .. ngx.base64_decode("") .. "right"';
        echo $a;
    }
--- request
GET /base64_decode

=== TEST 13: base64 decode of bad input and numbers
--- config
    location = /t {
        content_by_lua_block {
            ngx.say(ngx.base64_decode("aGVsbG8"))
            ngx.say(ngx.base64_decode("a"))
            ngx.say(ngx.base64_decode("!!!!"))
            ngx.say(ngx.base64_decode("aGVs bG8="))
            ngx.say(ngx.base64_encode(123), " ", ngx.base64_encode(true, true))
            ngx.say(ngx.base64_encode("hi", true), " ", ngx.base64_encode("hi", false))
            ngx.say(pcall(ngx.base64_encode, {}))
            ngx.say(pcall(ngx.base64_decode, {}))
        }
    }
--- request
GET /t
