//! TLS termination for `listen … ssl` (ngx_http_ssl_module), with rustls.
//!
//! As nginx: the handshake picks the server by SNI among the servers of the listen socket (its
//! default server without SNI) and answers with that server's certificate; the request's Host
//! then picks the server that serves it, as on any connection. A plain HTTP request on a TLS
//! port gets nginx's "400 The plain HTTP request was sent to HTTPS port". Certificates are read
//! at start, never baked into the binary.

use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rustls::server::{Acceptor, ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ServerConfig, ServerConnection};

use crate::plan::{LogLevel, Plan, SslConf};
use crate::stream::{Io, SockIo, Stream};
use crate::worker::Worker;

/// The handshake-signature checks of a verifier, by its `provider`'s algorithms (the same in
/// the client and the server verifiers).
macro_rules! signatures_by_provider {
    () => {
        fn verify_tls12_signature(
            &self,
            m: &[u8],
            c: &rustls::pki_types::CertificateDer<'_>,
            d: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            let algs = &self.provider.signature_verification_algorithms;
            rustls::crypto::verify_tls12_signature(m, c, d, algs)
        }

        fn verify_tls13_signature(
            &self,
            m: &[u8],
            c: &rustls::pki_types::CertificateDer<'_>,
            d: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            let algs = &self.provider.signature_verification_algorithms;
            rustls::crypto::verify_tls13_signature(m, c, d, algs)
        }

        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.provider
                .signature_verification_algorithms
                .supported_schemes()
        }
    };
}

/// The TLS configuration of every server that has a certificate, indexed as `Plan::http::servers`.
pub struct Tls {
    servers: Vec<Option<ServerTls>>,
}

struct ServerTls {
    config: Arc<ServerConfig>,
    /// What client certificates are checked against (ssl_verify_client); None when it is off
    /// or no CA is configured (optional_no_ca).
    client_check: Option<Arc<dyn rustls::server::danger::ClientCertVerifier>>,
}

/// What `$ssl_protocol`, `$ssl_cipher`, `$ssl_server_name` and `$ssl_session_reused` read.
#[derive(Debug)]
pub struct TlsInfo {
    pub protocol: &'static str,
    pub cipher: &'static str,
    pub server_name: Option<String>,
    pub reused: bool,
    /// The certificate the client sent (asked for by ssl_verify_client).
    pub client: Option<ClientCert>,
}

/// A client's certificate, as the `$ssl_client_*` variables show it.
#[derive(Debug)]
pub struct ClientCert {
    /// None when it verified; else OpenSSL's code and text (`18`, `self-signed certificate`).
    pub failure: Option<(u32, &'static str)>,
    pub der: Vec<u8>,
}

impl ClientCert {
    /// `$ssl_client_NAME` (and `$ssl_client_verify`'s SUCCESS / FAILED:reason).
    pub fn var(&self, name: &str) -> Option<String> {
        let c = crate::x509::Cert::parse(&self.der);
        Some(match name {
            "verify" => match self.failure {
                None => "SUCCESS".into(),
                Some((_, why)) => format!("FAILED:{why}"),
            },
            "s_dn" => c?.subject_dn(),
            "i_dn" => c?.issuer_dn(),
            "serial" => c?.serial_hex(),
            "fingerprint" => {
                use sha1::Digest;
                sha1::Sha1::digest(&self.der)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            }
            "v_start" => c?.not_before()?.0,
            "v_end" => c?.not_after()?.0,
            "v_remain" => {
                let left = c?.not_after()?.1 - crate::clock::time();
                (left.max(0) / 86400).to_string()
            }
            "raw_cert" => self.pem(),
            // (the deprecated form: a tab after each inner line break)
            "cert" => self.pem().trim_end().replace('\n', "\n\t"),
            _ => return None,
        })
    }

