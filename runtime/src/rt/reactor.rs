//! The loop's epoll instance and the sockets registered with it.
//!
//! A socket is registered once, edge-triggered, for reading and writing (nginx's
//! `NGX_USE_CLEAR_EVENT` way). Each [`Source`] keeps the readiness its events reported until an
//! operation finds the socket empty (or full) and clears it, as tokio's `ScheduledIo` does; the
//! end-of-stream and error states stay. The epoll event's data is the `Source`'s address: a
//! `Source` lives in an `Rc` from registration to its `Drop`, which deregisters it, and events
//! are dispatched right after `epoll_wait` returns, before any task runs and could drop one.

use std::cell::{Cell, RefCell};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::task::{Context, Poll, Waker};

/// What a caller waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interest(u8);

impl Interest {
    pub const READABLE: Interest = Interest(READABLE | READ_CLOSED | ERROR);
    pub const WRITABLE: Interest = Interest(WRITABLE | WRITE_CLOSED | ERROR);

    /// The readiness an operation that would block clears (the closed and error states stay).
    fn clears(self) -> u8 {
        if self == Interest::READABLE {
            READABLE
        } else {
            WRITABLE
        }
    }
}

const READABLE: u8 = 1;
const WRITABLE: u8 = 2;
const READ_CLOSED: u8 = 4;
const WRITE_CLOSED: u8 = 8;
const ERROR: u8 = 16;

pub(super) struct Reactor {
    epfd: OwnedFd,
    events: RefCell<Vec<libc::epoll_event>>,
}

impl Reactor {
    pub(super) fn new() -> io::Result<Reactor> {
        // SAFETY: epoll_create1 returns a new descriptor or -1.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Reactor {
            // SAFETY: `fd` was just created and is owned by nothing else.
            epfd: unsafe { OwnedFd::from_raw_fd(fd) },
            events: RefCell::new(vec![libc::epoll_event { events: 0, u64: 0 }; 256]),
        })
    }

    /// An eventfd registered (level-triggered) with the null data that `poll` reports as a
    /// wake-up from another thread.
    pub(super) fn eventfd(&self) -> io::Result<OwnedFd> {
        // SAFETY: eventfd returns a new descriptor or -1.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created and is owned by nothing else.
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        let mut ev = libc::epoll_event {
            events: libc::EPOLLIN as u32,
            u64: 0,
        };
        // SAFETY: both descriptors are open; `ev` is a valid event.
        if unsafe { libc::epoll_ctl(self.epfd.as_raw_fd(), libc::EPOLL_CTL_ADD, fd, &mut ev) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(owned)
    }

    /// Wait up to `timeout_ms` (-1: no limit) and dispatch what happened. True when the
    /// eventfd fired (tasks were woken from other threads).
    pub(super) fn poll(&self, timeout_ms: i32) -> bool {
        let mut events = self.events.borrow_mut();
        // SAFETY: `events` has room for `len` events.
        let n = unsafe {
            libc::epoll_wait(
                self.epfd.as_raw_fd(),
                events.as_mut_ptr(),
                events.len() as i32,
                timeout_ms,
            )
        };
        let mut remote = false;
        for e in &events[..n.max(0) as usize] {
            let (bits, data) = (e.events, e.u64);
            if data == 0 {
                remote = true;
                continue;
            }
            // SAFETY: a registered `Source` stays at this address until its `Drop`
            // deregisters it, and no task (no drop) has run since `epoll_wait` returned.
            let src = unsafe { &*(data as *const Source) };
            src.dispatch(bits);
        }
        remote
    }
}

/// Waiters beyond a socket's first reader and writer, with whether they read.
type Waiters = Vec<(bool, Waker)>;

/// A socket's registration: its readiness and the tasks waiting for it.
pub struct Source {
    fd: RawFd,
    epfd: RawFd,
    ready: Cell<u8>,
    /// The task waiting to read, and the one waiting to write (kept in the `Source`: an idle
    /// connection's waiter costs no allocation).
    reader: Cell<Option<Waker>>,
    writer: Cell<Option<Waker>>,
    /// Further waiters (rare: two light threads on one socket), with whether they read; boxed
    /// so that a socket without them pays one word.
    more: RefCell<Option<Box<Waiters>>>,
}

impl Source {
    /// Register `fd` with this thread's loop. The `Source` must then stay where it is (in an
    /// `Rc` or a `Box`) until dropped: call [`Source::register`] once it is there.
    pub fn new(fd: RawFd) -> Source {
        Source {
            fd,
            epfd: -1,
            ready: Cell::new(0),
            reader: Cell::new(None),
            writer: Cell::new(None),
            more: RefCell::new(None),
        }
    }

