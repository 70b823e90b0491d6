# limit_rate, limit_rate_after and $limit_rate (ngx_http_write_filter's pacing). The harness
# compares bytes, not timing: these check that paced answers arrive whole and what the
# variable reads, and keep each case near a second.

=== TEST 1: a Lua answer paced past limit_rate_after
--- config
    location /t {
        limit_rate 8k;
        limit_rate_after 2k;
        content_by_lua_block {
            for i = 1, 30 do ngx.say(string.rep(string.char(64 + i % 26), 400)) end
        }
    }
--- request
GET /t

=== TEST 2: a static file under a rate
--- config
    location / {
        root html;
        limit_rate 10k;
    }
--- user_files
>>> html/big.txt
0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
--- request
GET /big.txt

=== TEST 3: $limit_rate reads 0 until the response starts
--- config
    location /t {
        limit_rate 100k;
        content_by_lua_block {
            ngx.say("before: ", ngx.var.limit_rate)
            ngx.flush(true)
            ngx.say("after: ", ngx.var.limit_rate)
        }
    }
--- request
GET /t

=== TEST 4: ngx.var.limit_rate set from Lua
--- config
    location /t {
        content_by_lua_block {
            ngx.var.limit_rate = 2048
            ngx.say(ngx.var.limit_rate)
            ngx.var.limit_rate = "64k"
            ngx.say(ngx.var.limit_rate)
            ngx.var.limit_rate = "fast"
            ngx.say(ngx.var.limit_rate)
        }
    }
--- request
GET /t
--- grep_error_log
invalid \$limit_rate.*

=== TEST 5: set $limit_rate wins over the directive
--- config
    location /t {
        limit_rate 1k;
        set $limit_rate 1m;
        content_by_lua_block { ngx.say(ngx.var.limit_rate) ngx.say(string.rep("z", 5000)) }
    }
--- request
GET /t

=== TEST 6: a rate from a variable, and an invalid one
--- config
    location /t {
        limit_rate $arg_rate;
        content_by_lua_block {
            ngx.say("x")
            ngx.flush(true)
            ngx.say(ngx.var.limit_rate)
        }
    }
--- pipelined_requests
GET /t?rate=32k
GET /t?rate=lots
GET /t
--- grep_error_log
invalid size.*

=== TEST 7: return under a rate, repeated on one connection
--- config
    location /t {
        limit_rate 100k;
        return 200 "paced\n";
    }
--- pipelined_requests
GET /t
GET /t
GET /t

=== TEST 8: proxied answer under a rate
--- http_config
    server {
        listen $PORT2;
        location / { content_by_lua_block { ngx.print(string.rep("p", 6000)) } }
    }
--- config
    location /t {
        limit_rate 8k;
        proxy_pass http://127.0.0.1:$PORT2/;
    }
--- request
GET /t

=== TEST 9: limit_rate in an if block and in a server
--- config
    limit_rate 50k;
    location /t {
        if ($arg_slow) { limit_rate 10k; }
        content_by_lua_block { ngx.say("hello") ngx.flush(true) ngx.say(ngx.var.limit_rate) }
    }
--- pipelined_requests
GET /t
GET /t?slow=1


=== TEST 10: the upstream's X-Accel-Limit-Rate, and proxy_buffering off
--- http_config
    server {
        listen $PORT2;
        location / {
            content_by_lua_block {
                ngx.header["X-Accel-Limit-Rate"] = ngx.var.arg_xa
                ngx.print(string.rep("q", 3000))
            }
        }
    }
--- config
    location /t {
        limit_rate 64k;
        proxy_pass http://127.0.0.1:$PORT2/;
        log_by_lua_block { ngx.log(ngx.NOTICE, "rate ", ngx.var.uri, " ", ngx.var.limit_rate) }
    }
    location /i {
        proxy_ignore_headers X-Accel-Limit-Rate;
        proxy_pass http://127.0.0.1:$PORT2/;
        log_by_lua_block { ngx.log(ngx.NOTICE, "rate ", ngx.var.uri, " ", ngx.var.limit_rate) }
    }
    location /u {
        limit_rate 64k;
        proxy_buffering off;
        proxy_pass http://127.0.0.1:$PORT2/;
        log_by_lua_block { ngx.log(ngx.NOTICE, "rate ", ngx.var.uri, " ", ngx.var.limit_rate) }
    }
--- pipelined_requests
GET /t?xa=100000
GET /t?xa=abc
GET /t
GET /i?xa=100000
GET /u?xa=100000
--- grep_error_log
rate \S+ \d+
