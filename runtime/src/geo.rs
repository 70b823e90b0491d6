//! `geo` and `split_clients` variables (`ngx_http_geo_module.c`,
//! `ngx_http_split_clients_module.c`), and the address parsing and range tables nginx builds for
//! them at configuration time (the compiler builds them with [`Cidr::parse`] and [`Ranges`], so
//! its errors and warnings are nginx's).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use crate::plan::{GeoTable, GeoVar, SplitClients};
use crate::request::Request;
use crate::worker::Worker;

/// The value of a `geo` variable for this request.
pub fn value(w: &Worker, r: &Request, g: &GeoVar) -> String {
    let addr = address(w, r, g);
    match &g.table {
        GeoTable::Cidr { v4, v6 } => {
            let found = match addr {
                Some(IpAddr::V6(a)) if a.to_ipv4_mapped().is_none() => {
                    let a = u128::from(a);
                    v6.iter()
                        .find(|(n, len, _)| a & mask128(*len) == *n)
                        .map(|e| &e.2)
                }
                other => {
                    let a = match other {
                        Some(IpAddr::V4(a)) => u32::from(a),
                        Some(IpAddr::V6(a)) => a.to_ipv4_mapped().map_or(u32::MAX, u32::from),
                        None => u32::MAX,
                    };
                    v4.iter()
                        .find(|(n, len, _)| a & mask32(*len) == *n)
                        .map(|e| &e.2)
                }
            };
            found.cloned().unwrap_or_default()
        }
        GeoTable::Ranges { default, blocks } => {
            // Anything but IPv4 (or IPv4-mapped IPv6) is looked up as 255.255.255.255.
            let a = match addr {
                Some(IpAddr::V4(a)) => u32::from(a),
                Some(IpAddr::V6(a)) => a.to_ipv4_mapped().map_or(u32::MAX, u32::from),
                None => u32::MAX,
            };
            let (high, low) = ((a >> 16) as u16, (a & 0xffff) as u16);
            blocks
                .binary_search_by_key(&high, |(h, _)| *h)
                .ok()
                .and_then(|i| blocks[i].1.iter().find(|(s, e, _)| low >= *s && low <= *e))
                .map_or_else(|| default.clone(), |(_, _, v)| v.clone())
        }
    }
}

/// `ngx_http_geo_addr`: the client's address (as realip left it) or the source variable's,
/// then the X-Forwarded-For one when the client is a `proxy`. None: not an address.
fn address(w: &Worker, r: &Request, g: &GeoVar) -> Option<IpAddr> {
    let addr = match &g.source {
        None if r.conn.is_unix_peer(&r.conn.remote) => return None,
        None => r.conn.remote.ip(),
        Some(t) => parse_addr(&crate::var::eval_text(w, r, t))?,
    };
    if g.proxies.is_empty() {
        return Some(addr);
    }
    let xff: Vec<&str> = r
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-forwarded-for"))
        .filter_map(|(_, v)| std::str::from_utf8(v).ok())
        .collect();
    if xff.is_empty() {
        return Some(addr);
    }
    let trusted = |a: &SocketAddr| g.proxies.iter().any(|n| crate::rewrite::ip_in(a.ip(), n));
    let from = SocketAddr::new(addr, 0);
    let found = crate::realip::forwarded_addr(from, &xff, &trusted, g.proxy_recursive);
    Some(found.unwrap_or(from).ip())
}

/// `ngx_parse_addr`: an IPv4 address as `ngx_inet_addr` reads it, else an IPv6 one.
pub fn parse_addr(s: &str) -> Option<IpAddr> {
    match inet_addr(s) {
        Some(a) => Some(IpAddr::V4(a.into())),
        None => s.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
    }
}

