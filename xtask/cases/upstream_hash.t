# Upstream balancing methods: hash KEY [consistent], ip_hash, least_conn
# (ngx_http_upstream_hash_module, _ip_hash_module, _least_conn_module). Backends on $PORT2..$PORT4
# answer with their own name; /t asks for many keys in one request through ngx.location.capture
# and prints which backend answered each.

=== TEST 1: hash $arg_k over three servers
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 60 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.status, " ", res.body)
        end
        for _, k in ipairs({ "a", "b", "/", "user-42", "x y", string.rep("z", 300) }) do
            local res = ngx.location.capture("/h", { args = { k = k } })
            ngx.say(k:sub(1, 10), " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 2: hash with weights
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:$PORT2 weight=3; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4 weight=2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 60 do
            local res = ngx.location.capture("/h", { args = { k = i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 3: hash with a key of several variables
--- http_config
    upstream pool { hash "$arg_a-${arg_b}x$uri"; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 40 do
            local res = ngx.location.capture("/h/" .. (i % 7), { args = { a = i, b = i * 3 } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 4: hash consistent with weights
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:$PORT2 weight=2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4 weight=5; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 80 do
            local res = ngx.location.capture("/h", { args = { k = "user" .. i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 5: hash consistent, equal weights
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 60 do
            local res = ngx.location.capture("/h", { args = { k = i * 7919 } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 6: hash skips a down server by rehashing
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3 down; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 50 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 7: hash consistent skips a down server to the next point
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3 down; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 50 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 8: hash with a refusing server: failover, then the server is skipped for fail_timeout
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:1; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 40 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t
--- grep_error_log
(connect\(\) failed \(111: Connection refused\)|upstream server temporarily disabled)

=== TEST 9: hash consistent with a refusing server and max_fails=3
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:1 max_fails=3; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /h { add_header X-Addr $upstream_addr; proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 40 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t
--- grep_error_log
(connect\(\) failed \(111: Connection refused\)|upstream server temporarily disabled)

=== TEST 10: hash with the refusing server as the only other choice, no failover
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:1; server 127.0.0.1:$PORT2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /h { proxy_next_upstream off; proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 12 do
            local res = ngx.location.capture("/h", { args = { k = "key" .. i } })
            ngx.say(i, " ", res.status)
        end
    } }
--- request
GET /t

=== TEST 11: an empty hash key balances round-robin
--- http_config
    upstream pool { hash $arg_k; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3 weight=2; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 12 do
            local res = ngx.location.capture("/h")
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 12: ip_hash of the client 127.0.0.1
--- http_config
    upstream pool { ip_hash; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location / { proxy_pass http://pool; }
--- pipelined_requests
GET /1
GET /2
GET /3

=== TEST 13: ip_hash of addresses set by realip (X-Real-IP through a second hop)
--- http_config
    upstream pool { ip_hash; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3 weight=2; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /via { proxy_set_header X-Real-IP $arg_ip; proxy_pass http://127.0.0.1:$PORT/ip; }
    location /ip {
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Real-IP;
        add_header X-Client $remote_addr;
        proxy_pass http://pool;
    }
    location /t { content_by_lua_block {
        local ips = {}
        for i = 1, 30 do
            ips[#ips + 1] = (i * 37 % 223 + 1) .. "." .. (i * 11 % 256) .. "." .. (i * 5 % 256) .. "." .. i
        end
        for _, ip in ipairs({ "10.0.0.1", "10.0.0.200", "10.0.1.1", "192.168.1.7", "192.168.1.250",
                              "2001:db8::1", "2001:db8::2", "::1", "fe80::1234:5678", "2001:db8:1:2:3:4:5:6" }) do
            ips[#ips + 1] = ip
        end
        for _, ip in ipairs(ips) do
            -- (a query string as is: the table form would escape the colons of IPv6)
            local res = ngx.location.capture("/via", { args = "ip=" .. ip })
            ngx.say(ip, " ", res.status, " ", res.header["X-Client"], " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 14: ip_hash with a down server and a refusing one
--- http_config
    upstream pool { ip_hash; server 127.0.0.1:$PORT2 down; server 127.0.0.1:1; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /via { proxy_set_header X-Real-IP $arg_ip; proxy_pass http://127.0.0.1:$PORT/ip; }
    location /ip {
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Real-IP;
        proxy_pass http://pool;
    }
    location /t { content_by_lua_block {
        for i = 1, 30 do
            local ip = (i * 41 % 200 + 1) .. "." .. (i * 13 % 256) .. "." .. (i * 7 % 256) .. ".9"
            local res = ngx.location.capture("/via", { args = { ip = ip } })
            ngx.say(ip, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t
--- grep_error_log
(connect\(\) failed \(111: Connection refused\)|upstream server temporarily disabled)

=== TEST 15: backup servers before hash are kept: round-robin falls back on them
--- http_config
    upstream pool { server 127.0.0.1:$PORT4 backup; hash $arg_k; server 127.0.0.1:$PORT2 down; server 127.0.0.1:$PORT3 down; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 5 do
            local res = ngx.location.capture("/h", { args = { k = i } })
            ngx.say(i, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 16: hash over one server: always that one
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:$PORT2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 5 do
            local res = ngx.location.capture("/h", { args = { k = i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 17: least_conn, requests one after another (round-robin among equals)
--- http_config
    upstream pool { least_conn; server 127.0.0.1:$PORT2 weight=2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 12 do
            local res = ngx.location.capture("/h")
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 18: least_conn with overlapping requests
--- http_config
    upstream pool { least_conn; server 127.0.0.1:$PORT2 weight=2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.sleep(tonumber(ngx.var.arg_d)) ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.sleep(tonumber(ngx.var.arg_d)) ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.sleep(tonumber(ngx.var.arg_d)) ngx.print("four") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        local reqs = {}
        for i = 1, 7 do
            reqs[i] = { "/h", { args = { d = 0.3 } } }
        end
        local res = { ngx.location.capture_multi(reqs) }
        for i, r in ipairs(res) do
            ngx.say(i, " ", r.body)
        end
        -- one long request keeps its server busy while short ones go elsewhere
        local t = {
            { "/h", { args = { d = 0.5 } } },
            { "/h", { args = { d = 0.01 } } },
        }
        res = { ngx.location.capture_multi(t) }
        for i, r in ipairs(res) do
            ngx.say("long/short ", i, " ", r.body)
        end
    } }
--- request
GET /t

=== TEST 19: least_conn with a refusing server and a backup
--- http_config
    upstream pool { least_conn; server 127.0.0.1:1; server 127.0.0.1:$PORT2 down; server 127.0.0.1:$PORT3 backup; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /h { add_header X-Addr $upstream_addr; proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 4 do
            local res = ngx.location.capture("/h")
            ngx.say(i, " ", res.status, " ", res.body)
        end
    } }
--- request
GET /t
--- grep_error_log
(connect\(\) failed \(111: Connection refused\)|upstream server temporarily disabled)

=== TEST 20: ip_hash of a unix socket's client hashes three zero bytes
--- http_config
    upstream pool { ip_hash; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT4; server 127.0.0.1:$PORT2 weight=3; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
    server { listen 127.0.0.1:$PORT4; location / { content_by_lua_block { ngx.print("four") } } }
    server { listen unix:$TEST_PREFIX/front.sock; location / { add_header X-Addr $upstream_addr; proxy_pass http://pool; } }
--- config
    location /via { proxy_pass http://unix:$TEST_PREFIX/front.sock:/x; }
    location /t { content_by_lua_block {
        for i = 1, 4 do
            local res = ngx.location.capture("/via")
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t

=== TEST 21: hash consistent with two servers written alike: both are one server's addresses
--- http_config
    upstream pool { hash $arg_k consistent; server 127.0.0.1:$PORT2; server 127.0.0.1:$PORT3; server 127.0.0.1:$PORT2 weight=2; }
    server { listen 127.0.0.1:$PORT2; location / { content_by_lua_block { ngx.print("two") } } }
    server { listen 127.0.0.1:$PORT3; location / { content_by_lua_block { ngx.print("three") } } }
--- config
    location /h { proxy_pass http://pool; }
    location /t { content_by_lua_block {
        for i = 1, 30 do
            local res = ngx.location.capture("/h", { args = { k = i } })
            ngx.say(i, " ", res.body)
        end
    } }
--- request
GET /t
