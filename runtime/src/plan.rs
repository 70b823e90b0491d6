//! The Plan: everything a server needs to run, resolved from nginx.conf at build time.
//!
//! The compiler builds a `Plan` from the parsed configuration; a generated server deserializes the
//! very same type from the data baked into it, and `restyc run` hands it over directly. The runtime
//! never sees nginx.conf text.

use serde::{Deserialize, Serialize};

use crate::phase::Phase;

/// Index of a location in `Plan::locations`.
pub type LocId = usize;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    /// restyc's version at build time.
    pub restyc_version: String,
    /// The configuration file the plan was built from, as given on the command line.
    pub conf_path: String,
    /// Hex digest of the configuration and every file it pulled in.
    pub conf_hash: String,
    pub main: MainConf,
    pub http: Http,
    /// Every location of every server (and every `if` block, which nginx treats as a nested location).
    pub locations: Vec<Location>,
    /// Lua sources that `require` must find without the source tree: module name → source.
    pub lua_modules: Vec<LuaModule>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MainConf {
    /// `worker_processes`; `None` is `auto` (one per CPU).
    pub worker_processes: Option<usize>,
    /// `worker_connections` (per worker).
    pub worker_connections: usize,
    /// `error_log` target (relative paths are relative to the prefix) and level.
    pub error_log: Vec<ErrorLog>,
    /// `pid` file, relative to the prefix unless absolute.
    pub pid: Option<String>,
    /// `env NAME;` / `env NAME=value;`: what `os.getenv` may see.
    pub env: Vec<EnvDecl>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorLog {
    /// A path, or `stderr`.
    pub target: String,
    pub level: LogLevel,
}

/// nginx's log levels, in nginx's numbering (`ngx.STDERR` = 0 … `ngx.DEBUG` = 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LogLevel {
    Stderr = 0,
    Emerg = 1,
    Alert = 2,
    Crit = 3,
    Error = 4,
    Warn = 5,
    Notice = 6,
    Info = 7,
    Debug = 8,
}

impl LogLevel {
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Stderr => "",
            LogLevel::Emerg => "emerg",
            LogLevel::Alert => "alert",
            LogLevel::Crit => "crit",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Notice => "notice",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }
    pub fn from_name(s: &str) -> Option<LogLevel> {
        Some(match s {
            "stderr" => LogLevel::Stderr,
            "emerg" => LogLevel::Emerg,
            "alert" => LogLevel::Alert,
            "crit" => LogLevel::Crit,
            "error" => LogLevel::Error,
            "warn" => LogLevel::Warn,
            "notice" => LogLevel::Notice,
            "info" => LogLevel::Info,
            "debug" => LogLevel::Debug,
            _ => return None,
        })
    }
    pub fn from_number(n: i64) -> Option<LogLevel> {
        Some(match n {
            0 => LogLevel::Stderr,
            1 => LogLevel::Emerg,
            2 => LogLevel::Alert,
            3 => LogLevel::Crit,
            4 => LogLevel::Error,
            5 => LogLevel::Warn,
            6 => LogLevel::Notice,
            7 => LogLevel::Info,
            8 => LogLevel::Debug,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnvDecl {
    pub name: String,
    /// `env NAME=value;` sets the value; `env NAME;` passes the inherited one through.
    pub value: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Http {
    pub servers: Vec<Server>,
    /// One entry per distinct listen address:port; which servers share it and which is the default.
    pub listens: Vec<ListenSocket>,
    /// `lua_shared_dict NAME SIZE` (size in bytes).
    pub shared_dicts: Vec<SharedDictDecl>,
    pub lua: LuaConf,
    /// File extension (lower case) → MIME type, from `types` / `include mime.types`.
    pub types: Vec<(String, String)>,
    /// Variables created by `set` / `set_by_lua*` / `map` … anywhere (nginx's variables are
    /// global), sorted: `var::uninitialized` searches it.
    pub variables: Vec<String>,
    /// `map` blocks, each defining one variable.
    pub maps: Vec<MapVar>,
    /// `geo` blocks, each defining one variable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub geos: Vec<GeoVar>,
    /// `split_clients` blocks, each defining one variable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split_clients: Vec<SplitClients>,
    /// `limit_req_zone KEY zone=NAME:SIZE rate=RATE`, in configuration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limit_req_zones: Vec<LimitZone>,
    /// `limit_conn_zone KEY zone=NAME:SIZE` (`rate` is 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limit_conn_zones: Vec<LimitZone>,
    /// `upstream` blocks, then the implicit upstreams of `proxy_pass http://host:port`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstreams: Vec<Upstream>,
    /// `proxy_cache_path`, in configuration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache_zones: Vec<CacheZone>,
}

/// A shared memory zone of ngx_http_limit_req_module or ngx_http_limit_conn_module.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LimitZone {
    pub name: String,
    pub key: Template,
    /// The key as written (`$binary_remote_addr`), for log lines.
    pub key_text: String,
    pub size: u64,
    /// limit_req: requests per 1000 seconds (nginx's milli-requests per second).
    pub rate: u64,
}

/// `limit_req*` of a level, merged as nginx merges them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitReqConf {
    /// `limit_req zone=NAME [burst=N] [nodelay | delay=N]`: an array directive (inherited only
    /// when a level has none).
    pub limits: Vec<LimitReq>,
    /// `limit_req_log_level` (rejections; delays are logged one level lower).
    pub log_level: LogLevel,
    /// `limit_req_status`.
    pub status: u16,
    /// `limit_req_dry_run`.
    pub dry_run: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitReq {
    /// Index into `Http::limit_req_zones`.
    pub zone: usize,
    /// In milli-requests, as nginx keeps them.
    pub burst: u64,
    /// Excess (milli-requests) served without delay: 0, `delay=N` × 1000, or unbounded for
    /// `nodelay`.
    pub delay: u64,
}

/// `limit_conn*` of a level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitConnConf {
    /// `limit_conn NAME N`: (index into `Http::limit_conn_zones`, N).
    pub limits: Vec<(usize, u32)>,
    pub log_level: LogLevel,
    pub status: u16,
    pub dry_run: bool,
}

impl Default for LimitReqConf {
    fn default() -> Self {
        LimitReqConf {
            limits: vec![],
            log_level: LogLevel::Error,
            status: 503,
            dry_run: false,
        }
    }
}

impl Default for LimitConnConf {
    fn default() -> Self {
        LimitConnConf {
            limits: vec![],
            log_level: LogLevel::Error,
            status: 503,
            dry_run: false,
        }
    }
}

impl LimitReqConf {
    pub fn is_default(&self) -> bool {
        *self == LimitReqConf::default()
    }
}

impl LimitConnConf {
    pub fn is_default(&self) -> bool {
        *self == LimitConnConf::default()
    }
}

/// An upstream: an `upstream NAME { ... }` block or the implicit one of a literal `proxy_pass`
/// host (`ngx_http_upstream_add`). Host names are resolved when the server starts.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Upstream {
    /// The block's name, or `host:port` of an implicit upstream.
    pub name: String,
    /// Whether an `upstream` block defined it (a variable `proxy_pass` may name it then).
    pub block: bool,
    pub servers: Vec<UpstreamServer>,
    /// `keepalive N`: idle connections kept per worker (0: none).
    pub keepalive: usize,
    /// `keepalive_timeout` (default 60s) and `keepalive_requests` (default 1000).
    pub keepalive_timeout_ms: u64,
    pub keepalive_requests: u64,
    /// Where it is defined (`nginx.conf:12`), for the start-up error of a host not found.
    pub pos: String,
    /// The balancing method (`ip_hash`, `hash KEY [consistent]`, `least_conn`; default
    /// weighted round-robin).
    #[serde(default, skip_serializing_if = "Balance::is_round_robin")]
    pub balance: Balance,
    /// `balancer_by_lua*`: picks the peer of each try.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balancer_by_lua: Option<Chunk>,
}

/// An upstream's balancing method (ngx_http_upstream_*_module).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Balance {
    #[default]
    RoundRobin,
    /// `ip_hash`: the first three octets of an IPv4 client, the whole of an IPv6 one.
    IpHash,
    /// `hash KEY` (CRC32 of the evaluated key, rehashed on retries) or `hash KEY consistent`
    /// (ketama points, 160 per weight unit).
    Hash { key: Template, consistent: bool },
    /// `least_conn`: fewest active connections per weight, round-robin among equals.
    LeastConn,
}

