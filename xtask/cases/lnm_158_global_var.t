# Lifted from openresty/lua-nginx-module t/158-global-var.t (BSD license)

=== TEST 1: set_by_lua
--- config
    location /t {
        set_by_lua_block $res {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            return foo
        }
        echo $res;
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 2: rewrite_by_lua
--- config
    location /t {
        rewrite_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 3: access_by_lua
--- config
    location /t {
        access_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 4: content_by_lua
--- config
    location /t {
        content_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 5: header_filter_by_lua
--- config
    location /t {
        content_by_lua_block {
            ngx.say(foo)
        }
        header_filter_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 6: body_filter_by_lua
--- config
    location /t {
        content_by_lua_block {
            ngx.say(foo)
        }
        body_filter_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk

=== TEST 7: log_by_lua
--- config
    location /t {
        content_by_lua_block {
            ngx.say(foo)
        }
        log_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua(\(.*?\))?:\d+: in main chunk
--- wait
0.1

=== TEST 8: timer
--- config
    location /t {
        content_by_lua_block {
            local function f()
                if not foo then
                    foo = 1
                else
                    ngx.log(ngx.WARN, "old foo: ", foo)
                    foo = foo + 1
                end
            end
            local ok, err = ngx.timer.at(0, f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.sleep(0.01)
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua\(.*?\):\d+: in\b

=== TEST 9: uthread
--- config
    location /t {
        content_by_lua_block {
            local function f()
                if not foo then
                    foo = 1
                else
                    ngx.log(ngx.WARN, "old foo: ", foo)
                    foo = foo + 1
                end
            end
            local ok, err = ngx.thread.spawn(f)
            if not ok then
                ngx.say("failed to set timer: ", err)
                return
            end
            ngx.sleep(0.01)
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|\[\w+\].*?writing a global Lua variable \('[^'\s]+'\)|\w+_by_lua\(.*?\):\d+: in\b

=== TEST 10: init_by_lua
--- http_config
    init_by_lua_block {
        foo = 1
    }
--- config
    location /t {
        content_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|writing a global.*

=== TEST 11: init_worker_by_lua
--- http_config
    init_worker_by_lua_block {
        if not foo then
            foo = 1
        else
            ngx.log(ngx.WARN, "old foo: ", foo)
            foo = foo + 1
        end
    }
--- config
    location /t {
        content_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|writing a global.*

=== TEST 12: init_by_lua + init_worker_by_lua
--- http_config
    init_by_lua_block {
        if not foo then
            foo = 1
        else
            ngx.log(ngx.WARN, "old foo: ", foo)
            foo = foo + 1
        end
    }
    init_worker_by_lua_block {
        if not foo then
            foo = 1
        else
            ngx.log(ngx.WARN, "old foo: ", foo)
            foo = foo + 1
        end
    }
--- config
    location /t {
        content_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
            ngx.say(foo)
        }
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|writing a global.*

=== TEST 13: don't show warn messages in init/init_worker
--- http_config
    init_by_lua_block {
        foo = 1
    }

    init_worker_by_lua_block {
        bar = 2
    }
--- config
    location /t {
        content_by_lua_block {
            ngx.say(foo)
            ngx.say(bar)
        }
    }
--- request
GET /t
--- grep_error_log
setting global variable|writing a global.*

=== TEST 14: balancer_by_lua
--- http_config
    upstream backend {
        server 0.0.0.1;
        balancer_by_lua_block {
            if not foo then
                foo = 1
            else
                ngx.log(ngx.WARN, "old foo: ", foo)
                foo = foo + 1
            end
        }
    }
--- config
    location = /t {
        proxy_pass http://backend;
    }
--- request
GET /t
--- grep_error_log
old foo: \d+|writing a global Lua variable \('\w+'\)
