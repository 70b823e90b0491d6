//! restyc-runtime: the library every restyc-generated server links.
//!
//! # Layout
//! - `phase`: nginx's phases and lua-nginx-module's API contexts (shared with the compiler).

pub mod phase;