    fn pem(&self) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
        for line in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(line).unwrap_or(""));
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
        out
    }
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
        .map_err(|e| {
            format!(
                "cannot load certificate \"{}\": {}",
                cert.display(),
                pem_error(&e)
            )
        })?;
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
    if memchr::memmem::find(&key_pem, b"ENCRYPTED").is_some() {
        return Err(format!(
            "cannot load certificate key \"{}\": an encrypted key (ssl_password_file is not supported: store the key decrypted)",
            key.display()
        ));
    }
    let der = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
        format!(
            "cannot load certificate key \"{}\": {}",
            key.display(),
            pem_error(&e)
        )
    })?;
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

/// A PEM reading error in words (rustls's Debug forms show bytes).
fn pem_error(e: &rustls::pki_types::pem::Error) -> String {
    use rustls::pki_types::pem::Error as E;
    match e {
        E::MissingSectionEnd { .. } => "a PEM section has no END line".into(),
        E::IllegalSectionStart { .. } => "a malformed PEM BEGIN line".into(),
        E::Base64Decode(_) => "invalid base64 in a PEM section".into(),
        E::NoItemsFound => "no PEM section of that kind in the file".into(),
        other => other.to_string(),
    }
}

fn strip_os(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Where a certificate is read: the plan's paths are absolute or relative to the prefix (the
/// compiler resolved nginx's conf prefix against it).
pub fn cert_path(prefix: &Path, p: &str) -> PathBuf {
    prefix.join(p)
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
                Some(c) if !c.certificates.is_empty() => {
                    let client_check = client_check(c, prefix)?;
                    let config = server_config(c, prefix, &cache, &ticketer, &client_check)?;
                    Some(ServerTls {
                        config: Arc::new(config),
                        client_check: client_check.map(|(v, _)| v),
                    })
                }
                _ => None,
            });
        }
        Ok(Some(Arc::new(Tls { servers })))
    }
}

/// The client certificate check of a server with ssl_verify_client: a verifier over its CAs,
/// and the names of ssl_client_certificate's CAs (what the handshake asks for).
type ClientCertCheck = (
    Arc<dyn rustls::server::danger::ClientCertVerifier>,
    Vec<rustls::DistinguishedName>,
);

fn client_check(c: &SslConf, prefix: &Path) -> Result<Option<ClientCertCheck>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    if c.verify_client.is_off() || c.client_cas.is_empty() {
        return Ok(None);
    }
    let mut all = rustls::RootCertStore::empty();
    let mut named = rustls::RootCertStore::empty();
    for (i, path) in c.client_cas.iter().enumerate() {
        let path = cert_path(prefix, path);
        let pem = std::fs::read(&path).map_err(|e| {
            format!(
                "cannot load CA certificate \"{}\": {}",
                path.display(),
                strip_os(&e)
            )
        })?;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert
                .map_err(|e| format!("cannot load CA certificate \"{}\": {e}", path.display()))?;
            if i == 0 && c.names_client_cas {
                let _ = named.add(cert.clone());
            }
            let _ = all.add(cert);
        }
    }
    let mut crls = vec![];
    if let Some(path) = &c.crl {
        use rustls::pki_types::CertificateRevocationListDer as Crl;
        let path = cert_path(prefix, path);
        let pem = std::fs::read(&path)
            .map_err(|e| format!("cannot load CRL \"{}\": {}", path.display(), strip_os(&e)))?;
        crls = Crl::pem_slice_iter(&pem)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("cannot load CRL \"{}\": {e}", path.display()))?;
    }
    let verifier =
        rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(all), provider())
            .with_crls(crls)
            .allow_unauthenticated()
            .build()
            .map_err(|e| format!("client certificates of {}: {e}", c.pos))?;
    Ok(Some((verifier, named.subjects())))
}

/// Asks for a client certificate and takes whatever comes (checking only that the client
/// holds its key): nginx never fails a handshake over a certificate; it answers the request
/// with 495 or 496 (`engine::handle`).
#[derive(Debug)]
struct AskClient {
    provider: Arc<rustls::crypto::CryptoProvider>,
    names: Vec<rustls::DistinguishedName>,
}

