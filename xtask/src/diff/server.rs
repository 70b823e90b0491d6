//! Building a case's nginx.conf and starting / stopping the servers under test.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::case::Case;
use crate::deps;

/// Fixed mtime of every user file (2024-01-02 03:04:05 UTC), so that ETag and Last-Modified
/// are the same on both sides although the files are written anew for each server.
pub const USER_FILE_MTIME: u64 = 1_704_164_645;

/// A free TCP port in 20000–29999, checked by binding it; the server binds it again later with
/// SO_REUSEADDR. Below Linux's ephemeral range (32768–60999): a port in that range can be taken
/// by a client socket meanwhile, and connecting to it before the server listens can connect the
/// socket to itself.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: AtomicU64 = AtomicU64::new(0);
    let mut x = SEED.load(Ordering::Relaxed);
    if x == 0 {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        x = t ^ ((std::process::id() as u64) << 32) | 1;
    }
    for _ in 0..200 {
        // xorshift
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let p = 20000 + (x % 10000) as u16;
        if TcpListener::bind(("0.0.0.0", p)).is_ok() && !listening(p) {
            SEED.store(x, Ordering::Relaxed);
            return p;
        }
    }
    SEED.store(x, Ordering::Relaxed);
    TcpListener::bind("0.0.0.0:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(20000)
}

pub fn load_module_lines() -> String {
    format!(
        "load_module {}; load_module {}; load_module {}; load_module {}; load_module {};",
        deps::NDK_MODULE,
        deps::LUA_MODULE,
        deps::HEADERS_MORE_MODULE,
        deps::ECHO_MODULE,
        deps::SET_MISC_MODULE,
    )
}

/// Substitute the harness's placeholders.
pub fn substitute(text: &str, ports: &[u16], prefix: &Path) -> String {
    let html = prefix.join("html");
    let mut s = text
        .replace("$TEST_NGINX_SERVER_PORT", &ports[0].to_string())
        .replace("$TEST_NGINX_HTML_DIR", &html.to_string_lossy())
        .replace("$TEST_PREFIX", &prefix.to_string_lossy());
    // $PORT2, $PORT3 before $PORT
    for (i, p) in ports.iter().enumerate().skip(1).rev() {
        s = s.replace(&format!("$PORT{}", i + 1), &p.to_string());
    }
    s.replace("$PORT", &ports[0].to_string())
}

/// Test certificates (self-signed, for these tests only) that configs name as `tls/NAME`:
/// `localhost` (RSA, PKCS#8 key), `example` (`example.com` and `*.example.com`, ECDSA P-256),
/// `rsa-traditional` (`traditional.test`, a PKCS#1 key), `client` (a client certificate,
/// `CN=client one`, issued by the CA `ca.crt`), and `good` / `revoked` (client certificates of
/// `crl-ca.crt`, whose CRL `crl-ca.crl` revokes the second).
pub const TLS_FIXTURES: &[(&str, &[u8])] = &[
    (
        "localhost.crt",
        include_bytes!("../../cases/tls/localhost.crt"),
    ),
    (
        "localhost.key",
        include_bytes!("../../cases/tls/localhost.key"),
    ),
    ("example.crt", include_bytes!("../../cases/tls/example.crt")),
    ("example.key", include_bytes!("../../cases/tls/example.key")),
    (
        "rsa-traditional.crt",
        include_bytes!("../../cases/tls/rsa-traditional.crt"),
    ),
    (
        "rsa-traditional.key",
        include_bytes!("../../cases/tls/rsa-traditional.key"),
    ),
    ("ca.crt", include_bytes!("../../cases/tls/ca.crt")),
    ("client.crt", include_bytes!("../../cases/tls/client.crt")),
    ("client.key", include_bytes!("../../cases/tls/client.key")),
    ("crl-ca.crt", include_bytes!("../../cases/tls/crl-ca.crt")),
    ("crl-ca.crl", include_bytes!("../../cases/tls/crl-ca.crl")),
    ("revoked.crt", include_bytes!("../../cases/tls/revoked.crt")),
    ("revoked.key", include_bytes!("../../cases/tls/revoked.key")),
    ("good.crt", include_bytes!("../../cases/tls/good.crt")),
    ("good.key", include_bytes!("../../cases/tls/good.key")),
];

