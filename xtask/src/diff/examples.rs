//! The examples as differential cases: every `curl …` line inside a fenced code block of
//! `examples/NAME/README.md` is one request, sent to the example's nginx.conf served from a
//! copy of the example folder (the prefix), on both servers.
//!
//! A README may set the server's environment with a line
//! `<!-- xtask-diff env: NAME=value NAME=value -->`.

use std::fs;
use std::path::{Path, PathBuf};

use super::Job;
use super::case::{Case, RequestSpec};
use super::server;

pub struct Example {
    pub dir: PathBuf,
    pub conf: String,
    /// The port named in the curl URL (the example's own listen port).
    pub url_port: u16,
}

/// Split a shell command line into words (single quotes, double quotes, backslashes).
pub fn shell_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unterminated '".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err("unterminated \"".into()),
                        },
                        Some(c) => cur.push(c),
                        None => return Err("unterminated \"".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    cur.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// A curl command line turned into a request: (request, headers, url port).
/// A curl command as the request, the headers curl sends, the port, and for `https://` the
/// SNI name curl sends (none for an IP address).
type Curl = (RequestSpec, Vec<(String, String)>, u16, Option<String>);

fn parse_curl(line: &str) -> Result<Curl, String> {
    let words = shell_words(line)?;
    let mut it = words.iter().skip(1);
    let mut method: Option<String> = None;
    let mut head = false;
    let mut data: Option<String> = None;
    let mut get_with_data = false;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut version = "HTTP/1.1".to_string();
    let mut url: Option<String> = None;
    while let Some(w) = it.next() {
        match w.as_str() {
            "-i" | "--include" | "-s" | "--silent" | "-S" | "-v" | "--verbose" | "-sS" | "-si"
            | "-is" | "-k" | "--insecure" | "-ik" | "-ki" => {}
            "-I" | "--head" => head = true,
            "-G" | "--get" => get_with_data = true,
            "-X" | "--request" => method = Some(it.next().ok_or("-X needs a method")?.clone()),
            "-d" | "--data" | "--data-raw" | "--data-binary" => {
                let d = it.next().ok_or("-d needs data")?.clone();
                data = Some(match data {
                    Some(prev) => format!("{prev}&{d}"),
                    None => d,
                });
            }
            "-H" | "--header" => {
                let h = it.next().ok_or("-H needs a header")?;
                let (n, v) = h
                    .split_once(':')
                    .ok_or_else(|| format!("-H `{h}` has no colon"))?;
                headers.push((n.trim().to_string(), v.trim().to_string()));
            }
            "--http1.0" | "-0" => version = "HTTP/1.0".into(),
            "--http1.1" => version = "HTTP/1.1".into(),
            w if w.starts_with('-') => {
                return Err(format!(
                    "curl option `{w}` is not understood by the harness"
                ));
            }
            w => url = Some(w.to_string()),
        }
    }
    let url = url.ok_or("no URL")?;
    let (rest, tls) = match (url.strip_prefix("http://"), url.strip_prefix("https://")) {
        (Some(r), _) => (r, false),
        (_, Some(r)) => (r, true),
        _ => return Err(format!("URL `{url}` is not http:// or https://")),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port): (&str, u16) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().map_err(|_| format!("bad port in `{url}`"))?),
        None => (authority, if tls { 443 } else { 80 }),
    };
    let sni = (tls && host.parse::<std::net::IpAddr>().is_err()).then(|| host.to_string());
    let tls = tls.then(|| sni.unwrap_or_default());
    let mut target = path.to_string();
    let mut body = None;
    if let Some(d) = data {
        if get_with_data {
            target.push(if target.contains('?') { '&' } else { '?' });
            target.push_str(&d);
        } else {
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            {
                headers.push((
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
            }
            body = Some(d.into_bytes());
        }
    }
    let method = match (method, head, &body) {
        (Some(m), _, _) => m,
        (None, true, _) => "HEAD".into(),
        (None, false, Some(_)) => "POST".into(),
        (None, false, None) => "GET".into(),
    };
    // what curl sends before the user's headers
    let mut all = vec![("Host".to_string(), authority.to_string())];
    all.push(("User-Agent".into(), "curl/7.88.1".into()));
    all.push(("Accept".into(), "*/*".into()));
    for (n, v) in headers {
        all.retain(|(k, _)| !k.eq_ignore_ascii_case(&n));
        all.push((n, v));
    }
    Ok((
        RequestSpec {
            method,
            target,
            version,
            body,
        },
        all,
        port,
        tls,
    ))
}

/// Every example with a README: one case per curl line.
pub fn load(dir: &Path) -> Result<Vec<(Case, Example)>, String> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else {
        return Ok(out);
    };
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let name = d
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (Ok(readme), Ok(conf)) = (
            fs::read_to_string(d.join("README.md")),
            fs::read_to_string(d.join("nginx.conf")),
        ) else {
            continue;
        };
        let mut env = Vec::new();
        let mut grep: Option<String> = None;
        let mut in_code = false;
        let mut titles = std::collections::BTreeSet::new();
        for (i, l) in readme.lines().enumerate() {
            let t = l.trim();
            if let Some(rest) = t.strip_prefix("<!-- xtask-diff env:") {
                for kv in rest.trim_end_matches("-->").split_whitespace() {
                    if let Some((k, v)) = kv.split_once('=') {
                        env.push((k.to_string(), v.to_string()));
                    }
                }
                continue;
            }
            if let Some(rest) = t.strip_prefix("<!-- xtask-diff grep_error_log:") {
                let re = rest.trim_end_matches("-->").trim().to_string();
                regex::Regex::new(&re)
                    .map_err(|e| format!("examples/{name}/README.md:{}: {e}", i + 1))?;
                grep = Some(re);
                continue;
            }
            if t.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let cmd = t.strip_prefix("$ ").unwrap_or(t);
            if !in_code || !cmd.starts_with("curl ") {
                continue;
            }
            let (req, headers, port, tls) =
                parse_curl(cmd).map_err(|e| format!("examples/{name}/README.md:{}: {e}", i + 1))?;
            if !titles.insert(cmd.to_string()) {
                continue; // the same request shown twice
            }
            let case = Case {
                file: format!("examples/{name}"),
                line: i + 1,
                title: cmd.to_string(),
                full_config: Some(conf.clone()),
                requests: vec![req],
                more_headers: headers,
                env: env.clone(),
                grep_error_log: grep.clone(),
                // curl's request as it is: no `Connection: close`
                no_default_headers: true,
                tls,
                log_level: "info".into(),
                timeout: 5.0,
                ..Default::default()
            };
            out.push((
                case,
                Example {
                    dir: d.clone(),
                    conf: conf.clone(),
                    url_port: port,
                },
            ));
        }
    }
    Ok(out)
}

