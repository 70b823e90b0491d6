//! nginx's request phases and lua-nginx-module's API contexts: one table used at run time (to
//! raise `API disabled in the context of ...`) and at build time (by the compiler's Lua checks).
//!
//! Mirrors `ngx_http_lua_common.h` (`NGX_HTTP_LUA_CONTEXT_*`) and `ngx_http_lua_context_name`.

use std::cell::Cell;

/// Where Lua code runs. Each is one bit so that an API's allowed set is a mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(u32)]
pub enum Phase {
    Init = 1 << 0,
    InitWorker = 1 << 1,
    Set = 1 << 2,
    ServerRewrite = 1 << 3,
    Rewrite = 1 << 4,
    Access = 1 << 5,
    Content = 1 << 6,
    HeaderFilter = 1 << 7,
    BodyFilter = 1 << 8,
    Log = 1 << 9,
    Timer = 1 << 10,
    ExitWorker = 1 << 11,
    Balancer = 1 << 12,
    Precontent = 1 << 13,
    SslCert = 1 << 14,
}

impl Phase {
    pub const ALL: [Phase; 15] = [
        Phase::Init,
        Phase::InitWorker,
        Phase::Set,
        Phase::ServerRewrite,
        Phase::Rewrite,
        Phase::Access,
        Phase::Content,
        Phase::HeaderFilter,
        Phase::BodyFilter,
        Phase::Log,
        Phase::Timer,
        Phase::ExitWorker,
        Phase::Balancer,
        Phase::Precontent,
        Phase::SslCert,
    ];

    pub fn bit(self) -> u32 {
        self as u32
    }

    /// The name OpenResty prints in `API disabled in the context of <name>` and returns from
    /// `ngx.get_phase()` is `get_phase_name`; this is the context name.
    pub fn context_name(self) -> &'static str {
        match self {
            Phase::Init => "init_by_lua*",
            Phase::InitWorker => "init_worker_by_lua*",
            Phase::Set => "set_by_lua*",
            Phase::ServerRewrite => "server_rewrite_by_lua*",
            Phase::Rewrite => "rewrite_by_lua*",
            Phase::Access => "access_by_lua*",
            Phase::Content => "content_by_lua*",
            Phase::HeaderFilter => "header_filter_by_lua*",
            Phase::BodyFilter => "body_filter_by_lua*",
            Phase::Log => "log_by_lua*",
            Phase::Timer => "ngx.timer",
            Phase::ExitWorker => "exit_worker_by_lua*",
            Phase::Balancer => "balancer_by_lua*",
            Phase::Precontent => "precontent_by_lua*",
            Phase::SslCert => "ssl_certificate_by_lua*",
        }
    }

    /// What `ngx.get_phase()` returns.
    pub fn get_phase_name(self) -> &'static str {
        match self {
            Phase::Init => "init",
            Phase::InitWorker => "init_worker",
            Phase::Set => "set",
            Phase::ServerRewrite => "server_rewrite",
            Phase::Rewrite => "rewrite",
            Phase::Access => "access",
            Phase::Content => "content",
            Phase::HeaderFilter => "header_filter",
            Phase::BodyFilter => "body_filter",
            Phase::Log => "log",
            Phase::Timer => "timer",
            Phase::ExitWorker => "exit_worker",
            Phase::Balancer => "balancer",
            Phase::Precontent => "precontent",
            Phase::SslCert => "ssl_cert",
        }
    }

    /// The directive prefix used in chunk names, e.g. `content_by_lua(nginx.conf:17)`.
    pub fn directive_prefix(self) -> &'static str {
        match self {
            Phase::Init => "init_by_lua",
            Phase::InitWorker => "init_worker_by_lua",
            Phase::Set => "set_by_lua",
            Phase::ServerRewrite => "server_rewrite_by_lua",
            Phase::Rewrite => "rewrite_by_lua",
            Phase::Access => "access_by_lua",
            Phase::Content => "content_by_lua",
            Phase::HeaderFilter => "header_filter_by_lua",
            Phase::BodyFilter => "body_filter_by_lua",
            Phase::Log => "log_by_lua",
            Phase::Timer => "ngx.timer",
            Phase::ExitWorker => "exit_worker_by_lua",
            Phase::Balancer => "balancer_by_lua",
            Phase::Precontent => "precontent_by_lua",
            Phase::SslCert => "ssl_certificate_by_lua",
        }
    }

    /// The phase a `*_by_lua*` directive name belongs to (`content_by_lua_block` → Content).
    pub fn from_directive(name: &str) -> Option<Phase> {
        let base = name
            .strip_suffix("_block")
            .or_else(|| name.strip_suffix("_file"))
            .unwrap_or(name);
        Phase::ALL
            .into_iter()
            .find(|p| p.directive_prefix() == base && *p != Phase::Timer)
    }
}

