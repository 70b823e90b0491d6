//! The request's life through nginx's phases: server rewrite, find location, rewrite,
//! preaccess (realip, limit_req, limit_conn), access, try_files, content, then the log phase;
//! internal redirects restart it, at most 10 times.
//!
//! Mirrors `ngx_http_core_module.c`'s phase engine and `ngx_http_special_response.c`'s
//! finalization (error_page, built-in pages).

use std::rc::Rc;

use bstr::{BString, ByteSlice};

use crate::lua::RunEnd;
use crate::output::{self, conf};
use crate::phase::Phase;
use crate::plan::LogLevel;
use crate::plan::{Chunk, Content, LocId, PageStatus, RewriteFlag, RewriteOp};
use crate::request::{Exit, ReqRef, Request};
use crate::worker::Worker;

/// Where the phase engine (re)starts.
#[derive(Clone, Copy, Debug)]
enum Start {
    /// A new request or an internal redirect: server-level rewrites run again.
    ServerRewrite,
    /// A rewrite changed the URI: search the location again.
    FindLocation,
    /// An internal redirect to a named location.
    Named(LocId),
}

/// What a phase asks the engine to do next.
#[derive(Debug)]
pub(crate) enum Next {
    /// Go on with the next phase.
    Continue,
    /// The response is complete.
    Done,
    /// Finalize with this status: an error page or built-in page (≥ 300), or headers only.
    Status(u16),
    /// Internal redirect to a URI (`args` None keeps nothing: nginx sets the new args).
    Redirect { uri: BString, args: BString },
    /// Internal redirect to a named location.
    RedirectNamed(LocId),
    /// The URI changed in the rewrite phase.
    Research,
    /// Close the connection without a response (444, ngx.ERROR).
    Close,
}

/// Serve one request to completion (its bytes are queued in `r.out`).
pub async fn handle(w: &Rc<Worker>, r: &ReqRef) {
    let mut start = Start::ServerRewrite;
    // Plain HTTP on a `listen … ssl` socket: nginx finalizes it with 497 once the head is read
    // (ngx_http_process_request), so the server's `error_page 497` can redirect to https.
    let mut first = None;
    if r.borrow().conn.plain_http_on_tls && r.borrow().subrequest == 0 {
        let why =
            "client sent plain HTTP request to HTTPS port while reading client request headers";
        log_req(w, r, LogLevel::Info, why);
        first = Some(Next::Status(497));
    } else if r.borrow().subrequest == 0 {
        // ssl_verify_client, checked there too.
        let refused = crate::tls::refuse_client(w, &r.borrow());
        if let Some((code, why)) = refused {
            if code == 421 {
                // (the request stays with the server the handshake was for)
                let mut rq = r.borrow_mut();
                let sni = rq.conn.tls.as_ref().and_then(|t| t.server_name.clone());
                let sni = sni.unwrap_or_default().to_ascii_lowercase();
                rq.server = w.router.find_server(rq.conn.socket, sni.as_bytes()).0;
            }
            log_req(w, r, LogLevel::Info, &why);
            first = Some(Next::Status(code));
        }
    }
    loop {
        let next = match first.take() {
            Some(n) => n,
            None => run_phases(w, r, start).await,
        };
        let next = match next {
            Next::Status(code) => finalize_status(w, r, code),
            n => n,
        };
        match next {
            Next::Continue | Next::Done | Next::Status(_) => break,
            Next::Close => {
                // Output not yet flushed to the client is dropped, as nginx drops its buffers; what a
                // flush already wrote stays a truncated response.
                let mut rq = r.borrow_mut();
                rq.keepalive = false;
                rq.eof = true;
                // (a subrequest's output is what ngx.location.capture returns: it stays)
                if rq.subrequest == 0 {
                    rq.out.clear();
                }
                break;
            }
            Next::Research => {
                if !count_uri_change(w, r, None) {
                    break;
                }
                start = Start::FindLocation;
            }
            Next::Redirect { uri, args } => {
                if !count_uri_change(w, r, Some(uri.as_slice())) {
                    break;
                }
                let mut rq = r.borrow_mut();
                rq.uri = uri;
                rq.args = args;
                rq.uri_changed = true;
                rq.internal = true;
                rq.captures = None;
                rq.lua_ctx = None;
                start = Start::ServerRewrite;
            }
            Next::RedirectNamed(loc) => {
                let name = format!("@{}", w.plan.locations[loc].pattern);
                if !count_uri_change(w, r, Some(name.as_bytes())) {
                    break;
                }
                let mut rq = r.borrow_mut();
                rq.internal = true;
                rq.lua_ctx = None;
                start = Start::Named(loc);
            }
        }
    }
    output::finish(w, r);
    run_mirrors(w, r).await;
    // nginx logs main requests only (log_subrequest off; log_by_lua skips subrequests too).
    if r.borrow().subrequest == 0 {
        log_phase(w, r).await;
    }
}

/// The `mirror` subrequests: the request's method and arguments, headers only; their answers
/// go nowhere.
async fn run_mirrors(w: &Rc<Worker>, r: &ReqRef) {
    let mirrors = std::mem::take(&mut r.borrow_mut().mirrors);
    for (uri, with_body) in mirrors {
        let (method, args) = {
            let rq = r.borrow();
            (rq.method.clone(), rq.args.clone())
        };
        let target = (uri.as_slice(), args.as_slice());
        let own = (!with_body).then(Vec::new);
        if let Some(sr) = crate::ngx::subrequest::nginx_subrequest(w, r, &method, target, own) {
            sr.borrow_mut().head_only = true;
            Box::pin(handle(w, &sr)).await;
        }
    }
}

/// nginx allows 10 URI changes; the 11th is a 500 with "rewrite or internal redirection cycle".
fn count_uri_change(w: &Rc<Worker>, r: &ReqRef, redirect_to: Option<&[u8]>) -> bool {
    let exhausted = {
        let mut rq = r.borrow_mut();
        if rq.uri_changes == 0 {
            true
        } else {
            rq.uri_changes -= 1;
            false
        }
    };
    if exhausted {
        let msg = match redirect_to {
            Some(to) => format!(
                "rewrite or internal redirection cycle while internally redirecting to \"{}\"",
                to.as_bstr()
            ),
            None => format!(
                "rewrite or internal redirection cycle while processing \"{}\"",
                r.borrow().uri
            ),
        };
        log_req(w, r, LogLevel::Error, &msg);
        if !r.borrow().header_sent {
            r.borrow_mut().err_status = 0;
            output::send_builtin_page(w, r, 500);
        }
        return false;
    }
    true
}

