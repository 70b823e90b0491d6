//! The nginx.conf tokenizer and parser: one file's text → directives with exact spans.
//!
//! Mirrors `ngx_conf_read_token` (nginx `src/core/ngx_conf_file.c`) state for state, so that a
//! file nginx accepts parses to the same arguments, and a file nginx rejects is rejected with
//! nginx's words. `*_by_lua_block` bodies are scanned the way lua-nginx-module's
//! `ngx_http_lua_conf_lua_block_parse` does: only Lua strings, long brackets and comments are
//! recognised, everything else is raw text in which `{` and `}` are counted.
//!
//! Unlike nginx, the parser recovers after an error (at the next `;` or `}`) so that one run
//! reports every syntax error it can; errors after the first never hide the first.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{take_till, take_while, take_while1},
    character::complete::char,
    combinator::recognize,
    multi::many0_count,
    sequence::pair,
};

use super::ast::{Arg, Block, Directive, FileId, LuaBody, Quote, Span};
use crate::diag::Diagnostic;

/// nginx's whitespace: only these four separate tokens.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Whitespace and `#` comments between tokens (a `#` starts a comment only where a token could
/// start; inside a word it is an ordinary character).
fn trivia(i: &str) -> IResult<&str, &str> {
    recognize(many0_count(alt((
        take_while1(is_space),
        recognize(pair(char('#'), take_till(|c| c == '\n'))),
    ))))
    .parse(i)
}

/// The raw text of an unquoted word: up to whitespace, `;` or `{`. A `\` takes the next
/// character literally and `{` right after `$` belongs to the word (`${var}`). `}` does not end
/// a word, as in nginx.
fn bare_word(i: &str) -> IResult<&str, &str> {
    let b = i.as_bytes();
    let mut k = 0;
    let mut after_dollar = false;
    while k < b.len() {
        let c = b[k];
        // (nginx keeps its `variable` flag across the `{`: `${{x}}` is one word too)
        if c == b'{' && after_dollar {
            k += 1;
            continue;
        }
        after_dollar = false;
        match c {
            b'\\' => {
                // The escaped character may be multi-byte: step over the whole char.
                k += 1;
                if k < b.len() {
                    k += utf8_len(b[k]);
                }
                continue;
            }
            b'$' => after_dollar = true,
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'{' => break,
            _ => {}
        }
        k += 1;
    }
    let k = k.min(b.len());
    Ok((&i[k..], &i[..k]))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The raw text between quotes (`q` is `"` or `'`), stopping before the closing quote.
/// Returns an error when the file ends first.
fn quoted_body(q: u8) -> impl Fn(&str) -> IResult<&str, &str> {
    move |i: &str| {
        let b = i.as_bytes();
        let mut k = 0;
        while k < b.len() {
            match b[k] {
                b'\\' => {
                    k += 1;
                    if k < b.len() {
                        k += utf8_len(b[k]);
                    }
                    continue;
                }
                c if c == q => return Ok((&i[k..], &i[..k])),
                _ => k += 1,
            }
        }
        Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Eof,
        )))
    }
}

/// nginx's escape rules, the same inside and outside quotes: `\"`, `\'`, `\\` give the
/// character, `\t`, `\r`, `\n` the control character; any other `\x` stays as written.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.peek() {
                Some(&n @ ('"' | '\'' | '\\')) => {
                    out.push(n);
                    it.next();
                    continue;
                }
                Some('t') => {
                    out.push('\t');
                    it.next();
                    continue;
                }
                Some('r') => {
                    out.push('\r');
                    it.next();
                    continue;
                }
                Some('n') => {
                    out.push('\n');
                    it.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// What the Lua block lexer found next.
enum LuaTok {
    Open,
    Close,
    /// A string, comment or long bracket: skipped as a whole.
    Skip,
    /// `[=*[` or `--[=*[` without its closing bracket: (the closing bracket expected).
    Unclosed(String),
}

/// Level of a long bracket opening at `i` (`[[` → 0, `[==[` → 2), if one opens there.
fn long_bracket(i: &str) -> Option<usize> {
    let rest = i.strip_prefix('[')?;
    let (after, eqs) = take_while::<_, &str, nom::error::Error<&str>>(|c| c == '=')(rest).ok()?;
    after.starts_with('[').then_some(eqs.len())
}

/// The next Lua token that matters for brace matching, and where the scan continues.
/// `None` at end of input.
fn lua_token(i: &str) -> Option<(usize, usize, LuaTok)> {
    let b = i.as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'{' => return Some((k, k + 1, LuaTok::Open)),
            b'}' => return Some((k, k + 1, LuaTok::Close)),
            b'-' if b.get(k + 1) == Some(&b'-') => {
                let start = k;
                if let Some(level) = long_bracket(&i[k + 2..]) {
                    return Some(long_string(i, start, k + 2, level));
                }
                let end = i[k..].find('\n').map(|n| k + n).unwrap_or(b.len());
                return Some((start, end, LuaTok::Skip));
            }
            b'[' => {
                if let Some(level) = long_bracket(&i[k..]) {
                    return Some(long_string(i, k, k, level));
                }
                k += 1;
            }
            q @ (b'"' | b'\'') => {
                // A short string never spans a line; an unterminated one is ordinary text
                // (lua-nginx-module's lexer does the same).
                let mut j = k + 1;
                let mut closed = None;
                while j < b.len() {
                    match b[j] {
                        b'\\' if j + 1 < b.len() && b[j + 1] != b'\n' => j += 2,
                        b'\n' | b'\\' => break,
                        c if c == q => {
                            closed = Some(j + 1);
                            break;
                        }
                        _ => j += 1,
                    }
                }
                match closed {
                    Some(end) => return Some((k, end, LuaTok::Skip)),
                    None => k += 1,
                }
            }
            _ => k += 1,
        }
    }
    None
}

