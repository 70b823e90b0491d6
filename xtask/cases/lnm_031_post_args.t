# Lifted from openresty/lua-nginx-module t/031-post-args.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        lua_need_request_body on;
        content_by_lua '
            
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a=3&b=4&c

=== TEST 2: lua_need_request_body off
--- config
    location /lua {
        lua_need_request_body off;
        content_by_lua '
            
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a=3&b=4&c
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 3: empty request body
--- config
    location /lua {
        lua_need_request_body on;
        content_by_lua '
            
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua

=== TEST 4: max args (limited after normal key=value)
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args(2)
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
foo=3&bar=4&baz=2

=== TEST 5: max args (limited after an orphan key)
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args(2)
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
foo=3&bar&baz=2

=== TEST 6: max args (limited after an empty key)
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args(2)
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
foo=3&=hello&=world

=== TEST 7: default max 100 args
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102

=== TEST 8: custom max 102 args
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args(102)
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102&a103=103

=== TEST 9: custom unlimited args
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args(0)
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102&a103=103&a104=104&a105=105

=== TEST 10: escaped and plus
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a%20b=c+d&e=%ZZ&f=1&f=2

=== TEST 11: multipart content type is still parsed
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a=1&b=2
--- more_headers
Content-Type: multipart/form-data; boundary=x

=== TEST 12: form content type
--- config
    location /lua {
        
        content_by_lua '
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args()
            ngx.say("err: ", err)
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, ": ", table.concat(val, ", "))
                else
                    ngx.say(key, " = ", val)
                end
            end
        ';
    }
--- request
POST /lua
a=1&b=2
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 13: body in file
--- config
    location /lua {
        client_body_buffer_size 8;
        client_body_in_file_only clean;
        content_by_lua_block {
            ngx.req.read_body()
            local args, err = ngx.req.get_post_args()
            ngx.say(args and args.a, " ", err)
        }
    }
--- request
POST /lua
a=1234567890&b=2

=== TEST 14: post args without reading the body
--- config
    location /lua {
        content_by_lua_block {
            local ok, err = pcall(ngx.req.get_post_args)
            ngx.say(ok, " ", err)
        }
    }
--- request
POST /lua
a=1

=== TEST 15: get method name in main request
--- config
    location /t {
        content_by_lua '
            ngx.say("method: [", ngx.req.get_method(), "]")
        ';
    }
--- request
GET /t

=== TEST 16: get method name in subrequest
--- config
    location /t {
        content_by_lua_block { ngx.print(ngx.location.capture("/sub", {method = ngx.HTTP_POST}).body) }
    }
    location /sub {
        content_by_lua '
            ngx.say("method: [", ngx.req.get_method(), "]")
        ';
    }
--- request
GET /t

=== TEST 17: set GET to POST
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_POST)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
GET /t

=== TEST 18: set POST to GET
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_GET)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
POST /t
hello world

=== TEST 19: set POST to DELETE
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_DELETE)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
POST /t
hello world

=== TEST 20: set POST to PUT
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
POST /t
hello world

=== TEST 21: set GET to HEAD
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_HEAD)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
GET /t

=== TEST 22: set GET to OPTIONS
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_OPTIONS)
        ';
        proxy_pass http://127.0.0.1:$PORT/echo;
    }
    location /echo {
        content_by_lua_block { ngx.say(ngx.var.request_method) }
    }
--- request
GET /t

=== TEST 23: set POST to PUT (using $request_method)
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
        ';
        content_by_lua_block { ngx.say(ngx.var.request_method, " ", ngx.req.get_method()) }
    }
--- request
POST /t
hello world

=== TEST 24: set method name in subrequest
--- config
    location /t {
        content_by_lua_block {
            ngx.print(ngx.location.capture("/sub", {method = ngx.HTTP_POST}).body)
            ngx.say("main: ", ngx.req.get_method())
        }
    }
    location /sub {
        content_by_lua '
            ngx.req.set_method(ngx.HTTP_PUT)
            ngx.say("sub: ", ngx.req.get_method())
        ';
    }
--- request
GET /t

=== TEST 25: set HEAD to GET
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_method(ngx.HTTP_GET)
        ';
        content_by_lua_block { ngx.say("method: ", ngx.req.get_method()) }
    }
--- request
HEAD /t

=== TEST 26: set GET to WebDAV methods
--- config
    location /t {
        content_by_lua '
            local methods = {
                ngx.HTTP_MKCOL,
                ngx.HTTP_COPY,
                ngx.HTTP_MOVE,
                ngx.HTTP_PROPFIND,
                ngx.HTTP_PROPPATCH,
                ngx.HTTP_LOCK,
                ngx.HTTP_UNLOCK,
                ngx.HTTP_PATCH,
                ngx.HTTP_TRACE,
            }
            for i, method in ipairs(methods) do
                ngx.req.set_method(method)
                ngx.say("method: ", ngx.req.get_method(), " ", ngx.var.request_method)
            end
        ';
    }
--- request
GET /t

=== TEST 27: set bad method
--- config
    location /t {
        content_by_lua_block {
            local ok, err = pcall(ngx.req.set_method, 12345)
            ngx.say(ok, " ", err)
            local ok, err = pcall(ngx.req.set_method, "GET")
            ngx.say(ok, " ", err)
        }
    }
--- request
GET /t
