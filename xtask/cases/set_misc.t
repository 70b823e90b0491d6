# set-misc-nginx-module (bundled with OpenResty; Debian's libnginx-mod-http-set-misc on the
# nginx side): the set_* directives run in the rewrite phase, in order with set and if.

=== TEST 1: escape and unescape
--- config
    location /t {
        set_unescape_uri $a $arg_a;
        set_escape_uri $b $arg_a;
        set $c $arg_a;
        set_unescape_uri $c;
        set_escape_uri $d "a b&c=d/e?f#g+h:i;j@k!l*m'n(o)p~q_r-s.t,u[w]x^y{z}|`\"<>%";
        return 200 "a=$a\nb=$b\nc=$c\nd=$d\n";
    }
--- request
GET /t?a=hello%20world+plus%2Bsign%zz%41
--- more_headers
X-Unused: 1

=== TEST 2: quoting for SQL, PostgreSQL and JSON
--- config
    location /t {
        set_unescape_uri $raw $arg_s;
        set_quote_sql_str $sql $raw;
        set_quote_pgsql_str $pg $raw;
        set_quote_json_str $json $raw;
        set $e "";
        set_quote_sql_str $esql $e;
        set_quote_pgsql_str $epg $e;
        set_quote_json_str $ejson $e;
        return 200 "$sql\n$pg\n$json\n$esql $epg $ejson\n";
    }
--- request
GET /t?s=it%27s%20a%20%22quote%22%5C%0A%0D%09%08%0C%1A%00%01end%C3%A9

=== TEST 3: base64, hex, md5, sha1
--- config
    location /t {
        set_encode_base64 $b64 $arg_s;
        set_decode_base64 $plain $b64;
        set_encode_hex $hex $arg_s;
        set_decode_hex $unhex $hex;
        set_md5 $md5 $arg_s;
        set_sha1 $sha1 $arg_s;
        set $e "";
        set_md5 $emd5 $e;
        set_encode_base64 $eb64 $e;
        return 200 "$b64 $plain $hex $unhex $md5 $sha1 [$emd5] [$eb64]\n";
    }
--- request
GET /t?s=hello,world

=== TEST 4: hmac_sha1 then base64, in place
--- config
    location /t {
        set $secret "thisisverysecretstuff";
        set $string_to_sign "some string we want to sign";
        set_hmac_sha1 $signature $secret $string_to_sign;
        set_encode_base64 $signature;
        return 200 "$signature\n";
    }
--- request
GET /t

=== TEST 5: invalid base64 and hex
--- config
    location /b { set_decode_base64 $x $arg_v; return 200 "[$x]\n"; }
    location /h { set_decode_hex $x $arg_v; return 200 "[$x]\n"; }
--- pipelined_requests
GET /b?v=aGVsbG8=
GET /b?v=%%%%
GET /h?v=616263
GET /h?v=6g
GET /h?v=616
--- grep_error_log
set_decode.*

=== TEST 6: base32 with the default alphabet, padding off and another alphabet
--- config
    location /t {
        set_encode_base32 $a $arg_s;
        set_decode_base32 $b $a;
        return 200 "$a $b\n";
    }
    location /nopad {
        set_base32_padding off;
        set_encode_base32 $a $arg_s;
        set_decode_base32 $b $a;
        return 200 "$a $b\n";
    }
    location /alpha {
        set_base32_alphabet "efghijklmnopqrstuvwxyz0123456789";
        set_encode_base32 $a $arg_s;
        set_decode_base32 $b $a;
        return 200 "$a $b\n";
    }
--- pipelined_requests
GET /t?s=a
GET /t?s=ab
GET /t?s=abcde
GET /t?s=hello%20world
GET /nopad?s=a
GET /nopad?s=hello
GET /alpha?s=hello

=== TEST 7: set_if_empty
--- config
    location /t {
        set $x $arg_x;
        set_if_empty $x "default";
        set_if_empty $y "fresh";
        return 200 "$x $y\n";
    }