fn long_string(i: &str, start: usize, bracket: usize, level: usize) -> (usize, usize, LuaTok) {
    let close = format!("]{}]", "=".repeat(level));
    let body = bracket + level + 2;
    match i[body..].find(&close) {
        Some(n) => (start, body + n + close.len(), LuaTok::Skip),
        None => (start, i.len(), LuaTok::Unclosed(close)),
    }
}

/// One token of nginx's grammar.
enum Tok {
    Word(Arg),
    Semi(usize),
    Open(usize),
    Close(usize),
    Eof,
}

/// Parses one file. Diagnostics collect in `diags`; the directives returned are those that
/// parsed (a directive with a syntax error is dropped).
pub struct FileParser<'s> {
    src: &'s str,
    file: FileId,
    pos: usize,
    /// After a closing quote nginx requires whitespace, `;`, `{` or `)`.
    need_space: bool,
    /// The file ended inside something: report it once, not once per open block.
    eof_reported: bool,
    pub diags: Vec<Diagnostic>,
}

impl<'s> FileParser<'s> {
    pub fn new(src: &'s str, file: FileId) -> FileParser<'s> {
        FileParser {
            src,
            file,
            pos: 0,
            need_space: false,
            eof_reported: false,
            diags: Vec::new(),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn rest(&self) -> &'s str {
        &self.src[self.pos..]
    }

    fn error(&mut self, code: &'static str, msg: impl Into<String>, start: usize, end: usize) {
        let d = Diagnostic::error(code, msg, self.span(start, end));
        self.diags.push(d);
    }

    /// The whole file: top-level directives.
    pub fn parse_file(mut self) -> (Vec<Directive>, Vec<Diagnostic>) {
        let (dirs, _) = self.directives(None);
        (dirs, self.diags)
    }

    fn next_tok(&mut self) -> Tok {
        loop {
            if self.need_space {
                self.need_space = false;
                let Some(c) = self.rest().chars().next() else {
                    return Tok::Eof;
                };
                match c {
                    c if is_space(c) => {}
                    ';' => {
                        self.pos += 1;
                        return Tok::Semi(self.pos - 1);
                    }
                    '{' => {
                        self.pos += 1;
                        return Tok::Open(self.pos - 1);
                    }
                    // `if ($a = "x")`: `)` starts the next word.
                    ')' => return self.word(),
                    c => {
                        let start = self.pos;
                        self.error(
                            "unexpected-character",
                            format!("unexpected \"{c}\""),
                            start,
                            start + c.len_utf8(),
                        );
                        // Recover: drop the rest of this word.
                        let (_, junk) = bare_word(self.rest()).unwrap_or(("", ""));
                        self.pos += junk.len().max(c.len_utf8());
                        continue;
                    }
                }
            }
            let (rest, _) = trivia(self.rest()).unwrap_or((self.rest(), ""));
            self.pos = self.src.len() - rest.len();
            return match rest.as_bytes().first() {
                None => Tok::Eof,
                Some(b';') => {
                    self.pos += 1;
                    Tok::Semi(self.pos - 1)
                }
                Some(b'{') => {
                    self.pos += 1;
                    Tok::Open(self.pos - 1)
                }
                Some(b'}') => {
                    self.pos += 1;
                    Tok::Close(self.pos - 1)
                }
                Some(_) => self.word(),
            };
        }
    }

    /// A word at `self.pos`: quoted or bare. At end of file inside quotes: `Eof`.
    fn word(&mut self) -> Tok {
        let start = self.pos;
        let rest = self.rest();
        let quote = match rest.as_bytes().first() {
            Some(b'"') => Quote::Double,
            Some(b'\'') => Quote::Single,
            _ => Quote::None,
        };
        match quote {
            Quote::None => {
                let (after, raw) = bare_word(rest).unwrap_or(("", rest));
                self.pos = self.src.len() - after.len();
                Tok::Word(Arg {
                    value: unescape(raw),
                    quote,
                    span: self.span(start, self.pos),
                })
            }
            Quote::Double | Quote::Single => {
                let q = if quote == Quote::Double { b'"' } else { b'\'' };
                match quoted_body(q)(&rest[1..]) {
                    Ok((after, raw)) => {
                        // `after` starts at the closing quote.
                        self.pos = self.src.len() - after.len() + 1;
                        self.need_space = true;
                        Tok::Word(Arg {
                            value: unescape(raw),
                            quote,
                            span: self.span(start, self.pos),
                        })
                    }
                    Err(_) => {
                        self.pos = self.src.len();
                        Tok::Eof
                    }
                }
            }
        }
    }

    fn eof_error(&mut self, msg: &str) {
        if self.eof_reported {
            return;
        }
        self.eof_reported = true;
        let end = self.src.len();
        self.error("unexpected-eof", msg, end, end);
    }

    /// Directives up to the matching `}` (when `open` is the position of a `{`) or to the end
    /// of the file. Returns the directives and the position of the closing `}`.
    fn directives(&mut self, open: Option<usize>) -> (Vec<Directive>, Option<usize>) {
        let mut out = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        loop {
            match self.next_tok() {
                Tok::Word(a) => args.push(a),
                Tok::Semi(p) => {
                    if args.is_empty() {
                        self.error("unexpected-character", "unexpected \";\"", p, p + 1);
                        continue;
                    }
                    out.push(make_directive(
                        std::mem::take(&mut args),
                        None,
                        None,
                        self.span(p, p + 1),
                    ));
                }
                Tok::Open(p) => {
                    if args.is_empty() {
                        self.error("unexpected-character", "unexpected \"{\"", p, p + 1);
                        // Parse and drop the block so its `}` does not end ours.
                        let _ = self.directives(Some(p));
                        continue;
                    }
                    let is_lua = args[0].value.ends_with("_by_lua_block");
                    if is_lua {
                        match self.lua_body(p) {
                            Some((body, close)) => {
                                let end = self.span(close, close + 1);
                                out.push(make_directive(
                                    std::mem::take(&mut args),
                                    None,
                                    Some(body),
                                    end,
                                ));
                            }
                            None => return (out, None),
                        }
                    } else {
                        let saved = (self.pos, self.diags.len(), self.eof_reported);
                        let (children, close) = self.directives(Some(p));
                        // nginx rejects an unknown directive when it reads its `{`, before the
                        // block. If the block does not parse (say, Lua under a misspelt
                        // `content_by_lua_blok`), report what nginx reports and skip the body
                        // with the Lua-aware matcher, which accepts any balanced text.
                        if self.diags.len() > saved.1
                            && super::registry::lookup(&args[0].value).is_empty()
                        {
                            (self.pos, self.eof_reported) = (saved.0, saved.2);
                            self.diags.truncate(saved.1);
                            let name = &args[0];
                            let mut d = Diagnostic::error(
                                "unknown-directive",
                                format!("unknown directive \"{}\"", name.value),
                                name.span,
                            );
                            if let Some(h) =
                                super::registry::closest(&name.value, super::registry::ANY)
                            {
                                d = d.with_help(format!("did you mean \"{h}\"?"));
                            }
                            self.diags.push(d);
                            args.clear();
                            let n = self.diags.len();
                            if self.lua_body(p).is_none() {
                                // nginx stops at the unknown directive: no second error.
                                self.diags.truncate(n);
                                return (out, None);
                            }
                            continue;
                        }
                        match close {
                            Some(c) => {
                                let block = Block {
                                    directives: children,
                                    span: self.span(p, c + 1),
                                };
                                let end = self.span(c, c + 1);
                                out.push(make_directive(
                                    std::mem::take(&mut args),
                                    Some(block),
                                    None,
                                    end,
                                ));
                            }
                            None => return (out, None),
                        }
                    }
                }
                Tok::Close(p) => {
                    if !args.is_empty() {
                        self.error("unexpected-character", "unexpected \"}\"", p, p + 1);
                        args.clear();
                    }
                    if open.is_some() {
                        return (out, Some(p));
                    }
                    self.error("unexpected-character", "unexpected \"}\"", p, p + 1);
                }
                Tok::Eof => {
                    if !args.is_empty() {
                        self.eof_error("unexpected end of file, expecting \";\" or \"}\"");
                    } else if let Some(o) = open {
                        if !self.eof_reported {
                            self.eof_reported = true;
                            let end = self.src.len();
                            let d = Diagnostic::error(
                                "unexpected-eof",
                                "unexpected end of file, expecting \"}\"",
                                self.span(end, end),
                            )
                            .with_label(self.span(o, o + 1), "this block is never closed");
                            self.diags.push(d);
                        }
                    }
                    return (out, None);
                }
            }
        }
    }

    /// The raw Lua text after the `{` at `open`, up to its matching `}`. Returns the body and
    /// the position of the closing `}`; `None` (with a diagnostic) when the file ends first.
    fn lua_body(&mut self, open: usize) -> Option<(LuaBody, usize)> {
        let body_start = open + 1;
        let mut level = 1usize;
        let mut k = body_start;
        let mut last_open = open;
        loop {
            match lua_token(&self.src[k..]) {
                None => break,
                Some((s, e, tok)) => {
                    let (s, e) = (k + s, k + e);
                    k = e;
                    match tok {
                        LuaTok::Open => {
                            level += 1;
                            last_open = s;
                        }
                        LuaTok::Close => {
                            level -= 1;
                            if level == 0 {
                                self.pos = e;
                                let body = LuaBody {
                                    text: self.src[body_start..s].to_string(),
                                    span: self.span(body_start, s),
                                };
                                return Some((body, s));
                            }
                        }
                        LuaTok::Skip => {}
                        LuaTok::Unclosed(close) => {
                            self.error(
                                "lua-block-unclosed-bracket",
                                format!(
                                    "Lua code block missing the closing long bracket \"{close}\", \
                                     the inlined Lua code may be too long"
                                ),
                                s,
                                (s + 2 + close.len()).min(self.src.len()),
                            );
                            self.eof_reported = true;
                            self.pos = self.src.len();
                            return None;
                        }
                    }
                }
            }
        }
        self.pos = self.src.len();
        self.eof_reported = true;
        // nginx reports the line of the last `{` the Lua lexer saw.
        let d = Diagnostic::error(
            "unexpected-eof",
            "unexpected end of file, expecting terminating characters for lua code block",
            self.span(last_open, last_open + 1),
        )
        .with_label(self.span(open, open + 1), "this Lua block is never closed");
        self.diags.push(d);
        None
    }
}

/// `args[0]` is the name. `end` is the `;` or the closing `}`.
fn make_directive(
    mut args: Vec<Arg>,
    block: Option<Block>,
    lua: Option<LuaBody>,
    end: Span,
) -> Directive {
    let name = args.remove(0);
    let span = name.span.cover(end);
    Directive {
        name: name.value,
        name_span: name.span,
        args,
        block,
        lua,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> (Vec<Directive>, Vec<String>) {
        let (d, diags) = FileParser::new(src, FileId(0)).parse_file();
        (d, diags.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn words_and_escapes() {
        let (d, e) = parse("a \"x\\\"y\" 'q\\'r' b\\;c ${v}x}; ");
        assert!(e.is_empty(), "{e:?}");
        let vals: Vec<_> = d[0].args.iter().map(|a| a.value.as_str()).collect();
        // nginx keeps `\;` as written: only quotes, `\\`, t, r, n are escapes.
        assert_eq!(vals, ["x\"y", "q'r", "b\\;c", "${v}x}"]);
    }

    #[test]
    fn if_paren() {
        let (d, e) = parse("if ($a = \"x\") { return 200; }");
        assert!(e.is_empty(), "{e:?}");
        let vals: Vec<_> = d[0].args.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(vals, ["($a", "=", "x", ")"]);
        assert_eq!(d[0].children()[0].name, "return");
    }

    #[test]
    fn lua_block_braces() {
        let src =
            "content_by_lua_block { ngx.say(\"}\") --}\n local t = {[[}]]} --[==[ } ]==] }\nx 1;";
        let (d, e) = parse(src);
        assert!(e.is_empty(), "{e:?}");
        let lua = d[0].lua.as_ref().expect("lua body");
        assert!(lua.text.contains("local t"));
        assert_eq!(d[1].name, "x");
    }

    #[test]
    fn errors() {
        assert_eq!(parse("a \"b\"c;").1, ["unexpected \"c\""]);
        assert_eq!(
            parse("http {").1,
            ["unexpected end of file, expecting \"}\""]
        );
        assert_eq!(parse("a {").1, ["unknown directive \"a\""]);
        assert_eq!(
            parse("a b").1,
            ["unexpected end of file, expecting \";\" or \"}\""]
        );
        assert_eq!(parse("}").1, ["unexpected \"}\""]);
        assert_eq!(parse(";").1, ["unexpected \";\""]);
        assert_eq!(
            parse("content_by_lua_block { [[ }").1,
            [
                "Lua code block missing the closing long bracket \"]]\", the inlined Lua code may be too long"
            ]
        );
    }
}
