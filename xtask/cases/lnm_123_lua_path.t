# Lifted from openresty/lua-nginx-module t/123-lua-path.t (BSD license). Test::Nginx sets
# LUA_PATH and LUA_CPATH for the whole run; here each case's env section does.

=== TEST 1: LUA_PATH & LUA_CPATH env (code cache on)
--- main_config
env LUA_PATH;
env LUA_CPATH;
--- env
LUA_PATH=/foo/bar/baz
LUA_CPATH=/baz/bar/foo
--- config
    location /lua {
        content_by_lua '
            ngx.say(package.path)
            ngx.say(package.cpath)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\].*

=== TEST 2: LUA_PATH & LUA_CPATH env (code cache off)
--- main_config
env LUA_PATH;
env LUA_CPATH;
--- env
LUA_PATH=/foo/bar/baz
LUA_CPATH=/baz/bar/foo
--- config
    lua_code_cache off;
    location /lua {
        content_by_lua '
            ngx.say(package.path)
            ngx.say(package.cpath)
        ';
    }
--- request
GET /lua
--- grep_error_log
\[(error|alert)\].*
