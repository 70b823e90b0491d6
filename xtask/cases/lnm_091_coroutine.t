# Lifted from openresty/lua-nginx-module t/091-coroutine.t (BSD license)

=== TEST 1: basic coroutine print
--- config
    location /lua {
        content_by_lua '
            local cc, cr, cy = coroutine.create, coroutine.resume, coroutine.yield
            function f()
                local cnt = 0
                for i = 1, 20 do
                    ngx.say("Hello, ", cnt)
                    cy()
                    cnt = cnt + 1
                end
            end
            local c = cc(f)
            for i=1,3 do
                cr(c)
                ngx.say("***")
            end
        ';
    }
--- request
GET /lua

=== TEST 2: basic coroutine2
--- config
    location /lua {
        content_by_lua '
            function f(fid)
                local cnt = 0
                while true do
                    ngx.say("cc", fid, ": ", cnt)
                    coroutine.yield()
                    cnt = cnt + 1
                end
            end
            local ccs = {}
            for i=1,3 do
                ccs[#ccs+1] = coroutine.create(function() f(i) end)
            end
            for i=1,9 do
                local cc = table.remove(ccs, 1)
                coroutine.resume(cc)
                ccs[#ccs+1] = cc
            end
        ';
    }
--- request
GET /lua

=== TEST 3: coroutine and cosocket to local server
--- config
    location /lua {
        content_by_lua '
            function worker(port)
                local sock = ngx.socket.tcp()
                local ok, err = sock:connect("127.0.0.1", port)
                coroutine.yield()
                if not ok then
                    ngx.say("failed to connect: ", err)
                    return
                end
                coroutine.yield()
                ngx.say("successfully connected")
                sock:close()
            end
            local ccs = {}
            for i, p in ipairs({ngx.var.server_port, ngx.var.server_port, 1}) do
                ccs[#ccs+1] = coroutine.create(function() worker(p) end)
            end
            while true do
                if #ccs == 0 then break end
                local cc = table.remove(ccs, 1)
                local ok = coroutine.resume(cc)
                if ok and coroutine.status(cc) ~= "dead" then
                    ccs[#ccs+1] = cc
                end
            end
            ngx.say("*** All Done ***")
        ';
    }
--- request
GET /lua
--- grep_error_log
\[error\] [^,]*

=== TEST 4: coroutine.wrap(generate prime numbers)
--- config
    location /lua {
        content_by_lua '
            function gen (n)
              return coroutine.wrap(function ()
                for i=2,n do coroutine.yield(i) end
              end)
            end
            function filter (p, g)
              return coroutine.wrap(function ()
                while 1 do
                  local n = g()
                  if n == nil then return end
                  if math.fmod(n, p) ~= 0 then coroutine.yield(n) end
                end
              end)
            end
            N = 10
            x = gen(N)
            while 1 do
              local n = x()
              if n == nil then break end
              ngx.say(n)
              x = filter(n, x)
            end
        ';
    }
--- request
GET /lua

=== TEST 5: coroutine.wrap(generate fib)
--- config
    location /lua {
        content_by_lua '
            function generatefib (n)
              return coroutine.wrap(function ()
                local a,b = 1, 1
                while a <= n do
                  coroutine.yield(a)
                  a, b = b, a+b
                end
              end)
            end
            for i in generatefib(1000) do ngx.say(i) end
        ';
    }
--- request
GET /lua

=== TEST 6: coroutine status, running
--- config
    location /lua {
        content_by_lua '
            local cc, cr, cy = coroutine.create, coroutine.resume, coroutine.yield
            local st, rn = coroutine.status, coroutine.running
            function f(self)
                local cnt = 0
                if rn() ~= self then ngx.say("error"); return end
                ngx.say("running: ", st(self))
                cy()
                local c = cc(function(father)
                    ngx.say("normal: ", st(father))
                end)
                cr(c, self)
            end
            local c = cc(f)
            ngx.say("suspended: ", st(c))
            cr(c, c)
            ngx.say("suspended: ", st(c))
            cr(c, c)
            ngx.say("dead: ", st(c))
        ';
    }
--- request
GET /lua

=== TEST 7: entry coroutine yielded will be resumed immediately
--- config
    location /lua {
        content_by_lua '
            ngx.say("[", {coroutine.yield()}, "]")
            ngx.say("[", {coroutine.yield(1, "a")}, "]")
            ngx.say("done")
        ';
    }
--- request
GET /lua

=== TEST 8: thread traceback (multi-thread)
--- config
    location /lua {
        content_by_lua '
            local f = function(cr) coroutine.resume(cr) end
            local g = function() unknown.unknown = 1 end
            local l1 = coroutine.create(f)
            local l2 = coroutine.create(g)
            coroutine.resume(l1, l2)
            ngx.say("hello")
        ';
    }
--- request
GET /lua
--- grep_error_log
\[(error|warn)\] [^\n]*

=== TEST 9: thread traceback (only the entry thread)
--- config
    location /lua {
        content_by_lua '
            unknown.unknown = 1
            ngx.say("hello")
        ';
    }
--- request
GET /lua
--- grep_error_log
\[(error|warn)\] [^\n]*

=== TEST 10: bug: resume dead coroutine with args
--- config
    location /lua {
        content_by_lua '
            function print(...)
                local args = {...}
                local is_first = true
                for i,v in ipairs(args) do
                    if is_first then
                        is_first = false
                    else
                        ngx.print(" ")
                    end
                    ngx.print(v)
                end
                ngx.print("\\\n")
            end
            function foo (a)
                print("foo", a)
                return coroutine.yield(2*a)
            end
            co = coroutine.create(function (a,b)
                    print("co-body", a, b)
                    local r = foo(a+1)
                    print("co-body", r)
                    local r, s = coroutine.yield(a+b, a-b)
                    print("co-body", r, s)
                    return b, "end"
                end)
            print("main", coroutine.resume(co, 1, 10))
            print("main", coroutine.resume(co, "r"))
            print("main", coroutine.resume(co, "x", "y"))
            print("main", coroutine.resume(co, "x", "y"))
        ';
    }
--- request
GET /lua

=== TEST 11: deeply nested coroutines
--- config
    location /lua {
        content_by_lua '
            local create = coroutine.create
            local resume = coroutine.resume
            local yield = coroutine.yield
            function f()
                ngx.say("f begin")
                yield()
                local c2 = create(g)
                ngx.say("1: resuming c2")
                resume(c2)
                ngx.say("2: resuming c2")
                resume(c2)
                yield()
                ngx.say("3: resuming c2")
                resume(c2)
                ngx.say("f done")
            end
            function g()
                ngx.say("g begin")
                yield()
                ngx.say("g going")
                yield()
                ngx.say("g done")
            end
            local c1 = create(f)
            ngx.say("1: resuming c1")
            resume(c1)
            ngx.say("2: resuming c1")
            resume(c1)
            ngx.say("3: resuming c1")
            resume(c1)
            ngx.say("main done")
        ';
    }
--- request
GET /lua

=== TEST 12: using ngx.exit in user coroutines
--- config
    location /lua {
        content_by_lua '
            local create = coroutine.create
            local resume = coroutine.resume
            local yield = coroutine.yield
            local code = 400
            function f()
                local c2 = create(g)
                yield()
                code = code + 1
                resume(c2)
                yield()
                resume(c2)
            end
            function g()
                code = code + 1
                yield()
                code = code + 1
                ngx.exit(code)
            end
            local c1 = create(f)
            resume(c1)
            resume(c1)
            resume(c1)
            ngx.say("done")
        ';
    }
--- request
GET /lua

=== TEST 13: using ngx.exec in user coroutines
--- config
    location /lua {
        content_by_lua '
            local create = coroutine.create
            local resume = coroutine.resume
            local yield = coroutine.yield
            local code = 0
            function f()
                local c2 = create(g)
                yield()
                code = code + 1
                resume(c2)
                yield()
                resume(c2)
            end
            function g()
                code = code + 1
                yield()
                code = code + 1
                ngx.exec("/n/" .. code)
            end
            local c1 = create(f)
            resume(c1)
            resume(c1)
            resume(c1)
            ngx.say("done")
        ';
    }
    location ~ '^/n/(\d+)' {
        content_by_lua_block { ngx.say("num: ", ngx.var[1]) }
    }
--- request
GET /lua

=== TEST 14: ngx.sleep inside user coroutine
--- config
    location /lua {
        content_by_lua '
            local co = coroutine.create(function()
                ngx.say("before sleep")
                ngx.sleep(0.05)
                ngx.say("after sleep")
                coroutine.yield("y1")
                return "ret"
            end)
            ngx.say(coroutine.resume(co))
            ngx.say(coroutine.status(co))
            ngx.say(coroutine.resume(co))
            ngx.say(coroutine.status(co))
        ';
    }
--- request
GET /lua

=== TEST 15: capture inside a user coroutine
--- config
    location /lua {
        content_by_lua '
            local co = coroutine.wrap(function()
                local res = ngx.location.capture("/sub")
                coroutine.yield(res.body)
                return "done"
            end)
            ngx.say(co())
            ngx.say(co())
        ';
    }
    location /sub {
        content_by_lua_block { ngx.print("sub body") }
    }
--- request
GET /lua

=== TEST 16: coroutine.isyieldable and running in main
--- config
    location /lua {
        content_by_lua '
            local co, ismain = coroutine.running()
            ngx.say(type(co), " ", ismain)
            ngx.say(coroutine.status(co))
        ';
    }
--- request
GET /lua

=== TEST 17: resume running coroutine
--- config
    location /lua {
        content_by_lua '
            local co = coroutine.running()
            ngx.say(coroutine.resume(co))
            local c2
            c2 = coroutine.create(function() return coroutine.resume(c2) end)
            ngx.say(coroutine.resume(c2))
        ';
    }
--- request
GET /lua

=== TEST 18: yield across pcall
--- config
    location /lua {
        content_by_lua '
            local co = coroutine.create(function()
                local ok, v = pcall(function() return coroutine.yield(1) + 1 end)
                return ok, v
            end)
            ngx.say(coroutine.resume(co))
            ngx.say(coroutine.resume(co, 41))
        ';
    }
--- request
GET /lua

=== TEST 19: coroutine.wrap dead
--- config
    location /lua {
        content_by_lua '
            local co = coroutine.wrap(function() return 1 end)
            co()
            local ok, err = pcall(co)
            ngx.say(ok, " ", err)
        ';
    }
--- request
GET /lua
