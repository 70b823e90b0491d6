//! ngx_http_ssl_module's server settings, merged http → server as nginx merges them
//! (`ngx_http_ssl_merge_srv_conf`): a level that sets any `ssl_certificate` replaces the
//! inherited list; every other directive is inherited unless set.

use restyc_runtime::plan::{SslConf, VerifyClient};

use crate::conf::ast::Directive;
use crate::conf::ast::Span;

/// One level's settings; `None` = not set there.
#[derive(Clone, Default)]
pub struct SslDirs {
    /// `ssl_certificate` / `ssl_certificate_key` values with their spans.
    certs: Vec<(String, Span)>,
    keys: Vec<(String, Span)>,
    /// `ssl_protocols` arguments, and the directive's span.
    protocols: Option<(Vec<(String, Span)>, Span)>,
    prefer_server_ciphers: Option<bool>,
    session_tickets: Option<bool>,
    session_cache: Option<bool>,
    /// The deprecated `ssl on;`.
    pub on: Option<(bool, Span)>,
    verify_client: Option<(VerifyClient, Span)>,
    client_certificate: Option<(String, Span)>,
    trusted_certificate: Option<(String, Span)>,
    crl: Option<(String, Span)>,
    /// `ssl_certificate_by_lua*`, of this level or the http one (lua-nginx-module merges it
    /// into every server).
    pub cert_by_lua: Option<Directive>,
}

/// A problem to report: error or warning, at a span.
pub struct Problem {
    pub error: bool,
    pub code: &'static str,
    pub msg: String,
    pub span: Span,
}

/// nginx's `ssl_protocols` names.
const PROTOCOLS: [&str; 6] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

impl SslDirs {
    /// The settings of `dirs`, over those inherited from `parent`.
    pub fn read(dirs: &[Directive], parent: &SslDirs) -> SslDirs {
        let mut own = SslDirs::default();
        for d in dirs {
            let arg = || {
                d.args
                    .first()
                    .map(|a| (a.value.clone(), a.span))
                    .unwrap_or_default()
            };
            let flag = || d.args.first().is_some_and(|a| a.value == "on");
            match d.name.as_str() {
                "ssl_certificate" => own.certs.push(arg()),
                "ssl_certificate_key" => own.keys.push(arg()),
                "ssl_protocols" => {
                    let args = d.args.iter().map(|a| (a.value.clone(), a.span));
                    own.protocols = Some((args.collect(), d.span))
                }
                "ssl_prefer_server_ciphers" => own.prefer_server_ciphers = Some(flag()),
                "ssl_session_tickets" => own.session_tickets = Some(flag()),
                "ssl_session_cache" => {
                    own.session_cache = Some(d.args.iter().any(|a| {
                        a.value == "builtin"
                            || a.value.starts_with("builtin:")
                            || a.value.starts_with("shared:")
                    }))
                }
                "ssl" => own.on = Some((flag(), d.span)),
                "ssl_verify_client" => {
                    let v = match d.args.first().map(|a| a.value.as_str()) {
                        Some("on") => VerifyClient::On,
                        Some("optional") => VerifyClient::Optional,
                        Some("optional_no_ca") => VerifyClient::OptionalNoCa,
                        _ => VerifyClient::Off,
                    };
                    own.verify_client = Some((v, d.span));
                }
                "ssl_client_certificate" => own.client_certificate = Some(arg()),
                "ssl_trusted_certificate" => own.trusted_certificate = Some(arg()),
                "ssl_crl" => own.crl = Some(arg()),
                "ssl_certificate_by_lua_block" | "ssl_certificate_by_lua_file" => {
                    own.cert_by_lua = Some(d.clone())
                }
                _ => {}
            }
        }
        if own.certs.is_empty() {
            own.certs = parent.certs.clone();
        }
        if own.keys.is_empty() {
            own.keys = parent.keys.clone();
        }
        own.protocols = own.protocols.or_else(|| parent.protocols.clone());
        own.prefer_server_ciphers = own.prefer_server_ciphers.or(parent.prefer_server_ciphers);
        own.session_tickets = own.session_tickets.or(parent.session_tickets);
        own.session_cache = own.session_cache.or(parent.session_cache);
        own.on = own.on.or(parent.on);
        own.verify_client = own.verify_client.or(parent.verify_client);
        own.client_certificate = own
            .client_certificate
            .or_else(|| parent.client_certificate.clone());
        own.trusted_certificate = own
            .trusted_certificate
            .or_else(|| parent.trusted_certificate.clone());
        own.crl = own.crl.or_else(|| parent.crl.clone());
        own.cert_by_lua = own.cert_by_lua.or_else(|| parent.cert_by_lua.clone());
        own
    }

