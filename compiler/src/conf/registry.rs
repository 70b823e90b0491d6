//! Every directive restyc knows: one static table, as nginx's `ngx_command_t` arrays are.
//!
//! A row says where a directive may appear, how many arguments it takes, whether it opens a
//! block, whether it may repeat in one block, how its value is checked, and what restyc does
//! with it:
//! - `Implemented`: the runtime does what nginx does.
//! - `NoOp`: accepted and ignored, with a warning (tuning knobs with no equivalent yet).
//! - `Unsupported(why)`: a clear error; the config would not behave as on OpenResty.
//!
//! Contexts and arities are nginx 1.22's and lua-nginx-module 0.10.23's, so a directive in the
//! wrong place is rejected exactly where nginx rejects it. Rows are grouped by nginx module.
//! A name may have several rows (`server` in `http` is a block, in `upstream` a directive).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Where a directive appears: one bit per kind of block (nginx's `NGX_*_CONF` flags).
pub type Contexts = u16;

pub const MAIN: Contexts = 1 << 0;
pub const EVENTS: Contexts = 1 << 1;
pub const HTTP: Contexts = 1 << 2;
pub const SERVER: Contexts = 1 << 3;
pub const LOCATION: Contexts = 1 << 4;
/// `if` inside `server` (nginx's `NGX_HTTP_SIF_CONF`).
pub const IF_SERVER: Contexts = 1 << 5;
/// `if` inside `location` (nginx's `NGX_HTTP_LIF_CONF`).
pub const IF_LOCATION: Contexts = 1 << 6;
pub const UPSTREAM: Contexts = 1 << 7;
/// Inside `map`, `geo`, `split_clients`, `charset_map`: entries, not directives.
pub const MAP: Contexts = 1 << 8;
/// Inside `types`: `mime/type ext ...;` entries.
pub const TYPES: Contexts = 1 << 9;
pub const LIMIT_EXCEPT: Contexts = 1 << 10;
/// Everywhere (nginx's `NGX_ANY_CONF`, used by `include`).
pub const ANY: Contexts = 0x7ff;

const HSL: Contexts = HTTP | SERVER | LOCATION;
const HS: Contexts = HTTP | SERVER;
const HSLI: Contexts = HSL | IF_LOCATION;
/// The rewrite module's contexts.
const REWRITE: Contexts = SERVER | IF_SERVER | LOCATION | IF_LOCATION;

/// The name nginx uses for a context in messages and docs.
pub fn context_name(c: Contexts) -> &'static str {
    match c {
        MAIN => "main",
        EVENTS => "events",
        HTTP => "http",
        SERVER => "server",
        LOCATION => "location",
        IF_SERVER => "if in server",
        IF_LOCATION => "if in location",
        UPSTREAM => "upstream",
        MAP => "map",
        TYPES => "types",
        LIMIT_EXCEPT => "limit_except",
        _ => "unknown",
    }
}

/// Argument counts, as nginx's `NGX_CONF_TAKE*`, `FLAG`, `1MORE`, `2MORE`, `ANY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    /// Bit `n` set: `n` arguments allowed (`NOARGS` is bit 0, `TAKE12` bits 1 and 2).
    Take(u8),
    /// Exactly one argument, `on` or `off`.
    Flag,
    OneOrMore,
    TwoOrMore,
    Any,
}

impl Args {
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Args::Take(mask) => n < 8 && mask & (1 << n) != 0,
            Args::Flag => n == 1,
            Args::OneOrMore => n >= 1,
            Args::TwoOrMore => n >= 2,
            Args::Any => true,
        }
    }
}

pub const NOARGS: Args = Args::Take(1);
pub const TAKE1: Args = Args::Take(1 << 1);
pub const TAKE2: Args = Args::Take(1 << 2);
pub const TAKE3: Args = Args::Take(1 << 3);
pub const TAKE01: Args = Args::Take(1 | 1 << 1);
pub const TAKE12: Args = Args::Take(1 << 1 | 1 << 2);
pub const TAKE13: Args = Args::Take(1 << 1 | 1 << 3);
pub const TAKE23: Args = Args::Take(1 << 2 | 1 << 3);
pub const TAKE34: Args = Args::Take(1 << 3 | 1 << 4);
pub const TAKE123: Args = Args::Take(1 << 1 | 1 << 2 | 1 << 3);
pub const TAKE1234: Args = Args::Take(1 << 1 | 1 << 2 | 1 << 3 | 1 << 4);
pub const FLAG: Args = Args::Flag;
pub const MORE1: Args = Args::OneOrMore;
pub const MORE2: Args = Args::TwoOrMore;
pub const ANYARGS: Args = Args::Any;

/// What restyc does with a directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Implemented,
    /// Accepted and ignored, with a warning.
    NoOp,
    /// Rejected: restyc cannot honour it yet. The text says what is missing.
    Unsupported(&'static str),
}

/// How a single-valued argument is checked (nginx's generic slot setters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Any,
    /// `ngx_conf_set_num_slot`: a non-negative integer.
    Number,
    /// `ngx_conf_set_size_slot`: `10`, `10k`, `10m` (`g` too for off_t slots).
    Size,
    /// `ngx_conf_set_msec_slot`/`sec_slot`: `30`, `30s`, `1m30s`, `500ms`...
    Time,
    /// `ngx_conf_set_enum_slot`: one of these words.
    Enum(&'static [&'static str]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    /// The nginx module that defines it, e.g. `ngx_http_core_module`.
    pub module: &'static str,
    pub contexts: Contexts,
    pub args: Args,
    /// Opens a `{ }` block (nginx's `NGX_CONF_BLOCK`).
    pub block: bool,
    /// May appear more than once in one block. When false, nginx says `"x" directive is duplicate`.
    pub multiple: bool,
    /// Check of the first argument (for single-valued directives).
    pub value: Value,
    pub status: Status,
}

const IMPL: Status = Status::Implemented;
const NOOP: Status = Status::NoOp;
const fn unsup(why: &'static str) -> Status {
    Status::Unsupported(why)
}

const fn r(
    module: &'static str,
    name: &'static str,
    contexts: Contexts,
    args: Args,
    status: Status,
) -> Spec {
    Spec {
        name,
        module,
        contexts,
        args,
        block: false,
        multiple: false,
        value: Value::Any,
        status,
    }
}

impl Spec {
    const fn block(mut self) -> Spec {
        self.block = true;
        self
    }
    const fn multi(mut self) -> Spec {
        self.multiple = true;
        self
    }
    const fn num(mut self) -> Spec {
        self.value = Value::Number;
        self
    }
    const fn size(mut self) -> Spec {
        self.value = Value::Size;
        self
    }
    const fn time(mut self) -> Spec {
        self.value = Value::Time;
        self
    }
    const fn one_of(mut self, words: &'static [&'static str]) -> Spec {
        self.value = Value::Enum(words);
        self
    }
}

const CORE: &str = "ngx_core_module";
const EVT: &str = "ngx_event_core_module";
const HCORE: &str = "ngx_http_core_module";
const LOG: &str = "ngx_http_log_module";
const RW: &str = "ngx_http_rewrite_module";
const PROXY: &str = "ngx_http_proxy_module";
const UPS: &str = "ngx_http_upstream_module";
const GZIP: &str = "ngx_http_gzip_module";
const SSL: &str = "ngx_http_ssl_module";
const LUA: &str = "ngx_http_lua_module";
const ECHO: &str = "ngx_http_echo_module";
const MORE: &str = "ngx_http_headers_more_filter_module";
const MISC: &str = "ngx_http_set_misc_module";

