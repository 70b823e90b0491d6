//! The nginx.conf syntax tree: directives, arguments and blocks, each with its exact span.
//!
//! Includes are already expanded when a `Config` is returned: an included directive keeps the
//! span of the file it came from, so diagnostics point into the right file.

use std::path::PathBuf;

/// Index of a file in the `SourceMap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file. Line and column are computed only for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }
    /// The smallest span covering both (same file).
    pub fn cover(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file (the main config, an include, a mime.types, a .lua file).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it or as resolved (used in messages).
    pub path: PathBuf,
    pub text: String,
    /// Byte offset at which each line starts (line 1 is index 0).
    pub line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            path,
            text,
            line_starts,
        }
    }
    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line as u32 + 1, col as u32 + 1)
    }
}

/// Every file the parse touched, indexed by `FileId`.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        let f = self.file(span.file);
        f.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
    /// `(path, line, column)` of the start of a span, 1-based.
    pub fn position(&self, span: Span) -> (String, u32, u32) {
        let f = self.file(span.file);
        let (l, c) = f.line_col(span.start);
        (f.path.display().to_string(), l, c)
    }
    /// `path:line:column` of the start of a span.
    pub fn locate(&self, span: Span) -> String {
        let (p, l, c) = self.position(span);
        format!("{p}:{l}:{c}")
    }
}

/// How an argument was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One directive argument. `value` has nginx's escapes applied (`\"`, `\'`, `\\`, `\n`, `\r`, `\t`;
/// the same rules inside and outside quotes, any other `\x` kept as written), `$var` left as
/// written. `span` covers the token as written, quotes included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    pub quote: Quote,
    pub span: Span,
}

/// Raw Lua text of a `*_by_lua_block { ... }` body: everything between the braces, verbatim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LuaBody {
    pub text: String,
    /// Span of the text between the braces.
    pub span: Span,
}

/// One directive: `name args... ;` or `name args... { block }` or `name args... { lua }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub name_span: Span,
    pub args: Vec<Arg>,
    /// Children of a `{ }` block (http, server, location, if, upstream, map, types, ...).
    pub block: Option<Block>,
    /// The body of a `*_by_lua_block`; set instead of `block` for those directives.
    pub lua: Option<LuaBody>,
    /// From the first character of the name to the `;` or the closing `}`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub directives: Vec<Directive>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

/// A parsed configuration, includes expanded.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub sources: SourceMap,
    /// The main file's `FileId`.
    pub main: FileId,
    pub directives: Vec<Directive>,
}

impl Directive {
    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }
    pub fn children(&self) -> &[Directive] {
        self.block
            .as_ref()
            .map(|b| b.directives.as_slice())
            .unwrap_or(&[])
    }
}
