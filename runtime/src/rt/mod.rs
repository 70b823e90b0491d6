//! restyc's event loop, one per worker thread: nginx's `ngx_process_events_and_timers` for
//! Rust futures. An epoll instance ([`reactor`]), a tree of timers ([`time`]) and a queue of
//! tasks ready to run; sockets registered with it ([`net`]).
//!
//! Why restyc has its own rather than tokio's current-thread runtime: a worker is one thread
//! that never shares its tasks, and tokio pays for the general case on every request (its task
//! cell and I/O registration are 128-byte aligned: ~512 bytes per connection before any of
//! restyc's state, where nginx's whole idle keep-alive connection is ~530 bytes; its scheduler,
//! timer wheel and driver cost ~2k instructions per request). Tasks are `async-task`'s (one
//! allocation each, wakers safe to use from any thread); everything else is a few hundred lines.
//!
//! A loop turn: run every task that is ready, then wait in `epoll_wait` until an event or the
//! earliest timer, wake the tasks the events and expired timers name, and those that yielded.

mod reactor;

pub mod net;
pub mod time;

pub use reactor::Interest;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use async_task::Runnable;

/// A worker's loop: what its tasks reach through the thread-local [`core`].
struct Core {
    /// Identifies this loop in the tasks' schedule functions.
    id: u64,
    ready: RefCell<VecDeque<Runnable>>,
    /// Wakers of tasks that yielded: woken after the next wait for events, so that a task
    /// that yields lets I/O in first (tokio's `yield_now` does the same).
    yielded: RefCell<Vec<Waker>>,
    reactor: reactor::Reactor,
    timers: RefCell<time::Timers>,
    remote: Arc<Remote>,
    /// The last task panic, re-raised by `block_on` if it was its own future's.
    panicked: RefCell<Option<Box<dyn std::any::Any + Send>>>,
}

/// Wake-ups that come from other threads (a finished DNS lookup): queued here, and the loop's
/// eventfd wakes its `epoll_wait`.
struct Remote {
    queue: Mutex<Vec<Runnable>>,
    eventfd: std::os::fd::OwnedFd,
}

impl Remote {
    fn push(&self, r: Runnable) {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        q.push(r);
        if q.len() == 1 {
            let one: u64 = 1;
            // SAFETY: an 8-byte write from a live u64 to an eventfd this struct owns.
            unsafe {
                libc::write(
                    std::os::fd::AsRawFd::as_raw_fd(&self.eventfd),
                    (&one as *const u64).cast(),
                    8,
                )
            };
        }
    }

    fn take(&self) -> Vec<Runnable> {
        let mut buf = 0u64;
        // SAFETY: an 8-byte read into a live u64 from the non-blocking eventfd.
        unsafe {
            libc::read(
                std::os::fd::AsRawFd::as_raw_fd(&self.eventfd),
                (&mut buf as *mut u64).cast(),
                8,
            )
        };
        std::mem::take(&mut *self.queue.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

static LOOP_IDS: AtomicU64 = AtomicU64::new(1);
static THREAD_IDS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The loop running on this thread (set for the duration of [`block_on`]).
    static CORE: Cell<*const Core> = const { Cell::new(std::ptr::null()) };
    /// This thread, as a number (cheaper to read than `std::thread::current().id()`).
    static THREAD: Cell<u64> = const { Cell::new(0) };
    /// Readiness polls left to this task before it must let others run (tokio's coop budget:
    /// a socket that always has bytes must not keep its task running forever).
    static BUDGET: Cell<u8> = const { Cell::new(BUDGET_PER_POLL) };
}

const BUDGET_PER_POLL: u8 = 128;

fn thread_no() -> u64 {
    THREAD.with(|t| {
        if t.get() == 0 {
            t.set(THREAD_IDS.fetch_add(1, Ordering::Relaxed));
        }
        t.get()
    })
}

/// The loop of this thread. Panics outside [`block_on`], as tokio does outside a runtime: a
/// socket or timer made there would never be served.
fn core() -> &'static Core {
    try_core().expect("no restyc event loop on this thread (crate::rt::block_on)")
}

/// The loop of this thread, if one runs.
fn try_core() -> Option<&'static Core> {
    let p = CORE.with(|c| c.get());
    // SAFETY: `block_on` sets the pointer to its `Core` and clears it before that is dropped.
    unsafe { p.as_ref() }
}

