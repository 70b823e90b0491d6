# Lifted from openresty/lua-nginx-module t/033-ctx.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua '
            ngx.ctx.foo = 32;
            ngx.say(ngx.ctx.foo)
        ';
    }
--- request
GET /lua

=== TEST 2: rewrite, access, and content
--- config
    location /lua {
        rewrite_by_lua '
            ngx.say("foo = ", ngx.ctx.foo)
            ngx.ctx.foo = 76
        ';
        access_by_lua '
            ngx.ctx.foo = ngx.ctx.foo + 3
        ';
        content_by_lua '
            ngx.say(ngx.ctx.foo)
        ';
    }
--- request
GET /lua

=== TEST 3: interal redirect clears ngx.ctx
--- config
    location /echo {
        content_by_lua '
            ngx.say(ngx.ctx.foo)
        ';
    }
    location /lua {
        content_by_lua '
            ngx.ctx.foo = ngx.var.arg_data
            ngx.exec("/echo")
        ';
    }
--- request
GET /lua?data=hello

=== TEST 4: subrequest has its own ctx
--- config
    location /sub {
        content_by_lua '
            ngx.say("sub pre: ", ngx.ctx.blah)
            ngx.ctx.blah = 32
            ngx.say("sub post: ", ngx.ctx.blah)
        ';
    }
    location /main {
        content_by_lua '
            ngx.ctx.blah = 73
            ngx.say("main pre: ", ngx.ctx.blah)
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
            ngx.say("main post: ", ngx.ctx.blah)
        ';
    }
--- request
GET /main

=== TEST 5: overriding ctx
--- config
    location /lua {
        content_by_lua '
            ngx.ctx = { foo = 32, bar = 54 };
            ngx.say(ngx.ctx.foo)
            ngx.say(ngx.ctx.bar)

            ngx.ctx = { baz = 56  };
            ngx.say(ngx.ctx.foo)
            ngx.say(ngx.ctx.baz)
        ';
    }
--- request
GET /lua

=== TEST 6: header filter
--- config
    location /lua {
        content_by_lua '
            ngx.ctx.foo = 32;
            ngx.say(ngx.ctx.foo)
        ';
        header_filter_by_lua '
            ngx.header.blah = ngx.ctx.foo + 1
        ';
    }
--- request
GET /lua

=== TEST 7: capture_multi with ctx
--- config
    location /other {
        content_by_lua '
            ngx.say("dog = ", ngx.ctx.dog)
        ';
    }

    location /lua {
        content_by_lua '
            local res1, res2 = ngx.location.capture_multi{
                {"/other/1",
                    { ctx = { dog = "hello" }}
                },
                {"/other/2",
                    { ctx = { dog = "hiya" }}
                }
            };

            ngx.print(res1.body)
            ngx.print(res2.body)
            ngx.say("parent: ", ngx.ctx.dog)
        ';
    }
--- request
GET /lua

=== TEST 8: capture with ctx shares parent ctx table
--- config
    location /sub {
        content_by_lua '
            ngx.ctx.foo = "bar"
        ';
    }
    location /lua {
        content_by_lua '
            local res = ngx.location.capture("/sub", { ctx = ngx.ctx })
            ngx.say(ngx.ctx.foo)
        ';
    }
--- request
GET /lua

=== TEST 9: ctx in log phase and body filter
--- config
    location /lua {
        content_by_lua '
            ngx.ctx.n = 1
            ngx.say("x")
        ';
        body_filter_by_lua '
            ngx.ctx.n = ngx.ctx.n + 1
        ';
        log_by_lua '
            ngx.log(ngx.WARN, "ctx n: ", ngx.ctx.n)
        ';
    }
--- request
GET /lua
--- grep_error_log
ctx n: \d+
