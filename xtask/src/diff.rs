//! `cargo xtask diff`: the differential conformance suite.
//!
//! Every case of `xtask/cases/*.t` (and every example's README requests) is served by real
//! nginx with lua-nginx-module and by restyc, one fresh server per case and side, on the same
//! port and the same prefix path; the two answers are compared: status line, headers
//! (order-insensitive, names case-insensitive, `Date` ignored), body bytes, framing, and the
//! error-log lines a case greps for. The expected answer is whatever nginx says in this run.
//! Known, intended differences are listed, with a reason each, in
//! `xtask/cases/KNOWN_DIFFERENCES.md`; any other mismatch fails the suite.

mod backends;
mod case;
mod combined;
mod examples;
mod http;
mod server;
mod tls;

use std::collections::BTreeMap;
use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use case::{Case, Free};
use http::Exchange;
use server::Server;

const USAGE: &str = "\
usage: cargo xtask diff [options]
  --filter REGEX        only cases whose name (`file/title`) matches
  --target run          restyc run CONF -p PREFIX (default; builds restyc first)
  --target nginx        nginx against nginx (checks the harness and that cases are deterministic)
  --target binary PATH  a compiled server, started as `PATH -p PREFIX` (its config is baked in;
                        only sensible with --examples or a filter selecting one config)
  --target build        `restyc build` each case's config, then run the binary (slow)
  --examples            only the examples' README requests
  --no-examples         only the case files
  --verbose             print both answers of passing cases too
  --show                print nginx's answer of every case (to read what a case checks)
  --keep                keep the scratch prefixes (printed at the end)
  --no-build            do not run `cargo build -p restyc` first
  --list                list the selected cases and exit
  --cases DIR           read the `*.t` files (and KNOWN_DIFFERENCES.md) from DIR instead of
                        xtask/cases
  --combined            serve every case that can share a config from one config (one server
                        block, port and error log per case): one start (or one `restyc build`)
                        for all of them; the others run one by one
";

struct Opts {
    filter: Option<regex::Regex>,
    target: Server,
    examples: Option<bool>,
    verbose: bool,
    show: bool,
    keep: bool,
    build: bool,
    list: bool,
    combined: bool,
    /// Where the `*.t` files are (default `xtask/cases`).
    cases: Option<PathBuf>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_root().join("target"),
    }
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let restyc = target_dir().join("debug").join("restyc");
    let mut o = Opts {
        filter: None,
        target: Server::RestycRun(restyc.clone()),
        examples: None,
        verbose: false,
        show: false,
        keep: false,
        build: true,
        list: false,
        combined: false,
        cases: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--filter" => {
                let v = it.next().ok_or("--filter needs a REGEX")?;
                o.filter = Some(regex::Regex::new(v).map_err(|e| format!("--filter: {e}"))?);
            }
            "--target" => match it.next().map(String::as_str) {
                Some("run") => o.target = Server::RestycRun(restyc.clone()),
                Some("nginx") => o.target = Server::Nginx,
                Some("build") => o.target = Server::Build(restyc.clone()),
                Some("binary") => {
                    let p = it.next().ok_or("--target binary needs a PATH")?;
                    let p = fs::canonicalize(p).map_err(|e| format!("--target binary {p}: {e}"))?;
                    o.target = Server::Binary(p);
                }
                other => {
                    return Err(format!(
                        "--target: expected run, nginx, binary PATH or build, got {other:?}"
                    ));
                }
            },
            "--examples" => o.examples = Some(true),
            "--no-examples" => o.examples = Some(false),
            "--verbose" | "-v" => o.verbose = true,
            "--show" => o.show = true,
            "--keep" => o.keep = true,
            "--no-build" => o.build = false,
            "--list" => o.list = true,
            "--combined" => o.combined = true,
            "--cases" => o.cases = Some(PathBuf::from(it.next().ok_or("--cases needs a DIR")?)),
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

/// Load every case file under xtask/cases.
fn load_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "t"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        all.extend(case::parse_file(&stem, &text)?);
    }
    Ok(all)
}

