//! `gzip on` (ngx_http_gzip_filter_module): which responses are compressed, and the compressed
//! bytes themselves, made as nginx makes them (zlib's raw deflate at `gzip_comp_level`, a window
//! and hash sized down to a known Content-Length, nginx's own 10-byte gzip header and trailer),
//! so that a gzipped answer is byte for byte nginx's.

use std::os::raw::c_int;

use libz_sys as z;

use crate::plan::LocConf;
use crate::request::Request;

/// The gzip header zlib writes for nginx: no name, no time, the extra flags of the level
/// (4: fastest, 2: best), OS "unix".
fn header(level: i32) -> [u8; 10] {
    let xfl = match level {
        9 => 2,
        ..=1 => 4,
        _ => 0,
    };
    [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]
}

/// A response body being compressed.
pub struct Gzip {
    // Boxed: zlib keeps a pointer back to the stream, which must not move.
    stream: Box<z::z_stream>,
    crc: crc32fast::Hasher,
    size: u32,
    level: i32,
    started: bool,
    done: bool,
}

unsafe extern "C" fn zalloc(_: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
    // SAFETY: calloc with zlib's own sizes; zfree releases it.
    unsafe { libc::calloc(items as usize, size as usize) }
}

unsafe extern "C" fn zfree(_: z::voidpf, p: z::voidpf) {
    // SAFETY: `p` came from zalloc.
    unsafe { libc::free(p) }
}

/// How `compress` ends its input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// More body follows.
    None,
    /// `ngx.flush`: everything so far goes out (Z_SYNC_FLUSH).
    Sync,
    /// The last buffer: the stream and its trailer end.
    Finish,
}

impl Gzip {
    fn new(level: i32, wbits: i32, memlevel: i32) -> Option<Gzip> {
        let mut stream = Box::new(z::z_stream {
            next_in: std::ptr::null_mut(),
            avail_in: 0,
            total_in: 0,
            next_out: std::ptr::null_mut(),
            avail_out: 0,
            total_out: 0,
            msg: std::ptr::null_mut(),
            state: std::ptr::null_mut(),
            zalloc,
            zfree,
            opaque: std::ptr::null_mut(),
            data_type: 0,
            adler: 0,
            reserved: 0,
        });
        // SAFETY: a fully initialized stream, and the version and size of the zlib linked.
        let rc = unsafe {
            z::deflateInit2_(
                &mut *stream,
                level,
                z::Z_DEFLATED,
                -wbits,
                memlevel,
                z::Z_DEFAULT_STRATEGY,
                z::zlibVersion(),
                std::mem::size_of::<z::z_stream>() as c_int,
            )
        };
        (rc == z::Z_OK).then(|| Gzip {
            stream,
            crc: crc32fast::Hasher::new(),
            size: 0,
            level,
            started: false,
            done: false,
        })
    }

    /// Compress `data`, appending what zlib gives out (the header first) to `out`.
    pub fn compress(&mut self, data: &[u8], flush: Flush, out: &mut Vec<u8>) {
        if self.done {
            return;
        }
        if !self.started {
            out.extend_from_slice(&header(self.level));
            self.started = true;
        }
        self.crc.update(data);
        self.size = self.size.wrapping_add(data.len() as u32);
        let mode = match flush {
            Flush::None => z::Z_NO_FLUSH,
            Flush::Sync => z::Z_SYNC_FLUSH,
            Flush::Finish => z::Z_FINISH,
        };
        self.stream.next_in = data.as_ptr() as *mut u8;
        self.stream.avail_in = data.len() as z::uInt;
        loop {
            out.reserve(4096);
            let room = out.capacity() - out.len();
            // SAFETY: zlib writes at most `room` bytes into the spare capacity, then the length
            // is extended by exactly what it wrote.
            let rc = unsafe {
                self.stream.next_out = out.as_mut_ptr().add(out.len());
                self.stream.avail_out = room as z::uInt;
                let rc = z::deflate(&mut *self.stream, mode);
                let wrote = room - self.stream.avail_out as usize;
                out.set_len(out.len() + wrote);
                rc
            };
            let more_out = self.stream.avail_out == 0;
            if rc == z::Z_STREAM_END || (rc != z::Z_OK && rc != z::Z_BUF_ERROR) {
                break;
            }
            if !more_out && self.stream.avail_in == 0 && mode != z::Z_FINISH {
                break;
            }
        }
        self.stream.next_in = std::ptr::null_mut();
        if flush == Flush::Finish {
            out.extend_from_slice(&self.crc.clone().finalize().to_le_bytes());
            out.extend_from_slice(&self.size.to_le_bytes());
            self.end();
        }
    }

