# nginx's guess at the browser from User-Agent (ngx_http_process_user_agent): msie_padding on
# its own 4xx/5xx pages for MSIE and Chrome, keepalive_disable, gzip_disable msie6; the guess
# follows a User-Agent that Lua or headers-more sets.

=== TEST 1: the first of two User-Agents decides (Chrome first)
--- config
    location /t { return 404; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\nUser-Agent: curl/8\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 2: the first of two User-Agents decides (Chrome second)
--- config
    location /t { return 404; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 3: headers-more sets a Chrome User-Agent
--- config
    location /t {
        more_set_input_headers "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        access_by_lua_block { ngx.exit(404) }
    }
--- request
GET /t
--- more_headers
User-Agent: curl/8

=== TEST 4: headers-more clears a Chrome User-Agent
--- config
    location /t {
        more_clear_input_headers "User-Agent";
        access_by_lua_block { ngx.exit(404) }
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36

=== TEST 5: keepalive_disable msie6 closes after a POST from MSIE 6
--- config
    location /t { return 200 "ok\n"; }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)\r\nContent-Length: 0\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 6: msie_padding off
--- config
    msie_padding off;
    location /t { return 404; }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36

=== TEST 7: a Lua error page for Chrome over HTTP/1.0 is padded
--- config
    location /t { content_by_lua_block { error("x") } }
--- raw_request
GET /t HTTP/1.0\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n\r\n
--- no_default_headers

=== TEST 8: a 302 page is not padded
--- config
    location /t { return 302 /x; }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36

=== TEST 9: gzip_disable msie6
--- config
    gzip on;
    gzip_min_length 1;
    gzip_types text/plain;
    gzip_disable msie6;
    location /t { content_by_lua_block { ngx.say(string.rep("hello ", 20)) } }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)
Accept-Encoding: gzip

=== TEST 10: ngx.req.set_header with a table: the last User-Agent decides
--- config
    location /t {
        access_by_lua_block {
            ngx.req.set_header("User-Agent", {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "curl/8"})
            ngx.exit(404)
        }
    }
--- request
GET /t

=== TEST 11: a 494 page is padded for MSIE 6 SV1
--- config
    large_client_header_buffers 2 1k;
    location /t { return 404; }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)
X-Big: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa

=== TEST 12: keepalive_disable none
--- config
    keepalive_disable none;
    location /t { return 200 "ok\n"; }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)\r\nContent-Length: 0\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 13: keepalive_disable safari
--- config
    keepalive_disable safari;
    location /t { return 200 "ok\n"; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 14: a recorded constant error page is kept apart per browser
--- config
    location /t { return 404; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\nConnection: close\r\n\r\n
--- no_default_headers

=== TEST 15: Lua clears a Chrome User-Agent before an error page
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.clear_header("User-Agent") }
        access_by_lua_block { ngx.exit(403) }
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36

=== TEST 16: Lua adds a Chrome User-Agent
--- config
    location /t {
        access_by_lua_block {
            require("ngx.req").add_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
            ngx.exit(403)
        }
    }
--- request
GET /t
--- more_headers
User-Agent: curl/8

=== TEST 17: Opera claiming MSIE gets no padding
--- config
    location /t { return 404; }
--- request
GET /t
--- more_headers
User-Agent: Opera/9.80 (compatible; MSIE 6.0; Windows NT 5.1)

=== TEST 18: Firefox gets no padding
--- config
    location /t { return 503; }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0

=== TEST 19: a short MSIE token is not MSIE
--- config
    location /t { return 404; }
--- request
GET /t
--- more_headers
User-Agent: x MSIE 6.
