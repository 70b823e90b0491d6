# Lifted from openresty/lua-nginx-module t/011-md5_bin.t (BSD license)

=== TEST 1: set md5_bin hello ????xxoo
--- config
    location = /md5_bin {
        content_by_lua 'ngx.say(string.gsub(ngx.md5_bin("hello"), ".", function (c)
                    return string.format("%02x", string.byte(c))
                end))';
    }
--- request
GET /md5_bin

=== TEST 2: set md5_bin hello
--- config
    location = /md5_bin {
        content_by_lua '
            local s = ngx.md5_bin("hello")
            s = string.gsub(s, ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)
            ngx.say(s)
        ';
    }
--- request
GET /md5_bin

=== TEST 3: nil string to ngx.md5_bin
--- config
    location = /md5_bin {
        content_by_lua '
            local s = ngx.md5_bin(nil)
            s = string.gsub(s, ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)
            ngx.say(s)
        ';
    }
--- request
GET /md5_bin

=== TEST 4: null string to ngx.md5_bin
--- config
    location /md5_bin {
        content_by_lua '
            local s = ngx.md5_bin("")
            s = string.gsub(s, ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)
            ngx.say(s)
        ';
    }
--- request
GET /md5_bin

=== TEST 5: use ngx.md5_bin in set_by_lua
--- config
    location = /md5_bin {
        set_by_lua $a 'return string.gsub(ngx.md5_bin("hello"), ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)';
        echo $a;
    }
--- request
GET /md5_bin

=== TEST 6: use ngx.md5_bin in set_by_lua (nil)
--- config
    location = /md5_bin {
        set_by_lua $a '
            local s = ngx.md5_bin(nil)
            s = string.gsub(s, ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)
            return s
        ';
        echo $a;
    }
--- request
GET /md5_bin

=== TEST 7: use ngx.md5_bin in set_by_lua (null string)
--- config
    location /md5_bin {
        set_by_lua $a '
            local s = ngx.md5_bin("")
            s = string.gsub(s, ".", function (c)
                    return string.format("%02x", string.byte(c))
                end)
            return s
        ';
        echo $a;
    }
--- request
GET /md5_bin
