//! Build-time checks of what nginx finds only at run time (or never):
//! - a Lua syntax error in any chunk: `*_by_lua_block` bodies, the string forms, and
//!   `*_by_lua_file` files (reported at their nginx.conf or .lua position);
//! - a `*_by_lua_file` that does not exist;
//! - `ngx.shared.NAME` with no `lua_shared_dict NAME`;
//! - a Lua API call that OpenResty forbids in the chunk's phase (`ngx.say` in init_by_lua*,
//!   `ngx.exit` in log_by_lua*, cosockets in set_by_lua*), using the runtime's own context
//!   table (`restyc_runtime::phase`); only code that runs when the chunk runs is checked, not
//!   the bodies of functions it defines (a timer callback runs in another context);
//! - `require "x"` of a module that is neither bundled nor on `lua_package_path`;
//! - `proxy_pass http://NAME` where NAME is no upstream and does not look like a host name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use full_moon::ast::{self, Call, Expression, FunctionArgs, Index, Prefix, Suffix, Var};
use full_moon::tokenizer::{TokenReference, TokenType};
use full_moon::visitors::Visitor;
use restyc_runtime::phase::{self, Contexts, Phase};

use crate::conf::ast::{Config, Directive, FileId, Quote, Span};
use crate::conf::{lua_file_arg, resolve_lua_file};
use crate::diag::Diagnostic;

/// Lua modules restyc provides without a file on `lua_package_path`: LuaJIT's built-ins and
/// the libraries OpenResty bundles. A name ending in `.` covers every module under it.
/// Libraries OpenResty ships in its lualib directory that restyc does not bundle yet.
const OPENRESTY_LIBRARIES: &[&str] = &[
    "resty.redis",
    "resty.mysql",
    "resty.memcached",
    "resty.lrucache",
    "resty.lrucache.pureffi",
    "resty.string",
    "resty.sha1",
    "resty.sha224",
    "resty.sha256",
    "resty.sha384",
    "resty.sha512",
    "resty.md5",
    "resty.random",
    "resty.aes",
    "resty.lock",
    "resty.upload",
    "resty.websocket.",
    "resty.limit.",
    "resty.dns.resolver",
    "resty.upstream.healthcheck",
    "resty.shell",
    "resty.signal",
    "resty.shdict",
];

pub const BUNDLED_MODULES: &[&str] = &[
    // LuaJIT and Lua 5.1 built-ins
    "string",
    "table",
    "math",
    "io",
    "os",
    "coroutine",
    "debug",
    "package",
    "bit",
    "ffi",
    "jit",
    "jit.",
    "table.new",
    "table.clear",
    "table.nkeys",
    "table.isempty",
    "table.isarray",
    "table.clone",
    "string.buffer",
    // What restyc's runtime provides itself (and lua-resty-core's modules:
    // `restyc_runtime::ngx::misc::CORE_MODULES`). The other lua-resty-* libraries restyc does
    // not bundle must be found on lua_package_path (they are then baked into the binary).
    "cjson",
    "cjson.safe",
    // (lua-nginx-module's own tables, in package.loaded)
    "ngx",
    "ndk",
];

/// LuaJIT's default `package.path` entries that exist on a typical system (used for `;;`).
const DEFAULT_LUA_PATH: &[&str] = &[
    "./?.lua",
    "/usr/local/share/luajit-2.1/?.lua",
    "/usr/local/share/lua/5.1/?.lua",
    "/usr/local/share/lua/5.1/?/init.lua",
    "/usr/share/lua/5.1/?.lua",
    "/usr/share/lua/5.1/?/init.lua",
];
const DEFAULT_LUA_CPATH: &[&str] = &[
    "./?.so",
    "/usr/local/lib/lua/5.1/?.so",
    "/usr/lib/x86_64-linux-gnu/lua/5.1/?.so",
];

