//! The embedded LuaJIT of one worker: VM set-up, chunk loading, and running a handler as its own
//! coroutine per request (OpenResty's "entry thread").
//!
//! Lua API callbacks find the request they serve through a poll-scoped thread-local: `Scoped`
//! sets it before every poll of a handler's future and clears it after, so many requests can be
//! in flight on one worker while each callback sees its own.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use mlua::{Function, Lua, LuaOptions, StdLib, Table, Value};

use crate::phase::{self, Phase};
use crate::plan::{Chunk, LogLevel};
use crate::request::ReqRef;
use crate::worker::Worker;

thread_local! {
    static CURRENT: RefCell<Option<(Rc<Worker>, ReqRef)>> = const { RefCell::new(None) };
}

/// The request whose Lua code is running right now on this thread, if any.
pub fn current() -> Option<(Rc<Worker>, ReqRef)> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The request, or OpenResty's error for code running outside one (init, timers).
pub fn current_request() -> Result<(Rc<Worker>, ReqRef), String> {
    current().ok_or_else(|| {
        // init_worker_by_lua runs in a fake request in lua-nginx-module: the C APIs fail its
        // context check (ngx_http_lua_check_context) rather than finding no request.
        if phase::current() == Phase::InitWorker {
            format!(
                "API disabled in the context of {}",
                Phase::InitWorker.context_name()
            )
        } else {
            "no request found".to_string()
        }
    })
}

/// The request for an API resty.core implements over FFI: in init_worker_by_lua's fake request
/// the FFI call answers NGX_HTTP_LUA_FFI_BAD_CONTEXT, raised as "API disabled in the current
/// context" (`Ok(None)`: the caller raises it where resty.core does).
pub fn current_request_ffi() -> Result<Option<(Rc<Worker>, ReqRef)>, String> {
    match current() {
        Some(wr) => Ok(Some(wr)),
        None if phase::current() == Phase::InitWorker => Ok(None),
        None => Err("no request found".to_string()),
    }
}

/// Run `f` with `r` current and `phase` set (synchronous filters and native handlers).
pub fn enter_sync<T>(w: &Rc<Worker>, r: &ReqRef, phase: Phase, f: impl FnOnce() -> T) -> T {
    let prev = CURRENT.with(|c| c.replace(Some((w.clone(), r.clone()))));
    let prev_phase = phase::current();
    phase::set_current(phase);
    let out = f();
    phase::set_current(prev_phase);
    CURRENT.with(|c| *c.borrow_mut() = prev);
    out
}

/// A future that makes `req` current (and its phase) for the duration of each poll.
pub struct Scoped<F> {
    /// (not boxed: mlua's call futures are Unpin, and a box per Lua call costs an allocation)
    fut: F,
    who: Option<(Rc<Worker>, ReqRef)>,
    phase: Phase,
}

impl<F> Scoped<F> {
    /// `fut` with `who` current (None: outside any request) and `phase` set while it is polled.
    pub fn new(fut: F, who: Option<(Rc<Worker>, ReqRef)>, phase: Phase) -> Self {
        Scoped { fut, who, phase }
    }
}

impl<F: Future + Unpin> Future for Scoped<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        /// Puts back what was current, also when the poll unwinds (so no request stays held).
        struct Restore(Option<(Rc<Worker>, ReqRef)>, Phase);
        impl Drop for Restore {
            fn drop(&mut self) {
                phase::set_current(self.1);
                let prev = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = prev);
            }
        }
        let _restore = Restore(
            CURRENT.with(|c| c.replace(self.who.clone())),
            phase::current(),
        );
        phase::set_current(self.phase);
        Pin::new(&mut self.fut).poll(cx)
    }
}

/// The worker's VM and its compiled chunks.
pub struct LuaVm {
    pub lua: Lua,
    /// (Rc: a clone of an mlua Function is a new registry reference, ~100 instructions)
    chunks: RefCell<HashMap<usize, Rc<Function>>>,
    /// `*_by_lua_file` chunks whose path has variables, by resolved path.
    files: RefCell<HashMap<String, Rc<Function>>>,
}

/// How a handler run ended.
pub enum RunEnd {
    /// Returned normally (with the values a set_by_lua chunk returns).
    Done(Vec<Value>),
    /// Stopped by ngx.exit / ngx.exec / ngx.redirect (the request says which).
    Exited,
    /// An uncaught Lua error: OpenResty's message and traceback, already formatted.
    Error { msg: String, traceback: String },
    /// A `*_by_lua_file` (path with variables) could not be loaded: the status (404 for a
    /// missing file) and nginx's error log line.
    LoadFailed { status: u16, msg: String },
}

