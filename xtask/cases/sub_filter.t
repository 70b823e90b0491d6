# sub_filter (ngx_http_sub_filter_module): strings of the response body replaced.

=== TEST 1: one string, once, case-insensitively
--- config
    location /t {
        default_type text/html;
        sub_filter 'world' 'there';
        content_by_lua_block { ngx.say("hello World, hello world, WORLD") }
    }
--- request
GET /t

=== TEST 2: every occurrence, several strings, the first in order wins at a position
--- config
    location /t {
        default_type text/html;
        sub_filter_once off;
        sub_filter 'ab' '[AB]';
        sub_filter 'abc' '[ABC]';
        sub_filter 'b' '[B]';
        sub_filter 'cd' '[CD]';
        content_by_lua_block { ngx.say("abcd xbx abab abcabc ABCD") }
    }
--- request
GET /t

=== TEST 3: once with several strings
--- config
    location /t {
        default_type text/html;
        sub_filter 'a' '1';
        sub_filter 'b' '2';
        content_by_lua_block { ngx.say("a b a b a b") }
    }
--- request
GET /t

=== TEST 4: matches across output buffers
--- config
    location /t {
        default_type text/html;
        sub_filter_once off;
        sub_filter 'hello' 'HI';
        sub_filter 'lo w' '_';
        content_by_lua_block {
            ngx.print("hel") ngx.flush(true) ngx.print("lo wor") ngx.flush(true)
            ngx.print("ld hell") ngx.flush(true) ngx.print("o") ngx.print(" he")
        }
    }
--- request
GET /t

=== TEST 5: a partial match at the end of the body stays as it is
--- config
    location /t {
        default_type text/html;
        sub_filter_once off;
        sub_filter 'abc' 'X';
        sub_filter 'b' 'Y';
        content_by_lua_block { ngx.print("zab") }
    }
--- request
GET /t

=== TEST 6: types, text/html always
--- config
    location /plain {
        sub_filter 'a' 'b';
        content_by_lua_block { ngx.say("plain a") }
    }
    location /typed {
        sub_filter_types text/plain application/json;
        sub_filter 'a' 'b';
        content_by_lua_block { ngx.say("typed a") }
    }
    location /any {
        default_type application/x-thing;
        sub_filter_types *;
        sub_filter 'a' 'b';
        content_by_lua_block { ngx.say("any a") }
    }
    location /charset {
        default_type text/html;
        charset utf-8;
        sub_filter 'a' 'b';
        content_by_lua_block { ngx.say("charset a") }
    }
--- pipelined_requests
GET /plain
GET /typed
GET /any
GET /charset

=== TEST 7: variables in the strings and the replacement
--- config
    location /t {
        default_type text/html;
        sub_filter_once off;
        sub_filter $arg_from "[$arg_to:$uri]";
        content_by_lua_block { ngx.say("one two one") }
    }
    location /empty {
        default_type text/html;
        sub_filter $arg_nothing "x";
        content_by_lua_block { ngx.say("unchanged") }
    }
--- pipelined_requests
GET /t?from=ONE&to=1
GET /empty

=== TEST 8: static files lose Last-Modified and ETag, or keep them weak
--- config
    location /s/ {
        root html;
        sub_filter 'static' 'STATIC';
    }
    location /k/ {
        root html;
        sub_filter 'static' 'STATIC';
        sub_filter_last_modified on;
    }
--- user_files
>>> html/s/a.html
a static page
>>> html/k/a.html
a static page
--- pipelined_requests
GET /s/a.html
GET /k/a.html
HEAD /s/a.html

=== TEST 9: inheritance: a level with its own sub_filter drops the outer ones
--- config
    sub_filter 'outer' 'O';
    location /in {
        default_type text/html;
        content_by_lua_block { ngx.say("outer inner") }
    }
    location /own {
        default_type text/html;
        sub_filter 'inner' 'I';
        content_by_lua_block { ngx.say("outer inner") }
    }
--- pipelined_requests
GET /in
GET /own

=== TEST 10: a proxied response, and an empty replacement
--- http_config
    server {
        listen $PORT2;
        location / { default_type text/html; return 200 "<a href=\"http://backend/x\">link</a> secret\n"; }
    }
--- config
    location / {
        proxy_pass http://127.0.0.1:$PORT2;
        sub_filter_once off;
        sub_filter 'http://backend/' 'https://front/';
        sub_filter ' secret' '';
    }
--- request
GET /page

=== TEST 11: with gzip
--- config
    location /t {
        default_type text/html;
        gzip on;
        gzip_min_length 1;
        sub_filter_once off;
        sub_filter 'x' 'yy';
        content_by_lua_block { ngx.say(string.rep("x", 50)) }
    }
--- request
GET /t
--- more_headers
Accept-Encoding: gzip
