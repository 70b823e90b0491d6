//! `ngx.shared.DICT`: one object per `lua_shared_dict`, with `get`, `get_stale`, `set`,
//! `safe_set`, `add`, `safe_add`, `replace`, `delete`, `incr`, `lpush`, `rpush`, `lpop`, `rpop`,
//! `llen`, `ttl`, `expire`, `flush_all`, `flush_expired`, `get_keys`, `capacity`, `free_space`.
//!
//! Mirrors lua-nginx-module 0.10.23: each object is `{ [1] = <zone light userdata> }` with a
//! shared metatable whose `__index` is itself (`ngx_http_lua_inject_shdict_api`). The methods
//! lua-resty-core 0.1.25 replaces (`shdict.lua`: get, get_stale, incr, set, safe_set, add,
//! safe_add, replace, delete, flush_all, ttl, expire, capacity, free_space) are ported as Lua over
//! Rust primitives, so their argument checks, return values and error levels are resty.core's;
//! the others (lpush, rpush, lpop, rpop, llen, flush_expired, get_keys) are the C functions'.
//! Errors that resty.core gets from LuaJIT's FFI conversions (`cannot convert 'string' to
//! 'int'`) carry the same text but this chunk's position instead of `resty/core/shdict.lua:N`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use mlua::{LightUserData, Lua, MultiValue, Table, Value};

use super::raise::{self, RResult, fail};
use crate::shdict::{ShDict, ShDicts, ShValue, StoreOp, ValRef};

type Zones = Rc<HashMap<usize, Arc<ShDict>>>;

thread_local! {
    /// Set while init_by_lua runs in a worker other than the first: fresh zones stand in for
    /// the shared ones and are dropped afterwards, so the shared zones get init_by_lua's writes
    /// once, as from nginx's single run before it forks the workers (and every worker's code
    /// sees the same results the first worker's did).
    static STAND_INS: RefCell<Option<HashMap<usize, Arc<ShDict>>>> = const { RefCell::new(None) };
}

thread_local! {
    /// The zones of this thread's VM, for the raw primitives (which get a zone's pointer).
    static ZONE_PTRS: RefCell<Vec<Arc<ShDict>>> = const { RefCell::new(Vec::new()) };
}

/// The zone (or its stand-in) behind a zone pointer the wrappers passed, for one operation.
fn with_zone<T>(ptr: usize, f: impl FnOnce(&ShDict) -> T) -> Option<T> {
    if let Some(d) = STAND_INS.with(|s| s.borrow().as_ref().and_then(|m| m.get(&ptr).cloned())) {
        return Some(f(&d));
    }
    ZONE_PTRS.with(|z| {
        let z = z.borrow();
        let d = z.iter().find(|d| Arc::as_ptr(d) as usize == ptr)?;
        Some(f(d))
    })
}

/// Zones stand in for `dicts` on this thread until [`end_stand_ins`].
pub fn begin_stand_ins(dicts: &ShDicts) {
    let copies = dicts
        .iter()
        .map(|d| {
            (
                Arc::as_ptr(d) as usize,
                Arc::new(ShDict::new(d.name(), d.capacity())),
            )
        })
        .collect();
    STAND_INS.with(|s| *s.borrow_mut() = Some(copies));
}

/// Whether this thread runs init_by_lua again (its log lines were written by the first worker).
pub fn standing_in() -> bool {
    STAND_INS.with(|s| s.borrow().is_some())
}

pub fn end_stand_ins() {
    STAND_INS.with(|s| *s.borrow_mut() = None);
}

/// A zone for one operation: the shared one, or its stand-in during init.
enum ZoneRef<'a> {
    Shared(&'a Arc<ShDict>),
    StandIn(Arc<ShDict>),
}

impl std::ops::Deref for ZoneRef<'_> {
    type Target = ShDict;
    fn deref(&self) -> &ShDict {
        match self {
            ZoneRef::Shared(d) => d,
            ZoneRef::StandIn(d) => d,
        }
    }
}

fn zone_of<'a>(zones: &'a Zones, v: &Value) -> Option<ZoneRef<'a>> {
    let Value::LightUserData(p) = v else {
        return None;
    };
    let key = p.0 as usize;
    let shared = zones.get(&key)?;
    let stand_in = STAND_INS.with(|s| s.borrow().as_ref().and_then(|m| m.get(&key).cloned()));
    Some(stand_in.map_or(ZoneRef::Shared(shared), ZoneRef::StandIn))
}

/// `ngx_http_lua_shdict_get_zone` on argument 1 (a zone table).
fn zone_arg<'a>(zones: &'a Zones, args: &MultiValue) -> Option<ZoneRef<'a>> {
    match args.front() {
        Some(Value::Table(t)) => zone_of(zones, &t.raw_get::<Value>(1).ok()?),
        _ => None,
    }
}

/// A Lua number converted to C `int` as LuaJIT's FFI does (x86-64: out of range → INT_MIN).
fn ffi_int(x: f64) -> i32 {
    if x > -2147483649.0 && x < 2147483648.0 {
        x as i32
    } else {
        i32::MIN
    }
}

