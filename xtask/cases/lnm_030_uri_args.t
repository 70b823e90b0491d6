# Lifted from openresty/lua-nginx-module t/030-uri-args.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?a=3&b=4&c

=== TEST 2: args take no value
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo&baz=&bar=42

=== TEST 3: arg key and value escaped
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?%3d&b%20r=4%61+2

=== TEST 4: empty
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua

=== TEST 5: empty arg, but with = and &
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?=&&

=== TEST 6: multi-value keys
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo=32&foo==&foo=baz

=== TEST 7: multi-value keys 2
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo=32&foo==&bar=baz

=== TEST 8: empty arg
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?&=

=== TEST 9: = in value
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo===

=== TEST 10: empty key, but non-empty values
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?=hello&=world

=== TEST 11: max args (limited after normal key=value)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(2)
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo=3&bar=4&baz=2

=== TEST 12: max args (limited after an orphan key)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(2)
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo=3&bar&baz=2

=== TEST 13: max args (limited after an empty key)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(2)
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?foo=3&=hello&=world

=== TEST 14: default max 100 args
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102

=== TEST 15: custom max 102 args
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(102)
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102&a103=103

=== TEST 16: custom unlimited args
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(0)
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102&a103=103&a104=104&a105=105

=== TEST 17: plus and percent
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args()
            if err then
                ngx.say("err: ", err)
            end
            local keys = {}
            for key, val in pairs(args) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                local val = args[key]
                if type(val) == "table" then
                    ngx.say(key, " = [", table.concat(val, ", "), "]")
                else
                    ngx.say(key, " = ", val)
                end
            end
            ngx.say("done")
        }
    }
--- request
GET /lua?a=b+c%2Bd&%ZZ=1&e=%4

=== TEST 18: updating args with $args
--- config
    location /lua {
        content_by_lua_block {
            local args = ngx.req.get_uri_args()
            ngx.say("foo = ", args.foo)
            ngx.say("updating args...")
            ngx.var.args = "a=3&b=4"
            local args = ngx.req.get_uri_args()
            ngx.say("a = ", args.a, " b = ", args.b)
        }
    }
--- request
GET /lua?foo=bar

=== TEST 19: rewrite uri and args
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri_args("hello")
            ngx.req.set_uri("/bar", true);
        ';
        proxy_pass http://127.0.0.2:12345;
    }
--- request
GET /foo?world
--- log_level: debug
--- grep_error_log
lua set uri jump to [^\n]*

=== TEST 20: rewrite args (not break cycle by default)
--- config
    location /bar {
        content_by_lua_block { ngx.say("bar: ", ngx.var.uri, "?", ngx.var.args) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri_args("hello")
            ngx.req.set_uri("/bar", true)
        ';
        content_by_lua_block { ngx.say("foo: ", ngx.var.uri, "?", ngx.var.args) }
    }
--- request
GET /foo?world

=== TEST 21: rewrite (break cycle explicitly)
--- config
    location /bar {
        content_by_lua_block { ngx.say("bar: ", ngx.var.uri, "?", ngx.var.args) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri("/bar")
            ngx.req.set_uri_args("hello")
        ';
        content_by_lua_block { ngx.say("foo: ", ngx.var.uri, "?", ngx.var.args) }
    }
--- request
GET /foo?world

=== TEST 22: rewrite uri (zero-length)
--- config
    location /foo {
        rewrite_by_lua '
            local res, err = pcall(ngx.req.set_uri, "")
            print("rewrite: err: ", err)
        ';
        content_by_lua '
            ngx.say("foo: ", ngx.var.uri, "?", ngx.var.args)
        ';
    }
--- request
GET /foo?world
--- grep_error_log
rewrite: [^,]*

=== TEST 23: rewrite uri and args (proxied)
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri_args("hello")
            ngx.req.set_uri("/bar")
        ';
        proxy_pass http://127.0.0.1:$PORT;
    }
--- request
GET /foo?world

=== TEST 24: rewrite uri and args (table args)
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri("/bar")
            ngx.req.set_uri_args({["ca t"] = "%"})
        ';
        proxy_pass http://127.0.0.1:$PORT;
    }
--- request
GET /foo?world

=== TEST 25: rewrite uri and args (never returns)
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri_args("hello")
            ngx.req.set_uri("/bar", true);
            ngx.exit(503)
        ';
        proxy_pass http://127.0.0.2:12345;
    }
--- request
GET /foo?world

=== TEST 26: ngx.req.set_uri with jump not allowed in access phase
--- config
    location /foo {
        set $err '';
        access_by_lua '
            local res, err = pcall(ngx.req.set_uri, "/bar", true);
            ngx.var.err = err
        ';
        content_by_lua_block { ngx.say("err: ", ngx.var.err) }
    }
--- request
GET /foo?world

=== TEST 27: ngx.req.set_uri without jump allowed in access phase
--- config
    location /foo {
        access_by_lua '
            ngx.req.set_uri("/bar")
        ';
        content_by_lua_block { ngx.say("uri: ", ngx.var.uri) }
    }
