//! Server and location selection, exactly as nginx does it, on matchers built once at start-up.
//!
//! Mirrors `ngx_http_core_find_location` / `ngx_http_core_find_static_location` (location search:
//! exact, longest prefix via a byte trie, `^~`, then regexes in configuration order, recursing into
//! nested locations) and `ngx_http_find_virtual_server` (exact name, `*.` wildcards, `.*` wildcards,
//! regexes). URI normalization mirrors `ngx_http_parse_complex_uri`.

// FxHash: keys are fixed at start-up (server names, exact URIs), so lookups of attacker-chosen
// strings cannot degrade the tables; SipHash was ~5% of a request.
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use bstr::BString;
use pcre2::bytes::{Regex, RegexBuilder};

use crate::plan::{LocId, LocationTree, MatchKind, Plan, ServerName};

/// A compiled regex with its capture names (index → name), shared by locations, rewrites, if, server names.
pub struct Compiled {
    pub re: Regex,
    pub names: Vec<Option<String>>,
}

pub fn compile(pattern: &str, caseless: bool) -> Result<Compiled, String> {
    let re = RegexBuilder::new()
        .caseless(caseless)
        .jit_if_available(true)
        .build(pattern)
        .map_err(|e| format!("pcre2_compile() failed: {e} in \"{pattern}\""))?;
    let names = re.capture_names().to_vec();
    Ok(Compiled { re, names })
}

/// Byte trie of the prefix locations of one level: longest-prefix lookup costs the URI length,
/// whatever the number of locations.
#[derive(Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    /// Sorted by byte.
    children: Vec<(u8, u32)>,
    /// For a node with many children: child by byte (0 = none; the root is never a child), so
    /// the lookup does not grow with the number of locations sharing the prefix.
    dense: Option<Box<[u32; 256]>>,
    /// A prefix location ends here: (location, is `^~`).
    terminal: Option<(LocId, bool)>,
}

impl Trie {
    fn insert(&mut self, key: &[u8], loc: LocId, no_regex: bool) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut n = 0usize;
        for &b in key {
            let next = match self.nodes[n].children.binary_search_by_key(&b, |c| c.0) {
                Ok(i) => self.nodes[n].children[i].1 as usize,
                Err(i) => {
                    self.nodes.push(TrieNode::default());
                    let id = self.nodes.len() - 1;
                    self.nodes[n].children.insert(i, (b, id as u32));
                    id
                }
            };
            n = next;
        }
        if self.nodes[n].terminal.is_none() {
            self.nodes[n].terminal = Some((loc, no_regex));
        }
    }

    /// Give nodes with 8 or more children a direct table (once all prefixes are in).
    fn index_wide_nodes(&mut self) {
        for node in &mut self.nodes {
            if node.children.len() >= 8 {
                let mut d = Box::new([0u32; 256]);
                for &(b, c) in &node.children {
                    d[b as usize] = c;
                }
                node.dense = Some(d);
            } else {
                node.dense = None;
            }
        }
    }

    fn longest(&self, key: &[u8]) -> Option<(LocId, bool)> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut best = self.nodes[0].terminal;
        let mut n = 0usize;
        for &b in key {
            let node = &self.nodes[n];
            let next = match &node.dense {
                Some(d) => d[b as usize] as usize,
                None => match node.children.binary_search_by_key(&b, |c| c.0) {
                    Ok(i) => node.children[i].1 as usize,
                    Err(_) => 0,
                },
            };
            if next == 0 {
                break;
            }
            n = next;
            if let Some(t) = self.nodes[n].terminal {
                best = Some(t);
            }
        }
        best
    }
}

