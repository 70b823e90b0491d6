# Lifted from openresty/lua-nginx-module t/046-hmac.t (BSD license)

=== TEST 1: sanity
--- config
    location /lua {
        content_by_lua '
            local digest = ngx.hmac_sha1("thisisverysecretstuff", "some string we want to sign")
            ngx.say(ngx.encode_base64(digest))
        ';
    }
--- request
GET /lua
