//! The cross-worker store behind `lua_shared_dict NAME SIZE` (`ngx_http_lua_shdict.c`).
//!
//! One [`ShDict`] per zone, `Send + Sync` behind an `Arc`, shared by every worker. It keeps
//! nginx's semantics operation by operation:
//!
//! - values are booleans, numbers, strings (or lists), with 32-bit user flags;
//! - expiry has millisecond resolution against nginx's cached clock ([`crate::clock`]) and is
//!   lazy: every operation first drops at most two expired items from the LRU tail
//!   (`ngx_http_lua_shdict_expire(ctx, 1)`), `get_stale` still sees expired items until then;
//! - every lookup moves the item to the LRU head, `get_keys` lists from the tail;
//! - memory is accounted like nginx's slab allocator on the declared size: 4 KiB pages, chunk
//!   classes 8..2048 bytes per page, whole pages above that, node size
//!   `68 + key + value` (numbers 8 bytes, booleans 1), the zone header and the two allocations
//!   made at zone creation; `free_space()` counts whole free pages as nginx does;
//! - when an allocation fails, `set`/`add`/`replace`/`incr` evict from the LRU tail (up to 30
//!   rounds of one forced and up to two expired items) and report `forcible`; `safe_set` /
//!   `safe_add` fail with "no memory"; list pushes never evict;
//! - `flush_all` marks everything expired and frees three items, as nginx does.
//!
//! The page allocator is nginx's too (first fit over the free-run list, merging on free), so
//! fragmentation makes large values fail where nginx's do. Not modelled: the shared memory
//! surviving a reload.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::clock;

const PAGE: usize = 4096;
/// `sizeof(ngx_slab_pool_t)` on x86-64 (nginx 1.22).
const POOL_HEADER: usize = 200;
/// `ngx_pagesize_shift - min_shift`: chunk classes 8 (shift 3) .. 2048 (shift 11).
const SLOTS: usize = 9;
/// `sizeof(ngx_slab_page_t)`
const PAGE_DESC: usize = 24;
/// `sizeof(ngx_slab_stat_t)`
const SLOT_STAT: usize = 32;
/// `offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_lua_shdict_node_t, data)`
const NODE_OVERHEAD: usize = 32 + 36;
/// `offsetof(ngx_http_lua_shdict_list_node_t, data)`
const LIST_NODE_OVERHEAD: usize = 21;
/// `sizeof(ngx_http_lua_shdict_shctx_t)`, allocated at zone creation
const SHCTX_SIZE: usize = 80;

/// A value as stored.
#[derive(Clone, Debug, PartialEq)]
pub enum ShValue {
    Bool(bool),
    Number(f64),
    Str(Vec<u8>),
}

/// A value to store (`Nil` deletes with `set`).
#[derive(Clone, Copy, Debug)]
pub enum ValRef<'a> {
    Nil,
    Bool(bool),
    Number(f64),
    Str(&'a [u8]),
}

impl ValRef<'_> {
    fn len(&self) -> usize {
        match self {
            ValRef::Nil => 0,
            ValRef::Bool(_) => 1,
            ValRef::Number(_) => 8,
            ValRef::Str(s) => s.len(),
        }
    }

    fn is_nil(&self) -> bool {
        matches!(self, ValRef::Nil)
    }

    fn to_owned(self) -> Option<ShValue> {
        match self {
            ValRef::Nil => None,
            ValRef::Bool(b) => Some(ShValue::Bool(b)),
            ValRef::Number(n) => Some(ShValue::Number(n)),
            ValRef::Str(s) => Some(ShValue::Str(s.to_vec())),
        }
    }
}

impl ShValue {
    fn len(&self) -> usize {
        match self {
            ShValue::Bool(_) => 1,
            ShValue::Number(_) => 8,
            ShValue::Str(s) => s.len(),
        }
    }
}

/// The store operations of `ngx_http_lua_ffi_shdict_store`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOp {
    Set,
    SafeSet,
    Add,
    SafeAdd,
    Replace,
}

impl StoreOp {
    fn is_add(self) -> bool {
        matches!(self, StoreOp::Add | StoreOp::SafeAdd)
    }
    fn is_safe(self) -> bool {
        matches!(self, StoreOp::SafeSet | StoreOp::SafeAdd)
    }
}

