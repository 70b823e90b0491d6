# Lifted from openresty/lua-nginx-module t/028-req-header.t (BSD license)

=== TEST 1: random access req headers
--- config
    location /req-header {
        content_by_lua '
            ngx.say("Foo: ", ngx.req.get_headers()["Foo"] or "nil")
            ngx.say("Bar: ", ngx.req.get_headers()["Bar"] or "nil")
        ';
    }
--- request
GET /req-header
--- more_headers
Foo: bar
Bar: baz

=== TEST 2: iterating through headers
--- config
    location /req-header {
        content_by_lua '
            local h = {}
            for k, v in pairs(ngx.req.get_headers()) do
                h[k] = v
            end
            ngx.say("Foo: ", h["Foo"] or "nil")
            ngx.say("Bar: ", h["Bar"] or "nil")
        ';
    }
--- request
GET /req-header
--- more_headers
Foo: bar
Bar: baz

=== TEST 3: set input header
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Foo", "new value");
        ';
        content_by_lua_block { ngx.say("Foo: ", ngx.var.http_foo or "") }
    }
--- request
GET /req-header
--- more_headers
Foo: bar
Bar: baz

=== TEST 4: clear input header
--- config
    location /req-header {
        rewrite_by_lua '
            ngx.req.set_header("Foo", nil);
        ';
        content_by_lua_block { ngx.say("Foo: ", ngx.var.http_foo or "") }
    }
--- request
GET /req-header
--- more_headers
Foo: bar
Bar: baz

=== TEST 5: rewrite content length
--- config
    location /bar {
        rewrite_by_lua '
            ngx.req.set_header("Content-Length", 5)
        ';
        content_by_lua_block { ngx.req.read_body() ngx.print(ngx.req.get_body_data()) }
    }
--- request
POST /bar
aaaaaaaaaa

=== TEST 6: rewrite content length (normalized form)
--- config
    location /bar {
        rewrite_by_lua '
            ngx.req.set_header("content_length", 5)
        ';
        content_by_lua_block { ngx.req.read_body() ngx.print(ngx.req.get_body_data()) }
    }
--- request
POST /bar
aaaaaaaaaa

=== TEST 7: rewrite host and user-agent
--- config
    location /bar {
        rewrite_by_lua '
            ngx.req.set_header("Host", "foo")
            ngx.req.set_header("User-Agent", "blah")
        ';
        content_by_lua_block {
            ngx.say("Host: ", ngx.var.host)
            ngx.say("User-Agent: ", ngx.var.http_user_agent or "")
        }
    }
--- request
GET /bar

=== TEST 8: clear host and user-agent
--- config
    location /bar {
        rewrite_by_lua '
            ngx.req.set_header("Host", nil)
            ngx.req.set_header("User-Agent", nil)
        ';
        content_by_lua_block {
            ngx.say("Host: ", ngx.var.host)
            ngx.say("Host (2): ", ngx.var.http_host or "")
            ngx.say("User-Agent: ", ngx.var.http_user_agent or "")
        }
    }
--- request
GET /bar
--- more_headers
User-Agent: curl

=== TEST 9: clear host and user-agent (the other way)
--- config
    location /bar {
        rewrite_by_lua '
            ngx.req.clear_header("Host")
            ngx.req.clear_header("User-Agent")
            ngx.req.clear_header("X-Foo")
        ';
        content_by_lua_block {
            ngx.say("Host: ", ngx.var.host)
            ngx.say("User-Agent: ", ngx.var.http_user_agent or "")
            ngx.say("X-Foo: ", ngx.var.http_x_foo or "")
        }
    }
--- request
GET /bar
--- more_headers
X-Foo: bar

=== TEST 10: clear content-length
--- config
    location /bar {
        access_by_lua '
            ngx.req.clear_header("Content-Length")
        ';
        content_by_lua_block { ngx.say("Content-Length: ", ngx.var.http_content_length or "") }
    }
--- request
POST /bar
hello

=== TEST 11: rewrite type
--- config
    location /bar {
        access_by_lua '
            ngx.req.set_header("Content-Type", "text/css")
        ';
        content_by_lua_block { ngx.say("Content-Type: ", ngx.var.content_type or "") }
    }
--- request
POST /bar
hello
--- more_headers
Content-Type: text/plain

=== TEST 12: clear type
--- config
    location /bar {
        access_by_lua '
            ngx.req.clear_header("Content-Type")
        ';
        content_by_lua_block { ngx.say("Content-Type: ", ngx.var.content_type or "") }
    }
--- request
POST /bar
hello
--- more_headers
Content-Type: text/plain

