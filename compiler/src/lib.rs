//! restyc: compile an OpenResty configuration (nginx.conf with embedded Lua) into one native server.
//!
//! # Layout
//! - `conf`: nginx.conf parser (nom), includes, the directive registry, generic checks.
//! - `diag`: the diagnostic model and its renderers.
//! - `lint`: checks nginx only makes at run time (Lua syntax, phases, shared dicts, require).
//! - `driver`: the front half of every command (load, check, lint, lower).
//! - `plan`: lowering the AST to the runtime's `Plan` (inheritance, location trees, chunks).
//! - `lua`: which handlers are transpiled to Rust, and why the others are not.
//! - `codegen`: the generated crate (askama templates, quote/syn/prettyplease).
//! - `build`: the cargo driver (embedded runtime sources, shared target dir, static linking).
//! - `routes`: the `restyc routes` table.
//! - `golden`: the expected generated code of every example (`golden/`).

pub mod build;
pub mod codegen;
pub mod conf;
pub mod diag;
pub mod driver;
pub mod golden;
pub mod lint;
pub mod lua;
pub mod plan;
pub mod routes;
