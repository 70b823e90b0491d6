//! Handlers the transpiler proved equivalent to their Lua, compiled to Rust.
//!
//! A native handler is a plain function over [`Ctx`], which offers exactly the operations the
//! transpiled subset needs, implemented by the same runtime code the Lua API uses (output,
//! status, headers, variables, logging), so both paths produce the same bytes, statuses and log
//! lines. Errors carry LuaJIT's message, position and traceback.
//!
//! # Layout
//! - `num`: LuaJIT's number ↔ string rules (shared with the Lua API's number printing).
//! - `value`: the values of the subset ([`V`]) and the Lua operators with LuaJIT's error texts.
//! - `strlib`: the string library functions the subset allows.

pub mod num;
pub mod strlib;
pub mod value;

use std::rc::Rc;

use bytes::Bytes;

use crate::lua::RunEnd;
use crate::phase::Phase;
use crate::plan::LogLevel;
use crate::request::{Exit, ReqRef};
use crate::worker::Worker;

pub use value::{Arith, Table, V};

/// What a generated handler can touch.
pub struct Ctx<'a> {
    pub w: &'a Rc<Worker>,
    pub r: &'a ReqRef,
    /// The chunk name LuaJIT would report, e.g. `content_by_lua(nginx.conf:12)`.
    pub chunk: &'static str,
}

/// Why a handler stopped before its end: `ngx.exit`-like control flow (the request records which),
/// or a Lua runtime error with the message and traceback LuaJIT would give.
#[derive(Debug)]
pub enum Stop {
    Exit,
    Error { msg: String, traceback: String },
}

/// How a handler ended: `Ok(())` when it ran to its end or `return`ed.
pub type Flow = Result<(), Stop>;

/// One entry of the generated crate's handler table.
#[derive(Clone, Copy)]
pub struct NativeFn {
    /// The Lua chunk name (error positions and `ngx.log` prefixes use it).
    pub chunk: &'static str,
    pub run: fn(&Ctx) -> Flow,
}

/// Run a native handler in `phase` and report like a Lua run.
pub fn run(w: &Rc<Worker>, r: &ReqRef, phase: Phase, f: NativeFn) -> RunEnd {
    let flow = crate::lua::enter_sync(w, r, phase, || {
        (f.run)(&Ctx {
            w,
            r,
            chunk: f.chunk,
        })
    });
    match flow {
        Ok(()) if r.borrow().exit.is_some() => RunEnd::Exited,
        Ok(()) => RunEnd::Done(vec![]),
        Err(Stop::Exit) => RunEnd::Exited,
        Err(Stop::Error { msg, traceback }) => RunEnd::Error { msg, traceback },
    }
}

/// Whether a numeric `for` loop goes on: the sign of the step (its sign bit, as LuaJIT's
/// `FORI`/`FORL` test it) picks `i <= limit` or `i >= limit`.
pub fn for_continue(i: f64, limit: f64, step: f64) -> bool {
    if step.is_sign_negative() {
        i >= limit
    } else {
        i <= limit
    }
}

/// `ngx_http_lua_parse_args` over Rust values (the same walk as `ngx::codec::parse_args`).
pub fn parse_args(buf: &[u8], max: i64) -> (Vec<(Bytes, V)>, bool) {
    use crate::ngx::codec::unescape_uri;
    let mut t: Vec<(Bytes, V)> = Vec::new();
    let mut push = |key: &[u8], val: Option<&[u8]>| {
        let k = unescape_uri(key);
        if k.is_empty() {
            return;
        }
        let v = match val {
            Some(v) => V::str(unescape_uri(v)),
            None => V::Bool(true),
        };
        Table::push_multi(&mut t, Bytes::from(k), v);
    };
    let mut count: i64 = 0;
    let (mut start, mut eq) = (0usize, None::<usize>);
    for (i, &c) in buf.iter().enumerate() {
        if c == b'=' && eq.is_none() {
            eq = Some(i);
        } else if c == b'&' {
            match eq {
                Some(e) => push(&buf[start..e], Some(&buf[e + 1..i])),
                None => push(&buf[start..i], None),
            }
            start = i + 1;
            eq = None;
            count += 1;
            if max > 0 && count == max {
                return (t, true);
            }
        }
    }
    match eq {
        Some(e) => push(&buf[start..e], Some(&buf[e + 1..])),
        None if start != buf.len() => push(&buf[start..], None),
        None => {}
    }
    (t, false)
}

