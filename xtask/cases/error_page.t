# error_page forms, built-in error pages, internal redirects on errors.

=== TEST 1: error_page to a uri keeps the status
--- user_files
>>> html/404.html
custom not found
--- config
    error_page 404 /404.html;
    location / { }
--- request
GET /missing

=== TEST 2: error_page with =code changes the status
--- user_files
>>> html/404.html
custom not found
--- config
    error_page 404 =200 /404.html;
    location / { }
--- request
GET /missing

=== TEST 3: error_page with = takes the status of the target
--- config
    error_page 404 = /fallback;
    location / { }
    location /fallback { return 202 "fallback\n"; }
--- request
GET /missing

=== TEST 4: error_page to a named location
--- config
    error_page 404 @notfound;
    location / { }
    location @notfound { return 200 "named handler for $uri\n"; }
--- request
GET /missing

=== TEST 5: error_page to a URL redirects
--- config
    error_page 404 http://example.com/notfound;
    location / { }
--- request
GET /missing

=== TEST 6: error_page 301 with a URL
--- config
    error_page 404 =301 http://example.com/moved;
    location / { }
--- request
GET /missing

=== TEST 7: error_page for lua ngx.exit
--- config
    error_page 403 /denied;
    location /t { content_by_lua_block { ngx.exit(403) } }
    location /denied { return 200 "denied page\n"; }
--- request
GET /t

=== TEST 8: error_page for a lua runtime error
--- config
    error_page 500 /oops;
    location /t { content_by_lua_block { error("x") } }
    location /oops { content_by_lua_block { ngx.say("oops page, status ", ngx.status) } }
--- request
GET /t

=== TEST 9: error_page for return 503
--- config
    error_page 503 /maint;
    location /t { return 503; }
    location /maint { return 200 "maintenance\n"; }
--- request
GET /t

=== TEST 10: return with text is not replaced by error_page
--- config
    error_page 503 /maint;
    location /t { return 503 "explicit text\n"; }
    location /maint { return 200 "maintenance\n"; }
--- request
GET /t

=== TEST 11: error_page loop
--- config
    error_page 404 /missing2;
    location / { }
--- request
GET /missing
--- grep_error_log
open\(\) "[^"]*" failed[^,\n]*

=== TEST 12: recursive_error_pages on
--- config
    recursive_error_pages on;
    error_page 404 /e1;
    location / { }
    location /e1 { return 404; }
--- request
GET /missing

=== TEST 13: error_page changes the method to GET
--- config
    error_page 405 /m;
    location /t { return 405; }
    location /m { content_by_lua_block { ngx.say("method in error page: ", ngx.req.get_method()) } }
--- request
POST /t
x

=== TEST 14: error_page to a named location keeps the method
--- config
    error_page 405 @m;
    location /t { return 405; }
    location @m { content_by_lua_block { ngx.say("method in named: ", ngx.req.get_method()) } }
--- request
POST /t
x

=== TEST 15: error_page in a location overrides the server one
--- config
    error_page 404 /server404;
    location /a { error_page 404 /loc404; }
    location /server404 { return 200 "server page\n"; }
    location /loc404 { return 200 "location page\n"; }
--- pipelined_requests
GET /a/missing
GET /b/missing

=== TEST 16: error_page with args in the uri
--- config
    error_page 404 /handler?from=404;
    location / { }
    location /handler { return 200 "args=$args\n"; }
--- request
GET /missing

=== TEST 17: built-in page for 400
--- config
    location /t { return 400; }
--- request
GET /t

=== TEST 18: built-in pages for 401 402 406 408
--- config
    location /a { return 401; }
    location /b { return 402; }
    location /c { return 406; }
    location /d { return 408; }
--- pipelined_requests
GET /a
GET /b
GET /c
GET /d

=== TEST 19: built-in pages for 409 411 412 414 415
--- config
    location /a { return 409; }
    location /b { return 411; }
    location /c { return 412; }
    location /d { return 414; }
    location /e { return 415; }
--- pipelined_requests
GET /a
GET /b
GET /c
GET /d
GET /e

=== TEST 20: built-in pages for 502 504 507
--- config
    location /a { return 502; }
    location /b { return 504; }
    location /c { return 507; }
--- pipelined_requests
GET /a
GET /b
GET /c

=== TEST 21: non-standard code has no page
--- config
    location /t { return 499; }
--- request
GET /t

=== TEST 22: 3xx codes with return
--- config
    location /a { return 300; }
    location /b { return 303 /see; }
    location /c { return 307 /temp; }
    location /d { return 308 /perm; }
--- pipelined_requests
GET /a
GET /b
GET /c
GET /d

=== TEST 23: built-in error page on HEAD
--- config
    location /t { return 404; }
--- request
HEAD /t

=== TEST 24: server_tokens off in error pages
--- config
    server_tokens off;
    location /t { return 404; }
--- request
GET /t

=== TEST 25: error page with ngx.ctx cleared
--- config
    error_page 404 /ep;
    location /t { content_by_lua_block { ngx.ctx.x = "set" ngx.exit(404) } }
    location /ep { content_by_lua_block { ngx.say("ctx.x=", tostring(ngx.ctx.x)) } }
--- request
GET /t

=== TEST 26: error_page for 413
--- config
    client_max_body_size 1;
    error_page 413 /too-big;
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say("read") } }
    location /too-big { return 200 "too big page\n"; }
--- request
POST /t
more than one byte

=== TEST 27: error_page = @named answers with the named location's status
--- config
    location /e4 { error_page 404 = @n; return 404; }
    location @n { return 202 "named\n"; }
--- request
GET /e4

=== TEST 28: error_page =CODE and = with a Lua named location
--- config
    location /a { error_page 404 =299 @lua; return 404; }
    location /b { error_page 404 = @lua; return 404; }
    location @lua { content_by_lua_block { ngx.status = 203 ngx.say("status ", ngx.status) } }
--- pipelined_requests
GET /a
GET /b
