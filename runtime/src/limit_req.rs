//! ngx_http_limit_req_module: `limit_req_zone` and `limit_req`, the leaky bucket per key.
//!
//! A zone keeps, per key, the excess in milli-requests and when it was last updated, as
//! nginx's node does; every worker shares it (behind a mutex, as nginx's zone is behind its
//! shm mutex). Its memory is nginx's slab model on the declared size: a new key evicts stale
//! or, when the zone is full, the least recently used keys (`ngx_http_limit_req_expire`).
//! The handler runs in the preaccess phase, once per main request; the engine sleeps out a
//! delay without blocking the worker.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::{Mutex, MutexGuard};

use crate::plan::{LimitReq, LimitZone, LogLevel};
use crate::request::ReqRef;
use crate::shdict::{Alloc, Slab};
use crate::worker::Worker;

/// `$limit_req_status` values, as nginx numbers them (0: unset).
pub const PASSED: u8 = 1;
pub const DELAYED: u8 = 2;
pub const REJECTED: u8 = 3;
pub const DELAYED_DRY_RUN: u8 = 4;
pub const REJECTED_DRY_RUN: u8 = 5;

/// The value of `$limit_req_status`.
pub fn status_name(s: u8) -> Option<&'static str> {
    [
        "PASSED",
        "DELAYED",
        "REJECTED",
        "DELAYED_DRY_RUN",
        "REJECTED_DRY_RUN",
    ]
    .get((s as usize).checked_sub(1)?)
    .copied()
}

/// `offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_req_node_t, data)`
const NODE_OVERHEAD: usize = 32 + 48;
/// `sizeof(ngx_http_limit_req_shctx_t)`, allocated at zone creation
const SHCTX_SIZE: usize = 80;

struct Node {
    /// milli-requests
    excess: i64,
    /// ms
    last: u64,
    /// requests between lookup and account that hold the node (not evicted meanwhile)
    count: u32,
    /// position in the LRU order (higher: more recent)
    used: u64,
    alloc: Alloc,
}

struct Inner {
    nodes: HashMap<Vec<u8>, Node>,
    /// LRU order: `used` → key
    lru: BTreeMap<u64, Vec<u8>>,
    tick: u64,
    slab: Slab,
}

pub struct Zone {
    name: String,
    /// milli-requests per second
    rate: i64,
    inner: Mutex<Inner>,
}

/// What a lookup found (`ngx_http_limit_req_lookup`'s return codes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    /// Under the burst; the last limit accounted the request.
    Ok,
    /// Under the burst; a further limit decides, the node is held until then.
    Again,
    /// Over the burst.
    Busy,
    /// The zone is full.
    Error,
}

/// nginx's millisecond clock counts from boot, so a node's `last = 0` reads as long ago.
fn now() -> u64 {
    crate::clock::monotonic_ms() + 86_400_000
}

/// Elapsed ms as nginx clamps it (the cached clocks of two workers may disagree a little).
fn elapsed(now: u64, last: u64) -> i64 {
    let ms = now.wrapping_sub(last) as i64;
    if ms < -60000 { 1 } else { ms.max(0) }
}

