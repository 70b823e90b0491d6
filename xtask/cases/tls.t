# TLS termination (`listen … ssl`): the harness's client speaks TLS when a case has `--- tls`
# (its value is the SNI name; `-` sends none) and reports the protocol, cipher suite and
# certificate each server chose. The certificates are xtask/cases/tls/*, as `tls/NAME` in
# the conf directory.

=== TEST 1: TLS variables
--- config
    location /t {
        content_by_lua_block {
            for _, n in ipairs{"scheme", "https", "ssl_protocol", "ssl_cipher", "ssl_server_name",
                               "ssl_session_reused", "ssl_client_verify"} do
                ngx.say(n, "=", tostring(ngx.var[n]))
            end
        }
    }
--- tls
--- request
GET /t

=== TEST 2: TLS variables in the config
--- config
    location /t { return 200 "$scheme|$https|$ssl_protocol|$ssl_server_name|$ssl_session_reused\n"; }
--- tls
--- request
GET /t

=== TEST 3: plain connections have no ssl variables
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.var.scheme, " [", ngx.var.https, "] ", tostring(ngx.var.ssl_protocol),
                    " ", tostring(ngx.var.ssl_server_name), " ", tostring(ngx.var.ssl_cipher))
        }
    }
--- request
GET /t

=== TEST 4: without ssl_protocols nginx 1.22 negotiates TLSv1.2
--- config
    location /t { return 200 "$ssl_protocol\n"; }
--- tls
--- request
GET /t

=== TEST 5: ssl_protocols TLSv1.2 TLSv1.3
--- config
    ssl_protocols TLSv1.2 TLSv1.3;
    location /t { return 200 "$ssl_protocol $ssl_cipher\n"; }
--- tls
--- request
GET /t

=== TEST 6: ssl_protocols TLSv1.3 only
--- http_config
    ssl_protocols TLSv1.3;
--- config
    location /t { return 200 "$ssl_protocol\n"; }
--- tls
--- request
GET /t

=== TEST 7: a relative redirect becomes https
--- config
    location /t { return 302 /elsewhere; }
--- tls
--- request
GET /t

=== TEST 8: the directory redirect is https
--- config
    location /dir/ { }
--- user_files
>>> html/dir/index.html
index
--- tls
--- request
GET /dir

=== TEST 9: ngx.redirect with a relative target is https
--- config
    location /t { content_by_lua_block { ngx.redirect("/there") } }
--- tls
--- request
GET /t

=== TEST 10: SNI picks the certificate, Host the server
--- http_config
    server {
        listen $PORT ssl;
        server_name example.com *.example.com;
        ssl_certificate tls/example.crt;
        ssl_certificate_key tls/example.key;
        location / { return 200 "example $ssl_server_name $host\n"; }
    }
--- config
    location / { return 200 "localhost $ssl_server_name $host\n"; }
--- tls
example.com
--- request
GET /t

=== TEST 11: SNI and Host both name the second server
--- http_config
    server {
        listen $PORT ssl;
        server_name example.com *.example.com;
        ssl_certificate tls/example.crt;
        ssl_certificate_key tls/example.key;
        location / { return 200 "example $ssl_server_name $host\n"; }
    }
--- config
    location / { return 200 "localhost $ssl_server_name $host\n"; }
--- tls
www.example.com
--- more_headers
Host: www.example.com
--- request
GET /t

=== TEST 12: no SNI gets the default server's certificate
--- http_config
    server {
        listen $PORT ssl;
        server_name example.com;
        ssl_certificate tls/example.crt;
        ssl_certificate_key tls/example.key;
        location / { return 200 "example\n"; }
    }
--- config
    location / { return 200 "localhost [$ssl_server_name]\n"; }
--- tls
-
--- request
GET /t

=== TEST 13: an unknown SNI name gets the default server's certificate
--- http_config
    server {
        listen $PORT ssl;
        server_name example.com;
        ssl_certificate tls/example.crt;
        ssl_certificate_key tls/example.key;
        location / { return 200 "example\n"; }
    }
--- config
    location / { return 200 "localhost $ssl_server_name\n"; }
--- tls
nowhere.test
--- request
GET /t

=== TEST 14: a PKCS#1 RSA key
--- http_config
    server {
        listen $PORT ssl;
        server_name traditional.test;
        ssl_certificate tls/rsa-traditional.crt;
        ssl_certificate_key tls/rsa-traditional.key;
        location / { return 200 "traditional\n"; }
    }
