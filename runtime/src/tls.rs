//! TLS termination for `listen … ssl` (ngx_http_ssl_module), with rustls.
//!
//! As nginx: the handshake picks the server by SNI among the servers of the listen socket (its
//! default server without SNI) and answers with that server's certificate; the request's Host
//! then picks the server that serves it, as on any connection. A plain HTTP request on a TLS
//! port gets nginx's "400 The plain HTTP request was sent to HTTPS port". Certificates are read
//! at start, never baked into the binary.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rustls::server::{Acceptor, ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ServerConfig, ServerConnection};
use tokio::net::TcpStream;

use crate::plan::{LogLevel, Plan, SslConf};
use crate::stream::{Stream, TcpIo};
use crate::worker::Worker;

/// The TLS configuration of every server that has a certificate, indexed as `Plan::http::servers`.
pub struct Tls {
    servers: Vec<Option<Arc<ServerConfig>>>,
}

/// What `$ssl_protocol`, `$ssl_cipher`, `$ssl_server_name` and `$ssl_session_reused` read.
#[derive(Debug)]
pub struct TlsInfo {
    pub protocol: &'static str,
    pub cipher: &'static str,
    pub server_name: Option<String>,
    pub reused: bool,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Read a certificate chain and its private key (PEM), checking that they belong together.
/// nginx's wording where it has one.
pub fn load_key(cert: &Path, key: &Path) -> Result<CertifiedKey, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let cert_pem = std::fs::read(cert).map_err(|e| {
        format!(
            "cannot load certificate \"{}\": {}",
            cert.display(),
            strip_os(&e)
        )
    })?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot load certificate \"{}\": {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "cannot load certificate \"{}\": no certificate in the file",
            cert.display()
        ));
    }
    let key_pem = std::fs::read(key).map_err(|e| {
        format!(
            "cannot load certificate key \"{}\": {}",
            key.display(),
            strip_os(&e)
        )
    })?;
    let der = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|e| format!("cannot load certificate key \"{}\": {e}", key.display()))?;
    let signing = provider()
        .key_provider
        .load_private_key(der)
        .map_err(|e| format!("cannot load certificate key \"{}\": {e}", key.display()))?;
    let ck = CertifiedKey::new(chain, signing);
    ck.keys_match().map_err(|_| {
        format!(
            "SSL_CTX_use_PrivateKey(\"{}\") failed (key values mismatch)",
            key.display()
        )
    })?;
    Ok(ck)
}

fn strip_os(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Where a relative certificate path is read: nginx's conf prefix (`PREFIX/conf/`), else
/// beside the configuration restyc was built from.
pub fn cert_path(prefix: &Path, conf_path: &str, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let in_prefix = prefix.join("conf").join(p);
    if in_prefix.exists() {
        return in_prefix;
    }
    match Path::new(conf_path).parent() {
        Some(dir) if dir.join(p).exists() => dir.join(p),
        _ => in_prefix,
    }
}

/// The certificates of one server (an RSA and an ECDSA one side by side, as nginx allows):
/// as OpenSSL chooses, the first signature scheme in the client's order that one of them can
/// sign with.
#[derive(Debug)]
struct Certs(Vec<Arc<CertifiedKey>>);

impl ResolvesServerCert for Certs {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        hello
            .signature_schemes()
            .iter()
            .find_map(|s| self.0.iter().find(|k| k.key.choose_scheme(&[*s]).is_some()))
            .or(self.0.first())
            .cloned()
    }
}

impl Tls {
    /// Load every certificate; `None` when no socket is `ssl`.
    pub fn new(plan: &Plan, prefix: &Path) -> Result<Option<Arc<Tls>>, String> {
        if !plan.http.listens.iter().any(|l| l.ssl) {
            return Ok(None);
        }
        // One session cache and one ticket key for all servers and workers, so that a session
        // resumes whichever worker accepts the next connection.
        let cache: Arc<dyn rustls::server::StoresServerSessions> =
            rustls::server::ServerSessionMemoryCache::new(20_000);
        let ticketer = rustls::crypto::ring::Ticketer::new()
            .map_err(|e| format!("cannot create the TLS session ticket key: {e}"))?;
        let mut servers = Vec::with_capacity(plan.http.servers.len());
        for s in &plan.http.servers {
            servers.push(match &s.ssl {
                Some(c) if !c.certificates.is_empty() => Some(Arc::new(server_config(
                    c,
                    prefix,
                    &plan.conf_path,
                    &cache,
                    &ticketer,
                )?)),
                _ => None,
            });
        }
        Ok(Some(Arc::new(Tls { servers })))
    }
}

