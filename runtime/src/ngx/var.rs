//! `ngx.var.NAME` read and write (`ngx_http_lua_variable.c`).

use bstr::BString;
use mlua::{Lua, MultiValue, Table, Value};

use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise, fail};
use crate::phase;
use crate::request::Request;
use crate::worker::Worker;

/// `ngx.var.NAME` once the key is text: a regex capture for a number, else the variable
/// (lower-cased); `None` reads as nil. Native handlers call it too.
pub fn read(w: &Worker, rq: &Request, name: &str) -> Option<BString> {
    if let Ok(n) = name.parse::<usize>() {
        // Captures: unmatched or absent groups are nil.
        return rq
            .captures
            .as_ref()
            .and_then(|c| c.get(n))
            .map(BString::from);
    }
    // Unknown variables read as nil; a `set` variable never assigned in this request reads as ""
    // (ngx_http_rewrite_var), one Lua assigned nil to reads as nil.
    let name = name.to_ascii_lowercase();
    // The proxy module's variables are NGX_HTTP_VAR_NOHASH: not found by name.
    if crate::proxy::NOHASH_VARS.contains(&name.as_str()) {
        return None;
    }
    crate::var::get(w, rq, &name)
}

/// `ngx.var.NAME = value` once the name is lower-cased and the value a string (or nil: any
/// bytes, kept as they are); `Err` is the message to raise. Native handlers call it too.
pub fn write(
    w: &Worker,
    rq: &mut Request,
    name: String,
    value: Option<BString>,
) -> Result<(), String> {
    match name.as_str() {
        "args" => {
            rq.args_set_empty = value.as_ref().is_some_and(|v| v.is_empty());
            rq.args = value.unwrap_or_default();
            rq.uri_changed = true;
            return Ok(());
        }
        "limit_rate" => {
            let value = value.map(|v| v.to_string()).unwrap_or_default();
            if let Err(e) = crate::limit_rate::assign(rq, &value) {
                crate::engine::log_rq(w, rq, crate::plan::LogLevel::Error, &e);
            }
            return Ok(());
        }
        _ => {}
    }
    if rq.vars.contains_key(&name) || w.plan.http.variables.iter().any(|d| *d == name) {
        match value {
            Some(v) => {
                rq.vars_unset.retain(|n| *n != name);
                rq.vars.insert(name, v)
            }
            None => {
                rq.vars_unset.push(name.clone());
                rq.vars.remove(&name)
            }
        };
        return Ok(());
    }
    if crate::var::is_hashed(&name) {
        return Err(format!("variable \"{name}\" not changeable"));
    }
    Err(format!(
        "variable \"{name}\" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use \"set ${name} '';\" in the config file to define it first"
    ))
}

/// `ngx.var.NAME` of a set variable, on the raw stack (the common read). Anything else — a
/// variable that is not set, a non-string name, no request, a phase without variables —
/// returns nothing and the full `__index` answers.
unsafe extern "C-unwind" fn index_fast(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
    use mlua::ffi;
    // SAFETY: reads the key of this `__index` call and pushes one string.
    let run = || unsafe {
        if ffi::lua_type(l, 2) != ffi::LUA_TSTRING {
            return 0;
        }
        let mut len = 0usize;
        let p = ffi::lua_tolstring(l, 2, &mut len) as *const u8;
        let Ok(name) = std::str::from_utf8(std::slice::from_raw_parts(p, len)) else {
            return 0;
        };
        if name.parse::<usize>().is_ok() {
            return 0;
        }
        let Some((w, r)) = crate::lua::current() else {
            return 0;
        };
        if phase::check(phase::VAR).is_err() {
            return 0;
        }
        let Ok(rq) = r.try_borrow() else { return 0 };
        match read(&w, &rq, name) {
            Some(v) => {
                ffi::lua_pushlstring(l, v.as_ptr() as *const _, v.len());
                1
            }
            None => 0,
        }
    };
    std::panic::catch_unwind(run).unwrap_or(0)
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let var = lua.create_table()?;
    let mt = lua.create_table()?;
    // SAFETY: `index_fast` only reads its arguments and pushes its result.
    let fast = unsafe { lua.create_c_function(index_fast)? };
    mt.raw_set(
        "__index",
        crate::ngx::raise::with_fast_path(lua, fast, |lua, a: MultiValue| -> RResult<Value> {
            let (w, r) = crate::lua::current_request_ffi()
                .map_err(Raise::Error)?
                .ok_or_else(|| Raise::Error("API disabled in the current context".into()))?;
            // resty.core: a fake request (timer, init_worker) has no variables.
            phase::check(phase::VAR)
                .map_err(|_| Raise::Error("API disabled in the current context".into()))?;
            let name = match a.get(1) {
                // A string of digits names no variable: captures are read with numbers.
                Some(Value::String(s)) if s.to_str().is_ok_and(|n| n.parse::<usize>().is_ok()) => {
                    return Ok(Value::Nil);
                }
                Some(Value::String(s)) => s.to_string_lossy().to_string(),
                // ngx.var[0] is no capture (resty.core's var_get takes 1 and up).
                Some(Value::Integer(i)) if *i < 1 => return Ok(Value::Nil),
                Some(Value::Number(n)) if (*n as i64) < 1 => return Ok(Value::Nil),
                Some(Value::Integer(i)) => i.to_string(),
                Some(Value::Number(n)) => (*n as i64).to_string(),
                _ => return fail("bad variable name"),
            };
            let rq = r.borrow();
            match read(&w, &rq, &name) {
                Some(v) => Ok(Value::String(lua.create_string(&v)?)),
                None => Ok(Value::Nil),
            }
        })?,
    )?;
    mt.raw_set(
        "__newindex",
        func(lua, |lua, a: MultiValue| -> RResult<()> {
            let (w, r) = crate::lua::current_request_ffi()
                .map_err(Raise::Error)?
                .ok_or_else(|| Raise::Error("API disabled in the current context".into()))?;
            // resty.core: a fake request (timer, init_worker) has no variables.
            phase::check(phase::VAR)
                .map_err(|_| Raise::Error("API disabled in the current context".into()))?;
            let name = match a.get(1) {
                Some(Value::String(s)) => s.to_string_lossy().to_ascii_lowercase(),
                _ => return fail("bad variable name"),
            };
            // resty.core's var_set: any other value goes through tostring.
            let value = match a.get(2) {
                None | Some(Value::Nil) => None,
                Some(v) => Some(BString::from(
                    &*crate::ngx::raise::tostring(lua, v.clone())?.as_bytes(),
                )),
            };
            let res = write(&w, &mut r.borrow_mut(), name, value);
            res.or_else(fail)
        })?,
    )?;
    var.set_metatable(Some(mt))?;
    ngx.raw_set("var", var)?;
    Ok(())
}
