//! Test dependencies: real nginx with lua-nginx-module from Debian (the specification the
//! differential suite compares against), and on request redis-server and wrk.
//!
//! `ensure_test_deps` installs what is missing when we run as root, once per process, and
//! otherwise says exactly what to install and fails.

use std::path::Path;
use std::process::Command;

/// The file that proves Debian's lua module is installed.
pub const LUA_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_lua_module.so";
/// The NDK module the lua module needs loaded first.
pub const NDK_MODULE: &str = "/usr/lib/nginx/modules/ndk_http_module.so";
/// OpenResty bundles echo-nginx-module; lua-nginx-module's own tests lean on it.
pub const ECHO_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_echo_module.so";
/// headers-more (more_set_headers & co.), loaded after the lua module for every case: its
/// header filter then runs before the Lua one, as in OpenResty's bundle. It registers nothing
/// unless a config uses its directives, so other cases see no difference.
pub const HEADERS_MORE_MODULE: &str =
    "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so";
/// set-misc (set_escape_uri & co.), bundled with OpenResty; it needs the NDK loaded first.
pub const SET_MISC_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_set_misc_module.so";

/// What the tests may need beyond nginx + lua module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra {
    pub redis: bool,
    /// A MariaDB server (the bundled resty.mysql's test).
    pub mysql: bool,
    pub wrk: bool,
}

/// `cargo xtask deps [--redis] [--mysql] [--wrk]`
pub fn main(args: &[String]) -> u8 {
    let mut extra = Extra::default();
    for a in args {
        match a.as_str() {
            "--redis" => extra.redis = true,
            "--mysql" => extra.mysql = true,
            "--wrk" => extra.wrk = true,
            "--all" => {
                extra.redis = true;
                extra.mysql = true;
                extra.wrk = true;
            }
            other => {
                eprintln!(
                    "xtask deps: unknown option `{other}` (expected --redis, --mysql, --wrk, --all)"
                );
                return 2;
            }
        }
    }
    match ensure_test_deps(extra) {
        Ok(()) => {
            println!(
                "test dependencies present: nginx + lua module{}{}{}",
                if extra.redis { ", redis-server" } else { "" },
                if extra.mysql { ", mariadb-server" } else { "" },
                if extra.wrk { ", wrk" } else { "" }
            );
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn on_path(bin: &str) -> bool {
    if bin.contains('/') {
        return Path::new(bin).is_file();
    }
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| dir.join(bin).is_file())
        || ["/usr/sbin", "/sbin", "/usr/bin"]
            .iter()
            .any(|d| Path::new(d).join(bin).is_file())
}

/// The nginx binary to run (PATH, then /usr/sbin/nginx).
pub fn nginx_bin() -> String {
    if let Ok(p) = std::env::var("RESTYC_NGINX") {
        return p;
    }
    let Some(path) = std::env::var_os("PATH") else {
        return "/usr/sbin/nginx".into();
    };
    for dir in std::env::split_paths(&path) {
        let p = dir.join("nginx");
        if p.is_file() {
            return p.to_string_lossy().into_owned();
        }
    }
    "/usr/sbin/nginx".into()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Debian packages missing for what is asked.
pub fn missing_packages(extra: Extra) -> Vec<&'static str> {
    let mut missing = Vec::new();
    let have_nginx = Path::new(&nginx_bin()).is_file();
    if !have_nginx {
        missing.push("nginx");
    }
    if !Path::new(LUA_MODULE).is_file() || !Path::new(NDK_MODULE).is_file() {
        missing.push("libnginx-mod-http-lua");
    }
    if !Path::new(ECHO_MODULE).is_file() {
        missing.push("libnginx-mod-http-echo");
    }
    if !Path::new(HEADERS_MORE_MODULE).is_file() {
        missing.push("libnginx-mod-http-headers-more-filter");
    }
    if !Path::new(SET_MISC_MODULE).is_file() {
        missing.push("libnginx-mod-http-set-misc");
    }
    if !Path::new("/usr/share/lua/5.1/resty/redis.lua").is_file()
        && !Path::new("/usr/share/lua/5.1/nginx/redis.lua").is_file()
        && !debian_pkg_installed("lua-nginx-redis")
    {
        missing.push("lua-nginx-redis");
    }
    // lua-cjson is only a Recommends of the lua module, which `--no-install-recommends` skips.
    if !Path::new("/usr/lib/x86_64-linux-gnu/lua/5.1/cjson.so").is_file()
        && !debian_pkg_installed("lua-cjson")
    {
        missing.push("lua-cjson");
    }
    if !Path::new("/usr/share/lua/5.1/resty/lrucache.lua").is_file() {
        missing.push("lua-resty-lrucache");
    }
    // lua-resty-websocket, the reference for restyc's bundled resty.websocket.server.
    if !Path::new("/usr/share/lua/5.1/nginx/websocket/server.lua").is_file() {
        missing.push("lua-nginx-websocket");
    }
    // The references for restyc's bundled resty.memcached, resty.dns.resolver and resty.aes.
    for (file, pkg) in [
        (
            "/usr/share/lua/5.1/nginx/memcached.lua",
            "lua-nginx-memcached",
        ),
        ("/usr/share/lua/5.1/nginx/dns/resolver.lua", "lua-nginx-dns"),
        ("/usr/share/lua/5.1/nginx/aes.lua", "lua-nginx-string"),
    ] {
        if !Path::new(file).is_file() && !debian_pkg_installed(pkg) {
            missing.push(pkg);
        }
    }
    // A real memcached for the bundled resty.memcached's test.
    if !on_path("memcached") {
        missing.push("memcached");
    }
    if extra.redis && !on_path("redis-server") {
        missing.push("redis-server");
    }
    if extra.mysql && !Path::new("/usr/sbin/mariadbd").is_file() {
        missing.push("mariadb-server");
    }
    if extra.wrk && !on_path("wrk") {
        missing.push("wrk");
    }
    missing
}

fn debian_pkg_installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

/// Make sure nginx with the lua module (and, when asked, redis-server and wrk) is installed.
/// Installs from Debian when running as root; otherwise returns an error naming the command.
pub fn ensure_test_deps(extra: Extra) -> Result<(), String> {
    let missing = missing_packages(extra);
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "the differential tests need real nginx with lua-nginx-module, which is not installed.\n\
             missing Debian packages: {list}\n\
             install them with:\n    sudo apt-get update && sudo apt-get install -y {list}\n\
             (or run this command as root and it installs them itself)"
        ));
    }
    let what = if missing
        .iter()
        .any(|p| p.starts_with("nginx") || p.contains("lua"))
    {
        "nginx + lua module from Debian for the differential tests"
    } else {
        "test tools from Debian"
    };
    eprintln!("installing {what}… (apt-get install -y {list})");
    let run = |args: &[&str]| -> Result<(), String> {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("could not run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`apt-get {}` failed ({status})", args.join(" ")))
        }
    };
    eprintln!("running apt-get update…");
    run(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(missing.iter().copied());
    run(&install)?;
    // Debian starts the nginx (and mariadb) service on install; they are not ours to keep, but
    // they do not disturb the suite (which picks free ports and runs its own servers).
    let still = missing_packages(extra);
    if still.is_empty() {
        eprintln!("installed: {list}");
        Ok(())
    } else {
        Err(format!(
            "apt-get install finished but these are still missing: {}",
            still.join(" ")
        ))
    }
}
