//! Build-time checks of what nginx finds only at run time (work in progress).

use crate::conf::ast::Config;
use crate::diag::Diagnostic;

/// Every Lua and cross-reference problem in `config`.
pub fn run(_config: &Config) -> Vec<Diagnostic> {
    Vec::new()
}
