//! Test harness shared by the `ngx` and `lib` unit tests: a bare VM with every standard
//! library, and the same `p(...)` printer as the script used to capture real OpenResty output
//! (`content_by_lua_block { local f = loadfile("/tmp/ng/t.lua") ... }`), so expected texts can
//! be pasted verbatim, positions (`/tmp/ng/t.lua:N:`) included.

use mlua::{Lua, Table};

pub fn lua() -> Lua {
    // SAFETY: tests want `ffi` and `debug`, as OpenResty has them.
    unsafe { Lua::unsafe_new_with(mlua::StdLib::ALL, mlua::LuaOptions::default()) }
}

const HARNESS: &str = r#"
local src = ...
local f = assert(loadstring(src, "@/tmp/ng/t.lua"))
local out = {}
local function p(...)
  local n = select('#', ...)
  local t = {}
  for i = 1, n do
    local v = select(i, ...)
    if type(v) == "string" then t[i] = (string.format("%q", v):gsub("[\128-\255]", function(c) return "\\" .. c:byte() end)) else t[i] = tostring(v) end
  end
  out[#out+1] = table.concat(t, ", ")
end
setfenv(f, setmetatable({p = p}, {__index = _G}))
local ok, err = pcall(f)
if not ok then out[#out+1] = "ERROR: " .. tostring(err) end
return table.concat(out, "\n")
"#;

/// Runs `script` and returns what its `p(...)` calls printed, one line each.
pub fn run(lua: &Lua, script: &str) -> String {
    lua.load(HARNESS)
        .set_name("=harness")
        .call::<String>(script.strip_prefix('\n').unwrap_or(script))
        .unwrap_or_else(|e| format!("HARNESS ERROR: {e}"))
}

/// A fresh global `ngx` table (with `ngx.null`, which the request core sets in production).
pub fn ngx_table(lua: &Lua) -> Table {
    let ngx = lua.create_table().expect("table");
    ngx.set(
        "null",
        mlua::Value::LightUserData(mlua::LightUserData(std::ptr::null_mut())),
    )
    .expect("set null");
    lua.globals().set("ngx", ngx.clone()).expect("set ngx");
    ngx
}

/// Compares line by line, reporting the first differing line with its script context.
#[track_caller]
pub fn check(lua: &Lua, script: &str, expected: &str) {
    let got = run(lua, script);
    let exp = expected.trim_matches('\n');
    if got != exp {
        let g: Vec<&str> = got.lines().collect();
        let e: Vec<&str> = exp.lines().collect();
        for i in 0..g.len().max(e.len()) {
            let (gl, el) = (g.get(i).copied(), e.get(i).copied());
            if gl != el {
                panic!(
                    "line {}: got\n  {:?}\nexpected\n  {:?}\n--- full output:\n{}",
                    i + 1,
                    gl,
                    el,
                    got
                );
            }
        }
    }
}