/// A Lua number converted to C `long` (out of range and NaN → LONG_MIN).
fn ffi_long(x: f64) -> i64 {
    if x.is_nan() || x >= 9.223_372_036_854_775_807e18 || x < -9.223_372_036_854_775_808e18 {
        i64::MIN
    } else {
        x as i64
    }
}

fn push_value(lua: &Lua, v: ShValue) -> mlua::Result<Value> {
    Ok(match v {
        ShValue::Bool(b) => Value::Boolean(b),
        ShValue::Number(n) => Value::Number(n),
        ShValue::Str(s) => Value::String(lua.create_string(s)?),
    })
}

fn mv(vals: impl IntoIterator<Item = Value>) -> MultiValue {
    vals.into_iter().collect()
}

fn s(lua: &Lua, t: &str) -> mlua::Result<Value> {
    Ok(Value::String(lua.create_string(t)?))
}

/// resty.core's shdict.lua (0.1.25) over the primitives in `P`.
const WRAPPERS: &str = r#"
local P, zones, mt = ...
local type, tostring, tonumber, error = type, tostring, tonumber, error

local function check_zone(zone)
    if not zone or type(zone) ~= "table" then
        error("bad \"zone\" argument", 3)
    end
    zone = zone[1]
    if type(zone) ~= "userdata" or not zones[zone] then
        error("bad \"zone\" argument", 3)
    end
    return zone
end

local store = P.store
local function shdict_store(zone, op, key, value, exptime, flags)
    zone = check_zone(zone)
    if not exptime then
        exptime = 0
    elseif exptime < 0 then
        error('bad "exptime" argument', 2)
    end
    if not flags then
        flags = 0
    end
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    local valtyp = type(value)
    if valtyp ~= "string" and valtyp ~= "number" and valtyp ~= "boolean"
       and value ~= nil
    then
        return nil, "bad value type"
    end
    if type(flags) ~= "number" then
        error("bad argument #10 to 'ngx_lua_ffi_shdict_store' (cannot convert '"
              .. type(flags) .. "' to 'int')")
    end
    if type(exptime) ~= "number" then
        error("bad argument #9 to 'ngx_lua_ffi_shdict_store' (cannot convert '"
              .. type(exptime) .. "' to 'long')")
    end
    return store(zone, op, key, value, exptime * 1000, flags)
end

local function shdict_set(zone, key, value, exptime, flags)
    return shdict_store(zone, 0, key, value, exptime, flags)
end
local function shdict_safe_set(zone, key, value, exptime, flags)
    return shdict_store(zone, 0x0004, key, value, exptime, flags)
end
local function shdict_add(zone, key, value, exptime, flags)
    return shdict_store(zone, 0x0001, key, value, exptime, flags)
end
local function shdict_safe_add(zone, key, value, exptime, flags)
    return shdict_store(zone, 0x0005, key, value, exptime, flags)
end
local function shdict_replace(zone, key, value, exptime, flags)
    return shdict_store(zone, 0x0002, key, value, exptime, flags)
end
local function shdict_delete(zone, key)
    return shdict_set(zone, key, nil)
end

local get = P.get
local function shdict_get(zone, key)
    zone = check_zone(zone)
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    return get(zone, key, false)
end

local function shdict_get_stale(zone, key)
    zone = check_zone(zone)
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    return get(zone, key, true)
end

local incr = P.incr
local function shdict_incr(zone, key, value, init, init_ttl)
    zone = check_zone(zone)
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    if type(value) ~= "number" then
        value = tonumber(value)
    end
    if value == nil then
        error("cannot convert 'nil' to 'double'")
    end
    if init then
        local typ = type(init)
        if typ ~= "number" then
            init = tonumber(init)
            if not init then
                error("bad init arg: number expected, got " .. typ, 2)
            end
        end
    end
    if init_ttl ~= nil then
        local typ = type(init_ttl)
        if typ ~= "number" then
            init_ttl = tonumber(init_ttl)
            if not init_ttl then
                error("bad init_ttl arg: number expected, got " .. typ, 2)
            end
        end
        if init_ttl < 0 then
            error('bad "init_ttl" argument', 2)
        end
        if not init then
            error('must provide "init" when providing "init_ttl"', 2)
        end
    else
        init_ttl = 0
    end
    return incr(zone, key, value, init or nil, init_ttl * 1000)
end

local flush_all = P.flush_all
local function shdict_flush_all(zone)
    zone = check_zone(zone)
    flush_all(zone)
end

local ttl = P.ttl
local function shdict_ttl(zone, key)
    zone = check_zone(zone)
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    return ttl(zone, key)
end

local expire = P.expire
local function shdict_expire(zone, key, exptime)
    zone = check_zone(zone)
    if not exptime then
        error('bad "exptime" argument', 2)
    end
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local key_len = #key
    if key_len == 0 then
        return nil, "empty key"
    end
    if key_len > 65535 then
        return nil, "key too long"
    end
    if type(exptime) ~= "number" then
        error("bad argument #4 to 'ngx_lua_ffi_shdict_set_expire' (cannot convert '"
              .. type(exptime) .. "' to 'long')")
    end
    return expire(zone, key, exptime * 1000)