async fn run_phases(w: &Rc<Worker>, r: &ReqRef, start: Start) -> Next {
    // Server rewrite phase.
    if let Start::ServerRewrite = start {
        r.borrow_mut().loc = None;
        // Post-read phase: realip with the server's configuration.
        crate::realip::apply(w, r);
        let server = &w.plan.http.servers[r.borrow().server].conf;
        // server_rewrite_by_lua first: the Lua module registers its handler after the rewrite
        // module, and nginx runs a phase's handlers in reverse (no postponing here)
        if let Some(chunk) = &server.server_rewrite_by_lua {
            match run_lua_phase(w, r, chunk, Phase::ServerRewrite).await {
                // a set_uri jump: the rest of the phase runs on the new URI, then the location
                // lookup that comes next anyway
                Next::Continue | Next::Research => {}
                n => return n,
            }
        }
        match rewrite_phase(w, r, &server.rewrite).await {
            RwEnd::Fallthrough | RwEnd::Break => {}
            RwEnd::Next(n) => return n,
            RwEnd::UriChanged => {}
        }
    }
    // Find config phase.
    let loc = match start {
        Start::Named(l) => Some(l),
        _ => {
            let found = {
                let rq = r.borrow();
                w.router.find_location(&w.plan, rq.server, &rq.uri)
            };
            match found {
                Ok(Some(f)) if f.auto_redirect => {
                    let mut rq = r.borrow_mut();
                    rq.loc = Some(f.loc);
                    let mut to = rq.uri.clone();
                    to.push(b'/');
                    if !rq.args.is_empty() {
                        to.push(b'?');
                        to.extend_from_slice(&rq.args);
                    }
                    crate::rewrite::set_location(w, &mut rq, to);
                    return Next::Status(301);
                }
                Ok(Some(f)) => {
                    r.borrow_mut().captures = f.captures;
                    Some(f.loc)
                }
                Ok(None) => None,
                Err(e) => {
                    log_req(w, r, LogLevel::Error, &e);
                    return Next::Status(500);
                }
            }
        }
    };
    // ngx_http_update_location_config: a method limit_except does not list is served with that
    // block's configuration.
    let limited = loc.and_then(|l| w.plan.locations[l].conf.limit_except.as_ref());
    let loc = match limited {
        Some(le) if !le.allows(&r.borrow().method) => Some(le.loc),
        _ => loc,
    };
    r.borrow_mut().loc = loc;
    {
        // ngx_http_update_location_config: the location's keepalive_timeout,
        // keepalive_requests and keepalive_disable decide whether the connection stays open.
        let mut rq = r.borrow_mut();
        if rq.keepalive {
            let c = conf(w, &rq);
            if !crate::serve::keepalive_allowed(c, rq.conn.requests)
                || crate::serve::keepalive_disabled_for(c, &rq)
            {
                rq.keepalive = false;
            }
        }
    }
    {
        let rq = r.borrow();
        let c = conf(w, &rq);
        if c.internal && !rq.internal {
            return Next::Status(404);
        }
        // After an error page redirect the body counts as discarded (nginx does not check again).
        if c.client_max_body_size > 0 && !rq.error_page_done {
            let len = rq
                .header_str("content-length")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let len = len.or_else(|| {
                rq.body_len()
                    .filter(|_| rq.header_str("transfer-encoding").is_some())
            });
            if let Some(len) = len {
                if len > c.client_max_body_size {
                    let chunked = rq.header_str("transfer-encoding").is_some();
                    let msg = if chunked {
                        format!("client intended to send too large chunked body: {len} bytes")
                    } else {
                        format!("client intended to send too large body: {len} bytes")
                    };
                    drop(rq);
                    log_req(w, r, LogLevel::Error, &msg);
                    return Next::Status(413);
                }
            }
        }
    }
    if conf(w, &r.borrow()).lua_need_request_body {
        if let Err(f) = read_body(w, r, crate::body::Reader::LuaNeedBody).await {
            return f.next(r);
        }
    }
    // Rewrite phase: the location's rewrite-module statements, then headers-more's input
    // headers (also when the statements moved the request to another location).
    // Under rewrite_by_lua_no_postpone, rewrite_by_lua runs first: nginx runs a phase's handlers
    // in the reverse of their registration, and the Lua module registers after the rewrite module.
    let no_postpone = w.plan.http.lua.rewrite_no_postpone;
    if no_postpone {
        let c: &crate::plan::LocConf = conf(w, &r.borrow());
        if let Some(chunk) = &c.rewrite_by_lua {
            match run_lua_phase(w, r, chunk, Phase::Rewrite).await {
                Next::Continue => {}
                n => return n,
            }
        }
    }
    let mut research = false;
    if let Some(l) = loc {
        let ops = &w.plan.locations[l].conf.rewrite;
        match rewrite_phase(w, r, ops).await {
            RwEnd::Fallthrough => {}
            RwEnd::Break => {}
            RwEnd::Next(n) => return n,
            RwEnd::UriChanged => research = true,
        }
    }
    if crate::headers_more::input_handler(w, &mut r.borrow_mut()).is_err() {
        // NGX_ERROR: the connection closes without an answer.
        return Next::Close;
    }
    if research {
        return Next::Research;
    }
    // rewrite_by_lua, access, access_by_lua.
    // The configuration lives in the plan (as long as the worker): borrow it, never copy it.
    let c: &crate::plan::LocConf = conf(w, &r.borrow());
    if let (false, Some(chunk)) = (no_postpone, &c.rewrite_by_lua) {
        match run_lua_phase(w, r, chunk, Phase::Rewrite).await {
            Next::Continue => {}
            n => return n,
        }
    }
    // Preaccess: realip with the location's configuration, unless the server's applied, then
    // limit_req and limit_conn (the reverse of their module order, as nginx runs handlers).
    crate::realip::apply(w, r);
    match crate::limit_req::handler(w, r) {
        crate::limit_req::Outcome::Pass => {}
        crate::limit_req::Outcome::Reject(status) => return Next::Status(status),
        crate::limit_req::Outcome::Delay(ms) => {
            if !crate::limit_req::delay(r, ms).await {
                log_req(w, r, LogLevel::Info, "client prematurely closed connection");
                r.borrow_mut().status = 499;
                return Next::Close;
            }
        }
    }
    if let Some(status) = crate::limit_conn::handler(w, r) {
        return Next::Status(status);
    }
    // The access phase is the main request's alone (ngx_http_core_access_phase skips
    // subrequests): allow/deny and access_by_lua never run for a capture.
    let main = r.borrow().subrequest == 0;
    // ngx_http_core_access_phase, its handlers in nginx's order (allow/deny, auth_basic,
    // auth_request, then access_by_lua): under `satisfy any`, the first that allows (a rule,
    // good credentials, a 2xx auth subrequest, access_by_lua running to its end) ends the phase
    // and drops the challenge set last (nginx's headers_out.www_authenticate), and a refusal
    // counts (a 403 logged by the post-access phase) only when none allows; a 401 outranks a
    // 403.
    let refuse = |refused: &mut Option<u16>, code: u16| {
        if *refused != Some(401) {
            *refused = Some(code);
        }
    };
    let mut refused: Option<u16> = None;
    let mut allowed = false;
    // (access_by_lua_no_postpone: the Lua handler comes first in the phase)
    let lua_first = w.plan.http.lua.access_no_postpone;
    if let (true, true, Some(chunk)) = (lua_first, main, &c.access_by_lua) {
        match run_lua_phase(w, r, chunk, Phase::Access).await {
            Next::Continue => allowed = c.satisfy_any,
            Next::Status(code @ (401 | 403)) if c.satisfy_any => refuse(&mut refused, code),
            n => return n,
        }
    }
    if let (true, false) = (main, allowed) {
        match access_rule(w, r) {
            Some(false) if !c.satisfy_any => {
                log_req(w, r, LogLevel::Error, "access forbidden by rule");
                return Next::Status(403);
            }
            Some(false) => refuse(&mut refused, 403),
            Some(true) => allowed = c.satisfy_any,
            None => {}
        }
    }
    if let (true, false) = (main, allowed) {
        match crate::auth_basic::handler(w, r) {
            crate::auth_basic::Outcome::Declined => {}
            crate::auth_basic::Outcome::Allow => allowed = c.satisfy_any,
            crate::auth_basic::Outcome::Status(code @ (401 | 403)) if c.satisfy_any => {
                refuse(&mut refused, code)
            }
            crate::auth_basic::Outcome::Status(code) => return Next::Status(code),
        }
    }
    if let (true, false, Some(uri)) = (main, allowed, &c.auth_request) {
        match auth_request(w, r, uri).await {
            Ok(()) => allowed = c.satisfy_any,
            Err(code @ (401 | 403)) if c.satisfy_any => refuse(&mut refused, code),
            Err(code) => return Next::Status(code),
        }
    }
    if let (false, true, false, Some(chunk)) = (lua_first, main, allowed, &c.access_by_lua) {
        match run_lua_phase(w, r, chunk, Phase::Access).await {
            Next::Continue => allowed = c.satisfy_any,
            // (`ngx.exit(401)` or `ngx.exit(403)`: the access phase weighs it as the others')
            Next::Status(code @ (401 | 403)) if c.satisfy_any => refuse(&mut refused, code),
            n => return n,
        }
    }
    if allowed {
        drop_last_challenge(r);
    }
    if let (Some(code), false) = (refused, allowed) {
        if code == 403 {
            log_req(w, r, LogLevel::Error, "access forbidden by rule");
        }
        return Next::Status(code);
    }
    // Precontent: mirror (ngx_http_mirror_handler: the main request's, once per location; the
    // subrequests run when the content handler is done).
    if main && !c.mirror.is_empty() {
        let body = c.mirror_request_body;
        if body {
            // (ngx_http_mirror_handler reads it first)
            if let Err(f) = read_body(w, r, crate::body::Reader::Module).await {
                return f.next(r);
            }
        }
        r.borrow_mut()
            .mirrors
            .extend(c.mirror.iter().map(|m| (m.as_str().into(), body)));
    }
    // Precontent: try_files.
    if !c.try_files.is_empty() {
        match crate::staticfile::try_files(w, r) {
            // (try_files only picks the file: the content phase serves it)
            Next2::Continue | Next2::File(_) => {}
            Next2::Status(s) => return Next::Status(s),
            Next2::Redirect { uri, args } => return Next::Redirect { uri, args },
            Next2::Named(name) => {
                let server = r.borrow().server;
                return match w.router.find_named(server, &name) {
                    Some(l) => Next::RedirectNamed(l),
                    None => {
                        log_req(
                            w,
                            r,
                            LogLevel::Error,
                            &format!("could not find named location \"@{name}\""),
                        );
                        Next::Status(500)
                    }
                };
            }
        }
    }
    // Content phase.
    match &c.content {
        Some(Content::Lua(chunk)) => match run_lua_phase(w, r, chunk, Phase::Content).await {
            Next::Continue => Next::Done,
            n => n,
        },
        Some(Content::Echo(cmds)) => crate::echo::run(w, r, cmds).await,
        Some(Content::StubStatus) => crate::stub_status::handle(w, r),
        Some(Content::EmptyGif) => crate::empty_gif::handle(w, r),
        Some(Content::Proxy(p)) => match crate::proxy::handle(w, r, p).await {
            crate::proxy::End::Done => Next::Done,
            crate::proxy::End::Status(s) => Next::Status(s),
            crate::proxy::End::Close => Next::Close,
            crate::proxy::End::Redirect(to) => {
                let mut rq = r.borrow_mut();
                if rq.method != "HEAD" {
                    rq.method = "GET".into();
                }
                let server = rq.server;
                drop(rq);
                match to.strip_prefix('@') {
                    Some(name) => match w.router.find_named(server, name) {
                        Some(l) => Next::RedirectNamed(l),
                        None => {
                            let msg = format!("could not find named location \"{to}\"");
                            log_req(w, r, LogLevel::Error, &msg);
                            Next::Status(500)
                        }
                    },
                    None => {
                        let (uri, args) = match to.split_once('?') {
                            Some((u, a)) => (u.into(), a.into()),
                            None => (to.into(), BString::default()),
                        };
                        Next::Redirect { uri, args }
                    }
                }
            }
        },
        None => match crate::staticfile::serve(w, r) {
            Next2::Continue => Next::Done,
            Next2::File(f) => {
                crate::staticfile::send_file(w, r, f).await;
                Next::Done
            }
            Next2::Status(s) => Next::Status(s),
            Next2::Redirect { uri, args } => Next::Redirect { uri, args },
            Next2::Named(_) => Next::Status(500),
        },
    }
}