fn server_config(
    c: &SslConf,
    prefix: &Path,
    conf_path: &str,
    cache: &Arc<dyn rustls::server::StoresServerSessions>,
    ticketer: &Arc<dyn rustls::server::ProducesTickets>,
) -> Result<ServerConfig, String> {
    let mut keys = vec![];
    for (cert, key) in &c.certificates {
        let k = load_key(
            &cert_path(prefix, conf_path, cert),
            &cert_path(prefix, conf_path, key),
        )
        .map_err(|e| format!("{e} in {}", c.pos))?;
        keys.push(Arc::new(k));
    }
    let versions: Vec<&'static rustls::SupportedProtocolVersion> = c
        .protocols
        .iter()
        .filter_map(|p| match p.as_str() {
            "TLSv1.2" => Some(&rustls::version::TLS12),
            "TLSv1.3" => Some(&rustls::version::TLS13),
            _ => None,
        })
        .collect();
    let mut cfg = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&versions)
        .map_err(|e| format!("TLS configuration of {}: {e}", c.pos))?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(Certs(keys)));
    // nginx's ALPN list without http2 (NGX_HTTP_ALPN_PROTOS).
    cfg.alpn_protocols = vec![
        b"http/1.1".to_vec(),
        b"http/1.0".to_vec(),
        b"http/0.9".to_vec(),
    ];
    cfg.ignore_client_order = c.prefer_server_ciphers;
    cfg.session_storage = if c.session_cache {
        cache.clone()
    } else {
        Arc::new(rustls::server::NoServerSessionStorage {})
    };
    if c.session_tickets {
        cfg.ticketer = ticketer.clone();
    } else {
        cfg.send_tls13_tickets = 0;
    }
    Ok(cfg)
}

/// How a connection to a TLS socket starts.
pub enum Accepted {
    Tls(Stream, TlsInfo),
    /// The first byte is not a TLS record: nginx reads the request and answers it with 400.
    PlainHttp(Stream),
    /// Closed, timed out or failed (logged as nginx logs it).
    Gone,
}

/// nginx's `while SSL handshaking, client: …, server: …` context.
fn log_handshake(conn_id: u64, remote: SocketAddr, addr: &str, level: LogLevel, msg: &str) {
    crate::log::write(
        level,
        &format!(
            "*{conn_id} {msg} while SSL handshaking, client: {}, server: {addr}",
            remote.ip()
        ),
        None,
    );
}

/// Wait for the socket to be readable, within `until`.
async fn readable(tcp: &TcpStream, until: tokio::time::Instant) -> bool {
    matches!(
        tokio::time::timeout_at(until, tcp.readable()).await,
        Ok(Ok(()))
    )
}

