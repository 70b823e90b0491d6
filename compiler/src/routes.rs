//! `restyc routes`: the resolved route table of each server, as the runtime will search it.

use std::fmt::Write;

use restyc_runtime::plan::{Chunk, Content, LocId, LocationTree, MatchKind, Plan, ServerName};

fn kind_str(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Exact => "=",
        MatchKind::Prefix => "prefix",
        MatchKind::PrefixNoRegex => "^~",
        MatchKind::Regex => "~",
        MatchKind::RegexCaseless => "~*",
        MatchKind::Named => "@",
        MatchKind::If => "if",
        MatchKind::LimitExcept => "limit_except",
    }
}

/// How a chunk runs: `native`, or `luajit: <reason> at <pos>` (from `crate::lua::verdicts`).
type Verdicts<'a> = &'a dyn Fn(&Chunk) -> String;

fn handler(c: &Chunk, v: Verdicts) -> String {
    let how = match c.native {
        Some(_) => "native".to_string(),
        None => v(c),
    };
    format!("{} [{how}] at {}", c.phase.directive_prefix(), c.pos)
}

/// The table, one block per server; `sources` locate the reasons handlers stay on LuaJIT.
pub fn table(plan: &Plan, sources: Option<&crate::conf::ast::SourceMap>) -> String {
    let verdicts = crate::lua::verdicts(plan, sources);
    let v: Verdicts = &verdicts;
    let mut out = String::new();
    for (i, s) in plan.http.servers.iter().enumerate() {
        let names: Vec<String> = s
            .names
            .iter()
            .map(|n| match n {
                ServerName::Exact(e) if e.is_empty() => "\"\"".to_string(),
                ServerName::Exact(e) => e.clone(),
                ServerName::WildcardStart(w) => format!("*{w}"),
                ServerName::WildcardEnd(w) => format!("{w}*"),
                ServerName::Regex(r) => format!("~{r}"),
            })
            .collect();
        let listens: Vec<String> = plan
            .http
            .listens
            .iter()
            .filter(|l| l.servers.contains(&i))
            .map(|l| {
                let ssl = if l.ssl { " ssl" } else { "" };
                let default = if l.default_server == i {
                    " (default)"
                } else {
                    ""
                };
                format!("{}{ssl}{default}", l.addr)
            })
            .collect();
        let _ = writeln!(out, "server #{i} {} at {}", names.join(" "), s.pos);
        let _ = writeln!(out, "  listen {}", listens.join(", "));
        let _ = writeln!(
            out,
            "  {:<8} {:<32} {:<18} handlers",
            "match", "pattern", "position"
        );
        tree(plan, &s.locations, 1, &mut out, v);
    }
    out
}

fn tree(plan: &Plan, t: &LocationTree, depth: usize, out: &mut String, v: Verdicts) {
    // The order nginx searches: exact and prefixes (longest wins), then regexes in order, named last.
    let mut statics = t.statics.clone();
    statics.sort_by(|a, b| plan.locations[*a].pattern.cmp(&plan.locations[*b].pattern));
    for l in statics.iter().chain(t.regexes.iter()).chain(t.named.iter()) {
        row(plan, *l, depth, out, v);
    }
}