impl rustls::server::danger::ClientCertVerifier for AskClient {
    fn offer_client_auth(&self) -> bool {
        true
    }
    fn client_auth_mandatory(&self) -> bool {
        false
    }
    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &self.names
    }
    fn verify_client_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        Ok(rustls::server::danger::ClientCertVerified::assertion())
    }
    signatures_by_provider!();
}

/// OpenSSL's verdict on a certificate chain that did not verify: its code and text.
fn chain_failure(
    e: &rustls::Error,
    leaf: &rustls::pki_types::CertificateDer<'_>,
    chain: &[rustls::pki_types::CertificateDer<'_>],
) -> (u32, &'static str) {
    use rustls::CertificateError as E;
    let self_signed = |c: &rustls::pki_types::CertificateDer<'_>| {
        crate::x509::Cert::parse(c).is_some_and(|c| c.self_signed())
    };
    match e {
        rustls::Error::InvalidCertificate(E::Expired | E::ExpiredContext { .. }) => {
            (10, "certificate has expired")
        }
        rustls::Error::InvalidCertificate(E::NotValidYet | E::NotValidYetContext { .. }) => {
            (9, "certificate is not yet valid")
        }
        rustls::Error::InvalidCertificate(E::Revoked) => (23, "certificate revoked"),
        rustls::Error::InvalidCertificate(E::UnknownRevocationStatus) => {
            (3, "unable to get certificate CRL")
        }
        _ if self_signed(leaf) => (18, "self-signed certificate"),
        _ if chain.last().is_some_and(self_signed) => {
            (19, "self-signed certificate in certificate chain")
        }
        _ if chain.is_empty() => (21, "unable to verify the first certificate"),
        _ => (20, "unable to get local issuer certificate"),
    }
}

fn server_config(
    c: &SslConf,
    prefix: &Path,
    cache: &Arc<dyn rustls::server::StoresServerSessions>,
    ticketer: &Arc<dyn rustls::server::ProducesTickets>,
    client_check: &Option<ClientCertCheck>,
) -> Result<ServerConfig, String> {
    let mut keys = vec![];
    for (cert, key) in &c.certificates {
        let k = load_key(&cert_path(prefix, cert), &cert_path(prefix, key))
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
    let builder = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&versions)
        .map_err(|e| format!("TLS configuration of {}: {e}", c.pos))?;
    let builder = if c.verify_client.is_off() {
        builder.with_no_client_auth()
    } else {
        builder.with_client_cert_verifier(Arc::new(AskClient {
            provider: provider(),
            names: client_check
                .as_ref()
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
        }))
    };
    let mut cfg = builder.with_cert_resolver(Arc::new(Certs(keys)));
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
    } else if !c.session_cache {
        // (with a cache, TLSv1.3 still resumes through tickets that name a cached session)
        cfg.send_tls13_tickets = 0;
    }
    Ok(cfg)
}

