# Lifted from openresty/lua-nginx-module t/002-content.t (BSD license)

=== TEST 1: basic print
--- config
    location /lua {
        content_by_lua '
            local ok, err = ngx.print("Hello, Lua!\\n")
            if not ok then
                ngx.log(ngx.ERR, "print failed: ", err)
            end
        ';
    }
--- request
GET /lua

=== TEST 2: basic say
--- config
    location /say {
        content_by_lua '
            local ok, err = ngx.say("Hello, Lua!")
            if not ok then
                ngx.log(ngx.ERR, "say failed: ", err)
                return
            end
            local ok, err = ngx.say("Yay! ", 123)
        ';
    }
--- request
GET /say

=== TEST 3: no ngx.echo
--- config
    location /lua {
        content_by_lua 'ngx.echo("Hello, Lua!\\n")';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 4: variable
--- config
    location /lua {
        content_by_lua 'v = ngx.var["request_uri"] ngx.print("request_uri: ", v, "\\n")';
    }
--- request
GET /lua?a=1&b=2

=== TEST 5: variable (file)
--- config
    location /lua {
        content_by_lua_file html/test.lua;
    }
--- user_files
>>> html/test.lua
v = ngx.var["request_uri"]
ngx.print("request_uri: ", v, "\n")
--- request
GET /lua?a=1&b=2

=== TEST 6: calc expression
--- config
    location /lua {
        content_by_lua_file html/calc.lua;
    }
--- user_files
>>> html/calc.lua
local function uri_unescape(uri)
    local function convert(hex)
        return string.char(tonumber("0x"..hex))
    end
    local s = string.gsub(uri, "%%([0-9a-fA-F][0-9a-fA-F])", convert)
    return s
end

local function eval_exp(str)
    return loadstring("return "..str)()
end

local exp_str = ngx.var["arg_exp"]
local status, res
status, res = pcall(uri_unescape, exp_str)
if not status then
    ngx.print("error: ", res, "\n")
    return
end
status, res = pcall(eval_exp, res)
if status then
    ngx.print("result: ", res, "\n")
else
    ngx.print("error: ", res, "\n")
end
--- request
GET /lua?exp=1%2B2*math.sin(3)%2Fmath.exp(4)-math.sqrt(2)

=== TEST 7: read $arg_xxx
--- config
    location = /lua {
        content_by_lua 'who = ngx.var.arg_who
            ngx.print("Hello, ", who, "!")';
    }
--- request
GET /lua?who=agentzh

=== TEST 8: capture location
--- config
    location /other {
        content_by_lua_block { ngx.say("hello, world") }
    }

    location /lua {
        content_by_lua 'res = ngx.location.capture("/other"); ngx.print("status=", res.status, " "); ngx.print("body=", res.body)';
    }
--- request
GET /lua

=== TEST 9: capture non-existed location
--- config
    location /lua {
        content_by_lua 'res = ngx.location.capture("/other"); ngx.print("status=", res.status)';
    }
--- request
GET /lua

=== TEST 10: invalid capture location (not as expected...)
--- config
    location /lua {
        content_by_lua 'res = ngx.location.capture("*(#*"); ngx.say("res=", res.status)';
    }
--- request
GET /lua

=== TEST 11: nil is "nil"
--- config
    location /lua {
        content_by_lua 'ngx.say(nil)';
    }
--- request
GET /lua

=== TEST 12: write boolean
--- config
    location /lua {
        content_by_lua 'ngx.say(true, " ", false)';
    }
--- request
GET /lua

=== TEST 13: bad argument type to ngx.location.capture
--- config
    location /lua {
        content_by_lua 'ngx.location.capture(nil)';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 14: capture location (default 0);
--- config
 location /recur {
       content_by_lua '
           local num = tonumber(ngx.var.arg_num) or 0;
           ngx.print("num is: ", num, "\\n");

           if (num > 0) then
               res = ngx.location.capture("/recur?num="..tostring(num - 1));
               ngx.print("status=", res.status, " ");
               ngx.print("body=", res.body, "\\n");
           else
               ngx.print("end\\n");
           end
           ';
   }
--- request
GET /recur

=== TEST 15: capture location (test 14)
--- config
 location /recur {
       content_by_lua '
           local num = tonumber(ngx.var.arg_num) or 0;
           ngx.print("num is: ", num, "\\n");

           if (num > 0) then
               res = ngx.location.capture("/recur?num="..tostring(num - 1));
               ngx.print("status=", res.status, " ");
               ngx.print("body=", res.body);
           else
               ngx.print("end\\n");
           end
           ';
   }
--- request
GET /recur?num=3

=== TEST 16: setting nginx variables from within Lua
--- config
 location /set {
       set $a "";
       content_by_lua 'ngx.var.a = 32; ngx.say(ngx.var.a)';
       add_header Foo $a;
   }
--- request
GET /set

=== TEST 17: nginx quote sql string 1
--- config
 location /set {
       set $a 'hello\n\r\'"\\';
       content_by_lua 'ngx.say(ngx.quote_sql_str(ngx.var.a))';
   }
--- request
GET /set

=== TEST 18: nginx quote sql string 2
--- config
location /set {
    set $a "hello\n\r'\"\\";
    content_by_lua 'ngx.say(ngx.quote_sql_str(ngx.var.a))';
}
--- request
GET /set

=== TEST 19: use dollar
--- config
location /set {
    content_by_lua '
        local s = "hello 112";
        ngx.say(string.find(s, "%d+$"))';
}
--- request
GET /set

=== TEST 20: subrequests do not share variables of main requests by default
--- config
location /sub {
    content_by_lua_block { ngx.say(ngx.var.a) }
}
location /parent {
    set $a 12;
    content_by_lua 'res = ngx.location.capture("/sub"); ngx.print(res.body)';
}
--- request
GET /parent

=== TEST 21: subrequests can share variables of main requests
--- config
location /sub {
    content_by_lua_block { ngx.say(ngx.var.a) }
}
location /parent {
    set $a 12;
    content_by_lua '
        res = ngx.location.capture(
            "/sub",
            { share_all_vars = true }
        );
        ngx.print(res.body)
    ';
}
--- request
GET /parent

=== TEST 22: main requests use subrequests' variables
--- config
location /sub {
    set $a 12;
}
location /parent {
    content_by_lua '
        res = ngx.location.capture("/sub", { share_all_vars = true });
        ngx.say(ngx.var.a)
    ';
}
--- request
GET /parent

=== TEST 23: main requests do NOT use subrequests' variables
--- config
location /sub {
    set $a 12;
}
location /parent {
    content_by_lua '
        res = ngx.location.capture("/sub", { share_all_vars = false });
        ngx.say(ngx.var.a)
    ';
}
--- request
GET /parent

=== TEST 24: capture location headers
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua_block { ngx.say("hello, world") }
    }

    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other");
            ngx.say("type: ", res.header["Content-Type"]);
        ';
    }
