//! Timers: nginx's timer tree. Deadlines with the same time expire in the order they were
//! armed; the loop's `epoll_wait` waits until the earliest (in whole milliseconds, rounded up:
//! a timer never fires early).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

pub use std::time::Instant;

/// The armed timers of a loop, by (deadline, arming order).
#[derive(Default)]
pub(super) struct Timers {
    tree: BTreeMap<(Instant, u64), Waker>,
    seq: u64,
}

impl Timers {
    pub(super) fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// `epoll_wait`'s timeout: until the earliest deadline, -1 without one.
    pub(super) fn timeout_ms(&self) -> i32 {
        let Some(((at, _), _)) = self.tree.first_key_value() else {
            return -1;
        };
        let left = at.saturating_duration_since(Instant::now());
        let ms = left.as_nanos().div_ceil(1_000_000);
        ms.min(i32::MAX as u128) as i32
    }
}

/// Wake the tasks whose deadlines have passed.
pub(super) fn fire(timers: &RefCell<Timers>) {
    let now = Instant::now();
    loop {
        let w = {
            let mut t = timers.borrow_mut();
            match t.tree.first_key_value() {
                Some(((at, _), _)) if *at <= now => t.tree.pop_first().map(|(_, w)| w),
                _ => None,
            }
        };
        match w {
            Some(w) => w.wake(),
            None => break,
        }
    }
}

/// A future done at its deadline (`tokio::time::Sleep`'s shape: it can be moved to another
/// deadline with [`Sleep::reset`]).
pub struct Sleep {
    deadline: Instant,
    /// Its arming order while in the loop's tree.
    armed: Cell<Option<u64>>,
}

/// Done after `d`.
pub fn sleep(d: Duration) -> Sleep {
    sleep_until(Instant::now() + d)
}

/// Done at `deadline`.
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep {
        deadline,
        armed: Cell::new(None),
    }
}

impl Sleep {
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Wait for `deadline` instead.
    pub fn reset(self: Pin<&mut Self>, deadline: Instant) {
        let this = self.get_mut();
        this.disarm();
        this.deadline = deadline;
    }

    fn disarm(&self) {
        if let Some(seq) = self.armed.take()
            && let Some(c) = super::try_core()
        {
            c.timers.borrow_mut().tree.remove(&(self.deadline, seq));
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            self.disarm();
            return Poll::Ready(());
        }
        let c = super::core();
        let mut t = c.timers.borrow_mut();
        if let Some(seq) = self.armed.get() {
            // Fired entries are gone from the tree: re-arm then.
            if let Some(w) = t.tree.get_mut(&(self.deadline, seq)) {
                if !w.will_wake(cx.waker()) {
                    *w = cx.waker().clone();
                }
                return Poll::Pending;
            }
        }
        t.seq += 1;
        let seq = t.seq;
        t.tree.insert((self.deadline, seq), cx.waker().clone());
        self.armed.set(Some(seq));
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.disarm();
    }
}

/// `timeout`'s error: the deadline passed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed;

impl std::fmt::Display for Elapsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}

/// `fut`, unless `d` passes first.
pub async fn timeout<F: Future>(d: Duration, fut: F) -> Result<F::Output, Elapsed> {
    timeout_at(Instant::now() + d, fut).await
}

/// `fut`, unless `deadline` passes first (the future is polled first, as tokio's is).
pub async fn timeout_at<F: Future>(deadline: Instant, fut: F) -> Result<F::Output, Elapsed> {
    let mut fut = std::pin::pin!(fut);
    let mut sleep = sleep_until(deadline);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = fut.as_mut().poll(cx) {
            return Poll::Ready(Ok(v));
        }
        match Pin::new(&mut sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}
