# Malformed and unusual requests: nginx's 400s, 414, 494, 501, 505, and what it accepts.

=== TEST 1: garbage request line
--- config
    location / { return 200 "ok\n"; }
--- raw_request
this is not http\r\n\r\n

=== TEST 2: lower-case method is invalid
--- config
    location / { return 200 "ok\n"; }
--- raw_request
get / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 3: unknown method is passed to the location
--- config
    location / { return 200 "method=$request_method\n"; }
--- raw_request
BREW /pot HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 4: unknown method on a static location
--- config
    location / { }
--- raw_request
BREW /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 5: unsupported HTTP version 2.0 on plain text
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 6: HTTP/1.2 is served as 1.1
--- config
    location / { return 200 "proto=$server_protocol\n"; }
--- raw_request
GET / HTTP/1.2\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 7: HTTP/3.0 is 505
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/3.0\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 8: missing Host on HTTP/1.1 is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nConnection: close\r\n\r\n

=== TEST 9: duplicate Host is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n

=== TEST 10: HTTP/1.0 without Host is fine
--- config
    location / { return 200 "host=$host\n"; }
--- raw_request
GET / HTTP/1.0\r\n\r\n

=== TEST 11: HTTP/0.9 request
--- config
    location / { return 200 "nine\n"; }
--- raw_request
GET /\r\n

=== TEST 12: HTTP/0.9 POST is invalid
--- config
    location / { return 200 "nine\n"; }
--- raw_request
POST /\r\n

=== TEST 13: absolute-form URI
--- config
    location / { return 200 "host=$host uri=$uri args=$args\n"; }
--- raw_request
GET http://Example.COM:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n

=== TEST 14: absolute-form with https scheme
--- config
    location / { return 200 "host=$host scheme=$scheme\n"; }
--- raw_request
GET https://secure.test/x HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n

=== TEST 15: asterisk target
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 16: target without leading slash
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET foo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 17: header without colon is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nBadHeader\r\nConnection: close\r\n\r\n

