# Lifted from openresty/lua-nginx-module t/101-on-abort.t (BSD license)

=== TEST 1: ignore the client abort event in the user callback
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 2: abort in the user callback
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(444)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 3: ngx.exit(499) with pending subrequest
--- config
    location = /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(499)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.location.capture("/sleep")
        ';
    }

    location = /sleep {
        echo_sleep 0.3;
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 4: ngx.exit(408) with pending subrequest
--- config
    location = /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(408)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.location.capture("/sleep")
        ';
    }

    location = /sleep {
        echo_sleep 0.3;
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 5: ngx.exit(-1) with pending subrequest
--- config
    location = /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(-1)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.location.capture("/sleep")
        ';
    }

    location = /sleep {
        echo_sleep 0.3;
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 6: ngx.exit(0) with pending subrequest
--- config
    location = /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(0)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.location.capture("/sleep")
            ngx.log(ngx.ERR, "main handler done")
        ';
    }

    location = /sleep {
        echo_sleep 0.3;
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 7: ignore the client abort event in the user callback (no check)
--- config
    location /t {
        lua_check_client_abort off;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                ngx.say("cannot set on_abort: ", err)
                return
            end

            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- wait
0.4

=== TEST 8: regsiter on_abort callback but no client abortion
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.say("done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*

=== TEST 9: ignore the client abort event in the user callback (uthread)
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.thread.spawn(function ()
                ngx.sleep(0.3)
                ngx.log(ngx.NOTICE, "main handler done")
            end)
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 10: abort in the user callback (uthread)
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(444)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.thread.spawn(function ()
                ngx.sleep(0.3)
                ngx.log(ngx.NOTICE, "main handler done")
            end)
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 11: regsiter on_abort callback but no client abortion (uthread)
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.thread.spawn(function ()
                ngx.sleep(0.1)
                ngx.say("done")
            end)
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*

=== TEST 12: regsiter on_abort callback multiple times
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                ngx.say("1: cannot set on_abort: " .. err)
                return
            end

            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
            end)

            if not ok then
                ngx.say("2: cannot set on_abort: " .. err)
                return
            end

            ngx.thread.spawn(function ()
                ngx.sleep(0.1)
                ngx.say("done")
            end)
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*

=== TEST 13: abort with 499 in the user callback, but the header is already sent
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(499)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.send_headers()
            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 14: abort with 444 in the user callback, but the header is already sent
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(444)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.send_headers()
            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4

=== TEST 15: abort with 408 in the user callback, but the header is already sent
--- config
    location /t {
        lua_check_client_abort on;
        content_by_lua '
            local ok, err = ngx.on_abort(function ()
                ngx.log(ngx.NOTICE, "on abort called")
                ngx.exit(408)
            end)

            if not ok then
                error("cannot set on_abort: " .. err)
            end

            ngx.send_headers()
            ngx.sleep(0.3)
            ngx.log(ngx.NOTICE, "main handler done")
        ';
    }
--- request
GET /t
--- grep_error_log
client prematurely closed connection|on abort called|main handler done|callback done.*|\[error\].*|lua user thread aborted.*
--- shutdown
--- wait
0.4
