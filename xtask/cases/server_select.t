# Server selection: listen, default_server, server_name exact / wildcard / regex / empty.
# The harness's own server (server_name localhost) comes after the http_config servers.

=== TEST 1: exact server name
--- http_config
    server { listen $PORT; server_name a.example.com; return 200 "server a\n"; }
    server { listen $PORT; server_name b.example.com; return 200 "server b\n"; }
--- config
    return 200 "harness server\n";
--- pipelined_requests
GET /
GET /
--- more_headers
Host: b.example.com

=== TEST 2: first server is the default
--- http_config
    server { listen $PORT; server_name first.test; return 200 "first\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: unknown.test

=== TEST 3: default_server overrides order
--- http_config
    server { listen $PORT; server_name first.test; return 200 "first\n"; }
    server { listen $PORT default_server; server_name dflt.test; return 200 "default\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: nothing.test

=== TEST 4: leading wildcard
--- http_config
    server { listen $PORT; server_name *.wild.test; return 200 "wild: $host\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: deep.sub.wild.test

=== TEST 5: trailing wildcard
--- http_config
    server { listen $PORT; server_name www.trail.*; return 200 "trail: $host\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: www.trail.org

=== TEST 6: dot name matches the domain and subdomains
--- http_config
    server { listen $PORT; server_name .dot.test; return 200 "dot: $host\n"; }
--- config
    return 200 "harness\n";
--- pipelined_requests
GET /
GET /
--- more_headers
Host: dot.test

=== TEST 7: regex server name with a named capture
--- http_config
    server { listen $PORT; server_name ~^(?<sub>[a-z]+)\.rx\.test$; return 200 "sub=$sub server_name=$server_name\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: api.rx.test

=== TEST 8: exact beats wildcard beats regex
--- http_config
    server { listen $PORT; server_name ~^www\.prio\.test$; return 200 "regex\n"; }
    server { listen $PORT; server_name *.prio.test; return 200 "wildcard\n"; }
    server { listen $PORT; server_name www.prio.test; return 200 "exact\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: www.prio.test

=== TEST 9: host is case-insensitive and port is ignored
--- http_config
    server { listen $PORT; server_name case.test; return 200 "case: $host\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: CASE.Test:1234

=== TEST 10: trailing dot in host
--- http_config
    server { listen $PORT; server_name dotend.test; return 200 "dotend: $host\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: dotend.test.

=== TEST 11: empty server name for requests without host
--- http_config
    server { listen $PORT; server_name ""; return 200 "empty name: [$host]\n"; }
--- config
    return 200 "harness\n";
--- raw_request
GET / HTTP/1.0\r\n\r\n

=== TEST 12: absolute URI host wins over the Host header
--- http_config
    server { listen $PORT; server_name abs.test; return 200 "abs: $host $uri\n"; }
--- config
    return 200 "harness\n";
--- raw_request
GET http://abs.test/path?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 13: server_name variable is the first name
--- http_config
    server { listen $PORT; server_name primary.test alias.test; return 200 "server_name=$server_name host=$host\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: alias.test

=== TEST 14: two listen ports
--- config
    listen $PORT2;
    location / { return 200 "port $server_port\n"; }
--- request
GET /

=== TEST 15: lua sees the selected server
--- http_config
    server { listen $PORT; server_name lua.test; location / { content_by_lua_block { ngx.say(ngx.var.server_name, " ", ngx.var.host) } } }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: lua.test

=== TEST 16: invalid host header is 400
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: bad/host

=== TEST 17: host with a leading dot
--- config
    return 200 "host=$host\n";
--- request
GET /
--- more_headers
Host: .leading.test

=== TEST 18: host with an IPv6 literal
--- config
    return 200 "host=$host\n";
--- request
GET /
--- more_headers
Host: [::1]:8080

=== TEST 19: wildcard does not match the bare domain
--- http_config
    server { listen $PORT default_server; return 200 "default\n"; }
    server { listen $PORT; server_name *.bare.test; return 200 "wildcard\n"; }
--- config
    return 200 "harness\n";
--- request
GET /
--- more_headers
Host: bare.test
