=== TEST 1: no credentials, good ones, wrong password, unknown user
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6d3Jvbmc=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bm9ib2R5OnNlY3JldA==\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 2: every password format with the right password
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic cGxhaW5jOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c3NoYTpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YXByOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bWQ1OnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhMjU2OnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhNTEyOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZGVzOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZXh0OnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic eWVzOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YmNyeXB0OnNlY3JldA==\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 3: every password format with a wrong password
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6U2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic cGxhaW5jOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c3NoYTpTZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YXByOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bWQ1OlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhMjU2OlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhNTEyOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZGVzOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZXh0OlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic eWVzOlNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YmNyeXB0OlNlY3JldA==\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 4: an empty password field, a failure token, bad {SSHA} data, a line without colon
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZW1wdHk6\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZW1wdHk6eA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dG9rZW46KjA=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dG9rZW46eA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YmFkc3NoYTpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hvcnRzc2hhOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bm9jb2xvbjpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bm9jb2xvbjo=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 5: DES uses only eight characters of the password
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZGVzOnNlY3JldDEyMzQ1\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ZGVzOnNlY3Jl\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0Om1vcmU=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 6: malformed Authorization headers
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic \r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic    \r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: BASIC    YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic !!!!\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic OnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0 \r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic	YWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: BasicxYWxpY2U6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Digest username="alice"\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 7: HEAD and POST get the 401 too
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
HEAD /t HTTP/1.1\r\nHost: localhost\r\n\r\n
HEAD /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 8: realm with variables, quotes and an empty realm
--- config
    location /v {
        auth_basic "Zone $host $arg_r";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok") }
    }
    location /q {
        auth_basic 'say "hi"';
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok") }
    }
    location /e {
        auth_basic "";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok") }
    }
    location /off {
        auth_basic $arg_realm;
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /v?r=abc HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /q HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /e HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /off?realm=off HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /off?realm=OFF HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /off?realm=on HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /off HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /off?realm=off HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Ym9iOng=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 9: inheritance: server level, off in a nested location, realm and file inherited apart
--- config
    auth_basic "server realm";
    auth_basic_user_file htpasswd;
    location /a {
        content_by_lua_block { ngx.say("a ", ngx.var.remote_user) }
        location /a/open {
            auth_basic off;
            content_by_lua_block { ngx.say("open ", tostring(ngx.var.remote_user)) }
            location /a/open/again {
                auth_basic "again";
                content_by_lua_block { ngx.say("again ", ngx.var.remote_user) }
            }
        }
    }
    location /b {
        auth_basic "b realm";
        content_by_lua_block { ngx.say("b ", ngx.var.remote_user) }
    }
    location /c {
        auth_basic_user_file other;
        content_by_lua_block { ngx.say("c ", ngx.var.remote_user) }
    }
--- raw_request
GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /a/open HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /a/open HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /a/open/again HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /b HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /b HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2hhOnNlY3JldA==\r\n\r\n
GET /c HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /c HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
>>> conf/other
carol:{PLAIN}other
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 10: a realm without a user file, a user file without a realm
--- config
    location /r {
        auth_basic "only realm";
        content_by_lua_block { ngx.say("r ", tostring(ngx.var.remote_user)) }
    }
    location /f {
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("f ", tostring(ngx.var.remote_user)) }
    }
--- raw_request
GET /r HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /f HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /f HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6d3Jvbmc=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 11: http level auth_basic
--- http_config
    auth_basic "from http";
    auth_basic_user_file htpasswd;
--- config
    location /t { content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) } }
    location /o { auth_basic off; content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) } }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YXByOnNlY3JldA==\r\n\r\n
GET /o HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 12: satisfy any and all with allow and deny
--- config
    location /any-allow {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("any-allow ", tostring(ngx.var.remote_user)) }
    }
    location /any-deny {
        satisfy any;
        deny all;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("any-deny ", tostring(ngx.var.remote_user)) }
    }
    location /all-allow {
        allow all;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("all-allow ", tostring(ngx.var.remote_user)) }
    }
    location /all-deny {
        deny all;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("all-deny ", tostring(ngx.var.remote_user)) }
    }
