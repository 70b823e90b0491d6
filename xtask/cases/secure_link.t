# secure_link (ngx_http_secure_link_module): $secure_link and $secure_link_expires.

=== TEST 1: hash and expiry
--- config
    location /s/ {
        secure_link $arg_md5,$arg_expires;
        secure_link_md5 "$secure_link_expires$uri$remote_addr secret";
        return 200 "link=[$secure_link] expires=[$secure_link_expires]\n";
    }
--- pipelined_requests
GET /s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647
GET /s/link?md5=Yz6r-k4JVHyFHiAUmGuJxw&expires=1000
GET /s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483646
GET /s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=abc
GET /s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=0
GET /s/link?md5=bad*chars&expires=2147483647
GET /s/link?md5=_e4Nc3iduzkWRm01TBBNYwAAAAAAAAAAA&expires=2147483647
GET /s/link

=== TEST 2: a hash without expiry, used in an if and from Lua
--- config
    location /s/ {
        secure_link $arg_md5;
        secure_link_md5 "$uri$remote_addr secret";
        if ($secure_link = "") { return 403; }
        content_by_lua_block { ngx.say("ok ", ngx.var.secure_link, " ", tostring(ngx.var.secure_link_expires)) }
    }
--- pipelined_requests
GET /s/link?md5=3bTAKnk6-yPr_gqRZTQwcA
GET /s/link?md5=3bTAKnk6-yPr_gqRZTQwcB

=== TEST 3: the old form with a secret
--- config
    location /p/ {
        secure_link_secret secret-word;
        if ($secure_link = "") { return 403; }
        return 200 "link=[$secure_link]\n";
    }
--- pipelined_requests
GET /p/21762e1656a86de75ae28c3743d4a0d8/file.txt
GET /p/21762e1656a86de75ae28c3743d4a0d9/file.txt
GET /p/short/file.txt
GET /p/21762e1656a86de75ae28c3743d4a0d8/