/// The body becomes visible to Lua (`ngx.req.read_body`, `lua_need_request_body`; also what
/// proxy_pass and mirror read). As nginx reads it, a body larger than client_body_buffer_size
/// (or any, with client_body_in_file_only) goes to a temporary file as it comes, with nginx's
/// log line; Lua then finds it only by its file name. A body that came whole with the head stays
/// in memory.
pub async fn read_body(
    w: &Rc<Worker>,
    r: &ReqRef,
    by: crate::body::Reader,
) -> Result<(), crate::body::Failed> {
    use crate::body::Reader;
    if r.borrow().body_read {
        return Ok(());
    }
    let spill = {
        let rq = r.borrow();
        let c = conf(w, &rq);
        let buffer = c.client_body_buffer_size;
        // (ngx_http_read_client_request_body: a known length under 1.25 buffers gets a buffer
        // of its size; else one of client_body_buffer_size, written out when full)
        let fits = match rq.body_unread {
            Some(crate::body::Unread::Length(n)) => {
                n.saturating_sub(rq.body_preread) < buffer + buffer / 4
            }
            _ => false,
        };
        let at = match c.client_body_in_file_only {
            Some(_) => Some(None),
            None if rq.body_in_header_buffer || fits => None,
            None => Some(Some(buffer)),
        };
        // (client_body_in_file_only logs its files at notice, except for ngx.req.read_body,
        // which silences that log; both Lua readers have the file removed after the request)
        let in_file = c.client_body_in_file_only;
        at.map(|at| crate::body::Spill {
            at,
            preread: rq.body_preread,
            dir: body_temp_dir(w, c),
            keep: in_file == Some(crate::plan::BodyInFile::Keep) && by == Reader::Module,
            log: match (in_file, by) {
                (None, _) => Some(LogLevel::Warn),
                (Some(_), Reader::LuaReadBody) => None,
                (Some(_), _) => Some(LogLevel::Notice),
            },
        })
    };
    crate::body::read(w, r, spill).await?;
    r.borrow_mut().body_read = true;
    Ok(())
}