=== TEST 13: add multiple request headers
--- config
    location /bar {
        access_by_lua '
            ngx.req.set_header("Foo", {"a", "b"})
        ';
        content_by_lua_block { ngx.say("Foo: ", ngx.var.http_foo or "") }
    }
--- request
GET /bar

=== TEST 14: add multiple request headers (proxied)
--- config
    location /bar {
        access_by_lua '
            ngx.req.set_header("Foo", {"a", "abc"})
        ';
        proxy_pass http://127.0.0.1:$PORT/foo;
    }

    location = /foo {
        content_by_lua_block { ngx.print(ngx.req.raw_header()) }
    }
--- request
GET /bar

=== TEST 15: set_header and clear_header should refresh ngx.req.get_headers() automatically
--- config
    location /foo {
        content_by_lua '
            ngx.say("Foo: ", ngx.req.get_headers()["Foo"] or "nil")

            ngx.req.set_header("Foo", 32)
            ngx.say("Foo 1: ", ngx.req.get_headers()["Foo"] or "nil")

            ngx.req.set_header("Foo", "abc")
            ngx.say("Foo 2: ", ngx.req.get_headers()["Foo"] or "nil")

            ngx.req.clear_header("Foo")
            ngx.say("Foo 3: ", ngx.req.get_headers()["Foo"] or "nil")
        ';
    }
--- more_headers
Foo: foo
--- request
GET /foo

