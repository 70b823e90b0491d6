# Lifted from openresty/lua-nginx-module t/092-eof.t (BSD license)

=== TEST 1: 404 parallel subrequests after ngx.eof()
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
res\d: \d+|No such file or directory
--- wait
0.3

=== TEST 2: parallel normal subrequests after ngx.eof()
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
        proxy_pass http://127.0.0.1:$server_port/hello?a=$1;
    }
    location = /hello {
        echo_sleep 0.2;
        echo -n "hello, $arg_a";
    }
--- request
GET /t
--- grep_error_log
hello, \w+
--- wait
0.6

=== TEST 3: eof twice and say after eof
--- config
    location = /t {
        content_by_lua_block {
            ngx.say(1)
            local ok, err = ngx.eof()
            ngx.log(ngx.WARN, "eof1: ", ok, " ", err)
            ok, err = ngx.eof()
            ngx.log(ngx.WARN, "eof2: ", ok, " ", err)
            ok, err = ngx.say("x")
            ngx.log(ngx.WARN, "say: ", ok, " ", err)
        }
    }
--- request
GET /t
--- grep_error_log
(eof\d|say): .*
--- wait
0.2

=== TEST 4: eof before any output
--- config
    location = /t {
        content_by_lua_block {
            ngx.status = 201
            ngx.header.foo = "bar"
            ngx.eof()
            ngx.header.baz = "x"
        }
    }
--- request
GET /t
