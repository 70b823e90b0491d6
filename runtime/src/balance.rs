//! Upstream balancing, per worker (nginx without `zone`): the peers of one upstream and the
//! methods that pick among them, as nginx 1.22 picks.
//!
//! - round-robin (ngx_http_upstream_round_robin.c): smooth weighted, primary peers then the
//!   backup ones, with `max_fails`/`fail_timeout` and `down`;
//! - `ip_hash` (ngx_http_upstream_ip_hash_module.c): the first three octets of an IPv4
//!   client (all 16 bytes of an IPv6 one, three zero bytes for a unix socket's), after realip;
//! - `hash KEY` (ngx_http_upstream_hash_module.c): `(crc32([REHASH] KEY) >> 16) & 0x7fff`
//!   summed over the rehashes;
//! - `hash KEY consistent`: ketama points, 160 per weight unit, `crc32(HOST \0 PORT PREV)`;
//! - `least_conn` (ngx_http_upstream_least_conn_module.c): fewest connections per weight.
//!
//! The hash methods look at most 21 times, then fall back to round-robin, as nginx does; an
//! empty key or a single peer goes to round-robin at once.

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::plan::{self, Template};
use crate::proxy::PeerAddr;

/// One server address of an upstream.
pub struct Peer {
    pub addr: PeerAddr,
    weight: i64,
    max_fails: u32,
    fail_timeout: Duration,
    down: bool,
    /// The `server` address as written (what `hash … consistent` compares).
    server: String,
    st: RefCell<PeerState>,
    /// Requests using it now (`peer->conns`).
    conns: Cell<i64>,
}

struct PeerState {
    current: i64,
    effective: i64,
    fails: u32,
    checked: Instant,
    accessed: Option<Instant>,
}

impl Peer {
    pub fn new(addr: PeerAddr, s: &plan::UpstreamServer) -> Peer {
        Peer {
            addr,
            weight: s.weight as i64,
            max_fails: s.max_fails,
            fail_timeout: Duration::from_millis(s.fail_timeout_ms),
            down: s.down,
            server: if s.name.is_empty() {
                s.addr.clone()
            } else {
                s.name.clone()
            },
            st: RefCell::new(PeerState {
                current: 0,
                effective: s.weight as i64,
                fails: 0,
                checked: Instant::now(),
                accessed: None,
            }),
            conns: Cell::new(0),
        }
    }

    /// Failed `max_fails` times within `fail_timeout`: skipped.
    fn failed(&self, now: Instant) -> bool {
        let st = self.st.borrow();
        self.max_fails > 0
            && st.fails >= self.max_fails
            && now.duration_since(st.checked) <= self.fail_timeout
    }

    /// Chosen: a new `fail_timeout` window starts when the last one is over.
    fn chosen(&self, now: Instant) {
        let mut st = self.st.borrow_mut();
        if now.duration_since(st.checked) > self.fail_timeout {
            st.checked = now;
        }
    }
}

enum Method {
    RoundRobin,
    IpHash,
    Hash(Template),
    /// The key and the sorted points (hash, server as written).
    Consistent(Template, Vec<(u32, String)>),
    LeastConn,
}

/// The peers of one upstream and its method.
pub struct Peers {
    pub primary: Vec<Peer>,
    pub backup: Vec<Peer>,
    method: Method,
    /// The primary peers' weights summed (down ones too), as `peers->total_weight`.
    total_weight: i64,
}

/// One request's balancing state across its tries (`ngx_http_upstream_*_peer_data_t`).
#[derive(Default)]
pub struct Pick {
    key: Vec<u8>,
    addr: Vec<u8>,
    tries: u32,
    rehash: u32,
    /// ip_hash's running hash, hash's sum, or the consistent hash's point index.
    hash: u64,
}

impl Peers {
    pub fn new(method: &plan::Balance, primary: Vec<Peer>, backup: Vec<Peer>) -> Peers {
        let total_weight = primary.iter().map(|p| p.weight).sum();
        let method = match method {
            plan::Balance::RoundRobin => Method::RoundRobin,
            plan::Balance::IpHash => Method::IpHash,
            plan::Balance::LeastConn => Method::LeastConn,
            plan::Balance::Hash {
                key,
                consistent: false,
            } => Method::Hash(key.clone()),
            plan::Balance::Hash {
                key,
                consistent: true,
            } => Method::Consistent(key.clone(), points(&primary)),
        };
        Peers {
            primary,
            backup,
            method,
            total_weight,
        }
    }

