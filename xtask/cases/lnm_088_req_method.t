# Lifted from openresty/lua-nginx-module t/088-req-method.t (BSD license)

=== TEST 1: get method name in main request
--- config
    location /t {
        content_by_lua '
            ngx.say("method: [", ngx.req.get_method(), "]")
        ';
    }
--- request
GET /t

=== TEST 2: get method name in subrequest
--- config
    location /t {
        echo_subrequest POST /sub;
    }
    location /sub {
        content_by_lua '
            ngx.say("method: [", ngx.req.get_method(), "]")
        ';
    }
--- request
GET /t

=== TEST 3: set GET to POST
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_POST)
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo $request_method;
    }
--- request
GET /t

=== TEST 4: set POST to GET
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_GET)
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo $request_method;
    }
--- request
POST /t
hello world

=== TEST 5: set POST to DELETE
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_DELETE)
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo $request_method;
    }
--- request
POST /t
hello world

=== TEST 6: set POST to PUT
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo $request_method;
    }
--- request
POST /t
hello world

=== TEST 7: set POST to PUT (using $requeset_method)
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
        ';
        echo $request_method;
    }
--- request
POST /t
hello world

=== TEST 8: set GET to HEAD
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_HEAD)
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo $request_method;
    }
--- request
GET /t

=== TEST 9: set method name in subrequest
--- config
    location /t {
        echo_subrequest POST /sub;
        echo "main: $request_method";
    }
    location /sub {
        content_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
            ngx.say("sub: ", ngx.req.get_method())
        ';
    }
--- request
GET /t

=== TEST 10: set HEAD to GET
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_GET)
        ';
        echo "method: $request_method";
    }
--- request
HEAD /t

=== TEST 11: set GET to WebDAV methods
--- config
    location /t {
        content_by_lua '
            local methods = {
                ngx.HTTP_MKCOL,
                ngx.HTTP_COPY,
                ngx.HTTP_MOVE,
                ngx.HTTP_PROPFIND,
                ngx.HTTP_PROPPATCH,
                ngx.HTTP_LOCK,
                ngx.HTTP_UNLOCK,
                ngx.HTTP_PATCH,
                ngx.HTTP_TRACE,
            }
            for i, method in ipairs(methods) do
                ngx.req.set_method(method)
                ngx.say("method: ", ngx.req.get_method(), " ", ngx.var.request_method)
            end
        ';
    }
--- request
HEAD /t

=== TEST 12: set_method with a bad number
--- config
    location /t {
        content_by_lua '
            local ok, err = pcall(ngx.req.set_method, 12345)
            ngx.say(ok, " ", err)
            ok, err = pcall(ngx.req.set_method, "GET")
            ngx.say(ok, " ", err)
        ';
    }
--- request
GET /t
