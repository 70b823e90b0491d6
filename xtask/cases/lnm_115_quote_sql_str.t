# Lifted from openresty/lua-nginx-module t/115-quote-sql-str.t (BSD license)

=== TEST 1: \0
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str("a\\0b\\0"))
        ';
    }
--- request
GET /set

=== TEST 2: \t
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str("a\\tb\\t"))
        ';
    }
--- request
GET /set

=== TEST 3: \b
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str("a\\bb\\b"))
        ';
    }
--- request
GET /set

=== TEST 4: \z
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str("a\\026b\\026"))
        ';
    }
--- request
GET /set

=== TEST 5: more specials
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str("\\r\\n\\\\ \\" x"))
        ';
    }
--- request
GET /set

=== TEST 6: non-string
--- config
    location = /set {
        content_by_lua '
            ngx.say(ngx.quote_sql_str(12.5), ngx.quote_sql_str(true), " ", pcall(ngx.quote_sql_str, nil))
        ';
    }
--- request
GET /set
