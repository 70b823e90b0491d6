# ngx.header and ngx.resp.get_headers: names, multi-values, Content-Type / Content-Length rules.

=== TEST 1: set a custom header
--- config
    location /t { content_by_lua_block { ngx.header["X-Foo"] = "bar" ngx.say("ok") } }
--- request
GET /t

=== TEST 2: underscores become dashes
--- config
    location /t { content_by_lua_block { ngx.header.x_my_header = "v" ngx.say("ok") } }
--- request
GET /t

=== TEST 3: multi-value header
--- config
    location /t { content_by_lua_block { ngx.header["Set-Cookie"] = {"a=1", "b=2"} ngx.say("ok") } }
--- request
GET /t

=== TEST 4: content_type
--- config
    location /t { content_by_lua_block { ngx.header.content_type = "application/json" ngx.say("{}") } }
--- request
GET /t

=== TEST 5: clear a header with nil
--- config
    location /t { content_by_lua_block { ngx.header["X-A"] = "1" ngx.header["X-A"] = nil ngx.say("ok") } }
--- request
GET /t

=== TEST 6: read back a header case-insensitively
--- config
    location /t { content_by_lua_block { ngx.header["X-Foo"] = "bar" ngx.say(ngx.header["x-foo"], " ", ngx.header.X_FOO) } }
--- request
GET /t

=== TEST 7: read a multi-value header
--- config
    location /t { content_by_lua_block {
        ngx.header["X-M"] = {"1", "2"}
        local v = ngx.header["X-M"]
        ngx.say(type(v), " ", table.concat(v, ","))
    } }
--- request
GET /t

=== TEST 8: number header value
--- config
    location /t { content_by_lua_block { ngx.header["X-N"] = 42 ngx.header["X-F"] = 1.5 ngx.say("ok") } }
--- request
GET /t

=== TEST 9: setting a header after output logs an error
--- config
    location /t { content_by_lua_block { ngx.say("a") ngx.header["X-Late"] = "1" } }
--- request
GET /t
--- grep_error_log
attempt to set ngx\.header\.[^ ]+ after sending out response headers

=== TEST 10: override Server header
--- config
    location /t { content_by_lua_block { ngx.header["Server"] = "mine" ngx.say("ok") } }
--- request
GET /t

=== TEST 11: set Content-Length explicitly
--- config
    location /t { content_by_lua_block { ngx.header["Content-Length"] = 3 ngx.print("abc") } }
--- request
GET /t

=== TEST 12: Cache-Control and Location headers
--- config
    location /t { content_by_lua_block { ngx.header["Cache-Control"] = "no-cache" ngx.header["Location"] = "/x" ngx.say("ok") } }
--- request
GET /t

=== TEST 13: Location header with status 302
--- config
    location /t { content_by_lua_block { ngx.status = 302 ngx.header["Location"] = "/elsewhere" ngx.say("moved") } }
--- request
GET /t

=== TEST 14: resp.get_headers
--- config
    location /t { content_by_lua_block {
        ngx.header["X-B"] = "2"
        ngx.header["X-A"] = "1"
        local h = ngx.resp.get_headers()
        local keys = {}
        for k, v in pairs(h) do keys[#keys + 1] = k .. "=" .. tostring(v) end
        table.sort(keys)
        ngx.say(table.concat(keys, ";"))
    } }
--- request
GET /t

=== TEST 15: empty string header value
--- config
    location /t { content_by_lua_block { ngx.header["X-Empty"] = "" ngx.say("ok") } }
--- request
GET /t

=== TEST 16: content type with charset
--- config
    location /t { content_by_lua_block { ngx.header.content_type = "text/html; charset=utf-8" ngx.say("<p>") } }
--- request
GET /t

=== TEST 17: default_type when lua sets nothing
--- config
    default_type text/css;
    location /t { content_by_lua_block { ngx.say("x") } }
--- request
GET /t

=== TEST 18: unknown header read is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.header["X-None"])) } }
--- request
GET /t

=== TEST 19: header with table of one value
--- config
    location /t { content_by_lua_block { ngx.header["X-One"] = {"only"} ngx.say(type(ngx.header["X-One"])) } }