--- config
    location / { return 200 "localhost\n"; }
--- tls
traditional.test
--- more_headers
Host: traditional.test
--- request
GET /t

=== TEST 15: an RSA and an ECDSA certificate in one server
--- http_config
    server {
        listen $PORT ssl;
        server_name example.com;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        ssl_certificate tls/example.crt;
        ssl_certificate_key tls/example.key;
        location / { return 200 "both\n"; }
    }
--- config
    location / { return 200 "localhost\n"; }
--- tls
example.com
--- request
GET /t

=== TEST 16: certificates inherited from the http level
--- http_config
    ssl_certificate tls/example.crt;
    ssl_certificate_key tls/example.key;
    server {
        listen $PORT ssl;
        server_name example.com;
        location / { return 200 "inherited\n"; }
    }
--- config
    location / { return 200 "localhost\n"; }
--- tls
example.com
--- more_headers
Host: example.com
--- request
GET /t

=== TEST 17: plain HTTP on a TLS port
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
}
--- request
GET /t
--- grep_error_log
\[info\] client sent plain HTTP request.*

=== TEST 18: plain HTTP on a TLS port, redirected by error_page 497
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        error_page 497 https://$host:$server_port$request_uri;
        location / { return 200 "never\n"; }
    }
}
--- request
GET /t?a=1

=== TEST 19: plain HTTP on a TLS port with a body
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
}
--- request
POST /t
hello

=== TEST 20: the deprecated `ssl on`
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT;
        ssl on;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "$scheme\n"; }
    }
}
--- tls
--- request
GET /t

=== TEST 21: a request body over TLS
--- config
    location /t {
        content_by_lua_block {
            ngx.req.read_body()
            ngx.say("got ", ngx.req.get_body_data())
        }
    }
--- tls
--- request
POST /t
hello over tls

=== TEST 22: a large response over TLS
--- config
    location /t {
        content_by_lua_block {
            for i = 1, 200 do ngx.print(string.rep(string.char(97 + i % 26), 1000)) end
            ngx.say("end")
        }
    }
--- tls
--- request
GET /t

=== TEST 23: flushes and sleeps over TLS
--- config
    location /t {
        content_by_lua_block {
            ngx.say("one")
            ngx.flush(true)
            ngx.sleep(0.05)
            ngx.say(string.rep("x", 3000))
            ngx.flush()
            ngx.sleep(0.05)
            ngx.say("three")
        }
    }
--- tls
--- request
GET /t

=== TEST 24: pipelined keep-alive requests over TLS
--- config
    location /t { return 200 "$request_uri $connection_requests\n"; }
--- tls
--- pipelined_requests
GET /t?1
GET /t?2
GET /t?3

=== TEST 25: HTTP/1.0 over TLS
--- config
    location /t { content_by_lua_block { ngx.say("ten") } }
--- tls
--- request
GET /t HTTP/1.0

=== TEST 26: a static file over TLS
--- config
    location /f { alias html/file.txt; }
--- user_files
>>> html/file.txt
some file content
--- tls
--- request
GET /f

=== TEST 27: the raw request socket over TLS
--- config
    location /t {
        content_by_lua_block {
            local sock = assert(ngx.req.socket(true))
            local data = assert(sock:receive(5))
            sock:send("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nraw " .. data:sub(1, 4))
        }
    }
--- tls
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\nhello

=== TEST 28: a proxied request from a TLS server
--- http_config
    server {
        listen $PORT2;
        location / { return 200 "upstream saw $scheme $http_x_proto\n"; }
    }
