# valid_referers and $invalid_referer (ngx_http_referer_module).

=== TEST 1: host patterns, URI prefixes, regexes and the server's names
--- config
    server_name *.site.test;
    location /t {
        valid_referers none blocked server_names *.cdn.test .pics.test img.* only.test/gallery/ ~\.search\.;
        content_by_lua_block { ngx.say(ngx.var.http_referer or "-", " [", ngx.var.invalid_referer, "]") }
    }
--- pipelined_requests
GET /t
GET /t
--- more_headers
Referer: http://a.cdn.test/x

=== TEST 2: a referer each way through the rules
--- config
    server_name *.site.test;
    location /t {
        valid_referers blocked server_names *.cdn.test .pics.test img.* only.test/gallery/ ~\.search\.;
        return 200 "$http_referer [$invalid_referer]\n";
    }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://cdn.test/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: https://pics.test\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://a.b.pics.test:81/p\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://img.example.org/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://only.test/gallery/1\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://only.test/other\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://only.test:8080/gallery/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://WWW.SEARCH.example/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: ftp://a.cdn.test/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: nonsense\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://x.site.test/\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://i.r\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nReferer: http://evil.test/?.cdn.test\r\nConnection: close\r\n\r\n

=== TEST 3: $invalid_referer guards a location; without valid_referers it is empty
--- config
    location /guarded {
        valid_referers *.ok.test;
        if ($invalid_referer) { return 403; }
        return 200 "welcome\n";
    }
    location /open { return 200 "[$invalid_referer]\n"; }
--- pipelined_requests
GET /guarded
GET /open
--- more_headers
Referer: http://bad.test/

=== TEST 4: a missing Referer is valid only with none
--- config
    location /t {
        valid_referers none x.test;
        return 200 "[$invalid_referer]\n";
    }
    location /u {
        valid_referers x.test;
        return 200 "[$invalid_referer]\n";
    }
--- pipelined_requests
GET /t
GET /u
