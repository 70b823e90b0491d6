# Lifted from openresty/lua-nginx-module t/043-shdict.t (BSD license)

=== TEST 1: string key, int value
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            dogs:set("bah", 10502)
            local val = dogs:get("foo")
            ngx.say(val, " ", type(val))
            val = dogs:get("bah")
            ngx.say(val, " ", type(val))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 2: string key, floating-point value
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local cats = ngx.shared.cats
            cats:set("foo", 3.14159)
            cats:set("baz", 1.28)
            cats:set("baz", 3.96)
            local val = cats:get("foo")
            ngx.say(val, " ", type(val))
            val = cats:get("baz")
            ngx.say(val, " ", type(val))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 3: string key, boolean value
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local cats = ngx.shared.cats
            cats:set("foo", true)
            cats:set("bar", false)
            local val = cats:get("foo")
            ngx.say(val, " ", type(val))
            val = cats:get("bar")
            ngx.say(val, " ", type(val))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 4: number keys, string values
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local cats = ngx.shared.cats
            ngx.say(cats:set(1234, "cat"))
            ngx.say(cats:set("1234", "dog"))
            ngx.say(cats:set(256, "bird"))
            ngx.say(cats:get(1234))
            ngx.say(cats:get("1234"))
            local val = cats:get("256")
            ngx.say(val, " ", type(val))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 5: different-size values set to the same key
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", "hello")
            ngx.say(dogs:get("foo"))
            dogs:set("foo", "hello, world")
            ngx.say(dogs:get("foo"))
            dogs:set("foo", "hello")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 6: expired entries (can be auto-removed by get)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32, 0.01)
            ngx.location.capture("/sleep/0.02")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 7: expired entries (can NOT be auto-removed by get)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bar", 56, 0.001)
            dogs:set("baz", 78, 0.001)
            dogs:set("foo", 32, 0.01)
            ngx.location.capture("/sleep/0.02")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 8: not yet expired entries
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32, 0.5)
            ngx.location.capture("/sleep/0.01")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 9: forcibly override other valid entries
--- http_config
    lua_shared_dict dogs 100k;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local i = 0
            while i < 1000 do
                i = i + 1
                local val = string.rep(" hello", 10) .. i
                local res, err, forcible = dogs:set("key_" .. i, val)
                if not res or forcible then
                    ngx.say(res, " ", err, " ", forcible)
                    break
                end
            end
            ngx.say("abort at ", i)
            ngx.say("cur value: ", dogs:get("key_" .. i))
            if i > 1 then
                ngx.say("1st value: ", dogs:get("key_1"))
            end
            if i > 2 then
                ngx.say("2nd value: ", dogs:get("key_2"))
            end
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- pipelined_requests
GET /test
GET /test

=== TEST 10: forcibly override other valid entries and test LRU
--- http_config
    lua_shared_dict dogs 100k;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local i = 0
            while i < 1000 do
                i = i + 1
                local val = string.rep(" hello", 10) .. i
                if i == 10 then
                    dogs:get("key_1")
                end
                local res, err, forcible = dogs:set("key_" .. i, val)
                if not res or forcible then
                    ngx.say(res, " ", err, " ", forcible)
                    break
                end
            end
            ngx.say("abort at ", i)
            ngx.say("cur value: ", dogs:get("key_" .. i))
            if i > 1 then
                ngx.say("1st value: ", dogs:get("key_1"))
            end
            if i > 2 then
                ngx.say("2nd value: ", dogs:get("key_2"))
            end
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- pipelined_requests
GET /test
GET /test