--- raw_request
GET /any-allow HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any-allow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /any-deny HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any-deny HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /any-deny HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /all-allow HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /all-allow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /all-deny HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /all-deny HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 13: order with access_by_lua and auth_request, under satisfy all and any
--- config
    location = /auth {
        internal;
        content_by_lua_block {
            ngx.log(ngx.WARN, "auth subrequest ", tostring(ngx.var.remote_user))
            if ngx.var.http_x_sub == "no" then
                ngx.header["WWW-Authenticate"] = 'Bearer realm="sub"'
                ngx.exit(401)
            end
            ngx.exit(204)
        }
    }
    location /all {
        auth_basic "r";
        auth_basic_user_file htpasswd;
        auth_request /auth;
        access_by_lua_block { ngx.log(ngx.WARN, "access_by_lua ", tostring(ngx.var.remote_user)) }
        content_by_lua_block { ngx.say("all ", ngx.var.remote_user) }
    }
    location /any {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        access_by_lua_block { ngx.log(ngx.WARN, "access_by_lua (any) ", tostring(ngx.var.remote_user)) }
        content_by_lua_block { ngx.say("any ", tostring(ngx.var.remote_user)) }
    }
    location /any-sub {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        auth_request /auth;
        content_by_lua_block { ngx.say("any-sub ", tostring(ngx.var.remote_user)) }
    }
--- raw_request
GET /all HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /all HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /all HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /any HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /any HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /any-sub HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any-sub HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|auth subrequest|access_by_lua|access forbidden)[^,]*

=== TEST 14: satisfy any where neither allows: the challenges of both
--- config
    location = /auth {
        internal;
        content_by_lua_block {
            ngx.header["WWW-Authenticate"] = 'Bearer realm="sub"'
            ngx.exit(401)
        }
    }
    location /any-sub {
        satisfy any;
        deny all;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        auth_request /auth;
        content_by_lua_block { ngx.say("any-sub ", tostring(ngx.var.remote_user)) }
    }
    location /any-403 {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        access_by_lua_block { ngx.exit(403) }
        content_by_lua_block { ngx.say("any-403") }
    }
--- raw_request
GET /any-sub HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any-sub HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /any-403 HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any-403 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 15: satisfy any: a handler that allows drops the challenges of those before
--- config
    location = /auth {
        internal;
        content_by_lua_block {
            ngx.header["WWW-Authenticate"] = {'Bearer realm="sub"', 'Other x'}
            ngx.exit(401)
        }
    }
    location /any {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file htpasswd;
        auth_request /auth;
        access_by_lua_block { if ngx.var.arg_deny then ngx.exit(403) end }
        content_by_lua_block { ngx.say("any ", tostring(ngx.var.remote_user)) }
    }
--- raw_request
GET /any HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /any HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /any?deny=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 16: satisfy any: an allow rule drops a challenge Lua set before
--- config
    location /any {
        satisfy any;
        allow all;
        rewrite_by_lua_block { ngx.header["WWW-Authenticate"] = "Lua b" }
        content_by_lua_block { ngx.say("any") }
    }
    location /all {
        rewrite_by_lua_block { ngx.header["WWW-Authenticate"] = "Lua b" }
        content_by_lua_block { ngx.say("all") }
    }
--- raw_request
GET /any HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /all HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 17: satisfy any: a missing user file is a refusal, a directory a 500
--- config
    location /a {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file nothere;
        access_by_lua_block { if ngx.var.arg_ok then return end ngx.exit(403) }
        content_by_lua_block { ngx.say("a") }
    }
    location /b {
        satisfy any;
        deny all;
        auth_basic "r";
        auth_basic_user_file nothere;
        content_by_lua_block { ngx.say("b") }
    }
    location /c {
        satisfy any;
        auth_basic "r";
        auth_basic_user_file $TEST_PREFIX/conf;
        access_by_lua_block { ngx.log(ngx.WARN, "access_by_lua ran") }
        content_by_lua_block { ngx.say("c") }
    }
