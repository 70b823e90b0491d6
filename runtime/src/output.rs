//! The response path: header filter, body filter, framing, and nginx's special responses.
//!
//! Everything that produces response bytes goes through here (Lua output, static files, error
//! pages, native handlers), so header order, framing and filters are the same for all of them.

use std::cell::RefCell;
use std::rc::Rc;

use mlua::Value;

use crate::http::{self, Framing};
use crate::phase::Phase;
use crate::plan::{Chunk, LocConf};
use crate::request::{Exit, ReqRef, Request};
use crate::worker::Worker;

/// The merged configuration that applies to the request now (its location, else its server).
pub fn conf<'a>(w: &'a Worker, r: &Request) -> &'a LocConf {
    match r.loc {
        Some(l) => &w.plan.locations[l].conf,
        None => &w.plan.http.servers[r.server].conf,
    }
}

thread_local! {
    static DATE: RefCell<(u64, String)> = const { RefCell::new((0, String::new())) };
}

/// `f` with the `Date` header value, formatted once per second.
pub fn with_date<T>(f: impl FnOnce(&str) -> T) -> T {
    let now = crate::clock::time() as u64;
    DATE.with(|d| {
        let mut d = d.borrow_mut();
        if d.0 != now || d.1.is_empty() {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(now);
            *d = (now, http::http_date(t));
        }
        f(&d.1)
    })
}

/// Queue the response head in `rq.out` (none for HTTP/0.9, as ngx_http_header_filter) and count
/// it in $bytes_sent.
fn queue_head(rq: &mut Request, server_tokens: bool, chunked: bool) {
    if rq.version == http::Version::Http09 {
        return;
    }
    // A stopping server (SIGQUIT) closes each connection after its response, and says so.
    if crate::serve::shutting_down() {
        rq.keepalive = false;
    }
    crate::rewrite::absolutize_location(&mut rq.headers_out);
    let start = rq.out.len();
    rq.out.reserve(256);
    with_date(|date| {
        http::write_head(
            &mut rq.out,
            rq.status,
            &rq.headers_out,
            server_tokens,
            date,
            chunked,
            rq.keepalive,
        )
    });
    rq.bytes_sent += (rq.out.len() - start) as u64;
}

/// The response comes from a proxied upstream (`crate::proxy`).
fn proxied(rq: &Request) -> bool {
    rq.upstream.as_ref().is_some_and(|u| u.responding)
}

/// Statuses `add_header` applies to without `always`.
fn add_header_applies(status: u16) -> bool {
    matches!(
        status,
        200 | 201 | 204 | 206 | 301 | 302 | 303 | 304 | 307 | 308
    )
}

/// `default_type` (and `charset`) for a response without a Content-Type, before the header
/// filters see it (ngx_http_set_content_type in the content handler); not when Lua set or
/// cleared Content-Type itself.
fn set_default_type(w: &Worker, rq: &mut Request) {
    let h = &rq.headers_out;
    // (subrequests skip the header filter that drops it again for 204 and 304)
    let no_body = rq.subrequest == 0 && http::status_has_no_body(rq.status);
    if h.content_type.is_some() || h.mime_set || no_body {
        return;
    }
    let c = conf(w, rq);
    // lua_use_default_type off: output Lua sends has no Content-Type of its own.
    let lua_output = matches!(
        crate::phase::current(),
        Phase::Rewrite | Phase::Access | Phase::Content
    );
    if !(c.lua_use_default_type || !lua_output) {
        return;
    }
    // ngx_http_set_content_type: the type of the URI's extension, else default_type.
    let t = crate::staticfile::type_by_extension(w, rq, &rq.uri).unwrap_or(&c.default_type);
    if !t.is_empty() {
        rq.headers_out.content_type = Some(t.to_string());
    }
}

/// `charset` (ngx_http_charset_filter): appended to a Content-Type of the default
/// charset_types that names no parameters yet.
pub fn charset_filter(w: &Worker, rq: &mut Request) {
    let Some(cs) = &conf(w, rq).charset else {
        return;
    };
    let Some(ct) = &mut rq.headers_out.content_type else {
        return;
    };
    const TYPES: [&str; 6] = [
        "text/html",
        "text/xml",
        "text/plain",
        "text/vnd.wap.wml",
        "application/javascript",
        "application/rss+xml",
    ];
    if !ct.contains(';') && TYPES.iter().any(|t| ct.eq_ignore_ascii_case(t)) {
        ct.push_str("; charset=");
        ct.push_str(cs);
    }
}

