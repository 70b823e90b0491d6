//! The request body, read when something asks for it and discarded otherwise, as nginx does
//! (ngx_http_request_body.c).
//!
//! The phases run as soon as the head is in: an access check that refuses answers at once,
//! without waiting for (or holding in memory) a body nobody wants. The body is read by
//! whatever needs it — `ngx.req.read_body`, `lua_need_request_body`, `proxy_pass`, `mirror`,
//! `echo_read_request_body`, `ngx.req.socket` — with `client_body_timeout` per read and the
//! location's `client_max_body_size` for a chunked one. What is left unread when the request
//! ends is read and dropped after the response, so the connection can serve its next request.
//!
//! `Expect: 100-continue` is answered where nginx answers it (ngx_http_test_expect): when the
//! body is first read or discarded, or at the end of a request nothing read it in; never for
//! an error page (the client need not send a body that would be dropped).

use std::rc::Rc;
use std::time::Duration;

use crate::engine::log_req;
use crate::flush::Stream;
use crate::plan::LogLevel;
use crate::request::{BodyFile, ReqRef};
use crate::worker::Worker;

/// nginx's limit on a chunk-size or trailer line it keeps in its buffer.
const MAX_LINE: usize = 4096;

/// nginx's `lingering_timeout` and `lingering_time` defaults, which bound a discard.
const LINGERING_TIMEOUT: Duration = Duration::from_secs(5);
const LINGERING_TIME: Duration = Duration::from_secs(30);