/// Every Lua and cross-reference problem in `config`.
pub fn run(config: &Config) -> Vec<Diagnostic> {
    let dir = config_dir(config);
    let mut l = Linter {
        config,
        dir: dir.clone(),
        diags: Vec::new(),
        dicts: HashSet::new(),
        upstreams: HashSet::new(),
        path: None,
        cpath: None,
    };
    l.collect(&config.directives);
    let mut texts = vec![];
    l.lua_texts(&config.directives, &mut texts);
    if let Some(p) = crate::lua::package_path::effective(l.path.as_deref(), texts.into_iter()) {
        l.path = Some(p);
    }
    l.walk(&config.directives);
    // A Lua file or module that several directives load is checked once per use; its problems
    // are one each.
    let mut seen = HashSet::new();
    l.diags
        .retain(|d| seen.insert((d.severity, d.code, d.message.clone(), d.span)));
    l.diags
}

/// The directory `*_by_lua_file` paths and `$prefix` resolve against at build time.
pub fn config_dir(config: &Config) -> PathBuf {
    let main = config.sources.files.get(config.main.0 as usize);
    main.map(|f| crate::conf::build_prefix(&f.path))
        .unwrap_or_default()
}

struct Linter<'c> {
    config: &'c Config,
    dir: PathBuf,
    diags: Vec<Diagnostic>,
    dicts: HashSet<String>,
    upstreams: HashSet<String>,
    path: Option<String>,
    cpath: Option<String>,
}

/// One Lua chunk and where its text sits: byte `base` of `file` is the chunk's first byte.
struct Chunk<'a> {
    text: &'a str,
    file: FileId,
    base: usize,
    /// The whole directive argument or body, to clamp approximate positions into.
    limit: Span,
    phase: Option<Phase>,
}

impl<'c> Linter<'c> {
    /// Names defined anywhere: shared dicts, upstreams, package paths.
    fn collect(&mut self, dirs: &[Directive]) {
        for d in dirs {
            match d.name.as_str() {
                "lua_shared_dict" => {
                    if let Some(n) = d.arg(0) {
                        self.dicts.insert(n.to_string());
                    }
                }
                "upstream" => {
                    if let Some(n) = d.arg(0) {
                        self.upstreams.insert(n.to_string());
                    }
                }
                "lua_package_path" => self.path = d.arg(0).map(str::to_string),
                "lua_package_cpath" => self.cpath = d.arg(0).map(str::to_string),
                _ => {}
            }
            self.collect(d.children());
        }
    }

