//! `conf::load`: files, includes, globs, cycles and the built-in mime.types.

use std::fs;

use restyc::conf;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(p, text).expect("write");
}

fn messages(
    diags: &[restyc::diag::Diagnostic],
    sources: &restyc::conf::ast::SourceMap,
) -> Vec<String> {
    diags.iter().map(|d| d.one_line(sources)).collect()
}

#[test]
fn stock_debian_nginx_conf_loads() {
    // /etc/nginx/nginx.conf includes conf.d/*.conf and sites-enabled/*: globs that may match nothing.
    let path = std::path::Path::new("/etc/nginx/nginx.conf");
    if !path.exists() {
        return;
    }
    let (config, warnings) = conf::load(path).expect("stock nginx.conf loads");
    assert!(
        warnings.is_empty(),
        "{:?}",
        messages(&warnings, &config.sources)
    );
    let http = config
        .directives
        .iter()
        .find(|d| d.name == "http")
        .expect("http block");
    let types = http
        .children()
        .iter()
        .find(|d| d.name == "types")
        .expect("mime.types expanded in place");
    assert!(types.children().iter().any(|d| d.name == "text/html"));
}

#[test]
fn includes_globs_and_relative_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "nginx.conf",
        "events {}\nhttp {\n    include conf.d/*.conf;\n    include none/*.conf;\n}\n",
    );
    write(dir.path(), "conf.d/b.conf", "server { listen 8081; }\n");
    write(
        dir.path(),
        "conf.d/a.conf",
        "server { listen 8080; include snippets/x.conf; }\n",
    );
    // Relative to the main config's directory, not to conf.d/.
    write(dir.path(), "snippets/x.conf", "root /srv;\n");
    let (config, warnings) = conf::load(&dir.path().join("nginx.conf")).expect("loads");
    assert!(warnings.is_empty());
    let http = &config.directives[1];
    let servers: Vec<_> = http
        .children()
        .iter()
        .map(|s| s.children()[0].arg(0).unwrap_or(""))
        .collect();
    assert_eq!(
        servers,
        ["8080", "8081"],
        "glob results in alphabetical order"
    );
    let root = &http.children()[0].children()[1];
    assert_eq!(root.name, "root");
    assert!(
        config
            .sources
            .locate(root.span)
            .ends_with("snippets/x.conf:1:1")
    );
}

#[test]
fn missing_include_is_nginx_open_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "nginx.conf",
        "events {}\nhttp {\n    include nothere.conf;\n}\n",
    );
    let (sources, diags) = conf::load(&dir.path().join("nginx.conf")).expect_err("fails");
    let m = messages(&diags, &sources);
    let want = format!(
        "{0}/nginx.conf:3:13: error: open() \"{0}/nothere.conf\" failed (2: No such file or directory)",
        dir.path().display()
    );
    assert_eq!(m, [want]);
}

#[test]
fn include_cycle_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "nginx.conf", "include a.conf;\n");
    write(dir.path(), "a.conf", "include b.conf;\n");
    write(dir.path(), "b.conf", "include a.conf;\n");
    let (sources, diags) = conf::load(&dir.path().join("nginx.conf")).expect_err("cycle");
    let m = messages(&diags, &sources);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("b.conf:1:9: error: include cycle"), "{m:?}");
}

#[test]
fn missing_mime_types_uses_builtin_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "nginx.conf",
        "events {}\nhttp {\n    include mime.types;\n}\n",
    );
    let (config, warnings) = conf::load(&dir.path().join("nginx.conf")).expect("loads");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "mime-types-builtin");
    let types = &config.directives[1].children()[0];
    assert_eq!(types.name, "types");
    let js = types
        .children()
        .iter()
        .find(|d| d.name == "application/javascript")
        .expect("js type");
    assert_eq!(js.arg(0), Some("js"));
}

#[test]
fn missing_main_file() {
    let (_, diags) =
        conf::load(std::path::Path::new("/nonexistent/restyc/nginx.conf")).expect_err("fails");
    assert_eq!(
        diags[0].message,
        "open() \"/nonexistent/restyc/nginx.conf\" failed (2: No such file or directory)"
    );
    assert!(diags[0].span.is_none());
}
