//! `ngx.thread.spawn`, `ngx.thread.wait`, `ngx.thread.kill` (`ngx_http_lua_uthread.c`),
//! `ngx.on_abort`, and the runner that drives a handler's entry thread together with the light
//! threads it spawns.
//!
//! # Model
//! One run of a Lua handler (a phase handler, a timer callback) is a [`Group`]: the entry thread
//! plus every light thread spawned while it runs, all polled by [`run_entry`] inside one future
//! (so one task of the worker's event loop per request, no `Send`). Each thread has its own waker flag, so a wake-up
//! re-polls only the threads that asked for it. The run ends, as in OpenResty, when
//! - the entry thread and all light threads are done,
//! - any of them calls `ngx.exit`/`ngx.exec`/`ngx.redirect` (the request's `exit` is set): the
//!   others are dropped,
//! - the entry thread fails: the light threads are dropped. A light thread's failure is only
//!   logged (`lua user thread aborted: ...`) and seen by whoever waits on it.
//!
//! `spawn` runs the new thread at once until it first waits; the parent goes on at once if no
//! other thread waits for its turn, else it queues behind them, as does a thread calling
//! `coroutine.yield` (OpenResty's posted threads): the runner resumes the queue one thread at a
//! time, oldest first, whenever nothing else moved — the order of output OpenResty gives. A thread object is the Lua coroutine itself
//! (`type(t) == "thread"`). Parents are told apart by the running coroutine
//! (`Lua::current_thread`), as lua-nginx-module compares co ctxs.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ffi::c_void;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::lua::Scoped;
use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase::{self, Contexts, Phase};
use crate::plan::LogLevel;
use crate::request::ReqRef;
use crate::worker::Worker;

type LuaFut = Pin<Box<dyn Future<Output = mlua::Result<MultiValue>>>>;

/// `ngx.thread.wait` / `ngx.thread.kill`: rewrite, access, content, timer.
const WAIT: Contexts = Contexts::of(&[
    Phase::Rewrite,
    Phase::ServerRewrite,
    Phase::Access,
    Phase::Content,
    Phase::Precontent,
    Phase::Timer,
]);
/// `ngx.on_abort`: rewrite, access, content.
const ON_ABORT: Contexts = Contexts::of(&[
    Phase::Rewrite,
    Phase::ServerRewrite,
    Phase::Access,
    Phase::Content,
    Phase::Precontent,
]);

/// A waker that marks one thread of a group ready, then wakes the task driving the group.
struct Flag {
    ready: AtomicBool,
    task: Mutex<Option<Waker>>,
}

impl Flag {
    fn new(task: Option<Waker>) -> Arc<Flag> {
        Arc::new(Flag {
            ready: AtomicBool::new(true),
            task: Mutex::new(task),
        })
    }
    fn take(&self) -> bool {
        self.ready.swap(false, Ordering::AcqRel)
    }
    fn set_task(&self, w: &Waker) {
        if let Ok(mut t) = self.task.lock() {
            if !t.as_ref().is_some_and(|old| old.will_wake(w)) {
                *t = Some(w.clone());
            }
        }
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.ready.store(true, Ordering::Release);
        if let Ok(t) = self.task.lock() {
            if let Some(w) = t.as_ref() {
                w.wake_by_ref();
            }
        }
    }
}

/// Where a light thread is in its life (`NGX_HTTP_LUA_CO_*`).
enum State {
    Running,
    /// Finished, not yet waited for: a zombie keeps its results (or its error message).
    Zombie(Result<MultiValue, String>),
    /// Waited for or killed.
    Dead,
}

struct Slot {
    thread: mlua::Thread,
    /// The coroutine that spawned it (only it may wait on or kill it).
    parent: *const c_void,
    /// That coroutine itself, for the `coroutine 1:` part of an error's traceback.
    parent_co: Option<mlua::Thread>,
    /// None while it is being polled, and once it is no longer running.
    fut: Option<LuaFut>,
    state: State,
    flag: Arc<Flag>,
    waker: Waker,
    /// Captures this thread is waiting on (such a thread cannot be killed).
    captures: Rc<Cell<u32>>,
}