/// `KNOWN_DIFFERENCES.md`: list items "- `file/title` — reason".
fn load_known(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let Ok(text) = fs::read_to_string(path) else {
        return Ok(BTreeMap::new());
    };
    let re = regex::Regex::new(r"^[-*]\s+`([^`]+)`\s*(?:—|–|-|:)?\s*(.*)$").expect("regex");
    let mut m = BTreeMap::new();
    for (i, l) in text.lines().enumerate() {
        if let Some(c) = re.captures(l) {
            let reason = c[2].trim().to_string();
            if reason.is_empty() {
                return Err(format!(
                    "{}:{}: entry `{}` has no reason",
                    path.display(),
                    i + 1,
                    &c[1]
                ));
            }
            m.insert(c[1].to_string(), reason);
        }
    }
    Ok(m)
}

/// One side's observed answer, rendered for comparison.
struct Observed {
    text: String,
    /// The server could not be started, or did not answer at all.
    failure: Option<String>,
}

fn render_body(body: &[u8]) -> String {
    let s = http::escaped_text(body);
    let mut out = String::new();
    for piece in s.split_inclusive('\n') {
        out.push('|');
        for ch in piece.chars() {
            match ch {
                '\n' => out.push('$'),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

const FRAMING_HEADERS: [&str; 4] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
];

fn render(ex: &Exchange, log: &Option<Vec<String>>, free: &Free) -> String {
    let mut t = String::new();
    if let Some(e) = &ex.error {
        t.push_str(&format!("!! {e}\n"));
    }
    if let Some(tls) = &ex.tls {
        t.push_str(&format!("== tls {tls}\n"));
    }
    for (i, r) in ex.responses.iter().enumerate() {
        t.push_str(&format!("== response {}\n", i + 1));
        if free.reason {
            let mut w = r.status_line.splitn(3, ' ');
            t.push_str(&format!(
                "{} {}\n",
                w.next().unwrap_or(""),
                w.next().unwrap_or("")
            ));
        } else {
            t.push_str(&r.status_line);
            t.push('\n');
        }
        let mut hs: Vec<(String, String)> = r
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .map(|(n, v)| match n == "date" && is_now(&v) {
                true => (n, "<now>".into()),
                false => (n, v),
            })
            .filter(|(n, _)| !(free.server && n == "server"))
            .filter(|(n, _)| !free.headers.contains(n))
            .filter(|(n, _)| !(free.framing && FRAMING_HEADERS.contains(&n.as_str())))
            .collect();
        if std::env::var_os("RESTYC_DIFF_ANY_ORDER").is_some() {
            hs.sort();
        }
        for (n, v) in hs {
            t.push_str(&format!("{n}: {v}\n"));
        }
        if !free.framing {
            t.push_str(&format!("-- framing: {}\n", r.framing.as_str()));
        }
        for (n, v) in &r.trailers {
            t.push_str(&format!("-- trailer {}: {v}\n", n.to_ascii_lowercase()));
        }
        if r.truncated {
            t.push_str("-- truncated\n");
        }
        if free.body {
            t.push_str(&format!("-- body: {} bytes (not compared)\n", r.body.len()));
        } else if !r.body.is_empty() {
            t.push_str(&format!("-- body ({} bytes)\n", r.body.len()));
            t.push_str(&render_body(&mask_dates(&r.body)));
        }
    }
    if !ex.unparsed.is_empty() {
        t.push_str(&format!(
            "== raw bytes ({}), not an HTTP response\n",
            ex.unparsed.len()
        ));
        t.push_str(&render_body(&mask_dates(&ex.unparsed)));
    }
    if ex.responses.is_empty() && ex.unparsed.is_empty() {
        t.push_str("== no answer\n");
    }
    if !free.framing {
        t.push_str(if ex.closed {
            "== connection closed by server\n"
        } else {
            "== connection left open\n"
        });
    }
    if ex.timed_out {
        t.push_str("== timed out waiting for the answer\n");
    }
    if let Some(lines) = log {
        if free.error_log {
            t.push_str(&format!(
                "== error_log: {} matches (not compared)\n",
                lines.len()
            ));
        } else {
            t.push_str(&format!("== error_log matches ({})\n", lines.len()));
            for l in lines {
                t.push_str(l);
                t.push('\n');
            }
        }
    }
    t
}

/// A response head read as body bytes (a header-only answer to what the client sent as GET, a
/// pipelined answer after it) carries a Date of its own: the second it was sent, not compared.
/// Whether an HTTP date is about now (the server's own Date), not one a handler set.
fn is_now(date: &str) -> bool {
    let Ok(t) = httpdate::parse_http_date(date) else {
        return false;
    };
    let now = std::time::SystemTime::now();
    let off = now.duration_since(t).or_else(|_| t.duration_since(now));
    off.is_ok_and(|d| d.as_secs() < 3600)
}

fn mask_dates(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    static DATE: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(
            r"(?i)(\ndate: )[a-z]{3}, \d{2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT",
        )
        .expect("regex")
    });
    DATE.replace_all(body, &b"${1}<date>"[..])
}

/// Error-log text with timestamps, pids and connection numbers removed.
fn normalize_log(text: &str) -> String {
    let re = regex::Regex::new(
        r"(?m)^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \[(\w+)\] \d+#\d+: (?:\*\d+ )?",
    )
    .expect("regex");
    re.replace_all(text, "[$1] ").into_owned()
}

fn grep_log_file(path: &Path, re: &str) -> Vec<String> {
    // (an access log with escape=none holds the client's bytes, UTF-8 or not)
    let text = http::escaped_text(&fs::read(path).unwrap_or_default());
    let norm = normalize_log(&text);
    let Ok(re) = regex::Regex::new(re) else {
        return vec![];
    };
    re.find_iter(&norm)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Everything the harness needs to run one case.
pub struct Job {
    pub case: Case,
    /// Ports to rewrite placeholders with; the first is where requests go.
    pub ports: Vec<u16>,
    /// The full config text (already with ports).
    pub conf_text: String,
    /// Where the config goes, relative to the prefix.
    pub conf_rel: String,
    /// Copy this directory into the prefix first (examples).
    pub copy_from: Option<PathBuf>,
}

fn ports_needed(case: &Case) -> usize {
    let all = format!(
        "{}{}{}{}{}{}",
        case.main_config,
        case.http_config,
        case.config,
        case.full_config.as_deref().unwrap_or(""),
        case.tcp_mock.as_ref().map_or("", |m| m.listen.as_str()),
        case.memcached.as_deref().unwrap_or(""),
    );
    (2..=4)
        .rev()
        .find(|i| all.contains(&format!("$PORT{i}")))
        .unwrap_or(1)
}

fn make_job(case: Case, scratch_prefix: &Path) -> Job {
    let mut ports: Vec<u16> = Vec::new();
    while ports.len() < ports_needed(&case) {
        let p = server::free_port();
        if !ports.contains(&p) {
            ports.push(p);
        }
    }
    let conf_text = server::build_config(&case, &ports, scratch_prefix);
    Job {
        case,
        ports,
        conf_text,
        conf_rel: "conf/nginx.conf".into(),
        copy_from: None,
    }
}

fn wait_port_free(ports: &[u16]) {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let busy = match server::listening_ports() {
            Some(set) => ports.iter().any(|p| set.contains(p)),
            None => ports.iter().any(|p| server::listening(*p)),
        };
        if !busy || Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Run one side of one job.
fn run_side(job: &Job, srv: &Server, scratch: &Path, prefix: &Path) -> Observed {
    let case = &job.case;
    let conf_path = match server::prepare_prefix(
        prefix,
        &job.conf_rel,
        &job.conf_text,
        &case.user_files,
        job.copy_from.as_deref(),
    ) {
        Ok(p) => p,
        Err(e) => {
            return Observed {
                text: String::new(),
                failure: Some(e),
            };
        }
    };
    let ports = &job.ports;
    wait_port_free(ports);
    let mock = match &case.tcp_mock {
        Some(spec) => {
            match backends::start(spec, &server::substitute(&spec.listen, ports, prefix)) {
                Ok(m) => Some(m),
                Err(e) => {
                    return Observed {
                        text: String::new(),
                        failure: Some(e),
                    };
                }
            }
        }
        None => None,
    };
    let memcached = match &case.memcached {
        Some(p) => match backends::start_memcached(&server::substitute(p, ports, prefix)) {
            Ok(m) => Some(m),
            Err(e) => {
                return Observed {
                    text: String::new(),
                    failure: Some(e),
                };
            }
        },
        None => None,
    };
    let running = match server::start(srv, prefix, &conf_path, &case.env, ports, scratch) {
        Ok(r) => r,
        Err(e) => {
            if let Some(m) = mock {
                m.finish();
            }
            if let Some(m) = memcached {
                m.stop();
            }
            return Observed {
                text: String::new(),
                failure: Some(e),
            };
        }
    };
    let out = http::build(case);
    let addr: SocketAddr = ([127, 0, 0, 1], ports[0]).into();
    let ex = http::exchange(addr, &out, Duration::from_secs_f64(case.timeout));
    if case.wait > 0.0 {
        std::thread::sleep(Duration::from_secs_f64(case.wait));
    }
    let label = running.label;
    let stderr = server::stop(running);
    let received = mock.map(|m| m.finish());
    if let Some(m) = memcached {
        m.stop();
    }
    let log_file = case.error_log_file.as_deref().unwrap_or("logs/error.log");
    let log = case
        .grep_error_log
        .as_ref()
        .map(|re| grep_log_file(&prefix.join(log_file), re));
    let mut text = render(&ex, &log, &case.free);
    if let Some(got) = received.filter(|_| case.tcp_mock.as_ref().is_some_and(|m| m.show_query)) {
        text.push_str(&format!("== tcp_listen received ({} bytes)\n", got.len()));
        text.push_str(&render_body(&got));
    }
    let failure = if ex.responses.is_empty() && ex.unparsed.is_empty() && ex.error.is_some() {
        Some(format!(
            "{label}: {}\n{stderr}",
            ex.error.clone().unwrap_or_default()
        ))
    } else {
        None
    };
    Observed { text, failure }
}

enum Outcome {
    Pass,
    Fail(String),
    Known(String, String),
    Skip(String),
}

pub fn main(args: &[String]) -> u8 {
    // die quietly when piped into `head`
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let opts = match parse_opts(args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("xtask diff: {e}\n");
            }
            eprint!("{USAGE}");
            return 2;
        }
    };
    if let Err(e) = crate::deps::ensure_test_deps(crate::deps::Extra::default()) {
        eprintln!("{e}");
        return 1;
    }
    let root = workspace_root();
    let cases_dir = opts
        .cases
        .clone()
        .unwrap_or_else(|| root.join("xtask").join("cases"));
    let known = match load_known(&cases_dir.join("KNOWN_DIFFERENCES.md")) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("xtask diff: {e}");
            return 1;
        }
    };
    let scratch_root = std::env::temp_dir().join(format!("restyc-diff-{}", std::process::id()));
    if let Err(e) = fs::create_dir_all(&scratch_root) {
        eprintln!("xtask diff: {}: {e}", scratch_root.display());
        return 1;
    }

    // Select cases and examples.
    let mut cases = Vec::new();
    if opts.examples != Some(true) {
        match load_cases(&cases_dir) {
            Ok(c) => cases.extend(c.into_iter().map(|c| (c, None))),
            Err(e) => {
                eprintln!("xtask diff: {e}");
                return 1;
            }
        }
    }
    if opts.examples != Some(false) {
        match examples::load(&root.join("examples")) {
            Ok(ex) => cases.extend(ex.into_iter().map(|(c, ex)| (c, Some(ex)))),
            Err(e) => {
                eprintln!("xtask diff: {e}");
                return 1;
            }
        }
    }
    if let Some(f) = &opts.filter {
        cases.retain(|(c, _)| f.is_match(&c.name()));
    }
    if opts.list {
        for (c, _) in &cases {
            println!("{}", c.name());
        }
        println!("{} cases", cases.len());
        return 0;
    }
    for name in known.keys() {
        if !cases.iter().any(|(c, _)| &c.name() == name)
            && opts.filter.is_none()
            && opts.examples.is_none()
        {
            eprintln!("warning: KNOWN_DIFFERENCES.md names `{name}`, which is no case");
        }
    }

    let is_restyc = !matches!(opts.target, Server::Nginx);
    if opts.build && matches!(opts.target, Server::RestycRun(_) | Server::Build(_)) {
        eprintln!("building restyc (cargo build -p restyc)…");
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "-q", "-p", "restyc"])
            .current_dir(&root)
            .status();
        match st {
            Ok(s) if s.success() => {}
            Ok(s) => eprintln!(
                "warning: cargo build -p restyc failed ({s}); using whatever target/debug/restyc is"
            ),
            Err(e) => eprintln!("warning: could not run cargo: {e}"),
        }
    }
    println!(
        "restyc differential suite: {} cases, nginx vs {}",
        cases.len(),
        opts.target.label()
    );

    let (mut passed, mut failed, mut skipped, mut known_n) = (0usize, 0usize, 0usize, 0usize);
    let mut failed_names = Vec::new();
    let started = Instant::now();

    let skip_reason = |c: &Case| -> Option<String> {
        if let Some(r) = c.skip_restyc.clone().filter(|_| is_restyc) {
            return Some(r);
        }
        c.skip_nginx.clone().map(|r| format!("skip_nginx: {r}"))
    };

    // --combined: serve the combinable cases from one config first.
    let mut combined_results: BTreeMap<usize, (Observed, Observed, String, String)> =
        BTreeMap::new();
    if opts.combined {
        let pick: Vec<(usize, &Case)> = cases
            .iter()
            .enumerate()
            .filter(|(_, (c, ex))| {
                ex.is_none() && skip_reason(c).is_none() && combined::combinable(c)
            })
            .map(|(i, (c, _))| (i, c))
            .collect();
        let scratch = scratch_root.join("combined");
        let _ = fs::create_dir_all(&scratch);
        let prefix = scratch.join("p");
        let by_idx: BTreeMap<usize, &Case> = pick.iter().map(|(i, c)| (*i, *c)).collect();
        let mut pick = pick;
        // A case that one server refuses at startup leaves the combined config (and runs on its
        // own); a few rounds of that, then give up and run everything one by one.
        for _round in 0..4 {
            if pick.is_empty() {
                break;
            }
            let (group, _left_out) = combined::build(&pick, &prefix);
            println!(
                "combined config: {} cases in one config ({} lines), served by nginx, then {}",
                group.members.len(),
                group.conf.lines().count(),
                opts.target.label()
            );
            let res = combined::run(&group, &by_idx, &Server::Nginx, &scratch, &prefix)
                .map_err(|e| ("nginx", e))
                .and_then(|a| {
                    combined::run(&group, &by_idx, &opts.target, &scratch, &prefix)
                        .map(|b| (a, b))
                        .map_err(|e| (opts.target.label(), e))
                });
            match res {
                Ok((a, b)) => {
                    for (((idx, a), b), ex) in
                        group.members.iter().zip(a).zip(b).zip(&group.excerpts)
                    {
                        combined_results.insert(*idx, (a, b, ex.clone(), ex.clone()));
                    }
                    break;
                }
                Err((who, e)) => {
                    let bad = combined::culprits(&group, &e);
                    let head: String = e.lines().take(40).map(|l| format!("{l}\n")).collect();
                    if bad.is_empty() {
                        println!(
                            "combined config: {who} could not serve it, running the cases one by one:\n{}",
                            indent(&head)
                        );
                        break;
                    }
                    let names: Vec<String> = bad.iter().map(|i| by_idx[i].name()).collect();
                    println!(
                        "combined config: {who} refused {} case(s), which run on their own: {}",
                        bad.len(),
                        names.join(", ")
                    );
                    pick.retain(|(i, _)| !bad.contains(i));
                }
            }
        }
        if !opts.keep {
            let _ = fs::remove_dir_all(&scratch);
        }
    }

    for (idx, (case, example)) in cases.into_iter().enumerate() {
        let name = case.name();
        let scratch = scratch_root.join(format!("{idx:04}"));
        let prefix = scratch.join("p");
        let outcome = if let Some(r) = skip_reason(&case) {
            Outcome::Skip(r)
        } else {
            let (a, b, conf_text, numbered) = match combined_results.remove(&idx) {
                Some(r) => r,
                None => {
                    let _ = fs::create_dir_all(&scratch);
                    // A compiled binary has its listen ports baked in: examples keep their own ports.
                    let rewrite_ports = !matches!(opts.target, Server::Binary(_));
                    let job = match example {
                        Some(ex) => examples::make_job(case, &ex, rewrite_ports),
                        None => make_job(case, &prefix),
                    };
                    let a = run_side(&job, &Server::Nginx, &scratch, &prefix);
                    let b = run_side(&job, &opts.target, &scratch, &prefix);
                    let numbered = number_lines(&job.conf_text);
                    (a, b, job.conf_text, numbered)
                }
            };
            judge(
                &opts, &known, is_restyc, &name, &a, &b, &conf_text, &numbered,
            )
        };
        match outcome {
            Outcome::Pass => {
                passed += 1;
                println!("ok      {name}");
            }
            Outcome::Skip(r) => {
                skipped += 1;
                println!("skip    {name} ({r})");
            }
            Outcome::Known(r, d) => {
                known_n += 1;
                println!("known   {name} ({r})");
                if opts.verbose {
                    println!("{d}");
                }
            }
            Outcome::Fail(d) => {
                failed += 1;
                failed_names.push(name.clone());
                println!("FAIL    {name}\n{}", indent(&d));
            }
        }
        if !opts.keep {
            let _ = fs::remove_dir_all(&scratch);
        }
    }
    if !opts.keep {
        let _ = fs::remove_dir_all(&scratch_root);
    } else {
        println!("scratch prefixes kept under {}", scratch_root.display());
    }
    if !failed_names.is_empty() {
        println!("\nfailed cases:");
        for n in &failed_names {
            println!("  {n}");
        }
    }
    if known_n > 0 {
        println!("known differences (KNOWN_DIFFERENCES.md): {known_n}, counted as skipped");
    }
    println!("time: {:.1} s", started.elapsed().as_secs_f64());
    println!(
        "diff: {passed} passed, {failed} failed, {} skipped",
        skipped + known_n
    );
    if failed > 0 { 1 } else { 0 }
}