=== TEST 16: duplicate req headers
--- config
    location /foo {
        content_by_lua '
            local vals = ngx.req.get_headers()["Foo"]
            ngx.say("value is of type ", type(vals), ".")
            if type(vals) == "table" then
                ngx.say("Foo takes ", #vals or "nil", " values.")
                ngx.say("They are ", table.concat(vals, ", "), ".")
            end
        ';
    }
--- more_headers
Foo: foo
Foo: bar
Foo: baz
--- request
GET /foo

=== TEST 17: Accept-Encoding (scalar)
--- config
    location /bar {
        default_type 'text/plain';
        rewrite_by_lua '
            ngx.req.set_header("Accept-Encoding", "gzip")
        ';
        gzip on;
        gzip_min_length  1;
        gzip_buffers     4 8k;
        gzip_types       text/plain;
    }
--- user_files
>>> html/bar
hellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohello
--- request
GET /bar

=== TEST 18: Accept-Encoding (table)
--- config
    location /bar {
        default_type 'text/plain';
        rewrite_by_lua '
            ngx.req.set_header("Accept-Encoding", {"gzip"})
        ';
        gzip on;
        gzip_min_length  1;
        gzip_buffers     4 8k;
        gzip_types       text/plain;
    }
--- user_files
>>> html/bar
hellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohellohello
--- request
GET /bar

=== TEST 19: default max 100 headers
--- config
    location /lua {
        content_by_lua '
            local headers = ngx.req.get_headers()
            local keys = {}
            for key, val in pairs(headers) do
                table.insert(keys, key)
            end
            table.sort(keys)
            for i, key in ipairs(keys) do
                ngx.say(key, ": ", headers[key])
            end
        ';
    }
--- request
GET /lua
--- more_headers
X-1:1
X-2:2
X-3:3
X-4:4
X-5:5
X-6:6
X-7:7
X-8:8
X-9:9
X-10:10
X-11:11
X-12:12
X-13:13
X-14:14
X-15:15
X-16:16
X-17:17
X-18:18
X-19:19
X-20:20
X-21:21
X-22:22
X-23:23
X-24:24
X-25:25
X-26:26
X-27:27
X-28:28
X-29:29
X-30:30
X-31:31
X-32:32
X-33:33
X-34:34
X-35:35
X-36:36
X-37:37
X-38:38
X-39:39
X-40:40
X-41:41
X-42:42
X-43:43
X-44:44
X-45:45
X-46:46
X-47:47
X-48:48
X-49:49
X-50:50
X-51:51
X-52:52
X-53:53
X-54:54
X-55:55
X-56:56
X-57:57
X-58:58
X-59:59
X-60:60
X-61:61
X-62:62
X-63:63
X-64:64
X-65:65
X-66:66
X-67:67
X-68:68
X-69:69
X-70:70
X-71:71
X-72:72
X-73:73
X-74:74
X-75:75
X-76:76
X-77:77
X-78:78
X-79:79
X-80:80
X-81:81
X-82:82
X-83:83
X-84:84
X-85:85
X-86:86
X-87:87
X-88:88
X-89:89
X-90:90
X-91:91
X-92:92
X-93:93
X-94:94
X-95:95
X-96:96
X-97:97
X-98:98
X-99:99
X-100:100
X-101:101
X-102:102
--- grep_error_log
lua hit request header limit[^\n]*

=== TEST 20: custom unlimited headers
--- config
    location /lua {
        content_by_lua '
            local headers = ngx.req.get_headers(0)
            local n = 0
            for key, val in pairs(headers) do
                n = n + 1
            end
            ngx.say(n)
        ';
    }
--- request
GET /lua
--- more_headers
X-1:1
X-2:2
X-3:3
X-4:4
X-5:5
X-6:6
X-7:7
X-8:8
X-9:9
X-10:10
X-11:11
X-12:12
X-13:13
X-14:14
X-15:15
X-16:16
X-17:17
X-18:18
X-19:19
X-20:20
X-21:21
X-22:22
X-23:23
X-24:24
X-25:25
X-26:26
X-27:27
X-28:28
X-29:29
X-30:30
X-31:31
X-32:32
X-33:33
X-34:34
X-35:35
X-36:36
X-37:37
X-38:38
X-39:39
X-40:40
X-41:41
X-42:42
X-43:43
X-44:44
X-45:45
X-46:46
X-47:47
X-48:48
X-49:49
X-50:50
X-51:51
X-52:52
X-53:53
X-54:54
X-55:55
X-56:56
X-57:57
X-58:58
X-59:59
X-60:60
X-61:61
X-62:62
X-63:63
X-64:64
X-65:65
X-66:66
X-67:67
X-68:68
X-69:69
X-70:70
X-71:71
X-72:72
X-73:73
X-74:74
X-75:75
X-76:76
X-77:77
X-78:78
X-79:79
X-80:80
X-81:81
X-82:82
X-83:83
X-84:84
X-85:85
X-86:86
X-87:87
X-88:88
X-89:89
X-90:90
X-91:91
X-92:92
X-93:93
X-94:94
X-95:95
X-96:96
X-97:97
X-98:98
X-99:99
X-100:100
X-101:101
X-102:102
X-103:103
X-104:104
X-105:105

=== TEST 21: clear_header should clear all the instances of the user custom header
--- config
    location = /t {
        rewrite_by_lua '
            ngx.req.clear_header("Foo")
        ';

        proxy_pass http://127.0.0.1:$PORT/echo;
    }

    location = /echo {
        content_by_lua_block {
            ngx.say("Foo: [", ngx.var.http_foo or "", "]")
            ngx.say("Test-Header: [", ngx.var.http_test_header or "", "]")
        }
    }
--- request
GET /t
--- more_headers
Foo: foo
Foo: bah
Test-Header: 1

=== TEST 22: clear_header should clear all the instances of the builtin header
--- config
    location = /t {
        rewrite_by_lua '
            ngx.req.clear_header("Content-Type")
        ';

        proxy_pass http://127.0.0.1:$PORT/echo;
    }

    location = /echo {
        content_by_lua_block {
            ngx.say("Content-Type: [", ngx.var.http_content_type or "", "]")
            ngx.say("Test-Header: [", ngx.var.http_test_header or "", "]")
        }
    }
--- request
GET /t
--- more_headers
Content-Type: foo
Content-Type: bah
Test-Header: 1

=== TEST 23: Converting POST to GET - clearing headers
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.clear_header("Content-Type")
            ngx.req.clear_header("Content-Length")
        ';
        proxy_pass http://127.0.0.1:$PORT/back;
    }

    location /back {
        content_by_lua_block { ngx.print(ngx.req.raw_header()) }
    }
--- request
POST /t
hello world
--- more_headers
Content-Type: application/ocsp-request
Test-Header: 1

=== TEST 24: clear_header() does not duplicate subsequent headers (old bug)
--- config
    location = /t {
        rewrite_by_lua '
            ngx.req.clear_header("Foo")
        ';

        proxy_pass http://127.0.0.1:$PORT/echo;
    }

    location = /echo {
        content_by_lua_block { ngx.print(ngx.req.raw_header()) }
    }
--- request
GET /t
--- more_headers
Bah: bah
Foo: foo
Test-Header: 1
Foo1: foo1
Foo2: foo2
Foo3: foo3
Foo4: foo4
Foo5: foo5
Foo6: foo6
Foo7: foo7
Foo8: foo8
Foo9: foo9
Foo10: foo10
Foo11: foo11
Foo12: foo12
Foo13: foo13
Foo14: foo14
Foo15: foo15
Foo16: foo16
Foo17: foo17
Foo18: foo18
Foo19: foo19
Foo20: foo20
Foo21: foo21
Foo22: foo22