/// A successful `get`.
#[derive(Clone, Debug, PartialEq)]
pub struct Got {
    pub value: ShValue,
    pub flags: i32,
    /// expired but not yet removed (only with `get_stale`)
    pub stale: bool,
}

// ===== the slab model =====

/// An allocation in a [`Slab`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum Alloc {
    /// a chunk of class `slot` in page `page`
    Chunk { slot: u8, page: u32 },
    /// `n` whole pages starting at page `start`
    Pages { start: u32, n: u32 },
}

#[derive(Default)]
struct SlotPages {
    /// pages of this class with a free chunk, most recently useful first (`slots[i].next`)
    partial: VecDeque<u32>,
    /// used chunks per page
    used: HashMap<u32, u32>,
}

/// `ngx_slab_alloc_pages` / `ngx_slab_free_pages`: runs of free pages in a list, first fit
/// in list order, a split run keeps its list position, a freed run merges with free
/// neighbours and goes to the list head.
struct Pages {
    total: usize,
    /// free run heads in list order (front = `pool->free.next`)
    free_list: VecDeque<u32>,
    /// run length by head page (0 = not a free run head)
    run_len: Vec<u32>,
    /// for the last page of a free run, its head (`u32::MAX` = not a free run's last page)
    tail_head: Vec<u32>,
}

impl Pages {
    fn new(total: usize) -> Pages {
        let mut p = Pages {
            total,
            free_list: VecDeque::new(),
            run_len: vec![0; total],
            tail_head: vec![u32::MAX; total],
        };
        if total > 0 {
            p.add_run(0, total as u32, true);
        }
        p
    }

    fn add_run(&mut self, head: u32, len: u32, front: bool) {
        self.run_len[head as usize] = len;
        self.tail_head[(head + len - 1) as usize] = head;
        if front {
            self.free_list.push_front(head);
        } else {
            self.free_list.push_back(head);
        }
    }

    fn clear_run(&mut self, head: u32) -> u32 {
        let len = self.run_len[head as usize];
        self.run_len[head as usize] = 0;
        if len > 0 {
            self.tail_head[(head + len - 1) as usize] = u32::MAX;
        }
        len
    }

    fn alloc(&mut self, n: u32) -> Option<u32> {
        let i = self
            .free_list
            .iter()
            .position(|&h| self.run_len[h as usize] >= n)?;
        let head = self.free_list[i];
        let len = self.clear_run(head);
        if len > n {
            let rest = head + n;
            self.run_len[rest as usize] = len - n;
            self.tail_head[(rest + len - n - 1) as usize] = rest;
            self.free_list[i] = rest;
        } else {
            self.free_list.remove(i);
        }
        Some(head)
    }

    fn free(&mut self, mut head: u32, mut len: u32) {
        let next = head + len;
        if (next as usize) < self.total && self.run_len[next as usize] > 0 {
            len += self.clear_run(next);
            self.free_list.retain(|&h| h != next);
        }
        if head > 0 {
            let prev_head = self.tail_head[(head - 1) as usize];
            if prev_head != u32::MAX {
                len += self.clear_run(prev_head);
                self.free_list.retain(|&h| h != prev_head);
                head = prev_head;
            }
        }
        self.add_run(head, len, true);
    }
}

/// nginx's slab allocator on a zone of the declared size (also used by the limit_req and
/// limit_conn zones).
pub(crate) struct Slab {
    pfree: usize,
    pages: Pages,
    slots: [SlotPages; SLOTS],
}

fn slot_of(size: usize) -> usize {
    // ngx_slab_alloc_locked: shift = ceil(log2(size)), at least 3
    let mut shift = 3;
    while (1usize << shift) < size {
        shift += 1;
    }
    shift - 3
}

fn chunks_per_page(slot: usize) -> u32 {
    let shift = slot + 3;
    let n = (PAGE >> shift) as u32;
    match shift {
        // small classes keep their bitmap in the page's first chunks
        3..=5 => {
            let map = ((PAGE >> shift) / ((1 << shift) * 8)).max(1) as u32;
            n - map
        }
        _ => n,
    }
}

