# URI normalization before matching: %XX decoding, merge_slashes, . and .., above root.

=== TEST 1: percent-decoding in uri
--- config
    location / { return 200 "uri=$uri request_uri=$request_uri\n"; }
--- request
GET /a%20b/%7Ex

=== TEST 2: merge slashes
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET //a///b//

=== TEST 3: merge_slashes off
--- config
    merge_slashes off;
    location / { return 200 "uri=$uri\n"; }
--- request
GET //a///b

=== TEST 4: dot segments
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/./b/../c

=== TEST 5: dot-dot above the root is 400
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /../etc/passwd

=== TEST 6: encoded dot-dot is normalized
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/%2e%2e/b

=== TEST 7: encoded slash
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a%2Fb

=== TEST 8: bad percent-encoding is 400
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a%zzb

=== TEST 9: truncated percent at the end
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a%2

=== TEST 10: encoded null byte
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a%00b

=== TEST 11: args are not decoded
--- config
    location / { return 200 "args=$args arg_a=$arg_a\n"; }
--- request
GET /x?a=%20b&c=d%2F

=== TEST 12: trailing dot segment
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/b/.

=== TEST 13: trailing dot-dot segment
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/b/..

=== TEST 14: question mark encoded in the path
--- config
    location / { return 200 "uri=$uri args=$args\n"; }
--- request
GET /a%3Fb?c=1

=== TEST 15: utf-8 in the path
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /caf%C3%A9

=== TEST 16: raw utf-8 bytes in the request line
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /caf\xc3\xa9 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 17: hash in the target
--- config
    location / { return 200 "uri=$uri args=$args\n"; }
--- raw_request
GET /a#frag HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 18: empty query string
--- config
    location / { return 200 "args=[$args] is_args=[$is_args]\n"; }
--- request
GET /x?

=== TEST 19: dot-dot from a deep path to the root
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/b/../../c

=== TEST 20: dot-dot exactly to above root after merge
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /a/../../b

=== TEST 21: ngx.var.uri sees the normalized uri
--- config
    location / { content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.var.request_uri) } }
--- request
GET //x/./y/%41

=== TEST 22: backslash in the path
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 23: percent-encoded percent
--- config
    location / { return 200 "uri=$uri\n"; }
--- request
GET /100%25
