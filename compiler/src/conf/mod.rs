//! The nginx.conf front end: parse, expand includes, check against the directive registry.
//!
//! # Layout
//! - `ast`: the syntax tree with exact spans (the contract with `plan::lower`).
//! - `parse`: the tokenizer/parser of one file (nginx's `ngx_conf_read_token`, and
//!   lua-nginx-module's Lua block lexer for `*_by_lua_block`).
//! - `include`: `load`/`parse_str`: files, `include` with globs, cycles, the built-in mime.types.
//! - `registry`: every directive restyc knows, as one table of data.
//! - `check`: the generic checks nginx makes while reading a config, in nginx's words.
//!
//! A typical caller: `let (config, warnings) = conf::load(path)?;` then `conf::check(&config)`
//! and `lint::run(&config)`; `conf::check_file` does all three.

pub mod ast;
pub(crate) mod check;
mod include;
pub mod parse;
pub mod registry;

pub use check::{check, parse_size};
pub use include::{
    BUILTIN_MIME_TYPES, LoadResult, build_prefix, load, lua_file_arg, parse_str, resolve_lua_file,
};

use crate::diag::Diagnostic;
use ast::SourceMap;
use std::path::Path;

/// `load`, then `check`, then `lint::run`: everything `restyc check` reports, sorted by
/// position (errors of one file in source order). The `SourceMap` renders the diagnostics.
pub fn check_file(path: &Path) -> (SourceMap, Vec<Diagnostic>) {
    match load(path) {
        Err((sources, diags)) => (sources, diags),
        Ok((config, mut diags)) => {
            diags.extend(check(&config));
            diags.extend(crate::lint::run(&config));
            sort_diagnostics(&mut diags);
            (config.sources, diags)
        }
    }
}

/// Orders diagnostics by file and position; diagnostics without a span come first.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.map(|s| (s.file.0, s.start, s.end)));
}