impl Slab {
    /// `ngx_slab_init` on a zone of `size` bytes.
    pub(crate) fn new(size: usize) -> Slab {
        let usable = size.saturating_sub(POOL_HEADER + SLOTS * (PAGE_DESC + SLOT_STAT));
        let mut pages = usable / (PAGE + PAGE_DESC);
        let descs_end = POOL_HEADER + SLOTS * (PAGE_DESC + SLOT_STAT) + pages * PAGE_DESC;
        let start = descs_end.div_ceil(PAGE) * PAGE;
        let fit = size.saturating_sub(start) / PAGE;
        if pages > fit {
            pages = fit;
        }
        Slab {
            pfree: pages,
            pages: Pages::new(pages),
            slots: Default::default(),
        }
    }

    pub(crate) fn alloc(&mut self, size: usize) -> Option<Alloc> {
        if size > PAGE / 2 {
            let n = size.div_ceil(PAGE) as u32;
            let start = self.pages.alloc(n)?;
            self.pfree -= n as usize;
            return Some(Alloc::Pages { start, n });
        }
        let slot = slot_of(size);
        let cap = chunks_per_page(slot);
        let sp = &mut self.slots[slot];
        let page = match sp.partial.front() {
            Some(&p) => p,
            None => {
                let p = self.pages.alloc(1)?;
                self.pfree -= 1;
                sp.partial.push_front(p);
                sp.used.insert(p, 0);
                p
            }
        };
        let used = sp.used.entry(page).or_insert(0);
        *used += 1;
        if *used >= cap {
            sp.partial.pop_front();
        }
        Some(Alloc::Chunk {
            slot: slot as u8,
            page,
        })
    }

    pub(crate) fn free(&mut self, a: Alloc) {
        match a {
            Alloc::Pages { start, n } => {
                self.pfree += n as usize;
                self.pages.free(start, n);
            }
            Alloc::Chunk { slot, page } => {
                let slot = slot as usize;
                let cap = chunks_per_page(slot);
                let sp = &mut self.slots[slot];
                let Some(used) = sp.used.get_mut(&page) else {
                    return;
                };
                let was_full = *used >= cap;
                *used = used.saturating_sub(1);
                if *used == 0 {
                    sp.used.remove(&page);
                    sp.partial.retain(|&p| p != page);
                    self.pfree += 1;
                    self.pages.free(page, 1);
                } else if was_full {
                    sp.partial.push_front(page);
                }
            }
        }
    }
}

// ===== the store =====

const NIL: u32 = u32::MAX;

enum Data {
    Value(ShValue),
    List(VecDeque<(ShValue, Alloc)>),
}

struct Node {
    key: Box<[u8]>,
    data: Data,
    flags: i32,
    /// absolute ms, 0 = never
    expires: u64,
    alloc: Alloc,
    /// LRU links: `prev` towards the head (newest), `next` towards the tail (oldest)
    prev: u32,
    next: u32,
}

impl Node {
    fn value_len(&self) -> usize {
        match &self.data {
            Data::Value(v) => v.len(),
            Data::List(l) => l.len(),
        }
    }
    fn is_list(&self) -> bool {
        matches!(self.data, Data::List(_))
    }
}

struct Inner {
    map: HashMap<Box<[u8]>, u32>,
    nodes: Vec<Option<Node>>,
    free_ids: Vec<u32>,
    head: u32,
    tail: u32,
    slab: Slab,
}

enum Lookup {
    NotFound,
    Found(u32),
    Expired(u32),
}

impl Inner {
    fn node(&self, id: u32) -> &Node {
        // ids come from `map`/LRU links, which only hold live nodes
        self.nodes[id as usize]
            .as_ref()
            .expect("shdict: dangling node id")
    }

    fn node_mut(&mut self, id: u32) -> &mut Node {
        self.nodes[id as usize]
            .as_mut()
            .expect("shdict: dangling node id")
    }

    fn unlink(&mut self, id: u32) {
        let (prev, next) = {
            let n = self.node(id);
            (n.prev, n.next)
        };
        if prev == NIL {
            self.head = next;
        } else {
            self.node_mut(prev).next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.node_mut(next).prev = prev;
        }
    }

    fn push_head(&mut self, id: u32) {
        let old = self.head;
        {
            let n = self.node_mut(id);
            n.prev = NIL;
            n.next = old;
        }
        if old == NIL {
            self.tail = id;
        } else {
            self.node_mut(old).prev = id;
        }
        self.head = id;
    }

