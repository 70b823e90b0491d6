//! `require "ngx.semaphore"` (resty.core's `ngx/semaphore.lua` over `ngx_http_lua_semaphore.c`)
//! and `require "ngx.process"`.
//!
//! A semaphore belongs to its worker, as in OpenResty. `post` adds resources and, like nginx's
//! posted event, hands them to waiters (oldest first) only after the poster goes on: a poster
//! that waits right after posting takes its own resource. `count` is resources minus waiters.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use mlua::{AnyUserData, Lua, Table, UserData};

use crate::phase::{self, Phase};

#[derive(Default)]
struct State {
    resources: i64,
    waiters: VecDeque<Rc<Waiter>>,
    /// A hand-out task is scheduled (nginx's `sem_event` is posted).
    handing_out: bool,
}

#[derive(Default)]
struct Waiter {
    granted: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

/// The userdata behind a semaphore object's `sem` field.
struct Sema(Rc<RefCell<State>>);

impl UserData for Sema {}

fn hand_out(state: &Rc<RefCell<State>>) {
    let mut s = state.borrow_mut();
    if s.handing_out || s.waiters.is_empty() || s.resources <= 0 {
        return;
    }
    s.handing_out = true;
    let state = state.clone();
    crate::rt::spawn_local(async move {
        let mut s = state.borrow_mut();
        s.handing_out = false;
        while s.resources > 0 {
            let Some(w) = s.waiters.pop_front() else {
                break;
            };
            s.resources -= 1;
            w.granted.set(true);
            if let Some(wk) = w.waker.borrow_mut().take() {
                wk.wake();
            }
        }
    });
}

/// Wait for a resource at most `ms` milliseconds: `Some(true)` when one was taken, `None` when
/// none was free and `ms` is 0, `Some(false)` when the wait timed out.
async fn wait(state: Rc<RefCell<State>>, ms: u64) -> Option<bool> {
    {
        let mut s = state.borrow_mut();
        if s.resources > 0 {
            s.resources -= 1;
            return Some(true);
        }
        if ms == 0 {
            return None;
        }
    }
    let me = Rc::new(Waiter::default());
    state.borrow_mut().waiters.push_back(me.clone());
    // Leaves the queue however the wait ends (granted, timed out, or the request went away).
    struct Leave(Rc<RefCell<State>>, Rc<Waiter>);
    impl Drop for Leave {
        fn drop(&mut self) {
            if !self.1.granted.get() {
                self.0
                    .borrow_mut()
                    .waiters
                    .retain(|w| !Rc::ptr_eq(w, &self.1));
            }
        }
    }
    let _leave = Leave(state.clone(), me.clone());
    let granted = std::future::poll_fn(|cx| {
        if me.granted.get() {
            return Poll::Ready(());
        }
        *me.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    });
    let timed = crate::rt::time::timeout(Duration::from_millis(ms), granted);
    let ok = crate::flush::while_waiting(timed).await.is_ok() || me.granted.get();
    crate::clock::update();
    Some(ok)
}

/// The `ngx.semaphore` and `ngx.process` modules, loaded on first `require`.
pub fn preload(lua: &Lua, preload: &Table) -> mlua::Result<()> {
    let new = lua.create_function(|_, n: i64| {
        Ok(Sema(Rc::new(RefCell::new(State {
            resources: n,
            ..Default::default()
        }))))
    })?;
    let post = lua.create_function(|_, (ud, n): (AnyUserData, i64)| {
        let state = ud.borrow::<Sema>()?.0.clone();
        state.borrow_mut().resources += n;
        hand_out(&state);
        Ok(())
    })?;
    let count = lua.create_function(|_, ud: AnyUserData| {
        let s = ud.borrow::<Sema>()?.0.clone();
        let s = s.borrow();
        Ok(s.resources - s.waiters.len() as i64)
    })?;
    let wait_fn = lua.create_async_function(|_, (ud, ms): (AnyUserData, f64)| {
        let state = ud.borrow::<Sema>().map(|s| s.0.clone());
        async move { Ok(wait(state?, ms as u64).await) }
    })?;
    // Where `wait` may yield: the phases lua-nginx-module lets a semaphore wait in.
    let context = lua.create_function(|_, ()| {
        Ok(match phase::current() {
            Phase::Init | Phase::InitWorker | Phase::ExitWorker => Some("no request"),
            Phase::Rewrite
            | Phase::ServerRewrite
            | Phase::Access
            | Phase::Content
            | Phase::Timer
            | Phase::Precontent => None,
            p => Some(p.context_name()),
        })
    })?;
    let process_type = lua.create_function(|_, ()| {
        Ok(if phase::current() == Phase::Init {
            "master"
        } else {
            "worker"
        })
    })?;
    let get_phase = lua.create_function(|_, ()| Ok(phase::current().get_phase_name()))?;
    let graceful_exit = lua.create_function(|_, ()| {
        crate::serve::request_shutdown();
        Ok(())
    })?;
    let (sema, process): (mlua::Function, mlua::Function) = lua
        .load(SEMAPHORE_AND_PROCESS_LUA)
        .set_name("=[restyc ngx.semaphore]")
        .call((
            new,
            post,
            count,
            wait_fn,
            context,
            process_type,
            get_phase,
            graceful_exit,
            crate::ngx::misc::RESTY_CORE_VERSION,
        ))?;
    preload.raw_set("ngx.semaphore", sema)?;
    preload.raw_set("ngx.process", process)?;
    Ok(())
}

const SEMAPHORE_AND_PROCESS_LUA: &str = r#"
local new_sem, post, count, wait, context, process_type, get_phase, graceful_exit, VERSION = ...
local type, tonumber, setmetatable, error = type, tonumber, setmetatable, error

local function semaphore()
    local _M = { version = VERSION }
    local mt = { __index = _M }
    local function check(self)
        if type(self) ~= "table" or type(self.sem) ~= "userdata" then
            error("not a semaphore instance", 3)
        end
    end
    function _M.new(n)
        n = tonumber(n) or 0
        if n < 0 then
            error("no negative number", 2)
        end
        return setmetatable({ sem = new_sem(n) }, mt)
    end
    function _M.wait(self, seconds)
        check(self)
        local ctx = context()
        if ctx == "no request" then
            error("no request found")
        end
        local ms = tonumber(seconds) * 1000
        if ms < 0 then
            error("no negative number", 2)
        end
        if ctx then
            return nil, "API disabled in the context of " .. ctx
        end
        local ok = wait(self.sem, ms)
        if ok then
            return true
        end
        -- (false once it waited, as lua-nginx-module resumes a timed-out waiter)
        return ok, "timeout"
    end
    function _M.post(self, n)
        check(self)
        local num = n and tonumber(n) or 1
        if num < 1 then
            error("positive number required", 2)
        end
        post(self.sem, num)
        return true
    end
    function _M.count(self)
        check(self)
        return count(self.sem)
    end
    return _M
end

-- restyc is one process: its init phase is the master's, everything else a worker's.
local function process()
    local _M = { version = VERSION }
    _M.type = process_type
    function _M.enable_privileged_agent(connections)
        if get_phase() ~= "init" then
            return nil, "API disabled in the current context"
        end
        connections = connections or 512
        if type(connections) ~= "number" or connections < 0 then
            return nil, "bad 'connections' argument: number expected and greater than 0"
        end
        return nil, "the privileged agent process is not supported by restyc"
    end
    function _M.signal_graceful_exit()
        graceful_exit()
    end
    function _M.get_master_pid()
        return ngx.worker.pid()
    end
    return _M
end

return semaphore, process
"#;
