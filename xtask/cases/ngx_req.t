# ngx.req.*: method, uri args, post args, headers, body, rewriting, versions.

=== TEST 1: get_method GET
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.get_method()) } }
--- request
GET /t

=== TEST 2: get_method of a custom method
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.get_method()) } }
--- request
PROPFIND /t

=== TEST 3: get_uri_args repeated and bare keys
--- config
    location /t { content_by_lua_block {
        local args = ngx.req.get_uri_args()
        local keys = {}
        for k in pairs(args) do keys[#keys + 1] = k end
        table.sort(keys)
        for _, k in ipairs(keys) do
            local v = args[k]
            if type(v) == "table" then v = "[" .. table.concat(v, ",") .. "]" end
            ngx.say(k, "=", tostring(v))
        end
    } }
--- request
GET /t?a=1&b=2&a=3&flag&empty=&=novalue&c=x%20y+z

=== TEST 4: get_uri_args max args
--- config
    location /t { content_by_lua_block {
        local args, err = ngx.req.get_uri_args(2)
        local n = 0
        for _ in pairs(args) do n = n + 1 end
        ngx.say(n, " ", tostring(err))
    } }
--- request
GET /t?a=1&b=2&c=3&d=4

=== TEST 5: set_uri_args with a table
--- config
    location /t { content_by_lua_block {
        ngx.req.set_uri_args({b = "2"})
        ngx.say(ngx.var.args)
    } }
--- request
GET /t?a=1

=== TEST 6: set_uri_args with a string
--- config
    location /t { content_by_lua_block { ngx.req.set_uri_args("x=1&y=2") ngx.say(ngx.var.args, " ", ngx.var.arg_y) } }
--- request
GET /t

=== TEST 7: read_body and get_body_data
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "]") } }
--- request
POST /t
hello body

=== TEST 8: get_body_data without read_body is nil
--- config
    location /t { content_by_lua_block { ngx.say(tostring(ngx.req.get_body_data())) } }
--- request
POST /t
hello

=== TEST 9: get_post_args
--- config
    location /t { content_by_lua_block {
        ngx.req.read_body()
        local args = ngx.req.get_post_args()
        ngx.say(args.name, " ", args.age, " ", type(args.tag), " ", tostring(args.flag))
    } }
--- request
POST /t
name=bob&age=7&tag=a&tag=b&flag
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 10: get_post_args without reading the body is an error
--- config
    location /t { content_by_lua_block { local ok, err = pcall(ngx.req.get_post_args) ngx.say(ok, " ", err) } }
--- request
POST /t
a=1
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 11: get_headers lower-cased
--- config
    location /t { content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["x-one"], " ", h.x_one, " ", h["X-One"], " ", h.host)
    } }
--- request
GET /t
--- more_headers
X-One: 1

=== TEST 12: get_headers repeated header is a table
--- config
    location /t { content_by_lua_block {
        local v = ngx.req.get_headers()["x-r"]
        ngx.say(type(v), " ", table.concat(v, ","))
    } }
--- request
GET /t
--- more_headers
X-R: a
X-R: b

=== TEST 13: get_headers raw keeps case
--- config
    location /t { content_by_lua_block {
        local h = ngx.req.get_headers(0, true)
        ngx.say(tostring(h["X-Mixed-Case"]), " ", tostring(h["x-mixed-case"]))
    } }
--- request
GET /t
--- more_headers
X-Mixed-Case: v

=== TEST 14: set_header then read it back
--- config
    location /t { content_by_lua_block {
        ngx.req.set_header("X-New", "n")
        ngx.say(ngx.req.get_headers()["x-new"], " ", ngx.var.http_x_new)
    } }
--- request
GET /t

=== TEST 15: clear_header
--- config
    location /t { content_by_lua_block {
        ngx.req.clear_header("X-Gone")
        ngx.say(tostring(ngx.req.get_headers()["x-gone"]))
    } }
--- request
GET /t
--- more_headers
X-Gone: 1

=== TEST 16: http_version
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.http_version()) } }
--- request
GET /t HTTP/1.0

=== TEST 17: http_version 1.1
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.http_version()) } }
--- request
GET /t

=== TEST 18: raw_header
--- config
    location /t { content_by_lua_block { ngx.print(ngx.req.raw_header()) } }
--- request
GET /t?x=1
--- more_headers
X-A: 1

=== TEST 19: raw_header without request line
--- config
    location /t { content_by_lua_block { ngx.print(ngx.req.raw_header(true)) } }
