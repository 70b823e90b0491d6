//! Lowering: `ast::Config` → `Plan`, applying nginx's inheritance at build time so the runtime
//! never walks parents (`ngx_http_core_merge_loc_conf` and friends, written once here).

use std::path::{Path, PathBuf};

use restyc_runtime::phase::Phase;
use restyc_runtime::plan::*;

use super::listen::{parse_listen, parse_server_name};
use super::ssl::SslDirs;
use crate::conf::ast::{Config, Directive, SourceMap, Span};
use crate::diag::Diagnostic;

/// Build the plan (with the warnings lowering found). `conf_path` is the path as the user gave it
/// (printed by `server -t`). Err carries at least one error.
pub fn lower(config: &Config, conf_path: &str) -> Result<(Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut l = Lowerer {
        sources: &config.sources,
        config_dir: crate::lint::config_dir(config),
        conf_dir: config
            .sources
            .files
            .get(config.main.0 as usize)
            .and_then(|f| f.path.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        diags: vec![],
        locations: vec![],
        servers: vec![],
        server_name_spans: vec![],
        variables: vec![],
        chunks_sources: vec![],
        log_formats: vec![(
            "combined".into(),
            restyc_runtime::accesslog::combined(),
            LogEscape::Default,
        )],
        limit_req_zones: vec![],
        limit_conn_zones: vec![],
        cache_zones: vec![],
        upstreams: vec![],
        loc_ctx: (MatchKind::Prefix, String::new()),
        http_ssl: Default::default(),
    };
    let mut plan = l.run(config, conf_path);
    l.check_variables(&config.directives, &plan);
    plan.http.variables.sort();
    if l.diags.iter().any(|d| d.is_error()) {
        Err(l.diags)
    } else {
        Ok((plan, l.diags))
    }
}

struct Lowerer<'a> {
    sources: &'a SourceMap,
    config_dir: PathBuf,
    /// The main config's directory: nginx's conf prefix (relative certificate paths).
    conf_dir: PathBuf,
    diags: Vec<Diagnostic>,
    locations: Vec<Location>,
    servers: Vec<(Server, Vec<super::listen::Listen>)>,
    /// Each server's `server_name` arguments with their spans (for conflict warnings).
    server_name_spans: Vec<Vec<(String, Span)>>,
    variables: Vec<String>,
    /// Every Lua source (for finding `require`d modules).
    chunks_sources: Vec<String>,
    /// `log_format` definitions by name, `combined` predefined.
    log_formats: Vec<(String, Vec<TemplatePart>, LogEscape)>,
    /// Zone names of `limit_req_zone` / `limit_conn_zone`, indexed as in the plan.
    limit_req_zones: Vec<String>,
    limit_conn_zones: Vec<String>,
    /// Zone names of `proxy_cache_path`, indexed as in the plan.
    cache_zones: Vec<String>,
    /// `upstream` blocks (collected before the servers), then implicit upstreams.
    upstreams: Vec<Upstream>,
    /// The kind and pattern of the location whose directives are being lowered (`proxy_pass`
    /// replaces that prefix).
    loc_ctx: (MatchKind, String),
    /// The http level's ssl_* settings, which servers inherit.
    http_ssl: SslDirs,
}

/// Which kind of block a directive list belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Http,
    Server,
    Location,
    If,
}

fn default_conf() -> LocConf {
    LocConf {
        root: None,
        alias: None,
        index: vec![Template::literal("index.html")],
        default_type: "text/plain".into(),
        types: None,
        try_files: vec![],
        error_pages: vec![],
        recursive_error_pages: false,
        add_headers: vec![],
        more_headers: vec![],
        secure_link: SecureLink::default(),
        mirror: vec![],
        mirror_request_body: true,
        absolute_redirect: true,
        server_name_in_redirect: false,
        port_in_redirect: true,
        uninitialized_variable_warn: true,
        sub_filter: SubFilter::default(),
        echo_before_body: vec![],
        echo_after_body: vec![],
        expires: None,
        limit_rate: None,
        limit_rate_after: None,
        base32_padding: true,
        base32_alphabet: None,
        client_max_body_size: 1024 * 1024,
        valid_referers: None,
        keepalive_timeout_ms: 75_000,
        client_header_timeout_ms: 60_000,
        client_body_timeout_ms: 60_000,
        keepalive_header: None,
        keepalive_requests: 1000,
        keepalive_disable_msie6: true,
        keepalive_disable_safari: false,
        msie_padding: true,
        server_tokens: true,
        internal: false,
        merge_slashes: true,
        lua_need_request_body: false,
        auth_basic: None,
        auth_basic_user_file: None,
        auth_request: None,
        auth_request_set: vec![],
        gzip: Default::default(),
        satisfy_any: false,
        client_body_buffer_size: 8 * 1024,
        client_body_in_file_only: None,
        client_body_temp_path: None,
        lua_check_client_abort: false,
        lua_socket: Default::default(),
        rewrite: vec![],
        server_rewrite_by_lua: None,
        rewrite_by_lua: None,
        access_by_lua: None,
        content: None,
        header_filter_by_lua: None,
        body_filter_by_lua: None,
        log_by_lua: None,
        access_rules: vec![],
        limit_req: Default::default(),
        limit_conn: Default::default(),
        real_ip: RealIp {
            from: vec![],
            header: "X-Real-IP".into(),
            recursive: false,
        },
        charset: None,
        etag: true,
        autoindex: AutoIndex::default(),
        if_modified_since: Default::default(),
        log_not_found: true,
        error_log: vec![],
        access_log: vec![AccessLog {
            path: "logs/access.log".into(),
            format: restyc_runtime::accesslog::combined(),
            escape: LogEscape::Default,
            condition: None,
        }],
        client_header_buffer_size: 1024,
        large_client_header_buffers: (4, 8192),
        underscores_in_headers: false,
        ignore_invalid_headers: true,
        lua_transform_underscores: true,
        lua_use_default_type: true,
        lua_http10_buffering: true,
        proxy: ProxyConf::default(),
        limit_except: None,
    }
}

/// nginx sizes: `10`, `10k`, `10m`, `1g`.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mul) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        'g' | 'G' => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n * mul)
}

/// nginx times in milliseconds: `65`, `65s`, `1m`, `500ms`, `1h 30m`.
pub fn parse_time_ms(s: &str) -> Option<u64> {
    let mut total = 0u64;
    for part in s.split_whitespace() {
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        let unit = &part[digits.len()..];
        let n: u64 = digits.parse().ok()?;
        total += n * match unit {
            "" | "s" => 1000,
            "ms" => 1,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            "M" => 2_592_000_000,
            "y" => 31_536_000_000,
            _ => return None,
        };
    }
    Some(total)
}

impl<'a> Lowerer<'a> {
    fn pos(&self, span: Span) -> String {
        let (p, l, c) = self.sources.position(span);
        let name = Path::new(&p)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or(p);
        format!("{name}:{l}:{c}")
    }

    /// A path nginx reads from its conf prefix (certificates), as the server finds it: relative
    /// to the `-p` prefix (`conf/…` when the config sits in `PREFIX/conf/`), or absolute.
    fn conf_path_in_prefix(&self, p: &str) -> String {
        if Path::new(p).is_absolute() {
            return p.to_string();
        }
        let dir = self
            .conf_dir
            .strip_prefix(&self.config_dir)
            .unwrap_or(Path::new(""));
        dir.join(p).display().to_string()
    }

    fn error(&mut self, code: &'static str, msg: impl Into<String>, span: Span) {
        self.diags.push(Diagnostic::error(code, msg, span));
    }

    fn run(&mut self, config: &Config, conf_path: &str) -> Plan {
        let mut main = MainConf {
            worker_processes: Some(1),
            worker_connections: 512,
            error_log: vec![],
            pid: None,
            env: vec![],
        };
        let mut http_dirs: Option<&Directive> = None;
        for d in &config.directives {
            match d.name.as_str() {
                "worker_processes" => {
                    main.worker_processes = match d.arg(0) {
                        Some("auto") => None,
                        Some(n) => n.parse().ok().map(Some).unwrap_or(Some(1)),
                        None => Some(1),
                    }
                }
                "events" => {
                    for e in d.children() {
                        if e.name == "worker_connections" {
                            main.worker_connections =
                                e.arg(0).and_then(|v| v.parse().ok()).unwrap_or(512);
                        }
                    }
                }
                "error_log" => main.error_log.push(self.error_log(d)),
                "pid" => main.pid = d.arg(0).map(str::to_string),
                "env" => {
                    if let Some(a) = d.arg(0) {
                        let (name, value) = match a.split_once('=') {
                            Some((n, v)) => (n.to_string(), Some(v.to_string())),
                            None => (a.to_string(), None),
                        };
                        main.env.push(EnvDecl { name, value });
                    }
                }
                "http" => http_dirs = Some(d),
                _ => {}
            }
        }
        let mut http = Http {
            servers: vec![],
            listens: vec![],
            shared_dicts: vec![],
            lua: LuaConf {
                code_cache: true,
                ..Default::default()
            },
            types: vec![],
            variables: vec![],
            maps: vec![],
            geos: vec![],
            split_clients: vec![],
            limit_req_zones: vec![],
            limit_conn_zones: vec![],
            upstreams: vec![],
            cache_zones: vec![],
        };
        if let Some(h) = http_dirs {
            self.http(h, &mut http);
        }
        http.upstreams = std::mem::take(&mut self.upstreams);
        if http.types.is_empty() {
            // nginx's built-in `types` when none is configured (ngx_http_core_default_types).
            http.types = vec![
                ("html".into(), "text/html".into()),
                ("gif".into(), "image/gif".into()),
                ("jpg".into(), "image/jpeg".into()),
            ];
        }
        let lua_modules = self.bake_modules(&http.lua);
        http.variables = std::mem::take(&mut self.variables);
        let servers = std::mem::take(&mut self.servers);
        for (i, (_, listens)) in servers.iter().enumerate() {
            for l in listens {
                match http.listens.iter_mut().find(|s| s.addr == l.addr) {
                    Some(s) => {
                        s.servers.push(i);
                        s.ssl |= l.ssl;
                        if l.default_server {
                            s.default_server = i;
                        }
                    }
                    None => http.listens.push(ListenSocket {
                        addr: l.addr.clone(),
                        servers: vec![i],
                        default_server: i,
                        ipv6only: l.ipv6only,
                        ssl: l.ssl,
                    }),
                }
            }
        }
        // nginx: `conflicting server name "x" on 0.0.0.0:80, ignored` (the first server keeps it).
        for ls in &http.listens {
            let mut seen: Vec<&str> = vec![];
            for &si in &ls.servers {
                for (name, span) in self
                    .server_name_spans
                    .get(si)
                    .map(|v| v.as_slice())
                    .unwrap_or(&[])
                {
                    if seen.contains(&name.as_str()) {
                        self.diags.push(Diagnostic::warning(
                            "conflicting-server-name",
                            format!("conflicting server name \"{name}\" on {}, ignored", ls.addr),
                            *span,
                        ));
                    } else {
                        seen.push(name);
                    }
                }
            }
        }
        http.servers = servers.into_iter().map(|(s, _)| s).collect();
        Plan {
            restyc_version: env!("CARGO_PKG_VERSION").to_string(),
            conf_path: conf_path.to_string(),
            conf_hash: hash_sources(self.sources),
            main,
            http,
            locations: std::mem::take(&mut self.locations),
            lua_modules,
        }
    }

    fn error_log(&mut self, d: &Directive) -> ErrorLog {
        let target = d.arg(0).unwrap_or("logs/error.log").to_string();
        let level = d
            .arg(1)
            .and_then(LogLevel::from_name)
            .unwrap_or(LogLevel::Error);
        ErrorLog { target, level }
    }

