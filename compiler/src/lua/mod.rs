//! Lua analysis: which handlers the transpiler can prove equivalent to Rust, and why not.

use restyc_runtime::plan::{Chunk, Content, Plan, RewriteOp};

use crate::codegen::handlers::NativeHandler;

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
        for ch in [&c.rewrite_by_lua, &c.access_by_lua, &c.header_filter_by_lua, &c.body_filter_by_lua, &c.log_by_lua].into_iter().flatten() {
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

/// Decide per handler and generate Rust for the native ones (marking `Chunk::native`).
/// The transpiler is not written yet: every handler stays on LuaJIT.
pub fn transpile(plan: &mut Plan) -> Vec<NativeHandler> {
    let _ = plan;
    vec![]
}

/// `--explain`: one line per handler.
pub fn explain(plan: &Plan, native: bool) -> String {
    let mut s = String::new();
    for (label, c) in chunks(plan) {
        let why = if native { "luajit: the transpiler does not handle any construct yet" } else { "luajit: --no-native" };
        s.push_str(&format!("{} {} ({}): {why}\n", c.pos, label, c.phase.directive_prefix()));
    }
    s
}
