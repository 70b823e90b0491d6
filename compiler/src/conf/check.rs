//! The generic checks nginx makes while reading a config (`ngx_conf_handler` and the generic
//! slot setters), plus the few directive-specific ones every config hits (locations, listen,
//! return, if). Messages are nginx's words, checked against `nginx -t`; restyc adds the exact
//! position, a label on the earlier directive for duplicates, and a hint.
//!
//! Unlike nginx, which stops at the first error, the walker reports every problem it finds. The
//! children of an unknown or misplaced block are not checked (their context is unknown).

use std::collections::HashMap;

use super::ast::{Config, Directive, Span};
use super::registry::{self, Args, Contexts, Spec, Status, Value};
use crate::diag::Diagnostic;

/// Every generic problem in `config`: unknown directives, wrong context, arity, duplicates,
/// bad flag/number/size/time values, and restyc's unsupported directives (errors) and no-ops
/// (warnings).
pub fn check(config: &Config) -> Vec<Diagnostic> {
    let mut c = Checker {
        diags: Vec::new(),
        upstreams: HashMap::new(),
        log_formats: HashMap::new(),
        zones: Vec::new(),
    };
    c.block(&config.directives, registry::MAIN, None);
    // A zone only referred to (`limit_req zone=x`) is never given a size: nginx says so when it
    // creates the zones, after reading the whole config without error (ngx_init_cycle).
    let clean = !c.diags.iter().any(|d| d.is_error());
    for z in c.zones.iter().filter(|_| clean) {
        if z.size == 0 {
            let example = match z.tag {
                "limit_req" => "limit_req_zone $binary_remote_addr zone={}:10m rate=10r/s;",
                _ => "limit_conn_zone $binary_remote_addr zone={}:10m;",
            };
            let d = Diagnostic::global(
                "unknown-zone",
                format!("zero size shared memory zone \"{}\"", z.name),
            )
            .with_help(format!(
                "no zone of this name is declared: add `{}` to the http block, or fix the name",
                example.replace("{}", &z.name)
            ));
            c.diags.push(d);
        }
    }
    if !config.directives.iter().any(|d| d.name == "events") {
        c.diags.push(Diagnostic::global(
            "no-events",
            "no \"events\" section in configuration",
        ));
    }
    c.diags
}

struct Checker {
    diags: Vec<Diagnostic>,
    /// Names defined once per config, with where: `upstream`, `log_format`, `lua_shared_dict`.
    upstreams: HashMap<String, Span>,
    log_formats: HashMap<String, Span>,
    /// nginx's shared memory zones (`ngx_shared_memory_add`), in order.
    zones: Vec<ShmZone>,
}

/// One name for lua_shared_dict, limit_req_zone and limit_conn_zone alike.
struct ShmZone {
    name: String,
    /// 0 while only referred to by `limit_req` / `limit_conn`.
    size: u64,
    /// The module that declared it: `lua_shared_dict`, `limit_req`, `limit_conn`.
    tag: &'static str,
    span: Span,
    /// Declared by its zone directive (the key of a limit zone, "" for a shared dict).
    bound: Option<String>,
}

/// What encloses a block of directives, for location nesting rules.
#[derive(Clone, Copy)]
struct Parent<'a> {
    location: Option<&'a Directive>,
}

impl Checker {
    fn err(&mut self, code: &'static str, msg: String, span: Span) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(code, msg, span));
        let n = self.diags.len() - 1;
        &mut self.diags[n]
    }

    fn block(&mut self, dirs: &[Directive], ctx: Contexts, loc: Option<&Directive>) {
        if ctx == registry::MAP || ctx == registry::TYPES {
            return self.entries(dirs);
        }
        // Per-block state for "is duplicate" and friends.
        let mut seen: HashMap<&str, &Directive> = HashMap::new();
        let mut locations: HashMap<(bool, &str), &Directive> = HashMap::new();
        let mut listens: HashMap<String, &Directive> = HashMap::new();
        // limit_req / limit_conn of this level, by zone: one each (ngx_http_limit_req).
        let mut limits: Vec<(&str, &str, &Directive)> = Vec::new();
        // proxy_cookie_* of this level: (name, `off`, the first one).
        let mut cookies: Vec<(&str, bool, &Directive)> = Vec::new();
        let parent = Parent { location: loc };
        for d in dirs {
            let Some(spec) = self.directive(d, ctx) else {
                continue;
            };
            self.duplicate(d, spec, &mut seen);
            if let Some(zone) = limit_zone(d) {
                match limits.iter().find(|(n, z, _)| *n == d.name && *z == zone) {
                    Some((_, _, prev)) => {
                        let prev = prev.name_span;
                        self.err(
                            "duplicate-directive",
                            format!("\"{}\" directive is duplicate", d.name),
                            d.name_span,
                        )
                        .labels
                        .push(label(prev, "first specified here"));
                    }
                    None => limits.push((&d.name, zone, d)),
                }
            }
            match d.name.as_str() {
                "proxy_cookie_domain" | "proxy_cookie_path" | "proxy_cookie_flags" => {
                    self.proxy_cookie(d, &mut cookies)
                }
                "location" if spec.block => self.location(d, parent, &mut locations),
                "listen" => self.listen(d, &mut listens),
                "ssl_session_cache" => self.ssl_session_cache(d),
                _ => {}
            }
            let child = match (d.name.as_str(), ctx) {
                ("events", _) => registry::EVENTS,
                ("http", _) => registry::HTTP,
                ("server", registry::HTTP) => registry::SERVER,
                ("location", _) => registry::LOCATION,
                ("if", registry::SERVER) => registry::IF_SERVER,
                ("if", _) => registry::IF_LOCATION,
                ("upstream", _) => registry::UPSTREAM,
                ("types", _) => registry::TYPES,
                ("limit_except", _) => registry::LIMIT_EXCEPT,
                ("map" | "geo" | "split_clients" | "charset_map", _) => registry::MAP,
                _ => continue,
            };
            if let Some(b) = &d.block {
                let loc = if d.name == "location" { Some(d) } else { loc };
                self.block(&b.directives, child, loc);
            }
        }
        // nginx counts any two servers with `default_server` on one address across the http
        // block; that check lives in `servers` below, called from the http level.
        if ctx == registry::HTTP {
            self.default_servers(dirs);
        }
    }

