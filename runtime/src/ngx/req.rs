//! `ngx.req.*` (`ngx_http_lua_req_method.c`, `_uri.c`, `_args.c`, `_headers.c`, `_req_body.c`).

use mlua::{Lua, MultiValue, Table, Value};

use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise, fail};
use crate::phase;

const METHODS: [(&str, i64); 15] = [
    ("GET", 2),
    ("HEAD", 4),
    ("POST", 8),
    ("PUT", 16),
    ("DELETE", 32),
    ("MKCOL", 64),
    ("COPY", 128),
    ("MOVE", 256),
    ("OPTIONS", 512),
    ("PROPFIND", 1024),
    ("PROPPATCH", 2048),
    ("LOCK", 4096),
    ("UNLOCK", 8192),
    ("PATCH", 16384),
    ("TRACE", 32768),
];

fn max_arg(a: &MultiValue, n: usize, default: i64) -> i64 {
    match a.get(n - 1) {
        Some(Value::Integer(i)) => *i,
        Some(Value::Number(x)) => *x as i64,
        _ => default,
    }
}

/// A headers table: lower-case keys, `__index` accepting any case and `_` for `-`.
pub(crate) fn headers_table(
    lua: &Lua,
    headers: &[(String, String)],
    max: i64,
    raw: bool,
) -> RResult<MultiValue> {
    let t = lua.create_table()?;
    let mut truncated = false;
    for (i, (n, v)) in headers.iter().enumerate() {
        if max > 0 && i as i64 >= max {
            truncated = true;
            break;
        }
        let key = if raw {
            n.clone()
        } else {
            n.to_ascii_lowercase()
        };
        let val = Value::String(lua.create_string(v)?);
        match t.raw_get::<Value>(key.as_str())? {
            Value::Nil => t.raw_set(key, val)?,
            Value::Table(arr) => arr.raw_set(arr.raw_len() + 1, val)?,
            old => {
                let arr = lua.create_table()?;
                arr.raw_set(1, old)?;
                arr.raw_set(2, val)?;
                t.raw_set(key, arr)?;
            }
        }
    }
    if !raw {
        let mt: Table = match lua.named_registry_value::<Value>("restyc.req_headers_mt")? {
            Value::Table(m) => m,
            _ => {
                let m = lua.create_table()?;
                let idx = lua.create_function(|_, (t, k): (Table, mlua::LuaString)| {
                    let norm = crate::http::dashed_lower(&k.to_string_lossy());
                    t.raw_get::<Value>(norm)
                })?;
                m.raw_set("__index", idx)?;
                lua.set_named_registry_value("restyc.req_headers_mt", &m)?;
                m
            }
        };
        t.set_metatable(Some(mt))?;
    }
    let mut mv = MultiValue::new();
    mv.push_back(Value::Table(t));
    if truncated {
        mv.push_back(Value::String(lua.create_string("truncated")?));
    }
    Ok(mv)
}

fn args_result(lua: &Lua, s: &[u8], max: i64) -> RResult<MultiValue> {
    let (t, truncated) = crate::ngx::codec::parse_args(lua, s, max)?;
    let mut mv = MultiValue::new();
    mv.push_back(Value::Table(t));
    if truncated {
        mv.push_back(Value::String(lua.create_string("truncated")?));
    }
    Ok(mv)
}

fn str_arg(a: &MultiValue, n: usize, fname: &str) -> RResult<String> {
    match a.get(n - 1) {
        Some(Value::String(s)) => Ok(s.to_string_lossy().to_string()),
        Some(Value::Integer(i)) => Ok(i.to_string()),
        Some(Value::Number(x)) => Ok(crate::ngx::core::fmt_number(*x)),
        _ => fail(format!(
            "bad argument #{n} to '{fname}' (string expected, got {})",
            crate::ngx::raise::arg_typename(a, n)
        )),
    }
}

