//! The proxy cache (ngx_http_file_cache.c and the cache parts of ngx_http_upstream.c):
//! `proxy_cache_path` zones, the lookup before a request goes upstream, what makes a response
//! cacheable, storing it while it streams to the client, and answering from the cache.
//!
//! Storage: one file per key under the zone's path, in nginx's `levels` layout and named by
//! the md5 of the key as nginx names them. A file holds restyc's own header (the upstream's
//! status line and header lines as they came) and then the body; bodies are written as they
//! stream and read back in pieces, never held whole in memory. A response is written to a
//! temporary file next to its final place and renamed there once complete.
//!
//! The keys (nginx's `ngx_http_file_cache_node_t`: uses, validity, whether a file exists,
//! whether a request is updating it) live in one table per zone shared by every worker behind
//! a mutex, as nginx's are in its shared memory zone. The keys_zone size bounds the number of
//! keys (nginx fits about 8000 in a megabyte), `max_size` the bytes of the files, `inactive`
//! how long an unused key stays: the least recently used keys go first, with their files.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bstr::{BString, ByteSlice};

use crate::plan::{CacheConf, CacheZone, ProxyConf};
use crate::request::ReqRef;
use crate::worker::Worker;

/// `$upstream_cache_status` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Miss,
    Bypass,
    Expired,
    Stale,
    Updating,
    Revalidated,
    Hit,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Miss => "MISS",
            Status::Bypass => "BYPASS",
            Status::Expired => "EXPIRED",
            Status::Stale => "STALE",
            Status::Updating => "UPDATING",
            Status::Revalidated => "REVALIDATED",
            Status::Hit => "HIT",
        }
    }
}

type Key = [u8; 16];

struct Node {
    uses: u64,
    /// A complete response is on disk.
    exists: bool,
    /// Until when it is fresh (unix seconds).
    valid_sec: i64,
    /// A cached error status (an upstream that could not be reached, `proxy_cache_valid` for
    /// 502/504): answered without a file.
    error: u16,
    /// A request is fetching a new version of the expired response.
    updating: bool,
    /// `proxy_cache_lock`: a request is fetching the first version.
    locked: Option<std::time::Instant>,
    /// inactive: removed once unused past this (unix seconds).
    expire: i64,
    /// Requests using the file now (not removed meanwhile).
    count: u32,
    /// Position in the LRU order.
    tick: u64,
    fs_size: u64,
    /// Last-Modified time and ETag of the stored response (for revalidation).
    last_modified: Option<String>,
    etag: Option<String>,
    /// The request header values the response's Vary names (None: no Vary).
    vary: Option<(String, String)>,
}

#[derive(Default)]
struct Inner {
    nodes: HashMap<Key, Node>,
    lru: BTreeMap<u64, Key>,
    tick: u64,
    size: u64,
    uniq: u64,
}

pub struct Zone {
    conf: CacheZone,
    dir: PathBuf,
    max_nodes: usize,
    inner: Mutex<Inner>,
}

/// The zones of each plan served in this process (one, except in tests), leaked: they live as
/// long as the process, as nginx's shared memory does.
static ZONES: Mutex<Vec<(usize, &'static [Zone])>> = Mutex::new(Vec::new());

fn zones(w: &Worker) -> &'static [Zone] {
    let id = std::sync::Arc::as_ptr(&w.plan) as usize;
    let mut all = ZONES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, z)) = all.iter().find(|(p, _)| *p == id) {
        return z;
    }
    let made: Vec<Zone> = w
        .plan
        .http
        .cache_zones
        .iter()
        .map(|z| {
            let dir = w.prefix.join(&z.path);
            let _ = std::fs::create_dir_all(&dir);
            clean(&dir, z.levels.len());
            Zone {
                conf: z.clone(),
                dir,
                // (sizeof(ngx_http_file_cache_node_t) and its slab: ~128 bytes a key)
                max_nodes: (z.size / 128).max(1) as usize,
                inner: Mutex::new(Inner::default()),
            }
        })
        .collect();
    let z: &'static [Zone] = Box::leak(made.into_boxed_slice());
    all.push((id, z));
    z
}

