# geo and split_clients variables (ngx_http_geo_module, ngx_http_split_clients_module).

=== TEST 1: geo by the client address
--- http_config
    geo $g {
        default none;
        127.0.0.0/8 loopback;
        127.0.0.1 exact;
        10.0.0.0/8 ten;
    }
    geo $nodefault { 10.0.0.0/8 ten; }
--- config
    location /t { return 200 "g=$g nodefault=[$nodefault]\n"; }
--- request
GET /t

=== TEST 2: geo of a variable, longest prefix, IPv6, delete
--- http_config
    geo $arg_ip $h {
        default d;
        10.0.0.0/8 ten;
        10.1.0.0/16 ten-one;
        10.1.2.3 host;
        10.1.2.3/32 host-again;
        192.168.0.0/16 lan;
        delete 192.168.0.0/16;
        172.16.0.0/12 private;
        255.255.255.255 all-ones;
        ::1 v6-loop;
        2001:db8::/32 doc;
        2001:db8:1::/48 doc-one;
        0.0.0.0/32 zero;
    }
--- config
    location /h { return 200 "$h"; }
    location /t {
        content_by_lua_block {
            for _, ip in ipairs{"10.1.2.3", "10.1.2.4", "10.2.0.1", "192.168.1.1",
                                "172.31.255.255", "172.32.0.0", "127.0.0.1", "::1",
                                "2001:db8::5", "2001:db8:1::7", "2001:db9::", "::ffff:10.1.2.3",
                                "garbage", "", "255.255.255.255", "010.1.2.3", "1.2.3",
                                "1..2.3", "0.0.0.0", "[::1]", "10.1.2.3:80", " 10.1.2.3"} do
                local res = ngx.location.capture("/h", {args = {ip = ip}})
                ngx.say("[", ip, "] ", res.body)
            end
            local res = ngx.location.capture("/h")
            ngx.say("no arg: ", res.body)
        }
    }
--- request
GET /t

=== TEST 3: geo ranges
--- http_config
    geo $arg_ip $r {
        ranges;
        default out;
        10.0.0.0-10.0.255.255 ten-zero;
        10.0.0.16-10.0.0.31 inner;
        10.0.0.0-10.0.0.7 head;
        10.0.255.0-10.0.255.255 tail;
        10.1.0.0-10.3.255.255 wide;
        10.2.0.0-10.2.255.255 replaced;
        10.2.0.0-10.2.255.255 middle;
        192.168.1.10-192.168.1.20 lan;
        delete 192.168.1.10-192.168.1.20;
        172.16.0.5-172.16.0.5 single;
        255.255.0.0-255.255.255.254 top;
    }
--- config
    location /r { return 200 "$r"; }
    location /t {
        content_by_lua_block {
            for _, ip in ipairs{"10.0.0.0", "10.0.0.5", "10.0.0.8", "10.0.0.16", "10.0.0.31",
                                "10.0.0.32", "10.0.200.1", "10.0.255.0", "10.1.0.0", "10.1.255.255",
                                "10.2.5.5", "10.3.0.1", "10.4.0.0", "192.168.1.15", "172.16.0.5",
                                "172.16.0.6", "::1", "::ffff:10.0.0.20", "junk", "255.255.255.254"} do
                local res = ngx.location.capture("/r", {args = {ip = ip}})
                ngx.say("[", ip, "] ", res.body)
            end
        }
    }
--- request
GET /t

=== TEST 4: geo ranges without a default
--- http_config
    geo $arg_ip $r {
        ranges;
        10.0.0.0-10.0.0.255 ten;
    }
--- config
    location /r { return 200 "[$r]"; }
    location /t {
        content_by_lua_block {
            for _, ip in ipairs{"10.0.0.1", "10.0.1.1", "x"} do
                ngx.say(ip, " ", ngx.location.capture("/r", {args = {ip = ip}}).body)
            end
        }
    }
--- request
GET /t

