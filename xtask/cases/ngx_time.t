# ngx.sleep and the time API: only derived, deterministic facts are printed.

=== TEST 1: sleep yields and returns
--- config
    location /t { content_by_lua_block {
        local t0 = ngx.now()
        ngx.sleep(0.1)
        ngx.update_time()
        local d = ngx.now() - t0
        ngx.say(d >= 0.09 and d < 2)
    } }
--- request
GET /t

=== TEST 2: sleep 0
--- config
    location /t { content_by_lua_block { ngx.sleep(0) ngx.say("ok") } }
--- request
GET /t

=== TEST 3: sleep with a negative value is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.sleep, -1) ngx.say(ok, " ", err) } }
--- request
GET /t

=== TEST 4: now has milliseconds, time is an integer
--- config
    location /t { content_by_lua_block {
        local now, t = ngx.now(), ngx.time()
        ngx.say(math.floor(now) == t or math.floor(now) == t - 1, " ", t == math.floor(t), " ", t > 1600000000)
    } }
--- request
GET /t

=== TEST 5: today, localtime, utctime formats
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.today():match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil)
        ngx.say(ngx.localtime():match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d$") ~= nil)
        ngx.say(ngx.utctime():match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d$") ~= nil)
    } }
--- request
GET /t

=== TEST 6: http_time of fixed times
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.http_time(0))
        ngx.say(ngx.http_time(1290079655))
        ngx.say(ngx.http_time(1704164645.7))
    } }
--- request
GET /t

=== TEST 7: cookie_time of fixed times
--- config
    location /t { content_by_lua_block { ngx.say(ngx.cookie_time(1290079655)) ngx.say(ngx.cookie_time(2000000000)) } }
--- request
GET /t

=== TEST 8: parse_http_time
--- config
    location /t { content_by_lua_block {
        ngx.say(ngx.parse_http_time("Thu, 18 Nov 2010 11:27:35 GMT"))
        ngx.say(tostring(ngx.parse_http_time("not a date")))
    } }
--- request
GET /t

=== TEST 9: req.start_time before now
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.start_time() <= ngx.now()) } }
--- request
GET /t

=== TEST 10: update_time keeps now monotonic
--- config
    location /t { content_by_lua_block { local a = ngx.now() ngx.update_time() ngx.say(ngx.now() >= a) } }
--- request
GET /t

=== TEST 11: sleep in rewrite and access phases
--- config
    location /t {
        rewrite_by_lua_block { ngx.sleep(0.01) ngx.ctx.r = 1 }
        access_by_lua_block { ngx.sleep(0.01) ngx.ctx.a = 1 }
        content_by_lua_block { ngx.sleep(0.01) ngx.say(ngx.ctx.r, ngx.ctx.a) }
    }
--- request
GET /t

=== TEST 12: sleep in header_filter is disabled
--- config
    location /t {
        header_filter_by_lua_block { local ok, err = pcall(ngx.sleep, 0.01) ngx.header["X-Err"] = tostring(err) }
        content_by_lua_block { ngx.say("body") }
    }
--- request
GET /t

=== TEST 13: http_time of a string number is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.http_time, "abc") ngx.say(ok) } }
--- request
GET /t

=== TEST 14: os.time and os.date are usable
--- config
    location /t { content_by_lua_block { ngx.say(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365)) ngx.say(type(os.time())) } }
--- request
GET /t