/// ngx_http_not_modified_filter (before headers-more and the Lua header filter) on a 200 of the
/// main request: 412 when If-Unmodified-Since or If-Match fails, 304 when If-Modified-Since
/// equals the Last-Modified and If-None-Match names the ETag (whichever the request sends).
fn conditional_status(ims_mode: crate::plan::IfModifiedSince, rq: &Request) -> Option<u16> {
    let h = &rq.headers_out;
    let last_modified = h
        .last_modified
        .as_deref()
        .and_then(|s| httpdate::parse_http_date(s).ok());
    let date = |v: &str| httpdate::parse_http_date(v).ok();
    // (an ETag that is not text matches nothing but `*`)
    let etag = h
        .get_all("etag")
        .next()
        .and_then(|e| std::str::from_utf8(e).ok());
    // ngx_http_test_if_match: `*`, or one of the listed tags (a weak one only if `weak`).
    let matches = |list: &str, weak: bool| {
        if list.trim() == "*" {
            return true;
        }
        let Some(etag) = etag else { return false };
        let strip = |t: &str| {
            let t = t.trim();
            if weak {
                t.trim_start_matches("W/").to_string()
            } else {
                t.to_string()
            }
        };
        list.split(',').any(|t| strip(t) == strip(etag))
    };
    if let Some(ius) = rq.header_str("if-unmodified-since") {
        let ok = matches!((date(ius), last_modified), (Some(i), Some(l)) if i >= l);
        if !ok {
            return Some(412);
        }
    }
    if let Some(im) = rq.header_str("if-match") {
        if !matches(im, false) {
            return Some(412);
        }
    }
    let (ims, inm) = (
        rq.header_str("if-modified-since"),
        rq.header_str("if-none-match"),
    );
    if ims.is_none() && inm.is_none() {
        return None;
    }
    if let Some(ims) = ims {
        let lm = last_modified
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        if !ims_mode.not_modified(ims, lm) {
            return None;
        }
    }
    if let Some(inm) = inm {
        if !matches(inm, true) {
            return None;
        }
    }
    Some(304)
}

/// add_header and expires (ngx_http_headers_filter).
fn headers_filter(w: &Worker, rq: &mut Request) {
    let c = conf(w, rq);
    let status = rq.status;
    let mut add = Vec::new();
    // The headers filter skips subrequests.
    let add_headers = if rq.subrequest == 0 {
        &c.add_headers[..]
    } else {
        &[]
    };
    // expires: Expires and Cache-Control come before the add_headers.
    if let (Some(e), true, 0) = (c.expires, add_header_applies(status), rq.subrequest) {
        let now = crate::clock::time();
        let (at, cc) = match e {
            crate::plan::Expires::Epoch => (1, "no-cache".to_string()),
            crate::plan::Expires::Max => (2145916555, "max-age=315360000".to_string()),
            crate::plan::Expires::In(s) if s < 0 => (now + s, "no-cache".to_string()),
            crate::plan::Expires::In(s) => (now + s, format!("max-age={s}")),
        };
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(at.max(0) as u64);
        add.push(("Expires".to_string(), http::http_date(t).into()));
        add.push(("Cache-Control".to_string(), cc.into()));
    }
    for h in add_headers {
        if h.always || add_header_applies(status) {
            let v = crate::var::eval(w, rq, &h.value);
            if !v.is_empty() {
                add.push((h.name.clone(), v));
            }
        }
    }
    rq.headers_out.others.extend(add);
}

/// ngx_http_filter_finalize_request from a header filter: nginx's page for `code` replaces the
/// response (the Lua header filter does not run again for it once it ran: `lua_ran`), and the
/// connection closes after it although its head says keep-alive.
fn finalize_in_filter(w: &Rc<Worker>, r: &ReqRef, code: u16, lua_ran: bool) {
    {
        let mut rq = r.borrow_mut();
        rq.filter_finalize |= lua_ran;
        rq.header_sent = false;
    }
    send_builtin_page(w, r, code);
    r.borrow_mut().keepalive = false;
}