/// The files a previous run left (its keys are gone, so nothing would ever remove them):
/// nginx's cache loader takes them back, restyc starts the zone empty.
fn clean(dir: &std::path::Path, depth: usize) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() && depth > 0 && name.len() <= 2 && name.bytes().all(|b| b.is_ascii_hexdigit())
        {
            clean(&e.path(), depth - 1);
        } else if t.is_file()
            && ((name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit()))
                || name.starts_with(".tmp-"))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Zone {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file of a key: `PATH/c/29/b7f5…029c` for levels=1:2.
    fn path(&self, key: &Key) -> PathBuf {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let mut p = self.dir.clone();
        let mut end = hex.len();
        for l in &self.conf.levels {
            let l = *l as usize;
            p.push(&hex[end - l..end]);
            end -= l;
        }
        p.push(&hex);
        p
    }

    fn touch(&self, inner: &mut Inner, key: &Key) {
        inner.tick += 1;
        let t = inner.tick;
        let inactive = self.conf.inactive_s as i64;
        if let Some(n) = inner.nodes.get_mut(key) {
            inner.lru.remove(&n.tick);
            n.tick = t;
            n.expire = now() + inactive;
            inner.lru.insert(t, *key);
        }
    }

    /// ngx_http_file_cache_expire / _forced_expire: inactive keys, then the least recently
    /// used ones while there are too many keys or bytes.
    fn expire(&self, inner: &mut Inner) {
        let t = now();
        let over = |inner: &Inner| {
            inner.nodes.len() > self.max_nodes
                || (self.conf.max_size > 0 && inner.size > self.conf.max_size)
        };
        // (the oldest keys first, a few at a time as nginx's manager looks at them)
        loop {
            let victims: Vec<(u64, Key)> =
                inner.lru.iter().take(20).map(|(t, k)| (*t, *k)).collect();
            let mut removed = false;
            for (tick, key) in victims {
                let Some(n) = inner.nodes.get(&key) else {
                    inner.lru.remove(&tick);
                    continue;
                };
                if n.count > 0 || n.updating || n.locked.is_some() {
                    continue;
                }
                if n.expire > t && !over(inner) {
                    return;
                }
                let size = n.fs_size;
                let exists = n.exists;
                inner.nodes.remove(&key);
                inner.lru.remove(&tick);
                inner.size = inner.size.saturating_sub(size);
                if exists {
                    let _ = std::fs::remove_file(self.path(&key));
                }
                removed = true;
            }
            if !removed {
                return;
            }
        }
    }
}

/// What the lookup found for a request, kept until its response is done.
pub struct Ctx {
    zone: &'static Zone,
    key: Key,
    pub status: Status,
    /// The response may be stored (`u->cacheable`).
    pub cacheable: bool,
    /// `u->cacheable` once the upstream's headers are processed: the not_modified filter
    /// applies (`r->disable_not_modified`).
    pub not_modified: bool,
    /// The expired version is there to serve as STALE.
    stale: bool,
    /// This request set `updating` (or the lock) and must clear it.
    updating: bool,
    locked: bool,
    /// The request holds the node's file (`count`): given back by `release`.
    held: std::cell::Cell<bool>,
    /// `$upstream_cache_last_modified` / `_etag` for revalidation.
    pub revalidate: Option<(Option<String>, Option<String>)>,
}

impl Drop for Ctx {
    fn drop(&mut self) {
        release(self);
        if !self.updating && !self.locked {
            return;
        }
        let mut inner = self.zone.lock();
        if let Some(n) = inner.nodes.get_mut(&self.key) {
            if self.updating {
                n.updating = false;
            }
            if self.locked {
                n.locked = None;
            }
        }
    }
}

/// What `lookup` decided.
pub enum Lookup {
    /// Not cached at all (proxy_cache off, or the method is not one of proxy_cache_methods).
    Off,
    /// Go upstream (MISS, BYPASS, EXPIRED).
    Upstream(Ctx),
    /// Answer from the cache (HIT, UPDATING).
    Serve(Ctx),
    /// A cached error status.
    Error(Ctx, u16),
}

/// nginx's ngx_http_test_predicates: any value that is neither empty nor "0".
fn predicates(w: &Worker, r: &ReqRef, list: &[crate::plan::Template]) -> bool {
    let rq = r.borrow();
    list.iter().any(|t| {
        let v = crate::var::eval(w, &rq, t);
        !v.is_empty() && v != "0"
    })
}