/// A request on a TLS connection that its server's ssl_verify_client refuses (checked once
/// the head is read, ngx_http_process_request): 496 without a certificate (`on`), 495 with one
/// that did not verify (`on`, `optional`), and what is logged.
pub fn refuse_client(w: &Worker, r: &crate::request::Request) -> Option<(u16, String)> {
    use crate::plan::VerifyClient;
    let info = r.conn.tls.as_ref()?;
    let server = w.plan.http.servers.get(r.server)?;
    let verify = server.ssl.as_ref()?.verify_client;
    let at = "while reading client request headers";
    // A Host other than the SNI name, for a server that checks client certificates: the
    // handshake did not check for it (ngx_http_set_virtual_server).
    let sni = info.server_name.as_deref().map(str::to_ascii_lowercase);
    if !verify.is_off() && sni.is_some_and(|n| !r.host.is_empty() && n != r.host) {
        let why = "client attempted to request the server name different from the one that was negotiated";
        return Some((421, format!("{why} {at}")));
    }
    match (&info.client, verify) {
        (None, VerifyClient::On) => {
            Some((496, format!("client sent no required SSL certificate {at}")))
        }
        (Some(c), VerifyClient::On | VerifyClient::Optional | VerifyClient::OptionalNoCa) => {
            let (code, text) = c.failure?;
            // optional_no_ca lets through what only lacks a trusted issuer
            // (ngx_ssl_verify_error_optional).
            if verify == VerifyClient::OptionalNoCa && matches!(code, 2 | 18 | 19 | 20 | 21) {
                return None;
            }
            let why = format!("client SSL certificate verify error: ({code}:{text})");
            Some((495, format!("{why} {at}")))
        }
        _ => None,
    }
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
fn log_handshake(conn_id: u64, client: &str, addr: &str, level: LogLevel, msg: &str) {
    crate::log::write(
        level,
        &format!("*{conn_id} {msg} while SSL handshaking, client: {client}, server: {addr}"),
        None,
    );
}

/// Wait for the socket to be readable, within `until`.
async fn readable(tcp: &Io, until: crate::rt::time::Instant) -> bool {
    matches!(
        crate::rt::time::timeout_at(until, tcp.readable()).await,
        Ok(Ok(()))
    )
}

/// The TLS handshake of a new connection on listen socket `socket` (within `timeout`, the
/// default server's client_header_timeout as nginx uses).
pub async fn accept(
    w: &Rc<Worker>,
    tcp: Io,
    socket: usize,
    (conn_id, client): (u64, &str),
    timeout: Duration,
) -> Accepted {
    let until = crate::rt::time::Instant::now() + timeout;
    let addr = w.plan.http.listens[socket].addr.as_str();
    let log = |level, msg: &str| log_handshake(conn_id, client, addr, level, msg);
    // nginx peeks one byte: a record type 0x16 (handshake), or SSLv2's high bit.
    let mut first = [0u8; 1];
    match crate::rt::time::timeout_at(until, tcp.peek(&mut first)).await {
        Ok(Ok(1)) if first[0] == 0x16 || first[0] & 0x80 != 0 => {}
        Ok(Ok(1)) => return Accepted::PlainHttp(Stream::plain(tcp)),
        Ok(Ok(_)) => {
            log(LogLevel::Info, "client closed connection");
            return Accepted::Gone;
        }
        Ok(Err(_)) => return Accepted::Gone,
        Err(_) => {
            log(
                LogLevel::Info,
                "client timed out (110: Connection timed out)",
            );
            return Accepted::Gone;
        }
    }
    let mut acceptor = Acceptor::default();
    let accepted = loop {
        match acceptor.read_tls(&mut SockIo(&tcp)) {
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
                let _ = alert.write_all(&mut SockIo(&tcp));
                log(
                    LogLevel::Info,
                    &format!("SSL_do_handshake() failed (SSL: {e})"),
                );
                return Accepted::Gone;
            }
        }
    };
    // (as the client sent it, for `$ssl_server_name`; lower case to pick the server)
    let server_name = accepted.client_hello().server_name().map(str::to_string);
    let server = match &server_name {
        Some(n) => {
            w.router
                .find_server(socket, n.to_ascii_lowercase().as_bytes())
                .0
        }
        None => w.plan.http.listens[socket].default_server,
    };
    let Some(st) = w.tls.as_ref().and_then(|t| t.servers.get(server)?.as_ref()) else {
        log(
            LogLevel::Error,
            "no \"ssl_certificate\" is defined in server listening on SSL port",
        );
        return Accepted::Gone;
    };
    let mut config = st.config.clone();
    let hook = w.plan.http.servers[server].ssl.as_ref();
    if let Some(chunk) = hook.and_then(|c| c.cert_by_lua.as_ref()) {
        // (a TLSv1.3 suite offered and allowed: the handshake will be TLSv1.3)
        let v13 = accepted.client_hello().cipher_suites().iter().any(|c| {
            let s = u16::from(*c);
            (0x1301..=0x1305).contains(&s)
        }) && hook.is_some_and(|c| c.protocols.iter().any(|p| p == "TLSv1.3"));
        let (local, remote) = match &tcp {
            Io::Tcp(t) => (t.local_addr().ok(), t.peer_addr().ok()),
            Io::Unix(_) => (None, None),
        };
        let cert_hook = Rc::new(crate::ngx::ssl::CertHook {
            server_name: server_name.clone(),
            local,
            remote,
            version: if v13 { "TLSv1.3" } else { "TLSv1.2" },
            cleared: Default::default(),
            chain: Default::default(),
            key: Default::default(),
        });
        let origin = (socket, server, conn_id, client);
        if !Box::pin(run_cert_hook(w, chunk, &cert_hook, origin)).await {
            fatal_alert(&tcp, ALERT_INTERNAL_ERROR);
            log(
                LogLevel::Info,
                "SSL_do_handshake() failed (SSL: cert cb error)",
            );
            return Accepted::Gone;
        }
        match cert_hook.chosen() {
            None => {}
            Some(Ok(ck)) => {
                let mut c = (*config).clone();
                c.cert_resolver = Arc::new(Certs(vec![Arc::new(ck)]));
                config = Arc::new(c);
            }
            Some(Err(_)) => {
                fatal_alert(&tcp, ALERT_HANDSHAKE_FAILURE);
                log(
                    LogLevel::Info,
                    "SSL_do_handshake() failed (SSL: no shared cipher)",
                );
                return Accepted::Gone;
            }
        }
    }
    let mut c = match accepted.into_connection(config) {
        Ok(c) => c,
        Err((e, mut alert)) => {
            let _ = alert.write_all(&mut SockIo(&tcp));
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
        client: c.peer_certificates().and_then(|chain| {
            let (leaf, rest) = chain.split_first()?;
            let now = rustls::pki_types::UnixTime::now();
            let failure = match &st.client_check {
                Some(v) => v.verify_client_cert(leaf, rest, now).err(),
                None => Some(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::UnknownIssuer,
                )),
            };
            Some(ClientCert {
                failure: failure.map(|e| chain_failure(&e, leaf, rest)),
                der: leaf.as_ref().to_vec(),
            })
        }),
    };
    Accepted::Tls(Stream::tls(tcp, c), info)
}

