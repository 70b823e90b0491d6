//! The generic checks nginx makes while reading a config (work in progress).

use super::ast::Config;
use crate::diag::Diagnostic;

/// Every generic problem in `config`: unknown directives, wrong context, arity, duplicates.
pub fn check(_config: &Config) -> Vec<Diagnostic> {
    Vec::new()
}
