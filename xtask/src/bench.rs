//! `cargo xtask bench`: restyc against real nginx + lua module, side by side, on this machine.
//!
//! Each scenario builds a restyc server from `bench/<scenario>/nginx.conf` and runs the same config
//! on nginx (with the lua module loaded, `master_process off`, one worker). The server is pinned to
//! CPU 0 and wrk to CPU 1; A and B runs alternate. Reported per scenario: median requests/s, p50 and
//! p99 latency, the server's CPU time per request (user + system time of the serving process over
//! the run divided by the requests served — the headline figure: on 2 cores wrk saturates its own
//! core first), peak RSS, and the ratios restyc / nginx. Results go to BENCHMARKS.md and
//! bench/results.json.

use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Scenario {
    name: &'static str,
    dir: &'static str,
    port: u16,
    path: &'static str,
    /// Run every handler on LuaJIT (`--no-native`).
    no_native: bool,
    what: &'static str,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "hello-native",
        dir: "hello",
        port: 18101,
        path: "/",
        no_native: false,
        what: "ngx.say('Hello, OpenResty!'), transpiled when the transpiler proves it",
    },
    Scenario {
        name: "hello-luajit",
        dir: "hello",
        port: 18101,
        path: "/",
        no_native: true,
        what: "the same handler on LuaJIT (--no-native)",
    },
    Scenario {
        name: "cjson",
        dir: "cjson",
        port: 18102,
        path: "/x?a=1&b=2",
        no_native: false,
        what: "ngx.var.uri + two uri args → cjson.encode, plus a cjson.decode",
    },
    Scenario {
        name: "shdict-incr",
        dir: "shdict",
        port: 18103,
        path: "/",
        no_native: false,
        what: "ngx.shared.DICT:incr counter",
    },
    Scenario {
        name: "routing-500",
        dir: "routing500",
        port: 18104,
        path: "/p249/x",
        no_native: false,
        what: "500 locations (prefix + regex), request falls through all regexes",
    },
    Scenario {
        name: "routing-5",
        dir: "routing5",
        port: 18105,
        path: "/p249/x",
        no_native: false,
        what: "the same shape with 5 locations",
    },
];

#[derive(Clone, Debug, Default, serde::Serialize)]
struct Sample {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    cpu_us_per_req: f64,
    rss_kb: u64,
    requests: u64,
}

#[derive(serde::Serialize)]
struct Row {
    scenario: String,
    what: String,
    restyc: Sample,
    nginx: Sample,
    runs: usize,
}

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Nothing listens on `port` yet: a server left running there (from another run or by hand)
/// would answer in place of the one measured.
fn ensure_free(port: u16) -> Result<(), String> {
    match TcpStream::connect(("127.0.0.1", port)) {
        Ok(_) => Err(format!(
            "port {port} is already served by another process: stop it first"
        )),
        Err(_) => Ok(()),
    }
}

