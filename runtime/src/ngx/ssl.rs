//! `ngx.ssl` (lua-resty-core's `ngx/ssl.lua`) for `ssl_certificate_by_lua*`: the handshake's
//! server name, addresses and protocol, and the certificate it answers with.
//!
//! The handshake's state ([`CertHook`]) hangs on the fake request the hook runs in; outside
//! one, the functions fail as lua-resty-core's do without an SSL connection. Parsed
//! certificates and keys (`parse_pem_cert`, `parse_pem_priv_key`) are cdata pointers, as in
//! OpenResty, naming entries of a worker-local table freed with them.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;

use mlua::{Function, Lua, MultiValue, Table, Value};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::ngx::raise::{self, RResult, Raise};

/// One handshake's view for its `ssl_certificate_by_lua*` hook.
pub struct CertHook {
    pub server_name: Option<String>,
    /// None for a unix socket.
    pub local: Option<SocketAddr>,
    pub remote: Option<SocketAddr>,
    /// The protocol the handshake will use (`get_tls1_version_str`).
    pub version: &'static str,
    pub cleared: Cell<bool>,
    pub chain: RefCell<Option<Vec<CertificateDer<'static>>>>,
    pub key: RefCell<Option<PrivateKeyDer<'static>>>,
}

impl CertHook {
    /// The certificate the hook chose: Some(Ok) when it set a chain and a key, Some(Err) when
    /// it cleared the certificates without setting both (the handshake fails), None to keep
    /// the configured ones.
    pub fn chosen(&self) -> Option<Result<rustls::sign::CertifiedKey, String>> {
        let chain = self.chain.borrow_mut().take();
        let key = self.key.borrow_mut().take();
        match (chain, key) {
            (Some(chain), Some(key)) => Some(
                rustls::crypto::ring::default_provider()
                    .key_provider
                    .load_private_key(key)
                    .map(|k| rustls::sign::CertifiedKey::new(chain, k))
                    .map_err(|e| e.to_string()),
            ),
            _ if self.cleared.get() => Some(Err("no certificate or key set".into())),
            _ => None,
        }
    }
}

/// What parse_pem_cert / parse_pem_priv_key made, by id.
enum Parsed {
    Chain(Vec<CertificateDer<'static>>),
    Key(PrivateKeyDer<'static>),
}

thread_local! {
    static PARSED: RefCell<(HashMap<u64, Parsed>, u64)> = RefCell::new((HashMap::new(), 1));
}

fn hook() -> Result<std::rc::Rc<CertHook>, String> {
    let (_, r) = crate::lua::current_request()?;
    r.borrow()
        .cert_hook
        .clone()
        .ok_or_else(|| "no ssl connection".to_string())
}

fn nil_err(lua: &Lua, msg: &str) -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([
        Value::Nil,
        Value::String(lua.create_string(msg)?),
    ]))
}

fn ok() -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([Value::Boolean(true)]))
}

fn text(lua: &Lua, s: &[u8]) -> RResult<MultiValue> {
    Ok(MultiValue::from_iter([Value::String(
        lua.create_string(s)?,
    )]))
}

/// A DER chain (certificates one after the other) split into its certificates.
fn der_chain(mut der: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    let mut out = vec![];
    while !der.is_empty() {
        let len = crate::x509::element_len(der)?;
        out.push(CertificateDer::from(der[..len].to_vec()));
        der = &der[len..];
    }
    (!out.is_empty()).then_some(out)
}

/// A DER private key in any of the forms OpenSSL reads (PKCS#8, PKCS#1, SEC1).
fn der_key(der: &[u8]) -> Option<PrivateKeyDer<'static>> {
    use rustls::pki_types::{PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};
    let provider = rustls::crypto::ring::default_provider();
    let candidates: [PrivateKeyDer<'static>; 3] = [
        PrivatePkcs8KeyDer::from(der.to_vec()).into(),
        PrivatePkcs1KeyDer::from(der.to_vec()).into(),
        PrivateSec1KeyDer::from(der.to_vec()).into(),
    ];
    candidates.into_iter().find(|k| {
        provider
            .key_provider
            .load_private_key(k.clone_key())
            .is_ok()
    })
}