    fn http(&mut self, h: &Directive, http: &mut Http) {
        let mut conf = default_conf();
        // (a zone may be used before its proxy_cache_path)
        for d in h.children().iter().filter(|d| d.name == "proxy_cache_path") {
            let Ok(z) = super::cache::cache_path_args(d) else {
                continue;
            };
            if self.cache_zones.iter().any(|n| n == z.name) {
                continue;
            }
            self.cache_zones.push(z.name.to_string());
            http.cache_zones.push(CacheZone {
                name: z.name.to_string(),
                path: z.path.to_string(),
                levels: z.levels,
                size: z.size,
                inactive_s: z.inactive_s,
                max_size: z.max_size,
            });
        }
        for d in h.children() {
            match d.name.as_str() {
                "lua_shared_dict" => {
                    let size = d.arg(1).and_then(parse_size).unwrap_or(0);
                    if let Some(name) = d.arg(0) {
                        http.shared_dicts.push(SharedDictDecl {
                            name: name.to_string(),
                            size,
                        });
                    }
                }
                "limit_req_zone" | "limit_conn_zone" => {
                    let Ok(z) = super::limits::zone_args(d) else {
                        continue;
                    };
                    let zone = LimitZone {
                        name: z.name.to_string(),
                        key: Template::parse(&d.args[0].value),
                        key_text: d.args[0].value.clone(),
                        size: z.size,
                        rate: z.rate,
                    };
                    if d.name == "limit_req_zone" {
                        self.limit_req_zones.push(zone.name.clone());
                        http.limit_req_zones.push(zone);
                    } else {
                        self.limit_conn_zones.push(zone.name.clone());
                        http.limit_conn_zones.push(zone);
                    }
                }
                "lua_package_path" => http.lua.package_path = d.arg(0).map(str::to_string),
                "lua_package_cpath" => http.lua.package_cpath = d.arg(0).map(str::to_string),
                "lua_code_cache" => http.lua.code_cache = d.arg(0) != Some("off"),
                "rewrite_by_lua_no_postpone" => {
                    http.lua.rewrite_no_postpone = d.arg(0) == Some("on")
                }
                "access_by_lua_no_postpone" => http.lua.access_no_postpone = d.arg(0) == Some("on"),
                "lua_max_pending_timers" => {
                    http.lua.max_pending_timers = d.arg(0).and_then(|a| a.parse().ok())
                }
                "lua_regex_match_limit" => {
                    // 0 is nginx's "unset": PCRE's own default limit.
                    http.lua.regex_match_limit =
                        d.arg(0).and_then(|a| a.parse().ok()).filter(|&n| n > 0)
                }
                "lua_max_running_timers" => {
                    http.lua.max_running_timers = d.arg(0).and_then(|a| a.parse().ok())
                }
                "init_by_lua" | "init_by_lua_block" | "init_by_lua_file" => {
                    http.lua.init = self.chunk(d, Phase::Init)
                }
                "init_worker_by_lua" | "init_worker_by_lua_block" | "init_worker_by_lua_file" => {
                    http.lua.init_worker = self.chunk(d, Phase::InitWorker)
                }
                "types" => http.types.extend(types_of(d)),
                "log_format" => self.log_format(d),
                "upstream" => self.upstream(d),
                "map" => {
                    if let Some(m) = self.map(d) {
                        if !self.variables.contains(&m.name) {
                            self.variables.push(m.name.clone());
                        }
                        http.maps.push(m);
                    }
                }
                "geo" => {
                    if let Some(g) = self.geo(d) {
                        if !self.variables.contains(&g.name) {
                            self.variables.push(g.name.clone());
                        }
                        http.geos.push(g);
                    }
                }
                "split_clients" => {
                    if let Some(sc) = self.split_clients(d) {
                        if !self.variables.contains(&sc.name) {
                            self.variables.push(sc.name.clone());
                        }
                        http.split_clients.push(sc);
                    }
                }
                _ => {}
            }
        }
        // mime.types brought in by `include` lands as a `types` block among the children.
        self.level_directives(h.children(), &mut conf, Level::Http);
        self.http_ssl = SslDirs::read(h.children(), &SslDirs::default());
        for d in h.children() {
            if d.name == "server" {
                self.server(d, &conf);
            }
        }
    }

    /// `log_format NAME [escape=default|json|none] STRING...` (the strings are concatenated;
    /// the checker has refused bad escapes and duplicates).
    fn log_format(&mut self, d: &Directive) {
        let Some(name) = d.args.first() else { return };
        let mut rest = &d.args[1..];
        let mut escape = LogEscape::Default;
        if let Some(e) = rest.first().and_then(|a| a.value.strip_prefix("escape=")) {
            escape = match e {
                "json" => LogEscape::Json,
                "none" => LogEscape::None,
                _ => LogEscape::Default,
            };
            rest = &rest[1..];
        }
        let text: String = rest.iter().map(|a| a.value.as_str()).collect();
        self.log_formats
            .push((name.value.clone(), Template::parse(&text).parts, escape));
    }

    /// `access_log PATH [FORMAT [buffer=… gzip… flush=… if=…]]` (buffering is not kept: each
    /// line is written at once).
    fn access_log(&mut self, d: &Directive) -> Option<AccessLog> {
        let path = d.args.first()?;
        if path.value == "off" {
            return None;
        }
        // The checker has refused unknown format names.
        let name = d.args.get(1).map_or("combined", |a| a.value.as_str());
        let (_, parts, escape) = self.log_formats.iter().find(|(n, _, _)| n == name)?.clone();
        let condition = d
            .args
            .iter()
            .skip(2)
            .find_map(|a| a.value.strip_prefix("if="))
            .map(Template::parse);
        Some(AccessLog {
            path: path.value.clone(),
            format: parts,
            escape,
            condition,
        })
    }

    /// `map SOURCE $NAME { [default V;] [hostnames;] [volatile;] KEY VALUE; ... }`.
    fn map(&mut self, d: &Directive) -> Option<MapVar> {
        let (src, dst) = (d.args.first()?, d.args.get(1)?);
        let Some(name) = dst.value.strip_prefix('$') else {
            self.error(
                "invalid-variable",
                format!("invalid variable name \"{}\"", dst.value),
                dst.span,
            );
            return None;
        };
        let mut m = MapVar {
            name: name.to_ascii_lowercase(),
            source: Template::parse(&src.value),
            hostnames: false,
            exact: vec![],
            wildcards: vec![],
            regexes: vec![],
            default: None,
        };
        for e in d.children() {
            let value = e.args.first().map(|a| Template::parse(&a.value));
            match (e.name.as_str(), value) {
                ("hostnames", None) => m.hostnames = true,
                ("volatile", None) => {}
                ("default", Some(v)) => m.default = Some(v),
                (key, Some(v)) if e.args.len() == 1 => {
                    if let Some(re) = key.strip_prefix("~*") {
                        m.regexes.push((re.to_string(), true, v));
                    } else if let Some(re) = key.strip_prefix('~') {
                        m.regexes.push((re.to_string(), false, v));
                    } else {
                        // `\default` is the key "default".
                        let key = key.strip_prefix('\\').unwrap_or(key).to_ascii_lowercase();
                        let wild = m.hostnames
                            && (key.starts_with('.')
                                || key.starts_with("*.")
                                || key.ends_with(".*"));
                        if wild {
                            m.wildcards.push((key, v));
                        } else {
                            m.exact.push((key, v));
                        }
                    }
                }
                _ => self.error(
                    "map",
                    "invalid number of the map parameters".to_string(),
                    e.span,
                ),
            }
        }
        Some(m)
    }

    /// A `$name` argument of `geo` / `split_clients`: the name, lower case, without `$`.
    fn variable_arg(&mut self, a: &crate::conf::ast::Arg) -> Option<String> {
        match a.value.strip_prefix('$').filter(|n| !n.is_empty()) {
            Some(n) => Some(n.to_ascii_lowercase()),
            None => {
                let msg = format!("invalid variable name \"{}\"", a.value);
                self.error("invalid-variable", msg, a.span);
                None
            }
        }
    }

    fn warn(&mut self, code: &'static str, msg: String, span: Span) {
        self.diags.push(Diagnostic::warning(code, msg, span));
    }

    /// `geo [$address] $NAME { [ranges;] [default V;] [proxy NET;] [proxy_recursive;]
    /// [delete NET;] NET V; ... }`: the tables nginx builds (`ngx_http_geo_block`), with its
    /// errors and warnings.
    fn geo(&mut self, d: &Directive) -> Option<GeoVar> {
        use restyc_runtime::geo::{Cidr, Networks, RangeAdded, Ranges};
        let (source, name) = match d.args.as_slice() {
            [n] => (None, self.variable_arg(n)?),
            [src, n] => {
                let src_name = self.variable_arg(src)?;
                (
                    Some(Template::parse(&format!("${src_name}"))),
                    self.variable_arg(n)?,
                )
            }
            _ => return None,
        };
        let mut proxies = vec![];
        let mut proxy_recursive = false;
        let mut ranges: Option<Ranges> = None;
        let mut nets: Option<Networks> = None;
        let cidr = |me: &mut Self, net: &crate::conf::ast::Arg| -> Option<Cidr> {
            match Cidr::parse(&net.value) {
                Some((c, low_bits)) => {
                    if low_bits {
                        let msg = format!("low address bits of {} are meaningless", net.value);
                        me.warn("geo", msg, net.span);
                    }
                    Some(c)
                }
                None => {
                    me.error(
                        "geo",
                        format!("invalid network \"{}\"", net.value),
                        net.span,
                    );
                    None
                }
            }
        };
        for e in d.children() {
            let word = e.name.as_str();
            match (word, e.args.as_slice()) {
                ("ranges", []) => {
                    if nets.is_some() {
                        let msg = "the \"ranges\" directive must be the first directive inside \"geo\" block";
                        self.error("geo", msg, e.span);
                        return None;
                    }
                    ranges.get_or_insert_with(Ranges::default);
                }
                ("proxy_recursive", []) => proxy_recursive = true,
                ("volatile", []) => {}
                ("proxy", [net]) => {
                    cidr(self, net)?;
                    proxies.push(net.value.clone());
                }
                (_, [value]) if ranges.is_some() => {
                    let r = ranges.as_mut()?;
                    if word == "default" {
                        if let Some(old) = &r.default {
                            let msg = format!(
                                "duplicate default geo range value: \"{}\", old value: \"{old}\"",
                                value.value
                            );
                            self.warn("geo", msg, e.span);
                        }
                        ranges.as_mut()?.default = Some(value.value.clone());
                        continue;
                    }
                    let (net, del) = if word == "delete" {
                        (value.value.as_str(), true)
                    } else {
                        (word, false)
                    };
                    let Some((start, end)) = Ranges::parse(net) else {
                        self.error("geo", format!("invalid range \"{net}\""), e.span);
                        return None;
                    };
                    if del {
                        if !r.delete(start, end) {
                            let msg = format!("no address range \"{net}\" to delete");
                            self.warn("geo", msg, e.span);
                        }
                        continue;
                    }
                    match r.add(start, end, &value.value) {
                        RangeAdded::Ok => {}
                        RangeAdded::Duplicate(old) => {
                            let msg = format!(
                                "duplicate range \"{net}\", value: \"{}\", old value: \"{old}\"",
                                value.value
                            );
                            self.warn("geo", msg, e.span);
                        }
                        RangeAdded::Overlaps(other) => {
                            let msg = format!("range \"{net}\" overlaps \"{other}\"");
                            self.error("geo", msg, e.span);
                            return None;
                        }
                    }
                }
                (_, [value]) => {
                    nets.get_or_insert_with(Networks::default);
                    let targets: Vec<Cidr> = match word {
                        "default" => vec![Cidr::V4(0, 0), Cidr::V6(0, 0)],
                        "delete" => {
                            let c = cidr(self, value)?;
                            if !nets.as_mut()?.delete(c) {
                                let msg = format!("no network \"{}\" to delete", value.value);
                                self.warn("geo", msg, e.span);
                            }
                            continue;
                        }
                        _ => {
                            let net = crate::conf::ast::Arg {
                                value: word.to_string(),
                                span: e.name_span,
                                ..value.clone()
                            };
                            vec![cidr(self, &net)?]
                        }
                    };
                    for c in targets {
                        if let Some(old) = nets.as_mut()?.insert(c, &value.value) {
                            let msg = format!(
                                "duplicate network \"{word}\", value: \"{}\", old value: \"{old}\"",
                                value.value
                            );
                            self.warn("geo", msg, e.span);
                        }
                    }
                }
                _ => {
                    self.error("geo", "invalid number of the geo parameters", e.span);
                    return None;
                }
            }
        }
        let table = match ranges {
            Some(r) => r.table(),
            None => nets.unwrap_or_default().table(),
        };
        Some(GeoVar {
            name,
            source,
            proxies,
            proxy_recursive,
            table,
        })
    }

    /// `split_clients SOURCE $NAME { P% VALUE; ... * VALUE; }`.
    fn split_clients(&mut self, d: &Directive) -> Option<SplitClients> {
        use restyc_runtime::geo::{SplitErr, split_bounds};
        let [src, dst] = d.args.as_slice() else {
            return None;
        };
        let name = match dst.value.strip_prefix('$').filter(|n| !n.is_empty()) {
            Some(n) => n.to_ascii_lowercase(),
            None => {
                let msg = format!("invalid variable name \"{}\"", dst.value);
                self.error("invalid-variable", msg, dst.span);
                return None;
            }
        };
        let entries: Vec<&Directive> = d.children().iter().collect();
        let mut values = vec![];
        for e in &entries {
            match e.args.first() {
                Some(v) => values.push(v.value.clone()),
                None => {
                    let msg = "invalid number of the split_clients parameters";
                    self.error("split_clients", msg, e.span);
                    return None;
                }
            }
        }
        let percents: Vec<Option<&str>> = entries
            .iter()
            .map(|e| (e.name != "*").then_some(e.name.as_str()))
            .collect();
        match split_bounds(&percents) {
            Ok(bounds) => Some(SplitClients {
                name,
                source: Template::parse(&src.value),
                parts: bounds.into_iter().zip(values).collect(),
            }),
            Err(SplitErr::Invalid(i)) => {
                let e = entries[i];
                let msg = format!("invalid percent value \"{}\"", e.name);
                self.error("split_clients", msg, e.span);
                None
            }
            Err(SplitErr::Total) => {
                // (nginx checks the total once the block is read: at its `}`)
                let end = d.block.as_ref().map_or(d.span, |b| Span {
                    start: b.span.end.saturating_sub(1),
                    ..b.span
                });
                self.error("split_clients", "percent total is greater than 100%", end);
                None
            }
        }
    }