    /// The text of every Lua chunk in `dirs` (blocks, strings, files found).
    fn lua_texts<'a>(&'a self, dirs: &'a [Directive], out: &mut Vec<&'a str>) {
        for d in dirs {
            if d.name.contains("_by_lua") {
                if let Some(body) = &d.lua {
                    out.push(&body.text);
                } else if let Some(arg) = lua_file_arg(d) {
                    let path = resolve_lua_file(&self.dir, &arg.value);
                    let files = &self.config.sources.files;
                    if let Some(f) = files.iter().find(|f| Some(&f.path) == path.as_ref()) {
                        out.push(&f.text);
                    }
                } else if let Some(arg) = d.args.get(usize::from(d.name == "set_by_lua")) {
                    out.push(&arg.value);
                }
            }
            self.lua_texts(d.children(), out);
        }
    }

    fn walk(&mut self, dirs: &[Directive]) {
        for d in dirs {
            if d.name.contains("_by_lua") {
                self.lua_directive(d);
            } else if d.name == "proxy_pass" {
                self.proxy_pass(d);
            }
            self.walk(d.children());
        }
    }

    fn lua_directive(&mut self, d: &Directive) {
        let phase = Phase::from_directive(&d.name);
        if let Some(body) = &d.lua {
            let chunk = Chunk {
                text: &body.text,
                file: body.span.file,
                base: body.span.start as usize,
                limit: body.span,
                phase,
            };
            return self.chunk(&chunk);
        }
        if let Some(arg) = lua_file_arg(d) {
            let Some(path) = resolve_lua_file(&self.dir, &arg.value) else {
                return;
            };
            let sources = &self.config.sources;
            match sources.files.iter().position(|f| f.path == path) {
                Some(i) => {
                    let f = &sources.files[i];
                    let id = FileId(i as u32);
                    let chunk = Chunk {
                        text: &f.text,
                        file: id,
                        base: 0,
                        limit: Span::new(id, 0, f.text.len()),
                        phase,
                    };
                    self.chunk(&chunk);
                }
                None => self.diags.push(
                    Diagnostic::error(
                        "lua-file-not-found",
                        format!(
                            "failed to load external Lua file \"{}\": cannot open {}",
                            path.display(),
                            path.display()
                        ),
                        arg.span,
                    )
                    .with_help(format!(
                        "relative paths are resolved against the prefix, as nginx's are: {} (the config's directory, or its parent when that is `conf/`)",
                        if self.dir.as_os_str().is_empty() { ".".into() } else { self.dir.display().to_string() }
                    )),
                ),
            }
            return;
        }
        // The string forms: `content_by_lua '...'`, `set_by_lua $v '...' args`.
        let code_arg = if d.name == "set_by_lua" {
            d.args.get(1)
        } else {
            d.args.first()
        };
        if d.name.ends_with("_by_lua")
            && let Some(arg) = code_arg
        {
            let quoted = arg.quote != Quote::None;
            let base = arg.span.start as usize + usize::from(quoted);
            let chunk = Chunk {
                text: &arg.value,
                file: arg.span.file,
                base,
                limit: arg.span,
                phase,
            };
            self.chunk(&chunk);
        }
    }

    fn span_in(&self, chunk: &Chunk, start: usize, end: usize) -> Span {
        let lo = chunk.limit.start as usize;
        let hi = chunk.limit.end as usize;
        let s = (chunk.base + start).clamp(lo, hi);
        let e = (chunk.base + end).clamp(s, hi);
        Span::new(chunk.file, s, e)
    }

    fn chunk(&mut self, chunk: &Chunk) {
        if let Some(at) = crate::lua::too_deep(chunk.text) {
            let span = self.span_in(chunk, at, at + 1);
            self.diags.push(Diagnostic::error(
                "lua-syntax",
                "Lua syntax error: chunk has too many syntax levels".to_string(),
                span,
            ));
            return;
        }
        let result = full_moon::parse_fallible(chunk.text, full_moon::LuaVersion::luajit());
        if let Some(e) = result.errors().first() {
            let (s, en) = e.range();
            let span = self.span_in(chunk, s.bytes(), en.bytes().max(s.bytes() + 1));
            let msg = e.error_message();
            // Tokenizer messages end with chunk-relative positions, e.g. `(2:19 to 3:1)`: the
            // diagnostic has the real position, so drop them.
            let msg = match msg.rsplit_once(" (") {
                Some((m, tail)) if tail.ends_with(')') && tail.contains(" to ") => m.to_string(),
                _ => msg.to_string(),
            };
            self.diags.push(Diagnostic::error(
                "lua-syntax",
                format!("Lua syntax error: {msg}"),
                span,
            ));
            return;
        }
        // What full_moon accepts LuaJIT may still refuse to compile (a `goto` to no label, a
        // `break` outside a loop). nginx accepts such a config and answers 500 to every request
        // that runs the chunk, so this is a warning.
        if let Some((line, msg)) = restyc_runtime::lua::compile_error(chunk.text) {
            let start: usize = chunk
                .text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let len = chunk.text[start.min(chunk.text.len())..]
                .find('\n')
                .unwrap_or(chunk.text.len() - start.min(chunk.text.len()));
            let span = self.span_in(chunk, start, start + len.max(1));
            self.diags.push(
                Diagnostic::warning("lua-compile", format!("LuaJIT cannot compile this Lua: {msg}"), span)
                    .with_help("nginx loads the configuration and answers 500 to every request that runs this code"),
            );
        }
        let mut v = Collector::default();
        v.visit_ast(result.ast());
        for (path, start, end, kind) in v.found {
            let span = self.span_in(chunk, start, end);
            match kind {
                Found::Shared(name) => {
                    if !self.dicts.contains(&name) {
                        self.diags.push(
                            Diagnostic::error(
                                "unknown-shared-dict",
                                format!("ngx.shared.{name} is not defined by any lua_shared_dict"),
                                span,
                            )
                            .with_help(format!(
                                "add `lua_shared_dict {name} 10m;` to the http block, or fix the name{}",
                                hint_names(&name, &self.dicts)
                            )),
                        );
                    }
                }
                Found::Api { top_level } => {
                    let (Some(p), true) = (chunk.phase, top_level) else {
                        continue;
                    };
                    if let Some(allowed) = api_contexts(&path)
                        && !phase::allowed_in(allowed, p)
                    {
                        self.diags.push(
                            Diagnostic::error(
                                "api-disabled",
                                format!(
                                    "API disabled in the context of {} ({path})",
                                    p.context_name()
                                ),
                                span,
                            )
                            .with_help(format!(
                                "OpenResty raises this error when {path} runs in {}",
                                p.context_name()
                            )),
                        );
                    }
                }
                Found::Require(name) => self.require(&name, span),
            }
        }
    }

    fn require(&mut self, name: &str, span: Span) {
        let bundled = BUNDLED_MODULES.iter().any(|m| {
            if m.ends_with('.') {
                name.starts_with(m)
            } else {
                *m == name
            }
        });
        if bundled || restyc_runtime::ngx::misc::CORE_MODULES.contains(&name) {
            return;
        }
        let file = name.replace('.', "/");
        let mut tried = Vec::new();
        for (setting, default) in [
            (&self.path, DEFAULT_LUA_PATH),
            (&self.cpath, DEFAULT_LUA_CPATH),
        ] {
            for template in search_path(setting.as_deref(), default) {
                let candidate = template.replace('?', &file);
                let p = Path::new(&candidate);
                let p = if p.is_absolute() {
                    p.to_path_buf()
                } else {
                    self.dir.join(p)
                };
                if p.is_file() {
                    return;
                }
                tried.push(p.display().to_string());
            }
        }
        // Not on the path: restyc's own copy of an OpenResty library serves (as OpenResty's
        // lualib, last on its path, would).
        if restyc_runtime::lib::lua_modules().any(|(m, _)| m == name) {
            return;
        }
        let shown: Vec<String> = tried
            .iter()
            .take(4)
            .map(|t| format!("no file '{t}'"))
            .collect();
        if OPENRESTY_LIBRARIES.iter().any(|m| {
            if m.ends_with('.') {
                name.starts_with(m)
            } else {
                *m == name
            }
        }) {
            // OpenResty ships it in its lualib directory; restyc does not bundle it yet, so every
            // request that gets to this require would fail: say so now.
            self.diags.push(
                Diagnostic::error("module-not-bundled", format!("module '{name}' comes with OpenResty but is not bundled with restyc yet"), span)
                    .with_help("put a copy of the library on lua_package_path (e.g. /usr/share/lua/5.1/?.lua for Debian's lua-nginx-* packages) so restyc bakes it into the server"),
            );
            return;
        }
        self.diags.push(
            Diagnostic::error("module-not-found", format!("module '{name}' not found"), span).with_help(format!(
                "{}{}; restyc bundles cjson, the ngx.* modules and some lua-resty-* libraries, and resolves every require at build time from lua_package_path (and what Lua code adds to package.path with string literals and ngx.config.prefix()); add the module's directory to lua_package_path",
                shown.join(", "),
                if tried.len() > 4 { ", ..." } else { "" }
            )),
        );
    }

    fn proxy_pass(&mut self, d: &Directive) {
        let Some(arg) = d.args.first() else { return };
        let url = arg.value.as_str();
        let Some(rest) = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"))
        else {
            return;
        };
        let hostport = rest.split('/').next().unwrap_or("");
        if hostport.contains('$') || hostport.starts_with("unix:") || hostport.starts_with('[') {
            return;
        }
        let host = hostport.split(':').next().unwrap_or("");
        let has_port = hostport.contains(':');
        if self.upstreams.contains(hostport) || self.upstreams.contains(host) {
            return;
        }
        if host.contains('.') || has_port || host == "localhost" || host.is_empty() {
            return;
        }
        let start = arg.span.start as usize
            + usize::from(arg.quote != Quote::None)
            + (url.len() - rest.len());
        let span = Span::new(arg.span.file, start, start + host.len());
        self.diags.push(
            Diagnostic::warning(
                "unknown-upstream",
                format!("host not found in upstream \"{host}\" (no upstream block of that name)"),
                span,
            )
            .with_help(format!(
                "nginx resolves \"{host}\" through DNS at startup and fails if it cannot; define `upstream {host} {{ server ...; }}` or use a full host name{}",
                hint_names(host, &self.upstreams)
            )),
        );
    }
}

