//! `require "resty.upload"` with no copy on lua_package_path: restyc's bundled resty.upload.
//! Debian does not ship lua-resty-upload, so the expected answers were recorded once from
//! nginx 1.22.1 + lua-nginx-module 0.10.23 running the upstream lua-resty-upload 0.11
//! (lib/resty/upload.lua, `_VERSION = '0.11'`) on this config and these requests.
//!
//! To record them again: put upstream's upload.lua at `DIR/resty/upload.lua` and run this test
//! with `RESTYC_UPLOAD_REFERENCE=DIR`; it then serves the config with nginx instead and prints
//! the answers.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{NGINX_LUA_MODULES, free_port, nginx, restyc_run};

fn config(port: u16, lua_path: &str) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        location /up {{
            content_by_lua_block {{
                local upload = require "resty.upload"
                local keep = ngx.var.arg_keep == "1"
                local form, err = upload:new(tonumber(ngx.var.arg_chunk), tonumber(ngx.var.arg_line), keep)
                if not form then
                    ngx.say("new: ", err)
                    return
                end
                ngx.say("timeout: ", form:set_timeout(1000))
                for i = 1, 60 do
                    local typ, res, err = form:read()
                    if not typ then
                        ngx.say("error: ", err, " ", tostring(res))
                        break
                    end
                    if type(res) == "table" then
                        res = "{{" .. table.concat(res, "|") .. "}}"
                    end
                    ngx.say(typ, " [", tostring(res), "]")
                    if typ == "eof" then
                        ngx.say("again: ", form:read())
                        break
                    end
                end
                if keep then
                    ngx.say("kept: [", tostring(ngx.req.get_body_data()), "]")
                end
            }}
        }}
        location /read_first {{
            content_by_lua_block {{
                ngx.req.read_body()
                local upload = require "resty.upload"
                ngx.say(upload:new())
            }}
        }}
        location /uninit {{
            content_by_lua_block {{
                local upload = require "resty.upload"
                local form = setmetatable({{ state = 1 }}, {{ __index = upload }})
                ngx.say(form:set_timeout(10))
                ngx.say(form:read())
                form.state = 7
                ngx.say(form:read())
                ngx.say(upload._VERSION)
            }}
        }}
    }}
}}
"##
    )
}

const FORM: &str = "preamble text\r\n--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nhello world\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type:   text/plain\r\nnocolon\r\n\r\nline1\r\nline2 --Xy not the boundary\r\n--XyZ--\r\nepilogue";

/// (path, Content-Type, body) of each request.
fn requests() -> Vec<(&'static str, Option<&'static str>, String)> {
    let mp = Some("multipart/form-data; boundary=XyZ");
    vec![
        ("/up?chunk=5", mp, FORM.into()),
        ("/up", mp, FORM.into()),
        (
            "/up",
            Some("multipart/form-data; boundary=\"a b;c\"; charset=x"),
            "--a b;c\r\nX-A: 1\r\n\r\nbody\r\n--a b;c--".into(),
        ),
        (
            "/up",
            Some("multipart/form-data;boundary=qq,x"),
            "--qq\r\n\r\n\r\n--qq--\r\n".into(),
        ),
        ("/up", None, FORM.into()),
        ("/up", Some("multipart/form-data"), FORM.into()),
        ("/up", Some("text/plain; boundary="), FORM.into()),
        ("/up?line=20", mp, FORM.into()),
        ("/up?line=40", mp, FORM.into()),
        (
            "/up?chunk=4",
            mp,
            "--XyZ\r\nA: b\r\n\r\nunfinished body".into(),
        ),
        ("/up", mp, "--XyZ\r\nA: b".into()),
        ("/up", mp, String::new()),
        ("/up", mp, "no delimiter at all".into()),
        (
            "/up",
            mp,
            "--XyZjunk\r\nA: b\r\n\r\nx\r\n--XyZ trailing\r\nB: c\r\n\r\ny\r\n--XyZ--".into(),
        ),
        // (the body buffer is chunk_size long: big enough to stay in memory)
        ("/up?keep=1&chunk=8192", mp, FORM.into()),
        (
            "/up?keep=1&chunk=8192",
            mp,
            "--XyZ\r\nA: b\r\n\r\nxyz\r\n--XyZ--\r\n".into(),
        ),
        ("/up?keep=1&chunk=8192&line=10", mp, FORM.into()),
        ("/read_first", mp, FORM.into()),
        ("/uninit", None, String::new()),
    ]
}

