//! The TLS side of the harness's client: a rustls client that accepts any certificate (the
//! fixtures are self-signed) and reports what the server chose, so that both servers must
//! pick the same protocol, cipher suite and certificate.

use std::net::TcpStream;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};

use super::http::ReadWrite;
use super::server::TLS_FIXTURES;

#[derive(Debug)]
struct AnyCert(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Which fixture a certificate is (`localhost.crt`…), or its size when none.
fn fixture_name(cert: &CertificateDer<'_>) -> String {
    use rustls::pki_types::pem::PemObject;
    for (name, pem) in TLS_FIXTURES {
        if CertificateDer::from_pem_slice(pem).is_ok_and(|c| c.as_ref() == cert.as_ref()) {
            return name.to_string();
        }
    }
    format!("unknown certificate of {} bytes", cert.as_ref().len())
}

fn fixture(name: &str) -> Result<&'static [u8], String> {
    TLS_FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .ok_or_else(|| format!("no TLS fixture {name}"))
}

/// Handshake over `tcp` with SNI `sni` (empty: none), presenting the fixture certificate
/// `cert` if given; the stream and what was negotiated.
pub fn connect(
    tcp: TcpStream,
    sni: &str,
    cert: Option<&str>,
) -> Result<(Box<dyn ReadWrite>, String), String> {
    use rustls::pki_types::PrivateKeyDer;
    use rustls::pki_types::pem::PemObject;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCert(provider)));
    let mut cfg = match cert {
        None => builder.with_no_client_auth(),
        Some(name) => {
            let chain = CertificateDer::pem_slice_iter(fixture(&format!("{name}.crt"))?)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            let key = PrivateKeyDer::from_pem_slice(fixture(&format!("{name}.key"))?)
                .map_err(|e| e.to_string())?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| e.to_string())?
        }
    };
    cfg.enable_sni = !sni.is_empty();
    let name = ServerName::try_from(if sni.is_empty() { "localhost" } else { sni })
        .map_err(|e| e.to_string())?
        .to_owned();
    let conn = ClientConnection::new(Arc::new(cfg), name).map_err(|e| e.to_string())?;
    let mut s = StreamOwned::new(conn, tcp);
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock).map_err(|e| e.to_string())?;
    }
    let info = format!(
        "{:?} {:?} {}",
        s.conn
            .protocol_version()
            .unwrap_or(rustls::ProtocolVersion::Unknown(0)),
        s.conn
            .negotiated_cipher_suite()
            .map(|c| c.suite())
            .unwrap_or(rustls::CipherSuite::Unknown(0)),
        s.conn
            .peer_certificates()
            .and_then(|c| c.first())
            .map(fixture_name)
            .unwrap_or_else(|| "no certificate".into()),
    );
    Ok((Box::new(s), info))
}