/// A thread waiting for its turn to run again (`ngx_http_lua_post_thread`).
#[derive(Default)]
struct Ticket {
    released: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

/// The light threads of one handler run (`Request::threads` while it runs).
#[derive(Default)]
pub struct Group {
    slots: RefCell<Vec<Slot>>,
    /// Threads that gave way (a parent that spawned, a thread that called `coroutine.yield`),
    /// resumed one at a time in the order they gave way, as OpenResty's posted threads.
    posted: RefCell<VecDeque<Rc<Ticket>>>,
    /// Threads blocked in `ngx.thread.wait`: woken whenever a light thread ends.
    waiters: RefCell<Vec<Waker>>,
    /// The waker of the task driving this group (light threads' flags wake it).
    task: RefCell<Option<Waker>>,
    /// `ngx.on_abort`'s callback and where it was registered (a second call is a "duplicate
    /// call"); taken when the client goes away and the callback starts as a light thread.
    on_abort: RefCell<Option<OnAbort>>,
    /// The callback was registered (it stays a duplicate after it ran).
    on_abort_set: Cell<bool>,
}

/// A registered `ngx.on_abort` callback, with its parent as `spawn` records one.
struct OnAbort {
    f: Function,
    parent: *const c_void,
    parent_co: Option<mlua::Thread>,
}

impl Group {
    /// A new light thread running `f(args)` in `phase`, not polled yet: the thread and its
    /// slot.
    fn add(
        &self,
        (lua, phase): (&Lua, Phase),
        (w, r): (&Rc<Worker>, &ReqRef),
        f: Function,
        args: MultiValue,
        (parent, parent_co): (*const c_void, Option<mlua::Thread>),
    ) -> mlua::Result<(mlua::Thread, usize)> {
        let thread = lua.create_thread(f)?;
        let fut = thread.clone().into_async::<MultiValue>(args)?;
        let scoped = Scoped::new(fut, Some((w.clone(), r.clone())), phase);
        let flag = Flag::new(self.task.borrow().clone());
        let waker = Waker::from(flag.clone());
        let mut slots = self.slots.borrow_mut();
        slots.push(Slot {
            thread: thread.clone(),
            parent,
            parent_co,
            fut: Some(Box::pin(scoped)),
            state: State::Running,
            flag,
            waker,
            captures: Rc::default(),
        });
        Ok((thread, slots.len() - 1))
    }

    fn set_task(&self, w: &Waker) {
        let changed = !self
            .task
            .borrow()
            .as_ref()
            .is_some_and(|old| old.will_wake(w));
        if changed {
            *self.task.borrow_mut() = Some(w.clone());
            for s in self.slots.borrow().iter() {
                s.flag.set_task(w);
            }
        }
    }

    /// Queue the calling thread behind the threads already waiting for their turn.
    fn post(&self) -> Rc<Ticket> {
        let t = Rc::new(Ticket::default());
        self.posted.borrow_mut().push_back(t.clone());
        t
    }

    /// Take the turn at once if `t` is first in line.
    fn take_turn(&self, t: &Rc<Ticket>) -> bool {
        let mut q = self.posted.borrow_mut();
        if q.front().is_some_and(|f| Rc::ptr_eq(f, t)) {
            q.pop_front();
            true
        } else {
            false
        }
    }

    /// Let the first waiting thread run. False if none waits.
    fn release_next(&self) -> bool {
        let Some(t) = self.posted.borrow_mut().pop_front() else {
            return false;
        };
        t.released.set(true);
        if let Some(wk) = t.waker.borrow_mut().take() {
            wk.wake();
        }
        true
    }

    fn find(&self, t: &mlua::Thread) -> Option<usize> {
        let p = t.to_pointer();
        self.slots
            .borrow()
            .iter()
            .position(|s| s.thread.to_pointer() == p)
    }

    fn all_done(&self) -> bool {
        self.slots
            .borrow()
            .iter()
            .all(|s| !matches!(s.state, State::Running))
    }

    /// Drop every light thread still running (the request is finishing).
    fn kill_all(&self) {
        let futs: Vec<LuaFut> = self
            .slots
            .borrow_mut()
            .iter_mut()
            .filter_map(|s| s.fut.take())
            .collect();
        drop(futs);
        self.slots.borrow_mut().clear();
        self.waiters.borrow_mut().clear();
        self.posted.borrow_mut().clear();
    }