fn pem_chain(pem: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    let v: Vec<_> = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .ok()?;
    (!v.is_empty()).then_some(v)
}

fn raw_addr(lua: &Lua, a: Option<SocketAddr>) -> RResult<MultiValue> {
    let (bytes, kind) = match a {
        Some(SocketAddr::V4(a)) => (a.ip().octets().to_vec(), "inet"),
        Some(SocketAddr::V6(a)) => (a.ip().octets().to_vec(), "inet6"),
        None => (Vec::new(), "unix"),
    };
    Ok(MultiValue::from_iter([
        Value::String(lua.create_string(&bytes)?),
        Value::String(lua.create_string(kind)?),
    ]))
}

/// The module's Rust functions; `preload` wraps the cdata ones in Lua.
fn functions(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    let f = |name: &str, f: Function| t.raw_set(name, f);
    f(
        "server_name",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => match &h.server_name {
                Some(n) => text(lua, n.as_bytes()),
                None => Ok(MultiValue::from_iter([Value::Nil])),
            },
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "server_port",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => match h.local {
                Some(a) => Ok(MultiValue::from_iter([Value::Integer(a.port() as i64)])),
                None => nil_err(lua, "unix domain has no port"),
            },
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "raw_server_addr",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => raw_addr(lua, h.local),
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "raw_client_addr",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => raw_addr(lua, h.remote),
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "get_tls1_version_str",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => text(lua, h.version.as_bytes()),
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "get_tls1_version",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => Ok(MultiValue::from_iter([Value::Integer(match h.version {
                "TLSv1.3" => 0x0304,
                _ => 0x0303,
            })])),
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "clear_certs",
        raise::function(lua, |lua, _| match hook() {
            Ok(h) => {
                h.cleared.set(true);
                *h.chain.borrow_mut() = None;
                *h.key.borrow_mut() = None;
                ok()
            }
            Err(e) => nil_err(lua, &e),
        })?,
    )?;
    f(
        "cert_pem_to_der",
        raise::function(lua, |lua, a| {
            let pem = raise::check_bytes(lua, &a, 1)?;
            match pem_chain(&pem.as_bytes()) {
                Some(chain) => text(
                    lua,
                    &chain.iter().flat_map(|c| c.to_vec()).collect::<Vec<_>>(),
                ),
                None => nil_err(lua, "PEM_read_bio_X509_AUX() failed"),
            }
        })?,
    )?;
    f(
        "priv_key_pem_to_der",
        raise::function(lua, |lua, a| {
            let pem = raise::check_bytes(lua, &a, 1)?;
            match PrivateKeyDer::from_pem_slice(&pem.as_bytes()) {
                Ok(k) => text(lua, k.secret_der()),
                Err(_) => nil_err(lua, "PEM_read_bio_PrivateKey() failed"),
            }
        })?,
    )?;
    f(
        "set_der_cert",
        raise::function(lua, |lua, a| {
            let der = raise::check_bytes(lua, &a, 1)?;
            let h = match hook() {
                Ok(h) => h,
                Err(e) => return nil_err(lua, &e),
            };
            match der_chain(&der.as_bytes()) {
                Some(chain) => {
                    *h.chain.borrow_mut() = Some(chain);
                    ok()
                }
                None => nil_err(lua, "d2i_X509_bio() failed"),
            }
        })?,
    )?;
    f(
        "set_der_priv_key",
        raise::function(lua, |lua, a| {
            let der = raise::check_bytes(lua, &a, 1)?;
            let h = match hook() {
                Ok(h) => h,
                Err(e) => return nil_err(lua, &e),
            };
            match der_key(&der.as_bytes()) {
                Some(k) => {
                    *h.key.borrow_mut() = Some(k);
                    ok()
                }
                None => nil_err(lua, "d2i_PrivateKey_bio() failed"),
            }
        })?,
    )?;
    // parse_pem_* keep what they parsed under an id (the Lua wrapper makes it a cdata).
    let keep = |p: Parsed| {
        PARSED.with(|m| {
            let mut m = m.borrow_mut();
            let id = m.1;
            m.1 += 1;
            m.0.insert(id, p);
            id
        })
    };
    f(
        "parse_pem_cert",
        raise::function(lua, move |lua, a| {
            let pem = raise::check_bytes(lua, &a, 1)?;
            match pem_chain(&pem.as_bytes()) {
                Some(c) => Ok(MultiValue::from_iter([Value::Integer(
                    keep(Parsed::Chain(c)) as i64,
                )])),
                None => nil_err(lua, "PEM_read_bio_X509_AUX() failed"),
            }
        })?,
    )?;
    f(
        "parse_pem_priv_key",
        raise::function(lua, move |lua, a| {
            let pem = raise::check_bytes(lua, &a, 1)?;
            match PrivateKeyDer::from_pem_slice(&pem.as_bytes()) {
                Ok(k) => Ok(MultiValue::from_iter([Value::Integer(
                    keep(Parsed::Key(k)) as i64,
                )])),
                Err(_) => nil_err(lua, "PEM_read_bio_PrivateKey() failed"),
            }
        })?,
    )?;
    f(
        "set_parsed",
        raise::function(lua, |lua, a| {
            let id = match a.front() {
                Some(Value::Integer(i)) => *i as u64,
                Some(Value::Number(n)) => *n as u64,
                _ => return Err(Raise::Arg(1, "bad cdata".into())),
            };
            let h = match hook() {
                Ok(h) => h,
                Err(e) => return nil_err(lua, &e),
            };
            PARSED.with(|m| match m.borrow().0.get(&id) {
                Some(Parsed::Chain(c)) => *h.chain.borrow_mut() = Some(c.clone()),
                Some(Parsed::Key(k)) => *h.key.borrow_mut() = Some(k.clone_key()),
                None => {}
            });
            ok()
        })?,
    )?;
    f(
        "forget",
        lua.create_function(|_, id: u64| {
            PARSED.with(|m| m.borrow_mut().0.remove(&id));
            Ok(())
        })?,
    )?;
    Ok(t)
}

