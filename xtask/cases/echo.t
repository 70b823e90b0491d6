# The echo module's content commands (echo-nginx-module, bundled with OpenResty; Debian's
# libnginx-mod-http-echo is loaded by the harness for every case).

=== TEST 1: echo lines
--- config
    location /t {
        echo hello world;
        echo;
        echo "two  spaces" $uri;
        echo -n no newline;
        echo -- -n kept;
        echo -n;
        echo "" after-empty;
        echo -n "" dropped;
        echo -n kept "";
    }
--- request
GET /t

=== TEST 2: echo with variables and options after them
--- config
    location /t {
        set $v "-n";
        echo $v value;
        echo $arg_a -n literal;
        echo "-" dash;
        echo "--" gone;
    }
--- request
GET /t?a=x

=== TEST 3: echo_duplicate
--- config
    location /t {
        echo_duplicate 3 "ab";
        echo_duplicate 1_0 -;
        echo;
        echo_duplicate 0 "none";
        echo_duplicate 2 "";
        echo done;
    }
--- request
GET /t

=== TEST 4: echo_duplicate with a bad size
--- config
    location /t { echo_duplicate x "ab"; }
--- request
GET /t
--- grep_error_log
invalid size specified.*

=== TEST 5: echo over HTTP/1.0 says the length of its first line
--- config
    location /t { echo first; echo second; }
--- raw_request
GET /t HTTP/1.0\r\n\r\n

=== TEST 6: echo over HTTP/1.0 with nothing said
--- config
    location /t { echo_duplicate 0 x; }
--- raw_request
GET /t HTTP/1.0\r\n\r\n

=== TEST 7: HEAD
--- config
    location /t { echo hello; echo world; }
--- request
HEAD /t

=== TEST 8: echo_location runs subrequests in order
--- config
    location /main {
        echo before;
        echo_location /sub1;
        echo_location /sub2 "a=1&b=2";
        echo_location "/sub2?c=3";
        echo after;
    }
    location /sub1 { echo "in sub1 $uri"; }
    location /sub2 { echo "in sub2 args=$args"; }
--- request
GET /main

=== TEST 9: echo_location_async keeps the order
--- config
    location /main {
        echo_location_async /sub/a;
        echo_location_async /sub/b;
        echo end;
    }
    location /sub { echo_sleep 0.05; echo "sub $uri"; }
--- request
GET /main

=== TEST 10: echo_location to Lua and to a missing page
--- config
    location /main {
        echo_location /lua;
        echo_location /missing;
        echo tail;
    }
    location /lua { content_by_lua_block { ngx.say("from lua ", ngx.var.uri) } }
--- request
GET /main

=== TEST 11: Lua captures an echo location
--- config
    location /t {
        content_by_lua_block {
            local res = ngx.location.capture("/e", {args = {x = "1"}})
            ngx.say(res.status, " [", res.body, "] ", res.header["Content-Type"])
        }
    }
    location /e { echo "echoed $arg_x"; echo_duplicate 2 "!"; }
--- request
GET /t

=== TEST 12: echo_sleep and echo_flush
--- config
    location /t {
        echo one;
        echo_flush;
        echo_sleep 0.1;
        echo two;
        echo_blocking_sleep 0.01;
        echo three;
    }
--- request
GET /t

=== TEST 13: echo_sleep with a bad duration
--- config
    location /t { echo_sleep abc; echo never; }
--- request
GET /t
--- grep_error_log
invalid sleep duration.*

=== TEST 14: echo_exec
--- config
    location /t { echo_exec /target "k=v"; }
    location /target { echo "target args=$args uri=$uri"; }
    location /named { echo_exec @named; }
    location @named { echo "named $uri"; }
    location /q { echo_exec "/target?from=q"; }
--- pipelined_requests
GET /t
GET /named
GET /q

=== TEST 15: the request body
--- config
    location /t {
        echo_read_request_body;
        echo "body: [$request_body]";
        echo_request_body;
        echo;
    }
    location /unread { echo_request_body; echo "end"; }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhelloPOST /unread HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc

=== TEST 16: default_type, extensions and add_header
--- config
    location /t {
        default_type text/html;
        add_header X-Echo yes;
        echo "<b>hi</b>";
    }
    location /f { echo json; }
--- pipelined_requests
GET /t
GET /f.json

=== TEST 17: echo in a location with gzip
--- config
    location /t {
        gzip on;
        gzip_min_length 1;
        gzip_types text/plain;
        echo_duplicate 100 "compress me ";
    }
--- request
GET /t
--- more_headers
Accept-Encoding: gzip

=== TEST 18: rewrite then echo, and echo after a Lua rewrite
--- config
    location /t {
        set $greeting "hi";
        rewrite_by_lua_block { ngx.var.greeting = ngx.var.greeting .. " from lua" }
        echo $greeting;
    }
