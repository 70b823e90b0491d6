//! The transpiler's output for small handlers, compared with the expected Rust as printed
//! (askama's `compare(template, expected)` idea), and its reasons for staying on LuaJIT.
//! The behaviour of the generated code is checked against LuaJIT by `transpile_equivalence.rs`.

use restyc::codegen::handlers::{NativeHandler, render};

/// The printed function for `lua`, without the file header and handler table.
fn rust_of(lua: &str) -> String {
    let body = match restyc::lua::transpile_source(lua) {
        Ok(b) => b,
        Err((why, pos)) => panic!("not transpiled: {why} at {}:{}", pos.line, pos.col),
    };
    let h = NativeHandler {
        name: "f".into(),
        chunk: "content_by_lua(t.conf:1)".into(),
        doc: " t.conf:1:1 location / (content_by_lua_block)".into(),
        body,
    };
    let file = render("t.conf", &[h]).expect("render");
    let start = file.find("fn f(").expect("the function");
    file[start..].trim().to_string()
}

fn compare(lua: &str, expected: &str) {
    let got = rust_of(lua);
    let want: String = expected
        .trim()
        .lines()
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got);
        panic!(
            "generated code differs (- expected, + got):\n{}",
            diff.unified_diff()
        );
    }
}

fn reason(lua: &str) -> String {
    match restyc::lua::transpile_source(lua) {
        Ok(_) => "native".into(),
        Err((why, pos)) => format!("{why} at {}:{}", pos.line, pos.col),
    }
}

#[test]
fn constant_output_is_prebuilt_bytes() {
    compare(
        "ngx.say('Hello, OpenResty!')",
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: ngx.say('Hello, OpenResty!')
            ctx.say_bytes(b"Hello, OpenResty!\n");
            Ok(())
        }
        "#,
    );
    compare(
        r#"ngx.say("a", 1, 2.5, nil, true, 1e15, -0.0) ngx.print("x")"#,
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: ngx.say("a", 1, 2.5, nil, true, 1e15, -0.0) ngx.print("x")
            ctx.say_bytes(b"a12.5niltrue1e+150\n");
            // lua: ngx.say("a", 1, 2.5, nil, true, 1e15, -0.0) ngx.print("x")
            ctx.say_bytes(b"x");
            Ok(())
        }
        "#,
    );
}

#[test]
fn routing_on_the_uri() {
    compare(
        r#"
local request_path = ngx.var.uri
if request_path == "/api/users" then
    ngx.say("User List")
elseif request_path == "/api/orders" then
    ngx.say("Order List")
else
    ngx.status = 404
    ngx.say("Not Found")
end
"#,
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: local request_path = ngx.var.uri
            let request_path = ctx.var("uri");
            // lua: if request_path == "/api/users" then
            if V::eq_str(&request_path, b"/api/users") {
                // lua: ngx.say("User List")
                ctx.say_bytes(b"User List\n");
            } else if V::eq_str(&request_path, b"/api/orders") {
                // lua: elseif request_path == "/api/orders" then
                // lua: ngx.say("Order List")
                ctx.say_bytes(b"Order List\n");
            } else {
                // lua: ngx.status = 404
                ctx.set_status(8, &V::Num(404.0))?;
                // lua: ngx.say("Not Found")
                ctx.say_bytes(b"Not Found\n");
            }
            Ok(())
        }
        "#,
    );
}

#[test]
fn errors_carry_line_and_operand_names() {
    compare(
        "local x\nlocal s = 'a' .. x .. ngx.var.arg_q\nngx.say(#s + x)",
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: local x
            let x = V::Nil;
            // lua: local s = 'a' .. x .. ngx.var.arg_q
            let s = ctx
                .concat(
                    2,
                    &[&V::lit(b"a"), &x, &ctx.var("arg_q")],
                    &["", "local 'x'", "field 'arg_q'"],
                )?;
            // lua: ngx.say(#s + x)
            ctx.say(
                &[
                    &ctx
                        .arith(
                            3,
                            Arith::Add,
                            &ctx.len(3, &s, "local 's'")?,
                            &x,
                            ["", "local 'x'"],
                        )?,
                ],
                true,
            );
            Ok(())
        }
        "#,
    );
}

#[test]
fn comparisons_swap_for_greater() {
    compare(
        "local a, b = 1, 2\nif a > b or a >= 3 then ngx.exit(404) end",
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: local a, b = 1, 2
            let a = V::Num(1.0);
            let b = V::Num(2.0);
            // lua: if a > b or a >= 3 then ngx.exit(404) end
            if (ctx.lt(2, &b, &a)? || ctx.le(2, &V::Num(3.0), &a)?) {
                // lua: if a > b or a >= 3 then ngx.exit(404) end
                return Err(ctx.exit(&V::Num(404.0)));
            }
            Ok(())
        }
        "#,
    );
}

