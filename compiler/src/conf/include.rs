//! Loading a configuration: the main file, then every `include` expanded in place.
//!
//! As in nginx, an `include` path is relative to the configuration prefix, which for restyc is
//! the directory of the main config file (not of the including file). A pattern with `*`, `?`
//! or `[` is a glob; a glob that matches nothing is not an error (nginx agrees). A cycle of
//! includes is an error (nginx would recurse until it runs out of file descriptors).
//! `include mime.types;` with no such file falls back to a built-in copy of nginx's stock
//! table, with a warning.

use std::path::{Path, PathBuf};

use super::ast::{Config, Directive, FileId, SourceMap, Span};
use super::parse::FileParser;
use crate::diag::Diagnostic;

/// nginx's stock `mime.types` (from Debian's nginx 1.22.1), used when the file is missing.
pub const BUILTIN_MIME_TYPES: &str = include_str!("mime.types");

/// Ok: the configuration and its warnings. Err: what was read so far and at least one error.
pub type LoadResult = Result<(Config, Vec<Diagnostic>), (SourceMap, Vec<Diagnostic>)>;

/// Reads and parses the config at `path`, includes expanded.
pub fn load(path: &Path) -> LoadResult {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            parse_str(path, &text)
        }
        Err(e) => Err((
            SourceMap::default(),
            vec![Diagnostic::global("file-not-found", open_failed(path, &e))],
        )),
    }
}

/// Parses `text` as if it were the file at `path` (used in messages; includes resolve relative
/// to its directory).
pub fn parse_str(path: impl AsRef<Path>, text: &str) -> LoadResult {
    let path = path.as_ref();
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut loader = Loader {
        sources: SourceMap::default(),
        diags: Vec::new(),
        prefix: build_prefix(path),
        base,
        stack: Vec::new(),
    };
    let main = loader.sources.add(path.to_path_buf(), text.to_string());
    loader.stack.push(canonical(path));
    let directives = loader.parse_file(main);
    loader.lua_files(&directives);
    if loader.diags.iter().any(Diagnostic::is_error) {
        return Err((loader.sources, loader.diags));
    }
    Ok((
        Config {
            sources: loader.sources,
            main,
            directives,
        },
        loader.diags,
    ))
}

struct Loader {
    sources: SourceMap,
    diags: Vec<Diagnostic>,
    /// Where relative include paths start.
    base: PathBuf,
    /// Where `*_by_lua_file` paths start (`build_prefix`).
    prefix: PathBuf,
    /// Files being included right now (canonical paths), for cycle detection.
    stack: Vec<PathBuf>,
}

impl Loader {
    fn parse_file(&mut self, id: FileId) -> Vec<Directive> {
        let text = std::mem::take(&mut self.sources.files[id.0 as usize].text);
        let (dirs, diags) = FileParser::new(&text, id).parse_file();
        self.sources.files[id.0 as usize].text = text;
        self.diags.extend(diags);
        self.expand(dirs)
    }

    /// Replaces each `include` by the directives of the files it names, at every depth.
    fn expand(&mut self, dirs: Vec<Directive>) -> Vec<Directive> {
        let mut out = Vec::with_capacity(dirs.len());
        for mut d in dirs {
            // A malformed include (wrong arity, a block) stays for `check` to report.
            if d.name == "include" && d.args.len() == 1 && d.block.is_none() && d.lua.is_none() {
                out.extend(self.include(&d));
                continue;
            }
            if let Some(block) = d.block.as_mut() {
                let children = std::mem::take(&mut block.directives);
                block.directives = self.expand(children);
            }
            out.push(d);
        }
        out
    }

