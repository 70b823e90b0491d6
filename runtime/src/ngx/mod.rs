//! The `ngx` Lua API, one file per API area as in lua-nginx-module (`ngx_http_lua_<area>.c`).
//! Each area has one entry point, `inject(lua, &ngx, ..)`, that sets its fields on the `ngx`
//! table; the request core calls them once per worker VM.
//!
//! # Layout
//! - `raise`: plain-string Lua errors from Rust functions (`error(msg, level)` semantics), and the
//!   `luaL_check*`-style argument helpers with lua-nginx-module's message texts.
//! - `codec`: md5, sha1, hmac, crc32, base64, escape_uri/unescape_uri, encode_args/decode_args,
//!   quote_sql_str (`ngx_http_lua_string.c`, `ngx_http_lua_args.c`, resty.core `base64/hash/uri`).
//! - `time`: now, time, today, localtime, utctime, update_time, http_time, cookie_time,
//!   parse_http_time (`ngx_http_lua_time.c`, resty.core `time.lua`), over `crate::clock`.
//! - `shdict`: `ngx.shared.DICT` objects (`ngx_http_lua_shdict.c`, resty.core `shdict.lua`) over
//!   `crate::shdict`.
//! - `subrequest`: ngx.location.capture/capture_multi (subrequests through the phase engine,
//!   output kept in memory).
//! - `timer`: ngx.timer.at/every/running_count/pending_count (callbacks in fake requests).
//! - `thread`: ngx.thread.spawn/wait/kill, ngx.on_abort, and `run_entry`, which drives a handler's
//!   entry thread together with its light threads.
//! - `socket`: ngx.socket.tcp / ngx.socket.connect cosockets and their keep-alive pool; `udp`:
//!   ngx.socket.udp.
//! - `balancer`: `require "ngx.balancer"` (lua-resty-core's `ngx/balancer.lua`) for
//!   `balancer_by_lua*`, which `proxy.rs` runs before each try.
//! - `semaphore`: `require "ngx.semaphore"` (per-worker semaphores) and `"ngx.process"`.
//! - `re`: ngx.re.match/find/gmatch/sub/gsub/split (`ngx_http_lua_regex.c`, resty.core
//!   `regex.lua`, `ngx/re.lua`) on PCRE2.

pub mod balancer;
pub mod codec;
pub mod core;
pub mod header;
pub mod log;
pub mod misc;
pub mod output;
pub mod raise;
pub mod re;
pub mod req;
pub mod semaphore;
pub mod shdict;
pub mod socket;
pub mod ssl;
pub mod subrequest;
pub mod thread;
pub mod time;
pub mod timer;
pub mod udp;
pub mod var;

pub use core::{fmt_number, inject_all};

#[cfg(test)]
pub(crate) mod testutil;