#[test]
fn numeric_for_checks_its_control_values() {
    compare(
        "for i = 1, ngx.var.arg_n do\n  ngx.print(i)\nend",
        r#"
        fn f(ctx: &Ctx) -> Flow {
            // lua: for i = 1, ngx.var.arg_n do
            let (__r_i1, __r_limit2, __r_step3) = (V::Num(1.0), ctx.var("arg_n"), V::Num(1.0));
            let mut __r_i1 = ctx.for_num(1, &__r_i1, "initial value")?;
            let __r_limit2 = ctx.for_num(1, &__r_limit2, "limit")?;
            let __r_step3 = ctx.for_num(1, &__r_step3, "step")?;
            while for_continue(__r_i1, __r_limit2, __r_step3) {
                let i = V::Num(__r_i1);
                // lua: ngx.print(i)
                ctx.say(&[&i], false);
                __r_i1 += __r_step3;
            }
            Ok(())
        }
        "#,
    );
}

#[test]
fn reasons_name_the_construct_and_its_position() {
    assert_eq!(reason("local m = require 'x'"), "calls require at 1:11");
    assert_eq!(reason("\n  local ok = pcall(f)"), "calls pcall at 2:14");
    assert_eq!(reason("local t = {}"), "has a table constructor at 1:11");
    assert_eq!(
        reason("local function f() end"),
        "defines a function at 1:1"
    );
    assert_eq!(reason("x = 1"), "assigns the global 'x' at 1:1");
    assert_eq!(
        reason("ngx.say(os.getenv('HOME'))"),
        "calls os.getenv at 1:9"
    );
    assert_eq!(
        reason("ngx.exit('404')"),
        "calls ngx.exit with a string (only numbers are transpiled) at 1:10"
    );
    assert_eq!(
        reason("for k, v in pairs(t) do end"),
        "uses a generic for loop at 1:1"
    );
    assert_eq!(
        reason("local a = ngx.req.get_uri_args()\nngx.say(a.q:upper())"),
        "calls a string method on a nil|boolean|string|table value at 2:9"
    );
    assert_eq!(
        reason("local a, b\nngx.say('x' .. (a or b))"),
        "has an operand that may raise an error whose wording is not settled (an and/or result) at 2:16"
    );
    assert_eq!(
        reason("ngx.say(ngx.req.get_uri_args())"),
        "passes all results of a call returning several values at 1:9"
    );
    assert_eq!(
        reason("ngx.log(ngx.ERR, (ngx.req.get_headers()))"),
        "passes a table to ngx.log at 1:18"
    );
    assert_eq!(
        reason("ngx.say(string.rep('x', ngx.var.arg_n))"),
        "calls string.rep with a count that is not a constant up to 10000 at 1:9"
    );
    assert_eq!(reason("ngx.say(1LL)"), "has the number literal 1LL at 1:9");
    assert_eq!(
        reason("goto done ::done::"),
        "uses an unsupported statement (goto or label) at 1:1"
    );
    assert_eq!(
        reason("local s = 'x'\nreturn ngx.redirect(s)"),
        "tail-calls ngx.redirect (the error traceback of a tail call is not reproduced) at 2:8"
    );
}

#[test]
fn examples_are_native_or_say_why() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut lines = vec![];
    for ex in [
        "hello",
        "routing",
        "methods",
        "validation",
        "modules",
        "errors",
        "env",
    ] {
        let conf = root.join(ex).join("nginx.conf");
        let front = restyc::driver::front(&conf).unwrap_or_else(|_| panic!("{ex} loads"));
        for d in restyc::lua::decide(&front.plan, Some(&front.config.sources)) {
            lines.push(format!(
                "{ex} {} {}: {}",
                d.place,
                d.directive,
                restyc::lua::verdict_text(&d.verdict)
            ));
        }
    }
    let want = "\
hello location / content_by_lua_block: native
hello location /hello content_by_lua_block: native
routing location /api content_by_lua_block: native
methods location /api/resource content_by_lua_block: native
validation location /search content_by_lua_block: native
modules location /greet content_by_lua_block: luajit: calls require at nginx.conf:16:35
errors location /data content_by_lua_block: luajit: calls pcall at nginx.conf:19:37
errors location /boom content_by_lua_block: luajit: calls error at nginx.conf:35:17
errors location /unavailable content_by_lua_block: native
env location /config content_by_lua_block: luajit: calls os.getenv at nginx.conf:16:33
env location /undeclared content_by_lua_block: luajit: calls os.getenv at nginx.conf:28:52";
    assert_eq!(lines.join("\n"), want);
}

