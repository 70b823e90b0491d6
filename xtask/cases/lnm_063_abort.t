# Lifted from openresty/lua-nginx-module t/063-abort.t (BSD license)

=== TEST 1: ngx.exit(400) should abort print
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /memc_query {
            internal;
            content_by_lua_block { ngx.log(ngx.ERR, "memc_query hit ", ngx.var.args) }
        }

        location = /test {
            content_by_lua_file html/test.lua;
        }
--- user_files
>>> html/test.lua
local memd = require 'memd'
ngx.exit(400)
local res = memd.query( { cmd = 'get', key = id } )
>>> html/memd.lua
module('memd', package.seeall)

local URL = '/memc_query'
local capture = ngx.location.capture

function query(arg)
    if type(arg) ~= 'table' then
        return nil
    end

    print("HELLO WORLD")
    return capture(URL, { args = arg } )
end
--- request
GET /test?a
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 2: ngx.exit(400) should abort ngx.log
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /memc_query {
            internal;
            content_by_lua_block { ngx.log(ngx.ERR, "memc_query hit ", ngx.var.args) }
        }

        location = /test {
            content_by_lua_file html/test.lua;
        }
--- user_files
>>> html/test.lua
local memd = require 'memd'
ngx.exit(400)
local res = memd.query( { cmd = 'get', key = id } )
>>> html/memd.lua
module('memd', package.seeall)

local URL = '/memc_query'
local capture = ngx.location.capture
local log = ngx.log
local level = ngx.ERR

function query(arg)
    if type(arg) ~= 'table' then
        return nil
    end

    log(level, "HELLO WORLD")
    return capture(URL, { args = arg } )
end
--- request
GET /test?a
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 3: ngx.exit(400) should abort ngx.location.capture
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /memc_query {
            internal;
            content_by_lua_block { ngx.log(ngx.ERR, "memc_query hit ", ngx.var.args) }
        }

        location = /test {
            content_by_lua_file html/test.lua;
        }
--- user_files
>>> html/test.lua
local memd = require 'memd'
ngx.exit(400)
local res = memd.query( { cmd = 'get', key = id } )
>>> html/memd.lua
module('memd', package.seeall)

local URL = '/memc_query'
local capture = ngx.location.capture

function query(arg)
    if type(arg) ~= 'table' then
        return nil
    end

    return capture(URL, { args = arg } )
end
--- request
GET /test?a
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 4: ngx.exit(400) should abort ngx.location.capture_multi
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /memc_query {
            internal;
            content_by_lua_block { ngx.log(ngx.ERR, "memc_query hit ", ngx.var.args) }
        }

        location = /test {
            content_by_lua_file html/test.lua;
        }
--- user_files
>>> html/test.lua
local memd = require 'memd'
ngx.exit(400)
local res = memd.query( { cmd = 'get', key = id } )
>>> html/memd.lua
module('memd', package.seeall)

local URL = '/memc_query'
local capture_multi = ngx.location.capture_multi

function query(arg)
    if type(arg) ~= 'table' then
        return nil
    end

    return capture_multi{ {URL, { args = arg }} }
end
--- request
GET /test?a
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 5: ngx.exit(400) should abort ngx.redirect
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.redirect("/blah")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 6: ngx.exit(400) should abort ngx.exit
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.exit(503)
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 7: ngx.exit(400) should abort ngx.exec
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.exec("/blah")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 8: ngx.exit(400) should abort ngx.send_headers
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.send_headers()
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 9: ngx.exit(400) should abort ngx.print
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.print("HELLO WORLD")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 10: ngx.exit(400) should abort ngx.say
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.say("HELLO WORLD")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 11: ngx.exit(400) should abort ngx.flush
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.flush()
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 12: ngx.exit(400) should abort ngx.eof
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.eof()
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 13: ngx.exit(400) should abort ngx.re.match
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.re.match("a", "a", "jo")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 14: ngx.exit(400) should abort ngx.re.gmatch
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.re.gmatch("a", "a", "jo")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 15: ngx.exit(400) should abort ngx.re.sub
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.re.sub("a", "a", "", "jo")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 16: ngx.exit(400) should abort ngx.re.gsub
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go()
    ngx.re.gsub("a", "a", "", "jo")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 17: ngx.exit(400) should abort ngx.shared.DICT (set)
