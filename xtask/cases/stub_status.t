# stub_status, the $connections_* variables (ngx_http_stub_status_module) and empty_gif. Each case runs on
# a fresh server with one client connection, so the counters are the same on both sides (never
# in --combined mode: xtask/src/diff/combined.rs).

=== TEST 1: the status page
--- config
    location /status { stub_status; }
--- request
GET /status

=== TEST 2: the old syntax, on a keep-alive connection after other requests
--- config
    location /status { stub_status on; }
    location / { return 200 "ok\n"; }
--- pipelined_requests
GET /a
GET /b
GET /status

=== TEST 3: HEAD and other methods
--- config
    location /status { stub_status; }
--- pipelined_requests
HEAD /status
POST /status
GET /status

=== TEST 4: the connections variables
--- config
    location /t {
        return 200 "active=$connections_active reading=$connections_reading writing=$connections_writing waiting=$connections_waiting\n";
    }
    location /lua {
        content_by_lua_block {
            ngx.say(ngx.var.connections_active, " ", ngx.var.connections_writing, " ", ngx.var.connections_waiting)
        }
    }
--- pipelined_requests
GET /t
GET /lua

=== TEST 5: stub_status with allow and deny
--- config
    location /status {
        stub_status;
        allow 10.0.0.1;
        deny all;
    }
--- request
GET /status

=== TEST 6: empty_gif
--- config
    location /gif { empty_gif; }
--- pipelined_requests
GET /gif
HEAD /gif
POST /gif
GET /gif.png

=== TEST 7: empty_gif and If-Modified-Since
--- config
    location /gif { empty_gif; }
--- request
GET /gif
--- more_headers
If-Modified-Since: Mon, 28 Sep 1970 06:00:00 GMT