impl Zone {
    pub fn new(decl: &LimitZone) -> Zone {
        let mut slab = Slab::new(decl.size as usize);
        let _ = slab.alloc(SHCTX_SIZE);
        let _ = slab.alloc(" in limit_req zone \"\"".len() + 1 + decl.name.len());
        Zone {
            name: decl.name.clone(),
            rate: decl.rate as i64,
            inner: Mutex::new(Inner {
                nodes: HashMap::new(),
                lru: BTreeMap::new(),
                tick: 0,
                slab,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `ngx_http_limit_req_lookup`: the excess with this request, and the verdict.
    fn lookup(&self, key: &[u8], burst: u64, account: bool) -> (Verdict, i64) {
        let now = now();
        let mut g = self.lock();
        let inner = &mut *g;
        inner.tick += 1;
        let tick = inner.tick;
        if let Some(n) = inner.nodes.get_mut(key) {
            inner.lru.remove(&n.used);
            n.used = tick;
            inner.lru.insert(tick, key.to_vec());
            let ms = elapsed(now, n.last);
            let excess = self.excess_with_one_more(n, ms);
            if excess as u64 > burst {
                return (Verdict::Busy, excess);
            }
            if account {
                n.excess = excess;
                if ms != 0 {
                    n.last = now;
                }
                return (Verdict::Ok, excess);
            }
            n.count += 1;
            return (Verdict::Again, excess);
        }
        let size = NODE_OVERHEAD + key.len();
        self.expire(inner, 1, now);
        let alloc = match inner.slab.alloc(size) {
            Some(a) => a,
            None => {
                self.expire(inner, 0, now);
                match inner.slab.alloc(size) {
                    Some(a) => a,
                    None => {
                        drop(g);
                        crate::log::write(
                            LogLevel::Alert,
                            &format!(
                                "could not allocate node in limit_req zone \"{}\"",
                                self.name
                            ),
                            None,
                        );
                        return (Verdict::Error, 0);
                    }
                }
            }
        };
        inner.lru.insert(tick, key.to_vec());
        let node = Node {
            excess: 0,
            last: if account { now } else { 0 },
            count: if account { 0 } else { 1 },
            used: tick,
            alloc,
        };
        inner.nodes.insert(key.to_vec(), node);
        (if account { Verdict::Ok } else { Verdict::Again }, 0)
    }

    /// `ngx_http_limit_req_expire`: `n == 1` drops up to two nodes idle long enough to have no
    /// excess left; `n == 0` drops the least recently used one as well, whatever its state.
    fn expire(&self, inner: &mut Inner, mut n: u32, now: u64) {
        while n < 3 {
            let Some((&used, key)) = inner.lru.iter().next() else {
                return;
            };
            let node = &inner.nodes[key];
            // Held nodes are recent: nothing older is worth looking at.
            if node.count > 0 {
                return;
            }
            if n != 0 {
                let ms = (now as i64 - node.last as i64).abs();
                if ms < 60000 || node.excess - self.rate.saturating_mul(ms) / 1000 > 0 {
                    return;
                }
            }
            n += 1;
            let key = key.clone();
            inner.lru.remove(&used);
            if let Some(node) = inner.nodes.remove(&key) {
                inner.slab.free(node.alloc);
            }
        }
    }

    /// The accounting of a held node (`ngx_http_limit_req_account`'s loop body): the excess.
    fn account(&self, key: &[u8]) -> i64 {
        let now = now();
        let mut g = self.lock();
        let Some(n) = g.nodes.get_mut(key) else {
            return 0;
        };
        let ms = elapsed(now, n.last);
        let excess = self.excess_with_one_more(n, ms);
        if ms != 0 {
            n.last = now;
        }
        n.excess = excess;
        n.count = n.count.saturating_sub(1);
        excess
    }

    /// The bucket after leaking for `ms` at the zone's rate, plus this request (milli-requests).
    fn excess_with_one_more(&self, n: &Node, ms: i64) -> i64 {
        (n.excess - self.rate.saturating_mul(ms) / 1000 + 1000).max(0)
    }

    /// Releases a held node without accounting (`ngx_http_limit_req_unlock`).
    fn unlock(&self, key: &[u8]) {
        if let Some(n) = self.lock().nodes.get_mut(key) {
            n.count = n.count.saturating_sub(1);
        }
    }

    /// The delay for `excess` over a limit's `delay` threshold, in ms.
    fn delay_ms(&self, excess: i64, limit: &LimitReq) -> u64 {
        if excess as u64 <= limit.delay {
            0
        } else {
            (excess as u64 - limit.delay).saturating_mul(1000) / self.rate.max(1) as u64
        }
    }
}

/// The zones of a configuration, built once and shared by every worker.
pub fn zones(decls: &[LimitZone]) -> Vec<Zone> {
    decls.iter().map(Zone::new).collect()
}

fn excess_text(e: i64) -> String {
    format!("{}.{:03}", e / 1000, e % 1000)
}

/// Sleeps out a delay; false when the client closed the connection meanwhile: nginx watches the
/// connection of a delayed request (`ngx_http_test_reading`), bytes of a pipelined request
/// only tell it that the client is there.
pub async fn delay(r: &ReqRef, ms: u64) -> bool {
    let client = r.borrow().client.clone();
    let closed = async {
        // (a subrequest's connection is its main request's: not watched twice)
        let Some(stream) = client else {
            return std::future::pending().await;
        };
        let mut b = [0u8; 1];
        if let Ok(1..) = stream.io().peek(&mut b).await {
            std::future::pending::<()>().await;
        }
    };
    let done = tokio::select! {
        _ = crate::rt::time::sleep(std::time::Duration::from_millis(ms)) => true,
        _ = closed => false,
    };
    crate::clock::update();
    done
}

/// What the handler decided.
pub enum Outcome {
    Pass,
    /// Finalize with this status.
    Reject(u16),
    /// Go on after this many ms (the engine sleeps: the worker goes on serving others).
    Delay(u64),
}

/// The preaccess handler (`ngx_http_limit_req_handler`).
pub fn handler(w: &Rc<Worker>, r: &ReqRef) -> Outcome {
    let lc = &crate::output::conf(w, &r.borrow()).limit_req;
    if lc.limits.is_empty() {
        return Outcome::Pass;
    }
    let limits = crate::request::limits_of(r);
    if limits.req_status.get() != 0 {
        return Outcome::Pass;
    }
    let zone = |l: &LimitReq| &w.limit_req_zones[l.zone];
    let mut rc = None;
    let mut excess = 0;
    // Earlier limits whose node this request holds, with its key.
    let mut held: Vec<(&LimitReq, Vec<u8>)> = vec![];
    let mut limit = &lc.limits[0];
    for (n, l) in lc.limits.iter().enumerate() {
        limit = l;
        let decl = &w.plan.http.limit_req_zones[l.zone];
        let key: Vec<u8> = crate::var::eval(w, &r.borrow(), &decl.key).into();
        if key.is_empty() {
            continue;
        }
        if key.len() > 65535 {
            let msg = format!(
                "the value of the \"{}\" key is more than 65535 bytes: \"{}\"",
                decl.key_text,
                String::from_utf8_lossy(&key)
            );
            crate::engine::log_req(w, r, LogLevel::Error, &msg);
            continue;
        }
        let (got, e) = zone(l).lookup(&key, l.burst, n == lc.limits.len() - 1);
        rc = Some(got);
        excess = e;
        if got != Verdict::Again {
            break;
        }
        held.push((l, key));
    }
    let Some(rc) = rc else {
        return Outcome::Pass;
    };
    let dry = if lc.dry_run { ", dry run" } else { "" };
    if matches!(rc, Verdict::Busy | Verdict::Error) {
        if rc == Verdict::Busy {
            let msg = format!(
                "limiting requests{dry}, excess: {} by zone \"{}\"",
                excess_text(excess),
                zone(limit).name
            );
            crate::engine::log_req(w, r, lc.log_level, &msg);
        }
        for (l, key) in &held {
            zone(l).unlock(key);
        }
        if lc.dry_run {
            limits.req_status.set(REJECTED_DRY_RUN);
            return Outcome::Pass;
        }
        limits.req_status.set(REJECTED);
        return Outcome::Reject(lc.status);
    }
    if rc == Verdict::Again {
        excess = 0;
    }
    // ngx_http_limit_req_account: the longest delay any limit asks for.
    let mut max_delay = zone(limit).delay_ms(excess, limit);
    for (l, key) in held.iter().rev() {
        let e = zone(l).account(key);
        let d = zone(l).delay_ms(e, l);
        if d > max_delay {
            max_delay = d;
            excess = e;
            limit = l;
        }
    }
    if max_delay == 0 {
        limits.req_status.set(PASSED);
        return Outcome::Pass;
    }
    let delay_level = if lc.log_level == LogLevel::Info {
        LogLevel::Info
    } else {
        LogLevel::from_number(lc.log_level as i64 + 1).unwrap_or(LogLevel::Warn)
    };
    let msg = format!(
        "delaying request{dry}, excess: {}, by zone \"{}\"",
        excess_text(excess),
        zone(limit).name
    );
    crate::engine::log_req(w, r, delay_level, &msg);
    if lc.dry_run {
        limits.req_status.set(DELAYED_DRY_RUN);
        return Outcome::Pass;
    }
    limits.req_status.set(DELAYED);
    Outcome::Delay(max_delay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Template;

    fn zone(size: u64, rate: u64) -> Zone {
        Zone::new(&LimitZone {
            name: "one".into(),
            key: Template::default(),
            key_text: "$k".into(),
            size,
            rate,
        })
    }

    #[test]
    fn burst_of_requests_within_one_millisecond() {
        // 1r/m: 16 milli-requests leak per second, nothing within the same millisecond.
        let z = zone(1 << 20, 1000 / 60);
        let got: Vec<_> = (0..4).map(|_| z.lookup(b"k", 2000, true)).collect();
        assert_eq!(
            got,
            [
                (Verdict::Ok, 0),
                (Verdict::Ok, 1000),
                (Verdict::Ok, 2000),
                (Verdict::Busy, 3000)
            ]
        );
        assert_eq!(z.lookup(b"other", 0, true), (Verdict::Ok, 0));
    }

    #[test]
    fn held_nodes_are_accounted_or_released() {
        let z = zone(1 << 20, 1000);
        assert_eq!(z.lookup(b"k", 0, false), (Verdict::Again, 0));
        assert_eq!(z.lock().nodes[&b"k"[..]].count, 1);
        // A node created by an earlier limit reads as idle for long: its first request leaves
        // no excess, as in the last limit.
        assert_eq!(z.account(b"k"), 0);
        assert_eq!(z.lock().nodes[&b"k"[..]].count, 0);
        assert_eq!(z.lookup(b"k", 0, false), (Verdict::Busy, 1000));
        assert_eq!(z.lookup(b"k", 5000, false).0, Verdict::Again);
        z.unlock(b"k");
        assert_eq!(z.lock().nodes[&b"k"[..]].count, 0);
    }

    #[test]
    fn a_full_zone_drops_its_least_recently_used_key() {
        let z = zone(32768, 1000 / 60);
        let mut n = 0u32;
        while z.lock().nodes.contains_key(&b"k0"[..]) || n == 0 {
            assert_eq!(z.lookup(format!("k{n}").as_bytes(), 0, true).0, Verdict::Ok);
            n += 1;
            assert!(n < 10_000, "the zone never filled up");
        }
        // The first key was forced out to make room; the others are still limited.
        assert_eq!(z.lookup(b"k1", 0, true).0, Verdict::Busy);
        assert_eq!(z.lookup(b"k0", 0, true), (Verdict::Ok, 0));
    }

    #[test]
    fn delay_above_the_threshold() {
        let z = zone(1 << 20, 1000);
        let limit = LimitReq {
            zone: 0,
            burst: 5000,
            delay: 1000,
        };
        assert_eq!(z.delay_ms(1000, &limit), 0);
        assert_eq!(z.delay_ms(2500, &limit), 1500);
        assert_eq!(status_name(DELAYED_DRY_RUN), Some("DELAYED_DRY_RUN"));
        assert_eq!(status_name(0), None);
    }
}