/// `lua_package_path` entries, `;;` standing for the defaults and `$prefix` for the config dir.
fn search_path(setting: Option<&str>, default: &[&str]) -> Vec<String> {
    let Some(s) = setting else {
        return default.iter().map(|d| d.to_string()).collect();
    };
    let mut out: Vec<String> = Vec::new();
    let expanded = s.replace("${prefix}", "").replace("$prefix", "");
    // With `$prefix` removed, `$prefix/lua/?.lua` becomes `/lua/?.lua`: make it relative.
    let prefixed = s.contains("$prefix") || s.contains("${prefix}");
    for (i, entry) in expanded.split(';').enumerate() {
        let orig = s.split(';').nth(i).unwrap_or("");
        if entry.is_empty() {
            if !out.iter().any(|o| o == "./?.lua") {
                out.extend(default.iter().map(|d| d.to_string()));
            }
            continue;
        }
        let relative = prefixed && (orig.starts_with("$prefix") || orig.starts_with("${prefix}"));
        out.push(if relative {
            entry.trim_start_matches('/').to_string()
        } else {
            entry.to_string()
        });
    }
    out
}

fn hint_names(name: &str, known: &HashSet<String>) -> String {
    let best = known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!(" (did you mean \"{k}\"?)"),
        None => String::new(),
    }
}