    fn touch(&mut self, id: u32) {
        if self.head != id {
            self.unlink(id);
            self.push_head(id);
        }
    }

    /// `ngx_http_lua_shdict_lookup`: also moves the item to the LRU head.
    fn lookup(&mut self, key: &[u8], now: u64) -> Lookup {
        let Some(&id) = self.map.get(key) else {
            return Lookup::NotFound;
        };
        self.touch(id);
        let exp = self.node(id).expires;
        if exp != 0 && (exp as i64).wrapping_sub(now as i64) < 0 {
            Lookup::Expired(id)
        } else {
            Lookup::Found(id)
        }
    }

    /// Frees a node, its list elements and its memory.
    fn remove(&mut self, id: u32) {
        self.unlink(id);
        let Some(node) = self.nodes[id as usize].take() else {
            return;
        };
        if let Data::List(items) = &node.data {
            for (_, a) in items {
                self.slab.free(*a);
            }
        }
        self.slab.free(node.alloc);
        self.map.remove(&node.key);
        self.free_ids.push(id);
    }

    fn insert(&mut self, node: Node) -> u32 {
        let key = node.key.clone();
        let id = match self.free_ids.pop() {
            Some(id) => {
                self.nodes[id as usize] = Some(node);
                id
            }
            None => {
                self.nodes.push(Some(node));
                (self.nodes.len() - 1) as u32
            }
        };
        self.map.insert(key, id);
        self.push_head(id);
        id
    }

    /// `ngx_http_lua_shdict_expire`: `n = 1` removes up to two expired items from the LRU
    /// tail; `n = 0` removes the tail item by force, then up to two expired ones.
    fn expire(&mut self, mut n: u32, now: u64) -> u32 {
        let mut freed = 0;
        while n < 3 {
            let id = self.tail;
            if id == NIL {
                return freed;
            }
            if n != 0 {
                let exp = self.node(id).expires;
                if exp == 0 || (exp as i64).wrapping_sub(now as i64) > 0 {
                    return freed;
                }
            }
            n += 1;
            self.remove(id);
            freed += 1;
        }
        freed
    }

    /// Allocates `size` bytes, evicting like `set` does unless `safe`; returns the
    /// allocation and whether valid items were evicted.
    fn alloc_evicting(&mut self, size: usize, evict: bool, now: u64) -> (Option<Alloc>, bool) {
        if let Some(a) = self.slab.alloc(size) {
            return (Some(a), false);
        }
        if !evict {
            return (None, false);
        }
        let mut forcible = false;
        for _ in 0..30 {
            if self.expire(0, now) == 0 {
                break;
            }
            forcible = true;
            if let Some(a) = self.slab.alloc(size) {
                return (Some(a), true);
            }
        }
        (None, forcible)
    }
}

fn expires_at(now: u64, ms: i64) -> u64 {
    if ms > 0 {
        now.wrapping_add(ms as u64)
    } else {
        0
    }
}

/// One `lua_shared_dict` zone.
pub struct ShDict {
    name: String,
    size: usize,
    inner: Mutex<Inner>,
}