const ALERT_HANDSHAKE_FAILURE: u8 = 40;
const ALERT_INTERNAL_ERROR: u8 = 80;

/// A fatal alert before any key is agreed (a plaintext record), as OpenSSL sends when its
/// certificate callback fails.
fn fatal_alert(tcp: &Io, description: u8) {
    let _ = tcp.try_write(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description]);
}

/// Run a server's `ssl_certificate_by_lua*` in a fake request of the connection; false when
/// the handshake must fail (a Lua error, `ngx.exit` with anything but `ngx.OK`).
async fn run_cert_hook(
    w: &Rc<Worker>,
    chunk: &crate::plan::Chunk,
    hook: &Rc<crate::ngx::ssl::CertHook>,
    (socket, server, conn_id, client): (usize, usize, u64, &str),
) -> bool {
    use crate::lua::RunEnd;
    let unspecified = crate::request::UNIX_PEER;
    let addr = &w.plan.http.listens[socket].addr;
    let conn = crate::request::ConnInfo {
        remote: hook.remote.unwrap_or(unspecified),
        local: hook.local.unwrap_or(unspecified),
        id: conn_id,
        socket,
        requests: 0,
        tls: None,
        plain_http_on_tls: false,
        unix: addr.starts_with("unix:").then(|| Rc::from(addr.as_str())),
    };
    let log = format!(", context: ssl_certificate_by_lua*, client: {client}, server: {addr}");
    let r = crate::serve::fake_request(conn, server, log);
    r.borrow_mut().cert_hook = Some(hook.clone());
    let end = w
        .vm()
        .run(w, &r, chunk, crate::phase::Phase::SslCert, vec![])
        .await;
    let go_on = match end {
        RunEnd::Done(_) => true,
        RunEnd::Exited => matches!(r.borrow().exit, Some(crate::request::Exit::Code(0))),
        RunEnd::Error { msg, traceback } => {
            let e = (msg, traceback);
            crate::engine::log_lua_error(w, &r, crate::phase::Phase::SslCert, &e);
            false
        }
        RunEnd::LoadFailed { msg, .. } => {
            crate::engine::log_req(w, &r, LogLevel::Error, &msg);
            false
        }
    };
    r.borrow_mut().lua_ctx = None;
    go_on
}