/// The contexts in which an `ngx.*` API may be called, from the runtime's table.
fn api_contexts(path: &str) -> Option<Contexts> {
    Some(match path {
        "ngx.say" | "ngx.print" | "ngx.flush" | "ngx.eof" | "ngx.exec" | "ngx.redirect"
        | "ngx.send_headers" => phase::OUTPUT,
        "ngx.exit" => phase::EXIT,
        "ngx.sleep" => phase::SLEEP,
        "ngx.socket.tcp" | "ngx.socket.udp" | "ngx.socket.connect" | "ngx.socket.stream"
        | "ngx.thread.spawn" | "ngx.thread.wait" | "ngx.thread.kill" => phase::COSOCKET,
        "ngx.req.read_body"
        | "ngx.req.socket"
        | "ngx.location.capture"
        | "ngx.location.capture_multi"
        | "ngx.on_abort" => phase::BODY_READ,
        "ngx.var" => phase::VAR,
        p if p.starts_with("ngx.req.") => phase::REQUEST,
        _ => return None,
    })
}

/// What the collector found, with the dotted path and byte range in the chunk.
enum Found {
    Shared(String),
    /// A call or access of `ngx.*`; `top_level` when not inside a function body.
    Api {
        top_level: bool,
    },
    Require(String),
}

