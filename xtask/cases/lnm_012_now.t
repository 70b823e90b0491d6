# Lifted from openresty/lua-nginx-module t/012-now.t (BSD license)

=== TEST 1: use ngx.localtime in content_by_lua
--- config
    location = /now {
        content_by_lua '
            ngx.say(ngx.re.find(ngx.localtime(), [[^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$]], "jo") ~= nil)
        ';
    }
--- request
GET /now

=== TEST 2: use ngx.localtime in set_by_lua
--- config
    location = /now {
        set_by_lua $a '
            return ngx.re.find(ngx.localtime(), [[^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$]], "jo") ~= nil
        ';
        echo $a;
    }
--- request
GET /now

=== TEST 3: use ngx.time in set_by_lua
--- config
    location = /time {
        set_by_lua $a '
            return ngx.re.find(ngx.time(), [[^\d{10,}$]], "jo") ~= nil and math.abs(ngx.time() - os.time()) < 2
        ';
        echo $a;
    }
--- request
GET /time

=== TEST 4: use ngx.time in content_by_lua
--- config
    location = /time {
        content_by_lua '
            ngx.say(ngx.re.find(ngx.time(), [[^\d{10,}$]], "jo") ~= nil)
            ngx.say(ngx.re.find(ngx.localtime(), [[^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$]], "jo") ~= nil)
            ngx.say(ngx.re.find(ngx.utctime(), [[^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$]], "jo") ~= nil)
            ngx.say(ngx.re.find(ngx.cookie_time(ngx.time()), [[^\w+, .*? GMT$]], "jo") ~= nil)
            ngx.say(type(ngx.time()), " ", type(ngx.now()), " ", math.floor(ngx.now()) == ngx.time() or math.floor(ngx.now()) + 1 == ngx.time())
        ';
    }
--- request
GET /time

=== TEST 5: use ngx.now in set_by_lua
--- config
    location = /time {
        set_by_lua $a '
            return ngx.re.find(ngx.now(), [[^\d{10,}(\.\d{1,3})?$]], "jo") ~= nil
        ';
        echo $a;
    }
--- request
GET /time

=== TEST 6: ngx.today and ngx.update_time
--- config
    location = /time {
        content_by_lua '
            ngx.say(ngx.re.find(ngx.today(), [[^\d{4}-\d{2}-\d{2}$]], "jo") ~= nil)
            ngx.say(ngx.update_time())
            ngx.say(ngx.today() == string.sub(ngx.localtime(), 1, 10))
        ';
    }
--- request
GET /time