/// `ngx_inet_addr`: four dotted decimal octets (empty ones are 0, as nginx reads them); None for
/// anything else and for 255.255.255.255 (INADDR_NONE).
pub fn inet_addr(s: &str) -> Option<u32> {
    let (mut addr, mut octet, mut dots) = (0u32, 0u32, 0);
    for c in s.bytes() {
        match c {
            b'0'..=b'9' => {
                octet = octet * 10 + u32::from(c - b'0');
                if octet > 255 {
                    return None;
                }
            }
            b'.' => {
                addr = addr.wrapping_shl(8).wrapping_add(octet);
                octet = 0;
                dots += 1;
            }
            _ => return None,
        }
    }
    let addr = (dots == 3).then(|| (addr << 8) + octet)?;
    (addr != u32::MAX).then_some(addr)
}

fn mask32(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    }
}

fn mask128(len: u8) -> u128 {
    if len == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(len))
    }
}

/// A network of a `geo` block (`ngx_ptocidr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cidr {
    V4(u32, u8),
    V6(u128, u8),
}

impl Cidr {
    /// `ngx_http_geo_cidr_value`: the network, and whether bits outside its mask were set
    /// (nginx warns "low address bits of … are meaningless" and clears them). None: invalid.
    pub fn parse(net: &str) -> Option<(Cidr, bool)> {
        if net == "255.255.255.255" {
            return Some((Cidr::V4(u32::MAX, 32), false));
        }
        let (addr, bits) = match net.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (net, None),
        };
        let shift = |max: u32| -> Option<u32> {
            match bits {
                None => Some(max),
                Some(b) if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) => {
                    b.parse::<u32>().ok().filter(|n| *n <= max)
                }
                Some(_) => None,
            }
        };
        if let Some(a) = inet_addr(addr) {
            let len = shift(32)? as u8;
            let m = a & mask32(len);
            return Some((Cidr::V4(m, len), m != a));
        }
        let a = u128::from(addr.parse::<Ipv6Addr>().ok()?);
        let len = shift(128)? as u8;
        let m = a & mask128(len);
        Some((Cidr::V6(m, len), m != a))
    }
}

/// A `geo` block's networks as nginx's radix trees hold them: one value per network.
#[derive(Default)]
pub struct Networks(BTreeMap<Cidr, String>);

impl Networks {
    /// Add a network; the value it replaces, if it was there (nginx: "duplicate network").
    pub fn insert(&mut self, net: Cidr, value: &str) -> Option<String> {
        self.0.insert(net, value.to_string())
    }

    /// Remove a network; false when there was none (nginx: "no network … to delete").
    pub fn delete(&mut self, net: Cidr) -> bool {
        self.0.remove(&net).is_some()
    }

    /// The table, longest prefixes first, with the empty default nginx adds when none is given.
    pub fn table(mut self) -> GeoTable {
        self.0.entry(Cidr::V4(0, 0)).or_default();
        self.0.entry(Cidr::V6(0, 0)).or_default();
        let (mut v4, mut v6) = (vec![], vec![]);
        for (net, v) in self.0 {
            match net {
                Cidr::V4(a, l) => v4.push((a, l, v)),
                Cidr::V6(a, l) => v6.push((a, l, v)),
            }
        }
        v4.sort_by_key(|e| std::cmp::Reverse(e.1));
        v6.sort_by_key(|e| std::cmp::Reverse(e.1));
        GeoTable::Cidr { v4, v6 }
    }
}

/// A `geo` block with `ranges`, built as `ngx_http_geo_add_range` / `_delete_range` build it:
/// per /16 block, ranges of the low 16 bits, split where a later range falls inside one.
#[derive(Default)]
pub struct Ranges {
    pub default: Option<String>,
    blocks: BTreeMap<u16, Vec<(u16, u16, String)>>,
}

/// What adding a range reported.
pub enum RangeAdded {
    Ok,
    /// The same range was there with this value (nginx warns and replaces it).
    Duplicate(String),
    /// It overlaps this range of a block (nginx refuses the configuration).
    Overlaps(String),
}