fn body_temp_dir(w: &Worker, c: &crate::plan::LocConf) -> std::path::PathBuf {
    match &c.client_body_temp_path {
        Some(p) if std::path::Path::new(p).is_absolute() => p.into(),
        Some(p) => w.prefix.join(p),
        None => default_body_temp_dir(&w.prefix),
    }
}

/// The request body (as Lua built it with ngx.req.init_body) written to a temporary file in
/// client_body_temp_path, with nginx's warning; Lua then finds it only by its file name.
pub fn body_to_temp_file(w: &Rc<Worker>, r: &ReqRef, keep: bool) {
    let dir = body_temp_dir(w, conf(w, &r.borrow()));
    let dir = dir.as_path();
    let body = r.borrow().body.clone().unwrap_or_default();
    match crate::request::BodyFile::create(dir, &body, keep) {
        Ok(f) => {
            let msg = format!(
                "a client request body is buffered to a temporary file {}",
                f.path.display()
            );
            r.borrow_mut().body_file = Some(f);
            log_req(w, r, LogLevel::Warn, &msg);
        }
        // (nginx answers 500; the body stays readable in memory here)
        Err(e) => log_req(
            w,
            r,
            LogLevel::Crit,
            &format!(
                "cannot write a client request body to {}: {e}",
                dir.display()
            ),
        ),
    }
}