fn row(plan: &Plan, id: LocId, depth: usize, out: &mut String, v: Verdicts) {
    let l = &plan.locations[id];
    let c = &l.conf;
    let mut hs = vec![];
    // Rewrite phase: the rewrite module's statements, in order.
    use restyc_runtime::plan::RewriteOp;
    for op in &c.rewrite {
        match op {
            RewriteOp::Rewrite {
                regex,
                replacement,
                flag,
            } => {
                let target: String = replacement
                    .parts
                    .iter()
                    .map(|p| match p {
                        restyc_runtime::plan::TemplatePart::Lit(s) => s.clone(),
                        restyc_runtime::plan::TemplatePart::Var(v) => format!("${v}"),
                    })
                    .collect();
                hs.push(
                    format!("rewrite {regex} {target} {flag:?}")
                        .trim_end_matches(" None")
                        .to_lowercase(),
                );
            }
            RewriteOp::Set { var, .. } | RewriteOp::SetMisc { var, .. } => {
                hs.push(format!("set ${var}"))
            }
            RewriteOp::SetByLua { var, chunk, .. } => {
                hs.push(format!("set ${var} by {}", handler(chunk, v)))
            }
            RewriteOp::If { .. } => hs.push("if".into()),
            RewriteOp::Break => hs.push("break".into()),
            RewriteOp::Return { .. } => {}
        }
    }
    if let Some(ch) = &c.rewrite_by_lua {
        hs.push(handler(ch, v));
    }
    // Preaccess phase: limit_req, then limit_conn.
    for l in &c.limit_req.limits {
        hs.push(format!(
            "limit_req {}",
            plan.http.limit_req_zones[l.zone].name
        ));
    }
    for (zone, n) in &c.limit_conn.limits {
        hs.push(format!(
            "limit_conn {} {n}",
            plan.http.limit_conn_zones[*zone].name
        ));
    }
    if let Some(ch) = &c.access_by_lua {
        hs.push(handler(ch, v));
    }
    match &c.content {
        Some(Content::Lua(ch)) => hs.push(handler(ch, v)),
        Some(Content::Proxy(p)) => hs.push(format!("proxy_pass {}", p.target)),
        Some(Content::Echo(cmds)) => hs.push(format!("echo ({} commands)", cmds.len())),
        Some(Content::StubStatus) => hs.push("stub_status".into()),
        Some(Content::EmptyGif) => hs.push("empty_gif".into()),
        None => {
            if let Some(RewriteOp::Return { code, .. }) = c
                .rewrite
                .iter()
                .find(|op| matches!(op, RewriteOp::Return { .. }))
            {
                hs.push(format!("return {code}"));
            } else if !c.try_files.is_empty() {
                hs.push(format!("try_files ({} entries)", c.try_files.len()));
            } else {
                hs.push("static".into());
            }
        }
    }
    for ch in [
        &c.header_filter_by_lua,
        &c.body_filter_by_lua,
        &c.log_by_lua,
    ]
    .into_iter()
    .flatten()
    {
        hs.push(handler(ch, v));
    }
    let indent = "  ".repeat(depth);
    let pattern = if l.kind == MatchKind::Named {
        format!("@{}", l.pattern)
    } else {
        l.pattern.clone()
    };
    let _ = writeln!(
        out,
        "{indent}{:<8} {:<32} {:<18} {}",
        kind_str(l.kind),
        pattern,
        l.pos,
        hs.join("; ")
    );
    tree(plan, &l.children, depth + 1, out, v);
}

/// Lints over the resolved routes: things nginx accepts silently that are almost surely mistakes.
/// Each line: `warning: <position>: <message>`.
pub fn lints(plan: &Plan) -> Vec<String> {
    let mut out = vec![];
    for s in &plan.http.servers {
        level_lints(plan, &s.locations, &mut out);
    }
    for (id, l) in plan.locations.iter().enumerate() {
        if l.kind != MatchKind::If {
            level_lints(plan, &l.children, &mut out);
        }
        alias_traversal(plan, id, &mut out);
        capture_use(plan, id, &mut out);
        rewrite_loop(plan, id, &mut out);
    }
    out
}

/// The literal text a regex starts with after `^` (None when not anchored).
fn anchored_literal(re: &str) -> Option<String> {
    let rest = re.strip_prefix('^')?;
    let mut lit = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) if "./-_~".contains(n) => lit.push(n),
                _ => break,
            },
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '$' | '^' => {
                // A quantifier applies to the previous char: it is not part of the literal.
                if matches!(c, '*' | '?' | '{') {
                    lit.pop();
                }
                break;
            }
            c => lit.push(c),
        }
    }
    Some(lit)
}

fn level_lints(plan: &Plan, t: &LocationTree, out: &mut Vec<String>) {
    let prefixes: Vec<&restyc_runtime::plan::Location> =
        t.statics.iter().map(|&i| &plan.locations[i]).collect();
    let regexes: Vec<&restyc_runtime::plan::Location> =
        t.regexes.iter().map(|&i| &plan.locations[i]).collect();
    for r in &regexes {
        let Some(lit) = anchored_literal(&r.pattern) else {
            continue;
        };
        // A regex under a `^~` prefix never runs, unless a longer plain prefix takes the URI first.
        for p in prefixes
            .iter()
            .filter(|p| p.kind == MatchKind::PrefixNoRegex)
        {
            if !lit.starts_with(&p.pattern) {
                continue;
            }
            let rescued = prefixes.iter().any(|q| {
                q.kind == MatchKind::Prefix
                    && q.pattern.len() > p.pattern.len()
                    && q.pattern.starts_with(&p.pattern)
                    && (lit.starts_with(&q.pattern) || q.pattern.starts_with(&lit))
            });
            if !rescued {
                out.push(format!(
                    "warning: {}: location ~ {} can never match: every URI it matches starts with \"{}\", taken by location ^~ {} at {}",
                    r.pos, r.pattern, lit, p.pattern, p.pos
                ));
            }
        }
    }
    // A plain prefix under an unanchored-at-the-end regex that matches all its URIs never wins.
    for p in prefixes.iter().filter(|p| p.kind == MatchKind::Prefix) {
        for r in &regexes {
            let Some(lit) = anchored_literal(&r.pattern) else {
                continue;
            };
            // Only a bare `^literal` matches every URI that starts with the literal.
            let whole = r.pattern.len() == lit.len() + 1;
            if whole && p.pattern.starts_with(&lit) && r.kind == MatchKind::Regex {
                out.push(format!(
                    "warning: {}: location {} can never be chosen: regex location ~ {} at {} matches every URI under it and is tried after the prefix",
                    p.pos, p.pattern, r.pattern, r.pos
                ));
            }
        }
    }
}

