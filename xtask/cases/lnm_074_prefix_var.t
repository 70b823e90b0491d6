# Lifted from openresty/lua-nginx-module t/074-prefix-var.t (BSD license)

=== TEST 1: $prefix
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /t {
        content_by_lua '
            local foo = require "foo"
            foo.go()
        ';
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    ngx.say("Greetings from module foo.")
end
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 2: ${prefix}
--- http_config
    lua_package_path "${prefix}html/?.lua;;";
--- config
    location /t {
        content_by_lua '
            local foo = require "foo"
            foo.go()
        ';
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    ngx.say("Greetings from module foo.")
end
--- request
GET /t
--- grep_error_log
\[error\].*