/// Debian's nginx keeps request bodies in /var/lib/nginx/body; elsewhere (or when that is not
/// writable) they go under the prefix, as a default nginx build puts them.
fn default_body_temp_dir(prefix: &std::path::Path) -> std::path::PathBuf {
    let debian = std::path::Path::new("/var/lib/nginx/body");
    let writable = std::ffi::CString::new("/var/lib/nginx/body")
        // SAFETY: access(2) with a valid C string.
        .map(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
        .unwrap_or(false);
    if debian.is_dir() && writable {
        debian.to_path_buf()
    } else {
        prefix.join("client_body_temp")
    }
}

/// The subset of `Next` that static handlers return.
pub enum Next2 {
    Continue,
    Status(u16),
    Redirect {
        uri: BString,
        args: BString,
    },
    Named(String),
    /// The head is queued: send this file's bytes, read a piece at a time (a large file).
    File(std::fs::File),
}

/// Run a Lua phase handler as the request's entry thread and turn how it ended into `Next`.
async fn run_lua_phase(w: &Rc<Worker>, r: &ReqRef, chunk: &Chunk, phase: Phase) -> Next {
    if let Some(idx) = chunk.native {
        if let Some(f) = w.natives.get(idx) {
            return lua_end(w, r, phase, crate::native::run(w, r, phase, *f));
        }
    }
    let end = w.vm().run(w, r, chunk, phase, vec![]).await;
    lua_end(w, r, phase, end)
}

fn lua_end(w: &Rc<Worker>, r: &ReqRef, phase: Phase, end: RunEnd) -> Next {
    match end {
        RunEnd::Done(_) => {
            if phase == Phase::Content {
                // The handler's last output is Lua's (lua_use_default_type applies to it).
                crate::phase::set_current(Phase::Content);
                output::finish(w, r);
                Next::Done
            } else if r.borrow().eof {
                Next::Done
            } else if r.borrow().header_sent {
                // A head sent by rewrite/access_by_lua ends the request there: later phases
                // could answer again (ngx_http_lua_rewrite_handler).
                output::finish(w, r);
                Next::Done
            } else {
                Next::Continue
            }
        }
        RunEnd::Exited => {
            let exit = r.borrow_mut().exit.take();
            match exit {
                Some(Exit::Code(code)) => exit_code(w, r, phase, code),
                Some(Exit::Jump) => {
                    let mut rq = r.borrow_mut();
                    rq.buffer_all = false;
                    rq.buffered_body.clear();
                    rq.internal = true;
                    rq.captures = None;
                    rq.lua_ctx = None;
                    Next::Research
                }
                Some(Exit::Exec { uri, args }) => {
                    // Held HTTP/1.0 output belongs to the old location's Lua context: dropped.
                    {
                        let mut rq = r.borrow_mut();
                        rq.buffer_all = false;
                        rq.buffered_body.clear();
                    }
                    if let Some(name) = uri.strip_prefix(b"@") {
                        let server = r.borrow().server;
                        match w.router.find_named(server, &name.to_str_lossy()) {
                            Some(l) => Next::RedirectNamed(l),
                            None => {
                                log_req(
                                    w,
                                    r,
                                    LogLevel::Error,
                                    &format!("could not find named location \"{uri}\""),
                                );
                                Next::Status(500)
                            }
                        }
                    } else {
                        Next::Redirect {
                            uri,
                            args: args.unwrap_or_default(),
                        }
                    }
                }
                None => Next::Done,
            }
        }
        RunEnd::Error { msg, traceback } => {
            log_lua_error(w, r, phase, &(msg, traceback));
            let rq = r.borrow();
            if rq.header_sent || rq.abort_closes {
                // Headers are out (or captures were running): nginx can only cut it short.
                Next::Close
            } else {
                Next::Status(500)
            }
        }
        RunEnd::LoadFailed { status, msg } => {
            log_req(w, r, LogLevel::Error, &msg);
            Next::Status(status)
        }
    }
}

/// A rewrite or access handler that sent the response header ends the request: later phases
/// could send another (ngx_http_lua_rewrite_handler / _access_handler).
fn header_out_early(r: &ReqRef, phase: Phase) -> bool {
    matches!(phase, Phase::Rewrite | Phase::ServerRewrite | Phase::Access) && r.borrow().header_sent
}

/// `ngx.exit(code)` semantics (`ngx_http_lua_handle_exit`).
fn exit_code(w: &Rc<Worker>, r: &ReqRef, phase: Phase, code: i64) -> Next {
    let header_sent = r.borrow().header_sent;
    match code {
        0 => {
            if phase == Phase::Content || header_out_early(r, phase) {
                output::finish(w, r);
                Next::Done
            } else {
                Next::Continue
            }
        }
        // NGX_ERROR, 408, 444 and 499 terminate the request: the connection closes, and the
        // code is the status the log phase sees unless a head already went out
        // (ngx_http_terminate_request).
        -1 | 408 | 444 | 499 => {
            let mut rq = r.borrow_mut();
            if code > 0 && (rq.status == 0 || !header_sent) {
                rq.status = code as u16;
            }
            Next::Close
        }
        // ngx.DECLINED before the content phase: the phase goes on as if the handler ended.
        -5 if matches!(phase, Phase::Rewrite | Phase::ServerRewrite | Phase::Access) => {
            Next::Continue
        }
        // An informational code: nginx finalizes the request with it and closes the connection;
        // output not flushed yet is dropped.
        c if (100..200).contains(&c) => Next::Close,
        c if (200..300).contains(&c) && c != 204 => {
            if !header_sent {
                let mut rq = r.borrow_mut();
                if rq.status == 0 {
                    rq.status = c as u16;
                }
            }
            // (the head goes out from Lua: lua_use_default_type applies to it)
            if matches!(phase, Phase::Rewrite | Phase::Access | Phase::Content) {
                crate::phase::set_current(phase);
            }
            output::finish(w, r);
            Next::Done
        }
        c if c >= 300 || c == 204 => {
            if r.borrow().buffer_all {
                // Held HTTP/1.0 output goes out as it is (ngx_http_lua_handle_exit).
                output::finish(w, r);
                Next::Done
            } else if header_sent {
                let sent = r.borrow().status;
                if c >= 300 && c != sent as i64 {
                    log_req(
                        w,
                        r,
                        LogLevel::Error,
                        &format!(
                            "attempt to set status {c} via ngx.exit after sending out the response status {sent}"
                        ),
                    );
                }
                output::finish(w, r);
                Next::Done
            } else {
                // ngx.exit sets the response status: an `error_page … =` answer keeps it.
                r.borrow_mut().status = c as u16;
                Next::Status(c as u16)
            }
        }
        _ => {
            output::finish(w, r);
            Next::Done
        }
    }
}

/// Finalize with a status: error_page redirect if configured, else nginx's built-in page.
fn finalize_status(w: &Rc<Worker>, r: &ReqRef, code: u16) -> Next {
    if r.borrow().subrequest > 0
        && !r.borrow().nginx_subrequest
        && !matches!(code, 408 | 444 | 499)
        && (code >= 300 || code == 201 || code == 204)
    {
        crate::ngx::subrequest::finalize(w, r, code);
        return Next::Done;
    }
    if r.borrow().header_sent {
        output::finish(w, r);
        return Next::Done;
    }
    if code == 204 || code == 304 || (200..300).contains(&code) {
        {
            let mut rq = r.borrow_mut();
            rq.status = code;
            if code == 204 || code == 304 {
                // ngx_http_send_special_response
                rq.headers_out.clear_validators();
                rq.headers_out.content_type = None;
                // (ngx_http_send_special_response sends a 304 with an empty length)
                rq.headers_out.content_length = (code == 304).then_some(0);
            }
        }
        output::finish(w, r);
        return Next::Done;
    }
    if matches!(code, 408 | 444 | 499) {
        // nginx closes the connection without a response for these.
        return Next::Close;
    }
    if crate::http::error_closes_connection(code) {
        r.borrow_mut().keepalive = false;
    }
    // error_page.
    let page = {
        let rq = r.borrow();
        if rq.error_page_done && !conf(w, &rq).recursive_error_pages {
            None
        } else {
            conf(w, &rq)
                .error_pages
                .iter()
                .find(|p| p.codes.contains(&code))
                .cloned()
        }
    };
    if let Some(p) = page {
        let target = crate::var::eval_text(w, &r.borrow(), &p.target);
        let mut rq = r.borrow_mut();
        rq.error_page_done = true;
        // The page brings its own type and length; other headers the handler set stay
        // (ngx_http_special_response_handler).
        let h = &mut rq.headers_out;
        h.content_type = None;
        h.mime_set = false;
        h.content_length = None;
        h.last_modified = None;
        h.accept_ranges = false;
        let status = match p.status {
            PageStatus::Code(c) => c,
            // (0 unless ngx.exit set it)
            PageStatus::Target => rq.status,
            PageStatus::Error => code,
        };
        if let Some(name) = target.strip_prefix('@') {
            rq.err_status = status;
            rq.status = status;
            let server = rq.server;
            drop(rq);
            return match w.router.find_named(server, name) {
                Some(l) => Next::RedirectNamed(l),
                None => {
                    log_req(
                        w,
                        r,
                        LogLevel::Error,
                        &format!("could not find named location \"{target}\""),
                    );
                    output::send_builtin_page(w, r, 500);
                    Next::Done
                }
            };
        }
        if target.starts_with("http://")
            || target.starts_with("https://")
            || matches!(status, 301 | 302 | 303 | 307 | 308)
        {
            let redirect = if matches!(status, 301 | 302 | 303 | 307 | 308) {
                status
            } else {
                302
            };
            if target.starts_with('/') {
                crate::rewrite::set_location(w, &mut rq, target.into());
            } else {
                rq.headers_out
                    .others
                    .push(("Location".into(), target.into()));
            }
            drop(rq);
            output::send_builtin_page(w, r, redirect);
            return Next::Done;
        }
        rq.err_status = status;
        rq.status = status;
        if rq.method != "HEAD" {
            rq.method = "GET".into();
        }
        drop(rq);
        let (uri, args) = match target.find('?') {
            Some(i) => (target[..i].into(), target[i + 1..].into()),
            None => (target.into(), BString::default()),
        };
        return Next::Redirect { uri, args };
    }
    output::send_builtin_page(w, r, code);
    Next::Done
}

/// How a run of rewrite-module statements ended.
enum RwEnd {
    /// All statements ran; the URI did not change.
    Fallthrough,
    /// `break` or `rewrite ... break`: stay in this location.
    Break,
    /// The URI changed (`rewrite` without flag or with `last`): search the location again.
    UriChanged,
    /// A response or redirect was decided.
    Next(Next),
}

/// A phase's rewrite statements; most locations have none, and pay no allocation for them.
async fn rewrite_phase(w: &Rc<Worker>, r: &ReqRef, ops: &[RewriteOp]) -> RwEnd {
    if ops.is_empty() {
        return RwEnd::Fallthrough;
    }
    run_rewrite_ops(w, r, ops).await
}

/// (boxed: `if` blocks nest statements, and the future recurses)
fn run_rewrite_ops<'a>(
    w: &'a Rc<Worker>,
    r: &'a ReqRef,
    ops: &'a [RewriteOp],
) -> std::pin::Pin<Box<dyn std::future::Future<Output = RwEnd> + 'a>> {
    Box::pin(async move {
        let mut changed = false;
        for op in ops {
            match op {
                RewriteOp::Set { var, value } => {
                    let v = crate::var::eval(w, &r.borrow(), value);
                    if var == "limit_rate" {
                        let mut rq = r.borrow_mut();
                        if let Err(e) = crate::limit_rate::assign(&mut rq, &v.to_str_lossy()) {
                            log_rq(w, &rq, LogLevel::Error, &e);
                        }
                    } else {
                        r.borrow_mut().vars.insert(var.clone(), v);
                    }
                }
                RewriteOp::Break => return RwEnd::Break,
                RewriteOp::Return { code, text } => {
                    return RwEnd::Next(do_return(w, r, *code, text.as_ref()));
                }
                RewriteOp::Rewrite {
                    regex,
                    replacement,
                    flag,
                } => match crate::rewrite::apply(w, r, regex, replacement, *flag) {
                    Err(e) => {
                        log_req(w, r, LogLevel::Error, &e);
                        return RwEnd::Next(Next::Status(500));
                    }
                    Ok(crate::rewrite::Applied::NoMatch) => {}
                    Ok(crate::rewrite::Applied::Redirect(code)) => {
                        return RwEnd::Next(Next::Status(code));
                    }
                    Ok(crate::rewrite::Applied::Changed) => match flag {
                        RewriteFlag::Last => return RwEnd::UriChanged,
                        RewriteFlag::Break => return RwEnd::Break,
                        _ => changed = true,
                    },
                },
                RewriteOp::If { cond, loc } => match crate::rewrite::condition(w, r, cond) {
                    Err(e) => {
                        log_req(w, r, LogLevel::Error, &e);
                        return RwEnd::Next(Next::Status(500));
                    }
                    Ok(false) => {}
                    Ok(true) => {
                        // The if block's configuration applies from now on ("if is evil").
                        r.borrow_mut().loc = Some(*loc);
                        let inner = &w.plan.locations[*loc].conf.rewrite;
                        match run_rewrite_ops(w, r, inner).await {
                            RwEnd::Fallthrough => {}
                            RwEnd::UriChanged => changed = true,
                            other => return other,
                        }
                    }
                },
                RewriteOp::SetMisc { var, op, args } => {
                    let res = {
                        let rq = r.borrow();
                        let mut vals: Vec<Vec<u8>> = args
                            .iter()
                            .map(|a| crate::var::eval(w, &rq, a).into())
                            .collect();
                        if vals.is_empty() || *op == crate::plan::SetMiscOp::IfEmpty {
                            // One argument: the filter works on the variable's own value.
                            let own = crate::ngx::var::read(w, &rq, var).unwrap_or_default();
                            vals.insert(0, own.into());
                        }
                        crate::set_misc::apply(w, &rq, op, &vals)
                    };
                    match res {
                        Ok(v) => {
                            r.borrow_mut().vars.insert(var.clone(), v.into());
                        }
                        Err(e) => {
                            log_req(w, r, LogLevel::Error, &e);
                            return RwEnd::Next(Next::Status(500));
                        }
                    }
                }
                RewriteOp::SetByLua { var, chunk, args } => {
                    let vals: Vec<String> = args
                        .iter()
                        .map(|a| crate::var::eval_text(w, &r.borrow(), a))
                        .collect();
                    let lua = &w.vm().lua;
                    let vals: Vec<mlua::Value> = vals
                        .into_iter()
                        .filter_map(|s| lua.create_string(&s).ok().map(mlua::Value::String))
                        .collect();
                    // set_by_lua's arguments are ngx.arg[1..n].
                    if let Ok(t) = lua.create_sequence_from(vals.clone()) {
                        let _ = lua.set_named_registry_value(crate::ngx::output::SET_ARG, t);
                    }
                    match w.vm().run(w, r, chunk, Phase::Set, vals).await {
                        RunEnd::Done(v) => {
                            let s = match v.first() {
                                Some(mlua::Value::String(s)) => BString::from(&*s.as_bytes()),
                                Some(mlua::Value::Integer(i)) => i.to_string().into(),
                                Some(mlua::Value::Number(n)) => crate::ngx::fmt_number(*n).into(),
                                Some(mlua::Value::Boolean(_)) | Some(mlua::Value::Nil) | None => {
                                    BString::default()
                                }
                                // (lua_tolstring gives NULL for anything else: empty)
                                Some(_) => BString::default(),
                            };
                            r.borrow_mut().vars.insert(var.clone(), s);
                        }
                        RunEnd::Exited => return RwEnd::Next(Next::Done),
                        RunEnd::Error { msg, traceback } => {
                            log_lua_error(w, r, Phase::Set, &(msg, traceback));
                            return RwEnd::Next(Next::Status(500));
                        }
                        RunEnd::LoadFailed { status, msg } => {
                            log_req(w, r, LogLevel::Error, &msg);
                            return RwEnd::Next(Next::Status(status));
                        }
                    }
                }
            }
        }
        if changed {
            RwEnd::UriChanged
        } else {
            RwEnd::Fallthrough
        }
    })
}

