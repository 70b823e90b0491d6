# Lifted from openresty/lua-nginx-module t/089-phase.t (BSD license)

=== TEST 1: get_phase in init_by_lua
--- http_config
    init_by_lua 'phase = ngx.get_phase()';
--- config
    location /lua {
        content_by_lua '
            ngx.say(phase)
        ';
    }
--- request
GET /lua

=== TEST 2: get_phase in set_by_lua
--- config
    set_by_lua $phase 'return ngx.get_phase()';
    location /lua {
        content_by_lua '
            ngx.say(ngx.var.phase)
        ';
    }
--- request
GET /lua

=== TEST 3: get_phase in rewrite_by_lua
--- config
    location /lua {
        rewrite_by_lua '
            ngx.say(ngx.get_phase())
            ngx.exit(200)
        ';
    }
--- request
GET /lua

=== TEST 4: get_phase in access_by_lua
--- config
    location /lua {
        access_by_lua '
            ngx.say(ngx.get_phase())
            ngx.exit(200)
        ';
    }
--- request
GET /lua

=== TEST 5: get_phase in content_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.get_phase())
        ';
    }
--- request
GET /lua

=== TEST 6: get_phase in header_filter_by_lua
--- config
    location /lua {
        echo "OK";
        header_filter_by_lua '
            ngx.header.Phase = ngx.get_phase()
        ';
    }
--- request
GET /lua

=== TEST 7: get_phase in body_filter_by_lua
--- config
    location /lua {
        content_by_lua '
            ngx.exit(200)
        ';
        body_filter_by_lua '
            ngx.arg[1] = ngx.get_phase()
        ';
    }
--- request
GET /lua

=== TEST 8: get_phase in log_by_lua
--- config
    location /lua {
        echo "OK";
        log_by_lua '
            ngx.log(ngx.ERR, ngx.get_phase())
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*
--- wait
0.2

=== TEST 9: get_phase in timer and init_worker
--- http_config
    init_worker_by_lua_block { iwphase = ngx.get_phase() }
--- config
    location /lua {
        content_by_lua_block {
            local ph
            ngx.timer.at(0, function() ph = ngx.get_phase() end)
            ngx.sleep(0.05)
            ngx.say(iwphase, " ", ph)
        }
    }
--- request
GET /lua
