=== TEST 1: auth_request allows, refuses with 401 and its challenge, 403, and an odd status is a 500
--- config
    location = /auth {
        internal;
        content_by_lua_block {
            ngx.header["X-User"] = "alice"
            local t = ngx.var.request_uri:match("t=(%w+)")
            if t == "good" then ngx.exit(204) end
            if t == "forbidden" then ngx.exit(403) end
            if t == "odd" then ngx.exit(409) end
            ngx.header["WWW-Authenticate"] = 'Bearer realm="api"'
            ngx.exit(401)
        }
    }
    location /api {
        auth_request /auth;
        auth_request_set $auth_user $sent_http_x_user;
        content_by_lua_block { ngx.say("hello ", ngx.var.auth_user, " ", ngx.req.get_method()) }
    }
--- pipelined_requests
GET /api?t=good
GET /api?t=bad
GET /api?t=forbidden
GET /api?t=odd
--- grep_error_log
auth request[^,]*

=== TEST 2: auth_request refusals and the subrequest's method, args and headers
--- config
    location = /auth {
        content_by_lua_block {
            ngx.log(ngx.WARN, "auth sub ", ngx.req.get_method(), " ", ngx.var.uri, " ", tostring(ngx.var.args), " ", tostring(ngx.var.http_x_token), " ", ngx.var.request_uri)
            if ngx.var.http_x_token == "forbidden" then ngx.exit(403) end
            if ngx.var.http_x_token == "odd" then ngx.exit(409) end
            ngx.header["WWW-Authenticate"] = 'Bearer realm="api"'
            ngx.exit(401)
        }
    }
    location /api {
        auth_request /auth;
        content_by_lua_block { ngx.say("not reached") }
    }
    location /open {
        auth_request /auth;
        location /open/in { auth_request off; content_by_lua_block { ngx.say("open") } }
    }
--- pipelined_requests
POST /api?a=1
GET /open/in
--- more_headers
X-Token: bad
--- grep_error_log
auth sub [^,]*

=== TEST 3: satisfy any with auth_request and allow
--- config
    location = /auth { content_by_lua_block { ngx.exit(401) } }
    location /a {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        auth_request /auth;
        content_by_lua_block { ngx.say("allowed by the rule") }
    }
    location /b {
        satisfy any;
        deny all;
        auth_request /auth;
        content_by_lua_block { ngx.say("not reached") }
    }
--- pipelined_requests
GET /a
GET /b
--- grep_error_log
access forbidden by rule

=== TEST 4: auth_request to a proxied auth service, with auth_request_set from its headers
--- config
    location = /verify {
        content_by_lua_block {
            if ngx.var.http_authorization == "Bearer ok" then
                ngx.header["X-User"] = "bob"
                ngx.header["Content-Length"] = 0
                return ngx.exit(200)
            end
            ngx.exit(401)
        }
    }
    location = /auth {
        internal;
        proxy_pass http://127.0.0.1:$PORT/verify;
        proxy_pass_request_body off;
        proxy_set_header Content-Length "";
        proxy_set_header X-Original-URI $request_uri;
    }
    location /app {
        auth_request /auth;
        auth_request_set $user $upstream_http_x_user;
        auth_request_set $st $upstream_status;
        content_by_lua_block { ngx.say("user=", ngx.var.user, " st=", ngx.var.st) }
    }
--- request
GET /app/x
--- more_headers
Authorization: Bearer ok

=== TEST 6: the auth subrequest shares the main request's variables
--- config
    location /auth {
        content_by_lua_block {
            ngx.log(ngx.WARN, "auth sees ", ngx.var.user)
            ngx.var.user = "changed"
            if ngx.var.arg_user == "agentzh" then ngx.eof() else ngx.exit(403) end
        }
    }
    location /api {
        set $user $arg_user;
        auth_request /auth;
        echo "user $user";
    }
--- pipelined_requests
GET /api?user=agentzh
GET /api?user=bob
--- grep_error_log
auth sees \w+
