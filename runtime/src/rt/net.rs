//! Sockets on the loop: TCP and unix streams and listeners, UDP, and name lookups. The shape
//! is tokio's (non-blocking `try_*` calls, readiness waits, `AsyncRead` / `AsyncWrite`, owned
//! halves), so tokio-rustls and tokio's I/O helpers work on them unchanged.

use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::Interest;
use super::reactor::Source;

/// recv(2) into `len` bytes at `ptr`: how many came (0: the peer's end), or the error.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes (they need not be initialised).
pub(crate) unsafe fn recv(fd: RawFd, ptr: *mut u8, len: usize, flags: i32) -> io::Result<usize> {
    // SAFETY: the caller's promise.
    let n = unsafe { libc::recv(fd, ptr.cast(), len, flags) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// A socket and its registration (dropped in this order: deregistered, then closed).
struct Registered<T: AsRawFd> {
    src: Source,
    io: T,
}

impl<T: AsRawFd> Registered<T> {
    /// Register `io` (non-blocking already) with this thread's loop.
    fn new(io: T) -> io::Result<Rc<Registered<T>>> {
        let mut rc = Rc::new(Registered {
            src: Source::new(io.as_raw_fd()),
            io,
        });
        let me = Rc::get_mut(&mut rc).expect("a new Rc is unique");
        // SAFETY: the Source lives in the Rc's allocation, which does not move.
        unsafe { me.src.register()? };
        Ok(rc)
    }

    fn fd(&self) -> RawFd {
        self.io.as_raw_fd()
    }

    fn recv(&self, buf: &mut [u8], flags: i32) -> io::Result<usize> {
        // SAFETY: `buf` is valid for its length.
        unsafe { recv(self.fd(), buf.as_mut_ptr(), buf.len(), flags) }
    }

    fn send(&self, buf: &[u8]) -> io::Result<usize> {
        // SAFETY: send reads at most `buf.len()` bytes from `buf`.
        let n = unsafe {
            libc::send(
                self.fd(),
                buf.as_ptr().cast(),
                buf.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.src.try_io(Interest::READABLE, || self.recv(buf, 0))
    }

    fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.src.try_io(Interest::WRITABLE, || self.send(buf))
    }

    fn poll_read(&self, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        loop {
            std::task::ready!(self.src.poll_ready(Interest::READABLE, cx))?;
            // SAFETY: recv only writes initialised bytes into the unfilled part, and only
            // the count it returns is marked filled.
            let unfilled = unsafe { buf.unfilled_mut() };
            let n = self.src.try_io(Interest::READABLE, || {
                // SAFETY: as above; MaybeUninit<u8> has u8's layout.
                unsafe { recv(self.fd(), unfilled.as_mut_ptr().cast(), unfilled.len(), 0) }
            });
            match n {
                Ok(n) => {
                    // SAFETY: recv initialised `n` bytes.
                    unsafe { buf.assume_init(n) };
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    fn poll_write(&self, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        loop {
            std::task::ready!(self.src.poll_ready(Interest::WRITABLE, cx))?;
            match self.try_write(data) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                r => return Poll::Ready(r),
            }
        }
    }

    fn shutdown(&self, how: i32) -> io::Result<()> {
        // SAFETY: shutdown on an open descriptor.
        if unsafe { libc::shutdown(self.fd(), how) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

/// What a connected stream socket is: TCP or unix.
pub trait StreamSock: AsRawFd + AsFd + 'static {}
impl StreamSock for std::net::TcpStream {}
impl StreamSock for std::os::unix::net::UnixStream {}

/// A connected stream socket on the loop.
pub struct Stream<T: StreamSock> {
    inner: Rc<Registered<T>>,
}

pub type TcpStream = Stream<std::net::TcpStream>;
pub type UnixStream = Stream<std::os::unix::net::UnixStream>;

impl<T: StreamSock> std::fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stream(fd {})", self.inner.fd())
    }
}

impl<T: StreamSock> Stream<T> {
    /// Register a connected socket (made non-blocking here).
    pub fn from_std(s: T) -> io::Result<Self> {
        socket2::SockRef::from(&s).set_nonblocking(true)?;
        Ok(Stream {
            inner: Registered::new(s)?,
        })
    }

    /// A socket whose non-blocking connect() is under way: done once it is writable.
    async fn connected(s: T) -> io::Result<Self> {
        let st = Self::from_std(s)?;
        st.writable().await?;
        if let Some(e) = socket2::SockRef::from(&st.inner.io).take_error()? {
            return Err(e);
        }
        Ok(st)
    }

    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.try_read(buf)
    }

    /// Read into `buf`'s spare capacity (64 bytes are made when it has none).
    pub fn try_read_buf(&self, buf: &mut Vec<u8>) -> io::Result<usize> {
        if buf.capacity() == buf.len() {
            buf.reserve(64);
        }
        let spare = buf.spare_capacity_mut();
        // SAFETY: recv writes at most `spare.len()` bytes there; only those are then counted.
        let n = self.inner.src.try_io(Interest::READABLE, || unsafe {
            recv(self.inner.fd(), spare.as_mut_ptr().cast(), spare.len(), 0)
        })?;
        // SAFETY: recv initialised `n` more bytes.
        unsafe { buf.set_len(buf.len() + n) };
        Ok(n)
    }

    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.inner.try_write(buf)
    }

    /// Run `op` (a system call on the socket) if it may be ready for `interest`; its
    /// `WouldBlock` clears that readiness.
    pub fn try_io<R>(
        &self,
        interest: Interest,
        op: impl FnOnce() -> io::Result<R>,
    ) -> io::Result<R> {
        self.inner.src.try_io(interest, op)
    }

    /// Forget that the socket was readable (a read that did not fill its buffer drained it).
    pub fn clear_readable(&self) {
        self.inner.src.clear_readable()
    }

    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.src.poll_ready(Interest::READABLE, cx)
    }

    /// `waker` becomes the only waiter, to read (see `Source::park`).
    pub fn park(&self, waker: std::task::Waker) {
        self.inner.src.park(waker)
    }

    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.src.poll_ready(Interest::WRITABLE, cx)
    }

    pub async fn readable(&self) -> io::Result<()> {
        self.inner.src.ready(Interest::READABLE).await
    }

    pub async fn writable(&self) -> io::Result<()> {
        self.inner.src.ready(Interest::WRITABLE).await
    }

    /// Split into halves that can be used (and moved) apart; `reunite` puts them together.
    pub fn into_split(self) -> (ReadHalf<T>, WriteHalf<T>) {
        (
            ReadHalf(self.inner.clone()),
            WriteHalf {
                inner: self.inner,
                shutdown_on_drop: true,
            },
        )
    }

    /// The socket itself, for socket options.
    pub fn get_ref(&self) -> &T {
        &self.inner.io
    }
}

impl TcpStream {
    /// Connect (non-blocking: the wait is the caller's, under its timeout).
    pub async fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
        use socket2::{Domain, Socket, Type};
        let s = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
        s.set_nonblocking(true)?;
        match s.connect(&addr.into()) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
            Err(e) => return Err(e),
        }
        Self::connected(s.into()).await
    }

    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.inner.io.set_nodelay(on)
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.io.local_addr()
    }

    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.io.peer_addr()
    }
}