--- request
GET /t
--- more_headers
X-B: 2

=== TEST 20: is_internal false then true after exec
--- config
    location /t { content_by_lua_block { ngx.exec("/in") } }
    location /in { content_by_lua_block { ngx.say(ngx.req.is_internal()) } }
--- request
GET /t

=== TEST 21: set_uri without jump
--- config
    location /t { content_by_lua_block { ngx.req.set_uri("/changed") ngx.say(ngx.var.uri) } }
--- request
GET /t

=== TEST 22: set_uri with jump in rewrite
--- config
    location /t { rewrite_by_lua_block { ngx.req.set_uri("/other", true) } }
    location /other { content_by_lua_block { ngx.say("other: ", ngx.var.uri) } }
--- request
GET /t

=== TEST 23: set_uri jump in content is an error
--- config
    location /t { content_by_lua_block { ngx.req.set_uri("/other", true) } }
--- request
GET /t
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 24: set_method
--- config
    location /t { content_by_lua_block { ngx.req.set_method(ngx.HTTP_POST) ngx.say(ngx.req.get_method()) } }
--- request
GET /t

=== TEST 25: start_time is close to now
--- config
    location /t { content_by_lua_block { local d = ngx.now() - ngx.req.start_time() ngx.say(d >= 0 and d < 5) } }
--- request
GET /t

=== TEST 26: small body buffer with the body preread with the headers
--- config
    client_body_buffer_size 16;
    location /t { content_by_lua_block {
        ngx.req.read_body()
        ngx.say(tostring(ngx.req.get_body_data()), " ", ngx.req.get_body_file() ~= nil)
    } }
--- request
POST /t
0123456789012345678901234567890123456789

=== TEST 27: discard_body
--- config
    location /t { content_by_lua_block { ngx.req.discard_body() ngx.say("discarded") } }
--- request
POST /t
abc

=== TEST 28: set_body_data
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.req.set_body_data("new") ngx.say(ngx.req.get_body_data()) } }
--- request
POST /t
old

=== TEST 29: get_uri_args decodes plus and percent
--- config
    location /t { content_by_lua_block { local a = ngx.req.get_uri_args() ngx.say(a.q, "|", a["k y"]) } }
--- request
GET /t?q=a+b%2Bc&k%20y=1

=== TEST 30: lua_need_request_body
--- config
    location /t {
        lua_need_request_body on;
        content_by_lua_block { ngx.say(ngx.req.get_body_data()) }
    }
--- request
POST /t
preread

=== TEST 31: get_headers count limit
--- config
    location /t { content_by_lua_block {
        local h, err = ngx.req.get_headers(2)
        local n = 0
        for _ in pairs(h) do n = n + 1 end
        ngx.say(n, " ", tostring(err))
    } }
--- request
GET /t
--- more_headers
X-1: a
X-2: b
X-3: c

=== TEST 32: request body via chunked encoding
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say(ngx.req.get_body_data()) } }
--- request
POST /t
--- chunked_body
hello 
chunked
 world

=== TEST 33: get_uri_args default cap of 100
--- config
    location /t { content_by_lua_block {
        local args, err = ngx.req.get_uri_args()
        local n = 0
        for _ in pairs(args) do n = n + 1 end
        ngx.say(n, " ", tostring(err))
    } }
--- request
GET /t?a0=0&a1=1&a2=2&a3=3&a4=4&a5=5&a6=6&a7=7&a8=8&a9=9&a10=10&a11=11&a12=12&a13=13&a14=14&a15=15&a16=16&a17=17&a18=18&a19=19&a20=20&a21=21&a22=22&a23=23&a24=24&a25=25&a26=26&a27=27&a28=28&a29=29&a30=30&a31=31&a32=32&a33=33&a34=34&a35=35&a36=36&a37=37&a38=38&a39=39&a40=40&a41=41&a42=42&a43=43&a44=44&a45=45&a46=46&a47=47&a48=48&a49=49&a50=50&a51=51&a52=52&a53=53&a54=54&a55=55&a56=56&a57=57&a58=58&a59=59&a60=60&a61=61&a62=62&a63=63&a64=64&a65=65&a66=66&a67=67&a68=68&a69=69&a70=70&a71=71&a72=72&a73=73&a74=74&a75=75&a76=76&a77=77&a78=78&a79=79&a80=80&a81=81&a82=82&a83=83&a84=84&a85=85&a86=86&a87=87&a88=88&a89=89&a90=90&a91=91&a92=92&a93=93&a94=94&a95=95&a96=96&a97=97&a98=98&a99=99&a100=100&a101=101&a102=102&a103=103&a104=104