    /// Add the socket to the loop's epoll, with this `Source`'s address as its data.
    ///
    /// # Safety
    /// `self` must not move until it is dropped.
    pub unsafe fn register(&mut self) -> io::Result<()> {
        let epfd = super::core().reactor.epfd.as_raw_fd();
        let mut ev = libc::epoll_event {
            events: (libc::EPOLLIN | libc::EPOLLOUT | libc::EPOLLRDHUP | libc::EPOLLET) as u32,
            u64: self as *const Source as u64,
        };
        // SAFETY: `ev` is a valid event; an invalid descriptor is an error, not UB.
        if unsafe { libc::epoll_ctl(epfd, libc::EPOLL_CTL_ADD, self.fd, &mut ev) } < 0 {
            return Err(io::Error::last_os_error());
        }
        self.epfd = epfd;
        Ok(())
    }

    fn dispatch(&self, ev: u32) {
        let has = |flag: i32| ev & flag as u32 != 0;
        let mut bits = 0;
        if has(libc::EPOLLIN) || has(libc::EPOLLPRI) {
            bits |= READABLE;
        }
        if has(libc::EPOLLOUT) {
            bits |= WRITABLE;
        }
        if has(libc::EPOLLHUP) || has(libc::EPOLLRDHUP) {
            bits |= READ_CLOSED;
        }
        if has(libc::EPOLLHUP) || (has(libc::EPOLLERR) && !has(libc::EPOLLIN)) {
            bits |= WRITE_CLOSED;
        }
        if has(libc::EPOLLERR) {
            bits |= ERROR;
        }
        self.ready.set(self.ready.get() | bits);
        let read = bits & Interest::READABLE.0 != 0;
        let write = bits & Interest::WRITABLE.0 != 0;
        let first = (
            read.then(|| self.reader.take()).flatten(),
            write.then(|| self.writer.take()).flatten(),
        );
        let more: Waiters = match self.more.borrow_mut().as_mut() {
            None => Vec::new(),
            Some(all) => {
                let (woken, kept) = std::mem::take(&mut **all)
                    .into_iter()
                    .partition(|(reads, _)| if *reads { read } else { write });
                **all = kept;
                woken
            }
        };
        for w in [first.0, first.1].into_iter().flatten() {
            w.wake();
        }
        for (_, w) in more {
            w.wake();
        }
    }

    /// Whether the last event said `interest` (until an operation found otherwise).
    pub fn is_ready(&self, interest: Interest) -> bool {
        self.ready.get() & interest.0 != 0
    }

    /// Ready when the socket is (or may be) ready for `interest`; otherwise the task is woken
    /// when it becomes so.
    pub fn poll_ready(&self, interest: Interest, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(super::poll_budget(cx));
        if self.is_ready(interest) {
            return Poll::Ready(Ok(()));
        }
        let reads = interest == Interest::READABLE;
        let slot = if reads { &self.reader } else { &self.writer };
        match slot.take() {
            None => slot.set(Some(cx.waker().clone())),
            Some(w) if w.will_wake(cx.waker()) => slot.set(Some(w)),
            Some(w) => {
                // Another waiter (or a stale one: woken for nothing, which is harmless).
                slot.set(Some(w));
                let mut more = self.more.borrow_mut();
                let more = more.get_or_insert_with(Box::default);
                if !more
                    .iter()
                    .any(|(r, w)| *r == reads && w.will_wake(cx.waker()))
                {
                    more.push((reads, cx.waker().clone()));
                }
            }
        }
        Poll::Pending
    }

    /// Wait until ready for `interest`.
    pub async fn ready(&self, interest: Interest) -> io::Result<()> {
        std::future::poll_fn(|cx| self.poll_ready(interest, cx)).await
    }

    /// Run `op` if the socket may be ready for `interest` (else `WouldBlock` without a system
    /// call); its `WouldBlock` clears that readiness, so the next wait sleeps until an event.
    pub fn try_io<R>(
        &self,
        interest: Interest,
        op: impl FnOnce() -> io::Result<R>,
    ) -> io::Result<R> {
        if !self.is_ready(interest) {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let r = op();
        if matches!(&r, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
            self.ready.set(self.ready.get() & !interest.clears());
        }
        r
    }

    /// `waker` becomes the socket's only waiter, to read: its owner's tasks are over (an idle
    /// connection parks), and the wakers they left must not keep them allocated.
    pub fn park(&self, waker: Waker) {
        self.reader.set(Some(waker));
        self.writer.set(None);
        *self.more.borrow_mut() = None;
    }

    /// Forget that the socket was readable (a read that did not fill its buffer drained it).
    pub fn clear_readable(&self) {
        self.ready.set(self.ready.get() & !READABLE);
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        if self.epfd >= 0 {
            // SAFETY: removing a descriptor this `Source` registered (if the loop's epoll is
            // already closed, the call fails harmlessly).
            unsafe {
                libc::epoll_ctl(
                    self.epfd,
                    libc::EPOLL_CTL_DEL,
                    self.fd,
                    std::ptr::null_mut(),
                )
            };
        }
    }
}
