//! restyc-runtime: the library every restyc-generated server links.
//!
//! # Layout
//! - `phase`: nginx's phases and lua-nginx-module's API contexts (shared with the compiler).
//! - `ngx`: the request-independent parts of the `ngx` Lua API, one file per area.
//! - `lib`: bundled Lua libraries (cjson, LuaJIT/OpenResty table extensions).
//! - `clock`: nginx's cached time (`ngx_time`, `ngx_timeofday`).
//! - `shdict`: the cross-worker store behind `lua_shared_dict`.
//! - `auth_basic`: ngx_http_auth_basic_module (the access phase) and ngx_crypt's schemes.
//! - `limit_req`, `limit_conn`: ngx_http_limit_req_module and ngx_http_limit_conn_module (the
//!   preaccess phase), their zones shared by every worker.
//! - `gzip`: ngx_http_gzip_filter_module (which responses, and nginx's exact compressed bytes).
//! - `flush`: writing a response while its handler runs (`ngx.flush`, postpone_output), through
//!   the connection's write half shared with the request.

pub mod accesslog;
pub mod auth_basic;
pub mod autoindex;
pub mod balance;
pub mod body;
pub mod clock;
pub mod constant;
pub mod echo;
pub mod empty_gif;
pub mod engine;
pub mod flush;
pub mod geo;
pub mod gzip;
pub mod headers_more;
pub mod http;
#[path = "lib/mod.rs"]
pub mod lib;
pub mod limit_conn;
pub mod limit_rate;
pub mod limit_req;
pub mod log;
pub mod lua;
pub mod map;
pub mod native;
pub mod ngx;
pub mod output;
pub mod phase;
pub mod plan;
pub mod proxy;
pub mod proxy_cache;
pub mod proxy_cookie;
pub mod realip;
pub mod reqparse;
pub mod request;
pub mod reusable;
pub mod rewrite;
pub mod route;
pub mod rt;
pub mod secure_link;
pub mod serve;
pub mod set_misc;
pub mod shdict;
pub mod staticfile;
pub mod stream;
pub mod stub_status;
pub mod sub_filter;
pub mod tls;
pub mod var;
pub mod worker;
pub mod x509;

/// Request handling allocates many small short-lived values (head strings, header maps, output
/// buffers); mimalloc serves them from per-thread free lists, which glibc's malloc does not
/// do as cheaply (it was ~10% of a hello request's CPU).
#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

/// mimalloc through its plain entry points. The `mimalloc` crate calls `mi_malloc_aligned` for
/// every allocation, whose generic path cost ~85 instructions per allocation of a request here;
/// `mi_malloc` is its ~20-instruction free-list pop. Every mimalloc block is 8-aligned (its size
/// classes are whole words), so only larger alignments need the aligned calls.
struct Mimalloc;

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

fn plain(layout: &Layout) -> bool {
    layout.align() <= 8
}

unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if plain(&layout) {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if plain(&layout) {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if plain(&layout) {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}
