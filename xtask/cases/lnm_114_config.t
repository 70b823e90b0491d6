# Lifted from openresty/lua-nginx-module t/114-config.t (BSD license)

=== TEST 1: ngx.config.subsystem
--- config
    location /t {
        content_by_lua '
            ngx.say("subsystem: ", ngx.config.subsystem)
        ';
    }
--- request
GET /t

=== TEST 2: ngx.config.nginx_version and ngx_lua_version
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.config.nginx_version, " ", ngx.config.ngx_lua_version)
            ngx.say(type(ngx.config.prefix()), " ", type(ngx.config.nginx_configure()))
            ngx.say(ngx.config.prefix():sub(-3))
        }
    }
--- request
GET /t

=== TEST 3: ngx.worker facts
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.worker.count(), " ", ngx.worker.id(), " ", ngx.worker.exiting(), " ", type(ngx.worker.pid()))
        }
    }
--- request
GET /t
