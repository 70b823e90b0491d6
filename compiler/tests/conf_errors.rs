//! The table of invalid configs: `fixtures/conf/err/*.conf`, each starting with
//! `# expect: LINE:COL: MESSAGE` (`-` for a diagnostic with no position) and optionally
//! `# nginx: accepts|rejects|skip` when nginx's verdict differs from restyc's message.
//!
//! restyc must report exactly that first error. When the `nginx` binary is installed (Debian's
//! nginx with lua-nginx-module), the same file is also run through `nginx -t` and nginx must
//! report the same message on the same line: the expected texts come from nginx, not from us.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    path: PathBuf,
    text: String,
    pos: String,
    message: String,
    nginx: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conf/err");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
    {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: first line must be `# expect: LINE:COL: MESSAGE`",
                    path.display()
                )
            });
        let (pos, message) = match expect.strip_prefix("-: ") {
            Some(m) => ("-".to_string(), m.to_string()),
            None => {
                let mut it = expect.splitn(3, ':');
                let (l, c, m) = (
                    it.next().unwrap_or(""),
                    it.next().unwrap_or(""),
                    it.next().unwrap_or(""),
                );
                (format!("{l}:{c}"), m.trim_start().to_string())
            }
        };
        let nginx = text
            .lines()
            .nth(1)
            .and_then(|l| l.strip_prefix("# nginx: "))
            .map(str::to_string);
        out.push(Case {
            path,
            text,
            pos,
            message,
            nginx,
        });
    }
    out
}

/// The first error of what `restyc check` reports (checks, lints, then lowering), as
/// `LINE:COL: MESSAGE`.
fn restyc_first_error(path: &Path) -> String {
    let (sources, diags) = match restyc::driver::front(path) {
        Ok(_) => return "no error".to_string(),
        Err(e) => e,
    };
    let Some(d) = diags.iter().find(|d| d.is_error()) else {
        return "no error".to_string();
    };
    let pos = match d.span {
        Some(s) => {
            let (_, l, c) = sources.position(s);
            format!("{l}:{c}")
        }
        None => "-".to_string(),
    };
    format!("{pos}: {}", d.message)
}

fn nginx_available() -> bool {
    Command::new("nginx")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
        && Path::new("/usr/lib/nginx/modules/ngx_http_lua_module.so").exists()
}

/// Runs `nginx -t` on a copy of the case (lua module loaded on line 1, so lines do not move).
/// Returns (success, first emerg message, its line).
fn run_nginx(case: &Case, dir: &Path) -> (bool, String, Option<u32>) {
    let conf = dir.join("nginx.conf");
    let text = format!(
        "load_module /usr/lib/nginx/modules/ndk_http_module.so; \
         load_module /usr/lib/nginx/modules/ngx_http_lua_module.so; \
                 load_module /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so; \
                 load_module /usr/lib/nginx/modules/ngx_http_set_misc_module.so; {}",
        case.text
    );
    std::fs::write(&conf, text).expect("write nginx copy");
    let out = Command::new("nginx")
        .arg("-t")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&conf)
        .arg("-e")
        .arg("/dev/null")
        .output()
        .expect("run nginx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("[emerg]")).unwrap_or("");
    let msg = line.split("[emerg] ").nth(1).unwrap_or("");
    // `1234#1234: message` when nginx logs with a pid.
    let msg = match msg.split_once(": ") {
        Some((pid, rest))
            if pid.contains('#')
                && pid
                    .split('#')
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            rest
        }
        _ => msg,
    };
    let (msg, line) = match msg.rsplit_once(" in ") {
        Some((m, loc)) if loc.starts_with('/') => (
            m.to_string(),
            loc.rsplit(':').next().and_then(|n| n.parse().ok()),
        ),
        _ => (msg.to_string(), None),
    };
    (out.status.success(), msg, line)
}

#[test]
fn invalid_configs_report_nginx_messages() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the table must hold at least 40 invalid configs"
    );
    let nginx = nginx_available();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let fixture_dir = case
            .path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let want = format!(
            "{}: {}",
            case.pos,
            case.message.replace("$DIR", &fixture_dir)
        );
        let got = restyc_first_error(&case.path);
        if got != want {
            failures.push(format!("{name}: restyc\n    want {want}\n    got  {got}"));
        }
        if !nginx || case.nginx.as_deref() == Some("skip") {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let (ok, msg, line) = run_nginx(case, tmp.path());
        match case.nginx.as_deref() {
            Some("accepts") if !ok => failures.push(format!("{name}: nginx rejects it: {msg}")),
            Some("rejects") if ok => failures.push(format!("{name}: nginx accepts it")),
            Some(_) => {}
            None => {
                let want_msg = case
                    .message
                    .replace("$DIR", &tmp.path().display().to_string());
                let want_line: Option<u32> =
                    case.pos.split(':').next().and_then(|l| l.parse().ok());
                if ok || msg != want_msg || line != want_line {
                    failures.push(format!(
                        "{name}: nginx\n    want line {want_line:?}: {want_msg}\n    got  line {line:?}: {msg} (ok={ok})"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