impl Balance {
    pub fn is_round_robin(&self) -> bool {
        *self == Balance::RoundRobin
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UpstreamServer {
    /// `host:port` as written (port 80 added when missing).
    pub addr: String,
    /// The address exactly as written (`hash … consistent` hashes it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub weight: u32,
    pub max_fails: u32,
    pub fail_timeout_ms: u64,
    pub backup: bool,
    pub down: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SharedDictDecl {
    pub name: String,
    pub size: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ListenSocket {
    /// `0.0.0.0:8080`, `[::]:80`, `127.0.0.1:8080`.
    pub addr: String,
    /// Indices into `Http::servers`, in configuration order.
    pub servers: Vec<usize>,
    /// The default server of this socket (`default_server`, else the first).
    pub default_server: usize,
    pub ipv6only: bool,
    /// `listen … ssl` on any of its servers (nginx ORs the flag over one address's listens).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ssl: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IfModifiedSince {
    Off,
    #[default]
    Exact,
    Before,
}

impl IfModifiedSince {
    pub fn is_exact(&self) -> bool {
        *self == IfModifiedSince::Exact
    }

    /// ngx_http_test_if_modified: whether an If-Modified-Since value leaves a response whose
    /// Last-Modified is `last_modified` (seconds) unmodified.
    pub fn not_modified(self, ims: &str, last_modified: Option<u64>) -> bool {
        let Some(lm) = last_modified else {
            return false;
        };
        let Some(ims) = httpdate::parse_http_date(ims.trim())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
        else {
            return false;
        };
        match self {
            IfModifiedSince::Off => false,
            IfModifiedSince::Exact => ims == lm,
            IfModifiedSince::Before => ims >= lm,
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LuaConf {
    /// `lua_package_path`, with `;;` and `$prefix` still unexpanded.
    pub package_path: Option<String>,
    pub package_cpath: Option<String>,
    pub init: Option<Chunk>,
    pub init_worker: Option<Chunk>,
    pub code_cache: bool,
    /// `lua_max_pending_timers` (None: OpenResty's default, 1024).
    #[serde(default)]
    pub max_pending_timers: Option<usize>,
    /// `lua_max_running_timers` (None: OpenResty's default, 256).
    #[serde(default)]
    pub max_running_timers: Option<usize>,
    /// `lua_regex_match_limit` (None: PCRE's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_match_limit: Option<u32>,
    /// `rewrite_by_lua_no_postpone on`: rewrite_by_lua runs first in the rewrite phase (before
    /// the location's rewrite-module statements) instead of at its end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rewrite_no_postpone: bool,
    /// `access_by_lua_no_postpone on`: access_by_lua runs first in the access phase (before
    /// allow/deny, auth_basic and auth_request).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub access_no_postpone: bool,
}

/// Cosocket settings of a location (`ngx.socket.tcp`); None: lua-nginx-module's default.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LuaSocketConf {
    /// `resolver` addresses: host names are resolved only when some are configured (restyc
    /// resolves with the system resolver).
    pub resolver: Vec<String>,
    pub connect_timeout_ms: Option<u64>,
    pub send_timeout_ms: Option<u64>,
    pub read_timeout_ms: Option<u64>,
    pub keepalive_timeout_ms: Option<u64>,
    pub pool_size: Option<usize>,
    /// `lua_socket_log_errors` (None: inherited, on by default).
    #[serde(default)]
    pub log_errors: Option<bool>,
    /// `lua_ssl_trusted_certificate`: absolute, or relative to the prefix (as `SslConf`'s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_trusted_certificate: Option<String>,
    /// `lua_ssl_protocols` as written; None: lua-nginx-module's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_protocols: Option<Vec<String>>,
}

/// A Lua module baked into the binary so `require` works with the source tree gone.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LuaModule {
    /// The name `require` uses (`my_module`, `app.util`).
    pub name: String,
    /// The path the module was found at, relative to the config directory (`lib/my_module.lua`).
    pub path: String,
    pub source: String,
}

/// One Lua chunk: a `*_by_lua_block` body, a `*_by_lua` string or a `*_by_lua_file` file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Chunk {
    pub phase: Phase,
    /// Chunk name as OpenResty names it, e.g. `content_by_lua(nginx.conf:17)`; for `_file` forms the
    /// path relative to the prefix (the runtime prepends `@prefix/`).
    pub name: String,
    pub source: String,
    /// `*_by_lua_file`: the path as written.
    pub file: Option<String>,
    /// Where the directive is: `nginx.conf:17:9`.
    pub pos: String,
    /// Index into the generated crate's native handler table when the transpiler proved this chunk.
    pub native: Option<usize>,
    /// That native content handler only says literals: every request gets the same output from
    /// it (the runtime may answer from a recording: `constant`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub native_constant: bool,
    /// `*_by_lua_file` with variables (`lua/$1.lua`): the path, resolved per request as nginx
    /// does; `source` is then empty.
    #[serde(default)]
    pub file_template: Option<Template>,
    /// For such a path, the `.lua` files found under its fixed leading directory at build time
    /// (path relative to the prefix, source); a path not among them is read from disk.
    #[serde(default)]
    pub baked_files: Vec<(String, String)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Server {
    /// `server_name` entries in configuration order.
    pub names: Vec<ServerName>,
    /// Top-level locations of this server.
    pub locations: LocationTree,
    /// Server-level configuration (used when no location matches, and the parent of every location).
    pub conf: LocConf,
    /// Where the `server` block is.
    pub pos: String,
    /// Its TLS settings, when it has a certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl: Option<SslConf>,
}

/// A server's ngx_http_ssl_module settings that restyc applies.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SslConf {
    /// `ssl_certificate` / `ssl_certificate_key` pairs, in order: absolute, or relative to the
    /// prefix (nginx reads them from its conf prefix, the config's directory: `conf/…` when the
    /// config was built from `PREFIX/conf/nginx.conf`).
    pub certificates: Vec<(String, String)>,
    /// `ssl_protocols` that rustls offers: `TLSv1.2`, `TLSv1.3`.
    pub protocols: Vec<String>,
    /// `ssl_prefer_server_ciphers on`.
    #[serde(default)]
    pub prefer_server_ciphers: bool,
    /// `ssl_session_tickets` (on by default).
    pub session_tickets: bool,
    /// `ssl_session_cache builtin|shared:…` (nginx's default `none` keeps no server-side cache).
    #[serde(default)]
    pub session_cache: bool,
    /// Where the first `ssl_certificate` is, for start-up errors.
    pub pos: String,
    /// `ssl_verify_client`.
    #[serde(default, skip_serializing_if = "VerifyClient::is_off")]
    pub verify_client: VerifyClient,
    /// `ssl_client_certificate` (the CAs named to clients) and `ssl_trusted_certificate`:
    /// what a client certificate is checked against; paths as `certificates`'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_cas: Vec<String>,
    /// (the first of `client_cas` is `ssl_client_certificate`, named to clients)
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub names_client_cas: bool,
    /// `ssl_crl`: revoked client certificates (a path as `certificates`').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crl: Option<String>,
    /// `ssl_certificate_by_lua*`: run on the ClientHello, it may pick the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_by_lua: Option<Chunk>,
}

/// `ssl_verify_client`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerifyClient {
    #[default]
    Off,
    On,
    Optional,
    /// Ask for a certificate, check it, but let requests through whatever the outcome.
    OptionalNoCa,
}

impl VerifyClient {
    pub fn is_off(&self) -> bool {
        *self == VerifyClient::Off
    }
}

/// What `valid_referers` accepts, for `$invalid_referer` (ngx_http_referer_module).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Referers {
    /// `none`: no Referer header.
    pub none: bool,
    /// `blocked`: a Referer without `http://` or `https://`.
    pub blocked: bool,
    /// `server_names`: the server's own names.
    pub server_names: bool,
    /// Host patterns as written, lower case (`example.com`, `*.example.com`, `.example.com`,
    /// `www.example.*`), with the URI prefix that must follow the host (`example.com/pics/`).
    pub hosts: Vec<(String, Option<String>)>,
    /// `~regex`s (without the `~`), matched without case against the Referer after its scheme.
    pub regexes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ServerName {
    /// `example.com` (lower case) or the empty name `""`.
    Exact(String),
    /// `*.example.com` → suffix `.example.com`.
    WildcardStart(String),
    /// `www.example.*` → prefix `www.example.`.
    WildcardEnd(String),
    /// `~^(?<sub>.+)\.example\.com$` (pattern without the `~`).
    Regex(String),
}

/// How a location matches, in nginx's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchKind {
    /// `location = /x`
    Exact,
    /// `location /x`
    Prefix,
    /// `location ^~ /x`
    PrefixNoRegex,
    /// `location ~ re`
    Regex,
    /// `location ~* re`
    RegexCaseless,
    /// `location @name`
    Named,
    /// The implicit location of an `if` block.
    If,
    /// The implicit location of a `limit_except` block.
    LimitExcept,
}

/// The locations of one nesting level, split the way nginx searches them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LocationTree {
    /// Exact, prefix and `^~` locations (searched by longest match / exact equality).
    pub statics: Vec<LocId>,
    /// Regex locations in configuration order.
    pub regexes: Vec<LocId>,
    /// Named locations (`@name`), only reachable by internal redirects. Only at server level.
    pub named: Vec<LocId>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Location {
    pub kind: MatchKind,
    /// The URI prefix, exact URI, regex source or name (without `@`).
    pub pattern: String,
    /// `nginx.conf:12:5`.
    pub pos: String,
    /// The server this location belongs to.
    pub server: usize,
    pub children: LocationTree,
    /// Fully merged configuration (inheritance already applied).
    pub conf: LocConf,
}

/// A location's merged configuration. Every field is already inherited from the enclosing levels
/// following nginx's merge rules, so the runtime never walks parents.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LocConf {
    pub root: Option<Template>,
    pub alias: Option<Template>,
    pub index: Vec<Template>,
    pub default_type: String,
    /// Location-level `types` when set, else None (use `Http::types`).
    pub types: Option<Vec<(String, String)>>,
    pub try_files: Vec<Template>,
    pub error_pages: Vec<ErrorPage>,
    /// `recursive_error_pages on`: an error page may itself be redirected by error_page.
    pub recursive_error_pages: bool,
    pub add_headers: Vec<AddHeader>,
    /// headers-more's directives (`more_set_headers`, `more_clear_headers`,
    /// `more_set_input_headers`, `more_clear_input_headers`), the enclosing levels' first
    /// (ngx_http_headers_more_merge_loc_conf), in configuration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_headers: Vec<MoreHeaders>,
    /// `secure_link`, `secure_link_md5`, `secure_link_secret`.
    #[serde(default, skip_serializing_if = "SecureLink::is_default")]
    pub secure_link: SecureLink,
    /// `mirror URI` (in order; empty: off) and `mirror_request_body`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mirror: Vec<String>,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub mirror_request_body: bool,
    /// `absolute_redirect`, `server_name_in_redirect`, `port_in_redirect`: how the header filter
    /// writes a Location that starts with `/`.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub absolute_redirect: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub server_name_in_redirect: bool,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub port_in_redirect: bool,
    /// `uninitialized_variable_warn`: a `set` variable read before any assignment logs a warning.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub uninitialized_variable_warn: bool,
    /// `sub_filter`, `sub_filter_once`, `sub_filter_types`, `sub_filter_last_modified`.
    #[serde(default, skip_serializing_if = "SubFilter::is_default")]
    pub sub_filter: SubFilter,
    /// `echo_before_body` / `echo_after_body` (the echo module's filter): text before and after
    /// the response body, as `echo` makes it. Not inherited (the module merges nothing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub echo_before_body: Vec<EchoCmd>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub echo_after_body: Vec<EchoCmd>,
    /// `expires`: seconds from now (negative: in the past), `epoch`, `max`; None is off.
    #[serde(default)]
    pub expires: Option<Expires>,
    /// `limit_rate` and `limit_rate_after` (sizes, maybe with variables): evaluated when the
    /// response starts going out (ngx_http_write_filter), unless `$limit_rate` was set first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_rate: Option<Template>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_rate_after: Option<Template>,
    /// set-misc's `set_base32_padding` (default on) and `set_base32_alphabet`.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub base32_padding: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base32_alphabet: Option<String>,
    pub client_max_body_size: u64,
    /// `valid_referers` (None: not set at this level or above).
    #[serde(default)]
    pub valid_referers: Option<Referers>,
    pub keepalive_timeout_ms: u64,
    /// `client_header_timeout` (server level: the default server's applies).
    #[serde(default = "sixty_seconds")]
    pub client_header_timeout_ms: u64,
    /// `client_body_timeout`.
    #[serde(default = "sixty_seconds")]
    pub client_body_timeout_ms: u64,
    /// Second argument of `keepalive_timeout`: sent as `Keep-Alive: timeout=N`.
    pub keepalive_header: Option<u64>,
    pub keepalive_requests: u64,
    /// `keepalive_disable` (default `msie6`): no keep-alive after a POST from old MSIE, or
    /// after any request from Safari.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub keepalive_disable_msie6: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keepalive_disable_safari: bool,
    /// `msie_padding`: nginx's own 4xx/5xx pages grow a comment padding for MSIE and Chrome,
    /// whose "friendly" pages would replace a short one.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub msie_padding: bool,
    pub server_tokens: bool,
    pub internal: bool,
    pub merge_slashes: bool,
    pub lua_need_request_body: bool,
    /// `auth_basic REALM` (a template; a realm that evaluates to `off` turns it off).
    #[serde(default)]
    pub auth_basic: Option<Template>,
    /// `auth_basic_user_file FILE`.
    #[serde(default)]
    pub auth_basic_user_file: Option<AuthUserFile>,
    /// `auth_request URI` (None: off).
    #[serde(default)]
    pub auth_request: Option<String>,
    /// `auth_request_set $var value`: set from the auth subrequest once it is done.
    #[serde(default)]
    pub auth_request_set: Vec<(String, Template)>,
    /// The gzip module's settings.
    #[serde(default)]
    pub gzip: GzipConf,
    /// `satisfy any`: one access handler allowing is enough (allow/deny, then access_by_lua).
    #[serde(default)]
    pub satisfy_any: bool,
    /// `client_body_buffer_size`: a larger body read for Lua goes to a temporary file.
    #[serde(default = "body_buffer_size")]
    pub client_body_buffer_size: u64,
    /// `client_body_in_file_only`: `on` keeps the file after the request, `clean` removes it.
    #[serde(default)]
    pub client_body_in_file_only: Option<BodyInFile>,
    /// `client_body_temp_path` (relative to the prefix); None is nginx's compiled-in default.
    #[serde(default)]
    pub client_body_temp_path: Option<String>,
    /// `lua_check_client_abort`: a client that goes away is noticed while Lua handlers wait.
    #[serde(default)]
    pub lua_check_client_abort: bool,
    /// `resolver` and the `lua_socket_*` settings cosockets use.
    #[serde(default)]
    pub lua_socket: LuaSocketConf,
    /// Rewrite-module statements of this level (server level for the server conf).
    pub rewrite: Vec<RewriteOp>,
    /// `server_rewrite_by_lua*` (http or server level; a server's own replaces the http one).
    /// Only the server conf's is read: locations do not carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_rewrite_by_lua: Option<Chunk>,
    pub rewrite_by_lua: Option<Chunk>,
    pub access_by_lua: Option<Chunk>,
    pub content: Option<Content>,
    pub header_filter_by_lua: Option<Chunk>,
    pub body_filter_by_lua: Option<Chunk>,
    pub log_by_lua: Option<Chunk>,
    pub access_rules: Vec<AccessRule>,
    #[serde(default, skip_serializing_if = "LimitReqConf::is_default")]
    pub limit_req: LimitReqConf,
    #[serde(default, skip_serializing_if = "LimitConnConf::is_default")]
    pub limit_conn: LimitConnConf,
    /// `set_real_ip_from`, `real_ip_header`, `real_ip_recursive` (ngx_http_realip_module).
    #[serde(default)]
    pub real_ip: RealIp,
    pub charset: Option<String>,
    pub etag: bool,
    /// `autoindex`, `autoindex_format`, `autoindex_exact_size`, `autoindex_localtime`.
    #[serde(default, skip_serializing_if = "AutoIndex::is_default")]
    pub autoindex: AutoIndex,
    /// `if_modified_since` (ngx_http_test_if_modified): `exact` (nginx's default), `before`
    /// (a date at or after Last-Modified is not modified) or `off`.
    #[serde(default, skip_serializing_if = "IfModifiedSince::is_exact")]
    pub if_modified_since: IfModifiedSince,
    pub log_not_found: bool,
    pub access_log: Vec<AccessLog>,
    /// `error_log` at http, server or location level (empty: the main context's).
    #[serde(default)]
    pub error_log: Vec<ErrorLog>,
    /// `client_header_buffer_size` (server level; see `reqparse`).
    #[serde(default = "default_client_header_buffer_size")]
    pub client_header_buffer_size: u64,
    /// `large_client_header_buffers` number and size.
    #[serde(default = "default_large_client_header_buffers")]
    pub large_client_header_buffers: (u64, u64),
    #[serde(default)]
    pub underscores_in_headers: bool,
    #[serde(default = "default_true")]
    pub ignore_invalid_headers: bool,
    /// `lua_transform_underscores_in_response_headers`: `ngx.header.X_Foo` names `X-Foo`.
    #[serde(default = "default_true")]
    pub lua_transform_underscores: bool,
    /// `lua_use_default_type`: Lua output gets `default_type` when it sets no Content-Type.
    #[serde(default = "default_true")]
    pub lua_use_default_type: bool,
    /// `lua_http10_buffering`: HTTP/1.0 output is held to send a Content-Length.
    #[serde(default = "default_true")]
    pub lua_http10_buffering: bool,
    /// `proxy_*` settings (used by `Content::Proxy`).
    #[serde(default, skip_serializing_if = "ProxyConf::is_default")]
    pub proxy: ProxyConf,
    /// `limit_except METHOD ... { ... }`: other methods are served with that block's
    /// configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_except: Option<LimitExcept>,
}

/// ngx_http_secure_link_module's configuration (merged as nginx merges it: a level with
/// `secure_link_secret` uses the old form only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SecureLink {
    pub variable: Option<Template>,
    pub md5: Option<Template>,
    pub secret: Option<String>,
}

