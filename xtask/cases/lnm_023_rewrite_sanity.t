# Lifted from openresty/lua-nginx-module t/023-rewrite-sanity.t (BSD license)

=== TEST 1: basic print
--- config
    location /lua {
        rewrite_by_lua 'ngx.print("Hello, Lua!\\n")';
        content_by_lua return;
    }
--- request
GET /lua

=== TEST 2: no ngx.echo
--- config
    location /lua {
        rewrite_by_lua 'ngx.echo("Hello, Lua!\\n")';
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^,]*

=== TEST 3: invalid capture location
--- config
    location /lua {
        rewrite_by_lua 'res = ngx.location.capture("*(#*"); ngx.say("res=", res.status)';
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 4: setting nginx variables from within Lua
--- config
 location /set {
       set $a "";
       rewrite_by_lua 'ngx.var.a = 32; ngx.say(ngx.var.a)';
       content_by_lua 'ngx.exit(ngx.OK)';
       add_header Foo $a;
   }
--- request
GET /set

=== TEST 5: nginx quote sql string 1 (set runs before rewrite_by_lua)
--- config
 location /set {
       set $a 'hello\n\r\'"\\';
       rewrite_by_lua 'ngx.say(ngx.quote_sql_str(ngx.var.a))';
       content_by_lua 'ngx.exit(ngx.OK)';
   }
--- request
GET /set

=== TEST 6: subrequests can share variables of main requests
--- config
location /sub {
    content_by_lua_block { ngx.say(ngx.var.a) }
}
location /parent {
    set $a '';
    rewrite_by_lua '
        ngx.var.a = 12;
        res = ngx.location.capture("/sub", { share_all_vars = true });
        ngx.print(res.body)
    ';
    content_by_lua 'ngx.exit(ngx.OK)';
}
--- request
GET /parent

=== TEST 7: capture location headers set in rewrite
--- config
    location /other {
        default_type 'foo/bar';
        rewrite_by_lua '
            ngx.header.Bar = "Bah";
        ';
        content_by_lua 'ngx.exit(ngx.OK)';
    }
    location /lua {
        rewrite_by_lua '
            res = ngx.location.capture("/other");
            ngx.say("type: ", res.header["Content-Type"]);
            ngx.say("Bar: ", res.header["Bar"]);
        ';
        content_by_lua 'ngx.exit(ngx.OK)';
    }
--- request
GET /lua

=== TEST 8: rewrite_by_lua runs before ngx_access
--- config
    location /lua {
        deny all;
        rewrite_by_lua '
            ngx.exit(ngx.HTTP_INTERNAL_SERVER_ERROR)
        ';
        content_by_lua return;
    }
--- request
GET /lua

=== TEST 9: rewrite_by_lua shouldn't send headers automatically (return)
--- config
    location /lua {
        rewrite_by_lua 'return';
        proxy_pass http://127.0.0.1:$PORT/foo;
    }
    location = /foo {
        default_type 'text/css';
        add_header Bar Baz;
        content_by_lua_block { ngx.say("foo") }
    }
--- request
GET /lua

=== TEST 10: rewrite_by_lua shouldn't send headers automatically (ngx.exit(ngx.OK))
--- config
    location /lua {
        rewrite_by_lua 'ngx.exit(ngx.OK)';
        proxy_pass http://127.0.0.1:$PORT/foo;
    }
    location = /foo {
        default_type 'text/css';
        add_header Bar Baz;
        content_by_lua_block { ngx.say("foo") }
    }
--- request
GET /lua

=== TEST 11: short circuit
--- config
    location /lua {
        rewrite_by_lua '
            ngx.say("Hi")
            ngx.eof()
            ngx.exit(ngx.HTTP_OK)
        ';
        content_by_lua '
            print("HERE")
            ngx.print("BAD")
        ';
    }
--- request
GET /lua
--- grep_error_log
HERE

=== TEST 12: nginx vars in script path
--- config
    location ~ /lua/(.+)$ {
        rewrite_by_lua_file html/$1.lua;
        content_by_lua '
            ngx.print("BAD")
        ';
    }
--- user_files
>>> html/hi.lua
ngx.say("Hi")
ngx.eof()
ngx.exit(ngx.HTTP_OK)
--- request
GET /lua/hi

=== TEST 13: phase postponing works for various locations
--- config
    location ~ '^/lua/(.+)' {
        set $path $1;
        rewrite_by_lua 'ngx.say(ngx.var.path)';
        content_by_lua return;
    }
    location ~ '^/lua2/(.+)' {
        set $path $1;
        rewrite_by_lua 'ngx.say(ngx.var.path)';
        content_by_lua return;
    }
    location /main {
        content_by_lua_block {
            for _, u in ipairs{"/lua/foo", "/lua/bar", "/lua2/baz", "/lua2/bah"} do
                ngx.print(ngx.location.capture(u).body)
            end
        }
    }
--- request
GET /main

=== TEST 14: server rewrite_by_lua
--- config
    rewrite_by_lua 'ngx.header["X-Foo"] = "bar"';
--- user_files
>>> html/index.html
<html><head><title>It works!</title></head><body>It works!</body></html>
--- request
GET /

=== TEST 15: rewrite last before rewrite_by_lua
--- config
    location /main {
        rewrite ^/main/xyz\.html$ /abc.html last;
        rewrite_by_lua 'ngx.exit(503)';
    }
    location ~ /abc.html {
        content_by_lua_block { ngx.say("abc") }
    }
--- request
GET /main/xyz.html

=== TEST 16: rewrite plain before rewrite_by_lua
--- config
    location /main {
        rewrite ^/main/xyz\.html$ /abc.html ;
        rewrite_by_lua 'ngx.exit(503)';
    }
    location ~ /abc.html {
        content_by_lua_block { ngx.say("abc") }
    }
--- request
GET /main/xyz.html

=== TEST 17: rewrite break before rewrite_by_lua
--- config
    location /main {
        rewrite ^/main/xyz\.html$ /abc.html break;
        rewrite_by_lua 'ngx.exit(503)';
    }
    location ~ /abc.html {
        content_by_lua_block { ngx.say("abc") }
    }
--- request
GET /main/xyz.html

=== TEST 18: rewrite_by_lua_file with var path missing file
--- config
    location ~ ^/lua/(.+)$ {
        rewrite_by_lua_file html/$1.lua;
        content_by_lua return;
    }
--- request
GET /lua/nofile
--- grep_error_log
failed to load external Lua file[^,]*

=== TEST 19: content_by_lua_file with var path missing file
--- config
    location ~ ^/lua/(.+)$ {
        content_by_lua_file html/$1.lua;
    }
--- request
GET /lua/nofile
--- grep_error_log
failed to load external Lua file[^,]*

=== TEST 20: content_by_lua_file with var path traversal
--- config
    location ~ ^/lua/(.+)$ {
        content_by_lua_file html/$1.lua;
    }
--- user_files
>>> x.lua
ngx.say("outside html")
--- request
GET /lua/..%2Fx

=== TEST 21: content_by_lua_file with var path syntax error file
--- config
    location ~ ^/lua/(.+)$ {
        content_by_lua_file html/$1.lua;
    }
--- user_files
>>> html/bad.lua
local = 1
--- request
GET /lua/bad
--- grep_error_log
failed to load external Lua file[^,]*