--- config
    location / {
        proxy_set_header X-Proto $scheme;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- tls
--- request
GET /t

=== TEST 29: ssl_verify_client on with a valid client certificate
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client on;
    location / {
        content_by_lua_block {
            for _, n in ipairs{"verify", "s_dn", "i_dn", "serial", "fingerprint", "v_start", "v_end", "v_remain", "raw_cert", "cert"} do
                ngx.say(n, "=", tostring(ngx.var["ssl_client_" .. n]))
            end
        }
    }
--- tls
--- tls_cert
client
--- request
GET /t

=== TEST 30: ssl_verify_client on without a client certificate
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client on;
    location / { return 200 "never\n"; }
--- tls
--- request
GET /t
--- grep_error_log
\[info\] client sent no required.*

=== TEST 31: ssl_verify_client on with an untrusted certificate
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client on;
    location / { return 200 "never\n"; }
--- tls
--- tls_cert
example
--- request
GET /t
--- grep_error_log
\[info\] client SSL certificate verify error.*

=== TEST 32: ssl_verify_client optional lets requests without a certificate through
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client optional;
    location / { return 200 "verify=$ssl_client_verify s_dn=[$ssl_client_s_dn] serial=[$ssl_client_serial]\n"; }
--- tls
--- request
GET /t

=== TEST 33: ssl_verify_client optional refuses an untrusted certificate
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client optional;
    error_page 495 = @cert_error;
    location / { return 200 "never\n"; }
    location @cert_error { return 403 "bad certificate: $ssl_client_verify\n"; }
--- tls
--- tls_cert
example
--- request
GET /t

=== TEST 34: ssl_verify_client optional_no_ca passes what did not verify on
--- config
    ssl_verify_client optional_no_ca;
    location / { return 200 "verify=$ssl_client_verify s_dn=$ssl_client_s_dn i_dn=$ssl_client_i_dn\n"; }
--- tls
--- tls_cert
client
--- request
GET /t

=== TEST 35: ssl_verify_client optional_no_ca with a self-signed certificate
--- config
    ssl_verify_client optional_no_ca;
    location / { return 200 "verify=$ssl_client_verify s_dn=$ssl_client_s_dn\n"; }
--- tls
--- tls_cert
example
--- request
GET /t

=== TEST 36: ssl_trusted_certificate adds CAs to ssl_client_certificate's
--- config
    ssl_client_certificate tls/localhost.crt;
    ssl_trusted_certificate tls/ca.crt;
    ssl_verify_client on;
    location / { return 200 "verify=$ssl_client_verify\n"; }
--- tls
--- tls_cert
client
--- request
GET /t

=== TEST 37: no client certificate variables without ssl_verify_client
--- config
    location / { return 200 "verify=$ssl_client_verify s_dn=[$ssl_client_s_dn]\n"; }
--- tls
--- tls_cert
client
--- request
GET /t

=== TEST 38: listen … ssl http2 serves HTTP/1.1 to a client that does not ask for h2
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT ssl http2;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "$server_protocol $ssl_protocol\n"; }
    }
}
--- tls
--- request
GET /t

=== TEST 39: ssl_crl refuses a revoked client certificate
--- config
    ssl_client_certificate tls/crl-ca.crt;
    ssl_crl tls/crl-ca.crl;
    ssl_verify_client on;
    location / { return 200 "verify=$ssl_client_verify dn=$ssl_client_s_dn\n"; }
--- tls
--- tls_cert
revoked
--- request
GET /t
--- grep_error_log
\[info\] client SSL certificate verify error.*

=== TEST 40: ssl_crl lets a certificate it does not revoke through
--- config
    ssl_client_certificate tls/crl-ca.crt;
    ssl_crl tls/crl-ca.crl;
    ssl_verify_client on;
    location / { return 200 "verify=$ssl_client_verify dn=$ssl_client_s_dn\n"; }
--- tls
--- tls_cert
good
--- request
GET /t

=== TEST 41: error_page 496 to a named location answers 400
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client on;
    error_page 495 496 @cert;
    location / { return 200 "never\n"; }
    location @cert { content_by_lua_block { ngx.say("status ", ngx.status, " ", ngx.var.ssl_client_verify) } }
--- tls
--- request
GET /t

=== TEST 42: a Host other than the SNI name on a server that checks certificates is misdirected
--- http_config
    server {
        listen $PORT ssl;
        server_name checked.test;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        ssl_client_certificate tls/ca.crt;
        ssl_verify_client on;
        location / { return 200 "checked\n"; }
    }
--- config
    location / { return 200 "open\n"; }
--- tls
localhost
--- more_headers
Host: checked.test
--- request
GET /t
--- grep_error_log
\[info\] client attempted.*

=== TEST 43: ssl_verify_client optional_no_ca with a certificate of another CA
--- config
    ssl_client_certificate tls/ca.crt;
    ssl_verify_client optional_no_ca;
    location / { return 200 "verify=$ssl_client_verify\n"; }
--- tls
--- tls_cert
good
--- request
GET /t

=== TEST 44: a client that closes before its handshake
--- full_config
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen $PORT ssl;
        server_name localhost;
        ssl_certificate tls/localhost.crt;
        ssl_certificate_key tls/localhost.key;
        location / { return 200 "never\n"; }
    }
}
--- raw_request
--- shutdown
--- grep_error_log
\[info\] client closed connection.*