=== TEST 34: body in a temp file with client_body_in_file_only
--- config
    client_body_in_file_only on;
    location /t { content_by_lua_block {
        ngx.req.read_body()
        local f = ngx.req.get_body_file()
        ngx.say(tostring(ngx.req.get_body_data()), " ", f ~= nil)
    } }
--- request
POST /t
some body

=== TEST 35: get_post_args with a body in a temp file
--- config
    client_body_in_file_only on;
    location /t { content_by_lua_block {
        ngx.req.read_body()
        local args, err = ngx.req.get_post_args()
        ngx.say(type(args), " ", tostring(err))
    } }
--- request
POST /t
a=1
--- more_headers
Content-Type: application/x-www-form-urlencoded

=== TEST 36: get_method after set_method in rewrite, seen by content
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.set_method(ngx.HTTP_PUT) }
        content_by_lua_block { ngx.say(ngx.req.get_method(), " ", ngx.var.request_method) }
    }
--- request
GET /t

=== TEST 37: get_headers with a header name in mixed case keys through __index
--- config
    location /t { content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["Content-Type"], " ", h.content_type, " ", h["CONTENT-TYPE"])
    } }
--- request
POST /t
x
--- more_headers
Content-Type: text/x-mixed

=== TEST 38: raw_header is the head as sent, not the headers Lua changed
--- config
    location /t {
        rewrite_by_lua_block { ngx.req.clear_header("X-Gone") ngx.req.set_header("X-Set", "later") }
        content_by_lua_block {
            ngx.print(ngx.req.raw_header())
            local res = ngx.location.capture("/sub")
            ngx.print(res.body)
        }
    }
    location /sub { content_by_lua_block { ngx.print(ngx.req.raw_header(true)) } }
--- request
POST /t
body
--- more_headers
X-Gone: 1
X-Set: first

=== TEST 39: raw_header with LF-only lines, odd spacing and ignored header lines
--- config
    location /t { content_by_lua_block { ngx.print(ngx.req.raw_header()) ngx.print(ngx.req.raw_header(true)) } }
--- raw_request
\r\nGET /t HTTP/1.1\nHost:localhost\r\nA:   spaced   \r\nEmpty:\nUnder_score: x\nConnection: close\n\n

=== TEST 40: set_uri with jump ends the handler at once
--- config
    location /from {
        rewrite_by_lua_block {
            ngx.req.set_uri_args("q=1")
            ngx.req.set_uri("/to", true)
            ngx.exit(500)
        }
    }
    location /to { return 200 "to $uri $args\n"; }
--- request
GET /from?old

=== TEST 41: set_uri argument checks and unsafe bytes
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.req.set_uri, "/a\nb"))
            ngx.say(pcall(ngx.req.set_uri, "/q\"\\\127"))
            ngx.say(pcall(ngx.req.set_uri, "/tab\tok"))
            ngx.say(pcall(ngx.req.set_uri, "/raw\1", false, true))
            ngx.say(pcall(ngx.req.set_uri, "/x", "yes"))
            ngx.say(pcall(ngx.req.set_uri, {}))
            ngx.say(pcall(ngx.req.set_uri))
            ngx.say(#ngx.var.uri)
        }
    }
--- request
GET /t

=== TEST 42: set_uri_args escapes a string and checks its type
--- config
    location /t {
        content_by_lua_block {
            ngx.req.set_uri_args("a b&c=d#e+f%")
            ngx.say(ngx.var.args)
            ngx.req.set_uri_args(42)
            ngx.say(ngx.var.args)
            ngx.say(pcall(ngx.req.set_uri_args, false))
        }
    }
--- request
GET /t

=== TEST 43: set_header takes any name but nil, and any value through tostring
--- config
    location /t {
        rewrite_by_lua_block {
            ngx.req.set_header(7, true)
            ngx.req.set_header("X-Num", 1.5)
            ngx.req.set_header("X-List", {"a", 2})
            ngx.req.set_header("X-Cr", "v\r\nInjected: 1")
            ngx.req.set_header("X-Gone", {})
            ngx.req.clear_header(nil)
        }
        content_by_lua_block {
            ngx.say(pcall(ngx.req.set_header, nil, "v"))
            local h = ngx.req.get_headers()
            ngx.say(h["7"], " ", h.x_num, " ", table.concat(h.x_list, ","), " ", h.x_cr, " ", h.x_gone)
        }
    }