impl LuaVm {
    /// A fresh VM with the whole standard library (ffi, jit, bit, debug included, as OpenResty
    /// code expects) and the ngx API.
    pub fn new(w: &Rc<Worker>) -> mlua::Result<LuaVm> {
        // SAFETY: `unsafe_new_with` only allows loading `ffi` and `debug`; OpenResty code relies on both.
        let lua =
            unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::new().thread_pool_size(128)) };
        crate::ngx::inject_all(&lua, w)?;
        Ok(LuaVm {
            lua,
            chunks: RefCell::new(HashMap::default()),
            files: RefCell::new(HashMap::default()),
        })
    }

    /// Compile a chunk once per worker (lua_code_cache on). `c` must belong to the worker's plan
    /// (its address is the cache key). A `*_by_lua_file` path with variables is resolved for
    /// `r` (each resolved path compiled once, as nginx caches them by path).
    pub fn function(
        &self,
        w: &Worker,
        r: Option<&ReqRef>,
        c: &Chunk,
    ) -> mlua::Result<Rc<Function>> {
        if let Some(t) = &c.file_template {
            let Some(r) = r else {
                return Err(mlua::Error::runtime("no request found"));
            };
            let path = crate::var::eval_text(w, &r.borrow(), t);
            return self
                .file_function(w, c, &path)
                .map_err(|(_, msg)| mlua::Error::runtime(msg));
        }
        // Chunks live in the worker's immutable plan: their address identifies them.
        let key = c as *const Chunk as usize;
        if let Some(f) = self.chunks.borrow().get(&key) {
            return Ok(f.clone());
        }
        let name = match &c.file {
            Some(path) => format!("@{}", self.full_path(w, path)),
            None => format!("={}", c.name),
        };
        let f = Rc::new(
            self.lua
                .load(c.source.as_str())
                .set_name(name)
                .into_function()?,
        );
        self.chunks.borrow_mut().insert(key, f.clone());
        Ok(f)
    }

    fn full_path(&self, w: &Worker, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else {
            w.prefix.join(path).display().to_string()
        }
    }

    /// The chunk of a resolved `*_by_lua_file` path: baked at build time, else read now. When
    /// it cannot be had: the status nginx answers (404 for a missing file, else 500) and its
    /// `failed to load external Lua file` line.
    fn file_function(
        &self,
        w: &Worker,
        c: &Chunk,
        path: &str,
    ) -> Result<Rc<Function>, (u16, String)> {
        let full = self.full_path(w, path);
        if let Some(f) = self.files.borrow().get(&full) {
            return Ok(f.clone());
        }
        let failed = |status, why: String| {
            (
                status,
                format!("failed to load external Lua file \"{full}\": {why}"),
            )
        };
        let source = match c.baked_files.iter().find(|(p, _)| p == path || *p == full) {
            Some((_, src)) => src.clone(),
            None => std::fs::read_to_string(&full).map_err(|e| {
                let status = if e.kind() == std::io::ErrorKind::NotFound {
                    404
                } else {
                    500
                };
                let why = e.to_string();
                let why = why.split(" (os error").next().unwrap_or(&why).to_string();
                failed(status, format!("cannot open {full}: {why}"))
            })?,
        };
        let f = self
            .lua
            .load(source.as_str())
            .set_name(format!("@{full}"))
            .into_function()
            .map_err(|e| failed(500, split_error(&e).0))?;
        let f = Rc::new(f);
        self.files.borrow_mut().insert(full, f.clone());
        Ok(f)
    }

    /// Run a chunk as this request's entry thread in `phase`, with `args` (set_by_lua's).
    pub async fn run(
        &self,
        w: &Rc<Worker>,
        r: &ReqRef,
        c: &Chunk,
        phase: Phase,
        args: Vec<Value>,
    ) -> RunEnd {
        if let Some(t) = &c.file_template {
            let path = crate::var::eval_text(w, &r.borrow(), t);
            if let Err((status, msg)) = self.file_function(w, c, &path) {
                return RunEnd::LoadFailed { status, msg };
            }
        }
        let f = match self.function(w, Some(r), c) {
            Ok(f) => f,
            // Code LuaJIT cannot compile (`goto` to no label, `break` outside a loop) fails to
            // load, as nginx words it, rather than to run.
            Err(mlua::Error::SyntaxError { message, .. }) => {
                let msg = match &c.file {
                    None => format!("failed to load inlined Lua code: {message}"),
                    Some(path) => format!(
                        "failed to load external Lua file \"{}\": {message}",
                        self.full_path(w, path)
                    ),
                };
                return RunEnd::LoadFailed { status: 500, msg };
            }
            Err(e) => {
                let (msg, traceback) = split_error(&e);
                return RunEnd::Error { msg, traceback };
            }
        };
        // The entry thread and its light threads (ngx.thread.spawn); None when ngx.exit and
        // friends cut the run short (they never return: the coroutines are dropped).
        let res =
            crate::ngx::thread::run_entry(w, r, &f, mlua::MultiValue::from_iter(args), phase).await;
        match res {
            None => RunEnd::Exited,
            Some(Ok(vals)) => {
                if r.borrow().exit.is_some() {
                    RunEnd::Exited
                } else {
                    RunEnd::Done(vals.into_iter().collect())
                }
            }
            Some(Err(e)) => {
                if r.borrow().exit.is_some() {
                    return RunEnd::Exited;
                }
                let (msg, traceback) = split_error(&e);
                RunEnd::Error { msg, traceback }
            }
        }
    }

    /// Run a chunk outside any request (init_by_lua, init_worker_by_lua).
    pub async fn run_global(&self, w: &Rc<Worker>, c: &Chunk, phase: Phase) -> Result<(), String> {
        let f = self.function(w, None, c).map_err(|e| split_error(&e).0)?;
        let fut = f.call_async::<()>(());
        let scoped = Scoped::new(fut, None, phase);
        scoped.await.map_err(|e| {
            let (m, tb) = split_error(&e);
            format!("{m}\n{tb}")
        })
    }
}