    /// `proxy_cookie_domain` / `_path` / `_flags` (ngx_http_proxy_cookie_domain...): several
    /// rules per level, or one `off`; anything after an `off`, or an `off` after rules, is a
    /// duplicate. Then the arguments themselves.
    fn proxy_cookie<'a>(
        &mut self,
        d: &'a Directive,
        seen: &mut Vec<(&'a str, bool, &'a Directive)>,
    ) {
        let off = d.args.len() == 1 && d.args[0].value == "off";
        if let Some((_, was_off, prev)) = seen.iter().find(|(n, _, _)| *n == d.name) {
            if *was_off || off {
                let prev = prev.name_span;
                let first = if *was_off {
                    "turned off here"
                } else {
                    "first specified here"
                };
                let e = self.err(
                    "duplicate-directive",
                    format!("\"{}\" directive is duplicate", d.name),
                    d.name_span,
                );
                e.labels.push(label(prev, first));
                e.help = Some(format!(
                    "`{} off` cannot share a level with other {} directives",
                    d.name, d.name
                ));
                return;
            }
        } else {
            seen.push((&d.name, off, d));
        }
        let Err((msg, span)) = crate::plan::cookie::cookie_args(d) else {
            return;
        };
        let first = d.args.first().map_or("", |a| a.value.as_str());
        let help = if d.args.len() == 1 {
            let rule = match d.name.as_str() {
                "proxy_cookie_domain" => "a domain and its replacement",
                "proxy_cookie_path" => "a path and its replacement",
                _ => "a cookie and its flags",
            };
            Some(format!(
                "one argument can only be `off`; a rule takes {rule}"
            ))
        } else if let (Some(re), false) = (first.strip_prefix("~*"), d.name == "proxy_cookie_path")
        {
            Some(format!(
                "{} regexes are always caseless and know no `~*`: write `~{re}`",
                d.name
            ))
        } else {
            None
        };
        self.err("invalid-value", msg, span.unwrap_or(d.name_span))
            .help = help;
    }

    /// `map`/`types` bodies: entries, not directives. Only a nested block is wrong there.
    fn entries(&mut self, dirs: &[Directive]) {
        for d in dirs {
            if d.block.is_some() || d.lua.is_some() {
                self.err(
                    "unexpected-block",
                    format!("directive \"{}\" is not terminated by \";\"", d.name),
                    d.name_span,
                );
            }
        }
    }

    /// The generic checks of one directive (`ngx_conf_handler`), returning its registry row
    /// when the directive is known and allowed here.
    fn directive(&mut self, d: &Directive, ctx: Contexts) -> Option<&'static Spec> {
        let rows = registry::lookup(&d.name);
        if rows.is_empty() {
            let hint = registry::closest(&d.name, ctx);
            let e = self.err(
                "unknown-directive",
                format!("unknown directive \"{}\"", d.name),
                d.name_span,
            );
            if let Some(h) = hint {
                e.help = Some(format!("did you mean \"{h}\"?"));
            }
            return None;
        }
        let Some(spec) = registry::find(&d.name, ctx) else {
            let mut places: Vec<&str> = Vec::new();
            for s in rows {
                for bit in 0..11 {
                    let c = 1 << bit;
                    if s.contexts & c != 0 && !places.contains(&registry::context_name(c)) {
                        places.push(registry::context_name(c));
                    }
                }
            }
            let e = self.err(
                "not-allowed-here",
                format!("\"{}\" directive is not allowed here", d.name),
                d.name_span,
            );
            e.help = Some(format!(
                "\"{}\" is allowed in {} (here: {})",
                d.name,
                places.join(", "),
                registry::context_name(ctx)
            ));
            return None;
        };
        let has_body = d.block.is_some() || d.lua.is_some();
        if spec.block && !has_body {
            self.err(
                "no-opening-brace",
                format!("directive \"{}\" has no opening \"{{\"", d.name),
                d.name_span,
            );
            return None;
        }
        if !spec.block && has_body {
            self.err(
                "not-terminated",
                format!("directive \"{}\" is not terminated by \";\"", d.name),
                d.name_span,
            );
            return None;
        }
        if !spec.args.accepts(d.args.len()) {
            let e = self.err(
                "invalid-arguments",
                format!("invalid number of arguments in \"{}\" directive", d.name),
                d.name_span,
            );
            e.help = Some(format!("\"{}\" takes {}", d.name, describe(spec.args)));
            return None;
        }
        match spec.status {
            Status::Implemented => {}
            // The modules restyc has built in load silently (Debian's paths or any other).
            Status::NoOp if d.name == "load_module" && builtin_module(d) => {}
            Status::NoOp => self.diags.push(
                Diagnostic::warning(
                    "ignored-directive",
                    format!(
                        "\"{}\" directive has no effect in restyc and is ignored",
                        d.name
                    ),
                    d.name_span,
                )
                .with_help("restyc accepts it so that OpenResty configs load unchanged"),
            ),
            Status::Unsupported(why) => {
                let e = self.err(
                    "unsupported-directive",
                    format!("\"{}\" directive is not supported by restyc yet", d.name),
                    d.name_span,
                );
                e.help = Some(why.to_string());
            }
        }
        self.value(d, spec);
        self.specific(d);
        Some(spec)
    }

    /// Flag, number, size, time and enum values (nginx's generic slot setters).
    fn value(&mut self, d: &Directive, spec: &Spec) {
        let Some(a) = d.args.first() else { return };
        let v = a.value.as_str();
        if spec.args == Args::Flag {
            if !v.eq_ignore_ascii_case("on") && !v.eq_ignore_ascii_case("off") {
                self.err(
                    "invalid-value",
                    format!(
                        "invalid value \"{v}\" in \"{}\" directive, it must be \"on\" or \"off\"",
                        d.name
                    ),
                    a.span,
                );
            }
            return;
        }
        // A variable is resolved per request: nothing to check now.
        if v.contains('$') {
            return;
        }
        let ok = match spec.value {
            Value::Any => true,
            Value::Number => v.parse::<u64>().is_ok(),
            Value::Size => parse_size(v).is_some(),
            Value::Time => parse_time(v).is_some(),
            Value::Enum(words) => words.iter().any(|w| w.eq_ignore_ascii_case(v)),
        };
        if ok {
            return;
        }
        let msg = match (spec.value, d.name.as_str()) {
            (_, "worker_connections") => format!("invalid number \"{v}\""),
            (Value::Number, _) => format!("\"{}\" directive invalid number", d.name),
            (Value::Enum(_), _) => format!("invalid value \"{v}\""),
            _ => format!("\"{}\" directive invalid value", d.name),
        };
        let help = match spec.value {
            Value::Number => "expected a number".to_string(),
            Value::Size => "expected a size such as 512, 16k or 10m".to_string(),
            Value::Time => "expected a time such as 30, 30s, 500ms or 1h30m".to_string(),
            Value::Enum(words) => format!("expected one of: {}", words.join(", ")),
            Value::Any => String::new(),
        };
        self.err("invalid-value", msg, a.span).help = Some(help);
    }

    /// Checks particular to one directive that any config may hit.
    fn specific(&mut self, d: &Directive) {
        match d.name.as_str() {
            "set_base32_alphabet" => {
                if let Some(a) = d.args.first()
                    && a.value.len() != 32
                {
                    let msg = format!(
                        "\"set_base32_alphabet\" directive takes an alphabet of {} bytes but 32 expected",
                        a.value.len()
                    );
                    self.err("invalid-value", msg, a.span);
                }
            }
            "worker_processes" => {
                if let Some(a) = d.args.first()
                    && a.value != "auto"
                    && a.value.parse::<u32>().is_err()
                {
                    self.err(
                        "invalid-value",
                        "\"worker_processes\" directive invalid value".into(),
                        a.span,
                    )
                    .help = Some("expected a number or \"auto\"".into());
                }
            }
            "return" => {
                let Some(a) = d.args.first() else { return };
                let v = a.value.as_str();
                let is_url = v.starts_with("http://")
                    || v.starts_with("https://")
                    || v.starts_with("$scheme");
                if v.parse::<u32>().is_err() && !(d.args.len() == 1 && is_url) {
                    self.err("invalid-value", format!("invalid return code \"{v}\""), a.span).help =
                        Some("expected a status code, or a URL starting with http://, https:// or $scheme".into());
                }
            }
            "if" => {
                let first = &d.args[0];
                let last = &d.args[d.args.len() - 1];
                if !first.value.starts_with('(') || !last.value.ends_with(')') {
                    let shown = first.value.strip_prefix('(').unwrap_or(&first.value);
                    let span = if first.value.starts_with('(') {
                        last.span
                    } else {
                        first.span
                    };
                    self.err(
                        "invalid-condition",
                        format!("invalid condition \"{shown}\""),
                        span,
                    )
                    .help = Some(
                        "write the condition in parentheses: if ($var ~ regex) { ... }".into(),
                    );
                }
            }
            "upstream" => {
                if let Some(prev) = self.upstreams.get(&d.args[0].value).copied() {
                    self.err(
                        "duplicate-upstream",
                        format!("duplicate upstream \"{}\"", d.args[0].value),
                        d.args[0].span,
                    )
                    .labels
                    .push(label(prev, "first defined here"));
                } else {
                    self.upstreams
                        .insert(d.args[0].value.clone(), d.args[0].span);
                }
                if !d.children().iter().any(|c| c.name == "server") {
                    // nginx finds out at the end of the block.
                    let end = Span {
                        start: d.span.end.saturating_sub(1),
                        ..d.span
                    };
                    self.err(
                        "empty-upstream",
                        "no servers are inside upstream".to_string(),
                        end,
                    );
                }
            }
            "log_format" => {
                let name = &d.args[0];
                if let Some(prev) = self.log_formats.get(&name.value).copied() {
                    self.err(
                        "duplicate-log-format",
                        format!("duplicate \"log_format\" name \"{}\"", name.value),
                        name.span,
                    )
                    .labels
                    .push(label(prev, "first defined here"));
                } else {
                    self.log_formats.insert(name.value.clone(), name.span);
                }
                if let Some(a) = d.args.get(1) {
                    if let Some(e) = a.value.strip_prefix("escape=") {
                        if !matches!(e, "default" | "json" | "none") {
                            self.err(
                                "invalid-value",
                                format!("unknown log format escaping \"{e}\""),
                                a.span,
                            );
                        }
                    }
                }
            }
            // ngx_resolver_create reads each address with ngx_parse_url and resolves a name
            // then: a word that cannot be a host (an unfilled template's `$X`, `@X@`, `${{X}}`)
            // is "host not found" there.
            "resolver" => {
                for a in d.args.iter().filter(|a| !a.value.contains('=')) {
                    if !resolver_address_ok(&a.value) {
                        self.err(
                            "invalid-value",
                            format!("host not found in resolver \"{}\"", a.value),
                            a.span,
                        )
                        .help = Some(
                            "expected an address or host name, optionally with a port (8.8.8.8, [::1]:5353, dns.local)".into(),
                        );
                    }
                }
            }
            "http2" if d.args[0].value == "on" => {
                let mut w = Diagnostic::warning(
                    "http2-not-served",
                    "\"http2 on\": restyc serves HTTP/1.1 (HTTP/2 is not implemented yet)",
                    d.name_span,
                );
                w.help = Some(
                    "over TLS, ALPN offers http/1.1 only, so clients fall back to HTTP/1.1".into(),
                );
                self.diags.push(w);
            }
            // ngx_http_access_rule: `all`, `unix:`, or an address / CIDR read by ngx_ptocidr.
            // Anything else is refused (a rule restyc could not match would fail open).
            "allow" | "deny" => {
                let a = &d.args[0];
                if a.value == "all" || a.value == "unix:" {
                    return;
                }
                match restyc_runtime::geo::Cidr::parse(&a.value) {
                    None => {
                        self.err(
                            "invalid-value",
                            format!("invalid parameter \"{}\"", a.value),
                            a.span,
                        )
                        .help = Some(
                            "expected an address, a network such as 10.0.0.0/8, \"unix:\" or \"all\""
                                .into(),
                        );
                    }
                    Some((_, true)) => self.diags.push(Diagnostic::warning(
                        "low-address-bits",
                        format!("low address bits of {} are meaningless", a.value),
                        a.span,
                    )),
                    Some(_) => {}
                }
            }
            "set_real_ip_from" => {
                let a = &d.args[0];
                if crate::plan::real_ip_addrs(&a.value).is_empty() {
                    self.err(
                        "invalid-value",
                        format!("host not found in set_real_ip_from \"{}\"", a.value),
                        a.span,
                    );
                }
            }
            "access_log" => {
                // Formats are looked up where access_log appears: defined earlier, or `combined`.
                if let Some(f) = d.args.get(1).filter(|_| d.args[0].value != "off") {
                    if f.value != "combined" && !self.log_formats.contains_key(&f.value) {
                        self.err(
                            "unknown-log-format",
                            format!("unknown log format \"{}\"", f.value),
                            f.span,
                        )
                        .help = Some("define it with log_format before this access_log".into());
                    }
                }
            }
            "lua_shared_dict" => {
                let (name, size) = (&d.args[0], &d.args[1]);
                if parse_size(&size.value).is_none_or(|s| s <= 8191) {
                    self.err(
                        "invalid-value",
                        format!("invalid lua shared dict size \"{}\"", size.value),
                        size.span,
                    )
                    .help = Some("the size must be at least 8k".into());
                    return;
                }
                let bytes = parse_size(&size.value).unwrap_or(0);
                self.zone(&name.value, bytes, "lua_shared_dict", name.span, "");
            }
            "limit_req_zone" | "limit_conn_zone" => match crate::plan::limits::zone_args(d) {
                Ok(z) => {
                    let tag = if d.name == "limit_req_zone" {
                        "limit_req"
                    } else {
                        "limit_conn"
                    };
                    let span = d
                        .args
                        .iter()
                        .find(|a| a.value.starts_with("zone="))
                        .map_or(d.name_span, |a| a.span);
                    self.zone(z.name, z.size, tag, span, &d.args[0].value);
                }
                Err(e) => self.arg_error(e, d),
            },
            "proxy_cache_path" => match crate::plan::cache::cache_path_args(d) {
                Ok(z) => {
                    let span = d
                        .args
                        .iter()
                        .find(|a| a.value.starts_with("keys_zone="))
                        .map_or(d.name_span, |a| a.span);
                    let dup = self
                        .zones
                        .iter()
                        .find(|s| s.name == z.name && s.tag == "proxy_cache")
                        .map(|s| s.span);
                    if let Some(prev) = dup {
                        self.err(
                            "duplicate-zone",
                            format!("duplicate zone \"{}\"", z.name),
                            span,
                        )
                        .labels
                        .push(label(prev, "first defined here"));
                    } else {
                        self.zone(z.name, z.size, "proxy_cache", span, "");
                    }
                }
                Err(e) => self.arg_error(e, d),
            },
            "proxy_cache_valid" => {
                if let Err(e) = crate::plan::cache::cache_valid_args(d) {
                    self.arg_error(e, d);
                }
            }
            "proxy_cache_use_stale" | "proxy_cache_methods" => {
                if let Err(e) = crate::plan::cache::bitmask_args(d) {
                    self.arg_error(e, d);
                }
            }
            "limit_req" => match crate::plan::limits::limit_req_args(d) {
                Ok(l) => self.zone(l.zone, 0, "limit_req", l.zone_span, ""),
                Err(e) => self.arg_error(e, d),
            },
            "limit_conn" => {
                self.zone(&d.args[0].value, 0, "limit_conn", d.args[0].span, "");
                if let Err(e) = crate::plan::limits::limit_conn_number(&d.args[1]) {
                    self.arg_error(e, d);
                }
            }
            "limit_req_status" | "limit_conn_status" => {
                let a = &d.args[0];
                if a.value
                    .parse::<u64>()
                    .is_ok_and(|n| !(400..=599).contains(&n))
                {
                    self.err(
                        "invalid-value",
                        "value must be between 400 and 599".into(),
                        a.span,
                    );
                }
            }
            _ => {}
        }
    }

    fn arg_error(&mut self, (msg, span): crate::plan::limits::ArgError, d: &Directive) {
        self.err("invalid-value", msg, span.unwrap_or(d.name_span));
    }

    /// `ngx_shared_memory_add`: a zone is declared once, with one size and for one use; a
    /// reference (size 0) leaves the size to the declaration, before or after it. `key` is what
    /// a declaration binds (a limit zone's key; unused by references).
    fn zone(&mut self, name: &str, size: u64, tag: &'static str, span: Span, key: &str) {
        let declares = size > 0;
        let Some(i) = self.zones.iter().position(|z| z.name == name) else {
            self.zones.push(ShmZone {
                name: name.to_string(),
                size,
                tag,
                span,
                bound: declares.then(|| key.to_string()),
            });
            return;
        };
        let z = &mut self.zones[i];
        let prev = z.span;
        let msg = if z.tag != tag {
            format!("the shared memory zone \"{name}\" is already declared for a different use")
        } else if declares && z.size != 0 && z.size != size {
            format!(
                "the size {size} of shared memory zone \"{name}\" conflicts with already declared size {}",
                z.size
            )
        } else if let (true, Some(bound)) = (declares, &z.bound) {
            if tag == "lua_shared_dict" {
                format!("lua_shared_dict \"{name}\" is already defined as \"{name}\"")
            } else {
                format!("{tag}_zone \"{name}\" is already bound to key \"{bound}\"")
            }
        } else {
            if declares {
                z.size = size;
                z.span = span;
                z.bound = Some(key.to_string());
            }
            return;
        };
        self.err("duplicate-zone", msg, span)
            .labels
            .push(label(prev, "first defined here"));
    }

    /// `"x" directive is duplicate` for directives that may appear once per block. `root` and
    /// `alias` share one slot, as do the string, block and file forms of one Lua phase.
    fn duplicate<'a>(
        &mut self,
        d: &'a Directive,
        spec: &Spec,
        seen: &mut HashMap<&'a str, &'a Directive>,
    ) {
        if spec.multiple {
            return;
        }
        let slot = match d.name.as_str() {
            "root" | "alias" => "root|alias",
            n if n.contains("_by_lua") && !n.ends_with("_no_postpone") => n
                .strip_suffix("_block")
                .or_else(|| n.strip_suffix("_file"))
                .unwrap_or(n),
            n => n,
        };
        match seen.get(slot) {
            None => {
                seen.insert(slot, d);
            }
            Some(prev) => {
                let msg = if prev.name != d.name && slot == "root|alias" {
                    format!(
                        "\"{}\" directive is duplicate, \"{}\" directive was specified earlier",
                        d.name, prev.name
                    )
                } else if d.name.contains("_by_lua") && d.name.ends_with("_block") {
                    // (lua-nginx-module's block parser logs its handler's answer as it is)
                    "is duplicate".to_string()
                } else {
                    format!("\"{}\" directive is duplicate", d.name)
                };
                let prev_span = prev.name_span;
                self.err("duplicate-directive", msg, d.name_span)
                    .labels
                    .push(label(prev_span, "first specified here"));
            }
        }
    }

    /// Location modifiers, nesting rules and `duplicate location "/x"`.
    fn location<'a>(
        &mut self,
        d: &'a Directive,
        parent: Parent<'_>,
        seen: &mut HashMap<(bool, &'a str), &'a Directive>,
    ) {
        let (modifier, name) = match d.args.as_slice() {
            [m, n] => (Some(m), n),
            [n] => (None, n),
            _ => return,
        };
        let mut exact = false;
        let mut regex = false;
        if let Some(m) = modifier {
            match m.value.as_str() {
                "=" => exact = true,
                "~" | "~*" => regex = true,
                "^~" => {}
                other => {
                    self.err(
                        "invalid-location-modifier",
                        format!("invalid location modifier \"{other}\""),
                        m.span,
                    )
                    .help = Some("the modifiers are =, ~, ~*, ^~".into());
                    return;
                }
            }
        } else if name.value.starts_with('=') {
            // `location =/x` is an exact location too.
            exact = true;
        } else if name.value.starts_with('~') {
            regex = true;
        }
        let named = name.value.starts_with('@');
        if let Some(p) = parent.location {
            let pname = p.args.last().map(|a| a.value.as_str()).unwrap_or("");
            let p_exact = p.args.len() == 2 && p.args[0].value == "=";
            let p_regex = p.args.len() == 2 && p.args[0].value.starts_with('~');
            let msg = if named {
                Some(format!(
                    "named location \"{}\" can be on the server level only",
                    name.value
                ))
            } else if pname.starts_with('@') {
                Some(format!(
                    "location \"{}\" cannot be inside the named location \"{pname}\"",
                    name.value
                ))
            } else if p_exact {
                Some(format!(
                    "location \"{}\" cannot be inside the exact location \"{pname}\"",
                    name.value
                ))
            } else if !regex && !p_regex && !name.value.starts_with(pname) {
                Some(format!(
                    "location \"{}\" is outside location \"{pname}\"",
                    name.value
                ))
            } else {
                None
            };
            if let Some(msg) = msg {
                self.err("invalid-location-nesting", msg, name.span)
                    .labels
                    .push(label(p.name_span, "inside this location"));
                return;
            }
        }
        // Regex and named locations may repeat (nginx takes the first).
        if regex || named {
            return;
        }
        let key = (exact, name.value.strip_prefix('=').unwrap_or(&name.value));
        if let Some(prev) = seen.get(&key) {
            let prev_span = prev.name_span;
            self.err(
                "duplicate-location",
                format!("duplicate location \"{}\"", key.1),
                name.span,
            )
            .labels
            .push(label(prev_span, "first defined here"));
        } else {
            seen.insert(key, d);
        }
    }

    /// `ssl_session_cache off | none | [builtin[:N]] [shared:NAME:SIZE]`, as
    /// ngx_http_ssl_session_cache reads it (a shared zone needs 8 pages at least).
    fn ssl_session_cache(&mut self, d: &Directive) {
        for a in &d.args {
            let v = a.value.as_str();
            let verdict = match v {
                "off" | "none" | "builtin" => Ok(()),
                _ if v.starts_with("builtin:") => {
                    v[8..].parse::<u64>().map(|_| ()).map_err(|_| false)
                }
                _ => match v.strip_prefix("shared:").and_then(|r| r.rsplit_once(':')) {
                    Some((name, size)) if !name.is_empty() => match parse_size(size) {
                        Some(n) if n < 8 * 4096 => Err(true),
                        Some(_) => Ok(()),
                        None => Err(false),
                    },
                    _ => Err(false),
                },
            };
            match verdict {
                Ok(()) => {}
                Err(true) => {
                    self.err(
                        "invalid-value",
                        format!("session cache \"{v}\" is too small"),
                        a.span,
                    );
                }
                Err(false) => {
                    self.err(
                        "invalid-value",
                        format!("invalid session cache \"{v}\""),
                        a.span,
                    );
                }
            }
        }
    }

    /// `listen` address, port and parameters; `a duplicate listen ...` within one server.
    fn listen<'a>(&mut self, d: &'a Directive, seen: &mut HashMap<String, &'a Directive>) {
        let addr = &d.args[0];
        let Some(norm) = normalize_listen(&addr.value) else {
            self.err(
                "invalid-listen",
                format!(
                    "invalid port in \"{}\" of the \"listen\" directive",
                    addr.value
                ),
                addr.span,
            )
            .help = Some("the port must be between 1 and 65535".into());
            return;
        };
        for p in &d.args[1..] {
            let v = p.value.as_str();
            let key = v.split('=').next().unwrap_or(v);
            let known = matches!(
                key,
                "default_server"
                    | "default"
                    | "ssl"
                    | "http2"
                    | "spdy"
                    | "quic"
                    | "proxy_protocol"
                    | "setfib"
                    | "fastopen"
                    | "backlog"
                    | "rcvbuf"
                    | "sndbuf"
                    | "accept_filter"
                    | "deferred"
                    | "bind"
                    | "ipv6only"
                    | "reuseport"
                    | "so_keepalive"
            );
            if !known {
                self.err(
                    "invalid-listen",
                    format!("invalid parameter \"{v}\""),
                    p.span,
                );
            } else if key == "http2" {
                // Clients that offer h2 in ALPN take http/1.1 from restyc's answer (and
                // prior-knowledge h2c on a plain port is rare), so the config still serves.
                let mut d = Diagnostic::warning(
                    "http2-not-served",
                    "\"listen ... http2\": restyc serves HTTP/1.1 on this socket (HTTP/2 is not implemented yet)",
                    p.span,
                );
                d.help = Some(
                    "over TLS, ALPN offers http/1.1 only, so clients fall back to HTTP/1.1".into(),
                );
                self.diags.push(d);
            } else if matches!(key, "quic" | "proxy_protocol") {
                self.err(
                    "unsupported-directive",
                    format!("\"listen ... {key}\" is not supported by restyc yet"),
                    p.span,
                )
                .help = Some(match key {
                    "proxy_protocol" => "the PROXY protocol is not implemented yet".into(),
                    _ => "restyc serves HTTP/1.x over TCP for now".into(),
                });
            }
        }
        if let Some(prev) = seen.get(&norm) {
            let prev_span = prev.args[0].span;
            self.err(
                "duplicate-listen",
                format!("a duplicate listen {norm}"),
                addr.span,
            )
            .labels
            .push(label(prev_span, "first listen here"));
        } else {
            seen.insert(norm, d);
        }
    }

    /// `a duplicate default server for 0.0.0.0:80` across the servers of one http block.
    fn default_servers(&mut self, dirs: &[Directive]) {
        let mut defaults: HashMap<String, Span> = HashMap::new();
        for server in dirs
            .iter()
            .filter(|d| d.name == "server" && d.block.is_some())
        {
            for l in server
                .children()
                .iter()
                .filter(|d| d.name == "listen" && !d.args.is_empty())
            {
                let Some(norm) = normalize_listen(&l.args[0].value) else {
                    continue;
                };
                let Some(flag) = l.args[1..]
                    .iter()
                    .find(|a| a.value == "default_server" || a.value == "default")
                else {
                    continue;
                };
                if let Some(prev) = defaults.get(&norm).copied() {
                    self.err(
                        "duplicate-default-server",
                        format!("a duplicate default server for {norm}"),
                        flag.span,
                    )
                    .labels
                    .push(label(prev, "the first default server"));
                } else {
                    defaults.insert(norm, flag.span);
                }
            }
        }
    }
}