    pub fn count(&self) -> usize {
        self.primary.len() + self.backup.len()
    }

    pub fn peer(&self, i: usize) -> &Peer {
        if i < self.primary.len() {
            &self.primary[i]
        } else {
            &self.backup[i - self.primary.len()]
        }
    }

    /// `peers->single`: one primary peer and no backup one.
    fn single(&self) -> bool {
        self.primary.len() == 1 && self.backup.is_empty()
    }

    /// The request's state (the peer init of each method): the key evaluated, the client's
    /// address taken, the consistent hash's first point found.
    pub fn start(&self, w: &crate::worker::Worker, r: &crate::request::Request) -> Pick {
        let mut pick = Pick::default();
        match &self.method {
            Method::IpHash => {
                pick.hash = 89;
                pick.addr = match r.conn.remote {
                    _ if r.conn.is_unix_peer(&r.conn.remote) => vec![0; 3],
                    SocketAddr::V4(a) => a.ip().octets()[..3].to_vec(),
                    SocketAddr::V6(a) => a.ip().octets().to_vec(),
                };
            }
            Method::Hash(key) => pick.key = crate::var::eval(w, r, key).into(),
            Method::Consistent(key, points) => {
                pick.key = crate::var::eval(w, r, key).into();
                let h = crc32fast::hash(&pick.key);
                // the first point at or after the hash (the end wraps to the first)
                pick.hash = points.partition_point(|p| p.0 < h) as u64;
            }
            Method::RoundRobin | Method::LeastConn => {}
        }
        pick
    }

    /// The next peer to try (an index over the primary peers then the backup ones), or None:
    /// "no live upstreams".
    pub fn get(&self, pick: &mut Pick, tried: &[bool]) -> Option<usize> {
        let i = match &self.method {
            Method::RoundRobin => return self.round_robin(tried),
            Method::LeastConn => return self.least_conn(tried),
            Method::IpHash => self.ip_hash(pick, tried),
            Method::Hash(_) => self.hash(pick, tried),
            Method::Consistent(_, points) => self.consistent(pick, tried, points),
        };
        match i {
            Some(i) => {
                self.primary[i].chosen(Instant::now());
                Some(i)
            }
            None => self.round_robin(tried),
        }
    }

    /// The primary peer whose weight range holds `w` (`while (w >= peer->weight) …`).
    fn by_weight(&self, mut w: i64) -> usize {
        let mut p = 0;
        while p + 1 < self.primary.len() && w >= self.primary[p].weight {
            w -= self.primary[p].weight;
            p += 1;
        }
        p
    }

    /// Whether primary peer `p` can be tried now.
    fn usable(&self, p: usize, tried: &[bool], now: Instant) -> bool {
        !tried[p] && !self.primary[p].down && !self.primary[p].failed(now)
    }

    /// ngx_http_upstream_get_ip_hash_peer; None falls back to round-robin.
    fn ip_hash(&self, pick: &mut Pick, tried: &[bool]) -> Option<usize> {
        if pick.tries > 20 || self.single() || self.total_weight == 0 {
            return None;
        }
        let now = Instant::now();
        let mut hash = pick.hash;
        loop {
            for &b in &pick.addr {
                hash = (hash * 113 + b as u64) % 6271;
            }
            let p = self.by_weight(hash as i64 % self.total_weight);
            if self.usable(p, tried, now) {
                pick.hash = hash;
                return Some(p);
            }
            pick.tries += 1;
            if pick.tries > 20 {
                return None;
            }
        }
    }

    /// ngx_http_upstream_get_hash_peer; None falls back to round-robin.
    fn hash(&self, pick: &mut Pick, tried: &[bool]) -> Option<usize> {
        if pick.tries > 20 || self.single() || pick.key.is_empty() || self.total_weight == 0 {
            return None;
        }
        let now = Instant::now();
        loop {
            let mut h = crc32fast::Hasher::new();
            if pick.rehash > 0 {
                h.update(pick.rehash.to_string().as_bytes());
            }
            h.update(&pick.key);
            let hash = (h.finalize() >> 16) & 0x7fff;
            pick.hash = (pick.hash + hash as u64) & 0xffff_ffff;
            pick.rehash += 1;
            let p = self.by_weight((pick.hash % self.total_weight as u64) as i64);
            if self.usable(p, tried, now) {
                return Some(p);
            }
            pick.tries += 1;
            if pick.tries > 20 {
                return None;
            }
        }
    }

