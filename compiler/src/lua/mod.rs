//! Lua analysis: which handlers the transpiler can prove equivalent to Rust, and why not.
//!
//! # Layout
//! - `taint`: which globals any chunk or baked module of the configuration may replace.
//! - `lower`: full_moon's AST → the IR (`ir`), or the first construct outside the subset.
//! - `lex`: string and number literals as LuaJIT's lexer reads them.
//! - `infer`: static types and the checks that need them.
//! - `emit`: the IR → Rust tokens (rendered by `codegen::handlers`).
//! - `package_path`: the templates Lua code adds to `package.path`, for build-time `require`s.
//!
//! Each distinct chunk (a chunk inherited by many locations is one chunk) gets one decision.
//! See `docs/transpiler.md` for the subset.

pub mod emit;
pub mod infer;
pub mod ir;
pub mod lex;
pub mod lower;
pub mod package_path;
pub mod taint;

use std::collections::{HashMap, HashSet};

use restyc_runtime::phase::Phase;
use restyc_runtime::plan::{Chunk, Content, Plan, RewriteOp};

use crate::codegen::handlers::NativeHandler;
use crate::conf::ast::SourceMap;

/// Every Lua chunk of the plan with a label saying where it is.
pub fn chunks(plan: &Plan) -> Vec<(String, &Chunk)> {
    let mut out = vec![];
    if let Some(c) = &plan.http.lua.init {
        out.push(("http".to_string(), c));
    }
    if let Some(c) = &plan.http.lua.init_worker {
        out.push(("http".to_string(), c));
    }
    for l in &plan.locations {
        let c = &l.conf;
        let label = format!("location {}", l.pattern);
        for ch in [
            &c.rewrite_by_lua,
            &c.access_by_lua,
            &c.header_filter_by_lua,
            &c.body_filter_by_lua,
            &c.log_by_lua,
        ]
        .into_iter()
        .flatten()
        {
            out.push((label.clone(), ch));
        }
        if let Some(Content::Lua(ch)) = &c.content {
            out.push((label.clone(), ch));
        }
        for op in &c.rewrite {
            if let RewriteOp::SetByLua { chunk, .. } = op {
                out.push((label.clone(), chunk));
            }
        }
    }
    out
}

/// A chunk's identity: the same chunk inherited by many locations is one handler.
fn key(c: &Chunk) -> (String, String, Phase) {
    (c.name.clone(), c.pos.clone(), c.phase)
}

/// Every chunk occurrence, mutable, with the place it occurs: (server, location index).
fn for_each_chunk_mut(
    plan: &mut Plan,
    mut f: impl FnMut(Option<usize>, Option<usize>, &mut Chunk),
) {
    if let Some(c) = &mut plan.http.lua.init {
        f(None, None, c);
    }
    if let Some(c) = &mut plan.http.lua.init_worker {
        f(None, None, c);
    }
    fn conf_chunks(c: &mut restyc_runtime::plan::LocConf, f: &mut dyn FnMut(&mut Chunk)) {
        for ch in [&mut c.rewrite_by_lua, &mut c.access_by_lua]
            .into_iter()
            .flatten()
        {
            f(ch);
        }
        if let Some(Content::Lua(ch)) = &mut c.content {
            f(ch);
        }
        for ch in [
            &mut c.header_filter_by_lua,
            &mut c.body_filter_by_lua,
            &mut c.log_by_lua,
        ]
        .into_iter()
        .flatten()
        {
            f(ch);
        }
        for op in &mut c.rewrite {
            if let RewriteOp::SetByLua { chunk, .. } = op {
                f(chunk);
            }
        }
    }
    let nservers = plan.http.servers.len();
    for s in 0..nservers {
        conf_chunks(&mut plan.http.servers[s].conf, &mut |c| f(Some(s), None, c));
        for i in 0..plan.locations.len() {
            if plan.locations[i].server == s {
                conf_chunks(&mut plan.locations[i].conf, &mut |c| f(Some(s), Some(i), c));
            }
        }
    }
}

/// The verdict on one handler.
#[derive(Clone, Debug)]
pub enum Verdict {
    Native(ir::Handler),
    /// Why not, and where (`nginx.conf:12:9`).
    LuaJit {
        reason: String,
        at: String,
    },
}

