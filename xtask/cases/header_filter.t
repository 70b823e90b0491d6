# header_filter_by_lua: errors, ngx.exit, and what the filter sees.

=== TEST 1: an error in the header filter sends no response and logs the traceback
--- config
    location /t {
        content_by_lua_block { ngx.say("never seen") }
        header_filter_by_lua_block {
            local function inner() error("filter broke") end
            inner()
        }
    }
--- request
GET /t
--- grep_error_log: (\[error\].*|stack traceback:|\t.*)

=== TEST 2: output after a failed head goes out raw, and the call that sent the head fails
--- config
    location /t {
        content_by_lua_block {
            local ok, err = ngx.send_headers()
            ngx.log(ngx.WARN, "send_headers: ", tostring(ok), " ", tostring(err))
            ngx.print("raw bytes")
        }
        header_filter_by_lua_block { error({}) }
    }
--- request
GET /t
--- grep_error_log: (\[error\] [^,]*|send_headers: [^,]*)

=== TEST 3: ngx.say returns the output filter error when its head fails
--- config
    location /t {
        content_by_lua_block {
            local ok, err = ngx.say("x")
            ngx.log(ngx.WARN, "say: ", tostring(ok), " ", tostring(err))
        }
        header_filter_by_lua_block { ngx.header.content_length = "not a number" }
    }
--- request
GET /t
--- grep_error_log: say: [^,]*

=== TEST 4: ngx.exit with an error status in the header filter sends that page instead
--- config
    location / {
        root html;
        header_filter_by_lua_block { ngx.header["X-Kept"] = "yes" return ngx.exit(451) }
    }
--- user_files
>>> html/file.txt
file body
--- request
GET /file.txt

=== TEST 5: ngx.exit(200) in the header filter sends an empty 200
--- config
    location /a { content_by_lua_block { ngx.say("dropped") } header_filter_by_lua_block { ngx.exit(200) } }
--- request
GET /a

=== TEST 5b: ngx.exit(0) in the header filter only leaves the filter
--- config
    location /b { content_by_lua_block { ngx.say("kept") } header_filter_by_lua_block { ngx.header.x = 1 ngx.exit(0) ngx.header.y = 2 } }
--- request
GET /b

=== TEST 6: headers_sent is false while the header filter runs
--- config
    location /t { content_by_lua_block { ngx.say("ok") } header_filter_by_lua_block { ngx.header["X-Sent"] = tostring(ngx.headers_sent) } }
--- request
GET /t