/// Put `ngx.ssl` in `package.preload`.
pub fn preload(lua: &Lua, preload: &Table) -> mlua::Result<()> {
    let make: Function = lua
        .load(
            r#"
local C = ...
local ffi = require "ffi"
local type, tonumber = type, tonumber
local function wrap(id)
    return ffi.gc(ffi.cast("void *", id), function() C.forget(id) end)
end
local function id_of(p, what)
    if type(p) ~= "cdata" then
        error("bad " .. what .. " arg: cdata expected, got " .. type(p), 3)
    end
    return tonumber(ffi.cast("intptr_t", p))
end
return function()
    local _M = { version = "0.1.25" }
    for _, name in ipairs{"server_name", "server_port", "raw_server_addr", "raw_client_addr",
                          "get_tls1_version", "get_tls1_version_str", "clear_certs",
                          "cert_pem_to_der", "priv_key_pem_to_der", "set_der_cert",
                          "set_der_priv_key"} do
        _M[name] = C[name]
    end
    function _M.parse_pem_cert(pem)
        local id, err = C.parse_pem_cert(pem)
        if not id then return nil, err end
        return wrap(id)
    end
    function _M.parse_pem_priv_key(pem)
        local id, err = C.parse_pem_priv_key(pem)
        if not id then return nil, err end
        return wrap(id)
    end
    function _M.set_cert(cert) return C.set_parsed(id_of(cert, "cert")) end
    function _M.set_priv_key(key) return C.set_parsed(id_of(key, "priv_key")) end
    return _M
end
"#,
        )
        .set_name("=[restyc ngx.ssl]")
        .call(functions(lua)?)?;
    preload.raw_set("ngx.ssl", make)
}
