//! Raising Lua errors with plain string values, the way lua-nginx-module's C functions do.
//!
//! An `Err` returned from an mlua callback reaches Lua as an mlua error *userdata*, so
//! `pcall(f)` would hand back a userdata instead of OpenResty's message string (and without the
//! `file:line:` prefix `luaL_error` adds). Functions built here return a sentinel on error instead,
//! and a two-line Lua trampoline turns it into `error(msg, level)`, so:
//!
//! - `pcall(ngx.quote_sql_str)` returns `false, "expecting one argument"` (no position: the
//!   caller is the C function `pcall`), exactly as OpenResty;
//! - a direct call gets the caller's `file:line: ` prefix, as `luaL_error` gives.
//!
//! The trampoline tail-calls a checker, so level 2 is the caller of the API function (the
//! equivalent of `luaL_error` in C and of `error(msg, 2)` in resty.core's Lua code).

use mlua::{Function, IntoLuaMulti, LightUserData, Lua, MultiValue, Value};

/// Why an API function fails.
#[derive(Debug)]
pub enum Raise {
    /// Raise `msg` as a Lua string error at the caller's position (`luaL_error`).
    Error(String),
    /// Raise `msg` with an explicit `error()` level (2 = the caller, 3 = the caller's caller).
    At(String, u8),
    /// `luaL_argerror(L, narg, extramsg)`: `bad argument #narg to 'NAME' (extramsg)`, where NAME
    /// is how the caller named the function (`'?'` under `pcall`, `calling 'f' on bad self` for
    /// a method's receiver), found with `debug.getinfo` as Lua's own C library does.
    Arg(usize, String),
    /// Pass an mlua error through unchanged (out of memory and other internal failures).
    Lua(mlua::Error),
}

impl From<mlua::Error> for Raise {
    fn from(e: mlua::Error) -> Self {
        Raise::Lua(e)
    }
}

/// Shorthand for the result of an API function built with [`function`].
pub type RResult<T> = Result<T, Raise>;

/// `Err(Raise::Error(..))` from anything printable.
pub fn fail<T>(msg: impl Into<String>) -> RResult<T> {
    Err(Raise::Error(msg.into()))
}

static SENTINEL_TAG: u8 = 0;
static ARG_TAG: u8 = 0;

fn sentinel() -> Value {
    Value::LightUserData(LightUserData(&SENTINEL_TAG as *const u8 as *mut _))
}

fn arg_sentinel() -> Value {
    Value::LightUserData(LightUserData(&ARG_TAG as *const u8 as *mut _))
}

const TRAMPOLINE: &str = r#"
local S, A, error, getinfo, format = ...
local function argerror(narg, extramsg)
    local name, namewhat = "?", ""
    if getinfo then
        -- level 1 is `chk`, which replaced the API function's frame by a tail call
        local ar = getinfo(2, "n")
        if ar then
            name = ar.name or "?"
            namewhat = ar.namewhat or ""
        end
    end
    if namewhat == "method" then
        narg = narg - 1
        if narg == 0 then
            return format("calling '%s' on bad self (%s)", name, extramsg)
        end
    end
    return format("bad argument #%d to '%s' (%s)", narg, name, extramsg)
end
local function rest(_, ...) return ... end
-- (`...` passed through whole: a function returning nothing returns nothing, as in C)
local function chk(...)
    local a = ...
    if a == S then
        local msg, lvl = rest(...)
        error(msg, lvl)
    elseif a == A then
        error(argerror(rest(...)), 2)
    end
    return ...
end
return function(raw)
    return function(...) return chk(raw(...)) end
end, function(fast, raw)
    -- `fast` answers the common case or returns nothing; then the full function runs, with the
    -- same frames (and error levels) as without a fast path.
    return function(...)
        local r = fast(...)
        if r ~= nil then return r end
        return chk(raw(...))
    end
end
"#;

struct Factory(Function, Function);

fn factory(lua: &Lua) -> mlua::Result<Function> {
    factories(lua).map(|f| f.0)
}

fn factories(lua: &Lua) -> mlua::Result<Factory> {
    if let Ok(Some(f)) = lua.try_app_data_ref::<Factory>() {
        return Ok(Factory(f.0.clone(), f.1.clone()));
    }
    let g = lua.globals();
    let error: Function = g.raw_get("error")?;
    let getinfo: Option<Function> = match g.raw_get::<Value>("debug")? {
        Value::Table(d) => d.raw_get("getinfo")?,
        _ => None,
    };
    let format: Function = g.raw_get::<mlua::Table>("string")?.raw_get("format")?;
    let (f, fast): (Function, Function) = lua
        .load(TRAMPOLINE)
        .set_name("=[restyc raise]")
        .call((sentinel(), arg_sentinel(), error, getinfo, format))?;
    // (if app data is borrowed elsewhere right now, just do not cache the factory)
    let _ = lua.try_set_app_data(Factory(f.clone(), fast.clone()));
    Ok(Factory(f, fast))
}

/// [`function`] with a fast path tried first (a raw C function): `fast` returns one non-nil value when it
/// handled the call, or nothing to let the full function (its checks, its errors) run.
pub fn with_fast_path<F, R>(lua: &Lua, fast: Function, f: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, MultiValue) -> RResult<R> + 'static,
    R: IntoLuaMulti,
{
    factories(lua)?.1.call((fast, raw_function(lua, f)?))
}