/// The schedule function of a task of loop `id`, owned by thread `owner`.
fn scheduler(id: u64, owner: u64, remote: Arc<Remote>) -> impl Fn(Runnable) + Send + Sync {
    move |r: Runnable| {
        if thread_no() != owner {
            remote.push(r);
            return;
        }
        match try_core() {
            Some(c) if c.id == id => c.ready.borrow_mut().push_back(r),
            // The loop is gone: the task can only be dropped (here, on its own thread).
            _ => drop(r),
        }
    }
}

/// Run `fut` as a task of this thread's loop, to completion or until the loop ends.
pub fn spawn_local<F>(fut: F)
where
    F: Future + 'static,
    F::Output: 'static,
{
    let c = core();
    let (runnable, task) =
        async_task::spawn_local(fut, scheduler(c.id, thread_no(), c.remote.clone()));
    task.detach();
    runnable.schedule();
}

/// Let the other tasks and the I/O that is ready go first.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        match try_core() {
            Some(c) => c.yielded.borrow_mut().push(cx.waker().clone()),
            None => cx.waker().wake_by_ref(),
        }
        Poll::Pending
    })
    .await
}

/// Something a [`local_waker`] wakes: a state that waits without a task (an idle keep-alive
/// connection), which its `wake` turns into one.
pub trait LocalWake: 'static {
    fn wake(self: &std::rc::Rc<Self>);
    /// The thread it belongs to ([`current_thread`] when it was made).
    fn owner(&self) -> u64;
}

/// This thread, as [`LocalWake::owner`] names it.
pub fn current_thread() -> u64 {
    thread_no()
}

/// A waker for `target` that this thread's reactor and timers may hold. It must not leave the
/// thread (nothing here hands wakers to other threads); one that does aborts the process when
/// used there rather than touch the `Rc` from the wrong thread.
pub fn local_waker<T: LocalWake>(target: std::rc::Rc<T>) -> Waker {
    use std::rc::Rc;
    use std::task::{RawWaker, RawWakerVTable};

    fn check<T: LocalWake>(t: &T) {
        if thread_no() != t.owner() {
            std::process::abort();
        }
    }
    unsafe fn clone<T: LocalWake>(p: *const ()) -> RawWaker {
        // SAFETY: `p` came from `Rc::into_raw` of an `Rc<T>` (see `local_waker`).
        unsafe {
            check(&*(p as *const T));
            Rc::increment_strong_count(p as *const T);
        }
        RawWaker::new(p, vtable::<T>())
    }
    unsafe fn wake<T: LocalWake>(p: *const ()) {
        // SAFETY: as in `clone`; this consumes the waker's reference.
        let t = unsafe { Rc::from_raw(p as *const T) };
        check(&*t);
        t.wake();
    }
    unsafe fn wake_by_ref<T: LocalWake>(p: *const ()) {
        // SAFETY: as in `clone`; the reference stays the waker's.
        let t = std::mem::ManuallyDrop::new(unsafe { Rc::from_raw(p as *const T) });
        check(&**t);
        t.wake();
    }
    unsafe fn drop<T: LocalWake>(p: *const ()) {
        // SAFETY: as in `clone`; this releases the waker's reference.
        unsafe {
            check(&*(p as *const T));
            Rc::decrement_strong_count(p as *const T);
        }
    }
    fn vtable<T: LocalWake>() -> &'static RawWakerVTable {
        &const { RawWakerVTable::new(clone::<T>, wake::<T>, wake_by_ref::<T>, drop::<T>) }
    }

    let p = Rc::into_raw(target);
    // SAFETY: the vtable's functions treat `p` as the `Rc<T>` it is, on its own thread.
    unsafe { Waker::from_raw(RawWaker::new(p as *const (), vtable::<T>())) }
}

