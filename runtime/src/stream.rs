//! A client connection's bytes: plain TCP or a unix socket (`listen unix:`), or TLS over
//! either (`listen … ssl`).
//!
//! Every user of a connection (the connection loop, a request's writes, the raw request socket)
//! shares it through `&self` with non-blocking `try_read` / `try_write` and readiness waits, as
//! the event loop's `TcpStream` offers them (`crate::rt::net`); TLS keeps that shape with rustls's unbuffered-I/O API
//! (`read_tls` / `process_new_packets` / `write_tls`) on a `RefCell` that is never borrowed
//! across an await.
//!
//! Encrypted bytes that the socket did not take yet stay inside rustls: [`Stream::flush`] sends
//! them. Whoever finishes a response flushes; every readiness wait for reading flushes first,
//! so an answer is never left behind while the connection waits for the next request.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::task::{Context, Poll};

use crate::rt::Interest;
use crate::rt::net::{TcpStream, UnixStream};
use rustls::ServerConnection;

pub struct Stream {
    io: Io,
    /// (boxed: a plain connection, most of them, does not carry rustls's state)
    tls: Option<Box<RefCell<ServerConnection>>>,
}

/// The socket under a connection: the non-blocking calls both kinds offer.
pub enum Io {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl From<TcpStream> for Io {
    fn from(s: TcpStream) -> Io {
        Io::Tcp(s)
    }
}

impl From<UnixStream> for Io {
    fn from(s: UnixStream) -> Io {
        Io::Unix(s)
    }
}

macro_rules! both {
    ($io:expr, $s:ident => $e:expr) => {
        match $io {
            Io::Tcp($s) => $e,
            Io::Unix($s) => $e,
        }
    };
}

impl Io {
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        both!(self, s => s.try_read(buf))
    }
    pub fn try_read_buf(&self, buf: &mut Vec<u8>) -> io::Result<usize> {
        both!(self, s => s.try_read_buf(buf))
    }

    /// Read into `buf`'s spare room (there must be some). A read that does not fill it drained
    /// the socket, so its readiness is cleared, as a `poll_read` does (epoll is
    /// edge-triggered): the next wait then costs no `recv` that finds nothing.
    pub fn try_read_drained(&self, buf: &mut Vec<u8>) -> io::Result<usize> {
        use std::os::fd::AsRawFd;
        let room = buf.capacity() - buf.len();
        let mut got = 0;
        let mut read = |fd: i32| {
            let spare = buf.spare_capacity_mut();
            // SAFETY: recv writes at most `spare.len()` bytes into the spare capacity, and only
            // the bytes it reports are then counted in the length.
            let n = unsafe { crate::rt::net::recv(fd, spare.as_mut_ptr().cast(), spare.len(), 0)? };
            unsafe { buf.set_len(buf.len() + n) };
            got = n;
            if n > 0 && n < room {
                // (WouldBlock makes try_io clear the readiness; the bytes are in `buf`)
                return Err(io::ErrorKind::WouldBlock.into());
            }
            Ok(n)
        };
        let r = match self {
            Io::Tcp(s) => s.try_io(crate::rt::Interest::READABLE, || read(s.as_raw_fd())),
            Io::Unix(s) => s.try_io(crate::rt::Interest::READABLE, || read(s.as_raw_fd())),
        };
        match r {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && got > 0 => Ok(got),
            r => r,
        }
    }
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        both!(self, s => s.try_write(buf))
    }
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        both!(self, s => s.poll_read_ready(cx))
    }
    /// `waker` becomes the socket's only waiter, to read (an idle connection parks).
    pub fn park(&self, waker: std::task::Waker) {
        both!(self, s => s.park(waker))
    }
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        both!(self, s => s.poll_write_ready(cx))
    }
    pub async fn readable(&self) -> io::Result<()> {
        both!(self, s => s.readable().await)
    }
    pub async fn writable(&self) -> io::Result<()> {
        both!(self, s => s.writable().await)
    }

    /// Look at what arrived without taking it (`recv(MSG_PEEK)`): 0 at the peer's end.
    pub fn try_peek(&self, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::fd::AsRawFd;
        let mut peek = |fd: i32| {
            // SAFETY: recv into a live buffer of the given length.
            unsafe {
                crate::rt::net::recv(
                    fd,
                    buf.as_mut_ptr(),
                    buf.len(),
                    libc::MSG_PEEK | libc::MSG_DONTWAIT,
                )
            }
        };
        both!(self, s => s.try_io(Interest::READABLE, || peek(s.as_raw_fd())))
    }

    pub fn poll_peek(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        loop {
            std::task::ready!(self.poll_read_ready(cx))?;
            match self.try_peek(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                r => return Poll::Ready(r),
            }
        }
    }

    pub async fn peek(&self, buf: &mut [u8]) -> io::Result<usize> {
        std::future::poll_fn(|cx| self.poll_peek(cx, buf)).await
    }

    fn shutdown_write(&self) {
        let _ = both!(self, s => socket2::SockRef::from(s).shutdown(std::net::Shutdown::Write));
    }
}

/// The socket as rustls's `io::Read` / `io::Write` (non-blocking: `WouldBlock` passes through).
pub struct SockIo<'a>(pub &'a Io);

impl Read for SockIo<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.try_read(buf)
    }
}

impl Write for SockIo<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.try_write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Write what rustls holds encrypted, until done or the socket would block.
fn send_tls(c: &mut ServerConnection, sock: &Io) -> io::Result<()> {
    while c.wants_write() {
        if c.write_tls(&mut SockIo(sock))? == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
    }
    Ok(())
}

