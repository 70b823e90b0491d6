# autoindex (ngx_http_autoindex_module). The user files have a fixed mtime; directories would
# not, so the listings hold files only.

=== TEST 1: the HTML listing: escaping, a long name, hidden files, byte order
--- config
    location /d/ { root html; autoindex on; }
--- user_files
>>> html/d/a.txt
a
>>> html/d/b&c <x>.html
b
>>> html/d/long-name-that-goes-on-and-on-and-on-and-on-and-on-and-on.txt
long
>>> html/d/.hidden
h
>>> html/d/ünïcode-naïve.txt
u
>>> html/d/with:colon
c
>>> html/d/Z-upper
z
--- request
GET /d/

=== TEST 2: sizes, exact and not
--- config
    location /d/ { root html; autoindex on; autoindex_exact_size off; }
    location /e/ { alias html/d/; autoindex on; }
--- user_files
>>> html/d/small
0123456789
--- pipelined_requests
GET /d/
GET /e/

=== TEST 3: UTF-8 names with charset utf-8
--- config
    location /d/ { root html; autoindex on; charset utf-8; }
--- user_files
>>> html/d/ünïcode-naïve.txt
u
>>> html/d/ééééééééééééééééééééééééééééééééééééééééééééééééééééééééé.txt
long
--- request
GET /d/

=== TEST 4: JSON and XML
--- config
    location /j/ { alias html/d/; autoindex on; autoindex_format json; }
    location /x/ { alias html/d/; autoindex on; autoindex_format xml; }
    location /p/ { alias html/d/; autoindex on; autoindex_format jsonp; }
--- user_files
>>> html/d/a"b.txt
q
>>> html/d/c<d>.txt
r
--- pipelined_requests
GET /j/
GET /x/
GET /p/?callback=cb
GET /p/

=== TEST 5: an index file wins, HEAD, other methods, a missing directory
--- config
    location /d/ { root html; autoindex on; }
    location /i/ { root html; autoindex on; }
--- user_files
>>> html/d/f.txt
f
>>> html/i/index.html
index page
--- pipelined_requests
GET /i/
HEAD /d/
POST /d/
GET /d/nope/
DELETE /d/

=== TEST 6: HTTP/1.0 gets the listing without a length
--- config
    location /d/ { root html; autoindex on; }
--- user_files
>>> html/d/f.txt
f
--- raw_request
GET /d/ HTTP/1.0\r\n\r\n