/// The `return` directive (`ngx_http_rewrite_return_code` + `ngx_http_send_response`).
fn do_return(w: &Rc<Worker>, r: &ReqRef, code: u16, text: Option<&crate::plan::Template>) -> Next {
    let value = text.map(|t| crate::var::eval(w, &r.borrow(), t));
    if code == 444 {
        return Next::Close;
    }
    if (code < 400 || value.is_some()) && crate::body::discard_now(w, r).is_err() {
        // ngx_http_send_response discards the body first (and answers Expect); an invalid
        // chunked body is its 400.
        return Next::Status(400);
    }
    let redirect = matches!(code, 301 | 302 | 303 | 307 | 308);
    match value {
        Some(v) if redirect => {
            crate::rewrite::set_location(w, &mut r.borrow_mut(), v);
            Next::Status(code)
        }
        Some(v) => {
            {
                let mut rq = r.borrow_mut();
                rq.status = code;
                rq.headers_out.content_length = Some(v.len() as u64);
                if rq.headers_out.content_type.is_none() {
                    rq.headers_out.content_type =
                        Some(crate::staticfile::content_type_for(w, &rq, &rq.uri.clone()));
                }
            }
            if code == 204 {
                let mut rq = r.borrow_mut();
                rq.headers_out.content_length = None;
                rq.headers_out.content_type = None;
            }
            output::send_body(w, r, &v, true);
            Next::Done
        }
        None if code < 400 => {
            if redirect {
                return Next::Status(code);
            }
            {
                let mut rq = r.borrow_mut();
                rq.status = code;
                let sub = rq.subrequest > 0;
                // A bare `return` sends no body, so a capture never sees its last buffer (and
                // a subrequest's 204 keeps its headers: nginx's header filter skips subrequests).
                if sub {
                    rq.keepalive = false;
                }
                if code != 204 || sub {
                    rq.headers_out.content_length = Some(0);
                    if rq.headers_out.content_type.is_none() {
                        rq.headers_out.content_type =
                            Some(crate::staticfile::content_type_for(w, &rq, &rq.uri.clone()));
                    }
                }
            }
            output::finish(w, r);
            Next::Done
        }
        None => Next::Status(code),
    }
}

