# Lifted from openresty/lua-nginx-module t/161-load-resty-core.t (BSD license)

=== TEST 1: lua_load_resty_core is enabled by default
--- config
    location = /t {
        content_by_lua_block {
            local loaded_resty_core = package.loaded["resty.core"]
            local resty_core = require "resty.core"

            ngx.say("resty.core loaded: ", loaded_resty_core == resty_core)
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 2: lua_load_resty_core can be disabled
--- http_config
    lua_load_resty_core off;
--- config
    location = /t {
        content_by_lua_block {
            local loaded_resty_core = package.loaded["resty.core"]

            ngx.say("resty.core loaded: ", loaded_resty_core ~= nil)
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 3: lua_load_resty_core is effective when using lua_shared_dict
--- http_config
    lua_shared_dict dogs 128k;
--- config
    location = /t {
        content_by_lua_block {
            local loaded_resty_core = package.loaded["resty.core"]
            local resty_core = require "resty.core"

            ngx.say("resty.core loaded: ", loaded_resty_core == resty_core)
        }
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 4: lua_load_resty_core honors the lua_package_path directive
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
    location = /t {
        content_by_lua_block {
            local loaded_resty_core = package.loaded["resty.core"]
            local resty_core = require "resty.core"

            ngx.say("resty.core loaded: ", loaded_resty_core == resty_core)

            resty_core.go()
        }
    }
--- request
GET /t
--- user_files
>>> html/resty/core.lua
return {
    go = function ()
        ngx.say("loaded from html dir")
    end
}
--- grep_error_log
\[error\].*
