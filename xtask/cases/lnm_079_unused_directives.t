# Lifted from openresty/lua-nginx-module t/079-unused-directives.t (BSD license). What the
# original checks is which of lua-nginx-module's handlers log at debug level; only the answers
# are compared here. TESTs 9 and 10 repeat 6 and 7 and are left out, as are the blocks with a
# second http block (post_main_config, which the harness lacks).

=== TEST 1: rewrite_by_lua unused
--- config
    location /t {
        set_by_lua $i 'return 32';
        #rewrite_by_lua return;
        echo $i;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 2: rewrite_by_lua used
--- config
    location /t {
        rewrite_by_lua return;
        echo hello;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 3: access_by_lua used
--- config
    location /t {
        access_by_lua return;
        echo hello;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 4: content_by_lua used
--- config
    location /t {
        content_by_lua 'ngx.say("hello")';
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 5: header_filter_by_lua
--- config
    location /t {
        echo hello;
        header_filter_by_lua return;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 6: log_by_lua
--- config
    location /t {
        echo hello;
        log_by_lua return;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 7: body_filter_by_lua
--- config
    location /t {
        echo hello;
        body_filter_by_lua return;
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 8: header_filter_by_lua_file
--- config
    location /t {
        echo hello;
        header_filter_by_lua_file html/a.lua;
    }
--- user_files
>>> html/a.lua
return
--- request
GET /t
--- grep_error_log
\[error\].*
