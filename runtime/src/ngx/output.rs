//! `ngx.say`, `ngx.print`, `ngx.flush`, `ngx.eof`, `ngx.send_headers`, and the control-flow calls
//! `ngx.exit`, `ngx.redirect`, `ngx.exec` (`ngx_http_lua_output.c`, `ngx_http_lua_control.c`).

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::ngx::core::{fmt_number, func};
use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase::{self};
use crate::request::Exit;

/// Registry key of the running body filter's `{[1] = data, [2] = eof}` (`output::run_body_filter`).
pub const BODY_ARG: &str = "restyc.ngx.arg";
/// Registry key of set_by_lua's arguments while it runs (`engine`).
pub const SET_ARG: &str = "restyc.set.arg";

/// `ngx.arg` is an empty table in every phase whose metatable reads and checks (resty.core's
/// param.lua over ngx_http_lua_body_filter_param_get/set): set_by_lua's arguments; in
/// body_filter_by_lua the chunk and eof flag (`#ngx.arg` is 0, a chunk is flattened like
/// ngx.print's arguments, a bad one raises at the assignment); elsewhere an error.
fn inject_arg(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let mt = lua.create_table()?;
    let index = func(lua, |lua, a: MultiValue| -> RResult<Value> {
        if phase::current() == phase::Phase::Set {
            let args: Table = lua.named_registry_value(SET_ARG)?;
            return Ok(args.raw_get(a.get(1).cloned().unwrap_or(Value::Nil))?);
        }
        if phase::current() != phase::Phase::BodyFilter {
            return fail("API disabled in the current context");
        }
        let data: Table = lua.named_registry_value(BODY_ARG)?;
        match a.get(1) {
            Some(k @ (Value::Integer(_) | Value::Number(_))) => Ok(data.raw_get(k.clone())?),
            _ => Ok(Value::Nil),
        }
    })?;
    let newindex = func(lua, |lua, a: MultiValue| -> RResult<()> {
        if phase::current() != phase::Phase::BodyFilter {
            return fail("API disabled in the current context");
        }
        let data: Table = lua.named_registry_value(BODY_ARG)?;
        let idx = match a.get(1) {
            Some(Value::Integer(i)) => *i,
            Some(Value::Number(n)) => *n as i64,
            _ => 0,
        };
        let v = a.get(2).cloned().unwrap_or(Value::Nil);
        match idx {
            2 => data.raw_set(2, !matches!(v, Value::Nil | Value::Boolean(false)))?,
            1 => {
                let mut bytes = Vec::new();
                match &v {
                    Value::Nil => {}
                    Value::String(_) | Value::Integer(_) | Value::Number(_) | Value::Table(_) => {
                        push_value(&mut bytes, &v, 3, 0)?
                    }
                    other => {
                        return fail(format!(
                            "bad chunk data type: {}",
                            crate::ngx::raise::typename(other)
                        ));
                    }
                }
                data.raw_set(1, lua.create_string(&bytes)?)?;
            }
            _ => return fail(format!("bad index: {idx}")),
        }
        Ok(())
    })?;
    mt.raw_set("__index", index)?;
    mt.raw_set("__newindex", newindex)?;
    let proxy = lua.create_table()?;
    proxy.set_metatable(Some(mt))?;
    ngx.raw_set("arg", proxy)
}

/// Append one `ngx.say`/`ngx.print` argument, flattening array tables (a bad one is argument
/// `n`, named as the caller named the function, as luaL_argerror does).
fn push_value(out: &mut Vec<u8>, v: &Value, n: usize, depth: usize) -> RResult<()> {
    match v {
        Value::Table(t) => push_table(out, t, n, depth),
        other => push_scalar(out, other).ok_or_else(|| {
            Raise::Arg(
                n,
                format!(
                    "string, number, boolean, nil, ngx.null, or array table expected, but got {}",
                    crate::ngx::raise::typename(other)
                ),
            )
        }),
    }
}

/// The text of a value ngx.print takes as it is; None for the other types.
fn push_scalar(out: &mut Vec<u8>, v: &Value) -> Option<()> {
    match v {
        Value::String(s) => out.extend_from_slice(&s.as_bytes()),
        // ngx_http_lua_write_num: an int32 value as an integer, anything else as %.14g.
        Value::Integer(i) => crate::native::num::write_say(out, *i as f64),
        Value::Number(x) => crate::native::num::write_say(out, *x),
        Value::Nil => out.extend_from_slice(b"nil"),
        Value::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::LightUserData(u) if u.0.is_null() => out.extend_from_slice(b"null"),
        _ => return None,
    }
    Some(())
}