/// Send the response head if it has not been sent: runs the header filters (add_header,
/// header_filter_by_lua), decides framing, and queues the bytes. Freezes the status.
pub fn send_header(w: &Rc<Worker>, r: &ReqRef) {
    if r.borrow().header_sent {
        return;
    }
    {
        let mut rq = r.borrow_mut();
        rq.header_sent = true;
        if rq.err_status != 0 {
            rq.status = rq.err_status;
        }
        if rq.status == 0 {
            rq.status = 200;
        }
    }
    set_default_type(w, &mut r.borrow_mut());
    {
        // The echo module's header filter (on top): its body filter changes the length.
        let mut rq = r.borrow_mut();
        let c = conf(w, &rq);
        if !c.echo_before_body.is_empty() || !c.echo_after_body.is_empty() {
            rq.headers_out.content_length = None;
            rq.headers_out.accept_ranges = false;
        }
    }
    // The filters in nginx's order with headers-more loaded after the lua module: not_modified,
    // headers-more, the Lua header filter, then add_header, charset, gzip.
    {
        let mut guard = r.borrow_mut();
        let rq = &mut *guard;
        // (r->disable_not_modified for a proxied response: nothing is cached)
        let conditional = (rq.status == 200
            && rq.subrequest == 0
            && (!proxied(rq) || crate::proxy_cache::not_modified_applies(rq)))
        .then(|| conditional_status(conf(w, rq).if_modified_since, rq))
        .flatten();
        if conditional == Some(304) {
            rq.status = 304;
            let h = &mut rq.headers_out;
            h.content_type = None;
            h.content_length = None;
            h.accept_ranges = false;
        }
        if conditional == Some(412) {
            drop(guard);
            // (not_modified comes before the Lua header filter, which runs for the 412 page)
            finalize_in_filter(w, r, 412, false);
            return;
        }
        if crate::headers_more::output_filter(w, rq).is_err() {
            // NGX_ERROR from the header filter: the request ends without an answer.
            rq.filter_failed = true;
            rq.chunked = false;
            rq.keepalive = false;
            return;
        }
    }
    let hf = conf(w, &r.borrow()).header_filter_by_lua.as_ref();
    if let Some(chunk) = hf.filter(|_| !r.borrow().filter_finalize) {
        let ok = run_filter(w, r, chunk, Phase::HeaderFilter);
        let exit = match r.borrow_mut().exit.take() {
            Some(Exit::Code(c)) if c != 0 => c,
            _ => 0,
        };
        if !ok || exit < 0 {
            let mut rq = r.borrow_mut();
            rq.filter_failed = true;
            rq.chunked = false;
            rq.keepalive = false;
            return;
        }
        if exit >= 200 {
            // The page for that status goes out instead of the response (its body is dropped).
            finalize_in_filter(w, r, exit.min(u16::MAX as i64) as u16, true);
            return;
        }
    }
    crate::limit_rate::decide(w, r);
    let mut guard = r.borrow_mut();
    let rq = &mut *guard;
    if rq.status == 204 && rq.subrequest == 0 {
        // ngx_http_header_filter (which subrequests skip): a 204 has no Content-Type, length or
        // Last-Modified.
        let h = &mut rq.headers_out;
        h.content_type = None;
        h.content_length = None;
        if !h.in_list(crate::http::Builtin::LastModified) {
            h.last_modified = None;
        }
    }
    headers_filter(w, rq);
    crate::sub_filter::header_filter(w, conf(w, rq), rq);
    charset_filter(w, rq);
    crate::gzip::header_filter(conf(w, rq), rq);
    if let Some(range) = rq.headers_out.content_range.take() {
        (rq.headers_out.others).push(("Content-Range".into(), range));
    }
    let status = rq.status;
    // ngx_http_header_filter: Last-Modified only on 200, 206 and 304.
    if !matches!(status, 200 | 206 | 304)
        && !rq.headers_out.in_list(crate::http::Builtin::LastModified)
    {
        rq.headers_out.last_modified = None;
    }
    let no_body = rq.head_only || http::status_has_no_body(status);
    if rq.subrequest > 0 {
        // A subrequest's response stays in memory for ngx.location.capture: no head, no framing.
        rq.chunked = false;
        return;
    }
    let framing = if http::status_has_no_body(status) {
        Framing::None
    } else if status < 200 {
        // ngx_http_chunked_filter leaves 1xx alone: the body goes as it is.
        Framing::Close
    } else if rq.headers_out.content_length.is_some() {
        Framing::Length
    } else if rq.version == http::Version::Http11 {
        Framing::Chunked
    } else {
        Framing::Close
    };
    rq.chunked = framing == Framing::Chunked && !no_body;
    if framing == Framing::Close && status >= 200 {
        rq.keepalive = false;
    }
    let server_tokens = conf(w, rq).server_tokens;
    rq.headers_out.keep_alive_timeout = conf(w, rq).keepalive_header;
    let chunked = rq.chunked;
    queue_head(rq, server_tokens, chunked);
}

