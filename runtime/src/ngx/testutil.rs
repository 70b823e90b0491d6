//! Test harness shared by the `ngx` and `lib` unit tests: a bare VM with every standard
//! library, and the same `p(...)` printer as the script used to capture real OpenResty output
//! (`content_by_lua_block { local f = loadfile("/tmp/ng/t.lua") ... }`), so expected texts can
//! be pasted verbatim, positions (`/tmp/ng/t.lua:N:`) included.
//!
//! To re-capture: save a test's script as `/tmp/ng/t.lua` and serve this with Debian's nginx
//! (`nginx -p /tmp/ng -c /tmp/ng/nginx.conf`, `curl -s localhost:34567/run`); the shdict tests
//! use exactly these zones, cjson needs `apt-get install lua-cjson`.
//!
//! ```nginx
//! load_module /usr/lib/nginx/modules/ndk_http_module.so;
//! load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
//! worker_processes 1; pid /tmp/ng/nginx.pid; error_log /tmp/ng/logs/error.log warn;
//! events { worker_connections 64; }
//! http {
//!   access_log off; lua_code_cache off;
//!   lua_shared_dict d 1m; lua_shared_dict small 12k; lua_shared_dict k100 100k;
//!   lua_shared_dict m10 10m; lua_shared_dict k32 32k;
//!   server { listen 34567; location /run { content_by_lua_block {
//!     local f = assert(loadfile("/tmp/ng/t.lua"))
//!     -- then the same `p` and `setfenv` as HARNESS below, and ngx.say(table.concat(out, "\n"))
//!   } } }
//! }
//! ```

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
