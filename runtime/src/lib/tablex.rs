//! OpenResty's LuaJIT table extensions on upstream LuaJIT: `table.nkeys`, `table.isempty`,
//! `table.isarray`, `table.clone` (openresty/luajit2's `lib_table.c`), as the modules
//! `require "table.nkeys"` etc. that, like luajit2's, also set the field on `table` when
//! required; `table.new` and `table.clear` (upstream LuaJIT has them) are required eagerly, as
//! lua-resty-core's `base.lua` does in OpenResty, so they exist in every handler.
//!
//! Argument errors follow `luaL_argerror` (`bad argument #1 to 'nkeys' (table expected, got
//! nil)`, `'?'` under `pcall`). `table.isarray` is luajit2's: true when every key is an
//! integral number (so `{[0] = 1}` and `{[3] = 1}` are "arrays"; empty tables too).
//! `table.clone` is a shallow copy without the metatable; unlike luajit2's `lj_tab_dup` it
//! rebuilds the hash part, so its `next` order may differ from the original's.

use mlua::Lua;

const TABLEX: &str = r##"
local getinfo = debug and debug.getinfo
local error, type, next, format = error, type, next, string.format
local new_tab = require "table.new"
require "table.clear"

-- luaL_argerror from the calling function's point of view (level 2 = the API function)
local function argerror(narg, extramsg)
    local name, namewhat = "?", ""
    if getinfo then
        local ar = getinfo(3, "n")
        if ar then
            name = ar.name or "?"
            namewhat = ar.namewhat or ""
        end
    end
    if namewhat == "method" then
        narg = narg - 1
        if narg == 0 then
            error(format("calling '%s' on bad self (%s)", name, extramsg), 4)
        end
    end
    error(format("bad argument #%d to '%s' (%s)", narg, name, extramsg), 4)
end

local function checktab(t, nargs)
    if type(t) ~= "table" then
        argerror(1, "table expected, got " .. (nargs == 0 and "no value" or type(t)))
    end
end

local function nkeys(...)
    local t = ...
    checktab(t, select("#", ...))
    local n = 0
    for _ in next, t do
        n = n + 1
    end
    return n
end

local function isempty(...)
    local t = ...
    checktab(t, select("#", ...))
    return next(t) == nil
end

local function isarray(...)
    local t = ...
    checktab(t, select("#", ...))
    for k in next, t do
        if type(k) ~= "number" or k % 1 ~= 0 then
            return false
        end
    end
    return true
end

local function clone(...)
    local t = ...
    checktab(t, select("#", ...))
    local narr = #t
    local nrec = 0
    for k in next, t do
        if type(k) ~= "number" or k < 1 or k > narr or k % 1 ~= 0 then
            nrec = nrec + 1
        end
    end
    local c = new_tab(narr, nrec)
    for k, v in next, t do
        c[k] = v
    end
    return c
end

local preload = package.preload
for name, f in next, {nkeys = nkeys, isempty = isempty, isarray = isarray, clone = clone} do
    preload["table." .. name] = function()
        table[name] = f
        return f
    end
end
"##;

/// Installs the extensions (once per VM).
pub fn install(lua: &Lua) -> mlua::Result<()> {
    lua.load(TABLEX).set_name("=[restyc tablex]").exec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngx::testutil::{check, lua};

    fn env() -> Lua {
        let lua = lua();
        install(&lua).expect("install");
        lua
    }

    // Expected texts printed by nginx 1.22.1 + lua-nginx-module 0.10.23 (OpenResty's luajit2
    // 2.1-20230119) running the same script.
    #[test]
    fn extensions_like_luajit2() {
        check(
            &env(),
            r##"
p(type(table.new), type(table.clear), type(table.nkeys), type(table.isempty), type(table.isarray), type(table.clone))
local nkeys = require "table.nkeys"
local isempty = require "table.isempty"
local isarray = require "table.isarray"
local clone = require "table.clone"
local new = require "table.new"
local clear = require "table.clear"
p(nkeys == table.nkeys, isempty == table.isempty, isarray == table.isarray, clone == table.clone, new == table.new, clear == table.clear)
p(nkeys({}), nkeys({1, 2, 3}), nkeys({a = 1, b = 2}), nkeys({1, 2, a = 3}), nkeys({1, nil, 3}), nkeys({[1.5] = 1, [true] = 2}))
local t = {1, 2, 3} t[2] = nil p(nkeys(t))
p(isempty({}), isempty({1}), isempty({a = 1}), isempty({nil}), isempty(setmetatable({}, {__index = {a = 1}})))
p(isarray({}), isarray({1, 2}), isarray({1, nil, 3}), isarray({[1] = 1, [3] = 3}), isarray({[2] = 1}), isarray({a = 1}), isarray({1, a = 1}), isarray({[0] = 1}), isarray({[1.5] = 1}), isarray({[-1] = 1}))
local t = {1, 2, a = {x = 1}}
local mt = {__index = function() return "mt" end}
setmetatable(t, mt)
local c = clone(t)
p(c ~= t, c[1], c[2], c.a == t.a, getmetatable(c) == nil, c.zz, nkeys(c))
p(pcall(nkeys)) p(pcall(nkeys, "x")) p(pcall(isempty, nil)) p(pcall(isarray, 1)) p(pcall(clone, "x"))
p(pcall(function() return nkeys(nil) end))
local t = new(10, 5) p(type(t), nkeys(t), #t)
p(pcall(new)) p(pcall(new, "a", 1)) p(pcall(new, 1)) p(type(new(1, 1)), pcall(new, -1, -1))
local t = {1, 2, a = 3} clear(t) p(nkeys(t), t[1], t.a)
p(pcall(clear, "x"))
local t = setmetatable({}, {__index = {1, 2}}) p(nkeys(t), isarray(t), isempty(t))
"##,
            r##"
"function", "function", "nil", "nil", "nil", "nil"
true, true, true, true, true, true
0, 3, 2, 3, 2, 2
2
true, false, false, true, true
true, true, true, true, true, false, false, true, false, true
true, 1, 2, true, true, nil, 3
false, "bad argument #1 to '?' (table expected, got no value)"
false, "bad argument #1 to '?' (table expected, got string)"
false, "bad argument #1 to '?' (table expected, got nil)"
false, "bad argument #1 to '?' (table expected, got number)"
false, "bad argument #1 to '?' (table expected, got string)"
false, "bad argument #1 to '?' (table expected, got nil)"
"table", 0, 0
false, "bad argument #1 to '?' (number expected, got no value)"
false, "bad argument #1 to '?' (number expected, got string)"
false, "bad argument #2 to '?' (number expected, got no value)"
"table", false, "table overflow"
0, nil, nil
false, "bad argument #1 to '?' (table expected, got string)"
0, true, true
"##,
        );
    }

    #[test]
    fn error_names_and_positions() {
        check(
            &env(),
            r##"
local nkeys = require "table.nkeys"
p(pcall(function() local r = nkeys(nil) return r end))
p(pcall(function() local r = table.nkeys(5) return r end))
p(pcall(function() local r = require("table.clone")() return r end))
p(pcall(function() local r = table.new(1, "x") return r end))
"##,
            r##"
false, "/tmp/ng/t.lua:2: bad argument #1 to 'nkeys' (table expected, got nil)"
false, "/tmp/ng/t.lua:3: bad argument #1 to 'nkeys' (table expected, got number)"
false, "/tmp/ng/t.lua:4: bad argument #1 to '?' (table expected, got no value)"
false, "/tmp/ng/t.lua:5: bad argument #2 to 'new' (number expected, got string)"
"##,
        );
    }
}