/// lua_http10_buffering: an HTTP/1.0 response without a Content-Length is held whole, and its
/// head (header filters included) waits for the end, so that it goes out with a length
/// (ngx_http_lua_send_http10_headers). True while output is being held.
fn buffering(w: &Worker, r: &ReqRef) -> bool {
    let mut rq = r.borrow_mut();
    if rq.buffer_all {
        return true;
    }
    let status = if rq.status == 0 { 200 } else { rq.status };
    let applies = !rq.header_sent
        && rq.version == http::Version::Http10
        && !rq.head_only
        && rq.headers_out.content_length.is_none()
        && status >= 200
        && !http::status_has_no_body(status)
        && !proxied(&rq)
        // Lua's output only (said from a Lua handler, or the end of a Lua content handler), not
        // what echo, autoindex and other modules send.
        && (crate::lua::current().is_some()
            || matches!(conf(w, &rq).content, Some(crate::plan::Content::Lua(_))))
        && conf(w, &rq).lua_http10_buffering;
    rq.buffer_all = applies;
    if applies {
        // (ngx_http_lua_send_header_if_needed sets the status even while buffering)
        rq.status = status;
    }
    applies
}

/// Queue body bytes (after the body filter). `last` marks the end of the body. False when the
/// head this call had to send failed in header_filter_by_lua: nothing is written (OpenResty's
/// "nginx output filter error").
pub fn send_body(w: &Rc<Worker>, r: &ReqRef, data: &[u8], last: bool) -> bool {
    if buffering(w, r) {
        let mut rq = r.borrow_mut();
        rq.buffered_body.extend_from_slice(data);
        if !last {
            return true;
        }
        // The end: the head with the length, then the whole body through the body filter and
        // the last buffer on its own, as nginx sends the held chain.
        rq.buffer_all = false;
        let body = std::mem::take(&mut rq.buffered_body);
        rq.headers_out.content_length = Some(body.len() as u64);
        drop(rq);
        if !body.is_empty() && !send_body(w, r, &body, false) {
            return false;
        }
        return send_body(w, r, b"", true);
    }
    let first = !r.borrow().header_sent;
    send_header(w, r);
    if let Some(sent) = echo_filter(w, r, data, last) {
        return sent;
    }
    if first && r.borrow().filter_failed {
        if last {
            r.borrow_mut().eof = true;
        }
        return false;
    }
    if r.borrow().eof {
        return true;
    }
    // (no body filter for a body nginx does not send: r->header_only)
    let bf = conf(w, &r.borrow()).body_filter_by_lua.as_ref();
    let bf = bf.filter(|_| {
        let rq = r.borrow();
        !rq.head_only && !http::status_has_no_body(rq.status)
    });
    if r.borrow().body_filter_error {
        if let Some(chunk) = bf {
            let _ = run_body_filter(w, r, chunk, data, last);
        }
        if last {
            r.borrow_mut().eof = true;
        }
        return false;
    }
    let filtered;
    let (data, last) = match bf {
        Some(chunk) => match run_body_filter(w, r, chunk, data, last) {
            Ok((d, l)) => {
                filtered = d;
                (&filtered[..], l)
            }
            Err(()) => {
                // NGX_ERROR from the filter chain: what is not yet written is dropped and the
                // connection closes.
                let mut rq = r.borrow_mut();
                rq.out.clear();
                rq.chunked = false;
                rq.keepalive = false;
                rq.body_filter_error = true;
                if last {
                    rq.eof = true;
                }
                return false;
            }
        },
        None => (data, last),
    };
    let mut guard = r.borrow_mut();
    let rq = &mut *guard;
    // (after ngx.req.socket(true) the handler writes to the connection itself)
    if rq.head_only || http::status_has_no_body(rq.status) || rq.raw_socket.is_some() {
        if last {
            rq.eof = true;
        }
        return true;
    }
    // sub_filter, below the Lua body filter and above gzip.
    let substituted;
    let data = match rq.sub.take() {
        Some(mut sub) => {
            substituted = sub.feed(w, rq, &conf(w, rq).sub_filter, data, last);
            rq.sub = Some(sub);
            &substituted[..]
        }
        None => data,
    };
    let compressed;
    let data = match rq.gzip.as_mut() {
        Some(gz) => {
            let mut z = Vec::new();
            let flush = if last {
                crate::gzip::Flush::Finish
            } else {
                crate::gzip::Flush::None
            };
            gz.compress(data, flush, &mut z);
            compressed = z;
            &compressed[..]
        }
        None => data,
    };
    let before = rq.out.len();
    if rq.chunked {
        http::write_chunk(&mut rq.out, data);
        if last {
            rq.out.extend_from_slice(http::LAST_CHUNK);
        }
    } else {
        rq.out.extend_from_slice(data);
    }
    // $body_bytes_sent is what went out after the head, chunk framing included.
    rq.bytes_sent += (rq.out.len() - before) as u64;
    rq.body_bytes_sent += (rq.out.len() - before) as u64;
    if last {
        rq.eof = true;
    }
    // nginx's write filter sends once postpone_output bytes are buffered (crate::flush); what
    // the socket does not take now goes at the next wait or when the handler is done.
    let send_now = rq.client.is_some() && rq.out.len() >= crate::flush::POSTPONE_OUTPUT;
    drop(guard);
    if send_now {
        let _ = crate::flush::try_flush(r);
    }
    true
}