    fn end(&mut self) {
        if !self.done {
            self.done = true;
            // SAFETY: the stream was initialized by deflateInit2_ and is ended once.
            unsafe {
                z::deflateEnd(&mut *self.stream);
            }
        }
    }
}

impl Drop for Gzip {
    fn drop(&mut self) {
        self.end();
    }
}

/// ngx_http_gzip_header_filter, after the other header filters: whether this response is
/// compressed (then its headers say so) and whether it gets `Vary: Accept-Encoding`.
pub fn header_filter(c: &LocConf, rq: &mut Request) {
    let g = &c.gzip;
    if !eligible(c, rq, rq.headers_out.content_length) {
        return;
    }
    rq.headers_out.gzip_vary = g.vary;
    if !accepted(g, rq) {
        return;
    }
    // ngx_http_gzip_filter_memory: zlib's window is 262 bytes smaller than its size.
    let (mut wbits, mut memlevel) = (15i32, 8i32);
    if let Some(len) = rq.headers_out.content_length.filter(|&n| n > 0) {
        while (len as i64) < (1i64 << (wbits - 1)) - 262 {
            wbits -= 1;
            memlevel -= 1;
        }
        memlevel = memlevel.max(1);
    }
    let Some(gz) = Gzip::new(g.comp_level, wbits, memlevel) else {
        return;
    };
    rq.gzip = Some(Box::new(gz));
    let h = &mut rq.headers_out;
    h.others.push(("Content-Encoding".into(), "gzip".into()));
    h.content_length = None;
    h.accept_ranges = false;
    h.remove("accept-ranges");
    // ngx_http_weak_etag, in its place: a strong ETag becomes weak, anything else but a weak
    // one goes.
    let etag = h
        .others
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("etag"));
    if let Some(i) = etag {
        let e = &mut h.others[i].1;
        if e.starts_with(b"\"") {
            e.splice(0..0, *b"W/");
        } else if !e.starts_with(b"W/") {
            h.remove_at(i);
        }
    }
}

/// Whether the response (of that length, if known) is one gzip compresses for a client that
/// takes it: its status, type, length and encoding (and gzip on for the location).
fn eligible(c: &LocConf, rq: &Request, length: Option<u64>) -> bool {
    let g = &c.gzip;
    if !g.enable || rq.subrequest > 0 || (rq.head_only && !rq.core_head) {
        return false;
    }
    let h = &rq.headers_out;
    let status = if rq.status == 0 { 200 } else { rq.status };
    let encoded = h
        .others
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("content-encoding") && !v.is_empty());
    let short = length.is_some_and(|n| (n as i64) < g.min_length);
    let typed = h.content_type.as_deref().is_some_and(|t| {
        let media = t.split(';').next().unwrap_or("").trim();
        !media.is_empty()
            && g.types
                .iter()
                .any(|x| x == "*" || x.eq_ignore_ascii_case(media))
    });
    matches!(status, 200 | 403 | 404) && !encoded && !short && typed
}

/// Whether a response of this length would get `Vary: Accept-Encoding` (a static file asks
/// before its ranges change the status).
pub fn vary_applies(c: &LocConf, rq: &Request, length: u64) -> bool {
    c.gzip.vary && eligible(c, rq, Some(length))
}

/// Whether this response will be compressed: a static file asks before its ranges (nginx's
/// range filter runs after gzip's, and finds no length to cut).
pub fn will_compress(c: &LocConf, rq: &Request, length: u64) -> bool {
    eligible(c, rq, Some(length)) && accepted(&c.gzip, rq)
}

