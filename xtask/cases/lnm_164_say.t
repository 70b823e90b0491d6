# Lifted from openresty/lua-nginx-module t/164-say.t (BSD license)

=== TEST 1: ngx.say (integer)
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(2)
        }
    }
--- request
GET /lua

=== TEST 2: ngx.say (floating point number)
--- config
    location /lua {
        content_by_lua_block {
            ngx.say(3.1415926)
            ngx.say(3.14159265357939723846)
        }
    }
--- request
GET /lua

=== TEST 3: ngx.say (table with number)
--- config
    location /lua {
        content_by_lua_block {
            local data = {123," ", 3.1415926}
            ngx.say(data)
        }
    }
--- request
GET /lua