/// `auth_request URI` (ngx_http_auth_request_module): a GET subrequest with the client's
/// headers and no body, whose output is dropped; its 2xx allows, 401 and 403 refuse (a 401 with
/// the subrequest's last WWW-Authenticate), anything else is a 500. `auth_request_set` variables are
/// evaluated in the subrequest once it is done.
async fn auth_request(w: &Rc<Worker>, r: &ReqRef, uri: &str) -> Result<(), u16> {
    let limits = crate::request::limits_of(r);
    let sr = {
        let p = r.borrow();
        let uri_args = (uri.into(), BString::default());
        let sr = crate::ngx::subrequest::child(&p, limits, "GET", p.headers.clone(), uri_args);
        {
            // (a fake empty body: the subrequest never reads the client's)
            let mut s = sr.borrow_mut();
            s.body = Some(Vec::new());
            s.body_read = true;
            // (ngx_http_subrequest shares the parent's variables: `sr->variables =
            // r->variables`; what the subrequest sets is seen by the main request)
            s.vars = p.vars.clone();
            s.vars_unset = p.vars_unset.clone();
        }
        sr
    };
    Box::pin(handle(w, &sr)).await;
    let status = sr.borrow().status;
    let sets: Vec<(String, BString)> = conf(w, &r.borrow())
        .auth_request_set
        .iter()
        .map(|(var, value)| (var.clone(), crate::var::eval(w, &sr.borrow(), value)))
        .collect();
    {
        let mut s = sr.borrow_mut();
        let mut p = r.borrow_mut();
        p.vars = std::mem::take(&mut s.vars);
        p.vars_unset = std::mem::take(&mut s.vars_unset);
        for (var, v) in sets {
            p.vars_unset.retain(|n| *n != var);
            p.vars.insert(var, v);
        }
    }
    match status {
        200..=299 => Ok(()),
        403 => Err(403),
        401 => {
            // (nginx 1.22 keeps one WWW-Authenticate per response, the last set, and passes on
            // that one)
            let challenge = sr
                .borrow()
                .headers_out
                .others
                .iter()
                .rfind(|(n, _)| n.eq_ignore_ascii_case("www-authenticate"))
                .cloned();
            r.borrow_mut().headers_out.others.extend(challenge);
            Err(401)
        }
        s => {
            log_req(
                w,
                r,
                LogLevel::Error,
                &format!("auth request unexpected status: {s}"),
            );
            Err(500)
        }
    }
}