/// Whether the request's method is cached, and whether HEAD goes upstream as GET.
pub fn converts_head(w: &Worker, r: &ReqRef, cc: &CacheConf) -> bool {
    cc.zone.is_some() && !cc.no_convert_head && r.borrow().method == "HEAD" && zone_ok(w, cc)
}

fn zone_ok(w: &Worker, cc: &CacheConf) -> bool {
    cc.zone.is_some_and(|z| z < zones(w).len())
}

fn vary_values(r: &ReqRef, names: &str) -> String {
    let rq = r.borrow();
    let mut out = String::new();
    for n in names.split(',') {
        let n = n.trim();
        if n.is_empty() {
            continue;
        }
        out.push_str(&n.to_ascii_lowercase());
        out.push(':');
        for (hn, hv) in &rq.headers {
            if hn.eq_ignore_ascii_case(n) {
                out.push_str(&hv.to_str_lossy());
                out.push(',');
            }
        }
        out.push('\n');
    }
    out
}

/// ngx_http_upstream_cache: the lookup before going upstream.
pub async fn lookup(w: &Rc<Worker>, r: &ReqRef, pc: &ProxyConf) -> Lookup {
    let cc = &pc.cache;
    let Some(zi) = cc.zone.filter(|_| zone_ok(w, cc)) else {
        return Lookup::Off;
    };
    let method = r.borrow().method.clone();
    let cached_method = matches!(method.as_str(), "GET" | "HEAD") || cc.methods.contains(&method);
    if !cached_method {
        return Lookup::Off;
    }
    let zone = &zones(w)[zi];
    let key_text = {
        let rq = r.borrow();
        match &cc.key {
            Some(t) => crate::var::eval(w, &rq, t),
            None => {
                let scheme = crate::var::get(w, &rq, "scheme").unwrap_or_default();
                let host = rq
                    .upstream
                    .as_ref()
                    .map(|u| u.proxy_host.clone())
                    .unwrap_or_default();
                let uri = crate::var::get(w, &rq, "request_uri").unwrap_or_default();
                let mut key = scheme;
                key.extend_from_slice(host.as_bytes());
                key.extend_from_slice(&uri);
                key
            }
        }
    };
    use md5::Digest;
    let key: Key = md5::Md5::digest(key_text.as_bytes()).into();
    let mut ctx = Ctx {
        zone,
        key,
        status: Status::Miss,
        cacheable: true,
        not_modified: true,
        stale: false,
        updating: false,
        locked: false,
        held: std::cell::Cell::new(false),
        revalidate: None,
    };
    if predicates(w, r, &cc.bypass) {
        ctx.status = Status::Bypass;
        return Lookup::Upstream(ctx);
    }
    let min_uses = cc.min_uses.max(1);
    let lock_timeout = Duration::from_millis(if cc.lock_timeout_ms == 0 {
        5000
    } else {
        cc.lock_timeout_ms
    });
    let lock_age = Duration::from_millis(if cc.lock_age_ms == 0 {
        5000
    } else {
        cc.lock_age_ms
    });
    let started = std::time::Instant::now();
    let mut counted = false;
    loop {
        let mut inner = zone.lock();
        let t = now();
        if !inner.nodes.contains_key(&key) {
            zone.expire(&mut inner);
            inner.nodes.insert(
                key,
                Node {
                    uses: 0,
                    exists: false,
                    valid_sec: 0,
                    error: 0,
                    updating: false,
                    locked: None,
                    expire: 0,
                    count: 0,
                    tick: 0,
                    fs_size: 0,
                    last_modified: None,
                    etag: None,
                    vary: None,
                },
            );
        }
        zone.touch(&mut inner, &key);
        let Some(n) = inner.nodes.get_mut(&key) else {
            return Lookup::Upstream(ctx);
        };
        if !counted {
            n.uses += 1;
            counted = true;
        }
        if n.error != 0 {
            if n.valid_sec >= t {
                let e = n.error;
                ctx.status = Status::Hit;
                return Lookup::Error(ctx, e);
            }
            n.error = 0;
            n.valid_sec = 0;
        }
        if !n.exists {
            if n.uses < min_uses {
                // NGX_HTTP_CACHE_SCARCE
                ctx.cacheable = false;
                return Lookup::Upstream(ctx);
            }
            // proxy_cache_lock: one request fills a new entry, the others wait for it.
            if cc.lock {
                let held = n.locked.filter(|at| at.elapsed() < lock_age);
                if held.is_none() {
                    n.locked = Some(std::time::Instant::now());
                    ctx.locked = true;
                    return Lookup::Upstream(ctx);
                }
                if started.elapsed() >= lock_timeout {
                    drop(inner);
                    crate::engine::log_req(w, r, crate::plan::LogLevel::Info, "cache lock timeout");
                    ctx.cacheable = false;
                    return Lookup::Upstream(ctx);
                }
                drop(inner);
                let left = lock_timeout.saturating_sub(started.elapsed());
                crate::rt::time::sleep(left.min(Duration::from_millis(500))).await;
                continue;
            }
            return Lookup::Upstream(ctx);
        }
        // A stored response: its Vary'd request headers must be the same.
        if let Some((names, values)) = &n.vary {
            let mine = vary_values(r, names);
            if &mine != values {
                return Lookup::Upstream(ctx);
            }
        }
        if n.valid_sec >= t {
            n.count += 1;
            ctx.held.set(true);
            ctx.status = Status::Hit;
            return Lookup::Serve(ctx);
        }
        // Expired.
        if n.updating {
            if cc.use_stale.iter().any(|s| s == "updating") {
                n.count += 1;
                ctx.held.set(true);
                ctx.status = Status::Updating;
                return Lookup::Serve(ctx);
            }
        } else {
            n.updating = true;
            ctx.updating = true;
        }
        n.count += 1;
        ctx.held.set(true);
        ctx.stale = true;
        ctx.status = Status::Expired;
        if cc.revalidate {
            ctx.revalidate = Some((n.last_modified.clone(), n.etag.clone()));
        }
        return Lookup::Upstream(ctx);
    }
}