end

local capacity, free_space = P.capacity, P.free_space
local function shdict_capacity(zone)
    zone = check_zone(zone)
    return capacity(zone)
end
local function shdict_free_space(zone)
    zone = check_zone(zone)
    return free_space(zone)
end

mt.get = shdict_get
mt.get_stale = shdict_get_stale
mt.incr = shdict_incr
mt.set = shdict_set
mt.safe_set = shdict_safe_set
mt.add = shdict_add
mt.safe_add = shdict_safe_add
mt.replace = shdict_replace
mt.delete = shdict_delete
mt.flush_all = shdict_flush_all
mt.ttl = shdict_ttl
mt.expire = shdict_expire
mt.capacity = shdict_capacity
mt.free_space = shdict_free_space
"#;

/// Raw C primitives for the hot operations: the wrappers have checked and converted their
/// arguments, so these read them straight off the stack and push their results, with none of
/// a Rust callback's conversions. The zone pointer is checked against this VM's zones.
mod raw {
    use super::{ShValue, StoreOp, ValRef, ffi_int, ffi_long, with_zone};
    use mlua::ffi;
    use std::ffi::c_int;

    /// Argument `i` as bytes (it is a string: the wrappers made it one).
    unsafe fn bytes<'a>(l: *mut ffi::lua_State, i: c_int) -> &'a [u8] {
        let mut len = 0usize;
        // SAFETY: the string stays on the stack while the primitive runs.
        unsafe {
            let p = ffi::lua_tolstring(l, i, &mut len) as *const u8;
            if p.is_null() {
                return &[];
            }
            std::slice::from_raw_parts(p, len)
        }
    }

    unsafe fn push_str(l: *mut ffi::lua_State, s: &[u8]) {
        // SAFETY: copies `s` onto the stack.
        unsafe {
            ffi::lua_pushlstring(l, s.as_ptr() as *const _, s.len());
        }
    }

    /// `nil, "bad zone"` for a pointer that is no zone of this VM.
    unsafe fn bad_zone(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: pushes two values.
        unsafe {
            ffi::lua_pushnil(l);
            push_str(l, b"bad \"zone\" argument");
        }
        2
    }

    /// `store(zone, op, key, value, exptime_ms, flags)`: true, nil, forcible | false, err, forcible.
    pub unsafe extern "C-unwind" fn store(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: reads the six arguments and pushes three results.
        let run = || unsafe {
            let zone = ffi::lua_touserdata(l, 1) as usize;
            let op = match ffi_int(ffi::lua_tonumber(l, 2)) {
                0x0004 => StoreOp::SafeSet,
                0x0001 => StoreOp::Add,
                0x0005 => StoreOp::SafeAdd,
                0x0002 => StoreOp::Replace,
                _ => StoreOp::Set,
            };
            let key = bytes(l, 3);
            let value = match ffi::lua_type(l, 4) {
                ffi::LUA_TSTRING => ValRef::Str(bytes(l, 4)),
                ffi::LUA_TNUMBER => ValRef::Number(ffi::lua_tonumber(l, 4)),
                ffi::LUA_TBOOLEAN => ValRef::Bool(ffi::lua_toboolean(l, 4) != 0),
                _ => ValRef::Nil,
            };
            let exptime = ffi_long(ffi::lua_tonumber(l, 5));
            let flags = ffi_int(ffi::lua_tonumber(l, 6));
            match with_zone(zone, |d| d.store(op, key, value, exptime, flags)) {
                None => bad_zone(l),
                Some(Ok(forcible)) => {
                    ffi::lua_pushboolean(l, 1);
                    ffi::lua_pushnil(l);
                    ffi::lua_pushboolean(l, forcible as c_int);
                    3
                }
                Some(Err((msg, forcible))) => {
                    ffi::lua_pushboolean(l, 0);
                    push_str(l, msg.as_bytes());
                    ffi::lua_pushboolean(l, forcible as c_int);
                    3
                }
            }
        };
        std::panic::catch_unwind(run).unwrap_or(0)
    }

    /// `get(zone, key, stale)`: value [, flags [, stale]] | nil, err.
    pub unsafe extern "C-unwind" fn get(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: reads the three arguments and pushes at most three results.
        let run = || unsafe {
            let zone = ffi::lua_touserdata(l, 1) as usize;
            let key = bytes(l, 2);
            let stale = ffi::lua_toboolean(l, 3) != 0;
            match with_zone(zone, |d| d.get(key, stale)) {
                None => bad_zone(l),
                Some(Err(msg)) => {
                    ffi::lua_pushnil(l);
                    push_str(l, msg.as_bytes());
                    2
                }
                Some(Ok(None)) => {
                    ffi::lua_pushnil(l);
                    1
                }
                Some(Ok(Some(got))) => {
                    match &got.value {
                        ShValue::Bool(b) => ffi::lua_pushboolean(l, *b as c_int),
                        ShValue::Number(n) => ffi::lua_pushnumber(l, *n),
                        ShValue::Str(s) => push_str(l, s),
                    }
                    let flags = |l| {
                        if got.flags != 0 {
                            ffi::lua_pushnumber(l, got.flags as f64)
                        } else {
                            ffi::lua_pushnil(l)
                        }
                    };
                    if stale {
                        flags(l);
                        ffi::lua_pushboolean(l, got.stale as c_int);
                        3
                    } else if got.flags != 0 {
                        flags(l);
                        2
                    } else {
                        1
                    }
                }
            }
        };
        std::panic::catch_unwind(run).unwrap_or(0)
    }

