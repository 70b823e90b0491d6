# Lifted from openresty/lua-nginx-module t/112-req-header-conn.t (BSD license)

=== TEST 1: clear the Connection req header
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", nil);
        ';
        echo "connection: $http_connection";
    }
--- request
GET /req-header

=== TEST 2: set custom Connection req header (close)
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", "CLOSE");
        ';
        echo "connection: $http_connection";
    }
--- request
GET /req-header

=== TEST 3: set custom Connection req header (keep-alive)
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", "keep-alive");
        ';
        echo "connection: $http_connection";
    }
--- request
GET /req-header

=== TEST 4: set custom Connection req header (bad)
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", "bad");
        ';
        echo "connection: $http_connection";
    }
--- request
GET /req-header

=== TEST 5: set Connection close on a keep-alive request (pipelined)
--- config
    location /req-header {
        rewrite_by_lua '
            if ngx.var.arg_c then ngx.req.set_header("Connection", ngx.var.arg_c) end
        ';
        echo "connection: $http_connection";
    }
--- pipelined_requests
GET /req-header?c=close
GET /req-header

=== TEST 6: clear Connection on a keep-alive request (pipelined)
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.clear_header("Connection")
        ';
        echo "connection: $http_connection";
    }
--- pipelined_requests
GET /req-header
GET /req-header

=== TEST 7: set Connection keep-alive on an HTTP/1.0 request
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", "keep-alive")
        ';
        echo "connection: $http_connection";
    }
--- request
GET /req-header HTTP/1.0

=== TEST 8: set Connection close then proxy
--- config
    location /back {
        echo "back connection: $http_connection";
    }
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Connection", "close")
        ';
        proxy_pass http://127.0.0.1:$server_port/back;
    }
--- pipelined_requests
GET /req-header
GET /req-header