/// How long a status is cached by `proxy_cache_valid` (ngx_http_file_cache_valid), 0: not.
fn valid_for(cc: &CacheConf, status: u16) -> u64 {
    for (codes, secs) in &cc.valid {
        if codes.is_empty() || codes.contains(&status) {
            return *secs;
        }
    }
    0
}

fn ignored(pc: &ProxyConf, name: &str) -> bool {
    pc.ignore_headers.iter().any(|h| h == name)
}

/// nginx's `ngx_strlcasestrn`.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

/// The validity a response's headers give, as nginx's header handlers work it out in the
/// order the headers come (`process_cache_control`, `_expires`, `_accel_expires`,
/// `_set_cookie`, `_vary`): Some(valid_sec), 0 for none given; None: not cacheable.
fn header_validity(
    pc: &ProxyConf,
    headers: &[(String, BString)],
    vary: &mut Option<String>,
) -> Option<i64> {
    // (the caching headers are read as text)
    let headers: Vec<(&String, String)> = headers
        .iter()
        .map(|(n, v)| (n, v.to_str_lossy().into_owned()))
        .collect();
    let t = now();
    let mut valid: i64 = 0;
    let mut cacheable = true;
    let mut x_accel = false;
    for (n, v) in &headers {
        let v: &String = v;
        match n.to_ascii_lowercase().as_str() {
            "cache-control" => {
                if ignored(pc, "cache-control") || (valid != 0 && x_accel) || !cacheable {
                    continue;
                }
                if find_ci(v, "no-cache").is_some()
                    || find_ci(v, "no-store").is_some()
                    || find_ci(v, "private").is_some()
                {
                    cacheable = false;
                    continue;
                }
                let (p, off) = match find_ci(v, "s-maxage=") {
                    Some(p) => (Some(p), 9),
                    None => (find_ci(v, "max-age="), 8),
                };
                if let Some(p) = p {
                    let mut num: i64 = 0;
                    let mut bad = false;
                    for c in v[p + off..].bytes() {
                        if c == b',' || c == b';' || c == b' ' {
                            break;
                        }
                        if c.is_ascii_digit() {
                            num = num.saturating_mul(10).saturating_add((c - b'0') as i64);
                            continue;
                        }
                        bad = true;
                        break;
                    }
                    if bad || num == 0 {
                        cacheable = false;
                        continue;
                    }
                    valid = t + num;
                }
            }
            "expires" => {
                if ignored(pc, "expires") || valid != 0 {
                    continue;
                }
                match httpdate::parse_http_date(v.trim()) {
                    Ok(at) => {
                        let at = at
                            .duration_since(UNIX_EPOCH)
                            .map_or(0, |d| d.as_secs() as i64);
                        if at < t {
                            cacheable = false;
                        } else {
                            valid = at;
                        }
                    }
                    Err(_) => cacheable = false,
                }
            }
            "x-accel-expires" => {
                if ignored(pc, "x-accel-expires") {
                    continue;
                }
                x_accel = true;
                let atoi = |s: &str| -> Option<i64> {
                    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| s.parse().ok())
                        .flatten()
                };
                match v.strip_prefix('@') {
                    None => match atoi(v) {
                        Some(0) => cacheable = false,
                        Some(n) => valid = t + n,
                        None => {}
                    },
                    Some(abs) => {
                        if let Some(n) = atoi(abs) {
                            valid = n;
                        }
                    }
                }
            }
            "set-cookie" => {
                if !ignored(pc, "set-cookie") {
                    cacheable = false;
                }
            }
            "vary" => {
                if ignored(pc, "vary") || !cacheable {
                    continue;
                }
                if v.len() > 128 || v == "*" {
                    cacheable = false;
                }
                *vary = Some(v.clone());
            }
            _ => {}
        }
    }
    cacheable.then_some(valid)
}