/// What is left of a body not read yet: where its parser stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unread {
    /// This many bytes (Content-Length).
    Length(u64),
    /// Chunked: `received` data bytes so far.
    Chunked { state: Chunk, received: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Chunk {
    /// A chunk-size line.
    Size,
    /// This many data bytes of the current chunk.
    Data(u64),
    /// The CRLF after a chunk's data.
    DataEnd,
    /// Trailer lines, up to an empty one.
    Trailer,
}

/// What one pass over the buffered bytes came to.
enum Fed {
    Done,
    NeedMore,
    Invalid,
    /// A chunk would take the body past the limit: bytes so far, the chunk's size.
    TooLarge(u64, u64),
}

/// Why a body could not be read.
enum Fault {
    Invalid,
    TooLarge(u64, u64),
    TimedOut,
    Closed,
}

/// How a failed read ends the request.
pub enum Failed {
    /// Finalize with this status (nginx's page for it, or error_page).
    Status(u16),
    /// The client left or was too slow: close without an answer; the log phase sees the status.
    Gone(u16),
}

impl Failed {
    pub(crate) fn next(self, r: &ReqRef) -> crate::engine::Next {
        match self {
            Failed::Status(code) => crate::engine::Next::Status(code),
            Failed::Gone(code) => {
                r.borrow_mut().status = code;
                crate::engine::Next::Close
            }
        }
    }
}

impl Unread {
    /// How the head announced its body (`reqparse` checked the two do not come together).
    pub fn new(content_length: Option<i64>, chunked: bool) -> Option<Unread> {
        if chunked {
            return Some(Unread::Chunked {
                state: Chunk::Size,
                received: 0,
            });
        }
        content_length.map(|n| Unread::Length(n.max(0) as u64))
    }

    /// Take the body bytes at the front of `input` (into `keep`, or dropped), `max` bounding a
    /// kept chunked body (0: no limit).
    fn feed(&mut self, input: &mut Vec<u8>, mut keep: Option<&mut Sink<'_>>, max: u64) -> Fed {
        let mut used = 0;
        let fed = loop {
            let avail = &input[used..];
            match self {
                Unread::Length(rest) => {
                    let n = (*rest).min(avail.len() as u64) as usize;
                    if let Some(k) = keep.as_deref_mut() {
                        k.put(&avail[..n]);
                    }
                    used += n;
                    *rest -= n as u64;
                    break if *rest == 0 { Fed::Done } else { Fed::NeedMore };
                }
                Unread::Chunked { state, received } => match *state {
                    Chunk::Size => {
                        let Some(end) = memchr::memchr(b'\n', avail) else {
                            break if avail.len() > MAX_LINE {
                                Fed::Invalid
                            } else {
                                Fed::NeedMore
                            };
                        };
                        let Some(size) = chunk_size(&avail[..end]) else {
                            break Fed::Invalid;
                        };
                        used += end + 1;
                        if size == 0 {
                            *state = Chunk::Trailer;
                            continue;
                        }
                        // (ngx_http_request_body_chunked_filter checks each chunk as it starts)
                        if keep.is_some() && max > 0 && max.saturating_sub(*received) < size {
                            break Fed::TooLarge(*received, size);
                        }
                        *state = Chunk::Data(size);
                    }
                    Chunk::Data(left) => {
                        if avail.is_empty() {
                            break Fed::NeedMore;
                        }
                        let n = left.min(avail.len() as u64) as usize;
                        if let Some(k) = keep.as_deref_mut() {
                            k.put(&avail[..n]);
                        }
                        used += n;
                        *received += n as u64;
                        *state = match left - n as u64 {
                            0 => Chunk::DataEnd,
                            l => Chunk::Data(l),
                        };
                    }
                    Chunk::DataEnd => match avail {
                        [] | [b'\r'] => break Fed::NeedMore,
                        [b'\n', ..] => {
                            used += 1;
                            *state = Chunk::Size;
                        }
                        [b'\r', b'\n', ..] => {
                            used += 2;
                            *state = Chunk::Size;
                        }
                        _ => break Fed::Invalid,
                    },
                    Chunk::Trailer => {
                        let Some(end) = memchr::memchr(b'\n', avail) else {
                            break if avail.len() > MAX_LINE {
                                Fed::Invalid
                            } else {
                                Fed::NeedMore
                            };
                        };
                        let empty = avail[..end].iter().all(|b| *b == b'\r');
                        used += end + 1;
                        if empty {
                            break Fed::Done;
                        }
                    }
                },
            }
        };
        input.drain(..used);
        fed
    }

    /// Read the rest from `io` (after what `input` holds): each read within `each`, all of it
    /// before `until`. `taken` counts the bytes of the connection it took, the end or not
    /// (chunk framing included: what `$request_length` counts).
    async fn pull(
        &mut self,
        io: &Stream,
        input: &mut Vec<u8>,
        mut keep: Option<&mut Sink<'_>>,
        max: u64,
        (each, until): (Duration, Option<crate::rt::time::Instant>),
        taken: &mut u64,
    ) -> Result<(), Fault> {
        loop {
            let before = input.len();
            let fed = self.feed(input, keep.as_deref_mut(), max);
            *taken += (before - input.len()) as u64;
            if let Some(k) = keep.as_deref_mut() {
                k.taken(*taken);
            }
            match fed {
                Fed::Done => return Ok(()),
                Fed::Invalid => return Err(Fault::Invalid),
                Fed::TooLarge(got, size) => return Err(Fault::TooLarge(got, size)),
                Fed::NeedMore => {}
            }
            // (the worker's cached clock is only refreshed when it idles: a read timer runs
            // from the real now, as nginx's from the time it updates after each wait)
            crate::clock::update();
            let mut wait = crate::clock::instant() + each;
            if let Some(u) = until {
                wait = wait.min(u);
            }
            match crate::rt::time::timeout_at(wait, read_more(io, input)).await {
                Err(_) => return Err(Fault::TimedOut),
                Ok(Ok(0)) | Ok(Err(_)) => return Err(Fault::Closed),
                Ok(Ok(_)) => {}
            }
        }
    }
}

/// Where a body goes as it is read: memory, then, once it took more of the connection than
/// `Spill` allows, a temporary file (as nginx writes a body out when its client_body_buffer_size
/// buffer is full and more is to come), so a large upload is never held whole.
struct Sink<'a> {
    mem: Vec<u8>,
    spill: Option<&'a Spill>,
    file: Option<(BodyFile, std::fs::File)>,
    failed: Option<std::io::Error>,
}

/// Where and past what a body being read goes to a file.
pub struct Spill {
    /// The bytes of the connection (a chunked body's framing included) it may take in memory
    /// past those that came with the head (`preread`, which nginx keeps in its header
    /// buffer); None: every body goes to a file, an empty one too (client_body_in_file_only).
    pub at: Option<u64>,
    pub preread: u64,
    pub dir: std::path::PathBuf,
    pub keep: bool,
    /// The level of nginx's "buffered to a temporary file" line (None: not logged).
    pub log: Option<LogLevel>,
}

/// Who reads a body (lua-nginx-module's readers change how its file is kept and logged).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    LuaReadBody,
    LuaNeedBody,
    /// proxy_pass, mirror, echo_read_request_body.
    Module,
}

