# Lifted from openresty/lua-nginx-module t/069-null.t (BSD license)

=== TEST 1: compare ngx.null with cjson.null
--- config
    location /lua {
        content_by_lua '
            local cjson = require "cjson"
            ngx.say(cjson.null == ngx.null)
            ngx.say(cjson.encode(ngx.null))
        ';
    }
--- request
GET /lua

=== TEST 2: output ngx.null
--- config
    location /lua {
        content_by_lua '
            ngx.say("ngx.null: ", ngx.null)
        ';
    }
--- request
GET /lua

=== TEST 3: output ngx.null in a table
--- config
    location /lua {
        content_by_lua '
            ngx.say({"ngx.null: ", ngx.null})
        ';
    }
--- request
GET /lua

=== TEST 4: ngx.null in headers and vars
--- config
    location /lua {
        set $v '';
        content_by_lua '
            ngx.say(type(ngx.null), " ", tostring(ngx.null), " ", ngx.null == nil)
            local ok, err = pcall(function() ngx.var.v = ngx.null end)
            ngx.say(ok, " ", err)
            ok, err = pcall(function() ngx.header.foo = ngx.null end)
            ngx.say(ok, " ", err)
        ';
    }
--- request
GET /lua