/// The result of a store: `Ok(forcible)` or `Err((message, forcible))`.
pub type StoreResult = Result<bool, (&'static str, bool)>;

impl ShDict {
    /// A zone of `size` bytes, with the two allocations nginx makes when creating it.
    pub fn new(name: &str, size: usize) -> ShDict {
        let mut slab = Slab::new(size);
        let _ = slab.alloc(SHCTX_SIZE);
        let _ = slab.alloc(" in lua_shared_dict zone \"\"".len() + 1 + name.len());
        ShDict {
            name: name.to_string(),
            size,
            inner: Mutex::new(Inner {
                map: HashMap::new(),
                nodes: Vec::new(),
                free_ids: Vec::new(),
                head: NIL,
                tail: NIL,
                slab,
            }),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `get` (`stale = false`) and `get_stale`. `Err("value is a list")` for lists.
    pub fn get(&self, key: &[u8], stale: bool) -> Result<Option<Got>, &'static str> {
        let now = clock::now_ms();
        let mut g = self.lock();
        if !stale {
            g.expire(1, now);
        }
        let (id, is_stale) = match g.lookup(key, now) {
            Lookup::NotFound => return Ok(None),
            Lookup::Expired(_) if !stale => return Ok(None),
            Lookup::Expired(id) => (id, true),
            Lookup::Found(id) => (id, false),
        };
        let n = g.node(id);
        match &n.data {
            Data::List(_) => Err("value is a list"),
            Data::Value(v) => Ok(Some(Got {
                value: v.clone(),
                flags: n.flags,
                stale: is_stale,
            })),
        }
    }

    /// `set`, `safe_set`, `add`, `safe_add`, `replace` (and `delete` = `set` of `Nil`):
    /// `ngx_http_lua_ffi_shdict_store`. `exptime_ms <= 0` means no expiry.
    pub fn store(
        &self,
        op: StoreOp,
        key: &[u8],
        value: ValRef<'_>,
        exptime_ms: i64,
        flags: i32,
    ) -> StoreResult {
        if value.is_nil() && (op.is_add() || op == StoreOp::Replace) {
            return Err(("attempt to add or replace nil values", false));
        }
        let now = clock::now_ms();
        let mut g = self.lock();
        g.expire(1, now);
        let found = g.lookup(key, now);
        let existing = match (op, found) {
            (StoreOp::Replace, Lookup::Found(id)) => Some(id),
            (StoreOp::Replace, _) => return Err(("not found", false)),
            (_, Lookup::Found(_)) if op.is_add() => return Err(("exists", false)),
            (_, Lookup::Expired(id)) if op.is_add() => Some(id),
            (_, Lookup::NotFound) => None,
            (_, Lookup::Found(id) | Lookup::Expired(id)) => Some(id),
        };
        if let Some(id) = existing {
            let n = g.node(id);
            // same size (and not a list): reuse the node in place
            if !value.is_nil() && n.value_len() == value.len() && !n.is_list() {
                let n = g.node_mut(id);
                n.expires = expires_at(now, exptime_ms);
                n.flags = flags;
                if let Some(v) = value.to_owned() {
                    n.data = Data::Value(v);
                }
                // lookup already moved it to the head
                return Ok(false);
            }
            g.remove(id);
        }
        let Some(v) = value.to_owned() else {
            return Ok(false);
        };
        let size = NODE_OVERHEAD + key.len() + value.len();
        let (alloc, forcible) = g.alloc_evicting(size, !op.is_safe(), now);
        let Some(alloc) = alloc else {
            return Err(("no memory", forcible));
        };
        g.insert(Node {
            key: key.into(),
            data: Data::Value(v),
            flags,
            expires: expires_at(now, exptime_ms),
            alloc,
            prev: NIL,
            next: NIL,
        });
        Ok(forcible)
    }

    /// `incr`: `init` creates a missing (or expired) item, with `init_ttl_ms` as its expiry;
    /// returns the new value and whether valid items were evicted.
    pub fn incr(
        &self,
        key: &[u8],
        delta: f64,
        init: Option<f64>,
        init_ttl_ms: i64,
    ) -> Result<(f64, bool), &'static str> {
        let now = clock::now_ms();
        let mut g = self.lock();
        g.expire(1, now);
        match g.lookup(key, now) {
            Lookup::Found(id) => {
                let n = g.node_mut(id);
                match &mut n.data {
                    Data::Value(ShValue::Number(x)) => {
                        *x += delta;
                        Ok((*x, false))
                    }
                    _ => Err("not a number"),
                }
            }
            found => {
                let Some(init) = init else {
                    return Err("not found");
                };
                let num = delta + init;
                if let Lookup::Expired(id) = found {
                    if g.node(id).value_len() == 8 && !g.node(id).is_list() {
                        let n = g.node_mut(id);
                        n.data = Data::Value(ShValue::Number(num));
                        n.flags = 0;
                        n.expires = expires_at(now, init_ttl_ms);
                        return Ok((num, false));
                    }
                    g.remove(id);
                }
                let (alloc, forcible) = g.alloc_evicting(NODE_OVERHEAD + key.len() + 8, true, now);
                let Some(alloc) = alloc else {
                    return Err("no memory");
                };
                g.insert(Node {
                    key: key.into(),
                    data: Data::Value(ShValue::Number(num)),
                    flags: 0,
                    expires: expires_at(now, init_ttl_ms),
                    alloc,
                    prev: NIL,
                    next: NIL,
                });
                Ok((num, forcible))
            }
        }
    }

    /// `lpush` (`left`) / `rpush`: returns the new length. Lists never evict other items.
    pub fn push(&self, key: &[u8], value: ValRef<'_>, left: bool) -> Result<usize, &'static str> {
        let v = match value {
            ValRef::Str(_) | ValRef::Number(_) => value.to_owned(),
            _ => None,
        };
        let Some(v) = v else {
            return Err("bad value type");
        };
        let now = clock::now_ms();
        let mut g = self.lock();
        g.expire(1, now);
        let id = match g.lookup(key, now) {
            Lookup::Found(id) => {
                if !g.node(id).is_list() {
                    return Err("value not a list");
                }
                id
            }
            Lookup::Expired(id) if g.node(id).is_list() => {
                // reuse the head, drop the old elements
                let old = match &mut g.node_mut(id).data {
                    Data::List(items) => std::mem::take(items),
                    Data::Value(_) => VecDeque::new(),
                };
                for (_, a) in old {
                    g.slab.free(a);
                }
                g.node_mut(id).expires = 0;
                id
            }
            found => {
                if let Lookup::Expired(id) = found {
                    g.remove(id);
                }
                let size = (NODE_OVERHEAD + key.len() + 16).next_multiple_of(8);
                let Some(alloc) = g.slab.alloc(size) else {
                    return Err("no memory");
                };
                g.insert(Node {
                    key: key.into(),
                    data: Data::List(VecDeque::new()),
                    flags: 0,
                    expires: 0,
                    alloc,
                    prev: NIL,
                    next: NIL,
                })
            }
        };
        let Some(a) = g.slab.alloc(LIST_NODE_OVERHEAD + v.len()) else {
            if g.node(id).value_len() == 0 {
                g.remove(id);
            }
            return Err("no memory");
        };
        let n = g.node_mut(id);
        match &mut n.data {
            Data::List(items) => {
                if left {
                    items.push_front((v, a));
                } else {
                    items.push_back((v, a));
                }
                Ok(items.len())
            }
            Data::Value(_) => Err("value not a list"),
        }
    }

    /// `lpop` (`left`) / `rpop`: `Ok(None)` when the key is missing; an emptied list is
    /// removed.
    pub fn pop(&self, key: &[u8], left: bool) -> Result<Option<ShValue>, &'static str> {
        let now = clock::now_ms();
        let mut g = self.lock();
        g.expire(1, now);
        let id = match g.lookup(key, now) {
            Lookup::Found(id) => id,
            _ => return Ok(None),
        };
        let (item, now_empty) = match &mut g.node_mut(id).data {
            Data::List(items) => {
                let item = if left {
                    items.pop_front()
                } else {
                    items.pop_back()
                };
                (item, items.is_empty())
            }
            Data::Value(_) => return Err("value not a list"),
        };
        let Some((v, a)) = item else {
            return Ok(None);
        };
        g.slab.free(a);
        if now_empty {
            g.remove(id);
        }
        Ok(Some(v))
    }

    /// `llen`: 0 for a missing key.
    pub fn llen(&self, key: &[u8]) -> Result<usize, &'static str> {
        let now = clock::now_ms();
        let mut g = self.lock();
        g.expire(1, now);
        match g.lookup(key, now) {
            Lookup::Found(id) => match &g.node(id).data {
                Data::List(items) => Ok(items.len()),
                Data::Value(_) => Err("value not a list"),
            },
            _ => Ok(0),
        }
    }

    /// `ttl` in ms: `None` when missing, 0 without expiry, negative when expired but present.
    pub fn ttl(&self, key: &[u8]) -> Option<i64> {
        let now = clock::now_ms();
        let mut g = self.lock();
        match g.lookup(key, now) {
            Lookup::NotFound => None,
            Lookup::Found(id) | Lookup::Expired(id) => {
                let exp = g.node(id).expires;
                Some(if exp == 0 {
                    0
                } else {
                    (exp as i64).wrapping_sub(now as i64)
                })
            }
        }
    }

    /// `expire`: sets a new expiry (`<= 0`: none), even on an expired item; `false` if missing.
    pub fn set_expire(&self, key: &[u8], exptime_ms: i64) -> bool {
        let now = clock::now_ms();
        let mut g = self.lock();
        match g.lookup(key, now) {
            Lookup::NotFound => false,
            Lookup::Found(id) | Lookup::Expired(id) => {
                g.node_mut(id).expires = expires_at(now, exptime_ms);
                true
            }
        }
    }

    /// `flush_all`: every item is marked expired; three are freed at once.
    pub fn flush_all(&self) {
        let now = clock::now_ms();
        let mut g = self.lock();
        let mut id = g.head;
        while id != NIL {
            let n = g.node_mut(id);
            n.expires = 1;
            id = n.next;
        }
        g.expire(0, now);
    }

    /// `flush_expired(max)`: frees expired items from the LRU tail (`max <= 0`: all).
    pub fn flush_expired(&self, max: i32) -> i32 {
        let now = clock::now_ms();
        let mut g = self.lock();
        let mut freed = 0;
        let mut id = g.tail;
        while id != NIL {
            let (prev, exp) = {
                let n = g.node(id);
                (n.prev, n.expires)
            };
            if exp != 0 && exp <= now {
                g.remove(id);
                freed += 1;
                if max != 0 && freed == max {
                    break;
                }
            }
            id = prev;
        }
        freed
    }

    /// `get_keys(max)`: unexpired keys from the LRU tail (oldest first); `max = 0`: all.
    pub fn get_keys(&self, max: i32) -> Vec<Vec<u8>> {
        let now = clock::now_ms();
        let g = self.lock();
        let mut out = Vec::new();
        let mut id = g.tail;
        while id != NIL {
            let n = g.node(id);
            if n.expires == 0 || n.expires > now {
                out.push(n.key.to_vec());
                if max != 0 && out.len() as i64 == max as i64 {
                    break;
                }
            }
            id = n.prev;
        }
        out
    }

    /// The declared size in bytes.
    pub fn capacity(&self) -> usize {
        self.size
    }

    /// Free whole pages, in bytes (`shpool->pfree * ngx_pagesize`).
    pub fn free_space(&self) -> usize {
        self.lock().slab.pfree * PAGE
    }
}

