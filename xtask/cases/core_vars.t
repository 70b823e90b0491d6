# nginx variables through return/add_header (no Lua), as users rely on them.

=== TEST 1: uri request_uri args is_args
--- config
    location / { return 200 "uri=$uri request_uri=$request_uri args=$args is_args=$is_args\n"; }
--- request
GET /p/a%20b?x=1&y=2

=== TEST 2: arg_NAME
--- config
    location / { return 200 "a=$arg_a b=$arg_b missing=[$arg_missing] upper=$arg_UP\n"; }
--- request
GET /?a=1&b=two&UP=u

=== TEST 3: http_NAME
--- config
    location / { return 200 "ua=$http_user_agent x=$http_x_test_header accept=[$http_accept]\n"; }
--- request
GET /
--- more_headers
User-Agent: curl/8
X-Test-Header: val

=== TEST 4: repeated request header
--- config
    location / { return 200 "x=$http_x_rep\n"; }
--- request
GET /
--- more_headers
X-Rep: one
X-Rep: two

=== TEST 5: cookie_NAME
--- config
    location / { return 200 "sid=$cookie_sid other=[$cookie_other]\n"; }
--- request
GET /
--- more_headers
Cookie: a=b; sid=12345

=== TEST 6: request_method and request
--- config
    location / { return 200 "$request_method | $request\n"; }
--- request
DELETE /thing?x HTTP/1.1

=== TEST 7: scheme server_protocol host
--- config
    location / { return 200 "$scheme $server_protocol $host\n"; }
--- request
GET / HTTP/1.0

=== TEST 8: host falls back to server_name without Host
--- config
    location / { return 200 "host=$host\n"; }
--- raw_request
GET / HTTP/1.0\r\n\r\n

=== TEST 9: remote_addr and server_addr
--- config
    location / { return 200 "$remote_addr $server_addr\n"; }
--- request
GET /

=== TEST 10: content_length content_type
--- config
    location / { return 200 "len=$content_length type=$content_type\n"; }
--- request
POST /
hello world
--- more_headers
Content-Type: application/x-test

=== TEST 11: document_root and request_filename
--- config
    location /d/ { root /srv/www; return 200 "$document_root $request_filename\n"; }
--- request
GET /d/file.txt

=== TEST 12: request_filename with alias
--- config
    location /a/ { alias /srv/aliased/; return 200 "$document_root $request_filename\n"; }
--- request
GET /a/x/y.txt

=== TEST 13: realpath_root
--- user_files
>>> html/x.txt
x
--- config
    location / { return 200 "$realpath_root\n"; }
--- request
GET /x.txt

=== TEST 14: nginx_version and hostname is set
--- config
    set $hn $hostname;
    location / {
        if ($hn = "") { return 500; }
        return 200 "$nginx_version\n";
    }
--- request
GET /

=== TEST 15: status and sent headers in add_header
--- config
    location / { add_header X-Status $status; add_header X-CT $sent_http_content_type; return 200 "ok\n"; }
--- request
GET /

=== TEST 16: request_length and connection_requests
--- config
    location / { return 200 "reqs=$connection_requests\n"; }
--- pipelined_requests
GET /
GET /
GET /

=== TEST 17: binary_remote_addr is 4 bytes
--- config
    location / { content_by_lua_block { ngx.say(#ngx.var.binary_remote_addr) } }
--- request
GET /

=== TEST 18: regex captures $1 $2 in a location
--- config
    location ~ ^/(\w+)-(\w+)$ { return 200 "$2-$1\n"; }
--- request
GET /left-right

=== TEST 19: set with captures from if
--- config
    location / {
        if ($uri ~ "^/v(\d+)/") { set $ver $1; }
        return 200 "ver=[$ver]\n";
    }
--- request
GET /v3/api

=== TEST 20: query_string
--- config
    location / { return 200 "qs=$query_string\n"; }
--- request
GET /?z=9

=== TEST 21: request_body in a lua location with read body
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.var.request_body, "]") } }
--- request
POST /
body text

=== TEST 22: server_port and server_name
--- config
    location / { content_by_lua_block { ngx.say(ngx.var.server_port == "$PORT", " ", ngx.var.server_name) } }
--- request
GET /

=== TEST 23: uri after rewrite vs request_uri
--- config
    location /a { rewrite ^ /b last; }
    location /b { return 200 "uri=$uri request_uri=$request_uri\n"; }
--- request
GET /a?k=v

=== TEST 25: limit_rate is writable from lua
--- config
    location / { content_by_lua_block { ngx.var.limit_rate = 1000000 ngx.say(ngx.var.limit_rate) } }
--- request
GET /

=== TEST 26: http_host with port
--- config
    location / { return 200 "http_host=$http_host host=$host\n"; }
--- request
GET /
--- more_headers
Host: WWW.Example.com:81

=== TEST 27: args with special characters
--- config
    location / { return 200 "args=$args\n"; }
--- request
GET /?a=b%26c&d=%3D&e=[x]

=== TEST 28: body_bytes_sent counts chunk framing
--- config
    location /t {
        content_by_lua_block { ngx.say("hello") ngx.flush(true) ngx.say("world") }
        log_by_lua_block { ngx.log(ngx.WARN, "bbs=", ngx.var.body_bytes_sent) }
    }
--- request
GET /t
--- wait: 0.2
--- grep_error_log
bbs=\d+

=== TEST 29: body_bytes_sent with a content length
--- config
    location /t {
        content_by_lua_block { ngx.header["Content-Length"] = 12 ngx.say("hello") ngx.say("world") }
        log_by_lua_block { ngx.log(ngx.WARN, "bbs=", ngx.var.body_bytes_sent) }
    }
--- request
GET /t
--- wait: 0.2
--- grep_error_log
bbs=\d+

=== TEST 30: a set variable read where it was never assigned: empty, with nginx's warning
--- config
    location /set { set $later "x"; return 200 "later=$later\n"; }
    location /t { return 200 "later=[$later]\n"; }
    location /lua { content_by_lua_block { ngx.say("later=[", ngx.var.later, "] ", type(ngx.var.later)) } }
--- pipelined_requests
GET /t
GET /lua
GET /set
--- grep_error_log
\[warn\].*

=== TEST 31: uninitialized_variable_warn off, in a location and in an if
--- config
    location /t { uninitialized_variable_warn off; return 200 "later=[$later]\n"; }
    location /i { if ($arg_q) { uninitialized_variable_warn off; } return 200 "later=[$later]\n"; }
    location /s { set $later "x"; return 200 "later=$later\n"; }
--- pipelined_requests
GET /t
GET /i?q=1
GET /i
--- grep_error_log
\[warn\].*

=== TEST 32: an access log line with a variable set in another location
--- http_config
    log_format uid 'uid=$uid status=$status';
--- config
    access_log logs/uid.log uid;
    location /a { set $uid "7"; return 200 "a\n"; }
    location /b { return 200 "b\n"; }
--- pipelined_requests
GET /a
GET /b
--- error_log_file
logs/uid.log
--- grep_error_log
uid=.*