/// The matcher of one nesting level.
struct Level {
    exact: HashMap<Vec<u8>, LocId>,
    /// `/x` for a `/x/` location whose content is proxy_pass.
    auto_redirect: HashMap<Vec<u8>, LocId>,
    prefixes: Trie,
    regexes: Vec<(Compiled, LocId)>,
    /// All regexes of the level as one automaton: one pass finds the first that matches, whatever
    /// their number. None when some pattern is PCRE-only (then they are tried in order).
    set: Option<regex::bytes::RegexSet>,
    /// When every regex of the level is anchored at the start (`^...`, most location regexes),
    /// the same patterns as one leftmost-first automaton: all matches start at 0, so the match it
    /// reports is from the first pattern in configuration order that matches, found in one
    /// forward scan instead of the set's search of every pattern.
    anchored: Option<regex_automata::meta::Regex>,
}

/// Result of a location search.
pub struct Found {
    pub loc: LocId,
    /// Captures of the winning regex location: (subject, offsets, names).
    pub captures: Option<Captures>,
    /// The URI is a proxied location's prefix without its trailing slash: nginx answers 301
    /// to the URI with the slash (clcf->auto_redirect).
    pub auto_redirect: bool,
}

/// Regex captures kept for `$1..$9` and named variables.
#[derive(Clone, Debug, Default)]
pub struct Captures {
    /// Bytes, as PCRE without UTF matches them (a URI with `%E9` has the byte 0xE9).
    pub subject: BString,
    /// Offsets of group 0..n; None for an unmatched group.
    pub groups: Vec<Option<(usize, usize)>>,
    pub names: Vec<(String, usize)>,
}

impl Captures {
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.groups
            .get(i)
            .copied()
            .flatten()
            .map(|(s, e)| &self.subject[s..e])
    }
    pub fn named(&self, name: &str) -> Option<&[u8]> {
        self.names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, i)| self.get(*i))
    }
}

pub fn captures_of(c: &Compiled, subject: &[u8]) -> Result<Option<Captures>, String> {
    let mut locs = c.re.capture_locations();
    match c.re.captures_read(&mut locs, subject) {
        Ok(Some(_)) => {
            let groups = (0..locs.len()).map(|i| locs.get(i)).collect();
            let names = c
                .names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.as_ref().map(|n| (n.clone(), i)))
                .collect();
            Ok(Some(Captures {
                subject: subject.into(),
                groups,
                names,
            }))
        }
        Ok(None) => Ok(None),
        Err(e) => Err(format!("pcre2 match failed: {e}")),
    }
}

/// One server's name matcher entries, per listen socket.
struct NameTable {
    exact: HashMap<String, usize>,
    /// (suffix such as ".example.com", server), longest first.
    wild_start: Vec<(String, usize)>,
    /// (prefix such as "www.example.", server), longest first.
    wild_end: Vec<(String, usize)>,
    regexes: Vec<(Compiled, usize)>,
    default: usize,
}

/// All matchers of a plan, built once per worker.
pub struct Router {
    levels: HashMap<usize, Level>,
    /// Key: server index → its top-level matcher lives in `levels[usize::MAX - server]`.
    named: Vec<HashMap<String, LocId>>,
    sockets: Vec<NameTable>,
}

fn level_key_server(server: usize) -> usize {
    usize::MAX - server
}

impl Router {
    pub fn build(plan: &Plan) -> Result<Router, String> {
        let mut levels = HashMap::default();
        let mut named = Vec::new();
        for (si, s) in plan.http.servers.iter().enumerate() {
            levels.insert(level_key_server(si), build_level(plan, &s.locations)?);
            let mut n = HashMap::default();
            for &l in &s.locations.named {
                n.insert(plan.locations[l].pattern.clone(), l);
            }
            named.push(n);
        }
        for (li, l) in plan.locations.iter().enumerate() {
            if !l.children.statics.is_empty() || !l.children.regexes.is_empty() {
                levels.insert(li, build_level(plan, &l.children)?);
            }
        }
        let mut sockets = Vec::new();
        for ls in &plan.http.listens {
            let mut t = NameTable {
                exact: HashMap::default(),
                wild_start: vec![],
                wild_end: vec![],
                regexes: vec![],
                default: ls.default_server,
            };
            for &si in &ls.servers {
                for name in &plan.http.servers[si].names {
                    match name {
                        ServerName::Exact(n) => {
                            t.exact.entry(n.to_ascii_lowercase()).or_insert(si);
                        }
                        ServerName::WildcardStart(suffix) => {
                            t.wild_start.push((suffix.to_ascii_lowercase(), si))
                        }
                        ServerName::WildcardEnd(prefix) => {
                            t.wild_end.push((prefix.to_ascii_lowercase(), si))
                        }
                        ServerName::Regex(re) => t.regexes.push((compile(re, false)?, si)),
                    }
                }
            }
            t.wild_start.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
            t.wild_end.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
            sockets.push(t);
        }
        Ok(Router {
            levels,
            named,
            sockets,
        })
    }