/// Append one `ngx.say` / `ngx.print` argument (`push_value` in `ngx/output.rs`). The transpiler
/// only passes values `ngx.say` accepts (never a table with non-array keys).
fn push_say(out: &mut Vec<u8>, v: &V) {
    match v {
        V::Str(s) => out.extend_from_slice(s),
        V::Num(n) => num::write_say(out, *n),
        V::Nil => out.extend_from_slice(b"nil"),
        V::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        V::Tab(t) => {
            if let Table::Array(a) = &**t {
                for e in a {
                    push_say(out, e);
                }
            }
        }
    }
}

impl Ctx<'_> {
    // --- errors -------------------------------------------------------------------------

    /// A runtime error raised by the Lua VM itself at `line` of the main chunk.
    pub fn error(&self, line: u32, msg: String) -> Stop {
        Stop::Error {
            msg: format!("{}:{line}: {msg}", self.chunk),
            traceback: format!(
                "stack traceback:\ncoroutine 0:\n\t{}: in main chunk",
                self.chunk
            ),
        }
    }

    /// An error raised by an ngx API function called at `line` (restyc's API functions raise
    /// through `error(msg, 2)`, which the traceback shows).
    pub fn api_error(&self, line: u32, msg: &str) -> Stop {
        Stop::Error {
            msg: format!("{}:{line}: {msg}", self.chunk),
            traceback: format!(
                "stack traceback:\ncoroutine 0:\n\t[C]: in function 'error'\n\t{}:{line}: in main chunk",
                self.chunk
            ),
        }
    }

    // --- operators ----------------------------------------------------------------------

    /// `a op b`; `names` are how LuaJIT names each operand in its message (`local 'x'`,
    /// `field 'k'`, or empty).
    pub fn arith(&self, line: u32, op: Arith, a: &V, b: &V, names: [&str; 2]) -> Result<V, Stop> {
        match value::arith(op, a, b) {
            Ok(n) => Ok(V::Num(n)),
            Err(i) => Err(self.error(
                line,
                value::op_error("perform arithmetic on", names[i], [a, b][i]),
            )),
        }
    }

    /// `-a`.
    pub fn neg(&self, line: u32, a: &V, name: &str) -> Result<V, Stop> {
        match value::neg(a) {
            Some(n) => Ok(V::Num(n)),
            None => Err(self.error(line, value::op_error("perform arithmetic on", name, a))),
        }
    }

    /// `#a`.
    pub fn len(&self, line: u32, a: &V, name: &str) -> Result<V, Stop> {
        match value::len(a) {
            Some(n) => Ok(V::Num(n)),
            None => Err(self.error(line, value::op_error("get length of", name, a))),
        }
    }

    /// `a .. b .. ...` (one concatenation instruction).
    pub fn concat(&self, line: u32, parts: &[&V], names: &[&str]) -> Result<V, Stop> {
        match value::concat(parts) {
            Ok(v) => Ok(v),
            Err(i) => Err(self.error(
                line,
                value::op_error("concatenate", names.get(i).copied().unwrap_or(""), parts[i]),
            )),
        }
    }

    /// `a < b` (pass `b, a` for `a > b`).
    pub fn lt(&self, line: u32, a: &V, b: &V) -> Result<bool, Stop> {
        value::lt(a, b).map_err(|m| self.error(line, m))
    }

    /// `a <= b` (pass `b, a` for `a >= b`).
    pub fn le(&self, line: u32, a: &V, b: &V) -> Result<bool, Stop> {
        value::le(a, b).map_err(|m| self.error(line, m))
    }

    /// A numeric `for` loop's control value (`lj_meta_for`): numbers and numeric strings.
    pub fn for_num(&self, line: u32, v: &V, what: &str) -> Result<f64, Stop> {
        v.to_num()
            .ok_or_else(|| self.error(line, format!("'for' {what} must be a number")))
    }

    // --- output -------------------------------------------------------------------------

    /// Bytes known at build time, e.g. `ngx.say("Hello")` → `b"Hello\n"` (`ngx.say`'s path:
    /// nothing is sent once the response has ended).
    pub fn say_bytes(&self, bytes: &[u8]) {
        if self.r.borrow().eof {
            return;
        }
        crate::output::send_body(self.w, self.r, bytes, false);
    }

    /// `ngx.say(...)` (`newline`) and `ngx.print(...)`.
    pub fn say(&self, parts: &[&V], newline: bool) {
        let mut data = Vec::with_capacity(64);
        for p in parts {
            push_say(&mut data, p);
        }
        if newline {
            data.push(b'\n');
        }
        self.say_bytes(&data);
    }

    /// `ngx.status = v` (the setter in `ngx/core.rs`, whose number rules this mirrors).
    pub fn set_status(&self, line: u32, v: &V) -> Result<(), Stop> {
        let n = match v {
            V::Num(n) => Some(*n),
            V::Str(s) => num::str2num(s),
            _ => None,
        };
        let Some(n) = n else {
            return Err(self.api_error(line, crate::ngx::core::BAD_STATUS));
        };
        crate::ngx::core::set_status(self.w, self.r, n as i64);
        Ok(())
    }

    /// `ngx.status`.
    pub fn status(&self) -> V {
        V::Num(self.r.borrow().status as f64)
    }

    /// `ngx.exit(code)` with a number; the handler returns `Err` with the result.
    pub fn exit(&self, code: &V) -> Stop {
        let code = match code {
            V::Num(n) => *n as i64,
            _ => 0,
        };
        self.r.borrow_mut().exit = Some(Exit::Code(code));
        Stop::Exit
    }

    /// `ngx.redirect(uri, code)`, `code` already checked by the transpiler.
    pub fn redirect(&self, line: u32, uri: &V, code: i64) -> Stop {
        let uri = match uri {
            V::Str(s) => s.to_vec(),
            V::Num(n) => num::tostring(*n).into_bytes(),
            _ => vec![],
        };
        match crate::ngx::output::redirect_to(self.r, &uri, code) {
            Ok(()) => Stop::Exit,
            Err(m) => self.api_error(line, &m),
        }
    }

    /// `ngx.header.NAME = v` with the value rules of `ngx/header.rs`'s `__newindex`: the text of
    /// strings, numbers and booleans, nil or an empty string clears the header, an array sets
    /// one line per element.
    pub fn set_header(&self, line: u32, name: &str, v: &V) -> Result<(), Stop> {
        let text = |v: &V| match v {
            V::Str(s) => s.to_vec(),
            V::Num(n) => num::tostring(*n).into_bytes(),
            V::Bool(b) => b.to_string().into_bytes(),
            V::Nil => b"nil".to_vec(),
            // Only arrays reach here as values (the transpiler's tables are read-only).
            V::Tab(_) => vec![],
        };
        let values = match v {
            V::Nil => None,
            V::Tab(t) => match &**t {
                Table::Array(a) => Some(a.iter().map(text).collect()),
                _ => None,
            },
            v => Some(vec![text(v)]),
        };
        crate::ngx::header::assign(self.w, self.r, name.as_bytes(), values)
            .map_err(|m| self.api_error(line, m))
    }

    /// `ngx.var.NAME = v` (`ngx/var.rs`'s `__newindex`), stored at `line`.
    pub fn set_var(&self, line: u32, name: &str, v: &V) -> Result<(), Stop> {
        let value = match v {
            V::Nil => None,
            V::Str(s) => Some(s.to_vec().into()),
            V::Num(n) => Some(num::tostring(*n).into()),
            // resty.core's var_set: anything else goes through tostring.
            other => match other.tostring() {
                V::Str(s) => Some(s.to_vec().into()),
                _ => None,
            },
        };
        let res = crate::ngx::var::write(
            self.w,
            &mut self.r.borrow_mut(),
            name.to_ascii_lowercase(),
            value,
        );
        res.map_err(|m| self.api_error(line, &m))
    }

    // --- request ------------------------------------------------------------------------

    /// `ngx.var.NAME` (`ngx/var.rs`'s `__index`).
    pub fn var(&self, name: &str) -> V {
        match crate::ngx::var::read(self.w, &self.r.borrow(), name) {
            Some(v) => V::str(Vec::from(v)),
            None => V::Nil,
        }
    }

    /// `ngx.req.get_method()`.
    pub fn method(&self) -> V {
        V::str(self.r.borrow().method.as_bytes().to_vec())
    }

    /// `ngx.req.get_uri_args()`: the table, and `"truncated"` past 100 arguments.
    pub fn uri_args(&self) -> (V, V) {
        let args = self.r.borrow().args.clone();
        let (t, truncated) = parse_args(&args, 100);
        (
            V::Tab(Rc::new(Table::Args(t))),
            if truncated {
                V::lit(b"truncated")
            } else {
                V::Nil
            },
        )
    }

    /// `ngx.req.get_headers()`: the table, and `"truncated"` past 100 headers.
    pub fn req_headers(&self) -> (V, V) {
        let rq = self.r.borrow();
        let mut t: Vec<(Bytes, V)> = Vec::new();
        let mut truncated = false;
        for (i, (n, v)) in rq.headers.iter().enumerate() {
            if i >= 100 {
                truncated = true;
                break;
            }
            Table::push_multi(
                &mut t,
                Bytes::from(n.to_ascii_lowercase().into_bytes()),
                V::str(v.to_vec()),
            );
        }
        (
            V::Tab(Rc::new(Table::Headers(t))),
            if truncated {
                V::lit(b"truncated")
            } else {
                V::Nil
            },
        )
    }

    // --- logging ------------------------------------------------------------------------

    /// `ngx.log(level, ...)` called at `line` (and `print(...)` at NOTICE); `[lua] chunk:line: `
    /// prefix as `ngx/log.rs` builds it. The transpiler passes no tables.
    pub fn log(&self, level: LogLevel, line: u32, parts: &[&V]) {
        if !crate::log::enabled(level) {
            return;
        }
        let mut msg = Vec::with_capacity(64);
        for p in parts {
            match p {
                V::Str(s) => msg.extend_from_slice(s),
                V::Num(n) => num::write_say(&mut msg, *n),
                V::Nil => msg.extend_from_slice(b"nil"),
                V::Bool(b) => msg.extend_from_slice(if *b { b"true" } else { b"false" }),
                V::Tab(_) => {}
            }
        }
        let text = format!(
            "[lua] {}:{line}: {}",
            self.chunk,
            String::from_utf8_lossy(&msg)
        );
        crate::engine::log_req(self.w, self.r, level, &text);
    }

    /// `string.format(fmt, ...)` with a format the transpiler checked.
    pub fn format(&self, fmt: &[u8], args: &[&V]) -> V {
        let pieces = strlib::parse_format(fmt).unwrap_or_default();
        let assist = |sp: &strlib::Spec, n: f64| -> Option<Vec<u8>> {
            let lua = &self.w.vm().lua;
            let f: mlua::Function = lua
                .globals()
                .get::<mlua::Table>("string")
                .ok()?
                .get("format")
                .ok()?;
            let s: mlua::LuaString = f.call((strlib::spec_text(sp), n)).ok()?;
            Some(s.as_bytes().to_vec())
        };
        V::Str(strlib::format(&pieces, args, &assist))
    }

    // --- time ---------------------------------------------------------------------------

    /// `ngx.now()`.
    pub fn now(&self) -> V {
        V::Num(crate::clock::now())
    }

    /// `ngx.time()`.
    pub fn time(&self) -> V {
        V::Num(crate::clock::time() as f64)
    }

    /// `ngx.today()`.
    pub fn today(&self) -> V {
        V::str(crate::ngx::time::today_str().into_bytes())
    }

    /// `ngx.localtime()`.
    pub fn localtime(&self) -> V {
        V::str(crate::ngx::time::local_str().into_bytes())
    }

    /// `ngx.utctime()`.
    pub fn utctime(&self) -> V {
        V::str(crate::ngx::time::utc_str().into_bytes())
    }

    /// `ngx.http_time(sec)` with a number.
    pub fn http_time(&self, sec: &V) -> V {
        let x = match sec {
            V::Num(n) => *n,
            _ => 0.0,
        };
        let t =
            if x.is_nan() || x >= 9.223_372_036_854_775_807e18 || x < -9.223_372_036_854_775_808e18
            {
                i64::MIN
            } else {
                x as i64
            };
        V::str(crate::ngx::time::http_time(t).into_bytes())
    }
}
