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
//! - `websocket_protocol.lua`, `websocket_server.lua`: lua-resty-websocket's
//!   `resty.websocket.protocol` and `resty.websocket.server` (over `ngx.req.socket(true)`);
//!   `websocket_client.lua`: its `resty.websocket.client` (over `ngx.socket.tcp`).
//! - `limit_req.lua`, `limit_conn.lua`, `limit_count.lua`, `limit_traffic.lua`:
//!   lua-resty-limit-traffic's `resty.limit.req`, `.conn`, `.count` and `.traffic` over
//!   lua_shared_dict (`.rate` and `.token` not yet).
//! - `lock.lua`: lua-resty-lock's `resty.lock` over lua_shared_dict.
//! - `memcached.lua`: lua-resty-memcached's `resty.memcached` (over `ngx.socket.tcp`).
//! - `dns_resolver.lua`: lua-resty-dns's `resty.dns.resolver` (over `ngx.socket.udp`, and
//!   `ngx.socket.tcp` for truncated answers).
//! - `upload.lua`: lua-resty-upload's `resty.upload` (multipart/form-data streamed over
//!   `ngx.req.socket()`).
//! - `digest`: lua-resty-string's `resty.md5`, `resty.sha1` … `resty.sha512`, `resty.string`
//!   and `resty.random`, in `package.preload`: they come before a copy on `lua_package_path`,
//!   whose FFI calls into nginx (`ngx_hex_dump`) and OpenSSL could not work here.
//! - `aes`: lua-resty-string's `resty.aes` (AES in Rust, OpenSSL's EVP_BytesToKey), in
//!   `package.preload` for the same reason.

pub mod aes;
pub mod cjson;
pub mod digest;
pub mod tablex;

/// Bundled libraries written in Lua: (module name, source). Each chunk is called with the
/// `digest` primitives and its module name.
const LUA_SOURCES: &[(&str, &str)] = &[
    ("resty.redis", include_str!("redis.lua")),
    ("resty.mysql", include_str!("mysql.lua")),
    ("resty.lrucache", include_str!("lrucache.lua")),
    ("resty.lrucache.pureffi", include_str!("lrucache.lua")),
    (
        "resty.websocket.protocol",
        include_str!("websocket_protocol.lua"),
    ),
    (
        "resty.websocket.server",
        include_str!("websocket_server.lua"),
    ),
    (
        "resty.websocket.client",
        include_str!("websocket_client.lua"),
    ),
    ("resty.limit.req", include_str!("limit_req.lua")),
    ("resty.limit.conn", include_str!("limit_conn.lua")),
    ("resty.limit.count", include_str!("limit_count.lua")),
    ("resty.limit.traffic", include_str!("limit_traffic.lua")),
    ("resty.lock", include_str!("lock.lua")),
    ("resty.upload", include_str!("upload.lua")),
    ("resty.memcached", include_str!("memcached.lua")),
    ("resty.dns.resolver", include_str!("dns_resolver.lua")),
];

/// Every bundled Lua module: (module name, source).
pub fn lua_modules() -> impl Iterator<Item = (&'static str, &'static str)> {
    LUA_SOURCES
        .iter()
        .chain(digest::MODULES)
        .chain(aes::MODULES)
        .copied()
}

/// Installs every bundled library into `lua`'s `package.preload` (cjson, the table extensions,
/// the digests), and the other Lua ones behind a searcher after all the others.
pub fn install(lua: &mlua::Lua) -> mlua::Result<()> {
    cjson::install(lua)?;
    tablex::install(lua)?;
    let primitives = digest::primitives(lua)?;
    aes::add_primitives(lua, &primitives)?;
    let sources = lua.create_table()?;
    for (name, source) in lua_modules() {
        sources.raw_set(name, source)?;
    }
    let searcher: mlua::Function = lua
        .load(
            r#"
local sources, load, P, preload, first = ...
local function searcher(name)
    local src = sources[name]
    if not src then return nil end
    local f, err = load(src, "=[restyc " .. name .. "]")
    if not f then error(err, 0) end
    return function(modname) return f(P, modname) end
end
for _, name in ipairs(first) do
    preload[name] = function(modname) return searcher(name)(modname) end
end
return searcher
"#,
        )
        .set_name("=[restyc bundled loader]")
        .call((
            sources,
            lua.globals().get::<mlua::Function>("loadstring")?,
            primitives,
            lua.globals()
                .get::<mlua::Table>("package")?
                .get::<mlua::Table>("preload")?,
            lua.create_sequence_from(digest::MODULES.iter().chain(aes::MODULES).map(|(n, _)| *n))?,
        ))?;
    let loaders: mlua::Table = lua
        .globals()
        .get::<mlua::Table>("package")?
        .get("loaders")?;
    loaders.raw_set(loaders.raw_len() + 1, searcher)?;
    Ok(())
}
