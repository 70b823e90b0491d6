//! `ngx.timer.at`, `ngx.timer.every`, `ngx.timer.running_count`, `ngx.timer.pending_count`
//! (`ngx_http_lua_timer.c`).
//!
//! A timer is a task on the worker's `LocalSet`: it sleeps, then runs the callback as the entry
//! thread of a fake request (OpenResty's fake connection and request): phase `timer`, its own
//! `ngx.ctx`, no `ngx.var`, no output; light threads work as in requests. Its error log lines end
//! in `, context: ngx.timer, client: ..., server: ...` with the creating request's facts.
//! On a graceful stop (SIGQUIT) every pending timer fires at once with `premature = true`
//! (`ngx_http_lua_abort_pending_timers`); the process exits once those callbacks are done.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase::{self, Phase};
use crate::plan::LogLevel;
use crate::request::ReqRef;
use crate::worker::Worker;

/// lua-nginx-module's defaults for `lua_max_pending_timers` and `lua_max_running_timers`.
const DEFAULT_MAX_PENDING: usize = 1024;
const DEFAULT_MAX_RUNNING: usize = 256;

thread_local! {
    /// Timers created and not yet started, on this worker.
    static PENDING: Cell<usize> = const { Cell::new(0) };
    /// Timer callbacks running now, on this worker.
    static RUNNING: Cell<usize> = const { Cell::new(0) };
    /// Set once the worker is shutting down (`ngx.worker.exiting()`); wakes pending timers.
    static EXITING: tokio::sync::watch::Sender<bool> = tokio::sync::watch::Sender::new(false);
}

/// Timers pending or running, on every worker (a graceful stop waits for them).
static BUSY: AtomicUsize = AtomicUsize::new(0);
/// Workers that have fired their pending timers prematurely.
static ABORTED: AtomicUsize = AtomicUsize::new(0);

/// `ngx.worker.exiting()`.
pub fn exiting() -> bool {
    EXITING.with(|e| *e.borrow())
}

/// Graceful stop, on this worker: every pending timer fires now with `premature = true`.
pub fn abort_pending() {
    if !exiting() {
        EXITING.with(|e| e.send_replace(true));
        ABORTED.fetch_add(1, Ordering::SeqCst);
    }
}

/// No timer pending or running on this worker.
pub fn idle() -> bool {
    PENDING.with(|c| c.get()) == 0 && RUNNING.with(|c| c.get()) == 0
}

/// Whether `workers` workers have fired their pending timers and every callback is done.
pub fn all_done(workers: usize) -> bool {
    ABORTED.load(Ordering::SeqCst) >= workers && BUSY.load(Ordering::SeqCst) == 0
}

/// Wait `d`, or less if the worker starts exiting: true when cut short (premature).
async fn wait(d: Duration) -> bool {
    let mut rx = EXITING.with(|e| e.subscribe());
    if *rx.borrow_and_update() {
        return true;
    }
    tokio::select! {
        _ = crate::rt::time::sleep(d) => false,
        _ = rx.changed() => true,
    }
}

fn add(c: &'static std::thread::LocalKey<Cell<usize>>, d: isize) {
    c.with(|c| c.set((c.get() as isize + d).max(0) as usize));
}

/// Where a timer was created: what its fake request and its log lines carry.
#[derive(Clone)]
struct Origin {
    conn: Option<crate::request::ConnInfo>,
    server: usize,
    /// The creating request's location: its configuration applies (error_log, lua_socket_*).
    loc: Option<crate::plan::LocId>,
    log_suffix: String,
}

fn origin(w: &Worker, r: Option<&ReqRef>) -> Origin {
    let mut log_suffix = String::from(", context: ngx.timer");
    let Some(r) = r else {
        return Origin {
            conn: None,
            server: 0,
            loc: None,
            log_suffix,
        };
    };
    let rq = r.borrow();
    let conn = rq.conn.clone();
    let client = conn.client_text();
    log_suffix.push_str(&format!(", client: {client}"));
    if let Some(l) = w.plan.http.listens.get(conn.socket) {
        log_suffix.push_str(&format!(", server: {}", l.addr));
    }
    Origin {
        conn: Some(conn),
        server: rq.server,
        loc: rq.loc,
        log_suffix,
    }
}