/// The echo module's body filter (on top of the others): `echo_before_body` text goes out as
/// its own buffer before the first one, `echo_after_body` text before the last. Some(result)
/// when it sent the buffer itself.
fn echo_filter(w: &Rc<Worker>, r: &ReqRef, data: &[u8], last: bool) -> Option<bool> {
    let (before, after) = {
        let mut rq = r.borrow_mut();
        let c = conf(w, &rq);
        if rq.head_only || (c.echo_before_body.is_empty() && c.echo_after_body.is_empty()) {
            return None;
        }
        let before = !c.echo_before_body.is_empty() && !rq.echo_before_sent;
        let after = last && !c.echo_after_body.is_empty() && !rq.echo_after_sent;
        rq.echo_before_sent = true;
        if after {
            rq.echo_after_sent = true;
        }
        (before, after)
    };
    if !before && !after {
        return None;
    }
    let c = conf(w, &r.borrow());
    if before {
        let text = crate::echo::filter_text(w, r, &c.echo_before_body);
        if !text.is_empty() && !send_body(w, r, &text, false) {
            return Some(false);
        }
    }
    if !after {
        return Some(send_body(w, r, data, last));
    }
    if !data.is_empty() && !send_body(w, r, data, false) {
        return Some(false);
    }
    let text = crate::echo::filter_text(w, r, &c.echo_after_body);
    if !text.is_empty() && !send_body(w, r, &text, false) {
        return Some(false);
    }
    Some(send_body(w, r, b"", true))
}

/// `ngx.flush` of a gzipped body: what zlib holds goes out too (Z_SYNC_FLUSH).
pub fn gzip_sync(r: &ReqRef) {
    let mut guard = r.borrow_mut();
    let rq = &mut *guard;
    let Some(gz) = rq.gzip.as_mut() else {
        return;
    };
    let mut z = Vec::new();
    gz.compress(b"", crate::gzip::Flush::Sync, &mut z);
    let before = rq.out.len();
    if rq.chunked {
        http::write_chunk(&mut rq.out, &z);
    } else {
        rq.out.extend_from_slice(&z);
    }
    rq.bytes_sent += (rq.out.len() - before) as u64;
    rq.body_bytes_sent += (rq.out.len() - before) as u64;
}

/// End the response normally (content handler finished).
pub fn finish(w: &Rc<Worker>, r: &ReqRef) {
    if !r.borrow().eof {
        let _ = send_body(w, r, b"", true);
    }
}

