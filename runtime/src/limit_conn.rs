//! ngx_http_limit_conn_module: `limit_conn_zone` and `limit_conn`, requests in flight per key.
//!
//! A zone counts, per key, the requests that passed its preaccess check and are not finished;
//! every worker shares it. A request holds a [`Slot`] per limit until its main request is freed
//! (nginx's pool cleanup), which covers a client that went away too. Memory is nginx's slab
//! model on the declared size; a key that cannot get a node is rejected.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::plan::{LimitZone, LogLevel};
use crate::request::ReqRef;
use crate::shdict::{Alloc, Slab};
use crate::worker::Worker;

/// `$limit_conn_status` values, as nginx numbers them (0: unset).
pub const PASSED: u8 = 1;
pub const REJECTED: u8 = 2;
pub const REJECTED_DRY_RUN: u8 = 3;

/// The value of `$limit_conn_status`.
pub fn status_name(s: u8) -> Option<&'static str> {
    ["PASSED", "REJECTED", "REJECTED_DRY_RUN"]
        .get((s as usize).checked_sub(1)?)
        .copied()
}

/// `offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_conn_node_t, data)`
const NODE_OVERHEAD: usize = 32 + 4;
/// `sizeof(ngx_http_limit_conn_shctx_t)`, allocated at zone creation
const SHCTX_SIZE: usize = 64;

struct Inner {
    /// key → (requests in flight, its node)
    nodes: HashMap<Vec<u8>, (u32, Alloc)>,
    slab: Slab,
}

pub struct Zone {
    name: String,
    inner: Mutex<Inner>,
}

/// One request counted under one key; dropping it uncounts it (`ngx_http_limit_conn_cleanup`).
pub struct Slot {
    zone: Arc<Zone>,
    key: Vec<u8>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut g = self.zone.lock();
        let inner = &mut *g;
        if let Some((n, alloc)) = inner.nodes.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                let alloc = *alloc;
                inner.nodes.remove(&self.key);
                inner.slab.free(alloc);
            }
        }
    }
}

/// Why a slot was refused.
enum Refused {
    /// `limit_conn NAME N`: N requests already.
    Limit,
    /// No memory for a new key.
    Full,
}

impl Zone {
    pub fn new(decl: &LimitZone) -> Zone {
        let mut slab = Slab::new(decl.size as usize);
        let _ = slab.alloc(SHCTX_SIZE);
        let _ = slab.alloc(" in limit_conn_zone \"\"".len() + 1 + decl.name.len());
        Zone {
            name: decl.name.clone(),
            inner: Mutex::new(Inner {
                nodes: HashMap::new(),
                slab,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn acquire(self: &Arc<Zone>, key: &[u8], max: u32) -> Result<Slot, Refused> {
        let mut g = self.lock();
        let inner = &mut *g;
        match inner.nodes.get_mut(key) {
            Some((n, _)) if *n >= max => return Err(Refused::Limit),
            Some((n, _)) => *n += 1,
            None => {
                let alloc = inner
                    .slab
                    .alloc(NODE_OVERHEAD + key.len())
                    .ok_or(Refused::Full)?;
                inner.nodes.insert(key.to_vec(), (1, alloc));
            }
        }
        Ok(Slot {
            zone: self.clone(),
            key: key.to_vec(),
        })
    }
}

/// The zones of a configuration, built once and shared by every worker.
pub fn zones(decls: &[LimitZone]) -> Vec<Arc<Zone>> {
    decls.iter().map(|d| Arc::new(Zone::new(d))).collect()
}

/// The preaccess handler (`ngx_http_limit_conn_handler`): None to go on, or the status to
/// finalize with.
pub fn handler(w: &Rc<Worker>, r: &ReqRef) -> Option<u16> {
    let lc = &crate::output::conf(w, &r.borrow()).limit_conn;
    if lc.limits.is_empty() {
        return None;
    }
    let limits = crate::request::limits_of(r);
    if limits.conn_status.get() != 0 {
        return None;
    }
    let mut held = vec![];
    for &(zone, max) in &lc.limits {
        let decl = &w.plan.http.limit_conn_zones[zone];
        let key = crate::var::eval(w, &r.borrow(), &decl.key);
        if key.is_empty() {
            continue;
        }
        if key.len() > 255 {
            let msg = format!(
                "the value of the \"{}\" key is more than 255 bytes: \"{}\"",
                decl.key_text,
                String::from_utf8_lossy(&key)
            );
            crate::engine::log_req(w, r, LogLevel::Error, &msg);
            continue;
        }
        limits.conn_status.set(PASSED);
        let z = &w.limit_conn_zones[zone];
        let why = match z.acquire(&key, max) {
            Ok(slot) => {
                held.push(slot);
                continue;
            }
            Err(why) => why,
        };
        match why {
            Refused::Limit => {
                let dry = if lc.dry_run { ", dry run," } else { "" };
                let msg = format!("limiting connections{dry} by zone \"{}\"", z.name);
                crate::engine::log_req(w, r, lc.log_level, &msg);
            }
            Refused::Full => crate::log::write(
                LogLevel::Crit,
                &format!(
                    "ngx_slab_alloc() failed: no memory in limit_conn_zone \"{}\"",
                    z.name
                ),
                None,
            ),
        }
        // The slots this request took are given back at once (cleanup_all).
        drop(held);
        if lc.dry_run {
            limits.conn_status.set(REJECTED_DRY_RUN);
            return None;
        }
        limits.conn_status.set(REJECTED);
        return Some(lc.status);
    }
    limits.conns.borrow_mut().extend(held);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Template;

    fn zone(size: u64) -> Arc<Zone> {
        Arc::new(Zone::new(&LimitZone {
            name: "addr".into(),
            key: Template::default(),
            key_text: "$k".into(),
            size,
            rate: 0,
        }))
    }

    #[test]
    fn slots_up_to_the_limit_and_back() {
        let z = zone(1 << 20);
        let a = z.acquire(b"k", 2).ok();
        let b = z.acquire(b"k", 2).ok();
        assert!(a.is_some() && b.is_some());
        assert!(matches!(z.acquire(b"k", 2), Err(Refused::Limit)));
        drop(a);
        let c = z.acquire(b"k", 2).ok();
        assert!(c.is_some());
        drop((b, c));
        assert!(z.lock().nodes.is_empty(), "the last slot frees the node");
    }

    #[test]
    fn a_full_zone_refuses_new_keys() {
        let z = zone(32768);
        let mut held = vec![];
        loop {
            match z.acquire(format!("key{}", held.len()).as_bytes(), 1) {
                Ok(s) => held.push(s),
                Err(Refused::Full) => break,
                Err(Refused::Limit) => unreachable!("every key is new"),
            }
            assert!(held.len() < 100_000, "the zone never filled up");
        }
        held.pop();
        assert!(z.acquire(b"again", 1).is_ok());
    }

    #[test]
    fn shared_across_threads() {
        let z = zone(1 << 20);
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let z = z.clone();
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        let s = z.acquire(b"k", 4).ok();
                        assert!(s.is_some(), "at most 4 threads hold a slot");
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().expect("thread");
        }
        assert!(z.lock().nodes.is_empty());
    }
}
