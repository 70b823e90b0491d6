# proxy_cache (ngx_http_file_cache.c, the cache parts of ngx_http_upstream.c) against a
# backend on $PORT2 that counts the requests it gets per URI: a HIT shows the count of the
# response that was stored. Query arguments make the backend send caching headers.

=== TEST 1: MISS then HIT, another URI its own key
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache levels=1:2 keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.header["X-Up"] = "yes"
        ngx.say(ngx.req.get_method(), " ", ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 200 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /a
GET /a
GET /b
GET /a?x=1
GET /b

=== TEST 2: proxy_cache_key without the arguments
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_key $uri;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /k?a=1
GET /k?a=2
GET /other?a=1

=== TEST 3: proxy_cache_valid per status, a time alone is 200 301 302
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        local st = tonumber(ngx.var.arg_st)
        if st then ngx.status = st end
        if st == 302 then ngx.header["Location"] = "/elsewhere" end
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location /default/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 5m;
        add_header X-Cache $upstream_cache_status always;
    }
    location /codes/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 200 1m;
        proxy_cache_valid 404 410 1m;
        add_header X-Cache $upstream_cache_status always;
    }
    location /any/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 404 1m;
        proxy_cache_valid any 1m;
        add_header X-Cache $upstream_cache_status always;
    }
--- pipelined_requests
GET /default/?st=302
GET /default/?st=302
GET /default/?st=404
GET /default/?st=404
GET /codes/?st=404
GET /codes/?st=404
GET /codes/?st=410
GET /codes/?st=410
GET /codes/?st=201
GET /codes/?st=201
GET /any/?st=500
GET /any/?st=500
GET /any/?st=201
GET /any/?st=201

=== TEST 4: Cache-Control max-age, s-maxage, no-cache, no-store, private, max-age=0
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        if ngx.var.arg_cc then ngx.header["Cache-Control"] = ngx.unescape_uri(ngx.var.arg_cc) end
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        add_header X-Cache $upstream_cache_status;
    }
    location /valid/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /?cc=max-age%3D60
GET /?cc=max-age%3D60
GET /?cc=public,%20s-maxage%3D60
GET /?cc=public,%20s-maxage%3D60
GET /none
GET /none
GET /valid/?cc=no-cache
GET /valid/?cc=no-cache
GET /valid/?cc=no-store
GET /valid/?cc=no-store
GET /valid/?cc=private,%20max-age%3D60
GET /valid/?cc=private,%20max-age%3D60
GET /valid/?cc=max-age%3D0
GET /valid/?cc=max-age%3D0
GET /valid/?cc=max-age%3Dx
GET /valid/?cc=max-age%3Dx

=== TEST 5: Expires and X-Accel-Expires
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        local a = ngx.req.get_uri_args()
        if a.ex then ngx.header["Expires"] = a.ex end
        if a.cc then ngx.header["Cache-Control"] = a.cc end
        if a.xa then ngx.header["X-Accel-Expires"] = a.xa end
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        add_header X-Cache $upstream_cache_status;
    }
    location /ign/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_ignore_headers X-Accel-Expires Expires;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /?ex=Thu,%2001%20Jan%202099%2000:00:00%20GMT
GET /?ex=Thu,%2001%20Jan%202099%2000:00:00%20GMT
GET /?ex=Thu,%2001%20Jan%201998%2000:00:00%20GMT
GET /?ex=Thu,%2001%20Jan%201998%2000:00:00%20GMT
GET /?ex=garbage
GET /?ex=garbage
GET /?xa=60
GET /?xa=60
GET /?xa=0
GET /?xa=0
GET /?xa=60&cc=no-cache
GET /?xa=60&cc=no-cache
GET /?xa=@4000000000
GET /?xa=@4000000000
GET /ign/?xa=60
GET /ign/?xa=60
GET /ign/?xa=60&cc=max-age=60
GET /ign/?xa=60&cc=max-age=60

=== TEST 6: Set-Cookie is not cached unless ignored; Vary * neither
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        if ngx.var.arg_sc then ngx.header["Set-Cookie"] = "id=" .. n end
        if ngx.var.arg_vary then ngx.header["Vary"] = ngx.var.arg_vary end
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
    location /ign/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_ignore_headers Set-Cookie Vary;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /?sc=1
GET /?sc=1
GET /?vary=*
GET /?vary=*
GET /ign/?sc=1
GET /ign/?sc=1
GET /ign/?vary=*
GET /ign/?vary=*

=== TEST 7: proxy_cache_bypass and proxy_no_cache
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_key $uri;
        proxy_cache_valid 1m;
        proxy_cache_bypass $arg_nocache $http_x_bypass;
        proxy_no_cache $arg_nostore;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /a?nostore=1
