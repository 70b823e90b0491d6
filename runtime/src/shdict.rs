//! Placeholder until the shared-dict store lands (the cross-worker store behind lua_shared_dict).

use std::collections::HashMap;

pub struct ShDicts {
    pub sizes: HashMap<String, u64>,
}

impl ShDicts {
    pub fn new(decls: &[(String, u64)]) -> ShDicts {
        ShDicts { sizes: decls.iter().cloned().collect() }
    }
}