/// `ngx.req.get_uri_args()` without a limit argument, when nothing is cut off: the table built
/// on the raw stack. Anything else returns nothing and the full function answers.
unsafe extern "C-unwind" fn uri_args_fast(l: *mut mlua::ffi::lua_State) -> std::ffi::c_int {
    // SAFETY: reads no argument and pushes one table.
    let run = || unsafe {
        if mlua::ffi::lua_gettop(l) != 0 {
            return 0;
        }
        let Some((_, r)) = crate::lua::current() else {
            return 0;
        };
        let Ok(rq) = r.try_borrow() else { return 0 };
        let (pairs, truncated) = crate::ngx::codec::split_args(rq.args.as_bytes(), 100);
        if truncated || mlua::ffi::lua_checkstack(l, 4) == 0 {
            return 0;
        }
        crate::ngx::codec::push_args_table(l, &pairs);
        1
    };
    std::panic::catch_unwind(run).unwrap_or(0)
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let req = crate::lua::subtable(lua, ngx, "req")?;
    req.raw_set(
        "get_method",
        func(lua, |lua, _| -> RResult<Value> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            Ok(Value::String(lua.create_string(&r.borrow().method)?))
        })?,
    )?;
    req.raw_set(
        "set_method",
        func(lua, |_, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let code = max_arg(&a, 1, 0);
            let Some((m, _)) = METHODS.iter().find(|(_, c)| *c == code) else {
                return fail(format!("unsupported HTTP method: {code}"));
            };
            r.borrow_mut().method = m.to_string();
            Ok(())
        })?,
    )?;
    req.raw_set(
        "http_version",
        func(lua, |_, _| -> RResult<f64> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            Ok(r.borrow().version.number())
        })?,
    )?;
    req.raw_set(
        "is_internal",
        func(lua, |_, _| -> RResult<bool> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            Ok(r.borrow().internal)
        })?,
    )?;
    req.raw_set(
        "start_time",
        func(lua, |_, _| -> RResult<f64> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            Ok(r.borrow().start)
        })?,
    )?;
    // SAFETY: `uri_args_fast` only reads its arguments and pushes its result.
    let fast = unsafe { lua.create_c_function(uri_args_fast)? };
    req.raw_set(
        "get_uri_args",
        crate::ngx::raise::with_fast_path(lua, fast, |lua, a| -> RResult<MultiValue> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let args = r.borrow().args.clone();
            args_result(lua, args.as_bytes(), max_arg(&a, 1, 100))
        })?,
    )?;
    req.raw_set(
        "get_post_args",
        func(lua, |lua, a| -> RResult<MultiValue> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            if !r.borrow().body_read {
                return fail(
                    "no request body found; maybe you should turn on lua_need_request_body?",
                );
            }
            let body = r.borrow().body.clone();
            match body {
                Some(b) => args_result(lua, &b, max_arg(&a, 1, 100)),
                None => Ok(MultiValue::from_iter([Value::Table(lua.create_table()?)])),
            }
        })?,
    )?;
    req.raw_set(
        "set_uri_args",
        func(lua, |lua, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let s = match a.front() {
                Some(Value::String(s)) => s.to_string_lossy().to_string(),
                Some(Value::Table(t)) => String::from_utf8_lossy(&crate::ngx::codec::encode_args(lua, t)?).into_owned(),
                _ => return fail(format!("bad argument #1 to 'set_uri_args' (string, number, or table expected, but got {})", crate::ngx::raise::arg_typename(&a, 1))),
            };
            r.borrow_mut().args = s;
            Ok(())
        })?,
    )?;
    req.raw_set(
        "set_uri",
        func(lua, |_, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let uri = str_arg(&a, 1, "set_uri")?;
            if uri.is_empty() {
                return fail("attempt to use zero-length uri");
            }
            let jump = matches!(a.get(1), Some(Value::Boolean(true)));
            let mut rq = r.borrow_mut();
            rq.uri = uri.clone();
            if jump {
                if phase::current() != phase::Phase::Rewrite {
                    return fail(format!(
                        "API disabled in the context of {}",
                        phase::current().context_name()
                    ));
                }
                let args = rq.args.clone();
                rq.exit = Some(crate::request::Exit::Exec {
                    uri,
                    args: Some(args),
                });
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "get_headers",
        func(lua, |lua, a| -> RResult<MultiValue> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let raw = matches!(a.get(1), Some(Value::Boolean(true)));
            let headers = r.borrow().headers.clone();
            headers_table(lua, &headers, max_arg(&a, 1, 100), raw)
        })?,
    )?;
    req.raw_set(
        "set_header",
        func(lua, |lua, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let name = crate::http::dashed(&str_arg(&a, 1, "set_header")?);
            let mut rq = r.borrow_mut();
            rq.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            match a.get(1) {
                None | Some(Value::Nil) => {}
                Some(Value::Table(t)) => {
                    for v in t.sequence_values::<mlua::LuaString>() {
                        rq.headers
                            .push((name.clone(), v?.to_string_lossy().to_string()));
                    }
                }
                Some(v) => {
                    let s = lua
                        .coerce_string(v.clone())?
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default();
                    rq.headers.push((name, s));
                }
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "clear_header",
        func(lua, |_, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let name = crate::http::dashed(&str_arg(&a, 1, "clear_header")?);
            r.borrow_mut()
                .headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            Ok(())
        })?,
    )?;
    req.raw_set(
        "read_body",
        func(lua, |_, _| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            phase::check(phase::BODY_READ).map_err(Raise::Error)?;
            r.borrow_mut().body_read = true;
            Ok(())
        })?,
    )?;
    req.raw_set("discard_body", func(lua, |_, _| -> RResult<()> { Ok(()) })?)?;
    req.raw_set(
        "get_body_data",
        func(lua, |lua, _| -> RResult<Value> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let rq = r.borrow();
            match &rq.body {
                Some(b) if !b.is_empty() && rq.body_read => {
                    Ok(Value::String(lua.create_string(b)?))
                }
                _ => Ok(Value::Nil),
            }
        })?,
    )?;
    req.raw_set(
        "get_body_file",
        func(lua, |_, _| -> RResult<Value> { Ok(Value::Nil) })?,
    )?;
    req.raw_set(
        "set_body_data",
        func(lua, |_, a| -> RResult<()> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let s = match a.front() {
                Some(Value::String(s)) => s.as_bytes().to_vec(),
                _ => return fail("bad argument #1 to 'set_body_data' (string expected)"),
            };
            r.borrow_mut().body = Some(s);
            Ok(())
        })?,
    )?;
    req.raw_set(
        "raw_header",
        func(lua, |lua, a| -> RResult<Value> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let no_line = matches!(a.front(), Some(Value::Boolean(true)));
            let rq = r.borrow();
            let mut s = String::new();
            if !no_line {
                s.push_str(&rq.request_line);
                s.push_str("\r\n");
            }
            for (n, v) in &rq.headers {
                s.push_str(n);
                s.push_str(": ");
                s.push_str(v);
                s.push_str("\r\n");
            }
            s.push_str("\r\n");
            Ok(Value::String(lua.create_string(&s)?))
        })?,
    )?;
    Ok(())
}
