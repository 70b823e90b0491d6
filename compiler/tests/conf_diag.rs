//! Rendering of diagnostics (text with the token underlined, JSON for tools) and the lint
//! warnings that are not errors.

use restyc::{conf, diag, lint};

fn diags_for(text: &str) -> (restyc::conf::ast::SourceMap, Vec<diag::Diagnostic>) {
    match conf::parse_str("/virtual/nginx.conf", text) {
        Ok((config, mut d)) => {
            d.extend(conf::check(&config));
            d.extend(lint::run(&config));
            (config.sources, d)
        }
        Err(e) => e,
    }
}

#[test]
fn text_underlines_the_token_and_gives_the_hint() {
    let (sources, d) = diags_for("events {}\nhttp {\n    server {\n        lisen 80;\n    }\n}\n");
    let out = diag::render_text(&d, &sources, false);
    let want = "\
error[unknown-directive]: unknown directive \"lisen\"
  ┌─ /virtual/nginx.conf:4:9
  │
4 │         lisen 80;
  │         ^^^^^
  │
  = help: did you mean \"listen\"?

";
    assert_eq!(out, want);
    let colored = diag::render_text(&d, &sources, true);
    assert!(colored.contains("\u{1b}["), "ANSI colours when asked");
}

#[test]
fn json_has_positions_and_help() {
    let (sources, d) = diags_for(
        "events {}\nhttp {\n    server {\n        root /a;\n        root /b;\n    }\n}\n",
    );
    let v: serde_json::Value =
        serde_json::from_str(&diag::render_json(&d, &sources)).expect("valid JSON");
    let first = &v[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "duplicate-directive");
    assert_eq!(first["message"], "\"root\" directive is duplicate");
    assert_eq!(first["file"], "/virtual/nginx.conf");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(5), Some(13))
    );
    // No-position diagnostics have null positions.
    let (sources, d) = diags_for("http { }\n");
    let v: serde_json::Value =
        serde_json::from_str(&diag::render_json(&d, &sources)).expect("valid JSON");
    assert_eq!(v[0]["message"], "no \"events\" section in configuration");
    assert!(v[0]["line"].is_null());
}

#[test]
fn proxy_pass_to_unknown_single_label_host_warns() {
    let text = "events {}\nhttp {\n    upstream backend { server 127.0.0.1:81; }\n    server {\n        \
                location /a { proxy_pass http://backend; }\n        location /b { proxy_pass http://bakend/x; }\n        \
                location /c { proxy_pass http://api.internal:8080; }\n        location /d { proxy_pass http://$host; }\n    }\n}\n";
    let (sources, d) = diags_for(text);
    // proxy_pass itself is reported as not supported yet; this test is about the upstream lint.
    let d: Vec<_> = d
        .into_iter()
        .filter(|d| d.code != "unsupported-directive")
        .collect();
    let lines: Vec<String> = d.iter().map(|d| d.one_line(&sources)).collect();
    assert_eq!(
        lines,
        [
            "/virtual/nginx.conf:6:41: warning: host not found in upstream \"bakend\" (no upstream block of that name)"
        ]
    );
    assert!(
        d[0].help
            .as_deref()
            .is_some_and(|h| h.contains("did you mean \"backend\""))
    );
}

#[test]
fn phase_checks_skip_function_bodies_and_allow_valid_calls() {
    let text = "events {}\nhttp {\n    init_worker_by_lua_block {\n        ngx.timer.at(0, function() ngx.sleep(1) end)\n    }\n    \
                server {\n        location / {\n            rewrite_by_lua_block { ngx.sleep(0.1) ngx.exit(ngx.OK) }\n            \
                log_by_lua_block { local v = ngx.var.status ngx.log(ngx.INFO, v) }\n            \
                content_by_lua_block { ngx.say(ngx.var.uri) }\n        }\n    }\n}\n";
    let (sources, d) = diags_for(text);
    assert!(
        d.is_empty(),
        "{:?}",
        d.iter().map(|d| d.one_line(&sources)).collect::<Vec<_>>()
    );
}

#[test]
fn lua_errors_in_files_point_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("lua")).expect("mkdir");
    std::fs::write(
        dir.path().join("lua/bad.lua"),
        "local a = 1\nlocal b = = 2\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("nginx.conf"),
        "events {}\nhttp { server { location / { content_by_lua_file lua/bad.lua; } } }\n",
    )
    .expect("write");
    let (sources, d) = conf::check_file(&dir.path().join("nginx.conf"));
    let lines: Vec<String> = d.iter().map(|d| d.one_line(&sources)).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    // full_moon stops at the first `=`, after which it expected an expression.
    assert!(
        lines[0].ends_with("lua/bad.lua:2:9: error: Lua syntax error: expected an expression"),
        "{lines:?}"
    );
}

/// Errors found while lowering (after the checker): `restyc::driver::front` on a file.
fn front_errors(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nginx.conf");
    std::fs::write(&path, text).unwrap();
    match restyc::driver::front(&path) {
        Ok(_) => vec![],
        Err((sources, diags)) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let (_, l, c) = sources.position(d.span.expect("a position"));
                format!("{l}:{c}: {}", d.message)
            })
            .collect(),
    }
}