    /// `incr(zone, key, value, init, init_ttl)`: n [, nil, forcible] | nil, err.
    pub unsafe extern "C-unwind" fn incr(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: reads the five arguments and pushes at most three results.
        let run = || unsafe {
            let zone = ffi::lua_touserdata(l, 1) as usize;
            let key = bytes(l, 2);
            let value = ffi::lua_tonumber(l, 3);
            let init = (ffi::lua_type(l, 4) == ffi::LUA_TNUMBER).then(|| ffi::lua_tonumber(l, 4));
            let init_ttl = ffi_long(ffi::lua_tonumber(l, 5));
            match with_zone(zone, |d| d.incr(key, value, init, init_ttl)) {
                None => bad_zone(l),
                Some(Err(msg)) => {
                    ffi::lua_pushnil(l);
                    push_str(l, msg.as_bytes());
                    2
                }
                Some(Ok((n, forcible))) => {
                    ffi::lua_pushnumber(l, n);
                    if init.is_some() {
                        ffi::lua_pushnil(l);
                        ffi::lua_pushboolean(l, forcible as c_int);
                        3
                    } else {
                        1
                    }
                }
            }
        };
        std::panic::catch_unwind(run).unwrap_or(0)
    }
}

fn primitives(lua: &Lua, zones: &Zones) -> mlua::Result<Table> {
    let p = lua.create_table_with_capacity(0, 8)?;
    // SAFETY: the raw primitives read their arguments and push their results only.
    unsafe {
        p.raw_set("store", lua.create_c_function(raw::store)?)?;
        p.raw_set("get", lua.create_c_function(raw::get)?)?;
        p.raw_set("incr", lua.create_c_function(raw::incr)?)?;
    }
    let z = zones.clone();
    p.raw_set(
        "flush_all",
        lua.create_function(move |_, ud: Value| {
            if let Some(d) = zone_of(&z, &ud) {
                d.flush_all();
            }
            Ok(())
        })?,
    )?;
    let z = zones.clone();
    p.raw_set(
        "ttl",
        lua.create_function(move |lua, (ud, key): (Value, mlua::LuaString)| {
            let Some(d) = zone_of(&z, &ud) else {
                return Err(mlua::Error::runtime("bad \"zone\" argument"));
            };
            Ok(match d.ttl(&key.as_bytes()) {
                None => mv([Value::Nil, s(lua, "not found")?]),
                Some(ms) => mv([Value::Number(ms as f64 / 1000.0)]),
            })
        })?,
    )?;
    let z = zones.clone();
    p.raw_set(
        "expire",
        lua.create_function(move |lua, (ud, key, ms): (Value, mlua::LuaString, f64)| {
            let Some(d) = zone_of(&z, &ud) else {
                return Err(mlua::Error::runtime("bad \"zone\" argument"));
            };
            Ok(if d.set_expire(&key.as_bytes(), ffi_long(ms)) {
                mv([Value::Boolean(true)])
            } else {
                mv([Value::Nil, s(lua, "not found")?])
            })
        })?,
    )?;
    let z = zones.clone();
    p.raw_set(
        "capacity",
        lua.create_function(move |_, ud: Value| Ok(zone_of(&z, &ud).map(|d| d.capacity() as f64)))?,
    )?;
    let z = zones.clone();
    p.raw_set(
        "free_space",
        lua.create_function(move |_, ud: Value| {
            Ok(zone_of(&z, &ud).map(|d| d.free_space() as f64))
        })?,
    )?;
    Ok(p)
}

/// The key checks shared by the C list functions: `Ok(None)` after pushing nothing means
/// "return these values" (`nil, "nil key"` …).
fn c_key(lua: &Lua, args: &MultiValue) -> RResult<Result<Vec<u8>, MultiValue>> {
    if matches!(args.get(1), None | Some(Value::Nil)) {
        return Ok(Err(mv([Value::Nil, s(lua, "nil key")?])));
    }
    let k = raise::check_bytes(lua, args, 2)?;
    let k = k.as_bytes().to_vec();
    if k.is_empty() {
        return Ok(Err(mv([Value::Nil, s(lua, "empty key")?])));
    }
    if k.len() > 65535 {
        return Ok(Err(mv([Value::Nil, s(lua, "key too long")?])));
    }
    Ok(Ok(k))
}

fn c_zone<'a>(zones: &'a Zones, args: &MultiValue) -> RResult<ZoneRef<'a>> {
    if !matches!(args.front(), Some(Value::Table(_))) {
        return fail("bad \"zone\" argument");
    }
    match zone_arg(zones, args) {
        Some(d) => Ok(d),
        None => fail("bad \"zone\" argument"),
    }
}