--- request
GET /t
--- more_headers
X-Gone: here

=== TEST 44: set_method checks its argument; HEAD makes the response header-only
--- config
    location /t {
        rewrite_by_lua_block {
            ngx.header["X-Bad"] = select(2, pcall(ngx.req.set_method, "GET"))
            ngx.header["X-Odd"] = select(2, pcall(ngx.req.set_method, 3))
            ngx.req.set_method(ngx.HTTP_HEAD)
        }
        content_by_lua_block { ngx.say("not sent") }
    }
    location /h {
        rewrite_by_lua_block { ngx.req.set_method(ngx.HTTP_GET) }
        content_by_lua_block { ngx.say("sent for ", ngx.req.get_method()) }
    }
--- pipelined_requests
GET /t
HEAD /h

=== TEST 45: get_uri_args over its limit logs at debug level
--- log_level: debug
--- config
    location /t {
        content_by_lua_block {
            local args, err = ngx.req.get_uri_args(2)
            ngx.say(err, " ", args.a, args.b, args.c)
        }
    }
--- request
GET /t?a=1&b=2&c=3
--- grep_error_log
lua hit query args limit.*

=== TEST 46: set_body_data replaces Content-Length; its argument and state checks
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.req.set_body_data, "early"))
            ngx.req.read_body()
            ngx.say(pcall(ngx.req.set_body_data, {}))
            ngx.req.set_body_data(12345)
            ngx.say(ngx.req.get_body_data(), " ", ngx.var.content_length, " ", ngx.req.get_headers()["content-length"])
            ngx.req.set_body_data("")
            ngx.say(ngx.req.get_body_data(), " ", ngx.req.get_headers()["content-length"])
        }
    }
--- request
POST /t
the original body

=== TEST 47: discard_body before read_body leaves an empty body
--- config
    location /t {
        content_by_lua_block {
            ngx.req.discard_body()
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data(), " ", ngx.var.request_body)
            ngx.say(pcall(ngx.req.set_body_data, "x"))
        }
    }
    location /after {
        content_by_lua_block {
            ngx.req.read_body()
            ngx.req.discard_body()
            ngx.say(ngx.req.get_body_data())
        }
    }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nbodyPOST /after HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 4\r\n\r\nkept

=== TEST 48: init_body, append_body and finish_body build a new body
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.req.append_body, "x"))
            ngx.req.read_body()
            ngx.req.init_body()
            ngx.req.append_body("new ")
            ngx.req.append_body(42)
            ngx.say(pcall(ngx.req.append_body))
            ngx.req.finish_body()
            ngx.say(ngx.req.get_body_data(), " ", ngx.var.content_length)
            ngx.say(pcall(ngx.req.finish_body))
        }
    }
--- request
POST /t
old

=== TEST 49: a chunked body once read has a $content_length
--- config
    location /t {
        content_by_lua_block {
            ngx.req.read_body()
            ngx.say(ngx.var.content_length, " ", ngx.req.get_body_data())
        }
    }
--- request
POST /t
--- chunked_body
abc
de

=== TEST 50: get_headers and decode_args over their limits log at debug level
--- log_level: debug
--- config
    location /t {
        content_by_lua_block {
            local h, err = ngx.req.get_headers(2)
            local a, err2 = ngx.decode_args("x=1&y=2&z=3", 2)
            ngx.say(err, " ", err2)
        }
    }
--- request
GET /t
--- more_headers
X-One: 1
X-Two: 2
--- grep_error_log
lua (hit|exceeding) .*

=== TEST 51: a Content-Length set before the body is read limits the body; set_header keeps underscores
--- config
    location /t {
        rewrite_by_lua_block {
            ngx.req.set_header("Content-Length", 4)
            ngx.req.set_header("X_Under", "u")
            ngx.req.clear_header("X_Dash")
        }
        content_by_lua_block {
            ngx.req.read_body()
            ngx.say(ngx.req.get_body_data(), " ", ngx.var.http_content_length)
            ngx.say(ngx.var.http_x_under, " ", ngx.var.http_x_dash, " ", ngx.req.get_headers()["x_under"])
        }
    }
--- request
POST /t
abcdefghij
--- more_headers
X-Dash: kept