impl SecureLink {
    pub fn is_default(&self) -> bool {
        *self == SecureLink::default()
    }
}

/// ngx_http_autoindex_module's configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoIndex {
    pub enable: bool,
    /// `html`, `json`, `xml` (or `jsonp`, with `$arg_callback`).
    pub format: String,
    pub exact_size: bool,
    pub localtime: bool,
}

impl Default for AutoIndex {
    fn default() -> Self {
        AutoIndex {
            enable: false,
            format: "html".into(),
            exact_size: true,
            localtime: false,
        }
    }
}

impl AutoIndex {
    pub fn is_default(&self) -> bool {
        *self == AutoIndex::default()
    }
}

/// ngx_http_sub_filter_module's configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubFilter {
    /// (search string, replacement), in order; inherited only by a level without any.
    pub pairs: Vec<(Template, Template)>,
    pub once: bool,
    /// Media types besides text/html (`*`: any).
    pub types: Vec<String>,
    pub last_modified: bool,
}

impl Default for SubFilter {
    fn default() -> Self {
        SubFilter {
            pairs: vec![],
            once: true,
            types: vec![],
            last_modified: false,
        }
    }
}

impl SubFilter {
    pub fn is_default(&self) -> bool {
        *self == SubFilter::default()
    }
}

/// `limit_except` (ngx_http_core_limit_except): the methods that keep the location's own
/// configuration (GET brings HEAD), and the implicit location every other method gets.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LimitExcept {
    pub methods: Vec<String>,
    pub loc: LocId,
}