fn wait_port(port: u16) -> Result<Duration, String> {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(t.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(format!("nothing listens on {port}"))
}

/// user+system CPU seconds and peak RSS (kB) of a process.
fn proc_stats(pid: u32) -> (f64, u64) {
    let tick = unsafe_clk_tck();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ut: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let st: f64 = f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    ((ut + st) / tick, hwm)
}

fn unsafe_clk_tck() -> f64 {
    // getconf CLK_TCK is 100 on Linux x86_64.
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

fn parse_ms(s: &str) -> f64 {
    let s = s.trim();
    if let Some(v) = s.strip_suffix("us") {
        v.parse::<f64>().unwrap_or(0.0) / 1000.0
    } else if let Some(v) = s.strip_suffix("ms") {
        v.parse().unwrap_or(0.0)
    } else if let Some(v) = s.strip_suffix('s') {
        v.parse::<f64>().unwrap_or(0.0) * 1000.0
    } else {
        0.0
    }
}

fn wrk(port: u16, path: &str, secs: u64) -> Result<(f64, f64, f64, u64), String> {
    let out = Command::new("taskset")
        .args([
            "-c",
            "1",
            "wrk",
            "-t1",
            "-c32",
            &format!("-d{secs}s"),
            "--latency",
            &format!("http://127.0.0.1:{port}{path}"),
        ])
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut rps = 0.0;
    let mut p50 = 0.0;
    let mut p99 = 0.0;
    let mut reqs = 0;
    for l in text.lines() {
        let t = l.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = t.strip_prefix("50%") {
            p50 = parse_ms(v);
        } else if let Some(v) = t.strip_prefix("99%") {
            p99 = parse_ms(v);
        } else if t.contains("requests in") {
            reqs = t
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
        if t.starts_with("Non-2xx") {
            return Err(format!("wrk saw errors: {t}"));
        }
    }
    if reqs == 0 {
        return Err(format!("wrk measured nothing:\n{text}"));
    }
    Ok((rps, p50, p99, reqs))
}

fn measure(child: &Child, port: u16, path: &str, secs: u64) -> Result<Sample, String> {
    wait_port(port)?;
    let _ = wrk(port, path, 1)?; // warm-up
    let (cpu0, _) = proc_stats(child.id());
    let (rps, p50, p99, reqs) = wrk(port, path, secs)?;
    let (cpu1, rss) = proc_stats(child.id());
    Ok(Sample {
        rps,
        p50_ms: p50,
        p99_ms: p99,
        cpu_us_per_req: (cpu1 - cpu0) * 1e6 / reqs as f64,
        rss_kb: rss,
        requests: reqs,
    })
}

fn nginx_conf(conf: &str) -> String {
    format!(
        "load_module /usr/lib/nginx/modules/ndk_http_module.so;\nload_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\nmaster_process off;\ndaemon off;\npid logs/nginx.pid;\nerror_log logs/error.log error;\n{conf}"
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

fn med(samples: &[Sample]) -> Sample {
    Sample {
        rps: median(samples.iter().map(|s| s.rps).collect()),
        p50_ms: median(samples.iter().map(|s| s.p50_ms).collect()),
        p99_ms: median(samples.iter().map(|s| s.p99_ms).collect()),
        cpu_us_per_req: median(samples.iter().map(|s| s.cpu_us_per_req).collect()),
        rss_kb: median(samples.iter().map(|s| s.rss_kb as f64).collect()) as u64,
        requests: samples.iter().map(|s| s.requests).sum(),
    }
}

fn restyc_bin() -> Result<PathBuf, String> {
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        // The compiler's own speed does not matter here: the servers it builds are what is measured.
        .args(["build", "-q", "-p", "restyc"])
        .status()
        .map_err(|e| e.to_string())?;
    if !st.success() {
        return Err("cannot build restyc".into());
    }
    Ok(root().join("target/debug/restyc"))
}

fn build_server(
    restyc: &Path,
    sc: &Scenario,
    profile: &str,
    out: &Path,
) -> Result<Duration, String> {
    let t = Instant::now();
    let mut cmd = Command::new(restyc);
    cmd.args([
        "build",
        root()
            .join("bench")
            .join(sc.dir)
            .join("nginx.conf")
            .to_str()
            .unwrap_or(""),
        "-o",
    ]);
    cmd.arg(out).args(["--profile", profile]);
    if sc.no_native {
        cmd.arg("--no-native");
    }
    let o = cmd.output().map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(format!(
            "restyc build {} failed:\n{}",
            sc.name,
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    Ok(t.elapsed())
}

pub fn main(args: &[String]) -> u8 {
    match run(args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("xtask bench: {e}");
            1
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut only: Option<String> = None;
    let mut secs = 5u64;
    let mut runs = 3usize;
    let mut profile = "release".to_string();
    let mut build_times = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--scenario" => only = it.next().cloned(),
            "--duration" => {
                secs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--duration S")?
            }
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).ok_or("--runs N")?,
            "--profile" => profile = it.next().cloned().ok_or("--profile release|max")?,
            "--build-times" => build_times = true,
            o => return Err(format!("unknown option {o}")),
        }
    }
    crate::deps::ensure_test_deps(crate::deps::Extra {
        wrk: true,
        ..Default::default()
    })?;
    let restyc = restyc_bin()?;
    let work = std::env::temp_dir().join("restyc-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let mut rows = vec![];
    let mut extra = vec![];
    for sc in SCENARIOS
        .iter()
        .filter(|s| only.as_deref().is_none_or(|o| o == s.name))
    {
        eprintln!("bench: {} — building", sc.name);
        let bin = work.join(sc.name);
        let build_time = build_server(&restyc, sc, &profile, &bin)?;
        let size = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
        let conf = std::fs::read_to_string(root().join("bench").join(sc.dir).join("nginx.conf"))
            .map_err(|e| e.to_string())?;
        let ngx_prefix = work.join(format!("{}-nginx", sc.name));
        std::fs::create_dir_all(ngx_prefix.join("logs")).map_err(|e| e.to_string())?;
        std::fs::write(ngx_prefix.join("nginx.conf"), nginx_conf(&conf))
            .map_err(|e| e.to_string())?;
        let pfx = work.join(format!("{}-restyc", sc.name));
        std::fs::create_dir_all(&pfx).map_err(|e| e.to_string())?;
        let mut a = vec![];
        let mut b = vec![];
        let mut first_response = vec![];
        for i in 0..runs {
            eprintln!("bench: {} run {}/{}", sc.name, i + 1, runs);
            {
                let t = Instant::now();
                ensure_free(sc.port)?;
                let child = Killed(
                    Command::new("taskset")
                        .args(["-c", "0"])
                        .arg(&bin)
                        .args(["-p", pfx.to_str().unwrap_or(".")])
                        .stderr(Stdio::null())
                        .spawn()
                        .map_err(|e| e.to_string())?,
                );
                wait_port(sc.port)?;
                let _ = first_get(sc.port, sc.path);
                first_response.push(t.elapsed().as_secs_f64() * 1000.0);
                // taskset execs the server: the child's pid is the server's.
                a.push(measure(&child.0, sc.port, sc.path, secs)?);
            }
            std::thread::sleep(Duration::from_millis(300));
            {
                ensure_free(sc.port)?;
                let child = Killed(
                    Command::new("taskset")
                        .args(["-c", "0", "nginx", "-p"])
                        .arg(&ngx_prefix)
                        .args(["-c", "nginx.conf"])
                        .stderr(Stdio::null())
                        .spawn()
                        .map_err(|e| e.to_string())?,
                );
                b.push(measure(&child.0, sc.port, sc.path, secs)?);
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        extra.push((sc.name, build_time, size, median(first_response)));
        rows.push(Row {
            scenario: sc.name.to_string(),
            what: sc.what.to_string(),
            restyc: med(&a),
            nginx: med(&b),
            runs,
        });
    }
    let times = if build_times {
        Some(measure_build_times(&restyc, &work, &profile)?)
    } else {
        None
    };
    let matching = if only.as_deref().is_none_or(|o| o.starts_with("routing")) {
        measure_matching(&restyc, &work, runs)?
    } else {
        vec![]
    };
    let floor = if only.as_deref().is_none_or(|o| o == "floor") {
        Some(floor(&work, secs, runs)?)
    } else {
        None
    };
    let idle = if only.as_deref().is_none_or(|o| o == "idle") {
        Some(idle_memory(&restyc, &work, &profile, runs)?)
    } else {
        None
    };
    write_report(
        &rows, &extra, secs, runs, &profile, times, &matching, floor, idle,
    )
}

/// The floor server (`xtask bench-floor`, xtask/src/floor.rs) and nginx's hello, alternating as
/// the scenarios do: medians (floor, nginx).
fn floor(work: &Path, secs: u64, runs: usize) -> Result<(Sample, Sample), String> {
    const PORT: u16 = 18101; // bench/hello's, for nginx's side
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let ngx_prefix = work.join("floor-nginx");
    std::fs::create_dir_all(ngx_prefix.join("logs")).map_err(|e| e.to_string())?;
    let conf = std::fs::read_to_string(root().join("bench/hello/nginx.conf"))
        .map_err(|e| e.to_string())?;
    std::fs::write(ngx_prefix.join("nginx.conf"), nginx_conf(&conf)).map_err(|e| e.to_string())?;
    let (mut a, mut b) = (vec![], vec![]);
    for i in 0..runs {
        eprintln!("bench: floor run {}/{}", i + 1, runs);
        let spawn = |cmd: &mut Command| -> Result<Killed, String> {
            cmd.stderr(Stdio::null())
                .spawn()
                .map(Killed)
                .map_err(|e| e.to_string())
        };
        {
            ensure_free(PORT)?;
            let child = spawn(
                Command::new("taskset")
                    .args(["-c", "0"])
                    .arg(&exe)
                    .args(["bench-floor", &PORT.to_string()]),
            )?;
            a.push(measure(&child.0, PORT, "/", secs)?);
        }
        std::thread::sleep(Duration::from_millis(300));
        {
            ensure_free(PORT)?;
            let child = spawn(
                Command::new("taskset")
                    .args(["-c", "0", "nginx", "-p"])
                    .arg(&ngx_prefix)
                    .args(["-c", "nginx.conf"]),
            )?;
            b.push(measure(&child.0, PORT, "/", secs)?);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    Ok((med(&a), med(&b)))
}

/// Connections `measure_idle` keeps open: some first (one-time allocations out of the way),
/// then the measured ones.
const IDLE_WARM: usize = 200;
const IDLE_CONNS: usize = 3000;

/// Memory per idle keep-alive connection, bytes: the server's RSS growth while IDLE_CONNS more
/// connections, each after one request, stay open.
fn measure_idle(pid: u32, port: u16) -> Result<f64, String> {
    use std::io::Write;
    let rss = || -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let open = |n: usize| -> Result<Vec<TcpStream>, String> {
        let mut conns = Vec::with_capacity(n);
        for _ in 0..n {
            let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
            s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .map_err(|e| e.to_string())?;
            // The hello response is chunked: read to its last chunk.
            let mut got = Vec::new();
            let mut buf = [0u8; 1024];
            while !got.ends_with(b"0\r\n\r\n") {
                let k = s.read(&mut buf).map_err(|e| e.to_string())?;
                if k == 0 {
                    return Err("the server closed an idle-test connection".into());
                }
                got.extend_from_slice(&buf[..k]);
            }
            conns.push(s);
        }
        Ok(conns)
    };
    let _warm = open(IDLE_WARM)?;
    std::thread::sleep(Duration::from_millis(300));
    let before = rss();
    let _idle = open(IDLE_CONNS)?;
    std::thread::sleep(Duration::from_millis(300));
    let after = rss();
    Ok(after.saturating_sub(before) as f64 * 1024.0 / IDLE_CONNS as f64)
}

/// `measure_idle` of restyc's and nginx's builds of bench/idle, alternating: medians.
fn idle_memory(
    restyc: &Path,
    work: &Path,
    profile: &str,
    runs: usize,
) -> Result<(f64, f64), String> {
    const PORT: u16 = 18106;
    let sc = Scenario {
        name: "idle",
        dir: "idle",
        port: PORT,
        path: "/",
        no_native: false,
        what: "",
    };
    eprintln!("bench: idle keep-alive connections — building");
    let bin = work.join("idle");
    build_server(restyc, &sc, profile, &bin)?;
    let conf =
        std::fs::read_to_string(root().join("bench/idle/nginx.conf")).map_err(|e| e.to_string())?;
    let ngx_prefix = work.join("idle-nginx");
    std::fs::create_dir_all(ngx_prefix.join("logs")).map_err(|e| e.to_string())?;
    std::fs::write(ngx_prefix.join("nginx.conf"), nginx_conf(&conf)).map_err(|e| e.to_string())?;
    let pfx = work.join("idle-restyc");
    std::fs::create_dir_all(&pfx).map_err(|e| e.to_string())?;
    let (mut a, mut b) = (vec![], vec![]);
    for i in 0..runs {
        eprintln!("bench: idle run {}/{}", i + 1, runs);
        ensure_free(PORT)?;
        let child = Killed(
            Command::new(&bin)
                .args(["-p", pfx.to_str().unwrap_or(".")])
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| e.to_string())?,
        );
        wait_port(PORT)?;
        a.push(measure_idle(child.0.id(), PORT)?);
        drop(child);
        std::thread::sleep(Duration::from_millis(300));
        ensure_free(PORT)?;
        let child = Killed(
            Command::new("nginx")
                .arg("-p")
                .arg(&ngx_prefix)
                .args(["-c", "nginx.conf"])
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| e.to_string())?,
        );
        wait_port(PORT)?;
        b.push(measure_idle(child.0.id(), PORT)?);
        drop(child);
        std::thread::sleep(Duration::from_millis(300));
    }
    Ok((median(a), median(b)))
}

/// Requests timed by `measure_matching`: (what, URI). Both configs have /p249/ and ~^/r249/.
const MATCH_URIS: &[(&str, &str)] = &[
    ("prefix, past every regex", "/p249/x"),
    ("the last regex", "/r249/abc.html"),
];

/// One row of the matcher benchmark: median ns per match with 500 and with 5 locations.
#[derive(serde::Serialize)]
struct Matching {
    request: String,
    uri: String,
    ns_500: f64,
    ns_5: f64,
}

/// The matcher alone (`runtime/examples/route_cost.rs`, release build) on the plans of
/// bench/routing500 and bench/routing5: server and location selection per request, in ns.
fn measure_matching(restyc: &Path, work: &Path, runs: usize) -> Result<Vec<Matching>, String> {
    eprintln!("bench: building the matcher benchmark (runtime/examples/route_cost.rs)");
    let st = Command::new("cargo")
        .args([
            "build",
            "-q",
            "--release",
            "-p",
            "restyc-runtime",
            "--example",
            "route_cost",
        ])
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    if !st.success() {
        return Err("building runtime/examples/route_cost.rs failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let bin = target.join("release/examples/route_cost");
    let mut plans = vec![];
    for dir in ["routing500", "routing5"] {
        let out = work.join(format!("{dir}-plan"));
        let o = Command::new(restyc)
            .args(["emit", "--out"])
            .arg(&out)
            .arg(root().join("bench").join(dir).join("nginx.conf"))
            .output()
            .map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(format!(
                "restyc emit {dir}: {}",
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        plans.push(out.join("plan.json"));
    }
    let time = |plan: &Path, uri: &str| -> Result<f64, String> {
        let o = Command::new("taskset")
            .args(["-c", "0"])
            .arg(&bin)
            .arg(plan)
            .args(["localhost", uri])
            .output()
            .map_err(|e| e.to_string())?;
        String::from_utf8_lossy(&o.stdout)
            .trim()
            .parse()
            .map_err(|_| format!("route_cost: {}", String::from_utf8_lossy(&o.stderr)))
    };
    let mut rows = vec![];
    for (what, uri) in MATCH_URIS {
        let (mut a, mut b) = (vec![], vec![]);
        // Alternate the two configs, as the server runs do.
        for _ in 0..runs.max(3) {
            a.push(time(&plans[0], uri)?);
            b.push(time(&plans[1], uri)?);
        }
        rows.push(Matching {
            request: what.to_string(),
            uri: uri.to_string(),
            ns_500: median(a),
            ns_5: median(b),
        });
    }
    Ok(rows)
}

/// `restyc build` of the hello config with an empty cache (everything compiles: runtime, LuaJIT,
/// PCRE2), then again after a one-line change to its Lua handler.
fn measure_build_times(restyc: &Path, work: &Path, profile: &str) -> Result<(f64, f64), String> {
    let cache = work.join("cold-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let dir = work.join("cold-src");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let conf = std::fs::read_to_string(root().join("bench/hello/nginx.conf"))
        .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("nginx.conf"), &conf).map_err(|e| e.to_string())?;
    let build = || -> Result<f64, String> {
        let t = Instant::now();
        let o = Command::new(restyc)
            .args(["build", "nginx.conf", "-o", "server", "--profile", profile])
            .current_dir(&dir)
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(format!(
                "cold build failed:\n{}",
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        Ok(t.elapsed().as_secs_f64())
    };
    eprintln!("bench: cold build (empty cache: compiles the runtime, LuaJIT and PCRE2)");
    let cold = build()?;
    std::fs::write(
        dir.join("nginx.conf"),
        conf.replace("Hello, OpenResty!", "Hello again, OpenResty!"),
    )
    .map_err(|e| e.to_string())?;
    eprintln!("bench: warm build after a one-line Lua change");
    let warm = build()?;
    let _ = std::fs::remove_dir_all(&cache);
    Ok((cold, warm))
}

fn first_get(port: u16, path: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut v = Vec::new();
    s.read_to_end(&mut v)?;
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let kernel = Command::new("uname")
        .arg("-r")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, Linux {kernel}")
}

fn write_report(
    rows: &[Row],
    extra: &[(&str, Duration, u64, f64)],
    secs: u64,
    runs: usize,
    profile: &str,
    build_times: Option<(f64, f64)>,
    matching: &[Matching],
    floor: Option<(Sample, Sample)>,
    idle: Option<(f64, f64)>,
) -> Result<(), String> {
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d %H:%M UTC")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut md = String::new();
    md.push_str("# Benchmarks: restyc against nginx + lua module\n\n");
    md.push_str(&format!(
        "Measured {date} on {}. Each scenario: restyc (`restyc build --profile {profile}`) and Debian's nginx 1.22.1 + lua-nginx-module 0.10.23 \
         (`master_process off`, one worker), each pinned to CPU 0 with `taskset`, wrk pinned to CPU 1 \
         (`wrk -t1 -c32 -d{secs}s --latency`), 1 s warm-up, {runs} alternating runs; medians shown. \
         **CPU/req** is the serving process's user+system time over the run divided by requests served \
         (the headline figure: on 2 cores wrk saturates its own core before a fast server does). \
         Ratios are restyc / nginx (lower is better for CPU, latency and RSS; higher for req/s).\n\n",
        machine()
    ));
    md.push_str("Command: `cargo xtask bench");
    md.push_str(&format!(
        " --duration {secs} --runs {runs} --profile {profile}`\n\n"
    ));
    md.push_str("| scenario | restyc req/s | nginx req/s | ratio | restyc CPU/req µs | nginx CPU/req µs | **CPU ratio** | restyc p50/p99 ms | nginx p50/p99 ms | p99 ratio | restyc RSS MB | nginx RSS MB |\n");
    md.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        let (a, b) = (&r.restyc, &r.nginx);
        md.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.2} | {:.2} | {:.2} | **{:.2}** | {:.2}/{:.2} | {:.2}/{:.2} | {:.2} | {:.1} | {:.1} |\n",
            r.scenario,
            a.rps,
            b.rps,
            a.rps / b.rps.max(1e-9),
            a.cpu_us_per_req,
            b.cpu_us_per_req,
            a.cpu_us_per_req / b.cpu_us_per_req.max(1e-9),
            a.p50_ms,
            a.p99_ms,
            b.p50_ms,
            b.p99_ms,
            a.p99_ms / b.p99_ms.max(1e-9),
            a.rss_kb as f64 / 1024.0,
            b.rss_kb as f64 / 1024.0
        ));
    }
    md.push_str("\nScenarios:\n\n");
    for r in rows {
        md.push_str(&format!("- `{}`: {}\n", r.scenario, r.what));
    }
    let find = |n: &str| rows.iter().find(|r| r.scenario == n);
    if let (Some(a), Some(b)) = (find("hello-native"), find("hello-luajit")) {
        md.push_str(&format!(
            "\nhello native vs restyc's own LuaJIT build: CPU/req ratio {:.2}.\n",
            a.restyc.cpu_us_per_req / b.restyc.cpu_us_per_req.max(1e-9)
        ));
    }
    if let (Some(a), Some(b)) = (find("routing-500"), find("routing-5")) {
        md.push_str(&format!(
            "Routing: restyc CPU/req with 500 locations / with 5 locations = {:.2} (nginx: {:.2}).\n",
            a.restyc.cpu_us_per_req / b.restyc.cpu_us_per_req.max(1e-9),
            a.nginx.cpu_us_per_req / b.nginx.cpu_us_per_req.max(1e-9)
        ));
    }
    if let Some((f, n)) = &floor {
        md.push_str(&format!(
            "\nFloor: an epoll loop answering every request with nginx's hello bytes, parsing nothing \
             (`xtask/src/floor.rs`), alternating with nginx's hello as above: {:.2} µs CPU/req against nginx's {:.2}, \
             **ratio {:.2}**. It is the kernel's share of every request (one recv, one send, a part of an epoll_wait); \
             no server can have a lower CPU ratio on this machine.\n",
            f.cpu_us_per_req,
            n.cpu_us_per_req,
            f.cpu_us_per_req / n.cpu_us_per_req.max(1e-9)
        ));
    }
    if !matching.is_empty() {
        md.push_str(
            "\nMatching cost alone (server + location selection in-process, `runtime/examples/route_cost.rs`, \
             median of alternating runs of 15 rounds each; the whole-server figures above are dominated by TCP work):\n\n\
             | request | URI | 500 locations ns | 5 locations ns | **ratio** |\n|---|---|---|---|---|\n",
        );
        for m in matching {
            md.push_str(&format!(
                "| {} | `{}` | {:.0} | {:.0} | **{:.2}** |\n",
                m.request,
                m.uri,
                m.ns_500,
                m.ns_5,
                m.ns_500 / m.ns_5.max(1e-9)
            ));
        }
    }
    if let Some((a, b)) = idle {
        md.push_str(&format!(
            "\nMemory per idle keep-alive connection (bench/idle: RSS growth while {IDLE_CONNS} more connections, each after one request, stay open; median of {runs} alternating runs): \
             restyc {a:.0} bytes, nginx {b:.0} bytes, **ratio {:.2}**.\n",
            a / b.max(1e-9)
        ));
    }
    md.push_str("\n| scenario | restyc build (warm cache) s | binary size MB | start → first response ms |\n|---|---|---|---|\n");
    for (n, t, size, first) in extra {
        md.push_str(&format!(
            "| {n} | {:.1} | {:.2} | {:.0} |\n",
            t.as_secs_f64(),
            *size as f64 / 1e6,
            first
        ));
    }
    if let Some((cold, warm)) = build_times {
        md.push_str(&format!(
            "\n`restyc build` of bench/hello ({profile} profile): cold, empty cache {cold:.0} s; warm, after a one-line change to the Lua handler {warm:.1} s.\n"
        ));
    }
    md.push_str("\nThe machine is shared and noisy: compare ratios within one run, not absolute numbers across runs.\n");
    let root = root();
    std::fs::write(root.join("BENCHMARKS.md"), md).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&serde_json::json!({
        "scenarios": rows,
        "matching": matching,
        "floor_cpu_us_per_req": floor.as_ref().map(|(f, n)| serde_json::json!({ "floor": f.cpu_us_per_req, "nginx": n.cpu_us_per_req })),
        "idle_bytes_per_connection": idle.map(|(a, b)| serde_json::json!({ "restyc": a, "nginx": b })),
    }))
    .map_err(|e| e.to_string())?;
    std::fs::write(root.join("bench/results.json"), json + "\n").map_err(|e| e.to_string())?;
    println!("bench: wrote BENCHMARKS.md and bench/results.json");
    Ok(())
}