/// A set of phases: an API's allowed contexts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contexts(pub u32);

impl Contexts {
    pub const fn of(phases: &[Phase]) -> Contexts {
        let mut m = 0;
        let mut i = 0;
        while i < phases.len() {
            m |= phases[i] as u32;
            i += 1;
        }
        Contexts(m)
    }
    pub fn contains(self, p: Phase) -> bool {
        self.0 & p.bit() != 0
    }
}

use Phase::*;

/// Contexts where yielding APIs (sleep, cosockets, subrequests) are allowed.
pub const YIELDABLE: Contexts = Contexts::of(&[
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Timer,
    Precontent,
    SslCert,
]);
/// `ngx.say`, `ngx.print`, `ngx.flush`, `ngx.eof`, `ngx.exec`, `ngx.redirect`, `ngx.send_headers`.
pub const OUTPUT: Contexts = Contexts::of(&[Rewrite, ServerRewrite, Access, Content, Precontent]);
/// `ngx.exit`.
pub const EXIT: Contexts = Contexts::of(&[
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    HeaderFilter,
    Timer,
    Balancer,
    SslCert,
]);
/// `ngx.sleep`.
pub const SLEEP: Contexts = Contexts::of(&[
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    Timer,
    SslCert,
]);
/// `ngx.var.*`.
pub const VAR: Contexts = Contexts::of(&[
    Set,
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    HeaderFilter,
    BodyFilter,
    Log,
    Balancer,
]);
/// `ngx.header.*` write.
pub const HEADER: Contexts = Contexts::of(&[
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    HeaderFilter,
    BodyFilter,
    Log,
]);
/// Most request APIs: `ngx.req.get_headers`, `ngx.status`, ...
pub const REQUEST: Contexts = Contexts::of(&[
    Set,
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    HeaderFilter,
    BodyFilter,
    Log,
]);
/// `ngx.req.read_body`, `ngx.location.capture`, `ngx.req.socket`, `ngx.on_abort`.
pub const BODY_READ: Contexts =
    Contexts::of(&[Rewrite, ServerRewrite, Access, Content, Precontent]);
/// Cosockets, `ngx.thread.*`.
pub const COSOCKET: Contexts = Contexts::of(&[
    Rewrite,
    ServerRewrite,
    Access,
    Content,
    Precontent,
    Timer,
    SslCert,
]);
/// Time and most pure functions that are not allowed in init_by_lua (`ngx.now`, `ngx.re.*`, ...).
pub const NOT_INIT: Contexts = Contexts(!(Init as u32) & 0xffff);
/// Everything.
pub const ANY: Contexts = Contexts(0xffff);

thread_local! {
    static CURRENT: Cell<Phase> = const { Cell::new(Phase::Init) };
}

/// The phase of the Lua code running on this worker thread right now.
pub fn current() -> Phase {
    CURRENT.with(|c| c.get())
}

/// Set by the runtime before it resumes Lua code of a given phase.
pub fn set_current(p: Phase) {
    CURRENT.with(|c| c.set(p));
}

/// `API disabled in the context of <ctx>`: lua-nginx-module's `ngx_http_lua_check_context`.
pub fn check(allowed: Contexts) -> Result<(), String> {
    let p = current();
    if allowed.contains(p) {
        Ok(())
    } else {
        Err(format!(
            "API disabled in the context of {}",
            p.context_name()
        ))
    }
}

/// lua-nginx-module's fake-request check (`r->connection->fd == -1`): the request APIs fail in
/// a timer's fake request with this text, whatever their context mask allows.
pub fn no_fake_request() -> Result<(), String> {
    if current() == Phase::Timer {
        Err("API disabled in the current context".into())
    } else {
        Ok(())
    }
}

/// The same check at a given phase, for the compiler's build-time analysis.
pub fn allowed_in(allowed: Contexts, p: Phase) -> bool {
    allowed.contains(p)
}
