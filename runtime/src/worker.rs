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
    /// Handlers the transpiler turned into Rust, indexed by `Chunk::native`.
    pub natives: &'static [NativeFn],
    /// The upstreams `proxy_pass` uses, resolved at start, with their per-worker state.
    pub upstreams: crate::proxy::Upstreams,
    /// Set once, right after the worker is created (the VM's callbacks need the `Rc<Worker>`).
    pub lua: std::cell::OnceCell<LuaVm>,
}

impl Worker {
    pub fn new(
        id: usize,
        count: usize,
        plan: Arc<Plan>,
        prefix: PathBuf,
        shdicts: Arc<ShDicts>,
        natives: &'static [NativeFn],
    ) -> Result<Rc<Worker>, String> {
        let router = Router::build(&plan)?;
        let hostname = hostname();
        let upstreams = crate::proxy::Upstreams::new(&plan)?;
        let w = Rc::new(Worker {
            upstreams,
            id,
            count,
            plan,
            router,
            prefix,
            hostname,
            shdicts,
            natives,
            lua: std::cell::OnceCell::new(),
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
