//! `ngx.socket.tcp` and `ngx.socket.connect`: cosockets (`ngx_http_lua_socket_tcp.c`).
//!
//! A socket object is a Lua table whose slot 1 holds the connection (as in lua-nginx-module),
//! with the methods in its metatable. Every method that waits (connect, send, receive, the
//! `receiveuntil` iterator) is an async function: the coroutine yields to the worker's executor,
//! so a slow peer never blocks other requests. During an operation the connection's read or
//! write half is taken out of the object, so a second light thread using the same direction at
//! once gets OpenResty's `socket busy reading` / `socket busy writing`.
//!
//! - Timeouts: `settimeout`/`settimeouts` (ms), else 60 s each (lua_socket_*_timeout defaults),
//!   idle timeouts armed anew whenever data moves. A read timeout leaves the connection open; a
//!   send timeout ends its write side (later sends answer "closed"), as in OpenResty.
//! - `setkeepalive(timeout, size)` puts the connection in the worker's pool for its
//!   `host:port` (or the `pool` option); `connect` takes the most recent live one from there
//!   (`getreusedtimes`). Idle connections are checked for liveness when taken.
//! - Host names need a `resolver` directive, as in OpenResty (else `no resolver defined to
//!   resolve "name"`); restyc then resolves them with the system resolver, not the configured
//!   servers.
//! - `lua_socket_connect_timeout`, `_send_timeout`, `_read_timeout`, `_keepalive_timeout` and
//!   `_pool_size` of the request's location are the defaults.
//! - `sslhandshake` speaks TLS with rustls over a TCP connection (lua_ssl_protocols,
//!   lua_ssl_trusted_certificate; `tls.rs` has the verifier and lua-nginx-module's error
//!   words). Its session result resumes that session when passed to a later handshake.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use mlua::{Function, Lua, MultiValue, Table, UserData, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase;
use crate::plan::LogLevel;

/// A connection's read or write half, which `sslhandshake` can take back as the TCP half it is.
trait Half {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}
impl<T: 'static> Half for T {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}
trait ReadHalf: AsyncRead + Unpin + Half {}
impl<T: AsyncRead + Unpin + 'static> ReadHalf for T {}
trait WriteHalf: AsyncWrite + Unpin + Half {}
impl<T: AsyncWrite + Unpin + 'static> WriteHalf for T {}
type Reader = Box<dyn ReadHalf>;
type Writer = Box<dyn WriteHalf>;

/// lua_socket_connect_timeout, lua_socket_send_timeout, lua_socket_read_timeout defaults.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// lua_socket_keepalive_timeout and lua_socket_pool_size defaults.
const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(60);
const DEFAULT_POOL_SIZE: usize = 30;
/// lua_socket_buffer_size default (one page).
const READ_CHUNK: usize = 4096;

/// One cosocket.
struct Sock {
    /// None while no connection is open, or while an operation has taken it.
    rd: Option<Reader>,
    wr: Option<Writer>,
    connected: bool,
    /// Received and not yet returned.
    buf: Vec<u8>,
    /// The peer closed its side.
    eof: bool,
    /// A read failed (not by a timeout): reads answer "closed" from then on.
    read_closed: bool,
    /// A send timed out: sends answer "closed" from then on (the connection stays for
    /// reads), as lua-nginx-module finalizes the write side.
    write_closed: bool,
    /// Pool key (`host:port`, `unix:path`, or the `pool` option).
    key: String,
    reused: u32,
    connect_timeout: Duration,
    send_timeout: Duration,
    read_timeout: Duration,
    /// The lua_socket_*_timeout settings (connect, send, read): what a timeout of 0 means.
    conf_timeouts: [Duration; 3],
    /// `connect` was called (lua-nginx-module's upstream struct `u` exists): the "closed
    /// socket" log lines print `u:0` before.
    has_u: bool,
    /// The last connect failed in the resolver (`ft:8` in those lines; other failures reset
    /// the failure type to 0 when they return it to Lua).
    ft_resolver: bool,
    /// A read met the peer's close since the last connect (`eof:1`).
    saw_eof: bool,
    /// The request that created (or connected) it, by id: another may not use it ("bad
    /// request"); None once the main request ended and closed it.
    owner: Option<u64>,
    /// A TLS connection's session (`sslhandshake`), by its id in `SESSIONS`.
    tls: Option<u64>,
}

impl Sock {
    fn new() -> Sock {
        Sock {
            rd: None,
            wr: None,
            connected: false,
            buf: Vec::new(),
            eof: false,
            read_closed: false,
            write_closed: false,
            key: String::new(),
            reused: 0,
            connect_timeout: DEFAULT_TIMEOUT,
            send_timeout: DEFAULT_TIMEOUT,
            read_timeout: DEFAULT_TIMEOUT,
            conf_timeouts: [DEFAULT_TIMEOUT; 3],
            has_u: false,
            ft_resolver: false,
            saw_eof: false,
            owner: None,
            tls: None,
        }
    }
    /// A socket with the location's lua_socket_*_timeout settings.
    fn with_settings(conf: &crate::plan::LuaSocketConf) -> Sock {
        let ms = |v: Option<u64>| {
            v.filter(|&m| m > 0)
                .map(Duration::from_millis)
                .unwrap_or(DEFAULT_TIMEOUT)
        };
        let t = [
            ms(conf.connect_timeout_ms),
            ms(conf.send_timeout_ms),
            ms(conf.read_timeout_ms),
        ];
        Sock {
            connect_timeout: t[0],
            send_timeout: t[1],
            read_timeout: t[2],
            conf_timeouts: t,
            ..Sock::new()
        }
    }
    fn close(&mut self) {
        self.rd = None;
        self.wr = None;
        self.tls = None;
        self.connected = false;
        self.buf.clear();
        self.eof = false;
        self.read_closed = false;
        self.write_closed = false;
    }
    /// lua-nginx-module's check_busy_reading / check_busy_writing: another light thread's
    /// operation holds that half.
    fn busy(&self) -> Option<&'static str> {
        if !self.connected {
            None
        } else if self.rd.is_none() && !self.eof {
            Some("socket busy reading")
        } else if self.wr.is_none() {
            Some("socket busy writing")
        } else {
            None
        }
    }
}

type SockRef = Rc<RefCell<Sock>>;

/// The cosockets a main request and its subrequests created, closed when the main request ends
/// (lua-nginx-module's cleanups are in the main request's pool). Shared by its subrequests.
#[derive(Default)]
pub struct OwnedSockets(RefCell<Vec<std::rc::Weak<RefCell<Sock>>>>);

impl OwnedSockets {
    fn adopt(&self, s: &SockRef) {
        self.0.borrow_mut().push(Rc::downgrade(s));
    }
}

impl Drop for OwnedSockets {
    fn drop(&mut self) {
        for s in self.0.get_mut().drain(..).filter_map(|w| w.upgrade()) {
            if let Ok(mut so) = s.try_borrow_mut() {
                so.close();
                so.owner = None;
            }
        }
    }
}

/// Bind a socket to the current request (and its main request's cleanup).
fn bind_to_current(s: &SockRef) {
    if let Some((_, r)) = crate::lua::current() {
        let rq = r.borrow();
        s.borrow_mut().owner = Some(rq.id);
        rq.cosockets.get_or_init(Default::default).adopt(s);
    }
}

/// A connected cosocket used by a request other than its own raises "bad request" (after the
/// "closed" answers, as in lua-nginx-module, which checks those first).
fn check_owner(s: &SockRef) -> RResult<()> {
    let so = s.borrow();
    if so.connected && owned_by_another(&so) {
        return fail("bad request");
    }
    Ok(())
}