fn write_tls_fixtures(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("mkdir {}: {e}", dir.display()))?;
    for (name, bytes) in TLS_FIXTURES {
        fs::write(dir.join(name), bytes).map_err(|e| format!("write {name}: {e}"))?;
    }
    Ok(())
}

fn has_directive(conf: &str, name: &str) -> bool {
    conf.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with(name) && t[name.len()..].starts_with([' ', '\t'])
    })
}

/// The complete nginx.conf of a case. Both servers get this same file.
pub fn build_config(case: &Case, ports: &[u16], prefix: &Path) -> String {
    if let Some(full) = &case.full_config {
        return complete_full_config(&substitute(full, ports, prefix), &case.log_level);
    }
    let mut c = String::new();
    // Line 1 holds everything the harness adds before the case's text, so that the case's
    // own lines are numbered the same way whatever the harness adds.
    c.push_str(&load_module_lines());
    c.push_str(" worker_processes 1; pid logs/nginx.pid;");
    c.push_str(&format!(" error_log logs/error.log {};\n", case.log_level));
    c.push_str(&substitute(&case.main_config, ports, prefix));
    c.push_str("events {\n    worker_connections 256;\n}\n");
    c.push_str("http {\n");
    if !case.http_config.contains("access_log") && !case.config.contains("access_log") {
        c.push_str("    access_log off;\n");
    }
    c.push_str(&substitute(&case.http_config, ports, prefix));
    // (on the listen line, so that the case's own lines keep their numbers)
    let ssl = match case.tls {
        Some(_) => " ssl; ssl_certificate tls/localhost.crt; ssl_certificate_key tls/localhost.key",
        None => "",
    };
    c.push_str(&format!(
        "    server {{\n        listen {}{ssl};\n        server_name localhost;\n",
        ports[0]
    ));
    c.push_str(&substitute(&case.config, ports, prefix));
    c.push_str("    }\n}\n");
    c
}

/// Add what a complete config (an example's) needs to run under the harness, without moving
/// any of its lines: load_module lines on line 1, `pid`/`error_log` at the end.
pub fn complete_full_config(conf: &str, log_level: &str) -> String {
    let mut out = String::new();
    if !conf.contains("ngx_http_lua_module.so") {
        out.push_str(&load_module_lines());
        out.push(' ');
    }
    out.push_str(conf);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if !has_directive(conf, "pid") {
        out.push_str("pid logs/nginx.pid;\n");
    }
    if !has_directive(conf, "error_log") {
        out.push_str(&format!("error_log logs/error.log {log_level};\n"));
    }
    out
}

/// Rewrite the ports of `listen` directives in a complete config to free ones. Returns the
/// new text and the mapping (old port → new port) in order of appearance.
pub fn rewrite_listen_ports(conf: &str) -> (String, Vec<(u16, u16)>) {
    let re =
        regex::Regex::new(r"(?m)^(\s*listen\s+)((?:[^\s;:]+:|\[[^\]]*\]:)?)(\d+)").expect("regex");
    let mut map: Vec<(u16, u16)> = Vec::new();
    let out = re.replace_all(conf, |c: &regex::Captures| {
        let old: u16 = c[3].parse().unwrap_or(0);
        let new = match map.iter().find(|(o, _)| *o == old) {
            Some((_, n)) => *n,
            None => {
                let n = free_port_not(&map);
                map.push((old, n));
                n
            }
        };
        format!("{}{}{}", &c[1], &c[2], new)
    });
    (out.into_owned(), map)
}

fn free_port_not(map: &[(u16, u16)]) -> u16 {
    loop {
        let p = free_port();
        if !map.iter().any(|(_, n)| *n == p) {
            return p;
        }
    }
}

