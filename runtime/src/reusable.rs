//! nginx's reusable connections (`ngx_reusable_connection`, `ngx_drain_connections`): when a
//! worker runs short of `worker_connections`, it closes its oldest idle keep-alive connections
//! to make room for new ones instead of refusing them.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use crate::plan::LogLevel;

/// The worker's connections, each with its idle state.
#[derive(Default)]
pub struct Reusable {
    conns: RefCell<Vec<Weak<Slot>>>,
    /// Orders idle periods: a smaller value went idle earlier.
    seq: Cell<u64>,
    /// When the "reusing connections" warning was last written (seconds), once a second at most.
    warned: Cell<i64>,
}

/// One connection's entry.
#[derive(Default)]
pub struct Slot {
    /// Non-zero while idle between requests: when it went idle.
    idle_since: Cell<u64>,
    close: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

impl Reusable {
    /// A new connection's entry.
    pub fn join(&self) -> Rc<Slot> {
        let slot = Rc::new(Slot::default());
        let mut conns = self.conns.borrow_mut();
        if conns.len() >= 64 && conns.len() == conns.capacity() {
            conns.retain(|s| s.strong_count() > 0);
        }
        conns.push(Rc::downgrade(&slot));
        slot
    }

    /// `slot` idles: it may be closed to make room until [`Slot::busy`].
    pub fn idle(&self, slot: &Slot) {
        self.seq.set(self.seq.get() + 1);
        slot.idle_since.set(self.seq.get());
    }

    /// With fewer than 1/16 of `max` connections free (`open` in use), close the oldest idle
    /// ones: max(min(32, idle/8), 1) of them, as ngx_drain_connections. Returns how many.
    pub fn drain(&self, open: usize, max: usize) -> usize {
        if max.saturating_sub(open) > max / 16 {
            return 0;
        }
        let mut idle: Vec<Rc<Slot>> = self
            .conns
            .borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|s| s.idle_since.get() != 0 && !s.close.get())
            .collect();
        if idle.is_empty() {
            return 0;
        }
        let now = crate::clock::time();
        if self.warned.replace(now) != now {
            crate::log::write(
                LogLevel::Warn,
                &format!("{max} worker_connections are not enough, reusing connections"),
                None,
            );
        }
        let n = (idle.len() / 8).clamp(1, 32);
        idle.sort_by_key(|s| s.idle_since.get());
        for s in &idle[..n] {
            s.close.set(true);
            if let Some(w) = s.waker.take() {
                w.wake();
            }
        }
        n
    }
}

impl Reusable {
    /// Close every idle connection now (a graceful stop: nginx closes idle keep-alive
    /// connections at once and lets the busy ones finish).
    pub fn close_idle(&self) {
        for s in self.conns.borrow().iter().filter_map(Weak::upgrade) {
            if s.idle_since.get() != 0 && !s.close.get() {
                s.close.set(true);
                if let Some(w) = s.waker.take() {
                    w.wake();
                }
            }
        }
    }
}

impl Slot {
    pub fn busy(&self) {
        self.idle_since.set(0);
    }

    /// Ready once the worker closes this idle connection to make room.
    pub fn closed(&self) -> Closed<'_> {
        Closed(self)
    }
}

pub struct Closed<'a>(&'a Slot);

impl Future for Closed<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.close.get() {
            return Poll::Ready(());
        }
        // (the same task polls again and again: keep its waker rather than clone it anew)
        let waker = match self.0.waker.take() {
            Some(w) if w.will_wake(cx.waker()) => w,
            _ => cx.waker().clone(),
        };
        self.0.waker.set(Some(waker));
        Poll::Pending
    }
}
