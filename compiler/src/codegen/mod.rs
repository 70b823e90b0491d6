//! Code generation: the emitted Cargo project.
//!
//! - `project`: the files of the generated crate (askama templates from `templates/`, the
//!   Plan as JSON, `handlers.rs` from tokens).
//! - `handlers`: native handlers as Rust tokens (quote), checked with syn, printed with
//!   prettyplease.

pub mod handlers;
pub mod project;
