//! `ngx.thread.spawn`, `ngx.thread.wait`, `ngx.thread.kill`: light threads of one request.

/// The light threads of one Lua handler run.
#[derive(Default)]
pub struct Group {}