/// Lay out a fresh prefix: conf/, logs/, html/, the case's user files (fixed mtime).
pub fn prepare_prefix(
    prefix: &Path,
    conf_rel: &str,
    conf_text: &str,
    user_files: &[(String, Vec<u8>)],
    copy_from: Option<&Path>,
) -> Result<PathBuf, String> {
    if prefix.exists() {
        fs::remove_dir_all(prefix).map_err(|e| format!("remove {}: {e}", prefix.display()))?;
    }
    if let Some(src) = copy_from {
        copy_dir(src, prefix)
            .map_err(|e| format!("copy {} → {}: {e}", src.display(), prefix.display()))?;
    }
    let dirs: &[&str] = if copy_from.is_some() {
        &["logs"]
    } else {
        &["conf", "logs", "html"]
    };
    for d in dirs {
        fs::create_dir_all(prefix.join(d)).map_err(|e| format!("mkdir: {e}"))?;
    }
    let conf = prefix.join(conf_rel);
    fs::write(&conf, conf_text).map_err(|e| format!("write conf: {e}"))?;
    if conf_text.contains("ssl") {
        write_tls_fixtures(&prefix.join("conf/tls"))?;
    }
    let mtime = std::time::UNIX_EPOCH + Duration::from_secs(USER_FILE_MTIME);
    for (p, content) in user_files {
        let path = prefix.join(p);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("mkdir {}: {e}", parent.display()))?;
        }
        if p.ends_with('/') {
            continue; // a directory
        }
        fs::write(&path, content).map_err(|e| format!("write {}: {e}", path.display()))?;
        if let Ok(f) = fs::File::options().write(true).open(&path) {
            let _ = f.set_modified(mtime);
        }
    }
    Ok(conf)
}

fn copy_dir(src: &Path, dst: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dst)?;
    let mtime = std::time::UNIX_EPOCH + Duration::from_secs(USER_FILE_MTIME);
    for e in fs::read_dir(src)? {
        let e = e?;
        let to = dst.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &to)?;
        } else {
            fs::copy(e.path(), &to)?;
            if let Ok(f) = fs::File::options().write(true).open(&to) {
                let _ = f.set_modified(mtime);
            }
        }
    }
    Ok(())
}

/// What serves the config.
#[derive(Debug, Clone)]
pub enum Server {
    /// Real nginx with the lua module: `nginx -p PREFIX -c CONF -g 'daemon off;'`.
    Nginx,
    /// `restyc run CONF -p PREFIX`.
    RestycRun(PathBuf),
    /// A compiled server with its config baked in: `BINARY -p PREFIX`.
    Binary(PathBuf),
    /// `restyc build CONF -o PREFIX/server` (`--profile $RESTYC_DIFF_PROFILE` when set), then
    /// `PREFIX/server -p PREFIX`.
    Build(PathBuf),
}

impl Server {
    pub fn label(&self) -> &'static str {
        match self {
            Server::Nginx => "nginx",
            Server::RestycRun(_) => "restyc run",
            Server::Binary(_) => "restyc binary",
            Server::Build(_) => "restyc build",
        }
    }
}

pub struct Running {
    child: Child,
    pub stderr_path: PathBuf,
    pub label: &'static str,
}

fn stderr_tail(path: &Path) -> String {
    tail_lines(path, 30)
}

fn tail_lines(path: &Path, n: usize) -> String {
    let s = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = s.lines().collect();
    let from = lines.len().saturating_sub(n);
    lines[from..].join("\n")
}