/// The fake request a timer callback runs in.
fn fake_request(o: &Origin) -> ReqRef {
    let any: std::net::SocketAddr = ([0, 0, 0, 0], 0).into();
    let conn = o.conn.clone().unwrap_or(crate::request::ConnInfo {
        remote: any,
        local: any,
        id: 0,
        socket: 0,
        requests: 0,
        tls: None,
        plain_http_on_tls: false,
        unix: None,
    });
    let r = crate::serve::fake_request(conn, o.server, o.log_suffix.clone());
    r.borrow_mut().loc = o.loc;
    r
}

/// Run one callback to its end (with its light threads) in a fresh fake request.
async fn run_callback(w: Rc<Worker>, o: Origin, f: Function, args: MultiValue, premature: bool) {
    let r = fake_request(&o);
    let mut call_args = MultiValue::with_capacity(args.len() + 1);
    call_args.push_back(Value::Boolean(premature));
    call_args.extend(args);
    let res = crate::ngx::thread::run_entry(&w, &r, &f, call_args, Phase::Timer).await;
    if let Some(Err(e)) = res {
        let (msg, tb) = crate::lua::split_error(&e);
        let line = if tb.is_empty() {
            format!("lua entry thread aborted: runtime error: {msg}")
        } else {
            format!("lua entry thread aborted: runtime error: {msg}\n{tb}")
        };
        crate::engine::log_req(&w, &r, LogLevel::Error, &line);
    }
    r.borrow_mut().lua_ctx = None;
    add(&RUNNING, -1);
    BUSY.fetch_sub(1, Ordering::SeqCst);
}

thread_local! {
    /// Zero-delay timers not yet fired, oldest first.
    static SOON: RefCell<VecDeque<Box<dyn FnOnce()>>> = RefCell::new(VecDeque::new());
    /// A task that fires `SOON` is scheduled.
    static SOON_ARMED: Cell<bool> = const { Cell::new(false) };
}

/// Run `job` once the current handler has yielded, after the zero-delay timers created before
/// it (nginx expires timers with the same deadline in the order they were added: a queue of
/// its own keeps that order whatever the event loop's order of yielded tasks).
fn soon(job: Box<dyn FnOnce()>) {
    SOON.with(|q| q.borrow_mut().push_back(job));
    if !SOON_ARMED.with(|a| a.replace(true)) {
        crate::rt::spawn_local(async {
            crate::rt::yield_now().await;
            SOON_ARMED.with(|a| a.set(false));
            let jobs = SOON.with(|q| std::mem::take(&mut *q.borrow_mut()));
            for job in jobs {
                job();
            }
        });
    }
}

/// Start the callback if `lua_max_running_timers` allows (else log nginx's alert and drop it).
fn fire(w: &Rc<Worker>, o: &Origin, f: &Function, args: &MultiValue, premature: bool) {
    let max = w
        .plan
        .http
        .lua
        .max_running_timers
        .unwrap_or(DEFAULT_MAX_RUNNING);
    if RUNNING.with(|c| c.get()) >= max {
        let info = f.info();
        crate::log::write(
            LogLevel::Alert,
            &format!(
                "lua failed to run timer with function defined at {}:{}: {max} lua_max_running_timers are not enough",
                info.source.as_deref().unwrap_or("?"),
                info.line_defined.unwrap_or(0),
            ),
            None,
        );
        return;
    }
    // Counted at once, so that timers expiring together see the ones started before them.
    add(&RUNNING, 1);
    BUSY.fetch_add(1, Ordering::SeqCst);
    crate::rt::spawn_local(run_callback(
        w.clone(),
        o.clone(),
        f.clone(),
        args.clone(),
        premature,
    ));
}

