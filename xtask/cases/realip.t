# The realip module: set_real_ip_from, real_ip_header, real_ip_recursive.

=== TEST 1: X-Real-IP from a trusted client
--- config
    set_real_ip_from 127.0.0.1;
    location /t { return 200 "$remote_addr [$remote_port] $realip_remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Real-IP: 10.1.2.3

=== TEST 2: an untrusted client keeps its address
--- config
    set_real_ip_from 10.0.0.0/8;
    location /t { return 200 "$remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Real-IP: 10.1.2.3

=== TEST 3: X-Forwarded-For takes the last address
--- config
    set_real_ip_from 127.0.0.0/8;
    real_ip_header X-Forwarded-For;
    location /t { return 200 "$remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Forwarded-For: 1.1.1.1, 10.0.0.5, 192.168.1.9

=== TEST 4: recursive skips trusted proxies from the right
--- config
    set_real_ip_from 127.0.0.1;
    set_real_ip_from 10.0.0.0/8;
    real_ip_header X-Forwarded-For;
    real_ip_recursive on;
    location /t { content_by_lua_block { ngx.say(ngx.var.remote_addr, " ", ngx.var.realip_remote_addr) } }
--- request
GET /t
--- more_headers
X-Forwarded-For: 203.0.113.7, 198.51.100.2, 10.0.0.5 ,10.9.9.9

=== TEST 5: recursive with every address trusted takes the first
--- config
    set_real_ip_from 0.0.0.0/0;
    real_ip_header X-Forwarded-For;
    real_ip_recursive on;
    location /t { return 200 "$remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Forwarded-For: 10.0.0.1, 10.0.0.2

=== TEST 6: an address with a port sets remote_port
--- config
    set_real_ip_from 127.0.0.1;
    location /t { return 200 "$remote_addr [$remote_port]\n"; }
--- pipelined_requests
GET /t
GET /t
--- more_headers
X-Real-IP: 10.1.2.3:4567

=== TEST 7: a bad address is ignored
--- config
    set_real_ip_from 127.0.0.1;
    location /t { return 200 "$remote_addr\n"; }
--- request
GET /t
--- more_headers
X-Real-IP: not-an-address

=== TEST 8: an IPv6 address
--- config
    set_real_ip_from 127.0.0.1;
    location /t { return 200 "$remote_addr\n"; }
--- pipelined_requests
GET /t
--- more_headers
X-Real-IP: [2001:db8::1]:8080

=== TEST 9: a custom header
--- config
    set_real_ip_from 127.0.0.1;
    real_ip_header CF-Connecting-IP;
    location /t { return 200 "$remote_addr\n"; }
--- request
GET /t
--- more_headers
CF-Connecting-IP: 198.51.100.77
X-Real-IP: 10.1.1.1

=== TEST 10: allow/deny sees the real address
--- config
    set_real_ip_from 127.0.0.1;
    location /t { deny 10.1.2.3; allow all; return 200 "in\n"; }
--- request
GET /t
--- more_headers
X-Real-IP: 10.1.2.3
--- grep_error_log
access forbidden[^\n]*

=== TEST 11: location-level realip applies before access
--- config
    location /t {
        set_real_ip_from 127.0.0.1;
        content_by_lua_block { ngx.say(ngx.var.remote_addr) }
    }
--- request
GET /t
--- more_headers
X-Real-IP: 10.7.7.7

=== TEST 12: no header leaves the address
--- config
    set_real_ip_from 127.0.0.1;
    location /t { return 200 "$remote_addr $realip_remote_addr\n"; }
--- request
GET /t

=== TEST 13: the client field of error log lines
--- config
    set_real_ip_from 127.0.0.1;
    location /t { content_by_lua_block { ngx.log(ngx.ERR, "marker") ngx.say("ok") } }
--- request
GET /t
--- more_headers
X-Real-IP: 10.4.4.4
--- grep_error_log
marker[^\n]*client: [^,]*
