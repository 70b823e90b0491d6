# Lifted from openresty/lua-nginx-module t/007-md5.t (BSD license)

=== TEST 1: set md5 hello
--- config
    location = /md5 {
        content_by_lua 'ngx.say(ngx.md5("hello"))';
    }
--- request
GET /md5

=== TEST 2: nil string to ngx.md5
--- config
    location = /md5 {
        content_by_lua 'ngx.say(ngx.md5(nil))';
    }
--- request
GET /md5

=== TEST 3: null string to ngx.md5
--- config
    location /md5 {
        content_by_lua 'ngx.say(ngx.md5(""))';
    }
--- request
GET /md5

=== TEST 4: use ngx.md5 in set_by_lua
--- config
    location = /md5 {
        set_by_lua $a 'return ngx.md5("hello")';
        echo $a;
    }
--- request
GET /md5

=== TEST 5: use ngx.md5 in set_by_lua (nil)
--- config
    location = /md5 {
        set_by_lua $a 'return ngx.md5(nil)';
        echo $a;
    }
--- request
GET /md5

=== TEST 6: use ngx.md5 in set_by_lua (null string)
--- config
    location /md5 {
        set_by_lua $a 'return ngx.md5("")';
        echo $a;
    }
--- request
GET /md5

=== TEST 7: md5(number)
--- config
    location = /md5 {
        content_by_lua 'ngx.say(ngx.md5(45))';
    }
--- request
GET /md5
