//! `ngx.socket.udp()` (ngx_http_lua_socket_udp.c): a connected datagram socket that yields to
//! the executor while it waits. `setpeername`, `send`, `receive`, `settimeout`, `close`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use mlua::{Lua, MultiValue, Table, UserData, Value};

use crate::ngx::raise::{self, RResult, fail};
use crate::ngx::socket::{
    check_context, ip_addr, log, log_socket_error, nil_err, object_of, os_error, push_data,
    settings,
};
use crate::plan::LogLevel;

/// lua-nginx-module's UDP_MAX_DATAGRAM_SIZE: what `receive()` reads without a size.
const MAX_DATAGRAM: usize = 8192;

#[derive(Default)]
struct Udp {
    sock: Option<Rc<crate::rt::net::UdpSocket>>,
    read_timeout: Option<Duration>,
}

struct Handle(Rc<RefCell<Udp>>);

impl UserData for Handle {}

fn udp_of(a: &MultiValue) -> RResult<Rc<RefCell<Udp>>> {
    object_of(a, |h: &Handle| h.0.clone())
}

fn read_timeout(u: &Udp) -> Duration {
    u.read_timeout.unwrap_or_else(|| {
        settings()
            .read_timeout_ms
            .filter(|&m| m > 0)
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(60))
    })
}

