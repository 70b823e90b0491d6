# ngx.say / ngx.print: values, flattening, errors.

=== TEST 1: say with numbers
--- config
    location /t { content_by_lua_block { ngx.say(1, 2.5, "x") } }
--- request
GET /t

=== TEST 2: say nested tables
--- config
    location /t { content_by_lua_block { ngx.say({"a", {"b", 3}, "c"}) } }
--- request
GET /t

=== TEST 3: say nil is an error
--- config
    location /t { content_by_lua_block { ngx.say(nil) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: .*
