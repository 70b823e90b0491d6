//! Lua libraries bundled with the runtime, installed into `package.preload` as OpenResty
//! bundles them.
//!
//! # Layout
//! - `cjson`: lua-cjson 2.1.0.x (OpenResty's fork): `cjson`, `cjson.safe`.
//! - `tablex`: OpenResty's LuaJIT table extensions (`table.nkeys`, `isempty`, `isarray`,
//!   `clone`, and `table.new` / `table.clear` loaded).

pub mod cjson;
pub mod tablex;

/// Installs every bundled library into `lua`'s `package.preload`.
pub fn install(lua: &mlua::Lua) -> mlua::Result<()> {
    cjson::install(lua)?;
    tablex::install(lua)?;
    Ok(())
}
