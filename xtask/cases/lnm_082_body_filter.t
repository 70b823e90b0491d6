# Lifted from openresty/lua-nginx-module t/082-body-filter.t (BSD license)

=== TEST 1: read chunks (inline)
--- config
    location /read {
        content_by_lua_block { ngx.print("hello world") ngx.print("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            print("chunk: [", chunk, "], eof: ", eof)
        ';
    }
--- request
GET /read
--- grep_error_log
chunk: [^,]*, eof: \w+

=== TEST 2: read chunks (file)
--- config
    location /read {
        content_by_lua_block { ngx.print("hello world") ngx.print("hiya globe") }
        body_filter_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
local chunk, eof = ngx.arg[1], ngx.arg[2]
print("chunk: [", chunk, "], eof: ", eof)
--- request
GET /read
--- grep_error_log
chunk: [^,]*, eof: \w+

=== TEST 3: read chunks (user module)
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /read {
        content_by_lua_block { ngx.print("hello world") ngx.print("hiya globe") }
        body_filter_by_lua '
            local foo = require "foo"
            foo.go()
        ';
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    local chunk, eof = ngx.arg[1], ngx.arg[2]
    print("chunk: [", chunk, "], eof: ", eof)
end
--- request
GET /read
--- grep_error_log
chunk: [^,]*, eof: \w+

=== TEST 4: rewrite chunks (upper all)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            ngx.arg[1] = string.upper(ngx.arg[1])
        ';
    }
--- request
GET /t

=== TEST 5: rewrite chunks (truncate data)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk = ngx.arg[1]
            if string.match(chunk, "hello") then
                ngx.arg[1] = string.upper(chunk)
                ngx.arg[2] = true
                return
            end
            ngx.arg[1] = nil
        ';
    }
--- request
GET /t

=== TEST 6: set eof back and forth
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk = ngx.arg[1]
            if string.match(chunk, "hello") then
                ngx.arg[1] = string.upper(chunk)
                ngx.arg[2] = true
                ngx.arg[2] = false
                ngx.arg[2] = true
                return
            end
            ngx.arg[1] = nil
            ngx.arg[2] = true
            ngx.arg[2] = false
        ';
    }
--- request
GET /t

=== TEST 7: set eof to original
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            ngx.arg[2] = eof
        ';
    }
--- request
GET /t

=== TEST 8: fully buffered output (string scalar)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            local buf = ngx.ctx.buf
            if eof then
                if buf then
                    ngx.arg[1] = "[" .. buf .. chunk .. "]"
                    return
                end
                return
            end
            if buf then
                ngx.ctx.buf = buf .. chunk
            else
                ngx.ctx.buf = chunk
            end
            ngx.arg[1] = nil
        ';
    }
--- request
GET /t

=== TEST 9: fully buffered output (string table)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            local buf = ngx.ctx.buf
            if eof then
                if buf then
                    ngx.arg[1] = {"[", buf, chunk, "]"}
                    return
                end
                return
            end
            if buf then
                ngx.ctx.buf = {buf, chunk}
            else
                ngx.ctx.buf = chunk
            end
            ngx.arg[1] = nil
        ';
    }
--- request
GET /t

=== TEST 10: abort via user error (string)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.flush() ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            if eof then
                error("something bad happened!")
            end
        ';
    }
--- request
GET /t
--- grep_error_log
failed to run body_filter_by_lua[^\n]*

=== TEST 11: abort via user error (nil)
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.flush() ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            if eof then
                error(nil)
            end
        ';
    }
--- request
GET /t
--- grep_error_log
failed to run body_filter_by_lua[^\n]*

=== TEST 12: abort via return NGX_ERROR
--- config
    location /t {
        content_by_lua_block { ngx.say("hello world") ngx.flush() ngx.say("hiya globe") }
        body_filter_by_lua '
            local chunk, eof = ngx.arg[1], ngx.arg[2]
            if eof then
                return ngx.ERROR
            end
        ';
    }
--- request
GET /t
--- grep_error_log
failed to run body_filter_by_lua[^\n]*

=== TEST 13: using body_filter_by_lua and header_filter_by_lua at the same time
--- config
    location /t {
        content_by_lua '
            ngx.header.content_length = 12
            ngx.say("Hello World")
        ';
        header_filter_by_lua 'ngx.header.content_length = nil';
        body_filter_by_lua '
            ngx.arg[1] = ngx.arg[1] .. "aaa"
        ';
    }
--- request
GET /t

=== TEST 14: table arguments to ngx.arg[1] (github issue #54)
--- config
    location /t {
        content_by_lua_block { ngx.print("hello") }
        body_filter_by_lua '
            if ngx.arg[1] ~= "" then
                ngx.arg[1] = {{ngx.arg[1]}, "!", "\\n"}
            end
        ';
    }
--- request
GET /t

=== TEST 15: body filter with Content-Length kept
--- config
    location /t {
        content_by_lua_block { ngx.header.content_length = 5 ngx.print("hello") }
        body_filter_by_lua_block {
            ngx.arg[1] = string.upper(ngx.arg[1])
        }
    }
--- request
GET /t

=== TEST 16: body filter on proxied response
--- config
    location /t {
        proxy_pass http://127.0.0.1:$PORT/back;
        body_filter_by_lua_block {
            ngx.arg[1] = string.gsub(ngx.arg[1], "o", "0")
        }
    }
    location /back {
        content_by_lua_block { ngx.say("foo boo") }
    }
--- request
GET /t

=== TEST 17: body filter on static file
--- config
    location /t {
        alias html/a.txt;
        body_filter_by_lua_block {
            print("chunk: [", ngx.arg[1], "], eof: ", ngx.arg[2])
        }
    }
--- user_files
>>> html/a.txt
hello
--- request
GET /t
--- grep_error_log
chunk: [^,]*, eof: \w+

=== TEST 18: body filter with HEAD
--- config
    location /t {
        content_by_lua_block { ngx.say("hello") }
        body_filter_by_lua_block {
            print("chunk: [", ngx.arg[1], "], eof: ", ngx.arg[2])
        }
    }
--- request
HEAD /t
--- grep_error_log
chunk: [^,]*, eof: \w+

=== TEST 19: body filter on error page
--- config
    location /t {
        return 404;
        body_filter_by_lua_block {
            ngx.arg[1] = string.upper(ngx.arg[1])
        }
    }
--- request
GET /t