fn c_functions(lua: &Lua, zones: &Zones, mt: &Table) -> mlua::Result<()> {
    for (name, left) in [("lpush", true), ("rpush", false)] {
        let z = zones.clone();
        mt.raw_set(
            name,
            raise::function(lua, move |lua, args: MultiValue| {
                if args.len() != 3 {
                    return fail(format!(
                        "expecting 3 arguments, but only seen {}",
                        args.len()
                    ));
                }
                let d = c_zone(&z, &args)?;
                let key = match c_key(lua, &args)? {
                    Ok(k) => k,
                    Err(ret) => return Ok(ret),
                };
                let bytes;
                let v = match &args[2] {
                    Value::String(s) => {
                        bytes = s.as_bytes();
                        ValRef::Str(&bytes)
                    }
                    Value::Integer(i) => ValRef::Number(*i as f64),
                    Value::Number(n) => ValRef::Number(*n),
                    _ => return Ok(mv([Value::Nil, s(lua, "bad value type")?])),
                };
                Ok(match d.push(&key, v, left) {
                    Ok(n) => mv([Value::Number(n as f64)]),
                    Err(msg) => mv([Value::Nil, s(lua, msg)?]),
                })
            })?,
        )?;
    }
    for (name, left) in [("lpop", true), ("rpop", false)] {
        let z = zones.clone();
        mt.raw_set(
            name,
            raise::function(lua, move |lua, args: MultiValue| {
                if args.len() != 2 {
                    return fail(format!(
                        "expecting 2 arguments, but only seen {}",
                        args.len()
                    ));
                }
                let d = c_zone(&z, &args)?;
                let key = match c_key(lua, &args)? {
                    Ok(k) => k,
                    Err(ret) => return Ok(ret),
                };
                Ok(match d.pop(&key, left) {
                    Ok(Some(v)) => mv([push_value(lua, v)?]),
                    Ok(None) => mv([Value::Nil]),
                    Err(msg) => mv([Value::Nil, s(lua, msg)?]),
                })
            })?,
        )?;
    }
    let z = zones.clone();
    mt.raw_set(
        "llen",
        raise::function(lua, move |lua, args: MultiValue| {
            if args.len() != 2 {
                return fail(format!(
                    "expecting 2 arguments, but only seen {}",
                    args.len()
                ));
            }
            let d = c_zone(&z, &args)?;
            let key = match c_key(lua, &args)? {
                Ok(k) => k,
                Err(ret) => return Ok(ret),
            };
            Ok(match d.llen(&key) {
                Ok(n) => mv([Value::Number(n as f64)]),
                Err(msg) => mv([Value::Nil, s(lua, msg)?]),
            })
        })?,
    )?;
    for name in ["flush_expired", "get_keys"] {
        let z = zones.clone();
        let keys = name == "get_keys";
        mt.raw_set(
            name,
            raise::function(lua, move |lua, args: MultiValue| {
                let n = args.len();
                if n != 1 && n != 2 {
                    return fail(format!("expecting 1 or 2 argument(s), but saw {n}"));
                }
                if !matches!(args.front(), Some(Value::Table(_))) {
                    return raise::type_error(&args, 1, "table");
                }
                let Some(d) = zone_arg(&z, &args) else {
                    return fail("bad user data for the ngx_shm_zone_t pointer");
                };
                let max = if n == 2 {
                    raise::check_int(lua, &args, 2)? as i32
                } else if keys {
                    1024
                } else {
                    0
                };
                if keys {
                    let list = d.get_keys(max);
                    let t = lua.create_table_with_capacity(list.len(), 0)?;
                    for (i, k) in list.into_iter().enumerate() {
                        t.raw_set(i + 1, lua.create_string(k)?)?;
                    }
                    Ok(mv([Value::Table(t)]))
                } else {
                    Ok(mv([Value::Number(d.flush_expired(max) as f64)]))
                }
            })?,
        )?;
    }
    Ok(())
}

