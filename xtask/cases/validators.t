=== TEST 1: Lua-set validators: exit 304 with etag and last-modified set by Lua
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["X-Other"] = "1"
        ngx.exit(304)
    } }
--- request
GET /t

=== TEST 2: Lua-set validators: last-modified on a 404 from Lua
--- config
    location /t { content_by_lua_block {
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.status = 404
        ngx.say("nf")
    } }
--- request
GET /t

=== TEST 3: Lua-set validators: last-modified on a 201 from Lua
--- config
    location /t { content_by_lua_block {
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["ETag"] = '"x"'
        ngx.status = 201
        ngx.say("created")
    } }
--- request
GET /t

=== TEST 4: Lua-set validators: if-none-match against a Lua etag
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.say("body")
    } }
--- request
GET /t
--- more_headers
If-None-Match: "abc"

=== TEST 5: Lua-set validators: if-modified-since against a Lua last-modified
--- config
    location /t { content_by_lua_block {
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.say("body")
    } }
--- request
GET /t
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT

=== TEST 6: Lua-set validators: exit 204 with etag and last-modified
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["Accept-Ranges"] = "bytes"
        ngx.header["X-Other"] = "1"
        ngx.exit(204)
    } }
--- request
GET /t

=== TEST 7: Lua-set validators: exit 201 with etag and last-modified
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.header["Accept-Ranges"] = "bytes"
        ngx.exit(201)
    } }
--- request
GET /t

=== TEST 8: Lua-set validators: exit 304 with accept-ranges
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Accept-Ranges"] = "bytes"
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.exit(304)
    } }
--- request
GET /t

=== TEST 9: Lua-set validators: exit 404 with accept-ranges and etag
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Accept-Ranges"] = "bytes"
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.exit(404)
    } }
--- request
GET /t

=== TEST 10: Lua-set validators: status 204 then say nothing
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.status = 204
    } }
--- request
GET /t

=== TEST 11: Lua-set validators: status 304 then nothing
--- config
    location /t { content_by_lua_block {
        ngx.header["ETag"] = '"abc"'
        ngx.header["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT"
        ngx.status = 304
    } }
--- request
GET /t

=== TEST 12: if_modified_since before, exact and off on a Lua response
--- config
    location /before {
        if_modified_since before;
        content_by_lua_block { ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT" ngx.say("body") }
    }
    location /exact {
        content_by_lua_block { ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT" ngx.say("body") }
    }
    location /off {
        if_modified_since off;
        content_by_lua_block { ngx.header.last_modified = "Thu, 10 May 2012 07:50:59 GMT" ngx.say("body") }
    }
--- pipelined_requests
GET /before
GET /exact
GET /off
--- more_headers
If-Modified-Since: Thu, 10 May 2012 07:51:00 GMT

=== TEST 13: if_modified_since before and off on a static file
--- user_files
>>> html/f.txt
hello
--- config
    location /before/ {
        if_modified_since before;
        alias html/;
    }
    location /off/ {
        if_modified_since off;
        alias html/;
    }
    location / {
        root html;
    }
--- pipelined_requests
GET /before/f.txt
GET /off/f.txt
GET /f.txt
--- more_headers
If-Modified-Since: Tue, 02 Jan 2024 03:04:06 GMT
