# `map` variables and `log_format` / `access_log` formats, escapes and `if=`.

=== TEST 1: map exact keys are case-insensitive, default otherwise
--- http_config
    map $http_x_kind $kind { default other; alpha A; BETA B; }
--- config
    location /t { content_by_lua_block { ngx.say(ngx.var.kind) } }
--- request
GET /t
--- more_headers
X-Kind: Beta

=== TEST 2: map default when no key matches
--- http_config
    map $http_x_kind $kind2 { default other; alpha A; }
--- config
    location /t { return 200 "[$kind2]\n"; }
--- request
GET /t
--- more_headers
X-Kind: gamma

=== TEST 3: map without default gives an empty value
--- http_config
    map $http_x_kind $kind3 { alpha A; }
--- config
    location /t { content_by_lua_block { ngx.say("[", ngx.var.kind3, "]") } }
--- request
GET /t

=== TEST 4: map empty key matches a missing header
--- http_config
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
--- config
    location /t { return 200 "$connection_upgrade\n"; }
--- request
GET /t

=== TEST 5: map regex keys in order, with captures in the value
--- http_config
    map $uri $section {
        default none;
        ~^/api/v(?<ver>\d+)/ "api-$ver";
        ~*^/STATIC/(.*)$ static:$1;
        /exact exact;
    }
--- config
    location / { return 200 "$section\n"; }
--- pipelined_requests
GET /api/v2/users
GET /static/img/a.png
GET /exact
GET /nothing

=== TEST 6: exact keys win over regexes
--- http_config
    map $uri $which { ~^/a regex; /a exact; }
--- config
    location / { return 200 "$which\n"; }
--- pipelined_requests
GET /a
GET /ab

=== TEST 7: map with hostnames and wildcards
--- http_config
    map $http_x_host $site {
        hostnames;
        default unknown;
        example.com main;
        *.example.com sub;
        .example.org org;
        www.example.* www;
    }
--- config
    location /t { return 200 "$site\n"; }
--- request
GET /t
--- more_headers
X-Host: a.b.example.com

=== TEST 8: map hostnames dot form matches the bare name
--- http_config
    map $http_x_host $site2 { hostnames; default unknown; .example.org org; www.example.* www; }
--- config
    location /t { return 200 "$site2\n"; }
--- pipelined_requests
GET /t
--- more_headers
X-Host: example.org.

=== TEST 9: map source built from several variables, value with a variable
--- http_config
    map "$request_method:$arg_a" $combo { "GET:1" "get one $arg_b"; default "x"; }
--- config
    location /t { return 200 "$combo\n"; }
--- request
GET /t?a=1&b=two

=== TEST 10: backslash escapes the default key
--- http_config
    map $arg_k $esc { \default literal; default fallback; }
--- config
    location /t { return 200 "$esc\n"; }
--- pipelined_requests
GET /t?k=default
GET /t?k=x

=== TEST 11: a map variable in a rewrite-phase if
--- http_config
    map $arg_mode $blocked { default 0; deny 1; }
--- config
    location /t {
        if ($blocked) { return 403; }
        return 200 "open\n";
    }
--- pipelined_requests
GET /t?mode=deny
GET /t?mode=ok

=== TEST 12: log_format with a named format
--- http_config
    log_format simple '$request_method $uri $status "$http_x_a" $arg_q';
--- config
    location /t { access_log logs/simple.log simple; return 200 "ok\n"; }
--- request
GET /t?q=1
--- more_headers
X-A: say "hi"\there
--- wait: 0.2
--- error_log_file: logs/simple.log
--- grep_error_log
[^\n]+

=== TEST 13: log_format escape=json
--- http_config
    log_format js escape=json '{"m":"$request_method","a":"$http_x_a","none":"$http_x_none"}';
--- config
    location /t { access_log logs/js.log js; return 200 "ok\n"; }
--- request
GET /t
--- more_headers
X-A: q"uo\te
--- wait: 0.2
--- error_log_file: logs/js.log
--- grep_error_log
[^\n]+

=== TEST 14: log_format escape=none
--- http_config
    log_format raw escape=none '$request_method "$http_x_a"';
--- config
    location /t { access_log logs/raw.log raw; return 200 "ok\n"; }
--- request
GET /t
--- more_headers
X-A: q"uo\te
--- wait: 0.2
--- error_log_file: logs/raw.log
--- grep_error_log
[^\n]+

=== TEST 15: access_log if= skips lines whose condition is empty or 0
--- http_config
    map $status $loggable { ~^2 1; default 0; }
    log_format st '$uri $status';
--- config
    location / { access_log logs/cond.log st if=$loggable; return 200 "ok\n"; }
    location /missing { access_log logs/cond.log st if=$loggable; return 404; }
--- pipelined_requests
GET /a
GET /missing
GET /b
--- wait: 0.2
--- error_log_file: logs/cond.log
--- grep_error_log
[^\n]+

=== TEST 16: two access logs with different formats
--- http_config
    log_format one '1 $uri';
    log_format two '2 $uri $status';
--- config
    location /t { access_log logs/both.log one; access_log logs/both.log two; return 200 "ok\n"; }
--- request
GET /t
--- wait: 0.2
--- error_log_file: logs/both.log
--- grep_error_log
[^\n]+

=== TEST 17: a map whose source is itself does not hang the server
--- http_config
    map $loop $loop { default x; }
--- config
    location /t { content_by_lua_block { ngx.say("[", ngx.var.loop, "]") } }
--- request
GET /t

=== TEST 18: the tutorial's main format
--- http_config
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log logs/main.log main;
--- config
    location / {
        content_by_lua_block {
            ngx.log(ngx.INFO, "Handling request to /")
            ngx.say("Hello, OpenResty!")
        }
    }
--- request
GET /
--- more_headers
User-Agent: curl/8.0
X-Forwarded-For: 10.0.0.1
--- wait: 0.2
--- error_log_file: logs/main.log
--- grep_error_log
^127\.0\.0\.1 - - \[|"GET [^\n]+
