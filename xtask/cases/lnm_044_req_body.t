# Lifted from openresty/lua-nginx-module t/044-req-body.t (BSD license)

=== TEST 1: read buffered body
--- config
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.var.request_body)
        ';
    }
--- request
POST /test
hello, world

=== TEST 2: read buffered body and then subrequest
--- config
    location /foo {
        echo -n foo;
    }
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            local res = ngx.location.capture("/foo");
            ngx.say(ngx.var.request_body)
            ngx.say("sub: ", res.body)
        ';
    }
--- request
POST /test
hello, world

=== TEST 3: first subrequest and then read buffered body
--- config
    location /foo {
        echo -n foo;
    }
    location = /test {
        content_by_lua '
            local res = ngx.location.capture("/foo");
            ngx.req.read_body()
            ngx.say(ngx.var.request_body)
            ngx.say("sub: ", res.body)
        ';
    }
--- request
POST /test
hello, world

=== TEST 4: discard body
--- config
    location = /foo {
        content_by_lua '
            ngx.req.discard_body()
            ngx.say("body: ", ngx.var.request_body)
        ';
    }
    location = /bar {
        content_by_lua '
            ngx.req.read_body()
            ngx.say("body: ", ngx.var.request_body)
        ';
    }
--- raw_request
POST /foo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12\r\n\r\nhello, world
POST /bar HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 11\r\n\r\nhiya, world

=== TEST 5: not discard body
--- config
    location = /foo {
        content_by_lua '
            ngx.say("body: ", ngx.var.request_body)
        ';
    }
    location = /bar {
        content_by_lua '
            ngx.req.read_body()
            ngx.say("body: ", ngx.var.request_body)
        ';
    }
--- raw_request
POST /foo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12\r\n\r\nhello, world
POST /bar HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 11\r\n\r\nhiya, world

=== TEST 6: read buffered body and retrieve the data
--- config
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data())
        ';
    }
--- request
POST /test
hello, world

=== TEST 7: read buffered body to file and call get_body_data
--- config
    client_body_in_file_only on;
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data())
        ';
    }
--- request
POST /test
hello, world

=== TEST 8: read buffered body to file and call get_body_file
--- config
    client_body_in_file_only on;
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_file():find("client_body_temp/", 1, true) ~= nil)
        ';
    }
--- request
POST /test
hello, world

=== TEST 9: read buffered body to memory and retrieve the file
--- config
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_file())
        ';
    }
--- request
POST /test
hello, world

=== TEST 10: read buffered body to memory and reset it with data in memory
--- config
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hiya, dear")
            ngx.say(ngx.req.get_body_data())
            ngx.say(ngx.var.request_body)
            ngx.say(ngx.var.echo_request_body)
        ';
    }
--- request
POST /test
hello, world

=== TEST 11: read body to file and then override it with data in memory
--- config
    client_body_in_file_only on;
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hello, baby")
            ngx.say(ngx.req.get_body_data())
            ngx.say(ngx.var.request_body)
        ';
    }
--- request
POST /test
yeah

=== TEST 12: do not read the current request body but replace it with our own in memory
--- config
    client_body_in_file_only on;
    location = /test {
        content_by_lua '
            ngx.req.set_body_data("hello, baby")
            ngx.say(ngx.req.get_body_data())
            ngx.say(ngx.var.request_body)
        ';
    }
--- request
POST /test
yeah
--- grep_error_log
lua entry thread aborted.*

=== TEST 13: read buffered body to file and reset it to a new file
--- config
    location = /test {
        client_body_in_file_only on;
        set $old '';
        set $new '';
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.var.old = ngx.req.get_body_file()
            ngx.req.set_body_file(ngx.var.realpath_root .. "/a.txt")
            ngx.var.new = ngx.req.get_body_file()
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
        add_header X-New $new;
    }
    location /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /test
hello, world
--- user_files
>>> html/a.txt
Will you change this world?

=== TEST 14: read buffered body to file and reset it to a new file (auto-clean)
--- config
    client_body_in_file_only on;
    location = /test {
        set $old '';
        set $new '';
        content_by_lua '
            ngx.req.read_body()
            ngx.var.old = ngx.req.get_body_file()
            local a_file = ngx.var.realpath_root .. "/a.txt"
            ngx.req.set_body_file(a_file, true)
            local b_file = ngx.var.realpath_root .. "/b.txt"
            ngx.req.set_body_file(b_file, true)
            ngx.say("a.txt exists: ", io.open(a_file) and "yes" or "no")
            ngx.say("b.txt exists: ", io.open(b_file) and "yes" or "no")
        ';
    }