--- request
GET /lua

=== TEST 25: capture location multi-value headers
--- config
    location /other {
        content_by_lua '
            ngx.header["Set-Cookie"] = {"a", "hello, world", "foo"}
            local ok, err = ngx.eof()
            if not ok then
                ngx.log(ngx.ERR, "eof failed: ", err)
                return
            end
        ';
    }

    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other");
            ngx.say("type: ", type(res.header["Set-Cookie"]));
            ngx.say("len: ", #res.header["Set-Cookie"]);
            ngx.say("value: ", table.concat(res.header["Set-Cookie"], "|"))
        ';
    }
--- request
GET /lua

=== TEST 26: capture location headers 2
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua '
            ngx.header.Bar = "Bah";
        ';
    }

    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other");
            ngx.say("type: ", res.header["Content-Type"]);
            ngx.say("Bar: ", res.header["Bar"]);
        ';
    }
--- request
GET /lua

=== TEST 27: capture location headers 3
--- config
    location /other {
        default_type 'foo/bar';
        content_by_lua '
            ngx.header.Bar = "Bah";
            ngx.header.Bar = nil;
        ';
    }

    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other");
            ngx.say("type: ", res.header["Content-Type"]);
            ngx.say("Bar: ", res.header["Bar"] or "nil");
        ';
    }
--- request
GET /lua

=== TEST 28: HTTP 1.0 response
--- config
    location /lua {
        content_by_lua '
            data = "hello, world"
            ngx.print(data)
        ';
    }
    location /main {
        proxy_pass http://127.0.0.1:$PORT/lua;
    }