/// All zones of a configuration, built once at startup from the Plan's
/// `lua_shared_dict NAME SIZE` list and shared by every worker.
pub struct ShDicts {
    dicts: Vec<Arc<ShDict>>,
    by_name: HashMap<String, usize>,
}

impl ShDicts {
    pub fn new(decls: &[(String, u64)]) -> ShDicts {
        let mut dicts = Vec::new();
        let mut by_name = HashMap::new();
        for (name, size) in decls {
            by_name.insert(name.clone(), dicts.len());
            dicts.push(Arc::new(ShDict::new(name, *size as usize)));
        }
        ShDicts { dicts, by_name }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<ShDict>> {
        self.by_name.get(name).map(|&i| &self.dicts[i])
    }

    /// In declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ShDict>> {
        self.dicts.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.dicts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_zone_free_space_matches_nginx() {
        // values printed by nginx 1.22.1 for `lua_shared_dict NAME SIZE` zones
        for (name, size, free) in [
            ("small", 12288, 0),
            ("k32", 32768, 20480),
            ("averyveryverylongdictionarynameforlogctx", 65536, 57344),
            ("k100", 102400, 90112),
            ("d", 1048576, 1032192),
            ("m10", 10485760, 10412032),
        ] {
            let d = ShDict::new(name, size);
            assert_eq!((d.capacity(), d.free_space()), (size, free), "{name}");
        }
    }

    #[test]
    fn shared_across_threads() {
        let dicts = Arc::new(ShDicts::new(&[("x".to_string(), 1 << 20)]));
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let d = dicts.clone();
                std::thread::spawn(move || {
                    let x = d.get("x").expect("zone");
                    for _ in 0..1000 {
                        x.incr(b"n", 1.0, Some(0.0), 0).expect("incr");
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().expect("thread");
        }
        let got = dicts
            .get("x")
            .and_then(|x| x.get(b"n", false).ok().flatten());
        assert_eq!(got.map(|g| g.value), Some(ShValue::Number(4000.0)));
    }
}
