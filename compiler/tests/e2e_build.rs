//! End to end, as a user outside the repository: copy an example to a temporary directory, run
//! `restyc build nginx.conf -o server` there, delete the sources, and check that the static
//! binary answers as real nginx + lua module answers the same configuration.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Killed, free_port, wait_port};

const NGINX_LUA: &str = "/usr/lib/nginx/modules/ngx_http_lua_module.so";

/// One request with `Connection: close`; the response with the Date header removed.
fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out)
        .lines()
        .filter(|l| !l.starts_with("Date:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// True when the ELF file has no program interpreter (static or static-pie).
fn is_static_elf(path: &Path) -> bool {
    let b = std::fs::read(path).expect("read binary");
    assert_eq!(&b[..4], b"\x7fELF", "not an ELF file");
    let phoff = u64::from_le_bytes(b[0x20..0x28].try_into().unwrap()) as usize;
    let phentsize = u16::from_le_bytes(b[0x36..0x38].try_into().unwrap()) as usize;
    let phnum = u16::from_le_bytes(b[0x38..0x3a].try_into().unwrap()) as usize;
    (0..phnum).all(|i| {
        let off = phoff + i * phentsize;
        u32::from_le_bytes(b[off..off + 4].try_into().unwrap()) != 3 // PT_INTERP
    })
}

/// `restyc build nginx.conf -o OUT` in `dir`, as a user runs it there.
fn restyc_build(dir: &Path, out: &str) {
    let run = Command::new(env!("CARGO_BIN_EXE_restyc"))
        .args(["build", "nginx.conf", "-o", out])
        .current_dir(dir)
        .output()
        .expect("run restyc");
    assert!(
        run.status.success(),
        "restyc build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn build_hello_outside_the_repository() {
    assert!(
        Path::new(NGINX_LUA).exists(),
        "this test compares with real nginx + lua module: run `cargo xtask deps` (Debian: nginx libnginx-mod-http-lua)"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let tmp = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let conf = std::fs::read_to_string(root.join("examples/hello/nginx.conf"))
        .expect("example")
        .replace("listen       8080;", &format!("listen       {port};"));
    std::fs::write(tmp.path().join("nginx.conf"), &conf).unwrap();

    restyc_build(tmp.path(), "server");
    let server = tmp.path().join("server");
    assert!(
        is_static_elf(&server),
        "the server binary must be statically linked"
    );

    // Expected answers: real nginx on the same config.
    let ngx_prefix = tmp.path().join("nginx");
    std::fs::create_dir_all(ngx_prefix.join("logs")).unwrap();
    let ngx_conf = format!(
        // One process: the SIGKILL that stops it must not leave workers behind.
        "load_module /usr/lib/nginx/modules/ndk_http_module.so;\nload_module {NGINX_LUA};\nmaster_process off;\npid logs/nginx.pid;\n{}",
        conf.replace(
            "include       mime.types;",
            "include /etc/nginx/mime.types;"
        )
    );
    std::fs::write(ngx_prefix.join("nginx.conf"), ngx_conf).unwrap();
    let expected: Vec<String> = {
        let _nginx = Killed(
            Command::new("nginx")
                .args([
                    "-p",
                    ngx_prefix.to_str().unwrap(),
                    "-c",
                    "nginx.conf",
                    "-g",
                    "daemon off;",
                ])
                .spawn()
                .expect("start nginx"),
        );
        wait_port(port);
        ["/", "/hello"].iter().map(|p| get(port, p)).collect()
    };
    std::thread::sleep(Duration::from_millis(300));

    // The binary runs with the source tree gone.
    std::fs::remove_file(tmp.path().join("nginx.conf")).unwrap();
    let prefix = tmp.path().join("prefix");
    std::fs::create_dir_all(&prefix).unwrap();
    let _srv = Killed(
        Command::new(&server)
            .args(["-p", prefix.to_str().unwrap()])
            .spawn()
            .expect("start server"),
    );
    wait_port(port);
    let got: Vec<String> = ["/", "/hello"].iter().map(|p| get(port, p)).collect();
    assert_eq!(got, expected);
    assert!(expected[0].contains("Hello, OpenResty!"));
}

/// Two projects that are both `nginx.conf` share restyc's build cache: rebuilding the first after
/// the second must give the first server again, not the binary the second build left behind.
#[test]
fn rebuilding_a_config_after_another_of_the_same_name_gives_its_own_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let hello = std::fs::read_to_string(root.join("examples/hello/nginx.conf")).expect("example");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let conf_a = hello.replace("listen       8080;", &format!("listen       {port};"));
    let conf_b = hello
        .replace(
            "listen       8080;",
            &format!("listen       {};", free_port()),
        )
        .replace("Hello, OpenResty!", "the other config");
    assert_ne!(conf_b, hello, "the example changed: update this test");
    std::fs::write(a.path().join("nginx.conf"), &conf_a).unwrap();
    std::fs::write(b.path().join("nginx.conf"), &conf_b).unwrap();
    restyc_build(a.path(), "first");
    restyc_build(b.path(), "server");
    restyc_build(a.path(), "again");

    let prefix = tempfile::tempdir().unwrap();
    let _srv = Killed(
        Command::new(a.path().join("again"))
            .args(["-p", prefix.path().to_str().unwrap()])
            .spawn()
            .expect("start server"),
    );
    wait_port(port);
    assert!(get(port, "/").contains("Hello, OpenResty!"));
}
