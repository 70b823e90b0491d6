//! One worker: an OS thread with its own single-threaded executor, Lua VM and route matchers.

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use crate::lua::LuaVm;
use crate::native::NativeFn;
use crate::plan::Plan;
use crate::route::Router;
use crate::shdict::ShDicts;

pub struct Worker {
    /// `ngx.worker.id()`: 0..count-1.
    pub id: usize,
    pub count: usize,
    pub plan: Arc<Plan>,
    pub router: Router,
    /// The `-p` prefix (`$prefix`, logs/, relative paths).
    pub prefix: PathBuf,
    pub hostname: String,
    pub shdicts: Arc<ShDicts>,
    /// `limit_req_zone` / `limit_conn_zone` zones, indexed as in the plan.
    pub limit_req_zones: Arc<Vec<crate::limit_req::Zone>>,
    pub limit_conn_zones: Arc<Vec<Arc<crate::limit_conn::Zone>>>,
    /// Handlers the transpiler turned into Rust, indexed by `Chunk::native`.
    pub natives: &'static [NativeFn],
    /// The upstreams `proxy_pass` uses, resolved at start, with their per-worker state.
    pub upstreams: crate::proxy::Upstreams,
    /// Set once, right after the worker is created (the VM's callbacks need the `Rc<Worker>`).
    pub lua: std::cell::OnceCell<LuaVm>,
    /// The servers' TLS configurations, when a socket is `listen … ssl`.
    pub tls: Option<Arc<crate::tls::Tls>>,
    /// Recorded answers of the locations whose response is settled at build time.
    pub answers: crate::constant::Answers,
}

/// What nginx keeps in shared memory, built once and handed to every worker.
#[derive(Clone)]
pub struct Shared {
    pub shdicts: Arc<ShDicts>,
    pub limit_req_zones: Arc<Vec<crate::limit_req::Zone>>,
    pub limit_conn_zones: Arc<Vec<Arc<crate::limit_conn::Zone>>>,
    /// Loaded once at start (`Tls::new`), so that all workers resume each other's sessions.
    pub tls: Option<Arc<crate::tls::Tls>>,
}

impl Shared {
    pub fn new(plan: &Plan) -> Shared {
        let dicts: Vec<(String, u64)> = plan
            .http
            .shared_dicts
            .iter()
            .map(|d| (d.name.clone(), d.size))
            .collect();
        Shared {
            shdicts: Arc::new(ShDicts::new(&dicts)),
            limit_req_zones: Arc::new(crate::limit_req::zones(&plan.http.limit_req_zones)),
            limit_conn_zones: Arc::new(crate::limit_conn::zones(&plan.http.limit_conn_zones)),
            tls: None,
        }
    }
}

impl Worker {
    pub fn new(
        id: usize,
        count: usize,
        plan: Arc<Plan>,
        prefix: PathBuf,
        shared: &Shared,
        natives: &'static [NativeFn],
    ) -> Result<Rc<Worker>, String> {
        let router = Router::build(&plan)?;
        let hostname = hostname();
        let upstreams = crate::proxy::Upstreams::new(&plan)?;
        let answers = crate::constant::Answers::new(&plan);
        let w = Rc::new(Worker {
            answers,
            upstreams,
            id,
            count,
            plan,
            router,
            prefix,
            hostname,
            shdicts: shared.shdicts.clone(),
            limit_req_zones: shared.limit_req_zones.clone(),
            limit_conn_zones: shared.limit_conn_zones.clone(),
            natives,
            lua: std::cell::OnceCell::new(),
            tls: shared.tls.clone(),
        });
        crate::ngx::re::set_match_limit(w.plan.http.lua.regex_match_limit);
        let vm = LuaVm::new(&w).map_err(|e| format!("failed to create the Lua VM: {e}"))?;
        let _ = w.lua.set(vm);
        Ok(w)
    }

    pub fn vm(&self) -> &LuaVm {
        self.lua
            .get()
            .expect("the Lua VM is created with the worker")
    }
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if rc != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