fn create(lua: &Lua, a: MultiValue, every: bool) -> RResult<MultiValue> {
    if a.len() < 2 {
        return fail(format!(
            "expecting at least 2 arguments but got {}",
            a.len()
        ));
    }
    let delay = raise::check_number(lua, &a, 1)?;
    let f = match a.get(1) {
        Some(Value::Function(f)) if f.info().what != "C" => f.clone(),
        _ => return Err(Raise::Arg(2, "Lua function expected".into())),
    };
    // ngx_msec_t: a negative delay wraps around, and such a timer fires at once.
    let ms = (delay * 1000.0) as i64;
    // (0.10.23 refuses only a delay of exactly 0 for ngx.timer.every)
    if every && ms == 0 {
        return fail("delay cannot be zero");
    }
    let ms = if ms < 0 { 0 } else { ms as u64 };
    let cur = crate::lua::current();
    let w = match &cur {
        Some((w, _)) => w.clone(),
        None if phase::current() == Phase::InitWorker => match lua
            .app_data_ref::<std::rc::Weak<Worker>>()
            .and_then(|w| w.upgrade())
        {
            Some(w) => w,
            None => return fail("no request"),
        },
        None => return fail("no request"),
    };
    // While exiting, only zero-delay timers are accepted (and run normally).
    if exiting() && ms > 0 {
        return Ok(MultiValue::from_iter([
            Value::Nil,
            Value::String(lua.create_string("process exiting")?),
        ]));
    }
    let max = w
        .plan
        .http
        .lua
        .max_pending_timers
        .unwrap_or(DEFAULT_MAX_PENDING);
    if PENDING.with(|c| c.get()) >= max {
        return Ok(MultiValue::from_iter([
            Value::Nil,
            Value::String(lua.create_string("too many pending timers")?),
        ]));
    }
    let o = origin(&w, cur.as_ref().map(|(_, r)| r));
    let args: MultiValue = a.into_iter().skip(2).collect();
    add(&PENDING, 1);
    let period = Duration::from_millis(ms);
    BUSY.fetch_add(1, Ordering::SeqCst);
    if ms == 0 && !every {
        soon(Box::new(move || {
            crate::clock::update();
            fire(&w, &o, &f, &args, false);
            add(&PENDING, -1);
            BUSY.fetch_sub(1, Ordering::SeqCst);
        }));
        return Ok(MultiValue::from_iter([Value::Integer(1)]));
    }
    crate::rt::spawn_local(async move {
        if every {
            let mut next = crate::rt::time::Instant::now() + period;
            loop {
                let premature =
                    wait(next.saturating_duration_since(crate::rt::time::Instant::now())).await;
                crate::clock::update();
                // The next run is armed when this one starts (it stays pending meanwhile).
                next += period;
                fire(&w, &o, &f, &args, premature);
                if premature {
                    break;
                }
            }
        } else {
            let premature = wait(period).await;
            crate::clock::update();
            fire(&w, &o, &f, &args, premature);
        }
        add(&PENDING, -1);
        BUSY.fetch_sub(1, Ordering::SeqCst);
    });
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

pub fn inject(lua: &Lua, ngx: &Table, w: &Rc<Worker>) -> mlua::Result<()> {
    // init_worker_by_lua runs outside any request: timers created there need the worker.
    if lua.app_data_ref::<std::rc::Weak<Worker>>().is_none() {
        let _ = lua.try_set_app_data(Rc::downgrade(w));
    }
    let t = crate::lua::subtable(lua, ngx, "timer")?;
    t.raw_set("at", raise::function(lua, |lua, a| create(lua, a, false))?)?;
    t.raw_set(
        "every",
        raise::function(lua, |lua, a| create(lua, a, true))?,
    )?;
    t.raw_set(
        "running_count",
        lua.create_function(|_, ()| Ok(RUNNING.with(|c| c.get())))?,
    )?;
    t.raw_set(
        "pending_count",
        lua.create_function(|_, ()| Ok(PENDING.with(|c| c.get())))?,
    )?;
    Ok(())
}
