# Lifted from openresty/lua-nginx-module t/015-status.t (BSD license)

=== TEST 1: no key found
--- config
    location /nil {
        content_by_lua '
            ngx.say(ngx.blah_blah == nil and "nil" or "not nil")
        ';
    }
--- request
GET /nil

=== TEST 2: .status found
--- config
    location /nil {
        content_by_lua '
            ngx.say(ngx.status == nil and "nil" or "not nil")
        ';
    }
--- request
GET /nil

=== TEST 3: default to 0
--- config
    location /nil {
        content_by_lua '
            ngx.say(ngx.status);
        ';
    }
--- request
GET /nil

=== TEST 4: default to 0 then 200
--- config
    location /nil {
        content_by_lua '
            ngx.say("blah");
            ngx.say(ngx.status);
        ';
    }
--- request
GET /nil

=== TEST 5: set 201
--- config
    location /201 {
        content_by_lua '
            ngx.status = 201;
            ngx.say("created");
        ';
    }
--- request
GET /201

=== TEST 6: set "201"
--- config
    location /201 {
        content_by_lua '
            ngx.status = "201";
            ngx.say("created");
        ';
    }
--- request
GET /201

=== TEST 7: set "201.7"
--- config
    location /201 {
        content_by_lua '
            ngx.status = "201.7";
            ngx.say("created");
        ';
    }
--- request
GET /201

=== TEST 8: set blah
--- config
    location /201 {
        content_by_lua '
            ngx.blah = 201;
            ngx.say("created");
        ';
    }
--- request
GET /201

=== TEST 9: set ngx.status before headers are sent
--- config
    location /t {
        content_by_lua '
            ngx.say("ok")
            ngx.status = 201
        ';
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 10: odd statuses
--- config
    location /t {
        content_by_lua_block {
            ngx.status = tonumber(ngx.var.arg_s)
            ngx.say(ngx.status)
        }
    }
--- pipelined_requests
GET /t?s=299
GET /t?s=418
GET /t?s=509
GET /t?s=600
GET /t?s=99

=== TEST 11: status 204 with a body
--- config
    location /t {
        content_by_lua_block {
            ngx.status = 204
            ngx.say("not shown")
        }
    }
--- request
GET /t

=== TEST 12: status 304 with a body
--- config
    location /t {
        content_by_lua_block {
            ngx.status = 304
            ngx.say("not shown")
        }
    }
--- request
GET /t
