//! restyc-runtime: the library every restyc-generated server links.
//!
//! # Layout
//! - `phase`: nginx's phases and lua-nginx-module's API contexts (shared with the compiler).
//! - `ngx`: the request-independent parts of the `ngx` Lua API, one file per area.
//! - `lib`: bundled Lua libraries (cjson, LuaJIT/OpenResty table extensions).
//! - `clock`: nginx's cached time (`ngx_time`, `ngx_timeofday`).
//! - `shdict`: the cross-worker store behind `lua_shared_dict`.
//! - `flush`: writing a response while its handler runs (`ngx.flush`, postpone_output), through
//!   the connection's write half shared with the request.

pub mod accesslog;
pub mod clock;
pub mod engine;
pub mod flush;
pub mod http;
#[path = "lib/mod.rs"]
pub mod lib;
pub mod log;
pub mod lua;
pub mod map;
pub mod native;
pub mod ngx;
pub mod output;
pub mod phase;
pub mod plan;
pub mod realip;
pub mod reqparse;
pub mod request;
pub mod reusable;
pub mod rewrite;
pub mod route;
pub mod serve;
pub mod shdict;
pub mod staticfile;
pub mod var;
pub mod worker;

/// Request handling allocates many small short-lived values (head strings, header maps, output
/// buffers); mimalloc serves them from per-thread free lists, which glibc's malloc does not
/// do as cheaply (it was ~10% of a hello request's CPU).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
