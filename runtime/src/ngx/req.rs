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
    headers: &[(String, bstr::BString)],
    max: i64,
    raw: bool,
) -> RResult<MultiValue> {
    // Sized as resty.core's `new_tab(0, n)`, so that `pairs` walks the keys in OpenResty's order.
    let n = if max > 0 {
        headers.len().min(max as usize)
    } else {
        headers.len()
    };
    let t = lua.create_table_with_capacity(0, n)?;
    let truncated = max > 0 && headers.len() as i64 > max;
    if truncated {
        let msg = format!(
            "lua exceeding request header limit {} > {max}",
            headers.len()
        );
        debug_log(&msg);
    }
    for (n, v) in headers.iter().take(n) {
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

/// `ngx.req.raw_header`: the head as nginx's buffer holds it, with the NULs its parser wrote
/// put back the way lua-nginx-module does: CR before an LF, else `:` after a name and LF after
/// a value (so `Foo: bar  ` reads `Foo: bar\n `), cut after the first empty line.
fn raw_header(raw: &[u8], no_line: bool) -> Vec<u8> {
    let mut data = raw.to_vec();
    let mut nuls = 0;
    for i in 0..data.len() {
        if data[i] == 0 {
            nuls += 1;
            data[i] = if data.get(i + 1) == Some(&b'\n') {
                b'\r'
            } else if nuls % 2 == 1 {
                b':'
            } else {
                b'\n'
            };
        }
    }
    if no_line {
        let line = data
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| i + 1);
        data.drain(..line);
    }
    let find = |pat: &[u8]| {
        data.windows(pat.len())
            .position(|w| w == pat)
            .map(|i| i + pat.len())
    };
    let mut end = find(b"\r\n\r\n")
        .or_else(|| find(b"\r\n\n"))
        .or_else(|| find(b"\n\r\n"));
    if end.is_none() {
        // The last CR LF or LF LF; a CR there reads as LF (LF-only heads end `\0\n`).
        for i in (2..data.len()).rev() {
            if data[i] == b'\n' && matches!(data[i - 1], b'\r' | b'\n') {
                data[i - 1] = b'\n';
                end = Some(i + 1);
                break;
            }
        }
    }
    if let Some(e) = end {
        data.truncate(e);
    }
    data
}

/// Whether Lua may replace the request body (set_body_data, init_body), with nginx's message.
fn body_replaceable(rq: &crate::request::Request) -> RResult<()> {
    if !rq.body_read {
        return fail("request body not read yet");
    }
    Ok(())
}

/// A body Lua set: nginx puts a Content-Length header of its size first in the request's
/// headers, in place of the old one (ngx_http_lua_set_content_length_header). It is in memory:
/// the file the old one was in stays until the request ends.
fn replace_body(rq: &mut crate::request::Request, body: Vec<u8>) {
    if let Some(f) = rq.body_file.take() {
        rq.old_body_files.push(f);
    }
    rq.headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("content-length"));
    rq.headers.insert(
        0,
        ("Content-Length".to_string(), body.len().to_string().into()),
    );
    rq.body = Some(body);
}

/// A debug-level line in the current request's log (nginx's `ngx_log_debug`).
pub(crate) fn debug_log(msg: &str) {
    match crate::lua::current() {
        Some((w, r)) => crate::engine::log_req(&w, &r, crate::plan::LogLevel::Debug, msg),
        None => crate::log::write(crate::plan::LogLevel::Debug, msg, None),
    }
}