/// The verdicts of every handler of a configuration written to a temporary directory.
fn verdicts_of(conf: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("nginx.conf");
    std::fs::write(&path, conf).expect("write");
    let front = match restyc::driver::front(&path) {
        Ok(f) => f,
        Err((s, d)) => panic!("{}", restyc::diag::render_text(&d, &s, false)),
    };
    restyc::lua::decide(&front.plan, Some(&front.config.sources))
        .iter()
        .map(|d| {
            format!(
                "{} {}: {}",
                d.place,
                d.chunk.phase.directive_prefix(),
                restyc::lua::verdict_text(&d.verdict)
            )
        })
        .collect()
}

fn server(http_extra: &str, locations: &str) -> String {
    format!("events {{}}\nhttp {{\n{http_extra}\nserver {{\nlisten 58199;\n{locations}\n}}\n}}\n")
}

#[test]
fn replaced_globals_keep_their_users_on_luajit() {
    let v = verdicts_of(&server(
        "init_by_lua_block { tostring = function(x) return 'patched' end }",
        "location /a { content_by_lua_block { ngx.say(tostring(1)) } }\nlocation /b { content_by_lua_block { ngx.say(1) } }",
    ));
    assert_eq!(
        v,
        [
            "http init_by_lua: luajit: only rewrite, access and content handlers are transpiled, not init_by_lua at nginx.conf:3:20",
            "location /a content_by_lua: luajit: uses tostring, which the configuration reassigns at nginx.conf:6:46",
            "location /b content_by_lua: native",
        ]
    );
    let v = verdicts_of(&server(
        "",
        "location /a { content_by_lua_block { ngx.say = ngx.print } }\nlocation /b { content_by_lua_block { ngx.say(1) } }",
    ));
    assert_eq!(
        v[1],
        "location /b content_by_lua: luajit: uses ngx.say, which the configuration reassigns at nginx.conf:7:38"
    );
    // ngx.status / ngx.header.X / ngx.var.X writes are API uses, not replacements.
    let v = verdicts_of(&server(
        "",
        "location /a { rewrite_by_lua_block { ngx.var.x = 1 ngx.ctx.y = 2 } content_by_lua_block { ngx.status = 201 ngx.header.X = 1 ngx.say(1) } }",
    ));
    assert_eq!(v[1], "location /a content_by_lua: native");
}

#[test]
fn reaching_global_tables_taints_everything() {
    for (code, why) in [
        ("setmetatable(_G, {})", "uses setmetatable"),
        ("local s = string", "uses string as a value"),
        (
            "local r = ngx.req; r.get_method = nil",
            "uses ngx.req as a value",
        ),
        ("getmetatable('').__index = {}", "uses getmetatable"),
        (
            "local n = 'resty.' .. 'x'; local m = require(n)",
            "calls require with a computed name",
        ),
        ("rawset(ngx, 'say', print)", "uses rawset"),
    ] {
        let v = verdicts_of(&server(
            "",
            &format!(
                "location /a {{ access_by_lua_block {{ {code} }} }}\nlocation /b {{ content_by_lua_block {{ ngx.say(1) }} }}"
            ),
        ));
        let b = v.iter().find(|l| l.starts_with("location /b")).expect("b");
        assert!(b.starts_with(&format!("location /b content_by_lua: luajit: uses ngx.say, and the configuration {why} (at nginx.conf:6:")), "{code}: {b}");
    }
    // Trusted modules do not taint.
    let v = verdicts_of(&server(
        "",
        "location /a { content_by_lua_block { local cjson = require 'cjson' } }\nlocation /b { content_by_lua_block { ngx.say(1) } }",
    ));
    assert_eq!(v[1], "location /b content_by_lua: native");
}

#[test]
fn first_line_positions_count_from_the_brace() {
    let v = verdicts_of(&server(
        "",
        "location /a { content_by_lua_block {   ngx.say(x) } }",
    ));
    assert_eq!(
        v,
        ["location /a content_by_lua: luajit: reads the global 'x' at nginx.conf:6:48"]
    );
    let v = verdicts_of(&server(
        "",
        "location /a {\n    content_by_lua_block\n    {\n        ngx.say(y)\n    }\n}",
    ));
    assert_eq!(
        v,
        ["location /a content_by_lua: luajit: reads the global 'y' at nginx.conf:9:17"]
    );
}