GET /a
GET /a
GET /a?nocache=1
GET /a
GET /a?nocache=0
GET /b?nocache=1&nostore=1
GET /b

=== TEST 8: proxy_cache_min_uses
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_cache_min_uses 3;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /m
GET /m
GET /m
GET /m
GET /m

=== TEST 9: HEAD goes upstream as GET and fills the entry GET uses
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.header["X-Method"] = ngx.req.get_method()
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
    location /noconv/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_cache_convert_head off;
        proxy_cache_key $request_method$request_uri;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
HEAD /h
GET /h
HEAD /h
HEAD /noconv/h
HEAD /noconv/h
GET /noconv/h

=== TEST 10: POST is not cached unless proxy_cache_methods names it
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.req.get_method(), " ", ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
    location /post/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_cache_methods POST;
        add_header X-Cache $upstream_cache_status;
    }
--- raw_request
POST /p HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\nPOST /p HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\nPOST /post/p HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\nPOST /post/p HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\nGET /post/p HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 11: an expired response goes upstream again (EXPIRED)
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.header["X-Accel-Expires"] = "@1"
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /e
GET /e
GET /e

=== TEST 12: proxy_cache_use_stale http_500: the expired response instead of the error
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        if n > 1 then ngx.status = 500 ngx.say("broken #", n) return end
        ngx.header["X-Accel-Expires"] = "@1"
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_use_stale error timeout http_500;
        add_header X-Cache $upstream_cache_status always;
    }
    location /nostale/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        add_header X-Cache $upstream_cache_status always;
    }
--- pipelined_requests
GET /s
GET /s
GET /s
GET /nostale/s
GET /nostale/s

=== TEST 13: proxy_cache_use_stale error: the upstream gone after the first fill
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr("all", 1, 0)
        ngx.header["X-Accel-Expires"] = "@1"
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
    upstream flaky {
        server 127.0.0.1:$PORT2;
        server 127.0.0.1:1 backup;
    }
--- config
    location /fill/ {
        proxy_pass http://127.0.0.1:$PORT2/;
        proxy_cache one;
        proxy_cache_key /x;
    }
    location /dead/ {
        proxy_pass http://127.0.0.1:1/;
        proxy_cache one;
        proxy_cache_key /x;
        proxy_cache_use_stale error;
        add_header X-Cache $upstream_cache_status always;
    }
    location /dead-nostale/ {
        proxy_pass http://127.0.0.1:1/;
        proxy_cache one;
        proxy_cache_key /x;
        add_header X-Cache $upstream_cache_status always;
    }
--- pipelined_requests
GET /fill/a
GET /dead/a
GET /dead-nostale/a
--- grep_error_log
connect\(\) failed[^,]*

=== TEST 14: conditional requests to a cached response: 304 from the cache
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.uri, 1, 0)
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["ETag"] = '"v1"'
        ngx.header["X-Saw-INM"] = ngx.var.http_if_none_match or "-"
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- raw_request
GET /c HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: "v1"\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: "v1"\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: "v2"\r\n\r\nGET /c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 15: proxy_cache_revalidate: an expired response revalidated with a 304
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.uri, 1, 0)
        ngx.header["X-Accel-Expires"] = "@1"
        if ngx.var.http_if_modified_since == "Tue, 02 Jan 2024 03:04:05 GMT"
            and ngx.var.http_if_none_match == '"v1"' then
            return ngx.exit(304)
        end
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["ETag"] = '"v1"'
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_revalidate on;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /r
GET /r
GET /r

=== TEST 16: $upstream_cache_status from Lua in header_filter and log phases
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        header_filter_by_lua_block {
            ngx.header["X-Lua-Cache"] = ngx.var.upstream_cache_status or "nil"
        }
        log_by_lua_block {
            ngx.log(ngx.WARN, "cache status: ", ngx.var.upstream_cache_status)
        }
    }
    location /nocache {
        proxy_pass http://127.0.0.1:$PORT2;
        header_filter_by_lua_block {
            ngx.header["X-Lua-Cache"] = ngx.var.upstream_cache_status or "nil"
        }
    }
--- pipelined_requests
GET /l
GET /l
GET /nocache
--- grep_error_log
cache status: \w+

=== TEST 17: a Lua-balanced upstream
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
    upstream lb {
        server 0.0.0.1;
        balancer_by_lua_block {
            local b = require "ngx.balancer"
            assert(b.set_current_peer("127.0.0.1", $PORT2))
        }
    }
