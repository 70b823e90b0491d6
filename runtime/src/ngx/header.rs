//! `ngx.header.NAME` and `ngx.resp.get_headers` (`ngx_http_lua_headers.c`,
//! `ngx_http_lua_headers_out.c`, resty.core's `response.lua`): underscores become hyphens
//! (`lua_transform_underscores_in_response_headers`), names are case-insensitive,
//! Content-Type / Content-Length / Location / Last-Modified / Server are kept where nginx keeps them.

use bstr::BString;
use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::http::{Builtin, ResponseHeaders};
use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise};
use crate::phase;

/// The text resty.core sends for a header name or value: strings as they are, anything else
/// through `tostring`.
fn text(lua: &Lua, v: &Value) -> mlua::Result<Vec<u8>> {
    Ok(match v {
        Value::String(s) => s.as_bytes().to_vec(),
        v => lua
            .globals()
            .get::<Function>("tostring")?
            .call::<mlua::LuaString>(v.clone())?
            .as_bytes()
            .to_vec(),
    })
}

/// `%XX` for every byte `keep` refuses (upper-case hex, as ngx_http_lua_escape_uri).
fn escape(s: &[u8], keep: fn(u8) -> bool) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if s.iter().all(|&b| keep(b)) {
        return s.to_vec();
    }
    let mut out = Vec::with_capacity(s.len() + 8);
    for &b in s {
        if keep(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        }
    }
    out
}

/// A header name set from Lua keeps only RFC 7230 token characters; lua-nginx-module escapes the
/// rest (NGX_HTTP_LUA_ESCAPE_HEADER_NAME), so a name can never split the response.
pub fn escape_name(s: &[u8]) -> String {
    let v = escape(s, |b| {
        b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
    });
    // (ASCII: every other byte was escaped)
    String::from_utf8(v).unwrap_or_default()
}

/// A header value set from Lua has its control characters but tab escaped
/// (NGX_HTTP_LUA_ESCAPE_HEADER_VALUE).
pub fn escape_value(s: &[u8]) -> Vec<u8> {
    escape(s, |b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// The header name `ngx.header[key]` means in this location: `_` stands for `-` unless
/// `lua_transform_underscores_in_response_headers off`.
fn lua_name(w: &crate::worker::Worker, r: &crate::request::ReqRef, key: &[u8]) -> Vec<u8> {
    let transform = crate::output::conf(w, &r.borrow()).lua_transform_underscores;
    if transform {
        key.iter()
            .map(|&b| if b == b'_' { b'-' } else { b })
            .collect()
    } else {
        key.to_vec()
    }
}

/// lua-nginx-module's error when a value cannot be set (a Content-Length that is not a number).
pub const SET_FAILED: &str = "failed to set header";

/// Set (or with `None`, clear) a response header as `ngx.header.NAME = v` does, name and values
/// already escaped.
pub fn set(
    h: &mut ResponseHeaders,
    name: &str,
    values: Option<Vec<BString>>,
) -> Result<(), &'static str> {
    if name.is_empty() {
        return Ok(());
    }
    // (the headers nginx keeps apart are text; the others are sent as they are)
    let last_text = |v: Option<Vec<BString>>| v.and_then(|v| Some(v.last()?.to_string()));
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "content-type" => {
            // Set or cleared by Lua, Content-Type no longer gets the default type.
            h.mime_set = true;
            h.content_type = last_text(values)
        }
        "content-length" => {
            // ngx_atoof: digits only, every value (the last one wins).
            let mut len = None;
            for v in values.iter().flatten() {
                if v.is_empty() || !v.iter().all(|b| b.is_ascii_digit()) {
                    return Err(SET_FAILED);
                }
                len = Some(v.to_string().parse().map_err(|_| SET_FAILED)?);
            }
            h.set_builtin(Builtin::ContentLength, |h| h.content_length = len);
        }
        "last-modified" => h.set_builtin(Builtin::LastModified, |h| {
            h.last_modified = last_text(values)
        }),
        "server" => h.set_builtin(Builtin::Server, |h| h.server = Some(last_text(values))),
        "date" => h.set_builtin(Builtin::Date, |h| h.date = Some(last_text(values))),
        _ => {
            h.remove(name);
            if let Some(vs) = values {
                for v in vs {
                    h.others.push((name.to_string(), v));
                }
            }
        }
    }
    Ok(())
}

fn refused(w: &crate::worker::Worker, r: &crate::request::ReqRef) {
    crate::engine::log_req(
        w,
        r,
        crate::plan::LogLevel::Error,
        "attempt to set ngx.header.HEADER after sending out response headers",
    );
}

/// `ngx.header[key] = values` from Lua code or a native handler, `values` as Lua text (an empty
/// list or an empty string clears). Once the headers are out (outside header_filter_by_lua) it
/// only logs OpenResty's error; `Err` is the message to raise.
pub fn assign(
    w: &crate::worker::Worker,
    r: &crate::request::ReqRef,
    key: &[u8],
    values: Option<Vec<Vec<u8>>>,
) -> Result<(), &'static str> {
    if r.borrow().header_sent && phase::current() != phase::Phase::HeaderFilter {
        refused(w, r);
        return Ok(());
    }
    let name = escape_name(&lua_name(w, r, key));
    // (an empty value sets nothing: ngx_http_set_header_helper)
    let values = values
        .map(|vs| vs.into_iter().filter(|v| !v.is_empty()).collect::<Vec<_>>())
        .filter(|vs| !vs.is_empty())
        .map(|vs| vs.iter().map(|v| escape_value(v).into()).collect());
    set(&mut r.borrow_mut().headers_out, &name, values)
}