impl LimitExcept {
    /// Whether `method` is one the location serves itself (`ngx_http_update_location_config`:
    /// a method nginx does not know is always limited).
    pub fn allows(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method) || (method == "HEAD" && self.allows("GET"))
    }
}

fn default_client_header_buffer_size() -> u64 {
    1024
}

fn default_large_client_header_buffers() -> (u64, u64) {
    (4, 8192)
}

fn default_true() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccessLog {
    pub path: String,
    pub format: Vec<TemplatePart>,
    /// `log_format … escape=`: how variable values are written.
    pub escape: LogEscape,
    /// `if=condition`: the line is skipped when the value is empty or "0".
    pub condition: Option<Template>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogEscape {
    /// `"`, `\` and bytes outside printable ASCII as `\xHH`; a missing value as `-`.
    Default,
    /// JSON string escapes; a missing value as nothing.
    Json,
    /// Values as they are; a missing value as `-`.
    None,
}

/// `map SOURCE $NAME { … }` (ngx_http_map_module): `$NAME` computed from `SOURCE`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MapVar {
    /// The variable's name, lower case, without `$`.
    pub name: String,
    pub source: Template,
    /// `hostnames`: a trailing dot of the source is dropped and keys may be wildcards.
    pub hostnames: bool,
    /// Exact keys (lower case: nginx matches them case-insensitively), in config order.
    pub exact: Vec<(String, Template)>,
    /// With `hostnames`: `*.example.com` / `.example.com` / `www.example.*` keys.
    pub wildcards: Vec<(String, Template)>,
    /// `~regex` / `~*regex` keys (pattern, caseless), tried in config order after the others.
    pub regexes: Vec<(String, bool, Template)>,
    pub default: Option<Template>,
}

