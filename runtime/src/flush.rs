//! Sending a response while its handler still runs: `ngx.flush`, and output queued before a
//! wait (`ngx.sleep`).
//!
//! A connection ([`Conn`]) is shared ([`Client`]): the connection loop (`serve.rs`) reads from
//! it, and the request being served writes to it (`Request::client`).
//! Response bytes are always queued in `Request::out` first; whoever writes — `ngx.flush(true)`,
//! a sleep, the connection loop once the handler is done — takes them from the front of that
//! one queue with non-blocking writes, so concurrent writers (light threads) keep the bytes in
//! order and keep-alive and pipelining work as before.
//!
//! nginx's write filter holds back less than `postpone_output` (1460 bytes) unless flushed; a
//! sleep sends what is queued only from that size on, like nginx would have by then.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase;
use crate::request::ReqRef;
use mlua::{Lua, MultiValue, Table, Value};

/// The client connection, shared by the connection loop (reads) and the request it serves
/// (writes; and reads too once a handler takes the raw request socket). One allocation: the
/// stream's own methods all take `&self`.
pub type Client = Rc<Stream>;

pub use crate::stream::Stream;

/// nginx's `postpone_output` default.
pub const POSTPONE_OUTPUT: usize = 1460;

/// nginx's `send_timeout` default.
const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// A client connection.
pub struct Conn {
    pub io: Client,
}

impl Conn {
    pub fn new(s: Stream) -> Conn {
        Conn { io: Rc::new(s) }
    }

    pub async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match Rc::get_mut(&mut self.io).and_then(Stream::plain_mut) {
            Some(s) => tokio::io::AsyncReadExt::read(s, buf).await,
            None => read(&self.io, buf).await,
        }
    }

    /// Read into the spare capacity of `buf` (no zeroed scratch buffer per read).
    /// Like nginx's 1 KB client_header_buffer_size, most request heads fit the first 1 KB; the
    /// buffer doubles for larger ones.
    ///
    /// Through `AsyncRead` while the loop holds the only reference (between requests it does):
    /// a short read there marks the socket not readable, so the idle wait that follows sleeps
    /// instead of waking for a read that would find nothing.
    pub async fn read_buf(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        buf.reserve(1024);
        if let Some(s) = Rc::get_mut(&mut self.io).and_then(Stream::plain_mut) {
            return tokio::io::AsyncReadExt::read_buf(s, buf).await;
        }
        loop {
            match self.io.try_read_buf(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.io.readable().await?,
                r => return r,
            }
        }
    }

    /// Write all of `data` (not through any request's queue).
    pub async fn write_all(&self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            self.io.writable().await?;
            match self.io.try_write(data) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => data = &data[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        self.io.flush().await
    }

    /// Send FIN.
    pub async fn shutdown(self) {
        self.shutdown_lingering(false).await
    }

    /// Close after the last response. With input still unread (pipelined requests past the
    /// last one answered, `unread`, or bytes waiting in the socket) nginx's lingering close:
    /// the write side closes first and what keeps arriving is read and dropped until the peer
    /// stops (lingering_timeout 5 s of silence, lingering_time 30 s in all), so the peer gets
    /// every response instead of a reset that can destroy them.
    pub async fn shutdown_lingering(self, unread: bool) {
        let mut scratch = vec![0u8; 4096];
        let pending = unread || matches!(self.io.try_read(&mut scratch), Ok(n) if n > 0);
        let _ = self.io.flush().await;
        self.io.shutdown_write();
        if !pending {
            return;
        }
        let end = crate::rt::time::Instant::now() + Duration::from_secs(30);
        loop {
            let quiet = crate::rt::time::Instant::now() + Duration::from_secs(5);
            let read =
                crate::rt::time::timeout_at(quiet.min(end), read(&self.io, &mut scratch)).await;
            if !matches!(read, Ok(Ok(n)) if n > 0) {
                return;
            }
        }
    }
}

/// Read what arrives (readiness, then a plain non-blocking read: no `AsyncRead` state to own).
pub async fn read(rd: &Stream, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match rd.try_read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => rd.readable().await?,
            r => return r,
        }
    }
}

