# Lifted from openresty/lua-nginx-module t/113-req-header-cookie.t (BSD license)

=== TEST 1: clear cookie (with existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", nil)
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t
--- more_headers
Cookie: foo=bar
Cookie: baz=blah

=== TEST 2: clear cookie (without existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", nil)
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t

=== TEST 3: set one custom cookie (with existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", "boo=123")
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie boo: $cookie_boo";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t
--- more_headers
Cookie: foo=bar
Cookie: baz=blah

=== TEST 4: set one custom cookie (without existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", "boo=123")
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie boo: $cookie_boo";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t

=== TEST 5: set multiple custom cookies (with existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", {"boo=123","foo=78"})
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie boo: $cookie_boo";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t
--- more_headers
Cookie: foo=bar
Cookie: baz=blah

=== TEST 6: set multiple custom cookies (without existing cookies)
--- config
    location /t {
        rewrite_by_lua '
           ngx.req.set_header("Cookie", {"boo=123", "foo=bar"})
        ';
        echo "Cookie foo: $cookie_foo";
        echo "Cookie baz: $cookie_baz";
        echo "Cookie boo: $cookie_boo";
        echo "Cookie: $http_cookie";
    }
--- request
GET /t

=== TEST 7: multiple Cookie headers seen by Lua
--- config
    location /t {
        content_by_lua_block {
            ngx.say(ngx.var.http_cookie)
            ngx.say(ngx.var.cookie_baz, " ", ngx.var.cookie_foo, " ", ngx.var.cookie_none)
            local h = ngx.req.get_headers()["cookie"]
            ngx.say(type(h), " ", type(h) == "table" and table.concat(h, "|") or h)
        }
    }
--- request
GET /t
--- more_headers
Cookie: foo=bar; a=1
Cookie: baz=blah