--- request
GET /t

=== TEST 20: set header twice replaces
--- config
    location /t { content_by_lua_block { ngx.header["X-R"] = "1" ngx.header["X-R"] = "2" ngx.say("ok") } }
--- request
GET /t

=== TEST 21: resp.add_header appends
--- config
    location /t { content_by_lua_block {
        local resp = require "ngx.resp"
        ngx.header["X-A"] = "1"
        resp.add_header("X-A", "2")
        ngx.say("ok")
    } }
--- request
GET /t

=== TEST 22: header names keep their case in the response
--- config
    location /t { content_by_lua_block { ngx.header["x-lower-case"] = "v" ngx.header["X-UPPER"] = "w" ngx.say("ok") } }
--- request
GET /t

=== TEST 23: header value with a space
--- config
    location /t { content_by_lua_block { ngx.header["X-Sp"] = "a b  c" ngx.say("ok") } }
--- request
GET /t

=== TEST 24: content type of exit page ignores lua content type
--- config
    location /t { content_by_lua_block { ngx.header.content_type = "application/json" ngx.exit(404) } }
--- request
GET /t

=== TEST 90: CR and LF in a header value or name are escaped, an empty name is dropped
--- config
    location /t { content_by_lua_block {
        ngx.header["X-A"] = "a\r\nInjected: yes"
        ngx.header["Bad\nName"] = "x"
        ngx.header[""] = "y"
        ngx.say("ok")
    } }
--- request
GET /t

=== TEST 91: Location set by ngx.header stays as written
--- config
    location /t { content_by_lua_block { ngx.header["Location"] = "/elsewhere" ngx.status = 302 ngx.say("x") } }
--- request
GET /t