--- raw_request
GET /a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /a?ok=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /b HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /c HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|access_by_lua ran|access forbidden)[^,]*

=== TEST 18: two Authorization headers
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nAuthorization: Basic Ym9iOng=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 19: a missing user file is a 403
--- config
    location /missing {
        auth_basic "r";
        auth_basic_user_file nothere;
        content_by_lua_block { ngx.say("missing") }
    }
--- raw_request
GET /missing HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /missing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /missing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Ym9iOng=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 20: a directory as the user file is a 500
--- config
    location /dir {
        auth_basic "r";
        auth_basic_user_file $TEST_PREFIX/conf;
        content_by_lua_block { ngx.say("dir") }
    }
--- raw_request
GET /dir HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /dir HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 21: an empty user file name is the conf directory
--- config
    location /dir {
        auth_basic "r";
        auth_basic_user_file "";
        content_by_lua_block { ngx.say("dir") }
    }
--- raw_request
GET /dir HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 22: a user file named by variables
--- config
    location /var {
        auth_basic "r";
        auth_basic_user_file $arg_f;
        content_by_lua_block { ngx.say("var ", ngx.var.remote_user) }
    }
    location /abs {
        auth_basic "r";
        auth_basic_user_file $TEST_PREFIX/conf/$arg_f;
        content_by_lua_block { ngx.say("abs ", ngx.var.remote_user) }
    }
    location /full {
        auth_basic "r";
        auth_basic_user_file $arg_f;
        content_by_lua_block { ngx.say("full ", ngx.var.remote_user) }
    }
--- raw_request
GET /var?f=htpasswd HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /var?f=other HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /var?f=other HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\n\r\n
GET /var?f=nope HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\n\r\n
GET /abs?f=other HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\n\r\n
GET /var?f=../conf/other HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
>>> conf/other
carol:{PLAIN}other
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 23: a missing user file named by a variable
--- config
    location /var {
        auth_basic "r";
        auth_basic_user_file $arg_f;
        content_by_lua_block { ngx.say("var ", ngx.var.remote_user) }
    }
--- raw_request
GET /var?f=nope HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\n\r\n
GET /var?f=/nope HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6b3RoZXI=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 24: file syntax: CRLF lines, blank lines, comments, leading spaces, a prefix line, no final newline
--- http_config
    init_by_lua_block {
        local f = assert(io.open(ngx.config.prefix() .. "conf/odd", "w"))
        f:write("crlf:{PLAIN}secret\r\n\r\n\nafter:{PLAIN}secret\n  spaced:{PLAIN}secret\n#hash:{PLAIN}secret\n",
                "vic\nvictim:{PLAIN}secret\ncr\rcrvictim:{PLAIN}secret\ntab:{PLAIN}secret\t\n\r\nx:{PLAIN}1\nlast:{PLAIN}secret")
        f:close()
    }
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file odd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y3JsZjpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWZ0ZXI6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic IHNwYWNlZDpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c3BhY2VkOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic I2hhc2g6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dmljdGltOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dmljOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y3J2aWN0aW06c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y3I6c2VjcmV0\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bGFzdDpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic eDox\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y29sb246bmFtZTpzZWNyZXQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dGFiOnNlY3JldA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dGFiOnNlY3JldAk=\r\nConnection: close\r\n\r\n

--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 25: the user of a failed attempt in $remote_user, error_page 401
--- config
    error_page 401 /denied;
    location = /denied { content_by_lua_block { ngx.say("denied ", tostring(ngx.var.remote_user)) } }
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Z2hvc3Q6eA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 26: no access check for subrequests; internal redirects are checked again
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", tostring(ngx.var.remote_user)) }
    }
    location /cap {
        content_by_lua_block {
            local res = ngx.location.capture("/t")
            ngx.say(res.status, " ", res.body)
        }
    }
    location /rw { rewrite ^ /t last; }
    location /exec { content_by_lua_block { ngx.exec("/t") } }