/// The TLS handshake of a new connection on listen socket `socket` (within `timeout`, the
/// default server's client_header_timeout as nginx uses).
pub async fn accept(
    w: &Rc<Worker>,
    tcp: TcpStream,
    socket: usize,
    (conn_id, remote): (u64, SocketAddr),
    timeout: Duration,
) -> Accepted {
    let until = tokio::time::Instant::now() + timeout;
    let addr = w.plan.http.listens[socket].addr.as_str();
    let log = |level, msg: &str| log_handshake(conn_id, remote, addr, level, msg);
    // nginx peeks one byte: a record type 0x16 (handshake), or SSLv2's high bit.
    let mut first = [0u8; 1];
    match tokio::time::timeout_at(until, tcp.peek(&mut first)).await {
        Ok(Ok(1)) if first[0] == 0x16 || first[0] & 0x80 != 0 => {}
        Ok(Ok(1)) => return Accepted::PlainHttp(Stream::plain(tcp)),
        _ => return Accepted::Gone,
    }
    let mut acceptor = Acceptor::default();
    let accepted = loop {
        match acceptor.read_tls(&mut TcpIo(&tcp)) {
            Ok(0) => {
                log(LogLevel::Info, "peer closed connection in SSL handshake");
                return Accepted::Gone;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if !readable(&tcp, until).await {
                    return Accepted::Gone;
                }
                continue;
            }
            Err(_) => return Accepted::Gone,
        }
        match acceptor.accept() {
            Ok(Some(a)) => break a,
            Ok(None) => {}
            Err((e, mut alert)) => {
                let _ = alert.write_all(&mut TcpIo(&tcp));
                log(
                    LogLevel::Info,
                    &format!("SSL_do_handshake() failed (SSL: {e})"),
                );
                return Accepted::Gone;
            }
        }
    };
    let server_name = accepted
        .client_hello()
        .server_name()
        .map(|s| s.to_ascii_lowercase());
    let server = match &server_name {
        Some(n) => w.router.find_server(socket, n).0,
        None => w.plan.http.listens[socket].default_server,
    };
    let Some(cfg) = w
        .tls
        .as_ref()
        .and_then(|t| t.servers.get(server).cloned().flatten())
    else {
        log(
            LogLevel::Error,
            "no \"ssl_certificate\" is defined in server listening on SSL port",
        );
        return Accepted::Gone;
    };
    let mut c = match accepted.into_connection(cfg) {
        Ok(c) => c,
        Err((e, mut alert)) => {
            let _ = alert.write_all(&mut TcpIo(&tcp));
            log(
                LogLevel::Info,
                &format!("SSL_do_handshake() failed (SSL: {e})"),
            );
            return Accepted::Gone;
        }
    };
    if let Err(e) = handshake(&mut c, &tcp, until).await {
        if let Some(msg) = e {
            log(LogLevel::Info, &msg);
        }
        return Accepted::Gone;
    }
    let info = TlsInfo {
        protocol: match c.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3",
            _ => "TLSv1.2",
        },
        cipher: c
            .negotiated_cipher_suite()
            .map(|s| openssl_name(s.suite()))
            .unwrap_or(""),
        server_name,
        reused: matches!(c.handshake_kind(), Some(rustls::HandshakeKind::Resumed)),
    };
    Accepted::Tls(Stream::tls(tcp, c), info)
}

/// Drive the handshake to its end; Err(Some(msg)) is logged, Err(None) is a silent close.
async fn handshake(
    c: &mut ServerConnection,
    tcp: &TcpStream,
    until: tokio::time::Instant,
) -> Result<(), Option<String>> {
    loop {
        while c.wants_write() {
            match c.write_tls(&mut TcpIo(tcp)) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    match tokio::time::timeout_at(until, tcp.writable()).await {
                        Ok(Ok(())) => {}
                        _ => return Err(None),
                    }
                }
                Err(_) => return Err(None),
            }
        }
        if !c.is_handshaking() {
            return Ok(());
        }
        match c.read_tls(&mut TcpIo(tcp)) {
            Ok(0) => return Err(Some("peer closed connection in SSL handshake".into())),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if !readable(tcp, until).await {
                    return Err(None);
                }
                continue;
            }
            Err(_) => return Err(None),
        }
        if let Err(e) = c.process_new_packets() {
            let _ = c.write_tls(&mut TcpIo(tcp));
            return Err(Some(format!("SSL_do_handshake() failed (SSL: {e})")));
        }
    }
}

/// OpenSSL's name of a cipher suite, as `$ssl_cipher` shows it.
fn openssl_name(s: rustls::CipherSuite) -> &'static str {
    use rustls::CipherSuite as C;
    match s {
        C::TLS13_AES_256_GCM_SHA384 => "TLS_AES_256_GCM_SHA384",
        C::TLS13_AES_128_GCM_SHA256 => "TLS_AES_128_GCM_SHA256",
        C::TLS13_CHACHA20_POLY1305_SHA256 => "TLS_CHACHA20_POLY1305_SHA256",
        C::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => "ECDHE-ECDSA-AES256-GCM-SHA384",
        C::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => "ECDHE-ECDSA-AES128-GCM-SHA256",
        C::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => "ECDHE-ECDSA-CHACHA20-POLY1305",
        C::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => "ECDHE-RSA-AES256-GCM-SHA384",
        C::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => "ECDHE-RSA-AES128-GCM-SHA256",
        C::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => "ECDHE-RSA-CHACHA20-POLY1305",
        _ => "",
    }
}