/// Installs `ngx.shared` with one object per zone of `dicts`.
pub fn inject(lua: &Lua, ngx: &Table, dicts: &ShDicts) -> mlua::Result<()> {
    let mut map = HashMap::new();
    for d in dicts.iter() {
        map.insert(Arc::as_ptr(d) as usize, d.clone());
    }
    ZONE_PTRS.with(|z| *z.borrow_mut() = dicts.iter().cloned().collect());
    let zones: Zones = Rc::new(map);
    let shared = lua.create_table()?;
    let mt = lua.create_table_with_capacity(0, 22)?;
    c_functions(lua, &zones, &mt)?;
    let valid = lua.create_table()?;
    for d in dicts.iter() {
        let ud = Value::LightUserData(LightUserData(Arc::as_ptr(d) as *mut _));
        valid.raw_set(ud.clone(), true)?;
        let obj = lua.create_table_with_capacity(1, 0)?;
        obj.raw_set(1, ud)?;
        obj.set_metatable(Some(mt.clone()))?;
        shared.raw_set(d.name(), obj)?;
    }
    let p = primitives(lua, &zones)?;
    lua.load(WRAPPERS)
        .set_name("=[restyc ngx shdict]")
        .call::<()>((p, valid, mt.clone()))?;
    mt.raw_set("__index", mt.clone())?;
    ngx.raw_set("shared", shared)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngx::testutil::{check, lua, ngx_table};

    /// The zones of the nginx.conf the expectations were captured with.
    fn env() -> Lua {
        let lua = lua();
        let ngx = ngx_table(&lua);
        let dicts = ShDicts::new(&[
            ("d".to_string(), 1 << 20),
            ("small".to_string(), 12 << 10),
            ("k100".to_string(), 100 << 10),
            ("m10".to_string(), 10 << 20),
            ("k32".to_string(), 32 << 10),
        ]);
        inject(&lua, &ngx, &dicts).expect("inject");
        crate::ngx::codec::inject(&lua, &ngx).expect("codec");
        // `ngx.sleep` advances nginx's cached clock, as the event loop does after a sleep.
        let sleep = lua
            .create_function(|_, secs: f64| {
                std::thread::sleep(std::time::Duration::from_secs_f64(secs));
                crate::clock::update();
                Ok(())
            })
            .expect("sleep");
        ngx.raw_set("sleep", sleep).expect("set sleep");
        lua
    }

    // Expected texts printed by nginx 1.22.1 + lua-nginx-module 0.10.23 + lua-resty-core 0.1.25
    // running the same scripts with the same zones.
    #[test]
    fn api_values_and_errors() {
        check(
            &env(),
            r#"
local d = ngx.shared.d
d:flush_all() d:flush_expired()
p(d:set("a", 1), d:get("a"))
p(d:set("s", "str", 0, 7), d:get("s"))
p(d:set("b", true), d:get("b"), d:set("f", false), d:get("f"))
p(d:set("n", nil), d:get("n"))
p(d:lpush("l", 1), d:rpush("l", "x"), d:get("l"))
p(d:get_stale("l"))
p(d:incr("l", 1))
p(d:add("a", 2))
p(d:safe_add("a", 2))
p(d:replace("zz", 2))
p(d:replace("a", nil))
p(d:add("zz", nil))
p(d:set("t", {}))
p(d:set("fn", print))
p(d:set(nil, 1))
p(d:set("", 1))
p(d:set(string.rep("k", 65536), 1))
p(d:set(string.rep("k", 65535), 1))
p(d:get(nil), d:get(""), d:get(12), d:set(12, "twelve"), d:get(12), d:get("12"))
p(d:get(true))
p(pcall(d.get, "x"))
p(pcall(d.get))
p(pcall(d.set, d, "k", 1, -1))
p(pcall(d.set, d, "k", 1, 0, 1.5))
p(d:set("k", 1, 0, 1.5), d:get("k"))
p(d:set("k", 1, 0, -1), d:get("k"))
p(d:set("k", 1, 0, 4294967296 + 5), d:get("k"))
p(d:delete("k"), d:get("k"), d:delete("nonexist"))
p(pcall(d.delete, d))
p(d:incr("c", 1))
p(d:incr("c", 1, 0))
p(d:incr("c", 1, 0))
p(d:incr("c", "2"))
p(d:incr("c", -10))
p(d:incr("s", 1))
p(d:incr("s", 1, 0))
p(pcall(d.incr, d, "c2", 1, "x"))
p(pcall(d.incr, d, "c2", 1, nil, 10))
p(pcall(d.incr, d, "c2", 1, 0, -1))
p(pcall(d.incr, d, "c2", 1, 0, "x"))
p(d:incr("c3", 1, 0, 0.5), d:ttl("c3"))
p(d:incr("c3", 1, 0, 10), d:ttl("c3"))
p(d:ttl("a"), d:ttl("zzz"), d:ttl(nil), d:ttl(""))
p(d:set("e", 1, 0.001), d:ttl("e"))
p(d:expire("a", 10), d:ttl("a"), d:expire("a", 0), d:ttl("a"), d:expire("nokey", 1))
p(pcall(d.expire, d, "a"))
p(pcall(d.expire, d, "a", -1))
p(d:expire("a", -1))
p(d:capacity(), type(d:free_space()))
p(pcall(d.capacity))
p(pcall(d.lpush, d, "l"))
p(d:lpush("l", true))
p(d:lpush("a", 1))
p(d:llen("l"), d:llen("nokey"), d:llen("a"))
p(d:lpop("l"), d:rpop("l"), d:lpop("l"), d:lpop("l"), d:llen("l"), d:get("l"))
p(d:lpop("a"), d:rpop("nokey"))
p(pcall(d.lpop, d))
p(pcall(d.lpush, "x", "y", 1))
p(pcall(d.get_keys, "x"))
p(pcall(d.llen, "x", "k"))
p(pcall(d.flush_expired, "x"))
p(pcall(d.flush_all, "x"))
p(pcall(d.set, "x", "y"))
p(pcall(d.get_keys, d, "x"))
p(pcall(d.get_keys, d, 1, 2))
p(pcall(d.flush_expired, d, "x"))
p(pcall(d.lpush, d, {}, 1))
p(pcall(function() local r = d.get("k") return r end))
p(pcall(function() local r = d.lpush(d, true, 1) return r end))
p(type(d.get), type(d.lpush), getmetatable(d).__index == getmetatable(ngx.shared.small).__index, type(d[1]), ngx.shared.nope)
p(d:rpush("l2", 1), d:lpush("l2", 2), d:set("l2", "now string"), d:get("l2"))
"#,
            r#"
true, 1
true, "str", 7
true, true, true, false
true, nil
1, 2, nil, "value is a list"
nil, "value is a list"
nil, "not a number"
false, "exists", false
false, "exists", false
false, "not found", false
false, "attempt to add or replace nil values", false
false, "attempt to add or replace nil values", false
nil, "bad value type"
nil, "bad value type"
nil, "nil key"
nil, "empty key"
nil, "key too long"
true, nil, false
nil, nil, nil, true, "twelve", "twelve"
nil
false, "bad \"zone\" argument"
false, "bad \"zone\" argument"
false, "bad \"exptime\" argument"
true, true, nil, false
true, 1, 1
true, 1, -1
true, 1, -2147483648
true, nil, true, nil, false
true, nil, "nil key"
nil, "not found"
1, nil, false
2, nil, false
4
-6
nil, "not a number"
nil, "not a number"
false, "bad init arg: number expected, got string"
false, "must provide \"init\" when providing \"init_ttl\""
false, "bad \"init_ttl\" argument"
false, "bad init_ttl arg: number expected, got string"
1, 0.5
2, 0.5
0, nil, nil, nil, "empty key"
true, 0.001
true, 10, true, 0, nil, "not found"
false, "bad \"exptime\" argument"
true, true
true
1048576, "number"
false, "bad \"zone\" argument"
false, "expecting 3 arguments, but only seen 2"
nil, "bad value type"
nil, "value not a list"
2, 0, nil, "value not a list"
1, "x", nil, nil, 0, nil
nil, nil
false, "expecting 2 arguments, but only seen 1"
false, "bad \"zone\" argument"
false, "bad argument #1 to '?' (table expected, got string)"
false, "bad \"zone\" argument"
false, "bad argument #1 to '?' (table expected, got string)"
false, "bad \"zone\" argument"
false, "bad \"zone\" argument"
false, "bad argument #2 to '?' (number expected, got string)"
false, "expecting 1 or 2 argument(s), but saw 3"
false, "bad argument #2 to '?' (number expected, got string)"
false, "bad argument #2 to '?' (string expected, got table)"
false, "/tmp/ng/t.lua:70: bad \"zone\" argument"
false, "/tmp/ng/t.lua:71: bad argument #2 to 'lpush' (string expected, got boolean)"
"function", "function", true, "userdata", nil
1, 2, true, "now string"
"#,
        );
    }

    #[test]
    fn expiry_lru_eviction_memory() {
        let _g = crate::clock::TEST_LOCK
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        check(
            &env(),
            r#"
local d = ngx.shared.d
d:flush_all() d:flush_expired()
d:set("x", 1, 0.001)
d:set("y", "v", 0.001, 3)
ngx.sleep(0.01)
p(d:ttl("x") < 0, d:get_stale("x"))
p(d:get_stale("y"))
p(d:expire("x", 10), d:get("x"), d:ttl("x"))
p(d:get("y"), d:get_stale("y"))
p(d:incr("y", 1, 5))
d:flush_all() d:flush_expired()
for i = 1, 6 do d:set("k" .. i, i) end
p(table.concat(d:get_keys(), ","))
d:get("k1")
p(table.concat(d:get_keys(), ","), table.concat(d:get_keys(2), ","))
d:flush_all()
p(#d:get_keys(0), d:get_stale("k1"), d:get_stale("k2"), d:get_stale("k3"), d:get_stale("k4"), d:get_stale("k5"), d:get_stale("k6"))
p(d:flush_expired())
d:set("a", 1, 0.001) d:set("b", 1, 0.001) d:set("c", 1)
ngx.sleep(0.01)
p(d:flush_expired(1), d:flush_expired(), d:flush_expired(), #d:get_keys(0))
d:set("e1", "x", 0.001) d:set("e2", 5, 0.001)
ngx.sleep(0.01)
p(d:add("e1", "new"), d:get("e1"), d:incr("e2", 1), d:incr("e2", 1, 10), d:get("e2"))
d:set("e3", "12345678", 0.001) ngx.sleep(0.01)
p(d:incr("e3", 1, 1), d:replace("e3", 2))
d:lpush("el", "a") d:expire("el", 0.001) ngx.sleep(0.01)
p(d:llen("el"), d:rpush("el", "b"), d:lpop("el"))
-- eviction
local s = ngx.shared.small
s:flush_all() s:flush_expired()
for i = 1, 31 do s:set("key" .. string.format("%03d", i), "v") end
p(s:free_space(), #s:get_keys(0))
s:get("key001")
p(s:set("new", "v"))
p(s:get("key001"), s:get("key002"), #s:get_keys(0))
p(s:safe_set("new2", "v"))
p(s:safe_add("new2", "v"))
p(s:add("new3", "v"))
p(s:set("big", string.rep("x", 100)))
p(#s:get_keys(0), s:get("key003"), s:get("key004"), s:get("key005"), s:get("key006"), s:get("key007"))
p(s:lpush("list", "x"))
p(s:incr("ctr", 1, 0))
s:flush_all() s:flush_expired()
p(s:set("big", string.rep("x", 200)), s:free_space(), #s:get_keys(0))
local k100 = ngx.shared.k100
k100:flush_all() k100:flush_expired()
p(k100:free_space())
k100:set("a", string.rep("x", 3000)) p(k100:free_space())
k100:set("b", string.rep("x", 5000)) p(k100:free_space())
k100:set("c", string.rep("x", 10)) p(k100:free_space())
k100:set("d", 1) p(k100:free_space())
k100:delete("a") p(k100:free_space())
k100:delete("c") k100:delete("d") p(k100:free_space())
for i = 1, 40 do k100:set("s" .. i, string.rep("y", 40)) end p(k100:free_space())
for i = 1, 40 do k100:rpush("L", string.rep("z", i)) end p(k100:free_space(), k100:llen("L"))
local ok, err, f
local n = 0
repeat n = n + 1; ok, err, f = k100:set("big" .. n, string.rep("w", 2000)) until f or not ok
p(n, ok, err, f, k100:free_space())
for i = 1, 40 do k100:lpop("L") end
p(k100:free_space(), k100:llen("L"), k100:get("L"))
local m10 = ngx.shared.m10
m10:flush_all() m10:flush_expired()
for i = 1, 20000 do m10:set("key:" .. i, string.rep("v", i % 300)) end
p(m10:free_space(), #m10:get_keys(0))
for i = 1, 20000, 3 do m10:delete("key:" .. i) end
p(m10:free_space(), #m10:get_keys(0))
"#,
            r#"
true, 1, nil, true
"v", 3, true
true, 1, 10
nil, nil
6, nil, false
"k1,k2,k3,k4,k5,k6"
"k2,k3,k4,k5,k6,k1", "k2,k3"
0, 1, nil, nil, nil, 5, 6, nil, true
3
1, 1, 0, 1
true, "new", nil, 11, 11
2, true, nil, false
0, 1, "b"
0, 31
true, nil, true
"v", nil, 31
false, "no memory", false
false, "no memory", false
true, nil, true
false, "no memory", true
1, nil, nil, nil, nil, nil
nil, "no memory"
1, nil, false
false, 0, 0
90112
86016
77824
77824
77824
81920
81920
77824
73728, 40
19, true, nil, true, 4096
8192, 0, nil
3715072, 20000
3715072, 13333
"#,
        );
    }
    /// 3000 random sets (up to 6 KB), deletes, incrs and pushes on a 100k zone: forced
    /// evictions, free space and the surviving keys in LRU order equal nginx's.
    #[test]
    fn random_workload_matches_slab_model() {
        check(
            &env(),
            r##"
local d = ngx.shared.k100
d:flush_all() d:flush_expired()
local seed = 99
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local trace = {}
local forc = 0
for i = 1, 3000 do
  local op = rnd(10)
  local k = "k" .. rnd(400)
  if op < 6 then
    local len = rnd(6) == 0 and rnd(6000) or rnd(300)
    local ok, err, f = d:set(k, string.rep("x", len))
    if f then forc = forc + 1 end
  elseif op < 8 then
    d:delete(k)
  elseif op < 9 then
    d:incr("n" .. rnd(50), 1, 0)
  else
    d:rpush("L" .. rnd(20), string.rep("y", rnd(100)))
  end
  if i % 500 == 0 then trace[#trace+1] = d:free_space() .. "/" .. #d:get_keys(0) end
end
p(forc, table.concat(trace, " "))
local ks = d:get_keys(0)
p(#ks, ngx.md5(table.concat(ks, ",")))
"##,
            r##"
13, "53248/48 49152/54 12288/40 40960/51 45056/47 36864/60"
60, "f3890ce66a1de94a008203b344cbcfb2"
"##,
        );
    }

    #[test]
    fn random_workload_small_zone() {
        check(
            &env(),
            r##"
local d = ngx.shared.k32
d:flush_all() d:flush_expired()
local seed = 31337
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local trace = {}
local forc = 0
for i = 1, 3000 do
  local op = rnd(10)
  local k = "k" .. rnd(400)
  if op < 6 then
    local len = rnd(6) == 0 and rnd(9000) or rnd(300)
    local ok, err, f = d:set(k, string.rep("x", len))
    if f then forc = forc + 1 end
  elseif op < 8 then
    d:delete(k)
  elseif op < 9 then
    d:incr("n" .. rnd(50), 1, 0)
  else
    d:rpush("L" .. rnd(20), string.rep("y", rnd(100)))
  end
  if i % 500 == 0 then trace[#trace+1] = d:free_space() .. "/" .. #d:get_keys(0) end
end
p(forc, table.concat(trace, " "))
local ks = d:get_keys(0)
p(#ks, ngx.md5(table.concat(ks, ",")))
"##,
            r##"
410, "0/3 4096/7 8192/7 4096/7 0/9 0/13"
13, "594db511ebed0680352f9d729ee8b063"
"##,
        );
    }
}
