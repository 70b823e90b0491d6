# `require` of modules the configuration reaches: restyc resolves them at build time, from
# lua_package_path and from what init code adds to package.path with settled values.

=== TEST 1: package.path set in init_by_lua from ngx.config.prefix() finds a module
--- http_config
    init_by_lua_block {
        local prefix = ngx.config.prefix()
        package.path = prefix .. "app/?.lua;" .. package.path
        mymod = require "mymod"
    }
--- user_files
>>> app/mymod.lua
local helper = require "helper"
return { hello = function() return "hello from mymod, " .. helper.name end }
>>> app/helper.lua
return { name = "helper" }
--- config
    location /t { content_by_lua_block { ngx.say(mymod.hello(), " ", require("mymod") == mymod) } }
--- request
GET /t

=== TEST 2: package.path appended to with a literal directory
--- http_config
    lua_package_path "$prefix/lua/?.lua;;";
    init_by_lua_block {
        package.path = package.path .. ";" .. ngx.config.prefix() .. "extra/?.lua"
    }
--- user_files
>>> extra/later.lua
return "later"
--- config
    location /t { content_by_lua_block { ngx.say(require "later") } }
--- request
GET /t