/// One distinct chunk and its verdict.
#[derive(Clone, Debug)]
pub struct Decision {
    pub chunk: Chunk,
    /// `server0_location_api_content`.
    pub fn_name: String,
    /// `location /api`, `server #0`, `http`.
    pub place: String,
    /// `content_by_lua_block`.
    pub directive: String,
    pub verdict: Verdict,
}

/// Where a chunk's text starts in the configuration, to turn chunk positions into file ones.
struct Origin {
    file: String,
    line: u32,
    /// Column of the chunk's first character on its first line.
    col: u32,
    /// A `*_by_lua "..."` string: positions are only approximate (the directive's).
    approximate: bool,
}

impl Origin {
    fn at(&self, p: ir::Pos) -> String {
        if self.approximate {
            return format!("{}:{}:{}", self.file, self.line, self.col);
        }
        let col = if p.line == 1 {
            self.col + p.col - 1
        } else {
            p.col
        };
        format!("{}:{}:{}", self.file, self.line + p.line - 1, col)
    }
}

/// The directive name and origin of a chunk, found in the sources when they are at hand.
fn origin(c: &Chunk, sources: Option<&SourceMap>) -> (String, Origin) {
    let prefix = c.phase.directive_prefix();
    let mut parts = c.pos.rsplitn(3, ':');
    let dcol: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dline: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let file = parts.next().unwrap_or("nginx.conf").to_string();
    if let Some(path) = &c.file {
        return (
            format!("{prefix}_file"),
            Origin {
                file: path.clone(),
                line: 1,
                col: 1,
                approximate: false,
            },
        );
    }
    // The text of the configuration file the directive is in.
    let text = sources.and_then(|s| {
        s.files
            .iter()
            .find(|f| {
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy() == file)
                    .unwrap_or(false)
            })
            .map(|f| f.text.as_str())
    });
    if let Some(text) = text {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(dline.saturating_sub(1) as usize)
            .map(str::len)
            .sum();
        let from: usize = line_start
            + text[line_start..]
                .chars()
                .take(dcol.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum::<usize>();
        let rest = &text[from.min(text.len())..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.ends_with("_block") {
            if let Some(off) = rest.find('{') {
                let abs = from + off;
                let before = &text[..abs];
                let line = before.matches('\n').count() as u32 + 1;
                let col = before
                    .rsplit('\n')
                    .next()
                    .map(|l| l.chars().count())
                    .unwrap_or(0) as u32
                    + 2;
                return (
                    name,
                    Origin {
                        file,
                        line,
                        col,
                        approximate: false,
                    },
                );
            }
        }
        return (
            name,
            Origin {
                file,
                line: dline,
                col: dcol,
                approximate: true,
            },
        );
    }
    // No sources: the line is in the chunk name; first-line columns are approximate.
    let line = c
        .name
        .rsplit(':')
        .next()
        .and_then(|s| s.trim_end_matches(')').parse().ok())
        .unwrap_or(dline);
    (
        format!("{prefix}_block"),
        Origin {
            file,
            line,
            col: 1,
            approximate: false,
        },
    )
}

/// A Rust identifier piece from a location pattern.
fn ident_part(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let t = out.trim_matches('_').to_string();
    if t.is_empty() { "root".into() } else { t }
}

/// The taint of the whole configuration: every chunk and baked module is scanned.
fn taint_of(plan: &Plan, sources: Option<&SourceMap>) -> taint::Taint {
    let baked: HashSet<String> = plan.lua_modules.iter().map(|m| m.name.clone()).collect();
    let mut seen = HashSet::new();
    let mut all = vec![];
    for (_, c) in chunks(plan) {
        if seen.insert(key(c)) {
            all.push(c.clone());
        }
    }
    for s in &plan.http.servers {
        for ch in [
            &s.conf.rewrite_by_lua,
            &s.conf.access_by_lua,
            &s.conf.log_by_lua,
            &s.conf.header_filter_by_lua,
            &s.conf.body_filter_by_lua,
        ]
        .into_iter()
        .flatten()
        {
            if seen.insert(key(ch)) {
                all.push(ch.clone());
            }
        }
    }
    let mut t = taint::Taint::default();
    for c in &all {
        let (_, o) = origin(c, sources);
        let locate = |l: usize, col: usize| {
            o.at(ir::Pos {
                line: l as u32,
                col: col as u32,
            })
        };
        let mut sc = taint::Scanner::new(&baked, &locate);
        sc.taint = t;
        sc.scan(&c.source);
        t = sc.taint;
    }
    for m in &plan.lua_modules {
        let locate = |l: usize, col: usize| format!("{}:{l}:{col}", m.path);
        let mut sc = taint::Scanner::new(&baked, &locate);
        sc.taint = t;
        sc.scan(&m.source);
        t = sc.taint;
    }
    t
}

/// Decide every distinct handler of the plan.
pub fn decide(plan: &Plan, sources: Option<&SourceMap>) -> Vec<Decision> {
    let taint = taint_of(plan, sources);
    let mut plan2 = plan.clone();
    let mut found: Vec<(Chunk, String, String)> = vec![];
    let mut seen = HashSet::new();
    let locs: Vec<(String, String)> = plan
        .locations
        .iter()
        .map(|l| (l.pattern.clone(), format!("{:?}", l.kind)))
        .collect();
    for_each_chunk_mut(&mut plan2, |s, l, c| {
        if !seen.insert(key(c)) {
            return;
        }
        let (fn_base, place) = match (s, l) {
            (None, _) => ("http".to_string(), "http".to_string()),
            (Some(s), None) => (format!("server{s}"), format!("server #{s}")),
            (Some(s), Some(i)) => {
                let (pat, kind) = &locs[i];
                let kind_word = match kind.as_str() {
                    "Exact" => "= ",
                    "Regex" => "~ ",
                    "RegexCaseless" => "~* ",
                    "PrefixNoRegex" => "^~ ",
                    "Named" => "@",
                    "If" => "if ",
                    _ => "",
                };
                (
                    format!("server{s}_location_{}", ident_part(pat)),
                    format!("location {kind_word}{pat}"),
                )
            }
        };
        found.push((c.clone(), fn_base, place));
    });
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut out = vec![];
    for (c, base, place) in found {
        let phase_word = c
            .phase
            .directive_prefix()
            .trim_end_matches("_by_lua")
            .to_string();
        let mut fn_name = format!("{base}_{phase_word}");
        let n = names.entry(fn_name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            fn_name = format!("{fn_name}_{n}");
        }
        let (directive, o) = origin(&c, sources);
        let verdict = verdict(&c, &taint, &o);
        out.push(Decision {
            chunk: c,
            fn_name,
            place,
            directive,
            verdict,
        });
    }
    out
}

fn verdict(c: &Chunk, taint: &taint::Taint, o: &Origin) -> Verdict {
    if !matches!(c.phase, Phase::Rewrite | Phase::Access | Phase::Content) {
        return Verdict::LuaJit {
            reason: format!(
                "only rewrite, access and content handlers are transpiled, not {}",
                c.phase.directive_prefix()
            ),
            at: o.at(ir::Pos { line: 1, col: 1 }),
        };
    }
    if c.file_template.is_some() {
        return Verdict::LuaJit {
            reason: "the Lua file's path has variables (it is resolved per request)".into(),
            at: o.at(ir::Pos { line: 1, col: 1 }),
        };
    }
    let lowered = lower::Lower::new(&c.source, taint).handler(&c.source);
    let mut h = match lowered {
        Ok(h) => h,
        Err(r) => {
            return Verdict::LuaJit {
                reason: r.reason,
                at: o.at(r.pos),
            };
        }
    };
    if let Err(r) = infer::infer(&mut h) {
        return Verdict::LuaJit {
            reason: r.reason,
            at: o.at(r.pos),
        };
    }
    Verdict::Native(h)
}

/// Decide per handler and generate Rust for the native ones (marking `Chunk::native` on every
/// occurrence of each transpiled chunk).
pub fn transpile(plan: &mut Plan, sources: Option<&SourceMap>) -> Vec<NativeHandler> {
    let decisions = decide(plan, sources);
    let mut index: HashMap<(String, String, Phase), (usize, bool)> = HashMap::new();
    let mut out = vec![];
    for d in decisions {
        if let Verdict::Native(h) = &d.verdict {
            let constant = d.chunk.phase == Phase::Content && emit::constant_output(h);
            index.insert(key(&d.chunk), (out.len(), constant));
            out.push(NativeHandler {
                name: d.fn_name.clone(),
                chunk: d.chunk.name.clone(),
                doc: format!(" {} {} ({})", d.chunk.pos, d.place, d.directive),
                body: emit::handler(h),
            });
        }
    }
    for_each_chunk_mut(plan, |_, _, c| {
        let found = index.get(&key(c)).copied();
        c.native = found.map(|(i, _)| i);
        c.native_constant = found.is_some_and(|(_, constant)| constant);
    });
    out
}

/// Transpile one chunk's source on its own (no other chunk can taint globals): the generated
/// function body, or why not and where in the chunk (line, column). For tests and tools.
pub fn transpile_source(src: &str) -> Result<proc_macro2::TokenStream, (String, ir::Pos)> {
    let taint = taint::Taint::default();
    let mut h = lower::Lower::new(src, &taint)
        .handler(src)
        .map_err(|r| (r.reason, r.pos))?;
    infer::infer(&mut h).map_err(|r| (r.reason, r.pos))?;
    Ok(emit::handler(&h))
}

/// One line for a verdict: `native` or `luajit: <reason> at <pos>`.
pub fn verdict_text(v: &Verdict) -> String {
    match v {
        Verdict::Native(_) => "native".into(),
        Verdict::LuaJit { reason, at } => format!("luajit: {reason} at {at}"),
    }
}

/// The verdict text of each chunk, for `restyc routes`.
pub fn verdicts(plan: &Plan, sources: Option<&SourceMap>) -> impl Fn(&Chunk) -> String {
    let map: HashMap<(String, String, Phase), String> = decide(plan, sources)
        .into_iter()
        .map(|d| (key(&d.chunk), verdict_text(&d.verdict)))
        .collect();
    move |c: &Chunk| map.get(&key(c)).cloned().unwrap_or_else(|| "luajit".into())
}

/// `--explain`: one line per handler.
pub fn explain(plan: &Plan, sources: Option<&SourceMap>, native: bool) -> String {
    let mut s = String::new();
    for d in decide(plan, sources) {
        let why = if native {
            verdict_text(&d.verdict)
        } else {
            "luajit: --no-native".to_string()
        };
        s.push_str(&format!(
            "{} {} ({}): {why}\n",
            d.chunk.pos, d.place, d.directive
        ));
    }
    s
}

/// LuaJIT's `LJ_MAX_XLEVEL`: deeper nesting is "chunk has too many syntax levels".
pub const MAX_SYNTAX_LEVELS: usize = 200;

/// The byte offset where `src` nests brackets deeper than LuaJIT accepts, if it does: the
/// parsers recurse per level, so such a chunk is refused before they see it. Strings and
/// comments are skipped; the count is of `(`, `[` and `{` (a lower bound of LuaJIT's levels).
pub fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    // `[[`, `[=[` … : the closing `]=]` of a long bracket of that level.
    let long_close = |i: usize| -> Option<(usize, Vec<u8>)> {
        let eq = b[i + 1..].iter().take_while(|&&c| c == b'=').count();
        (b.get(i + 1 + eq) == Some(&b'[')).then(|| {
            let mut close = vec![b']'];
            close.extend(std::iter::repeat_n(b'=', eq));
            close.push(b']');
            (i + 2 + eq, close)
        })
    };
    let skip_to = |from: usize, pat: &[u8]| {
        memchr::memmem::find(&b[from..], pat).map_or(b.len(), |k| from + k + pat.len())
    };
    while i < b.len() {
        match b[i] {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = match (b.get(i + 2) == Some(&b'['))
                    .then(|| long_close(i + 2))
                    .flatten()
                {
                    Some((start, close)) => skip_to(start, &close),
                    None => memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k),
                };
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'[' if long_close(i).is_some() => {
                let (start, close) = long_close(i).expect("checked");
                i = skip_to(start, &close);
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_SYNTAX_LEVELS {
                    return Some(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}
