# mirror (ngx_http_mirror_module): background subrequests whose answers go nowhere.

=== TEST 1: the mirror sees the method, arguments, headers and body
--- http_config
    lua_shared_dict counts 1m;
--- config
    location /t {
        mirror /m;
        mirror /m2;
        content_by_lua_block { ngx.say("main ", ngx.var.request_method) }
    }
    location = /m {
        internal;
        content_by_lua_block {
            ngx.req.read_body()
            ngx.shared.counts:incr("m", 1, 0)
            ngx.log(ngx.WARN, "mirror: ", ngx.var.request_method, " ", ngx.var.uri, "?", ngx.var.args,
                    " body=", ngx.req.get_body_data(), " h=", ngx.var.http_x_test)
            ngx.say("mirror output is dropped")
        }
    }
    location = /m2 {
        content_by_lua_block { ngx.shared.counts:incr("m2", 1, 0) }
    }
    location /count {
        content_by_lua_block { ngx.say(ngx.shared.counts:get("m"), " ", ngx.shared.counts:get("m2")) }
    }
--- raw_request
POST /t?a=1 HTTP/1.1\r\nHost: localhost\r\nX-Test: yes\r\nContent-Length: 4\r\n\r\nbodyGET /t?b=2 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /count HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- grep_error_log
mirror: [^,]*

=== TEST 2: mirror off in a nested level, and without the body
--- http_config
    lua_shared_dict counts 1m;
--- config
    mirror /m;
    location /on { content_by_lua_block { ngx.say("on") } }
    location /off { mirror off; content_by_lua_block { ngx.say("off") } }
    location /nobody {
        mirror_request_body off;
        content_by_lua_block { ngx.say("nobody") }
    }
    location /ret { return 200 "a return answers before the mirror would run\n"; }
    location = /m {
        content_by_lua_block { ngx.shared.counts:incr(ngx.var.args or "none", 1, 0) }
    }
    location /count {
        mirror off;
        content_by_lua_block {
            ngx.say(ngx.shared.counts:get("x=on"), " ", ngx.shared.counts:get("x=off"), " ",
                    ngx.shared.counts:get("x=nobody"), " ", ngx.shared.counts:get("x=ret"))
        }
    }
--- pipelined_requests
GET /on?x=on
GET /off?x=off
GET /nobody?x=nobody
GET /ret?x=ret
GET /count
