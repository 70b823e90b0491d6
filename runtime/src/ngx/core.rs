//! Building the `ngx` table of one worker VM: every area's `inject`, the properties that need a
//! metatable (`ngx.status`, `ngx.ctx`, `ngx.headers_sent`, `ngx.arg`), constants, and the Lua
//! environment OpenResty code expects (package paths, baked modules, wrapped coroutines).
//! (`ngx_http_lua_util.c`: `ngx_http_lua_inject_ngx_api`.)

use std::rc::Rc;

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase::{self, Phase};
use crate::worker::Worker;

/// LuaJIT's `tostring` of a number: `%.14g`, integers without `.0`, `inf`, `-inf`, `nan`.
pub fn fmt_number(n: f64) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if n == n.trunc() && n.abs() < 1e14 {
        // Integral values print without a fraction (and -0 as 0, as LuaJIT's integer path does).
        return format!("{}", n as i64);
    }
    // %.14g
    let exp = if n == 0.0 {
        0
    } else {
        n.abs().log10().floor() as i32
    };
    let s = format!("{:.13e}", n);
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(exp);
    if e < -4 || e >= 14 {
        let mant = trim_zeros(mant);
        let sign = if e < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", e.abs())
    } else {
        let prec = (13 - e).max(0) as usize;
        trim_zeros(&format!("{:.*}", prec, n)).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// `ngx.status = code` once the value is a number. Native handlers call it too.
/// What resty.core's setter raises for a value `tonumber` refuses (LuaJIT's FFI conversion).
pub const BAD_STATUS: &str =
    "bad argument #2 to 'ngx_http_lua_ffi_set_resp_status' (cannot convert 'nil' to 'int')";

/// `ngx.status = code`: any code goes on the status line as `%03ui`; the header filter may still
/// change it (its head is not out yet).
pub fn set_status(w: &Worker, r: &crate::request::ReqRef, code: i64) {
    if r.borrow().header_sent && phase::current() != Phase::HeaderFilter {
        crate::engine::log_req(
            w,
            r,
            crate::plan::LogLevel::Error,
            "attempt to set ngx.status after sending out response headers",
        );
        return;
    }
    let mut rq = r.borrow_mut();
    rq.status = code.clamp(0, u16::MAX as i64) as u16;
    // (ngx_http_lua_ffi_set_resp_status: the status Lua sets wins over an error_page's
    // `=code`, and an upstream's status line goes)
    rq.err_status = 0;
    rq.headers_out.status_line = None;
}

/// Create `ngx` (and the globals that go with it) in a fresh worker VM.
pub fn inject_all(lua: &Lua, w: &Rc<Worker>) -> mlua::Result<()> {
    let ngx = lua.create_table()?;
    lua.globals().raw_set("ngx", &ngx)?;
    constants(lua, &ngx)?;
    crate::ngx::codec::inject(lua, &ngx)?;
    crate::ngx::time::inject(lua, &ngx)?;
    crate::ngx::output::inject(lua, &ngx)?;
    crate::ngx::var::inject(lua, &ngx)?;
    crate::ngx::req::inject(lua, &ngx)?;
    crate::ngx::header::inject(lua, &ngx)?;
    crate::ngx::log::inject(lua, &ngx)?;
    crate::ngx::misc::inject(lua, &ngx, w)?;
    crate::ngx::misc::extra_inject(lua, &ngx, w)?;
    properties(lua, &ngx)?;
    crate::ngx::misc::package_setup(lua, w)?;
    // lua-nginx-module registers `ngx` and `ndk` in package.loaded (`require "ngx"` is common
    // in libraries). `ndk.set_var.NAME` calls a set-misc filter, as with OpenResty's bundle;
    // any other name raises as there.
    let ndk = lua.create_table()?;
    let set_var = lua.create_table()?;
    let mt = lua.create_table()?;
    mt.raw_set(
        "__index",
        raise::function(lua, |lua, args: MultiValue| -> RResult<Value> {
            let name = raise::tostring(lua, args.get(1).cloned().unwrap_or(Value::Nil))?;
            let name = name.to_string_lossy().to_string();
            let Some(op) =
                crate::set_misc::op_of(&name).filter(|op| crate::set_misc::callable_from_lua(*op))
            else {
                return fail(format!(
                    "ndk.set_var: directive \"{name}\" not found or does not use ndk_set_var_value"
                ));
            };
            let f = raise::function(lua, move |lua, args: MultiValue| -> RResult<Value> {
                let value = match args.front() {
                    Some(v) => raise::tostring(lua, v.clone())?.as_bytes().to_vec(),
                    None => Vec::new(),
                };
                let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
                let out = crate::set_misc::apply(&w, &r.borrow(), &op, &[value]);
                match out {
                    Ok(v) => Ok(Value::String(lua.create_string(&v)?)),
                    Err(_) => fail(format!("calling directive {name} failed with code -1")),
                }
            })?;
            Ok(Value::Function(f))
        })?,
    )?;
    set_var.set_metatable(Some(mt))?;
    ndk.raw_set("set_var", set_var)?;
    lua.globals().raw_set("ndk", &ndk)?;
    let loaded: Table = lua.globals().get::<Table>("package")?.get("loaded")?;
    loaded.raw_set("ngx", &ngx)?;
    loaded.raw_set("ndk", &ndk)?;
    // lua-nginx-module requires resty.core as it builds the VM (since 0.10.16 whatever
    // lua_load_resty_core says): package.loaded holds it from the start
    lua.globals()
        .get::<Function>("require")?
        .call::<()>("resty.core")?;
    Ok(())
}

fn constants(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let _ = lua;
    for (k, v) in [
        ("OK", 0),
        ("ERROR", -1),
        ("AGAIN", -2),
        ("DONE", -4),
        ("DECLINED", -5),
    ] {
        ngx.raw_set(k, v)?;
    }
    for (k, v) in [
        ("HTTP_GET", 2),
        ("HTTP_HEAD", 4),
        ("HTTP_POST", 8),
        ("HTTP_PUT", 16),
        ("HTTP_DELETE", 32),
        ("HTTP_MKCOL", 64),
        ("HTTP_COPY", 128),
        ("HTTP_MOVE", 256),
        ("HTTP_OPTIONS", 512),
        ("HTTP_PROPFIND", 1024),
        ("HTTP_PROPPATCH", 2048),
        ("HTTP_LOCK", 4096),
        ("HTTP_UNLOCK", 8192),
        ("HTTP_PATCH", 16384),
        ("HTTP_TRACE", 32768),
    ] {
        ngx.raw_set(k, v)?;
    }
    for (k, v) in [
        ("HTTP_CONTINUE", 100),
        ("HTTP_SWITCHING_PROTOCOLS", 101),
        ("HTTP_OK", 200),
        ("HTTP_CREATED", 201),
        ("HTTP_ACCEPTED", 202),
        ("HTTP_NO_CONTENT", 204),
        ("HTTP_PARTIAL_CONTENT", 206),
        ("HTTP_SPECIAL_RESPONSE", 300),
        ("HTTP_MOVED_PERMANENTLY", 301),
        ("HTTP_MOVED_TEMPORARILY", 302),
        ("HTTP_SEE_OTHER", 303),
        ("HTTP_NOT_MODIFIED", 304),
        ("HTTP_TEMPORARY_REDIRECT", 307),
        ("HTTP_PERMANENT_REDIRECT", 308),
        ("HTTP_BAD_REQUEST", 400),
        ("HTTP_UNAUTHORIZED", 401),
        ("HTTP_PAYMENT_REQUIRED", 402),
        ("HTTP_FORBIDDEN", 403),
        ("HTTP_NOT_FOUND", 404),
        ("HTTP_NOT_ALLOWED", 405),
        ("HTTP_NOT_ACCEPTABLE", 406),
        ("HTTP_REQUEST_TIMEOUT", 408),
        ("HTTP_CONFLICT", 409),
        ("HTTP_GONE", 410),
        ("HTTP_UPGRADE_REQUIRED", 426),
        ("HTTP_TOO_MANY_REQUESTS", 429),
        ("HTTP_CLOSE", 444),
        ("HTTP_ILLEGAL", 451),
        ("HTTP_INTERNAL_SERVER_ERROR", 500),
        ("HTTP_NOT_IMPLEMENTED", 501),
        ("HTTP_METHOD_NOT_IMPLEMENTED", 501),
        ("HTTP_BAD_GATEWAY", 502),
        ("HTTP_SERVICE_UNAVAILABLE", 503),
        ("HTTP_GATEWAY_TIMEOUT", 504),
        ("HTTP_VERSION_NOT_SUPPORTED", 505),
        ("HTTP_INSUFFICIENT_STORAGE", 507),
    ] {
        ngx.raw_set(k, v)?;
    }
    for (k, v) in [
        ("STDERR", 0),
        ("EMERG", 1),
        ("ALERT", 2),
        ("CRIT", 3),
        ("ERR", 4),
        ("WARN", 5),
        ("NOTICE", 6),
        ("INFO", 7),
        ("DEBUG", 8),
    ] {
        ngx.raw_set(k, v)?;
    }
    ngx.raw_set("null", crate::lua::null())?;
    Ok(())
}

/// `ngx.status`, `ngx.ctx`, `ngx.headers_sent`, `ngx.arg` through a metatable on `ngx`.
fn properties(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let mt = lua.create_table()?;
    let index = raise::function(lua, |lua, args: MultiValue| -> RResult<Value> {
        let key = match args.get(1) {
            Some(Value::String(s)) => s.to_string_lossy().to_string(),
            _ => return Ok(Value::Nil),
        };
        match key.as_str() {
            "status" => {
                let Some((_, r)) = crate::lua::current() else {
                    if phase::current() == Phase::InitWorker {
                        return fail("API disabled in the current context");
                    }
                    return Ok(Value::Nil);
                };
                phase::no_fake_request().map_err(raise::Raise::Error)?;
                phase::check(phase::REQUEST).map_err(raise::Raise::Error)?;
                Ok(Value::Integer(r.borrow().status as i64))
            }
            "is_subrequest" => {
                let Some((_, r)) = crate::lua::current() else {
                    return fail("no request found");
                };
                if matches!(phase::current(), Phase::Timer | Phase::InitWorker) {
                    return fail("API disabled in the current context");
                }
                Ok(Value::Boolean(r.borrow().subrequest > 0))
            }
            "headers_sent" => {
                let Some((_, r)) = crate::lua::current() else {
                    if phase::current() == Phase::InitWorker {
                        return fail("API disabled in the current context");
                    }
                    return Ok(Value::Boolean(false));
                };
                phase::no_fake_request().map_err(raise::Raise::Error)?;
                // (r->header_sent: set once the header filters are done)
                let sent = r.borrow().header_sent && phase::current() != Phase::HeaderFilter;
                Ok(Value::Boolean(sent))
            }
            "ctx" => ctx_table(lua),
            _ => Ok(Value::Nil),
        }
    })?;
    let newindex = raise::function(lua, |lua, args: MultiValue| -> RResult<()> {
        let t = match args.front() {
            Some(Value::Table(t)) => t.clone(),
            _ => return Ok(()),
        };
        let key = args.get(1).cloned().unwrap_or(Value::Nil);
        let val = args.get(2).cloned().unwrap_or(Value::Nil);
        let name = match &key {
            Value::String(s) => s.to_string_lossy().to_string(),
            _ => String::new(),
        };
        match name.as_str() {
            "status" => {
                let Some((w, r)) = crate::lua::current() else {
                    return Ok(());
                };
                phase::no_fake_request().map_err(raise::Raise::Error)?;
                phase::check(phase::REQUEST).map_err(raise::Raise::Error)?;
                // resty.core: `tonumber(v)`, then the FFI's conversion to int.
                let code = match &val {
                    Value::Integer(i) => Some(*i as f64),
                    Value::Number(n) => Some(*n),
                    Value::String(s) => crate::native::num::str2num(&s.as_bytes()),
                    _ => None,
                };
                let Some(code) = code else {
                    return fail(BAD_STATUS);
                };
                set_status(&w, &r, code as i64);
                Ok(())
            }
            "ctx" => {
                let Some((_, r)) = crate::lua::current() else {
                    return fail("no request found");
                };
                match val {
                    Value::Table(tbl) => {
                        let key = lua.create_registry_value(tbl)?;
                        r.borrow_mut().lua_ctx = Some(key);
                        Ok(())
                    }
                    v => fail(format!(
                        "ctx should be a table while getting a {}",
                        crate::ngx::raise::typename(&v)
                    )),
                }
            }
            _ => {
                t.raw_set(key, val)?;
                Ok(())
            }
        }
    })?;
    mt.raw_set("__index", index)?;
    mt.raw_set("__newindex", newindex)?;
    ngx.set_metatable(Some(mt))?;
    Ok(())
}

/// The request's `ngx.ctx` table, created on first use.
fn ctx_table(lua: &Lua) -> RResult<Value> {
    thread_local! {
        /// init_worker_by_lua's fake request has one ctx table, as any request has.
        static INIT_WORKER_CTX: std::cell::RefCell<Option<mlua::RegistryKey>> =
            const { std::cell::RefCell::new(None) };
    }
    let Some((_, r)) = crate::lua::current() else {
        if phase::current() == Phase::InitWorker {
            return INIT_WORKER_CTX.with(|c| {
                let mut c = c.borrow_mut();
                if let Some(k) = c.as_ref() {
                    return Ok(lua.registry_value::<Value>(k)?);
                }
                let t = lua.create_table()?;
                *c = Some(lua.create_registry_value(&t)?);
                Ok(Value::Table(t))
            });
        }
        // Elsewhere outside requests OpenResty gives a fresh table.
        return Ok(Value::Table(lua.create_table()?));
    };
    if let Some(k) = &r.borrow().lua_ctx {
        return Ok(lua.registry_value::<Value>(k)?);
    }
    let t = lua.create_table()?;
    let key = lua.create_registry_value(&t)?;
    r.borrow_mut().lua_ctx = Some(key);
    Ok(Value::Table(t))
}

/// A Lua function from a Rust closure raising plain-string errors (a shorthand for the areas).
pub fn func<R: mlua::IntoLuaMulti>(
    lua: &Lua,
    f: impl Fn(&Lua, MultiValue) -> RResult<R> + 'static,
) -> mlua::Result<Function> {
    raise::function(lua, f)
}