#[derive(Default)]
struct Collector {
    /// Depth of function bodies around the current node.
    depth: usize,
    found: Vec<(String, usize, usize, Found)>,
    seen: HashSet<usize>,
}

/// The name of an identifier token, or the value of a string literal.
fn token_name(t: &TokenReference) -> Option<String> {
    match t.token_type() {
        TokenType::Identifier { identifier } => Some(identifier.to_string()),
        TokenType::StringLiteral { literal, .. } => Some(literal.to_string()),
        _ => None,
    }
}

fn range(t: &TokenReference) -> (usize, usize) {
    (t.start_position().bytes(), t.end_position().bytes())
}

impl Collector {
    /// `ngx.a.b` from a prefix and its suffixes: the dotted names up to the first call or
    /// non-constant index, and whether a call follows them directly.
    fn dotted<'a>(
        prefix: &Prefix,
        suffixes: impl Iterator<Item = &'a Suffix>,
    ) -> Option<(Vec<String>, bool, usize, usize)> {
        let Prefix::Name(head) = prefix else {
            return None;
        };
        let mut names = vec![token_name(head)?];
        let (start, mut end) = range(head);
        for s in suffixes {
            match s {
                Suffix::Index(Index::Dot { name, .. }) => {
                    names.push(token_name(name)?);
                    end = range(name).1;
                }
                Suffix::Index(Index::Brackets { expression, .. }) => match expression.as_ref() {
                    Expression::String(t) => {
                        names.push(token_name(t)?);
                        end = range(t).1;
                    }
                    _ => return Some((names, false, start, end)),
                },
                Suffix::Call(_) => return Some((names, true, start, end)),
                _ => return Some((names, false, start, end)),
            }
        }
        Some((names, false, start, end))
    }

    fn record(&mut self, names: &[String], called: bool, start: usize, end: usize) {
        if names.first().map(String::as_str) != Some("ngx") || !self.seen.insert(start) {
            return;
        }
        if names.len() >= 3 && names[1] == "shared" {
            self.found
                .push((names.join("."), start, end, Found::Shared(names[2].clone())));
            return;
        }
        let top_level = self.depth == 0;
        if names.len() >= 2 && names[1] == "var" {
            self.found
                .push(("ngx.var".into(), start, end, Found::Api { top_level }));
        } else if called && names.len() >= 2 {
            self.found
                .push((names.join("."), start, end, Found::Api { top_level }));
        }
    }
}

impl Visitor for Collector {
    fn visit_function_body(&mut self, _: &ast::FunctionBody) {
        self.depth += 1;
    }
    fn visit_function_body_end(&mut self, _: &ast::FunctionBody) {
        self.depth = self.depth.saturating_sub(1);
    }
    fn visit_function_call(&mut self, call: &ast::FunctionCall) {
        // `require "x"` / `require("x")`
        if let Prefix::Name(n) = call.prefix()
            && token_name(n).as_deref() == Some("require")
            && let Some(Suffix::Call(Call::AnonymousCall(args))) = call.suffixes().next()
        {
            let lit = match args.as_ref() {
                FunctionArgs::String(t) => Some(t),
                FunctionArgs::Parentheses { arguments, .. } => match arguments.iter().next() {
                    Some(Expression::String(t)) if arguments.len() == 1 => Some(t),
                    _ => None,
                },
                _ => None,
            };
            if let Some(t) = lit
                && let Some(name) = token_name(t)
            {
                let (s, e) = range(t);
                self.found.push((name.clone(), s, e, Found::Require(name)));
            }
        }
        if let Some((names, called, s, e)) = Self::dotted(call.prefix(), call.suffixes()) {
            self.record(&names, called, s, e);
        }
    }
    fn visit_var(&mut self, var: &Var) {
        if let Var::Expression(v) = var
            && let Some((names, called, s, e)) = Self::dotted(v.prefix(), v.suffixes())
        {
            self.record(&names, called, s, e);
        }
    }
}