--- config
    location / {
        proxy_pass http://lb;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /lb
GET /lb

=== TEST 18: proxy_cache off in a location, inherited settings elsewhere
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    proxy_cache one;
    proxy_cache_valid 1m;
    add_header X-Cache "[$upstream_cache_status]";
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
    }
    location /off/ {
        proxy_cache off;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- pipelined_requests
GET /on
GET /on
GET /off/x
GET /off/x

=== TEST 19: a chunked upstream response, cached and answered again
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache levels=2 keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n)
        ngx.flush(true)
        ngx.say(string.rep("x", 20000))
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_http_version 1.1;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /big
GET /big

=== TEST 20: the client's conditions and ranges are not passed upstream
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say("ims=", h["if-modified-since"] or "-", " inm=", h["if-none-match"] or "-",
            " range=", h["range"] or "-", " im=", h["if-match"] or "-")
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        add_header X-Cache $upstream_cache_status;
    }
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT
If-None-Match: "x"
Range: bytes=0-1
If-Match: *
--- request
GET /cond

=== TEST 21: a Range request to a cached response
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.say(ngx.var.request_uri, " #", n, " 0123456789")
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- raw_request
GET /rg HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\n\r\nGET /rg HTTP/1.1\r\nHost: localhost\r\nRange: bytes=2-5\r\nConnection: close\r\n\r\n

=== TEST 22: proxy_cache_lock: concurrent misses wait for the first to fill the entry
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.sleep(0.2)
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location /c/ {
        proxy_pass http://127.0.0.1:$PORT2/;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_cache_lock on;
    }
    location /t {
        content_by_lua_block {
            local a, b = ngx.location.capture_multi({ { "/c/x" }, { "/c/x" } })
            ngx.print(a.status, " ", a.body, b.status, " ", b.body)
        }
    }
--- request
GET /t

=== TEST 23: proxy_cache_use_stale updating: a request while another updates gets the old one
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        if n > 1 then ngx.sleep(0.3) end
        ngx.header["X-Accel-Expires"] = "@1"
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location /c/ {
        proxy_pass http://127.0.0.1:$PORT2/;
        proxy_cache one;
        proxy_cache_use_stale updating;
        log_by_lua_block { ngx.log(ngx.WARN, "status ", ngx.var.upstream_cache_status) }
    }
    location /t {
        content_by_lua_block {
            local r = ngx.location.capture("/c/u")
            ngx.print(r.body)
            local a, b = ngx.location.capture_multi({ { "/c/u" }, { "/c/u" } })
            ngx.print(a.body, b.body)
        }
    }
--- request
GET /t

=== TEST 24: an upstream error that proxy_cache_valid covers is remembered
--- http_config
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
--- config
    location / {
        proxy_pass http://127.0.0.1:1;
        proxy_cache one;
        proxy_cache_valid any 1m;
        add_header X-Cache $upstream_cache_status always;
    }
--- pipelined_requests
GET /err
GET /err
--- grep_error_log
connect\(\) failed[^,]*

=== TEST 25: Vary: the variant of the request headers it names
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        ngx.header["Vary"] = "X-Lang"
        ngx.say(ngx.var.request_uri, " ", ngx.var.http_x_lang or "-", " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- raw_request
GET /v HTTP/1.1\r\nHost: localhost\r\nX-Lang: en\r\n\r\nGET /v HTTP/1.1\r\nHost: localhost\r\nX-Lang: en\r\n\r\nGET /v HTTP/1.1\r\nHost: localhost\r\nX-Lang: fr\r\n\r\nGET /v HTTP/1.1\r\nHost: localhost\r\nX-Lang: fr\r\nConnection: close\r\n\r\n

=== TEST 26: unbuffered responses are not stored; proxy_no_cache sees the response
--- http_config
    lua_shared_dict hits 1m;
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local n = ngx.shared.hits:incr(ngx.var.request_uri, 1, 0)
        if ngx.var.arg_xab then ngx.header["X-Accel-Buffering"] = "no" end
        if ngx.var.arg_ns then ngx.header["X-No-Store"] = "1" end
        ngx.say(ngx.var.request_uri, " #", n)
    } } }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_cache one;
        proxy_cache_valid 1m;
        proxy_no_cache $upstream_http_x_no_store;
        add_header X-Cache $upstream_cache_status;
    }
    location /off/ {
        proxy_pass http://127.0.0.1:$PORT2;
        proxy_buffering off;
        proxy_cache one;
        proxy_cache_valid 1m;
        add_header X-Cache $upstream_cache_status;
    }
--- pipelined_requests
GET /?xab=1
GET /?xab=1
GET /?ns=1
GET /?ns=1
GET /off/
GET /off/