    /// Whether a server selected on `socket` can have captures (a regex server_name).
    pub fn names_capture(&self, socket: usize) -> bool {
        self.sockets
            .get(socket)
            .is_some_and(|t| !t.regexes.is_empty())
    }

    /// The server for a request on listen socket `socket` with normalized `host` (lower case, no port).
    /// Returns the server and the captures of a regex server_name.
    /// The host is bytes (nginx allows bytes ≥ 0x80 in it); regexes match them as PCRE does.
    pub fn find_server(&self, socket: usize, host: &[u8]) -> (usize, Option<Captures>) {
        let Some(t) = self.sockets.get(socket) else {
            return (0, None);
        };
        if let Some(&s) = std::str::from_utf8(host).ok().and_then(|h| t.exact.get(h)) {
            return (s, None);
        }
        if !host.is_empty() {
            for (suffix, s) in &t.wild_start {
                // "*.example.com" is stored as ".example.com"; the compiler turns ".example.com" into
                // this plus an exact "example.com".
                if host.ends_with(suffix.as_bytes()) {
                    return (*s, None);
                }
            }
            for (prefix, s) in &t.wild_end {
                if host.starts_with(prefix.as_bytes()) {
                    return (*s, None);
                }
            }
            for (re, s) in &t.regexes {
                if let Ok(Some(c)) = captures_of(re, host) {
                    return (*s, Some(c));
                }
            }
        }
        (t.default, None)
    }

    /// nginx's location search for `uri` in `server`.
    pub fn find_location(
        &self,
        _plan: &Plan,
        server: usize,
        uri: &[u8],
    ) -> Result<Option<Found>, String> {
        Ok(self.find_in(level_key_server(server), uri)?.map(|(f, _)| f))
    }

    /// One level of `ngx_http_core_find_location`. The flag tells whether the search is over
    /// (an exact or regex match: NGX_OK) or only a prefix was found (outer regexes still apply).
    fn find_in(&self, key: usize, uri: &[u8]) -> Result<Option<(Found, bool)>, String> {
        let Some(level) = self.levels.get(&key) else {
            return Ok(None);
        };
        if let Some(&l) = level.exact.get(uri) {
            return Ok(Some((
                Found {
                    loc: l,
                    captures: None,
                    auto_redirect: false,
                },
                true,
            )));
        }
        if let Some(&l) = level.auto_redirect.get(uri) {
            return Ok(Some((
                Found {
                    loc: l,
                    captures: None,
                    auto_redirect: true,
                },
                true,
            )));
        }
        let mut found: Option<Found> = None;
        let mut no_regex = false;
        if let Some((l, nr)) = level.prefixes.longest(uri) {
            no_regex = nr;
            found = Some(Found {
                loc: l,
                captures: None,
                auto_redirect: false,
            });
            // Nested locations of the longest prefix.
            if let Some((inner, done)) = self.find_in(l, uri)? {
                if done {
                    return Ok(Some((inner, true)));
                }
                found = Some(inner);
            }
        }
        if !no_regex {
            // The set picks the first candidate in configuration order; PCRE confirms it and
            // computes the captures (and decides alone if the set cannot tell).
            // PCRE's `$` also matches before a final newline: such URIs take the ordered path.
            let start = match &level.set {
                Some(_) if !uri.contains(&b'\n') && level.anchored.is_some() => level
                    .anchored
                    .as_ref()
                    .and_then(|re| re.find(uri))
                    .map(|m| m.pattern().as_usize())
                    .unwrap_or(level.regexes.len()),
                // `is_match` stops as soon as no pattern can match (most URIs, a few bytes in);
                // only a URI some regex matches pays for the search of which one is first.
                Some(set) if !uri.contains(&b'\n') => match set.is_match(uri) {
                    false => level.regexes.len(),
                    true => set
                        .matches(uri)
                        .iter()
                        .next()
                        .unwrap_or(level.regexes.len()),
                },
                _ => 0,
            };
            for (re, l) in &level.regexes[start..] {
                if let Some(c) = captures_of(re, uri)? {
                    // A regex location's own nested locations are searched in turn.
                    if let Some((inner, _)) = self.find_in(*l, uri)? {
                        return Ok(Some((inner, true)));
                    }
                    return Ok(Some((
                        Found {
                            loc: *l,
                            captures: Some(c),
                            auto_redirect: false,
                        },
                        true,
                    )));
                }
            }
        }
        Ok(found.map(|f| (f, false)))
    }