impl UnixStream {
    pub async fn connect(path: impl AsRef<std::path::Path>) -> io::Result<UnixStream> {
        use socket2::{Domain, SockAddr, Socket, Type};
        let s = Socket::new(Domain::UNIX, Type::STREAM, None)?;
        s.set_nonblocking(true)?;
        match s.connect(&SockAddr::unix(path)?) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
            Err(e) => return Err(e),
        }
        Self::connected(std::os::unix::net::UnixStream::from(
            std::os::fd::OwnedFd::from(s),
        ))
        .await
    }
}

impl<T: StreamSock> AsRawFd for Stream<T> {
    fn as_raw_fd(&self) -> RawFd {
        self.inner.fd()
    }
}

impl<T: StreamSock> AsFd for Stream<T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.io.as_fd()
    }
}

impl<T: StreamSock> AsyncRead for Stream<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.inner.poll_read(cx, buf)
    }
}

impl<T: StreamSock> AsyncWrite for Stream<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.inner.poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.inner.shutdown(libc::SHUT_WR))
    }
}

/// The reading half of a split stream.
pub struct ReadHalf<T: StreamSock>(Rc<Registered<T>>);

/// The writing half of a split stream: dropping it closes the write side (FIN), as tokio's
/// owned halves do, unless it was reunited.
pub struct WriteHalf<T: StreamSock> {
    inner: Rc<Registered<T>>,
    shutdown_on_drop: bool,
}