--- request
GET /foo?world

=== TEST 28: ngx.req.set_uri with jump not allowed in content phase
--- config
    location /foo {
        content_by_lua '
            local res, err = pcall(ngx.req.set_uri, "/bar", true);
            ngx.say("err: ", err)
        ';
    }
--- request
GET /foo?world

=== TEST 29: ngx.req.set_uri without jump allowed in content phase
--- config
    location /foo {
        content_by_lua '
            ngx.req.set_uri("/bar")
            ngx.say("uri: ", ngx.var.uri)
        ';
    }
--- request
GET /foo?world

=== TEST 30: ngx.req.set_uri with jump not allowed in set_by_lua
--- config
    location /foo {
        set_by_lua $err '
            local res, err = pcall(ngx.req.set_uri, "/bar", true);
            return err
        ';
        content_by_lua_block { ngx.say("err: ", ngx.var.err) }
    }
--- request
GET /foo?world

=== TEST 31: ngx.encode_args (sanity)
--- config
    location /lua {
        set_by_lua $args_str '
            local t = {a = "bar"}
            return ngx.encode_args(t)
        ';
        content_by_lua_block { ngx.say(ngx.var.args_str) }
    }
--- request
GET /lua

=== TEST 32: ngx.encode_args (nil value)
--- config
    location /lua {
        content_by_lua '
            local t = {a = nil}
            ngx.say("args:" .. ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 33: ngx.encode_args (value is table)
--- config
    location /lua {
        content_by_lua '
            local t = {a = {9, 2}}
            ngx.say("args:" .. ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 34: ngx.encode_args (boolean values)
--- config
    location /lua {
        content_by_lua '
            local t = {a = true}
            ngx.say("args: " .. ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 35: ngx.encode_args (boolean values, false)
--- config
    location /lua {
        content_by_lua '
            local t = {a = false, foo = 3}
            ngx.say("args: " .. ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 36: boolean values in ngx.encode_args
--- config
    location /lua {
        content_by_lua '
            local t = {bar = {32, true, false, "x y"}}
            ngx.say(ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 37: ngx.encode_args (bad user data value)
--- config
    location /lua {
        content_by_lua '
            local t = {bar = ngx.shared.dogs}
            local rc, err = pcall(ngx.encode_args, t)
            ngx.say("rc: ", rc, ", err: ", err)
        ';
    }
--- request
GET /lua
--- http_config
    lua_shared_dict dogs 1m;

=== TEST 38: ngx.encode_args (empty table)
--- config
    location /lua {
        content_by_lua '
            local t = {}
            ngx.say("args: ", ngx.encode_args(t))
        ';
    }
--- request
GET /lua

=== TEST 39: ngx.encode_args (bad arg)
--- config
    location /lua {
        content_by_lua '
            local rc, err = pcall(ngx.encode_args, true)
            ngx.say("rc: ", rc, ", err: ", err)
        ';
    }
--- request
GET /lua

=== TEST 40: rewrite uri and args (multi-value args)
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua '
            ngx.req.set_uri_args({b = {5, 6}})
            ngx.req.set_uri("/bar")
        ';
        proxy_pass http://127.0.0.1:$PORT;
    }
--- request
GET /foo?world

=== TEST 41: ngx.decode_args (sanity)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.decode_args("a=bar&b=foo") ngx.say("a = ", args.a) ngx.say("b = ", args.b) ngx.say(err)
        }
    }
--- request
GET /lua

=== TEST 42: ngx.decode_args (multi-value)
--- config
    location /lua {
        content_by_lua_block {
            local args = ngx.decode_args("a=bar&b=foo&a=baz") ngx.say("a = ", table.concat(args.a, ", ")) ngx.say("b = ", args.b)
        }
    }
--- request
GET /lua

=== TEST 43: ngx.decode_args (empty string)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.decode_args("") ngx.say("n = ", #args, " ", tostring(err))
        }
    }
--- request
GET /lua

=== TEST 44: ngx.decode_args (boolean args)
--- config
    location /lua {
        content_by_lua_block {
            local args = ngx.decode_args("a&b") ngx.say("a = ", args.a) ngx.say("b = ", args.b)
        }
    }
--- request
GET /lua

=== TEST 45: ngx.decode_args (empty value args)
--- config
    location /lua {
        content_by_lua_block {
            local args = ngx.decode_args("a=&b=") ngx.say("a = ", args.a) ngx.say("b = ", args.b)
        }
    }
--- request
GET /lua

=== TEST 46: ngx.decode_args (max_args = 1)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.decode_args("a=bar&b=foo", 1) ngx.say("err: ", err) ngx.say("a = ", args.a) ngx.say("b = ", args.b)
        }
    }
--- request
GET /lua

=== TEST 47: ngx.decode_args (max_args = -1)
--- config
    location /lua {
        content_by_lua_block {
            local args, err = ngx.decode_args("a=bar&b=foo", -1) ngx.say("err: ", err) ngx.say("a = ", args.a) ngx.say("b = ", args.b)
        }
    }
--- request
GET /lua

=== TEST 48: ngx.decode_args should not modify lua strings in place
--- config
    location /lua {
        content_by_lua_block {
            local s = "f+f=bar&B=foo" local args = ngx.decode_args(s) ngx.say(args["f f"], " ", args.B) ngx.say("s = ", s)
        }
    }
--- request
GET /lua

=== TEST 49: ngx.encode_args (escaping)
--- config
    location /lua {
        content_by_lua_block {
            ngx.say("args: ", ngx.encode_args({bar = "-_.!~*'()"})) ngx.say("args: ", ngx.encode_args({foo = ",$@|`"}))
        }
    }
--- request
GET /lua

=== TEST 50: ngx.decode_args on body parts
--- config
    lua_need_request_body on;
    location /t {
        content_by_lua '
            local post_data = ngx.req.get_body_data()
            for command in string.gmatch(post_data, "[^|]+") do
                local request_args, err = ngx.decode_args(command, 0)
                local arr = {}
                for k, v in pairs(request_args) do
                    table.insert(arr, k)
                end
                table.sort(arr)
                for i, k in ipairs(arr) do
                    ngx.say(k, ": ", request_args[k])
                end
                ngx.say(" ===============")
            end
        ';
    }
--- request
POST /t
method=zadd&key=User%3A1227713%3Alikes%3Atwitters&arg1=1356514698||method=zadd&key=User%3A1227713&arg2=780984852

=== TEST 51: recursive rewrite
--- config
    rewrite_by_lua '
        local args = ngx.var.args
        if args == "jump" then
            ngx.req.set_uri("/jump",true)
        end
    ';

    location /jump {
        content_by_lua_block { ngx.say("Jump around!") }
    }

    location / {
        content_by_lua_block { ngx.say(ngx.var.request_uri) }
    }
--- request
GET /?jump
--- grep_error_log
rewrite or internal redirection cycle[^,]*

=== TEST 52: set_uri with unsafe uri (with tab)
--- config
    location /t {
        content_by_lua_block {
            local new_uri = "/foo\tbar"
            ngx.req.set_uri(new_uri)
            ngx.say(ngx.var.uri)
        }
    }
--- request
GET /t

=== TEST 53: set_uri with unsafe uri (with NUL)
--- config
    location /t {
        content_by_lua_block {
            local new_uri = '\0foo'
            ngx.req.set_uri(new_uri)
            ngx.say(ngx.var.uri)
        }
    }
--- request
GET /t

=== TEST 54: set_uri with safe uri (with space)
--- config
    location /t {
        rewrite_by_lua_block {
            local new_uri = "/foo bar"
            ngx.req.set_uri(new_uri)
        }
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /foo {
        content_by_lua_block {
            ngx.say("request_uri: ", ngx.var.request_uri)
            ngx.say("uri: ", ngx.var.uri)
        }
    }
--- request
GET /t

=== TEST 55: set_uri_args with true
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua_block {
            ngx.req.set_uri_args(true)
            ngx.req.set_uri("/bar", true)
        }
        proxy_pass http://127.0.0.2:12345;
    }
--- request
GET /foo?world
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 56: set_uri_args with nil
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua_block {
            ngx.req.set_uri_args(nil)
            ngx.req.set_uri("/bar", true)
        }
        proxy_pass http://127.0.0.2:12345;
    }
--- request
GET /foo?world
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 57: set_uri_args with ngx.null
--- config
    location /bar {
        content_by_lua_block { ngx.say(ngx.var.server_protocol, " ", ngx.var.query_string) }
    }
    location /foo {
        rewrite_by_lua_block {
            ngx.req.set_uri_args(ngx.null)
            ngx.req.set_uri("/bar", true)
        }
        proxy_pass http://127.0.0.2:12345;
    }
--- request
GET /foo?world
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 58: set_uri binary option with unsafe uri
--- config
    location /t {
        rewrite_by_lua_block {
            local new_uri = "/foo\r\nbar"
            ngx.req.set_uri(new_uri, false, true)
        }
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /foo {
        content_by_lua_block {
            ngx.say("request_uri: ", ngx.var.request_uri)
            ngx.say("uri: ", ngx.var.uri)
        }
    }
--- request
GET /t

=== TEST 59: set_uri binary option false with unsafe uri
--- config
    location /t {
        rewrite_by_lua_block {
            local new_uri = "/foo\r\nbar"
            ngx.req.set_uri(new_uri, false, false)
        }
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /foo {
        content_by_lua_block {
            ngx.say("request_uri: ", ngx.var.request_uri)
            ngx.say("uri: ", ngx.var.uri)
        }
    }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 60: set_uri binary option with safe uri
--- config
    location /t {
        rewrite_by_lua_block {
            local new_uri = "/foo bar"
            ngx.req.set_uri(new_uri, false, true)
        }
        proxy_pass http://127.0.0.1:$PORT;
    }
    location /foo {
        content_by_lua_block {
            ngx.say("request_uri: ", ngx.var.request_uri)
            ngx.say("uri: ", ngx.var.uri)
        }
    }
--- request
GET /t
