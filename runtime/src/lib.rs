//! restyc-runtime: the library every restyc-generated server links.
//!
//! # Layout
//! - `phase`: nginx's phases and lua-nginx-module's API contexts (shared with the compiler).
//! - `ngx`: the request-independent parts of the `ngx` Lua API, one file per area.
//! - `lib`: bundled Lua libraries (cjson, LuaJIT/OpenResty table extensions).
//! - `clock`: nginx's cached time (`ngx_time`, `ngx_timeofday`).
//! - `shdict`: the cross-worker store behind `lua_shared_dict`.

pub mod clock;
pub mod ngx;
pub mod phase;