=== TEST 18: header with a space before the colon
--- config
    location / { return 200 "x=[$http_x_a]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-A : v\r\nConnection: close\r\n\r\n

=== TEST 19: header name with underscore is ignored by default
--- config
    location / { return 200 "x=[$http_x_under]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX_Under: v\r\nConnection: close\r\n\r\n

=== TEST 20: underscores_in_headers on
--- config
    underscores_in_headers on;
    location / { return 200 "x=[$http_x_under]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX_Under: v\r\nConnection: close\r\n\r\n

=== TEST 21: oversized request line is 414
--- config
    client_header_buffer_size 128;
    large_client_header_buffers 2 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 22: oversized header is 400 Request Header Or Cookie Too Large
--- config
    client_header_buffer_size 128;
    large_client_header_buffers 2 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\nConnection: close\r\n\r\n

=== TEST 23: too many headers for the buffers
--- config
    client_header_buffer_size 64;
    large_client_header_buffers 1 512;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-1: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nX-2: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nX-3: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nConnection: close\r\n\r\n

=== TEST 24: header that fits the large buffers
--- config
    client_header_buffer_size 64;
    large_client_header_buffers 4 1k;
    location / { return 200 "len=${content_length}x ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nConnection: close\r\n\r\n

=== TEST 25: bare LF line endings are accepted
--- config
    location / { return 200 "lf ok $http_x_a\n"; }
--- raw_request
GET / HTTP/1.1\nHost: localhost\nX-A: 1\nConnection: close\n\n

=== TEST 26: bad Content-Length is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nConnection: close\r\n\r\n

=== TEST 27: negative Content-Length is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\nConnection: close\r\n\r\n

=== TEST 28: Content-Length and Transfer-Encoding together
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", ngx.req.get_body_data(), "]") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n

=== TEST 29: unknown Transfer-Encoding is 501
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n

=== TEST 30: Transfer-Encoding on HTTP/1.0 is 400
--- config
    location / { return 200 "ok\n"; }
--- raw_request
POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n

=== TEST 31: bad chunk size
--- config
    location / { content_by_lua_block { ngx.req.read_body() ngx.say("[", tostring(ngx.req.get_body_data()), "]") } }
--- raw_request
POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n

=== TEST 32: control characters in the URI
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a\x01b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 33: space in the URI
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET /a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 34: empty request line then a request
--- config
    location / { return 200 "ok\n"; }
--- raw_request
\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 35: obsolete line folding
--- config
    location / { return 200 "x=[$http_x_fold]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Fold: a\r\n b\r\nConnection: close\r\n\r\n

=== TEST 36: header with empty value
--- config
    location / { return 200 "x=[$http_x_empty]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-Empty:\r\nConnection: close\r\n\r\n

=== TEST 37: method too long
--- config
    location / { return 200 "ok\n"; }
--- raw_request
ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 38: CONNECT method
--- config
    location / { return 200 "ok\n"; }
--- raw_request
CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n

=== TEST 39: TRACE method is 405
--- config
    location / { return 200 "ok\n"; }
--- raw_request
TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 40: invalid header name characters
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX-A\x01B: v\r\nConnection: close\r\n\r\n

=== TEST 41: ignore_invalid_headers off keeps bad names
--- config
    ignore_invalid_headers off;
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: localhost\r\nX@Odd: v\r\nConnection: close\r\n\r\n

=== TEST 42: request line with extra spaces
--- config
    location / { return 200 "uri=$uri\n"; }
--- raw_request
GET  /x  HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 43: version without minor digit
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 44: lower-case http version is invalid
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / http/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n

=== TEST 45: Host with a port only
--- config
    location / { return 200 "host=[$host]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: :80\r\nConnection: close\r\n\r\n

=== TEST 46: empty Host header on HTTP/1.1
--- config
    location / { return 200 "host=[$host]\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n

=== TEST 47: 1000 header lines are taken
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: a\r\nX-H0: v\r\nX-H1: v\r\nX-H2: v\r\nX-H3: v\r\nX-H4: v\r\nX-H5: v\r\nX-H6: v\r\nX-H7: v\r\nX-H8: v\r\nX-H9: v\r\nX-H10: v\r\nX-H11: v\r\nX-H12: v\r\nX-H13: v\r\nX-H14: v\r\nX-H15: v\r\nX-H16: v\r\nX-H17: v\r\nX-H18: v\r\nX-H19: v\r\nX-H20: v\r\nX-H21: v\r\nX-H22: v\r\nX-H23: v\r\nX-H24: v\r\nX-H25: v\r\nX-H26: v\r\nX-H27: v\r\nX-H28: v\r\nX-H29: v\r\nX-H30: v\r\nX-H31: v\r\nX-H32: v\r\nX-H33: v\r\nX-H34: v\r\nX-H35: v\r\nX-H36: v\r\nX-H37: v\r\nX-H38: v\r\nX-H39: v\r\nX-H40: v\r\nX-H41: v\r\nX-H42: v\r\nX-H43: v\r\nX-H44: v\r\nX-H45: v\r\nX-H46: v\r\nX-H47: v\r\nX-H48: v\r\nX-H49: v\r\nX-H50: v\r\nX-H51: v\r\nX-H52: v\r\nX-H53: v\r\nX-H54: v\r\nX-H55: v\r\nX-H56: v\r\nX-H57: v\r\nX-H58: v\r\nX-H59: v\r\nX-H60: v\r\nX-H61: v\r\nX-H62: v\r\nX-H63: v\r\nX-H64: v\r\nX-H65: v\r\nX-H66: v\r\nX-H67: v\r\nX-H68: v\r\nX-H69: v\r\nX-H70: v\r\nX-H71: v\r\nX-H72: v\r\nX-H73: v\r\nX-H74: v\r\nX-H75: v\r\nX-H76: v\r\nX-H77: v\r\nX-H78: v\r\nX-H79: v\r\nX-H80: v\r\nX-H81: v\r\nX-H82: v\r\nX-H83: v\r\nX-H84: v\r\nX-H85: v\r\nX-H86: v\r\nX-H87: v\r\nX-H88: v\r\nX-H89: v\r\nX-H90: v\r\nX-H91: v\r\nX-H92: v\r\nX-H93: v\r\nX-H94: v\r\nX-H95: v\r\nX-H96: v\r\nX-H97: v\r\nX-H98: v\r\nX-H99: v\r\nX-H100: v\r\nX-H101: v\r\nX-H102: v\r\nX-H103: v\r\nX-H104: v\r\nX-H105: v\r\nX-H106: v\r\nX-H107: v\r\nX-H108: v\r\nX-H109: v\r\nX-H110: v\r\nX-H111: v\r\nX-H112: v\r\nX-H113: v\r\nX-H114: v\r\nX-H115: v\r\nX-H116: v\r\nX-H117: v\r\nX-H118: v\r\nX-H119: v\r\nX-H120: v\r\nX-H121: v\r\nX-H122: v\r\nX-H123: v\r\nX-H124: v\r\nX-H125: v\r\nX-H126: v\r\nX-H127: v\r\nX-H128: v\r\nX-H129: v\r\nX-H130: v\r\nX-H131: v\r\nX-H132: v\r\nX-H133: v\r\nX-H134: v\r\nX-H135: v\r\nX-H136: v\r\nX-H137: v\r\nX-H138: v\r\nX-H139: v\r\nX-H140: v\r\nX-H141: v\r\nX-H142: v\r\nX-H143: v\r\nX-H144: v\r\nX-H145: v\r\nX-H146: v\r\nX-H147: v\r\nX-H148: v\r\nX-H149: v\r\nX-H150: v\r\nX-H151: v\r\nX-H152: v\r\nX-H153: v\r\nX-H154: v\r\nX-H155: v\r\nX-H156: v\r\nX-H157: v\r\nX-H158: v\r\nX-H159: v\r\nX-H160: v\r\nX-H161: v\r\nX-H162: v\r\nX-H163: v\r\nX-H164: v\r\nX-H165: v\r\nX-H166: v\r\nX-H167: v\r\nX-H168: v\r\nX-H169: v\r\nX-H170: v\r\nX-H171: v\r\nX-H172: v\r\nX-H173: v\r\nX-H174: v\r\nX-H175: v\r\nX-H176: v\r\nX-H177: v\r\nX-H178: v\r\nX-H179: v\r\nX-H180: v\r\nX-H181: v\r\nX-H182: v\r\nX-H183: v\r\nX-H184: v\r\nX-H185: v\r\nX-H186: v\r\nX-H187: v\r\nX-H188: v\r\nX-H189: v\r\nX-H190: v\r\nX-H191: v\r\nX-H192: v\r\nX-H193: v\r\nX-H194: v\r\nX-H195: v\r\nX-H196: v\r\nX-H197: v\r\nX-H198: v\r\nX-H199: v\r\nX-H200: v\r\nX-H201: v\r\nX-H202: v\r\nX-H203: v\r\nX-H204: v\r\nX-H205: v\r\nX-H206: v\r\nX-H207: v\r\nX-H208: v\r\nX-H209: v\r\nX-H210: v\r\nX-H211: v\r\nX-H212: v\r\nX-H213: v\r\nX-H214: v\r\nX-H215: v\r\nX-H216: v\r\nX-H217: v\r\nX-H218: v\r\nX-H219: v\r\nX-H220: v\r\nX-H221: v\r\nX-H222: v\r\nX-H223: v\r\nX-H224: v\r\nX-H225: v\r\nX-H226: v\r\nX-H227: v\r\nX-H228: v\r\nX-H229: v\r\nX-H230: v\r\nX-H231: v\r\nX-H232: v\r\nX-H233: v\r\nX-H234: v\r\nX-H235: v\r\nX-H236: v\r\nX-H237: v\r\nX-H238: v\r\nX-H239: v\r\nX-H240: v\r\nX-H241: v\r\nX-H242: v\r\nX-H243: v\r\nX-H244: v\r\nX-H245: v\r\nX-H246: v\r\nX-H247: v\r\nX-H248: v\r\nX-H249: v\r\nX-H250: v\r\nX-H251: v\r\nX-H252: v\r\nX-H253: v\r\nX-H254: v\r\nX-H255: v\r\nX-H256: v\r\nX-H257: v\r\nX-H258: v\r\nX-H259: v\r\nX-H260: v\r\nX-H261: v\r\nX-H262: v\r\nX-H263: v\r\nX-H264: v\r\nX-H265: v\r\nX-H266: v\r\nX-H267: v\r\nX-H268: v\r\nX-H269: v\r\nX-H270: v\r\nX-H271: v\r\nX-H272: v\r\nX-H273: v\r\nX-H274: v\r\nX-H275: v\r\nX-H276: v\r\nX-H277: v\r\nX-H278: v\r\nX-H279: v\r\nX-H280: v\r\nX-H281: v\r\nX-H282: v\r\nX-H283: v\r\nX-H284: v\r\nX-H285: v\r\nX-H286: v\r\nX-H287: v\r\nX-H288: v\r\nX-H289: v\r\nX-H290: v\r\nX-H291: v\r\nX-H292: v\r\nX-H293: v\r\nX-H294: v\r\nX-H295: v\r\nX-H296: v\r\nX-H297: v\r\nX-H298: v\r\nX-H299: v\r\nX-H300: v\r\nX-H301: v\r\nX-H302: v\r\nX-H303: v\r\nX-H304: v\r\nX-H305: v\r\nX-H306: v\r\nX-H307: v\r\nX-H308: v\r\nX-H309: v\r\nX-H310: v\r\nX-H311: v\r\nX-H312: v\r\nX-H313: v\r\nX-H314: v\r\nX-H315: v\r\nX-H316: v\r\nX-H317: v\r\nX-H318: v\r\nX-H319: v\r\nX-H320: v\r\nX-H321: v\r\nX-H322: v\r\nX-H323: v\r\nX-H324: v\r\nX-H325: v\r\nX-H326: v\r\nX-H327: v\r\nX-H328: v\r\nX-H329: v\r\nX-H330: v\r\nX-H331: v\r\nX-H332: v\r\nX-H333: v\r\nX-H334: v\r\nX-H335: v\r\nX-H336: v\r\nX-H337: v\r\nX-H338: v\r\nX-H339: v\r\nX-H340: v\r\nX-H341: v\r\nX-H342: v\r\nX-H343: v\r\nX-H344: v\r\nX-H345: v\r\nX-H346: v\r\nX-H347: v\r\nX-H348: v\r\nX-H349: v\r\nX-H350: v\r\nX-H351: v\r\nX-H352: v\r\nX-H353: v\r\nX-H354: v\r\nX-H355: v\r\nX-H356: v\r\nX-H357: v\r\nX-H358: v\r\nX-H359: v\r\nX-H360: v\r\nX-H361: v\r\nX-H362: v\r\nX-H363: v\r\nX-H364: v\r\nX-H365: v\r\nX-H366: v\r\nX-H367: v\r\nX-H368: v\r\nX-H369: v\r\nX-H370: v\r\nX-H371: v\r\nX-H372: v\r\nX-H373: v\r\nX-H374: v\r\nX-H375: v\r\nX-H376: v\r\nX-H377: v\r\nX-H378: v\r\nX-H379: v\r\nX-H380: v\r\nX-H381: v\r\nX-H382: v\r\nX-H383: v\r\nX-H384: v\r\nX-H385: v\r\nX-H386: v\r\nX-H387: v\r\nX-H388: v\r\nX-H389: v\r\nX-H390: v\r\nX-H391: v\r\nX-H392: v\r\nX-H393: v\r\nX-H394: v\r\nX-H395: v\r\nX-H396: v\r\nX-H397: v\r\nX-H398: v\r\nX-H399: v\r\nX-H400: v\r\nX-H401: v\r\nX-H402: v\r\nX-H403: v\r\nX-H404: v\r\nX-H405: v\r\nX-H406: v\r\nX-H407: v\r\nX-H408: v\r\nX-H409: v\r\nX-H410: v\r\nX-H411: v\r\nX-H412: v\r\nX-H413: v\r\nX-H414: v\r\nX-H415: v\r\nX-H416: v\r\nX-H417: v\r\nX-H418: v\r\nX-H419: v\r\nX-H420: v\r\nX-H421: v\r\nX-H422: v\r\nX-H423: v\r\nX-H424: v\r\nX-H425: v\r\nX-H426: v\r\nX-H427: v\r\nX-H428: v\r\nX-H429: v\r\nX-H430: v\r\nX-H431: v\r\nX-H432: v\r\nX-H433: v\r\nX-H434: v\r\nX-H435: v\r\nX-H436: v\r\nX-H437: v\r\nX-H438: v\r\nX-H439: v\r\nX-H440: v\r\nX-H441: v\r\nX-H442: v\r\nX-H443: v\r\nX-H444: v\r\nX-H445: v\r\nX-H446: v\r\nX-H447: v\r\nX-H448: v\r\nX-H449: v\r\nX-H450: v\r\nX-H451: v\r\nX-H452: v\r\nX-H453: v\r\nX-H454: v\r\nX-H455: v\r\nX-H456: v\r\nX-H457: v\r\nX-H458: v\r\nX-H459: v\r\nX-H460: v\r\nX-H461: v\r\nX-H462: v\r\nX-H463: v\r\nX-H464: v\r\nX-H465: v\r\nX-H466: v\r\nX-H467: v\r\nX-H468: v\r\nX-H469: v\r\nX-H470: v\r\nX-H471: v\r\nX-H472: v\r\nX-H473: v\r\nX-H474: v\r\nX-H475: v\r\nX-H476: v\r\nX-H477: v\r\nX-H478: v\r\nX-H479: v\r\nX-H480: v\r\nX-H481: v\r\nX-H482: v\r\nX-H483: v\r\nX-H484: v\r\nX-H485: v\r\nX-H486: v\r\nX-H487: v\r\nX-H488: v\r\nX-H489: v\r\nX-H490: v\r\nX-H491: v\r\nX-H492: v\r\nX-H493: v\r\nX-H494: v\r\nX-H495: v\r\nX-H496: v\r\nX-H497: v\r\nX-H498: v\r\nX-H499: v\r\nX-H500: v\r\nX-H501: v\r\nX-H502: v\r\nX-H503: v\r\nX-H504: v\r\nX-H505: v\r\nX-H506: v\r\nX-H507: v\r\nX-H508: v\r\nX-H509: v\r\nX-H510: v\r\nX-H511: v\r\nX-H512: v\r\nX-H513: v\r\nX-H514: v\r\nX-H515: v\r\nX-H516: v\r\nX-H517: v\r\nX-H518: v\r\nX-H519: v\r\nX-H520: v\r\nX-H521: v\r\nX-H522: v\r\nX-H523: v\r\nX-H524: v\r\nX-H525: v\r\nX-H526: v\r\nX-H527: v\r\nX-H528: v\r\nX-H529: v\r\nX-H530: v\r\nX-H531: v\r\nX-H532: v\r\nX-H533: v\r\nX-H534: v\r\nX-H535: v\r\nX-H536: v\r\nX-H537: v\r\nX-H538: v\r\nX-H539: v\r\nX-H540: v\r\nX-H541: v\r\nX-H542: v\r\nX-H543: v\r\nX-H544: v\r\nX-H545: v\r\nX-H546: v\r\nX-H547: v\r\nX-H548: v\r\nX-H549: v\r\nX-H550: v\r\nX-H551: v\r\nX-H552: v\r\nX-H553: v\r\nX-H554: v\r\nX-H555: v\r\nX-H556: v\r\nX-H557: v\r\nX-H558: v\r\nX-H559: v\r\nX-H560: v\r\nX-H561: v\r\nX-H562: v\r\nX-H563: v\r\nX-H564: v\r\nX-H565: v\r\nX-H566: v\r\nX-H567: v\r\nX-H568: v\r\nX-H569: v\r\nX-H570: v\r\nX-H571: v\r\nX-H572: v\r\nX-H573: v\r\nX-H574: v\r\nX-H575: v\r\nX-H576: v\r\nX-H577: v\r\nX-H578: v\r\nX-H579: v\r\nX-H580: v\r\nX-H581: v\r\nX-H582: v\r\nX-H583: v\r\nX-H584: v\r\nX-H585: v\r\nX-H586: v\r\nX-H587: v\r\nX-H588: v\r\nX-H589: v\r\nX-H590: v\r\nX-H591: v\r\nX-H592: v\r\nX-H593: v\r\nX-H594: v\r\nX-H595: v\r\nX-H596: v\r\nX-H597: v\r\nX-H598: v\r\nX-H599: v\r\nX-H600: v\r\nX-H601: v\r\nX-H602: v\r\nX-H603: v\r\nX-H604: v\r\nX-H605: v\r\nX-H606: v\r\nX-H607: v\r\nX-H608: v\r\nX-H609: v\r\nX-H610: v\r\nX-H611: v\r\nX-H612: v\r\nX-H613: v\r\nX-H614: v\r\nX-H615: v\r\nX-H616: v\r\nX-H617: v\r\nX-H618: v\r\nX-H619: v\r\nX-H620: v\r\nX-H621: v\r\nX-H622: v\r\nX-H623: v\r\nX-H624: v\r\nX-H625: v\r\nX-H626: v\r\nX-H627: v\r\nX-H628: v\r\nX-H629: v\r\nX-H630: v\r\nX-H631: v\r\nX-H632: v\r\nX-H633: v\r\nX-H634: v\r\nX-H635: v\r\nX-H636: v\r\nX-H637: v\r\nX-H638: v\r\nX-H639: v\r\nX-H640: v\r\nX-H641: v\r\nX-H642: v\r\nX-H643: v\r\nX-H644: v\r\nX-H645: v\r\nX-H646: v\r\nX-H647: v\r\nX-H648: v\r\nX-H649: v\r\nX-H650: v\r\nX-H651: v\r\nX-H652: v\r\nX-H653: v\r\nX-H654: v\r\nX-H655: v\r\nX-H656: v\r\nX-H657: v\r\nX-H658: v\r\nX-H659: v\r\nX-H660: v\r\nX-H661: v\r\nX-H662: v\r\nX-H663: v\r\nX-H664: v\r\nX-H665: v\r\nX-H666: v\r\nX-H667: v\r\nX-H668: v\r\nX-H669: v\r\nX-H670: v\r\nX-H671: v\r\nX-H672: v\r\nX-H673: v\r\nX-H674: v\r\nX-H675: v\r\nX-H676: v\r\nX-H677: v\r\nX-H678: v\r\nX-H679: v\r\nX-H680: v\r\nX-H681: v\r\nX-H682: v\r\nX-H683: v\r\nX-H684: v\r\nX-H685: v\r\nX-H686: v\r\nX-H687: v\r\nX-H688: v\r\nX-H689: v\r\nX-H690: v\r\nX-H691: v\r\nX-H692: v\r\nX-H693: v\r\nX-H694: v\r\nX-H695: v\r\nX-H696: v\r\nX-H697: v\r\nX-H698: v\r\nX-H699: v\r\nX-H700: v\r\nX-H701: v\r\nX-H702: v\r\nX-H703: v\r\nX-H704: v\r\nX-H705: v\r\nX-H706: v\r\nX-H707: v\r\nX-H708: v\r\nX-H709: v\r\nX-H710: v\r\nX-H711: v\r\nX-H712: v\r\nX-H713: v\r\nX-H714: v\r\nX-H715: v\r\nX-H716: v\r\nX-H717: v\r\nX-H718: v\r\nX-H719: v\r\nX-H720: v\r\nX-H721: v\r\nX-H722: v\r\nX-H723: v\r\nX-H724: v\r\nX-H725: v\r\nX-H726: v\r\nX-H727: v\r\nX-H728: v\r\nX-H729: v\r\nX-H730: v\r\nX-H731: v\r\nX-H732: v\r\nX-H733: v\r\nX-H734: v\r\nX-H735: v\r\nX-H736: v\r\nX-H737: v\r\nX-H738: v\r\nX-H739: v\r\nX-H740: v\r\nX-H741: v\r\nX-H742: v\r\nX-H743: v\r\nX-H744: v\r\nX-H745: v\r\nX-H746: v\r\nX-H747: v\r\nX-H748: v\r\nX-H749: v\r\nX-H750: v\r\nX-H751: v\r\nX-H752: v\r\nX-H753: v\r\nX-H754: v\r\nX-H755: v\r\nX-H756: v\r\nX-H757: v\r\nX-H758: v\r\nX-H759: v\r\nX-H760: v\r\nX-H761: v\r\nX-H762: v\r\nX-H763: v\r\nX-H764: v\r\nX-H765: v\r\nX-H766: v\r\nX-H767: v\r\nX-H768: v\r\nX-H769: v\r\nX-H770: v\r\nX-H771: v\r\nX-H772: v\r\nX-H773: v\r\nX-H774: v\r\nX-H775: v\r\nX-H776: v\r\nX-H777: v\r\nX-H778: v\r\nX-H779: v\r\nX-H780: v\r\nX-H781: v\r\nX-H782: v\r\nX-H783: v\r\nX-H784: v\r\nX-H785: v\r\nX-H786: v\r\nX-H787: v\r\nX-H788: v\r\nX-H789: v\r\nX-H790: v\r\nX-H791: v\r\nX-H792: v\r\nX-H793: v\r\nX-H794: v\r\nX-H795: v\r\nX-H796: v\r\nX-H797: v\r\nX-H798: v\r\nX-H799: v\r\nX-H800: v\r\nX-H801: v\r\nX-H802: v\r\nX-H803: v\r\nX-H804: v\r\nX-H805: v\r\nX-H806: v\r\nX-H807: v\r\nX-H808: v\r\nX-H809: v\r\nX-H810: v\r\nX-H811: v\r\nX-H812: v\r\nX-H813: v\r\nX-H814: v\r\nX-H815: v\r\nX-H816: v\r\nX-H817: v\r\nX-H818: v\r\nX-H819: v\r\nX-H820: v\r\nX-H821: v\r\nX-H822: v\r\nX-H823: v\r\nX-H824: v\r\nX-H825: v\r\nX-H826: v\r\nX-H827: v\r\nX-H828: v\r\nX-H829: v\r\nX-H830: v\r\nX-H831: v\r\nX-H832: v\r\nX-H833: v\r\nX-H834: v\r\nX-H835: v\r\nX-H836: v\r\nX-H837: v\r\nX-H838: v\r\nX-H839: v\r\nX-H840: v\r\nX-H841: v\r\nX-H842: v\r\nX-H843: v\r\nX-H844: v\r\nX-H845: v\r\nX-H846: v\r\nX-H847: v\r\nX-H848: v\r\nX-H849: v\r\nX-H850: v\r\nX-H851: v\r\nX-H852: v\r\nX-H853: v\r\nX-H854: v\r\nX-H855: v\r\nX-H856: v\r\nX-H857: v\r\nX-H858: v\r\nX-H859: v\r\nX-H860: v\r\nX-H861: v\r\nX-H862: v\r\nX-H863: v\r\nX-H864: v\r\nX-H865: v\r\nX-H866: v\r\nX-H867: v\r\nX-H868: v\r\nX-H869: v\r\nX-H870: v\r\nX-H871: v\r\nX-H872: v\r\nX-H873: v\r\nX-H874: v\r\nX-H875: v\r\nX-H876: v\r\nX-H877: v\r\nX-H878: v\r\nX-H879: v\r\nX-H880: v\r\nX-H881: v\r\nX-H882: v\r\nX-H883: v\r\nX-H884: v\r\nX-H885: v\r\nX-H886: v\r\nX-H887: v\r\nX-H888: v\r\nX-H889: v\r\nX-H890: v\r\nX-H891: v\r\nX-H892: v\r\nX-H893: v\r\nX-H894: v\r\nX-H895: v\r\nX-H896: v\r\nX-H897: v\r\nX-H898: v\r\nX-H899: v\r\nX-H900: v\r\nX-H901: v\r\nX-H902: v\r\nX-H903: v\r\nX-H904: v\r\nX-H905: v\r\nX-H906: v\r\nX-H907: v\r\nX-H908: v\r\nX-H909: v\r\nX-H910: v\r\nX-H911: v\r\nX-H912: v\r\nX-H913: v\r\nX-H914: v\r\nX-H915: v\r\nX-H916: v\r\nX-H917: v\r\nX-H918: v\r\nX-H919: v\r\nX-H920: v\r\nX-H921: v\r\nX-H922: v\r\nX-H923: v\r\nX-H924: v\r\nX-H925: v\r\nX-H926: v\r\nX-H927: v\r\nX-H928: v\r\nX-H929: v\r\nX-H930: v\r\nX-H931: v\r\nX-H932: v\r\nX-H933: v\r\nX-H934: v\r\nX-H935: v\r\nX-H936: v\r\nX-H937: v\r\nX-H938: v\r\nX-H939: v\r\nX-H940: v\r\nX-H941: v\r\nX-H942: v\r\nX-H943: v\r\nX-H944: v\r\nX-H945: v\r\nX-H946: v\r\nX-H947: v\r\nX-H948: v\r\nX-H949: v\r\nX-H950: v\r\nX-H951: v\r\nX-H952: v\r\nX-H953: v\r\nX-H954: v\r\nX-H955: v\r\nX-H956: v\r\nX-H957: v\r\nX-H958: v\r\nX-H959: v\r\nX-H960: v\r\nX-H961: v\r\nX-H962: v\r\nX-H963: v\r\nX-H964: v\r\nX-H965: v\r\nX-H966: v\r\nX-H967: v\r\nX-H968: v\r\nX-H969: v\r\nX-H970: v\r\nX-H971: v\r\nX-H972: v\r\nX-H973: v\r\nX-H974: v\r\nX-H975: v\r\nX-H976: v\r\nX-H977: v\r\nX-H978: v\r\nX-H979: v\r\nX-H980: v\r\nX-H981: v\r\nX-H982: v\r\nX-H983: v\r\nX-H984: v\r\nX-H985: v\r\nX-H986: v\r\nX-H987: v\r\nX-H988: v\r\nX-H989: v\r\nX-H990: v\r\nX-H991: v\r\nX-H992: v\r\nX-H993: v\r\nX-H994: v\r\nX-H995: v\r\nX-H996: v\r\nX-H997: v\r\nConnection: close\r\n\r\n
--- grep_error_log
client sent too many header lines[^\n]*

=== TEST 48: the 1001st header line is too many
--- config
    location / { return 200 "ok\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: a\r\nX-H0: v\r\nX-H1: v\r\nX-H2: v\r\nX-H3: v\r\nX-H4: v\r\nX-H5: v\r\nX-H6: v\r\nX-H7: v\r\nX-H8: v\r\nX-H9: v\r\nX-H10: v\r\nX-H11: v\r\nX-H12: v\r\nX-H13: v\r\nX-H14: v\r\nX-H15: v\r\nX-H16: v\r\nX-H17: v\r\nX-H18: v\r\nX-H19: v\r\nX-H20: v\r\nX-H21: v\r\nX-H22: v\r\nX-H23: v\r\nX-H24: v\r\nX-H25: v\r\nX-H26: v\r\nX-H27: v\r\nX-H28: v\r\nX-H29: v\r\nX-H30: v\r\nX-H31: v\r\nX-H32: v\r\nX-H33: v\r\nX-H34: v\r\nX-H35: v\r\nX-H36: v\r\nX-H37: v\r\nX-H38: v\r\nX-H39: v\r\nX-H40: v\r\nX-H41: v\r\nX-H42: v\r\nX-H43: v\r\nX-H44: v\r\nX-H45: v\r\nX-H46: v\r\nX-H47: v\r\nX-H48: v\r\nX-H49: v\r\nX-H50: v\r\nX-H51: v\r\nX-H52: v\r\nX-H53: v\r\nX-H54: v\r\nX-H55: v\r\nX-H56: v\r\nX-H57: v\r\nX-H58: v\r\nX-H59: v\r\nX-H60: v\r\nX-H61: v\r\nX-H62: v\r\nX-H63: v\r\nX-H64: v\r\nX-H65: v\r\nX-H66: v\r\nX-H67: v\r\nX-H68: v\r\nX-H69: v\r\nX-H70: v\r\nX-H71: v\r\nX-H72: v\r\nX-H73: v\r\nX-H74: v\r\nX-H75: v\r\nX-H76: v\r\nX-H77: v\r\nX-H78: v\r\nX-H79: v\r\nX-H80: v\r\nX-H81: v\r\nX-H82: v\r\nX-H83: v\r\nX-H84: v\r\nX-H85: v\r\nX-H86: v\r\nX-H87: v\r\nX-H88: v\r\nX-H89: v\r\nX-H90: v\r\nX-H91: v\r\nX-H92: v\r\nX-H93: v\r\nX-H94: v\r\nX-H95: v\r\nX-H96: v\r\nX-H97: v\r\nX-H98: v\r\nX-H99: v\r\nX-H100: v\r\nX-H101: v\r\nX-H102: v\r\nX-H103: v\r\nX-H104: v\r\nX-H105: v\r\nX-H106: v\r\nX-H107: v\r\nX-H108: v\r\nX-H109: v\r\nX-H110: v\r\nX-H111: v\r\nX-H112: v\r\nX-H113: v\r\nX-H114: v\r\nX-H115: v\r\nX-H116: v\r\nX-H117: v\r\nX-H118: v\r\nX-H119: v\r\nX-H120: v\r\nX-H121: v\r\nX-H122: v\r\nX-H123: v\r\nX-H124: v\r\nX-H125: v\r\nX-H126: v\r\nX-H127: v\r\nX-H128: v\r\nX-H129: v\r\nX-H130: v\r\nX-H131: v\r\nX-H132: v\r\nX-H133: v\r\nX-H134: v\r\nX-H135: v\r\nX-H136: v\r\nX-H137: v\r\nX-H138: v\r\nX-H139: v\r\nX-H140: v\r\nX-H141: v\r\nX-H142: v\r\nX-H143: v\r\nX-H144: v\r\nX-H145: v\r\nX-H146: v\r\nX-H147: v\r\nX-H148: v\r\nX-H149: v\r\nX-H150: v\r\nX-H151: v\r\nX-H152: v\r\nX-H153: v\r\nX-H154: v\r\nX-H155: v\r\nX-H156: v\r\nX-H157: v\r\nX-H158: v\r\nX-H159: v\r\nX-H160: v\r\nX-H161: v\r\nX-H162: v\r\nX-H163: v\r\nX-H164: v\r\nX-H165: v\r\nX-H166: v\r\nX-H167: v\r\nX-H168: v\r\nX-H169: v\r\nX-H170: v\r\nX-H171: v\r\nX-H172: v\r\nX-H173: v\r\nX-H174: v\r\nX-H175: v\r\nX-H176: v\r\nX-H177: v\r\nX-H178: v\r\nX-H179: v\r\nX-H180: v\r\nX-H181: v\r\nX-H182: v\r\nX-H183: v\r\nX-H184: v\r\nX-H185: v\r\nX-H186: v\r\nX-H187: v\r\nX-H188: v\r\nX-H189: v\r\nX-H190: v\r\nX-H191: v\r\nX-H192: v\r\nX-H193: v\r\nX-H194: v\r\nX-H195: v\r\nX-H196: v\r\nX-H197: v\r\nX-H198: v\r\nX-H199: v\r\nX-H200: v\r\nX-H201: v\r\nX-H202: v\r\nX-H203: v\r\nX-H204: v\r\nX-H205: v\r\nX-H206: v\r\nX-H207: v\r\nX-H208: v\r\nX-H209: v\r\nX-H210: v\r\nX-H211: v\r\nX-H212: v\r\nX-H213: v\r\nX-H214: v\r\nX-H215: v\r\nX-H216: v\r\nX-H217: v\r\nX-H218: v\r\nX-H219: v\r\nX-H220: v\r\nX-H221: v\r\nX-H222: v\r\nX-H223: v\r\nX-H224: v\r\nX-H225: v\r\nX-H226: v\r\nX-H227: v\r\nX-H228: v\r\nX-H229: v\r\nX-H230: v\r\nX-H231: v\r\nX-H232: v\r\nX-H233: v\r\nX-H234: v\r\nX-H235: v\r\nX-H236: v\r\nX-H237: v\r\nX-H238: v\r\nX-H239: v\r\nX-H240: v\r\nX-H241: v\r\nX-H242: v\r\nX-H243: v\r\nX-H244: v\r\nX-H245: v\r\nX-H246: v\r\nX-H247: v\r\nX-H248: v\r\nX-H249: v\r\nX-H250: v\r\nX-H251: v\r\nX-H252: v\r\nX-H253: v\r\nX-H254: v\r\nX-H255: v\r\nX-H256: v\r\nX-H257: v\r\nX-H258: v\r\nX-H259: v\r\nX-H260: v\r\nX-H261: v\r\nX-H262: v\r\nX-H263: v\r\nX-H264: v\r\nX-H265: v\r\nX-H266: v\r\nX-H267: v\r\nX-H268: v\r\nX-H269: v\r\nX-H270: v\r\nX-H271: v\r\nX-H272: v\r\nX-H273: v\r\nX-H274: v\r\nX-H275: v\r\nX-H276: v\r\nX-H277: v\r\nX-H278: v\r\nX-H279: v\r\nX-H280: v\r\nX-H281: v\r\nX-H282: v\r\nX-H283: v\r\nX-H284: v\r\nX-H285: v\r\nX-H286: v\r\nX-H287: v\r\nX-H288: v\r\nX-H289: v\r\nX-H290: v\r\nX-H291: v\r\nX-H292: v\r\nX-H293: v\r\nX-H294: v\r\nX-H295: v\r\nX-H296: v\r\nX-H297: v\r\nX-H298: v\r\nX-H299: v\r\nX-H300: v\r\nX-H301: v\r\nX-H302: v\r\nX-H303: v\r\nX-H304: v\r\nX-H305: v\r\nX-H306: v\r\nX-H307: v\r\nX-H308: v\r\nX-H309: v\r\nX-H310: v\r\nX-H311: v\r\nX-H312: v\r\nX-H313: v\r\nX-H314: v\r\nX-H315: v\r\nX-H316: v\r\nX-H317: v\r\nX-H318: v\r\nX-H319: v\r\nX-H320: v\r\nX-H321: v\r\nX-H322: v\r\nX-H323: v\r\nX-H324: v\r\nX-H325: v\r\nX-H326: v\r\nX-H327: v\r\nX-H328: v\r\nX-H329: v\r\nX-H330: v\r\nX-H331: v\r\nX-H332: v\r\nX-H333: v\r\nX-H334: v\r\nX-H335: v\r\nX-H336: v\r\nX-H337: v\r\nX-H338: v\r\nX-H339: v\r\nX-H340: v\r\nX-H341: v\r\nX-H342: v\r\nX-H343: v\r\nX-H344: v\r\nX-H345: v\r\nX-H346: v\r\nX-H347: v\r\nX-H348: v\r\nX-H349: v\r\nX-H350: v\r\nX-H351: v\r\nX-H352: v\r\nX-H353: v\r\nX-H354: v\r\nX-H355: v\r\nX-H356: v\r\nX-H357: v\r\nX-H358: v\r\nX-H359: v\r\nX-H360: v\r\nX-H361: v\r\nX-H362: v\r\nX-H363: v\r\nX-H364: v\r\nX-H365: v\r\nX-H366: v\r\nX-H367: v\r\nX-H368: v\r\nX-H369: v\r\nX-H370: v\r\nX-H371: v\r\nX-H372: v\r\nX-H373: v\r\nX-H374: v\r\nX-H375: v\r\nX-H376: v\r\nX-H377: v\r\nX-H378: v\r\nX-H379: v\r\nX-H380: v\r\nX-H381: v\r\nX-H382: v\r\nX-H383: v\r\nX-H384: v\r\nX-H385: v\r\nX-H386: v\r\nX-H387: v\r\nX-H388: v\r\nX-H389: v\r\nX-H390: v\r\nX-H391: v\r\nX-H392: v\r\nX-H393: v\r\nX-H394: v\r\nX-H395: v\r\nX-H396: v\r\nX-H397: v\r\nX-H398: v\r\nX-H399: v\r\nX-H400: v\r\nX-H401: v\r\nX-H402: v\r\nX-H403: v\r\nX-H404: v\r\nX-H405: v\r\nX-H406: v\r\nX-H407: v\r\nX-H408: v\r\nX-H409: v\r\nX-H410: v\r\nX-H411: v\r\nX-H412: v\r\nX-H413: v\r\nX-H414: v\r\nX-H415: v\r\nX-H416: v\r\nX-H417: v\r\nX-H418: v\r\nX-H419: v\r\nX-H420: v\r\nX-H421: v\r\nX-H422: v\r\nX-H423: v\r\nX-H424: v\r\nX-H425: v\r\nX-H426: v\r\nX-H427: v\r\nX-H428: v\r\nX-H429: v\r\nX-H430: v\r\nX-H431: v\r\nX-H432: v\r\nX-H433: v\r\nX-H434: v\r\nX-H435: v\r\nX-H436: v\r\nX-H437: v\r\nX-H438: v\r\nX-H439: v\r\nX-H440: v\r\nX-H441: v\r\nX-H442: v\r\nX-H443: v\r\nX-H444: v\r\nX-H445: v\r\nX-H446: v\r\nX-H447: v\r\nX-H448: v\r\nX-H449: v\r\nX-H450: v\r\nX-H451: v\r\nX-H452: v\r\nX-H453: v\r\nX-H454: v\r\nX-H455: v\r\nX-H456: v\r\nX-H457: v\r\nX-H458: v\r\nX-H459: v\r\nX-H460: v\r\nX-H461: v\r\nX-H462: v\r\nX-H463: v\r\nX-H464: v\r\nX-H465: v\r\nX-H466: v\r\nX-H467: v\r\nX-H468: v\r\nX-H469: v\r\nX-H470: v\r\nX-H471: v\r\nX-H472: v\r\nX-H473: v\r\nX-H474: v\r\nX-H475: v\r\nX-H476: v\r\nX-H477: v\r\nX-H478: v\r\nX-H479: v\r\nX-H480: v\r\nX-H481: v\r\nX-H482: v\r\nX-H483: v\r\nX-H484: v\r\nX-H485: v\r\nX-H486: v\r\nX-H487: v\r\nX-H488: v\r\nX-H489: v\r\nX-H490: v\r\nX-H491: v\r\nX-H492: v\r\nX-H493: v\r\nX-H494: v\r\nX-H495: v\r\nX-H496: v\r\nX-H497: v\r\nX-H498: v\r\nX-H499: v\r\nX-H500: v\r\nX-H501: v\r\nX-H502: v\r\nX-H503: v\r\nX-H504: v\r\nX-H505: v\r\nX-H506: v\r\nX-H507: v\r\nX-H508: v\r\nX-H509: v\r\nX-H510: v\r\nX-H511: v\r\nX-H512: v\r\nX-H513: v\r\nX-H514: v\r\nX-H515: v\r\nX-H516: v\r\nX-H517: v\r\nX-H518: v\r\nX-H519: v\r\nX-H520: v\r\nX-H521: v\r\nX-H522: v\r\nX-H523: v\r\nX-H524: v\r\nX-H525: v\r\nX-H526: v\r\nX-H527: v\r\nX-H528: v\r\nX-H529: v\r\nX-H530: v\r\nX-H531: v\r\nX-H532: v\r\nX-H533: v\r\nX-H534: v\r\nX-H535: v\r\nX-H536: v\r\nX-H537: v\r\nX-H538: v\r\nX-H539: v\r\nX-H540: v\r\nX-H541: v\r\nX-H542: v\r\nX-H543: v\r\nX-H544: v\r\nX-H545: v\r\nX-H546: v\r\nX-H547: v\r\nX-H548: v\r\nX-H549: v\r\nX-H550: v\r\nX-H551: v\r\nX-H552: v\r\nX-H553: v\r\nX-H554: v\r\nX-H555: v\r\nX-H556: v\r\nX-H557: v\r\nX-H558: v\r\nX-H559: v\r\nX-H560: v\r\nX-H561: v\r\nX-H562: v\r\nX-H563: v\r\nX-H564: v\r\nX-H565: v\r\nX-H566: v\r\nX-H567: v\r\nX-H568: v\r\nX-H569: v\r\nX-H570: v\r\nX-H571: v\r\nX-H572: v\r\nX-H573: v\r\nX-H574: v\r\nX-H575: v\r\nX-H576: v\r\nX-H577: v\r\nX-H578: v\r\nX-H579: v\r\nX-H580: v\r\nX-H581: v\r\nX-H582: v\r\nX-H583: v\r\nX-H584: v\r\nX-H585: v\r\nX-H586: v\r\nX-H587: v\r\nX-H588: v\r\nX-H589: v\r\nX-H590: v\r\nX-H591: v\r\nX-H592: v\r\nX-H593: v\r\nX-H594: v\r\nX-H595: v\r\nX-H596: v\r\nX-H597: v\r\nX-H598: v\r\nX-H599: v\r\nX-H600: v\r\nX-H601: v\r\nX-H602: v\r\nX-H603: v\r\nX-H604: v\r\nX-H605: v\r\nX-H606: v\r\nX-H607: v\r\nX-H608: v\r\nX-H609: v\r\nX-H610: v\r\nX-H611: v\r\nX-H612: v\r\nX-H613: v\r\nX-H614: v\r\nX-H615: v\r\nX-H616: v\r\nX-H617: v\r\nX-H618: v\r\nX-H619: v\r\nX-H620: v\r\nX-H621: v\r\nX-H622: v\r\nX-H623: v\r\nX-H624: v\r\nX-H625: v\r\nX-H626: v\r\nX-H627: v\r\nX-H628: v\r\nX-H629: v\r\nX-H630: v\r\nX-H631: v\r\nX-H632: v\r\nX-H633: v\r\nX-H634: v\r\nX-H635: v\r\nX-H636: v\r\nX-H637: v\r\nX-H638: v\r\nX-H639: v\r\nX-H640: v\r\nX-H641: v\r\nX-H642: v\r\nX-H643: v\r\nX-H644: v\r\nX-H645: v\r\nX-H646: v\r\nX-H647: v\r\nX-H648: v\r\nX-H649: v\r\nX-H650: v\r\nX-H651: v\r\nX-H652: v\r\nX-H653: v\r\nX-H654: v\r\nX-H655: v\r\nX-H656: v\r\nX-H657: v\r\nX-H658: v\r\nX-H659: v\r\nX-H660: v\r\nX-H661: v\r\nX-H662: v\r\nX-H663: v\r\nX-H664: v\r\nX-H665: v\r\nX-H666: v\r\nX-H667: v\r\nX-H668: v\r\nX-H669: v\r\nX-H670: v\r\nX-H671: v\r\nX-H672: v\r\nX-H673: v\r\nX-H674: v\r\nX-H675: v\r\nX-H676: v\r\nX-H677: v\r\nX-H678: v\r\nX-H679: v\r\nX-H680: v\r\nX-H681: v\r\nX-H682: v\r\nX-H683: v\r\nX-H684: v\r\nX-H685: v\r\nX-H686: v\r\nX-H687: v\r\nX-H688: v\r\nX-H689: v\r\nX-H690: v\r\nX-H691: v\r\nX-H692: v\r\nX-H693: v\r\nX-H694: v\r\nX-H695: v\r\nX-H696: v\r\nX-H697: v\r\nX-H698: v\r\nX-H699: v\r\nX-H700: v\r\nX-H701: v\r\nX-H702: v\r\nX-H703: v\r\nX-H704: v\r\nX-H705: v\r\nX-H706: v\r\nX-H707: v\r\nX-H708: v\r\nX-H709: v\r\nX-H710: v\r\nX-H711: v\r\nX-H712: v\r\nX-H713: v\r\nX-H714: v\r\nX-H715: v\r\nX-H716: v\r\nX-H717: v\r\nX-H718: v\r\nX-H719: v\r\nX-H720: v\r\nX-H721: v\r\nX-H722: v\r\nX-H723: v\r\nX-H724: v\r\nX-H725: v\r\nX-H726: v\r\nX-H727: v\r\nX-H728: v\r\nX-H729: v\r\nX-H730: v\r\nX-H731: v\r\nX-H732: v\r\nX-H733: v\r\nX-H734: v\r\nX-H735: v\r\nX-H736: v\r\nX-H737: v\r\nX-H738: v\r\nX-H739: v\r\nX-H740: v\r\nX-H741: v\r\nX-H742: v\r\nX-H743: v\r\nX-H744: v\r\nX-H745: v\r\nX-H746: v\r\nX-H747: v\r\nX-H748: v\r\nX-H749: v\r\nX-H750: v\r\nX-H751: v\r\nX-H752: v\r\nX-H753: v\r\nX-H754: v\r\nX-H755: v\r\nX-H756: v\r\nX-H757: v\r\nX-H758: v\r\nX-H759: v\r\nX-H760: v\r\nX-H761: v\r\nX-H762: v\r\nX-H763: v\r\nX-H764: v\r\nX-H765: v\r\nX-H766: v\r\nX-H767: v\r\nX-H768: v\r\nX-H769: v\r\nX-H770: v\r\nX-H771: v\r\nX-H772: v\r\nX-H773: v\r\nX-H774: v\r\nX-H775: v\r\nX-H776: v\r\nX-H777: v\r\nX-H778: v\r\nX-H779: v\r\nX-H780: v\r\nX-H781: v\r\nX-H782: v\r\nX-H783: v\r\nX-H784: v\r\nX-H785: v\r\nX-H786: v\r\nX-H787: v\r\nX-H788: v\r\nX-H789: v\r\nX-H790: v\r\nX-H791: v\r\nX-H792: v\r\nX-H793: v\r\nX-H794: v\r\nX-H795: v\r\nX-H796: v\r\nX-H797: v\r\nX-H798: v\r\nX-H799: v\r\nX-H800: v\r\nX-H801: v\r\nX-H802: v\r\nX-H803: v\r\nX-H804: v\r\nX-H805: v\r\nX-H806: v\r\nX-H807: v\r\nX-H808: v\r\nX-H809: v\r\nX-H810: v\r\nX-H811: v\r\nX-H812: v\r\nX-H813: v\r\nX-H814: v\r\nX-H815: v\r\nX-H816: v\r\nX-H817: v\r\nX-H818: v\r\nX-H819: v\r\nX-H820: v\r\nX-H821: v\r\nX-H822: v\r\nX-H823: v\r\nX-H824: v\r\nX-H825: v\r\nX-H826: v\r\nX-H827: v\r\nX-H828: v\r\nX-H829: v\r\nX-H830: v\r\nX-H831: v\r\nX-H832: v\r\nX-H833: v\r\nX-H834: v\r\nX-H835: v\r\nX-H836: v\r\nX-H837: v\r\nX-H838: v\r\nX-H839: v\r\nX-H840: v\r\nX-H841: v\r\nX-H842: v\r\nX-H843: v\r\nX-H844: v\r\nX-H845: v\r\nX-H846: v\r\nX-H847: v\r\nX-H848: v\r\nX-H849: v\r\nX-H850: v\r\nX-H851: v\r\nX-H852: v\r\nX-H853: v\r\nX-H854: v\r\nX-H855: v\r\nX-H856: v\r\nX-H857: v\r\nX-H858: v\r\nX-H859: v\r\nX-H860: v\r\nX-H861: v\r\nX-H862: v\r\nX-H863: v\r\nX-H864: v\r\nX-H865: v\r\nX-H866: v\r\nX-H867: v\r\nX-H868: v\r\nX-H869: v\r\nX-H870: v\r\nX-H871: v\r\nX-H872: v\r\nX-H873: v\r\nX-H874: v\r\nX-H875: v\r\nX-H876: v\r\nX-H877: v\r\nX-H878: v\r\nX-H879: v\r\nX-H880: v\r\nX-H881: v\r\nX-H882: v\r\nX-H883: v\r\nX-H884: v\r\nX-H885: v\r\nX-H886: v\r\nX-H887: v\r\nX-H888: v\r\nX-H889: v\r\nX-H890: v\r\nX-H891: v\r\nX-H892: v\r\nX-H893: v\r\nX-H894: v\r\nX-H895: v\r\nX-H896: v\r\nX-H897: v\r\nX-H898: v\r\nX-H899: v\r\nX-H900: v\r\nX-H901: v\r\nX-H902: v\r\nX-H903: v\r\nX-H904: v\r\nX-H905: v\r\nX-H906: v\r\nX-H907: v\r\nX-H908: v\r\nX-H909: v\r\nX-H910: v\r\nX-H911: v\r\nX-H912: v\r\nX-H913: v\r\nX-H914: v\r\nX-H915: v\r\nX-H916: v\r\nX-H917: v\r\nX-H918: v\r\nX-H919: v\r\nX-H920: v\r\nX-H921: v\r\nX-H922: v\r\nX-H923: v\r\nX-H924: v\r\nX-H925: v\r\nX-H926: v\r\nX-H927: v\r\nX-H928: v\r\nX-H929: v\r\nX-H930: v\r\nX-H931: v\r\nX-H932: v\r\nX-H933: v\r\nX-H934: v\r\nX-H935: v\r\nX-H936: v\r\nX-H937: v\r\nX-H938: v\r\nX-H939: v\r\nX-H940: v\r\nX-H941: v\r\nX-H942: v\r\nX-H943: v\r\nX-H944: v\r\nX-H945: v\r\nX-H946: v\r\nX-H947: v\r\nX-H948: v\r\nX-H949: v\r\nX-H950: v\r\nX-H951: v\r\nX-H952: v\r\nX-H953: v\r\nX-H954: v\r\nX-H955: v\r\nX-H956: v\r\nX-H957: v\r\nX-H958: v\r\nX-H959: v\r\nX-H960: v\r\nX-H961: v\r\nX-H962: v\r\nX-H963: v\r\nX-H964: v\r\nX-H965: v\r\nX-H966: v\r\nX-H967: v\r\nX-H968: v\r\nX-H969: v\r\nX-H970: v\r\nX-H971: v\r\nX-H972: v\r\nX-H973: v\r\nX-H974: v\r\nX-H975: v\r\nX-H976: v\r\nX-H977: v\r\nX-H978: v\r\nX-H979: v\r\nX-H980: v\r\nX-H981: v\r\nX-H982: v\r\nX-H983: v\r\nX-H984: v\r\nX-H985: v\r\nX-H986: v\r\nX-H987: v\r\nX-H988: v\r\nX-H989: v\r\nX-H990: v\r\nX-H991: v\r\nX-H992: v\r\nX-H993: v\r\nX-H994: v\r\nX-H995: v\r\nX-H996: v\r\nX-H997: v\r\nX-H998: v\r\nConnection: close\r\n\r\n
--- grep_error_log
client sent too many header lines[^\n]*
