# Lifted from openresty/lua-nginx-module t/055-subreq-vars.t (BSD license)

=== TEST 1: set non-existent variables via "vars" option
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
            ngx.say("cat = ", ngx.var.cat)
        ';
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { dog = "hello" }});
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
variable "\w+" cannot be assigned.*|lua entry thread aborted.*

=== TEST 2: set non-existent variables via "vars" option (one defined)
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
            ngx.say("cat = ", ngx.var.cat)
        ';
    }
    location /lua {
        set $dog '';
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { cat = 32 }});
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
variable "\w+" cannot be assigned.*

=== TEST 3: good "vars" option: user variables
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
            ngx.say("cat = ", ngx.var.cat)
        ';
    }
    location /lua {
        set $dog '';
        set $cat '';
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { dog = "hello", cat = 32 }});
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 4: bad "vars" option value
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
        ';
    }
    location /lua {
        set $dog '';
        set $cat '';
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = "hello" });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted.*

=== TEST 5: bad "vars" option value value
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
        ';
    }
    location /lua {
        set $dog '';
        set $cat '';
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { cat = true } });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
lua entry thread aborted.*

=== TEST 6: good "vars" option: builtin variables
--- config
    location /other {
        echo "args: $args";
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { args = "a=hello&b=32" }});
            ngx.print(res.body)
        ';
    }
--- request
GET /lua

=== TEST 7: setting non-changeable vars
--- config
    location /other {
        echo "query string: $query_string";
    }
    location /lua {
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { query_string = "hello" } });
            ngx.print(res.body)
        ';
    }
--- request
GET /lua
--- grep_error_log
variable "query_string" not changeable|lua entry thread aborted.*

=== TEST 8: copy all vars
--- config
    location /other {
        set $dog "$dog world";
        echo "$uri dog: $dog";
    }
    location /lua {
        set $dog 'hello';
        content_by_lua '
            res = ngx.location.capture("/other",
                { copy_all_vars = true });
            ngx.print(res.body)
            ngx.say(ngx.var.uri, ": ", ngx.var.dog)
        ';
    }
--- request
GET /lua

=== TEST 9: share all vars
--- config
    location /other {
        set $dog "$dog world";
        echo "$uri dog: $dog";
    }
    location /lua {
        set $dog 'hello';
        content_by_lua '
            res = ngx.location.capture("/other",
                { share_all_vars = true });
            ngx.print(res.body)
            ngx.say(ngx.var.uri, ": ", ngx.var.dog)
        ';
    }
--- request
GET /lua

=== TEST 10: vars takes priority over copy_all_vars
--- config
    location /other {
        set $dog "$dog world";
        echo "$uri dog: $dog";
    }
    location /lua {
        set $dog 'hello';
        content_by_lua '
            res = ngx.location.capture("/other",
                { vars = { dog = "hiya" }, copy_all_vars = true });
            ngx.print(res.body)
            ngx.say(ngx.var.uri, ": ", ngx.var.dog)
        ';
    }
--- request
GET /lua

=== TEST 11: capture_multi: good "vars" option: user variables
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.var.dog)
            ngx.say("cat = ", ngx.var.cat)
        ';
    }
    location /lua {
        set $dog 'blah';
        set $cat 'foo';
        content_by_lua '
            local res1, res2 = ngx.location.capture_multi{
                {"/other/1",
                    { vars = { dog = "hello", cat = 32 }}
                },
                {"/other/2",
                    { vars = { dog = "hiya", cat = 56 }}
                }
            };
            ngx.print(res1.body)
            ngx.print(res2.body)
            ngx.say("parent dog: ", ngx.var.dog)
            ngx.say("parent cat: ", ngx.var.cat)
        ';
    }
--- request
GET /lua

=== TEST 12: share_all_vars with ngx.var set in the subrequest by Lua
--- config
    location /other {
        content_by_lua_block { ngx.var.dog = "from sub" ngx.say("sub ", ngx.var.dog) }
    }
    location /lua {
        set $dog 'hello';
        content_by_lua_block {
            local res = ngx.location.capture("/other", { share_all_vars = true })
            ngx.print(res.body)
            res = ngx.location.capture("/other", { copy_all_vars = true, vars = { dog = "x" } })
            ngx.print(res.body)
            ngx.say("main ", ngx.var.dog)
        }
    }
--- request
GET /lua

=== TEST 13: echo_location does not share vars
--- config
    location /other {
        set $dog "$dog world";
        echo "$uri dog: [$dog]";
    }
    location /lua {
        set $dog 'hello';
        echo_location /other;
        echo "main dog: [$dog]";
    }
--- request
GET /lua