    fn include(&mut self, d: &Directive) -> Vec<Directive> {
        let arg = &d.args[0];
        let pattern = arg.value.as_str();
        let full = if Path::new(pattern).is_absolute() {
            PathBuf::from(pattern)
        } else {
            self.base.join(pattern)
        };
        let is_glob = pattern.contains(['*', '?', '[']);
        let files: Vec<PathBuf> = if is_glob {
            match glob::glob(&full.to_string_lossy()) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    self.diags.push(Diagnostic::error(
                        "include-bad-pattern",
                        format!("invalid include pattern \"{}\": {}", pattern, e.msg),
                        arg.span,
                    ));
                    return Vec::new();
                }
            }
        } else {
            vec![full]
        };
        let mut out = Vec::new();
        for file in files {
            out.extend(self.include_one(&file, arg.span));
        }
        out
    }

    fn include_one(&mut self, file: &Path, at: Span) -> Vec<Directive> {
        let canon = canonical(file);
        if self.stack.contains(&canon) {
            self.diags.push(
                Diagnostic::error(
                    "include-cycle",
                    format!(
                        "include cycle: \"{}\" is already being included",
                        file.display()
                    ),
                    at,
                )
                .with_help(
                    "an included file must not include itself, directly or through other files",
                ),
            );
            return Vec::new();
        }
        let id = match std::fs::read(file) {
            Ok(bytes) => self.sources.add(
                file.to_path_buf(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ),
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && file.file_name().is_some_and(|n| n == "mime.types") =>
            {
                self.diags.push(
                    Diagnostic::warning(
                        "mime-types-builtin",
                        format!(
                            "\"{}\" not found, using restyc's built-in copy of nginx's mime.types",
                            file.display()
                        ),
                        at,
                    )
                    .with_help("copy mime.types next to the config to silence this warning"),
                );
                self.sources.add(
                    PathBuf::from("<built-in mime.types>"),
                    BUILTIN_MIME_TYPES.to_string(),
                )
            }
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    "include-not-found",
                    open_failed(file, &e),
                    at,
                ));
                return Vec::new();
            }
        };
        self.stack.push(canon);
        let dirs = self.parse_file(id);
        self.stack.pop();
        dirs
    }
}

/// The argument of a `*_by_lua_file` directive that names the file (`set_by_lua_file $v path`
/// has it second).
pub fn lua_file_arg(d: &Directive) -> Option<&super::ast::Arg> {
    if !d.name.ends_with("_by_lua_file") {
        return None;
    }
    d.args.get(if d.name == "set_by_lua_file" { 1 } else { 0 })
}

/// Where a `*_by_lua_file` path points: absolute, or relative to `config_dir` (OpenResty
/// resolves it against the prefix; for restyc that is the main config's directory).
/// `None` when the path has nginx variables (known only per request).
/// The prefix a config is built against. OpenResty resolves `*_by_lua_file` and `$prefix` against
/// the `-p` prefix, unknown at build time: with nginx's own layout (`PREFIX/conf/nginx.conf`) it is
/// the parent of `conf/`, otherwise the config file's directory.
pub fn build_prefix(config_file: &Path) -> PathBuf {
    let dir = config_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    if dir.file_name().is_some_and(|n| n == "conf") {
        if let Some(parent) = dir.parent() {
            return parent.to_path_buf();
        }
    }
    dir
}

pub fn resolve_lua_file(config_dir: &Path, path: &str) -> Option<PathBuf> {
    if path.contains('$') {
        return None;
    }
    let p = Path::new(path);
    Some(if p.is_absolute() {
        p.to_path_buf()
    } else {
        config_dir.join(p)
    })
}

impl Loader {
    /// Reads every `*_by_lua_file` into the source map (once each), so that Lua errors point
    /// into the file and the code generator can embed it. A missing file is `lint`'s to report.
    fn lua_files(&mut self, dirs: &[Directive]) {
        for d in dirs {
            if let Some(arg) = lua_file_arg(d)
                && let Some(path) = resolve_lua_file(&self.prefix, &arg.value)
                && !self.sources.files.iter().any(|f| f.path == path)
                && let Ok(bytes) = std::fs::read(&path)
            {
                self.sources
                    .add(path, String::from_utf8_lossy(&bytes).into_owned());
            }
            self.lua_files(d.children());
        }
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// nginx's wording: `open() "/etc/nginx/x.conf" failed (2: No such file or directory)`.
fn open_failed(path: &Path, e: &std::io::Error) -> String {
    let text = e.to_string();
    let reason = match e.raw_os_error() {
        Some(code) => {
            let msg = text.split(" (os error").next().unwrap_or(&text);
            format!("{code}: {msg}")
        }
        None => text,
    };
    format!("open() \"{}\" failed ({reason})", path.display())
}