/// `location /img { alias /data/img/; }`: `/img../secret` maps to `/data/img/../secret`.
fn alias_traversal(plan: &Plan, id: usize, out: &mut Vec<String>) {
    let l = &plan.locations[id];
    let Some(alias) = l.conf.alias.as_ref().and_then(|a| a.as_literal()) else {
        return;
    };
    if matches!(l.kind, MatchKind::Prefix | MatchKind::PrefixNoRegex)
        && !l.pattern.ends_with('/')
        && alias.ends_with('/')
    {
        out.push(format!(
            "warning: {}: alias traversal: location {} has no trailing slash but its alias \"{}\" has one, so {}../x reads {}../x; write location {}/",
            l.pos, l.pattern, alias, l.pattern, alias, l.pattern
        ));
    }
}

fn groups_in(re: &str) -> usize {
    let b = re.as_bytes();
    let mut n = 0;
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => {
                let named = b.get(i + 1) == Some(&b'?')
                    && matches!(b.get(i + 2), Some(b'<') | Some(b'P') | Some(b'\''))
                    && b.get(i + 3) != Some(&b'=')
                    && b.get(i + 3) != Some(&b'!');
                if b.get(i + 1) != Some(&b'?') || named {
                    n += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// A location that uses `$N` beyond what its regex captures.
fn capture_use(plan: &Plan, id: usize, out: &mut Vec<String>) {
    let l = &plan.locations[id];
    if !matches!(l.kind, MatchKind::Regex | MatchKind::RegexCaseless) {
        return;
    }
    let groups = groups_in(&l.pattern);
    let conf_text = serde_json::to_string(&l.conf).unwrap_or_default();
    for n in (groups + 1)..=9 {
        if conf_text.contains(&format!("{{\"Var\":\"{n}\"}}")) {
            out.push(format!(
                "warning: {}: location ~ {} uses ${n} but its regex captures {} group{}",
                l.pos,
                l.pattern,
                groups,
                if groups == 1 { "" } else { "s" }
            ));
            break;
        }
    }
}

/// `rewrite` whose literal target lands in the same location and matches again: 10 cycles, then 500.
fn rewrite_loop(plan: &Plan, id: usize, out: &mut Vec<String>) {
    let l = &plan.locations[id];
    let Ok(router) = restyc_runtime::route::Router::build(plan) else {
        return;
    };
    for op in &l.conf.rewrite {
        let restyc_runtime::plan::RewriteOp::Rewrite {
            regex,
            replacement,
            flag,
        } = op
        else {
            continue;
        };
        if !matches!(
            flag,
            restyc_runtime::plan::RewriteFlag::Last | restyc_runtime::plan::RewriteFlag::None
        ) {
            continue;
        }
        let Some(target) = replacement.as_literal() else {
            continue;
        };
        let path = target.split('?').next().unwrap_or("").to_string();
        if !path.starts_with('/') {
            continue;
        }
        let Ok(re) = pcre2::bytes::Regex::new(regex) else {
            continue;
        };
        if !re.is_match(path.as_bytes()).unwrap_or(false) {
            continue;
        }
        if let Ok(Some(f)) = router.find_location(plan, l.server, path.as_bytes()) {
            if f.loc == id {
                out.push(format!(
                    "warning: {}: rewrite loop: \"rewrite {regex} {target}\" sends {path} back to this location, where it matches again (nginx gives up after 10 cycles with 500)",
                    l.pos
                ));
            }
        }
    }
}