=== TEST 5: geo behind a proxy
--- http_config
    geo $p {
        proxy 127.0.0.1;
        default d;
        10.0.0.0/8 ten;
        192.168.0.0/16 lan;
        127.0.0.1 loop;
    }
    geo $pr {
        proxy 127.0.0.0/8;
        proxy 192.168.0.0/16;
        proxy_recursive;
        default d;
        10.0.0.0/8 ten;
        192.168.0.0/16 lan;
    }
--- config
    location /t { return 200 "p=$p pr=$pr\n"; }
--- request
GET /t
--- more_headers
X-Forwarded-For: 10.9.9.9, 192.168.4.4

=== TEST 6: geo without the header
--- http_config
    geo $p { proxy 127.0.0.1; default d; 127.0.0.1 loop; }
--- config
    location /t { return 200 "p=$p\n"; }
--- request
GET /t

=== TEST 7: geo after realip
--- http_config
    geo $g { default d; 10.0.0.0/8 ten; 127.0.0.1 loop; }
--- config
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Real-IP;
    location /t { return 200 "g=$g remote=$remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Real-IP: 10.20.30.40

=== TEST 8: geo in Lua, in map and in if
--- http_config
    geo $arg_ip $blocked { default 0; 10.0.0.0/8 1; }
    map $blocked $verdict { 1 deny; default allow; }
--- config
    location /t {
        if ($blocked) { return 403 "blocked by geo\n"; }
        content_by_lua_block { ngx.say(ngx.var.blocked, " ", ngx.var.verdict) }
    }
--- pipelined_requests
GET /t?ip=10.1.1.1
GET /t?ip=11.1.1.1
GET /t

=== TEST 9: geo duplicate networks keep the last value
--- http_config
    geo $arg_ip $d {
        default first;
        default second;
        10.0.0.0/8 a;
        10.0.0.0/8 b;
        10.0.0.1/8 c;
    }
--- config
    location /t { return 200 "$d\n"; }
--- pipelined_requests
GET /t?ip=10.5.5.5
GET /t?ip=11.5.5.5

=== TEST 10: split_clients over many keys
--- http_config
    split_clients "${arg_k}AAA" $variant {
        0.5%   .one;
        2.0%   .two;
        33.33% three;
        50%    four;
        *      "";
    }
--- config
    location /s { return 200 "$variant"; }
    location /t {
        content_by_lua_block {
            local out = {}
            for i = 1, 300 do
                out[#out + 1] = ngx.location.capture("/s", {args = {k = i}}).body
            end
            ngx.say(table.concat(out, ","))
        }
    }
--- request
GET /t

=== TEST 11: split_clients without a star and with odd keys
--- http_config
    split_clients $arg_k $half {
        10% low;
        40.5% mid;
    }
--- config
    location /s { return 200 "[$half]"; }
    location /t {
        content_by_lua_block {
            local keys = {"", "a", "ab", "abc", "abcd", "abcde", "hello world", "\xff\xfe",
                          "0123456789abcdef", "x/y?z", "10.0.0.1"}
            for i = 1, 60 do keys[#keys + 1] = "key" .. i end
            for _, k in ipairs(keys) do
                ngx.print(ngx.location.capture("/s", {args = {k = k}}).body)
            end
            ngx.say()
        }
    }
--- request
GET /t

=== TEST 12: split_clients by the client address
--- http_config
    split_clients "${remote_addr}" $bucket {
        50% a;
        * b;
    }
--- config
    location /t { return 200 "bucket=$bucket\n"; }
--- request
GET /t

=== TEST 13: geo entries from an included file
--- http_config
    geo $arg_ip $inc {
        default d;
        include geo-nets.conf;
        10.9.0.0/16 after;
    }
--- config
    location /t { return 200 "$inc\n"; }
--- user_files
>>> conf/geo-nets.conf
10.0.0.0/8 ten;
10.9.9.0/24 included;
--- pipelined_requests
GET /t?ip=10.1.1.1
GET /t?ip=10.9.9.9
GET /t?ip=10.9.1.1
GET /t?ip=11.0.0.1