/// `geo [$address] $NAME { … }` (ngx_http_geo_module): `$NAME` from the client's address (or
/// `$address`), its tables settled at build time as nginx builds them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GeoVar {
    /// The variable's name, lower case, without `$`.
    pub name: String,
    /// `$address`: the address looked up is that variable's value.
    pub source: Option<Template>,
    /// `proxy` networks: a client among them is looked up by its X-Forwarded-For address.
    pub proxies: Vec<String>,
    pub proxy_recursive: bool,
    pub table: GeoTable,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum GeoTable {
    /// Networks as (address, prefix length, value), longest prefix first: the first that holds
    /// the address wins. `default` is 0.0.0.0/0 and ::/0 (empty when not given).
    Cidr {
        v4: Vec<(u32, u8, String)>,
        v6: Vec<(u128, u8, String)>,
    },
    /// `ranges`: per /16 block (sorted), its ranges of the low 16 bits in nginx's order — the
    /// first that holds the address wins — else `default`.
    Ranges {
        default: String,
        blocks: Vec<(u16, Vec<(u16, u16, String)>)>,
    },
}

/// `split_clients SOURCE $NAME { P% value; … * value; }` (ngx_http_split_clients_module).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SplitClients {
    /// The variable's name, lower case, without `$`.
    pub name: String,
    pub source: Template,
    /// (upper bound of MurmurHash2 of the source, value), in order; a bound of 0 is `*`.
    pub parts: Vec<(u32, String)>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RealIp {
    /// Trusted addresses or CIDRs; empty: the module is off.
    pub from: Vec<String>,
    /// The header the client address is taken from (nginx's default: `X-Real-IP`).
    pub header: String,
    pub recursive: bool,
}