--- request
POST /test
hello, world
--- user_files
>>> html/a.txt
Will you change this world?
>>> html/b.txt
Sure I will!

=== TEST 15: read buffered body to memoary and reset it to a new file (no auto-clean)
--- config
    client_body_in_file_only off;
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            local a_file = ngx.var.realpath_root .. "/a.txt"
            ngx.req.set_body_file(a_file, false)
        ';
        echo_request_body;
    }
--- request
POST /test
hello, world
--- user_files
>>> html/a.txt
Will you change this world?

=== TEST 16: request body discarded and reset it to a new file (auto-clean)
--- config
    client_body_in_file_only off;
    location = /test {
        rewrite_by_lua '
            ngx.req.discard_body()
            local a_file = ngx.var.realpath_root .. "/a.txt"
            ngx.req.set_body_file(a_file, false)
        ';
        echo_request_body;
    }
--- request
POST /test
hello, world
--- user_files
>>> html/a.txt
Will you change this world?
--- grep_error_log
lua entry thread aborted.*

=== TEST 17: no request body and reset it to a new file (no auto-clean)
--- config
    client_body_in_file_only off;
    location = /test {
        rewrite_by_lua '
            local a_file = ngx.var.realpath_root .. "/a.txt"
            ngx.req.set_body_file(a_file, true)
        ';
        echo_request_body;
    }
--- request
POST /test
hello, world
--- user_files
>>> html/a.txt
Will you change this world?
--- grep_error_log
lua entry thread aborted.*

=== TEST 18: read buffered body to memory and reset it with data in memory + proxy
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hiya, dear dear friend!")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /test
hello, world

=== TEST 19: discard body and then read
--- config
    location = /test {
        content_by_lua '
            ngx.req.discard_body()
            ngx.req.read_body()
            ngx.print(ngx.req.get_body_data())
        ';
    }
--- raw_request
POST /test HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12\r\n\r\nhello, world
POST /test HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 12\r\n\r\nhello, world

=== TEST 20: set empty request body in memory
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        content_by_lua '
            ngx.req.read_body()
            ngx.say("body: [", ngx.req.get_body_data(), "]")
        ';
    }
--- request
POST /test
hello, world

=== TEST 21: set empty request body in file
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_file(ngx.var.realpath_root .. "/a.txt")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        content_by_lua '
            ngx.req.read_body()
            ngx.say("body: [", ngx.req.get_body_data(), "]")
        ';
    }
--- user_files
>>> html/a.txt
--- request
POST /test
hello, world

=== TEST 22: read buffered body to memory and reset it with data in memory and then reset it to file
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hiya, dear dear friend!")
            ngx.req.set_body_file(ngx.var.realpath_root .. "/a.txt")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- user_files
>>> html/a.txt
howdy, my dear little sister!
--- request
POST /test
hello, world

=== TEST 23: read buffered body to memory and reset it with empty string + proxy twice
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hiya, dear dear friend!")
            ngx.req.set_body_data("")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /test
hello, world