/// `udpsock:setpeername(host, port)` / `setpeername("unix:/path")`.
async fn setpeername(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 2 && a.len() != 3 {
        return fail(format!(
            "ngx.socket setpeername: expecting 2 or 3 arguments (including the object), but seen {}",
            a.len()
        ));
    }
    let u = udp_of(&a)?;
    check_context()?;
    let host = raise::check_bytes(&lua, &a, 2)?
        .to_string_lossy()
        .to_string();
    if host.starts_with("unix:") {
        return nil_err(
            &lua,
            "unix domain datagram sockets are not supported by restyc yet",
        );
    }
    let port = match a.get(2) {
        Some(Value::Integer(p)) => *p,
        Some(Value::Number(p)) => *p as i64,
        Some(v @ Value::String(_)) => match lua.coerce_number(v.clone())? {
            Some(p) => p as i64,
            None => return nil_err(&lua, "missing the port number"),
        },
        _ => return nil_err(&lua, "missing the port number"),
    };
    if !(0..=65535).contains(&port) {
        return nil_err(&lua, &format!("bad port number: {port}"));
    }
    u.borrow_mut().sock = None;
    let addr = match ip_addr(&host, port as u16) {
        Some(a) => a,
        None if settings().resolver.is_empty() => {
            let msg = format!("no resolver defined to resolve \"{host}\"");
            log(LogLevel::Error, &msg);
            return nil_err(&lua, &msg);
        }
        None => match crate::rt::net::lookup_host((host.clone(), port as u16)).await {
            Ok(mut addrs) => match addrs.next() {
                Some(a) => a,
                None => {
                    return nil_err(
                        &lua,
                        &format!("{host} could not be resolved (3: Host not found)"),
                    );
                }
            },
            Err(_) => {
                return nil_err(
                    &lua,
                    &format!("{host} could not be resolved (3: Host not found)"),
                );
            }
        },
    };
    let local: std::net::SocketAddr = if addr.is_ipv4() {
        ([0, 0, 0, 0], 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let res = async {
        let s = crate::rt::net::UdpSocket::bind(local).await?;
        s.connect(addr).await?;
        Ok::<_, std::io::Error>(s)
    }
    .await;
    match res {
        Ok(s) => {
            u.borrow_mut().sock = Some(Rc::new(s));
            Ok(MultiValue::from_iter([Value::Integer(1)]))
        }
        Err(e) => {
            let (logged, err) = os_error(&e);
            log_socket_error(&format!("connect() failed ({logged})"));
            nil_err(&lua, &err)
        }
    }
}

/// `udpsock:send(data)`: one datagram.
async fn send(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 2 {
        return fail(format!(
            "expecting 2 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let u = udp_of(&a)?;
    check_context()?;
    let Some(sock) = u.borrow().sock.clone() else {
        return nil_err(&lua, "closed");
    };
    let mut data = Vec::new();
    push_data(&mut data, a.get(1).unwrap_or(&Value::Nil), 0)?;
    match sock.send(&data).await {
        Ok(_) => Ok(MultiValue::from_iter([Value::Integer(1)])),
        Err(e) => {
            let (logged, err) = os_error(&e);
            log_socket_error(&format!("send() failed ({logged})"));
            nil_err(&lua, &err)
        }
    }
}

/// `udpsock:receive(size?)`: one datagram, cut to `size` bytes.
async fn receive(lua: Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 1 && a.len() != 2 {
        return fail(format!(
            "expecting 1 or 2 arguments (including the object), but got {}",
            a.len()
        ));
    }
    let u = udp_of(&a)?;
    check_context()?;
    let size = match a.get(1) {
        None | Some(Value::Nil) => MAX_DATAGRAM,
        Some(_) => {
            let n = raise::check_number(&lua, &a, 2)?;
            if n < 0.0 {
                return fail("bad size");
            }
            (n as usize).min(65536)
        }
    };
    let (sock, timeout) = {
        let b = u.borrow();
        let Some(s) = b.sock.clone() else {
            return nil_err(&lua, "closed");
        };
        (s, read_timeout(&b))
    };
    let mut buf = vec![0u8; size.max(1)];
    let got =
        crate::flush::while_waiting(crate::rt::time::timeout(timeout, sock.recv(&mut buf))).await;
    crate::clock::update();
    match got {
        Ok(Ok(n)) => Ok(MultiValue::from_iter([Value::String(
            lua.create_string(&buf[..n.min(size)])?,
        )])),
        Ok(Err(e)) => {
            let (logged, err) = os_error(&e);
            log_socket_error(&format!("recv() failed ({logged})"));
            nil_err(&lua, &err)
        }
        Err(_) => {
            log_socket_error("lua udp socket read timed out");
            nil_err(&lua, "timeout")
        }
    }
}

/// `udpsock:settimeout(ms)`: the read timeout; 0 or less is lua_socket_read_timeout.
fn settimeout(_: &Lua, a: MultiValue) -> RResult<()> {
    if a.len() != 2 {
        return fail(format!(
            "ngx.socket settimout: expecting at least 2 arguments (including the object) but seen {}",
            a.len()
        ));
    }
    let u = udp_of(&a)?;
    let n = match a.get(1) {
        Some(Value::Integer(i)) => *i,
        Some(Value::Number(x)) => *x as i64,
        _ => 0,
    };
    // (unlike the TCP one, any value goes: not above 0 is the setting)
    u.borrow_mut().read_timeout = (n > 0).then(|| Duration::from_millis(n as u64));
    Ok(())
}

fn close(lua: &Lua, a: MultiValue) -> RResult<MultiValue> {
    if a.len() != 1 {
        return fail(format!(
            "ngx.socket close: expecting 1 argument (including the object) but seen {}",
            a.len()
        ));
    }
    let u = udp_of(&a)?;
    if u.borrow_mut().sock.take().is_none() {
        return nil_err(lua, "closed");
    }
    Ok(MultiValue::from_iter([Value::Integer(1)]))
}

/// `ngx.socket.udp` on the `socket` table.
pub fn inject(lua: &Lua, socket: &Table) -> mlua::Result<()> {
    let mt = lua.create_table()?;
    mt.raw_set("setpeername", raise::async_function(lua, setpeername)?)?;
    mt.raw_set("send", raise::async_function(lua, send)?)?;
    mt.raw_set("receive", raise::async_function(lua, receive)?)?;
    mt.raw_set("settimeout", raise::function(lua, settimeout)?)?;
    mt.raw_set("close", raise::function(lua, close)?)?;
    mt.raw_set("__index", &mt)?;
    let new = raise::function(lua, move |lua, a: MultiValue| -> RResult<Table> {
        if !a.is_empty() {
            return fail(format!("expecting zero arguments, but got {}", a.len()));
        }
        check_context()?;
        let t = lua.create_table_with_capacity(1, 0)?;
        t.raw_set(1, lua.create_userdata(Handle(Rc::default()))?)?;
        t.set_metatable(Some(mt.clone()))?;
        Ok(t)
    })?;
    socket.raw_set("udp", new)?;
    Ok(())
}
