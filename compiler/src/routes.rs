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
            .map(|l| if l.default_server == i { format!("{} (default)", l.addr) } else { l.addr.clone() })
            .collect();
        let _ = writeln!(out, "server #{i} {} at {}", names.join(" "), s.pos);
        let _ = writeln!(out, "  listen {}", listens.join(", "));
        let _ = writeln!(out, "  {:<8} {:<32} {:<18} handlers", "match", "pattern", "position");
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
    for (chunk, _) in [(&c.rewrite_by_lua, 0), (&c.access_by_lua, 0)] {
        if let Some(ch) = chunk {
            hs.push(handler(ch, v));
        }
    }
    match &c.content {
        Some(Content::Lua(ch)) => hs.push(handler(ch, v)),
        Some(Content::Proxy(t)) => hs.push(format!("proxy_pass {t}")),
        None => {
            if c.rewrite.iter().any(|op| matches!(op, restyc_runtime::plan::RewriteOp::Return { .. })) {
                hs.push("return".into());
            } else {
                hs.push("static".into());
            }
        }
    }
    for ch in [&c.header_filter_by_lua, &c.body_filter_by_lua, &c.log_by_lua].into_iter().flatten() {
        hs.push(handler(ch, v));
    }
    let indent = "  ".repeat(depth);
    let pattern = if l.kind == MatchKind::Named { format!("@{}", l.pattern) } else { l.pattern.clone() };
    let _ = writeln!(out, "{indent}{:<8} {:<32} {:<18} {}", kind_str(l.kind), pattern, l.pos, hs.join("; "));
    tree(plan, &l.children, depth + 1, out, v);
}
