//! Native handlers equal LuaJIT, byte for byte: the corpus (`tests/transpile/corpus.conf`, one
//! location per feature or edge of the subset) plus property-generated handlers (random
//! expressions and statements of the subset), all in ONE configuration, built ONCE with
//! `restyc build --profile dev` and served once with `restyc run` (every handler on LuaJIT).
//! Every request goes to both; status, headers (except Date), body bytes and error-log lines
//! must be identical.
//!
//! The first build in a fresh cache compiles the runtime and LuaJIT (minutes); after that one
//! run is a small crate build plus the requests. `RESTYC_PROP_SEED` varies the generated
//! handlers (default: a fixed seed, so CI is deterministic); `RESTYC_PROP_CASES` their number.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Below the ephemeral range (32768–60999), so no client socket can hold it meanwhile.
const PORT: u16 = 28150;

/// One request to send: method, target, extra headers.
#[derive(Clone, Debug)]
struct Req {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    /// Which location it exercises (for messages).
    location: String,
}

/// A corpus location: its pattern, requests, and whether it must be native.
struct Case {
    pattern: String,
    reqs: Vec<Req>,
    luajit: bool,
}

fn parse_corpus(text: &str) -> Vec<Case> {
    let mut cases = vec![];
    let (mut reqs, mut hdrs, mut luajit) = (vec![], vec![], false);
    for line in text.lines() {
        let t = line.trim();
        if let Some(r) = t.strip_prefix("# req:") {
            let mut it = r.split_whitespace();
            let (m, u) = (it.next().unwrap_or("GET"), it.next().unwrap_or("/"));
            reqs.push((m.to_string(), u.to_string()));
        } else if let Some(h) = t.strip_prefix("# hdr:") {
            if let Some((n, v)) = h.trim().split_once(':') {
                hdrs.push((n.trim().to_string(), v.trim().to_string()));
            }
        } else if t == "# luajit" {
            luajit = true;
        } else if let Some(rest) = t.strip_prefix("location ") {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let (pattern, path) = match words.as_slice() {
                ["=", p, ..] => (format!("= {p}"), Some(p.to_string())),
                ["~", p, ..] | ["~*", p, ..] => (format!("~ {p}"), None),
                [p, ..] => (p.to_string(), Some(p.to_string())),
                _ => continue,
            };
            if reqs.is_empty() {
                if let Some(p) = &path {
                    reqs.push(("GET".to_string(), p.clone()));
                }
            }
            let rs = reqs
                .drain(..)
                .map(|(method, target)| Req {
                    method,
                    target,
                    headers: hdrs.clone(),
                    location: pattern.clone(),
                })
                .collect();
            cases.push(Case {
                pattern,
                reqs: rs,
                luajit,
            });
            hdrs.clear();
            luajit = false;
        }
    }
    cases
}

// --- property-generated handlers -------------------------------------------------------------

/// The query every generated handler gets: strings, numbers, a flag, an empty value, a repeat.
const PROP_QUERY: &str = "a=1&b=xyz&c&n=-2.5&e=&h=0x10&m=1&m=2&s=%20%33%20";

fn lits(v: &[&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(v.to_vec()).prop_map(String::from)
}

/// Expressions whose type is a string (so library calls on them are in the subset).
fn sexpr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        lits(&[
            "\"\"",
            "\"a\"",
            "\"10\"",
            "\" 3 \"",
            "\"0x1F\"",
            "\"abc\"",
            "\"1e2\"",
            "\"-0\"",
            "\"nan\"",
            "\"Zz\"",
            "'q'",
            "\"hello world\""
        ]),
        lits(&[
            "(ngx.var.arg_b or \"\")",
            "(ngx.var.arg_a or \"?\")",
            "ngx.req.get_method()",
            "(ngx.var.arg_s or \"\")"
        ]),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} .. {b})")),
            inner.clone().prop_map(|a| format!("string.upper({a})")),
            inner.clone().prop_map(|a| format!("({a}):lower()")),
            (inner.clone(), -4i32..5, -4i32..5)
                .prop_map(|(a, i, j)| format!("string.sub({a}, {i}, {j})")),
            (inner.clone(), 0i32..4).prop_map(|(a, n)| format!("string.rep({a}, {n}, \",\")")),
            inner.prop_map(|a| format!("tostring(#{a})")),
        ]
    })
}