=== TEST 52: get_post_args checks its limit as luaL_checkinteger and counts its arguments
--- config
    location /t {
        content_by_lua_block {
            ngx.req.read_body()
            ngx.say(select(2, ngx.req.get_post_args("2")))
            ngx.say(select(2, ngx.req.get_post_args(2.9)))
            ngx.say(pcall(ngx.req.get_post_args, {}))
            ngx.say(pcall(ngx.req.get_post_args, 1, 2))
            ngx.say(pcall(ngx.req.get_post_args, nil))
        }
    }
--- request
POST /t
k=1&l=2&m=3

=== TEST 53: body and args functions count their arguments; get_uri_args fills a given table
--- config
    location /t {
        content_by_lua_block {
            ngx.say(pcall(ngx.req.read_body, 1))
            ngx.say(pcall(ngx.req.discard_body, true))
            ngx.say(pcall(ngx.req.get_body_data, nil))
            ngx.say(pcall(ngx.req.get_body_file, 1))
            ngx.say(pcall(ngx.req.set_uri_args))
            ngx.say(pcall(ngx.req.set_uri_args, "a", "b"))
            local mine = { stale = "x" }
            local got = ngx.req.get_uri_args(10, mine)
            ngx.say(got == mine, " ", mine.stale, " ", mine.q, " ", mine.r)
        }
    }
--- request
POST /t?q=1&r=2
a=1

=== TEST 54: set_uri with jump logs where it jumps at debug level
--- log_level: debug
--- config
    location /from {
        rewrite_by_lua_block { ngx.req.set_uri("/dest", true) }
    }
    location /dest { return 200 "at $uri\n"; }
--- request
GET /from
--- grep_error_log
lua set uri jump to .*

=== TEST 55: req socket reads the body
--- config
    location /t {
        content_by_lua_block {
            local sock, err = ngx.req.socket()
            if not sock then ngx.say("err: ", err) return end
            sock:settimeout(1000)
            ngx.say(sock:receive(5))
            local it = sock:receiveuntil("--")
            ngx.say(it())
            ngx.say(sock:receive("*l"))
            ngx.say(sock:receive(100))
            ngx.say(sock:receive())
        }
    }
--- request
POST /t
hello world--line two
rest
--- more_headers
Content-Type: text/plain

=== TEST 56: req socket without a body
--- config
    location /t { content_by_lua_block { ngx.say(ngx.req.socket()) } }
--- request
GET /t

=== TEST 57: req socket after read_body
--- config
    location /t { content_by_lua_block { ngx.req.read_body() ngx.say(ngx.req.socket()) } }
--- request
POST /t
abc

=== TEST 58: req socket metatable and tcp socket metatable keys
--- config
    location /t {
        content_by_lua_block {
            local function keys(t)
                local k = {}
                for n in pairs(t) do k[#k + 1] = tostring(n) end
                table.sort(k)
                return table.concat(k, " ")
            end
            ngx.say(keys(getmetatable(ngx.socket.tcp())))
        }
    }
--- request
GET /t

=== TEST 59: ngx.var.request_body keeps bytes that are not UTF-8
--- config
    location /echo_body {
        lua_need_request_body on;
        content_by_lua_block { ngx.print(ngx.var.request_body, "|", ngx.req.get_body_data()) }
    }
--- raw_request
POST /echo_body HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 17\r\n\r\nhello\x00\x01\x02\nworld\x03\x04\xff

=== TEST 60: a body built past init_body's size goes to a temporary file
--- config
    location /t {
        content_by_lua_block {
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("h")
            ngx.req.append_body("ell")
            ngx.req.append_body("o")
            ngx.req.finish_body()
            ngx.say("content length: ", ngx.var.http_content_length)
            ngx.say("body: ", ngx.req.get_body_data())
            local file = ngx.req.get_body_file()
            local f = file and io.open(file, "r")
            ngx.say("body file: ", f and f:read("*a"))
            if f then f:close() end
        }
    }
    location /p {
        rewrite_by_lua_block {
            ngx.req.read_body()
            ngx.req.init_body(4)
            ngx.req.append_body("hello\n")
            ngx.req.finish_body()
        }
        proxy_pass http://127.0.0.1:$server_port/back;
    }
    location = /back {
        echo_read_request_body;
        echo_request_body;
    }
--- pipelined_requests
GET /t
GET /p
--- grep_error_log
a client request body is buffered to a temporary file
