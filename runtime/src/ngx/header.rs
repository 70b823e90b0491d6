//! `ngx.header.NAME` and `ngx.resp.get_headers` (`ngx_http_lua_headers.c`,
//! `ngx_http_lua_headers_out.c`): underscores become hyphens, names are case-insensitive,
//! Content-Type / Content-Length / Location / Last-Modified / Server are kept where nginx keeps them.

use mlua::{Lua, MultiValue, Table, Value};

use crate::http::ResponseHeaders;
use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise};
use crate::phase;

use crate::http::dashed as norm;

fn value_string(lua: &Lua, v: &Value) -> mlua::Result<Option<String>> {
    Ok(lua
        .coerce_string(v.clone())?
        .map(|s| s.to_string_lossy().to_string()))
}

/// Set (or with `None`, clear) a response header as `ngx.header.NAME = v` does.
/// lua-nginx-module escapes CR and LF in header names and values (`%0D`, `%0A`): a value can
/// never split the response.
pub fn escape_crlf(s: &str) -> String {
    if !s.contains(['\r', '\n']) {
        return s.to_string();
    }
    s.replace('\r', "%0D").replace('\n', "%0A")
}

pub fn set(h: &mut ResponseHeaders, name: &str, values: Option<Vec<String>>) {
    if name.is_empty() {
        return;
    }
    let name = &escape_crlf(name);
    let values = values.map(|vs| vs.iter().map(|v| escape_crlf(v)).collect::<Vec<_>>());
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "content-type" => h.content_type = values.and_then(|v| v.last().cloned()),
        "content-length" => {
            h.content_length = values.and_then(|v| v.last().and_then(|s| s.trim().parse().ok()))
        }
        "last-modified" => h.last_modified = values.and_then(|v| v.last().cloned()),
        "server" => h.server = Some(values.and_then(|v| v.last().cloned())),
        _ => {
            h.remove(name);
            if let Some(vs) = values {
                for v in vs {
                    h.others.push((name.to_string(), v));
                }
            }
        }
    }
}

fn refused(w: &crate::worker::Worker, r: &crate::request::ReqRef) {
    crate::engine::log_req(
        w,
        r,
        crate::plan::LogLevel::Error,
        "attempt to set ngx.header.HEADER after sending out response headers",
    );
}

/// `ngx.header.NAME = values` from Lua code (name with `_` already `-`): once the headers are out
/// (outside header_filter_by_lua) it only logs OpenResty's error. Native handlers call it too.
pub fn assign(
    w: &crate::worker::Worker,
    r: &crate::request::ReqRef,
    name: &str,
    values: Option<Vec<String>>,
) {
    if r.borrow().header_sent && phase::current() != phase::Phase::HeaderFilter {
        refused(w, r);
        return;
    }
    set(&mut r.borrow_mut().headers_out, name, values);
}

fn get(lua: &Lua, h: &ResponseHeaders, name: &str) -> mlua::Result<Value> {
    let lower = name.to_ascii_lowercase();
    let single = match lower.as_str() {
        "content-type" => Some(h.content_type.clone()),
        "content-length" => Some(h.content_length.map(|l| l.to_string())),
        "location" if h.location.is_some() => Some(h.location.clone()),
        "last-modified" => Some(h.last_modified.clone()),
        _ => None,
    };
    if let Some(v) = single {
        return Ok(match v {
            Some(s) => Value::String(lua.create_string(&s)?),
            None => Value::Nil,
        });
    }
    let vals: Vec<&str> = h.get_all(name).collect();
    match vals.len() {
        0 => Ok(Value::Nil),
        1 => Ok(Value::String(lua.create_string(vals[0])?)),
        _ => {
            let t = lua.create_table()?;
            for (i, v) in vals.iter().enumerate() {
                t.raw_set(i + 1, *v)?;
            }
            Ok(Value::Table(t))
        }
    }
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let header = lua.create_table()?;
    let mt = lua.create_table()?;
    mt.raw_set(
        "__index",
        func(lua, |lua, a: MultiValue| -> RResult<Value> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let name = match a.get(1) {
                Some(Value::String(s)) => norm(&s.to_string_lossy()),
                _ => return Ok(Value::Nil),
            };
            Ok(get(lua, &r.borrow().headers_out, &name)?)
        })?,
    )?;
    mt.raw_set(
        "__newindex",
        func(lua, |lua, a: MultiValue| -> RResult<()> {
            let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
            phase::check(phase::HEADER).map_err(Raise::Error)?;
            let name = match a.get(1) {
                Some(Value::String(s)) => norm(&s.to_string_lossy()),
                _ => return Ok(()),
            };
            if r.borrow().header_sent && phase::current() != phase::Phase::HeaderFilter {
                refused(&w, &r);
                return Ok(());
            }
            let values = match a.get(2) {
                None | Some(Value::Nil) => None,
                Some(Value::Table(t)) => {
                    let mut vs = Vec::new();
                    for v in t.sequence_values::<Value>() {
                        if let Some(s) = value_string(lua, &v?)? {
                            vs.push(s);
                        }
                    }
                    if vs.is_empty() { None } else { Some(vs) }
                }
                Some(v) => value_string(lua, v)?
                    .filter(|s| !s.is_empty())
                    .map(|s| vec![s]),
            };
            assign(&w, &r, &name, values);
            Ok(())
        })?,
    )?;
    header.set_metatable(Some(mt))?;
    ngx.raw_set("header", header)?;

    let resp = crate::lua::subtable(lua, ngx, "resp")?;
    resp.raw_set(
        "get_headers",
        func(lua, |lua, _| -> RResult<Table> {
            let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
            let rq = r.borrow();
            let h = &rq.headers_out;
            let t = lua.create_table()?;
            if let Some(ct) = &h.content_type {
                t.raw_set("content-type", ct.as_str())?;
            }
            if let Some(cl) = h.content_length {
                t.raw_set("content-length", cl.to_string())?;
            }
            if let Some(l) = &h.location {
                t.raw_set("location", l.as_str())?;
            }
            // lua-nginx-module lists the Connection nginx will send, and once the head is out,
            // the chunked framing the header filter chose.
            t.raw_set(
                "connection",
                if rq.keepalive { "keep-alive" } else { "close" },
            )?;
            if rq.header_sent && rq.chunked {
                t.raw_set("transfer-encoding", "chunked")?;
            }
            for (n, v) in &h.others {
                let k = n.to_ascii_lowercase();
                match t.raw_get::<Value>(k.as_str())? {
                    Value::Nil => t.raw_set(k, v.as_str())?,
                    Value::Table(arr) => arr.raw_set(arr.raw_len() + 1, v.as_str())?,
                    old => {
                        let arr = lua.create_table()?;
                        arr.raw_set(1, old)?;
                        arr.raw_set(2, v.as_str())?;
                        t.raw_set(k, arr)?;
                    }
                }
            }
            Ok(t)
        })?,
    )?;
    Ok(())
}
