//! `sub_filter` (ngx_http_sub_filter_module): strings of the response body replaced, matched
//! without regard to ASCII case. At each position the first pattern (in configuration order)
//! that matches is replaced; a pattern that may match but runs past the data at hand holds the
//! rest back until more arrives — and at the end of the body that held tail goes out as it is,
//! as nginx's `looked` buffer does. With `sub_filter_once` each pattern is replaced once.

use crate::plan::{LocConf, SubFilter};
use crate::request::Request;
use crate::worker::Worker;

/// A response being filtered.
pub struct Sub {
    /// (pattern lower-cased, index of its pair), in configuration order.
    matches: Vec<(Vec<u8>, usize)>,
    /// The replacement of each match, evaluated when first used.
    values: Vec<Option<Vec<u8>>>,
    min_len: usize,
    once: bool,
    applied: usize,
    /// Bytes not decided yet (a possible match at their start).
    held: Vec<u8>,
}

/// `ngx_http_sub_header_filter`: whether the response is filtered. For the main request, the
/// length goes, and Last-Modified and ETag too unless `sub_filter_last_modified` (then the
/// ETag becomes weak).
pub fn header_filter(w: &Worker, c: &LocConf, rq: &mut Request) {
    let f = &c.sub_filter;
    if f.pairs.is_empty() || rq.headers_out.content_length == Some(0) || !type_matches(f, rq) {
        return;
    }
    let mut matches = vec![];
    for (i, (pattern, _)) in f.pairs.iter().enumerate() {
        let p = crate::var::eval(w, rq, pattern).to_ascii_lowercase();
        if !p.is_empty() {
            matches.push((p, i));
        }
    }
    let Some(min_len) = matches.iter().map(|(p, _)| p.len()).min() else {
        return;
    };
    if rq.subrequest == 0 {
        let h = &mut rq.headers_out;
        // (and so no Accept-Ranges: the range filter wants a length)
        h.content_length = None;
        h.accept_ranges = false;
        if !f.last_modified {
            h.last_modified = None;
            h.remove("etag");
        } else if let Some((_, v)) = h
            .others
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case("etag"))
        {
            if !v.starts_with(b"W/") {
                v.splice(0..0, *b"W/");
            }
        }
    }
    let values = vec![None; matches.len()];
    rq.sub = Some(Box::new(Sub {
        matches,
        values,
        min_len,
        once: f.once,
        applied: 0,
        held: vec![],
    }));
}

/// `ngx_http_test_content_type` over `sub_filter_types` (text/html always; `*` any).
fn type_matches(f: &SubFilter, rq: &Request) -> bool {
    let Some(ct) = &rq.headers_out.content_type else {
        return false;
    };
    let t = ct.split(';').next().unwrap_or("").trim();
    if t.is_empty() {
        return false;
    }
    t.eq_ignore_ascii_case("text/html")
        || f.types
            .iter()
            .any(|x| x == "*" || x.eq_ignore_ascii_case(t))
}

impl Sub {
    /// The bytes of `data` ready to go on (`last`: the body ends with it).
    pub fn feed(
        &mut self,
        w: &Worker,
        rq: &Request,
        f: &SubFilter,
        data: &[u8],
        last: bool,
    ) -> Vec<u8> {
        let mut buf = std::mem::take(&mut self.held);
        buf.extend_from_slice(data);
        let mut out = Vec::with_capacity(buf.len());
        let mut pos = 0;
        'scan: while pos < buf.len() {
            if self.once && self.applied == self.matches.len() {
                break;
            }
            if buf.len() - pos < self.min_len {
                // (held; at the end no pattern fits in it: it goes out as it is)
                break;
            }
            let avail = &buf[pos..];
            for k in 0..self.matches.len() {
                if self.once && self.values[k].is_some() {
                    continue;
                }
                let pat = &self.matches[k].0;
                let n = pat.len().min(avail.len());
                if !avail[..n]
                    .iter()
                    .zip(&pat[..n])
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
                {
                    continue;
                }
                if n < pat.len() {
                    // May match once more arrives; at the end, the rest goes out as it is.
                    if last {
                        out.extend_from_slice(avail);
                        pos = buf.len();
                    }
                    break 'scan;
                }
                let value = self.values[k].get_or_insert_with(|| {
                    crate::var::eval(w, rq, &f.pairs[self.matches[k].1].1).into()
                });
                out.extend_from_slice(value);
                self.applied += 1;
                pos += pat.len();
                continue 'scan;
            }
            out.push(buf[pos]);
            pos += 1;
        }
        if last || (self.once && self.applied == self.matches.len()) {
            out.extend_from_slice(&buf[pos..]);
        } else {
            self.held = buf[pos..].to_vec();
        }
        out
    }
}