    /// Poll light thread `i` if it is running. Returns true if it was polled.
    fn poll_slot(&self, w: &Rc<Worker>, r: &ReqRef, i: usize, force: bool) -> bool {
        let (mut fut, waker) = {
            let mut slots = self.slots.borrow_mut();
            let Some(s) = slots.get_mut(i) else {
                return false;
            };
            if s.fut.is_none() || !(s.flag.take() || force) {
                return false;
            }
            (s.fut.take().expect("checked above"), s.waker.clone())
        };
        let mut cx = Context::from_waker(&waker);
        match fut.as_mut().poll(&mut cx) {
            Poll::Pending => {
                let mut slots = self.slots.borrow_mut();
                if let Some(s) = slots.get_mut(i) {
                    if matches!(s.state, State::Running) {
                        s.fut = Some(fut);
                        return true;
                    }
                }
                drop(slots);
                drop(fut);
            }
            Poll::Ready(res) => {
                drop(fut);
                let res = match res {
                    Ok(v) => Ok(v),
                    Err(e) => {
                        let (msg, tb) = crate::lua::split_error(&e);
                        if r.borrow().exit.is_none() {
                            let line = if tb.is_empty() {
                                format!("lua user thread aborted: runtime error: {msg}")
                            } else {
                                let parents = self.parent_tracebacks(w, i);
                                format!(
                                    "lua user thread aborted: runtime error: {msg}\n{tb}{parents}"
                                )
                            };
                            crate::engine::log_req(w, r, LogLevel::Error, &line);
                        }
                        Err(msg)
                    }
                };
                if let Some(s) = self.slots.borrow_mut().get_mut(i) {
                    if matches!(s.state, State::Running) {
                        s.state = State::Zombie(res);
                    }
                }
                let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
                for wk in waiters {
                    wk.wake();
                }
            }
        }
        true
    }

    /// `coroutine 1:`, `coroutine 2:`... : the stacks of light thread `i`'s parent, its
    /// parent's parent... as `ngx_http_lua_thread_traceback` appends them.
    fn parent_tracebacks(&self, w: &Rc<Worker>, i: usize) -> String {
        let lua = &w.vm().lua;
        let mut out = String::new();
        let mut co = self.slots.borrow().get(i).and_then(|s| s.parent_co.clone());
        let mut n = 1;
        while let Some(t) = co {
            if n > 20 {
                break;
            }
            out.push_str(&format!("\ncoroutine {n}:"));
            for f in coroutine_frames(lua, &t) {
                out.push('\n');
                out.push_str(&f);
            }
            n += 1;
            co = self
                .find(&t)
                .and_then(|j| self.slots.borrow()[j].parent_co.clone());
        }
        out
    }