/// What LuaJIT says of `source` when it cannot compile it: the line and the message (`undefined
/// label 'x'`, a `break` outside a loop), for the build-time checks. Compiles, never runs.
pub fn compile_error(source: &str) -> Option<(usize, String)> {
    thread_local! {
        static LUA: Lua = Lua::new();
    }
    LUA.with(
        |lua| match lua.load(source).set_name("=chunk").into_function() {
            Err(mlua::Error::SyntaxError { message, .. }) => {
                let rest = message.strip_prefix("chunk:")?;
                let (line, msg) = rest.split_once(": ")?;
                Some((line.parse().ok()?, msg.to_string()))
            }
            _ => None,
        },
    )
}

/// The message and OpenResty-style traceback of a Lua error (mlua wraps errors raised by Rust
/// callbacks; the innermost cause carries the text).
pub fn split_error(e: &mlua::Error) -> (String, String) {
    match e {
        mlua::Error::CallbackError { traceback, cause } => {
            let (m, _) = split_error(cause);
            (m, openresty_traceback(traceback))
        }
        mlua::Error::RuntimeError(s) | mlua::Error::SyntaxError { message: s, .. } => {
            let (m, tb) = match s.find("\nstack traceback:") {
                Some(i) => (s[..i].to_string(), openresty_traceback(&s[i + 1..])),
                None => (s.clone(), String::new()),
            };
            (non_string_reason(strip_mlua_position(m)), tb)
        }
        mlua::Error::WithContext { cause, .. } => split_error(cause),
        other => (other.to_string(), String::new()),
    }
}

/// An error raised inside mlua's own Lua glue (a yield across a C call boundary, from its
/// async poll loop) carries that chunk's position, which OpenResty's message does not have.
fn strip_mlua_position(m: String) -> String {
    if m.starts_with("__mlua") {
        if let Some((_, rest)) = m.split_once(": ") {
            return rest.to_string();
        }
    }
    m
}

/// lua-nginx-module logs a non-string error value (`error({})`) as "unknown reason"; mlua hands
/// such values over as their `tostring`.
fn non_string_reason(m: String) -> String {
    let value = match m.split_once(": ") {
        Some((kind, addr)) => {
            matches!(kind, "table" | "function" | "userdata" | "thread")
                && addr.starts_with("0x")
                && !addr.contains(' ')
        }
        None => m == "nil" || m == "true" || m == "false",
    };
    if value { "unknown reason".into() } else { m }
}

/// Lua's traceback with OpenResty's `coroutine 0:` line, as `ngx_http_lua_thread_traceback` prints.
fn openresty_traceback(tb: &str) -> String {
    let body = tb.strip_prefix("stack traceback:").unwrap_or(tb);
    let body = body.trim_start_matches('\n');
    // Frames below the handler (mlua's own) are not part of the user's stack.
    let frames: Vec<String> = body
        .lines()
        .filter(|l| !l.contains("[restyc") && !l.contains("__mlua") && !l.trim().is_empty())
        .map(openresty_frame)
        .collect();
    format!("stack traceback:\ncoroutine 0:\n{}", frames.join("\n"))
}

/// Log level of a Lua value passed as `ngx.log`'s first argument.
pub fn level_of(v: &Value) -> Option<LogLevel> {
    match v {
        Value::Integer(i) => LogLevel::from_number(*i),
        Value::Number(n) => LogLevel::from_number(*n as i64),
        _ => None,
    }
}

/// `ngx.null` (equal to `cjson.null`): a NULL light userdata.
pub fn null() -> Value {
    Value::LightUserData(mlua::LightUserData(std::ptr::null_mut()))
}

/// Set a field on a table, creating sub-tables (`ngx.req`, `ngx.resp`) on the way.
pub fn subtable(lua: &Lua, parent: &Table, name: &str) -> mlua::Result<Table> {
    match parent.raw_get::<Value>(name)? {
        Value::Table(t) => Ok(t),
        _ => {
            let t = lua.create_table()?;
            parent.raw_set(name, &t)?;
            Ok(t)
        }
    }
}

/// A LuaJIT traceback line as OpenResty prints it: every named frame is "function 'x'"
/// (ngx_http_lua_thread_traceback).
pub(crate) fn openresty_frame(line: &str) -> String {
    let mut s = line.to_string();
    for kind in [
        "in upvalue '",
        "in local '",
        "in field '",
        "in method '",
        "in global '",
    ] {
        s = s.replace(kind, "in function '");
    }
    s
}