impl Stream {
    /// `Io::try_read_drained` for a plain connection (a TLS one reads through `try_read_buf`).
    pub fn try_read_drained(&self, buf: &mut Vec<u8>) -> io::Result<usize> {
        match &self.tls {
            None => self.io.try_read_drained(buf),
            Some(_) => self.try_read_buf(buf),
        }
    }

    pub fn plain(io: impl Into<Io>) -> Stream {
        Stream {
            io: io.into(),
            tls: None,
        }
    }

    /// A connection whose TLS handshake is done (`crate::tls::accept`).
    pub fn tls(io: Io, c: ServerConnection) -> Stream {
        Stream {
            io,
            tls: Some(Box::new(RefCell::new(c))),
        }
    }

    /// The TCP socket of a plain TCP connection, for its `AsyncRead`.
    pub fn plain_mut(&mut self) -> Option<&mut TcpStream> {
        match (&self.tls, &mut self.io) {
            (None, Io::Tcp(s)) => Some(s),
            _ => None,
        }
    }

    /// The socket itself (peeks see the raw bytes, encrypted or not).
    pub fn io(&self) -> &Io {
        &self.io
    }

    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Read decrypted bytes: Ok(0) at the end (close_notify or the peer's FIN), `WouldBlock`
    /// when nothing is there yet.
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(tls) = &self.tls else {
            return self.io.try_read(buf);
        };
        let mut c = tls.borrow_mut();
        loop {
            match c.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                // The peer's FIN without close_notify: an end like any other for HTTP.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(0),
                Err(e) => return Err(e),
            }
            if c.read_tls(&mut SockIo(&self.io))? == 0 {
                return Ok(0);
            }
            if let Err(e) = c.process_new_packets() {
                // Tell the peer why (the alert rustls queued), then fail.
                let _ = send_tls(&mut c, &self.io);
                return Err(io::Error::new(io::ErrorKind::InvalidData, e));
            }
            // A key update or a ticket to answer: send it now if the socket takes it.
            match send_tls(&mut c, &self.io) {
                Err(e) if e.kind() != io::ErrorKind::WouldBlock => return Err(e),
                _ => {}
            }
        }
    }

    /// Read into the spare capacity of `buf`.
    pub fn try_read_buf(&self, buf: &mut Vec<u8>) -> io::Result<usize> {
        if self.tls.is_none() {
            return self.io.try_read_buf(buf);
        }
        let len = buf.len();
        buf.resize(buf.capacity().max(len + 1024), 0);
        let r = self.try_read(&mut buf[len..]);
        buf.truncate(len + *r.as_ref().unwrap_or(&0));
        r
    }

    /// Write some of `data`: how much was taken, or `WouldBlock` while earlier encrypted bytes
    /// still wait for the socket.
    pub fn try_write(&self, data: &[u8]) -> io::Result<usize> {
        let Some(tls) = &self.tls else {
            return self.io.try_write(data);
        };
        let mut c = tls.borrow_mut();
        send_tls(&mut c, &self.io)?;
        let n = c.writer().write(data)?;
        match send_tls(&mut c, &self.io) {
            Err(e) if e.kind() != io::ErrorKind::WouldBlock => Err(e),
            _ => Ok(n),
        }
    }

    /// Decrypted bytes wait inside rustls (no socket readiness will announce them).
    fn buffered(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| {
            t.borrow_mut()
                .process_new_packets()
                .is_ok_and(|s| s.plaintext_bytes_to_read() > 0 || s.peer_has_closed())
        })
    }

    fn pending(&self) -> bool {
        self.tls.as_ref().is_some_and(|t| t.borrow().wants_write())
    }

    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.tls.is_some() {
            if let Poll::Ready(Err(e)) = self.poll_flush(cx) {
                return Poll::Ready(Err(e));
            }
            if self.buffered() {
                return Poll::Ready(Ok(()));
            }
        }
        self.io.poll_read_ready(cx)
    }

    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_write_ready(cx)
    }

    /// `waker` becomes the socket's only waiter, to read (an idle connection parks).
    pub fn park(&self, waker: std::task::Waker) {
        self.io.park(waker)
    }

    /// Send what rustls holds encrypted.
    pub fn poll_flush(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(tls) = &self.tls else {
            return Poll::Ready(Ok(()));
        };
        loop {
            match send_tls(&mut tls.borrow_mut(), &self.io) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                r => return Poll::Ready(r),
            }
            std::task::ready!(self.io.poll_write_ready(cx))?;
        }
    }

    pub async fn readable(&self) -> io::Result<()> {
        std::future::poll_fn(|cx| self.poll_read_ready(cx)).await
    }

    pub async fn writable(&self) -> io::Result<()> {
        if self.pending() {
            self.flush().await?;
        }
        self.io.writable().await
    }

    pub async fn flush(&self) -> io::Result<()> {
        std::future::poll_fn(|cx| self.poll_flush(cx)).await
    }

    /// Close the write side: TLS's close_notify (best effort, as nginx's SSL_shutdown), then FIN.
    pub fn shutdown_write(&self) {
        if let Some(tls) = &self.tls {
            let mut c = tls.borrow_mut();
            c.send_close_notify();
            let _ = send_tls(&mut c, &self.io);
        }
        self.io.shutdown_write();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_plain_connection_stays_small() {
        // What an idle keep-alive connection holds (BENCHMARKS.md's bench/idle).
        let size = std::mem::size_of::<super::Stream>();
        assert!(size <= 48, "{size}");
    }
}