    /// ngx_http_upstream_get_chash_peer: from the key's point on, the first point whose
    /// server has a usable peer (round-robin among that server's addresses).
    fn consistent(
        &self,
        pick: &mut Pick,
        tried: &[bool],
        points: &[(u32, String)],
    ) -> Option<usize> {
        if pick.tries > 20 || self.single() || pick.key.is_empty() || points.is_empty() {
            return None;
        }
        let now = Instant::now();
        loop {
            let server = &points[(pick.hash % points.len() as u64) as usize].1;
            let candidates = (0..self.primary.len())
                .filter(|&i| self.usable(i, tried, now) && self.primary[i].server == *server);
            if let Some(i) = smooth(&self.primary, candidates) {
                return Some(i);
            }
            pick.hash += 1;
            pick.tries += 1;
            if pick.tries > 20 {
                return None;
            }
        }
    }

    /// ngx_http_upstream_get_round_robin_peer: the primary peers, then the backup ones; None
    /// is "no live upstreams" (and every peer is given another chance, as nginx does).
    fn round_robin(&self, tried: &[bool]) -> Option<usize> {
        if self.single() {
            // A single peer is always tried (peers->single), whatever its failures.
            return (!self.primary[0].down && !tried[0]).then_some(0);
        }
        let n = self.primary.len();
        if let Some(i) = pick_rr(&self.primary, &tried[..n]) {
            return Some(i);
        }
        if let Some(i) = pick_rr(&self.backup, &tried[n..]) {
            return Some(n + i);
        }
        for p in self.primary.iter().chain(&self.backup) {
            p.st.borrow_mut().fails = 0;
        }
        None
    }

    /// ngx_http_upstream_get_least_conn_peer: the primary peers, then the backup ones.
    fn least_conn(&self, tried: &[bool]) -> Option<usize> {
        if self.single() {
            return self.round_robin(tried);
        }
        let n = self.primary.len();
        if let Some(i) = least_conn(&self.primary, &tried[..n]) {
            return Some(i);
        }
        least_conn(&self.backup, &tried[n..]).map(|i| n + i)
    }

    /// ngx_http_upstream_free_round_robin_peer's accounting of a try; true when the peer is
    /// now disabled for `fail_timeout` (nginx's warning).
    pub fn free(&self, i: usize, failed: bool) -> bool {
        let p = self.peer(i);
        let mut st = p.st.borrow_mut();
        let now = Instant::now();
        if failed {
            st.fails += 1;
            st.accessed = Some(now);
            st.checked = now;
            if p.max_fails > 0 {
                st.effective = (st.effective - p.weight / p.max_fails as i64).max(0);
                return st.fails >= p.max_fails && self.count() > 1;
            }
        } else if st.accessed.is_some_and(|a| a < st.checked) {
            st.fails = 0;
        }
        false
    }

    /// A connection to peer `i` in use until the value is dropped (`peer->conns`).
    pub fn hold(&self, i: usize) -> Held<'_> {
        let p = self.peer(i);
        p.conns.set(p.conns.get() + 1);
        Held(p)
    }
}

/// A peer's connection count, given back on drop.
pub struct Held<'a>(&'a Peer);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.conns.set(self.0.conns.get() - 1);
    }
}

/// Smooth weighted round-robin over one list (ngx_http_upstream_get_peer).
fn pick_rr(peers: &[Peer], tried: &[bool]) -> Option<usize> {
    let now = Instant::now();
    let candidates =
        (0..peers.len()).filter(|&i| !tried[i] && !peers[i].down && !peers[i].failed(now));
    let b = smooth(peers, candidates)?;
    peers[b].chosen(now);
    Some(b)
}

/// The smooth weighted choice among `candidates` (in order), weights updated.
fn smooth(peers: &[Peer], candidates: impl Iterator<Item = usize>) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut total = 0;
    for i in candidates {
        let p = &peers[i];
        let mut st = p.st.borrow_mut();
        st.current += st.effective;
        total += st.effective;
        if st.effective < p.weight {
            st.effective += 1;
        }
        if best.is_none_or(|b| st.current > peers[b].st.borrow().current) {
            best = Some(i);
        }
    }
    let b = best?;
    peers[b].st.borrow_mut().current -= total;
    Some(b)
}

