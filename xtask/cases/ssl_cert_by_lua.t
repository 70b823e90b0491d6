# `ssl_certificate_by_lua*` and `ngx.ssl`: Lua picks the certificate during the handshake. The
# harness's TLS client reports which fixture certificate it got.

=== TEST 1: the hook runs with the server name, port, client address and protocol
--- config
    ssl_certificate_by_lua_block {
        local ssl = require "ngx.ssl"
        local addr, kind = ssl.raw_client_addr()
        local saddr, skind = ssl.raw_server_addr()
        print("sni=", ssl.server_name(), " port ok=", ssl.server_port() > 0,
              " client=", kind, "/", #addr, " server=", skind, "/", #saddr,
              " version=", ssl.get_tls1_version_str(), " ", ssl.get_tls1_version())
    }
    location / { return 200 "served $ssl_server_name\n"; }
--- tls
localhost
--- request
GET /t
--- grep_error_log
\[notice\] .*sni=.*

=== TEST 2: a certificate from PEM files, as DER
--- config
    ssl_certificate_by_lua_block {
        local ssl = require "ngx.ssl"
        if ssl.server_name() ~= "example.com" then return end
        local prefix = ngx.config.prefix() .. "conf/tls/"
        local pem = assert(io.open(prefix .. "example.crt")):read("*a")
        local key = assert(io.open(prefix .. "example.key")):read("*a")
        assert(ssl.clear_certs())
        local der = assert(ssl.cert_pem_to_der(pem))
        print("der ", type(der), " ", #der > 100)
        assert(ssl.set_der_cert(der))
        assert(ssl.set_der_priv_key(assert(ssl.priv_key_pem_to_der(key))))
    }
    location / { return 200 "served $ssl_server_name\n"; }
--- tls
example.com
--- request
GET /t
--- grep_error_log
\[notice\] .*der .*

=== TEST 3: a certificate parsed once, set as cdata
--- config
    ssl_certificate_by_lua_block {
        local ssl = require "ngx.ssl"
        local prefix = ngx.config.prefix() .. "conf/tls/"
        local cert = assert(ssl.parse_pem_cert(assert(io.open(prefix .. "example.crt")):read("*a")))
        local key = assert(ssl.parse_pem_priv_key(assert(io.open(prefix .. "example.key")):read("*a")))
        print("parsed ", type(cert), " ", type(key))
        ssl.clear_certs()
        assert(ssl.set_cert(cert))
        assert(ssl.set_priv_key(key))
    }
    location / { return 200 "served\n"; }
--- tls
parsed.test
--- request
GET /t
--- grep_error_log
\[notice\] .*parsed .*

=== TEST 4: the default server's certificate when the hook leaves it
--- config
    ssl_certificate_by_lua_block { print("left alone") }
    location / { return 200 "served\n"; }
--- tls
other.test
--- request
GET /t

=== TEST 5: an error in the hook fails the handshake
--- config
    ssl_certificate_by_lua_block { error("boom") }
    location / { return 200 "never\n"; }
--- tls
--- request
GET /t
--- grep_error_log
\[error\] lua entry thread aborted.*

=== TEST 6: ngx.exit(ngx.ERROR) fails the handshake, ngx.exit(ngx.OK) goes on
--- config
    ssl_certificate_by_lua_block {
        local ssl = require "ngx.ssl"
        if ssl.server_name() == "refused.test" then ngx.exit(ngx.ERROR) end
        ngx.exit(ngx.OK)
    }
    location / { return 200 "served $ssl_server_name\n"; }
--- tls
refused.test
--- request
GET /t

=== TEST 7: ngx.exit(ngx.OK) lets the handshake go on
--- config
    ssl_certificate_by_lua_block { ngx.exit(ngx.OK) }
    location / { return 200 "served $ssl_server_name\n"; }
--- tls
fine.test
--- request
GET /t

=== TEST 8: the hook can wait (ngx.sleep) and use a shared dict
--- http_config
    lua_shared_dict certs 1m;
--- config
    ssl_certificate_by_lua_block {
        ngx.sleep(0.01)
        local n = ngx.shared.certs:incr("n", 1, 0)
        print("handshakes: ", n)
    }
    location / { return 200 "served\n"; }
--- tls
--- request
GET /t
--- grep_error_log
\[notice\] .*handshakes: .*

=== TEST 9: clearing the certificates without setting one fails the handshake
--- config
    ssl_certificate_by_lua_block { require("ngx.ssl").clear_certs() }
    location / { return 200 "never\n"; }
--- tls
--- request
GET /t

=== TEST 10: bad PEM and DER
--- config
    ssl_certificate_by_lua_block {
        local ssl = require "ngx.ssl"
        print("pem: ", tostring(ssl.cert_pem_to_der("garbage")), " ", select(2, ssl.cert_pem_to_der("garbage")))
        print("key: ", select(2, ssl.priv_key_pem_to_der("garbage")))
        print("der: ", tostring(ssl.set_der_cert("garbage")), " ", select(2, ssl.set_der_cert("garbage")))
    }
    location / { return 200 "served\n"; }
--- tls
--- request
GET /t
--- grep_error_log
\[notice\] .*(pem|key|der): .*

=== TEST 11: ssl_certificate_by_lua_file
--- config
    ssl_certificate_by_lua_file html/cert.lua;
    location / { return 200 "served\n"; }
--- user_files
>>> html/cert.lua
print("from the file, sni ", require("ngx.ssl").server_name())
--- tls
--- request
GET /t
--- grep_error_log
\[notice\] .*from the file.*

=== TEST 12: the hook set at the http level runs for the server
--- http_config
    ssl_certificate_by_lua_block {
        print("http-level hook sni=", require("ngx.ssl").server_name())
    }
--- config
    location / { return 200 "served $ssl_server_name\n"; }
--- tls
localhost
--- request
GET /t
--- grep_error_log
\[notice\] .*http-level hook.*
