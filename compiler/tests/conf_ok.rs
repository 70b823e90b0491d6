//! The corpus of valid configs: `fixtures/conf/ok/*.conf` (real-world-style nginx/OpenResty
//! configs), the repository's examples, and Debian's stock nginx.conf and mime.types. Each must
//! load, check and lint with no error, every span must obey the invariants, and (when nginx is
//! installed) `nginx -t` must accept the corpus too, so that it is nginx's grammar we accept.

use std::path::{Path, PathBuf};
use std::process::Command;

use restyc::conf::{self, ast};

fn ok_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conf/ok")
}

fn corpus() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(ok_dir())
        .expect("ok dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
        .collect();
    v.sort();
    v
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path().join("nginx.conf")))
                .filter(|p| p.exists())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Child inside parent, name and arguments inside the directive and in order, all within the
/// source text.
fn check_spans(config: &ast::Config) {
    fn walk(dirs: &[ast::Directive], parent: Option<ast::Span>, sources: &ast::SourceMap) {
        let mut prev_end: Option<(ast::FileId, u32)> = None;
        for d in dirs {
            let len = sources.file(d.span.file).text.len() as u32;
            assert!(
                d.span.start <= d.span.end && d.span.end <= len,
                "{} outside its file",
                d.name
            );
            assert!(
                d.name_span.start == d.span.start && d.name_span.end <= d.span.end,
                "{} name span",
                d.name
            );
            let mut last = d.name_span.end;
            for a in &d.args {
                assert!(
                    a.span.file == d.span.file && a.span.start >= last && a.span.end <= d.span.end,
                    "{} args",
                    d.name
                );
                last = a.span.end;
            }
            if let Some(b) = &d.block {
                assert!(
                    b.span.start >= last && b.span.end == d.span.end,
                    "{} block span",
                    d.name
                );
                assert_eq!(
                    sources.text(ast::Span {
                        end: b.span.start + 1,
                        ..b.span
                    }),
                    "{"
                );
                assert_eq!(
                    sources.text(ast::Span {
                        start: b.span.end - 1,
                        ..b.span
                    }),
                    "}"
                );
                walk(&b.directives, Some(b.span), sources);
            }
            if let Some(l) = &d.lua {
                assert!(
                    l.span.start > last && l.span.end < d.span.end,
                    "{} lua span",
                    d.name
                );
                assert_eq!(sources.text(l.span), l.text, "lua body is verbatim");
            }
            if let Some(p) = parent
                && d.span.file == p.file
            {
                assert!(
                    d.span.start > p.start && d.span.end < p.end,
                    "{} inside its parent",
                    d.name
                );
            }
            if let Some((f, e)) = prev_end
                && f == d.span.file
            {
                assert!(d.span.start >= e, "{} ordered", d.name);
            }
            prev_end = Some((d.span.file, d.span.end));
        }
    }
    walk(&config.directives, None, &config.sources);
}

fn assert_clean(path: &Path) {
    let (config, _warnings) = match conf::load(path) {
        Ok(c) => c,
        Err((sources, diags)) => panic!(
            "{} does not load:\n{}",
            path.display(),
            restyc::diag::render_text(&diags, &sources, false)
        ),
    };
    check_spans(&config);
    let (sources, diags) = conf::check_file(path);
    // A directive restyc knows but does not serve yet (proxy_pass, ssl, …) is a clear error for
    // users, but the config itself is valid nginx: that is what this corpus checks.
    let errors: Vec<_> = diags
        .into_iter()
        .filter(|d| d.is_error() && d.code != "unsupported-directive")
        .collect();
    assert!(
        errors.is_empty(),
        "{}:\n{}",
        path.display(),
        restyc::diag::render_text(&errors, &sources, false)
    );
}

#[test]
fn corpus_is_clean() {
    let c = corpus();
    assert!(c.len() >= 30, "at least 30 real-world configs");
    for p in &c {
        assert_clean(p);
    }
}

#[test]
fn examples_are_clean() {
    for p in examples() {
        assert_clean(&p);
    }
}

#[test]
fn stock_nginx_conf_and_mime_types() {
    let stock = Path::new("/etc/nginx/nginx.conf");
    if stock.exists() {
        assert_clean(stock);
    }
    // The built-in copy is Debian's stock mime.types: one `types` block of `type ext...;`.
    let (config, warnings) = conf::parse_str("/builtin/mime.types", conf::BUILTIN_MIME_TYPES)
        .expect("mime.types parses");
    assert!(warnings.is_empty());
    check_spans(&config);
    assert_eq!(config.directives.len(), 1);
    let types = &config.directives[0];
    assert_eq!(types.name, "types");
    assert!(types.children().len() > 50, "{}", types.children().len());
    let png = types
        .children()
        .iter()
        .find(|d| d.name == "image/png")
        .expect("image/png");
    assert_eq!(png.arg(0), Some("png"));
}

/// nginx itself accepts every corpus config (run from a copy of the corpus directory, with
/// mime.types and the logs/ and html/ folders nginx -t expects).
#[test]
fn nginx_accepts_the_corpus() {
    let nginx_ok = Command::new("nginx")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
        && Path::new("/usr/lib/nginx/modules/ngx_http_lua_module.so").exists()
        && Path::new("/etc/nginx/mime.types").exists();
    if !nginx_ok {
        eprintln!("nginx not installed: skipping the nginx cross-check");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    for sub in ["lua", "snippets", "logs", "html"] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
    }
    std::fs::copy("/etc/nginx/mime.types", root.join("mime.types")).expect("mime.types");
    for sub in ["lua", "snippets"] {
        for e in std::fs::read_dir(ok_dir().join(sub))
            .expect("read")
            .flatten()
        {
            std::fs::copy(e.path(), root.join(sub).join(e.file_name())).expect("copy");
        }
    }
    let mut failures = Vec::new();
    for p in corpus() {
        let text = std::fs::read_to_string(&p).expect("read");
        let conf = root.join(p.file_name().expect("name"));
        std::fs::write(
            &conf,
            format!(
                "load_module /usr/lib/nginx/modules/ndk_http_module.so; \
                 load_module /usr/lib/nginx/modules/ngx_http_lua_module.so; \
                 load_module /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so; \
                 load_module /usr/lib/nginx/modules/ngx_http_set_misc_module.so; {text}"
            ),
        )
        .expect("write");
        let out = Command::new("nginx")
            .arg("-t")
            .arg("-p")
            .arg(root)
            .arg("-c")
            .arg(&conf)
            .output()
            .expect("nginx");
        if !out.status.success() {
            failures.push(format!(
                "{}: {}",
                p.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "nginx rejects:\n{}",
        failures.join("\n")
    );
}
