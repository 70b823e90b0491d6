# add_header: status filter, always, inheritance (a level with its own add_header drops the parent's).

=== TEST 1: add_header on 200
--- config
    location /t { add_header X-A 1; return 200 "ok\n"; }
--- request
GET /t

=== TEST 2: add_header is not added on 404 without always
--- config
    location /t { add_header X-A 1; return 404; }
--- request
GET /t

=== TEST 3: add_header always on 404
--- config
    location /t { add_header X-A 1 always; return 404; }
--- request
GET /t

=== TEST 4: inheritance from server
--- config
    add_header X-Server s;
    location /t { return 200 "ok\n"; }
--- request
GET /t

=== TEST 5: a level with its own add_header drops the parent's
--- config
    add_header X-Server s;
    location /t { add_header X-Loc l; return 200 "ok\n"; }
--- request
GET /t

=== TEST 6: inheritance from http
--- http_config
    add_header X-Http h;
--- config
    location /t { return 200 "ok\n"; }
--- request
GET /t

=== TEST 7: add_header with a variable
--- config
    location /t { add_header X-Uri $uri; return 200 "ok\n"; }
--- request
GET /t

=== TEST 8: add_header on lua responses
--- config
    location /t { add_header X-Lua yes; content_by_lua_block { ngx.say("lua") } }
--- request
GET /t

=== TEST 9: add_header on a lua 500
--- config
    location /t { add_header X-Err no; add_header X-Always yes always; content_by_lua_block { error("x") } }
--- request
GET /t

=== TEST 10: add_header on 301 and 302
--- config
    location /a { add_header X-R 1; return 301 /x; }
    location /b { add_header X-R 1; return 302 /x; }
--- pipelined_requests
GET /a
GET /b

=== TEST 11: add_header on 204 and 206 and 304
--- user_files
>>> html/f.txt
0123456789
--- config
    location /n { add_header X-C 1; return 204; }
    location / { add_header X-C 1; }
--- pipelined_requests
GET /n
GET /f.txt
--- more_headers
Range: bytes=0-1

=== TEST 12: add_header with an empty variable adds nothing
--- config
    location /t { add_header X-Empty $arg_none; return 200 "ok\n"; }
--- request
GET /t

=== TEST 13: several add_header with the same name
--- config
    location /t { add_header X-M 1; add_header X-M 2; return 200 "ok\n"; }
--- request
GET /t

=== TEST 14: add_header in if block
--- config
    location /t {
        if ($arg_x) { add_header X-If yes; }
        return 200 "ok\n";
    }
--- pipelined_requests
GET /t?x=1
GET /t

=== TEST 15: add_header Cache-Control and expires
--- config
    location /t { expires 1h; add_header X-After-Expires 1; return 200 "ok\n"; }
--- request
GET /t
--- free
header expires: depends on the clock

=== TEST 16: lua header and add_header together
--- config
    location /t { add_header X-Same conf; content_by_lua_block { ngx.header["X-Same"] = "lua" ngx.say("x") } }
--- request
GET /t

=== TEST 17: add_header on error_page result
--- config
    error_page 404 /e;
    location / { add_header X-Root r; }
    location /e { add_header X-E e; return 200 "error page\n"; }
--- request
GET /missing

=== TEST 18: server_tokens off hides the version
--- config
    server_tokens off;
    location /t { return 200 "ok\n"; }
--- request
GET /t