/// `start` / `end` of a range split over the /16 blocks it spans: (block, low start, low end).
fn blocks_of(start: u32, end: u32) -> Vec<(u16, u16, u16)> {
    let mut out = vec![];
    let mut n = start;
    loop {
        let h = (n >> 16) as u16;
        let s = if n == start { (n & 0xffff) as u16 } else { 0 };
        let e = if (n | 0xffff) > end {
            (end & 0xffff) as u16
        } else {
            0xffff
        };
        out.push((h, s, e));
        if h == 0xffff {
            break;
        }
        n = (n.wrapping_add(0x10000)) & 0xffff_0000;
        if n > end {
            break;
        }
    }
    out
}

impl Ranges {
    /// `a.b.c.d-e.f.g.h`: (start, end), None when nginx calls it an invalid range.
    pub fn parse(net: &str) -> Option<(u32, u32)> {
        let (a, b) = net.split_once('-')?;
        let (s, e) = (inet_addr(a)?, inet_addr(b)?);
        (s <= e).then_some((s, e))
    }

    pub fn add(&mut self, start: u32, end: u32, value: &str) -> RangeAdded {
        let mut report = RangeAdded::Ok;
        for (h, s, e) in blocks_of(start, end) {
            let a = self.blocks.entry(h).or_default();
            let mut i = a.len();
            let mut placed = false;
            while i > 0 {
                i -= 1;
                let (rs, re) = (a[i].0, a[i].1);
                if e < rs {
                    continue;
                }
                if s > re {
                    a.insert(i + 1, (s, e, value.to_string()));
                } else if s == rs && e == re {
                    report = RangeAdded::Duplicate(std::mem::replace(&mut a[i].2, value.into()));
                } else if s > rs && e < re {
                    let old = a[i].2.clone();
                    a[i].1 = s - 1;
                    a.insert(i + 1, (s, e, value.to_string()));
                    a.insert(i + 2, (e + 1, re, old));
                } else if s == rs && e < re {
                    a[i].0 = e + 1;
                    a.insert(i, (s, e, value.to_string()));
                } else if s > rs && e == re {
                    a[i].1 = s - 1;
                    a.insert(i + 1, (s, e, value.to_string()));
                } else {
                    let (h8, hl) = (h >> 8, h & 0xff);
                    return RangeAdded::Overlaps(format!(
                        "{h8}.{hl}.{}.{}-{h8}.{hl}.{}.{}",
                        rs >> 8,
                        rs & 0xff,
                        re >> 8,
                        re & 0xff
                    ));
                }
                placed = true;
                break;
            }
            if !placed {
                a.insert(0, (s, e, value.to_string()));
            }
        }
        report
    }

    /// Remove a range from every block it spans; false when some block did not have it (nginx:
    /// "no address range … to delete").
    pub fn delete(&mut self, start: u32, end: u32) -> bool {
        let mut all = true;
        for (h, s, e) in blocks_of(start, end) {
            match self.blocks.get_mut(&h) {
                Some(a) => match a.iter().position(|r| r.0 == s && r.1 == e) {
                    Some(i) => {
                        a.remove(i);
                    }
                    None => all = false,
                },
                None => all = false,
            }
        }
        all
    }

    pub fn table(self) -> GeoTable {
        GeoTable::Ranges {
            default: self.default.unwrap_or_default(),
            blocks: self
                .blocks
                .into_iter()
                .filter(|(_, a)| !a.is_empty())
                .collect(),
        }
    }
}