    pub fn find_named(&self, server: usize, name: &str) -> Option<LocId> {
        self.named.get(server).and_then(|m| m.get(name)).copied()
    }
}

fn build_level(plan: &Plan, tree: &LocationTree) -> Result<Level, String> {
    let mut level = Level {
        exact: HashMap::default(),
        auto_redirect: HashMap::default(),
        prefixes: Trie::default(),
        regexes: vec![],
        set: None,
        anchored: None,
    };
    for &l in &tree.statics {
        let loc = &plan.locations[l];
        let proxied = matches!(loc.conf.content, Some(crate::plan::Content::Proxy(_)));
        if let (true, Some(short)) = (proxied, loc.pattern.strip_suffix('/')) {
            level.auto_redirect.entry(short.into()).or_insert(l);
        }
        match loc.kind {
            MatchKind::Exact => {
                level.exact.entry(loc.pattern.clone().into()).or_insert(l);
            }
            MatchKind::Prefix => level.prefixes.insert(loc.pattern.as_bytes(), l, false),
            MatchKind::PrefixNoRegex => level.prefixes.insert(loc.pattern.as_bytes(), l, true),
            _ => {}
        }
    }
    level.prefixes.index_wide_nodes();
    for &l in &tree.regexes {
        let loc = &plan.locations[l];
        let caseless = loc.kind == MatchKind::RegexCaseless;
        level.regexes.push((compile(&loc.pattern, caseless)?, l));
    }
    if level.regexes.len() > 1 {
        let patterns = tree.regexes.iter().map(|&l| {
            let loc = &plan.locations[l];
            // Byte semantics (no Unicode classes), as PCRE without the UTF flag.
            if loc.kind == MatchKind::RegexCaseless {
                format!("(?i-u:{})", loc.pattern)
            } else {
                format!("(?-u:{})", loc.pattern)
            }
        });
        let patterns: Vec<String> = patterns.collect();
        level.set = regex::bytes::RegexSetBuilder::new(&patterns)
            .size_limit(64 << 20)
            .build()
            .ok();
        if level.set.is_some() && patterns.iter().all(|p| anchored_at_start(p)) {
            level.anchored = regex_automata::meta::Builder::new()
                .configure(regex_automata::meta::Config::new().nfa_size_limit(Some(64 << 20)))
                .syntax(
                    regex_automata::util::syntax::Config::new()
                        .unicode(false)
                        .utf8(false),
                )
                .build_many(&patterns)
                .ok();
        }
    }
    Ok(level)
}

/// Whether every match of `pattern` starts at the start of the subject.
fn anchored_at_start(pattern: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .is_ok_and(|h| {
            h.properties()
                .look_set_prefix()
                .contains(regex_syntax::hir::Look::Start)
        })
}

