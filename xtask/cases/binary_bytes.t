# Bytes that are not UTF-8 in requests: nginx passes them through untouched (%E9 in a URI
# decodes to the byte 0xE9, latin-1 header values stay latin-1, Lua strings are bytes).

=== TEST 1: a decoded %E9 in $uri, read from Lua
--- config
    location /t { content_by_lua_block { local u = ngx.var.uri ngx.say(u) ngx.say(#u, " ", u:byte(-1)) } }
--- request
GET /t/caf%E9

=== TEST 2: raw bytes in the request line: $uri, $request_uri, $args, $request in return
--- config
    location /r { return 200 "$uri|$request_uri|$args|$request|$is_args\n"; }
--- raw_request
GET /r/\xe9t\xe9?a=\xff&b=%FF HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 3: regex locations match the decoded bytes, captures keep them
--- config
    location ~ "^/m/caf\xe9$" { return 200 "matched [$uri]\n"; }
    location ~ ^/cap/(.+)$ { content_by_lua_block { ngx.say("[", ngx.var[1], "] ", #ngx.var[1]) } }
--- pipelined_requests
GET /m/caf%E9
GET /m/caf%C3%A9
GET /cap/%E9%FFx

=== TEST 4: rewrite with a capture of bytes, then the URI from Lua
--- config
    location /rw/ { rewrite ^/rw/(.*)$ /dst/$1 last; }
    location /dst/ { content_by_lua_block { ngx.say(ngx.var.uri, " ", #ngx.var.uri) } }
--- request
GET /rw/%E9%FF

=== TEST 5: arguments with bytes: $args, $arg_x, ngx.req.get_uri_args
--- config
    location /a { content_by_lua_block {
        ngx.say(ngx.var.args)
        ngx.say(ngx.var.arg_x, " ", #ngx.var.arg_x)
        local args = ngx.req.get_uri_args()
        ngx.say(args.x, " ", #args.x, " ", args.y, " ", #args.y)
    } }
--- raw_request
GET /a?x=%FF%e9&y=\xe9\xff HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 6: latin-1 header values: $http_x, get_headers, raw_header, $cookie_x
--- config
    location /h { content_by_lua_block {
        ngx.say(ngx.var.http_x_l, " ", #ngx.var.http_x_l)
        local h = ngx.req.get_headers()
        ngx.say(h["x-l"], " ", #h["x-l"])
        ngx.say(ngx.var.cookie_c, " ", #ngx.var.cookie_c)
        ngx.print(ngx.req.raw_header())
    } }
--- raw_request
GET /h HTTP/1.1\r\nHost: localhost\r\nX-L: caf\xe9 cr\xe8me\r\nCookie: a=1; c=\xff\xfe\r\nConnection: close\r\n\r\n

=== TEST 7: header values with bytes in return and echo
--- config
    location /h { return 200 "[$http_x_l] [$cookie_c]\n"; }
    location /e { echo "[$http_x_l]" "[$uri]"; }
--- raw_request
GET /h HTTP/1.1\r\nHost: localhost\r\nX-L: caf\xe9\r\nCookie: c=\xff\r\n\r\n
GET /e/%E9 HTTP/1.1\r\nHost: localhost\r\nX-L: \xe8\r\nConnection: close\r\n\r\n

=== TEST 8: proxy_pass forwards the URI and the header bytes unchanged
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.say(ngx.var.uri, " ", ngx.var.http_x_l)
    } } }
--- config
    location /p/ { proxy_pass http://127.0.0.1:$PORT2; }
    location /q/ { proxy_pass http://127.0.0.1:$PORT2/v/; proxy_set_header X-U $uri; }
--- raw_request
GET /p/\xe9?a=\xff HTTP/1.1\r\nHost: localhost\r\nX-L: caf\xe9\r\n\r\n
GET /q/%E9 HTTP/1.1\r\nHost: localhost\r\nX-L: \xff\r\nConnection: close\r\n\r\n

=== TEST 9: the access log with bytes: default escapes, escape=none, escape=json
--- http_config
    log_format esc '$uri "$http_x_l" $args';
    log_format raw escape=none '$uri "$http_x_l" $args';
    log_format js escape=json '{"u":"$uri","h":"$http_x_l"}';
--- config
    location /l { access_log logs/bytes.log esc; access_log logs/bytes.log raw; access_log logs/bytes.log js; return 200 "ok\n"; }
--- raw_request
GET /l/%E9?q=\xff HTTP/1.1\r\nHost: localhost\r\nX-L: caf\xe9\r\nConnection: close\r\n\r\n
--- wait: 0.2
--- error_log_file: logs/bytes.log
--- grep_error_log
[^\n]+

=== TEST 10: ngx.req.set_uri and set_uri_args with bytes from Lua
--- config
    location /s { content_by_lua_block {
        ngx.req.set_uri("/x\255\233")
        ngx.req.set_uri_args("a=\255")
        ngx.say(ngx.var.uri, " ", #ngx.var.uri, " ", ngx.var.args, " ", ngx.var.arg_a)
    } }
--- request
GET /s

=== TEST 11: ngx.req.set_uri with jump finds a regex location by the bytes
--- config
    location /j { rewrite_by_lua_block { ngx.req.set_uri("/to/\233", true) } }
    location ~ "^/to/\xe9$" { content_by_lua_block { ngx.say("here ", ngx.var.uri) } }
--- request
GET /j

=== TEST 12: ngx.req.set_header with bytes, read back as $http_x and get_headers
--- config
    location /sh { content_by_lua_block {
        ngx.req.set_header("X-B", "a\255b\233")
        ngx.say(ngx.var.http_x_b, " ", #ngx.var.http_x_b, " ", ngx.req.get_headers()["x-b"])
    } }
--- request
GET /sh

=== TEST 13: a set variable holding binary data from Lua reads back byte-exact
--- config
    location /v {
        set $x '';
        rewrite_by_lua_block { ngx.var.x = "\0\255\233" }
        content_by_lua_block { local x = ngx.var.x ngx.say(#x, " ", x:byte(1), " ", x:byte(2), " ", x:byte(3), " ", x == "\0\255\233") }
    }
    location /w {
        set $y '';
        rewrite_by_lua_block { ngx.var.y = "<\255\0>" }
        echo $y;
    }
    location /z {
        set_by_lua_block $z { return "[\255\233]" }
        return 200 "$z\n";
    }
--- pipelined_requests
GET /v
GET /w
GET /z

=== TEST 14: ngx.exec to a URI with bytes, and with byte arguments
--- config
    location /x { content_by_lua_block { ngx.exec("/ex/\233", "a=\255") } }
    location /ex/ { content_by_lua_block { ngx.say(ngx.var.uri, " ", #ngx.var.uri, " ", ngx.var.args, " ", #ngx.var.args) } }
--- request
GET /x

=== TEST 15: if and map on bytes
--- http_config
    map $uri $kind { default other; "~^/mp/\xe9" latin1; }
--- config
    location /mp/ {
        if ($uri ~ "\xff$") { return 200 "if: [$uri] $kind\n"; }
        return 200 "no if: $kind\n";
    }
--- pipelined_requests
GET /mp/%E9%FF
GET /mp/%E9
GET /mp/a

=== TEST 16: add_header and a redirect with bytes of the URI
--- config
    location /ah { add_header X-Uri $uri; return 200 "ok\n"; }
    location /rd { return 302 /to$uri; }
--- pipelined_requests
GET /ah/%E9
GET /rd/%E9

=== TEST 17: ngx.header and more_set_headers with bytes, read back as $sent_http_x
--- config
    location /nh {
        more_set_headers "X-More: m$uri";
        content_by_lua_block {
            ngx.header["X-L"] = "caf\233"
            ngx.header["X-Two"] = { "a\255", "b" }
            ngx.say(ngx.header["X-L"], " ", #ngx.header["X-L"], " ", ngx.var.sent_http_x_l)
        }
    }
--- request
GET /nh/%FF

=== TEST 18: an upstream's header bytes reach the client, and $upstream_http_x
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.header["X-Up"] = "caf\233" ngx.say("ok") } } }
--- config
    location /u/ {
        proxy_pass http://127.0.0.1:$PORT2;
        header_filter_by_lua_block { ngx.header["X-Seen"] = ngx.var.upstream_http_x_up .. "!" }
    }
--- request
GET /u/

=== TEST 19: a Host with bytes above 0x7f: $host, a regex server_name, the redirect to it
--- http_config
    server { listen $PORT; server_name "~^caf\xe9\.(?<tld>.+)$"; location / { return 200 "regex [$host] [$tld]\n"; } location /d { return 302 /e; } }
--- config
    location / { return 200 "default [$host] [$http_host]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: CAF\xe9.Test\r\n\r\n
GET /d HTTP/1.1\r\nHost: caf\xe9.test:8080\r\n\r\n
GET / HTTP/1.1\r\nHost: x\xe9y\r\nConnection: close\r\n\r\n

=== TEST 20: keys hashed or matched as bytes: split_clients, secure_link_md5, sub_filter
--- http_config
    split_clients "$uri" $bucket { 10% a; 20% b; 30% c; * d; }
--- config
    location /sc/ { return 200 "$bucket\n"; }
    location /sl/ { secure_link $arg_h; secure_link_md5 "$uri k"; return 200 "[$secure_link]\n"; }
    location /sf/ { sub_filter_types *; sub_filter $arg_p "<$arg_r>"; echo $uri; }
--- raw_request
GET /sc/%E9 HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sc/%E9%E9 HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sc/%FF%FE HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sc/%E9x HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sl/%E9?h=7FIEXy16uiQYCHRDQhgfhw HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sl/%E9?h=YFxHPEH3wrgPMOl4NHcK4Q HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /sf/a%E9b?p=\xe9&r=\xff HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