const NO_TLS: &str = "client certificates are not implemented yet";
const NO_KEY_PASSWORD: &str = "encrypted private keys are not supported yet: decrypt the key";
const NO_CACHE_RANGE: &str = "ranges of cached responses are not implemented yet";
const NO_LUA_SSL: &str = "TLS handshake hooks are not implemented";

/// The table.
// One row per line: the table is data, keep it scannable.
#[rustfmt::skip]
pub static DIRECTIVES: &[Spec] = &[
    // ngx_core_module, ngx_errlog_module, ngx_conf_module, ngx_events_module
    r(CORE, "daemon", MAIN, FLAG, NOOP),
    r(CORE, "master_process", MAIN, FLAG, NOOP),
    r(CORE, "timer_resolution", MAIN, TAKE1, NOOP).time(),
    r(CORE, "pid", MAIN, TAKE1, IMPL),
    r(CORE, "lock_file", MAIN, TAKE1, NOOP),
    r(CORE, "worker_processes", MAIN, TAKE1, IMPL),
    r(CORE, "debug_points", MAIN, TAKE1, NOOP).one_of(&["stop", "abort"]),
    r(CORE, "user", MAIN, TAKE12, NOOP),
    r(CORE, "worker_priority", MAIN, TAKE1, NOOP),
    r(CORE, "worker_cpu_affinity", MAIN, MORE1, NOOP),
    r(CORE, "worker_rlimit_nofile", MAIN, TAKE1, NOOP).num(),
    r(CORE, "worker_rlimit_core", MAIN, TAKE1, NOOP).size(),
    r(CORE, "worker_shutdown_timeout", MAIN, TAKE1, NOOP).time(),
    r(CORE, "working_directory", MAIN, TAKE1, NOOP),
    r(CORE, "env", MAIN, TAKE1, IMPL).multi(),
    r(CORE, "load_module", MAIN, TAKE1, NOOP).multi(),
    r(CORE, "pcre_jit", MAIN, FLAG, NOOP),
    r(CORE, "thread_pool", MAIN, TAKE23, NOOP).multi(),
    r("ngx_errlog_module", "error_log", MAIN | HSL, MORE1, IMPL).multi(),
    r("ngx_conf_module", "include", ANY, TAKE1, IMPL).multi(),
    r("ngx_events_module", "events", MAIN, NOARGS, IMPL).block(),
    r("ngx_stream_module", "stream", MAIN, NOARGS, unsup("restyc serves HTTP only; the stream module is not available")).block(),
    r("ngx_mail_module", "mail", MAIN, NOARGS, unsup("restyc serves HTTP only; the mail module is not available")).block(),
    //
    // ngx_event_core_module
    r(EVT, "worker_connections", EVENTS, TAKE1, IMPL).num(),
    r(EVT, "use", EVENTS, TAKE1, NOOP),
    r(EVT, "multi_accept", EVENTS, FLAG, NOOP),
    r(EVT, "accept_mutex", EVENTS, FLAG, NOOP),
    r(EVT, "accept_mutex_delay", EVENTS, TAKE1, NOOP).time(),
    r(EVT, "debug_connection", EVENTS, TAKE1, NOOP).multi(),
    r(EVT, "worker_aio_requests", EVENTS, TAKE1, NOOP).num(),
    //
    // ngx_http_module
    r("ngx_http_module", "http", MAIN, NOARGS, IMPL).block(),
    //
    // ngx_http_core_module
    r(HCORE, "variables_hash_max_size", HTTP, TAKE1, NOOP).num(),
    r(HCORE, "variables_hash_bucket_size", HTTP, TAKE1, NOOP).num(),
    r(HCORE, "server_names_hash_max_size", HTTP, TAKE1, NOOP).num(),
    r(HCORE, "server_names_hash_bucket_size", HTTP, TAKE1, NOOP).num(),
    r(HCORE, "server", HTTP, NOARGS, IMPL).block().multi(),
    r(HCORE, "connection_pool_size", HS, TAKE1, NOOP).size(),
    r(HCORE, "request_pool_size", HS, TAKE1, NOOP).size(),
    r(HCORE, "client_header_timeout", HS, TAKE1, IMPL).time(),
    r(HCORE, "client_header_buffer_size", HS, TAKE1, IMPL).size(),
    r(HCORE, "large_client_header_buffers", HS, TAKE2, IMPL),
    r(HCORE, "ignore_invalid_headers", HS, FLAG, IMPL),
    r(HCORE, "merge_slashes", HS, FLAG, IMPL),
    r(HCORE, "underscores_in_headers", HS, FLAG, IMPL),
    r(HCORE, "location", SERVER | LOCATION, TAKE12, IMPL)
        .block()
        .multi(),
    r(HCORE, "listen", SERVER, MORE1, IMPL).multi(),
    r(HCORE, "server_name", SERVER, MORE1, IMPL).multi(),
    r(HCORE, "types_hash_max_size", HSL, TAKE1, NOOP).num(),
    r(HCORE, "types_hash_bucket_size", HSL, TAKE1, NOOP).num(),
    r(HCORE, "types", HSL, NOARGS, IMPL).block().multi(),
    r(HCORE, "default_type", HSL, TAKE1, IMPL),
    r(HCORE, "root", HSL | IF_LOCATION, TAKE1, IMPL),
    r(HCORE, "alias", LOCATION, TAKE1, IMPL),
    r(HCORE, "limit_except", LOCATION, MORE1, IMPL).block(),
    r(HCORE, "client_max_body_size", HSL, TAKE1, IMPL).size(),
    r(HCORE, "client_body_buffer_size", HSL, TAKE1, IMPL).size(),
    r(HCORE, "client_body_timeout", HSL, TAKE1, IMPL).time(),
    r(HCORE, "client_body_temp_path", HSL, TAKE1234, IMPL),
    r(HCORE, "client_body_in_file_only", HSL, TAKE1, IMPL).one_of(&["off", "on", "clean"]),
    r(HCORE, "client_body_in_single_buffer", HSL, FLAG, NOOP),
    r(HCORE, "sendfile", HSLI, FLAG, NOOP),
    r(HCORE, "sendfile_max_chunk", HSL, TAKE1, NOOP).size(),
    r(HCORE, "subrequest_output_buffer_size", HSL, TAKE1, NOOP).size(),
    r(HCORE, "aio", HSL, TAKE1, NOOP),
    r(HCORE, "aio_write", HSL, FLAG, NOOP),
    r(HCORE, "read_ahead", HSL, TAKE1, NOOP).size(),
    r(HCORE, "directio", HSL, TAKE1, NOOP),
    r(HCORE, "directio_alignment", HSL, TAKE1, NOOP).size(),
    r(HCORE, "tcp_nopush", HSL, FLAG, NOOP),
    r(HCORE, "tcp_nodelay", HSL, FLAG, NOOP),
    r(HCORE, "send_timeout", HSL, TAKE1, NOOP).time(),
    r(HCORE, "send_lowat", HSL, TAKE1, NOOP).size(),
    r(HCORE, "postpone_output", HSL, TAKE1, NOOP).size(),
    r(HCORE, "limit_rate", HSLI, TAKE1, IMPL).size(),
    r(HCORE, "limit_rate_after", HSLI, TAKE1, IMPL).size(),
    r(HCORE, "keepalive_time", HSL, TAKE1, NOOP).time(),
    r(HCORE, "keepalive_timeout", HSL, TAKE12, IMPL).time(),
    r(HCORE, "keepalive_requests", HSL, TAKE1, IMPL).num(),
    r(HCORE, "keepalive_disable", HSL, TAKE12, IMPL),
    r(HCORE, "satisfy", HSL, TAKE1, IMPL).one_of(&["all", "any"]),
    r(HCORE, "auth_delay", HSL, TAKE1, NOOP).time(),
    r(HCORE, "internal", LOCATION, NOARGS, IMPL),
    r(HCORE, "lingering_close", HSL, TAKE1, NOOP).one_of(&["off", "on", "always"]),
    r(HCORE, "lingering_time", HSL, TAKE1, NOOP).time(),
    r(HCORE, "lingering_timeout", HSL, TAKE1, NOOP).time(),
    r(HCORE, "reset_timedout_connection", HSL, FLAG, NOOP),
    r(HCORE, "absolute_redirect", HSL, FLAG, IMPL),
    r(HCORE, "server_name_in_redirect", HSL, FLAG, IMPL),
    r(HCORE, "port_in_redirect", HSL, FLAG, IMPL),
    r(HCORE, "msie_padding", HSL, FLAG, IMPL),
    r(HCORE, "msie_refresh", HSL, FLAG, NOOP),
    r(HCORE, "log_not_found", HSL, FLAG, IMPL),
    r(HCORE, "log_subrequest", HSL, FLAG, NOOP),
    r(HCORE, "recursive_error_pages", HSL, FLAG, IMPL),
    r(HCORE, "server_tokens", HSL, TAKE1, IMPL).one_of(&["off", "on", "build"]),
    r(HCORE, "chunked_transfer_encoding", HSL, FLAG, NOOP),
    r(HCORE, "etag", HSL, FLAG, IMPL),
    r(HCORE, "if_modified_since", HSL, TAKE1, IMPL).one_of(&["off", "exact", "before"]),
    r(HCORE, "max_ranges", HSL, TAKE1, NOOP).num(),
    r(HCORE, "error_page", HSLI, MORE2, IMPL).multi(),
    r(HCORE, "post_action", HSLI, TAKE1, unsup("post_action is not implemented")),
    r(HCORE, "open_file_cache", HSL, TAKE12, NOOP),
    r(HCORE, "open_file_cache_valid", HSL, TAKE1, NOOP).time(),
    r(HCORE, "open_file_cache_min_uses", HSL, TAKE1, NOOP).num(),
    r(HCORE, "open_file_cache_errors", HSL, FLAG, NOOP),
    r(HCORE, "open_file_cache_events", HSL, FLAG, NOOP),
    r(HCORE, "resolver", HSL, MORE1, IMPL),
    r(HCORE, "resolver_timeout", HSL, TAKE1, NOOP).time(),
    r(HCORE, "gzip_vary", HSL, FLAG, IMPL),
    r(HCORE, "gzip_http_version", HSL, TAKE1, IMPL).one_of(&["1.0", "1.1"]),
    r(HCORE, "gzip_proxied", HSL, MORE1, IMPL),
    r(HCORE, "gzip_disable", HSL, MORE1, IMPL),
    r(HCORE, "disable_symlinks", HSL, TAKE12, NOOP),
    r(HCORE, "try_files", SERVER | LOCATION, MORE2, IMPL),
    r(HCORE, "output_buffers", HSL, TAKE2, NOOP),
    //
    // ngx_http_v2_module
    // nginx 1.25.1's switch (OpenResty 1.25.3.1 on): accepted so newer configs load; check
    // warns that the server's sockets answer HTTP/1.1, as for `listen ... http2`.
    r("ngx_http_v2_module", "http2", HS, FLAG, IMPL),
    r("ngx_http_v2_module", "http2_recv_buffer_size", HTTP, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_pool_size", HS, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_max_concurrent_streams", HS, TAKE1, NOOP).num(),
    r("ngx_http_v2_module", "http2_max_requests", HS, TAKE1, NOOP).num(),
    r("ngx_http_v2_module", "http2_max_field_size", HS, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_max_header_size", HS, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_body_preread_size", HS, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_streams_index_size", HS, TAKE1, NOOP).num(),
    r("ngx_http_v2_module", "http2_recv_timeout", HS, TAKE1, NOOP).time(),
    r("ngx_http_v2_module", "http2_idle_timeout", HS, TAKE1, NOOP).time(),
    r("ngx_http_v2_module", "http2_chunk_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_v2_module", "http2_push_preload", HSL, FLAG, NOOP),
    r("ngx_http_v2_module", "http2_push", HSL, TAKE1, NOOP).multi(),
    //
    // ngx_http_log_module
    r(LOG, "log_format", HTTP, MORE2, IMPL).multi(),
    r(LOG, "access_log", HSLI | LIMIT_EXCEPT, MORE1, IMPL).multi(),
    r(LOG, "open_log_file_cache", HSL, TAKE1234, NOOP),
    //
    // ngx_http_rewrite_module
    r(RW, "rewrite", REWRITE, TAKE23, IMPL).multi(),
    r(RW, "return", REWRITE, TAKE12, IMPL).multi(),
    r(RW, "break", REWRITE, NOARGS, IMPL).multi(),
    r(RW, "if", SERVER | LOCATION, MORE1, IMPL).block().multi(),
    r(RW, "set", REWRITE, TAKE2, IMPL).multi(),
    r(RW, "rewrite_log", HTTP | REWRITE, FLAG, NOOP),
    r(RW, "uninitialized_variable_warn", HTTP | REWRITE, FLAG, IMPL),
    //
    // ngx_http_index_module, ngx_http_autoindex_module, ngx_http_random_index_module
    r("ngx_http_index_module", "index", HSL, MORE1, IMPL).multi(),
    r("ngx_http_autoindex_module", "autoindex", HSL, FLAG, IMPL),
    r("ngx_http_autoindex_module", "autoindex_format", HSL, TAKE1, IMPL),
    r("ngx_http_autoindex_module", "autoindex_exact_size", HSL, FLAG, IMPL),
    r("ngx_http_autoindex_module", "autoindex_localtime", HSL, FLAG, IMPL),
    r("ngx_http_random_index_module", "random_index", LOCATION, FLAG, unsup("random_index is not implemented")),
    //
    // ngx_http_headers_module
    r("ngx_http_headers_module", "add_header", HSLI, TAKE23, IMPL).multi(),
    r("ngx_http_headers_module", "expires", HSLI, TAKE12, IMPL),
    r("ngx_http_headers_module", "add_trailer", HSLI, TAKE23, unsup("response trailers are not implemented yet")).multi(),
    //
    // ngx_http_headers_more_filter_module (openresty/headers-more-nginx-module)
    r(MORE, "more_set_headers", HSLI, MORE1, IMPL).multi(),
    r(MORE, "more_clear_headers", HSLI, MORE1, IMPL).multi(),
    r(MORE, "more_set_input_headers", HSLI, MORE1, IMPL).multi(),
    r(MORE, "more_clear_input_headers", HSLI, MORE1, IMPL).multi(),
    //
    // ngx_http_charset_module
    r("ngx_http_charset_module", "charset", HSLI, TAKE1, IMPL),
    r("ngx_http_charset_module", "source_charset", HSLI, TAKE1, NOOP),
    r("ngx_http_charset_module", "override_charset", HSLI, FLAG, NOOP),
    r("ngx_http_charset_module", "charset_types", HSL, MORE1, NOOP),
    r("ngx_http_charset_module", "charset_map", HTTP, TAKE2, unsup("charset recoding is not implemented")).block().multi(),
    //
    // ngx_http_proxy_module
    r(PROXY, "proxy_pass", LOCATION | IF_LOCATION | LIMIT_EXCEPT, TAKE1, IMPL),
    r(PROXY, "proxy_set_header", HSL, TAKE2, IMPL).multi(),
    r(PROXY, "proxy_redirect", HSL, TAKE12, IMPL).multi(),
    r(PROXY, "proxy_http_version", HSL, TAKE1, IMPL).one_of(&["1.0", "1.1"]),
    r(PROXY, "proxy_connect_timeout", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_send_timeout", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_read_timeout", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_buffering", HSL, FLAG, IMPL),
    r(PROXY, "proxy_buffer_size", HSL, TAKE1, IMPL).size(),
    r(PROXY, "proxy_buffers", HSL, TAKE2, NOOP),
    r(PROXY, "proxy_busy_buffers_size", HSL, TAKE1, NOOP).size(),
    r(PROXY, "proxy_temp_path", HSL, TAKE1234, NOOP),
    r(PROXY, "proxy_max_temp_file_size", HSL, TAKE1, NOOP).size(),
    r(PROXY, "proxy_temp_file_write_size", HSL, TAKE1, NOOP).size(),
    r(PROXY, "proxy_next_upstream", HSL, MORE1, IMPL),
    r(PROXY, "proxy_next_upstream_tries", HSL, TAKE1, IMPL).num(),
    r(PROXY, "proxy_next_upstream_timeout", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_intercept_errors", HSL, FLAG, IMPL),
    r(PROXY, "proxy_ignore_client_abort", HSL, FLAG, NOOP),
    r(PROXY, "proxy_pass_header", HSL, TAKE1, IMPL).multi(),
    r(PROXY, "proxy_hide_header", HSL, TAKE1, IMPL).multi(),
    r(PROXY, "proxy_ignore_headers", HSL, MORE1, IMPL),
    r(PROXY, "proxy_pass_request_headers", HSL, FLAG, IMPL),
    r(PROXY, "proxy_pass_request_body", HSL, FLAG, IMPL),
    r(PROXY, "proxy_set_body", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_method", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_headers_hash_max_size", HSL, TAKE1, NOOP).num(),
    r(PROXY, "proxy_headers_hash_bucket_size", HSL, TAKE1, NOOP).num(),
    r(PROXY, "proxy_request_buffering", HSL, FLAG, NOOP),
    r(PROXY, "proxy_socket_keepalive", HSL, FLAG, NOOP),
    r(PROXY, "proxy_bind", HSL, TAKE12, NOOP),
    r(PROXY, "proxy_cookie_domain", HSL, TAKE12, IMPL).multi(),
    r(PROXY, "proxy_cookie_path", HSL, TAKE12, IMPL).multi(),
    r(PROXY, "proxy_cookie_flags", HSL, TAKE1234, IMPL).multi(),
    r(PROXY, "proxy_send_lowat", HSL, TAKE1, NOOP).size(),
    r(PROXY, "proxy_limit_rate", HSL, TAKE1, NOOP).size(),
    r(PROXY, "proxy_force_ranges", HSL, FLAG, NOOP),
    r(PROXY, "proxy_store", HSL, TAKE1, unsup("proxy_store is not implemented")),
    r(PROXY, "proxy_store_access", HSL, TAKE123, NOOP),
    r(PROXY, "proxy_cache", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_cache_path", HTTP, MORE2, IMPL).multi(),
    r(PROXY, "proxy_cache_key", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_cache_valid", HSL, MORE1, IMPL).multi(),
    r(PROXY, "proxy_cache_bypass", HSL, MORE1, IMPL).multi(),
    r(PROXY, "proxy_no_cache", HSL, MORE1, IMPL).multi(),
    r(PROXY, "proxy_cache_min_uses", HSL, TAKE1, IMPL).num(),
    r(PROXY, "proxy_cache_use_stale", HSL, MORE1, IMPL),
    r(PROXY, "proxy_cache_methods", HSL, MORE1, IMPL),
    r(PROXY, "proxy_cache_lock", HSL, FLAG, IMPL),
    r(PROXY, "proxy_cache_lock_timeout", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_cache_lock_age", HSL, TAKE1, IMPL).time(),
    r(PROXY, "proxy_cache_revalidate", HSL, FLAG, IMPL),
    r(PROXY, "proxy_cache_background_update", HSL, FLAG, IMPL),
    r(PROXY, "proxy_cache_convert_head", HSL, FLAG, IMPL),
    r(PROXY, "proxy_cache_max_range_offset", HSL, TAKE1, unsup(NO_CACHE_RANGE)),
    r(PROXY, "proxy_ssl_server_name", HSL, FLAG, IMPL),
    r(PROXY, "proxy_ssl_name", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_ssl_verify", HSL, FLAG, IMPL),
    r(PROXY, "proxy_ssl_verify_depth", HSL, TAKE1, NOOP).num(),
    r(PROXY, "proxy_ssl_protocols", HSL, MORE1, IMPL),
    r(PROXY, "proxy_ssl_ciphers", HSL, TAKE1, NOOP),
    r(PROXY, "proxy_ssl_trusted_certificate", HSL, TAKE1, IMPL),
    r(PROXY, "proxy_ssl_crl", HSL, TAKE1, NOOP),
    r(PROXY, "proxy_ssl_certificate", HSL, TAKE1, unsup(NO_TLS)),
    r(PROXY, "proxy_ssl_certificate_key", HSL, TAKE1, unsup(NO_TLS)),
    r(PROXY, "proxy_ssl_password_file", HSL, TAKE1, NOOP),
    r(PROXY, "proxy_ssl_session_reuse", HSL, FLAG, IMPL),
    r(PROXY, "proxy_ssl_conf_command", HSL, TAKE2, NOOP).multi(),
    //
    // ngx_http_fastcgi_module, ngx_http_uwsgi_module, ngx_http_scgi_module, ngx_http_grpc_module,
    // ngx_http_memcached_module: the `*_param` rows are harmless without a `*_pass`
    // (snippets such as fastcgi_params are often included everywhere).
    r("ngx_http_fastcgi_module", "fastcgi_pass", LOCATION | IF_LOCATION, TAKE1, unsup("FastCGI is not implemented")),
    r("ngx_http_fastcgi_module", "fastcgi_param", HSL, TAKE23, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_index", HSL, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_split_path_info", LOCATION, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_read_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_intercept_errors", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_pass", LOCATION | IF_LOCATION, TAKE1, unsup("uwsgi is not implemented")),
    r("ngx_http_uwsgi_module", "uwsgi_param", HSL, TAKE23, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_pass", LOCATION | IF_LOCATION, TAKE1, unsup("SCGI is not implemented")),
    r("ngx_http_scgi_module", "scgi_param", HSL, TAKE23, NOOP).multi(),
    r("ngx_http_grpc_module", "grpc_pass", LOCATION | IF_LOCATION, TAKE1, unsup("gRPC proxying is not implemented")),
    r("ngx_http_grpc_module", "grpc_set_header", HSL, TAKE2, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_connect_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_send_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_buffer_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_fastcgi_module", "fastcgi_hide_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_pass_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_next_upstream", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_socket_keepalive", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_bind", HSL, TAKE12, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_next_upstream_tries", HSL, TAKE1, NOOP).num(),
    r("ngx_http_fastcgi_module", "fastcgi_next_upstream_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_buffers", HSL, TAKE2, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_busy_buffers_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_fastcgi_module", "fastcgi_temp_file_write_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_fastcgi_module", "fastcgi_max_temp_file_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_fastcgi_module", "fastcgi_temp_path", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_buffering", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_request_buffering", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_ignore_headers", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_ignore_client_abort", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_pass_request_body", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_pass_request_headers", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_limit_rate", HSL, TAKE1, NOOP).size(),
    r("ngx_http_fastcgi_module", "fastcgi_force_ranges", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_store", HSL, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_store_access", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache", HSL, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_key", HSL, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_valid", HSL, MORE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_bypass", HSL, MORE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_no_cache", HSL, MORE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_methods", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_min_uses", HSL, TAKE1, NOOP).num(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_use_stale", HSL, MORE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_lock", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_lock_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_lock_age", HSL, TAKE1, NOOP).time(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_revalidate", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_background_update", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_cache_max_range_offset", HSL, TAKE1, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_keep_conn", HSL, FLAG, NOOP),
    r("ngx_http_fastcgi_module", "fastcgi_catch_stderr", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_fastcgi_module", "fastcgi_cache_path", HTTP, MORE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_connect_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_send_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_read_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_buffer_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_uwsgi_module", "uwsgi_hide_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_pass_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_next_upstream", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_intercept_errors", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_socket_keepalive", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_bind", HSL, TAKE12, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_next_upstream_tries", HSL, TAKE1, NOOP).num(),
    r("ngx_http_uwsgi_module", "uwsgi_next_upstream_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_buffers", HSL, TAKE2, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_busy_buffers_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_uwsgi_module", "uwsgi_temp_file_write_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_uwsgi_module", "uwsgi_max_temp_file_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_uwsgi_module", "uwsgi_temp_path", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_buffering", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_request_buffering", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_ignore_headers", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_ignore_client_abort", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_pass_request_body", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_pass_request_headers", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_limit_rate", HSL, TAKE1, NOOP).size(),
    r("ngx_http_uwsgi_module", "uwsgi_force_ranges", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_store", HSL, TAKE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_store_access", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache", HSL, TAKE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_key", HSL, TAKE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_valid", HSL, MORE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_cache_bypass", HSL, MORE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_no_cache", HSL, MORE1, NOOP).multi(),
    r("ngx_http_uwsgi_module", "uwsgi_cache_methods", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_min_uses", HSL, TAKE1, NOOP).num(),
    r("ngx_http_uwsgi_module", "uwsgi_cache_use_stale", HSL, MORE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_lock", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_lock_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_cache_lock_age", HSL, TAKE1, NOOP).time(),
    r("ngx_http_uwsgi_module", "uwsgi_cache_revalidate", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_background_update", HSL, FLAG, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_max_range_offset", HSL, TAKE1, NOOP),
    r("ngx_http_uwsgi_module", "uwsgi_cache_path", HTTP, MORE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_connect_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_send_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_read_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_buffer_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_scgi_module", "scgi_hide_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_pass_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_next_upstream", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_intercept_errors", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_socket_keepalive", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_bind", HSL, TAKE12, NOOP),
    r("ngx_http_scgi_module", "scgi_next_upstream_tries", HSL, TAKE1, NOOP).num(),
    r("ngx_http_scgi_module", "scgi_next_upstream_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_buffers", HSL, TAKE2, NOOP),
    r("ngx_http_scgi_module", "scgi_busy_buffers_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_scgi_module", "scgi_temp_file_write_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_scgi_module", "scgi_max_temp_file_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_scgi_module", "scgi_temp_path", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_buffering", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_request_buffering", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_ignore_headers", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_ignore_client_abort", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_pass_request_body", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_pass_request_headers", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_limit_rate", HSL, TAKE1, NOOP).size(),
    r("ngx_http_scgi_module", "scgi_force_ranges", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_store", HSL, TAKE1, NOOP),
    r("ngx_http_scgi_module", "scgi_store_access", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache", HSL, TAKE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_key", HSL, TAKE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_valid", HSL, MORE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_cache_bypass", HSL, MORE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_no_cache", HSL, MORE1, NOOP).multi(),
    r("ngx_http_scgi_module", "scgi_cache_methods", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_min_uses", HSL, TAKE1, NOOP).num(),
    r("ngx_http_scgi_module", "scgi_cache_use_stale", HSL, MORE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_lock", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_lock_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_cache_lock_age", HSL, TAKE1, NOOP).time(),
    r("ngx_http_scgi_module", "scgi_cache_revalidate", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_background_update", HSL, FLAG, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_max_range_offset", HSL, TAKE1, NOOP),
    r("ngx_http_scgi_module", "scgi_cache_path", HTTP, MORE1, NOOP).multi(),
    r("ngx_http_grpc_module", "grpc_connect_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_grpc_module", "grpc_send_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_grpc_module", "grpc_read_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_grpc_module", "grpc_buffer_size", HSL, TAKE1, NOOP).size(),
    r("ngx_http_grpc_module", "grpc_hide_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_grpc_module", "grpc_pass_header", HSL, TAKE1, NOOP).multi(),
    r("ngx_http_grpc_module", "grpc_next_upstream", HSL, MORE1, NOOP),
    r("ngx_http_grpc_module", "grpc_intercept_errors", HSL, FLAG, NOOP),
    r("ngx_http_grpc_module", "grpc_socket_keepalive", HSL, FLAG, NOOP),
    r("ngx_http_grpc_module", "grpc_bind", HSL, TAKE12, NOOP),
    r("ngx_http_grpc_module", "grpc_next_upstream_tries", HSL, TAKE1, NOOP).num(),
    r("ngx_http_grpc_module", "grpc_next_upstream_timeout", HSL, TAKE1, NOOP).time(),
    r("ngx_http_memcached_module", "memcached_pass", LOCATION | IF_LOCATION, TAKE1, unsup("memcached_pass is not implemented")),
    //
    // ngx_http_upstream_module and the balancers
    r(UPS, "upstream", HTTP, TAKE1, IMPL).block().multi(),
    r(UPS, "server", UPSTREAM, MORE1, IMPL).multi(),
    r("ngx_http_upstream_keepalive_module", "keepalive", UPSTREAM, TAKE1, IMPL).num(),
    r("ngx_http_upstream_keepalive_module", "keepalive_requests", UPSTREAM, TAKE1, IMPL).num(),
    r("ngx_http_upstream_keepalive_module", "keepalive_time", UPSTREAM, TAKE1, NOOP).time(),
    r("ngx_http_upstream_keepalive_module", "keepalive_timeout", UPSTREAM, TAKE1, IMPL).time(),
    r("ngx_http_upstream_zone_module", "zone", UPSTREAM, TAKE12, NOOP),
    r("ngx_http_upstream_least_conn_module", "least_conn", UPSTREAM, NOARGS, IMPL),
    r("ngx_http_upstream_random_module", "random", UPSTREAM, Args::Take(1 | 1 << 1 | 1 << 2), NOOP),
    r("ngx_http_upstream_ip_hash_module", "ip_hash", UPSTREAM, NOARGS, IMPL),
    r("ngx_http_upstream_hash_module", "hash", UPSTREAM, TAKE12, IMPL),
    //
    // ngx_http_map_module, ngx_http_geo_module, ngx_http_split_clients_module
    r("ngx_http_map_module", "map", HTTP, TAKE2, IMPL)
        .block()
        .multi(),
    r("ngx_http_map_module", "map_hash_max_size", HTTP, TAKE1, NOOP).num(),
    r("ngx_http_map_module", "map_hash_bucket_size", HTTP, TAKE1, NOOP).num(),
    r("ngx_http_geo_module", "geo", HTTP, TAKE12, IMPL).block().multi(),
    r("ngx_http_split_clients_module", "split_clients", HTTP, TAKE2, IMPL).block().multi(),
    //
    // ngx_http_limit_req_module, ngx_http_limit_conn_module
    r("ngx_http_limit_req_module", "limit_req_zone", HTTP, TAKE3, IMPL).multi(),
    r("ngx_http_limit_req_module", "limit_req", HSL, TAKE123, IMPL).multi(),
    r("ngx_http_limit_req_module", "limit_req_log_level", HSL, TAKE1, IMPL).one_of(&["info", "notice", "warn", "error"]),
    r("ngx_http_limit_req_module", "limit_req_status", HSL, TAKE1, IMPL).num(),
    r("ngx_http_limit_req_module", "limit_req_dry_run", HSL, FLAG, IMPL),
    r("ngx_http_limit_conn_module", "limit_conn_zone", HTTP, TAKE2, IMPL).multi(),
    r("ngx_http_limit_conn_module", "limit_conn", HSL, TAKE2, IMPL).multi(),
    r("ngx_http_limit_conn_module", "limit_conn_log_level", HSL, TAKE1, IMPL).one_of(&["info", "notice", "warn", "error"]),
    r("ngx_http_limit_conn_module", "limit_conn_status", HSL, TAKE1, IMPL).num(),
    r("ngx_http_limit_conn_module", "limit_conn_dry_run", HSL, FLAG, IMPL),
    //
    // ngx_http_access_module, ngx_http_realip_module, auth modules
    r("ngx_http_access_module", "allow", HSL | LIMIT_EXCEPT, TAKE1, IMPL).multi(),
    r("ngx_http_access_module", "deny", HSL | LIMIT_EXCEPT, TAKE1, IMPL).multi(),
    r("ngx_http_realip_module", "set_real_ip_from", HSL, TAKE1, IMPL).multi(),
    r("ngx_http_realip_module", "real_ip_header", HSL, TAKE1, IMPL),
    r("ngx_http_realip_module", "real_ip_recursive", HSL, FLAG, IMPL),
    r("ngx_http_auth_basic_module", "auth_basic", HSL | LIMIT_EXCEPT, TAKE1, IMPL),
    r("ngx_http_auth_basic_module", "auth_basic_user_file", HSL | LIMIT_EXCEPT, TAKE1, IMPL),
    r("ngx_http_auth_request_module", "auth_request", HSL, TAKE1, IMPL),
    r("ngx_http_auth_request_module", "auth_request_set", HSL, TAKE2, IMPL).multi(),
    //
    // ngx_http_gzip_module (its buffer, window and hash sizes are no-ops yet),
    // ngx_http_gzip_static_module, ngx_http_gunzip_module: no-ops for now
    r(GZIP, "gzip", HSLI, FLAG, IMPL),
    r(GZIP, "gzip_buffers", HSL, TAKE2, NOOP),
    r(GZIP, "gzip_types", HSL, MORE1, IMPL),
    r(GZIP, "gzip_comp_level", HSL, TAKE1, IMPL).num(),
    r(GZIP, "gzip_window", HSL, TAKE1, NOOP).size(),
    r(GZIP, "gzip_hash", HSL, TAKE1, NOOP).size(),
    r(GZIP, "gzip_no_buffer", HSL, FLAG, NOOP),
    r(GZIP, "gzip_min_length", HSL, TAKE1, IMPL).size(),
    r("ngx_http_gzip_static_module", "gzip_static", HSL, TAKE1, NOOP).one_of(&["off", "on", "always"]),
    r("ngx_http_gunzip_module", "gunzip", HSL, FLAG, NOOP),
    r("ngx_http_gunzip_module", "gunzip_buffers", HSL, TAKE2, NOOP),
    //
    // ngx_http_ssl_module (TLS by rustls: its own cipher suites and curves, so those rows are no-ops)
    r(SSL, "ssl", HS, FLAG, IMPL),
    r(SSL, "ssl_certificate", HS, TAKE1, IMPL).multi(),
    r(SSL, "ssl_certificate_key", HS, TAKE1, IMPL).multi(),
    r(SSL, "ssl_password_file", HS, TAKE1, unsup(NO_KEY_PASSWORD)),
    r(SSL, "ssl_dhparam", HS, TAKE1, NOOP),
    r(SSL, "ssl_ecdh_curve", HS, TAKE1, NOOP),
    r(SSL, "ssl_protocols", HS, MORE1, IMPL),
    r(SSL, "ssl_ciphers", HS, TAKE1, NOOP),
    r(SSL, "ssl_buffer_size", HS, TAKE1, NOOP).size(),
    r(SSL, "ssl_verify_client", HS, TAKE1, IMPL).one_of(&["on", "off", "optional", "optional_no_ca"]),
    r(SSL, "ssl_verify_depth", HS, TAKE1, NOOP).num(),
    r(SSL, "ssl_client_certificate", HS, TAKE1, IMPL),
    r(SSL, "ssl_trusted_certificate", HS, TAKE1, IMPL),
    r(SSL, "ssl_prefer_server_ciphers", HS, FLAG, IMPL),
    r(SSL, "ssl_session_cache", HS, TAKE12, IMPL),
    r(SSL, "ssl_session_tickets", HS, FLAG, IMPL),
    r(SSL, "ssl_session_ticket_key", HS, TAKE1, NOOP).multi(),
    r(SSL, "ssl_session_timeout", HS, TAKE1, NOOP).time(),
    r(SSL, "ssl_crl", HS, TAKE1, IMPL),
    r(SSL, "ssl_ocsp", HS, FLAG, NOOP),
    r(SSL, "ssl_ocsp_responder", HS, TAKE1, NOOP),
    r(SSL, "ssl_ocsp_cache", HS, TAKE1, NOOP),
    r(SSL, "ssl_stapling", HS, FLAG, NOOP),
    r(SSL, "ssl_stapling_file", HS, TAKE1, NOOP),
    r(SSL, "ssl_stapling_responder", HS, TAKE1, NOOP),
    r(SSL, "ssl_stapling_verify", HS, FLAG, NOOP),
    r(SSL, "ssl_early_data", HS, FLAG, NOOP),
    r(SSL, "ssl_conf_command", HS, TAKE2, NOOP).multi(),
    r(SSL, "ssl_reject_handshake", HS, FLAG, NOOP),
    //
    // Other stock modules: known, so that a config using them gets a clear message
    r("ngx_http_sub_module", "sub_filter", HSL, TAKE2, IMPL).multi(),
    r("ngx_http_sub_module", "sub_filter_once", HSL, FLAG, IMPL),
    r("ngx_http_sub_module", "sub_filter_types", HSL, MORE1, IMPL),
    r("ngx_http_sub_module", "sub_filter_last_modified", HSL, FLAG, IMPL),
    r("ngx_http_addition_module", "add_before_body", HSL, TAKE1, unsup("the addition module is not implemented")),
    r("ngx_http_addition_module", "add_after_body", HSL, TAKE1, unsup("the addition module is not implemented")),
    r("ngx_http_ssi_module", "ssi", HSLI, FLAG, unsup("server side includes are not implemented")),
    r("ngx_http_dav_module", "dav_methods", HSL, MORE1, unsup("WebDAV is not implemented")),
    r("ngx_http_dav_module", "create_full_put_path", HSL, FLAG, NOOP),
    r("ngx_http_mirror_module", "mirror", HSL, TAKE1, IMPL).multi(),
    r("ngx_http_mirror_module", "mirror_request_body", HSL, FLAG, IMPL),
    r("ngx_http_stub_status_module", "stub_status", SERVER | LOCATION, TAKE01, IMPL),
    r("ngx_http_empty_gif_module", "empty_gif", LOCATION, NOARGS, IMPL),
    //
    // echo-nginx-module (bundled with OpenResty): content commands, run in order
    r(ECHO, "echo", LOCATION | IF_LOCATION, ANYARGS, IMPL).multi(),
    r(ECHO, "echo_duplicate", LOCATION | IF_LOCATION, MORE2, IMPL).multi(),
    r(ECHO, "echo_flush", LOCATION | IF_LOCATION, NOARGS, IMPL).multi(),
    r(ECHO, "echo_sleep", LOCATION | IF_LOCATION, TAKE1, IMPL).multi(),
    r(ECHO, "echo_blocking_sleep", LOCATION | IF_LOCATION, TAKE1, IMPL).multi(),
    r(ECHO, "echo_location", LOCATION | IF_LOCATION, TAKE12, IMPL).multi(),
    r(ECHO, "echo_location_async", LOCATION | IF_LOCATION, TAKE12, IMPL).multi(),
    r(ECHO, "echo_exec", LOCATION | IF_LOCATION, TAKE12, IMPL).multi(),
    r(ECHO, "echo_read_request_body", LOCATION | IF_LOCATION, NOARGS, IMPL).multi(),
    r(ECHO, "echo_request_body", LOCATION | IF_LOCATION, NOARGS, IMPL).multi(),
    r(ECHO, "echo_reset_timer", LOCATION | IF_LOCATION, NOARGS, IMPL).multi(),
    r(ECHO, "echo_before_body", LOCATION | IF_LOCATION, ANYARGS, IMPL).multi(),
    r(ECHO, "echo_after_body", LOCATION | IF_LOCATION, ANYARGS, IMPL).multi(),
    r(ECHO, "echo_subrequest", LOCATION | IF_LOCATION, MORE2, IMPL).multi(),
    r(ECHO, "echo_subrequest_async", LOCATION | IF_LOCATION, MORE2, IMPL).multi(),
    r(ECHO, "echo_foreach_split", LOCATION | IF_LOCATION, MORE2, unsup("echo_foreach_split is not implemented yet")).multi(),
    r(ECHO, "echo_end", LOCATION | IF_LOCATION, NOARGS, unsup("echo_foreach_split is not implemented yet")).multi(),
    r(ECHO, "echo_abort_parent", LOCATION | IF_LOCATION, NOARGS, unsup("echo_abort_parent is not implemented yet")).multi(),
    // set-misc-nginx-module (openresty/set-misc-nginx-module), as OpenResty bundles it
    r(MISC, "set_encode_base64", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_decode_base64", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_decode_hex", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_encode_hex", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_md5", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_sha1", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_unescape_uri", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_escape_uri", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_quote_sql_str", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_quote_pgsql_str", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_quote_json_str", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_encode_base32", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_decode_base32", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_secure_random_alphanum", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_secure_random_lcalpha", HTTP | REWRITE, TAKE12, IMPL).multi(),
    r(MISC, "set_hmac_sha1", HTTP | REWRITE, TAKE3, IMPL).multi(),
    r(MISC, "set_if_empty", HTTP | REWRITE, TAKE2, IMPL).multi(),
    r(MISC, "set_local_today", HTTP | REWRITE, TAKE1, IMPL).multi(),
    r(MISC, "set_formatted_gmt_time", HTTP | REWRITE, TAKE2, IMPL).multi(),
    r(MISC, "set_formatted_local_time", HTTP | REWRITE, TAKE2, IMPL).multi(),
    r(MISC, "set_random", HTTP | REWRITE, TAKE3, IMPL).multi(),
    r(MISC, "set_base32_padding", HTTP | REWRITE, FLAG, IMPL),
    r(MISC, "set_misc_base32_padding", HTTP | REWRITE, FLAG, IMPL),
    r(MISC, "set_base32_alphabet", HTTP | REWRITE, TAKE1, IMPL),
    r(MISC, "set_rotate", HTTP | REWRITE, TAKE3, unsup("set_rotate is not implemented yet")).multi(),
    r(MISC, "set_hashed_upstream", HTTP | REWRITE, TAKE3, unsup("set_hashed_upstream is not implemented yet")).multi(),
    r(MISC, "set_consistent_hashed_upstream", HTTP | REWRITE, TAKE3, unsup("set_consistent_hashed_upstream is not implemented yet")).multi(),
    r("ngx_http_referer_module", "valid_referers", SERVER | LOCATION, MORE1, IMPL).multi(),
    r("ngx_http_secure_link_module", "secure_link", HSL, TAKE1, IMPL),
    r("ngx_http_secure_link_module", "secure_link_md5", HSL, TAKE1, IMPL),
    r("ngx_http_secure_link_module", "secure_link_secret", LOCATION, TAKE1, IMPL),
    r("ngx_http_userid_filter_module", "userid", HSL, TAKE1, unsup("the userid module is not implemented")),
    r("ngx_http_slice_filter_module", "slice", HSL, TAKE1, unsup("the slice module is not implemented")),
    r("ngx_http_flv_module", "flv", LOCATION, NOARGS, unsup("flv streaming is not implemented")),
    r("ngx_http_mp4_module", "mp4", LOCATION, NOARGS, unsup("mp4 streaming is not implemented")),
    //
    // ngx_http_lua_module (lua-nginx-module 0.10.23): every directive
    r(LUA, "lua_load_resty_core", HTTP, FLAG, NOOP),
    r(LUA, "lua_thread_cache_max_entries", HTTP, TAKE1, NOOP).num(),
    r(LUA, "lua_max_running_timers", HTTP, TAKE1, IMPL).num(),
    r(LUA, "lua_max_pending_timers", HTTP, TAKE1, IMPL).num(),
    r(LUA, "lua_shared_dict", HTTP, TAKE2, IMPL).multi(),
    r(LUA, "lua_capture_error_log", HTTP, TAKE1, unsup("lua_capture_error_log (ngx.errlog) is not implemented yet")),
    r(LUA, "lua_sa_restart", HTTP, FLAG, NOOP),
    r(LUA, "lua_regex_cache_max_entries", HTTP, TAKE1, NOOP).num(),
    r(LUA, "lua_regex_match_limit", HTTP, TAKE1, IMPL).num(),
    r(LUA, "lua_package_cpath", HTTP, TAKE1, IMPL),
    r(LUA, "lua_package_path", HTTP, TAKE1, IMPL),
    r(LUA, "lua_code_cache", HSLI, FLAG, IMPL),
    r(LUA, "lua_need_request_body", HSLI, FLAG, IMPL),
    r(LUA, "lua_transform_underscores_in_response_headers", HSLI, FLAG, IMPL),
    r(LUA, "lua_socket_log_errors", HSLI, FLAG, IMPL),
    r(LUA, "init_by_lua_block", HTTP, NOARGS, IMPL).block(),
    r(LUA, "init_by_lua", HTTP, TAKE1, IMPL),
    r(LUA, "init_by_lua_file", HTTP, TAKE1, IMPL),
    r(LUA, "init_worker_by_lua_block", HTTP, NOARGS, IMPL).block(),
    r(LUA, "init_worker_by_lua", HTTP, TAKE1, IMPL),
    r(LUA, "init_worker_by_lua_file", HTTP, TAKE1, IMPL),
    r(LUA, "exit_worker_by_lua_block", HTTP, NOARGS, IMPL).block(),
    r(LUA, "exit_worker_by_lua_file", HTTP, TAKE1, IMPL),
    r(LUA, "set_by_lua", REWRITE, MORE2, IMPL).multi(),
    r(LUA, "set_by_lua_file", REWRITE, MORE2, IMPL).multi(),
    r(LUA, "set_by_lua_block", REWRITE, TAKE1, IMPL)
        .block()
        .multi(),
    r(LUA, "server_rewrite_by_lua_block", HS, NOARGS, IMPL).block(),
    r(LUA, "server_rewrite_by_lua_file", HS, TAKE1, IMPL),
    r(LUA, "rewrite_by_lua", HSLI, TAKE1, IMPL),
    r(LUA, "rewrite_by_lua_block", HSLI, NOARGS, IMPL).block(),
    r(LUA, "rewrite_by_lua_file", HSLI, TAKE1, IMPL),
    r(LUA, "rewrite_by_lua_no_postpone", HTTP, FLAG, IMPL),
    r(LUA, "access_by_lua", HSLI, TAKE1, IMPL),
    r(LUA, "access_by_lua_block", HSLI, NOARGS, IMPL).block(),
    r(LUA, "access_by_lua_file", HSLI, TAKE1, IMPL),
    r(LUA, "access_by_lua_no_postpone", HTTP, FLAG, IMPL),
    r(LUA, "content_by_lua", LOCATION | IF_LOCATION, TAKE1, IMPL),
    r(LUA, "content_by_lua_block", LOCATION | IF_LOCATION, NOARGS, IMPL).block(),
    r(LUA, "content_by_lua_file", LOCATION | IF_LOCATION, TAKE1, IMPL),
    r(LUA, "log_by_lua", HSLI, TAKE1, IMPL),
    r(LUA, "log_by_lua_block", HSLI, NOARGS, IMPL).block(),
    r(LUA, "log_by_lua_file", HSLI, TAKE1, IMPL),
    r(LUA, "header_filter_by_lua", HSLI, TAKE1, IMPL),
    r(LUA, "header_filter_by_lua_block", HSLI, NOARGS, IMPL).block(),
    r(LUA, "header_filter_by_lua_file", HSLI, TAKE1, IMPL),
    r(LUA, "body_filter_by_lua", HSLI, TAKE1, IMPL),
    r(LUA, "body_filter_by_lua_block", HSLI, NOARGS, IMPL).block(),
    r(LUA, "body_filter_by_lua_file", HSLI, TAKE1, IMPL),
    r(LUA, "balancer_by_lua_block", UPSTREAM, NOARGS, IMPL).block(),
    r(LUA, "balancer_by_lua_file", UPSTREAM, TAKE1, IMPL),
    r(LUA, "lua_socket_keepalive_timeout", HSL, TAKE1, IMPL).time(),
    r(LUA, "lua_socket_connect_timeout", HSL, TAKE1, IMPL).time(),
    r(LUA, "lua_socket_send_timeout", HSL, TAKE1, IMPL).time(),
    r(LUA, "lua_socket_send_lowat", HSL, TAKE1, NOOP).size(),
    r(LUA, "lua_socket_buffer_size", HSL, TAKE1, NOOP).size(),
    r(LUA, "lua_socket_pool_size", HSL, TAKE1, IMPL).num(),
    r(LUA, "lua_socket_read_timeout", HSL, TAKE1, IMPL).time(),
    r(LUA, "lua_http10_buffering", HSLI, FLAG, IMPL),
    r(LUA, "lua_check_client_abort", HSLI, FLAG, IMPL),
    r(LUA, "lua_use_default_type", HSLI, FLAG, IMPL),
    r(LUA, "lua_ssl_protocols", HSL, MORE1, IMPL),
    r(LUA, "lua_ssl_ciphers", HSL, TAKE1, NOOP),
    r(LUA, "lua_ssl_verify_depth", HSL, TAKE1, NOOP).num(),
    r(LUA, "lua_ssl_trusted_certificate", HSL, TAKE1, IMPL),
    r(LUA, "lua_ssl_crl", HSL, TAKE1, NOOP),
    r(LUA, "lua_ssl_conf_command", HSL, TAKE2, NOOP).multi(),
    r(LUA, "lua_worker_thread_vm_pool_size", HTTP, TAKE1, NOOP).num(),
    r(LUA, "lua_malloc_trim", HTTP, TAKE1, NOOP).num(),
    r(LUA, "ssl_certificate_by_lua_block", HS, NOARGS, IMPL).block(),
    r(LUA, "ssl_certificate_by_lua_file", HS, TAKE1, IMPL),
    r(LUA, "ssl_client_hello_by_lua_block", HS, NOARGS, unsup(NO_LUA_SSL)).block(),
    r(LUA, "ssl_client_hello_by_lua_file", HS, TAKE1, unsup(NO_LUA_SSL)),
    r(LUA, "ssl_session_store_by_lua_block", HTTP, NOARGS, unsup(NO_LUA_SSL)).block(),
    r(LUA, "ssl_session_store_by_lua_file", HTTP, TAKE1, unsup(NO_LUA_SSL)),
    r(LUA, "ssl_session_fetch_by_lua_block", HTTP, NOARGS, unsup(NO_LUA_SSL)).block(),
    r(LUA, "ssl_session_fetch_by_lua_file", HTTP, TAKE1, unsup(NO_LUA_SSL)),
];

static BY_NAME: LazyLock<HashMap<&'static str, Vec<&'static Spec>>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, Vec<&'static Spec>> = HashMap::new();
    for s in DIRECTIVES {
        m.entry(s.name).or_default().push(s);
    }
    m
});

/// Every row with this name (usually one; `server` and the upstream keepalive rows have two).
pub fn lookup(name: &str) -> &'static [&'static Spec] {
    BY_NAME.get(name).map(Vec::as_slice).unwrap_or(&[])
}

/// The row for `name` that is allowed in `ctx`, if any.
pub fn find(name: &str, ctx: Contexts) -> Option<&'static Spec> {
    lookup(name).iter().copied().find(|s| s.contexts & ctx != 0)
}

/// The known directive closest to `name` (for `unknown directive` hints), preferring those
/// allowed in `ctx`.
pub fn closest(name: &str, ctx: Contexts) -> Option<&'static str> {
    let mut best: Option<(f64, &'static str)> = None;
    for s in DIRECTIVES {
        let sim = strsim::jaro_winkler(name, s.name);
        // A directive allowed here wins a near tie.
        let score = if s.contexts & ctx != 0 {
            sim + 0.03
        } else {
            sim
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, s.name));
        }
    }
    let (_, n) = best?;
    // A suggestion that is not close is noise.
    (strsim::jaro_winkler(name, n) >= 0.88 || strsim::levenshtein(name, n) <= 2).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_unique_per_context() {
        for (i, a) in DIRECTIVES.iter().enumerate() {
            for b in &DIRECTIVES[i + 1..] {
                assert!(
                    !(a.name == b.name && a.contexts & b.contexts != 0),
                    "{} twice",
                    a.name
                );
            }
        }
    }

    #[test]
    fn every_lua_phase_directive_maps_to_a_phase() {
        for s in DIRECTIVES
            .iter()
            .filter(|s| s.module == LUA && s.name.contains("_by_lua"))
        {
            let is_ssl_or_balancer = s.name.starts_with("ssl_") || s.name.starts_with("balancer");
            let is_flag = s.name.ends_with("_no_postpone");
            if !is_ssl_or_balancer && !is_flag {
                assert!(
                    restyc_runtime::phase::Phase::from_directive(s.name).is_some(),
                    "{}",
                    s.name
                );
            }
        }
    }

    #[test]
    fn hints() {
        assert_eq!(closest("proxy_pas", LOCATION), Some("proxy_pass"));
        assert_eq!(closest("lisen", SERVER), Some("listen"));
        assert_eq!(
            closest("content_by_lua_blok", LOCATION),
            Some("content_by_lua_block")
        );
        assert_eq!(closest("zzzzqqq", LOCATION), None);
    }
}