/// Why a request URI was rejected (nginx answers 400).
#[derive(Debug, PartialEq, Eq)]
pub struct BadUri;

/// Decode `%XX`, resolve `.` and `..`, merge slashes: nginx's `$uri` from the path of the request
/// target (without the query string). A `..` above the root or a bad escape is a 400.
pub fn normalize_uri(path: &[u8], merge_slashes: bool) -> Result<Cow<'_, [u8]>, BadUri> {
    // Most URIs need none of it: nothing encoded, no `.` segment, no slashes to merge.
    let special = |w: &[u8]| {
        w[0] == b'%' || (w[0] == b'/' && (w[1] == b'.' || (merge_slashes && w[1] == b'/')))
    };
    let plain =
        path.first() == Some(&b'/') && path.last() != Some(&b'%') && !path.windows(2).any(special);
    if plain {
        return Ok(Cow::Borrowed(path));
    }
    // Decode first: nginx's state machine treats decoded '/' and '.' as path syntax too, but a
    // decoded '%' is not decoded again — a single decoding pass does the same.
    let mut dec = Vec::with_capacity(path.len());
    let mut i = 0;
    while i < path.len() {
        let c = path[i];
        if c == b'%' {
            let h = path.get(i + 1).and_then(|b| hex(*b));
            let l = path.get(i + 2).and_then(|b| hex(*b));
            match (h, l) {
                (Some(h), Some(l)) => {
                    let v = h << 4 | l;
                    if v == 0 {
                        return Err(BadUri);
                    }
                    dec.push(v);
                    i += 3;
                    continue;
                }
                _ => return Err(BadUri),
            }
        }
        dec.push(c);
        i += 1;
    }
    if dec.first() != Some(&b'/') {
        return Err(BadUri);
    }
    // Resolve segments: `out` always ends with '/' except after a final real segment.
    let mut out: Vec<u8> = Vec::with_capacity(dec.len());
    out.push(b'/');
    let segs: Vec<&[u8]> = dec[1..].split(|&b| b == b'/').collect();
    let n = segs.len();
    for (k, seg) in segs.iter().enumerate() {
        let last = k + 1 == n;
        match *seg {
            b"" => {
                if !last && !merge_slashes {
                    out.push(b'/');
                }
            }
            b"." => {}
            b".." => {
                if out.len() == 1 {
                    return Err(BadUri);
                }
                out.pop();
                while out.last().is_some_and(|b| *b != b'/') {
                    out.pop();
                }
            }
            s => {
                out.extend_from_slice(s);
                if !last {
                    out.push(b'/');
                }
            }
        }
    }
    Ok(Cow::Owned(out))
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Result<String, BadUri> {
        normalize_uri(s.as_bytes(), true).map(|v| String::from_utf8(v.into_owned()).unwrap())
    }

    #[test]
    fn normalization() {
        assert_eq!(n("/").unwrap(), "/");
        assert_eq!(n("/a/b").unwrap(), "/a/b");
        assert_eq!(n("/a//b").unwrap(), "/a/b");
        assert_eq!(n("/a/./b").unwrap(), "/a/b");
        assert_eq!(n("/a/../b").unwrap(), "/b");
        assert_eq!(n("/a/b/..").unwrap(), "/a/");
        assert_eq!(n("/a/.").unwrap(), "/a/");
        assert_eq!(n("/a/").unwrap(), "/a/");
        assert_eq!(n("/a/%2e%2e/x").unwrap(), "/x");
        assert_eq!(n("/%41%2e%2e/x").unwrap(), "/A../x");
        assert_eq!(n("/.."), Err(BadUri));
        assert_eq!(n("/%zz"), Err(BadUri));
        assert_eq!(n("/%00"), Err(BadUri));
        assert_eq!(n("//a//b/").unwrap(), "/a/b/");
        assert_eq!(n("//x/./y/%41").unwrap(), "/x/y/A");
        assert_eq!(n("//").unwrap(), "/");
    }
}