/// allow/deny (ngx_http_access_module): the first rule that matches the client allows
/// (`Some(true)`) or denies; `None` when none matches.
/// Under `satisfy any`, a handler that allows: the challenge set last (by a handler that refused
/// before, or by Lua) is not sent (ngx_http_core_access_phase clears headers_out.www_authenticate's hash).
fn drop_last_challenge(r: &ReqRef) {
    let mut rq = r.borrow_mut();
    let h = &mut rq.headers_out;
    if let Some(i) =
        (h.others.iter()).rposition(|(n, _)| n.eq_ignore_ascii_case("www-authenticate"))
    {
        h.remove_at(i);
    }
}

fn access_rule(w: &Rc<Worker>, r: &ReqRef) -> Option<bool> {
    use crate::plan::AccessRule;
    let rq = r.borrow();
    let ip = rq.conn.remote.ip();
    // (a unix socket's client matches `unix:` rules only, unless realip set an address)
    let unix = rq.conn.is_unix_peer(&rq.conn.remote);
    for rule in &conf(w, &rq).access_rules {
        let (allow, net) = match rule {
            AccessRule::Allow(n) => (true, n),
            AccessRule::Deny(n) => (false, n),
        };
        let hit = match net {
            None => true,
            Some(n) if unix => n == "unix:",
            Some(n) => crate::rewrite::ip_in(ip, n),
        };
        if hit {
            return Some(allow);
        }
    }
    None
}

/// The log phase: log_by_lua, then access_log.
async fn log_phase(w: &Rc<Worker>, r: &ReqRef) {
    let chunk = conf(w, &r.borrow()).log_by_lua.as_ref();
    if let Some(c) = chunk {
        if let RunEnd::Error { msg, traceback } = w.vm().run(w, r, c, Phase::Log, vec![]).await {
            // (logged " while logging request", as the log phase's own lines)
            crate::phase::set_current(Phase::Log);
            log_lua_error(w, r, Phase::Log, &(msg, traceback));
        }
    }
    crate::accesslog::write(w, &r.borrow());
}

/// Log a line on behalf of a request, with nginx's request suffix.
pub fn log_req(w: &Worker, r: &ReqRef, level: LogLevel, msg: &str) {
    log_rq(w, &r.borrow(), level, msg)
}

/// `log_req` for a request already borrowed.
pub fn log_rq(w: &Worker, rq: &Request, level: LogLevel, msg: &str) {
    let targets = &conf(w, rq).error_log;
    if !crate::log::enabled_for(level, targets) {
        return;
    }
    if let Some(suffix) = &rq.fake_log {
        // A timer's fake request (`ngx_http_lua_log_timer_error`).
        crate::log::write_to(targets, level, &format!("{msg}{suffix}"), None);
        return;
    }
    let info = crate::log::ReqInfo {
        conn_id: rq.conn.id,
        client: rq.conn.client_text(),
        server: crate::var::server_name(w, rq.server),
        // (the error log is text: bytes that are not UTF-8 are replaced there)
        request: &rq.request_line.to_str_lossy(),
        subrequest: if rq.subrequest > 0 {
            Some(&rq.uri.to_str_lossy())
        } else {
            None
        },
        upstream: rq.upstream.as_ref().and_then(|u| u.log_target.as_deref()),
        host: rq.header_str("host"),
        referrer: rq.header_str("referer"),
    };
    let phase = crate::phase::current();
    if phase == Phase::Log && level != LogLevel::Debug {
        crate::log::write_to(
            targets,
            level,
            &format!("{msg} while logging request"),
            Some(&info),
        );
    } else if phase == Phase::Balancer && level != LogLevel::Debug {
        // (balancer_by_lua* runs as the proxy connects: its log action)
        crate::log::write_to(
            targets,
            level,
            &format!("{msg} while connecting to upstream"),
            Some(&info),
        );
    } else if phase == Phase::HeaderFilter && rq.upstream.is_some() && level != LogLevel::Debug {
        // (the proxy module's log action while it passes on the upstream's head)
        crate::log::write_to(
            targets,
            level,
            &format!("{msg} while reading response header from upstream"),
            Some(&info),
        );
    } else {
        crate::log::write_to(targets, level, msg, Some(&info));
    }
}

/// `lua entry thread aborted: runtime error: <msg>` with the traceback, as OpenResty logs it.
pub fn log_lua_error(w: &Worker, r: &ReqRef, phase: Phase, e: &(String, String)) {
    let (msg, tb) = e;
    let prefix = match phase {
        Phase::HeaderFilter | Phase::BodyFilter | Phase::Log | Phase::Set | Phase::Balancer => {
            "failed to run"
        }
        _ => "lua entry thread aborted",
    };
    let line = match phase {
        // The filters run their chunk with debug.traceback as the handler
        // (ngx_http_lua_traceback): no coroutine line.
        // (a value that is not a string gets no traceback)
        // set_by_lua likewise (ngx_http_lua_set_by_chunk), and the request's context follows the
        // traceback.
        Phase::HeaderFilter | Phase::BodyFilter | Phase::Log | Phase::Set | Phase::Balancer
            if tb.is_empty() || msg == "unknown reason" =>
        {
            format!("{prefix} {}*: {msg}", phase.directive_prefix())
        }
        Phase::HeaderFilter | Phase::BodyFilter | Phase::Log | Phase::Set | Phase::Balancer => {
            // The filter's chunk is the main chunk: frames of the handler itself (above) and of
            // restyc's calling code (below) are not part of it.
            let frames = tb.lines().skip_while(|l| !l.starts_with('\t'));
            let mut kept = vec![];
            for f in frames.skip_while(|f| f.trim() == "[C]: in ?") {
                kept.push(f);
                if f.ends_with("in main chunk") {
                    break;
                }
            }
            format!(
                "{prefix} {}*: {msg}\nstack traceback:\n{}",
                phase.directive_prefix(),
                kept.join("\n")
            )
        }
        _ => {
            if tb.is_empty() {
                format!("{prefix}: runtime error: {msg}")
            } else {
                format!("{prefix}: runtime error: {msg}\n{tb}")
            }
        }
    };
    log_req(w, r, LogLevel::Error, &line);
}
