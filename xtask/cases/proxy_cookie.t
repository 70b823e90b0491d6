# proxy_cookie_domain, proxy_cookie_path, proxy_cookie_flags (ngx_http_proxy_module): the
# Set-Cookie lines of a backend of the same config ($PORT2), which sends one per X-Set header
# of the request.

=== TEST 1: proxy_cookie_domain: a literal domain, in any case and position, on several lines
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /d
--- more_headers
X-Set: a=1; Domain=backend.internal; Path=/
X-Set: b=2; path=/x; DOMAIN=BACKEND.Internal
X-Set: c=3; domain=backend.internal.other
X-Set: d=4; Path=/
X-Set: e=5;Domain=backend.internal;HttpOnly
X-Set: f=6; Max-Age=10; Domain=sub.backend.internal

=== TEST 2: proxy_cookie_domain: leading dots on the value and in the rule
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /a { proxy_cookie_domain .backend.internal .example.com; proxy_pass http://127.0.0.1:$PORT2; }
    location /b { proxy_cookie_domain backend.internal example.com; proxy_pass http://127.0.0.1:$PORT2; }
    location /c { proxy_cookie_domain .backend.internal verylongreplacement.example.org; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /a
GET /b
GET /c
--- more_headers
X-Set: a=1; Domain=.backend.internal
X-Set: b=2; Domain=backend.internal
X-Set: c=3; Domain=..backend.internal

=== TEST 3: proxy_cookie_domain: a regex is caseless and its captures fill the replacement
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain ~^\.?([a-z0-9]+)\.INTERNAL$ $1.example.com;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /r
--- more_headers
X-Set: a=1; Domain=api.internal; Path=/
X-Set: b=2; Domain=.Web2.Internal
X-Set: c=3; Domain=x.y.internal

=== TEST 4: proxy_cookie_domain: named captures and a regex matching anywhere
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain ~(?<svc>[a-z]+)\.corp svc-$svc.example.com;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /n
--- more_headers
X-Set: a=1; Domain=www.billing.corp.local
X-Set: b=2; Domain=CORP

=== TEST 5: proxy_cookie_domain: variables in the domain and the replacement
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain $arg_from $host;
        proxy_cookie_domain backend.internal "$arg_to.$request_method";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /v?from=up.internal&to=front
--- more_headers
X-Set: a=1; Domain=up.internal
X-Set: b=2; Domain=backend.internal
X-Set: c=3; Domain=other

=== TEST 6: proxy_cookie_domain: the first rule that matches wins
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain ~^api\. first.example;
        proxy_cookie_domain api.internal second.example;
        proxy_cookie_domain ~internal third.example;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /f
--- more_headers
X-Set: a=1; Domain=api.internal
X-Set: b=2; Domain=web.internal
X-Set: c=3; Domain=api.internal; Domain=web.internal

=== TEST 7: proxy_cookie_path: a literal prefix, with case
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_path /app/ /;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /p
--- more_headers
X-Set: a=1; Path=/app/
X-Set: b=2; path=/app/sub/page; Domain=x
X-Set: c=3; Path=/application
X-Set: d=4; Path=/APP/x
X-Set: e=5; PATH=/app/
X-Set: f=6; Path=/other/app/

=== TEST 8: proxy_cookie_path: a longer replacement and an empty rule
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /l { proxy_cookie_path /a /mounted/under/a; proxy_pass http://127.0.0.1:$PORT2; }
    location /e { proxy_cookie_path "" /pre; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /l
GET /e
--- more_headers
X-Set: a=1; Path=/a/b
X-Set: b=2; Path=
X-Set: c=3; Path

=== TEST 9: proxy_cookie_path: regexes with ~ and ~*, captures in the replacement
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_path ~^/v(\d+)/(.*)$ /api/$2/v$1;
        proxy_cookie_path ~*^/ADMIN(/.*)?$ /console$1;
        proxy_cookie_path ~^/Case /matched-case;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /x
--- more_headers
X-Set: a=1; Path=/v2/users
X-Set: b=2; Path=/admin/panel
X-Set: c=3; Path=/Admin
X-Set: d=4; Path=/case
X-Set: e=5; Path=/Case/x
X-Set: f=6; Path=/V3/users

=== TEST 10: proxy_cookie_path: variables in both arguments
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /front/ {
        proxy_cookie_path /$arg_app/ $uri;
        proxy_pass http://127.0.0.1:$PORT2/;
    }
--- request
GET /front/page?app=shop
--- more_headers
X-Set: a=1; Path=/shop/cart
X-Set: b=2; Path=/blog/

=== TEST 11: proxy_cookie_domain and proxy_cookie_path together on one cookie
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_cookie_path /internal/ /public/;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /both
--- more_headers
X-Set: sid=abc; Path=/internal/x; Domain=backend.internal; Secure; HttpOnly
X-Set: t=1; Domain=elsewhere; Path=/internal/
X-Set: u=2; Domain=backend.internal; Path=/elsewhere

=== TEST 12: a rewritten line is rebuilt: spaces trimmed, '; ' between parts, empty parts kept
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /sp
--- more_headers
X-Set: a = 1 ;Domain =  backend.internal  ;  Path=/ ;;HttpOnly;
X-Set: b=;domain=backend.internal
X-Set: c="quoted; value"; Domain=backend.internal
X-Set: d=1; Domain="backend.internal"
X-Set: e=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Domain=backend.internal; Comment=a=b=c

=== TEST 13: a first part without '=' is not a cookie nginx rewrites
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_cookie_flags ~ secure;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /nv
--- more_headers
X-Set: novalue; Domain=backend.internal
X-Set: =empty; Domain=backend.internal
X-Set: ; Domain=backend.internal

=== TEST 14: spacing the upstream sent is kept when nothing matches
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_cookie_path /x /y;
        proxy_cookie_flags other secure;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /keep
--- more_headers
X-Set: a = 1 ;Domain = other ;  Path=/z;;
X-Set: b=2;domain;path;Secure

=== TEST 15: proxy_cookie_domain with an empty value and an empty rule
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain "" filled.example;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /empty
--- more_headers
X-Set: a=1; Domain=
X-Set: b=2; Domain=.
X-Set: c=3; Domain
X-Set: d=4; Domain=x

=== TEST 16: off and inheritance from the server level; a level's own rules replace the inherited ones
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    proxy_cookie_domain backend.internal server.example;
    proxy_cookie_path / /srv/;
    proxy_cookie_flags ~ httponly;
    location /inherit { proxy_pass http://127.0.0.1:$PORT2; }
    location /own { proxy_cookie_domain ~backend own.example; proxy_pass http://127.0.0.1:$PORT2; }
    location /off { proxy_cookie_domain off; proxy_cookie_path off; proxy_cookie_flags off; proxy_pass http://127.0.0.1:$PORT2; }
    location /flagsoff { proxy_cookie_flags off; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /inherit
GET /own
GET /off
GET /flagsoff
--- more_headers
X-Set: a=1; Domain=backend.internal; Path=/x

=== TEST 17: rules of the http level reach every server and location
--- http_config
    proxy_cookie_domain backend.internal http.example;
    proxy_cookie_path /x /from-http;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /l { proxy_pass http://127.0.0.1:$PORT2; }
    location /n { proxy_cookie_path off; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /l
GET /n
--- more_headers
X-Set: a=1; Domain=backend.internal; Path=/x

=== TEST 18: proxy_cookie_flags: flags added in order, those already there kept as written
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags one samesite=lax httponly secure;
        proxy_cookie_flags two secure;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /add
--- more_headers
X-Set: one=1
X-Set: one=1; secure; Path=/
X-Set: ONE=1; HTTPONLY; samesite=LAX
X-Set: two=2; Path=/
X-Set: two=2; SECURE=yes
X-Set: three=3

=== TEST 19: proxy_cookie_flags: nosecure, nohttponly and nosamesite remove flags
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags a nosecure nohttponly nosamesite;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /rm
--- more_headers
X-Set: a=1; Secure; HttpOnly; SameSite=Strict; Path=/
X-Set: a=2; secure; Path=/; secure
X-Set: a=3; Path=/

=== TEST 20: proxy_cookie_flags: samesite values replace another SameSite, the same one is kept
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /s { proxy_cookie_flags ~ samesite=strict; proxy_pass http://127.0.0.1:$PORT2; }
    location /l { proxy_cookie_flags ~ samesite=lax; proxy_pass http://127.0.0.1:$PORT2; }
    location /n { proxy_cookie_flags ~ samesite=none secure; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /s
GET /l
GET /n
--- more_headers
X-Set: a=1; samesite=lax
X-Set: b=2; SameSite=STRICT
X-Set: c=3; samesite
X-Set: d=4; SAMESITE=none
X-Set: e=5; SameSite=Lax; SameSite=None

=== TEST 21: proxy_cookie_flags: conflicting flags in one rule
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags a secure nosecure;
        proxy_cookie_flags b samesite=none samesite=lax;
        proxy_cookie_flags c nosamesite samesite=strict;
        proxy_cookie_flags d httponly nohttponly;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /conflict
--- more_headers
X-Set: a=1; Secure
X-Set: a=1
X-Set: b=1
X-Set: b=1; SameSite=Strict; samesite=Strict
X-Set: c=1; SameSite=None
X-Set: d=1; HttpOnly

=== TEST 22: proxy_cookie_flags: flag names without case; unknown ones ignored
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /case { proxy_cookie_flags ~ SECURE HttpOnly SameSite=None; proxy_pass http://127.0.0.1:$PORT2; }
    location /unknown { proxy_cookie_flags ~ bogus samesite=weird; proxy_pass http://127.0.0.1:$PORT2; }
    location /mixed { proxy_cookie_flags ~ bogus httponly; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /case
GET /unknown
GET /mixed
--- more_headers
X-Set: a = 1 ;Path=/

=== TEST 23: proxy_cookie_flags: a cookie by name without case, by regex, and the first rule that matches
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags SessionID secure;
        proxy_cookie_flags ~^tr(ack|ace)_ samesite=none;
        proxy_cookie_flags ~ httponly;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /names
--- more_headers
X-Set: sessionid=1
X-Set: SESSIONID=2; HttpOnly
X-Set: session=3
X-Set: TRACK_x=4
X-Set: trace_y=5
X-Set: other=6

=== TEST 24: proxy_cookie_flags: flags and the cookie name from variables and captures
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags $arg_c $arg_f samesite=$arg_s;
        proxy_cookie_flags ~^(secure|httponly)_ $1;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /vars?c=pref&f=secure&s=lax
--- more_headers
X-Set: pref=1
X-Set: secure_only=2
X-Set: httponly_only=3
X-Set: none=4

=== TEST 25: proxy_cookie_flags with an empty value from a variable
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_flags ~ $arg_none;
        proxy_cookie_flags b "";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /ev
--- more_headers
X-Set: a=1;Path=/
X-Set: b=2;Path=/

=== TEST 26: domain, path and flags on one line, several lines
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain ~^(.+)\.internal$ $1.example.com;
        proxy_cookie_path ~^/internal(/.*)$ $1;
        proxy_cookie_flags ~^s secure httponly samesite=strict;
        proxy_cookie_flags ~ nosecure;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /all
--- more_headers
X-Set: sid=1; Domain=app.internal; Path=/internal/a; SameSite=Lax
X-Set: tok=2; Secure; Domain=app.internal
X-Set: x=3; Path=/z; Secure; HttpOnly

=== TEST 27: a cookie regex's captures stay the request's ($1 in add_header)
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_path ~^/(\w+)/ /;
        add_header X-Cap "[$1]";
        proxy_pass http://127.0.0.1:$PORT2;
    }
    location ~ ^/loc/(\w+)$ {
        proxy_cookie_domain ~nomatch x;
        proxy_cookie_path ~^/nogroups /;
        add_header X-Cap "[$1]";
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- pipelined_requests
GET /cap
GET /loc/kept
--- more_headers
X-Set: a=1; Path=/first/x
X-Set: b=2; Path=/second/y; Path=/nogroups

=== TEST 28: $upstream_http_set_cookie after a rewrite in place
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /path { proxy_cookie_path /long/prefix /s; add_header X-Up $upstream_http_set_cookie; proxy_pass http://127.0.0.1:$PORT2; }
    location /dom { proxy_cookie_domain backend.internal ex.com; add_header X-Up $upstream_http_set_cookie; proxy_pass http://127.0.0.1:$PORT2; }
    location /same { proxy_cookie_path /long /abcd; add_header X-Up $upstream_http_set_cookie; proxy_pass http://127.0.0.1:$PORT2; }
    location /grow { proxy_cookie_path /long /longer/still; add_header X-Up $upstream_http_set_cookie; proxy_pass http://127.0.0.1:$PORT2; }
--- pipelined_requests
GET /path
GET /dom
GET /same
GET /grow
--- more_headers
X-Set: a=1; Domain=.backend.internal; Path=/long/prefix/end; Secure

=== TEST 29: $upstream_http_set_cookie when the rewritten value ends the line
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / { proxy_cookie_path /long/prefix /s; add_header X-Up $upstream_http_set_cookie; proxy_pass http://127.0.0.1:$PORT2; }
--- request
GET /end
--- more_headers
X-Set: a=1; Path=/long/prefix/end

=== TEST 30: proxy_hide_header Set-Cookie: nothing to rewrite
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_hide_header Set-Cookie;
        proxy_cookie_flags ~ secure;
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /hidden
--- more_headers
X-Set: a=1

=== TEST 31: header_filter_by_lua sees the rewritten lines
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location / {
        proxy_cookie_domain backend.internal example.com;
        proxy_cookie_flags ~ httponly;
        header_filter_by_lua_block {
            local c = ngx.header["Set-Cookie"]
            ngx.header["X-Seen"] = type(c) == "table" and table.concat(c, " | ") or c
        }
        proxy_pass http://127.0.0.1:$PORT2;
    }
--- request
GET /lua
--- more_headers
X-Set: a=1; Domain=backend.internal
X-Set: b=2

=== TEST 32: a cached response is rewritten on every hit, by the location that serves it
--- http_config
    proxy_cache_path $TEST_PREFIX/cache keys_zone=one:1m;
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /c/ {
        proxy_cache one;
        proxy_cache_valid 200 1m;
        proxy_cache_key $scheme$proxy_host/cached;
        add_header X-Cache $upstream_cache_status;
        proxy_ignore_headers Set-Cookie;
        proxy_cookie_domain backend.internal first.example;
        proxy_cookie_flags ~ secure;
        proxy_pass http://127.0.0.1:$PORT2/;
    }
    location /d/ {
        proxy_cache one;
        proxy_cache_valid 200 1m;
        proxy_cache_key $scheme$proxy_host/cached;
        add_header X-Cache $upstream_cache_status;
        proxy_ignore_headers Set-Cookie;
        proxy_cookie_domain backend.internal second.example;
        proxy_pass http://127.0.0.1:$PORT2/;
    }
--- pipelined_requests
GET /c/cached
GET /c/cached
GET /d/cached
--- more_headers
X-Set: a=1; Domain=backend.internal

=== TEST 33: a subrequest to a proxied location gets the rewritten lines
--- http_config
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block {
        local h = ngx.req.get_headers()["x-set"]
        if type(h) == "string" then h = {h} end
        ngx.header["Set-Cookie"] = h
        ngx.say("ok")
    } } }
--- config
    location /sub {
        internal;
        proxy_cookie_path /in /out;
        proxy_pass http://127.0.0.1:$PORT2;
    }
    location /main {
        content_by_lua_block {
            local res = ngx.location.capture("/sub")
            local c = res.header["Set-Cookie"]
            ngx.say(type(c) == "table" and table.concat(c, " | ") or c)
        }
    }
--- request
GET /main
--- more_headers
X-Set: a=1; Path=/in/x
X-Set: b=2; Path=/other