/// The socket belongs to another request whose main request is still running.
fn owned_by_another(so: &Sock) -> bool {
    match (so.owner, crate::lua::current()) {
        (Some(id), Some((_, r))) => id != r.borrow().id,
        _ => false,
    }
}

struct Handle(SockRef);
impl UserData for Handle {}

/// An idle connection in the pool.
struct Idle {
    rd: Reader,
    wr: Writer,
    tls: Option<u64>,
    reused: u32,
    expires: Option<Instant>,
}

/// One keep-alive pool: its size is the one given when it was created (later setkeepalive
/// sizes do not change it, as in lua-nginx-module); the most recent connection last.
struct Pool {
    size: usize,
    idle: VecDeque<Idle>,
}

thread_local! {
    /// The worker's keep-alive pools, by key.
    static POOLS: RefCell<HashMap<String, Pool>> = RefCell::new(HashMap::new());
}

/// A live connection for `key` from the pool, if any.
fn pool_get(key: &str) -> Option<Idle> {
    POOLS.with(|p| {
        let mut p = p.borrow_mut();
        let q = &mut p.get_mut(key)?.idle;
        let now = Instant::now();
        while let Some(mut idle) = q.pop_back() {
            if idle.expires.is_some_and(|e| e <= now) {
                continue;
            }
            // Still open and silent? (A closed or chatty idle connection is dropped.)
            let mut b = [0u8; 1];
            let mut rb = ReadBuf::new(&mut b);
            let mut cx = Context::from_waker(std::task::Waker::noop());
            if let Poll::Pending = Pin::new(&mut idle.rd).poll_read(&mut cx, &mut rb) {
                return Some(idle);
            }
        }
        None
    })
}

fn pool_put(key: String, idle: Idle, size: usize) {
    POOLS.with(|p| {
        let mut p = p.borrow_mut();
        let pool = p.entry(key).or_insert_with(|| Pool {
            size: size.max(1),
            idle: VecDeque::new(),
        });
        let now = Instant::now();
        pool.idle.retain(|i| !i.expires.is_some_and(|e| e <= now));
        while pool.idle.len() >= pool.size {
            pool.idle.pop_front();
        }
        pool.idle.push_back(idle);
    })
}

fn sock_of(a: &MultiValue) -> RResult<SockRef> {
    object_of(a, |h: &Handle| h.0.clone())
}

/// The userdata of a cosocket object (`{[1] = userdata}`), the method's first argument.
pub(crate) fn object_of<H: 'static, T>(a: &MultiValue, get: impl Fn(&H) -> T) -> RResult<T> {
    match a.front() {
        Some(Value::Table(t)) => match t.raw_get::<Value>(1)? {
            Value::UserData(ud) => Ok(get(&*ud.borrow::<H>()?)),
            _ => Err(Raise::Arg(1, "table expected, got table".into())),
        },
        Some(v) => Err(Raise::Arg(
            1,
            format!("table expected, got {}", raise::typename(v)),
        )),
        None => Err(Raise::Arg(1, "table expected, got no value".into())),
    }
}

pub(crate) fn nil_err(lua: &Lua, msg: &str) -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([
        Value::Nil,
        Value::String(lua.create_string(msg)?),
    ]))
}

fn nil_err_partial(lua: &Lua, msg: &str, partial: &[u8]) -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([
        Value::Nil,
        Value::String(lua.create_string(msg)?),
        Value::String(lua.create_string(partial)?),
    ]))
}

/// A socket error's log line, unless `lua_socket_log_errors off`.
pub(crate) fn log_socket_error(msg: &str) {
    if settings().log_errors != Some(false) {
        log(LogLevel::Error, msg);
    }
}

/// Log on behalf of the current request (or plainly outside one).
pub(crate) fn log(level: LogLevel, msg: &str) {
    match crate::lua::current() {
        Some((w, r)) => crate::engine::log_req(&w, &r, level, msg),
        None => crate::log::write(level, msg, None),
    }
}