/// ngx_http_lua_copy_str_in_table: keys must be positive integers; elements 1 up to the largest
/// key go out in order, a hole as "nil".
fn push_table(out: &mut Vec<u8>, t: &Table, n: usize, depth: usize) -> RResult<()> {
    // (LuaJIT's C stack gives out first for a table that contains itself)
    if depth > 200 {
        return fail("stack overflow");
    }
    let mut max = 0usize;
    for pair in t.pairs::<Value, Value>() {
        let (k, _) = pair?;
        let key = match k {
            Value::Integer(i) if i >= 1 => Some(i as usize),
            Value::Number(x) if x >= 1.0 && x == x.trunc() => Some(x as usize),
            _ => None,
        };
        let Some(key) = key else {
            return Err(Raise::Arg(n, "non-array table found".into()));
        };
        max = max.max(key);
    }
    for i in 1..=max {
        let e: Value = t.raw_get(i)?;
        match &e {
            Value::Table(inner) => push_table(out, inner, n, depth + 1)?,
            other => push_scalar(out, other).ok_or_else(|| {
                Raise::Arg(
                    n,
                    format!("bad data type {} found", crate::ngx::raise::typename(other)),
                )
            })?,
        }
    }
    Ok(())
}

fn output(args: MultiValue, newline: bool) -> RResult<MultiValue> {
    let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(phase::OUTPUT).map_err(Raise::Error)?;
    if header_only(&r.borrow()) {
        return nil_err("header only");
    }
    if r.borrow().raw_socket.is_some() {
        return nil_err("raw request socket acquired");
    }
    if r.borrow().eof {
        return nil_err("seen eof");
    }
    let mut data = Vec::new();
    for (i, v) in args.iter().enumerate() {
        push_value(&mut data, v, i + 1, 0)?;
    }
    if newline {
        data.push(b'\n');
    }
    if data.is_empty() {
        // ngx_http_lua_ngx_echo with nothing to send: only the head goes out, if it has not
        // (no body filter, and no HTTP/1.0 buffering: the head has no length then).
        let held = r.borrow().buffer_all;
        if !r.borrow().header_sent && !held {
            crate::output::send_header(&w, &r);
            if r.borrow().filter_failed {
                return nil_err("nginx output filter error");
            }
        }
        return Ok(MultiValue::from_iter([Value::Integer(1)]));
    }
    if !crate::output::send_body(&w, &r, &data, false) {
        return nil_err("nginx output filter error");
    }
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

/// nginx's `r->header_only`: the head of a HEAD request is out, output calls answer
/// `nil, "header only"`.
pub fn header_only(rq: &crate::request::Request) -> bool {
    rq.head_only && rq.header_sent
}

/// Errors of functions wrapped in a Lua shim are raised one level further up (the user's code).
pub fn at_caller<T>(r: RResult<T>) -> RResult<T> {
    r.map_err(|e| match e {
        Raise::Error(m) => Raise::At(m, 3),
        other => other,
    })
}

/// `ngx.redirect(uri, code)` once both are checked: the Location header and the exit, or the
/// message to raise (an unsafe byte in the URI, or the headers are out). Native handlers call
/// it too.
pub fn redirect_to(r: &crate::request::ReqRef, uri: &[u8], code: i64) -> Result<(), String> {
    // ngx_http_lua_check_unsafe_uri_bytes: control characters but tab, and DEL.
    if let Some(&b) = uri.iter().find(|&&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(format!(
            "unsafe byte \"0x{b:02x}\" in redirect uri \"{}\"",
            crate::ngx::codec::escape_log(uri)
        ));
    }
    if r.borrow().header_sent {
        return Err("attempt to call ngx.redirect after sending out the headers".into());
    }
    let mut rq = r.borrow_mut();
    // Set by Lua, Location is sent as given, in the header list (nginx makes only its own
    // relative redirects absolute).
    let _ = crate::ngx::header::set(&mut rq.headers_out, "Location", Some(vec![uri.into()]));
    if rq.buffer_all {
        // Held HTTP/1.0 output goes out with the redirect's status (ngx_http_lua_handle_exit).
        rq.status = code as u16;
    }
    rq.exit = Some(Exit::Code(code));
    Ok(())
}

/// ngx_http_parse_unsafe_uri: the path and the query string after the first `?`, the path
/// `%XX`-decoded; for a NUL byte or a `..` segment (also when spelled with escapes), the path
/// to log.
fn parse_unsafe_uri(uri: &[u8]) -> Result<(Vec<u8>, Option<Vec<u8>>), Vec<u8>> {
    let (path, args) = match uri.iter().position(|&b| b == b'?') {
        Some(i) => (&uri[..i], Some(uri[i + 1..].to_vec())),
        None => (uri, None),
    };
    let path = if path.contains(&b'%') {
        unescape_path(path)
    } else {
        path.to_vec()
    };
    let dotdot = path.starts_with(b"../")
        || path == b".."
        || path.windows(4).any(|w| w == b"/../")
        || path.ends_with(b"/..");
    if dotdot || path.contains(&0) {
        return Err(path);
    }
    Ok((path, args))
}

/// ngx_unescape_uri without flags: `%XX` becomes the byte; anything else stays as written.
fn unescape_path(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let pair = (
            s.get(i + 1).copied().and_then(hex),
            s.get(i + 2).copied().and_then(hex),
        );
        match (s[i], pair) {
            (b'%', (Some(h), Some(l))) => {
                out.push(h << 4 | l);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn nil_err(msg: &str) -> RResult<MultiValue> {
    let lua = crate::lua::current().map(|(w, _)| w.vm().lua.clone());
    let Some(lua) = lua else { return fail(msg) };
    Ok(MultiValue::from_iter([
        Value::Nil,
        Value::String(lua.create_string(msg)?),
    ]))
}

/// `ngx.say`/`ngx.print` of strings and numbers on the raw stack (almost every call): the same
/// output as [`output`] without converting the arguments to mlua values. Anything else (tables,
/// nil, booleans, errors, no request, eof) returns nothing, and [`output`] answers.
fn output_fast(l: *mut mlua::ffi::lua_State, newline: bool) -> std::ffi::c_int {
    use mlua::ffi;
    // SAFETY: reads the arguments of this C call only, and pushes one result on success.
    unsafe {
        let n = ffi::lua_gettop(l);
        for i in 1..=n {
            if !matches!(ffi::lua_type(l, i), ffi::LUA_TSTRING | ffi::LUA_TNUMBER) {
                return 0;
            }
        }
        let Some((w, r)) = crate::lua::current() else {
            return 0;
        };
        let rq = r.borrow();
        // (the first output of a location with a header filter goes the slow way: the head may
        // fail there)
        // (and output through a body filter: it may fail, and say then answers nil and an error)
        let c = crate::output::conf(&w, &rq);
        let filter_first =
            (!rq.header_sent && c.header_filter_by_lua.is_some()) || c.body_filter_by_lua.is_some();
        if phase::check(phase::OUTPUT).is_err()
            || rq.eof
            || header_only(&rq)
            || filter_first
            || rq.raw_socket.is_some()
        {
            return 0;
        }
        drop(rq);
        // (a buffer kept by the worker: no allocation per call)
        let mut data = SAY_BUF.take();
        data.clear();
        for i in 1..=n {
            if ffi::lua_type(l, i) == ffi::LUA_TNUMBER {
                crate::native::num::write_say(&mut data, ffi::lua_tonumber(l, i));
            } else {
                let mut len = 0usize;
                let p = ffi::lua_tolstring(l, i, &mut len);
                data.extend_from_slice(std::slice::from_raw_parts(p as *const u8, len));
            }
        }
        if newline {
            data.push(b'\n');
        }
        if data.is_empty() {
            // (the slow way sends only the head)
            return 0;
        }
        crate::output::send_body(&w, &r, &data, false);
        if data.capacity() <= SAY_BUF_KEPT {
            SAY_BUF.set(data);
        }
        ffi::lua_pushinteger(l, 1);
        1
    }
}

thread_local! {
    static SAY_BUF: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The largest buffer `SAY_BUF` keeps (a one-off large say does not pin its memory).
const SAY_BUF_KEPT: usize = 16 * 1024;

unsafe extern "C-unwind" fn say_fast(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
    std::panic::catch_unwind(|| output_fast(l, true)).unwrap_or(0)
}

unsafe extern "C-unwind" fn print_fast(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
    std::panic::catch_unwind(|| output_fast(l, false)).unwrap_or(0)
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let say = |_: &Lua, a| output(a, true);
    let print = |_: &Lua, a| output(a, false);
    // SAFETY: both only read their arguments and push their result (see `output_fast`).
    let (say_fast, print_fast) = unsafe {
        (
            lua.create_c_function(say_fast)?,
            lua.create_c_function(print_fast)?,
        )
    };
    ngx.raw_set("say", raise::with_fast_path(lua, say_fast, say)?)?;
    ngx.raw_set("print", raise::with_fast_path(lua, print_fast, print)?)?;
    crate::flush::inject(lua, ngx)?;
    inject_arg(lua, ngx)?;
    ngx.raw_set(
        "eof",
        func(lua, |_, a: MultiValue| -> RResult<MultiValue> {
            let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
            if !a.is_empty() {
                return fail("no argument is expected");
            }
            phase::check(phase::OUTPUT).map_err(Raise::Error)?;
            if r.borrow().raw_socket.is_some() {
                return nil_err("raw request socket acquired");
            }
            if r.borrow().eof {
                return nil_err("seen eof");
            }
            crate::output::finish(&w, &r);
            Ok(MultiValue::from_iter([Value::Integer(1)]))
        })?,
    )?;
    ngx.raw_set(
        "send_headers",
        func(lua, |_, _| -> RResult<MultiValue> {
            let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
            phase::check(phase::OUTPUT).map_err(Raise::Error)?;
            if r.borrow().header_sent {
                return Ok(MultiValue::from_iter([Value::Integer(1)]));
            }
            crate::output::send_header(&w, &r);
            if r.borrow().filter_failed {
                return nil_err("nginx output filter error");
            }
            Ok(MultiValue::from_iter([Value::Integer(1)]))
        })?,
    )?;

    // Control flow: the Rust part validates and records the exit; the Lua wrapper then parks the
    // coroutine forever, and the runner drops it (a yield nothing resumes).
    let park = lua.create_async_function(|_, ()| async move {
        std::future::pending::<()>().await;
        Ok(())
    })?;
    /// `ctx->no_abort`: exit, exec and redirect may not abandon another thread's capture.
    fn no_abort(r: &crate::request::ReqRef) -> RResult<()> {
        if r.borrow().pending_subrequests > 0 {
            return fail("attempt to abort with pending subrequests");
        }
        Ok(())
    }
    let exit = func(lua, |_, a| -> RResult<bool> { at_caller(exit_impl(a)) })?;
    fn exit_impl(a: MultiValue) -> RResult<bool> {
        let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
        // resty.core's ngx.exit(rc): LuaJIT's FFI converts rc to an int before the C function
        // checks the context (more arguments are ignored).
        let code = match a.front() {
            Some(Value::Integer(i)) => *i,
            Some(Value::Number(n)) => *n as i64,
            v => {
                let t = v.map(crate::ngx::raise::typename).unwrap_or("nil");
                return fail(format!(
                    "bad argument #2 to 'ngx_lua_ffi_exit' (cannot convert '{t}' to 'int')"
                ));
            }
        };
        phase::check(phase::EXIT).map_err(Raise::Error)?;
        // Only closing the connection may abandon captures still running (another thread's).
        if !matches!(code, -1 | 408 | 444 | 499) {
            no_abort(&r)?;
        }
        r.borrow_mut().exit = Some(Exit::Code(code));
        Ok(phase::YIELDABLE.contains(phase::current()))
    }
    let redirect = func(lua, |_, a| -> RResult<bool> { at_caller(redirect_impl(a)) })?;
    fn redirect_impl(a: MultiValue) -> RResult<bool> {
        let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
        if a.len() != 1 && a.len() != 2 {
            return fail("expecting one or two arguments");
        }
        let uri = match a.front() {
            Some(Value::String(s)) => s.as_bytes().to_vec(),
            Some(Value::Integer(i)) => i.to_string().into_bytes(),
            Some(Value::Number(n)) => fmt_number(*n).into_bytes(),
            _ => {
                return fail(format!(
                    "bad argument #1 to 'redirect' (string expected, got {})",
                    crate::ngx::raise::arg_typename(&a, 1)
                ));
            }
        };
        // luaL_checknumber: numbers and numeric strings.
        let code = match a.get(1) {
            None => Some(302.0),
            Some(Value::Integer(i)) => Some(*i as f64),
            Some(Value::Number(n)) => Some(*n),
            Some(Value::String(s)) => crate::native::num::str2num(&s.as_bytes()),
            Some(_) => None,
        };
        let Some(code) = code else {
            return fail(format!(
                "bad argument #2 to 'redirect' (number expected, got {})",
                crate::ngx::raise::arg_typename(&a, 2)
            ));
        };
        let code = code as i64;
        if !matches!(code, 301 | 302 | 303 | 307 | 308) {
            return fail(format!(
                "only ngx.HTTP_MOVED_TEMPORARILY, ngx.HTTP_MOVED_PERMANENTLY, ngx.HTTP_PERMANENT_REDIRECT, ngx.HTTP_SEE_OTHER, and ngx.HTTP_TEMPORARY_REDIRECT are allowed"
            ));
        }
        phase::check(phase::OUTPUT).map_err(Raise::Error)?;
        no_abort(&r)?;
        redirect_to(&r, &uri, code).map_err(Raise::Error)?;
        Ok(true)
    }
    let exec = func(lua, |lua, a| -> RResult<bool> {
        at_caller(exec_impl(lua, a))
    })?;
    fn exec_impl(lua: &Lua, a: MultiValue) -> RResult<bool> {
        let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
        if a.len() != 1 && a.len() != 2 {
            return fail(format!(
                "expecting one or two arguments, but got {}",
                a.len()
            ));
        }
        // luaL_checklstring: strings and numbers.
        let uri = match a.front() {
            Some(Value::String(s)) => s.as_bytes().to_vec(),
            Some(Value::Integer(i)) => i.to_string().into_bytes(),
            Some(Value::Number(n)) => fmt_number(*n).into_bytes(),
            _ => {
                return fail(format!(
                    "bad argument #1 to 'exec' (string expected, got {})",
                    crate::ngx::raise::arg_typename(&a, 1)
                ));
            }
        };
        if uri.is_empty() {
            return fail("The uri argument is empty");
        }
        phase::check(phase::OUTPUT).map_err(Raise::Error)?;
        let (uri, uri_args) = match parse_unsafe_uri(&uri) {
            Ok(parts) => parts,
            Err(path) => {
                let msg = format!(
                    "unsafe URI \"{}\" was detected",
                    String::from_utf8_lossy(&path)
                );
                crate::engine::log_req(&w, &r, crate::plan::LogLevel::Error, &msg);
                return fail("unsafe uri");
            }
        };
        let user_args = match a.get(1) {
            None | Some(Value::Nil) => Vec::new(),
            Some(Value::String(s)) => s.as_bytes().to_vec(),
            Some(Value::Integer(i)) => i.to_string().into_bytes(),
            Some(Value::Number(n)) => fmt_number(*n).into_bytes(),
            Some(Value::Table(t)) => crate::ngx::codec::encode_args(lua, t)?,
            Some(v) => {
                return fail(format!(
                    "bad argument #2 to 'exec' (string, number, or table expected, but got {})",
                    crate::ngx::raise::typename(v)
                ));
            }
        };
        // The URI's own query string, then the args argument after a `&`.
        let args = match (uri_args, user_args.is_empty()) {
            (None, true) => None,
            (None, false) => Some(user_args),
            (Some(a), true) => Some(a),
            (Some(mut a), false) => {
                a.push(b'&');
                a.extend_from_slice(&user_args);
                Some(a)
            }
        };
        if r.borrow().header_sent {
            return fail("attempt to call ngx.exec after sending out response headers");
        }
        no_abort(&r)?;
        r.borrow_mut().exit = Some(Exit::Exec {
            uri: uri.into(),
            args: args.map(Into::into),
        });
        Ok(true)
    }
    let wrap: Function = lua
        .load(
            r#"
local park, exit, redirect, exec = ...
return function(...) if exit(...) then return park() end end,
       function(...) if redirect(...) then return park() end end,
       function(...) if exec(...) then return park() end end
"#,
        )
        .set_name("=[restyc control]")
        .into_function()?;
    let (e, rd, ex): (Function, Function, Function) = wrap.call((park, exit, redirect, exec))?;
    ngx.raw_set("exit", e)?;
    ngx.raw_set("redirect", rd)?;
    ngx.raw_set("exec", ex)?;
    Ok(())
}
