# Lifted from openresty/lua-nginx-module t/102-req-start-time.t (BSD license)

=== TEST 1: start time
--- config
    location = /start {
        content_by_lua 'ngx.say(ngx.req.start_time() > 1600000000, " ", type(ngx.req.start_time()))';
    }
--- request
GET /start

=== TEST 2: start time in set_by_lua
--- config
    location = /start {
        set_by_lua $a 'return ngx.req.start_time() > 1600000000';
        echo "[$a]";
    }
--- request
GET /start

=== TEST 3: request time
--- config
    location = /req_time {
        content_by_lua '
            ngx.sleep(0.1)
            local req_time = ngx.now() - ngx.req.start_time()
            ngx.say(req_time >= 0.09 and req_time < 0.5)
            ngx.say(ngx.req.start_time() < ngx.now())
        ';
    }
--- request
GET /req_time

=== TEST 4: request time update
--- config
    location = /req_time {
            content_by_lua '
               ngx.sleep(0.1)
               local req_time = ngx.now() - ngx.req.start_time()
               ngx.sleep(0.1)
               ngx.update_time()
               local req_time_updated = ngx.now() - ngx.req.start_time()
               ngx.say(req_time_updated > req_time)
            ';
    }
--- request
GET /req_time

=== TEST 5: start time in a subrequest is the main request's
--- config
    location = /sub {
        content_by_lua 'ngx.print(ngx.req.start_time())';
    }
    location = /t {
        content_by_lua '
            ngx.sleep(0.05)
            local res = ngx.location.capture("/sub")
            ngx.say(tonumber(res.body) == ngx.req.start_time())
        ';
    }
--- request
GET /t