/// Write what the socket takes now of what `r` queued (and its `limit_rate` allows), without
/// waiting.
fn write_now(w: &Stream, r: &ReqRef) -> io::Result<()> {
    let mut rq = r.borrow_mut();
    let end = match crate::limit_rate::allowance(&mut rq) {
        Some(n) => n.min(rq.out.len()),
        None => rq.out.len(),
    };
    let before = crate::limit_rate::written(&rq);
    // What went out is dropped from the queue once, after the writes: draining after each one
    // would move the rest of a large answer for every piece (TLS takes 16 KB at a time).
    let mut sent = 0;
    let res = loop {
        if sent == end {
            break Ok(());
        }
        match w.try_write(&rq.out[sent..end]) {
            Ok(0) => break Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => sent += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    rq.out.drain(..sent);
    crate::limit_rate::wrote(&mut rq, before, sent);
    res
}

/// A failed write: nothing more will reach this client.
fn broken(r: &ReqRef) {
    let mut rq = r.borrow_mut();
    rq.out.clear();
    rq.keepalive = false;
}

/// Write everything `r` has queued through `w`, waiting for the socket as needed (each wait
/// at most send_timeout, as nginx times the gaps between writes, not the whole answer) and for
/// the response's `limit_rate`.
pub async fn flush_to(w: &Stream, r: &ReqRef) -> io::Result<()> {
    let timed_out = || io::Error::from(io::ErrorKind::TimedOut);
    loop {
        if r.borrow().out.is_empty() {
            return match crate::rt::time::timeout(SEND_TIMEOUT, w.flush()).await {
                Ok(res) => res,
                Err(_) => Err(timed_out()),
            };
        }
        let delayed = r.borrow_mut().write_delayed_until.take();
        if let Some(t) = delayed {
            crate::rt::time::sleep_until(t).await;
        }
        let res = match crate::rt::time::timeout(SEND_TIMEOUT, w.writable()).await {
            Ok(Ok(())) => write_now(w, r),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(timed_out()),
        };
        if let Err(e) = res {
            broken(r);
            return Err(e);
        }
    }
}

/// Write everything `r` has queued to its client (nothing for subrequests and timers).
pub async fn flush(r: &ReqRef) -> io::Result<()> {
    let Some(w) = r.borrow().client.clone() else {
        return Ok(());
    };
    flush_to(&w, r).await
}

/// Write, without waiting, what the socket takes now.
pub fn try_flush(r: &ReqRef) -> io::Result<()> {
    let Some(w) = r.borrow().client.clone() else {
        return Ok(());
    };
    try_flush_to(&w, r)
}

/// Write through `w`, without waiting, what the socket takes now of what `r` queued.
pub fn try_flush_to(w: &Stream, r: &ReqRef) -> io::Result<()> {
    let res = write_now(w, r);
    if res.is_err() {
        broken(r);
    }
    res
}

/// Run `fut` (a wait: a sleep...) while sending what the current request queued, if that is at
/// least `postpone_output`: nginx would have written it by now. The write stops when `fut` is
/// done; what is left stays queued.
pub async fn while_waiting<F: Future>(fut: F) -> F::Output {
    let r = crate::lua::current().map(|(_, r)| r);
    let Some(r) = r.filter(|r| {
        let rq = r.borrow();
        rq.client.is_some() && rq.out.len() >= POSTPONE_OUTPUT
    }) else {
        return fut.await;
    };
    let mut fut = pin!(fut);
    let mut fl = pin!(flush(&r));
    let mut flushed = false;
    std::future::poll_fn(|cx| {
        if !flushed && fl.as_mut().poll(cx).is_ready() {
            flushed = true;
        }
        fut.as_mut().poll(cx)
    })
    .await
}

fn nil_err(lua: &Lua, msg: &str) -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([
        Value::Nil,
        Value::String(lua.create_string(msg)?),
    ]))
}

/// `ngx.flush(wait?)` (`ngx_http_lua_ngx_flush`): send what is queued; with `true`, wait until
/// the client took it.
async fn lua_flush(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() > 1 {
        return fail(format!(
            "attempt to pass {} arguments, but accepted 0 or 1",
            a.len()
        ));
    }
    let (w, r) = crate::lua::current_request().map_err(Raise::Error)?;
    let main = r.borrow().subrequest == 0;
    let wait = match a.front() {
        Some(Value::Boolean(b)) if main => *b,
        Some(v) if main => {
            return Err(Raise::Arg(
                1,
                format!("boolean expected, got {}", raise::typename(v)),
            ));
        }
        _ => false,
    };
    phase::check(phase::OUTPUT).map_err(Raise::Error)?;
    {
        let rq = r.borrow();
        if crate::ngx::output::header_only(&rq) {
            return nil_err(&lua, "header only");
        }
        if rq.raw_socket.is_some() {
            return nil_err(&lua, "raw request socket acquired");
        }
        if rq.eof {
            return nil_err(&lua, "seen eof");
        }
        if rq.buffer_all {
            return nil_err(&lua, "buffering");
        }
        if !rq.header_sent {
            return nil_err(&lua, "nothing to flush");
        }
    }
    // The flush buffer goes down the filter chain: body_filter_by_lua sees it as an empty chunk.
    let filtered = crate::output::conf(&w, &r.borrow())
        .body_filter_by_lua
        .is_some();
    if filtered && !crate::output::send_body(&w, &r, b"", false) {
        return nil_err(&lua, "nginx output filter error");
    }
    crate::output::gzip_sync(&r);
    let res = if wait {
        match flush(&r).await {
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return nil_err(&lua, "timeout"),
            res => res,
        }
    } else {
        try_flush(&r)
    };
    if res.is_err() {
        return nil_err(&lua, "nginx output filter error");
    }
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

/// Set `ngx.flush`.
pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    ngx.raw_set("flush", raise::async_function(lua, lua_flush)?)
}

/// Poll `f` once, for tests: whether it is done at once.
#[cfg(test)]
fn ready_now<F: Future>(f: F) -> bool {
    let mut f = pin!(f);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    f.as_mut().poll(&mut cx).is_ready()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_queued_is_done_at_once() {
        crate::rt::block_on(async {
            let l = crate::rt::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap();
            let addr = l.local_addr().unwrap();
            let (c, _) = tokio::join!(crate::rt::net::TcpStream::connect(addr), l.accept());
            let conn = Conn::new(Stream::plain(c.unwrap()));
            let any: std::net::SocketAddr = ([127, 0, 0, 1], 0).into();
            let r = crate::serve::new_request(
                crate::request::ConnInfo {
                    remote: any,
                    local: any,
                    id: 1,
                    socket: 0,
                    requests: 1,
                    tls: None,
                    plain_http_on_tls: false,
                    unix: None,
                },
                0,
                "GET".into(),
                "/".into(),
                crate::http::Version::Http11,
                vec![],
                Default::default(),
            );
            r.borrow_mut().client = Some(conn.io.clone());
            assert!(ready_now(flush(&r)));
            r.borrow_mut().out.extend_from_slice(b"hello");
            assert!(try_flush(&r).is_ok());
            assert!(r.borrow().out.is_empty());
        });
    }
}
