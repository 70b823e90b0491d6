//! The rest of the small API: `ngx.sleep`, `ngx.get_phase`, `ngx.worker.*`, `ngx.config.*`,
//! package paths and modules baked into the binary, and the global-variable guard.
//! (`ngx_http_lua_sleep.c`, `ngx_http_lua_phase.c`, `ngx_http_lua_worker.c`,
//! `ngx_http_lua_config.c`, `ngx_http_lua_util.c`.)

use std::rc::Rc;
use std::time::Duration;

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::ngx::core::func;
use crate::ngx::raise::{RResult, Raise, fail};
use crate::phase;
use crate::worker::Worker;

pub fn inject(lua: &Lua, ngx: &Table, w: &Rc<Worker>) -> mlua::Result<()> {
    // ngx.sleep: validate in Rust, then wait in an async function (0 yields to other requests).
    let check = func(lua, |lua, a: MultiValue| -> RResult<i64> {
        crate::ngx::output::at_caller(sleep_ms(lua, a))
    })?;
    fn sleep_ms(lua: &Lua, a: MultiValue) -> RResult<i64> {
        // luaL_checknumber names the function as its caller did: `ngx.sleep(x)` says 'sleep',
        // `pcall(ngx.sleep, x)` says '?' (level 2 is the Lua wrapper below).
        let bad = |got: &str| -> RResult<i64> {
            let name = lua
                .inspect_stack(2, |d| d.names().name.map(|n| n.to_string()))
                .flatten()
                .unwrap_or_else(|| "?".into());
            fail(format!(
                "bad argument #1 to '{name}' (number expected, got {got})"
            ))
        };
        // init_by_lua has no request at all (init_worker_by_lua has a fake one).
        if phase::current() == phase::Phase::Init {
            return fail("no request found");
        }
        phase::check(phase::SLEEP).map_err(Raise::Error)?;
        if a.len() != 1 {
            return fail(format!(
                "attempt to pass {} arguments, but accepted 1",
                a.len()
            ));
        }
        let secs = match a.front() {
            Some(Value::Integer(i)) => *i as f64,
            Some(Value::Number(n)) => *n,
            Some(Value::String(s)) => {
                match s.to_str().ok().and_then(|s| s.trim().parse::<f64>().ok()) {
                    Some(n) => n,
                    None => return bad("string"),
                }
            }
            Some(v) => return bad(crate::ngx::raise::typename(v)),
            None => return bad("no value"),
        };
        let ms = (secs * 1000.0) as i64;
        if ms < 0 {
            return fail(format!("invalid sleep duration \"{ms}\""));
        }
        Ok(ms)
    }
    let wait = lua.create_async_function(|_, ms: i64| async move {
        // Output of at least postpone_output goes out meanwhile (crate::flush).
        if ms == 0 {
            crate::flush::while_waiting(crate::rt::yield_now()).await;
        } else {
            crate::flush::while_waiting(crate::rt::time::sleep(Duration::from_millis(ms as u64)))
                .await;
        }
        crate::clock::update();
        Ok(())
    })?;
    let sleep: Function = lua
        .load("local check, wait = ... return function(...) return wait(check(...)) end")
        .set_name("=[restyc sleep]")
        .call((check, wait))?;
    ngx.raw_set("sleep", sleep)?;

    ngx.raw_set(
        "get_phase",
        lua.create_function(|_, ()| Ok(phase::current().get_phase_name()))?,
    )?;

    let worker = crate::lua::subtable(lua, ngx, "worker")?;
    let (id, count) = (w.id, w.count);
    worker.raw_set(
        "id",
        lua.create_function(move |_, ()| {
            Ok(if phase::current() == phase::Phase::Init {
                None
            } else {
                Some(id)
            })
        })?,
    )?;
    worker.raw_set("count", lua.create_function(move |_, ()| Ok(count))?)?;
    worker.raw_set("pid", lua.create_function(|_, ()| Ok(std::process::id()))?)?;
    // Workers are threads of one process: every one has the process's pid.
    worker.raw_set(
        "pids",
        lua.create_function(move |_, ()| Ok(vec![std::process::id(); count as usize]))?,
    )?;
    worker.raw_set(
        "exiting",
        lua.create_function(|_, ()| Ok(crate::ngx::timer::exiting()))?,
    )?;

    let config = crate::lua::subtable(lua, ngx, "config")?;
    config.raw_set("subsystem", "http")?;
    config.raw_set("debug", false)?;
    config.raw_set("nginx_version", crate::http::NGINX_VERSION_NUMBER)?;
    config.raw_set("ngx_lua_version", crate::http::NGX_LUA_VERSION_NUMBER)?;
    let prefix = format!("{}/", w.prefix.display());
    config.raw_set(
        "prefix",
        lua.create_function(move |_, ()| Ok(prefix.clone()))?,
    )?;
    config.raw_set(
        "nginx_configure",
        lua.create_function(|_, ()| Ok(" --with-cc-opt='-g -O2' (restyc)"))?,
    )?;
    Ok(())
}

