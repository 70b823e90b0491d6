# Location matching: =, ^~, ~, ~*, prefix, nesting, named locations, order.

=== TEST 1: exact beats prefix
--- config
    location = /a { return 200 "exact\n"; }
    location /a { return 200 "prefix\n"; }
--- pipelined_requests
GET /a
GET /ab

=== TEST 2: longest prefix wins
--- config
    location /a { return 200 "short\n"; }
    location /a/b/c { return 200 "long\n"; }
    location /a/b { return 200 "mid\n"; }
--- pipelined_requests
GET /a/b/c/d
GET /a/b/x
GET /a/x

=== TEST 3: regex beats prefix
--- config
    location /img { return 200 "prefix\n"; }
    location ~ \.png$ { return 200 "regex\n"; }
--- pipelined_requests
GET /img/a.png
GET /img/a.gif

=== TEST 4: caret tilde stops the regex search
--- config
    location ^~ /static { return 200 "static\n"; }
    location ~ \.css$ { return 200 "regex\n"; }
--- pipelined_requests
GET /static/a.css
GET /other/a.css

=== TEST 5: regexes in config order
--- config
    location ~ /a { return 200 "first\n"; }
    location ~ /a/b { return 200 "second\n"; }
--- request
GET /a/b

=== TEST 6: case-insensitive regex
--- config
    location ~* \.JPG$ { return 200 "jpg\n"; }
    location / { return 200 "default\n"; }
--- pipelined_requests
GET /x.jpg
GET /x.JpG
GET /x.png

=== TEST 7: case-sensitive regex does not match other case
--- config
    location ~ \.jpg$ { return 200 "jpg\n"; }
    location / { return 200 "default\n"; }
--- pipelined_requests
GET /x.JPG
GET /x.jpg

=== TEST 8: regex nested in a prefix location
--- config
    location /api/ {
        location ~ \.json$ { return 200 "nested regex\n"; }
        return 200 "api prefix\n";
    }
    location ~ \.json$ { return 200 "top regex\n"; }
--- pipelined_requests
GET /api/x.json
GET /other/x.json
GET /api/x

=== TEST 9: nested prefix locations
--- config
    location /a/ {
        location /a/b/ { return 200 "inner\n"; }
        return 200 "outer\n";
    }
--- pipelined_requests
GET /a/b/c
GET /a/c

=== TEST 10: no location matches gives 404
--- config
    location /only { return 200 "only\n"; }
--- request
GET /other

=== TEST 11: root location catches all
--- config
    location / { return 200 "root $uri\n"; }
--- pipelined_requests
GET /
GET /deep/path/here

=== TEST 12: exact match for root
--- config
    location = / { return 200 "exact root\n"; }
    location / { return 200 "prefix root\n"; }
--- pipelined_requests
GET /
GET /x

=== TEST 13: regex captures in return
--- config
    location ~ ^/user/(\d+)/(\w+)$ { return 200 "id=$1 action=$2\n"; }
--- request
GET /user/42/edit

=== TEST 14: named captures in return
--- config
    location ~ ^/item/(?<item_id>\d+)$ { return 200 "item $item_id\n"; }
--- request
GET /item/7

=== TEST 15: named location via try_files
--- config
    location / { try_files $uri @fallback; }
    location @fallback { return 200 "fallback for $uri\n"; }
--- request
GET /nothing

=== TEST 16: named location is not reachable by URI
--- config
    location @hidden { return 200 "hidden\n"; }
--- request
GET /@hidden

=== TEST 17: prefix with trailing slash does not match without it
--- config
    location /dir/ { return 200 "dir\n"; }
    location / { return 200 "root\n"; }
--- pipelined_requests
GET /dir
GET /dir/

=== TEST 18: caret tilde longest prefix beats plain shorter
--- config
    location /a { return 200 "plain a\n"; }
    location ^~ /a/b { return 200 "caret ab\n"; }
    location ~ /a/b/c { return 200 "regex\n"; }
--- pipelined_requests
GET /a/b/c
GET /a/x

=== TEST 19: longer plain prefix does not stop regex
--- config
    location ^~ /a { return 200 "caret a\n"; }
    location /a/b { return 200 "plain ab\n"; }
    location ~ /a/b/c { return 200 "regex\n"; }
--- request
GET /a/b/c

=== TEST 20: exact location with args
--- config
    location = /e { return 200 "exact args=$args\n"; }
--- request
GET /e?x=1

=== TEST 21: regex with anchors and dots
--- config
    location ~ ^/v[0-9]+\.[0-9]+/ { return 200 "versioned\n"; }
    location / { return 200 "root\n"; }
--- pipelined_requests
GET /v1.2/x
GET /v1x2/x

=== TEST 22: location matching is on the decoded URI
--- config
    location /space/ { return 200 "decoded: $uri\n"; }
--- request
GET /sp%61ce/a%20b

=== TEST 23: lua content handler in a regex location with captures in ngx.var
--- config
    location ~ ^/l/(.+)$ { content_by_lua_block { ngx.say("cap=", ngx.var[1]) } }
--- request
GET /l/x/y

=== TEST 24: internal location
--- config
    location /int { internal; return 200 "internal\n"; }
    location /go { content_by_lua_block { ngx.exec("/int") } }
--- pipelined_requests
GET /int
GET /go

=== TEST 25: location inside regex location
--- config
    location ~ ^/r/ {
        location ~ \.txt$ { return 200 "inner txt\n"; }
        return 200 "outer r\n";
    }
--- pipelined_requests
GET /r/a.txt
GET /r/a.bin

=== TEST 26: case-insensitive regex with captures
--- config
    location ~* ^/(?<word>[a-z]+)$ { return 200 "word=$word\n"; }
--- request
GET /HeLLo

=== TEST 27: many prefix locations pick the right one
--- config
    location /p1 { return 200 "p1\n"; }
    location /p10 { return 200 "p10\n"; }
    location /p100 { return 200 "p100\n"; }
    location /p2 { return 200 "p2\n"; }
    location /p20 { return 200 "p20\n"; }
--- pipelined_requests
GET /p1000
GET /p101
GET /p11
GET /p2x
GET /p3