/// Builds a Lua function from a Rust one whose `Err` becomes a plain-string Lua error.
pub fn function<F, R>(lua: &Lua, f: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, MultiValue) -> RResult<R> + 'static,
    R: IntoLuaMulti,
{
    factory(lua)?.call(raw_function(lua, f)?)
}

/// The mlua callback behind [`function`]: its errors come back as sentinels for `chk`.
fn raw_function<F, R>(lua: &Lua, f: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, MultiValue) -> RResult<R> + 'static,
    R: IntoLuaMulti,
{
    lua.create_function(move |lua, args: MultiValue| returned(lua, f(lua, args)))
}

/// What a raw callback hands to `chk`: its results, or a sentinel and the error to raise.
fn returned<R: IntoLuaMulti>(lua: &Lua, r: RResult<R>) -> mlua::Result<MultiValue> {
    match r {
        Ok(r) => r.into_lua_multi(lua),
        Err(Raise::Error(msg)) => raised(lua, msg, 2),
        Err(Raise::At(msg, level)) => raised(lua, msg, level),
        Err(Raise::Arg(n, extramsg)) => {
            let mut mv = MultiValue::with_capacity(3);
            mv.push_back(arg_sentinel());
            mv.push_back(Value::Integer(n as i64));
            mv.push_back(Value::String(lua.create_string(extramsg)?));
            Ok(mv)
        }
        Err(Raise::Lua(e)) => Err(e),
    }
}

/// [`function`] for an async Rust function: it may wait (yield the coroutine to the executor);
/// its `Err` raises the same plain-string error once it is done.
pub fn async_function<F, FR, R>(lua: &Lua, f: F) -> mlua::Result<Function>
where
    F: Fn(Lua, MultiValue) -> FR + 'static,
    FR: std::future::Future<Output = RResult<R>> + 'static,
    R: IntoLuaMulti,
{
    let raw = lua.create_async_function(move |lua: Lua, args: MultiValue| {
        let fut = f(lua.clone(), args);
        async move { returned(&lua, fut.await) }
    })?;
    factory(lua)?.call(raw)
}

fn raised(lua: &Lua, msg: String, level: u8) -> mlua::Result<MultiValue> {
    let mut mv = MultiValue::with_capacity(3);
    mv.push_back(sentinel());
    mv.push_back(Value::String(lua.create_string(msg)?));
    mv.push_back(Value::Integer(level as i64));
    Ok(mv)
}

/// `luaL_typename`: the name Lua's own messages use (light userdata is `userdata`).
pub fn typename(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Boolean(_) => "boolean",
        Value::LightUserData(_) | Value::UserData(_) | Value::Error(_) => "userdata",
        Value::Integer(_) | Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Table(_) => "table",
        Value::Function(_) => "function",
        Value::Thread(_) => "thread",
        Value::Other(_) => "cdata",
    }
}

/// The type of argument `n` (1-based) for messages: `no value` when absent.
pub fn arg_typename(args: &MultiValue, n: usize) -> &'static str {
    match args.get(n - 1) {
        None => "no value",
        Some(v) => typename(v),
    }
}

/// `luaL_typerror`: `Err(Raise::Arg(n, "<expected> expected, got <type>"))`.
pub fn type_error<T>(args: &MultiValue, n: usize, expected: &str) -> RResult<T> {
    Err(Raise::Arg(
        n,
        format!("{expected} expected, got {}", arg_typename(args, n)),
    ))
}

/// `luaL_checklstring`: strings and numbers (converted as Lua does), else
/// `bad argument #n to 'f' (string expected, got T)`.
pub fn check_bytes(lua: &Lua, args: &MultiValue, n: usize) -> RResult<mlua::LuaString> {
    let v = args.get(n - 1).cloned().unwrap_or(Value::Nil);
    match v {
        Value::String(s) => Ok(s),
        Value::Integer(_) | Value::Number(_) => match lua.coerce_string(v)? {
            Some(s) => Ok(s),
            None => type_error(args, n, "string"),
        },
        _ => type_error(args, n, "string"),
    }
}

/// `luaL_checknumber`: numbers and numeric strings, else
/// `bad argument #n to 'f' (number expected, got T)`.
pub fn check_number(lua: &Lua, args: &MultiValue, n: usize) -> RResult<f64> {
    let v = args.get(n - 1).cloned().unwrap_or(Value::Nil);
    match v {
        Value::Integer(i) => Ok(i as f64),
        Value::Number(x) => Ok(x),
        Value::String(_) => match lua.coerce_number(v)? {
            Some(x) => Ok(x),
            None => type_error(args, n, "number"),
        },
        _ => type_error(args, n, "number"),
    }
}

/// `luaL_checkinteger` / `luaL_checkint`: a number truncated toward zero.
pub fn check_int(lua: &Lua, args: &MultiValue, n: usize) -> RResult<i64> {
    let x = check_number(lua, args, n)?;
    Ok(if x.is_nan() { 0 } else { x as i64 })
}

/// Lua's `tostring(v)`, honouring `__tostring` (used where resty.core calls `tostring`).
pub fn tostring(lua: &Lua, v: Value) -> mlua::Result<mlua::LuaString> {
    match v {
        Value::String(s) => Ok(s),
        v => {
            let f: Function = lua.globals().raw_get("tostring")?;
            f.call(v)
        }
    }
}