/// Compare the two sides of one case.
fn judge(
    opts: &Opts,
    known: &BTreeMap<String, String>,
    is_restyc: bool,
    name: &str,
    a: &Observed,
    b: &Observed,
    conf_text: &str,
    conf_numbered: &str,
) -> Outcome {
    let mut diff = String::new();
    if let Some(f) = &a.failure {
        diff.push_str(&format!("nginx failed: {f}\n"));
    }
    if let Some(f) = &b.failure {
        diff.push_str(&format!(
            "{} failed: {}\n",
            opts.target.label(),
            last_lines(f, 60)
        ));
    }
    let same = a.failure.is_none() && b.failure.is_none() && a.text == b.text;
    if !same && a.failure.is_none() && b.failure.is_none() {
        let d = similar::TextDiff::from_lines(&a.text, &b.text);
        diff.push_str(
            &d.unified_diff()
                .context_radius(4)
                .header("nginx", opts.target.label())
                .to_string(),
        );
    }
    if opts.verbose {
        println!(
            "---- {name}: config\n{conf_text}---- nginx\n{}---- {}\n{}",
            a.text,
            opts.target.label(),
            b.text
        );
    } else if opts.show {
        println!(
            "---- {name}\n{}{}",
            a.text,
            a.failure.as_deref().unwrap_or("")
        );
    }
    if same {
        Outcome::Pass
    } else if let Some(reason) = known.get(name).filter(|_| is_restyc) {
        Outcome::Known(reason.clone(), diff)
    } else {
        if !opts.verbose {
            diff = format!("{diff}---- config\n{conf_numbered}");
        }
        Outcome::Fail(diff)
    }
}

fn last_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() <= n {
        return s.to_string();
    }
    format!(
        "[… {} lines]\n{}",
        lines.len() - n,
        lines[lines.len() - n..].join("\n")
    )
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

fn number_lines(s: &str) -> String {
    s.lines()
        .enumerate()
        .map(|(i, l)| format!("{:3} {l}\n", i + 1))
        .collect()
}