--- request
GET /main

=== TEST 29: multiple eof
--- config
    location /lua {
        content_by_lua '
            ngx.say("Hi")

            local ok, err = ngx.eof()
            if not ok then
                ngx.log(ngx.WARN, "eof failed: ", err)
                return
            end

            ok, err = ngx.eof()
            if not ok then
                ngx.log(ngx.WARN, "eof failed: ", err)
                return
            end

        ';
    }
--- request
GET /lua
--- grep_error_log
eof failed: [^\n]*

=== TEST 30: nginx vars in script path
--- config
    location ~ ^/lua/(.+)$ {
        content_by_lua_file html/$1.lua;
    }
--- user_files
>>> html/calc.lua
local a,b = ngx.var.arg_a, ngx.var.arg_b
ngx.say(a+b)
--- request
GET /lua/calc?a=19&b=81

=== TEST 31: basic print (HEAD + HTTP 1.1)
--- config
    location /lua {
        content_by_lua 'ngx.print("Hello, Lua!\\n")';
    }
--- request
HEAD /lua

=== TEST 32: basic print (HEAD + HTTP 1.0)
--- config
    location /lua {
        content_by_lua '
            ngx.print("Hello, Lua!\\n")
        ';
    }
--- request
HEAD /lua HTTP/1.0

=== TEST 33: headers_sent & HEAD
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.headers_sent)
            local ok, err = ngx.flush()
            if not ok then
                ngx.log(ngx.WARN, "failed to flush: ", err)
                return
            end
            ngx.say(ngx.headers_sent)
        ';
    }
--- request
HEAD /lua
--- grep_error_log
failed to [^\n]*

=== TEST 34: HEAD & ngx.say
--- config
    location /lua {
        content_by_lua '
            ngx.send_headers()
            local ok, err = ngx.say(ngx.headers_sent)
            if not ok then
                ngx.log(ngx.WARN, "failed to say: ", err)
                return
            end
        ';
    }
--- request
HEAD /lua
--- grep_error_log
failed to [^\n]*

=== TEST 35: ngx.eof before ngx.say
--- config
    location /lua {
        content_by_lua '
            local ok, err = ngx.eof()
            if not ok then
                ngx.log(ngx.ERR, "eof failed: ", err)
                return
            end

            ok, err = ngx.say(ngx.headers_sent)
            if not ok then
                ngx.log(ngx.WARN, "failed to say: ", err)
                return
            end
        ';
    }
--- request
GET /lua
--- grep_error_log
failed to [^\n]*

=== TEST 36: headers_sent + GET
--- config
    location /lua {
        content_by_lua '
            ngx.say(ngx.headers_sent)
            ngx.say(ngx.headers_sent)
            ngx.say(ngx.headers_sent)
        ';
    }
--- request
GET /lua

=== TEST 37: HTTP 1.0 response with Content-Length
--- config
    location /lua {
        content_by_lua '
            data = "hello,\\nworld\\n"
            ngx.header["Content-Length"] = #data
            ngx.say("hello,")
            ngx.flush()
            ngx.say("world")
        ';
    }
    location /main {
        proxy_pass http://127.0.0.1:$PORT/lua;
    }
--- request
GET /main

=== TEST 38: direct Content-Length with flush
--- config
    location /lua {
        content_by_lua '
            data = "hello,\\nworld\\n"
            ngx.header["Content-Length"] = #data
            ngx.say("hello,")
            ngx.flush()
            ngx.say("world")
        ';
    }
--- request
GET /lua

=== TEST 39: ngx.print table arguments (github issue #54)
--- config
    location /t {
        content_by_lua 'ngx.print({10, {0, 5}, 15}, 32)';
    }
--- request
GET /t

=== TEST 40: ngx.say table arguments (github issue #54)
--- config
    location /t {
        content_by_lua 'ngx.say({10, {0, "5"}, 15}, 32)';
    }
--- request
GET /t

=== TEST 41: .lua file with shebang
--- config
    location /lua {
        content_by_lua_file html/test.lua;
    }
--- user_files
>>> html/test.lua
#!/bin/lua

ngx.say("line ", debug.getinfo(1).currentline)
--- request
GET /lua?a=1&b=2