    fn server(&mut self, s: &Directive, parent: &LocConf) {
        let mut conf = inherit(parent);
        let mut names = vec![];
        let mut spans = vec![];
        let mut listens = vec![];
        let mut ssl_listen: Option<Span> = None;
        for d in s.children() {
            match d.name.as_str() {
                "listen" => {
                    let args: Vec<String> = d.args.iter().map(|a| a.value.clone()).collect();
                    match parse_listen(&args) {
                        Ok(l) => {
                            if l.ssl {
                                ssl_listen.get_or_insert(d.span);
                            }
                            listens.push(l)
                        }
                        Err(m) => self.error("listen", m, d.span),
                    }
                }
                "server_name" => {
                    for a in &d.args {
                        names.extend(parse_server_name(&a.value));
                        spans.push((a.value.to_ascii_lowercase(), a.span));
                    }
                }
                _ => {}
            }
        }
        if listens.is_empty() {
            listens.push(super::listen::Listen {
                addr: "0.0.0.0:80".into(),
                default_server: false,
                ipv6only: true,
                ssl: false,
            });
        }
        let ssl = self.server_ssl(s, &mut listens, ssl_listen);
        if names.is_empty() {
            names.push(ServerName::Exact(String::new()));
        }
        let server_index = self.servers.len();
        self.level_directives(s.children(), &mut conf, Level::Server);
        // Server-level rewrite statements (and their `if` blocks) run in the server rewrite phase.
        conf.rewrite = self.rewrite_ops(s.children(), &conf, server_index);
        let locations = self.location_tree(s.children(), &conf, server_index, true);
        let pos = self.pos(s.span);
        self.servers.push((
            Server {
                names,
                locations,
                conf,
                pos,
                ssl,
            },
            listens,
        ));
        self.server_name_spans.push(spans);
    }

    /// A server's TLS settings; `ssl on;` makes all its listens TLS. A TLS listen needs a
    /// certificate.
    fn server_ssl(
        &mut self,
        s: &Directive,
        listens: &mut [super::listen::Listen],
        ssl_listen: Option<Span>,
    ) -> Option<SslConf> {
        let dirs = SslDirs::read(s.children(), &self.http_ssl);
        let mut ssl_listen = ssl_listen;
        if let Some((on, span)) = dirs.on {
            self.diags.push(Diagnostic::warning(
                "deprecated",
                "the \"ssl\" directive is deprecated, use the \"listen ... ssl\" directive instead",
                span,
            ));
            if on {
                listens.iter_mut().for_each(|l| l.ssl = true);
                ssl_listen.get_or_insert(span);
            }
        }
        if let Some(span) = ssl_listen.filter(|_| !dirs.has_certificate()) {
            // (at the server, where nginx reports it)
            let mut d = Diagnostic::error(
                "ssl",
                "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive",
                s.name_span,
            );
            d.labels.push(crate::diag::Label {
                span,
                message: "TLS is asked for here".into(),
            });
            self.diags.push(d);
        }
        let mut problems = vec![];
        let in_prefix = |p: &str| self.conf_path_in_prefix(p);
        let mut conf = dirs.lower(&self.conf_dir, in_prefix, |sp| self.pos(sp), &mut problems);
        match (conf.as_mut(), &dirs.cert_by_lua) {
            (Some(c), Some(d)) => c.cert_by_lua = self.chunk(d, Phase::SslCert),
            // (lua-nginx-module's check, where the server has no TLS at all)
            (None, Some(d)) if ssl_listen.is_none() && !dirs.has_certificate() => {
                let mut e =
                    Diagnostic::error("ssl", "no ssl configured for the server", d.name_span);
                e.labels.push(crate::diag::Label {
                    span: s.name_span,
                    message: "in this server: no \"listen ... ssl\" and no ssl_certificate".into(),
                });
                self.diags.push(e);
            }
            _ => {}
        }
        for p in problems {
            self.diags.push(if p.error {
                Diagnostic::error(p.code, p.msg, p.span)
            } else {
                Diagnostic::warning(p.code, p.msg, p.span)
            });
        }
        conf
    }

    /// Locations nested in a block, split as nginx searches them.
    fn location_tree(
        &mut self,
        dirs: &[Directive],
        parent: &LocConf,
        server: usize,
        top: bool,
    ) -> LocationTree {
        let mut tree = LocationTree::default();
        let mut seen: Vec<(MatchKind, String)> = vec![];
        for d in dirs {
            if d.name != "location" {
                continue;
            }
            let (kind, pattern) = match (d.arg(0), d.arg(1)) {
                (Some("="), Some(p)) => (MatchKind::Exact, p.to_string()),
                (Some("^~"), Some(p)) => (MatchKind::PrefixNoRegex, p.to_string()),
                (Some("~"), Some(p)) => (MatchKind::Regex, p.to_string()),
                (Some("~*"), Some(p)) => (MatchKind::RegexCaseless, p.to_string()),
                (Some(p), None) if p.starts_with('@') => (MatchKind::Named, p[1..].to_string()),
                (Some(p), None) if p.starts_with('=') && p.len() > 1 => {
                    (MatchKind::Exact, p[1..].to_string())
                }
                (Some(p), None) if p.starts_with("~*") && p.len() > 2 => {
                    (MatchKind::RegexCaseless, p[2..].to_string())
                }
                (Some(p), None) if p.starts_with("^~") && p.len() > 2 => {
                    (MatchKind::PrefixNoRegex, p[2..].to_string())
                }
                (Some(p), None) if p.starts_with('~') && p.len() > 1 => {
                    (MatchKind::Regex, p[1..].to_string())
                }
                (Some(p), None) => (MatchKind::Prefix, p.to_string()),
                _ => continue,
            };
            if kind == MatchKind::Named && !top {
                self.error(
                    "named-location",
                    format!("named location \"@{pattern}\" can be on the server level only"),
                    d.span,
                );
                continue;
            }
            if matches!(kind, MatchKind::Regex | MatchKind::RegexCaseless) {
                if let Err(e) = pcre2::bytes::RegexBuilder::new()
                    .caseless(kind == MatchKind::RegexCaseless)
                    .build(&pattern)
                {
                    let span = d.args.last().map(|a| a.span).unwrap_or(d.span);
                    self.error(
                        "bad-regex",
                        format!("pcre2_compile() failed: {e} in \"{pattern}\""),
                        span,
                    );
                    continue;
                }
            }
            let key_kind = if kind == MatchKind::PrefixNoRegex {
                MatchKind::Prefix
            } else {
                kind
            };
            if seen.iter().any(|(k, p)| *k == key_kind && *p == pattern) {
                let span = d.args.last().map(|a| a.span).unwrap_or(d.span);
                self.error(
                    "duplicate-location",
                    format!("duplicate location \"{pattern}\""),
                    span,
                );
                continue;
            }
            seen.push((key_kind, pattern.clone()));
            let id = self.location(d, kind, pattern, parent, server);
            match kind {
                MatchKind::Regex | MatchKind::RegexCaseless => tree.regexes.push(id),
                MatchKind::Named => tree.named.push(id),
                _ => tree.statics.push(id),
            }
        }
        tree
    }

    fn location(
        &mut self,
        d: &Directive,
        kind: MatchKind,
        pattern: String,
        parent: &LocConf,
        server: usize,
    ) -> LocId {
        let id = self.locations.len();
        let pos = self.pos(d.span);
        self.locations.push(Location {
            kind,
            pattern,
            pos,
            server,
            children: LocationTree::default(),
            conf: default_conf(),
        });
        let mut conf = inherit(parent);
        // (a server-phase handler: the server conf's is the one that runs)
        conf.server_rewrite_by_lua = None;
        self.loc_ctx = (kind, self.locations[id].pattern.clone());
        self.level_directives(d.children(), &mut conf, Level::Location);
        conf.limit_except = self.limit_except(d, &conf, id, server);
        conf.rewrite = self.rewrite_ops(d.children(), &conf, server);
        let children = self.location_tree(d.children(), &conf, server, false);
        let loc = &mut self.locations[id];
        loc.children = children;
        loc.conf = conf;
        id
    }

    /// `limit_except METHOD ... { ... }` in location `id`: the block's configuration, merged into
    /// the location's as nginx merges it (no rewrite statements; the content handler is the
    /// block's own `proxy_pass`, else the location's `proxy_pass`, else static files — a
    /// `content_by_lua` or `echo` of the location does not serve the limited methods).
    fn limit_except(
        &mut self,
        d: &Directive,
        conf: &LocConf,
        id: LocId,
        server: usize,
    ) -> Option<LimitExcept> {
        const METHODS: [&str; 14] = [
            "GET",
            "HEAD",
            "POST",
            "PUT",
            "DELETE",
            "MKCOL",
            "COPY",
            "MOVE",
            "OPTIONS",
            "PROPFIND",
            "PROPPATCH",
            "LOCK",
            "UNLOCK",
            "PATCH",
        ];
        let mut blocks = d.children().iter().filter(|c| c.name == "limit_except");
        let le = blocks.next()?;
        if let Some(dup) = blocks.next() {
            self.error(
                "duplicate",
                "\"limit_except\" directive is duplicate",
                dup.span,
            );
        }
        for a in &le.args {
            if !METHODS.contains(&a.value.as_str()) {
                self.error(
                    "limit-except",
                    format!("invalid method \"{}\"", a.value),
                    a.span,
                );
                return None;
            }
        }
        let mut lc = inherit(conf);
        lc.limit_except = None;
        self.level_directives(le.children(), &mut lc, Level::Location);
        if lc.content.is_none() {
            if let Some(Content::Proxy(p)) = &conf.content {
                lc.content = Some(Content::Proxy(p.clone()));
            }
        }
        let loc = self.locations.len();
        let (pattern, pos) = (self.locations[id].pattern.clone(), self.pos(le.span));
        self.locations.push(Location {
            kind: MatchKind::LimitExcept,
            pattern,
            pos,
            server,
            children: LocationTree::default(),
            conf: lc,
        });
        Some(LimitExcept {
            methods: le.args.iter().map(|a| a.value.clone()).collect(),
            loc,
        })
    }

    /// Rewrite-module statements of one block, in order; `if` blocks become implicit locations.
    fn rewrite_ops(&mut self, dirs: &[Directive], conf: &LocConf, server: usize) -> Vec<RewriteOp> {
        let mut ops = vec![];
        for d in dirs {
            let args: Vec<&str> = d.args.iter().map(|a| a.value.as_str()).collect();
            match d.name.as_str() {
                "return" => {
                    let (code, text) = match args.as_slice() {
                        [c] if c.parse::<u16>().is_ok() => (c.parse().unwrap_or(500), None),
                        [url] => (302, Some(Template::parse(url))),
                        [c, t] => match c.parse::<u16>() {
                            Ok(c) => (c, Some(Template::parse(t))),
                            Err(_) => {
                                self.error(
                                    "return",
                                    format!("invalid return code \"{c}\""),
                                    d.args[0].span,
                                );
                                continue;
                            }
                        },
                        _ => continue,
                    };
                    ops.push(RewriteOp::Return { code, text });
                }
                "rewrite" => {
                    if args.len() < 2 {
                        continue;
                    }
                    let flag = match args.get(2).copied() {
                        None => RewriteFlag::None,
                        Some("last") => RewriteFlag::Last,
                        Some("break") => RewriteFlag::Break,
                        Some("redirect") => RewriteFlag::Redirect,
                        Some("permanent") => RewriteFlag::Permanent,
                        Some(f) => {
                            self.error(
                                "rewrite",
                                format!("invalid parameter \"{f}\""),
                                d.args[2].span,
                            );
                            continue;
                        }
                    };
                    if let Err(e) = pcre2::bytes::Regex::new(args[0]) {
                        self.error(
                            "bad-regex",
                            format!("pcre2_compile() failed: {e} in \"{}\"", args[0]),
                            d.args[0].span,
                        );
                        continue;
                    }
                    ops.push(RewriteOp::Rewrite {
                        regex: args[0].to_string(),
                        replacement: Template::parse(args[1]),
                        flag,
                    });
                }
                "set" => {
                    if let (Some(var), Some(val)) = (args.first(), args.get(1)) {
                        // nginx variable names are case-insensitive (stored lower-cased).
                        let name = var.trim_start_matches('$').to_ascii_lowercase();
                        if !self.variables.contains(&name) {
                            self.variables.push(name.clone());
                        }
                        ops.push(RewriteOp::Set {
                            var: name,
                            value: Template::parse(val),
                        });
                    }
                }
                name if restyc_runtime::set_misc::op_of(name).is_some() => {
                    let (Some(var), Some(op)) =
                        (args.first(), restyc_runtime::set_misc::op_of(name))
                    else {
                        continue;
                    };
                    let name = var.trim_start_matches('$').to_ascii_lowercase();
                    if !self.variables.contains(&name) {
                        self.variables.push(name.clone());
                    }
                    ops.push(RewriteOp::SetMisc {
                        var: name,
                        op,
                        args: args[1..].iter().map(|a| Template::parse(a)).collect(),
                    });
                }
                "set_by_lua" | "set_by_lua_block" | "set_by_lua_file" => {
                    let Some(var) = args.first() else { continue };
                    // nginx variable names are case-insensitive (stored lower-cased).
                    let name = var.trim_start_matches('$').to_ascii_lowercase();
                    if !self.variables.contains(&name) {
                        self.variables.push(name.clone());
                    }
                    let Some(chunk) = self.chunk(d, Phase::Set) else {
                        continue;
                    };
                    let skip = if d.name == "set_by_lua_block" { 1 } else { 2 };
                    let extra = args.iter().skip(skip).map(|a| Template::parse(a)).collect();
                    ops.push(RewriteOp::SetByLua {
                        var: name,
                        chunk,
                        args: extra,
                    });
                }
                "break" => ops.push(RewriteOp::Break),
                "if" => {
                    let Some(cond) = self.condition(d) else {
                        continue;
                    };
                    let id = self.locations.len();
                    let pos = self.pos(d.span);
                    self.locations.push(Location {
                        kind: MatchKind::If,
                        pattern: args.join(" "),
                        pos,
                        server,
                        children: LocationTree::default(),
                        conf: default_conf(),
                    });
                    let mut c = inherit_if(conf);
                    let outer =
                        std::mem::replace(&mut self.loc_ctx, (MatchKind::If, String::new()));
                    self.level_directives(d.children(), &mut c, Level::If);
                    self.loc_ctx = outer;
                    c.rewrite = self.rewrite_ops(d.children(), &c, server);
                    self.locations[id].conf = c;
                    ops.push(RewriteOp::If { cond, loc: id });
                }
                _ => {}
            }
        }
        ops
    }

