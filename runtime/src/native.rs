//! Handlers the transpiler proved equivalent to their Lua, compiled to Rust.
//!
//! A native handler is a plain function over `Ctx`, which offers exactly the operations the
//! transpiled subset needs, implemented by the same code the Lua API uses, so both paths produce
//! the same bytes.

use std::rc::Rc;

use crate::lua::RunEnd;
use crate::phase::Phase;
use crate::request::ReqRef;
use crate::worker::Worker;

/// What a generated handler can touch.
pub struct Ctx<'a> {
    pub w: &'a Rc<Worker>,
    pub r: &'a ReqRef,
}

/// How a native handler ended: normally, by `ngx.exit`-like control flow, or with a Lua-equivalent
/// runtime error (message as LuaJIT would word it).
pub enum Flow {
    Done,
    Exited,
    Error(String),
}

/// The signature of every generated handler.
pub type NativeFn = fn(&Ctx) -> Flow;

/// Run a native handler in `phase` and report like a Lua run.
pub fn run(w: &Rc<Worker>, r: &ReqRef, phase: Phase, f: NativeFn) -> RunEnd {
    let flow = crate::lua::enter_sync(w, r, phase, || f(&Ctx { w, r }));
    match flow {
        Flow::Done => RunEnd::Done(vec![]),
        Flow::Exited => RunEnd::Exited,
        Flow::Error(msg) => RunEnd::Error { msg, traceback: String::new() },
    }
}