/// Areas implemented in other files that may or may not be present yet.
pub fn extra_inject(lua: &Lua, ngx: &Table, w: &Rc<Worker>) -> mlua::Result<()> {
    crate::lib::install(lua)?;
    crate::ngx::subrequest::inject(lua, ngx)?;
    crate::ngx::timer::inject(lua, ngx, w)?;
    crate::ngx::thread::inject(lua, ngx)?;
    crate::ngx::socket::inject(lua, ngx)?;
    crate::ngx::shdict::inject(lua, ngx, &w.shdicts)?;
    crate::ngx::re::inject(lua, ngx)?;
    Ok(())
}

/// `package.path` / `package.cpath` from `lua_package_path` (`;;` = the default, `$prefix`), and a
/// loader for the modules baked into the binary, tried before the file system.
pub fn package_setup(lua: &Lua, w: &Rc<Worker>) -> mlua::Result<()> {
    let package: Table = lua.globals().get("package")?;
    let prefix = format!("{}/", w.prefix.display());
    let expand = |configured: &Option<String>, default: String| -> String {
        match configured {
            None => default,
            Some(p) => {
                let p = p.replace("$prefix", &prefix).replace("${prefix}", &prefix);
                p.replace(";;", &format!(";{default};"))
            }
        }
    };
    let path: String = package.get("path")?;
    let cpath: String = package.get("cpath")?;
    package.set("path", expand(&w.plan.http.lua.package_path, path))?;
    package.set("cpath", expand(&w.plan.http.lua.package_cpath, cpath))?;

    let baked = lua.create_table()?;
    for m in &w.plan.lua_modules {
        let t = lua.create_table()?;
        t.raw_set("source", m.source.as_str())?;
        // (a module found through an absolute lua_package_path entry keeps its path; one
        // found through `$prefix…` is named as that entry expands)
        let path = if let Some(rest) = m.path.strip_prefix("$prefix") {
            format!("{prefix}{rest}")
        } else if m.path.starts_with('/') {
            m.path.clone()
        } else {
            format!("{prefix}{}", m.path)
        };
        t.raw_set("path", path)?;
        baked.raw_set(m.name.as_str(), t)?;
    }
    let loader: Function = lua
        .load(
            r#"
local baked, load = ...
return function(name)
    local m = baked[name]
    if not m then return nil end
    local f, err = load(m.source, "@" .. m.path)
    -- (as Lua's own file searcher words it)
    if not f then
        error("error loading module '" .. name .. "' from file '" .. m.path .. "':\n\t" .. err, 0)
    end
    return f
end
"#,
        )
        .set_name("=[restyc loader]")
        .call((baked, lua.globals().get::<Function>("loadstring")?))?;
    let loaders: Table = package.get("loaders")?;
    // Insert after the preload searcher so bundled libraries keep precedence.
    let n = loaders.raw_len();
    for i in (2..=n).rev() {
        let v: Value = loaders.raw_get(i)?;
        loaders.raw_set(i + 1, v)?;
    }
    loaders.raw_set(2, loader)?;

    // In OpenResty `ffi` is a module, not a global.
    lua.globals().raw_set("ffi", Value::Nil)?;
    coroutine_shim(lua)?;

    // resty.core is always loaded in OpenResty; requiring it is a no-op.
    let preload: Table = package.get("preload")?;
    let add_header = func(lua, |lua, a: MultiValue| -> RResult<()> {
        let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
        let name = match a.front() {
            Some(Value::String(s)) => s.to_string_lossy().to_string(),
            _ => return fail("bad argument #1 to 'add_header' (string expected)"),
        };
        let vals: Vec<Vec<u8>> = match a.get(1) {
            Some(Value::Table(t)) => t
                .sequence_values::<Value>()
                .filter_map(|v| v.ok())
                .filter_map(|v| lua.coerce_string(v).ok().flatten())
                .map(|s| s.as_bytes().to_vec())
                .collect(),
            Some(v) => lua
                .coerce_string(v.clone())?
                .map(|s| vec![s.as_bytes().to_vec()])
                .unwrap_or_default(),
            None => vec![],
        };
        let mut rq = r.borrow_mut();
        for v in vals {
            rq.headers_out.others.push((
                crate::ngx::header::escape_name(name.replace('_', "-").as_bytes()),
                crate::ngx::header::escape_value(&v).into(),
            ));
        }
        Ok(())
    })?;
    let resp_mod = lua.create_table()?;
    resp_mod.raw_set("add_header", add_header)?;
    let ngx_resp: Table = lua.globals().get::<Table>("ngx")?.get("resp")?;
    resp_mod.raw_set("get_headers", ngx_resp.raw_get::<Value>("get_headers")?)?;
    let resp_mod2 = resp_mod.clone();
    preload.raw_set(
        "ngx.resp",
        lua.create_function(move |_, ()| Ok(resp_mod2.clone()))?,
    )?;
    preload.raw_set(
        "ngx.base64",
        lua.create_function(|lua, ()| base64url_module(lua))?,
    )?;
    crate::ngx::semaphore::preload(lua, &preload)?;
    preload.raw_set(
        "ngx.errlog",
        lua.create_function(|lua, ()| crate::ngx::log::errlog_module(lua))?,
    )?;
    let req_mod = lua.create_table()?;
    req_mod.raw_set("version", RESTY_CORE_VERSION)?;
    req_mod.raw_set(
        "add_header",
        func(lua, |lua, a| {
            crate::ngx::req::set_req_header(lua, &a, false)
        })?,
    )?;
    preload.raw_set(
        "ngx.req",
        lua.create_function(move |_, ()| Ok(req_mod.clone()))?,
    )?;
    let base: Function = lua
        .load(RESTY_CORE_BASE_LUA)
        .set_name("=[restyc resty.core.base]")
        .call(RESTY_CORE_VERSION)?;
    preload.raw_set("resty.core.base", base)?;
    // The rest of resty.core installs its ffi versions of the ngx API when loaded; restyc's
    // API is there already: loading them only gives their version.
    crate::ngx::ssl::preload(lua, &preload)?;
    crate::ngx::balancer::preload(lua, &preload)?;
    let core: Function = lua
        .load(RESTY_CORE_LUA)
        .set_name("=[restyc resty.core]")
        .into_function()?;
    preload.raw_set("resty.core", core)?;
    for &name in CORE_MODULES {
        if preload.raw_get::<Value>(name)?.is_nil() {
            preload.raw_set(
                name,
                lua.create_function(|lua, ()| {
                    let t = lua.create_table()?;
                    t.raw_set("version", RESTY_CORE_VERSION)?;
                    Ok(t)
                })?,
            )?;
        }
    }
    Ok(())
}

/// `resty/core.lua` of lua-resty-core 0.1.25 (http subsystem): its parts, then its version.
const RESTY_CORE_LUA: &str = r#"
for _, name in ipairs {
    "resty.core.var", "resty.core.worker", "resty.core.regex", "resty.core.shdict",
    "resty.core.time", "resty.core.misc", "resty.core.hash", "resty.core.uri",
    "resty.core.base64", "resty.core.exit", "resty.core.ctx", "resty.core.phase",
    "resty.core.request", "resty.core.response", "resty.core.socket",
    "resty.core.coroutine", "resty.core.param", "resty.core.ndk",
} do
    require(name)
end
return { version = require("resty.core.base").version }
"#;

/// The version of the lua-resty-core next to Debian's lua module (`resty.core.base.version`).
pub const RESTY_CORE_VERSION: &str = "0.1.25";

/// lua-resty-core's modules, which `require` finds in restyc without a file (the build-time
/// check of `require` knows them by this list).
pub const CORE_MODULES: &[&str] = &[
    "resty.core",
    "resty.core.base",
    "resty.core.base64",
    "resty.core.coroutine",
    "resty.core.ctx",
    "resty.core.exit",
    "resty.core.hash",
    "resty.core.misc",
    "resty.core.ndk",
    "resty.core.param",
    "resty.core.phase",
    "resty.core.regex",
    "resty.core.request",
    "resty.core.response",
    "resty.core.shdict",
    "resty.core.socket",
    "resty.core.time",
    "resty.core.uri",
    "resty.core.utils",
    "resty.core.var",
    "resty.core.worker",
    "ngx.re",
    "ngx.resp",
    "ngx.req",
    "ngx.base64",
    "ngx.errlog",
    "ngx.process",
    "ngx.semaphore",
    "ngx.ssl",
    "ngx.balancer",
];

/// `resty.core.base`: the helpers lua-resty-* libraries take from it (string buffers for ffi
/// calls, table helpers, the FFI return codes).
const RESTY_CORE_BASE_LUA: &str = r##"
local version = ...
return function()
    local ffi = require "ffi"
    local new_tab, clear_tab = require "table.new", require "table.clear"
    local buf_size = 4096
    local str_buf
    local _M = {
        version = version,
        new_tab = new_tab,
        clear_tab = clear_tab,
        FFI_OK = 0,
        FFI_NO_REQ_CTX = -100,
        FFI_BAD_CONTEXT = -101,
        FFI_ERROR = -1,
        FFI_AGAIN = -2,
        FFI_BUSY = -3,
        FFI_DONE = -4,
        FFI_DECLINED = -5,
    }
    function _M.set_string_buf_size(size)
        if size <= 0 then
            return
        end
        str_buf = nil
        buf_size = size
    end
    function _M.get_string_buf_size()
        return buf_size
    end
    function _M.get_string_buf(size, must_alloc)
        if size > buf_size or must_alloc then
            return ffi.new("unsigned char[?]", size)
        end
        str_buf = str_buf or ffi.new("unsigned char[?]", buf_size)
        return str_buf
    end
    local size_ptr, errmsg_ptr
    function _M.get_size_ptr()
        size_ptr = size_ptr or ffi.new("size_t[1]")
        return size_ptr
    end
    function _M.get_errmsg_ptr()
        errmsg_ptr = errmsg_ptr or ffi.new("char *[1]")
        return errmsg_ptr
    end
    -- Not a C request pointer: only whether there is a request.
    function _M.get_request()
        local ok, phase = pcall(ngx.get_phase)
        if ok and phase ~= "init" and phase ~= "init_worker" and phase ~= "exit_worker" then
            return true
        end
        return nil
    end
    function _M.allows_subsystem(...)
        local subsystem = ngx.config.subsystem
        for i = 1, select("#", ...) do
            if select(i, ...) == subsystem then
                return
            end
        end
        error("unsupported subsystem: " .. subsystem, 2)
    end
    -- A reference in `tb` for `key`: slot 0 holds the head of the list of freed slots.
    function _M.ref_in_table(tb, key)
        if key == nil then
            return -1
        end
        local ref = tb[0]
        if ref and ref ~= 0 then
            tb[0] = tb[ref]
        else
            ref = #tb + 1
        end
        tb[ref] = key
        return ref
    end
    return _M
end
"##;

/// User coroutines may call yielding ngx APIs (as OpenResty's wrapped coroutine API allows): when
/// an inner coroutine parks on an async call (mlua yields its poll-pending marker), pass the park
/// up to the request's entry thread, and resume the inner coroutine once woken.
fn coroutine_shim(lua: &Lua) -> mlua::Result<()> {
    lua.load(
        r##"
local PENDING, thread_yield, ended_state = ...
local co = coroutine
local resume, yield, status, create, running, select, error, type = co.resume, co.yield, co.status, co.create, co.running, select, error, type
-- The coroutines Lua code created; any other running coroutine is an entry or light thread.
local user_cos = setmetatable({}, { __mode = "k" })
-- Coroutines suspended only because a coroutine they resumed waits: "normal", as in OpenResty.
local relaying = setmetatable({}, { __mode = "k" })
local getinfo = debug.getinfo
local function relay(c, ok, ...)
    if ok and select("#", ...) == 1 and (...) == PENDING and status(c) == "suspended" then
        local me = running()
        if me then
            relaying[me] = true
        end
        yield(PENDING)
        if me then
            relaying[me] = nil
        end
        return relay(c, resume(c))
    end
    return ok, ...
end
-- OpenResty's scheduler resumes every coroutine itself: one that resumed another is "normal"
-- (LuaJIT would say "running"), and its argument errors name no function.
local function my_resume(c, ...)
    if type(c) ~= "thread" then
        error("bad argument #1 to '?' (coroutine expected)", 0)
    end
    if status(c) == "normal" then
        return false, "cannot resume normal coroutine"
    end
    return relay(c, resume(c, ...))
end
local function my_create(f)
    if type(f) ~= "function" or getinfo(f, "S").what == "C" then
        error("bad argument #1 to '?' (Lua function expected)", 0)
    end
    local c = create(f)
    user_cos[c] = true
    return c
end
co.resume = my_resume
co.create = my_create
-- An entry or light thread waiting (on I/O, or for its turn) is "running" to OpenResty; a
-- light thread that ended is a "zombie" until waited for, then "dead" (killed ones too).
co.status = function(c)
    if type(c) ~= "thread" then
        error("bad argument #1 to '?' (coroutine expected)", 0)
    end
    local s = status(c)
    if s == "suspended" and relaying[c] then
        return "normal"
    end
    if user_cos[c] then
        return s
    end
    local ended = ended_state(c)
    if ended then
        return ended
    end
    if s == "suspended" then
        return "running"
    end
    return s
end
co.yield = function(...)
    local me = running()
    if me == nil or user_cos[me] then
        return yield(...)
    end
    return thread_yield()
end
co.wrap = function(f)
    local c = my_create(f)
    local function unwrap(ok, ...)
        if not ok then error((...), 0) end
        return ...
    end
    return function(...)
        -- A coroutine that cannot be resumed answers like coroutine.resume (no error).
        local st = status(c)
        if st ~= "suspended" then
            return false, "cannot resume " .. st .. " coroutine"
        end
        return unwrap(my_resume(c, ...))
    end
end
"##,
    )
    .set_name("=[restyc coroutine]")
    .call::<()>((
        Value::LightUserData(Lua::poll_pending()),
        lua.named_registry_value::<Function>("restyc.thread_yield")?,
        lua.named_registry_value::<Function>("restyc.thread_ended_state")?,
    ))
}

/// After init: a global written by a request handler persists in the worker's `_G` (one VM per
/// worker, as in OpenResty) and logs OpenResty's warning with the writer's stack
/// (`t/158-global-var.t`). The chunk is lua-nginx-module's, line for line, so the log line
/// reads `_G write guard:12: __newindex(): ...` as there.
pub fn guard_globals(lua: &Lua) -> mlua::Result<()> {
    // Lua's traceback without restyc's own frames below the handler.
    let user_frames = lua.create_function(|_, tb: String| {
        let mut lines: Vec<String> = tb
            .lines()
            .filter(|l| !l.contains("[restyc") && !l.contains("__mlua"))
            .map(crate::lua::openresty_frame)
            .collect();
        // The output filters run nested in the Lua code whose output they filter (ngx.say from
        // a content handler); in nginx their chunk is called from C: its main chunk is the
        // bottom of the stack.
        let cur = phase::current();
        if matches!(cur, phase::Phase::HeaderFilter | phase::Phase::BodyFilter) {
            let prefix = cur.directive_prefix();
            if let Some(i) = lines
                .iter()
                .position(|l| l.trim_start().starts_with(prefix) && l.ends_with("in main chunk"))
            {
                lines.truncate(i + 1);
            }
        }
        Ok(lines.join("\n"))
    })?;
    lua.load(
        r#"local ngx_log, user_frames = ngx.log, ...
local ngx_WARN = ngx.WARN
local tostring = tostring
local ngx_get_phase = ngx.get_phase
local traceback = require 'debug'.traceback
local function newindex(table, key, value)
    rawset(table, key, value)
    local phase = ngx_get_phase()
    if phase == 'init_worker' or phase == 'init' then
        return
    end
    ngx_log(ngx_WARN, 'writing a global Lua variable (\'', tostring(key), '\') which may lead to race conditions between concurrent requests, so prefer the use of \'local\' variables', user_frames(traceback('', 2)))
end
setmetatable(_G, { __newindex = newindex })
"#,
    )
    .set_name("=_G write guard")
    .call::<()>(user_frames)
}

/// resty.core's `ngx.base64`: URL-safe base64 without padding (`ngx_encode_base64url`,
/// `ngx_decode_base64url`).
fn base64url_module(lua: &Lua) -> mlua::Result<Table> {
    use base64::Engine;
    let m = lua.create_table()?;
    m.raw_set(
        "encode_base64url",
        lua.create_function(|lua, v: Value| match v {
            Value::String(s) => {
                let e = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s.as_bytes());
                Ok(MultiValue::from_iter([Value::String(
                    lua.create_string(e)?,
                )]))
            }
            _ => Ok(MultiValue::from_iter([
                Value::Nil,
                Value::String(lua.create_string("must provide a string")?),
            ])),
        })?,
    )?;
    m.raw_set(
        "decode_base64url",
        lua.create_function(|lua, v: Value| {
            let Value::String(s) = v else {
                return Ok(MultiValue::from_iter([
                    Value::Nil,
                    Value::String(lua.create_string("must provide a string")?),
                ]));
            };
            match crate::ngx::codec::decode_base64url(&s.as_bytes()) {
                Some(d) => Ok(MultiValue::from_iter([Value::String(
                    lua.create_string(d)?,
                )])),
                None => Ok(MultiValue::from_iter([
                    Value::Nil,
                    Value::String(lua.create_string("invalid input")?),
                ])),
            }
        })?,
    )?;
    m.raw_set("version", "0.1.25")?;
    Ok(m)
}
