# The rewrite module: return, rewrite (last/break/redirect/permanent), set, if, break.

=== TEST 1: return code and text
--- config
    location /t { return 201 "created\n"; }
--- request
GET /t

=== TEST 2: return code only
--- config
    location /t { return 403; }
--- request
GET /t

=== TEST 3: return code with URL
--- config
    location /t { return 301 http://example.com/new; }
--- request
GET /t

=== TEST 4: return a URL alone is 302
--- config
    location /t { return http://example.com/x; }
--- request
GET /t

=== TEST 5: return 302 with a relative URL becomes absolute
--- config
    location /t { return 302 /relative; }
--- request
GET /t

=== TEST 6: return 204
--- config
    location /t { return 204; }
--- request
GET /t

=== TEST 7: return 200 with variables
--- config
    location /t { return 200 "$request_method $uri $args\n"; }
--- request
GET /t?a=b

=== TEST 8: return 444 closes
--- config
    location /t { return 444; }
--- request
GET /t

=== TEST 9: return text with the default_type
--- config
    default_type application/json;
    location /t { return 200 '{"ok":true}'; }
--- request
GET /t

=== TEST 10: return 404 with text
--- config
    location /t { return 404 "nope\n"; }
--- request
GET /t

=== TEST 11: rewrite last re-searches locations
--- config
    location /old { rewrite ^/old/(.*)$ /new/$1 last; }
    location /new { return 200 "new: $uri\n"; }
--- request
GET /old/thing

=== TEST 12: rewrite break stays in the location
--- config
    location /a {
        rewrite ^/a/(.*)$ /b/$1 break;
        return 200 "still a, uri=$uri\n";
    }
    location /b { return 200 "b\n"; }
--- request
GET /a/x

=== TEST 13: rewrite redirect
--- config
    location /r { rewrite ^/r/(.*)$ /target/$1 redirect; }
--- request
GET /r/x

=== TEST 14: rewrite permanent
--- config
    location /p { rewrite ^ /perm permanent; }
--- request
GET /p?q=1

=== TEST 15: rewrite to an absolute URL redirects
--- config
    location /abs { rewrite ^ http://example.com/x; }
--- request
GET /abs

=== TEST 16: rewrite appends args unless the replacement ends with ?
--- config
    location /a { rewrite ^ /dest?x=1 last; }
    location /b { rewrite ^ /dest? last; }
    location /dest { return 200 "args=$args\n"; }
--- pipelined_requests
GET /a?orig=2
GET /b?orig=2

=== TEST 17: rewrite loop hits the limit
--- config
    location /loop { rewrite ^ /loop last; }
--- request
GET /loop
--- grep_error_log
rewrite or internal redirection cycle[^,\n]*

=== TEST 18: rewrite at server level
--- config
    rewrite ^/legacy/(.*)$ /modern/$1 last;
    location /modern { return 200 "modern $uri\n"; }
--- request
GET /legacy/page

=== TEST 19: set and use a variable
--- config
    location /t {
        set $greeting "hi";
        set $full "$greeting there";
        return 200 "$full\n";
    }
--- request
GET /t

=== TEST 20: if with equality
--- config
    location /t {
        if ($arg_x = "yes") { return 200 "matched\n"; }
        return 200 "not matched\n";
    }
--- pipelined_requests
GET /t?x=yes
GET /t?x=no

=== TEST 21: if with inequality
--- config
    location /t {
        if ($arg_x != "a") { return 200 "not a\n"; }
        return 200 "is a\n";
    }
--- request
GET /t?x=b

=== TEST 22: if with regex and captures
--- config
    location /t {
        if ($http_user_agent ~ "Agent/(\d+)") { return 200 "version $1\n"; }
        return 200 "no agent\n";
    }
--- request
GET /t
--- more_headers
User-Agent: Agent/42

=== TEST 23: if with case-insensitive regex
--- config
    location /t {
        if ($arg_v ~* "^ABC$") { return 200 "ci match\n"; }
        return 200 "no\n";
    }
--- request
GET /t?v=abc

=== TEST 24: if with negated regex
--- config
    location /t {
        if ($arg_v !~ "^[0-9]+$") { return 400 "not a number\n"; }
        return 200 "number\n";
    }
--- pipelined_requests
GET /t?v=12
GET /t?v=ab

=== TEST 25: if on a variable being empty
--- config
    location /t {
        if ($arg_v) { return 200 "set\n"; }
        return 200 "empty\n";
    }
--- pipelined_requests
GET /t?v=1
GET /t?v=
GET /t?v=0

=== TEST 26: if -f and !-f
--- config
    location /t {
        if (-f $document_root/exists.txt) { return 200 "file exists\n"; }
        return 200 "no file\n";
    }
    location /u {
        if (!-f $document_root/missing.txt) { return 200 "missing is missing\n"; }
        return 200 "?\n";
    }
--- user_files
>>> html/exists.txt
x
--- pipelined_requests
GET /t
GET /u

=== TEST 27: if -d and -e
--- config
    location /t {
        if (-d $document_root/sub) { return 200 "dir\n"; }
        return 200 "no dir\n";
    }
    location /e {
        if (-e $document_root/sub) { return 200 "exists\n"; }
        return 200 "no\n";
    }
--- user_files
>>> html/sub/f.txt
x
--- pipelined_requests
GET /t
GET /e

=== TEST 28: if at server level
--- config
    if ($http_x_block) { return 403 "blocked\n"; }
    location / { return 200 "ok\n"; }
--- pipelined_requests
GET /
GET /
--- more_headers
X-Block: 1

=== TEST 29: break stops rewrite directives
--- config
    location /t {
        set $v "1";
        break;
        set $v "2";
        return 200 "v=$v\n";
    }
--- request
GET /t

=== TEST 30: rewrite with regex captures and named captures
--- config
    location /c { rewrite "^/c/(?<a>[a-z]+)/(\d{2})$" /d?a=$a&n=$2 last; }
    location /d { return 200 "$args\n"; }
--- request
GET /c/xy/42

=== TEST 31: rewrite no match falls through
--- config
    location /t {
        rewrite ^/nomatch$ /x last;
        return 200 "fell through\n";
    }
--- request
GET /t

=== TEST 32: set with lua reading it and return after rewrite last
--- config
    location /a {
        set $who "a";
        rewrite ^ /b last;
    }
    location /b { content_by_lua_block { ngx.say("who=[", ngx.var.who, "]") } }
--- request
GET /a

=== TEST 33: return 301 with a variable URL
--- config
    location /t { return 301 https://$host$request_uri; }
--- request
GET /t?a=1

=== TEST 34: return code with text containing quotes and newlines
--- config
    location /t { return 200 "line1\nline2 \"quoted\"\n"; }
--- request
GET /t

=== TEST 35: return 500 text
--- config
    location /t { return 500 "server error text\n"; }
--- request
GET /t

=== TEST 36: absolute_redirect off leaves a relative Location as it is
--- config
    absolute_redirect off;
    location /r { return 302 /target; }
    location /l { content_by_lua_block { ngx.redirect("/lua-target") } }
    location /a { return 301 http://elsewhere/x; }
    location /d { }
--- user_files
>>> html/d/index.html
d
--- pipelined_requests
GET /r
GET /l
GET /a
GET /d

=== TEST 37: port_in_redirect off and server_name_in_redirect on
--- config
    location /p { port_in_redirect off; return 302 /target; }
    location /s { server_name_in_redirect on; return 302 /target; }
    location /both { port_in_redirect off; server_name_in_redirect on; rewrite ^ /x redirect; }
    location /inherit { return 302 /target; }
--- more_headers
Host: Example.COM:8080
--- pipelined_requests
GET /p
GET /s
GET /both
GET /inherit

=== TEST 38: absolute_redirect at the server level, back on in a location
--- config
    absolute_redirect off;
    location /on { absolute_redirect on; return 307 /t; }
    location /off { return 307 /t; }
--- pipelined_requests
GET /on
GET /off

=== TEST 39: an HTTP/1.0 redirect without Host names the address the client connected to
--- config
    location /r { return 302 /target; }
--- raw_request
GET /r HTTP/1.0\r\n\r\n
--- no_default_headers

=== TEST 40: rewrite break makes the request internal too
--- config
    location /test {
        rewrite ^/test$ /lua break;
        content_by_lua_block {
            ngx.say(ngx.req.is_internal(), " ", ngx.var.uri)
        }
    }
--- request
GET /test

=== TEST 41: rewrite that does not match leaves it external
--- config
    location /test {
        rewrite ^/nomatch$ /lua break;
        content_by_lua_block {
            ngx.say(ngx.req.is_internal())
        }
    }
--- request
GET /test

=== TEST 42: rewrite last reaches an internal location
--- config
    location /test {
        rewrite ^/test$ /hidden last;
    }
    location /hidden {
        internal;
        content_by_lua_block {
            ngx.say("hidden ", ngx.req.is_internal())
        }
    }
--- request
GET /test

=== TEST 43: a rewrite redirect is internal in log_by_lua
--- config
    location /test {
        rewrite ^/test$ /elsewhere redirect;
        log_by_lua_block {
            ngx.log(ngx.INFO, "is internal: ", ngx.req.is_internal())
        }
    }
--- request
GET /test
--- grep_error_log
is internal: \w+