/// nginx's built-in error page (or an empty body for codes without one), sent as the response.
pub fn send_builtin_page(w: &Rc<Worker>, r: &ReqRef, code: u16) {
    // ngx_http_special_response_handler discards the body (an invalid chunked one is logged
    // and closes the connection after the page), with no `100 Continue` for it.
    r.borrow_mut().expect_tested = true;
    let _ = crate::body::discard_now(w, r);
    let body = {
        let mut rq = r.borrow_mut();
        let c = conf(w, &rq);
        let padded = c.msie_padding
            && (rq.browser.msie || rq.browser.chrome)
            && rq.version != http::Version::Http09
            && code >= 400;
        let server_tokens = c.server_tokens;
        rq.status = http::wire_status(code);
        if http::error_closes_connection(code) {
            rq.keepalive = false;
        }
        let mut body = http::error_page_body(code, server_tokens);
        if let Some(b) = body.as_mut().filter(|_| padded) {
            b.push_str(http::MSIE_PADDING);
        }
        // ngx_http_send_special_response: its own Content-Type (none without a page), no
        // Accept-Ranges, Last-Modified or ETag.
        rq.core_head = true;
        let h = &mut rq.headers_out;
        h.mime_set = true;
        h.content_type = None;
        h.clear_validators();
        rq.headers_out.content_length = Some(body.as_ref().map(|b| b.len() as u64).unwrap_or(0));
        rq.headers_out.unlist(crate::http::Builtin::ContentLength);
        if body.is_some() {
            rq.headers_out.content_type = Some("text/html".into());
        }
        body
    };
    let _ = send_body(w, r, body.as_deref().unwrap_or("").as_bytes(), true);
}

/// Run a header filter chunk synchronously (OpenResty does not allow yielding there); false
/// when it raised an error (logged).
fn run_filter(w: &Rc<Worker>, r: &ReqRef, chunk: &Chunk, phase: Phase) -> bool {
    let vm = w.vm();
    let res = vm
        .function(w, Some(r), chunk)
        .and_then(|f| with_scope(w, r, phase, || f.call::<()>(())));
    match res {
        Ok(()) => true,
        Err(e) => {
            crate::engine::log_lua_error(w, r, phase, &crate::lua::split_error(&e));
            false
        }
    }
}

/// Run body_filter_by_lua on one chunk: `ngx.arg[1]` is the data, `ngx.arg[2]` the eof flag; the
/// chunk may replace either. Err when it raised an error or returned ngx.ERROR (logged or not):
/// the response is aborted.
fn run_body_filter(
    w: &Rc<Worker>,
    r: &ReqRef,
    chunk: &Chunk,
    data: &[u8],
    last: bool,
) -> Result<(Vec<u8>, bool), ()> {
    let vm = w.vm();
    let lua = &vm.lua;
    let set = || -> mlua::Result<()> {
        let arg = lua.create_table()?;
        arg.raw_set(1, lua.create_string(data)?)?;
        arg.raw_set(2, last)?;
        lua.set_named_registry_value(crate::ngx::output::BODY_ARG, arg)
    };
    if set().is_err() {
        return Ok((data.to_vec(), last));
    }
    let res = vm
        .function(w, Some(r), chunk)
        .and_then(|f| with_scope(w, r, Phase::BodyFilter, || f.call::<Value>(())));
    match res {
        Err(e) => {
            crate::engine::log_lua_error(w, r, Phase::BodyFilter, &crate::lua::split_error(&e));
            return Err(());
        }
        Ok(Value::Integer(-1)) => return Err(()),
        Ok(Value::Number(n)) if n == -1.0 => return Err(()),
        Ok(_) => {}
    }
    let arg: Option<mlua::Table> = lua.named_registry_value(crate::ngx::output::BODY_ARG).ok();
    let Some(arg) = arg else {
        return Ok((data.to_vec(), last));
    };
    let d = match arg.raw_get::<Value>(1) {
        Ok(Value::String(s)) => s.as_bytes().to_vec(),
        _ => Vec::new(),
    };
    let l = matches!(arg.raw_get::<Value>(2), Ok(Value::Boolean(true)));
    Ok((d, l))
}

/// Make `r` the current request while running `f` (for synchronous filter calls).
pub fn with_scope<T>(w: &Rc<Worker>, r: &ReqRef, phase: Phase, f: impl FnOnce() -> T) -> T {
    crate::lua::enter_sync(w, r, phase, f)
}