/// `auth_basic_user_file`: the name (a template), read on every request; a relative name is
/// under `conf_dir`, nginx's conf prefix given relative to the server's prefix (or absolute).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthUserFile {
    pub path: Template,
    pub conf_dir: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum AccessRule {
    /// `allow` / `deny` with an address or CIDR; `None` is `all`.
    Allow(Option<String>),
    Deny(Option<String>),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Content {
    Lua(Chunk),
    /// `proxy_pass` (ngx_http_proxy_module).
    Proxy(ProxyPass),
    /// The echo module's commands (`echo`, `echo_location`, ...), run in order.
    Echo(Vec<EchoCmd>),
    /// `stub_status` (ngx_http_stub_status_module).
    StubStatus,
    /// `empty_gif` (ngx_http_empty_gif_module).
    EmptyGif,
}

/// One echo-module content command: its directive and its arguments.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EchoCmd {
    pub op: EchoOp,
    pub args: Vec<Template>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EchoOp {
    Echo,
    Duplicate,
    Flush,
    Sleep,
    BlockingSleep,
    Location,
    LocationAsync,
    Subrequest,
    SubrequestAsync,
    Exec,
    ReadRequestBody,
    RequestBody,
    ResetTimer,
}

/// A `proxy_pass` URL, split at build time (`ngx_http_proxy_pass`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProxyPass {
    /// The argument as written (what `restyc routes` prints).
    pub target: String,
    /// The URL has variables: evaluated and parsed per request (`ngx_http_proxy_eval`).
    pub url: Option<Template>,
    /// Index into `Http::upstreams` (literal URLs).
    pub upstream: usize,
    /// `$proxy_host`: host, and port unless 80.
    pub host: String,
    /// The URI part (empty when none: the request URI is passed on).
    pub uri: String,
    /// The location's prefix, replaced by `uri` (empty in regex, named and `if` locations).
    pub location: String,
    /// `https://`: TLS to the upstream (ProxyConf::ssl).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls: bool,
}

/// The `proxy_ssl_*` settings of a location, for `proxy_pass https://`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProxySsl {
    /// `proxy_ssl_server_name on`: send SNI (off by default, as in nginx).
    pub server_name: bool,
    /// `proxy_ssl_name`; None: the proxied host without its port.
    pub name: Option<Template>,
    /// `proxy_ssl_verify on`.
    pub verify: bool,
    /// `proxy_ssl_trusted_certificate`: absolute, or relative to the prefix (as `SslConf`'s).
    pub trusted_certificate: Option<String>,
    /// `proxy_ssl_protocols` as written; None: nginx 1.22's default (TLSv1.2 negotiable).
    pub protocols: Option<Vec<String>>,
    /// `proxy_ssl_session_reuse off`.
    pub no_session_reuse: bool,
}

impl ProxySsl {
    pub fn is_default(&self) -> bool {
        *self == ProxySsl::default()
    }
}

/// The proxy module's settings of a location (merged as nginx merges them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProxyConf {
    /// `proxy_set_header` in order (name, value); an empty value removes the header.
    pub set_headers: Vec<(String, Template)>,
    #[serde(default, skip_serializing_if = "ProxySsl::is_default")]
    pub ssl: ProxySsl,
    /// `proxy_http_version 1.1`.
    pub http11: bool,
    pub connect_timeout_ms: u64,
    pub send_timeout_ms: u64,
    pub read_timeout_ms: u64,
    /// `proxy_buffer_size`: the most a response head may take.
    pub buffer_size: usize,
    /// `proxy_buffering`: body bytes go to the client a buffer at a time (off: as they come).
    pub buffering: bool,
    pub pass_request_headers: bool,
    pub pass_request_body: bool,
    pub method: Option<Template>,
    pub set_body: Option<Template>,
    /// `proxy_hide_header` names (lower case), added to nginx's default hidden ones.
    pub hide_headers: Vec<String>,
    /// `proxy_pass_header` names (lower case): passed although hidden by default.
    pub pass_headers: Vec<String>,
    /// `proxy_redirect` rules (None is a `default` one); not set at all is `default`, `off`
    /// an empty list.
    pub redirect: Option<Vec<Option<(Template, Template)>>>,
    pub intercept_errors: bool,
    /// `proxy_next_upstream` conditions: `error`, `timeout`, `invalid_header`, `http_500`...
    pub next_upstream: Vec<String>,
    /// `proxy_next_upstream_tries` (0: as many as there are servers).
    pub next_upstream_tries: usize,
    /// `proxy_next_upstream_timeout` (0: no limit on the time spent trying).
    pub next_upstream_timeout_ms: u64,
    /// `proxy_ignore_headers` names (lower case).
    pub ignore_headers: Vec<String>,
    /// `proxy_cache*` (runtime/src/proxy_cache.rs).
    #[serde(default, skip_serializing_if = "CacheConf::is_default")]
    pub cache: CacheConf,
    /// `proxy_cookie_domain` rules in order (empty: off, the default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_domains: Vec<CookieRewrite>,
    /// `proxy_cookie_path` rules in order (empty: off, the default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_paths: Vec<CookieRewrite>,
    /// `proxy_cookie_flags` rules in order (empty: off, the default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookie_flags: Vec<CookieFlags>,
}