/// Start a server on a prepared prefix and wait until every port listens.
pub fn start(
    server: &Server,
    prefix: &Path,
    conf: &Path,
    env: &[(String, String)],
    ports: &[u16],
    scratch: &Path,
) -> Result<Running, String> {
    let stderr_path = scratch.join(format!("{}.stderr", server.label().replace(' ', "-")));
    let stdout_path = scratch.join(format!("{}.stdout", server.label().replace(' ', "-")));
    let mut cmd = match server {
        Server::Nginx => {
            let mut c = Command::new(deps::nginx_bin());
            c.arg("-p")
                .arg(format!("{}/", prefix.display()))
                .arg("-c")
                .arg(conf)
                .arg("-g")
                .arg("daemon off;");
            c
        }
        Server::RestycRun(bin) => {
            let mut c = Command::new(bin);
            c.arg("run").arg(conf).arg("-p").arg(prefix);
            c
        }
        Server::Binary(bin) => {
            let mut c = Command::new(bin);
            c.arg("-p").arg(prefix);
            c
        }
        Server::Build(restyc) => {
            let out = prefix.join("server");
            let mut build = Command::new(restyc);
            build.arg("build");
            if let Ok(profile) = std::env::var("RESTYC_DIFF_PROFILE") {
                build.arg("--profile").arg(profile);
            }
            let st = build
                .arg(conf)
                .arg("-o")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(fs::File::create(&stderr_path).map_err(|e| e.to_string())?)
                .status()
                .map_err(|e| format!("could not run {}: {e}", restyc.display()))?;
            if !st.success() {
                return Err(format!(
                    "restyc build failed ({st}):\n{}",
                    tail_lines(&stderr_path, usize::MAX)
                ));
            }
            let mut c = Command::new(out);
            c.arg("-p").arg(prefix);
            c
        }
    };
    cmd.current_dir(prefix)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).map_err(|e| e.to_string())?)
        .stderr(fs::File::create(&stderr_path).map_err(|e| e.to_string())?)
        .process_group(0);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", server.label()))?;
    let mut running = Running {
        child,
        stderr_path: stderr_path.clone(),
        label: server.label(),
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(st)) = running.child.try_wait() {
            let mut msg = format!("{} exited before listening ({st})", server.label());
            // all of it: the combined mode reads the error positions from it
            let tail = tail_lines(&stderr_path, usize::MAX);
            if !tail.is_empty() {
                msg.push_str(":\n");
                msg.push_str(&tail);
            }
            let log = stderr_tail(&prefix.join("logs/error.log"));
            if !log.is_empty() {
                msg.push_str("\nlogs/error.log:\n");
                msg.push_str(&log);
            }
            return Err(msg);
        }
        let up = match listening_ports() {
            Some(set) => ports.iter().all(|p| set.contains(p)),
            None => ports.iter().all(|p| listening(*p)),
        };
        if up {
            return Ok(running);
        }
        if Instant::now() > deadline {
            let tail = stderr_tail(&stderr_path);
            stop(running);
            return Err(format!(
                "{} did not listen on {:?} within 15 s\n{tail}",
                server.label(),
                ports
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Is something listening on this TCP port (any address)? Read from /proc so that probing
/// makes no connection (a probe connection would show up in nginx's error log).
pub fn listening(port: u16) -> bool {
    match listening_ports() {
        Some(set) => set.contains(&port),
        None => {
            let a: SocketAddr = ([127, 0, 0, 1], port).into();
            std::net::TcpStream::connect_timeout(&a, Duration::from_millis(50)).is_ok()
        }
    }
}

/// Every TCP port in LISTEN state, from /proc/net/tcp{,6}; None without /proc.
pub fn listening_ports() -> Option<std::collections::HashSet<u16>> {
    let mut found_proc = false;
    let mut set = std::collections::HashSet::new();
    for f in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(s) = fs::read_to_string(f) else {
            continue;
        };
        found_proc = true;
        for l in s.lines().skip(1) {
            let mut cols = l.split_whitespace();
            let (Some(_), Some(local), Some(_), Some(state)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            if state != "0A" {
                continue;
            }
            if let Some((_, p)) = local.rsplit_once(':') {
                if let Ok(p) = u16::from_str_radix(p, 16) {
                    set.insert(p);
                }
            }
        }
    }
    found_proc.then_some(set)
}

fn signal(pid: i32, sig: i32) {
    // SAFETY: plain kill(2) on a process (group) we started.
    unsafe {
        libc::kill(pid, sig);
    }
}

/// Stop a server: SIGTERM (nginx's fast shutdown), then SIGKILL of its process group after
/// 5 s. Returns its stderr tail.
pub fn stop(mut r: Running) -> String {
    let pid = r.child.id() as i32;
    signal(pid, libc::SIGTERM);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match r.child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                signal(-pid, libc::SIGKILL);
                let _ = r.child.wait();
                break;
            }
        }
    }
    // nginx workers are in the same group; make sure none outlives the master.
    signal(-pid, libc::SIGKILL);
    stderr_tail(&r.stderr_path)
}