impl Sink<'_> {
    fn put(&mut self, data: &[u8]) {
        use std::io::Write;
        if self.failed.is_some() {
            return;
        }
        match &mut self.file {
            Some((_, f)) => {
                if let Err(e) = f.write_all(data) {
                    self.failed = Some(e);
                }
            }
            None => self.mem.extend_from_slice(data),
        }
    }

    /// The body took `raw` bytes of the connection so far.
    fn taken(&mut self, raw: u64) {
        use std::io::Write;
        let Some(s) = self
            .spill
            .filter(|_| self.file.is_none() && self.failed.is_none())
        else {
            return;
        };
        if s.at.is_some_and(|at| raw.saturating_sub(s.preread) <= at) {
            return;
        }
        match BodyFile::open(&s.dir, s.keep) {
            Ok((b, mut f)) => {
                if let Err(e) = f.write_all(&std::mem::take(&mut self.mem)) {
                    self.failed = Some(e);
                }
                self.file = Some((b, f));
            }
            Err(e) => self.failed = Some(e),
        }
    }
}

/// Bytes from the connection appended to `input`.
async fn read_more(io: &Stream, input: &mut Vec<u8>) -> std::io::Result<usize> {
    input.reserve(16 * 1024);
    loop {
        match io.try_read_drained(input) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => io.readable().await?,
            r => return r,
        }
    }
}

/// A chunk-size line without its LF: hex digits, then nothing, an extension or blanks
/// (ngx_http_parse_chunked); None if invalid or beyond what an off_t holds.
fn chunk_size(line: &[u8]) -> Option<u64> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if digits == 0 {
        return None;
    }
    if !matches!(line.get(digits), None | Some(b';' | b' ' | b'\t')) {
        return None;
    }
    let mut size: u64 = 0;
    for &b in &line[..digits] {
        if size > i64::MAX as u64 / 16 {
            return None;
        }
        size = size * 16 + (b as char).to_digit(16)? as u64;
    }
    Some(size)
}