/// Drive the handshake to its end; Err(Some(msg)) is logged, Err(None) is a silent close.
async fn handshake(
    c: &mut ServerConnection,
    tcp: &Io,
    until: crate::rt::time::Instant,
) -> Result<(), Option<String>> {
    loop {
        while c.wants_write() {
            match c.write_tls(&mut SockIo(tcp)) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    match crate::rt::time::timeout_at(until, tcp.writable()).await {
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
        match c.read_tls(&mut SockIo(tcp)) {
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
            let _ = c.write_tls(&mut SockIo(tcp));
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

// ---- The client side: `tcpsock:sslhandshake` ----

/// A cosocket's TLS session (`sslhandshake`'s first result): the session cache the handshake
/// filled, so that passing it to a later handshake resumes that session, and only then (an
/// OpenSSL client caches nothing by itself).
pub type ClientSessions = Arc<rustls::client::ClientSessionMemoryCache>;

pub fn new_client_sessions() -> ClientSessions {
    Arc::new(rustls::client::ClientSessionMemoryCache::new(4))
}

/// How `sslhandshake` checks the peer (`ssl_verify`, `server_name`, lua_ssl_trusted_certificate).
pub struct ClientCheck {
    pub verify: bool,
    /// The name to check the certificate against (the SNI name, when verifying).
    pub host: Option<String>,
    /// The lua_ssl_trusted_certificate file, resolved.
    pub trusted: Option<PathBuf>,
}

/// Why a client handshake failed.
#[derive(Clone, Debug)]
pub enum HandshakeError {
    /// The chain did not verify: OpenSSL's code and text.
    Chain(u32, &'static str),
    /// The chain verified, but not for this host.
    Host(String),
    Timeout,
    /// Anything else, in rustls's words.
    Failed(String),
}

impl HandshakeError {
    /// What `sslhandshake` returns.
    pub fn lua_err(&self) -> String {
        match self {
            HandshakeError::Chain(code, text) => format!("{code}: {text}"),
            HandshakeError::Host(_) => "certificate host mismatch".into(),
            HandshakeError::Timeout => "timeout".into(),
            HandshakeError::Failed(_) => "handshake failed".into(),
        }
    }

    /// What lua-nginx-module logs (with lua_socket_log_errors).
    pub fn lua_log(&self) -> String {
        match self {
            HandshakeError::Chain(code, text) => {
                format!("lua ssl certificate verify error: ({code}: {text})")
            }
            HandshakeError::Host(name) => {
                format!("lua ssl certificate does not match host \"{name}\"")
            }
            HandshakeError::Timeout => "lua tcp socket connect timed out".into(),
            HandshakeError::Failed(e) => format!("SSL_do_handshake() failed (SSL: {e})"),
        }
    }

    /// What the proxy module logs.
    pub fn proxy_log(&self) -> String {
        let what = match self {
            HandshakeError::Chain(code, text) => {
                format!("upstream SSL certificate verify error: ({code}:{text})")
            }
            HandshakeError::Host(name) => {
                format!("upstream SSL certificate does not match \"{name}\"")
            }
            HandshakeError::Timeout => "upstream timed out (110: Connection timed out)".into(),
            HandshakeError::Failed(e) => format!("SSL_do_handshake() failed (SSL: {e})"),
        };
        format!("{what} while SSL handshaking to upstream")
    }
}

impl std::fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lua_err())
    }
}

impl std::error::Error for HandshakeError {}

/// How handshakes check the peer: chain first (OpenSSL's `N: text` errors), then the host
/// (`certificate host mismatch`), as ngx_http_lua_ssl_handshake_retval_handler checks them.
/// One per setting and worker: rustls resumes a session only under the verifier it began with.
#[derive(Debug)]
struct LuaVerifier {
    provider: Arc<rustls::crypto::CryptoProvider>,
    trust: Arc<Trust>,
    verify: bool,
    check_host: bool,
}

impl LuaVerifier {
    /// A refusal that carries lua-nginx-module's words out of the handshake.
    fn refuse(&self, e: HandshakeError) -> rustls::Error {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(rustls::OtherError(
            Arc::new(e),
        )))
    }
}

impl rustls::client::danger::ServerCertVerifier for LuaVerifier {
    fn verify_server_cert(
        &self,
        leaf: &rustls::pki_types::CertificateDer<'_>,
        chain: &[rustls::pki_types::CertificateDer<'_>],
        name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError as E;
        use rustls::client::danger::ServerCertVerified;
        if !self.verify {
            return Ok(ServerCertVerified::assertion());
        }
        let verdict = if self.trust.certs.iter().any(|c| c.as_ref() == leaf.as_ref()) {
            // A trusted certificate itself (a self-signed one, often marked CA, which webpki
            // refuses as a server's certificate while OpenSSL trusts it): only the name is left.
            rustls::server::ParsedCertificate::try_from(leaf)
                .and_then(|p| rustls::client::verify_server_name(&p, name))
                .map(|()| ServerCertVerified::assertion())
        } else {
            match &self.trust.webpki {
                Some(v) => v.verify_server_cert(leaf, chain, name, ocsp, now),
                None => Err(rustls::Error::InvalidCertificate(E::UnknownIssuer)),
            }
        };
        let chain_error = HandshakeError::Chain;
        match verdict {
            Ok(v) => Ok(v),
            Err(rustls::Error::InvalidCertificate(e)) => Err(self.refuse(match e {
                E::NotValidForName | E::NotValidForNameContext { .. } if !self.check_host => {
                    return Ok(ServerCertVerified::assertion());
                }
                E::NotValidForName | E::NotValidForNameContext { .. } => {
                    HandshakeError::Host(name.to_str().to_string())
                }
                e => {
                    let (code, text) =
                        chain_failure(&rustls::Error::InvalidCertificate(e), leaf, chain);
                    chain_error(code, text)
                }
            })),
            Err(e) => Err(e),
        }
    }

    signatures_by_provider!();
}

/// What a lua_ssl_trusted_certificate file trusts.
#[derive(Debug, Default)]
struct Trust {
    /// None when the file holds no usable certificate.
    webpki: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    certs: Vec<rustls::pki_types::CertificateDer<'static>>,
}

thread_local! {
    /// lua_ssl_trusted_certificate files, loaded once per worker.
    static TRUST: std::cell::RefCell<Vec<(PathBuf, Arc<Trust>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn trust(path: Option<&Path>) -> Arc<Trust> {
    let Some(path) = path else {
        return Arc::default();
    };
    TRUST.with(|t| {
        if let Some((_, v)) = t.borrow().iter().find(|(p, _)| p == path) {
            return v.clone();
        }
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let mut store = rustls::RootCertStore::empty();
        let mut certs = vec![];
        match std::fs::read(path) {
            Ok(pem) => {
                for c in CertificateDer::pem_slice_iter(&pem).flatten() {
                    let _ = store.add(c.clone());
                    certs.push(c);
                }
            }
            Err(e) => crate::log::write(
                LogLevel::Error,
                &format!(
                    "cannot load lua_ssl_trusted_certificate \"{}\": {}",
                    path.display(),
                    strip_os(&e)
                ),
                None,
            ),
        }
        let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(store),
            provider(),
        )
        .build()
        .ok();
        let v = Arc::new(Trust { webpki, certs });
        t.borrow_mut().push((path.to_path_buf(), v.clone()));
        v
    })
}

/// Cosockets present no client certificate (setclientcert is not supported).
#[derive(Debug)]
struct NoClientCert;

impl rustls::client::ResolvesClientCert for NoClientCert {
    fn resolve(&self, _: &[&[u8]], _: &[rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        None
    }
    fn has_certs(&self) -> bool {
        false
    }
}

thread_local! {
    /// (shared, like the verifiers: rustls resumes only under the same client-cert resolver)
    static NO_CLIENT_CERT: Arc<dyn rustls::client::ResolvesClientCert> = Arc::new(NoClientCert);
    static VERIFIERS: std::cell::RefCell<Vec<(Option<PathBuf>, bool, bool, Arc<LuaVerifier>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn verifier(check: &ClientCheck) -> Arc<LuaVerifier> {
    let key = (check.trusted.clone(), check.verify, check.host.is_some());
    VERIFIERS.with(|v| {
        let found = v
            .borrow()
            .iter()
            .find(|(p, a, b, _)| (p, *a, *b) == (&key.0, key.1, key.2))
            .map(|(.., v)| v.clone());
        found.unwrap_or_else(|| {
            let made = Arc::new(LuaVerifier {
                provider: provider(),
                trust: trust(key.0.as_deref()),
                verify: key.1,
                check_host: key.2,
            });
            v.borrow_mut().push((key.0, key.1, key.2, made.clone()));
            made
        })
    })
}

/// The TLS handshake of a cosocket over `io` (a TCP connection to `peer`, or a unix socket):
/// with SNI `sni` when given, resuming from `sessions` when it holds a session, within
/// `timeout`.
pub async fn connect<S>(
    (io, peer): (S, Option<std::net::IpAddr>),
    sni: Option<&str>,
    check: &ClientCheck,
    protocols: &[&'static rustls::SupportedProtocolVersion],
    sessions: &ClientSessions,
    timeout: Duration,
) -> Result<tokio_rustls::client::TlsStream<S>, HandshakeError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let failed = HandshakeError::Failed;
    let verifier = verifier(check);
    let mut cfg = rustls::ClientConfig::builder_with_provider(verifier.provider.clone())
        .with_protocol_versions(protocols)
        .map_err(|e| failed(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_client_cert_resolver(NO_CLIENT_CERT.with(Arc::clone));
    cfg.enable_sni = sni.is_some();
    cfg.resumption = rustls::client::Resumption::store(sessions.clone());
    let name = match sni.or(check.host.as_deref()) {
        Some(n) => rustls::pki_types::ServerName::try_from(n.to_string())
            .map_err(|_| failed(format!("bad server name \"{n}\"")))?,
        // (no name to send or check: the peer's address, or any name over a unix socket)
        None => match peer {
            Some(ip) => rustls::pki_types::ServerName::IpAddress(ip.into()),
            None => rustls::pki_types::ServerName::try_from("localhost")
                .map_err(|e| failed(e.to_string()))?,
        },
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(cfg));
    match crate::rt::time::timeout(timeout, connector.connect(name, io)).await {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => {
            let refused = e
                .get_ref()
                .and_then(|e| e.downcast_ref::<rustls::Error>())
                .and_then(|e| match e {
                    rustls::Error::InvalidCertificate(rustls::CertificateError::Other(o)) => {
                        o.0.downcast_ref::<HandshakeError>()
                    }
                    _ => None,
                })
                .cloned();
            Err(refused.unwrap_or_else(|| failed(e.to_string())))
        }
        Err(_) => Err(HandshakeError::Timeout),
    }
}

/// lua_ssl_protocols as rustls versions; None is lua-nginx-module 0.10.23's default
/// (`SSLv3 TLSv1 TLSv1.1 TLSv1.2`), of which TLSv1.2 is what OpenSSL 3 negotiates.
pub fn client_protocols(
    listed: Option<&[String]>,
) -> Vec<&'static rustls::SupportedProtocolVersion> {
    let listed = listed.unwrap_or(&[]);
    let mut v = vec![];
    if listed.is_empty() || listed.iter().any(|p| p == "TLSv1.2") {
        v.push(&rustls::version::TLS12);
    }
    if listed.iter().any(|p| p == "TLSv1.3") {
        v.push(&rustls::version::TLS13);
    }
    v
}