    pub fn has_certificate(&self) -> bool {
        !self.certs.is_empty()
    }

    /// The plan's settings, with what is wrong in them. `conf_dir` is where relative
    /// certificate paths are read at build time, `in_prefix` turns them into the prefix-relative
    /// paths the server reads at start; `pos` formats a span for the plan.
    pub fn lower(
        &self,
        conf_dir: &std::path::Path,
        in_prefix: impl Fn(&str) -> String,
        pos: impl Fn(Span) -> String,
        problems: &mut Vec<Problem>,
    ) -> Option<SslConf> {
        let first = self.certs.first()?;
        let mut certificates = vec![];
        for (i, (cert, span)) in self.certs.iter().enumerate() {
            let Some((key, key_span)) = self.keys.get(i) else {
                problems.push(Problem {
                    error: true,
                    code: "ssl",
                    msg: format!(
                        "no \"ssl_certificate_key\" is defined for certificate \"{cert}\""
                    ),
                    span: *span,
                });
                continue;
            };
            check_files(conf_dir, (cert, *span), (key, *key_span), problems);
            certificates.push((in_prefix(cert), in_prefix(key)));
        }
        // nginx 1.22's default: TLSv1 TLSv1.1 TLSv1.2, of which OpenSSL 3 negotiates TLSv1.2.
        let (listed, span) = self
            .protocols
            .clone()
            .unwrap_or_else(|| (vec![("TLSv1.2".into(), first.1)], first.1));
        for (p, at) in &listed {
            if !PROTOCOLS.contains(&p.as_str()) {
                problems.push(Problem {
                    error: true,
                    code: "invalid-value",
                    msg: format!("invalid value \"{p}\""),
                    span: *at,
                });
            }
        }
        let protocols: Vec<String> = listed
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p == "TLSv1.2" || p == "TLSv1.3")
            .collect();
        if protocols.is_empty() {
            problems.push(Problem {
                error: true,
                code: "unsupported-directive",
                msg:
                    "restyc serves TLSv1.2 and TLSv1.3 only: list one of them in \"ssl_protocols\""
                        .into(),
                span,
            });
        }
        let (verify_client, verify_span) =
            self.verify_client.unwrap_or((VerifyClient::Off, first.1));
        // (read only to check client certificates: without ssl_verify_client they serve
        // OCSP stapling, which restyc does not do)
        let cas: Vec<&(String, Span)> = [&self.client_certificate, &self.trusted_certificate]
            .into_iter()
            .flatten()
            .filter(|_| !verify_client.is_off())
            .collect();
        // ngx_http_ssl_merge_srv_conf
        if matches!(verify_client, VerifyClient::On | VerifyClient::Optional)
            && self.client_certificate.is_none()
        {
            problems.push(Problem {
                error: true,
                code: "ssl",
                msg: "no ssl_client_certificate for ssl_verify_client".into(),
                span: verify_span,
            });
        }
        for (ca, span) in &cas {
            check_readable(conf_dir, ca, *span, problems);
        }
        Some(SslConf {
            certificates,
            protocols,
            prefer_server_ciphers: self.prefer_server_ciphers.unwrap_or(false),
            session_tickets: self.session_tickets.unwrap_or(true),
            session_cache: self.session_cache.unwrap_or(false),
            pos: pos(first.1),
            verify_client,
            names_client_cas: self.client_certificate.is_some(),
            client_cas: cas.iter().map(|(p, _)| in_prefix(p)).collect(),
            crl: self
                .crl
                .as_ref()
                .filter(|_| !verify_client.is_off())
                .map(|(p, _)| in_prefix(p)),
            cert_by_lua: None,
        })
    }
}

