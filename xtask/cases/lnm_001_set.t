# Lifted from openresty/lua-nginx-module t/001-set.t (BSD license)

=== TEST 1: simple set (integer)
--- config
    location /lua {
        set_by_lua $res "return 1+1";
        echo $res;
    }
--- request
GET /lua

=== TEST 2: simple set (string)
--- config
    location /lua {
        set_by_lua $res "return 'hello' .. 'world'";
        echo $res;
    }
--- request
GET /lua

=== TEST 3: internal only
--- config
    location /lua {
        set_by_lua $res "function fib(n) if n > 2 then return fib(n-1)+fib(n-2) else return 1 end end return fib(10)";
        echo $res;
    }
--- request
GET /lua

=== TEST 4: inlined script with arguments
--- config
    location /lua {
        set_by_lua $res "return ngx.arg[1] + ngx.arg[2]" $arg_a $arg_b;
        echo $res;
    }
--- request
GET /lua?a=1&b=2

=== TEST 5: fib by arg
--- config
    location /fib {
        set_by_lua $res "function fib(n) if n > 2 then return fib(n-1)+fib(n-2) else return 1 end end return fib(tonumber(ngx.arg[1]))" $arg_n;
        echo $res;
    }
--- request
GET /fib?n=10

=== TEST 6: adder
--- config
    location = /adder {
        set_by_lua $res
            "local a = tonumber(ngx.arg[1])
             local b = tonumber(ngx.arg[2])
             return a + b" $arg_a $arg_b;
        echo $res;
    }
--- request
GET /adder?a=25&b=75

=== TEST 7: read nginx variables directly from within Lua
--- config
    location = /set-both {
        set $b 32;
        set_by_lua $a "return tonumber(ngx.var.b) + 1";
        echo "a = $a";
    }
--- request
GET /set-both

=== TEST 8: set nginx variables directly from within Lua
--- config
    location = /set-both {
        set $b "";
        set_by_lua $a "ngx.var.b = 32; return 7";
        echo "a = $a";
        echo "b = $b";
    }
--- request
GET /set-both

=== TEST 9: set non-existent nginx variables
--- config
    location = /set-both {
        set_by_lua $a "ngx.var.b = 32; return 7";
        echo "a = $a";
    }
--- request
GET /set-both
--- grep_error_log
\[error\].*

=== TEST 10: set quote sql str
--- config
    location = /set {
        set $a "";
        set_by_lua $a "return ngx.quote_sql_str(ngx.var.a)";
        echo $a;
    }
--- request
GET /set

=== TEST 11: set md5
--- config
    location = /md5 {
        set_by_lua $a 'return ngx.md5("hello")';
        echo $a;
    }
--- request
GET /md5

=== TEST 12: ngx.req.set_uri(uri) exists
--- config
    location /lua {
        set_by_lua $res 'ngx.req.set_uri("/blah") return 1';
        echo $uri;
    }
--- request
GET /lua

=== TEST 13: set $limit_rate (variables with set_handler)
--- config
    location /lua {
        set $limit_rate 1000;
        rewrite_by_lua '
            ngx.var.limit_rate = 180;
        ';
        echo "limit rate = $limit_rate";
    }
--- request
GET /lua

=== TEST 14: set $args and read $query_string
--- config
    location /lua {
        set $args 'hello';
        rewrite_by_lua '
            ngx.var.args = "world";
        ';
        echo $query_string;
    }
--- request
GET /lua

=== TEST 15: set $arg_xxx
--- config
    location /lua {
        rewrite_by_lua '
            ngx.var.arg_foo = "world";
        ';
        echo $arg_foo;
    }
--- request
GET /lua?foo=3
--- grep_error_log
lua entry thread aborted.*

=== TEST 16: symbol $ in lua code of set_by_lua
--- config
    location /lua {
        set_by_lua $res 'return "$unknown"';
        echo $res;
    }
--- request
GET /lua

=== TEST 17: symbol $ in lua code of set_by_lua_file
--- config
    location /lua {
        set_by_lua_file $res html/a.lua;
        echo $res;
    }
--- request
GET /lua
--- user_files
>>> html/a.lua
return "$unknown"

=== TEST 18: external script files with arguments
--- config
    location /lua {
        set_by_lua_file $res html/a.lua $arg_a $arg_b;
        echo $res;
    }
--- request
GET /lua?a=5&b=2
--- user_files
>>> html/a.lua
return ngx.arg[1] + ngx.arg[2]

=== TEST 19: variables in set_by_lua_file's file path
--- config
    location /lua {
        set $path "html/a.lua";
        set_by_lua_file $res $path $arg_a $arg_b;
        echo $res;
    }
--- request
GET /lua?a=5&b=2
--- user_files
>>> html/a.lua
return ngx.arg[1] + ngx.arg[2]

=== TEST 20: lua error (string)
--- config
    location /lua {
        set_by_lua $res 'error("Bad")';
        echo $res;
    }
--- request
GET /lua
--- grep_error_log
failed to run set_by_lua.*

=== TEST 21: lua error (nil)
--- config
    location /lua {
        set_by_lua $res 'error(nil)';
        echo $res;
    }
--- request
GET /lua
--- grep_error_log
failed to run set_by_lua.*

=== TEST 22: globals get cleared for every single request
--- config
    location /lua {
        set_by_lua $res '
            if not foo then
                foo = 1
            else
                foo = foo + 1
            end
            return foo
        ';
        echo $res;
    }
--- request
GET /lua

=== TEST 23: user modules using ngx.arg
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- config
    location /lua {
        set_by_lua $res 'local foo = require "foo" return foo.go()' $arg_a $arg_b;
        echo $res;
    }
--- user_files
>>> html/foo.lua
module("foo", package.seeall)

function go()
    return ngx.arg[1] + ngx.arg[2]
end
--- request
GET /lua?a=1&b=2

=== TEST 24: set_by_lua returning nil, a boolean, a table, several values
--- config
    location /lua {
        set_by_lua $a 'return nil';
        set_by_lua $b 'return true';
        set_by_lua $c 'return 1.5, 2';
        set_by_lua $d 'return';
        echo "[$a] [$b] [$c] [$d]";
    }
--- request
GET /lua

=== TEST 25: set_by_lua returning a table
--- config
    location /lua {
        set_by_lua $a 'return {}';
        echo "[$a]";
    }
--- request
GET /lua
--- grep_error_log
failed to run set_by_lua.*

=== TEST 26: set_by_lua in server and if, read by the location
--- config
    set_by_lua $srv 'return "server " .. ngx.var.uri';
    location /lua {
        if ($arg_x) {
            set_by_lua $srv 'return "if " .. ngx.var.arg_x';
        }
        echo $srv;
    }
--- request
GET /lua?x=7

=== TEST 27: set_by_lua with ngx.var of a later set
--- config
    location /lua {
        set_by_lua $a 'return ngx.var.b';
        set $b 'later';
        echo "[$a] [$b]";
    }
--- request
GET /lua

=== TEST 28: set_by_lua reading ngx.arg count and ngx.ctx
--- config
    location /lua {
        set_by_lua $a 'ngx.ctx.x = 1 return #ngx.arg .. " " .. tostring(ngx.arg[3])' one two;
        content_by_lua_block { ngx.say(ngx.var.a, " ctx ", ngx.ctx.x) }
    }
--- request
GET /lua
