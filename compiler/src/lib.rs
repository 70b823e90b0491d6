//! restyc: compile an OpenResty configuration (nginx.conf with embedded Lua) into one native server.
//!
//! # Layout
//! - `conf`: nginx.conf parser (nom), includes, the directive registry, generic checks.
//! - `diag`: the diagnostic model and its renderers.

pub mod conf;
pub mod diag;
pub mod lint;