=== TEST 24: read buffered body to memory and reset it with data in memory + proxy twice
--- config
    location = /test {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_data("hiya, dear dear friend!")
            ngx.req.set_body_data("howdy, my dear little sister!")
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location = /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /test
hello, world

=== TEST 25: init & append & finish (just in buffer)
--- config
    location /t {
        content_by_lua '
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
        ';
    }
--- request
GET /t

=== TEST 26: init & append & finish (exceeding the buffer size)
--- config
    location /t {
        content_by_lua '
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.append_body("o")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
            local file = ngx.req.get_body_file()
            if not file then
                ngx.say("body file: ", file)
                return
            end
            local f, err = io.open(file, "r")
            if not f then
                ngx.say("failed to open file: ", err)
                return
            end
            local data = f:read("*a")
            f:close()
            ngx.say("body file: ", data)
        ';
    }
--- request
GET /t
--- grep_error_log
a client request body is buffered to a temporary file

=== TEST 27: init & append & finish (use default buffer size) - body not read yet
--- config
    location /t {
        client_body_buffer_size 4;
        content_by_lua '
            ngx.req.init_body()
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
        ';
    }
--- request
GET /t
--- grep_error_log
lua entry thread aborted.*

=== TEST 28: init & append & finish (use default buffer size)
--- config
    location /t {
        client_body_buffer_size 4;
        content_by_lua '
            ngx.req.read_body()
            ngx.req.init_body()
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
        ';
    }
--- request
GET /t

=== TEST 29: init & append & finish (exceeding the buffer size, proxy)
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.append_body("o\\n")
            ngx.req.finish_body()
        ';
        proxy_pass http://127.0.0.1:$server_port/back;
    }
    location = /back {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /t
i do like the sky

=== TEST 30: init & append & finish (just in buffer, proxy)
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.finish_body()
        ';
        proxy_pass http://127.0.0.1:$server_port/back;
    }
    location = /back {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /t
i do like the sky

=== TEST 31: init & append & finish (exceeding buffer size, discard on-disk buffer)
--- config
    client_header_buffer_size 100;
    location /t {
        client_body_buffer_size 4;
        content_by_lua '
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.append_body("o")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
            local file = ngx.req.get_body_file()
            if not file then
                ngx.say("body file: ", file)
                return
            end
            local f, err = io.open(file, "r")
            local data = f:read("*a")
            f:close()
            ngx.say("body file: ", data)
        ';
    }
--- request
POST /t
howdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworldhowdyworld

=== TEST 32: ngx.req.socket + init & append & finish (requests)
--- config
    location = /t {
        client_body_buffer_size 1;
        lua_socket_buffer_size 1;
        content_by_lua '
            local sock,err = ngx.req.socket()
            if not sock then
                ngx.say("failed to get req socket: ", err)
                return
            end
            ngx.req.init_body(100)
            while true do
                local data, err = sock:receive(1)
                if not data then
                    if err == "closed" then
                        break
                    else
                        ngx.say("failed to read body: ", err)
                        return
                    end
                end
                ngx.req.append_body(data)
            end
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
        ';
    }
--- request
POST /t
hello, my dear friend!

=== TEST 33: ngx.req.socket + init & append & finish (pipelined requests, big buffer size)
--- config
    location = /t {
        client_body_buffer_size 100;
        lua_socket_buffer_size 100;
        content_by_lua '
            local sock,err = ngx.req.socket()
            if not sock then
                ngx.say("failed to get req socket: ", err)
                return
            end
            ngx.req.init_body(100)
            while true do
                local data, err, partial = sock:receive(100)
                if not data then
                    if err == "closed" then
                        ngx.req.append_body(partial)
                        break
                    else
                        ngx.say("failed to read body: ", err)
                        return
                    end
                end
                ngx.req.append_body(data)
            end
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            local data = ngx.req.get_body_data()
            ngx.say("body: ", data)
        ';
    }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nContent-Length: 22\r\n\r\nhello, my dear friend!
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 14\r\n\r\nblah blah blah

=== TEST 34: calling ngx.req.socket after ngx.req.read_body
--- config
    location = /t {
        client_body_buffer_size 100;
        lua_socket_buffer_size 100;
        content_by_lua '
            ngx.req.read_body()
            local sock, err = ngx.req.socket()
            if not sock then
                ngx.say("failed to get req socket: ", err)
                return
            end
            ngx.say("done")
        ';
    }
--- request
POST /t
hello, my dear friend!

=== TEST 35: 100 continue
--- config
    location = /test {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.var.request_body)
        ';
    }
--- request
POST /test
hello, world
--- more_headers
Expect: 100-Continue

=== TEST 36: chunked support in ngx.req.read_body
--- config
    location /t {
        content_by_lua '
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data())
        ';
    }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n1\r\n,\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n

=== TEST 37: zero size request body and reset it to a new file
--- config
    location = /test {
        client_body_in_file_only on;
        set $old '';
        set $new '';
        rewrite_by_lua '
            ngx.req.read_body()
            ngx.req.set_body_file(ngx.var.realpath_root .. "/a.txt")
            ngx.var.new = ngx.req.get_body_file()
        ';
        proxy_pass http://127.0.0.1:$server_port/echo;
    }
    location /echo {
        echo_read_request_body;
        echo_request_body;
    }
--- request
POST /test
--- user_files
>>> html/a.txt
Will you change this world?