--- pipelined_requests
GET /t?x=given
GET /t

=== TEST 8: in order with set, if and Lua
--- config
    location /t {
        set $v $arg_v;
        set_escape_uri $v;
        if ($v ~ "%20") { set $spaced yes; }
        set_if_empty $spaced no;
        content_by_lua_block { ngx.say(ngx.var.v, " ", ngx.var.spaced) }
    }
--- pipelined_requests
GET /t?v=a%20b
GET /t?v=ab

=== TEST 9: random values within their bounds
--- config
    location /t {
        set_random $r 3 5;
        set_random $rr 10 7;
        set_secure_random_alphanum $an 32;
        set_secure_random_lcalpha $lc 12;
        content_by_lua_block {
            local r, rr = tonumber(ngx.var.r), tonumber(ngx.var.rr)
            ngx.say(r >= 3 and r <= 5, " ", rr >= 7 and rr <= 10)
            ngx.say(#ngx.var.an, " ", ngx.var.an:find("^[A-Za-z0-9]+$") ~= nil)
            ngx.say(#ngx.var.lc, " ", ngx.var.lc:find("^[a-z]+$") ~= nil)
        }
    }
--- request
GET /t

=== TEST 10: today and formatted times
--- config
    location /t {
        set_local_today $today;
        set_formatted_gmt_time $y "%Y";
        set_formatted_local_time $l "%Y-%m-%d";
        content_by_lua_block {
            ngx.say(ngx.var.today == ngx.today(), " ", ngx.var.l == ngx.today())
            ngx.say(ngx.var.y == string.sub(ngx.utctime(), 1, 4))
        }
    }
--- request
GET /t

=== TEST 11: in a server block and an if in server
--- config
    set_escape_uri $srv "x y";
    if ($arg_q) { set_quote_sql_str $q $arg_q; }
    location /t { return 200 "$srv [$q]\n"; }
--- pipelined_requests
GET /t
GET /t?q=o'k

=== TEST 12: ndk.set_var calls the filters from Lua
--- config
    location /t {
        content_by_lua_block {
            local sv = ndk.set_var
            ngx.say(sv.set_escape_uri("a b/c"), " ", sv.set_unescape_uri("a%20b+c"))
            ngx.say(sv.set_quote_sql_str("it's"), " ", sv.set_quote_json_str('say "hi"'))
            ngx.say(sv.set_encode_base32("hello"), " ", sv.set_decode_base32("d1imor3f"))
            ngx.say(sv.set_md5("abc"), " ", sv.set_encode_hex("ab"), " ", sv.set_decode_base64("aGk="))
            ngx.say(sv.set_encode_base64(123), " ", sv.set_md5(""))
            ngx.say(#sv.set_secure_random_alphanum("16"))
            ngx.say(pcall(sv.set_decode_base64, "%%%"))
            ngx.say(pcall(function() return sv.set_hmac_sha1("k", "v") end))
            ngx.say(pcall(function() return sv.set_if_empty("x") end))
            ngx.say(pcall(function() return sv.no_such_thing("x") end))
        }
    }
--- request
GET /t

=== TEST 13: set_random from variables, bad and largest bounds
--- config
    location /t {
        set_random $r $arg_a $arg_b;
        content_by_lua_block { ngx.say(tonumber(ngx.var.r) ~= nil) }
    }
--- pipelined_requests
GET /t?a=5&b=5
GET /t?a=0&b=9223372036854775807
GET /t?a=3&b=1
GET /t?a=-1&b=3
--- grep_error_log
set_random.*

=== TEST 14: set_random with a bound past nginx's integers
--- config
    location /t {
        set_random $r $arg_a $arg_b;
        return 200 "$r";
    }
--- request
GET /t?a=0&b=18446744073709551615
--- grep_error_log
set_random.*
