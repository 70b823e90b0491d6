# Lifted from openresty/lua-nginx-module t/145-shdict-list.t (BSD license)

=== TEST 1: lpush & lpop
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            local len, err = dogs:lpush("foo", "bar")
            ngx.say(len, " ", err)
            ngx.say(dogs:llen("foo"))
            ngx.say(dogs:lpop("foo"))
            ngx.say(dogs:llen("foo"))
            ngx.say(dogs:lpop("foo"))
        }
    }
--- request
GET /test

=== TEST 2: get operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 3: set operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:set("foo", "bar")) ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 4: replace operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:replace("foo", "bar")) ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 5: add operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:add("foo", "bar")) ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 6: delete operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:delete("foo")) ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 7: incr operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:incr("foo", 1)) ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 8: get_keys operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say("key: ", dogs:get_keys()[1])
        }
    }
--- request
GET /test

=== TEST 9: get_stale operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:get_stale("foo"))
        }
    }
--- request
GET /test

=== TEST 10: ttl operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:ttl("foo"))
        }
    }
--- request
GET /test

=== TEST 11: safe_add operation on list type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:safe_add("foo", 1))
        }
    }
--- request
GET /test

=== TEST 12: lpush("foo", "bar") on key-value type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:set("foo", "bar"))
            ngx.say(dogs:lpush("foo", "bar"))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 13: lpop("foo") on key-value type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:set("foo", "bar"))
            ngx.say(dogs:lpop("foo"))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 14: llen("foo") on key-value type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:set("foo", "bar"))
            ngx.say(dogs:llen("foo"))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 15: rpush("foo", 1) on key-value type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:set("foo", "bar"))
            ngx.say(dogs:rpush("foo", 1))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 16: rpop("foo") on key-value type
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:set("foo", "bar"))
            ngx.say(dogs:rpop("foo"))
            ngx.say(dogs:get("foo"))
        }
    }
--- request
GET /test

=== TEST 17: lpush and lpop
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            for i = 1, 3 do ngx.say(dogs:lpush("foo", i)) end
            for i = 1, 4 do ngx.say(dogs:lpop("foo")) end
        }
    }
--- request
GET /test

=== TEST 18: lpush and rpop
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            for i = 1, 3 do dogs:lpush("foo", i) end
            for i = 1, 3 do local v = dogs:rpop("foo") ngx.say(v, " ", type(v)) end
        }
    }
--- request
GET /test

=== TEST 19: rpush and lpop
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            for i = 1, 3 do dogs:rpush("foo", i) end
            for i = 1, 3 do ngx.say(dogs:lpop("foo")) end
        }
    }
--- request
GET /test

=== TEST 20: push bad values
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            ngx.say(dogs:lpush("foo", true))
            ngx.say(dogs:lpush("foo", nil))
            ngx.say(pcall(dogs.lpush, dogs, "foo", {}))
            ngx.say(dogs:lpush("foo", 1.5))
            ngx.say(dogs:lpush(nil, 1))
            ngx.say(dogs:lpush("", 1))
            ngx.say(dogs:lpop("foo"))
        }
    }
--- request
GET /test

=== TEST 21: expire on all types
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            dogs:lpush("list", "foo")
            dogs:set("key", "bar")
            ngx.say("keys number: ", #dogs:get_keys(0))
            dogs:flush_all()
            ngx.say("keys number: ", #dogs:get_keys(0))
        }
    }
--- request
GET /test

=== TEST 22: long list node
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            local long_str = string.rep("foo", 10)
            for i = 1, 3 do dogs:lpush("list", long_str .. i) end
            for i = 1, 3 do ngx.say(dogs:lpop("list")) end
        }
    }
--- request
GET /test

=== TEST 23: incr on expired list
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            local long_str = string.rep("foo", 10 * 1024)
            for i = 1, 100 do
                for j = 1, 10 do
                    local len, err = dogs:lpush("list" .. j, long_str)
                    if not len then ngx.say("push err: ", err) end
                end
                dogs:flush_all()
                for j = 10, 1, -1 do
                    local newval, err = dogs:incr("list" .. j, 1, 0)
                    if not newval then ngx.say("incr err: ", err) end
                end
                dogs:flush_all()
            end
            ngx.say("done")
        }
    }
--- request
GET /test

=== TEST 24: list expire and ttl
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            dogs:lpush("l", 1)
            ngx.say(dogs:expire("l", 0.05))
            ngx.say(dogs:ttl("l") > 0)
            ngx.sleep(0.1)
            ngx.say(dogs:llen("l"))
            ngx.say(dogs:lpush("l", 2))
        }
    }
--- request
GET /test

=== TEST 25: pop empties list then key gone
--- http_config
    lua_shared_dict dogs 1m;
--- config
    location = /test {
        content_by_lua_block {
            local dogs = ngx.shared.dogs

            dogs:lpush("l", 1)
            dogs:lpop("l")
            ngx.say(#dogs:get_keys(0))
            ngx.say(dogs:get("l"))
            ngx.say(dogs:llen("l"))
        }
    }
--- request
GET /test
