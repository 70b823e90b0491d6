# Lifted from openresty/lua-nginx-module t/070-sha1.t (BSD license)

=== TEST 1: set sha1 hello
--- config
    location = /sha1 {
        content_by_lua 'ngx.say(ngx.encode_base64(ngx.sha1_bin("hello")))';
    }
--- request
GET /sha1

=== TEST 2: set sha1 ""
--- config
    location = /sha1 {
        content_by_lua 'ngx.say(ngx.encode_base64(ngx.sha1_bin("")))';
    }
--- request
GET /sha1

=== TEST 3: set sha1 nil
--- config
    location = /sha1 {
        content_by_lua 'ngx.say(ngx.encode_base64(ngx.sha1_bin(nil)))';
    }
--- request
GET /sha1

=== TEST 4: set sha1 number
--- config
    location = /sha1 {
        content_by_lua 'ngx.say(ngx.encode_base64(ngx.sha1_bin(512)))';
    }
--- request
GET /sha1
--- grep_error_log
\[error\].*
