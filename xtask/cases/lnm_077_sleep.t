# Lifted from openresty/lua-nginx-module t/077-sleep.t (BSD license)

=== TEST 1: sleep 0.2 - content
--- config
    location /test {
        content_by_lua '
            ngx.update_time()
            local before = ngx.now()
            ngx.sleep(0.2)
            local now = ngx.now()
            ngx.say(now - before >= 0.19)
        ';
    }
--- request
GET /test

=== TEST 2: sleep a - content
--- config
    location /test {
        content_by_lua '
            ngx.update_time()
            local before = ngx.now()
            ngx.sleep("a")
            local now = ngx.now()
            ngx.say(now - before)
        ';
    }
--- request
GET /test
--- grep_error_log
lua entry thread aborted.*

=== TEST 3: sleep 0.2 in subrequest - content
--- config
    location /test {
        content_by_lua '
            ngx.update_time()
            local before = ngx.now()
            ngx.location.capture("/sleep")
            local now = ngx.now()
            local delay = now - before
            ngx.say(delay >= 0.19)
        ';
    }
    location /sleep {
        content_by_lua 'ngx.sleep(0.2)';
    }
--- request
GET /test

=== TEST 4: sleep a in subrequest with bad argument
--- config
    location /test {
        content_by_lua '
            local res = ngx.location.capture("/sleep");
            ngx.say(res.status)
        ';
    }
    location /sleep {
        content_by_lua 'ngx.sleep("a")';
    }
--- request
GET /test
--- grep_error_log
lua entry thread aborted.*

=== TEST 5: sleep - interleaved by ngx.say() - ended by ngx.sleep
--- config
    location /test {
        content_by_lua '
            ngx.send_headers()
            ngx.sleep(0.1)
            ngx.say("blah")
            ngx.sleep(0.1)
        ';
    }
--- request
GET /test

=== TEST 6: sleep - interleaved by ngx.say() - not ended by ngx.sleep
--- config
    location /test {
        content_by_lua '
            ngx.send_headers()
            ngx.sleep(0.1)
            ngx.say("blah")
            ngx.sleep(0.1)
            ngx.say("hiya")
        ';
    }
--- request
GET /test

=== TEST 7: ngx.location.capture before and after ngx.sleep
--- config
    location /test {
        content_by_lua '
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
            ngx.sleep(0.1)
            res = ngx.location.capture("/sub")
            ngx.print(res.body)
        ';
    }
    location = /hello {
        echo hello world;
    }
    location = /sub {
        proxy_pass http://127.0.0.1:$server_port/hello;
    }
--- request
GET /test

=== TEST 8: sleep 0
--- config
    location /test {
        content_by_lua '
            ngx.update_time()
            local before = ngx.now()
            ngx.sleep(0)
            local now = ngx.now()
            ngx.say("elapsed: ", now - before < 0.1)
        ';
    }
--- request
GET /test

=== TEST 9: ngx.sleep available in log_by_lua
--- config
    location /t {
        echo hello;
        log_by_lua_block {
            local ok, err = pcall(ngx.sleep, 0.001)
            ngx.log(ngx.WARN, "sleep in log: ", ok, " ", err)
        }
    }
--- request
GET /t
--- grep_error_log
sleep in log.*
--- wait
0.2

=== TEST 10: ngx.sleep() fails to yield (xpcall err handler)
--- config
    location = /t {
        content_by_lua '
            local function f()
                return error(1)
            end
            local function err()
                ngx.sleep(0.001)
            end
            xpcall(f, err)
            ngx.say("ok")
        ';
    }
--- request
GET /t

=== TEST 11: ngx.sleep() fails to yield (require)
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location = /t {
        content_by_lua '
            package.loaded["foosleep"] = nil
            require "foosleep";
        ';
    }
--- request
GET /t
--- user_files
>>> html/foosleep.lua
ngx.sleep(0.001)
--- grep_error_log
runtime error: attempt to yield across.*
--- wait
0.2

=== TEST 12: sleep coctx handler did not get called in ngx.exit().
--- config
    location /t {
         content_by_lua "
            local function sleep(t)
                ngx.sleep(t)
            end
            local function wait()
                 xpcall(function () error(1) end, function() return sleep(0.001) end)
                 ngx.exit(200)
            end
            wait()
         ";
    }
--- request
GET /t
--- wait
0.1

=== TEST 13: sleep coctx handler did not get called in ngx.exec().
--- config
    location /t {
         content_by_lua '
            local function sleep(t)
                ngx.sleep(t)
            end
            local function wait()
                 xpcall(function () error(1) end, function() return sleep(0.001) end)
                 ngx.exec("/dummy")
            end
            wait()
         ';
    }
    location /dummy {
        echo ok;
    }
--- request
GET /t
--- wait
0.1

=== TEST 14: sleep coctx handler did not get called in ngx.req.set_uri(uri, true).
--- config
    location /t {
         rewrite_by_lua '
            local function sleep(t)
                ngx.sleep(t)
            end
            local function wait()
                 xpcall(function () error(1) end, function() return sleep(0.001) end)
                 ngx.req.set_uri("/dummy", true)
            end
            wait()
         ';
    }
    location /dummy {
        echo ok;
    }
--- request
GET /t
--- wait
0.1

=== TEST 15: sleep 0 in threads
--- config
    location /t {
        content_by_lua_block {
            local function f (n)
                print("f begin ", n)
                ngx.sleep(0)
                print("f middle ", n)
                ngx.sleep(0)
                print("f end ", n)
                ngx.sleep(0)
            end
            for i = 1, 3 do
                assert(ngx.thread.spawn(f, i))
            end
            ngx.say("ok")
        }
    }
--- request
GET /t
--- grep_error_log
\bf (?:begin|middle|end) \d
--- wait
0.1

=== TEST 16: sleep short times less than 1ms
--- config
    location /t {
        content_by_lua_block {
            local delay = 0.0005
            local function f (n)
                print("f begin ", n)
                ngx.sleep(delay)
                print("f middle ", n)
                ngx.sleep(delay)
                print("f end ", n)
                ngx.sleep(delay)
            end
            for i = 1, 3 do
                assert(ngx.thread.spawn(f, i))
            end
            ngx.say("ok")
        }
    }
--- request
GET /t
--- grep_error_log
\bf (?:begin|middle|end) \d
--- wait
0.1

=== TEST 17: sleep with negative and huge values
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.sleep, -1))
            ngx.say(pcall(ngx.sleep))
            ngx.say(pcall(ngx.sleep, "0.01"))
        }
    }
--- request
GET /t