/// ngx_http_gzip_ok: the client takes gzip, over the HTTP version and proxies allowed.
fn accepted(g: &crate::plan::GzipConf, rq: &Request) -> bool {
    let Some(ae) = rq.header_str("accept-encoding") else {
        return false;
    };
    if !(ae.starts_with("gzip,") || accepts_gzip(ae.as_bytes())) {
        return false;
    }
    if rq.version == crate::http::Version::Http10 && !g.http10 {
        return false;
    }
    if rq.header_str("via").is_some() && !g.proxied_any {
        return false;
    }
    if g.disable_msie6 && rq.browser.msie6 {
        return false;
    }
    if let Some(ua) = rq.header_str("user-agent") {
        if g.disable.iter().any(|re| disable_matches(re, ua)) {
            return false;
        }
    }
    true
}

/// A `gzip_disable` pattern (case-insensitive) against a User-Agent; each pattern is compiled
/// once per worker.
fn disable_matches(pattern: &str, ua: &str) -> bool {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Option<regex::Regex>>> =
            std::cell::RefCell::default();
    }
    COMPILED.with(|c| {
        c.borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| {
                regex::RegexBuilder::new(pattern)
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(ua))
    })
}

/// ngx_http_gzip_accept_encoding: a `gzip` token, not refused with `q=0`.
fn accepts_gzip(ae: &[u8]) -> bool {
    let lower = ae.to_ascii_lowercase();
    let mut start = 0;
    let p = loop {
        let Some(i) = memchr::memmem::find(&lower[start..], b"gzip") else {
            return false;
        };
        let p = start + i;
        if p == 0 || matches!(lower[p - 1], b',' | b' ') {
            break p + 4;
        }
        start = p + 4;
    };
    let mut rest = lower[p..].iter();
    loop {
        match rest.next() {
            None | Some(b',') => return true,
            Some(b' ') => continue,
            Some(b';') => break,
            Some(_) => return false,
        }
    }
    loop {
        match rest.next() {
            None => return true,
            Some(b'q') => break,
            Some(b' ') => continue,
            Some(_) => return false,
        }
    }
    if rest.next() != Some(&b'=') {
        return false;
    }
    quantity(rest.as_slice()) > 0
}

/// ngx_http_gzip_quantity, digit for digit (it adds the decimals unscaled): 0 refuses.
fn quantity(p: &[u8]) -> u32 {
    let mut it = p.iter();
    let mut q = match it.next() {
        Some(b'0') => 0,
        Some(b'1') => 100,
        _ => return 0,
    };
    match it.next() {
        None | Some(b',') | Some(b' ') => return q,
        Some(b'.') => {}
        _ => return 0,
    }
    let mut n = 0;
    for &c in it {
        match c {
            b',' | b' ' => break,
            b'0'..=b'9' => {
                q += (c - b'0') as u32;
                n += 1;
            }
            _ => return 0,
        }
    }
    if q > 100 || n > 3 { 0 } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_tokens() {
        for (ae, ok) in [
            ("gzip", true),
            ("deflate, gzip", true),
            ("GZIP;q=0.5", true),
            ("gzip;q=0", false),
            ("gzip; q=0.000", false),
            ("x-gzip", false),
            ("gzipx", false),
            ("deflate", false),
            ("br, gzip;q=1.0", true),
        ] {
            assert_eq!(accepts_gzip(ae.as_bytes()), ok, "{ae}");
        }
    }

    #[test]
    fn a_stream_decompresses_to_its_input() {
        let mut g = Gzip::new(1, 15, 8).expect("deflateInit2");
        let mut out = vec![];
        g.compress(b"hello hello hello ", Flush::None, &mut out);
        g.compress(b"world", Flush::Finish, &mut out);
        assert_eq!(&out[..10], &header(1));
        let len = out.len();
        assert_eq!(&out[len - 4..], &23u32.to_le_bytes());
    }
}
