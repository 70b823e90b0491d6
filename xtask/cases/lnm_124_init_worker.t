# Lifted from openresty/lua-nginx-module t/124-init-worker.t (BSD license)

=== TEST 1: timer
--- http_config
    init_worker_by_lua '
        local function handler()
            foo = "hello"
        end
        local ok, err = ngx.timer.at(0, handler)
        if not ok then
            ngx.log(ngx.ERR, "failed to create timer: ", err)
            return
        end
    ';
--- config
    location /t {
        content_by_lua '
            ngx.sleep(0.1)
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t

=== TEST 2: timer & shdict
--- http_config
    lua_shared_dict dogs 1m;
    init_worker_by_lua '
        local function handler()
            ngx.shared.dogs:set("foo", "hello")
        end
        local ok, err = ngx.timer.at(0, handler)
        if not ok then
            ngx.log(ngx.ERR, "failed to create timer: ", err)
            return
        end
    ';
--- config
    location /t {
        content_by_lua '
            ngx.sleep(0.1)
            ngx.say("foo = ", ngx.shared.dogs:get("foo"))
        ';
    }
--- request
GET /t

=== TEST 3: no timer
--- http_config
    init_worker_by_lua '
        foo = "hello"
    ';
--- config
    location /t {
        content_by_lua '
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t

=== TEST 4: init_worker_by_lua_block
--- http_config
    init_worker_by_lua_block {
        foo = "hello"
    }
--- config
    location /t {
        content_by_lua '
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t

=== TEST 5: init_worker_by_lua_file
--- http_config
    init_worker_by_lua_file html/foo.lua;
--- config
    location /t {
        content_by_lua '
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t
--- user_files
>>> html/foo.lua
foo = 'hello'

=== TEST 6: timer in init_worker (a cosocket to the server itself)
--- http_config
    init_worker_by_lua '
        local function handler()
            local sock = ngx.socket.tcp()
            local port = ngx.var and ngx.var.server_port
            foo = "no var: " .. tostring(port)
        end
        local ok, err = ngx.timer.at(0, handler)
    ';
--- config
    location /t {
        content_by_lua '
            ngx.sleep(0.1)
            ngx.say("foo = ", foo)
        ';
    }
--- request
GET /t

=== TEST 7: error in init_worker_by_lua
--- http_config
    init_worker_by_lua_block {
        error("init worker boom")
    }
--- config
    location /t {
        content_by_lua_block { ngx.say("ok") }
    }
--- request
GET /t
--- grep_error_log
init_worker_by_lua.*boom.*

# (originals from t/124-init-worker.t)

=== TEST 8: timer.at
--- http_config
    init_worker_by_lua '
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        _G.my_counter = 0
        local function handler(premature)
            warn("timer expired (premature: ", premature, "; counter: ",
                 _G.my_counter, ")")
            _G.my_counter = _G.my_counter + 1
        end
        local ok, err = ngx.timer.at(0, handler)
        warn("created timer: ", ok)
    ';
--- config
    location /t {
        content_by_lua '
            ngx.say("my_counter = ", _G.my_counter)
            _G.my_counter = _G.my_counter + 1
        ';
    }
--- request
GET /t
--- grep_error_log
warn\(\): [^,]*

=== TEST 9: ngx.ctx
--- http_config
    init_worker_by_lua '
        ngx.ctx.foo = "hello world"
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        warn("foo = ", ngx.ctx.foo)
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
warn\(\): [^,]*

=== TEST 10: print
--- http_config
    init_worker_by_lua '
        print("md5 = ", ngx.md5("hello world"))
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
md5 = \w+.*

=== TEST 11: unescape_uri
--- http_config
    init_worker_by_lua '
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        warn(ngx.unescape_uri("hello%20world"))
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
warn\(\): [^,]*

=== TEST 12: escape_uri
--- http_config
    init_worker_by_lua '
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        warn(ngx.escape_uri("hello world"))
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
warn\(\): [^,]*

=== TEST 13: ngx.re
--- http_config
    init_worker_by_lua '
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        warn((ngx.re.sub("hello world", "world", "XXX", "jo")))
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
warn\(\): [^,]*

=== TEST 14: ngx.http_time
--- http_config
    init_worker_by_lua '
        local function warn(...)
            ngx.log(ngx.WARN, ...)
        end
        warn(ngx.http_time(5678))
    ';
--- config
    location /t {
        echo ok;
    }
--- request
GET /t
--- grep_error_log
warn\(\): .*

=== TEST 15: connection refused (tcp) in a timer of init_worker default
--- http_config
    init_worker_by_lua '
        logs = ""
        done = false
        local function say(...)
            logs = logs .. table.concat{...} .. "\\n"
        end
        local function handler()
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", 16787)
            if not ok then
                say("failed to connect: ", err)
            else
                say("connect: ", ok, " ", err)
            end
        end
        local ok, err = ngx.timer.at(0, handler)
        if not ok then
            say("failed to create timer: ", err)
        else
            say("timer created")
        end
    ';
--- config
    location = /t {
        content_by_lua '
            ngx.sleep(0.05)
            ngx.print(logs)
        ';
    }
--- request
GET /t
--- grep_error_log
connect\(\) failed.*

=== TEST 16: connection refused (tcp) in a timer of init_worker lua_socket_log_errors on;
--- http_config
    lua_socket_log_errors on;
    init_worker_by_lua '
        logs = ""
        done = false
        local function say(...)
            logs = logs .. table.concat{...} .. "\\n"
        end
        local function handler()
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", 16787)
            if not ok then
                say("failed to connect: ", err)
            else
                say("connect: ", ok, " ", err)
            end
        end
        local ok, err = ngx.timer.at(0, handler)
        if not ok then
            say("failed to create timer: ", err)
        else
            say("timer created")
        end
    ';
--- config
    location = /t {
        content_by_lua '
            ngx.sleep(0.05)
            ngx.print(logs)
        ';
    }
--- request
GET /t
--- grep_error_log
connect\(\) failed.*

=== TEST 17: connection refused (tcp) in a timer of init_worker lua_socket_log_errors off;
--- http_config
    lua_socket_log_errors off;
    init_worker_by_lua '
        logs = ""
        done = false
        local function say(...)
            logs = logs .. table.concat{...} .. "\\n"
        end
        local function handler()
            local sock = ngx.socket.tcp()
            local ok, err = sock:connect("127.0.0.1", 16787)
            if not ok then
                say("failed to connect: ", err)
            else
                say("connect: ", ok, " ", err)
            end
        end
        local ok, err = ngx.timer.at(0, handler)
        if not ok then
            say("failed to create timer: ", err)
        else
            say("timer created")
        end
    ';
--- config
    location = /t {
        content_by_lua '
            ngx.sleep(0.05)
            ngx.print(logs)
        ';
    }
--- request
GET /t
--- grep_error_log
\[error\].*