--- http_config
    lua_shared_dict dogs 1m; lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                local dogs = ngx.shared.dogs
                print("foo = ", dogs:get("foo"))
                dogs:set("foo", 32)
                ngx.exit(400)
                test.go(dogs)
            ';
        }
        location = /check {
            content_by_lua_block { ngx.say(ngx.shared.dogs:get("foo")) }
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go(dogs)
    dogs:set("foo", 56)
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- pipelined_requests
GET /test
GET /check
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit|foo = .*?,

=== TEST 18: ngx.exit(400) should abort ngx.shared.DICT (replace)
--- http_config
    lua_shared_dict dogs 1m; lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                local dogs = ngx.shared.dogs
                print("foo = ", dogs:get("foo"))
                dogs:set("foo", 32)
                ngx.exit(400)
                test.go(dogs)
            ';
        }
        location = /check {
            content_by_lua_block { ngx.say(ngx.shared.dogs:get("foo")) }
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go(dogs)
    dogs:replace("foo", 56)
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- pipelined_requests
GET /test
GET /check
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit|foo = .*?,

=== TEST 19: ngx.exit(400) should abort ngx.shared.DICT (incr)
--- http_config
    lua_shared_dict dogs 1m; lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                local dogs = ngx.shared.dogs
                print("foo = ", dogs:get("foo"))
                dogs:set("foo", 32)
                ngx.exit(400)
                test.go(dogs)
            ';
        }
        location = /check {
            content_by_lua_block { ngx.say(ngx.shared.dogs:get("foo")) }
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go(dogs)
    dogs:incr("foo", 56)
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- pipelined_requests
GET /test
GET /check
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit|foo = .*?,

=== TEST 20: ngx.exit(400) should abort ngx.shared.DICT (get)
--- http_config
    lua_shared_dict dogs 1m; lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                local dogs = ngx.shared.dogs
                print("foo = ", dogs:get("foo"))
                dogs:set("foo", 32)
                ngx.exit(400)
                test.go(dogs)
            ';
        }
        location = /check {
            content_by_lua_block { ngx.say(ngx.shared.dogs:get("foo")) }
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

function go(dogs)
    dogs:get("foo")
    ngx.log(ngx.ERR, "SHOULD NOT RUN")
end
--- pipelined_requests
GET /test
GET /check
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit|foo = .*?,

=== TEST 21: ngx.exit(400) should skip os.execute
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                ngx.exit(400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 22: ngx.exit(400) should break pcall and skip os.execute
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                pcall(ngx.exit, 400)
                test.go()
            ';
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 23: ngx.exit(400) should break pcall and skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    pcall(ngx.exit, 400)
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 24: ngx.redirect() should break pcall and skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    pcall(ngx.redirect, "/blah")
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 25: ngx.redirect() should skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    ngx.redirect("/blah")
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 26: ngx.exec() should break pcall and skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    pcall(ngx.exec, "/foo")
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 27: ngx.exec() should skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    ngx.exec("/foo")
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 28: ngx.set_uri(uri, true) should break pcall and skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            rewrite_by_lua '
                local test = require "test"
                test.go()
            ';
            echo hello;
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function go()
    local ok, err = pcall(ngx.req.set_uri, "/foo", true)
    if not ok then
        ngx.log(ngx.ERR, "error: ", err)
    end

    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 29: abort does not affect following coroutines
--- config
        location = /test {
            rewrite_by_lua 'ngx.exit(0)';
            content_by_lua '
                pcall(ngx.say, "hello world")
            ';
        }
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 30: ngx.exit(400) should break xpcall and skip os.execute (all in user module)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
module('test', package.seeall)

local exec = function(m) ngx.log(ngx.ERR, m) end

function myexit()
    ngx.exit(400)
end

function go()
    xpcall(myexit, function () end)
    exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 31: ngx.exec() should skip os.execute (module without package.seeall)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
local os_exec = function(m) ngx.log(ngx.ERR, m) end
local ngx_exec = ngx.exec
module('test')

function go()
    ngx_exec("/foo")
    os_exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit

=== TEST 32: ngx.exec() should break pcall and skip os.execute (module without package.seeall)
--- http_config
    lua_package_path '$TEST_NGINX_HTML_DIR/?.lua;;';
--- config
        location = /test {
            content_by_lua '
                local test = require "test"
                test.go()
            ';
        }
        location = /foo {
            echo foo;
        }
--- user_files
>>> html/test.lua
local os_exec = function(m) ngx.log(ngx.ERR, m) end
local ngx_exec = ngx.exec
local pcall = pcall
module('test')

function go()
    pcall(ngx_exec, "/foo")
    os_exec("SHOULD NOT RUN")
end
--- request
GET /test
--- grep_error_log
\[error\].*|HELLO WORLD|SHOULD NOT RUN|memc_query hit