--- raw_request
GET /cap HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /rw HTTP/1.1\r\nHost: localhost\r\n\r\n
GET /rw HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n
GET /exec HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 27: remote_user without auth_basic and the access log
--- http_config
    log_format main '$remote_user "$request" $status';
--- config
    access_log logs/access.log main;
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file htpasswd;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
    location /plain { content_by_lua_block { ngx.say("plain ", tostring(ngx.var.remote_user)) } }
--- raw_request
GET /plain HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic d2hvZXZlcjp4\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6YmFk\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/htpasswd
# a comment line
alice:{PLAIN}secret
plainc:{PLAIN}secret:a comment after the password
sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
ssha:{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA==
apr:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/
md5:$1$saltsalt$9xy1btjgzLYfb7hivXtC//
sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA
sha512:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1
des:abNANd1rDfiNc
ext:_J9..saltLXKE4peqNCg
yes:$y$j9T$saltsaltsaltsalt$.Zt5W26jjocuW0wIHGgB6AJelofw6GEpOypHGyow2y5
bcrypt:$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a

empty:
token:*0
badssha:{SSHA}!!!!
shortssha:{SSHA}AAAA
nocolon
--- grep_error_log
.*" \d+
--- error_log_file
logs/access.log

=== TEST 28: a long user file with the user near the end
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file long;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dXNlcjM5OTpwdzM5OQ==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dXNlcjE1MDpiYWQ=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic emVkOnNlY3JldA==\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/long
user0:{PLAIN}pw0
user1:{PLAIN}pw1
user2:{PLAIN}pw2
user3:{PLAIN}pw3
user4:{PLAIN}pw4
user5:{PLAIN}pw5
user6:{PLAIN}pw6
user7:{PLAIN}pw7
user8:{PLAIN}pw8
user9:{PLAIN}pw9
user10:{PLAIN}pw10
user11:{PLAIN}pw11
user12:{PLAIN}pw12
user13:{PLAIN}pw13
user14:{PLAIN}pw14
user15:{PLAIN}pw15
user16:{PLAIN}pw16
user17:{PLAIN}pw17
user18:{PLAIN}pw18
user19:{PLAIN}pw19
user20:{PLAIN}pw20
user21:{PLAIN}pw21
user22:{PLAIN}pw22
user23:{PLAIN}pw23
user24:{PLAIN}pw24
user25:{PLAIN}pw25
user26:{PLAIN}pw26
user27:{PLAIN}pw27
user28:{PLAIN}pw28
user29:{PLAIN}pw29
user30:{PLAIN}pw30
user31:{PLAIN}pw31
user32:{PLAIN}pw32
user33:{PLAIN}pw33
user34:{PLAIN}pw34
user35:{PLAIN}pw35
user36:{PLAIN}pw36
user37:{PLAIN}pw37
user38:{PLAIN}pw38
user39:{PLAIN}pw39
user40:{PLAIN}pw40
user41:{PLAIN}pw41
user42:{PLAIN}pw42
user43:{PLAIN}pw43
user44:{PLAIN}pw44
user45:{PLAIN}pw45
user46:{PLAIN}pw46
user47:{PLAIN}pw47
user48:{PLAIN}pw48
user49:{PLAIN}pw49
user50:{PLAIN}pw50
user51:{PLAIN}pw51
user52:{PLAIN}pw52
user53:{PLAIN}pw53
user54:{PLAIN}pw54
user55:{PLAIN}pw55
user56:{PLAIN}pw56
user57:{PLAIN}pw57
user58:{PLAIN}pw58
user59:{PLAIN}pw59
user60:{PLAIN}pw60
user61:{PLAIN}pw61
user62:{PLAIN}pw62
user63:{PLAIN}pw63
user64:{PLAIN}pw64
user65:{PLAIN}pw65
user66:{PLAIN}pw66
user67:{PLAIN}pw67
user68:{PLAIN}pw68
user69:{PLAIN}pw69
user70:{PLAIN}pw70
user71:{PLAIN}pw71
user72:{PLAIN}pw72
user73:{PLAIN}pw73
user74:{PLAIN}pw74
user75:{PLAIN}pw75
user76:{PLAIN}pw76
user77:{PLAIN}pw77
user78:{PLAIN}pw78
user79:{PLAIN}pw79
user80:{PLAIN}pw80
user81:{PLAIN}pw81
user82:{PLAIN}pw82
user83:{PLAIN}pw83
user84:{PLAIN}pw84
user85:{PLAIN}pw85
user86:{PLAIN}pw86
user87:{PLAIN}pw87
user88:{PLAIN}pw88
user89:{PLAIN}pw89
user90:{PLAIN}pw90
user91:{PLAIN}pw91
user92:{PLAIN}pw92
user93:{PLAIN}pw93
user94:{PLAIN}pw94
user95:{PLAIN}pw95
user96:{PLAIN}pw96
user97:{PLAIN}pw97
user98:{PLAIN}pw98
user99:{PLAIN}pw99
user100:{PLAIN}pw100
user101:{PLAIN}pw101
user102:{PLAIN}pw102
user103:{PLAIN}pw103
user104:{PLAIN}pw104
user105:{PLAIN}pw105
user106:{PLAIN}pw106
user107:{PLAIN}pw107
user108:{PLAIN}pw108
user109:{PLAIN}pw109
user110:{PLAIN}pw110
user111:{PLAIN}pw111
user112:{PLAIN}pw112
user113:{PLAIN}pw113
user114:{PLAIN}pw114
user115:{PLAIN}pw115
user116:{PLAIN}pw116
user117:{PLAIN}pw117
user118:{PLAIN}pw118
user119:{PLAIN}pw119
user120:{PLAIN}pw120
user121:{PLAIN}pw121
user122:{PLAIN}pw122
user123:{PLAIN}pw123
user124:{PLAIN}pw124
user125:{PLAIN}pw125
user126:{PLAIN}pw126
user127:{PLAIN}pw127
user128:{PLAIN}pw128
user129:{PLAIN}pw129
user130:{PLAIN}pw130
user131:{PLAIN}pw131
user132:{PLAIN}pw132
user133:{PLAIN}pw133
user134:{PLAIN}pw134
user135:{PLAIN}pw135
user136:{PLAIN}pw136
user137:{PLAIN}pw137
user138:{PLAIN}pw138
user139:{PLAIN}pw139
user140:{PLAIN}pw140
user141:{PLAIN}pw141
user142:{PLAIN}pw142
user143:{PLAIN}pw143
user144:{PLAIN}pw144
user145:{PLAIN}pw145
user146:{PLAIN}pw146
user147:{PLAIN}pw147
user148:{PLAIN}pw148
user149:{PLAIN}pw149
user150:{PLAIN}pw150
user151:{PLAIN}pw151
user152:{PLAIN}pw152
user153:{PLAIN}pw153
user154:{PLAIN}pw154
user155:{PLAIN}pw155
user156:{PLAIN}pw156
user157:{PLAIN}pw157
user158:{PLAIN}pw158
user159:{PLAIN}pw159
user160:{PLAIN}pw160
user161:{PLAIN}pw161
user162:{PLAIN}pw162
user163:{PLAIN}pw163
user164:{PLAIN}pw164
user165:{PLAIN}pw165
user166:{PLAIN}pw166
user167:{PLAIN}pw167
user168:{PLAIN}pw168
user169:{PLAIN}pw169
user170:{PLAIN}pw170
user171:{PLAIN}pw171
user172:{PLAIN}pw172
user173:{PLAIN}pw173
user174:{PLAIN}pw174
user175:{PLAIN}pw175
user176:{PLAIN}pw176
user177:{PLAIN}pw177
user178:{PLAIN}pw178
user179:{PLAIN}pw179
user180:{PLAIN}pw180
user181:{PLAIN}pw181
user182:{PLAIN}pw182
user183:{PLAIN}pw183
user184:{PLAIN}pw184
user185:{PLAIN}pw185
user186:{PLAIN}pw186
user187:{PLAIN}pw187
user188:{PLAIN}pw188
user189:{PLAIN}pw189
user190:{PLAIN}pw190
user191:{PLAIN}pw191
user192:{PLAIN}pw192
user193:{PLAIN}pw193
user194:{PLAIN}pw194
user195:{PLAIN}pw195
user196:{PLAIN}pw196
user197:{PLAIN}pw197
user198:{PLAIN}pw198
user199:{PLAIN}pw199
user200:{PLAIN}pw200
user201:{PLAIN}pw201
user202:{PLAIN}pw202
user203:{PLAIN}pw203
user204:{PLAIN}pw204
user205:{PLAIN}pw205
user206:{PLAIN}pw206
user207:{PLAIN}pw207
user208:{PLAIN}pw208
user209:{PLAIN}pw209
user210:{PLAIN}pw210
user211:{PLAIN}pw211
user212:{PLAIN}pw212
user213:{PLAIN}pw213
user214:{PLAIN}pw214
user215:{PLAIN}pw215
user216:{PLAIN}pw216
user217:{PLAIN}pw217
user218:{PLAIN}pw218
user219:{PLAIN}pw219
user220:{PLAIN}pw220
user221:{PLAIN}pw221
user222:{PLAIN}pw222
user223:{PLAIN}pw223
user224:{PLAIN}pw224
user225:{PLAIN}pw225
user226:{PLAIN}pw226
user227:{PLAIN}pw227
user228:{PLAIN}pw228
user229:{PLAIN}pw229
user230:{PLAIN}pw230
user231:{PLAIN}pw231
user232:{PLAIN}pw232
user233:{PLAIN}pw233
user234:{PLAIN}pw234
user235:{PLAIN}pw235
user236:{PLAIN}pw236
user237:{PLAIN}pw237
user238:{PLAIN}pw238
user239:{PLAIN}pw239
user240:{PLAIN}pw240
user241:{PLAIN}pw241
user242:{PLAIN}pw242
user243:{PLAIN}pw243
user244:{PLAIN}pw244
user245:{PLAIN}pw245
user246:{PLAIN}pw246
user247:{PLAIN}pw247
user248:{PLAIN}pw248
user249:{PLAIN}pw249
user250:{PLAIN}pw250
user251:{PLAIN}pw251
user252:{PLAIN}pw252
user253:{PLAIN}pw253
user254:{PLAIN}pw254
user255:{PLAIN}pw255
user256:{PLAIN}pw256
user257:{PLAIN}pw257
user258:{PLAIN}pw258
user259:{PLAIN}pw259
user260:{PLAIN}pw260
user261:{PLAIN}pw261
user262:{PLAIN}pw262
user263:{PLAIN}pw263
user264:{PLAIN}pw264
user265:{PLAIN}pw265
user266:{PLAIN}pw266
user267:{PLAIN}pw267
user268:{PLAIN}pw268
user269:{PLAIN}pw269
user270:{PLAIN}pw270
user271:{PLAIN}pw271
user272:{PLAIN}pw272
user273:{PLAIN}pw273
user274:{PLAIN}pw274
user275:{PLAIN}pw275
user276:{PLAIN}pw276
user277:{PLAIN}pw277
user278:{PLAIN}pw278
user279:{PLAIN}pw279
user280:{PLAIN}pw280
user281:{PLAIN}pw281
user282:{PLAIN}pw282
user283:{PLAIN}pw283
user284:{PLAIN}pw284
user285:{PLAIN}pw285
user286:{PLAIN}pw286
user287:{PLAIN}pw287
user288:{PLAIN}pw288
user289:{PLAIN}pw289
user290:{PLAIN}pw290
user291:{PLAIN}pw291
user292:{PLAIN}pw292
user293:{PLAIN}pw293
user294:{PLAIN}pw294
user295:{PLAIN}pw295
user296:{PLAIN}pw296
user297:{PLAIN}pw297
user298:{PLAIN}pw298
user299:{PLAIN}pw299
user300:{PLAIN}pw300
user301:{PLAIN}pw301
user302:{PLAIN}pw302
user303:{PLAIN}pw303
user304:{PLAIN}pw304
user305:{PLAIN}pw305
user306:{PLAIN}pw306
user307:{PLAIN}pw307
user308:{PLAIN}pw308
user309:{PLAIN}pw309
user310:{PLAIN}pw310
user311:{PLAIN}pw311
user312:{PLAIN}pw312
user313:{PLAIN}pw313
user314:{PLAIN}pw314
user315:{PLAIN}pw315
user316:{PLAIN}pw316
user317:{PLAIN}pw317
user318:{PLAIN}pw318
user319:{PLAIN}pw319
user320:{PLAIN}pw320
user321:{PLAIN}pw321
user322:{PLAIN}pw322
user323:{PLAIN}pw323
user324:{PLAIN}pw324
user325:{PLAIN}pw325
user326:{PLAIN}pw326
user327:{PLAIN}pw327
user328:{PLAIN}pw328
user329:{PLAIN}pw329
user330:{PLAIN}pw330
user331:{PLAIN}pw331
user332:{PLAIN}pw332
user333:{PLAIN}pw333
user334:{PLAIN}pw334
user335:{PLAIN}pw335
user336:{PLAIN}pw336
user337:{PLAIN}pw337
user338:{PLAIN}pw338
user339:{PLAIN}pw339
user340:{PLAIN}pw340
user341:{PLAIN}pw341
user342:{PLAIN}pw342
user343:{PLAIN}pw343
user344:{PLAIN}pw344
user345:{PLAIN}pw345
user346:{PLAIN}pw346
user347:{PLAIN}pw347
user348:{PLAIN}pw348
user349:{PLAIN}pw349
user350:{PLAIN}pw350
user351:{PLAIN}pw351
user352:{PLAIN}pw352
user353:{PLAIN}pw353
user354:{PLAIN}pw354
user355:{PLAIN}pw355
user356:{PLAIN}pw356
user357:{PLAIN}pw357
user358:{PLAIN}pw358
user359:{PLAIN}pw359
user360:{PLAIN}pw360
user361:{PLAIN}pw361
user362:{PLAIN}pw362
user363:{PLAIN}pw363
user364:{PLAIN}pw364
user365:{PLAIN}pw365
user366:{PLAIN}pw366
user367:{PLAIN}pw367
user368:{PLAIN}pw368
user369:{PLAIN}pw369
user370:{PLAIN}pw370
user371:{PLAIN}pw371
user372:{PLAIN}pw372
user373:{PLAIN}pw373
user374:{PLAIN}pw374
user375:{PLAIN}pw375
user376:{PLAIN}pw376
user377:{PLAIN}pw377
user378:{PLAIN}pw378
user379:{PLAIN}pw379
user380:{PLAIN}pw380
user381:{PLAIN}pw381
user382:{PLAIN}pw382
user383:{PLAIN}pw383
user384:{PLAIN}pw384
user385:{PLAIN}pw385
user386:{PLAIN}pw386
user387:{PLAIN}pw387
user388:{PLAIN}pw388
user389:{PLAIN}pw389
user390:{PLAIN}pw390
user391:{PLAIN}pw391
user392:{PLAIN}pw392
user393:{PLAIN}pw393
user394:{PLAIN}pw394
user395:{PLAIN}pw395
user396:{PLAIN}pw396
user397:{PLAIN}pw397
user398:{PLAIN}pw398
user399:{PLAIN}pw399
zed:{PLAIN}secret
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*

=== TEST 29: a long password in the file and in the header
--- config
    location /t {
        auth_basic "Restricted";
        auth_basic_user_file longpw;
        content_by_lua_block { ngx.say("ok ", ngx.var.remote_user) }
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bHA6eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bHA6eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bHA6eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bHA6eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\r\n\r\n
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic bHAyOnl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXk=\r\nConnection: close\r\n\r\n
--- user_files
>>> conf/longpw
lp:{PLAIN}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
lp2:{PLAIN}yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
--- grep_error_log
\[\w+\] (user|no user|open\(\)|pread\(\)|crypt|access forbidden)[^,]*