fn label(span: Span, message: &str) -> crate::diag::Label {
    crate::diag::Label {
        span,
        message: message.to_string(),
    }
}

/// How nginx prints a listen address: `80` → `0.0.0.0:80`, `*:8080` → `0.0.0.0:8080`,
/// `[::]:80`, `unix:/path`. `None` when the port is invalid.
pub fn normalize_listen(v: &str) -> Option<String> {
    if v.starts_with("unix:") {
        return Some(v.to_string());
    }
    let port_ok = |p: &str| p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
    if let Some(rest) = v.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) if port_ok(p) => Some(format!("[{host}]:{p}")),
            Some(_) => None,
            None if after.is_empty() => Some(format!("[{host}]:80")),
            None => None,
        };
    }
    if v.bytes().all(|b| b.is_ascii_digit()) {
        return port_ok(v).then(|| format!("0.0.0.0:{v}"));
    }
    match v.rsplit_once(':') {
        Some((host, p)) => {
            if !port_ok(p) {
                return None;
            }
            let host = if host == "*" { "0.0.0.0" } else { host };
            Some(format!("{host}:{p}"))
        }
        None => Some(format!("{}:80", if v == "*" { "0.0.0.0" } else { v })),
    }
}

/// nginx's `ngx_parse_size`/`ngx_parse_offset`: `1024`, `16k`, `10m`, `1g`.
pub fn parse_size(v: &str) -> Option<u64> {
    let (num, mult) = match v.as_bytes().last()? {
        b'k' | b'K' => (&v[..v.len() - 1], 1024),
        b'm' | b'M' => (&v[..v.len() - 1], 1024 * 1024),
        b'g' | b'G' => (&v[..v.len() - 1], 1024 * 1024 * 1024),
        _ => (v, 1),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// The zone a `limit_req` / `limit_conn` directive uses.
fn limit_zone(d: &Directive) -> Option<&str> {
    match d.name.as_str() {
        "limit_req" => d.args.iter().find_map(|a| a.value.strip_prefix("zone=")),
        "limit_conn" => d.args.first().map(|a| a.value.as_str()),
        _ => None,
    }
}

/// nginx's `ngx_parse_time`: `30`, `30s`, `500ms`, `1h30m`, `2d`; returns milliseconds.
/// A bare number is seconds and may only come last.
pub fn parse_time(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    if b.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let n: u64 = v[start..i].parse().ok()?;
        let unit: u64 = if b.get(i) == Some(&b'm') && b.get(i + 1) == Some(&b's') {
            i += 2;
            1
        } else {
            let u = match b.get(i) {
                None => 1000,
                Some(b's') => 1000,
                Some(b'm') => 60_000,
                Some(b'h') => 3_600_000,
                Some(b'd') => 86_400_000,
                Some(b'w') => 604_800_000,
                Some(b'M') => 2_592_000_000,
                Some(b'y') => 31_536_000_000,
                Some(_) => return None,
            };
            if i < b.len() {
                i += 1;
            }
            u
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    Some(total)
}

/// `takes 1 or 2 arguments`, for the arity hint.
fn describe(a: Args) -> String {
    match a {
        Args::Flag => "one argument, \"on\" or \"off\"".into(),
        Args::OneOrMore => "one or more arguments".into(),
        Args::TwoOrMore => "two or more arguments".into(),
        Args::Any => "any number of arguments".into(),
        Args::Take(mask) => {
            let counts: Vec<String> = (0..8)
                .filter(|n| mask & (1 << n) != 0)
                .map(|n| n.to_string())
                .collect();
            match counts.as_slice() {
                [one] if one == "0" => "no arguments".into(),
                [one] if one == "1" => "1 argument".into(),
                [one] => format!("{one} arguments"),
                _ => {
                    let (last, rest) = counts
                        .split_last()
                        .map(|(l, r)| (l.clone(), r.join(", ")))
                        .unwrap_or_default();
                    format!("{rest} or {last} arguments")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times() {
        assert_eq!(parse_size("16k"), Some(16384));
        assert_eq!(parse_size("10q"), None);
        assert_eq!(parse_size("k"), None);
        assert_eq!(parse_time("1h30m"), Some(5_400_000));
        assert_eq!(parse_time("500ms"), Some(500));
        assert_eq!(parse_time("65"), Some(65_000));
        assert_eq!(parse_time("10x"), None);
    }

    #[test]
    fn listen_addresses() {
        assert_eq!(normalize_listen("80").as_deref(), Some("0.0.0.0:80"));
        assert_eq!(normalize_listen("*:80").as_deref(), Some("0.0.0.0:80"));
        assert_eq!(normalize_listen("[::]:80").as_deref(), Some("[::]:80"));
        assert_eq!(
            normalize_listen("127.0.0.1").as_deref(),
            Some("127.0.0.1:80")
        );
        assert_eq!(normalize_listen("99999"), None);
        assert_eq!(normalize_listen("abc:xx"), None);
    }
}

/// `load_module` of a module restyc implements itself: the NDK, lua-nginx-module,
/// headers-more, echo and set-misc (by file name, wherever the file lives).
/// A `resolver` address as ngx_parse_url takes it: an IPv4 or host name with an optional
/// `:port`, or `[IPv6]` with an optional port (a bare IPv6 address too). Names are not
/// looked up here; one with characters no host name has is refused.
fn resolver_address_ok(v: &str) -> bool {
    let port_ok = |p: &str| p.parse::<u16>().is_ok_and(|n| n > 0);
    if let Some(rest) = v.strip_prefix('[') {
        let Some((addr, after)) = rest.split_once(']') else {
            return false;
        };
        return addr.parse::<std::net::Ipv6Addr>().is_ok()
            && (after.is_empty() || after.strip_prefix(':').is_some_and(port_ok));
    }
    if v.parse::<std::net::Ipv6Addr>().is_ok() {
        return true;
    }
    let (host, port) = match v.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (v, None),
    };
    !host.is_empty()
        && host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
        && port.is_none_or(port_ok)
}

fn builtin_module(d: &Directive) -> bool {
    const BUILTIN: [&str; 5] = [
        "ndk_http_module.so",
        "ngx_http_lua_module.so",
        "ngx_http_headers_more_filter_module.so",
        "ngx_http_echo_module.so",
        "ngx_http_set_misc_module.so",
    ];
    d.args.first().is_some_and(|a| {
        let file = a.value.rsplit('/').next().unwrap_or("");
        BUILTIN.contains(&file)
    })
}
