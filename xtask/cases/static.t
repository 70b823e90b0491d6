# Static files: root, alias, index, try_files, ETag/Last-Modified, 304, Range, HEAD, dir 301.
# User files get a fixed mtime (2024-01-02 03:04:05 UTC), so ETag and Last-Modified are stable.

=== TEST 1: serve a file from the default root
--- user_files
>>> html/index.html
<h1>index</h1>
--- config
    location / { }
--- request
GET /index.html

=== TEST 2: index file for a directory
--- user_files
>>> html/index.html
<h1>index</h1>
--- config
    location / { }
--- request
GET /

=== TEST 3: mime type by extension with the default types
--- user_files
>>> html/a.gif
GIF89a
>>> html/b.unknownext
data
--- config
    location / { }
--- pipelined_requests
GET /a.gif
GET /b.unknownext

=== TEST 4: mime types from an included types block
--- user_files
>>> html/s.css
body {}
>>> html/j.json
{}
--- http_config
    types { text/css css; application/json json; }
--- config
    location / { }
--- pipelined_requests
GET /s.css
GET /j.json

=== TEST 5: missing file is 404 with a log line
--- config
    location / { }
--- request
GET /missing.html
--- grep_error_log
open\(\) "[^"]*" failed \([^)]*\)

=== TEST 6: directory without trailing slash redirects
--- user_files
>>> html/dir/index.html
dir index
--- config
    location / { }
--- request
GET /dir

=== TEST 7: directory redirect keeps the query string
--- user_files
>>> html/dir/index.html
dir index
--- config
    location / { }
--- request
GET /dir?a=1

=== TEST 8: directory without index is 403
--- user_files
>>> html/empty/readme.txt
x
--- config
    location / { }
--- request
GET /empty/
--- grep_error_log
directory index of "[^"]*" is forbidden

=== TEST 9: If-None-Match gives 304
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
If-None-Match: "65937d25-6"

=== TEST 10: If-Modified-Since gives 304
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT

=== TEST 11: If-Modified-Since older than the file gives 200
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
If-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT

=== TEST 12: Range request gives 206
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=2-5

=== TEST 13: suffix range
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=-3

=== TEST 14: unsatisfiable range gives 416
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=100-200

=== TEST 15: open-ended range
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=7-

=== TEST 16: multiple ranges give multipart
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=0-1,4-5

=== TEST 16b: multipart with a suffix range, spaces and a range past the end
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes= -3 , 8-20,0-0

=== TEST 16c: multipart without a Content-Type
--- user_files
>>> html/f.bin
0123456789
--- config
    types { }
    default_type "";
    location / { }
--- request
GET /f.bin
--- more_headers
Range: bytes=1-2,5-6

=== TEST 16d: ranges adding up to more than the file are served whole
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=0-,1-

=== TEST 16e: a bad range after a good one is 416
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=8-20,abc

=== TEST 16f: an empty range is skipped; the unit is case-insensitive
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: Bytes=5-2,1-1

=== TEST 16g: a unit other than bytes is ignored (Accept-Ranges still sent)
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: items=0-1

=== TEST 16h: If-Range with another ETag gives the whole file
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=1-2
If-Range: "nope"

=== TEST 16i: If-Range with an old date gives the whole file
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=1-2
If-Range: Thu, 01 Jan 2000 00:00:00 GMT

=== TEST 16k: If-Range with the file's date gives the range
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=1-2
If-Range: Tue, 02 Jan 2024 03:04:05 GMT

=== TEST 16j: HEAD with several ranges
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
HEAD /f.txt
--- more_headers
Range: bytes=0-1,4-5

=== TEST 17: HEAD on a static file
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
HEAD /f.txt

=== TEST 18: POST to a static file is 405
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
POST /f.txt
data

=== TEST 19: alias replaces the location prefix
--- user_files
>>> data/img/a.txt
aliased
--- config
    location /images/ { alias $TEST_PREFIX/data/img/; }
--- request
GET /images/a.txt

=== TEST 20: alias in a regex location
--- user_files
>>> data/img/b.txt
regex aliased
--- config
    location ~ ^/pics/(.+)$ { alias $TEST_PREFIX/data/img/$1; }
--- request
GET /pics/b.txt

=== TEST 21: root in a location
--- user_files
>>> site/docs/page.txt
page
--- config
    location /docs/ { root $TEST_PREFIX/site; }
--- request
GET /docs/page.txt

=== TEST 22: relative root is relative to the prefix
--- user_files
>>> www/x.txt
relative root
--- config
    location / { root www; }
--- request
GET /x.txt

=== TEST 23: index with several names
--- user_files
>>> html/d/second.html
second
--- config
    location / { index first.html second.html; }
--- request
GET /d/

=== TEST 24: try_files with a file
--- user_files
>>> html/exists.txt
found it
--- config
    location / { try_files $uri =404; }
--- pipelined_requests
GET /exists.txt
GET /nope.txt

=== TEST 25: try_files falls back to a uri
--- user_files
>>> html/fallback.txt
the fallback
--- config
    location / { try_files $uri $uri/ /fallback.txt; }
