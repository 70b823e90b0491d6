# limit_except: other methods are served with the block's configuration, merged into the
# location's as nginx merges it.

=== TEST 1: other methods are denied
--- config
    location /t {
        limit_except GET { deny all; }
        content_by_lua_block { ngx.say("lua ", ngx.req.get_method()) }
    }
--- pipelined_requests
GET /t
HEAD /t
POST /t
PUT /t

=== TEST 2: allowed other methods get neither the Lua content nor the return
--- config
    location /t {
        limit_except GET { allow all; }
        content_by_lua_block { ngx.say("lua ", ngx.req.get_method()) }
    }
    location /r {
        limit_except GET { allow all; }
        return 200 "return $request_method\n";
    }
--- pipelined_requests
POST /t
GET /t
POST /r
DELETE /r
GET /r

=== TEST 3: several methods, and a method nginx does not know
--- config
    location /t {
        limit_except GET POST { deny all; }
        content_by_lua_block { ngx.say(ngx.req.get_method()) }
    }
--- pipelined_requests
POST /t
HEAD /t
PUT /t
FOO /t
GET /t

=== TEST 4: static files
--- config
    location / {
        root html;
        limit_except GET { allow all; }
    }
    location /d/ {
        root html;
        limit_except GET { deny all; }
    }
--- user_files
>>> html/a.txt
static a
>>> html/d/b.txt
static b
--- pipelined_requests
GET /a.txt
POST /a.txt
GET /d/b.txt
POST /d/b.txt

=== TEST 5: proxy_pass is inherited by the block, and can be its own
--- http_config
    server {
        listen $PORT2;
        location / { return 200 "backend $request_method $uri\n"; }
    }
--- config
    location /p/ {
        limit_except GET { allow 127.0.0.1; deny all; }
        proxy_pass http://127.0.0.1:$PORT2;
    }
    location /q/ {
        limit_except GET { proxy_pass http://127.0.0.1:$PORT2; }
        content_by_lua_block { ngx.say("lua for ", ngx.req.get_method()) }
    }
    location /x/ {
        limit_except GET { allow 10.0.0.1; deny all; }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- pipelined_requests
GET /p/a
POST /p/b
GET /q/c
POST /q/d
GET /x/e
PUT /x/f

=== TEST 6: Lua phases and headers of the location still apply to limited methods
--- config
    location /t {
        limit_except GET { allow all; }
        add_header X-Added yes always;
        rewrite_by_lua_block { ngx.header["X-Rewrite"] = ngx.req.get_method() }
        access_by_lua_block { ngx.header["X-Access"] = "1" }
        content_by_lua_block { ngx.say("content") }
    }
--- pipelined_requests
GET /t
POST /t

=== TEST 7: basic authentication for writes
--- config
    location /t {
        limit_except GET {
            auth_basic "writers";
            auth_basic_user_file htpasswd;
        }
        content_by_lua_block { ngx.say("ok ", ngx.req.get_method()) }
    }
--- user_files
>>> conf/htpasswd
alice:{PLAIN}secret
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /t HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\nPOST /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n