    fn condition(&mut self, d: &Directive) -> Option<Condition> {
        let args: Vec<&str> = d.args.iter().map(|a| a.value.as_str()).collect();
        // The parser keeps the parentheses on the first and last arguments.
        let mut parts: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        if let Some(f) = parts.first_mut() {
            if let Some(s) = f.strip_prefix('(') {
                *f = s.to_string();
            }
        }
        if let Some(l) = parts.last_mut() {
            if let Some(s) = l.strip_suffix(')') {
                *l = s.to_string();
            }
        }
        // A lone "(" or ")" is syntax; an empty string operand ("") stays.
        let n = parts.len();
        let mut kept = vec![];
        for (i, p) in parts.into_iter().enumerate() {
            let quoted = d.args[i].quote != crate::conf::ast::Quote::None;
            if p.is_empty() && !quoted && (i == 0 || i + 1 == n) {
                continue;
            }
            kept.push(p);
        }
        let parts = kept;
        let t = |s: &str| Template::parse(s);
        Some(
            match parts
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                [v] => Condition::Truthy(t(v)),
                [op, p] if op.starts_with('-') || op.starts_with("!-") => {
                    let negate = op.starts_with('!');
                    let test = match op.trim_start_matches('!') {
                        "-f" => FileTest::File,
                        "-d" => FileTest::Dir,
                        "-e" => FileTest::Exists,
                        "-x" => FileTest::Exec,
                        _ => {
                            self.error("if", format!("invalid condition \"{op}\""), d.span);
                            return None;
                        }
                    };
                    Condition::File {
                        test,
                        path: t(p),
                        negate,
                    }
                }
                [l, "=", r] => Condition::Eq {
                    left: t(l),
                    right: t(r),
                    negate: false,
                },
                [l, "!=", r] => Condition::Eq {
                    left: t(l),
                    right: t(r),
                    negate: true,
                },
                [l, op @ ("~" | "~*" | "!~" | "!~*"), re] => {
                    if let Err(e) = pcre2::bytes::Regex::new(re) {
                        self.error(
                            "bad-regex",
                            format!("pcre2_compile() failed: {e} in \"{re}\""),
                            d.span,
                        );
                        return None;
                    }
                    Condition::Match {
                        left: t(l),
                        regex: re.to_string(),
                        caseless: op.ends_with('*'),
                        negate: op.starts_with('!'),
                    }
                }
                _ => {
                    self.error(
                        "if",
                        format!("invalid condition \"{}\"", args.join(" ")),
                        d.span,
                    );
                    return None;
                }
            },
        )
    }

    /// The directives of one level that set configuration (not blocks, not rewrite statements).
    fn level_directives(&mut self, dirs: &[Directive], c: &mut LocConf, level: Level) {
        let mut add_headers = vec![];
        let mut error_pages = vec![];
        let mut access_logs: Option<Vec<AccessLog>> = None;
        let mut error_logs: Vec<ErrorLog> = vec![];
        let mut access_rules = vec![];
        let mut limit_reqs = vec![];
        let mut limit_conns = vec![];
        let mut real_ip_from = vec![];
        // All `valid_referers` of a level together replace the inherited ones.
        let mut referers: Option<Referers> = None;
        // The proxy module's array directives (inherited only when a level has none).
        let mut proxy_headers = vec![];
        let mut cache_valid = vec![];
        let mut cache_bypass = vec![];
        let mut no_cache = vec![];
        let mut hide_headers = vec![];
        let mut pass_headers = vec![];
        let mut redirects: Option<Vec<Option<(Template, Template)>>> = None;
        let mut redirect_off = false;
        // proxy_cookie_* rules of this level (Some: set here, empty for `off`).
        let mut cookie_domains: Option<Vec<CookieRewrite>> = None;
        let mut cookie_paths: Option<Vec<CookieRewrite>> = None;
        let mut cookie_flags: Option<Vec<CookieFlags>> = None;
        let mut auth_sets = vec![];
        // The echo module's commands of this level (its configuration is not inherited).
        let mut echo_cmds: Vec<EchoCmd> = vec![];
        let mut sub_pairs = vec![];
        let mut mirrors: Option<Vec<String>> = None;
        let mut own_link = SecureLink::default();
        let mut more_headers = vec![];
        for d in dirs {
            let args: Vec<&str> = d.args.iter().map(|a| a.value.as_str()).collect();
            if let "echo_before_body" | "echo_after_body" = d.name.as_str() {
                let cmd = EchoCmd {
                    op: EchoOp::Echo,
                    args: args.iter().map(|a| Template::parse(a)).collect(),
                };
                match d.name.as_str() {
                    "echo_before_body" => c.echo_before_body.push(cmd),
                    _ => c.echo_after_body.push(cmd),
                }
                continue;
            }
            if let Some(op) = echo_op(&d.name) {
                // The first command makes echo the content handler (a later content_by_lua or
                // proxy_pass takes over again, as in nginx).
                if echo_cmds.is_empty() {
                    c.content = Some(Content::Echo(vec![]));
                }
                echo_cmds.push(EchoCmd {
                    op,
                    args: args.iter().map(|a| Template::parse(a)).collect(),
                });
                continue;
            }
            match d.name.as_str() {
                "valid_referers" => {
                    let r = referers.get_or_insert_with(Default::default);
                    for a in &args {
                        match *a {
                            "none" => r.none = true,
                            "blocked" => r.blocked = true,
                            "server_names" => r.server_names = true,
                            re if re.starts_with('~') => r.regexes.push(re[1..].to_string()),
                            host => {
                                let (h, uri) = match host.find('/') {
                                    Some(i) => (&host[..i], Some(host[i..].to_string())),
                                    None => (host, None),
                                };
                                r.hosts.push((h.to_ascii_lowercase(), uri));
                            }
                        }
                    }
                }
                "root" => {
                    c.root = args.first().map(|a| Template::parse(a));
                    c.alias = None;
                }
                "alias" => {
                    c.alias = args.first().map(|a| Template::parse(a));
                    c.root = None;
                }
                "index" => c.index = args.iter().map(|a| Template::parse(a)).collect(),
                "default_type" => {
                    c.default_type = args.first().unwrap_or(&"text/plain").to_string()
                }
                "types" if level != Level::Http => c.types = Some(types_of(d)),
                "try_files" => c.try_files = args.iter().map(|a| Template::parse(a)).collect(),
                "limit_rate" => c.limit_rate = args.first().map(|a| Template::parse(a)),
                "limit_rate_after" => {
                    c.limit_rate_after = args.first().map(|a| Template::parse(a))
                }
                "client_max_body_size" => {
                    c.client_max_body_size = args
                        .first()
                        .and_then(|a| parse_size(a))
                        .unwrap_or(c.client_max_body_size)
                }
                "keepalive_timeout" => {
                    c.keepalive_timeout_ms = args
                        .first()
                        .and_then(|a| parse_time_ms(a))
                        .unwrap_or(c.keepalive_timeout_ms);
                    c.keepalive_header = args
                        .get(1)
                        .and_then(|a| parse_time_ms(a))
                        .map(|ms| ms / 1000);
                }
                "client_header_timeout" => {
                    c.client_header_timeout_ms = args
                        .first()
                        .and_then(|a| parse_time_ms(a))
                        .unwrap_or(c.client_header_timeout_ms)
                }
                "satisfy" => c.satisfy_any = args.first() == Some(&"any"),
                "set_base32_padding" | "set_misc_base32_padding" => {
                    c.base32_padding = args.first() == Some(&"on")
                }
                "set_base32_alphabet" => c.base32_alphabet = args.first().map(|a| a.to_string()),
                "auth_basic" => c.auth_basic = args.first().map(|a| Template::parse(a)),
                "auth_basic_user_file" => {
                    c.auth_basic_user_file = args.first().map(|a| AuthUserFile {
                        path: Template::parse(a),
                        conf_dir: self.conf_path_in_prefix(""),
                    })
                }
                "auth_request" => {
                    c.auth_request = args.first().filter(|a| **a != "off").map(|a| a.to_string())
                }
                "auth_request_set" => {
                    if let (Some(var), Some(val)) = (args.first(), args.get(1)) {
                        let name = var.trim_start_matches('$').to_ascii_lowercase();
                        if !self.variables.contains(&name) {
                            self.variables.push(name.clone());
                        }
                        auth_sets.push((name, Template::parse(val)));
                    }
                }
                "gzip" => c.gzip.enable = args.first() == Some(&"on"),
                "gzip_types" => {
                    c.gzip.types = std::iter::once("text/html".to_string())
                        .chain(args.iter().map(|a| a.to_ascii_lowercase()))
                        .collect()
                }
                "gzip_comp_level" => {
                    c.gzip.comp_level = args
                        .first()
                        .and_then(|a| a.parse().ok())
                        .unwrap_or(c.gzip.comp_level)
                }
                "gzip_min_length" => {
                    c.gzip.min_length = args
                        .first()
                        .and_then(|a| parse_size(a))
                        .map(|n| n as i64)
                        .unwrap_or(c.gzip.min_length)
                }
                "gzip_vary" => c.gzip.vary = args.first() == Some(&"on"),
                "gzip_http_version" => c.gzip.http10 = args.first() == Some(&"1.0"),
                "gzip_proxied" => c.gzip.proxied_any = args.contains(&"any"),
                "gzip_disable" => {
                    c.gzip.disable_msie6 = args.contains(&"msie6");
                    c.gzip.disable = args
                        .iter()
                        .filter(|a| **a != "msie6" && **a != "degradation")
                        .map(|a| a.to_string())
                        .collect()
                }
                "client_body_buffer_size" => {
                    c.client_body_buffer_size = args
                        .first()
                        .and_then(|a| parse_size(a))
                        .unwrap_or(c.client_body_buffer_size)
                }
                "client_body_in_file_only" => {
                    c.client_body_in_file_only = match args.first() {
                        Some(&"on") => Some(restyc_runtime::plan::BodyInFile::Keep),
                        Some(&"clean") => Some(restyc_runtime::plan::BodyInFile::Clean),
                        _ => None,
                    }
                }
                "client_body_temp_path" => {
                    c.client_body_temp_path = args.first().map(|a| a.to_string())
                }
                "client_body_timeout" => {
                    c.client_body_timeout_ms = args
                        .first()
                        .and_then(|a| parse_time_ms(a))
                        .unwrap_or(c.client_body_timeout_ms)
                }
                "keepalive_requests" => {
                    c.keepalive_requests = args
                        .first()
                        .and_then(|a| a.parse().ok())
                        .unwrap_or(c.keepalive_requests)
                }
                "server_tokens" => c.server_tokens = args.first() != Some(&"off"),
                "msie_padding" => c.msie_padding = args.first() == Some(&"on"),
                "keepalive_disable" => {
                    c.keepalive_disable_msie6 = args.contains(&"msie6");
                    c.keepalive_disable_safari = args.contains(&"safari");
                }
                "internal" => c.internal = true,
                "merge_slashes" => c.merge_slashes = args.first() != Some(&"off"),
                "client_header_buffer_size" => {
                    c.client_header_buffer_size = args
                        .first()
                        .and_then(|a| parse_size(a))
                        .unwrap_or(c.client_header_buffer_size)
                }
                "large_client_header_buffers" => {
                    // ngx_conf_set_bufs_slot, then ngx_http_core_merge_srv_conf's check against
                    // connection_pool_size (512 by default on 64-bit systems).
                    let n = args
                        .first()
                        .and_then(|a| a.parse::<u64>().ok())
                        .filter(|n| *n > 0);
                    let sz = args.get(1).and_then(|a| parse_size(a)).filter(|s| *s > 0);
                    let pool = dirs
                        .iter()
                        .find(|x| x.name == "connection_pool_size")
                        .and_then(|x| x.args.first())
                        .and_then(|a| parse_size(&a.value))
                        .unwrap_or(512);
                    match (n, sz) {
                        (Some(n), Some(sz)) if sz >= pool => c.large_client_header_buffers = (n, sz),
                        (Some(_), Some(_)) => self.error(
                            "large_client_header_buffers",
                            "the \"large_client_header_buffers\" size must be equal to or greater than \"connection_pool_size\"",
                            d.span,
                        ),
                        _ => self.error("large_client_header_buffers", "\"large_client_header_buffers\" directive invalid value", d.span),
                    }
                }
                "underscores_in_headers" => c.underscores_in_headers = args.first() == Some(&"on"),
                "ignore_invalid_headers" => c.ignore_invalid_headers = args.first() != Some(&"off"),
                "recursive_error_pages" => c.recursive_error_pages = args.first() == Some(&"on"),
                "absolute_redirect" => c.absolute_redirect = args.first() != Some(&"off"),
                "server_name_in_redirect" => {
                    c.server_name_in_redirect = args.first() == Some(&"on")
                }
                "port_in_redirect" => c.port_in_redirect = args.first() != Some(&"off"),
                "uninitialized_variable_warn" => {
                    c.uninitialized_variable_warn = args.first() != Some(&"off")
                }
                "etag" => c.etag = args.first() != Some(&"off"),
                "autoindex" => c.autoindex.enable = args.first() == Some(&"on"),
                "autoindex_exact_size" => c.autoindex.exact_size = args.first() == Some(&"on"),
                "autoindex_localtime" => c.autoindex.localtime = args.first() == Some(&"on"),
                "autoindex_format" => match args.first().copied() {
                    Some(f @ ("html" | "json" | "jsonp" | "xml")) => c.autoindex.format = f.into(),
                    Some(f) => self.error(
                        "autoindex",
                        format!("invalid value \"{f}\""),
                        d.args[0].span,
                    ),
                    None => {}
                },
                "if_modified_since" => {
                    c.if_modified_since = match args.first() {
                        Some(&"off") => restyc_runtime::plan::IfModifiedSince::Off,
                        Some(&"before") => restyc_runtime::plan::IfModifiedSince::Before,
                        _ => restyc_runtime::plan::IfModifiedSince::Exact,
                    }
                }
                "log_not_found" => c.log_not_found = args.first() != Some(&"off"),
                "lua_need_request_body" => c.lua_need_request_body = args.first() == Some(&"on"),
                "lua_check_client_abort" => c.lua_check_client_abort = args.first() == Some(&"on"),
                "lua_transform_underscores_in_response_headers" => {
                    c.lua_transform_underscores = args.first() != Some(&"off")
                }
                "lua_use_default_type" => c.lua_use_default_type = args.first() != Some(&"off"),
                "lua_http10_buffering" => c.lua_http10_buffering = args.first() != Some(&"off"),
                "resolver" => {
                    c.lua_socket.resolver = args
                        .iter()
                        .filter(|a| !a.contains('='))
                        .map(|a| a.to_string())
                        .collect()
                }
                "lua_socket_connect_timeout" => {
                    c.lua_socket.connect_timeout_ms = args.first().and_then(|a| parse_time_ms(a))
                }
                "lua_socket_send_timeout" => {
                    c.lua_socket.send_timeout_ms = args.first().and_then(|a| parse_time_ms(a))
                }
                "lua_socket_read_timeout" => {
                    c.lua_socket.read_timeout_ms = args.first().and_then(|a| parse_time_ms(a))
                }
                "lua_socket_keepalive_timeout" => {
                    c.lua_socket.keepalive_timeout_ms = args.first().and_then(|a| parse_time_ms(a))
                }
                "lua_socket_pool_size" => {
                    c.lua_socket.pool_size = args.first().and_then(|a| a.parse().ok())
                }
                "lua_socket_log_errors" => {
                    c.lua_socket.log_errors = Some(args.first() == Some(&"on"))
                }
                "lua_ssl_trusted_certificate" => {
                    if let Some(a) = d.args.first() {
                        let mut problems = vec![];
                        super::ssl::check_readable(&self.conf_dir, &a.value, a.span, &mut problems);
                        for p in problems {
                            self.diags.push(Diagnostic::warning(p.code, p.msg, p.span));
                        }
                    }
                    c.lua_socket.ssl_trusted_certificate =
                        args.first().map(|a| self.conf_path_in_prefix(a))
                }
                "lua_ssl_protocols" => {
                    c.lua_socket.ssl_protocols = Some(args.iter().map(|a| a.to_string()).collect())
                }
                "charset" => {
                    c.charset = args.first().filter(|a| **a != "off").map(|a| a.to_string())
                }
                "expires" => {
                    c.expires = match args.first().copied() {
                        Some("off") | None => None,
                        Some("epoch") => Some(Expires::Epoch),
                        Some("max") => Some(Expires::Max),
                        Some(t) => {
                            let (neg, t) = match t.strip_prefix('-') {
                                Some(r) => (true, r),
                                None => (false, t.strip_prefix('+').unwrap_or(t)),
                            };
                            parse_time_ms(t).map(|ms| {
                                Expires::In(if neg {
                                    -((ms / 1000) as i64)
                                } else {
                                    (ms / 1000) as i64
                                })
                            })
                        }
                    }
                }
                "more_set_headers"
                | "more_clear_headers"
                | "more_set_input_headers"
                | "more_clear_input_headers" => more_headers.extend(self.more_headers(d)),
                "add_header" => {
                    if args.len() >= 2 {
                        add_headers.push(AddHeader {
                            name: args[0].to_string(),
                            value: Template::parse(args[1]),
                            always: args.get(2) == Some(&"always"),
                        });
                    }
                }
                "error_page" => error_pages.extend(self.error_page(d)),
                "access_log" => {
                    let log = self.access_log(d);
                    access_logs.get_or_insert_with(Vec::new).extend(log);
                }
                "error_log" => error_logs.push(self.error_log(d)),
                "allow" => access_rules.push(AccessRule::Allow(
                    args.first().filter(|a| **a != "all").map(|a| a.to_string()),
                )),
                "limit_req" => {
                    let l = super::limits::limit_req_args(d).ok();
                    let zone = l
                        .as_ref()
                        .and_then(|l| self.limit_req_zones.iter().position(|z| z == l.zone));
                    if let (Some(l), Some(zone)) = (l, zone) {
                        limit_reqs.push(LimitReq {
                            zone,
                            burst: l.burst,
                            delay: l.delay,
                        });
                    }
                }
                "limit_conn" if d.args.len() == 2 => {
                    let zone = self.limit_conn_zones.iter().position(|z| z == args[0]);
                    let n = super::limits::limit_conn_number(&d.args[1]).ok();
                    if let (Some(zone), Some(n)) = (zone, n) {
                        limit_conns.push((zone, n));
                    }
                }
                "limit_req_log_level" => c.limit_req.log_level = limit_log_level(&args),
                "limit_conn_log_level" => c.limit_conn.log_level = limit_log_level(&args),
                "limit_req_status" => c.limit_req.status = limit_status(&args),
                "limit_conn_status" => c.limit_conn.status = limit_status(&args),
                "limit_req_dry_run" => c.limit_req.dry_run = flag_on(&args),
                "limit_conn_dry_run" => c.limit_conn.dry_run = flag_on(&args),
                "set_real_ip_from" => real_ip_from.extend(
                    args.first()
                        .into_iter()
                        .flat_map(|a| super::real_ip_addrs(a)),
                ),
                "real_ip_header" => {
                    c.real_ip.header = args.first().map_or(String::new(), |a| a.to_string())
                }
                "real_ip_recursive" => c.real_ip.recursive = args.first() == Some(&"on"),
                "deny" => access_rules.push(AccessRule::Deny(
                    args.first().filter(|a| **a != "all").map(|a| a.to_string()),
                )),
                "server_rewrite_by_lua_block" | "server_rewrite_by_lua_file" => {
                    c.server_rewrite_by_lua = self.chunk(d, Phase::ServerRewrite)
                }
                "rewrite_by_lua" | "rewrite_by_lua_block" | "rewrite_by_lua_file" => {
                    c.rewrite_by_lua = self.chunk(d, Phase::Rewrite)
                }
                "access_by_lua" | "access_by_lua_block" | "access_by_lua_file" => {
                    c.access_by_lua = self.chunk(d, Phase::Access)
                }
                "content_by_lua" | "content_by_lua_block" | "content_by_lua_file" => {
                    c.content = self.chunk(d, Phase::Content).map(Content::Lua)
                }
                "header_filter_by_lua"
                | "header_filter_by_lua_block"
                | "header_filter_by_lua_file" => {
                    c.header_filter_by_lua = self.chunk(d, Phase::HeaderFilter)
                }
                "body_filter_by_lua" | "body_filter_by_lua_block" | "body_filter_by_lua_file" => {
                    c.body_filter_by_lua = self.chunk(d, Phase::BodyFilter)
                }
                "log_by_lua" | "log_by_lua_block" | "log_by_lua_file" => {
                    c.log_by_lua = self.chunk(d, Phase::Log)
                }
                "proxy_pass" => {
                    if let Some(p) = self.proxy_pass(d) {
                        c.content = Some(Content::Proxy(p));
                    }
                }
                "sub_filter" => {
                    if let [from, to] = &d.args[..] {
                        if from.value.is_empty() {
                            self.error("sub-filter", "empty search pattern", d.span);
                        } else {
                            sub_pairs
                                .push((Template::parse(&from.value), Template::parse(&to.value)));
                        }
                    }
                }
                "sub_filter_once" => c.sub_filter.once = args.first() == Some(&"on"),
                "mirror" => {
                    let m = mirrors.get_or_insert_with(Vec::new);
                    match args.first().copied() {
                        Some("off") => {}
                        Some(uri) => m.push(uri.to_string()),
                        None => {}
                    }
                }
                "mirror_request_body" => c.mirror_request_body = args.first() == Some(&"on"),
                "secure_link" => own_link.variable = args.first().map(|a| Template::parse(a)),
                "secure_link_md5" => own_link.md5 = args.first().map(|a| Template::parse(a)),
                "secure_link_secret" => own_link.secret = args.first().map(|a| a.to_string()),
                "sub_filter_last_modified" => {
                    c.sub_filter.last_modified = args.first() == Some(&"on")
                }
                "sub_filter_types" => {
                    c.sub_filter.types = args.iter().map(|a| a.to_ascii_lowercase()).collect()
                }
                // (`stub_status on|off` is the old syntax; any argument turns it on)
                "stub_status" => c.content = Some(Content::StubStatus),
                "empty_gif" => c.content = Some(Content::EmptyGif),
                "proxy_set_header" => {
                    if let [n, v] = args[..] {
                        proxy_headers.push((n.to_string(), Template::parse(v)));
                    }
                }
                "proxy_hide_header" => {
                    hide_headers.extend(args.first().map(|a| a.to_ascii_lowercase()))
                }
                "proxy_pass_header" => {
                    pass_headers.extend(args.first().map(|a| a.to_ascii_lowercase()))
                }
                "proxy_redirect" => {
                    let list = redirects.get_or_insert_with(Vec::new);
                    match args[..] {
                        ["off"] => redirect_off = true,
                        ["default"] => list.push(None),
                        [from, _] if from.starts_with('~') => self.error(
                            "proxy-redirect",
                            format!("proxy_redirect with a regular expression (\"{from}\") is not supported by restyc yet"),
                            d.args[0].span,
                        ),
                        [from, to] => list.push(Some((Template::parse(from), Template::parse(to)))),
                        _ => self.error("proxy-redirect", "invalid parameter in \"proxy_redirect\"", d.span),
                    }
                }
                "proxy_cookie_domain" | "proxy_cookie_path" | "proxy_cookie_flags" => {
                    use super::cookie::CookieArgs;
                    let rewrites = if d.name == "proxy_cookie_domain" {
                        &mut cookie_domains
                    } else {
                        &mut cookie_paths
                    };
                    // (errors are the checker's)
                    match super::cookie::cookie_args(d) {
                        Ok(CookieArgs::Off) if d.name == "proxy_cookie_flags" => {
                            cookie_flags = Some(vec![])
                        }
                        Ok(CookieArgs::Off) => *rewrites = Some(vec![]),
                        Ok(CookieArgs::Rewrite(r)) => rewrites.get_or_insert_with(Vec::new).push(r),
                        Ok(CookieArgs::Flags(f)) => cookie_flags.get_or_insert_with(Vec::new).push(f),
                        Err(_) => {}
                    }
                }
                "proxy_http_version" => c.proxy.http11 = args.first() == Some(&"1.1"),
                "proxy_connect_timeout" => set_ms(&mut c.proxy.connect_timeout_ms, &args),
                "proxy_send_timeout" => set_ms(&mut c.proxy.send_timeout_ms, &args),
                "proxy_read_timeout" => set_ms(&mut c.proxy.read_timeout_ms, &args),
                "proxy_buffer_size" => {
                    if let Some(n) = args.first().and_then(|a| parse_size(a)) {
                        c.proxy.buffer_size = n as usize;
                    }
                }
                "proxy_buffering" => c.proxy.buffering = args.first() == Some(&"on"),
                "proxy_pass_request_headers" => {
                    c.proxy.pass_request_headers = args.first() == Some(&"on")
                }
                "proxy_pass_request_body" => {
                    c.proxy.pass_request_body = args.first() == Some(&"on")
                }
                "proxy_intercept_errors" => c.proxy.intercept_errors = args.first() == Some(&"on"),
                "proxy_ssl_server_name" => c.proxy.ssl.server_name = args.first() == Some(&"on"),
                "proxy_ssl_name" => c.proxy.ssl.name = args.first().map(|a| Template::parse(a)),
                "proxy_ssl_verify" => c.proxy.ssl.verify = args.first() == Some(&"on"),
                "proxy_ssl_trusted_certificate" => {
                    c.proxy.ssl.trusted_certificate =
                        args.first().map(|a| self.conf_path_in_prefix(a))
                }
                "proxy_ssl_protocols" => {
                    c.proxy.ssl.protocols = Some(args.iter().map(|a| a.to_string()).collect())
                }
                "proxy_ssl_session_reuse" => {
                    c.proxy.ssl.no_session_reuse = args.first() == Some(&"off")
                }
                "proxy_method" => c.proxy.method = args.first().map(|a| Template::parse(a)),
                "proxy_set_body" => c.proxy.set_body = args.first().map(|a| Template::parse(a)),
                "proxy_next_upstream" => {
                    const KNOWN: [&str; 12] = [
                        "error",
                        "timeout",
                        "invalid_header",
                        "http_500",
                        "http_502",
                        "http_503",
                        "http_504",
                        "http_403",
                        "http_404",
                        "http_429",
                        "non_idempotent",
                        "off",
                    ];
                    match args.iter().find(|a| !KNOWN.contains(a)) {
                        Some(bad) => self.error(
                            "proxy-next-upstream",
                            format!("invalid value \"{bad}\" in \"proxy_next_upstream\""),
                            d.span,
                        ),
                        None => {
                            c.proxy.next_upstream = args.iter().map(|a| a.to_string()).collect()
                        }
                    }
                }
                "proxy_next_upstream_tries" => {
                    c.proxy.next_upstream_tries =
                        args.first().and_then(|a| a.parse().ok()).unwrap_or(0)
                }
                "proxy_next_upstream_timeout" => {
                    set_ms(&mut c.proxy.next_upstream_timeout_ms, &args)
                }
                "proxy_ignore_headers" => {
                    c.proxy.ignore_headers = args.iter().map(|a| a.to_ascii_lowercase()).collect()
                }
                "proxy_cache" => match args.first() {
                    Some(&"off") => c.proxy.cache.zone = None,
                    Some(name) if name.contains('$') => self.error(
                        "proxy-cache",
                        format!("proxy_cache with variables (\"{name}\") is not supported by restyc yet"),
                        d.args[0].span,
                    ),
                    Some(name) => match self.cache_zones.iter().position(|z| z == name) {
                        Some(i) => c.proxy.cache.zone = Some(i),
                        None => self.error(
                            "unknown-zone",
                            format!("\"proxy_cache\" zone \"{name}\" is unknown"),
                            d.args[0].span,
                        ),
                    },
                    None => {}
                },
                "proxy_cache_key" => {
                    c.proxy.cache.key = args.first().map(|a| Template::parse(a))
                }
                "proxy_cache_valid" => {
                    cache_valid.extend(super::cache::cache_valid_args(d).ok())
                }
                "proxy_cache_bypass" => cache_bypass.extend(args.iter().map(|a| Template::parse(a))),
                "proxy_no_cache" => no_cache.extend(args.iter().map(|a| Template::parse(a))),
                "proxy_cache_min_uses" => {
                    c.proxy.cache.min_uses = args.first().and_then(|a| a.parse().ok()).unwrap_or(1)
                }
                "proxy_cache_use_stale" => {
                    c.proxy.cache.use_stale = super::cache::bitmask_args(d).unwrap_or_default()
                }
                "proxy_cache_methods" => {
                    let m = super::cache::bitmask_args(d).unwrap_or_default();
                    c.proxy.cache.methods = m.into_iter().filter(|m| m == "POST").collect()
                }
                "proxy_cache_lock" => c.proxy.cache.lock = flag_on(&args),
                "proxy_cache_lock_timeout" => set_ms(&mut c.proxy.cache.lock_timeout_ms, &args),
                "proxy_cache_lock_age" => set_ms(&mut c.proxy.cache.lock_age_ms, &args),
                "proxy_cache_revalidate" => c.proxy.cache.revalidate = flag_on(&args),
                // (`off`, the default, is accepted)
                "proxy_cache_background_update" if flag_on(&args) => self.error(
                    "proxy-cache",
                    "proxy_cache_background_update on is not supported by restyc yet: background cache updates are not implemented",
                    d.span,
                ),
                "proxy_cache_convert_head" => c.proxy.cache.no_convert_head = !flag_on(&args),
                _ => {}
            }
        }
        if !proxy_headers.is_empty() {
            c.proxy.set_headers = proxy_headers;
        }
        if !hide_headers.is_empty() {
            c.proxy.hide_headers = hide_headers;
        }
        if !cache_valid.is_empty() {
            c.proxy.cache.valid = cache_valid;
        }
        if !cache_bypass.is_empty() {
            c.proxy.cache.bypass = cache_bypass;
        }
        if !no_cache.is_empty() {
            c.proxy.cache.no_cache = no_cache;
        }
        if !pass_headers.is_empty() {
            c.proxy.pass_headers = pass_headers;
        }
        // (each replaces what the enclosing level had: ngx_conf_merge_ptr_value)
        if let Some(r) = cookie_domains {
            c.proxy.cookie_domains = r;
        }
        if let Some(r) = cookie_paths {
            c.proxy.cookie_paths = r;
        }
        if let Some(f) = cookie_flags {
            c.proxy.cookie_flags = f;
        }
        if redirect_off {
            c.proxy.redirect = Some(vec![]);
        } else if let Some(list) = redirects {
            c.proxy.redirect = Some(list);
        }
        // ngx_http_proxy_set_ssl: verification needs certificates to verify against (a URL with
        // variables may be https too).
        if let Some(Content::Proxy(p)) = &c.content {
            let ssl = &c.proxy.ssl;
            if (p.tls || p.url.is_some()) && ssl.verify && ssl.trusted_certificate.is_none() {
                if let Some(d) = dirs.iter().find(|d| d.name == "proxy_pass") {
                    self.error(
                        "proxy-ssl",
                        "no proxy_ssl_trusted_certificate for proxy_ssl_verify",
                        d.span,
                    );
                }
            }
        }
        // Array directives are inherited only when this level has none (b.5 of the reference).
        if let Some(r) = &referers {
            // ngx_http_referer_merge_conf refuses a list that can only accept no Referer.
            if (r.none || r.blocked)
                && r.hosts.is_empty()
                && r.regexes.is_empty()
                && !r.server_names
            {
                if let Some(d) = dirs.iter().rfind(|d| d.name == "valid_referers") {
                    self.error(
                        "valid-referers",
                        "the \"none\" or \"blocked\" referers are specified in the \"valid_referers\" directive without any valid referer",
                        d.span,
                    );
                }
            }
            c.valid_referers = referers;
        }
        if !add_headers.is_empty() {
            c.add_headers = add_headers;
        }
        // headers-more appends a level's directives to the enclosing levels' ones.
        c.more_headers.extend(more_headers);
        if !error_pages.is_empty() {
            c.error_pages = error_pages;
        }
        if let Some(l) = access_logs {
            c.access_log = l;
        }
        if !access_rules.is_empty() {
            c.access_rules = access_rules;
        }
        if !auth_sets.is_empty() {
            c.auth_request_set = auth_sets;
        }
        if !real_ip_from.is_empty() {
            c.real_ip.from = real_ip_from;
        }
        if !limit_reqs.is_empty() {
            c.limit_req.limits = limit_reqs;
        }
        if !limit_conns.is_empty() {
            c.limit_conn.limits = limit_conns;
        }
        if !error_logs.is_empty() {
            c.error_log = error_logs;
        }
        // (a level without echo commands of its own keeps those it inherited: an `if` block
        // runs its location's echo content, as the echo module merges its commands)
        if let (Some(Content::Echo(cmds)), false) = (&mut c.content, echo_cmds.is_empty()) {
            *cmds = echo_cmds;
        }
        if sub_pairs.len() > 255 {
            if let Some(d) = dirs.iter().filter(|d| d.name == "sub_filter").nth(255) {
                self.error(
                    "sub-filter",
                    "number of search patterns exceeds 255",
                    d.span,
                );
            }
        }
        if !sub_pairs.is_empty() {
            c.sub_filter.pairs = sub_pairs;
        }
        // ngx_http_secure_link_merge_conf: a secret of its own means the old form alone;
        // otherwise the expression and the MD5 inherit apart, and the secret only with neither.
        let outer = std::mem::take(&mut c.secure_link);
        c.secure_link = if own_link.secret.is_some() {
            SecureLink {
                secret: own_link.secret,
                ..SecureLink::default()
            }
        } else {
            let variable = own_link.variable.or(outer.variable);
            let md5 = own_link.md5.or(outer.md5);
            let secret = (variable.is_none() && md5.is_none())
                .then_some(outer.secret)
                .flatten();
            SecureLink {
                variable,
                md5,
                secret,
            }
        };
        // (an array: a level with its own `mirror` lines, `off` too, drops the outer ones)
        if let Some(m) = mirrors {
            c.mirror = m;
        }
    }

    /// `upstream NAME { server ADDR [weight=N] [max_fails=N] [fail_timeout=T] [backup] [down];
    /// keepalive N; }` (ngx_http_upstream_server, ngx_http_upstream_keepalive).
    fn upstream(&mut self, d: &Directive) {
        let Some(name) = d.arg(0) else { return };
        let mut u = Upstream {
            name: name.to_string(),
            block: true,
            servers: vec![],
            keepalive: 0,
            keepalive_timeout_ms: 60_000,
            keepalive_requests: 1000,
            pos: self.pos(d.span),
            balance: Balance::RoundRobin,
            balancer_by_lua: None,
        };
        // Whether the method set so far takes `backup` (uscf->flags & NGX_HTTP_UPSTREAM_BACKUP,
        // checked as each `server` is read: a method after the server does not refuse it).
        let mut backup_ok = true;
        let mut method_set = false;
        for s in d.children() {
            let method = matches!(
                s.name.as_str(),
                "ip_hash" | "hash" | "least_conn" | "random"
            );
            if method {
                if method_set {
                    self.diags.push(Diagnostic::warning(
                        "balancing-redefined",
                        "load balancing method redefined",
                        s.name_span,
                    ));
                }
                method_set = true;
                backup_ok = s.name == "least_conn";
                // (the method replaces the Lua balancer's init_upstream)
                u.balancer_by_lua = None;
            }
            match s.name.as_str() {
                "balancer_by_lua_block" | "balancer_by_lua_file" => {
                    if u.balancer_by_lua.is_some() {
                        self.error(
                            "upstream",
                            format!("\"{}\" directive is duplicate", s.name),
                            s.name_span,
                        );
                        continue;
                    }
                    if method_set {
                        self.diags.push(Diagnostic::warning(
                            "balancing-redefined",
                            "load balancing method redefined",
                            s.name_span,
                        ));
                    }
                    method_set = true;
                    backup_ok = false;
                    u.balance = Balance::RoundRobin;
                    u.balancer_by_lua = self.chunk(s, Phase::Balancer);
                }
                "server" => {
                    if let Some(srv) = self.upstream_server(s, backup_ok) {
                        u.servers.push(srv);
                    }
                }
                "ip_hash" => u.balance = Balance::IpHash,
                "least_conn" => u.balance = Balance::LeastConn,
                // (accepted with a warning: balanced round-robin)
                "random" => u.balance = Balance::RoundRobin,
                "hash" => {
                    let Some(key) = s.args.first() else { continue };
                    let consistent = match s.args.get(1) {
                        None => false,
                        Some(a) if a.value == "consistent" => true,
                        Some(a) => {
                            self.error(
                                "upstream",
                                format!("invalid parameter \"{}\"", a.value),
                                a.span,
                            );
                            false
                        }
                    };
                    u.balance = Balance::Hash {
                        key: Template::parse(&key.value),
                        consistent,
                    };
                }
                "keepalive" => u.keepalive = s.arg(0).and_then(|a| a.parse().ok()).unwrap_or(0),
                "keepalive_timeout" => {
                    set_ms(&mut u.keepalive_timeout_ms, &[s.arg(0).unwrap_or("")])
                }
                "keepalive_requests" => {
                    u.keepalive_requests = s.arg(0).and_then(|a| a.parse().ok()).unwrap_or(1000)
                }
                _ => {}
            }
        }
        if u.servers.is_empty() {
            self.error(
                "upstream",
                format!("no servers are inside upstream \"{name}\""),
                d.span,
            );
        }
        if self.upstreams.iter().any(|x| x.block && x.name == u.name) {
            self.error("upstream", format!("duplicate upstream \"{name}\""), d.span);
        }
        self.upstreams.push(u);
    }

    fn upstream_server(&mut self, s: &Directive, backup_ok: bool) -> Option<UpstreamServer> {
        let addr = s.args.first()?;
        let unix = addr.value.starts_with("unix:").then(|| addr.value.clone());
        let Some(addr_text) = unix.or_else(|| host_port(&addr.value)) else {
            self.error(
                "upstream",
                format!(
                    "invalid port in \"{}\" of the \"server\" directive",
                    addr.value
                ),
                addr.span,
            );
            return None;
        };
        let mut srv = UpstreamServer {
            addr: addr_text,
            name: addr.value.clone(),
            weight: 1,
            max_fails: 1,
            fail_timeout_ms: 10_000,
            backup: false,
            down: false,
        };
        for a in &s.args[1..] {
            let v = a.value.as_str();
            let ok = if let Some(n) = v.strip_prefix("weight=") {
                n.parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .map(|n| srv.weight = n)
                    .is_some()
            } else if let Some(n) = v.strip_prefix("max_fails=") {
                n.parse().ok().map(|n| srv.max_fails = n).is_some()
            } else if let Some(t) = v.strip_prefix("fail_timeout=") {
                parse_time_ms(t).map(|t| srv.fail_timeout_ms = t).is_some()
            } else if v == "backup" {
                if !backup_ok {
                    self.error(
                        "upstream",
                        "balancing method does not support parameter \"backup\"",
                        a.span,
                    );
                }
                srv.backup = true;
                true
            } else if v == "down" {
                srv.down = true;
                true
            } else if v.starts_with("max_conns=") {
                self.error(
                    "upstream",
                    "the \"max_conns\" parameter of \"server\" is not supported by restyc yet",
                    a.span,
                );
                true
            } else {
                false
            };
            if !ok {
                self.error("upstream", format!("invalid parameter \"{v}\""), a.span);
            }
        }
        Some(srv)
    }

    /// `proxy_pass URL` (ngx_http_proxy_pass): the upstream, `$proxy_host` and the URI part,
    /// resolved now for a literal URL; a URL with variables is parsed per request.
    fn proxy_pass(&mut self, d: &Directive) -> Option<ProxyPass> {
        let arg = d.args.first()?;
        let url = arg.value.as_str();
        let (kind, pattern) = self.loc_ctx.clone();
        // Regex, named and `if` locations have no prefix to replace.
        let location = match kind {
            MatchKind::Prefix | MatchKind::PrefixNoRegex | MatchKind::Exact => pattern,
            _ => String::new(),
        };
        let lower = url.to_ascii_lowercase();
        let tls = lower.starts_with("https://");
        if url.contains('$') {
            if !lower.starts_with("http://") && !tls && !url.starts_with('$') {
                self.error(
                    "proxy-pass",
                    format!("invalid URL prefix in \"{url}\""),
                    arg.span,
                );
                return None;
            }
            return Some(ProxyPass {
                target: url.to_string(),
                url: Some(Template::parse(url)),
                upstream: 0,
                host: String::new(),
                uri: String::new(),
                location,
                tls,
            });
        }
        if !lower.starts_with("http://") && !tls {
            self.error(
                "proxy-pass",
                format!("invalid URL prefix in \"{url}\""),
                arg.span,
            );
            return None;
        }
        let (rest, default_port) = if tls {
            (&url[8..], 443)
        } else {
            (&url[7..], 80)
        };
        if let Some(after) = rest.strip_prefix("unix:") {
            return self.proxy_pass_unix(d, after, tls, location);
        }
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (hostport, uri) = rest.split_at(end);
        let uri = if uri.starts_with('?') {
            format!("/{uri}")
        } else {
            uri.to_string()
        };
        if !uri.is_empty() && location.is_empty() {
            self.error(
                "proxy-pass-uri",
                "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block",
                arg.span,
            );
            return None;
        }
        let has_port = hostport
            .rsplit_once(']')
            .map_or(hostport, |(_, p)| p)
            .contains(':');
        let block = (!has_port)
            .then(|| {
                self.upstreams
                    .iter()
                    .position(|u| u.block && u.name == hostport)
            })
            .flatten();
        let upstream = match block {
            Some(i) => i,
            None => {
                let Some(addr) = host_port_or(hostport, default_port) else {
                    self.error(
                        "proxy-pass",
                        format!("invalid port in upstream \"{hostport}\""),
                        arg.span,
                    );
                    return None;
                };
                self.implicit_upstream(addr, d.span)
            }
        };
        // ngx_http_proxy_set_vars: the port is left out of $proxy_host when it is the scheme's.
        let host = match hostport.strip_suffix(&format!(":{default_port}")) {
            Some(h) => h.to_string(),
            None => hostport.to_string(),
        };
        Some(ProxyPass {
            target: url.to_string(),
            url: None,
            upstream,
            host,
            uri,
            location,
            tls,
        })
    }

    /// The implicit upstream of a literal `proxy_pass` address (`host:port`, `unix:/path`): one
    /// server with nginx's defaults, shared by every proxy_pass naming it.
    fn implicit_upstream(&mut self, addr: String, span: Span) -> usize {
        if let Some(i) = self
            .upstreams
            .iter()
            .position(|u| !u.block && u.name == addr)
        {
            return i;
        }
        self.upstreams.push(Upstream {
            name: addr.clone(),
            block: false,
            servers: vec![UpstreamServer {
                name: addr.clone(),
                addr,
                weight: 1,
                max_fails: 1,
                fail_timeout_ms: 10_000,
                backup: false,
                down: false,
            }],
            keepalive: 0,
            keepalive_timeout_ms: 60_000,
            keepalive_requests: 1000,
            pos: self.pos(span),
            balance: Balance::RoundRobin,
            balancer_by_lua: None,
        });
        self.upstreams.len() - 1
    }

    /// `proxy_pass http://unix:/path[:/uri]`: an implicit upstream of that socket; the Host
    /// sent is `localhost`, as ngx_parse_unix_domain_url leaves the host.
    fn proxy_pass_unix(
        &mut self,
        d: &Directive,
        after: &str,
        tls: bool,
        location: String,
    ) -> Option<ProxyPass> {
        let arg = d.args.first()?;
        if tls {
            self.error(
                "proxy-unix",
                "proxy_pass https:// to unix: sockets is not supported by restyc yet",
                arg.span,
            );
            return None;
        }
        let (path, uri) = match after.find(':') {
            Some(i) => (&after[..i], after[i + 1..].to_string()),
            None => (after, String::new()),
        };
        if path.is_empty() {
            self.error(
                "proxy-pass",
                format!("no path in the unix domain socket \"{}\"", arg.value),
                arg.span,
            );
            return None;
        }
        let upstream = self.implicit_upstream(format!("unix:{path}"), d.span);
        Some(ProxyPass {
            target: arg.value.clone(),
            url: None,
            upstream,
            host: "localhost".into(),
            uri,
            location,
            tls: false,
        })
    }

    /// `error_page CODES [=[CODE]] TARGET`. Without `=`, the codes nginx answers with 400
    /// (494–497: a too large header, the SSL certificate errors, plain HTTP on a TLS port)
    /// are redirected with 400 (ngx_http_core_error_page), so they get an entry of their own.
    fn error_page(&mut self, d: &Directive) -> Vec<ErrorPage> {
        let args: Vec<&str> = d.args.iter().map(|a| a.value.as_str()).collect();
        let Some((target, rest)) = args.split_last() else {
            return vec![];
        };
        let mut codes = vec![];
        let mut status = PageStatus::Error;
        for (i, a) in rest.iter().enumerate() {
            if let Some(o) = a.strip_prefix('=') {
                status = o.parse().map_or(PageStatus::Target, PageStatus::Code);
                continue;
            }
            match a.parse::<u16>() {
                Ok(c) if (300..=599).contains(&c) => codes.push(c),
                _ => {
                    self.error(
                        "error-page",
                        format!("value \"{a}\" must be between 300 and 599"),
                        d.args[i].span,
                    );
                    return vec![];
                }
            }
        }
        let (bad_request, codes): (Vec<u16>, Vec<u16>) = codes
            .into_iter()
            .partition(|c| status == PageStatus::Error && (494..=497).contains(c));
        let page = |codes, status| ErrorPage {
            codes,
            status,
            target: Template::parse(target),
        };
        let mut pages = vec![page(codes, status)];
        if !bad_request.is_empty() {
            pages.push(page(bad_request, PageStatus::Code(400)));
        }
        pages.retain(|p| !p.codes.is_empty());
        pages
    }

    /// The `.lua` files a `*_by_lua_file` path with variables can name: every one under the
    /// directory its text fixes before the first variable (`lua/` for `lua/$1.lua`), relative
    /// to the prefix. None when no directory is fixed (`$root/x.lua`): all is read at run time.
    fn lua_files_under(&self, template: &str) -> Vec<(String, String)> {
        let fixed = &template[..template.find('$').unwrap_or(template.len())];
        let Some(dir) = fixed.rfind('/').map(|i| &fixed[..=i]).filter(|d| *d != "/") else {
            return vec![];
        };
        let root = if Path::new(dir).is_absolute() {
            PathBuf::from(dir)
        } else {
            self.config_dir.join(dir)
        };
        let mut out = vec![];
        let mut todo = vec![root];
        while let Some(d) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p);
                } else if p.extension().is_some_and(|x| x == "lua") {
                    let rel = p.strip_prefix(&self.config_dir).unwrap_or(&p);
                    if let Ok(src) = std::fs::read_to_string(&p) {
                        out.push((rel.display().to_string(), src));
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// A Lua chunk from a `*_by_lua`, `*_by_lua_block` or `*_by_lua_file` directive.
    fn chunk(&mut self, d: &Directive, phase: Phase) -> Option<Chunk> {
        let file_name = {
            let (p, _, _) = self.sources.position(d.span);
            Path::new(&p)
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or(p)
        };
        let pos = self.pos(d.name_span);
        let prefix = phase.directive_prefix();
        if let Some(body) = &d.lua {
            let (_, line, _) = self.sources.position(body.span);
            self.chunks_sources.push(body.text.clone());
            return Some(Chunk {
                phase,
                name: format!("{prefix}({file_name}:{line})"),
                source: body.text.clone(),
                file: None,
                pos,
                native: None,
                native_constant: false,
                file_template: None,
                baked_files: vec![],
            });
        }
        if d.name.ends_with("_by_lua_file") {
            let arg = crate::conf::lua_file_arg(d)?;
            let Some(path) = crate::conf::resolve_lua_file(&self.config_dir, &arg.value) else {
                // Resolved per request, as nginx does: bake what the path can reach.
                let baked_files = self.lua_files_under(&arg.value);
                self.chunks_sources
                    .extend(baked_files.iter().map(|(_, src)| src.clone()));
                return Some(Chunk {
                    phase,
                    name: arg.value.clone(),
                    source: String::new(),
                    file: Some(arg.value.clone()),
                    pos,
                    native: None,
                    native_constant: false,
                    file_template: Some(Template::parse(&arg.value)),
                    baked_files,
                });
            };
            return match std::fs::read_to_string(&path) {
                Ok(src) => {
                    self.chunks_sources.push(src.clone());
                    Some(Chunk {
                        phase,
                        name: arg.value.clone(),
                        source: src,
                        file: Some(arg.value.clone()),
                        pos,
                        native: None,
                        native_constant: false,
                        file_template: None,
                        baked_files: vec![],
                    })
                }
                Err(e) => {
                    self.error(
                        "lua-file",
                        format!("cannot open Lua file \"{}\": {e}", path.display()),
                        arg.span,
                    );
                    None
                }
            };
        }
        // String form: the code is the last argument (set_by_lua $var 'code' args...: the second).
        let arg = if phase == Phase::Set {
            d.args.get(1)
        } else {
            d.args.first()
        }?;
        let end_line = self
            .sources
            .position(Span {
                start: d.span.end.saturating_sub(1),
                ..d.span
            })
            .1;
        self.chunks_sources.push(arg.value.clone());
        Some(Chunk {
            file_template: None,
            baked_files: vec![],
            phase,
            name: format!("{prefix}({file_name}:{end_line})"),
            source: arg.value.clone(),
            file: None,
            pos,
            native: None,
            native_constant: false,
        })
    }

    /// nginx refuses a config that uses an unknown variable (`unknown "foo" variable`), a
    /// `${name` without its bracket, or `set` without a `$`: check every argument that is a
    /// template, knowing all `set` variables and every named regex capture of the config.
    fn check_variables(&mut self, dirs: &[Directive], plan: &Plan) {
        let mut names: Vec<String> = plan.http.variables.clone();
        collect_capture_names(dirs, &mut names);
        self.check_vars_in(dirs, &names);
    }

    /// One headers-more directive (ngx_http_headers_more_parse_directive), with the module's
    /// messages for bad options.
    fn more_headers(&mut self, d: &Directive) -> Option<MoreHeaders> {
        let name = d.name.as_str();
        let input = name.ends_with("_input_headers");
        let clear = name.starts_with("more_clear");
        let mut cmd = MoreHeaders {
            input,
            statuses: vec![],
            types: vec![],
            replace: false,
            headers: vec![],
        };
        let mut i = 0;
        while i < d.args.len() {
            let a = &d.args[i];
            let v = a.value.as_str();
            i += 1;
            if v.is_empty() {
                continue;
            }
            if !v.starts_with('-') {
                cmd.headers.push(self.more_header(name, a, clear)?);
                continue;
            }
            let opt = v.as_bytes().get(1).copied().filter(|_| v.len() == 2);
            match opt {
                Some(b't') | Some(b's') if opt != Some(b's') || !input => {
                    let Some(list) = d.args.get(i) else {
                        self.error(
                            "headers-more",
                            format!("{name}: option {v} takes an argument."),
                            a.span,
                        );
                        return None;
                    };
                    i += 1;
                    let words = list.value.split(|c: char| c.is_ascii_whitespace());
                    let words = words.filter(|w| !w.is_empty());
                    if opt == Some(b't') {
                        cmd.types.extend(words.map(str::to_string));
                        continue;
                    }
                    for w in words {
                        match w.bytes().find(|b| !b.is_ascii_digit()) {
                            Some(bad) => {
                                self.error(
                                    "headers-more",
                                    format!(
                                        "{name}: invalid digit \"{}\" found in the status code list \"{}\"",
                                        bad as char, list.value
                                    ),
                                    list.span,
                                );
                                return None;
                            }
                            // (nginx's ngx_uint_t: a status that large matches no response)
                            None => cmd.statuses.push(w.parse().unwrap_or(0)),
                        }
                    }
                }
                Some(b'r') if input => cmd.replace = true,
                _ => {
                    self.error(
                        "headers-more",
                        format!("{name}: invalid option name: \"{v}\""),
                        a.span,
                    );
                    return None;
                }
            }
        }
        Some(cmd)
    }

    /// `Name: value` of a headers-more directive (ngx_http_headers_more_parse_header): the
    /// key ends at the first `:` or space, the value starts after the `:`s and spaces that
    /// follow. As in the module, the key is counted from its first non-space character but
    /// taken from the start of the argument.
    fn more_header(
        &mut self,
        name: &str,
        a: &crate::conf::ast::Arg,
        clear: bool,
    ) -> Option<MoreHeader> {
        let raw = a.value.as_bytes();
        let space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
        let (mut key_len, mut end_of_key, mut value_start) = (0usize, false, None);
        for (i, &b) in raw.iter().enumerate() {
            if key_len == 0 {
                if !space(b) {
                    key_len = 1;
                }
                continue;
            }
            if !end_of_key {
                if b == b':' || space(b) {
                    end_of_key = true;
                } else {
                    key_len += 1;
                }
                continue;
            }
            if value_start.is_none() && b != b':' && !space(b) {
                value_start = Some(i);
                break;
            }
        }
        if key_len == 0 {
            self.error(
                "headers-more",
                format!("{name}: no key found in the header argument: {}", a.value),
                a.span,
            );
            return None;
        }
        let key = String::from_utf8_lossy(&raw[..key_len]).into_owned();
        let wildcard = key.ends_with('*');
        if wildcard && key.len() < 2 {
            self.error(
                "headers-more",
                format!("{name}: wildcard key to short: {}", a.value),
                a.span,
            );
            return None;
        }
        let value = match value_start {
            Some(s) if !clear => Some(Template::parse(&String::from_utf8_lossy(&raw[s..]))),
            _ => None,
        };
        Some(MoreHeader {
            name: key,
            wildcard,
            value,
        })
    }

    fn check_vars_in(&mut self, dirs: &[Directive], names: &[String]) {
        for d in dirs {
            if d.name == "map" {
                // The source and every value are templates (keys are not).
                let values = d.children().iter().filter_map(|e| e.args.first());
                for a in d.args.first().into_iter().chain(values) {
                    self.check_template_vars(a, names);
                }
                continue;
            }
            let template_args: &[crate::conf::ast::Arg] = match d.name.as_str() {
                "return" | "root" | "alias" | "try_files" | "index" | "if" => &d.args,
                "proxy_pass" | "proxy_method" | "proxy_set_body" | "proxy_redirect" => &d.args,
                "auth_basic" | "auth_basic_user_file" => &d.args,
                "proxy_cookie_domain" | "proxy_cookie_path" | "proxy_cookie_flags" => {
                    super::cookie::template_args(d)
                }
                "more_set_headers" | "more_set_input_headers" => &d.args,
                "rewrite" | "add_header" | "set" | "proxy_set_header" => {
                    d.args.get(1..).unwrap_or(&[])
                }
                n if restyc_runtime::set_misc::op_of(n).is_some() => d.args.get(1..).unwrap_or(&[]),
                "limit_req_zone" | "limit_conn_zone" | "hash" => d.args.get(..1).unwrap_or(&[]),
                "error_page" => d.args.last().map(std::slice::from_ref).unwrap_or(&[]),
                _ => &[],
            };
            if d.name == "set" {
                if let Some(a) = d.args.first() {
                    if !a.value.starts_with('$') {
                        self.error(
                            "invalid-variable",
                            format!("invalid variable name \"{}\"", a.value),
                            a.span,
                        );
                    }
                }
            }
            for a in template_args {
                if let Some(i) = a.value.find("${") {
                    if !a.value[i..].contains('}') {
                        let name: String = a.value[i + 2..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect();
                        self.error(
                            "bad-variable",
                            format!("the closing bracket in \"{name}\" variable is missing"),
                            a.span,
                        );
                        continue;
                    }
                }
                // In `if` the regex operand is not a template.
                if d.name == "if"
                    && d.args
                        .iter()
                        .position(|x| std::ptr::eq(x, a))
                        .is_some_and(|p| p > 0 && d.args[p - 1].value.contains('~'))
                {
                    continue;
                }
                self.check_template_vars(a, names);
            }
            self.check_vars_in(d.children(), names);
        }
    }

    /// `unknown "foo" variable` for each variable of `a` that neither nginx nor the config
    /// defines.
    fn check_template_vars(&mut self, a: &crate::conf::ast::Arg, names: &[String]) {
        for part in Template::parse(&a.value).parts {
            if let TemplatePart::Var(v) = part {
                let lv = v.to_ascii_lowercase();
                let known = nginx_knows(&lv)
                    || names.iter().any(|n| *n == lv)
                    || lv.chars().all(|c| c.is_ascii_digit());
                if !known {
                    self.error(
                        "unknown-variable",
                        format!("unknown \"{v}\" variable"),
                        a.span,
                    );
                }
            }
        }
    }

    /// Modules `require`d by the chunks (and by those modules), found on lua_package_path
    /// (with what the chunks' settled `package.path` assignments add) relative to the config
    /// directory, baked into the plan.
    fn bake_modules(&mut self, lua: &LuaConf) -> Vec<LuaModule> {
        let dir = self.config_dir.display().to_string();
        let setting = lua.package_path.as_deref();
        let sources = self.chunks_sources.iter().map(String::as_str);
        let path = crate::lua::package_path::effective(setting, sources)
            .or_else(|| setting.map(str::to_string));
        // (each with whether it starts at `$prefix`: the module's path is then kept relative to
        // the server's prefix, as `$prefix…`)
        let templates: Vec<(String, bool)> = path
            .as_deref()
            .unwrap_or("")
            .split(';')
            .filter(|t| !t.is_empty())
            .map(|t| {
                let at_prefix = t.starts_with("$prefix") || t.starts_with("${prefix}");
                let t = t
                    .replace("${prefix}", &format!("{dir}/"))
                    .replace("$prefix", &format!("{dir}/"));
                (t, at_prefix)
            })
            .map(|(t, at_prefix)| {
                if t.starts_with('/') {
                    (t, at_prefix)
                } else {
                    (format!("{dir}/{t}"), at_prefix)
                }
            })
            .collect();
        let mut out: Vec<LuaModule> = vec![];
        let mut queue: Vec<String> = self
            .chunks_sources
            .iter()
            .flat_map(|s| required_names(s))
            .collect();
        while let Some(name) = queue.pop() {
            if out.iter().any(|m| m.name == name) || is_bundled(&name) {
                continue;
            }
            let rel = name.replace('.', "/");
            for (t, at_prefix) in &templates {
                let candidate = t.replace('?', &rel);
                if let Ok(src) = std::fs::read_to_string(&candidate) {
                    // The text after the directory, as nginx's `$prefix` (which ends in `/`)
                    // expands: `$prefix/lib/?.lua` finds `/prefix//lib/m.lua`, and Lua names
                    // the module's chunk so (`$prefix/lib/m.lua` here, expanded at run time).
                    let shown = match candidate.strip_prefix(&format!("{dir}/")) {
                        Some(rest) if *at_prefix => format!("$prefix{rest}"),
                        Some(rest) => rest.to_string(),
                        None => candidate.clone(),
                    };
                    queue.extend(required_names(&src));
                    out.push(LuaModule {
                        name: name.clone(),
                        path: shown,
                        source: src,
                    });
                    break;
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// `require "x"`, `require("x")`, `require 'x'` string literals in Lua source.
pub fn required_names(src: &str) -> Vec<String> {
    let mut names = vec![];
    let mut rest = src;
    while let Some(i) = rest.find("require") {
        let after = &rest[i + 7..];
        rest = after;
        let t = after.trim_start();
        let t = t.strip_prefix('(').map(str::trim_start).unwrap_or(t);
        let Some(q) = t.chars().next() else { continue };
        if q != '"' && q != '\'' {
            continue;
        }
        if let Some(end) = t[1..].find(q) {
            let name = &t[1..1 + end];
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == '-')
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// A `types { mime ext ...; }` block as (extension, type) pairs.
fn types_of(d: &Directive) -> Vec<(String, String)> {
    let mut v = vec![];
    for t in d.children() {
        for a in &t.args {
            v.push((a.value.to_ascii_lowercase(), t.name.clone()));
        }
    }
    v
}

/// `limit_req_log_level` / `limit_conn_log_level` (the checker allows info … error).
fn limit_log_level(args: &[&str]) -> LogLevel {
    args.first()
        .and_then(|a| LogLevel::from_name(&a.to_ascii_lowercase()))
        .unwrap_or(LogLevel::Error)
}

/// `limit_req_status` / `limit_conn_status` (400 … 599, checked).
fn limit_status(args: &[&str]) -> u16 {
    args.first().and_then(|a| a.parse().ok()).unwrap_or(503)
}

/// A flag directive's value (`on`, any case).
fn flag_on(args: &[&str]) -> bool {
    args.first().is_some_and(|a| a.eq_ignore_ascii_case("on"))
}

/// The configuration a nested level starts from: everything inherited except what nginx keeps
/// per level (rewrite statements, the content handler, try_files, internal).
/// A time argument in milliseconds (the checker has validated it).
fn set_ms(slot: &mut u64, args: &[&str]) {
    if let Some(ms) = args.first().and_then(|a| parse_time_ms(a)) {
        *slot = ms;
    }
}

/// `host[:port]` / `[v6][:port]` with nginx's default port 80 made explicit; None for a bad port.
pub fn host_port(s: &str) -> Option<String> {
    host_port_or(s, 80)
}

/// `host:port`, with `default_port` when none is given.
fn host_port_or(s: &str, default_port: u16) -> Option<String> {
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (s, None),
    };
    match port {
        None => Some(format!("{host}:{default_port}")),
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|&p| p > 0)
            .map(|_| s.to_string()),
    }
}

fn inherit(parent: &LocConf) -> LocConf {
    let mut c = parent.clone();
    c.rewrite = vec![];
    c.echo_before_body = vec![];
    c.echo_after_body = vec![];
    c.content = None;
    c.try_files = vec![];
    c.internal = false;
    c
}

/// An `if` block inherits its location's content handler as well ("if is evil").
fn inherit_if(parent: &LocConf) -> LocConf {
    let mut c = parent.clone();
    c.rewrite = vec![];
    c.echo_before_body = vec![];
    c.echo_after_body = vec![];
    c
}

/// A digest of every source file's name and text (names only, so the hash does not depend on
/// where the checkout lives).
fn hash_sources(s: &SourceMap) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in &s.files {
        h.update(
            f.path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        h.update([0]);
        h.update(f.text.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_bundled(name: &str) -> bool {
    crate::lint::BUNDLED_MODULES.iter().any(|m| {
        if m.ends_with('.') {
            name.starts_with(m)
        } else {
            *m == name
        }
    })
}

/// Named captures (`(?<name>…)`, `(?P<name>…)`, `(?'name'…)`) of every regex in the config.
fn collect_capture_names(dirs: &[Directive], out: &mut Vec<String>) {
    for d in dirs {
        // (a map's regex keys stand where directive names do)
        let key = d.name.starts_with('~').then_some(d.name.as_str());
        for v in key
            .into_iter()
            .chain(d.args.iter().map(|a| a.value.as_str()))
        {
            let mut rest = v;
            while let Some(i) = rest.find("(?") {
                let after = &rest[i + 2..];
                let after = after.strip_prefix('P').unwrap_or(after);
                if let Some(body) = after.strip_prefix('<').or_else(|| after.strip_prefix('\'')) {
                    let name: String = body
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(name.to_ascii_lowercase());
                    }
                }
                rest = &rest[i + 2..];
            }
        }
        collect_capture_names(d.children(), out);
    }
}

/// Whether nginx (with the modules OpenResty ships) defines a variable of this name, whether or not
/// restyc computes it yet: only names nginx itself rejects are errors.
fn nginx_knows(name: &str) -> bool {
    const PREFIXES: [&str; 14] = [
        "arg_",
        "http_",
        "sent_http_",
        "sent_trailer_",
        "cookie_",
        "upstream_",
        "ssl_",
        "proxy_",
        "realip_",
        "geoip_",
        "limit_",
        "gzip_",
        "jwt_",
        "secure_link",
    ];
    const NAMES: [&str; 24] = [
        "remote_user",
        "request_id",
        "request_completion",
        "content_length",
        "content_type",
        "body_bytes_sent",
        "bytes_sent",
        "connection",
        "connection_requests",
        "connection_time",
        "hostname",
        "msec",
        "pid",
        "pipe",
        "realpath_root",
        "request_body_file",
        "request_length",
        "request_time",
        "scheme",
        "server_name",
        "tcpinfo_rtt",
        "time_local",
        "uid_got",
        "uid_set",
    ];
    restyc_runtime::var::is_known(name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || NAMES.contains(&name)
        || matches!(
            name,
            "https"
                | "http2"
                | "binary_remote_addr"
                | "nginx_version"
                | "invalid_referer"
                | "date_local"
                | "date_gmt"
                | "fastcgi_script_name"
                | "fastcgi_path_info"
        )
}

/// The echo module's content commands (`ngx_http_echo_commands`).
fn echo_op(name: &str) -> Option<EchoOp> {
    Some(match name {
        "echo" => EchoOp::Echo,
        "echo_duplicate" => EchoOp::Duplicate,
        "echo_flush" => EchoOp::Flush,
        "echo_sleep" => EchoOp::Sleep,
        "echo_blocking_sleep" => EchoOp::BlockingSleep,
        "echo_location" => EchoOp::Location,
        "echo_location_async" => EchoOp::LocationAsync,
        "echo_subrequest" => EchoOp::Subrequest,
        "echo_subrequest_async" => EchoOp::SubrequestAsync,
        "echo_exec" => EchoOp::Exec,
        "echo_read_request_body" => EchoOp::ReadRequestBody,
        "echo_request_body" => EchoOp::RequestBody,
        "echo_reset_timer" => EchoOp::ResetTimer,
        _ => return None,
    })
}