--- request
GET /nothing

=== TEST 26: try_files with a directory
--- user_files
>>> html/d/index.html
d index
--- config
    location / { try_files $uri $uri/ =404; }
--- request
GET /d

=== TEST 27: try_files with =code
--- config
    location / { try_files $uri =410; }
--- request
GET /gone

=== TEST 28: try_files to a lua location
--- config
    location / { try_files $uri /lua; }
    location /lua { content_by_lua_block { ngx.say("lua fallback, uri=", ngx.var.uri, " request_uri=", ngx.var.request_uri) } }
--- request
GET /x?y=1

=== TEST 29: default_type for unknown extension
--- user_files
>>> html/file.zzz
zzz
--- config
    default_type application/x-custom;
    location / { }
--- request
GET /file.zzz

=== TEST 30: empty file
--- user_files
>>> html/empty.txt
--- config
    location / { }
--- request
GET /empty.txt

=== TEST 31: file on HTTP/1.0
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
GET /f.txt HTTP/1.0

=== TEST 32: etag off
--- user_files
>>> html/f.txt
hello
--- config
    etag off;
    location / { }
--- request
GET /f.txt

=== TEST 33: If-None-Match with a non matching etag
--- user_files
>>> html/f.txt
hello
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
If-None-Match: "nope"

=== TEST 34: If-Range with matching etag
--- user_files
>>> html/f.txt
0123456789
--- config
    location / { }
--- request
GET /f.txt
--- more_headers
Range: bytes=0-3
If-Range: "65937d25-b"

=== TEST 35: percent-encoded file name
--- user_files
>>> html/a b.txt
spaced
--- config
    location / { }
--- request
GET /a%20b.txt

=== TEST 36: static file with add_header
--- user_files
>>> html/f.txt
hello
--- config
    location / { add_header X-Static yes; }
--- request
GET /f.txt

=== TEST 37: index redirect is internal and re-matches
--- user_files
>>> html/app/index.html
app
--- config
    location /app/ { }
    location = /app/index.html { add_header X-Matched exact; }
--- request
GET /app/

=== TEST 90: a large file is sent whole, a piece at a time
--- http_config
    init_by_lua_block {
        local f = assert(io.open(ngx.config.prefix() .. "html/big.txt", "w"))
        for i = 1, 60000 do f:write(string.format("%08d a line of the large file\n", i)) end
        f:close()
    }
--- config
    etag off;
    location /big.txt { root html; }
--- request
GET /big.txt
--- free
header last-modified: written at start

=== TEST 91: HEAD of a large file
--- http_config
    init_by_lua_block {
        local f = assert(io.open(ngx.config.prefix() .. "html/big.txt", "w"))
        for i = 1, 60000 do f:write(string.format("%08d a line of the large file\n", i)) end
        f:close()
    }
--- config
    etag off;
    location /big.txt { root html; }
--- request
HEAD /big.txt
--- free
header last-modified: written at start

=== TEST 92: a range of a large file
--- http_config
    init_by_lua_block {
        local f = assert(io.open(ngx.config.prefix() .. "html/big.txt", "w"))
        for i = 1, 60000 do f:write(string.format("%08d a line of the large file\n", i)) end
        f:close()
    }
--- config
    etag off;
    location /big.txt { root html; }
--- more_headers
Range: bytes=1000000-1000099
--- request
GET /big.txt
--- free
header last-modified: written at start

=== TEST 93: a large file over TLS with keep-alive
--- http_config
    init_by_lua_block {
        local f = assert(io.open(ngx.config.prefix() .. "html/big.txt", "w"))
        for i = 1, 60000 do f:write(string.format("%08d a line of the large file\n", i)) end
        f:close()
    }
--- config
    etag off;
    location /big.txt { root html; }
--- tls
--- pipelined_requests
GET /big.txt
GET /big.txt
--- free
header last-modified: written at start

=== TEST 94: methods other than GET and HEAD on static files
--- config
    location / { root html; }
--- user_files
>>> html/f.txt
file
--- pipelined_requests
POST /f.txt
POST /missing.txt
DELETE /f.txt
PUT /missing.txt

=== TEST 95: try_files $uri $uri/ serves a directory URI's index (the SPA / WordPress pattern)
--- user_files
>>> html/dir/index.html
dir index
>>> html/index.html
root index
--- config
    location / { try_files $uri $uri/ /index.html; }
--- pipelined_requests
GET /dir/
GET /dir
GET /dir/?a=1
GET /missing/
GET /

=== TEST 96: a try_files file test is not met by a directory, nor a directory test by a file
--- user_files
>>> html/d/index.html
d index
>>> html/f.txt
a file
--- config
    location /one { try_files $uri =404; }
    location / { try_files $uri/ =410; }
--- pipelined_requests
GET /d/
GET /f.txt
GET /d

=== TEST 97: try_files with alias and a directory test
--- user_files
>>> html/real/sub/index.html
sub index
>>> html/real/x.txt
x
--- config
    location /a/ { alias html/real/; try_files $uri $uri/ =404; }
--- pipelined_requests
GET /a/sub/
GET /a/x.txt
GET /a/sub