=== TEST 14b: resp.get_headers on a keep-alive connection, before and after the head is sent
--- config
    location /t { content_by_lua_block {
        local function list()
            local keys = {}
            for k, v in pairs(ngx.resp.get_headers()) do keys[#keys + 1] = k .. "=" .. tostring(v) end
            table.sort(keys)
            return table.concat(keys, ";")
        end
        local before = list()
        ngx.say(before)
        ngx.flush(true)
        ngx.say(list())
    } }
--- pipelined_requests
GET /t
GET /t

=== TEST 25: a Content-Length that is not a number is an error
--- config
    location /t { content_by_lua_block {
        local ok, err = pcall(function() ngx.header.content_length = "12abc" end)
        ngx.say(ok, " ", err)
        ngx.header.content_length = "oops"
    } }
--- request
GET /t
--- grep_error_log: \[error\].*

=== TEST 26: number and boolean keys and values go through tostring
--- config
    location /t { content_by_lua_block {
        ngx.header[7] = "seven"
        ngx.header["X-Flags"] = {true, 2}
        ngx.say(ngx.header[7], " ", ngx.var.sent_http_7)
    } }
--- request
GET /t

=== TEST 27: lua_transform_underscores_in_response_headers off keeps underscores
--- config
    lua_transform_underscores_in_response_headers off;
    location /t { content_by_lua_block {
        ngx.header.x_under = "u"
        ngx.say(ngx.header.x_under, " ", tostring(ngx.header["x-under"]))
    } }
--- request
GET /t

=== TEST 28: separators and control bytes in names and values are escaped
--- config
    location /t { content_by_lua_block {
        ngx.header["a b:c/d"] = "tab\there\1bell\127"
        ngx.say("ok")
    } }
--- request
GET /t

=== TEST 29: multi-value Cache-Control and Link read back joined from $sent_http_
--- config
    location /t { content_by_lua_block {
        ngx.header.cache_control = {"no-cache", "no-store"}
        ngx.header.link = {"</a.css>; rel=preload", "</b.js>; rel=preload"}
        ngx.header.x_multi = {"first", "second"}
        ngx.say(ngx.var.sent_http_cache_control)
        ngx.say(ngx.var.sent_http_link)
        ngx.say(ngx.var.sent_http_x_multi)
    } }
--- request
GET /t

=== TEST 30: resp.get_headers looks names up in any spelling, raw keeps the case
--- config
    location /t { content_by_lua_block {
        ngx.header["X-Mixed-Case"] = "m"
        local h = ngx.resp.get_headers()
        ngx.say(h["X-Mixed-Case"], " ", h.x_mixed_case, " ", h["x-mixed-case"])
        local raw = ngx.resp.get_headers(0, true)
        ngx.say(tostring(raw["X-Mixed-Case"]), " ", tostring(raw["x-mixed-case"]))
    } }
--- request
GET /t

=== TEST 31: resp.get_headers counts nginx's own headers in its limit
--- config
    location /t { content_by_lua_block {
        for i = 1, 5 do ngx.header["X-N" .. i] = i end
        local h, err = ngx.resp.get_headers(4)
        local n = 0
        for _ in pairs(h) do n = n + 1 end
        ngx.say(n, " ", err)
    } }
--- request
GET /t
--- log_level: debug
--- grep_error_log: lua exceeding.*

=== TEST 32: the header filter sees the default type, not add_header or charset
--- config
    location /t {
        default_type text/html;
        charset utf-8;
        add_header X-Added yes;
        content_by_lua_block { ngx.say("hi") }
        header_filter_by_lua_block {
            ngx.header["X-Type"] = ngx.header.content_type
            ngx.header["X-Saw-Added"] = tostring(ngx.header["X-Added"])
        }
    }
--- request
GET /t

=== TEST 33: add_header of a name the header filter set adds a second line
--- config
    location /t {
        add_header X-Both from-add;
        content_by_lua_block { ngx.say("hi") }
        header_filter_by_lua_block { ngx.header["X-Both"] = "from-lua" }
    }
--- request
GET /t

=== TEST 34: clearing Content-Type leaves the response without one
--- config
    location /t { default_type text/html; content_by_lua_block { ngx.header.content_type = nil ngx.say("none") } }
--- request
GET /t

=== TEST 35: a Last-Modified set from Lua answers If-Modified-Since with 304
--- config
    location /t { content_by_lua_block {
        ngx.header.last_modified = ngx.http_time(1700000000)
        ngx.say("fresh body")
    } }
--- request
GET /t
--- more_headers
If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT

=== TEST 36: an older If-Modified-Since gets the full response
--- config
    location /t { content_by_lua_block {
        ngx.header.last_modified = ngx.http_time(1700000000)
        ngx.say("fresh body")
    } }
--- request
GET /t
--- more_headers
If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT

=== TEST 37: an ETag set from Lua answers If-None-Match with 304
--- config
    location /t { content_by_lua_block { ngx.header.etag = '"v1"' ngx.say("body") } }
--- request
GET /t
--- more_headers
If-None-Match: "v0", "v1"

=== TEST 38: lua_use_default_type off leaves Lua output without a Content-Type
--- config
    lua_use_default_type off;
    location /say { default_type text/html; content_by_lua_block { ngx.say("untyped") } }
    location /quiet { default_type text/html; content_by_lua_block { local nothing } }
    location /page { content_by_lua_block { ngx.exit(403) } }
    location /plain { return 200 "typed"; }
--- pipelined_requests
GET /say
GET /quiet
GET /page
GET /plain

=== TEST 39: lua_use_default_type on in a location overrides off above it
--- config
    lua_use_default_type off;
    location /t { lua_use_default_type on; default_type text/html; content_by_lua_block { ngx.say("typed") } }
--- request
GET /t

=== TEST 40: an If-Match that names another ETag answers 412 (and closes)
--- config
    location /t { content_by_lua_block { ngx.header.etag = '"v1"' ngx.say("body") } }
--- pipelined_requests
GET /t
GET /t
--- more_headers
If-Match: "v2"

=== TEST 40b: an If-Unmodified-Since before the Last-Modified answers 412
--- config
    location /t { content_by_lua_block { ngx.header.last_modified = ngx.http_time(1700000000) ngx.say("body") } }
--- request
GET /t
--- more_headers
If-Unmodified-Since: Tue, 14 Nov 2023 22:13:19 GMT

=== TEST 40c: If-Match: * passes without an ETag
--- config
    location /t { content_by_lua_block { ngx.say("no validators") } }
--- request
GET /t
--- more_headers
If-Match: *

=== TEST 41: ngx.header.server reads back; empty values in a list are skipped
--- config
    location /t { content_by_lua_block {
        ngx.header.server = "custom"
        ngx.header.x_list = {"", "kept", ""}
        ngx.say(ngx.header.server, " ", ngx.header.x_list)
    } }
--- request
GET /t

=== TEST 42: a 204 set from Lua drops Content-Type; ngx.exit(304) sends an empty length
--- config
    location /a { content_by_lua_block { ngx.header.content_type = "text/x" ngx.status = 204 ngx.say("x") } }
    location /b { content_by_lua_block { ngx.exit(304) } }
--- pipelined_requests
GET /a
GET /b

=== TEST 43: ngx.send_headers answers 1 also when the head is already out
--- config
    location /t { content_by_lua_block {
        local a = ngx.send_headers()
        local b = ngx.send_headers()
        ngx.say(a, " ", b)
    } }
--- request
GET /t

=== TEST 44: Date set from Lua replaces nginx's, cleared sends none; read back
--- config
    location /a { content_by_lua_block {
        ngx.header["X-A"] = "1"
        ngx.header.Date = "Thu, 01 Jan 2015 00:00:00 GMT"
        ngx.header["X-B"] = "2"
        ngx.say(ngx.header.date)
    } }
    location /b { content_by_lua_block { ngx.header.Date = nil ngx.say("none") } }
--- pipelined_requests
GET /a
GET /b

=== TEST 45: builtin headers set from Lua go where the list has them; set again they stay, cleared and set they go last
--- config
    location /t { content_by_lua_block {
        ngx.header.server = "one"
        ngx.header["X-A"] = "1"
        ngx.header["Last-Modified"] = "Thu, 01 Jan 2015 00:00:00 GMT"
        ngx.header.content_length = 3
        ngx.header["X-B"] = "2"
        ngx.header.server = "two"
        ngx.header.content_length = nil
        ngx.header["X-C"] = "3"
        ngx.header.content_length = 3
        ngx.header["X-A"] = nil
        ngx.print("abc")
    } }
--- request
GET /t

=== TEST 46: a header cleared from Lua and set again
--- config
    location /t { content_by_lua_block {
        ngx.header["X-A"] = "1"
        ngx.header["X-B"] = "2"
        ngx.header["X-A"] = nil
        ngx.header["X-C"] = "3"
        ngx.header["X-A"] = "4"
        ngx.header["X-D"] = {"5", "6"}
        ngx.header["X-D"] = nil
        ngx.header["X-E"] = "7"
        ngx.header["X-D"] = {"8", "9", "10"}
        ngx.say("ok")
    } }
--- request
GET /t

=== TEST 47: ngx.resp.get_headers walks nginx's list: a Content-Length set from Lua in its place, a static file's Last-Modified not in it
--- user_files
>>> html/f.txt
0123456789
--- config
    location /t {
        content_by_lua_block {
            ngx.header["X-A"] = "1"
            ngx.header.content_length = 3
            ngx.header["X-B"] = "2"
            ngx.print("abc")
        }
        header_filter_by_lua_block {
            local h, err = ngx.resp.get_headers(4)
            local keys = {}
            for k in pairs(h) do keys[#keys + 1] = k end
            table.sort(keys)
            ngx.header["X-Keys"] = table.concat(keys, ",") .. " " .. tostring(err)
        }
    }
    location /f.txt {
        header_filter_by_lua_block {
            local keys = {}
            for k in pairs(ngx.resp.get_headers()) do keys[#keys + 1] = k end
            table.sort(keys)
            ngx.header["X-Keys"] = table.concat(keys, ",")
        }
    }
--- pipelined_requests
GET /t
GET /f.txt

=== TEST 53: a builtin header cleared before it was ever set keeps the place of its first touch
--- config
    location /s { content_by_lua_block {
        ngx.header.Server = nil
        ngx.header["Last-Modified"] = nil
        ngx.header["X-A"] = "a"
        ngx.header["Last-Modified"] = "Thu, 01 Jan 2015 00:00:00 GMT"
        ngx.header.Server = "back"
        ngx.say("x")
    } }
--- request
GET /s HTTP/1.0