/// The job of one example request: the example folder copied into the prefix, its
/// nginx.conf (ports rewritten to free ones unless `rewrite_ports` is false) at the prefix
/// root, so `$prefix`-relative paths resolve the same on both servers.
pub fn make_job(case: Case, ex: &Example, rewrite_ports: bool) -> Job {
    let (conf, map) = if rewrite_ports {
        server::rewrite_listen_ports(&ex.conf)
    } else {
        (ex.conf.clone(), Vec::new())
    };
    let conf_text = server::complete_full_config(&conf, &case.log_level);
    let port = map
        .iter()
        .find(|(o, _)| *o == ex.url_port)
        .map(|(_, n)| *n)
        .unwrap_or(ex.url_port);
    let mut ports = vec![port];
    ports.extend(map.iter().map(|(_, n)| *n).filter(|n| *n != port));
    Job {
        case,
        ports,
        conf_text,
        conf_rel: "nginx.conf".into(),
        copy_from: Some(ex.dir.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_lines() {
        let (r, h, p, _) =
            parse_curl("curl -i -X POST -d 'a=1' -H 'X-A: b c' http://localhost:8080/x?y=1")
                .unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/x?y=1");
        assert_eq!(p, 8080);
        assert!(h.iter().any(|(n, v)| n == "X-A" && v == "b c"));
        let (r, _, _, tls) = parse_curl("curl -I http://localhost:8080/").unwrap();
        assert_eq!(r.method, "HEAD");
        assert_eq!(tls, None);
        let (_, _, p, tls) = parse_curl("curl -k https://localhost/").unwrap();
        assert_eq!((p, tls.as_deref()), (443, Some("localhost")));
    }
}