/// Answer `Expect: 100-continue` unless done already: written at once, ahead of response
/// bytes still queued, as nginx writes it straight to the connection.
pub fn test_expect(r: &ReqRef) {
    let mut rq = r.borrow_mut();
    if rq.expect_tested {
        return;
    }
    rq.expect_tested = true;
    if let Some(c) = &rq.client {
        let _ = c.try_write(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
}

/// ngx_http_discard_request_body: the body will not be read (a later read finds none); what
/// is left of it is dropped when the request ends.
pub fn discard(r: &ReqRef) {
    test_expect(r);
    r.borrow_mut().body_discarded = true;
}

/// ngx_http_discard_request_body as `return` and the special responses call it: what the
/// header buffer holds of the body is dropped now, and an invalid chunked body there is logged
/// and closes the connection (`Err`: `return` answers nginx's 400 then).
pub fn discard_now(w: &Rc<Worker>, r: &ReqRef) -> Result<(), ()> {
    discard(r);
    let mut rq = r.borrow_mut();
    let Some(mut unread) = rq.body_unread.take() else {
        return Ok(());
    };
    let mut input = std::mem::take(&mut rq.input);
    let fed = unread.feed(&mut input, None, 0);
    rq.input = input;
    match fed {
        Fed::Done => Ok(()),
        Fed::NeedMore => {
            rq.body_unread = Some(unread);
            Ok(())
        }
        Fed::Invalid | Fed::TooLarge(..) => {
            rq.keepalive = false;
            drop(rq);
            log_req(w, r, LogLevel::Error, "client sent invalid chunked body");
            Err(())
        }
    }
}

/// Read the request body into `Request::body`, or into `Request::body_file` past what `spill`
/// says (nothing for a subrequest, a discarded body or none). Failures are logged as nginx logs
/// them.
pub async fn read(w: &Rc<Worker>, r: &ReqRef, spill: Option<Spill>) -> Result<(), Failed> {
    if r.borrow().subrequest > 0 || r.borrow().body_discarded {
        return Ok(());
    }
    test_expect(r);
    let (mut unread, io, mut input, max, each) = {
        let mut rq = r.borrow_mut();
        let Some(io) = rq.client.clone() else {
            return Ok(());
        };
        let Some(unread) = rq.body_unread.take() else {
            // (client_body_in_file_only: a `Content-Length: 0` body gets its empty file too)
            let empty = rq.header("content-length").is_some() && rq.body_file.is_none();
            if let Some(s) = spill.as_ref().filter(|s| s.at.is_none() && empty) {
                match BodyFile::open(&s.dir, s.keep) {
                    Ok((f, _)) => rq.body_file = Some(f),
                    Err(e) => {
                        let dir = s.dir.display();
                        let msg = format!("cannot write a client request body to {dir}: {e}");
                        drop(rq);
                        log_req(w, r, LogLevel::Crit, &msg);
                        return Err(Failed::Status(500));
                    }
                }
            }
            return Ok(());
        };
        let c = crate::output::conf(w, &rq);
        let (max, each) = (
            c.client_max_body_size,
            Duration::from_millis(c.client_body_timeout_ms),
        );
        rq.body_reading = true;
        (unread, io, std::mem::take(&mut rq.input), max, each)
    };
    let in_memory = spill.as_ref().map_or(u64::MAX, |s| {
        (s.at.unwrap_or(0)).saturating_add(s.preread + 1)
    });
    let mut sink = Sink {
        mem: match unread {
            // (what the head announced: a larger one than the limit was answered with 413)
            Unread::Length(n) => Vec::with_capacity(n.min(in_memory).min(1 << 20) as usize),
            Unread::Chunked { .. } => Vec::new(),
        },
        spill: spill.as_ref(),
        file: None,
        failed: None,
    };
    let mut taken = 0;
    let res = unread
        .pull(
            &io,
            &mut input,
            Some(&mut sink),
            max,
            (each, None),
            &mut taken,
        )
        .await;
    let Sink {
        mem, file, failed, ..
    } = sink;
    {
        let mut rq = r.borrow_mut();
        rq.body_reading = false;
        rq.input = input;
        // (what came counts, whether the body ended or not: the log phase's $request_length)
        rq.request_length += taken;
    }
    if let Some(e) = failed {
        let dir = spill.as_ref().map(|s| s.dir.display().to_string());
        let msg = format!(
            "cannot write a client request body to {}: {e}",
            dir.unwrap_or_default()
        );
        log_req(w, r, LogLevel::Crit, &msg);
        return Err(Failed::Status(500));
    }
    if let (Some((f, _)), Some(level)) = (&file, spill.as_ref().and_then(|s| s.log)) {
        let msg = format!(
            "a client request body is buffered to a temporary file {}",
            f.path.display()
        );
        log_req(w, r, level, &msg);
    }
    if res.is_ok() {
        let mut rq = r.borrow_mut();
        match file {
            Some((f, _)) => rq.body_file = Some(f),
            None => rq.body = Some(mem),
        }
        return Ok(());
    }
    let (level, msg, failed) = match res {
        Err(Fault::TooLarge(got, size)) => (
            LogLevel::Error,
            format!("client intended to send too large chunked body: {got}+{size} bytes"),
            Failed::Status(413),
        ),
        Err(Fault::Invalid) => (
            LogLevel::Error,
            "client sent invalid chunked body".to_string(),
            Failed::Status(400),
        ),
        Err(Fault::TimedOut) => {
            // (nginx logs nothing for it)
            r.borrow_mut().keepalive = false;
            return Err(Failed::Gone(408));
        }
        Err(Fault::Closed) | Ok(()) => (
            LogLevel::Info,
            "client prematurely closed connection".into(),
            Failed::Gone(400),
        ),
    };
    // (the connection cannot tell where the next request starts)
    r.borrow_mut().keepalive = false;
    log_req(w, r, level, &msg);
    Err(failed)
}

/// What became of a body nothing read, at the end of its request.
pub enum Rest {
    /// All of it was in the buffer, or there was none.
    None,
    /// This much is still to come: dropped after the response (`drop_rest`).
    Unread(Unread),
    /// An invalid chunked body: nginx closes without sending its answer.
    Invalid,
}

/// The end of a request (the connection's buffer back in `input`): what the buffer holds of an
/// unread body dropped.
pub fn settle(w: &Rc<Worker>, r: &ReqRef, input: &mut Vec<u8>) -> Rest {
    let Some(mut unread) = r.borrow_mut().body_unread.take() else {
        return Rest::None;
    };
    match unread.feed(input, None, 0) {
        Fed::Done => Rest::None,
        Fed::NeedMore => Rest::Unread(unread),
        Fed::Invalid | Fed::TooLarge(..) => {
            log_req(w, r, LogLevel::Error, "client sent invalid chunked body");
            Rest::Invalid
        }
    }
}

/// Read and drop the rest of a body after the response (nginx's discarded body handler, within
/// lingering_timeout per read and lingering_time in all); false when the connection cannot go
/// on (the client stopped sending, or sent an invalid chunked body).
pub async fn drop_rest(
    w: &Rc<Worker>,
    r: &ReqRef,
    io: &Stream,
    input: &mut Vec<u8>,
    mut unread: Unread,
) -> bool {
    let until = crate::clock::instant() + LINGERING_TIME;
    match unread
        .pull(io, input, None, 0, (LINGERING_TIMEOUT, Some(until)), &mut 0)
        .await
    {
        Ok(()) => true,
        Err(Fault::Invalid) => {
            log_req(w, r, LogLevel::Error, "client sent invalid chunked body");
            false
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_all(mut u: Unread, input: &[u8], max: u64) -> (Vec<u8>, Vec<u8>, &'static str) {
        let mut buf = input.to_vec();
        let mut sink = memory();
        let how = match u.feed(&mut buf, Some(&mut sink), max) {
            Fed::Done => "done",
            Fed::NeedMore => "more",
            Fed::Invalid => "invalid",
            Fed::TooLarge(..) => "too large",
        };
        (sink.mem, buf, how)
    }

    fn memory() -> Sink<'static> {
        Sink {
            mem: Vec::new(),
            spill: None,
            file: None,
            failed: None,
        }
    }

    fn chunked() -> Unread {
        Unread::new(None, true).unwrap()
    }

    #[test]
    fn length_body_leaves_the_next_request() {
        let (body, rest, how) = feed_all(Unread::Length(5), b"helloGET /", 0);
        assert_eq!(
            (&body[..], &rest[..], how),
            (&b"hello"[..], &b"GET /"[..], "done")
        );
        let (body, rest, how) = feed_all(Unread::Length(8), b"hello", 0);
        assert_eq!(
            (&body[..], &rest[..], how),
            (&b"hello"[..], &b""[..], "more")
        );
    }

    #[test]
    fn chunked_body_with_extensions_and_trailers() {
        let input = b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: t\r\n\r\nNEXT";
        let (body, rest, how) = feed_all(chunked(), input, 0);
        assert_eq!(
            (&body[..], &rest[..], how),
            (&b"hello world"[..], &b"NEXT"[..], "done")
        );
    }

    #[test]
    fn chunked_body_in_pieces() {
        let whole = b"3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";
        let mut u = chunked();
        let mut buf = Vec::new();
        let mut sink = memory();
        for (i, b) in whole.iter().enumerate() {
            buf.push(*b);
            let fed = u.feed(&mut buf, Some(&mut sink), 0);
            assert_eq!(
                matches!(fed, Fed::Done),
                i == whole.len() - 1,
                "at byte {i}"
            );
        }
        assert_eq!(sink.mem, b"abcdefg");
    }

    #[test]
    fn invalid_chunks() {
        for bad in [
            &b"zz\r\nhello\r\n"[..],
            b" 5\r\nhello\r\n",
            b"5x\r\n",
            b"5\r\nhelloXX",
            b"fffffffffffffffff\r\n",
        ] {
            assert_eq!(
                feed_all(chunked(), bad, 0).2,
                "invalid",
                "{:?}",
                bstr::BStr::new(bad)
            );
        }
    }

    #[test]
    fn a_body_past_the_spill_size_goes_to_a_file() {
        let dir = std::env::temp_dir().join(format!("restyc-body-test-{}", std::process::id()));
        // 4 bytes of the connection past the 2 that came with the head stay in memory.
        let spill = Spill {
            at: Some(4),
            preread: 2,
            dir: dir.clone(),
            keep: false,
            log: None,
        };
        let mut sink = Sink {
            spill: Some(&spill),
            ..memory()
        };
        let mut u = chunked();
        let mut input = b"3\r\nabc".to_vec();
        u.feed(&mut input, Some(&mut sink), 0);
        sink.taken(6);
        assert!(sink.file.is_none(), "6 - 2 bytes taken");
        let mut input = b"\r\n4\r\ndefg\r\n0\r\n\r\n".to_vec();
        u.feed(&mut input, Some(&mut sink), 0);
        sink.taken(26);
        let (f, _) = sink.file.take().expect("a file");
        assert_eq!(std::fs::read(&f.path).unwrap(), b"abcdefg");
        assert!(sink.mem.is_empty());
        drop(f);
        let _ = std::fs::remove_dir(&dir);
    }

    #[test]
    fn chunk_past_the_limit_when_kept() {
        let input = b"5\r\nhello\r\n0\r\n\r\n";
        assert_eq!(feed_all(chunked(), input, 3).2, "too large");
        let mut buf = input.to_vec();
        // (a discarded body has no limit)
        assert!(matches!(chunked().feed(&mut buf, None, 3), Fed::Done));
    }
}
