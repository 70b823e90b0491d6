# `proxy_pass https://` to a TLS server of the same config ($PORT2, the fixture certificate of
# `localhost`), which answers what it saw of the handshake.

=== TEST 1: an https upstream with nginx's defaults (no SNI, no verification)
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { return 200 "$ssl_protocol sni=[$ssl_server_name] host=$http_host uri=$request_uri\n"; }
    }
--- config
    location /t { proxy_pass https://127.0.0.1:$PORT2; }
--- request
GET /t?a=1

=== TEST 2: proxy_ssl_server_name sends the host as SNI
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "sni=[$ssl_server_name] host=$http_host\n"; }
    }
--- config
    location /t {
        proxy_ssl_server_name on;
        proxy_pass https://localhost:$PORT2/x;
    }
--- request
GET /t

=== TEST 3: proxy_ssl_name names the SNI and the checked host
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "sni=[$ssl_server_name]\n"; }
    }
--- config
    location /t {
        proxy_ssl_server_name on;
        proxy_ssl_name localhost;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate tls/localhost.crt;
        proxy_pass https://127.0.0.1:$PORT2;
    }
--- request
GET /t

=== TEST 4: a certificate for another name fails verification
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
--- config
    location /t {
        proxy_ssl_name other.test;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate tls/localhost.crt;
        proxy_pass https://127.0.0.1:$PORT2;
    }
--- request
GET /t
--- grep_error_log
\[error\] upstream SSL.*

=== TEST 5: an untrusted certificate fails verification
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
--- config
    location /t {
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate tls/example.crt;
        proxy_pass https://127.0.0.1:$PORT2;
    }
--- request
GET /t
--- grep_error_log
\[error\] upstream SSL.*

=== TEST 6: sessions are reused per peer, unless proxy_ssl_session_reuse is off
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "reused=$ssl_session_reused\n"; }
    }
--- config
    location /p { proxy_pass https://127.0.0.1:$PORT2; }
    location /off {
        proxy_ssl_session_reuse off;
        proxy_pass https://127.0.0.1:$PORT2;
    }
    location /t {
        content_by_lua_block {
            for _, u in ipairs{"/p", "/p", "/p", "/off", "/off"} do
                ngx.print(u, " ", ngx.location.capture(u).body)
            end
        }
    }
--- request
GET /t

=== TEST 7: an https URL in a variable
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "$scheme host=$http_host uri=$request_uri\n"; }
    }
--- config
    location /t {
        set $up https://127.0.0.1:$PORT2;
        proxy_pass $up/v$is_args$args;
    }
--- request
GET /t?q=2

=== TEST 8: an https upstream block with keepalive
--- http_config
    upstream tls_backend {
        server 127.0.0.1:$PORT2;
        keepalive 4;
    }
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "req=$connection_requests host=$http_host\n"; }
    }
--- config
    location /p {
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_pass https://tls_backend;
    }
    location /t {
        content_by_lua_block {
            for i = 1, 3 do ngx.print(ngx.location.capture("/p").body) end
        }
    }
--- request
GET /t

=== TEST 9: an https upstream that speaks plain HTTP
--- http_config
    server {
        listen $PORT2;
        location / { return 200 "plain\n"; }
    }
--- config
    location /t { proxy_pass https://127.0.0.1:$PORT2; }
--- request
GET /t

=== TEST 10: a large body each way
--- http_config
    server {
        listen $PORT2 ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / {
            content_by_lua_block {
                ngx.req.read_body()
                local b = ngx.req.get_body_data() or ""
                ngx.say(#b)
                ngx.print(string.rep("z", 100000))
            }
        }
    }
--- config
    location /t { proxy_pass https://127.0.0.1:$PORT2; }
--- request
POST /t
xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