/// `reunite` of halves of different streams.
#[derive(Debug)]
pub struct ReuniteError;

impl<T: StreamSock> ReadHalf<T> {
    pub fn reunite(self, mut w: WriteHalf<T>) -> Result<Stream<T>, ReuniteError> {
        if !Rc::ptr_eq(&self.0, &w.inner) {
            return Err(ReuniteError);
        }
        w.shutdown_on_drop = false;
        Ok(Stream { inner: self.0 })
    }
}

impl<T: StreamSock> Drop for WriteHalf<T> {
    fn drop(&mut self) {
        if self.shutdown_on_drop {
            let _ = self.inner.shutdown(libc::SHUT_WR);
        }
    }
}

impl<T: StreamSock> AsyncRead for ReadHalf<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.0.poll_read(cx, buf)
    }
}

impl<T: StreamSock> AsyncWrite for WriteHalf<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.inner.poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.inner.shutdown(libc::SHUT_WR))
    }
}

/// tokio's module paths for the halves.
pub mod tcp {
    pub type OwnedReadHalf = super::ReadHalf<std::net::TcpStream>;
    pub type OwnedWriteHalf = super::WriteHalf<std::net::TcpStream>;
}

pub mod unix {
    pub type OwnedReadHalf = super::ReadHalf<std::os::unix::net::UnixStream>;
    pub type OwnedWriteHalf = super::WriteHalf<std::os::unix::net::UnixStream>;
}

/// A listening TCP socket on the loop.
pub struct TcpListener {
    inner: Rc<Registered<std::net::TcpListener>>,
}

impl TcpListener {
    pub async fn bind(addr: impl std::net::ToSocketAddrs) -> io::Result<TcpListener> {
        Self::from_std(std::net::TcpListener::bind(addr)?)
    }

    pub fn from_std(l: std::net::TcpListener) -> io::Result<TcpListener> {
        l.set_nonblocking(true)?;
        Ok(TcpListener {
            inner: Registered::new(l)?,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.io.local_addr()
    }

    /// The next connection (non-blocking, close-on-exec) and its peer.
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (fd, peer) = std::future::poll_fn(|cx| {
            loop {
                std::task::ready!(self.inner.src.poll_ready(Interest::READABLE, cx))?;
                match self
                    .inner
                    .src
                    .try_io(Interest::READABLE, || accept4(self.inner.fd()))
                {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    r => return Poll::Ready(r),
                }
            }
        })
        .await?;
        let s = std::net::TcpStream::from(fd);
        Ok((
            TcpStream {
                inner: Registered::new(s)?,
            },
            peer,
        ))
    }
}

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC: the new socket and its peer's address.
fn accept4(listener: RawFd) -> io::Result<(std::os::fd::OwnedFd, SocketAddr)> {
    use std::os::fd::FromRawFd;
    // SAFETY: an all-zero sockaddr_storage is valid; accept4 writes at most `len` bytes.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let fd = unsafe {
        libc::accept4(
            listener,
            (&mut storage as *mut libc::sockaddr_storage).cast(),
            &mut len,
            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: accept4 returned a new descriptor owned by nothing else.
    let owned = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
    Ok((owned, socket_addr(&storage)))
}

/// An IPv4 or IPv6 address from a `sockaddr_storage` (anything else: 0.0.0.0:0).
fn socket_addr(s: &libc::sockaddr_storage) -> SocketAddr {
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};
    match s.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: an AF_INET address is a sockaddr_in, which fits in the storage.
            let a = unsafe { &*(s as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr));
            SocketAddr::from((ip, u16::from_be(a.sin_port)))
        }
        libc::AF_INET6 => {
            // SAFETY: an AF_INET6 address is a sockaddr_in6, which fits in the storage.
            let a = unsafe { &*(s as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(a.sin6_addr.s6_addr),
                u16::from_be(a.sin6_port),
                a.sin6_flowinfo,
                a.sin6_scope_id,
            ))
        }
        _ => SocketAddr::from(([0, 0, 0, 0], 0)),
    }
}

/// A listening unix socket on the loop.
pub struct UnixListener {
    inner: Rc<Registered<std::os::unix::net::UnixListener>>,
}