/// A response being written to the cache as it streams to the client.
pub struct Store {
    zone: &'static Zone,
    key: Key,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    valid_sec: i64,
    size: u64,
    last_modified: Option<String>,
    etag: Option<String>,
    vary: Option<(String, String)>,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Store {
    pub fn write(&mut self, data: &[u8]) {
        if let Some(f) = self.file.as_mut() {
            if f.write_all(data).is_err() {
                self.file = None;
                let _ = std::fs::remove_file(&self.tmp);
            }
            self.size += data.len() as u64;
        }
    }

    /// The whole body is written: the file takes its place and the key is valid.
    pub fn finish(mut self) {
        let Some(f) = self.file.take() else { return };
        if f.into_inner().is_err() {
            let _ = std::fs::remove_file(&self.tmp);
            return;
        }
        let path = self.zone.path(&self.key);
        if let Some(d) = path.parent() {
            let _ = std::fs::create_dir_all(d);
        }
        if std::fs::rename(&self.tmp, &path).is_err() {
            let _ = std::fs::remove_file(&self.tmp);
            return;
        }
        let zone = self.zone;
        let mut inner = zone.lock();
        let old = match inner.nodes.get_mut(&self.key) {
            Some(n) => {
                let old = n.fs_size;
                n.exists = true;
                n.error = 0;
                n.valid_sec = self.valid_sec;
                n.fs_size = self.size;
                n.last_modified = self.last_modified.take();
                n.etag = self.etag.take();
                n.vary = self.vary.take();
                old
            }
            None => {
                drop(inner);
                let _ = std::fs::remove_file(&path);
                return;
            }
        };
        inner.size = inner.size.saturating_sub(old) + self.size;
        zone.expire(&mut inner);
    }
}

fn header_value<'a>(headers: &'a [(String, BString)], name: &str) -> Option<&'a BString> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// ngx_http_upstream_send_response's cache part: whether the response is stored, and the
/// file it goes to. `head` is the status line and header lines as the upstream sent them.
pub fn store(
    w: &Worker,
    r: &ReqRef,
    pc: &ProxyConf,
    ctx: &mut Ctx,
    status: u16,
    status_line: &str,
    headers: &[(String, BString)],
) -> Option<Store> {
    let mut vary = None;
    let from_headers = header_validity(pc, headers, &mut vary);
    ctx.cacheable &= from_headers.is_some();
    ctx.not_modified = ctx.cacheable;
    if predicates(w, r, &pc.cache.no_cache) {
        ctx.cacheable = false;
    }
    let valid = match from_headers {
        None => {
            ctx.cacheable = false;
            0
        }
        Some(0) => match valid_for(&pc.cache, status) {
            0 => 0,
            s => now() + s as i64,
        },
        Some(v) => v,
    };
    if valid == 0 {
        ctx.cacheable = false;
    }
    // (an unbuffered response is not stored: ngx_http_upstream_send_response)
    let unbuffered = !pc.buffering
        || (!ignored(pc, "x-accel-buffering")
            && header_value(headers, "x-accel-buffering")
                .is_some_and(|v| v.eq_ignore_ascii_case(b"no")));
    if !ctx.cacheable || unbuffered {
        return None;
    }
    let (last_modified, etag) = if matches!(status, 200 | 206) {
        (
            header_value(headers, "last-modified").map(|v| v.to_str_lossy().into_owned()),
            header_value(headers, "etag").map(|v| v.to_str_lossy().into_owned()),
        )
    } else {
        (None, None)
    };
    let zone = ctx.zone;
    let uniq = {
        let mut inner = zone.lock();
        inner.uniq += 1;
        inner.uniq
    };
    let tmp = zone.dir.join(format!(
        ".tmp-{}-{}-{uniq}",
        std::process::id(),
        ctx.key
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ));
    let _ = std::fs::create_dir_all(&zone.dir);
    let file = std::fs::File::create(&tmp).ok()?;
    let mut file = std::io::BufWriter::new(file);
    let mut head = Vec::new();
    head.extend_from_slice(format!("{status} {status_line}\n").as_bytes());
    for (n, v) in headers {
        head.extend_from_slice(n.as_bytes());
        head.push(0);
        head.extend_from_slice(v.as_bytes());
        head.push(b'\n');
    }
    let len = (head.len() as u32).to_le_bytes();
    if file.write_all(b"RESTYC-CACHE1").is_err()
        || file.write_all(&len).is_err()
        || file.write_all(&head).is_err()
    {
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    let vary = vary.map(|names| {
        let values = vary_values(r, &names);
        (names, values)
    });
    Some(Store {
        zone,
        key: ctx.key,
        tmp,
        file: Some(file),
        valid_sec: valid,
        size: 0,
        last_modified,
        etag,
        vary,
    })
}

/// ngx_http_upstream_finalize_request's cache part: an error status that
/// `proxy_cache_valid` covers is remembered for the key (502, 504...).
pub fn store_error(pc: &ProxyConf, ctx: &Ctx, status: u16) {
    if !ctx.cacheable {
        return;
    }
    let secs = valid_for(&pc.cache, status);
    if secs == 0 {
        return;
    }
    let mut inner = ctx.zone.lock();
    if let Some(n) = inner.nodes.get_mut(&ctx.key) {
        if !n.exists {
            n.error = status;
            n.valid_sec = now() + secs as i64;
        }
    }
}

/// After a 304 to a revalidation: the stored response is fresh again for as long as the
/// 304's headers (or proxy_cache_valid for 304) say.
pub fn revalidated(pc: &ProxyConf, ctx: &Ctx, headers: &[(String, BString)]) {
    let mut vary = None;
    let valid = match header_validity(pc, headers, &mut vary) {
        Some(v) if v != 0 => v,
        _ => match valid_for(&pc.cache, 304) {
            0 => 0,
            s => now() + s as i64,
        },
    };
    if valid == 0 {
        return;
    }
    let mut inner = ctx.zone.lock();
    if let Some(n) = inner.nodes.get_mut(&ctx.key) {
        n.valid_sec = valid;
    }
}

impl Ctx {
    /// There is an expired response to answer with (proxy_cache_use_stale).
    pub fn can_stale(&self, pc: &ProxyConf, kind: &str) -> bool {
        self.stale && self.status == Status::Expired && pc.cache.use_stale.iter().any(|s| s == kind)
    }
}

/// A stored response read back: its head, and the file positioned at the body.
pub struct Cached {
    pub status: u16,
    pub status_line: String,
    pub headers: Vec<(String, BString)>,
    pub length: u64,
    file: std::fs::File,
}

pub fn open(ctx: &Ctx) -> Option<Cached> {
    let mut file = std::fs::File::open(ctx.zone.path(&ctx.key)).ok()?;
    let total = file.metadata().ok()?.len();
    let mut magic = [0u8; 17];
    file.read_exact(&mut magic).ok()?;
    if &magic[..13] != b"RESTYC-CACHE1" {
        return None;
    }
    let hl = u32::from_le_bytes([magic[13], magic[14], magic[15], magic[16]]) as usize;
    if hl as u64 > total {
        return None;
    }
    let mut head = vec![0u8; hl];
    file.read_exact(&mut head).ok()?;
    let mut lines = head.split(|&b| b == b'\n');
    let first = String::from_utf8_lossy(lines.next()?).into_owned();
    let (code, line) = first.split_once(' ')?;
    let status: u16 = code.parse().ok()?;
    let mut headers = vec![];
    for l in lines {
        if let Some(i) = l.find_byte(0) {
            headers.push((
                String::from_utf8_lossy(&l[..i]).into_owned(),
                BString::from(&l[i + 1..]),
            ));
        }
    }
    Some(Cached {
        status,
        status_line: line.to_string(),
        headers,
        length: total - 17 - hl as u64,
        file,
    })
}

impl Cached {
    /// The next piece of the body (empty at its end).
    pub fn read(&mut self, buf: &mut [u8]) -> usize {
        self.file.read(buf).unwrap_or(0)
    }
}

/// A request done with a file it served.
pub fn release(ctx: &Ctx) {
    if !ctx.held.replace(false) {
        return;
    }
    let mut inner = ctx.zone.lock();
    if let Some(n) = inner.nodes.get_mut(&ctx.key) {
        n.count = n.count.saturating_sub(1);
    }
}

/// `$upstream_cache_status` and friends.
pub fn var(u: &crate::proxy::UpstreamVars, name: &str) -> Option<Option<String>> {
    match name {
        "upstream_cache_status" => Some(u.cache_status.map(|s| s.name().to_string())),
        "upstream_cache_last_modified" => {
            Some(u.cache_revalidate.as_ref().and_then(|r| r.0.clone()))
        }
        "upstream_cache_etag" => Some(u.cache_revalidate.as_ref().and_then(|r| r.1.clone())),
        "upstream_cache_key" => Some(None),
        _ => None,
    }
}

/// The response the client gets from the cache (ngx_http_upstream_cache_send, then
/// ngx_http_cache_send). None when the file is gone: the request goes upstream after all.
pub async fn serve(
    w: &Rc<Worker>,
    r: &ReqRef,
    pc: &ProxyConf,
    p: &crate::plan::ProxyPass,
    ctx: &Ctx,
    status: Status,
) -> Option<crate::proxy::End> {
    let Some(mut c) = open(ctx) else {
        release(ctx);
        return None;
    };
    set_status(r, status, true);
    let length = header_value(&c.headers, "content-length")
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
        .map(|_| c.length);
    crate::proxy::copy_head(w, r, pc, p, c.status, &c.status_line, &c.headers, length);
    validators(r);
    crate::output::send_header(w, r);
    let mut buf = vec![0u8; 16 * 1024];
    let mut ok = true;
    let head_only = r.borrow().head_only;
    while !head_only {
        let n = c.read(&mut buf);
        if n == 0 {
            break;
        }
        if !crate::output::send_body(w, r, &buf[..n], false) || !crate::proxy::to_client(r).await {
            ok = false;
            break;
        }
    }
    release(ctx);
    if ok {
        crate::output::finish(w, r);
    } else {
        r.borrow_mut().keepalive = false;
    }
    Some(crate::proxy::End::Done)
}

/// `$upstream_cache_status`, and whether the not_modified filter applies.
pub fn set_status(r: &ReqRef, status: Status, not_modified: bool) {
    let mut rq = r.borrow_mut();
    let u = rq.upstream.get_or_insert_with(Default::default);
    u.cache_status = Some(status);
    u.cacheable = not_modified;
}

/// A cacheable response's Last-Modified is the response's own (`r->headers_out.last_modified`),
/// which the not_modified filter compares with If-Modified-Since.
pub fn validators(r: &ReqRef) {
    let mut rq = r.borrow_mut();
    if !rq.upstream.as_ref().is_some_and(|u| u.cacheable) {
        return;
    }
    let h = &mut rq.headers_out;
    if let Some(i) = h
        .others
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("last-modified"))
    {
        let (_, v) = h.to_builtin(i, crate::http::Builtin::LastModified);
        h.last_modified = Some(v.to_str_lossy().into_owned());
    }
}

/// Whether the not_modified filter runs for a proxied response.
pub fn not_modified_applies(rq: &crate::request::Request) -> bool {
    rq.upstream.as_ref().is_some_and(|u| u.cacheable)
}
