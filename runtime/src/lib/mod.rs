//! Lua libraries bundled with the runtime, installed into `package.preload` as OpenResty
//! bundles them.
//!
//! # Layout
//! - `cjson`: lua-cjson 2.1.0.x (OpenResty's fork): `cjson`, `cjson.safe`.
//! - `tablex`: OpenResty's LuaJIT table extensions (`table.nkeys`, `isempty`, `isarray`,
//!   `clone`, and `table.new` / `table.clear` loaded).
//! - `redis.lua`, `mysql.lua`, `lrucache.lua`: `resty.redis`, `resty.mysql` (over
//!   `ngx.socket.tcp`) and `resty.lrucache` (also as `resty.lrucache.pureffi`) with the APIs of
//!   the lua-resty-* libraries. Like OpenResty's lualib, which sits last on `package.path`, they
//!   are found only when the config's own `lua_package_path` (or a baked copy) has none.

pub mod cjson;
pub mod tablex;

/// Bundled libraries written in Lua: (module name, source).
pub const LUA_MODULES: &[(&str, &str)] = &[
    ("resty.redis", include_str!("redis.lua")),
    ("resty.mysql", include_str!("mysql.lua")),
    ("resty.lrucache", include_str!("lrucache.lua")),
    ("resty.lrucache.pureffi", include_str!("lrucache.lua")),
];

/// Installs every bundled library into `lua`'s `package.preload`, and the Lua ones behind a
/// searcher after all the others.
pub fn install(lua: &mlua::Lua) -> mlua::Result<()> {
    cjson::install(lua)?;
    tablex::install(lua)?;
    let sources = lua.create_table()?;
    for (name, source) in LUA_MODULES {
        sources.raw_set(*name, *source)?;
    }
    let searcher: mlua::Function = lua
        .load(
            r#"
local sources, load = ...
return function(name)
    local src = sources[name]
    if not src then return nil end
    local f, err = load(src, "=[restyc " .. name .. "]")
    if not f then error(err, 0) end
    return f
end
"#,
        )
        .set_name("=[restyc bundled loader]")
        .call((sources, lua.globals().get::<mlua::Function>("loadstring")?))?;
    let loaders: mlua::Table = lua
        .globals()
        .get::<mlua::Table>("package")?
        .get("loaders")?;
    loaders.raw_set(loaders.raw_len() + 1, searcher)?;
    Ok(())
}