/// One POST with `Connection: close`: status line and body.
fn post(port: u16, path: &str, ctype: Option<&str>, body: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let ct = ctype
        .map(|c| format!("Content-Type: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{ct}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.lines().next().unwrap_or("").to_string();
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    // HTTP/1.1 answers are chunked: keep the chunks' data only.
    format!("{status}\n{}", dechunk(body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            return s.to_string();
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn answers(port: u16) -> String {
    requests()
        .iter()
        .map(|(p, ct, body)| format!("== POST {p}\n{}", post(port, p, *ct, body)))
        .collect()
}

/// What nginx answered with lua-resty-upload 0.11.
const EXPECTED: &str = "== POST /up?chunk=5
HTTP/1.1 200 OK
timeout: 
header [{Content-Disposition|form-data; name=\"field\"|Content-Disposition: form-data; name=\"field\"}]
body [hello]
body [ worl]
body [d]
part_end [nil]
header [{Content-Disposition|form-data; name=\"file\"; filename=\"a.txt\"|Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"}]
header [{Content-Type|text/plain|Content-Type:   text/plain}]
header [nocolon]
body [line1]
body [\r
lin]
body [e2 --]
body [Xy no]
body [t the]
body [ boun]
body [dary]
part_end [nil]
eof [nil]
again: eofnil
== POST /up
HTTP/1.1 200 OK
timeout: 
header [{Content-Disposition|form-data; name=\"field\"|Content-Disposition: form-data; name=\"field\"}]
body [hello world]
part_end [nil]
header [{Content-Disposition|form-data; name=\"file\"; filename=\"a.txt\"|Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"}]
header [{Content-Type|text/plain|Content-Type:   text/plain}]
header [nocolon]
body [line1\r
line2 --Xy not the boundary]
part_end [nil]
eof [nil]
again: eofnil
== POST /up
HTTP/1.1 200 OK
timeout: 
header [{X-A|1|X-A: 1}]
body [body]
part_end [nil]
eof [nil]
again: eofnil
== POST /up
HTTP/1.1 200 OK
timeout: 
body []
part_end [nil]
eof [nil]
again: eofnil
== POST /up
HTTP/1.1 200 OK
new: no boundary defined in Content-Type
== POST /up
HTTP/1.1 200 OK
new: no boundary defined in Content-Type
== POST /up
HTTP/1.1 200 OK
new: no boundary defined in Content-Type
== POST /up?line=20
HTTP/1.1 200 OK
timeout: 
error: line too long: Content-Disposition: ... nil
== POST /up?line=40
HTTP/1.1 200 OK
timeout: 
error: line too long: Content-Disposition: form-data; name=\"fie... nil
== POST /up?chunk=4
HTTP/1.1 200 OK
timeout: 
header [{A|b|A: b}]
body [unfi]
body [nish]
body [ed b]
error: closed nil
== POST /up
HTTP/1.1 200 OK
timeout: 
error: closed nil
== POST /up
HTTP/1.1 200 OK
new: no body
== POST /up
HTTP/1.1 200 OK
timeout: 
error: closed nil
== POST /up
HTTP/1.1 200 OK
timeout: 
header [{A|b|A: b}]
body [x]
part_end [nil]
header [{B|c|B: c}]
body [y]
part_end [nil]
eof [nil]
again: eofnil
== POST /up?keep=1&chunk=8192
HTTP/1.1 200 OK
timeout: 
header [{Content-Disposition|form-data; name=\"field\"|Content-Disposition: form-data; name=\"field\"}]
body [hello world]
part_end [nil]
header [{Content-Disposition|form-data; name=\"file\"; filename=\"a.txt\"|Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"}]
header [{Content-Type|text/plain|Content-Type:   text/plain}]
header [nocolon]
body [line1\r
line2 --Xy not the boundary]
part_end [nil]
eof [nil]
again: eofnil
kept: [preamble text\r
--XyZ\r
Content-Disposition: form-data; name=\"field\"\r
\r
hello world\r
--XyZ\r
Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r
Content-Type:   text/plain\r
nocolon\r
\r
line1\r
line2 --Xy not the boundary\r
--XyZ--\r
epilogue]
== POST /up?keep=1&chunk=8192
HTTP/1.1 200 OK
timeout: 
header [{A|b|A: b}]
body [xyz]
part_end [nil]
eof [nil]
again: eofnil
kept: [--XyZ\r
A: b\r
\r
xyz\r
--XyZ--\r
]
== POST /up?keep=1&chunk=8192&line=10
HTTP/1.1 200 OK
timeout: 
error: line too long: Content-Dis... nil
kept: [preamble text\r
--XyZ\r
Content-Dis]
== POST /read_first
HTTP/1.1 200 OK
nilrequest body already exists
== POST /uninit
HTTP/1.1 200 OK
nilnot initialized
nilnilnot initialized
nilnilbad state: 7
0.11
";

#[test]
fn bundled_resty_upload_answers_as_lua_resty_upload() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    let port = free_port();
    if let Ok(reference) = std::env::var("RESTYC_UPLOAD_REFERENCE") {
        let lua_path = format!("lua_package_path \"{reference}/?.lua;;\";");
        let conf = format!(
            "{NGINX_LUA_MODULES}master_process off;\npid logs/nginx.pid;\n{}",
            config(port, &lua_path)
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let _nginx = nginx(dir.path(), port);
        println!("{}", answers(port));
        return;
    }
    std::fs::write(dir.path().join("nginx.conf"), config(port, "")).unwrap();
    let _server = restyc_run(dir.path(), port);
    let got = answers(port);
    assert_eq!(got, EXPECTED);
}
