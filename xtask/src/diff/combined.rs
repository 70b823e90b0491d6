//! `--combined`: many cases in one config, one server per case (own port, own error log), so
//! that one server start — or one `restyc build` — serves them all (DESIGN.md, "Testing
//! without waiting for cargo"). Cases that need their own main or http context, environment,
//! extra ports or conflicting user files run one by one as usual.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::case::Case;
use super::server::{self, Server};
use super::{Observed, grep_log_file, http, ports_needed, render};

/// Can this case share a config with others?
pub fn combinable(c: &Case) -> bool {
    c.main_config.trim().is_empty()
        && c.http_config.trim().is_empty()
        && c.full_config.is_none()
        && c.env.is_empty()
        && c.error_log_file.is_none()
        && !c.config.contains("error_log")
        && !c.config.contains("$TEST_NGINX_SERVER_PORT")
        && ports_needed(c) == 1
        && c.tls.is_none()
        && c.tcp_mock.is_none()
        && c.memcached.is_none()
        // (the counters of stub_status and $connections_* are the whole server's)
        && !c.config.contains("stub_status")
        && !c.config.contains("$connections_")
        && !c.config.contains("var.connections_")
}

pub struct Group {
    /// Indices of the member cases (into the caller's list), in order.
    pub members: Vec<usize>,
    /// One port per member.
    pub ports: Vec<u16>,
    pub conf: String,
    pub files: Vec<(String, Vec<u8>)>,
    /// Per member: its server block with the config's line numbers (for failure reports).
    pub excerpts: Vec<String>,
    /// Per member: the first and last line of its server block.
    pub spans: Vec<(usize, usize)>,
}

/// The members whose lines a server's startup errors point at (restyc's diagnostics
/// `nginx.conf:LINE:COL` under an `error` line, nginx's `… in PATH/nginx.conf:LINE`).
pub fn culprits(group: &Group, err: &str) -> Vec<usize> {
    let restyc =
        regex::Regex::new(r"(?m)^\s*error[^\n]*\n[^\n]*nginx\.conf:(\d+):\d+").expect("regex");
    let nginx = regex::Regex::new(r"\[emerg\][^\n]* in [^\n]*nginx\.conf:(\d+)").expect("regex");
    let mut lines: Vec<usize> = Vec::new();
    for re in [&restyc, &nginx] {
        for c in re.captures_iter(err) {
            if let Ok(l) = c[1].parse() {
                lines.push(l);
            }
        }
    }
    let mut out = Vec::new();
    for l in lines {
        if let Some(n) = group.spans.iter().position(|(a, b)| *a <= l && l <= *b) {
            if !out.contains(&group.members[n]) {
                out.push(group.members[n]);
            }
        }
    }
    out
}

fn log_name(i: usize) -> String {
    format!("logs/case-{i:04}.log")
}

/// Group the combinable cases; a case whose user files clash with the group's stays out.
pub fn build(cases: &[(usize, &Case)], prefix: &Path) -> (Group, Vec<usize>) {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut members = Vec::new();
    let mut left_out = Vec::new();
    for (idx, c) in cases {
        let clash = c
            .user_files
            .iter()
            .any(|(p, content)| files.get(p).is_some_and(|have| have != content));
        if clash {
            left_out.push(*idx);
            continue;
        }
        for (p, content) in &c.user_files {
            files.insert(p.clone(), content.clone());
        }
        members.push(*idx);
    }
    let mut ports = Vec::new();
    while ports.len() < members.len() {
        let p = server::free_port();
        if !ports.contains(&p) {
            ports.push(p);
        }
    }
    let mut conf = String::new();
    conf.push_str(&server::load_module_lines());
    conf.push_str(" worker_processes 1; pid logs/nginx.pid; error_log logs/error.log info;\n");
    conf.push_str("events {\n    worker_connections 1024;\n}\n");
    conf.push_str("http {\n    access_log off;\n");
    let by_idx: BTreeMap<usize, &Case> = cases.iter().map(|(i, c)| (*i, *c)).collect();
    let mut excerpts = Vec::new();
    let mut spans = Vec::new();
    for (n, idx) in members.iter().enumerate() {
        let c = by_idx[idx];
        let first_line = conf.lines().count() + 1;
        let before = conf.len();
        conf.push_str(&format!(
            "    # {}\n    server {{\n        listen {};\n        server_name localhost;\n        error_log {} {};\n",
            c.name().replace('\n', " "),
            ports[n],
            log_name(n),
            c.log_level
        ));
        conf.push_str(&server::substitute(&c.config, &ports[n..n + 1], prefix));
        conf.push_str("    }\n");
        let block: String = conf[before..]
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:4} {l}\n", first_line + i))
            .collect();
        spans.push((first_line, first_line + conf[before..].lines().count() - 1));
        let head = conf.lines().next().unwrap_or("");
        excerpts.push(format!("   1 {head}\n   … (one server per case)\n{block}"));
    }
    conf.push_str("}\n");
    let files = files.into_iter().collect();
    (
        Group {
            members,
            ports,
            conf,
            files,
            excerpts,
            spans,
        },
        left_out,
    )
}

/// Serve the whole group on one server; one Observed per member, in order.
pub fn run(
    group: &Group,
    cases: &BTreeMap<usize, &Case>,
    srv: &Server,
    scratch: &Path,
    prefix: &Path,
) -> Result<Vec<Observed>, String> {
    let conf_path =
        server::prepare_prefix(prefix, "conf/nginx.conf", &group.conf, &group.files, None)?;
    super::wait_port_free(&group.ports);
    let running = server::start(srv, prefix, &conf_path, &[], &group.ports, scratch)?;
    let mut exchanges = Vec::new();
    for (n, idx) in group.members.iter().enumerate() {
        let c = cases[idx];
        let out = http::build(c);
        let addr: SocketAddr = ([127, 0, 0, 1], group.ports[n]).into();
        let ex = http::exchange(addr, &out, Duration::from_secs_f64(c.timeout));
        if c.wait > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(c.wait));
        }
        exchanges.push(ex);
    }
    let label = running.label;
    let stderr = server::stop(running);
    let mut out = Vec::new();
    for (n, (idx, ex)) in group.members.iter().zip(exchanges).enumerate() {
        let c = cases[idx];
        let log = c
            .grep_error_log
            .as_ref()
            .map(|re| grep_log_file(&prefix.join(log_name(n)), re));
        let text = render(&ex, &log, &c.free);
        let failure = if ex.responses.is_empty() && ex.unparsed.is_empty() && ex.error.is_some() {
            Some(format!(
                "{label}: {}\n{stderr}",
                ex.error.clone().unwrap_or_default()
            ))
        } else {
            None
        };
        out.push(Observed { text, failure });
    }
    Ok(out)
}