/// `strerror` as OpenResty returns it: the first letter in lower case.
pub(crate) fn os_error(e: &std::io::Error) -> (String, String) {
    let code = e.raw_os_error().unwrap_or(0);
    let text = match code {
        0 => e.to_string(),
        c => {
            let s = std::io::Error::from_raw_os_error(c).to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    };
    let mut lower = text.clone();
    if let Some(f) = lower.get(..1) {
        let f = f.to_ascii_lowercase();
        lower.replace_range(..1, &f);
    }
    (format!("{code}: {text}"), lower)
}

/// lua-nginx-module logs every use of a closed socket (never connected, closed, or its read
/// side ended), with its upstream struct, connection, failure type and eof flag.
fn closed_log(s: &SockRef, what: &str) {
    let so = s.borrow();
    let u = if so.has_u { Rc::as_ptr(s) as usize } else { 0 };
    // (a read side that ended keeps its connection)
    let c = if so.connected { u + 0x40 } else { 0 };
    let ft = if so.ft_resolver { 8 } else { 0 };
    let eof = so.saw_eof as u8;
    drop(so);
    log_socket_error(&format!(
        "attempt to {what} data on a closed socket: u:{u:016X}, c:{c:016X}, ft:{ft} eof:{eof}"
    ));
}

/// The current location's cosocket settings.
pub(crate) fn settings() -> crate::plan::LuaSocketConf {
    match crate::lua::current() {
        Some((w, r)) => crate::output::conf(&w, &r.borrow()).lua_socket.clone(),
        None => Default::default(),
    }
}

pub(crate) fn check_context() -> RResult<()> {
    if crate::lua::current().is_none() {
        return fail("no request found");
    }
    phase::check(phase::COSOCKET).map_err(Raise::Error)
}

/// `ngx.socket.tcp()`.
fn tcp(lua: &Lua, mt: &Table, a: MultiValue) -> RResult<Table> {
    if !a.is_empty() {
        return fail(format!("expecting zero arguments, but got {}", a.len()));
    }
    check_context()?;
    let conf = settings();
    let sock = Sock::with_settings(&conf);
    let s = Rc::new(RefCell::new(sock));
    bind_to_current(&s);
    let t = lua.create_table_with_capacity(1, 0)?;
    t.raw_set(1, lua.create_userdata(Handle(s))?)?;
    t.set_metatable(Some(mt.clone()))?;
    Ok(t)
}

/// `ngx.req.socket()`: the request body as a read-only cosocket (`receive`, `receiveany`,
/// `receiveuntil`, `settimeout(s)`), read from the connection as the socket is read (an
/// upload is never held whole); what it has read is no longer the request body
/// (`get_body_data` is nil), and what it leaves is dropped when the request ends.
fn req_socket(lua: &Lua, mt: &Table, raw_mt: &Table, a: MultiValue) -> RResult<MultiValue> {
    if a.len() > 1 {
        return fail(format!(
            "expecting zero or one arguments, but got {}",
            a.len()
        ));
    }
    let (_, r) = crate::lua::current_request().map_err(Raise::Error)?;
    phase::check(phase::BODY_READ).map_err(Raise::Error)?;
    let raw = !matches!(a.front(), None | Some(Value::Nil | Value::Boolean(false)));
    if raw {
        return raw_req_socket(lua, raw_mt, &r);
    }
    {
        let rq = r.borrow();
        if rq.body_read {
            return nil_err(lua, "request body already exists");
        }
        if rq
            .header_str("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            return nil_err(lua, "chunked request bodies not supported yet");
        }
        let len = rq
            .header_str("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0);
        if len == 0 {
            return nil_err(lua, "no body");
        }
    }
    crate::body::test_expect(&r);
    let mut rq = r.borrow_mut();
    rq.body_read = true;
    let mut sock = Sock::new();
    sock.connected = true;
    sock.has_u = true;
    // What came with the head, then the rest from the connection.
    let left = match rq.body_unread {
        Some(crate::body::Unread::Length(n)) => n,
        _ => 0,
    };
    let buffered = left.min(rq.input.len() as u64);
    sock.buf = rq.input.drain(..buffered as usize).collect();
    rq.request_length += buffered;
    // (what the socket leaves unread is not dropped: as in nginx, the connection reads it as
    // the next request)
    rq.body_unread = None;
    match rq.client.clone() {
        Some(client) if left > buffered => {
            sock.rd = Some(Box::new(BodyRead {
                client,
                left: left - buffered,
            }));
        }
        _ => sock.eof = true,
    }
    drop(rq);
    let t = lua.create_table_with_capacity(1, 0)?;
    t.raw_set(1, lua.create_userdata(Handle(Rc::new(RefCell::new(sock))))?)?;
    t.set_metatable(Some(mt.clone()))?;
    Ok(MultiValue::from_iter([Value::Table(t)]))
}

/// `ngx.req.socket(true)`: the client connection itself as a full-duplex cosocket (receive,
/// receiveany, receiveuntil, send, settimeout(s)), as `ngx_http_lua_req_socket` hands it out:
/// nothing may wait to be written, the response head counts as sent from now on (the handler
/// writes whatever it answers itself: ngx.say and friends send nothing more), and the
/// connection is not kept alive after the request.
/// What was read past the request's head and body is received first.
fn raw_req_socket(lua: &Lua, mt: &Table, r: &crate::request::ReqRef) -> RResult<MultiValue> {
    let conf = settings();
    let mut rq = r.borrow_mut();
    if rq.subrequest > 0 {
        return fail("attempt to read the request body in a subrequest");
    }
    let Some(client) = rq.client.clone() else {
        return fail("no request found");
    };
    // Output the socket did not take yet; what nginx still holds back under postpone_output
    // never goes out once the handler owns the connection (nor does any output after this).
    if rq.out.len() >= crate::flush::POSTPONE_OUTPUT {
        return nil_err(lua, "pending data to write");
    }
    rq.out.clear();
    if rq.buffer_all {
        return nil_err(lua, "http 1.0 buffering");
    }
    if rq.raw_socket.is_some() {
        return nil_err(lua, "duplicate call");
    }
    rq.header_sent = true;
    rq.keepalive = false;
    // (a body not read yet is the socket's to read, as the rest of the connection)
    rq.body_unread = None;
    let mut sock = Sock::with_settings(&conf);
    sock.connected = true;
    sock.has_u = true;
    sock.buf = std::mem::take(&mut rq.input);
    sock.rd = Some(Box::new(RawRead(client.clone())));
    sock.wr = Some(Box::new(RawWrite(client)));
    let sock = Rc::new(RefCell::new(sock));
    let held = Rc::downgrade(&sock);
    rq.raw_socket = Some(Box::new(move || {
        if let Some(s) = held.upgrade() {
            s.borrow_mut().close();
        }
    }));
    let t = lua.create_table_with_capacity(1, 0)?;
    t.raw_set(1, lua.create_userdata(Handle(sock))?)?;
    t.set_metatable(Some(mt.clone()))?;
    Ok(MultiValue::from_iter([Value::Table(t)]))
}

/// The client connection as a cosocket reader (the connection loop reads nothing while the
/// request runs).
struct RawRead(crate::flush::Client);

impl AsyncRead for RawRead {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        loop {
            std::task::ready!(self.0.poll_read_ready(cx))?;
            match self.0.try_read(buf.initialize_unfilled()) {
                Ok(n) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

/// The rest of a request body as a cosocket reader: from the client connection, never past the
/// body's end; 0 bytes (closed) once it is all read.
struct BodyRead {
    client: crate::flush::Client,
    left: u64,
}

impl AsyncRead for BodyRead {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.left == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            std::task::ready!(self.client.poll_read_ready(cx))?;
            let want = (buf.remaining() as u64).min(self.left) as usize;
            match self.client.try_read(buf.initialize_unfilled_to(want)) {
                Ok(n) => {
                    buf.advance(n);
                    self.left = if n == 0 { 0 } else { self.left - n as u64 };
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

/// The client connection as a cosocket writer.
struct RawWrite(crate::flush::Client);

impl AsyncWrite for RawWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        loop {
            std::task::ready!(self.0.poll_write_ready(cx))?;
            match self.0.try_write(data) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                r => return Poll::Ready(r),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// An IPv4 or IPv6 literal (brackets allowed) as a socket address.
pub(crate) fn ip_addr(host: &str, port: u16) -> Option<std::net::SocketAddr> {
    let h = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    h.parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| std::net::SocketAddr::new(ip, port))
}

/// `sock:connect(host, port, opts?)` / `sock:connect("unix:/path", opts?)`.
async fn connect(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    let n = a.len();
    if !(2..=4).contains(&n) {
        return fail(format!(
            "ngx.socket connect: expecting 2, 3, or 4 arguments (including the object), but seen {n}"
        ));
    }
    let s = sock_of(&a)?;
    check_context()?;
    // A socket whose request is still running belongs to it; one whose request ended is
    // taken over by this one.
    if owned_by_another(&s.borrow()) {
        return fail("bad request");
    }
    if s.borrow().owner.is_none() {
        // (its request ended and closed it: this one takes it over)
        bind_to_current(&s);
    }
    if let Some(busy) = s.borrow().busy() {
        return nil_err(&lua, busy);
    }
    let host = raise::check_bytes(&lua, &a, 2)?
        .to_string_lossy()
        .to_string();
    let mut opts: Option<Table> = None;
    let mut port: Option<i64> = None;
    let unix = host.strip_prefix("unix:").map(str::to_string);
    match a.get(2) {
        Some(Value::Table(t)) => opts = Some(t.clone()),
        Some(Value::Integer(p)) => port = Some(*p),
        Some(Value::Number(p)) => port = Some(*p as i64),
        // lua_isnumber: a numeric string is a port too ("8080", ngx.var.server_port); any other
        // string is no port at all.
        Some(v @ Value::String(_)) => port = lua.coerce_number(v.clone())?.map(|p| p as i64),
        _ => {}
    }
    if let Some(Value::Table(t)) = a.get(3) {
        opts = Some(t.clone());
    }
    if unix.is_none() && port.is_none() {
        return nil_err(&lua, "missing the port number");
    }
    let port = port.unwrap_or(0);
    if unix.is_none() && !(0..=65535).contains(&port) {
        return nil_err(&lua, &format!("bad port number: {port}"));
    }
    let mut key = match &unix {
        Some(_) => host.clone(),
        None => format!("{host}:{port}"),
    };
    if let Some(o) = &opts {
        match o.get::<Value>("pool")? {
            Value::Nil => {}
            Value::String(p) => key = p.to_string_lossy().to_string(),
            Value::Integer(p) => key = p.to_string(),
            v => return fail(format!("bad \"pool\" option type: {}", raise::typename(&v))),
        }
        // The options' argument number, as luaL_argerror counts it (the object first).
        let n = if matches!(a.get(2), Some(Value::Table(_))) {
            3
        } else {
            4
        };
        for (name, least) in [("pool_size", 1), ("backlog", 0)] {
            match o.get::<Value>(name)? {
                Value::Nil => {}
                v @ (Value::Integer(_) | Value::Number(_)) => {
                    let x = match v {
                        Value::Integer(i) => i,
                        Value::Number(f) => f as i64,
                        _ => 0,
                    };
                    if x < least {
                        return Err(Raise::Arg(n, format!("bad \"{name}\" option value: {x}")));
                    }
                }
                v => {
                    return Err(Raise::Arg(
                        n,
                        format!("bad \"{name}\" option type: {}", raise::typename(&v)),
                    ));
                }
            }
        }
    }
    // A connected socket is closed first.
    {
        let mut so = s.borrow_mut();
        so.close();
        so.has_u = true;
        so.ft_resolver = false;
        so.saw_eof = false;
    }
    if let Some(idle) = pool_get(&key) {
        let mut so = s.borrow_mut();
        so.rd = Some(idle.rd);
        so.wr = Some(idle.wr);
        so.tls = idle.tls;
        so.connected = true;
        so.reused = idle.reused + 1;
        so.key = key;
        return Ok(MultiValue::from_iter([Value::Integer(1)]));
    }
    let timeout = s.borrow().connect_timeout;
    let res: std::io::Result<(Reader, Writer)> = match &unix {
        Some(path) => {
            match crate::rt::time::timeout(timeout, crate::rt::net::UnixStream::connect(path)).await
            {
                Ok(Ok(st)) => {
                    let (r, w) = st.into_split();
                    Ok((Box::new(r) as Reader, Box::new(w) as Writer))
                }
                Ok(Err(e)) => Err(e),
                Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
            }
        }
        None => {
            let addr = match ip_addr(&host, port as u16) {
                Some(a) => a,
                // (returned, not logged, as lua-nginx-module does)
                None if settings().resolver.is_empty() => {
                    s.borrow_mut().ft_resolver = true;
                    return nil_err(&lua, &format!("no resolver defined to resolve \"{host}\""));
                }
                None => {
                    let not_found = format!("{host} could not be resolved (3: Host not found)");
                    let found = match crate::rt::net::lookup_host((host.clone(), port as u16)).await
                    {
                        Ok(mut addrs) => addrs.next(),
                        Err(_) => None,
                    };
                    match found {
                        Some(a) => a,
                        None => {
                            s.borrow_mut().ft_resolver = true;
                            return nil_err(&lua, &not_found);
                        }
                    }
                }
            };
            match crate::rt::time::timeout(timeout, crate::rt::net::TcpStream::connect(addr)).await
            {
                Ok(Ok(st)) => {
                    let _ = st.set_nodelay(true);
                    let (r, w) = st.into_split();
                    Ok((Box::new(r) as Reader, Box::new(w) as Writer))
                }
                Ok(Err(e)) => Err(e),
                Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
            }
        }
    };
    crate::clock::update();
    match res {
        Ok((r, w)) => {
            let mut so = s.borrow_mut();
            so.rd = Some(r);
            so.wr = Some(w);
            so.connected = true;
            so.reused = 0;
            so.key = key;
            Ok(MultiValue::from_iter([Value::Integer(1)]))
        }
        Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            let target = unix
                .clone()
                .map(|p| format!("unix:{p}"))
                .unwrap_or(format!("{host}:{port}"));
            log_socket_error(&format!(
                "lua tcp socket connect timed out, when connecting to {target}"
            ));
            nil_err(&lua, "timeout")
        }
        Err(e) => {
            let (logged, err) = os_error(&e);
            match &unix {
                // A unix socket connects at once: ngx_event_connect_peer's words and levels.
                Some(path) if settings().log_errors != Some(false) => {
                    let refused = matches!(
                        e.raw_os_error(),
                        Some(libc::ECONNREFUSED | libc::EAGAIN | libc::ECONNRESET)
                    );
                    let level = if refused {
                        LogLevel::Error
                    } else {
                        LogLevel::Crit
                    };
                    log(
                        level,
                        &format!("connect() to unix:{path} failed ({logged})"),
                    );
                }
                Some(_) => {}
                None => log_socket_error(&format!("connect() failed ({logged})")),
            }
            nil_err(&lua, &err)
        }
    }
}

/// The bytes of a cosocket send's argument: a string, number, boolean or nil, or an array
/// table of strings, numbers and such tables.
pub(crate) fn push_data(out: &mut Vec<u8>, v: &Value, depth: usize) -> RResult<()> {
    match v {
        Value::String(s) => out.extend_from_slice(&s.as_bytes()),
        Value::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::Number(x) => out.extend_from_slice(crate::ngx::fmt_number(*x).as_bytes()),
        Value::Boolean(b) if depth == 0 => {
            out.extend_from_slice(if *b { b"true" } else { b"false" })
        }
        Value::Nil if depth == 0 => out.extend_from_slice(b"nil"),
        // ngx_http_lua_calc_strlen_in_table in strict mode: elements 1 up to the largest key,
        // strings, numbers and tables only.
        Value::Table(t) if depth < 100 => {
            let mut max = 0usize;
            for pair in t.pairs::<Value, Value>() {
                let (k, _) = pair?;
                match k {
                    Value::Integer(i) if i >= 1 => max = max.max(i as usize),
                    Value::Number(x) if x >= 1.0 && x == x.trunc() => max = max.max(x as usize),
                    _ => return Err(Raise::Arg(2, "non-array table found".into())),
                }
            }
            for i in 1..=max {
                push_data(out, &t.raw_get::<Value>(i)?, depth + 1)?;
            }
        }
        other if depth > 0 => {
            return Err(Raise::Arg(
                2,
                format!("bad data type {} found", raise::typename(other)),
            ));
        }
        other => {
            return Err(Raise::Arg(
                2,
                format!(
                    "string, number, boolean, nil, or array table expected, got {}",
                    raise::typename(other)
                ),
            ));
        }
    }
    Ok(())
}

/// `sock:send(data)`: the number of bytes sent, or nil and the error.
async fn send(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 2 {
        return fail(format!(
            "expecting 2 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    check_owner(&s)?;
    check_context()?;
    if !s.borrow().connected || s.borrow().write_closed {
        closed_log(&s, "send");
        return nil_err(&lua, "closed");
    }
    let mut data = Vec::new();
    push_data(&mut data, &a[1], 0)?;
    let (w, timeout) = {
        let mut so = s.borrow_mut();
        (so.wr.take(), so.send_timeout)
    };
    let Some(mut w) = w else {
        return nil_err(&lua, "socket busy writing");
    };
    // An idle timeout, armed anew after each write that makes progress (as nginx's write
    // timer), with the timeout set by then.
    let res = async {
        let mut off = 0;
        let mut limit = timeout;
        while off < data.len() {
            match crate::rt::time::timeout(limit, w.write(&data[off..])).await {
                Ok(Ok(0)) => return Ok(Err(std::io::ErrorKind::WriteZero.into())),
                Ok(Ok(n)) => off += n,
                Ok(Err(e)) => return Ok(Err(e)),
                Err(e) => return Err(e),
            }
            limit = s.borrow().send_timeout;
        }
        crate::rt::time::timeout(limit, w.flush()).await
    }
    .await;
    let mut so = s.borrow_mut();
    if !so.connected {
        // Closed meanwhile (by another light thread).
        return nil_err(&lua, "closed");
    }
    match res {
        Ok(Ok(())) => {
            so.wr = Some(w);
            Ok(MultiValue::from_iter([Value::Integer(data.len() as i64)]))
        }
        Ok(Err(e)) => {
            so.close();
            drop(so);
            let (_, err) = os_error(&e);
            nil_err(&lua, &err)
        }
        Err(_) => {
            so.wr = Some(w);
            so.write_closed = true;
            drop(so);
            log_socket_error("lua tcp socket write timed out");
            nil_err(&lua, "timeout")
        }
    }
}

/// How a read operation decides it is done, given the buffered bytes.
enum Want {
    /// A line (`*l`): up to LF, CRs dropped.
    Line,
    /// Everything until the peer closes (`*a`).
    All,
    /// Exactly this many bytes.
    Bytes(usize),
    /// Whatever arrives, at most this many (`receiveany`).
    Any(usize),
}

/// The result of one read operation.
enum Got {
    Data(Vec<u8>),
    /// Failed: the error and the partial data.
    Err(&'static str, Vec<u8>),
}

/// Take what `want` asks for from `buf`, if it is there.
fn take(buf: &mut Vec<u8>, want: &Want, eof: bool) -> Option<Got> {
    match want {
        Want::Line => {
            let i = memchr::memchr(b'\n', buf)?;
            let mut line: Vec<u8> = buf.drain(..=i).collect();
            line.pop();
            line.retain(|&b| b != b'\r');
            Some(Got::Data(line))
        }
        Want::All => eof.then(|| Got::Data(std::mem::take(buf))),
        Want::Bytes(n) => (buf.len() >= *n).then(|| Got::Data(buf.drain(..*n).collect())),
        Want::Any(n) => (!buf.is_empty()).then(|| {
            let k = (*n).min(buf.len());
            Got::Data(buf.drain(..k).collect())
        }),
    }
}

/// Read from `s` until `done` can answer (or the peer closes, or the read timeout).
async fn read_until<F>(s: &SockRef, mut done: F) -> Result<Got, &'static str>
where
    F: FnMut(&mut Vec<u8>, bool) -> Option<Got>,
{
    {
        let mut so = s.borrow_mut();
        let eof = so.eof;
        if let Some(g) = done(&mut so.buf, eof) {
            return Ok(g);
        }
        if eof {
            // The peer closed: reads fail, the connection stays for close()/send().
            let partial = std::mem::take(&mut so.buf);
            return Ok(Got::Err("closed", partial));
        }
    }
    let (r, timeout) = {
        let mut so = s.borrow_mut();
        (so.rd.take(), so.read_timeout)
    };
    let Some(mut r) = r else {
        return Err("socket busy reading");
    };
    // (nginx arms the read timer anew whenever data arrives, with the timeout set by then)
    let mut deadline = crate::rt::time::Instant::now() + timeout;
    let mut chunk = vec![0u8; READ_CHUNK];
    loop {
        let res = crate::rt::time::timeout_at(deadline, r.read(&mut chunk)).await;
        crate::clock::update();
        let mut so = s.borrow_mut();
        if !so.connected {
            return Ok(Got::Err("closed", Vec::new()));
        }
        match res {
            Ok(Ok(0)) => {
                so.eof = true;
                so.saw_eof = true;
                so.rd = Some(r);
                if let Some(g) = done(&mut so.buf, true) {
                    return Ok(g);
                }
                let partial = std::mem::take(&mut so.buf);
                return Ok(Got::Err("closed", partial));
            }
            Ok(Ok(k)) => {
                so.buf.extend_from_slice(&chunk[..k]);
                if let Some(g) = done(&mut so.buf, false) {
                    so.rd = Some(r);
                    return Ok(g);
                }
                deadline = crate::rt::time::Instant::now() + so.read_timeout;
            }
            Ok(Err(e)) => {
                let partial = std::mem::take(&mut so.buf);
                so.close();
                let kind = match e.kind() {
                    std::io::ErrorKind::ConnectionReset => "connection reset by peer",
                    _ => "closed",
                };
                return Ok(Got::Err(kind, partial));
            }
            Err(_) => {
                // A read timeout leaves the connection usable.
                let partial = std::mem::take(&mut so.buf);
                so.rd = Some(r);
                drop(so);
                log_socket_error("lua tcp socket read timed out");
                return Ok(Got::Err("timeout", partial));
            }
        }
    }
}

/// A read's result for Lua. A read that failed other than by a timeout ends the socket's read
/// side, as lua-nginx-module finalizes it: later reads answer `nil, "closed"`.
fn got_values(lua: &Lua, s: &SockRef, g: Result<Got, &'static str>) -> RResult<MultiValue> {
    if let Ok(Got::Err(e, _)) | Err(e) = &g {
        if *e != "timeout" {
            s.borrow_mut().read_closed = true;
        }
    }
    match g {
        Ok(Got::Data(d)) => Ok(MultiValue::from_iter([Value::String(
            lua.create_string(&d)?,
        )])),
        Ok(Got::Err(e, p)) => nil_err_partial(lua, e, &p),
        Err(e) => nil_err(lua, e),
    }
}

/// `sock:receive(pattern?)`: `*l` (default), `*a`, or a number of bytes.
async fn receive(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if !(1..=2).contains(&a.len()) {
        return fail(format!(
            "expecting 1 or 2 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    check_owner(&s)?;
    check_context()?;
    if !s.borrow().connected || s.borrow().read_closed {
        closed_log(&s, "receive");
        return nil_err(&lua, "closed");
    }
    let want = match a.get(1) {
        None | Some(Value::Nil) => Want::Line,
        Some(Value::String(p)) => match &*p.as_bytes() {
            b"*l" => Want::Line,
            b"*a" => Want::All,
            other => match std::str::from_utf8(other)
                .ok()
                .and_then(|t| t.trim().parse::<f64>().ok())
            {
                Some(n) if n >= 0.0 => Want::Bytes(n as usize),
                _ => {
                    return fail(format!(
                        "bad pattern argument: {}",
                        String::from_utf8_lossy(other)
                    ));
                }
            },
        },
        Some(Value::Integer(n)) if *n >= 0 => Want::Bytes(*n as usize),
        Some(Value::Number(n)) if *n >= 0.0 => Want::Bytes(*n as usize),
        Some(Value::Integer(n)) => return fail(format!("bad pattern argument: {n}")),
        Some(Value::Number(n)) => {
            return fail(format!(
                "bad pattern argument: {}",
                crate::ngx::fmt_number(*n)
            ));
        }
        Some(_) => return fail("bad pattern argument"),
    };
    if let Want::Bytes(0) = want {
        return Ok(MultiValue::from_iter([Value::String(
            lua.create_string("")?,
        )]));
    }
    if let Want::All = want {
        if s.borrow().eof {
            let d = std::mem::take(&mut s.borrow_mut().buf);
            return Ok(MultiValue::from_iter([Value::String(
                lua.create_string(&d)?,
            )]));
        }
    }
    let g = read_until(&s, |buf, eof| take(buf, &want, eof)).await;
    got_values(&lua, &s, g)
}

/// `sock:receiveany(max)`.
async fn receiveany(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 2 {
        return fail(format!(
            "expecting 2 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    check_owner(&s)?;
    check_context()?;
    if !s.borrow().connected || s.borrow().read_closed {
        closed_log(&s, "receive");
        return nil_err(&lua, "closed");
    }
    let max = match &a[1] {
        Value::Integer(n) if *n > 0 => *n as usize,
        Value::Number(n) if *n >= 1.0 => *n as usize,
        _ => return Err(Raise::Arg(2, "bad max argument".into())),
    };
    let g = read_until(&s, |buf, eof| take(buf, &Want::Any(max), eof)).await;
    match g {
        Ok(Got::Err(e, _)) => got_values(&lua, &s, Err(e)),
        other => got_values(&lua, &s, other),
    }
}

/// State of one `receiveuntil` iterator: lua-nginx-module's compiled pattern
/// (`ngx_http_lua_socket_compiled_pattern_t`): the pattern, its recovering edges, and the
/// matching state carried from one call to the next (-1: a sized read ended at the pattern, the
/// next call answers nil).
struct Until {
    pattern: Vec<u8>,
    inclusive: bool,
    /// `recovering[state - 2]`: on byte `c` in `state`, fall back to the new state.
    recovering: Vec<Vec<(u8, usize)>>,
    state: std::cell::Cell<isize>,
}

/// `ngx_http_lua_socket_compile_pattern`: where a mismatch in the middle of the pattern can
/// resume matching (a prefix of the pattern that is also a suffix of what was matched).
fn compile_pattern(pat: &[u8]) -> Vec<Vec<(u8, usize)>> {
    let len = pat.len();
    if len <= 2 {
        return Vec::new();
    }
    let mut rec: Vec<Vec<(u8, usize)>> = vec![Vec::new(); len - 2];
    for i in 1..len {
        let mut prefix_len = 1;
        while prefix_len + i < len {
            if pat[..prefix_len] != pat[i..i + prefix_len] {
                break;
            }
            if pat[prefix_len] == pat[i + prefix_len] {
                prefix_len += 1;
                continue;
            }
            let cur = i + prefix_len;
            let new_state = prefix_len + 1;
            let edges = &mut rec[cur - 2];
            match edges.iter_mut().find(|e| e.0 == pat[prefix_len]) {
                Some(e) => {
                    if e.1 < new_state {
                        e.1 = new_state;
                    }
                }
                None => edges.push((pat[prefix_len], new_state)),
            }
            break;
        }
    }
    rec
}

/// One step of `ngx_http_lua_socket_read_until` over the bytes read so far: consumes them from
/// `buf` into `out` (bytes that may start the pattern are held in the iterator's state, and
/// given out as pattern prefixes when they turn out not to be it). `rest` counts down a sized
/// read (0: unsized), which ends once that many bytes are out, possibly more: a held prefix goes
/// out whole. `Some(Ok)` when the call is done, `Some(Err)` at the end of the stream.
fn read_until_step(
    buf: &mut Vec<u8>,
    u: &Until,
    sized: bool,
    rest: &mut usize,
    out: &mut Vec<u8>,
    eof: bool,
) -> Option<Got> {
    let pat = &u.pattern;
    let mut state = u.state.get().max(0) as usize;
    let mut i = 0;
    while i < buf.len() {
        let c = buf[i];
        if c == pat[state] {
            i += 1;
            state += 1;
            if state == pat.len() {
                buf.drain(..i);
                u.state.set(if sized { -1 } else { 0 });
                if u.inclusive {
                    out.extend_from_slice(pat);
                }
                return Some(Got::Data(std::mem::take(out)));
            }
            continue;
        }
        if state == 0 {
            out.push(c);
            i += 1;
            if sized {
                *rest -= 1;
                if *rest == 0 {
                    u.state.set(0);
                    buf.drain(..i);
                    return Some(Got::Data(std::mem::take(out)));
                }
            }
            continue;
        }
        let edge = if state >= 2 && !u.recovering.is_empty() {
            u.recovering[state - 2]
                .iter()
                .find(|e| e.0 == c)
                .map(|e| e.1)
        } else {
            None
        };
        match edge {
            None => {
                // The held prefix is data; `c` is looked at again from state 0.
                out.extend_from_slice(&pat[..state]);
                if sized {
                    if *rest <= state {
                        *rest = 0;
                        u.state.set(0);
                        buf.drain(..i);
                        return Some(Got::Data(std::mem::take(out)));
                    }
                    *rest -= state;
                }
                state = 0;
            }
            Some(new_state) => {
                let pending = state + 1 - new_state;
                state = new_state;
                out.extend_from_slice(&pat[..pending]);
                i += 1;
                if sized {
                    if *rest <= pending {
                        *rest = 0;
                        u.state.set(state as isize);
                        buf.drain(..i);
                        return Some(Got::Data(std::mem::take(out)));
                    }
                    *rest -= pending;
                }
            }
        }
    }
    buf.drain(..i);
    u.state.set(state as isize);
    if eof {
        return Some(Got::Err("closed", std::mem::take(out)));
    }
    None
}

/// `sock:receiveuntil(pattern, {inclusive = bool})`: an iterator over the data before the
/// pattern.
fn receiveuntil(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    if !(2..=3).contains(&a.len()) {
        return fail(format!(
            "expecting 2 or 3 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    let pattern = raise::check_bytes(lua, &a, 2)?.as_bytes().to_vec();
    if pattern.is_empty() {
        return nil_err(lua, "pattern is empty");
    }
    let mut inclusive = false;
    if let Some(Value::Table(o)) = a.get(2) {
        match o.get::<Value>("inclusive")? {
            Value::Nil => {}
            Value::Boolean(b) => inclusive = b,
            v => {
                return fail(format!(
                    "bad \"inclusive\" option value type: {}",
                    raise::typename(&v)
                ));
            }
        }
    }
    let recovering = compile_pattern(&pattern);
    let u = Rc::new(Until {
        pattern,
        inclusive,
        recovering,
        state: std::cell::Cell::new(0),
    });
    let iter = raise::async_function(lua, move |lua: Lua, a: MultiValue| {
        let s = s.clone();
        let u = u.clone();
        async move {
            check_context()?;
            // (the iterator logs nothing, unlike receive)
            if !s.borrow().connected || s.borrow().read_closed {
                return nil_err(&lua, "closed");
            }
            check_owner(&s)?;
            // (luaL_checkinteger; a size below 1 reads up to the pattern)
            let size = match a.front() {
                None | Some(Value::Nil) => 0,
                Some(Value::Integer(n)) => (*n).max(0) as usize,
                Some(Value::Number(n)) if n.is_finite() => n.max(0.0) as usize,
                Some(v) => {
                    return fail(format!(
                        "bad size argument: {}",
                        crate::ngx::raise::tostring(&lua, v.clone())?.to_string_lossy()
                    ));
                }
            };
            if u.state.get() == -1 {
                u.state.set(0);
                return Ok(MultiValue::from_iter([Value::Nil, Value::Nil, Value::Nil]));
            }
            let mut rest = size;
            let mut out = Vec::new();
            let g = read_until(&s, |buf, eof| {
                read_until_step(buf, &u, size > 0, &mut rest, &mut out, eof)
            })
            .await;
            // A timeout or a reset: what was given out so far is the partial data.
            let g = match g {
                Ok(Got::Err(e, p)) if !out.is_empty() => {
                    out.extend_from_slice(&p);
                    Ok(Got::Err(e, out))
                }
                other => other,
            };
            got_values(&lua, &s, g)
        }
    })?;
    Ok(MultiValue::from_iter([Value::Function(iter)]))
}

/// `sock:close()`.
fn close(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 1 {
        return fail(format!(
            "expecting 1 argument (including the object) but seen {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    check_owner(&s)?;
    let mut so = s.borrow_mut();
    if !so.connected || (so.read_closed && so.write_closed) {
        return nil_err(lua, "closed");
    }
    if let Some(busy) = so.busy() {
        return nil_err(lua, busy);
    }
    so.close();
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

/// A timeout argument in milliseconds: `Some(None)` for 0 (the lua_socket_* setting),
/// `None` when it is negative or too large (nginx's "bad timeout value").
fn ms(v: Option<&Value>) -> Option<Option<Duration>> {
    let n = match v {
        Some(Value::Integer(i)) => *i as f64,
        Some(Value::Number(x)) => *x,
        _ => 0.0,
    } as i64;
    if n >> 31 != 0 {
        return None;
    }
    Some((n > 0).then(|| Duration::from_millis(n as u64)))
}

/// `sock:settimeout(ms)`: all three timeouts; 0 is the lua_socket_*_timeout settings.
fn settimeout(_: &Lua, a: MultiValue) -> RResult<()> {
    if a.len() != 2 {
        return fail(format!(
            "ngx.socket settimeout: expecting 2 arguments (including the object) but seen {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    let t = ms(a.get(1)).ok_or_else(|| Raise::Error("bad timeout value".into()))?;
    let mut so = s.borrow_mut();
    let [c, w, r] = so.conf_timeouts;
    so.connect_timeout = t.unwrap_or(c);
    so.send_timeout = t.unwrap_or(w);
    so.read_timeout = t.unwrap_or(r);
    Ok(())
}

/// `sock:settimeouts(connect, send, read)`.
fn settimeouts(_: &Lua, a: MultiValue) -> RResult<()> {
    if a.len() != 4 {
        return fail(format!(
            "ngx.socket settimeout: expecting 4 arguments (including the object) but seen {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    let bad = || Raise::Error("bad timeout value".into());
    let (c, w, r) = (
        ms(a.get(1)).ok_or_else(bad)?,
        ms(a.get(2)).ok_or_else(bad)?,
        ms(a.get(3)).ok_or_else(bad)?,
    );
    let mut so = s.borrow_mut();
    let [dc, dw, dr] = so.conf_timeouts;
    so.connect_timeout = c.unwrap_or(dc);
    so.send_timeout = w.unwrap_or(dw);
    so.read_timeout = r.unwrap_or(dr);
    Ok(())
}

/// `sock:setkeepalive(timeout?, size?)`: into the worker's pool.
fn setkeepalive(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    if !(1..=3).contains(&a.len()) {
        return fail(format!(
            "expecting 1 to 3 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let s = sock_of(&a)?;
    check_owner(&s)?;
    let mut so = s.borrow_mut();
    // (no log line here, unlike send and receive)
    if !so.connected || so.read_closed || so.write_closed {
        return nil_err(lua, "closed");
    }
    if let Some(busy) = so.busy() {
        return nil_err(lua, busy);
    }
    if !so.buf.is_empty() {
        return nil_err(lua, "unread data in buffer");
    }
    let (Some(mut rd), Some(wr)) = (so.rd.take(), so.wr.take()) else {
        return nil_err(lua, "closed");
    };
    if so.eof {
        so.close();
        return nil_err(lua, "connection in dubious state");
    }
    // A peer that closed meanwhile (or sent more) leaves nothing to pool.
    let mut b = [0u8; 1];
    let mut rb = ReadBuf::new(&mut b);
    let mut cx = Context::from_waker(std::task::Waker::noop());
    match Pin::new(&mut rd).poll_read(&mut cx, &mut rb) {
        Poll::Pending => {}
        Poll::Ready(Ok(())) if rb.filled().is_empty() => {
            so.close();
            return nil_err(lua, "closed");
        }
        Poll::Ready(_) => {
            so.close();
            return nil_err(lua, "connection in dubious state");
        }
    }
    let conf = settings();
    let default_keepalive = match conf.keepalive_timeout_ms {
        Some(0) => None,
        Some(m) => Some(Duration::from_millis(m)),
        None => Some(DEFAULT_KEEPALIVE),
    };
    let timeout = match a.get(1) {
        Some(Value::Integer(0)) => None,
        Some(Value::Number(x)) if *x == 0.0 => None,
        v => ms(v).flatten().or(default_keepalive),
    };
    let size = match a.get(2) {
        Some(Value::Integer(n)) if *n > 0 => *n as usize,
        Some(Value::Number(n)) if *n >= 1.0 => *n as usize,
        _ => conf.pool_size.unwrap_or(DEFAULT_POOL_SIZE),
    };
    let idle = Idle {
        rd,
        wr,
        tls: so.tls,
        reused: so.reused,
        expires: timeout.map(|t| Instant::now() + t),
    };
    let key = so.key.clone();
    so.close();
    drop(so);
    pool_put(key, idle, size);
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

thread_local! {
    /// The TLS sessions `sslhandshake` handed out (its cdata results hold the id), and the
    /// next id (never 0: 0 answers "already TLS").
    static SESSIONS: RefCell<(HashMap<u64, crate::tls::ClientSessions>, u64)> =
        RefCell::new((HashMap::new(), 1));
}

/// `sock:sslhandshake(reused_session?, server_name?, ssl_verify?, send_status_req?)`: Lua
/// around [`sslhandshake`], as resty.core's wrapper around its FFI call: argument count, the
/// session as a cdata (freed with it), `true` for `reused_session == false`.
fn sslhandshake_fn(lua: &Lua) -> mlua::Result<Function> {
    let handshake = raise::async_function(lua, sslhandshake)?;
    let forget = lua.create_function(|_, id: u64| {
        SESSIONS.with(|s| s.borrow_mut().0.remove(&id));
        Ok(())
    })?;
    lua.load(
        r##"
local handshake, forget = ...
local ffi = require "ffi"
local select, error, type, tonumber = select, error, type, tonumber
return function(sock, reused, name, verify, send_status_req, ...)
    local n = select("#", ...)
    if not sock or n > 0 then
        error("ngx.socket sslhandshake: expecting 1 ~ 5 arguments " ..
              "(including the object), but seen " .. (sock and 5 + n or 0))
    end
    local reuse = type(reused) == "cdata" and tonumber(ffi.cast("intptr_t", reused)) or nil
    local id, err = handshake(sock, reuse, name, verify and true or false)
    if not id then return nil, err end
    if id == 0 then return reused end
    -- (rawequal: a cdata compares equal to false in LuaJIT)
    if rawequal(reused, false) then return true end
    return ffi.gc(ffi.cast("void *", id), function() forget(id) end)
end
"##,
    )
    .set_name("=[restyc sslhandshake]")
    .call((handshake, forget))
}

/// A cosocket's connection before `sslhandshake`.
enum Plain {
    Tcp(crate::rt::net::TcpStream),
    Unix(crate::rt::net::UnixStream),
}

/// A TLS stream as a cosocket's read and write halves.
fn halves<S: AsyncRead + AsyncWrite + Unpin + 'static>(s: S) -> (Reader, Writer) {
    let (r, w) = tokio::io::split(s);
    (Box::new(r), Box::new(w))
}

/// The handshake itself: the session id, 0 when the socket already speaks TLS and a session
/// was given (lua-nginx-module returns that session), or nil and the error.
async fn sslhandshake(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    let s = sock_of(&a)?;
    if s.borrow().key.is_empty() && !s.borrow().connected {
        return fail("socket is never created nor connected");
    }
    check_owner(&s)?;
    check_context()?;
    let reuse = match a.get(1) {
        Some(Value::Integer(i)) => Some(*i as u64),
        Some(Value::Number(n)) => Some(*n as u64),
        _ => None,
    };
    let sni = match a.get(2) {
        Some(Value::String(n)) => Some(n.to_string_lossy().to_string()),
        _ => None,
    };
    let verify = matches!(a.get(3), Some(Value::Boolean(true)));
    if !s.borrow().connected {
        return nil_err(&lua, "closed");
    }
    if let Some(id) = s.borrow().tls {
        let id = if reuse.is_some() { 0 } else { id };
        return Ok(MultiValue::from_iter([Value::Integer(id as i64)]));
    }
    let (rd, wr, timeout) = {
        let mut so = s.borrow_mut();
        (so.rd.take(), so.wr.take(), so.connect_timeout)
    };
    let (rd, wr) = match (rd, wr) {
        (Some(rd), Some(wr)) => (rd, wr),
        (rd, wr) => {
            let busy = if rd.is_none() {
                "socket busy reading"
            } else {
                "socket busy writing"
            };
            let mut so = s.borrow_mut();
            so.rd = so.rd.take().or(rd);
            so.wr = so.wr.take().or(wr);
            return nil_err(&lua, busy);
        }
    };
    // The TCP or unix socket under the two halves.
    let (rd, wr) = (rd.into_any(), wr.into_any());
    let plain = match (
        rd.downcast::<crate::rt::net::tcp::OwnedReadHalf>(),
        wr.downcast::<crate::rt::net::tcp::OwnedWriteHalf>(),
    ) {
        (Ok(r), Ok(w)) => r.reunite(*w).ok().map(Plain::Tcp),
        (Err(r), Err(w)) => match (
            r.downcast::<crate::rt::net::unix::OwnedReadHalf>(),
            w.downcast::<crate::rt::net::unix::OwnedWriteHalf>(),
        ) {
            (Ok(r), Ok(w)) => r.reunite(*w).ok().map(Plain::Unix),
            _ => None,
        },
        _ => None,
    };
    let Some(plain) = plain else {
        s.borrow_mut().close();
        return nil_err(&lua, "closed");
    };
    let conf = settings();
    let trusted = conf.ssl_trusted_certificate.as_ref().and_then(|p| {
        let (w, _) = crate::lua::current()?;
        Some(crate::tls::cert_path(&w.prefix, p))
    });
    let check = crate::tls::ClientCheck {
        verify,
        host: sni.clone().filter(|_| verify),
        trusted,
    };
    let sessions = reuse
        .and_then(|id| SESSIONS.with(|m| m.borrow().0.get(&id).cloned()))
        .unwrap_or_else(crate::tls::new_client_sessions);
    let protocols = crate::tls::client_protocols(conf.ssl_protocols.as_deref());
    let sni = sni.as_deref();
    let done = match plain {
        Plain::Tcp(t) => {
            let peer = t.peer_addr().ok().map(|a| a.ip());
            let tls = crate::tls::connect((t, peer), sni, &check, &protocols, &sessions, timeout);
            tls.await.map(halves)
        }
        Plain::Unix(u) => {
            let tls = crate::tls::connect((u, None), sni, &check, &protocols, &sessions, timeout);
            tls.await.map(halves)
        }
    };
    crate::clock::update();
    let mut so = s.borrow_mut();
    if !so.connected {
        return nil_err(&lua, "closed");
    }
    match done {
        Ok((r, w)) => {
            so.rd = Some(r);
            so.wr = Some(w);
            let id = SESSIONS.with(|m| {
                let mut m = m.borrow_mut();
                let id = m.1;
                m.1 += 1;
                m.0.insert(id, sessions);
                id
            });
            so.tls = Some(id);
            Ok(MultiValue::from_iter([Value::Integer(id as i64)]))
        }
        Err(e) => {
            so.close();
            drop(so);
            log_socket_error(&e.lua_log());
            nil_err(&lua, &e.lua_err())
        }
    }
}

/// `sock:setoption(name, value)`: lua-nginx-module's options are accepted (restyc's sockets
/// already have TCP_NODELAY; the others keep the system's settings), others are refused.
fn setoption(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    let s = sock_of(&a)?;
    if !s.borrow().connected {
        return fail("socket is never created nor connected");
    }
    let name = raise::check_bytes(lua, &a, 2)?
        .to_string_lossy()
        .to_string();
    match name.as_str() {
        "keepalive" | "reuseaddr" | "tcp-nodelay" | "sndbuf" | "rcvbuf" => {
            Ok(MultiValue::from_iter([Value::Boolean(true)]))
        }
        _ => nil_err(lua, &format!("unsupported option {name}")),
    }
}

/// `sock:getreusedtimes()`.
fn getreusedtimes(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    let s = sock_of(&a)?;
    let so = s.borrow();
    if !so.connected || (so.read_closed && so.write_closed) {
        return nil_err(lua, "closed");
    }
    Ok(MultiValue::from_iter([Value::Integer(so.reused as i64)]))
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let socket = crate::lua::subtable(lua, ngx, "socket")?;
    crate::ngx::udp::inject(lua, &socket)?;
    // The methods sit in the metatable itself (its __index), as OpenResty's do.
    let mt = lua.create_table()?;
    mt.raw_set("connect", raise::async_function(lua, connect)?)?;
    mt.raw_set("send", raise::async_function(lua, send)?)?;
    mt.raw_set("receive", raise::async_function(lua, receive)?)?;
    mt.raw_set("receiveany", raise::async_function(lua, receiveany)?)?;
    mt.raw_set("receiveuntil", raise::function(lua, receiveuntil)?)?;
    mt.raw_set("close", raise::function(lua, close)?)?;
    mt.raw_set("settimeout", raise::function(lua, settimeout)?)?;
    mt.raw_set("settimeouts", raise::function(lua, settimeouts)?)?;
    mt.raw_set("setkeepalive", raise::function(lua, setkeepalive)?)?;
    mt.raw_set("getreusedtimes", raise::function(lua, getreusedtimes)?)?;
    mt.raw_set("setoption", raise::function(lua, setoption)?)?;
    mt.raw_set("sslhandshake", sslhandshake_fn(lua)?)?;
    for (name, what) in [
        ("setclientcert", "setclientcert"),
        ("getoption", "getoption"),
        ("bind", "bind"),
    ] {
        let msg = format!("{what} is not supported by restyc yet");
        mt.raw_set(
            name,
            lua.create_function(move |_, _: MultiValue| Ok((Value::Nil, msg.clone())))?,
        )?;
    }
    mt.raw_set("__index", &mt)?;
    // ngx.req.socket(): the reading half only.
    let req_mt = lua.create_table()?;
    for name in [
        "receive",
        "receiveany",
        "receiveuntil",
        "settimeout",
        "settimeouts",
    ] {
        req_mt.raw_set(name, mt.raw_get::<Value>(name)?)?;
    }
    req_mt.raw_set("__index", &req_mt)?;
    // ngx.req.socket(true): both halves of the client connection.
    let raw_mt = lua.create_table()?;
    for name in [
        "receive",
        "receiveany",
        "receiveuntil",
        "send",
        "settimeout",
        "settimeouts",
    ] {
        raw_mt.raw_set(name, mt.raw_get::<Value>(name)?)?;
    }
    raw_mt.raw_set("__index", &raw_mt)?;
    let req = crate::lua::subtable(lua, ngx, "req")?;
    req.raw_set(
        "socket",
        raise::function(lua, move |lua, a| req_socket(lua, &req_mt, &raw_mt, a))?,
    )?;
    let mt2 = mt.clone();
    let tcp = raise::function(lua, move |lua, a| tcp(lua, &mt2, a))?;
    socket.raw_set("tcp", tcp.clone())?;
    socket.raw_set("stream", tcp.clone())?;
    // ngx.socket.connect(host, port, ...): a connected socket, or nil and the error.
    let connect_fn: Function = lua
        .load(
            r#"
local tcp = ...
return function(...)
    local sock, err = tcp()
    if not sock then return nil, err end
    local ok, err = sock:connect(...)
    if not ok then return nil, err end
    return sock
end
"#,
        )
        .set_name("=[restyc socket]")
        .call(tcp)?;
    socket.raw_set("connect", connect_fn)?;
    Ok(())
}
