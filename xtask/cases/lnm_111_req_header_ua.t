# Lifted from openresty/lua-nginx-module t/111-req-header-ua.t (BSD license). Its systemtap
# probes on the browser flags of headers_in are dropped.

=== TEST 1: clear Opera user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Opera/9.80 (Macintosh; Intel Mac OS X 10.7.4; U; en) Presto/2.10.229 Version/11.62
--- grep_error_log
\[error\].*

=== TEST 2: clear MSIE 4 user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 4.01; Windows NT 5.0)
--- grep_error_log
\[error\].*

=== TEST 3: set custom MSIE 4 user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/4.0 (compatible; MSIE 4.01; Windows NT 5.0)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 4: clear MSIE 5 user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 5.01; Windows 95; MSIECrawler)
--- grep_error_log
\[error\].*

=== TEST 5: set custom MSIE 5 user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/4.0 (compatible; MSIE 5.01; Windows 95; MSIECrawler)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 6: clear MSIE 6 (without SV1) user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0; Google Wireless Transcoder;)
--- grep_error_log
\[error\].*

=== TEST 7: set custom MSIE 6 (without SV1) user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0; Google Wireless Transcoder;)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 8: clear MSIE 6 (with SV1) user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1; InfoPath.1)
--- grep_error_log
\[error\].*

=== TEST 9: set custom MSIE 6 (with SV1) user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1; InfoPath.1)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 10: set custom MSIE 7 user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1; winfx; .NET CLR 1.1.4322; .NET CLR 2.0.50727; Zune 2.0)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 11: clear Gecko user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (Android; Mobile; rv:13.0) Gecko/13.0 Firefox/13.0
--- grep_error_log
\[error\].*

=== TEST 12: set custom Gecko user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/5.0 (Android; Mobile; rv:13.0) Gecko/13.0 Firefox/13.0")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 13: clear Chrome user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.151 Safari/535.19
--- grep_error_log
\[error\].*

=== TEST 14: set custom Chrome user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.151 Safari/535.19")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 15: clear Safari (Mac OS X) user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (Macintosh; U; PPC Mac OS X; en) AppleWebKit/125.2 (KHTML, like Gecko) Safari/125.8
--- grep_error_log
\[error\].*

=== TEST 16: set custom Safari user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/5.0 (Macintosh; U; PPC Mac OS X; en) AppleWebKit/125.2 (KHTML, like Gecko) Safari/125.8")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*

=== TEST 17: clear Konqueror user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", nil)
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- more_headers
User-Agent: Mozilla/5.0 (compatible; Konqueror/3.5; Linux) KHTML/3.5.10 (like Gecko) (Kubuntu)
--- grep_error_log
\[error\].*

=== TEST 18: set custom Konqueror user-agent
--- config
    location /t {
        rewrite_by_lua '
            ngx.req.set_header("User-Agent", "Mozilla/5.0 (compatible; Konqueror/3.5; Linux) KHTML/3.5.10 (like Gecko) (Kubuntu)")
        ';
        echo "User-Agent: $http_user_agent";
    }
--- request
GET /t
--- grep_error_log
\[error\].*