/// What a `proxy_cookie_*` rule compares (runtime/src/proxy_cookie.rs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CookieMatch {
    /// Text with variables: for a domain, equal without case (its leading dot dropped); for a
    /// path, a prefix; for flags, the cookie's name without case.
    Text(Template),
    /// `~regex` (`~*` for a caseless path; domain and flag regexes are always caseless).
    Regex { regex: String, caseless: bool },
}

/// One `proxy_cookie_domain` / `proxy_cookie_path` rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CookieRewrite {
    pub pattern: CookieMatch,
    pub replacement: Template,
}

/// One `proxy_cookie_flags cookie flag...` rule; flags are evaluated per request, unknown
/// ones ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CookieFlags {
    pub cookie: CookieMatch,
    pub flags: Vec<Template>,
}

impl Default for ProxyConf {
    fn default() -> ProxyConf {
        ProxyConf {
            set_headers: vec![],
            ssl: ProxySsl::default(),
            http11: false,
            connect_timeout_ms: 60_000,
            send_timeout_ms: 60_000,
            read_timeout_ms: 60_000,
            buffer_size: 4096,
            buffering: true,
            pass_request_headers: true,
            pass_request_body: true,
            method: None,
            set_body: None,
            hide_headers: vec![],
            pass_headers: vec![],
            redirect: None,
            intercept_errors: false,
            next_upstream: vec!["error".into(), "timeout".into()],
            next_upstream_tries: 0,
            next_upstream_timeout_ms: 0,
            ignore_headers: vec![],
            cache: CacheConf::default(),
            cookie_domains: vec![],
            cookie_paths: vec![],
            cookie_flags: vec![],
        }
    }
}

impl ProxyConf {
    pub fn is_default(&self) -> bool {
        *self == ProxyConf::default()
    }
}

/// The status an error page answers with (`error_page CODES [=[CODE]] TARGET`). (An enum, not
/// `Option<Option<u16>>`: JSON has no way to tell `Some(None)` from `None`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageStatus {
    /// No `=`: the error's own code.
    Error,
    /// `=`: the status the target answers with.
    Target,
    /// `=CODE`.
    Code(u16),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorPage {
    pub codes: Vec<u16>,
    pub status: PageStatus,
    /// A URI, a `@name` or an absolute URL.
    pub target: Template,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum Expires {
    In(i64),
    Epoch,
    Max,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddHeader {
    pub name: String,
    pub value: Template,
    pub always: bool,
}

/// One headers-more directive.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MoreHeaders {
    /// `more_set_input_headers` / `more_clear_input_headers` (the rewrite phase), else the
    /// response's (the header filter).
    pub input: bool,
    /// `-s '404 500'`: only responses with one of these statuses (output only; none: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<u16>,
    /// `-t 'text/html text/plain'`: only these exact content types (the response's, or the
    /// request's for input headers; none: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `-r` (input only): change headers the request has, add none.
    #[serde(default)]
    pub replace: bool,
    pub headers: Vec<MoreHeader>,
}

/// One `Name: value` argument of a headers-more directive.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MoreHeader {
    /// As written (with the trailing `*` of a wildcard).
    pub name: String,
    /// `X-Foo-*`: every header whose name starts with `X-Foo-`.
    #[serde(default)]
    pub wildcard: bool,
    /// None clears (a clear directive, or a set without a value); a value that evaluates to
    /// the empty string clears as well.
    pub value: Option<Template>,
}

/// What a set-misc directive computes (`set_misc.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum SetMiscOp {
    EncodeBase64,
    DecodeBase64,
    EncodeHex,
    DecodeHex,
    Md5,
    Sha1,
    HmacSha1,
    UnescapeUri,
    EscapeUri,
    QuoteSqlStr,
    QuotePgsqlStr,
    QuoteJsonStr,
    EncodeBase32,
    DecodeBase32,
    IfEmpty,
    LocalToday,
    FormattedGmtTime,
    FormattedLocalTime,
    Random,
    SecureRandomAlphanum,
    SecureRandomLcalpha,
}