=== TEST 11: dogs and cats dicts
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local cats = ngx.shared.cats
            dogs:set("foo", 32)
            cats:set("foo", "hello, world")
            ngx.say(dogs:get("foo"))
            ngx.say(cats:get("foo"))
            dogs:set("foo", 56)
            ngx.say(dogs:get("foo"))
            ngx.say(cats:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 12: get non-existent keys
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            ngx.say(dogs:get("foo"))
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 13: not feed the object into the call
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local rc, err = pcall(dogs.set, "foo", 3, 0.01)
            ngx.say(rc, " ", err)
            rc, err = pcall(dogs.set, "foo", 3)
            ngx.say(rc, " ", err)
            rc, err = pcall(dogs.get, "foo")
            ngx.say(rc, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 14: too big value
--- http_config
    lua_shared_dict dogs 50k;
--- config
    location = /test {
        content_by_lua '
            collectgarbage("collect")
            local dogs = ngx.shared.dogs
            local res, err, forcible = dogs:set("foo", string.rep("helloworld", 10000))
            ngx.say(res, " ", err, " ", forcible)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
--- grep_error_log
ngx_slab_alloc[^,]*

=== TEST 15: set too large key
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local key = string.rep("a", 65535)
            local rc, err = dogs:set(key, "hello")
            ngx.say(rc, " ", err)
            ngx.say(dogs:get(key))
            key = string.rep("a", 65536)
            ok, err = dogs:set(key, "world")
            if not ok then
                ngx.say("not ok: ", err)
                return
            end
            ngx.say("ok")
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 16: bad value type
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("foo", dogs)
            ngx.say(ok, " ", err)
            local ok, err = pcall(dogs.set, dogs, "foo", {})
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 17: delete after setting values
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            ngx.say(dogs:get("foo"))
            dogs:delete("foo")
            ngx.say(dogs:get("foo"))
            dogs:set("foo", "hello, world")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 18: set nil after setting values
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            ngx.say(dogs:get("foo"))
            ngx.say(dogs:set("foo", nil))
            ngx.say(dogs:get("foo"))
            dogs:set("foo", "hello, world")
            ngx.say(dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 19: fail to allocate memory
--- http_config
    lua_shared_dict dogs 100k;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local i = 0
            while i < 1000 do
                i = i + 1
                local val = string.rep("hello", i )
                local res, err, forcible = dogs:set("key_" .. i, val)
                if not res or forcible then
                    ngx.say(res, " ", err, " ", forcible)
                    break
                end
            end
            ngx.say("abort at ", i)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 20: string key, int value (rewrite_by_lua)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        rewrite_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            ngx.say(dogs:get("foo"))
        ';
        content_by_lua return;
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 21: string key, int value (set_by_lua)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        set_by_lua $res '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            return dogs:get("foo")
        ';
        content_by_lua_block { ngx.say(ngx.var.res) }
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 22: string key, int value (header_by_lua)
--- http_config
    lua_shared_dict dogs 1m;
    lua_shared_dict cats 1m;
--- config
    location = /test {
        header_filter_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            ngx.header["X-Foo"] = dogs:get("foo")
        ';
        content_by_lua_block { ngx.say("hello") }
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 23: too big value (forcible)
--- http_config
    lua_shared_dict dogs 50k;
--- config
    location = /test {
        content_by_lua '
            collectgarbage("collect")
            local dogs = ngx.shared.dogs
            dogs:set("bah", "hello")
            local res, err, forcible = dogs:set("foo", string.rep("helloworld", 10000))
            ngx.say(res, " ", err, " ", forcible)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
--- grep_error_log
ngx_slab_alloc[^,]*

=== TEST 24: add key (key exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err, forcible = dogs:add("foo", 10502)
            ngx.say("add: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 25: add key (key not exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bah", 32)
            local res, err, forcible = dogs:add("foo", 10502)
            ngx.say("add: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 26: add key (key expired)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bar", 32, 0.001)
            dogs:set("baz", 32, 0.001)
            dogs:set("foo", 32, 0.001)
            ngx.location.capture("/sleep/0.01")
            local res, err, forcible = dogs:add("foo", 10502)
            ngx.say("add: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 27: replace key (key exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err, forcible = dogs:replace("foo", 10502)
            ngx.say("replace: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
            local res, err, forcible = dogs:replace("foo", "hello")
            ngx.say("replace: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 28: replace key (key not exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bah", 32)
            local res, err, forcible = dogs:replace("foo", 10502)
            ngx.say("replace: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 29: replace key (key expired)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bar", 3, 0.001)
            dogs:set("baz", 2, 0.001)
            dogs:set("foo", 32, 0.001)
            ngx.location.capture("/sleep/0.01")
            local res, err, forcible = dogs:replace("foo", 10502)
            ngx.say("replace: ", res, " ", err, " ", forcible)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 30: incr key (key exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", 10502)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 31: incr key (key not exists)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bah", 32)
            local res, err = dogs:incr("foo", 2)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 32: incr key (key expired)
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bar", 3, 0.001)
            dogs:set("baz", 2, 0.001)
            dogs:set("foo", 32, 0.001)
            ngx.location.capture("/sleep/0.01")
            local res, err = dogs:incr("foo", 10502)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 33: incr by 0
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", 0)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 34: incr by floating point number
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", 0.14)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 35: incr by negative numbers
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", -0.14)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 36: incr by huge
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", 2^53)
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 37: incr by string number
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            local res, err = dogs:incr("foo", "3")
            ngx.say("incr: ", res, " ", err)
            ngx.say("foo = ", dogs:get("foo"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 38: get and set with flags
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32, 0, 199)
            dogs:set("bah", 10502, 202)
            local val, flags = dogs:get("foo")
            ngx.say(val, " ", type(val))
            ngx.say(flags, " ", type(flags))
            val, flags = dogs:get("bah")
            ngx.say(val, " ", type(val))
            ngx.say(flags, " ", type(flags))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 39: flush_all
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32)
            dogs:set("bah", 10502)
            dogs:flush_all()
            ngx.say(dogs:get("foo"), " ", dogs:get("bah"))
            ngx.say(#dogs:get_keys())
            ngx.say(dogs:add("foo", 1))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 40: flush_expires
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", "x", 0.1)
            dogs:set("bah", "y", 0)
            dogs:set("bar", "z", 100)
            ngx.sleep(0.2)
            local num = dogs:flush_expired()
            ngx.say(num)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 41: flush_expires with number
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            for i=1,100 do
                dogs:set(tostring(i), "x", 0.1)
            end
            dogs:set("bah", "y", 0)
            dogs:set("bar", "z", 100)
            ngx.sleep(0.2)
            local num = dogs:flush_expired(42)
            ngx.say(num)
            ngx.say(dogs:flush_expired())
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 42: list all keys in a shdict
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("bah", "y", 0)
            dogs:set("bar", "z", 0)
            local keys = dogs:get_keys()
            ngx.say(#keys)
            table.sort(keys)
            for _,k in ipairs(keys) do
                ngx.say(k)
            end
            ngx.say(#dogs:get_keys(1), " ", #dogs:get_keys(3))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 43: list all keys in a shdict with expires
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", "x", 0.1)
            dogs:set("bah", "y", 0)
            dogs:set("bar", "z", 100)
            ngx.sleep(0.2)
            local keys = dogs:get_keys()
            ngx.say(#keys)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 44: more than 1024 keys with no limit set
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            for i=1,2048 do
                dogs:set(tostring(i), i)
            end
            ngx.say(#dogs:get_keys(), " ", #dogs:get_keys(0))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 45: safe_set
--- http_config
    lua_shared_dict dogs 100k;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local i = 0
            while i < 1000 do
                i = i + 1
                local val = string.rep(" hello", 10) .. i
                local res, err = dogs:safe_set("key_" .. i, val)
                if not res then
                    ngx.say(res, " ", err)
                    break
                end
            end
            ngx.say("abort at ", i)
            ngx.say("cur value: ", dogs:get("key_" .. i))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- pipelined_requests
GET /test
GET /test

=== TEST 46: safe_add
--- http_config
    lua_shared_dict dogs 100k;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local i = 0
            while i < 1000 do
                i = i + 1
                local val = string.rep(" hello", 10) .. i
                local res, err = dogs:safe_add("key_" .. i, val)
                if not res then
                    ngx.say(res, " ", err)
                    break
                end
            end
            ngx.say("abort at ", i)
            ngx.say("cur value: ", dogs:get("key_" .. i))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- pipelined_requests
GET /test
GET /test

=== TEST 47: get_stale: expired entries can still be fetched
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            dogs:set("foo", 32, 0.01)
            dogs:set("blah", 33, 0.3)
            ngx.sleep(0.05)
            local val, flags, stale = dogs:get_stale("foo")
            ngx.say(val, ", ", flags, ", ", stale)
            local val, flags, stale = dogs:get_stale("blah")
            ngx.say(val, ", ", flags, ", ", stale)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 48: set nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set(nil, 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 49: set empty string keys
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("", 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 50: get nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get(nil)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 51: get empty key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get("")
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 52: get a too-long key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get(string.rep("a", 65536))
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 53: get_stale nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get_stale(nil)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 54: get_stale empty key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get_stale("")
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 55: get_stale a too-long key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get_stale(string.rep("a", 65536))
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 56: get_stale a non-existent key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:get_stale("not_found")
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 57: incr nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:incr(nil, 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 58: incr empty string keys
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:incr("", 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 59: incr too long key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:incr(string.rep("a", 65536), 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 60: delete nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:delete(nil)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 61: add table value
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:add("t", {})
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 62: set key table
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set({}, 1)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 63: replace nil key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:replace(nil, 1)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 64: incr init
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:incr("n", 1, 10)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 65: incr init ttl
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:incr("n2", 1, 10, 0.5)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 66: ttl of key without exptime
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("k", 1) ngx.say(dogs:ttl("k")) ok, err = dogs:ttl("nokey")
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 67: expire
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("k", 1) ngx.say(dogs:expire("k", 10)) ngx.say(dogs:ttl("k") > 9) ok, err = dogs:expire("nokey", 1)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 68: capacity and free space
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:capacity() ngx.say(ok) ok, err = dogs:free_space() > 0, nil
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 69: set bad zone argument
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs.set(nil, "foo", 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 70: get bad zone argument
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs.get(nil, "foo")
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 71: incr bad zone argument
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs.incr(nil, "foo", 32)
            ngx.say(ok, " ", err)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
--- grep_error_log
lua entry thread aborted: [^\n]*

=== TEST 72: set & get large values
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("foo", string.rep("helloworld", 1024))
            ngx.say(ok, " ", err)
            local data, err = dogs:get("foo")
            ngx.say("get ok: ", #data)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 73: set & get_stale with a flag
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local ok, err = dogs:set("foo", false, 0, 325)
            local data, flags, stale = dogs:get_stale("foo")
            ngx.say("get_stale ok: ", data, ", flags: ", flags, ", stale: ", stale)
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test

=== TEST 74: incr number key
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua '
            local dogs = ngx.shared.dogs
            local key = 56
            ngx.say(dogs:set(key, 1))
            ngx.say(dogs:incr(key, 32))
            ngx.say(dogs:get(key))
            ngx.say(dogs:incr(key, "32"))
        ';
    }
    location ~ ^/sleep/(.+) {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var[1])) }
    }
--- request
GET /test