#[test]
fn map_values_and_sources_are_checked_for_unknown_variables() {
    // nginx -t: `unknown "nosuch" variable`.
    assert_eq!(
        front_errors(
            "events {}\nhttp {\n    map $arg_a $x { default $nosuch; }\n    server { listen 8080; }\n}\n"
        ),
        vec!["3:29: unknown \"nosuch\" variable".to_string()]
    );
    // A map regex's named capture is a variable its value may use (nginx accepts this).
    assert_eq!(
        front_errors(
            "events {}\nhttp {\n    map $uri $v { ~^/(?<part>[a-z]+) $part; }\n    server { listen 8080; }\n}\n"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn lua_nested_deeper_than_luajit_accepts_is_refused_without_recursing() {
    let conf = |depth: usize| {
        format!(
            "events {{}}\nhttp {{ server {{ location / {{ content_by_lua_block {{ local x = {}1{} ngx.say(x) }} }} }} }}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    };
    let errors = |text: &str| -> Vec<String> {
        diags_for(text)
            .1
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect()
    };
    // LuaJIT (LJ_MAX_XLEVEL 200): "chunk has too many syntax levels"; far deeper must not crash.
    for depth in [300, 100_000] {
        assert_eq!(
            errors(&conf(depth)),
            vec!["Lua syntax error: chunk has too many syntax levels".to_string()]
        );
    }
    assert!(errors(&conf(100)).is_empty());
    // Brackets inside strings and comments do not count.
    let quoted = format!(
        "events {{}}\nhttp {{ server {{ location / {{ content_by_lua_block {{ local s = \"{}\" -- {}\n ngx.say(s) }} }} }} }}\n",
        "(".repeat(500),
        "[".repeat(500)
    );
    assert!(errors(&quoted).is_empty());
}

#[test]
fn lua_luajit_cannot_compile_is_a_warning_at_its_line() {
    let (sources, d) = diags_for(
        "events {}\nhttp {\n    server {\n        location /t { content_by_lua_block {\n            local x = 1\n            goto nowhere\n        } }\n    }\n}\n",
    );
    let w: Vec<_> = d.iter().filter(|d| d.code == "lua-compile").collect();
    assert_eq!(w.len(), 1, "{d:?}");
    assert!(!w[0].is_error());
    let out = diag::render_text(&d, &sources, false);
    assert!(
        out.contains("LuaJIT cannot compile this Lua: undefined label 'nowhere'"),
        "{out}"
    );
    assert!(out.contains("/virtual/nginx.conf:6:"), "{out}");
}

#[test]
fn http2_switch_is_accepted_with_a_warning() {
    // nginx 1.25.1's (and OpenResty 1.25.3.1's) `http2 on;` replaces `listen ... http2`.
    let (sources, d) = diags_for(
        "events {}\nhttp {\n    http2 off;\n    server {\n        listen 8443;\n        http2 on;\n    }\n}\n",
    );
    let lines: Vec<String> = d.iter().map(|d| d.one_line(&sources)).collect();
    assert_eq!(
        lines,
        [
            "/virtual/nginx.conf:6:9: warning: \"http2 on\": restyc serves HTTP/1.1 (HTTP/2 is not implemented yet)"
        ]
    );
}

#[test]
fn access_rules_warn_about_low_address_bits() {
    let (sources, d) = diags_for(
        "events {}\nhttp {\n    server {\n        allow 10.1.2.3/8;\n        allow unix:;\n        allow ::1;\n        deny all;\n    }\n}\n",
    );
    let lines: Vec<String> = d.iter().map(|d| d.one_line(&sources)).collect();
    assert_eq!(
        lines,
        ["/virtual/nginx.conf:4:15: warning: low address bits of 10.1.2.3/8 are meaningless"]
    );
}

#[test]
fn a_lua_file_used_twice_reports_its_problem_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("lua")).expect("mkdir");
    std::fs::write(
        dir.path().join("lua/auth.lua"),
        "local oidc = require(\"resty.no_such_lib\")\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("nginx.conf"),
        "events {}\nhttp { server {\n    location /a { access_by_lua_file lua/auth.lua; }\n    \
         location /b { access_by_lua_file lua/auth.lua; }\n} }\n",
    )
    .expect("write");
    let (sources, d) = conf::check_file(&dir.path().join("nginx.conf"));
    let lines: Vec<String> = d.iter().map(|d| d.one_line(&sources)).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].ends_with("lua/auth.lua:1:22: error: module 'resty.no_such_lib' not found"),
        "{lines:?}"
    );
}

#[test]
fn a_missing_lua_ssl_trusted_certificate_is_a_warning_at_its_path() {
    // nginx refuses to start without the file; a built server reads it where it runs, so the
    // build warns (as for the other CA files).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nginx.conf");
    let text = "events {}\nhttp {\n    lua_ssl_trusted_certificate certs/ca.pem;\n    server { listen 8080; }\n}\n";
    std::fs::write(&path, text).unwrap();
    let front = restyc::driver::front(&path).unwrap_or_else(|_| panic!("loads"));
    let lines: Vec<String> = (front.warnings.iter())
        .map(|d| {
            let (_, l, c) = front.config.sources.position(d.span.expect("a position"));
            format!("{l}:{c}: {}", d.message)
        })
        .collect();
    let want = format!(
        "3:33: \"{}\" is not here at build time: the server reads it where it runs",
        dir.path().join("certs/ca.pem").display()
    );
    assert_eq!(lines, [want]);
}