/// Fewest connections per weight over one list; equals by smooth weighted round-robin from
/// the first of them on.
fn least_conn(peers: &[Peer], tried: &[bool]) -> Option<usize> {
    let now = Instant::now();
    let usable = |i: usize| !tried[i] && !peers[i].down && !peers[i].failed(now);
    let mut best: Option<usize> = None;
    let mut many = false;
    for i in (0..peers.len()).filter(|&i| usable(i)) {
        let (p, c) = (&peers[i], peers[i].conns.get());
        match best {
            Some(b) if c * peers[b].weight > peers[b].conns.get() * p.weight => {}
            Some(b) if c * peers[b].weight == peers[b].conns.get() * p.weight => many = true,
            _ => {
                best = Some(i);
                many = false;
            }
        }
    }
    let mut b = best?;
    if many {
        let first = b;
        let (bw, bc) = (peers[first].weight, peers[first].conns.get());
        let equal = (first..peers.len())
            .filter(|&i| usable(i) && peers[i].conns.get() * bw == bc * peers[i].weight);
        b = smooth_from(peers, first, equal);
    }
    peers[b].chosen(now);
    Some(b)
}

/// least_conn's tie-break: like `smooth`, but `best` starts as `first` (whose current weight
/// is compared before its own update, as nginx's loop does).
fn smooth_from(peers: &[Peer], first: usize, candidates: impl Iterator<Item = usize>) -> usize {
    let mut best = first;
    let mut total = 0;
    for i in candidates {
        let p = &peers[i];
        let mut st = p.st.borrow_mut();
        st.current += st.effective;
        total += st.effective;
        if st.effective < p.weight {
            st.effective += 1;
        }
        if i != best && st.current > peers[best].st.borrow().current {
            best = i;
        }
    }
    peers[best].st.borrow_mut().current -= total;
    best
}

/// The consistent hash's points (ngx_http_upstream_init_chash): for each primary peer,
/// `weight × 160` CRC32s of `HOST \0 PORT` followed by the previous hash (little-endian),
/// sorted, duplicates dropped.
fn points(primary: &[Peer]) -> Vec<(u32, String)> {
    let mut points = vec![];
    for p in primary {
        let s = p.server.as_str();
        let (host, port) = if s.len() >= 5 && s[..5].eq_ignore_ascii_case("unix:") {
            (&s[5..], "")
        } else {
            // a port is the digits after the last ':' (none when anything else follows it)
            let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
            let at = s.len() - digits;
            if at > 0 && s.as_bytes()[at - 1] == b':' {
                (&s[..at - 1], &s[at..])
            } else {
                (s, "")
            }
        };
        let mut base = crc32fast::Hasher::new();
        base.update(host.as_bytes());
        base.update(b"\0");
        base.update(port.as_bytes());
        let mut prev: u32 = 0;
        for _ in 0..p.weight * 160 {
            let mut h = base.clone();
            h.update(&prev.to_le_bytes());
            prev = h.finalize();
            points.push((prev, p.server.clone()));
        }
    }
    // (equal hashes of different servers are as unlikely as in nginx, whose qsort keeps
    // either; a stable sort keeps the first server's)
    points.sort_by_key(|p| p.0);
    points.dedup_by_key(|p| p.0);
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_split_like_nginx() {
        let s = plan::UpstreamServer {
            addr: "a:80".into(),
            name: "a".into(),
            weight: 1,
            max_fails: 1,
            fail_timeout_ms: 10_000,
            backup: false,
            down: false,
        };
        let p = Peer::new(PeerAddr::Unix("x".into()), &s);
        let pts = points(&[p]);
        assert_eq!(pts.len(), 160);
        // no port in "a": crc32("a" \0 "" PREV), PREV the previous point (0 at first)
        let first = crc32fast::hash(b"a\0\0\0\0\0");
        let mut second = b"a\0".to_vec();
        second.extend_from_slice(&first.to_le_bytes());
        let second = crc32fast::hash(&second);
        assert!(pts.iter().any(|x| x.0 == first));
        assert!(pts.iter().any(|x| x.0 == second));
        assert!(pts.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