impl UnixListener {
    pub fn from_std(l: std::os::unix::net::UnixListener) -> io::Result<UnixListener> {
        l.set_nonblocking(true)?;
        Ok(UnixListener {
            inner: Registered::new(l)?,
        })
    }

    /// The next connection (a unix peer has no address worth reporting).
    pub async fn accept(&self) -> io::Result<(UnixStream, ())> {
        let fd = std::future::poll_fn(|cx| {
            loop {
                std::task::ready!(self.inner.src.poll_ready(Interest::READABLE, cx))?;
                match self
                    .inner
                    .src
                    .try_io(Interest::READABLE, || accept4(self.inner.fd()))
                {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    r => return Poll::Ready(r.map(|(fd, _)| fd)),
                }
            }
        })
        .await?;
        let s = std::os::unix::net::UnixStream::from(fd);
        Ok((
            UnixStream {
                inner: Registered::new(s)?,
            },
            (),
        ))
    }
}

/// A UDP socket on the loop.
pub struct UdpSocket {
    inner: Rc<Registered<std::net::UdpSocket>>,
}

impl UdpSocket {
    pub async fn bind(addr: SocketAddr) -> io::Result<UdpSocket> {
        let s = std::net::UdpSocket::bind(addr)?;
        s.set_nonblocking(true)?;
        Ok(UdpSocket {
            inner: Registered::new(s)?,
        })
    }

    pub async fn connect(&self, addr: SocketAddr) -> io::Result<()> {
        self.inner.io.connect(addr)
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.io.local_addr()
    }

    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.io.peer_addr()
    }

    /// Send one datagram to the connected peer.
    pub async fn send(&self, data: &[u8]) -> io::Result<usize> {
        std::future::poll_fn(|cx| self.inner.poll_write(cx, data)).await
    }

    /// Receive one datagram from the connected peer.
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        std::future::poll_fn(|cx| {
            loop {
                std::task::ready!(self.inner.src.poll_ready(Interest::READABLE, cx))?;
                match self.inner.try_read(buf) {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    r => return Poll::Ready(r),
                }
            }
        })
        .await
    }
}

/// Resolve `host` (getaddrinfo, on a thread of its own so the loop does not wait).
pub async fn lookup_host<A>(host: A) -> io::Result<std::vec::IntoIter<SocketAddr>>
where
    A: std::net::ToSocketAddrs + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    resolver::submit(Box::new(move || {
        let r = host.to_socket_addrs().map(|a| a.collect::<Vec<_>>());
        let _ = tx.send(r);
    }));
    match rx.await {
        Ok(r) => r.map(Vec::into_iter),
        Err(_) => Err(io::Error::other("the name lookup thread is gone")),
    }
}

/// Threads for blocking name lookups, shared by the process: started as lookups need them,
/// gone after 10 idle seconds (tokio's blocking pool, for this one use).
mod resolver {
    use std::collections::VecDeque;
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    type Job = Box<dyn FnOnce() + Send>;

    struct Pool {
        jobs: VecDeque<Job>,
        idle: usize,
        threads: usize,
    }

    static POOL: Mutex<Pool> = Mutex::new(Pool {
        jobs: VecDeque::new(),
        idle: 0,
        threads: 0,
    });
    static READY: Condvar = Condvar::new();
    const MAX_THREADS: usize = 16;

    pub(super) fn submit(job: Job) {
        let mut p = POOL.lock().unwrap_or_else(|e| e.into_inner());
        p.jobs.push_back(job);
        if p.idle > 0 {
            READY.notify_one();
            return;
        }
        if p.threads < MAX_THREADS
            && std::thread::Builder::new()
                .name("restyc-resolver".into())
                .spawn(work)
                .is_ok()
        {
            p.threads += 1;
        }
    }

    fn work() {
        let mut p = POOL.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(job) = p.jobs.pop_front() {
                drop(p);
                job();
                p = POOL.lock().unwrap_or_else(|e| e.into_inner());
                continue;
            }
            p.idle += 1;
            let (g, t) = READY
                .wait_timeout(p, Duration::from_secs(10))
                .unwrap_or_else(|e| e.into_inner());
            p = g;
            p.idle -= 1;
            if t.timed_out() && p.jobs.is_empty() {
                p.threads -= 1;
                return;
            }
        }
    }
}