/// The value of a `split_clients` variable: the part MurmurHash2 of the source falls in.
pub fn split(w: &Worker, r: &Request, s: &SplitClients) -> String {
    let key = crate::var::eval(w, r, &s.source);
    let hash = murmur_hash2(&key);
    s.parts
        .iter()
        .find(|(bound, _)| hash < *bound || *bound == 0)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// `ngx_murmur_hash2`.
pub fn murmur_hash2(data: &[u8]) -> u32 {
    const M: u32 = 0x5bd1_e995;
    let mut h = data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> 24;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let rest = chunks.remainder();
    if rest.len() >= 3 {
        h ^= u32::from(rest[2]) << 16;
    }
    if rest.len() >= 2 {
        h ^= u32::from(rest[1]) << 8;
    }
    if !rest.is_empty() {
        h ^= u32::from(rest[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h
}

/// `split_clients` parts: the percentages (`ngx_atofp(…, 2)`: hundredths, at most two decimals)
/// turned into cumulative bounds over the 32-bit hash as nginx computes them. Err: the first
/// invalid percent (its index), or the total is above 100%.
pub fn split_bounds(percents: &[Option<&str>]) -> Result<Vec<u32>, SplitErr> {
    let mut parsed = vec![];
    for (i, p) in percents.iter().enumerate() {
        match p {
            None => parsed.push(0u64),
            Some(p) => match p.strip_suffix('%').and_then(atofp2) {
                Some(n) if n > 0 => parsed.push(n),
                _ => return Err(SplitErr::Invalid(i)),
            },
        }
    }
    let (mut sum, mut last) = (0u64, 0u32);
    let mut out = vec![];
    for p in parsed {
        sum = if p > 0 { sum + p } else { 10000 };
        if sum > 10000 {
            return Err(SplitErr::Total);
        }
        if p > 0 {
            last = last.wrapping_add((p * 0xffff_ffff / 10000) as u32);
            out.push(last);
        } else {
            out.push(0);
        }
    }
    Ok(out)
}

pub enum SplitErr {
    Invalid(usize),
    Total,
}

/// `ngx_atofp(s, len, 2)`.
fn atofp2(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (mut value, mut point, mut dot) = (0u64, 2u32, false);
    for c in s.bytes() {
        if point == 0 {
            return None;
        }
        if c == b'.' {
            if dot {
                return None;
            }
            dot = true;
            continue;
        }
        if !c.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        if dot {
            point -= 1;
        }
    }
    Some(value * 10u64.pow(point))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur_of_nothing() {
        // (the values of real keys are checked against nginx: xtask/cases/geo.t)
        assert_eq!(murmur_hash2(b""), 0);
    }

    #[test]
    fn inet_addr_reads_as_nginx() {
        assert_eq!(inet_addr("10.1.2.3"), Some(0x0a010203));
        assert_eq!(inet_addr("010.1.2.3"), Some(0x0a010203));
        assert_eq!(inet_addr("1..2.3"), Some(0x01000203));
        assert_eq!(inet_addr("1.2.3"), None);
        assert_eq!(inet_addr("1.2.3.4."), None);
        assert_eq!(inet_addr("1.2.3.256"), None);
        assert_eq!(inet_addr("255.255.255.255"), None);
    }

    #[test]
    fn ranges_split_as_nginx() {
        let mut r = Ranges::default();
        assert!(matches!(r.add(0x0a000000, 0x0a00ffff, "a"), RangeAdded::Ok));
        assert!(matches!(r.add(0x0a000010, 0x0a000020, "b"), RangeAdded::Ok));
        let GeoTable::Ranges { blocks, .. } = r.table() else {
            panic!()
        };
        assert_eq!(
            blocks,
            vec![(
                0x0a00,
                vec![
                    (0, 15, "a".into()),
                    (16, 32, "b".into()),
                    (33, 0xffff, "a".into())
                ]
            )]
        );
    }

    #[test]
    fn split_bounds_accumulate() {
        let b = split_bounds(&[Some("50%"), None]).ok().unwrap();
        assert_eq!(b, vec![(5000u64 * 0xffff_ffff / 10000) as u32, 0]);
        assert!(matches!(
            split_bounds(&[Some("60%"), Some("50%")]),
            Err(SplitErr::Total)
        ));
        assert!(matches!(
            split_bounds(&[Some("0.125%")]),
            Err(SplitErr::Invalid(0))
        ));
        assert!(matches!(
            split_bounds(&[Some("0%")]),
            Err(SplitErr::Invalid(0))
        ));
    }
}