fn get(lua: &Lua, h: &ResponseHeaders, name: &str) -> mlua::Result<Value> {
    let lower = name.to_ascii_lowercase();
    let single: Option<Option<BString>> = match lower.as_str() {
        "content-type" => Some(h.content_type.clone().map(Into::into)),
        "content-length" => Some(h.content_length.map(|l| l.to_string().into())),
        "location" if h.location.is_some() => Some(h.location.clone()),
        "last-modified" => Some(h.last_modified.clone().map(Into::into)),
        "server" if h.server.is_some() => h.server.clone().map(|s| s.map(Into::into)),
        "date" if h.date.is_some() => h.date.clone().map(|s| s.map(Into::into)),
        _ => None,
    };
    if let Some(v) = single {
        return Ok(match v {
            Some(s) => Value::String(lua.create_string(&s)?),
            None => Value::Nil,
        });
    }
    let vals: Vec<&[u8]> = h.get_all(name).collect();
    match vals.len() {
        0 => Ok(Value::Nil),
        1 => Ok(Value::String(lua.create_string(vals[0])?)),
        _ => {
            let t = lua.create_table()?;
            for (i, v) in vals.iter().enumerate() {
                t.raw_set(i + 1, lua.create_string(v)?)?;
            }
            Ok(Value::Table(t))
        }
    }
}

/// `ngx.resp.get_headers(max?, raw?)`: nginx's own Content-Type, Content-Length, Connection and
/// Transfer-Encoding first, then the header list, at most `max` (default 100) in all.
fn get_headers(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::no_fake_request().map_err(|m| Raise::At(m, 0))?;
    let max = match a.front() {
        Some(Value::Integer(i)) => *i,
        Some(Value::Number(x)) => *x as i64,
        _ => 100,
    };
    let raw = matches!(a.get(1), Some(Value::Boolean(true)));
    let rq = r.borrow();
    let h = &rq.headers_out;
    let mut builtin: Vec<(String, bstr::BString)> = vec![];
    if let Some(ct) = &h.content_type {
        builtin.push(("content-type".into(), ct.as_str().into()));
    }
    // (one set as a header is an entry of the list)
    if let Some(cl) = h
        .content_length
        .filter(|_| !h.in_list(Builtin::ContentLength))
    {
        builtin.push(("content-length".into(), cl.to_string().into()));
    }
    // The Connection nginx will send, and once the head is out, the chunked framing the header
    // filter chose.
    let conn = if rq.keepalive { "keep-alive" } else { "close" };
    builtin.push(("connection".into(), conn.into()));
    if rq.header_sent && rq.chunked {
        builtin.push(("transfer-encoding".into(), "chunked".into()));
    }
    let mut list: Vec<(String, BString)> = (h.list().into_iter())
        .map(|(n, v)| (n.to_string(), v.into_owned().into()))
        .collect();
    let total = builtin.len() + list.len();
    let truncated = max > 0 && total as i64 > max;
    if truncated {
        crate::engine::log_req(
            &w,
            &r,
            crate::plan::LogLevel::Debug,
            &format!("lua exceeding response header limit {total} > {max}"),
        );
        list.truncate((max as usize).saturating_sub(builtin.len()));
    }
    builtin.extend(list);
    drop(rq);
    let mut mv = crate::ngx::req::headers_table(lua, &builtin, 0, raw)?;
    if truncated {
        mv.push_back(Value::String(lua.create_string("truncated")?));
    }
    Ok(mv)
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let header = lua.create_table()?;
    let mt = lua.create_table()?;
    mt.raw_set(
        "__index",
        func(lua, |lua, a: MultiValue| -> RResult<Value> {
            let (w, r) = crate::lua::current_request_ffi()
                .map_err(Raise::Error)?
                .ok_or_else(|| Raise::Error("API disabled in the current context".into()))?;
            phase::no_fake_request().map_err(Raise::Error)?;
            let Some(key) = a.get(1) else {
                return Ok(Value::Nil);
            };
            let name = String::from_utf8_lossy(&lua_name(&w, &r, &text(lua, key)?)).into_owned();
            Ok(get(lua, &r.borrow().headers_out, &name)?)
        })?,
    )?;
    mt.raw_set(
        "__newindex",
        func(lua, |lua, a: MultiValue| -> RResult<()> {
            let (w, r) = crate::lua::current_request_ffi()
                .map_err(Raise::Error)?
                .ok_or_else(|| Raise::Error("API disabled in the current context".into()))?;
            phase::no_fake_request().map_err(Raise::Error)?;
            phase::check(phase::HEADER).map_err(Raise::Error)?;
            let Some(key) = a.get(1) else {
                return Ok(());
            };
            let key = text(lua, key)?;
            let values = match a.get(2) {
                None | Some(Value::Nil) => None,
                Some(Value::Table(t)) => {
                    let mut vs = Vec::new();
                    for v in t.sequence_values::<Value>() {
                        vs.push(text(lua, &v?)?);
                    }
                    Some(vs)
                }
                Some(v) => Some(vec![text(lua, v)?]),
            };
            assign(&w, &r, &key, values).map_err(|m| Raise::Error(m.into()))
        })?,
    )?;
    header.set_metatable(Some(mt))?;
    ngx.raw_set("header", header)?;

    let resp = crate::lua::subtable(lua, ngx, "resp")?;
    resp.raw_set("get_headers", func(lua, get_headers)?)?;
    Ok(())
}