/// One statement of nginx's rewrite module, run in order in the rewrite phase.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum RewriteOp {
    /// `return code [text|URL]` / `return URL`.
    Return { code: u16, text: Option<Template> },
    /// `rewrite regex replacement [flag]`.
    Rewrite {
        regex: String,
        replacement: Template,
        flag: RewriteFlag,
    },
    /// `set $var value`.
    Set { var: String, value: Template },
    /// A set-misc-nginx-module directive (`set_escape_uri $dst [src]` …): `args` evaluated, the
    /// first defaulting to `$var`'s own value.
    SetMisc {
        var: String,
        op: SetMiscOp,
        args: Vec<Template>,
    },
    /// `set_by_lua* $var ...`.
    SetByLua {
        var: String,
        chunk: Chunk,
        args: Vec<Template>,
    },
    /// `if (cond) { ... }`; `loc` is the implicit location holding the block's own configuration.
    If { cond: Condition, loc: LocId },
    /// `break`.
    Break,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RewriteFlag {
    /// No flag: go on with the next statement, re-search the location at the end.
    None,
    Last,
    Break,
    Redirect,
    Permanent,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Condition {
    /// `if ($var)`: true unless empty or "0".
    Truthy(Template),
    /// `=` / `!=`.
    Eq {
        left: Template,
        right: Template,
        negate: bool,
    },
    /// `~`, `~*`, `!~`, `!~*`.
    Match {
        left: Template,
        regex: String,
        caseless: bool,
        negate: bool,
    },
    /// `-f`, `-d`, `-e`, `-x` and their `!` forms.
    File {
        test: FileTest,
        path: Template,
        negate: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileTest {
    File,
    Dir,
    Exists,
    Exec,
}

/// A string with nginx variables, split at build time: `"/x/$uri?a=${arg_a}"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplatePart {
    Lit(String),
    /// A variable by name (`uri`, `arg_x`, `1`), resolved per request.
    Var(String),
}

impl Plan {
    /// Every server- and location-level `error_log` (opened at start).
    pub fn level_error_logs(&self) -> Vec<ErrorLog> {
        let confs = self
            .http
            .servers
            .iter()
            .map(|s| &s.conf)
            .chain(self.locations.iter().map(|l| &l.conf));
        confs.flat_map(|c| c.error_log.iter().cloned()).collect()
    }
}

impl Template {
    pub fn literal(s: &str) -> Template {
        Template {
            parts: vec![TemplatePart::Lit(s.to_string())],
        }
    }
    /// The text when it has no variables.
    pub fn as_literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                TemplatePart::Lit(l) => s.push_str(l),
                TemplatePart::Var(_) => return None,
            }
        }
        Some(s)
    }
    /// Parse nginx's `$name` / `${name}` syntax.
    pub fn parse(s: &str) -> Template {
        let b = s.as_bytes();
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'$' && i + 1 < b.len() {
                if b[i + 1] == b'{' {
                    if let Some(end) = s[i + 2..].find('}') {
                        if !lit.is_empty() {
                            parts.push(TemplatePart::Lit(std::mem::take(&mut lit)));
                        }
                        parts.push(TemplatePart::Var(
                            s[i + 2..i + 2 + end].to_ascii_lowercase(),
                        ));
                        i = i + 3 + end;
                        continue;
                    }
                } else {
                    let start = i + 1;
                    let mut j = start;
                    if b[j].is_ascii_digit() {
                        j += 1;
                    } else {
                        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                            j += 1;
                        }
                    }
                    if j > start {
                        if !lit.is_empty() {
                            parts.push(TemplatePart::Lit(std::mem::take(&mut lit)));
                        }
                        parts.push(TemplatePart::Var(s[start..j].to_ascii_lowercase()));
                        i = j;
                        continue;
                    }
                }
            }
            let ch = s[i..].chars().next().unwrap_or('$');
            lit.push(ch);
            i += ch.len_utf8();
        }
        if !lit.is_empty() {
            parts.push(TemplatePart::Lit(lit));
        }
        Template { parts }
    }
}

/// `gzip`, `gzip_types`, `gzip_comp_level`, `gzip_min_length`, `gzip_vary`,
/// `gzip_http_version`, `gzip_proxied`, `gzip_disable`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GzipConf {
    pub enable: bool,
    /// Media types compressed (`*`: any); text/html always is.
    pub types: Vec<String>,
    pub comp_level: i32,
    pub min_length: i64,
    pub vary: bool,
    /// `gzip_http_version 1.0`: HTTP/1.0 requests are answered compressed too.
    pub http10: bool,
    /// `gzip_proxied any` (restyc knows only `off` and `any`): requests with `Via` too.
    pub proxied_any: bool,
    /// `gzip_disable` regexes over User-Agent (case-insensitive).
    pub disable: Vec<String>,
    /// `gzip_disable msie6`: not for old MSIE (nginx's User-Agent guess).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disable_msie6: bool,
}

impl Default for GzipConf {
    fn default() -> Self {
        GzipConf {
            enable: false,
            types: vec!["text/html".into()],
            comp_level: 1,
            min_length: 20,
            vary: false,
            http10: false,
            proxied_any: false,
            disable: vec![],
            disable_msie6: false,
        }
    }
}

/// `client_body_in_file_only on | clean`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyInFile {
    Keep,
    Clean,
}

/// nginx's default client_body_buffer_size: two pages (8 KB on x86-64).
fn body_buffer_size() -> u64 {
    8 * 1024
}

fn sixty_seconds() -> u64 {
    60_000
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// `proxy_cache_path PATH [levels=] keys_zone=NAME:SIZE [inactive=] [max_size=] ...`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheZone {
    pub name: String,
    /// Absolute, or relative to the prefix.
    pub path: String,
    /// `levels=1:2` → [1, 2].
    pub levels: Vec<u8>,
    /// keys_zone size in bytes.
    pub size: u64,
    /// `inactive=` in seconds (10 minutes by default).
    pub inactive_s: u64,
    /// `max_size=` in bytes (0: no limit).
    pub max_size: u64,
}

/// The `proxy_cache*` settings of a location, merged as nginx merges them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CacheConf {
    /// `proxy_cache NAME`: index into `Http::cache_zones` (None: off).
    pub zone: Option<usize>,
    /// `proxy_cache_key` (None: `$scheme$proxy_host$request_uri`).
    pub key: Option<Template>,
    /// `proxy_cache_valid`: (statuses, empty for `any`; seconds).
    pub valid: Vec<(Vec<u16>, u64)>,
    /// `proxy_cache_methods` besides GET and HEAD (upper case).
    pub methods: Vec<String>,
    pub bypass: Vec<Template>,
    pub no_cache: Vec<Template>,
    /// `proxy_cache_min_uses` (0 stands for the default, 1).
    pub min_uses: u64,
    /// `proxy_cache_use_stale` conditions (`off`: none).
    pub use_stale: Vec<String>,
    pub lock: bool,
    /// `proxy_cache_lock_timeout` / `_age` in ms (0: nginx's 5 s).
    pub lock_timeout_ms: u64,
    pub lock_age_ms: u64,
    pub revalidate: bool,
    pub background_update: bool,
    /// `proxy_cache_convert_head off`.
    pub no_convert_head: bool,
}

impl CacheConf {
    pub fn is_default(&self) -> bool {
        *self == CacheConf::default()
    }
}