/// lua-nginx-module's C functions that take nothing: `expecting 0 arguments but seen N`.
fn no_args(a: &MultiValue) -> RResult<()> {
    if a.is_empty() {
        return Ok(());
    }
    fail(format!("expecting 0 arguments but seen {}", a.len()))
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

/// A body not read yet is read as long as a Content-Length Lua set says, or not at all once
/// Lua cleared it, as nginx reads `content_length_n`. Where the next request starts is then
/// unknown: the connection closes after this one (nginx would read the rest as a request).
fn unread_length(rq: &mut crate::request::Request, len: Option<u64>) {
    let Some(crate::body::Unread::Length(was)) = rq.body_unread else {
        return;
    };
    if len == Some(was) {
        return;
    }
    rq.body_unread = len.map(crate::body::Unread::Length);
    rq.keepalive = false;
}

/// A request header name from Lua: `tostring`'d, escaped as response header names are
/// (ngx_http_lua_copy_escaped_header; `_` stays: `X_Foo` is its own header, which
/// `$http_x_foo` also finds).
fn header_name(lua: &Lua, v: &Value) -> RResult<String> {
    let s = crate::ngx::raise::tostring(lua, v.clone())?;
    Ok(crate::ngx::header::escape_name(&s.as_bytes()))
}

/// The request, unless this is a timer's fake one: lua-nginx-module's request APIs fail there
/// (`r->connection->fd == -1`) with this message, at the position of the Lua code that called
/// (resty.core's `error(msg, 2)`, the C API's `luaL_error`; none when that is pcall).
fn real_request() -> RResult<(std::rc::Rc<crate::worker::Worker>, crate::request::ReqRef)> {
    let Some(wr) = crate::lua::current_request_ffi().map_err(Raise::Error)? else {
        return Err(Raise::At("API disabled in the current context".into(), 0));
    };
    phase::no_fake_request().map_err(Raise::Error)?;
    Ok(wr)
}

/// The request for lua-nginx-module's C request-body API: its context check
/// (`current_request`), then ngx_http_lua_check_fake_request.
fn c_api_request() -> RResult<(std::rc::Rc<crate::worker::Worker>, crate::request::ReqRef)> {
    let wr = crate::lua::current_request().map_err(Raise::Error)?;
    phase::no_fake_request().map_err(Raise::Error)?;
    Ok(wr)
}

/// resty.core's `set_req_header`: `ngx.req.set_header` (`replace`) and `ngx.req.add_header` of
/// `require "ngx.req"`. A nil name is an error, anything else goes through tostring, and so does
/// every value; for set_header, nil or an empty table clears the header.
pub fn set_req_header(lua: &Lua, a: &MultiValue, replace: bool) -> RResult<()> {
    let (_, r) = real_request()?;
    let name = match a.front() {
        None | Some(Value::Nil) => {
            return fail("bad 'name' argument: string expected, got nil");
        }
        Some(v) => header_name(lua, v)?,
    };
    let mut values = Vec::new();
    match a.get(1) {
        None | Some(Value::Nil) if !replace => {
            return fail("bad 'value' argument: string or table expected, got nil");
        }
        None | Some(Value::Nil) => {}
        Some(Value::Table(t)) => {
            for v in t.clone().sequence_values::<Value>() {
                values.push(header_value(lua, v?)?);
            }
        }
        Some(v) => values.push(header_value(lua, v.clone())?),
    }
    let mut rq = r.borrow_mut();
    if replace {
        rq.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
    }
    if name.eq_ignore_ascii_case("content-length") {
        let len = values.first().and_then(|v| {
            let v = std::str::from_utf8(v.trim_ascii()).ok()?;
            v.parse::<u64>().ok()
        });
        unread_length(&mut rq, len);
    }
    if name.eq_ignore_ascii_case("user-agent") {
        // ngx_http_set_user_agent_header parses each value it sets: the last one decides
        rq.browser = values
            .last()
            .map_or_else(Default::default, |v| crate::request::Browser::of(v));
    }
    rq.headers
        .extend(values.into_iter().map(|v| (name.clone(), v)));
    if name.eq_ignore_ascii_case("host") {
        set_host(&mut rq);
    }
    Ok(())
}

/// `$host` follows a Host header Lua set or cleared (ngx_http_lua_set_host_header: the value
/// validated, lower-cased and without its port; none, and `$host` is the server name).
fn set_host(rq: &mut crate::request::Request) {
    let host = match rq.header("host") {
        Some(v) if !v.is_empty() => crate::reqparse::validate_host(v),
        _ => Some(bstr::BString::default()),
    };
    if let Some(h) = host {
        rq.host = h;
    }
}

/// A request header value from Lua: `tostring`'d, escaped as response header values are
/// (other bytes, UTF-8 or not, kept).
fn header_value(lua: &Lua, v: Value) -> RResult<bstr::BString> {
    let s = crate::ngx::raise::tostring(lua, v)?;
    Ok(crate::ngx::header::escape_value(&s.as_bytes()).into())
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
        // (a timer's fake request: the slow path raises)
        if crate::phase::no_fake_request().is_err() {
            return 0;
        }
        let Ok(rq) = r.try_borrow() else { return 0 };
        let (pairs, truncated) = crate::ngx::codec::split_args(&rq.args, 100);
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
            let (_, r) = real_request()?;
            Ok(Value::String(lua.create_string(&r.borrow().method)?))
        })?,
    )?;
    req.raw_set(
        "set_method",
        func(lua, |_, a| -> RResult<()> {
            let (_, r) = real_request()?;
            let code = match a.front() {
                Some(Value::Integer(i)) => *i,
                Some(Value::Number(x)) => *x as i64,
                _ => return fail("bad method number"),
            };
            let Some((m, _)) = METHODS.iter().find(|(_, c)| *c == code) else {
                return fail(format!("unsupported HTTP method: {code}"));
            };
            let mut rq = r.borrow_mut();
            rq.method = m.to_string();
            // ngx_http_header_filter makes a response header-only by the method at that time.
            rq.head_only = rq.method == "HEAD";
            Ok(())
        })?,
    )?;
    req.raw_set(
        "http_version",
        func(lua, |_, _| -> RResult<f64> {
            let (_, r) = real_request()?;
            Ok(r.borrow().version.number())
        })?,
    )?;
    req.raw_set(
        "is_internal",
        func(lua, |_, _| -> RResult<bool> {
            let (_, r) = real_request()?;
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
            let (_, r) = real_request()?;
            let args = r.borrow().args.clone();
            let mv = args_result(lua, &args, max_arg(&a, 1, 100))?;
            // resty.core's second argument: a table to clear and fill instead of a new one.
            match (a.get(1), mv.front()) {
                (Some(Value::Table(tab)), Some(Value::Table(fresh))) => {
                    tab.clear()?;
                    for kv in fresh.pairs::<Value, Value>() {
                        let (k, v) = kv?;
                        tab.raw_set(k, v)?;
                    }
                    let mut out = mv.clone();
                    out.pop_front();
                    out.push_front(Value::Table(tab.clone()));
                    Ok(out)
                }
                _ => Ok(mv),
            }
        })?,
    )?;
    req.raw_set(
        "get_post_args",
        func(lua, |lua, a| -> RResult<MultiValue> {
            // ngx_http_lua_ngx_req_get_post_args (a C function in 0.10.23).
            if a.len() > 1 {
                return fail(format!("expecting 0 or 1 arguments but seen {}", a.len()));
            }
            let max = match a.front() {
                Some(_) => crate::ngx::raise::check_int(lua, &a, 1)?,
                None => 100,
            };
            let (_, r) = real_request()?;
            if !r.borrow().body_read {
                return fail(
                    "no request body found; maybe you should turn on lua_need_request_body?",
                );
            }
            if r.borrow().body_file.is_some() {
                return Ok(MultiValue::from_iter([
                    Value::Nil,
                    Value::String(lua.create_string("request body in temp file not supported")?),
                ]));
            }
            let body = r.borrow().body.clone();
            match body {
                Some(b) => args_result(lua, &b, max),
                None => Ok(MultiValue::from_iter([Value::Table(lua.create_table()?)])),
            }
        })?,
    )?;
    req.raw_set(
        "set_uri_args",
        func(lua, |lua, a| -> RResult<()> {
            if a.len() != 1 {
                return fail(format!("expecting 1 argument but seen {}", a.len()));
            }
            let (_, r) = real_request()?;
            let s = match a.front() {
                Some(v @ (Value::String(_) | Value::Integer(_) | Value::Number(_))) => {
                    let s = crate::ngx::raise::tostring(lua, v.clone())?
                        .as_bytes()
                        .to_vec();
                    crate::ngx::codec::escape_uri(&s, crate::ngx::codec::ESCAPE_ARGS).into_owned()
                }
                Some(Value::Table(t)) => crate::ngx::codec::encode_args(lua, t)?,
                _ => {
                    let got = crate::ngx::raise::arg_typename(&a, 1);
                    return Err(Raise::Arg(
                        1,
                        format!("string, number, or table expected, but got {got}"),
                    ));
                }
            };
            let mut rq = r.borrow_mut();
            rq.args_set_empty = s.is_empty();
            rq.args = s.into();
            rq.uri_changed = true;
            Ok(())
        })?,
    )?;
    // With `jump`, set_uri never returns (the location is looked up again): it waits forever
    // and the runner drops the handler, as after ngx.exec.
    let set_uri = crate::ngx::raise::async_function(lua, |lua, a| async move {
        if set_uri(&lua, a)? {
            std::future::pending::<()>().await;
        }
        Ok(())
    })?;
    req.raw_set("set_uri", set_uri)?;
    fn set_uri(lua: &Lua, a: MultiValue) -> RResult<bool> {
        let (_, r) = real_request()?;
        // ngx_http_lua_ngx_req_set_uri: its checks, in its order.
        if a.is_empty() || a.len() > 3 {
            return fail(format!(
                "expecting 1, 2 or 3 arguments but seen {}",
                a.len()
            ));
        }
        let uri = crate::ngx::raise::check_bytes(lua, &a, 1)?;
        let uri = uri.as_bytes();
        if uri.is_empty() {
            return fail("attempt to use zero-length uri");
        }
        let binary = a
            .get(2)
            .is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
        let jump = match a.get(1) {
            None => false,
            Some(Value::Boolean(b)) => *b,
            Some(_) => return crate::ngx::raise::type_error(&a, 2, "boolean"),
        };
        if jump
            && !matches!(
                phase::current(),
                phase::Phase::Rewrite | phase::Phase::ServerRewrite
            )
        {
            return fail(format!(
                "API disabled in the context of {}",
                phase::current().context_name()
            ));
        }
        if !binary {
            // %00-%08, %0A-%1F and %7F (a tab is fine).
            if let Some(&c) = uri.iter().find(|&&c| (c < 0x20 && c != b'\t') || c == 0x7f) {
                return fail(format!(
                    "unsafe byte \"0x{c:02x}\" in uri \"{}\" (maybe you want to set the 'binary' argument?)",
                    crate::ngx::codec::escape_log(&uri)
                ));
            }
        }
        let uri = bstr::BString::from(&*uri);
        {
            let mut rq = r.borrow_mut();
            rq.uri = uri.clone();
            rq.uri_changed = true;
            rq.location_uri_changed |= !jump;
            // ngx_http_lua_ffi_req_set_uri marks the request internal, jump or not
            rq.internal = true;
        }
        if jump {
            debug_log(&format!("lua set uri jump to \"{uri}\""));
            r.borrow_mut().exit = Some(crate::request::Exit::Jump);
        }
        Ok(jump)
    }
    req.raw_set(
        "get_headers",
        func(lua, |lua, a| -> RResult<MultiValue> {
            let (_, r) = real_request()?;
            let raw = matches!(a.get(1), Some(Value::Boolean(true)));
            let headers = r.borrow().headers.clone();
            headers_table(lua, &headers, max_arg(&a, 1, 100), raw)
        })?,
    )?;
    req.raw_set(
        "set_header",
        func(lua, |lua, a| set_req_header(lua, &a, true))?,
    )?;
    req.raw_set(
        "clear_header",
        func(lua, |lua, a| -> RResult<()> {
            let (_, r) = real_request()?;
            let name = header_name(lua, a.front().unwrap_or(&Value::Nil))?;
            let mut rq = r.borrow_mut();
            rq.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            if name.eq_ignore_ascii_case("host") {
                set_host(&mut rq);
            }
            if name.eq_ignore_ascii_case("content-length") {
                unread_length(&mut rq, None);
            }
            if name.eq_ignore_ascii_case("user-agent") {
                rq.browser = Default::default();
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "read_body",
        crate::ngx::raise::async_function(lua, |_, a| {
            let checked = no_args(&a).and_then(|()| {
                let wr = crate::lua::current_request().map_err(Raise::Error)?;
                phase::check(phase::BODY_READ).map_err(Raise::Error)?;
                Ok(wr)
            });
            async move {
                let (w, r) = checked?;
                let Err(failed) =
                    crate::engine::read_body(&w, &r, crate::body::Reader::LuaReadBody).await
                else {
                    return Ok(());
                };
                // A read that fails ends the request as ngx.exit does
                // (ngx_http_lua_ngx_req_read_body sets ctx->exit_code): the coroutine waits
                // here until the runner drops it.
                let code = match failed {
                    crate::body::Failed::Status(code) => code as i64,
                    crate::body::Failed::Gone(code) => {
                        // (closed without an answer; the log phase sees the status)
                        r.borrow_mut().status = code;
                        -1
                    }
                };
                r.borrow_mut().exit = Some(crate::request::Exit::Code(code));
                std::future::pending::<RResult<()>>().await
            }
        })?,
    )?;
    req.raw_set(
        "discard_body",
        func(lua, |_, a| -> RResult<()> {
            no_args(&a)?;
            let (_, r) = c_api_request()?;
            // A body already read stays (ngx_http_discard_request_body returns at once); else
            // a later read_body finds an empty one.
            if !r.borrow().body_read {
                crate::body::discard(&r);
                r.borrow_mut().body = Some(Vec::new());
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "get_body_data",
        func(lua, |lua, a| -> RResult<Value> {
            no_args(&a)?;
            let (_, r) = real_request()?;
            let rq = r.borrow();
            match &rq.body {
                Some(b) if !b.is_empty() && rq.body_read && rq.body_file.is_none() => {
                    Ok(Value::String(lua.create_string(b)?))
                }
                _ => Ok(Value::Nil),
            }
        })?,
    )?;
    req.raw_set(
        "get_body_file",
        func(lua, |lua, a| -> RResult<Value> {
            no_args(&a)?;
            let (_, r) = c_api_request()?;
            let rq = r.borrow();
            Ok(match &rq.body_file {
                Some(f) => Value::String(lua.create_string(f.path.as_os_str().as_encoded_bytes())?),
                None => Value::Nil,
            })
        })?,
    )?;
    req.raw_set(
        "set_body_data",
        func(lua, |lua, a| -> RResult<()> {
            if a.len() != 1 {
                return fail(format!("expecting 1 argument but seen {}", a.len()));
            }
            let body = crate::ngx::raise::check_bytes(lua, &a, 1)?
                .as_bytes()
                .to_vec();
            let (_, r) = c_api_request()?;
            let mut rq = r.borrow_mut();
            body_replaceable(&rq)?;
            replace_body(&mut rq, body);
            Ok(())
        })?,
    )?;
    req.raw_set(
        "set_body_file",
        func(lua, |lua, a| -> RResult<()> {
            // ngx_http_lua_ngx_req_set_body_file: the file becomes the body (in a file, as Lua
            // sees it); `auto_clean` removes it when the request ends.
            if a.len() != 1 && a.len() != 2 {
                return fail(format!("expecting 1 or 2 arguments but seen {}", a.len()));
            }
            let name = crate::ngx::raise::check_bytes(lua, &a, 1)?
                .to_string_lossy()
                .to_string();
            let clean = a
                .get(1)
                .is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
            let (_, r) = c_api_request()?;
            let mut rq = r.borrow_mut();
            body_replaceable(&rq)?;
            let content = std::fs::read(&name)
                .map_err(|_| Raise::Error(format!("stat() \"{name}\" failed")))?;
            replace_body(&mut rq, content);
            rq.body_file = Some(crate::request::BodyFile {
                path: name.into(),
                keep: !clean,
            });
            Ok(())
        })?,
    )?;
    req.raw_set(
        "init_body",
        func(lua, |lua, a| -> RResult<()> {
            if a.len() > 1 {
                return fail(format!("expecting 0 or 1 argument but seen {}", a.len()));
            }
            let size = match a.is_empty() {
                true => None,
                false => Some(crate::ngx::raise::check_number(lua, &a, 1)?),
            };
            if size.is_some_and(|s| s < 0.0) {
                return fail("bad size argument");
            }
            let (w, r) = c_api_request()?;
            let mut rq = r.borrow_mut();
            body_replaceable(&rq)?;
            rq.body_building = Some(Vec::new());
            // (0 or no size: client_body_buffer_size)
            rq.body_building_limit = match size {
                Some(s) if s >= 1.0 => s as u64,
                _ => crate::output::conf(&w, &rq).client_body_buffer_size,
            };
            Ok(())
        })?,
    )?;
    req.raw_set(
        "append_body",
        func(lua, |lua, a| -> RResult<()> {
            if a.len() != 1 {
                // (sic)
                return fail(format!("expecting 1 arguments but seen {}", a.len()));
            }
            let data = crate::ngx::raise::check_bytes(lua, &a, 1)?;
            let (_, r) = c_api_request()?;
            match r.borrow_mut().body_building.as_mut() {
                Some(b) => b.extend_from_slice(&data.as_bytes()),
                None => return fail("request_body not initialized"),
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "finish_body",
        func(lua, |_, a| -> RResult<()> {
            if !a.is_empty() {
                return fail(format!("expecting 0 argument but seen {}", a.len()));
            }
            let (w, r) = c_api_request()?;
            let mut rq = r.borrow_mut();
            // The buffers stay: finishing again is no error.
            let Some(body) = rq.body_building.clone() else {
                return fail("request_body not initialized");
            };
            let to_file = body.len() as u64 > rq.body_building_limit;
            replace_body(&mut rq, body);
            drop(rq);
            if to_file {
                crate::engine::body_to_temp_file(&w, &r, false);
            }
            Ok(())
        })?,
    )?;
    req.raw_set(
        "raw_header",
        func(lua, |lua, a| -> RResult<Value> {
            let (_, r) = real_request()?;
            let no_line = a
                .front()
                .is_some_and(|v| !matches!(v, Value::Nil | Value::Boolean(false)));
            let raw = raw_header(&r.borrow().raw_header, no_line);
            Ok(Value::String(lua.create_string(&raw)?))
        })?,
    )?;
    Ok(())
}
