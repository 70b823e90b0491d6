//! From the checked syntax tree to the runtime's `Plan`: servers, listen sockets, locations with
//! their merged configuration, Lua chunks, baked modules — everything resolved at build time.
//!
//! # Layout
//! - `lower`: the walk over the AST, nginx's inheritance rules (`merge`), location trees.
//! - `listen`: `listen` and `server_name` arguments.

mod listen;
mod lower;

pub use lower::lower;