/// A CA file that is not there at build time is read by the server where it runs (at start, or
/// for lua_ssl_trusted_certificate at a cosocket's first handshake).
pub fn check_readable(
    conf_dir: &std::path::Path,
    path: &str,
    span: Span,
    problems: &mut Vec<Problem>,
) {
    let p = conf_dir.join(path);
    if !p.exists() {
        problems.push(Problem {
            error: false,
            code: "ssl-file-missing",
            msg: format!(
                "\"{}\" is not here at build time: the server reads it where it runs",
                p.display()
            ),
            span,
        });
    }
}

/// A certificate readable at build time must load, and match its key; one that is not there yet
/// (it lives on the servers) is read when the server starts.
fn check_files(
    conf_dir: &std::path::Path,
    (cert, cert_span): (&str, Span),
    (key, key_span): (&str, Span),
    problems: &mut Vec<Problem>,
) {
    if cert.contains('$') || key.contains('$') || cert.starts_with("data:") {
        problems.push(Problem {
            error: true,
            code: "unsupported-directive",
            msg: "certificates named by variables or \"data:\" are not supported by restyc yet"
                .into(),
            span: cert_span,
        });
        return;
    }
    let (c, k) = (conf_dir.join(cert), conf_dir.join(key));
    if !c.exists() || !k.exists() {
        let (missing, span) = if c.exists() {
            (&k, key_span)
        } else {
            (&c, cert_span)
        };
        problems.push(Problem {
            error: false,
            code: "ssl-file-missing",
            msg: format!(
                "\"{}\" is not here at build time: the server reads it when it starts",
                missing.display()
            ),
            span,
        });
        return;
    }
    if let Err(e) = restyc_runtime::tls::load_key(&c, &k) {
        // (the key's directive for what is wrong with the key)
        let span = if e.starts_with("cannot load certificate \"") {
            cert_span
        } else {
            key_span
        };
        problems.push(Problem {
            error: true,
            code: "ssl",
            msg: e,
            span,
        });
    }
}

/// For `restyc run`, which serves the config where it is: the certificate paths the plan keeps
/// relative to the prefix are made absolute against the config's own build prefix, so they are
/// read from the config's directory whatever `-p` says (as nginx reads them from its `-c`
/// file's directory). A built binary keeps them prefix-relative.
pub fn anchor_paths(plan: &mut restyc_runtime::plan::Plan, build_prefix: &std::path::Path) {
    let anchor = |p: &mut String| {
        if !std::path::Path::new(p.as_str()).is_absolute() {
            *p = build_prefix.join(&*p).display().to_string();
        }
    };
    for s in &mut plan.http.servers {
        if let Some(c) = &mut s.ssl {
            for (cert, key) in &mut c.certificates {
                anchor(cert);
                anchor(key);
            }
            c.client_cas.iter_mut().for_each(anchor);
            c.crl.iter_mut().for_each(anchor);
        }
    }
    let confs = plan
        .http
        .servers
        .iter_mut()
        .map(|s| &mut s.conf)
        .chain(plan.locations.iter_mut().map(|l| &mut l.conf));
    for c in confs {
        c.lua_socket
            .ssl_trusted_certificate
            .iter_mut()
            .for_each(anchor);
        c.proxy.ssl.trusted_certificate.iter_mut().for_each(anchor);
    }
}
