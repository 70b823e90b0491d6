//! `ngx.log(level, ...)` and the global `print(...)` (`ngx_http_lua_log.c`): the message gets the
//! `[lua] chunk:line: fn(): ` prefix of the caller and goes to the error log.

use mlua::{Lua, MultiValue, Table, Value};

use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise, fail};
use crate::plan::LogLevel;

fn message(lua: &Lua, args: &MultiValue, skip: usize, fname: &str) -> RResult<String> {
    let mut msg = Vec::new();
    for (i, v) in args.iter().enumerate().skip(skip) {
        match v {
            Value::String(s) => msg.extend_from_slice(&s.as_bytes()),
            // ngx_http_lua_write_num, as ngx.say.
            Value::Integer(n) => crate::native::num::write_say(&mut msg, *n as f64),
            Value::Number(n) => crate::native::num::write_say(&mut msg, *n),
            Value::Nil => msg.extend_from_slice(b"nil"),
            Value::Boolean(b) => msg.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::LightUserData(u) if u.0.is_null() => msg.extend_from_slice(b"null"),
            Value::Table(t) => {
                let has_tostring = t
                    .metatable()
                    .map(|m| {
                        m.raw_get::<Value>("__tostring")
                            .map(|v| !v.is_nil())
                            .unwrap_or(false)
                    })
                    .unwrap_or(false);
                if !has_tostring {
                    // luaL_argerror counts from the first message argument.
                    return Err(crate::ngx::raise::Raise::Arg(
                        i + 1 - skip,
                        "expected table to have __tostring metamethod".into(),
                    ));
                }
                let s = crate::ngx::raise::tostring(lua, v.clone())?;
                msg.extend_from_slice(&s.as_bytes());
            }
            other => {
                return fail(format!(
                    "bad argument #{} to '{fname}' (string, number, boolean, or nil expected, got {})",
                    i + 1,
                    crate::ngx::raise::typename(other)
                ));
            }
        }
    }
    Ok(String::from_utf8_lossy(&msg).into_owned())
}

/// `[lua] file:line: fn(): ` of the Lua function that called the API (level 2: above the
/// raise trampoline).
fn prefix(lua: &Lua) -> String {
    lua.inspect_stack(2, |d| {
        let src = d.source();
        // (lua-nginx-module prints the source's base name: `mymod.lua`, not its path)
        let short_src = src.short_src.as_deref().unwrap_or("?");
        let short = short_src
            .rsplit('/')
            .next()
            .unwrap_or(short_src)
            .to_string();
        let line = d.current_line().unwrap_or(0);
        let name = d.names().name.map(|n| n.to_string());
        match name {
            Some(n) => format!("[lua] {short}:{line}: {n}(): "),
            None => format!("[lua] {short}:{line}: "),
        }
    })
    .unwrap_or_else(|| "[lua] ".to_string())
}

/// Whether a line at `level` reaches the error log of the current request (or the main one).
fn enabled(level: LogLevel) -> bool {
    match crate::lua::current() {
        Some((w, r)) => {
            crate::log::enabled_for(level, &crate::output::conf(&w, &r.borrow()).error_log)
        }
        None => crate::log::enabled(level),
    }
}

fn emit(level: LogLevel, text: String) {
    if crate::ngx::shdict::standing_in() {
        return;
    }
    match crate::lua::current() {
        Some((w, r)) => crate::engine::log_req(&w, &r, level, &text),
        // (init_worker_by_lua runs with a fake request whose log names its context)
        None if crate::phase::current() == crate::phase::Phase::InitWorker => crate::log::write(
            level,
            &format!("{text}, context: init_worker_by_lua*"),
            None,
        ),
        None => crate::log::write(level, &text, None),
    }
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    ngx.raw_set(
        "log",
        func(lua, |lua, a: MultiValue| -> RResult<()> {
            let level = match a.front() {
                Some(v @ (Value::Integer(_) | Value::Number(_))) => crate::lua::level_of(v),
                // luaL_checkint: a numeric string will do.
                _ => crate::lua::level_of(&Value::Number(crate::ngx::raise::check_number(
                    lua, &a, 1,
                )?)),
            };
            let Some(level) = level else {
                let n = match a.front() {
                    Some(Value::Integer(i)) => *i,
                    Some(Value::Number(x)) => *x as i64,
                    _ => 0,
                };
                return Err(crate::ngx::raise::Raise::Arg(
                    1,
                    format!("bad log level: {n}"),
                ));
            };
            if !enabled(level) {
                return Ok(());
            }
            let msg = message(lua, &a, 1, "log")?;
            emit(level, format!("{}{msg}", prefix(lua)));
            Ok(())
        })?,
    )?;
    lua.globals().raw_set(
        "print",
        func(lua, |lua, a: MultiValue| -> RResult<()> {
            if !enabled(LogLevel::Notice) {
                return Ok(());
            }
            let msg = message(lua, &a, 0, "print")?;
            emit(LogLevel::Notice, format!("{}{msg}", prefix(lua)));
            Ok(())
        })?,
    )?;
    Ok(())
}

/// `require "ngx.errlog"` (resty.core's `ngx/errlog.lua`). restyc has no capture buffer
/// (`lua_capture_error_log`): set_filter_level and get_logs answer as an nginx without the
/// capture patch does.
pub fn errlog_module(lua: &Lua) -> mlua::Result<Table> {
    const NO_CAPTURE: &str = "missing the capture error log patch for nginx";
    let m = lua.create_table()?;
    m.raw_set("version", crate::ngx::misc::RESTY_CORE_VERSION)?;
    m.raw_set(
        "set_filter_level",
        lua.create_function(|_, level: Value| {
            Ok((
                Value::Nil,
                if level.is_nil() {
                    r#"missing "level" argument"#
                } else {
                    NO_CAPTURE
                },
            ))
        })?,
    )?;
    m.raw_set(
        "get_logs",
        lua.create_function(|_, ()| Ok((Value::Nil, NO_CAPTURE)))?,
    )?;
    m.raw_set(
        "get_sys_filter_level",
        lua.create_function(|_, ()| {
            let level = match crate::lua::current() {
                Some((w, r)) => crate::output::conf(&w, &r.borrow())
                    .error_log
                    .iter()
                    .map(|t| t.level)
                    .max()
                    .unwrap_or_else(crate::log::max_level),
                None => crate::log::max_level(),
            };
            Ok(level as i64)
        })?,
    )?;
    m.raw_set(
        "raw_log",
        func(lua, |_, a: MultiValue| -> RResult<()> {
            let level = match a.front() {
                Some(v @ (Value::Integer(_) | Value::Number(_))) => crate::lua::level_of(v),
                _ => {
                    return Err(Raise::At(
                        "bad argument #1 to 'raw_log' (must be a number)".into(),
                        2,
                    ));
                }
            };
            let msg = match a.get(1) {
                Some(Value::String(s)) => s.to_string_lossy().to_string(),
                _ => {
                    return Err(Raise::At(
                        "bad argument #2 to 'raw_log' (must be a string)".into(),
                        2,
                    ));
                }
            };
            let Some(level) = level else {
                return Err(Raise::At("bad log level".into(), 2));
            };
            if enabled(level) {
                emit(level, msg);
            }
            Ok(())
        })?,
    )?;
    Ok(m)
}