/// Expressions whose type is a number.
fn nexpr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        lits(&[
            "0",
            "1",
            "-1",
            "2.5",
            "1e15",
            "0.1",
            "3",
            "10",
            "2^53",
            "1/0",
            "0/0",
            "-0.0",
            "123456789012345",
            "7.25",
            "1e-3",
            "ngx.status"
        ]),
        sexpr().prop_map(|s| format!("#{s}")),
        sexpr().prop_map(|s| format!("(tonumber({s}) or 0)")),
        (
            sexpr(),
            lits(&["\"a\"", "\"\"", "\"l\"", "\".\"", "\"1\""]),
            -3i32..4
        )
            .prop_map(|(s, p, i)| format!("(({s}):find({p}, {i}, true) or -1)")),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                lits(&["+", "-", "*", "/", "%", "^"]),
                inner.clone()
            )
                .prop_map(|(a, o, b)| format!("({a} {o} {b})")),
            inner.clone().prop_map(|a| format!("math.floor({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("math.max({a}, {b})")),
            inner.prop_map(|a| format!("(- {a})")),
        ]
    })
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => lits(&["args.a", "args.b", "args.c", "args.n", "args.e", "args.h", "args.m", "args.s", "args.zz"]),
        3 => lits(&["x1", "x2", "x3"]),
        1 => lits(&["nil", "true", "false", "ngx.var.arg_b", "ngx.var.uri", "ngx.var.nope"]),
        3 => nexpr(),
        3 => sexpr(),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(3, 16, 3, |inner| {
        let binop = prop::sample::select(vec!["+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or"]);
        prop_oneof![
            3 => (inner.clone(), binop, inner.clone()).prop_map(|(a, o, b)| format!("({a} {o} {b})")),
            1 => (inner.clone(), prop::sample::select(vec!["- ", "not ", "#"])).prop_map(|(a, o)| format!("({o}{a})")),
            1 => (inner.clone(), prop::sample::select(vec!["tonumber", "type"])).prop_map(|(a, f)| format!("{f}({a})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} .. \"|\" .. {b}")),
            1 => (lits(&["%d", "%5.2f", "%x", "%g", "%e", "%+.3d", "%c", "%08.3f", "%-5d|"]), nexpr())
                .prop_map(|(f, a)| format!("string.format(\"<{f}>\", {a})")),
            1 => (lits(&["%s", "%q", "%-6s|", "%.2s", "%5s"]), prop_oneof![sexpr(), nexpr()])
                .prop_map(|(f, a)| format!("string.format(\"<{f}>\", {a})")),
        ]
    })
}

fn stmt() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        4 => (1u8..4, expr()).prop_map(|(k, e)| format!("x{k} = {e}")),
        6 => prop::collection::vec(expr(), 1..4).prop_map(|es| format!("ngx.say({})", es.join(", "))),
        1 => expr().prop_map(|e| format!("ngx.print({e})")),
        1 => expr().prop_map(|e| format!("ngx.log(ngx.ERR, \"v=\", {e})")),
        1 => expr().prop_map(|e| format!("ngx.header.X_Prop = {e}")),
        1 => expr().prop_map(|e| format!("ngx.status = {e}")),
        1 => prop::sample::select(vec!["ngx.exit(404)", "ngx.exit(200)", "ngx.exit(ngx.OK)", "do return end"]).prop_map(String::from),
    ];
    simple.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            (
                expr(),
                prop::collection::vec(inner.clone(), 1..3),
                prop::collection::vec(inner.clone(), 0..2)
            )
                .prop_map(|(c, t, e)| {
                    if e.is_empty() {
                        format!("if {c} then\n{}\nend", t.join("\n"))
                    } else {
                        format!("if {c} then\n{}\nelse\n{}\nend", t.join("\n"), e.join("\n"))
                    }
                }),
            (prop::collection::vec(inner.clone(), 1..3), 1i32..4)
                .prop_map(|(b, n)| format!("for i = 1, {n} do\nx3 = i\n{}\nend", b.join("\n"))),
            (prop::collection::vec(inner.clone(), 1..3), 1i32..3).prop_map(|(b, n)| {
                format!(
                    "local k = 0\nwhile k < {n} do\nk = k + 1\n{}\nend",
                    b.join("\n")
                )
            }),
            (prop::collection::vec(inner, 1..3), expr()).prop_map(|(b, c)| {
                format!(
                    "local r = 0\nrepeat\nr = r + 1\n{}\nuntil r > 1 or {c}",
                    b.join("\n")
                )
            }),
        ]
    })
}

fn handler() -> impl Strategy<Value = String> {
    (expr(), expr(), prop::collection::vec(stmt(), 1..6)).prop_map(|(a, b, body)| {
        format!(
            "local args = ngx.req.get_uri_args()\nlocal x1, x2, x3\nx1 = {a}\nx2 = {b}\n{}",
            body.join("\n")
        )
    })
}

fn generated(n: usize, seed: u64) -> Vec<String> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let strat = handler();
    (0..n)
        .map(|_| {
            strat
                .new_tree(&mut runner)
                .map(|t| t.current())
                .unwrap_or_default()
        })
        .collect()
}