    /// Poll every light thread whose flag is set. Returns true if any was polled.
    fn poll_ready(&self, w: &Rc<Worker>, r: &ReqRef) -> bool {
        let mut any = false;
        let mut i = 0;
        loop {
            if i >= self.slots.borrow().len() {
                break;
            }
            if self.poll_slot(w, r, i, false) {
                any = true;
            }
            if r.borrow().exit.is_some() {
                break;
            }
            i += 1;
        }
        any
    }
}

/// Run `f(args)` as the entry thread of `r` in `phase`, with the light threads it spawns.
///
/// `None`: `ngx.exit` (or `exec`, `redirect`) was called by one of the threads and the run was
/// cut short; the request's `exit` says how it ends. Otherwise the entry thread's result, once
/// it and every light thread are done (at once when the entry thread fails).
///
/// The group is created by the first `spawn`: a handler without light threads costs one poll
/// of its entry thread per wake-up, nothing more. The entry thread is polled on every wake-up
/// of the task (it has no flag of its own); light threads only when their flag is set.
pub async fn run_entry(
    w: &Rc<Worker>,
    r: &ReqRef,
    f: &Function,
    args: MultiValue,
    phase: Phase,
) -> Option<mlua::Result<MultiValue>> {
    let prev = r.borrow_mut().threads.take();
    let mut watch = ClientWatch::new(w, r, phase);
    let fut = f.call_async::<MultiValue>(args);
    let mut entry: Option<Scoped<_>> = Some(Scoped::new(fut, Some((w.clone(), r.clone())), phase));
    let mut entry_res: Option<mlua::Result<MultiValue>> = None;
    let out = std::future::poll_fn(|cx| {
        watch.poll(w, r, cx);
        // Bounded, so that a coroutine yielding in a loop cannot starve the worker.
        for _ in 0..64 {
            let mut polled = false;
            if let Some(e) = entry.as_mut() {
                polled = true;
                if let Poll::Ready(res) = Pin::new(e).poll(cx) {
                    entry = None;
                    entry_res = Some(res);
                }
            }
            let group = r.borrow().threads.clone();
            let Some(group) = group else {
                // No light thread (yet): the entry thread decides alone.
                if r.borrow().exit.is_some() {
                    return Poll::Ready(None);
                }
                return match entry_res.take() {
                    Some(res) => Poll::Ready(Some(res)),
                    None => Poll::Pending,
                };
            };
            group.set_task(cx.waker());
            if r.borrow().exit.is_some() {
                entry = None;
                group.kill_all();
                return Poll::Ready(None);
            }
            if matches!(entry_res, Some(Err(_))) {
                if r.borrow().pending_subrequests > 0 {
                    r.borrow_mut().abort_closes = true;
                }
                group.kill_all();
                return Poll::Ready(entry_res.take());
            }
            let children = group.poll_ready(w, r);
            if r.borrow().exit.is_some() {
                entry = None;
                group.kill_all();
                return Poll::Ready(None);
            }
            if entry_res.is_some() && group.all_done() {
                group.kill_all();
                return Poll::Ready(entry_res.take());
            }
            // Re-poll the entry thread if a light thread moved (it may be waiting on it);
            // once nothing moves, the first thread waiting for its turn runs.
            if children && polled {
                continue;
            }
            if !group.release_next() {
                return Poll::Pending;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await;
    // (taken first: the threads dropped may touch the request)
    let group = r.borrow_mut().threads.take();
    if let Some(g) = group {
        g.kill_all();
    }
    r.borrow_mut().threads = prev;
    out
}

/// `lua_check_client_abort on`: while a rewrite, access or content handler runs, a client that
/// closes its side (or whose connection fails) is noticed, as
/// ngx_http_lua_rd_check_broken_connection peeks at it: the `ngx.on_abort` callback starts as
/// a light thread, or without one the request ends with 499 and nothing more is sent. Bytes
/// of a pipelined request are not an abort (and end the watch, as nginx's read event does).
struct ClientWatch(Option<crate::flush::Client>, Phase);

impl ClientWatch {
    fn new(w: &Rc<Worker>, r: &ReqRef, phase: Phase) -> ClientWatch {
        let rq = r.borrow();
        let watched = matches!(
            phase,
            Phase::Rewrite | Phase::ServerRewrite | Phase::Access | Phase::Content
        ) && rq.subrequest == 0
            && rq.raw_socket.is_none()
            && crate::output::conf(w, &rq).lua_check_client_abort;
        ClientWatch(if watched { rq.client.clone() } else { None }, phase)
    }

    fn poll(&mut self, w: &Rc<Worker>, r: &ReqRef, cx: &mut Context<'_>) {
        let Some(client) = &self.0 else { return };
        let mut byte = [0u8; 1];
        let gone = match client.io().poll_peek(cx, &mut byte) {
            Poll::Pending => return,
            Poll::Ready(Ok(n)) => n == 0,
            Poll::Ready(Err(_)) => true,
        };
        self.0 = None;
        if !gone || r.borrow().exit.is_some() {
            return;
        }
        crate::engine::log_req(w, r, LogLevel::Info, "client prematurely closed connection");
        let group = r.borrow().threads.clone();
        let callback = group.as_ref().and_then(|g| g.on_abort.borrow_mut().take());
        let (Some(group), Some(cb)) = (group, callback) else {
            r.borrow_mut().exit = Some(crate::request::Exit::Code(499));
            return;
        };
        let lua = &w.vm().lua;
        let args = MultiValue::new();
        let parent = (cb.parent, cb.parent_co);
        if let Ok((_, i)) = group.add((lua, self.1), (w, r), cb.f, args, parent) {
            group.set_task(cx.waker());
            group.poll_slot(w, r, i, true);
        }
    }
}

/// The running coroutine as Lua sees it (`coroutine.running()`; None in the main thread).
fn running_coroutine(lua: &Lua) -> Option<mlua::Thread> {
    let co: Table = lua.globals().raw_get("coroutine").ok()?;
    let running: Function = co.raw_get("running").ok()?;
    running.call::<Option<mlua::Thread>>(()).ok().flatten()
}

/// The frames of a suspended coroutine as OpenResty prints them: restyc's own frames (the
/// async machinery it waits in) collapse into `[C]: in function 'NAME'`, NAME being the API
/// the Lua code called.
fn coroutine_frames(lua: &Lua, t: &mlua::Thread) -> Vec<String> {
    let tb: Option<String> = (|| {
        let debug: Table = lua.globals().raw_get("debug").ok()?;
        let traceback: Function = debug.raw_get("traceback").ok()?;
        traceback.call::<String>((t.clone(), "", 0)).ok()
    })();
    let Some(tb) = tb else { return Vec::new() };
    let mut out = Vec::new();
    // Inside restyc's frames: Some(the API's name, if the caller named it).
    let mut api: Option<Option<String>> = None;
    let c_frame = |name: Option<String>| match name {
        Some(n) => format!("\t[C]: in function '{n}'"),
        None => "\t[C]: ?".to_string(),
    };
    for line in tb.lines() {
        let l = line.trim_end();
        if l.is_empty() || l.trim() == "stack traceback:" {
            continue;
        }
        let t = l.trim_start();
        let internal = l.contains("[restyc")
            || l.contains("__mlua")
            || t.starts_with("[C]:")
            || t.starts_with("[builtin#");
        if internal {
            // The outermost of restyc's Lua frames tells how the user's code named the API.
            if t.starts_with("[C]:") || t.starts_with("[builtin#") {
                api = Some(api.flatten());
            } else {
                let named = l.find("in function '").and_then(|i| {
                    l[i + "in function '".len()..]
                        .split('\'')
                        .next()
                        .map(str::to_string)
                });
                api = Some(named);
            }
            continue;
        }
        if let Some(name) = api.take() {
            out.push(c_frame(name));
        }
        out.push(crate::lua::openresty_frame(&format!(
            "\t{}",
            l.trim_start()
        )));
    }
    if let Some(name) = api {
        out.push(c_frame(name));
    }
    out
}

fn current_thread_ptr(lua: &Lua) -> *const c_void {
    lua.current_thread().to_pointer()
}

fn is_lua_function(f: &Function) -> bool {
    f.info().what != "C"
}

/// `ngx.thread.spawn(f, ...)`.
async fn spawn(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(phase::COSOCKET).map_err(Raise::Error)?;
    let f = match a.front() {
        Some(Value::Function(f)) if is_lua_function(f) => f.clone(),
        _ => return Err(Raise::Arg(1, "Lua function expected".into())),
    };
    // The first light thread of this handler run creates its group; the runner (run_entry)
    // drives it from then on. The caller's waker is the task's (the entry thread has no flag).
    let existing = r.borrow().threads.clone();
    let group = match existing {
        Some(g) => g,
        None => {
            let task = std::future::poll_fn(|cx| Poll::Ready(cx.waker().clone())).await;
            let g = Rc::new(Group::default());
            *g.task.borrow_mut() = Some(task);
            g
        }
    };
    if r.borrow().threads.is_none() {
        r.borrow_mut().threads = Some(group.clone());
    }
    let parent = current_thread_ptr(&lua);
    let parent_co = running_coroutine(&lua);
    let args: MultiValue = a.into_iter().skip(1).collect();
    let (thread, i) = group.add(
        (&lua, phase::current()),
        (&w, &r),
        f,
        args,
        (parent, parent_co),
    )?;
    // OpenResty runs the new thread first, until it waits or ends, with the parent queued
    // behind the threads already waiting for their turn.
    let ticket = group.post();
    group.poll_slot(&w, &r, i, true);
    if r.borrow().exit.is_some() {
        // The new thread ended the request: the parent never resumes.
        std::future::pending::<()>().await;
    }
    if !group.take_turn(&ticket) {
        wait_turn(&ticket).await;
    }
    Ok(MultiValue::from_iter([Value::Thread(thread)]))
}

/// Until `t` is released by the runner.
async fn wait_turn(t: &Ticket) {
    std::future::poll_fn(|cx| {
        if t.released.get() {
            return Poll::Ready(());
        }
        *t.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    })
    .await
}

/// `coroutine.yield()` in an entry or light thread (not in a user coroutine): when other
/// threads wait for their turn, go behind them (`NGX_HTTP_LUA_USER_CORO_YIELD` in
/// `ngx_http_lua_run_thread`); otherwise give way once, as LuaJIT's plain yield does here.
/// The yield's arguments are dropped.
async fn thread_yield(_lua: Lua, _a: MultiValue) -> RResult<MultiValue> {
    let group = crate::lua::current().and_then(|(_, r)| r.borrow().threads.clone());
    match group {
        Some(g) if !g.posted.borrow().is_empty() => {
            let t = g.post();
            wait_turn(&t).await;
        }
        _ => {
            let mut first = true;
            std::future::poll_fn(|cx| {
                if first {
                    first = false;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            })
            .await
        }
    }
    Ok(MultiValue::new())
}

/// How OpenResty names light thread `t` of the current request once it ended: "zombie" (not
/// waited for yet) or "dead" (waited for or killed); None while it runs or for other coroutines.
fn ended_state(t: &mlua::Thread) -> Option<&'static str> {
    let (_, r) = crate::lua::current()?;
    let group = r.borrow().threads.clone()?;
    let i = group.find(t)?;
    match group.slots.borrow()[i].state {
        State::Running => None,
        State::Zombie(_) => Some("zombie"),
        State::Dead => Some("dead"),
    }
}

/// A capture starts in the running coroutine: if it is a light thread, count it there until
/// the returned counter is decremented (`ngx.thread.kill` refuses such a thread).
pub fn capture_started(lua: &Lua) -> Option<Rc<Cell<u32>>> {
    let (_, r) = crate::lua::current()?;
    let group = r.borrow().threads.clone()?;
    let i = group.find(&lua.current_thread())?;
    let c = group.slots.borrow()[i].captures.clone();
    c.set(c.get() + 1);
    Some(c)
}

/// The light thread `v` of the current request's group, checked as wait and kill check it.
fn slot_of(
    r: &ReqRef,
    lua: &Lua,
    v: Option<&Value>,
    n: usize,
    what: &str,
) -> RResult<(Rc<Group>, usize)> {
    let t = match v {
        Some(Value::Thread(t)) => t.clone(),
        _ => return Err(Raise::Arg(n, "lua thread expected".into())),
    };
    let group = r.borrow().threads.clone();
    let Some((group, i)) = group.and_then(|g| g.find(&t).map(|i| (g, i))) else {
        return fail(format!(
            "attempt to {what} on a coroutine that is not a user thread"
        ));
    };
    let _ = lua;
    Ok((group, i))
}

/// `ngx.thread.wait(t1, t2, ...)`: the results of the first of them to end.
async fn wait(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(WAIT).map_err(Raise::Error)?;
    if a.is_empty() {
        return fail("at least one coroutine should be specified");
    }
    let me = current_thread_ptr(&lua);
    let mut picked = Vec::with_capacity(a.len());
    for (k, v) in a.iter().enumerate() {
        let (group, i) = slot_of(&r, &lua, Some(v), k + 1, "wait")?;
        if group.slots.borrow()[i].parent != me {
            return fail("only the parent coroutine can wait on the thread");
        }
        picked.push((group, i));
    }
    if picked.is_empty() {
        return Ok(MultiValue::new());
    }
    let n = picked.len();
    let res = std::future::poll_fn(|cx| {
        for (k, (group, i)) in picked.iter().enumerate() {
            let mut slots = group.slots.borrow_mut();
            let s = &mut slots[*i];
            match &s.state {
                State::Running => {}
                State::Dead => {
                    if k + 1 == n {
                        return Poll::Ready(Err(()));
                    }
                }
                State::Zombie(_) => {
                    let State::Zombie(res) = std::mem::replace(&mut s.state, State::Dead) else {
                        unreachable!()
                    };
                    return Poll::Ready(Ok(res));
                }
            }
        }
        if let Some((group, _)) = picked.first() {
            group.waiters.borrow_mut().push(cx.waker().clone());
        }
        Poll::Pending
    })
    .await;
    let mut out = MultiValue::new();
    match res {
        Err(()) => {
            out.push_back(Value::Nil);
            out.push_back(Value::String(
                lua.create_string("already waited or killed")?,
            ));
        }
        Ok(Ok(vals)) => {
            out.push_back(Value::Boolean(true));
            out.extend(vals);
        }
        Ok(Err(msg)) => {
            // OpenResty hands back the dead coroutine's stack, which for `error("x")` holds
            // "x" below the message with its position: `false, "x", "f.lua:1: x"`.
            out.push_back(Value::Boolean(false));
            if let Some(raised) = strip_position(&msg) {
                out.push_back(Value::String(lua.create_string(raised)?));
            }
            out.push_back(Value::String(lua.create_string(&msg)?));
        }
    }
    Ok(out)
}

/// `msg` without the `chunk:line: ` that `error` put in front of it (None: there is none).
fn strip_position(msg: &str) -> Option<&str> {
    let b = msg.as_bytes();
    let mut i = 0;
    while let Some(c) = msg[i..].find(':') {
        let colon = i + c;
        let digits = b[colon + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let end = colon + 1 + digits;
        if digits > 0 && msg[end..].starts_with(": ") {
            return Some(&msg[end + 2..]);
        }
        i = colon + 1;
    }
    None
}

/// `ngx.thread.kill(t)`: 1, or nil and why not.
fn kill(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(WAIT).map_err(Raise::Error)?;
    let nil_err = |m: &str| -> RResult<MultiValue> {
        Ok(MultiValue::from_iter([
            Value::Nil,
            Value::String(lua.create_string(m)?),
        ]))
    };
    let (group, i) = match slot_of(&r, lua, a.front(), 1, "kill") {
        Ok(x) => x,
        Err(Raise::Error(m)) if m.starts_with("attempt to kill") => {
            return nil_err("not user thread");
        }
        Err(e) => return Err(e),
    };
    if group.slots.borrow()[i].parent != current_thread_ptr(lua) {
        return nil_err("killer not parent");
    }
    if group.slots.borrow()[i].captures.get() > 0 {
        return nil_err("pending subrequests");
    }
    let (fut, was) = {
        let mut slots = group.slots.borrow_mut();
        let s = &mut slots[i];
        let was = std::mem::replace(&mut s.state, State::Dead);
        (s.fut.take(), was)
    };
    drop(fut);
    match was {
        State::Running => Ok(MultiValue::from_iter([Value::Integer(1)])),
        State::Zombie(_) => nil_err("already terminated"),
        State::Dead => nil_err("already waited or killed"),
    }
}

/// `ngx.on_abort(f)`: run `f` as a light thread when the client goes away while the handler
/// waits (`ClientWatch`); with `lua_check_client_abort off`, OpenResty refuses the call.
fn on_abort(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(ON_ABORT).map_err(Raise::Error)?;
    let nil_err = |m: &str| -> RResult<MultiValue> {
        Ok(MultiValue::from_iter([
            Value::Nil,
            Value::String(lua.create_string(m)?),
        ]))
    };
    let enabled = crate::output::conf(&w, &r.borrow()).lua_check_client_abort;
    if !enabled {
        return nil_err("lua_check_client_abort is off");
    }
    let existing = r.borrow().threads.clone();
    let group = existing.unwrap_or_else(|| {
        // (the runner adopts the group on its next poll)
        let g = Rc::new(Group::default());
        r.borrow_mut().threads = Some(g.clone());
        g
    });
    if group.on_abort_set.get() {
        return nil_err("duplicate call");
    }
    let f = match a.front() {
        Some(Value::Function(f)) if is_lua_function(f) => f.clone(),
        _ => return Err(Raise::Arg(1, "Lua function expected".into())),
    };
    group.on_abort_set.set(true);
    *group.on_abort.borrow_mut() = Some(OnAbort {
        f,
        parent: current_thread_ptr(lua),
        parent_co: running_coroutine(lua),
    });
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let t = crate::lua::subtable(lua, ngx, "thread")?;
    t.raw_set("spawn", raise::async_function(lua, spawn)?)?;
    t.raw_set("wait", raise::async_function(lua, wait)?)?;
    t.raw_set("kill", raise::function(lua, kill)?)?;
    // For the coroutine shim (misc.rs), which replaces `coroutine.yield`.
    lua.set_named_registry_value(
        "restyc.thread_yield",
        raise::async_function(lua, thread_yield)?,
    )?;
    lua.set_named_registry_value(
        "restyc.thread_ended_state",
        lua.create_function(|_, t: mlua::Thread| Ok(ended_state(&t)))?,
    )?;
    ngx.raw_set("on_abort", raise::function(lua, on_abort)?)?;
    Ok(())
}
