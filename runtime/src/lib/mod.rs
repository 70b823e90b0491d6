//! Lua libraries bundled with the runtime, installed into `package.preload` as OpenResty
//! bundles them.
//!
//! # Layout
//! - `cjson`: lua-cjson 2.1.0.x (OpenResty's fork): `cjson`, `cjson.safe`.

pub mod cjson;

/// Installs every bundled library into `lua`'s `package.preload`.
pub fn install(lua: &mlua::Lua) -> mlua::Result<()> {
    cjson::install(lua)?;
    Ok(())
}