/// Spend one unit of the task's budget; `Pending` (after waking the task) when it is used up.
fn poll_budget(cx: &mut Context<'_>) -> Poll<()> {
    BUDGET.with(|b| {
        if b.get() == 0 {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        b.set(b.get() - 1);
        Poll::Ready(())
    })
}

/// Run a loop on this thread until `fut` is done, serving every task spawned meanwhile; then
/// drop the tasks left. Nested calls are not allowed (one loop per thread).
pub fn block_on<F: Future>(fut: F) -> F::Output {
    assert!(
        try_core().is_none(),
        "crate::rt::block_on inside a running loop"
    );
    let reactor = match reactor::Reactor::new() {
        Ok(r) => r,
        Err(e) => panic!("cannot create the event loop's epoll instance: {e}"),
    };
    let eventfd = match reactor.eventfd() {
        Ok(fd) => fd,
        Err(e) => panic!("cannot create the event loop's eventfd: {e}"),
    };
    let core = Box::new(Core {
        id: LOOP_IDS.fetch_add(1, Ordering::Relaxed),
        ready: RefCell::new(VecDeque::with_capacity(64)),
        yielded: RefCell::new(Vec::new()),
        reactor,
        timers: RefCell::new(time::Timers::default()),
        remote: Arc::new(Remote {
            queue: Mutex::new(Vec::new()),
            eventfd,
        }),
        panicked: RefCell::new(None),
    });
    CORE.with(|c| c.set(&*core));
    let (runnable, task) = {
        let schedule = scheduler(core.id, thread_no(), core.remote.clone());
        // SAFETY: the future may borrow from the caller's frame and is not `Send`: it is only
        // polled on this thread, and polled to its end or dropped (`task` below) before this
        // function returns.
        unsafe { async_task::spawn_unchecked(fut, schedule) }
    };
    runnable.schedule();
    let mut task = std::pin::pin!(task.fallible());
    let out = loop {
        core.run_ready();
        if task.is_finished() {
            let mut cx = Context::from_waker(Waker::noop());
            match task.as_mut().poll(&mut cx) {
                Poll::Ready(Some(v)) => break v,
                Poll::Ready(None) => {
                    let p = core.panicked.borrow_mut().take();
                    CORE.with(|c| c.set(std::ptr::null()));
                    std::panic::resume_unwind(p.unwrap_or_else(|| Box::new("main task failed")))
                }
                Poll::Pending => unreachable!("a finished task has its output"),
            }
        }
        core.turn();
    };
    // The tasks left are dropped while the loop is still reachable: their sockets deregister
    // and their timers are removed. A pending task nothing will wake again is leaked.
    loop {
        let queued: Vec<Runnable> = core.ready.borrow_mut().drain(..).collect();
        let yielded = std::mem::take(&mut *core.yielded.borrow_mut());
        let timers = std::mem::take(&mut *core.timers.borrow_mut());
        if queued.is_empty() && yielded.is_empty() && timers.is_empty() {
            break;
        }
        drop(queued);
        drop(yielded);
        drop(timers);
    }
    CORE.with(|c| c.set(std::ptr::null()));
    drop(core);
    out
}

impl Core {
    /// Run the tasks that are ready now (those they wake meanwhile wait for the next turn, so
    /// that I/O is looked at between them).
    fn run_ready(&self) {
        let n = self.ready.borrow().len();
        for _ in 0..n {
            let Some(r) = self.ready.borrow_mut().pop_front() else {
                break;
            };
            BUDGET.with(|b| b.set(BUDGET_PER_POLL));
            // A panic ends its task only (async-task drops the future: a connection's closes
            // it), as tokio's tasks do: it is a bug, and the worker goes on serving.
            if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.run())) {
                let why = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                crate::log::write(
                    crate::plan::LogLevel::Alert,
                    &format!("restyc bug: a task panicked ({why})"),
                    None,
                );
                *self.panicked.borrow_mut() = Some(p);
            }
        }
    }

    /// Wait for events (not at all when tasks are ready), then wake the tasks of the events, of
    /// the expired timers and of the yields.
    fn turn(&self) {
        let busy = !self.ready.borrow().is_empty() || !self.yielded.borrow().is_empty();
        let timeout_ms = if busy {
            0
        } else {
            self.timers.borrow().timeout_ms()
        };
        if self.reactor.poll(timeout_ms) {
            for r in self.remote.take() {
                self.ready.borrow_mut().push_back(r);
            }
        }
        time::fire(&self.timers);
        let yielded = std::mem::take(&mut *self.yielded.borrow_mut());
        for w in yielded {
            w.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;
    use std::time::{Duration, Instant};

    #[test]
    fn tasks_run_and_block_on_returns_the_output() {
        let seen = Rc::new(Cell::new(0));
        let s = seen.clone();
        let v = block_on(async move {
            spawn_local(async move { s.set(s.get() + 1) });
            yield_now().await;
            7
        });
        assert_eq!(v, 7);
        assert_eq!(seen.get(), 1);
    }

    #[test]
    fn timers_fire_in_deadline_order() {
        let order = Rc::new(RefCell::new(vec![]));
        block_on(async {
            for (i, ms) in [(1, 30u64), (2, 10), (3, 20), (4, 10)] {
                let o = order.clone();
                spawn_local(async move {
                    time::sleep(Duration::from_millis(ms)).await;
                    o.borrow_mut().push(i);
                });
            }
            time::sleep(Duration::from_millis(50)).await;
        });
        assert_eq!(*order.borrow(), vec![2, 4, 3, 1]);
    }

    #[test]
    fn a_sleep_lasts_at_least_its_time() {
        block_on(async {
            let t = Instant::now();
            time::sleep(Duration::from_millis(20)).await;
            assert!(t.elapsed() >= Duration::from_millis(20));
        });
    }

    #[test]
    fn timeout_elapses_and_passes_through() {
        block_on(async {
            let r = time::timeout(Duration::from_millis(5), std::future::pending::<()>()).await;
            assert!(r.is_err());
            let r = time::timeout(Duration::from_millis(5), async { 3 }).await;
            assert_eq!(r.ok(), Some(3));
        });
    }

    #[test]
    fn a_wake_from_another_thread_reaches_the_task() {
        block_on(async {
            let (tx, rx) = tokio::sync::oneshot::channel();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(10));
                let _ = tx.send(5);
            });
            assert_eq!(rx.await.ok(), Some(5));
        });
    }

    #[test]
    fn sockets_talk_through_the_loop() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        block_on(async {
            let l = net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = l.local_addr().unwrap();
            spawn_local(async move {
                let (mut s, _) = l.accept().await.unwrap();
                let mut buf = [0u8; 5];
                s.read_exact(&mut buf).await.unwrap();
                s.write_all(&buf).await.unwrap();
            });
            let mut c = net::TcpStream::connect(addr).await.unwrap();
            c.write_all(b"hello").await.unwrap();
            let mut got = [0u8; 5];
            c.read_exact(&mut got).await.unwrap();
            assert_eq!(&got, b"hello");
        });
    }

    #[test]
    fn a_loop_ends_with_tasks_still_waiting() {
        for _ in 0..3 {
            block_on(async {
                let l = net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                spawn_local(async move {
                    let _ = l.accept().await;
                });
                spawn_local(time::sleep(Duration::from_secs(3600)));
                yield_now().await;
            });
        }
    }
}