// --- servers and requests ---------------------------------------------------------------------

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(cmd: &mut Command, prefix: &Path) -> Server {
    let _ = std::fs::remove_dir_all(prefix);
    std::fs::create_dir_all(prefix.join("logs")).expect("prefix");
    assert!(
        TcpStream::connect(("127.0.0.1", PORT)).is_err(),
        "port {PORT} is already in use by another process"
    );
    let stderr = std::fs::File::create(prefix.join("stderr.txt")).expect("stderr file");
    let child = cmd
        .arg("-p")
        .arg(prefix)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("start server");
    let mut s = Server(child);
    let until = Instant::now() + Duration::from_secs(60);
    // The first request connects once the server listens (a refused connect costs nothing).
    while Instant::now() < until {
        if let Ok(Some(st)) = s.0.try_wait() {
            let err = std::fs::read_to_string(prefix.join("stderr.txt")).unwrap_or_default();
            panic!("the server exited ({st}) before listening:\n{err}");
        }
        if TcpStream::connect(("127.0.0.1", PORT))
            .map(|c| drop(c))
            .is_ok()
        {
            return s;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not start listening on {PORT}");
}

/// The response with `Date` removed, as bytes.
fn send(r: &Req) -> Vec<u8> {
    let mut c = match TcpStream::connect(("127.0.0.1", PORT)) {
        Ok(c) => c,
        Err(e) => return format!("connect failed: {e}").into_bytes(),
    };
    let _ = c.set_read_timeout(Some(Duration::from_secs(10)));
    let mut req = format!(
        "{} {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
        r.method, r.target
    );
    for (n, v) in &r.headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let _ = c.write_all(req.as_bytes());
    let mut out = vec![];
    let _ = c.read_to_end(&mut out);
    let text = out;
    let head_end = text
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(text.len());
    let head = String::from_utf8_lossy(&text[..head_end]);
    let mut kept: String = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
        .collect::<Vec<_>>()
        .join("\r\n");
    kept.push_str("<end of head>");
    let mut v = kept.into_bytes();
    v.extend_from_slice(&text[head_end..]);
    v
}

/// Error-log entries per request line, normalized (time, pid, connection number removed).
fn log_by_request(prefix: &Path) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(prefix.join("logs/error.log")).unwrap_or_default();
    let mut entries: Vec<String> = vec![];
    for line in text.lines() {
        let is_start = line.len() > 20
            && line.as_bytes()[4] == b'/'
            && line.as_bytes()[7] == b'/'
            && line.as_bytes()[13] == b':';
        if is_start || entries.is_empty() {
            entries.push(line.to_string());
        } else if let Some(last) = entries.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries {
        let Some(i) = e.rfind(", request: \"") else {
            continue;
        };
        let req = e[i + 12..].split('"').next().unwrap_or("").to_string();
        // `2026/12/03 10:01:33 [error] 14123#14123: *1 msg` → `[error] msg`
        let body = e.get(20..).unwrap_or("");
        let (level, rest) = body.split_once(' ').unwrap_or(("", body));
        let rest = rest.split_once(": ").map(|(_, r)| r).unwrap_or(rest);
        let rest = match rest.strip_prefix('*') {
            Some(r) => r.split_once(' ').map(|(_, m)| m).unwrap_or(r),
            None => rest,
        };
        out.entry(req).or_default().push(format!("{level} {rest}"));
    }
    out
}

enum KeepDir {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl KeepDir {
    fn path(&self) -> &Path {
        match self {
            KeepDir::Temp(t) => t.path(),
            KeepDir::Kept(p) => p,
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn native_build_equals_luajit() {
    let corpus_text =
        std::fs::read_to_string(root().join("tests/transpile/corpus.conf")).expect("corpus");
    let cases = parse_corpus(&corpus_text);
    assert!(
        cases.len() >= 150,
        "the corpus has {} handlers",
        cases.len()
    );

    let seed: u64 = std::env::var("RESTYC_PROP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261203);
    let n: usize = std::env::var("RESTYC_PROP_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let props = generated(n, seed);

    // One configuration: the corpus with the generated locations added to its server.
    let mut extra = String::new();
    for (i, src) in props.iter().enumerate() {
        let body: String = src
            .lines()
            .map(|l| format!("                {l}\n"))
            .collect();
        extra.push_str(&format!("        location = /prop/{i:03} {{\n            content_by_lua_block {{\n{body}            }}\n        }}\n"));
    }
    let cut = corpus_text
        .rfind("\n    }\n}")
        .expect("the corpus ends with its server block");
    let combined = format!("{}\n{}{}", &corpus_text[..cut], extra, &corpus_text[cut..]);
    let tmp = tempfile::tempdir().expect("tmp");
    if std::env::var_os("RESTYC_KEEP").is_some() {
        eprintln!("keeping {}", tmp.path().display());
    }
    let tmp = if std::env::var_os("RESTYC_KEEP").is_some() {
        KeepDir::Kept(tmp.keep())
    } else {
        KeepDir::Temp(tmp)
    };
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).expect("dir");
    let conf = dir.join("corpus.conf");
    std::fs::write(&conf, &combined).expect("write conf");

    // Which handlers are native: every corpus one not marked `# luajit`.
    let front = match restyc::driver::front(&conf) {
        Ok(f) => f,
        Err((sources, diags)) => panic!(
            "the combined configuration does not load:\n{}",
            restyc::diag::render_text(&diags, &sources, false)
        ),
    };
    let decisions = restyc::lua::decide(&front.plan, Some(&front.config.sources));
    let verdict_of = |pattern: &str| -> Option<String> {
        let (kind, pat) = pattern.split_once(' ').unwrap_or(("", pattern));
        let place = match kind {
            "=" => format!("location = {pat}"),
            "~" => format!("location ~ {pat}"),
            _ => format!("location {pattern}"),
        };
        decisions
            .iter()
            .find(|d| d.place == place && d.chunk.phase == restyc_runtime::phase::Phase::Content)
            .map(|d| restyc::lua::verdict_text(&d.verdict))
    };
    let mut wrong = vec![];
    for c in &cases {
        let v = verdict_of(&c.pattern).unwrap_or_else(|| "no content handler".into());
        if (v == "native") == c.luajit {
            wrong.push(format!("{}: {v}", c.pattern));
        }
    }
    assert!(
        wrong.is_empty(),
        "corpus handlers with an unexpected verdict:\n{}",
        wrong.join("\n")
    );
    let prop_native = (0..props.len())
        .filter(|i| verdict_of(&format!("= /prop/{i:03}")).as_deref() == Some("native"))
        .count();
    eprintln!(
        "generated handlers: {prop_native} of {} native (seed {seed})",
        props.len()
    );

    // Build once.
    let restyc = env!("CARGO_BIN_EXE_restyc");
    let bin = tmp.path().join("corpus-native");
    let st = Command::new(restyc)
        .args(["build", "--profile", "dev", "-o"])
        .arg(&bin)
        .arg(&conf)
        .status()
        .expect("run restyc build");
    assert!(st.success(), "restyc build failed");

    let mut reqs: Vec<Req> = cases.iter().flat_map(|c| c.reqs.clone()).collect();
    for i in 0..props.len() {
        reqs.push(Req {
            method: "GET".into(),
            target: format!("/prop/{i:03}?{PROP_QUERY}"),
            headers: vec![],
            location: format!("= /prop/{i:03}"),
        });
    }

    let run = |native: bool| -> (Vec<Vec<u8>>, BTreeMap<String, Vec<String>>) {
        let prefix = tmp.path().join(if native { "native" } else { "luajit" });
        let mut cmd = if native {
            Command::new(&bin)
        } else {
            let mut c = Command::new(restyc);
            c.arg("run").arg(&conf);
            c
        };
        let server = start(&mut cmd, &prefix);
        let answers: Vec<Vec<u8>> = reqs.iter().map(send).collect();
        std::thread::sleep(Duration::from_millis(300));
        drop(server);
        (answers, log_by_request(&prefix))
    };
    let (native, nlog) = run(true);
    let (luajit, llog) = run(false);

    let mut failures = vec![];
    for (i, r) in reqs.iter().enumerate() {
        let line = format!("{} {} HTTP/1.1", r.method, r.target);
        let (a, b) = (&native[i], &luajit[i]);
        let (la, lb) = (
            nlog.get(&line).cloned().unwrap_or_default(),
            llog.get(&line).cloned().unwrap_or_default(),
        );
        if a != b || la != lb {
            let src = r
                .location
                .strip_prefix("= /prop/")
                .and_then(|k| k.parse::<usize>().ok())
                .map(|k| format!("\n--- generated handler:\n{}", props[k]))
                .unwrap_or_default();
            failures.push(format!(
                "### {} ({})\n--- native:\n{}\n{}\n--- luajit:\n{}\n{}{src}",
                line,
                r.location,
                String::from_utf8_lossy(a),
                la.join("\n"),
                String::from_utf8_lossy(b),
                lb.join("\n")
            ));
        }
    }
    eprintln!("{} requests compared", reqs.len());
    assert!(
        failures.is_empty(),
        "{} of {} responses differ:\n\n{}",
        failures.len(),
        reqs.len(),
        failures.join("\n\n")
    );
}