--- request
GET /t

=== TEST 19: echo in an if block
--- config
    location /t {
        if ($arg_x) {
            echo "x is $arg_x";
        }
        echo "no x";
    }
--- pipelined_requests
GET /t?x=1
GET /t

=== TEST 20: echo with a header filter and a body filter
--- config
    location /t {
        echo "abc";
        echo "def";
        header_filter_by_lua_block { ngx.header["X-Filtered"] = "1" }
        body_filter_by_lua_block { ngx.arg[1] = string.upper(ngx.arg[1] or "") }
    }
--- request
GET /t

=== TEST 21: echo_subrequest with methods, queries and bodies
--- config
    location /main {
        echo_subrequest GET /sub;
        echo_subrequest POST /sub -q 'foo=Foo&bar=Bar' -b 'hello';
        echo_subrequest PUT '/sub?x=1' -b 'put body';
        echo_subrequest_async DELETE /sub;
        echo_subrequest_async POST /sub -b '';
        echo end;
    }
    location /sub {
        echo_read_request_body;
        echo "$request_method $uri args=[$args] body=[$request_body] cl=[$http_content_length]";
    }
--- request
GET /main

=== TEST 22: echo_subrequest with a body from a file
--- config
    location /main {
        echo_subrequest POST /sub -f conf/body.txt;
    }
    location /sub {
        echo_read_request_body;
        echo_request_body;
        echo "cl=[$http_content_length]";
    }
--- user_files
>>> conf/body.txt
from a file
--- request
GET /main

=== TEST 23: echo_subrequest keeps the parent's headers without a body of its own
--- config
    location /main {
        echo_subrequest GET /sub;
        echo_subrequest POST /sub -b 'x';
    }
    location /sub { echo "ua=[$http_user_agent] x=[$http_x_custom]"; }
--- request
GET /main
--- more_headers
User-Agent: tester
X-Custom: yes

=== TEST 24: echo_before_body and echo_after_body around echo
--- config
    location /t {
        echo_before_body "before $uri";
        echo_before_body -n second;
        echo_after_body after;
        echo body;
    }
--- request
GET /t

=== TEST 25: the filters around Lua output, a proxied answer, a static file and an error page
--- http_config
    server {
        listen $PORT2;
        location / { return 200 "backend\n"; }
    }
--- config
    location /lua {
        echo_before_body "[";
        echo_after_body "]";
        content_by_lua_block { ngx.say("lua") ngx.flush(true) ngx.say("more") }
    }
    location /proxy {
        echo_before_body "<<";
        echo_after_body ">>";
        proxy_pass http://127.0.0.1:$PORT2/;
    }
    location /static {
        root html;
        echo_before_body head;
    }
    location /missing {
        echo_after_body "tail of the 404";
    }
--- user_files
>>> html/static/f.txt
file content
--- pipelined_requests
GET /lua
GET /proxy
GET /static/f.txt
GET /missing
HEAD /lua

=== TEST 26: the filters with a Lua body filter, and in a subrequest
--- config
    location /t {
        echo_before_body "pre";
        echo_after_body "post";
        echo mid;
        body_filter_by_lua_block {
            if ngx.arg[1] ~= "" then ngx.arg[1] = "<" .. ngx.arg[1] .. ">" end
        }
    }
    location /main {
        echo_location /sub;
        echo main;
    }
    location /sub {
        echo_before_body "sub-before";
        echo_after_body "sub-after";
        echo sub;
    }
--- pipelined_requests
GET /t
GET /main

=== TEST 27: an if block without echo commands runs its location's echo
--- config
    location /t {
        set $true $arg_a;
        if ($true) {
            set_by_lua $true 'return tonumber(ngx.var["true"]) + 1';
            header_filter_by_lua 'ngx.header.Foo = "bah"';
            break;
        }
        echo "[$true]";
    }
    location /u {
        if ($arg_a) {
            echo "in if";
        }
        echo "in location";
    }
--- pipelined_requests
GET /t?a=2
GET /t
GET /u?a=1
GET /u

=== TEST 28: $echo_request_method, $echo_client_request_method, $echo_request_uri, $echo_request_body in a capture
--- config
    location /other {
        echo "$echo_request_method $echo_client_request_method $echo_request_uri [$echo_request_body]";
    }
    location /t {
        content_by_lua_block {
            ngx.req.read_body()
            local res = ngx.location.capture("/other?x=1", { method = ngx.HTTP_PUT, body = "hello" })
            ngx.print(res.body)
            res = ngx.location.capture("/other")
            ngx.print(res.body)
            ngx.say(ngx.var.echo_request_body)
        }
    }
--- request
POST /t/%41?a=1
abc

=== TEST 29: echo_duplicate of a large count
--- config
    location /t { echo_duplicate 100000 "ab"; echo; }
--- request
GET /t
