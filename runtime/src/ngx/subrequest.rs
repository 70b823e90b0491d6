//! `ngx.location.capture` and `ngx.location.capture_multi` (`ngx_http_lua_subrequest.c`), and
//! `ngx.is_subrequest`.
//!
//! A subrequest is a new `Request` on the parent's connection (`subrequest` = its nesting
//! depth), run through the whole phase engine by `crate::engine::handle`. Its output never
//! reaches the client: `crate::output` keeps its body bytes in `out` and serializes no head.
//! `capture_multi` runs its subrequests concurrently and resumes the caller when all are done,
//! with one `{status, header, body, truncated}` table each.
//!
//! As in nginx, a subrequest answering with a special status (201, 204, >= 300, a Lua error)
//! gets no error page: only the status, a default `Content-Type`, an empty body, and
//! `truncated = true` (lua-nginx-module's emulation of `ngx_http_special_response_handler`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use bstr::{BString, ByteSlice};
use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::ngx::raise::{self, RResult, Raise, fail};
use crate::phase::{self, Contexts, Phase};
use crate::plan::LogLevel;
use crate::request::ReqRef;
use crate::worker::Worker;

/// `ngx.location.capture*`: rewrite, access, content.
const CAPTURE: Contexts = Contexts::of(&[
    Phase::Rewrite,
    Phase::ServerRewrite,
    Phase::Access,
    Phase::Content,
    Phase::Precontent,
]);

/// nginx's `NGX_HTTP_MAX_SUBREQUESTS`: how deep subrequests may nest.
const MAX_DEPTH: u8 = 50;

thread_local! {
    /// Subrequests prepared by the synchronous half of a capture, awaiting the async half.
    static BATCHES: RefCell<(u64, HashMap<u64, Vec<Sub>>)> = RefCell::new((0, HashMap::new()));
}

/// One prepared subrequest.
struct Sub {
    req: ReqRef,
    /// `share_all_vars`: the subrequest's variables are copied back into the parent when done.
    share_vars: bool,
}

/// nginx's method bit (`ngx.HTTP_*`) and name.
const METHODS: [(i64, &str); 15] = [
    (2, "GET"),
    (4, "HEAD"),
    (8, "POST"),
    (16, "PUT"),
    (32, "DELETE"),
    (64, "MKCOL"),
    (128, "COPY"),
    (256, "MOVE"),
    (512, "OPTIONS"),
    (1024, "PROPFIND"),
    (2048, "PROPPATCH"),
    (4096, "LOCK"),
    (8192, "UNLOCK"),
    (16384, "PATCH"),
    (32768, "TRACE"),
];

/// `ngx_http_parse_unsafe_uri`: split off `?args`, refuse `..` segments and NUL, unescape `%XX`.
pub(crate) fn parse_unsafe_uri(raw: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    fn dot_dot_at(p: &[u8], i: usize) -> bool {
        // "/.." at i (the slash), followed by the end or another separator
        p.len() > i + 2
            && p[i + 1] == b'.'
            && p[i + 2] == b'.'
            && (p.len() == i + 3 || p[i + 3] == b'/')
    }
    fn starts_dot_dot(p: &[u8]) -> bool {
        p.len() > 1 && p[0] == b'.' && p[1] == b'.' && (p.len() == 2 || p[2] == b'/')
    }
    if raw.is_empty() || raw[0] == b'?' || starts_dot_dot(raw) {
        return None;
    }
    let (path, args) = match raw.iter().position(|&b| b == b'?') {
        Some(i) => (&raw[..i], Some(raw[i + 1..].to_vec())),
        None => (raw, None),
    };
    let mut quoted = false;
    for (i, &b) in path.iter().enumerate() {
        match b {
            b'%' => quoted = true,
            0 => return None,
            b'/' if dot_dot_at(path, i) => return None,
            _ => {}
        }
    }
    if !quoted {
        return Some((path.to_vec(), args));
    }
    let un = crate::ngx::codec::unescape_uri(path);
    if starts_dot_dot(&un)
        || un.contains(&0)
        || (0..un.len()).any(|i| un[i] == b'/' && dot_dot_at(&un, i))
    {
        return None;
    }
    Some((un, args))
}

/// A subrequest of `p` (borrowed from `parent`): its depth, limits, cosockets, URI and the head
/// fields it shares with the parent. The caller gives its body.
pub(crate) fn child(
    p: &crate::request::Request,
    limits: Rc<crate::request::MainLimits>,
    method: &str,
    headers: Vec<(String, BString)>,
    (uri, args): (BString, BString),
) -> ReqRef {
    let sr = crate::serve::new_request(
        p.conn.clone(),
        p.server,
        method.to_string(),
        p.request_uri.clone(),
        p.version,
        headers,
        p.request_line.clone(),
    );
    {
        let mut s = sr.borrow_mut();
        s.subrequest = p.subrequest + 1;
        s.limits = Some(limits);
        s.cosockets = p.cosockets.get_or_init(Default::default).clone().into();
        s.uri = uri;
        s.uri_changed = true;
        s.args = args;
        s.host = p.host.clone();
        s.request_length = p.request_length;
        s.raw_header = p.raw_header.clone();
        s.internal = true;
        // Cleared by the special-response emulation and on a cut-short response: `truncated`.
        s.keepalive = true;
    }
    sr
}

/// A subrequest as nginx's own modules make it (`echo_location`, `echo_subrequest`, `mirror`):
/// fresh variables, error pages for special responses; the parent's headers and body, or a
/// body of its own with its Content-Length (`echo_subrequest -b`). None past nginx's depth
/// limit (logged).
pub(crate) fn nginx_subrequest(
    w: &Rc<Worker>,
    parent: &ReqRef,
    method: &str,
    (uri, args): (&[u8], &[u8]),
    own_body: Option<Vec<u8>>,
) -> Option<ReqRef> {
    let limits = crate::request::limits_of(parent);
    let p = parent.borrow();
    if p.subrequest >= MAX_DEPTH {
        drop(p);
        let msg = format!("subrequests cycle while processing \"{}\"", uri.as_bstr());
        crate::engine::log_req(w, parent, LogLevel::Error, &msg);
        return None;
    }
    let mut headers = p.headers.clone();
    if let Some(b) = &own_body {
        headers.retain(|(n, _)| {
            !n.eq_ignore_ascii_case("content-length")
                && !n.eq_ignore_ascii_case("transfer-encoding")
        });
        headers.push(("Content-Length".to_string(), b.len().to_string().into()));
    }
    let sr = child(&p, limits, method, headers, (uri.into(), args.into()));
    {
        let mut s = sr.borrow_mut();
        s.nginx_subrequest = true;
        match own_body {
            Some(b) => {
                s.body_read = true;
                s.body = Some(b);
            }
            None => {
                s.body_read = p.body_read;
                s.body = p.body_bytes().map(|b| b.into_owned());
            }
        }
    }
    Some(sr)
}

/// Run such a subrequest to its end: its body, for the parent to send.
pub(crate) async fn run_simple(
    w: &Rc<Worker>,
    parent: &ReqRef,
    method: &str,
    target: (&[u8], &[u8]),
    own_body: Option<Vec<u8>>,
) -> Vec<u8> {
    let Some(sr) = nginx_subrequest(w, parent, method, target, own_body) else {
        return Vec::new();
    };
    Box::pin(crate::engine::handle(w, &sr)).await;
    std::mem::take(&mut sr.borrow_mut().out)
}

/// Check one `{uri, opts}` query and build its subrequest.
fn prepare_one(
    lua: &Lua,
    w: &Rc<Worker>,
    parent: &ReqRef,
    index: usize,
    query: &Value,
) -> RResult<Sub> {
    let q = match query {
        Value::Nil => return fail("only array-like tables are allowed"),
        Value::Table(t) => t.clone(),
        v => {
            return fail(format!(
                "the query argument {index} is not a table, but a {}",
                raise::typename(v)
            ));
        }
    };
    let nargs = q.raw_len();
    if nargs != 1 && nargs != 2 {
        return fail(format!(
            "query argument {index} expecting one or two arguments"
        ));
    }
    let mut extra_args: Option<Vec<u8>> = None;
    let mut method = "GET";
    let mut body: Option<Vec<u8>> = None;
    let mut always_forward_body = false;
    let mut share_vars = false;
    let mut copy_vars = false;
    let mut ctx: Option<Table> = None;
    let mut vars: Vec<(String, BString)> = Vec::new();
    if nargs == 2 {
        let opts = match q.raw_get::<Value>(2)? {
            Value::Table(t) => t,
            v => {
                return fail(format!(
                    "expecting table as the 2nd argument for subrequest {index}, but got {}",
                    raise::typename(&v)
                ));
            }
        };
        match opts.get::<Value>("args")? {
            Value::Nil => {}
            Value::Table(t) => extra_args = Some(crate::ngx::codec::encode_args(lua, &t)?),
            v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => {
                extra_args = lua.coerce_string(v)?.map(|s| s.as_bytes().to_vec());
            }
            _ => return fail("Bad args option value"),
        }
        match opts.get::<Value>("vars")? {
            Value::Nil => {}
            Value::Table(t) => {
                for pair in t.pairs::<Value, Value>() {
                    let (k, v) = pair?;
                    let Value::String(k) = k else {
                        return fail(
                            "attempt to use a non-string key in the \"vars\" option table",
                        );
                    };
                    let vt = raise::typename(&v);
                    let v = match &v {
                        Value::String(_) | Value::Integer(_) | Value::Number(_) => {
                            lua.coerce_string(v.clone())?
                        }
                        _ => None,
                    };
                    let Some(v) = v else {
                        return fail(format!("attempt to use bad variable value type {vt}"));
                    };
                    vars.push((
                        k.to_string_lossy().to_string(),
                        BString::from(&*v.as_bytes()),
                    ));
                }
            }
            _ => return fail("Bad vars option value"),
        }
        match opts.get::<Value>("share_all_vars")? {
            Value::Nil => {}
            Value::Boolean(b) => share_vars = b,
            _ => return fail("Bad share_all_vars option value"),
        }
        match opts.get::<Value>("copy_all_vars")? {
            Value::Nil => {}
            Value::Boolean(b) => copy_vars = b,
            _ => return fail("Bad copy_all_vars option value"),
        }
        always_forward_body = !matches!(
            opts.get::<Value>("always_forward_body")?,
            Value::Nil | Value::Boolean(false)
        );
        match opts.get::<Value>("method")? {
            Value::Nil => {}
            Value::Integer(i) => method = method_name(i)?,
            Value::Number(n) => method = method_name(n as i64)?,
            // Only the ngx.HTTP_* numbers: lua-nginx-module refuses any other type, names too.
            _ => return fail("Bad http request method"),
        }
        match opts.get::<Value>("ctx")? {
            Value::Nil => {}
            Value::Table(t) => ctx = Some(t),
            v => {
                return fail(format!(
                    "Bad ctx option value type {}, expected a Lua table",
                    raise::typename(&v)
                ));
            }
        }
        match opts.get::<Value>("body")? {
            Value::Nil => {}
            v @ (Value::String(_) | Value::Integer(_) | Value::Number(_)) => {
                body = Some(
                    lua.coerce_string(v)?
                        .map(|s| s.as_bytes().to_vec())
                        .unwrap_or_default(),
                );
            }
            _ => return fail("Bad http request body"),
        }
    }
    let uri_v = q.raw_get::<Value>(1)?;
    let uri = match &uri_v {
        Value::String(_) | Value::Integer(_) | Value::Number(_) => lua
            .coerce_string(uri_v.clone())?
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default(),
        v => {
            return Err(Raise::Arg(
                3,
                format!("string expected, got {}", raise::typename(v)),
            ));
        }
    };
    let Some((path, args)) = parse_unsafe_uri(&uri) else {
        return fail(format!(
            "unsafe uri in argument #1: {}",
            String::from_utf8_lossy(&uri)
        ));
    };
    let args = match (
        args.filter(|a| !a.is_empty()),
        extra_args.filter(|a| !a.is_empty()),
    ) {
        (None, None) => Vec::new(),
        (Some(a), None) | (None, Some(a)) => a,
        (Some(mut a), Some(b)) => {
            a.push(b'&');
            a.extend_from_slice(&b);
            a
        }
    };

    let limits = crate::request::limits_of(parent);
    let p = parent.borrow();
    if p.subrequest >= MAX_DEPTH {
        let path = String::from_utf8_lossy(&path).into_owned();
        drop(p);
        crate::engine::log_req(
            w,
            parent,
            LogLevel::Error,
            &format!("lua subrequests cycle while processing \"{path}\""),
        );
        return fail("failed to issue subrequest: -1");
    }
    // Request headers: the parent's, with Content-Length adjusted to the body the subrequest gets.
    let mut headers = p.headers.clone();
    let parent_len = p
        .header_str("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let sub_body = if let Some(b) = body {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-length"));
        headers.push(("Content-Length".into(), b.len().to_string().into()));
        Some(b)
    } else if !always_forward_body && method != "PUT" && method != "POST" && parent_len > 0 {
        headers.retain(|(n, _)| {
            !n.eq_ignore_ascii_case("content-length")
                && !n.eq_ignore_ascii_case("transfer-encoding")
        });
        None
    } else {
        p.body_bytes().map(|b| b.into_owned())
    };
    let uri_args = (BString::from(path), BString::from(args));
    let sr = child(&p, limits, method, headers, uri_args);
    {
        let mut s = sr.borrow_mut();
        s.body_read = sub_body.is_some();
        s.body = sub_body;
        if share_vars || copy_vars {
            s.vars = p.vars.clone();
        }
        if let Some(t) = ctx {
            s.lua_ctx = Some(lua.create_registry_value(t)?);
        }
    }
    drop(p);
    for (k, v) in vars {
        let name = k.to_ascii_lowercase();
        // (ngx_http_lua_subrequest_add_extra_vars: a changeable built-in goes through its
        // set_handler; the errors are logged before the subrequest runs, so on the parent)
        if matches!(name.as_str(), "args" | "limit_rate") {
            let _ = crate::ngx::var::write(w, &mut sr.borrow_mut(), name, Some(v));
            continue;
        }
        let declared = w.plan.http.variables.iter().any(|d| *d == name)
            || sr.borrow().vars.contains_key(&name);
        if !declared {
            let (msg, rc) = if crate::var::is_hashed(&name) {
                (format!("variable \"{name}\" not changeable"), 500)
            } else {
                (
                    format!(
                        "variable \"{name}\" cannot be assigned a value (maybe you forgot to define it first?) "
                    ),
                    -1,
                )
            };
            crate::engine::log_req(w, parent, LogLevel::Error, &msg);
            return fail(&format!("failed to adjust the subrequest: {rc}"));
        }
        sr.borrow_mut().vars.insert(name, v);
    }
    Ok(Sub {
        req: sr,
        share_vars,
    })
}

fn method_name(n: i64) -> RResult<&'static str> {
    match METHODS.iter().find(|(b, _)| *b == n) {
        Some((_, m)) => Ok(m),
        None => {
            if let Some((w, r)) = crate::lua::current() {
                crate::engine::log_req(
                    &w,
                    &r,
                    LogLevel::Error,
                    &format!("unsupported HTTP method: {n}"),
                );
            }
            fail("failed to adjust the subrequest: -1")
        }
    }
}

/// The synchronous half of `capture_multi`: check everything, build the subrequests, and hand
/// back a batch number for `run`.
fn prepare(lua: &Lua, a: MultiValue) -> RResult<i64> {
    if a.len() != 1 {
        return Err(Raise::At(
            format!("only one argument is expected, but got {}", a.len()),
            3,
        ));
    }
    let queries = match a.front() {
        Some(Value::Table(t)) => t.clone(),
        Some(v) => {
            return Err(Raise::At(
                format!(
                    "bad argument #1 to 'capture_multi' (table expected, got {})",
                    raise::typename(v)
                ),
                3,
            ));
        }
        None => {
            return Err(Raise::At(
                "bad argument #1 to 'capture_multi' (table expected, got no value)".into(),
                3,
            ));
        }
    };
    let n = queries.raw_len();
    if n == 0 {
        return Err(Raise::At(
            "at least one subrequest should be specified".into(),
            3,
        ));
    }
    let (w, r) = crate::lua::current_request().map_err(|m| match phase::current() {
        phase::Phase::InitWorker => Raise::At(m, 3),
        _ => Raise::At("no request object found".into(), 3),
    })?;
    phase::check(CAPTURE).map_err(|m| Raise::At(m, 3))?;
    let mut subs = Vec::with_capacity(n);
    for i in 0..n {
        let q = queries.raw_get::<Value>(i + 1)?;
        match prepare_one(lua, &w, &r, i, &q) {
            Ok(s) => subs.push(s),
            Err(Raise::Error(m)) => return Err(Raise::At(m, 3)),
            Err(e) => return Err(e),
        }
    }
    let id = BATCHES.with(|b| {
        let mut b = b.borrow_mut();
        b.0 += 1;
        let id = b.0;
        b.1.insert(id, subs);
        id
    });
    Ok(id as i64)
}

/// Counts a running capture on its parent request for as long as it lives (also when the
/// waiting thread is dropped).
struct Pending(ReqRef, Option<Rc<std::cell::Cell<u32>>>);

impl Pending {
    fn new(lua: &Lua, r: &ReqRef) -> Pending {
        r.borrow_mut().pending_subrequests += 1;
        Pending(r.clone(), crate::ngx::thread::capture_started(lua))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut r) = self.0.try_borrow_mut() {
            r.pending_subrequests = r.pending_subrequests.saturating_sub(1);
        }
        if let Some(c) = &self.1 {
            c.set(c.get().saturating_sub(1));
        }
    }
}

/// The async half: run the batch's subrequests concurrently, then build the result tables.
async fn run(lua: Lua, id: i64) -> mlua::Result<MultiValue> {
    let Some(subs) = BATCHES.with(|b| b.borrow_mut().1.remove(&(id as u64))) else {
        return Ok(MultiValue::new());
    };
    let Some((w, parent)) = crate::lua::current() else {
        return Ok(MultiValue::new());
    };
    let _pending = Pending::new(&lua, &parent);
    {
        let mut futs: Vec<Option<Pin<Box<dyn Future<Output = ()> + '_>>>> = subs
            .iter()
            .map(|s| {
                Some(Box::pin(crate::engine::handle(&w, &s.req))
                    as Pin<Box<dyn Future<Output = ()>>>)
            })
            .collect();
        // nginx runs subrequests once the parent's Lua thread has yielded (they are posted
        // requests), so the other threads of the request run first.
        let mut started = false;
        std::future::poll_fn(|cx| {
            if !started {
                started = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            let mut pending = false;
            for f in futs.iter_mut() {
                if let Some(fut) = f {
                    if fut.as_mut().poll(cx).is_ready() {
                        *f = None;
                    } else {
                        pending = true;
                    }
                }
            }
            if pending {
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
    }
    let mut out = MultiValue::with_capacity(subs.len());
    for s in &subs {
        if s.share_vars {
            let vars = s.req.borrow().vars.clone();
            parent.borrow_mut().vars = vars;
        }
        out.push_back(Value::Table(result_table(&lua, &s.req)?));
        s.req.borrow_mut().lua_ctx = None;
    }
    Ok(out)
}

/// `{status = .., header = {..}, body = .., truncated = ..}` (`ngx_http_lua_handle_subreq_responses`).
fn result_table(lua: &Lua, sr: &ReqRef) -> mlua::Result<Table> {
    let s = sr.borrow();
    let t = lua.create_table_with_capacity(0, 4)?;
    t.raw_set("status", if s.status == 0 { 200 } else { s.status as i64 })?;
    t.raw_set("truncated", !s.keepalive)?;
    t.raw_set("body", lua.create_string(&s.out)?)?;
    let h = lua.create_table_with_capacity(0, s.headers_out.others.len() + 5)?;
    for (name, value) in &s.headers_out.others {
        if name.eq_ignore_ascii_case("accept-ranges") {
            // The range filter does not run for subrequests.
            continue;
        }
        match h.raw_get::<Value>(name.as_str())? {
            Value::Nil => h.raw_set(name.as_str(), value.as_bstr())?,
            Value::Table(list) => list.raw_push(value.as_bstr())?,
            first => {
                let list = lua.create_table()?;
                list.raw_push(first)?;
                list.raw_push(value.as_bstr())?;
                h.raw_set(name.as_str(), list)?;
            }
        }
    }
    if let Some(ct) = &s.headers_out.content_type {
        h.raw_set("Content-Type", ct.as_str())?;
    }
    if let Some(len) = s.headers_out.content_length {
        h.raw_set("Content-Length", len as f64)?;
    }
    if let Some(loc) = s.headers_out.location.as_ref().filter(|l| !l.is_empty()) {
        h.raw_set("Location", loc.as_bstr())?;
    }
    if let Some(lm) = &s.headers_out.last_modified {
        if matches!(s.status, 200 | 206 | 304 | 204) {
            h.raw_set("Last-Modified", lm.as_str())?;
        }
    }
    t.raw_set("header", h)?;
    Ok(t)
}

/// How a subrequest finalizes with a special status (`ngx_http_lua_post_subrequest`): the status,
/// a default Content-Type, no body, no error page; the capture sees `truncated = true`.
pub fn finalize(w: &Rc<Worker>, r: &ReqRef, code: u16) {
    if r.borrow().header_sent {
        crate::output::finish(w, r);
        return;
    }
    {
        let mut rq = r.borrow_mut();
        if rq.status == 0 {
            rq.status = code;
        }
        rq.keepalive = false;
        rq.headers_out.content_type = None;
        rq.headers_out.content_length = None;
        rq.headers_out.last_modified = None;
    }
    crate::output::send_header(w, r);
    let mut rq = r.borrow_mut();
    rq.headers_out.content_length = None;
    rq.eof = true;
}

pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let location = crate::lua::subtable(lua, ngx, "location")?;
    let prepare = raise::function(lua, prepare)?;
    let run = lua.create_async_function(run)?;
    let wrap: Function = lua
        .load(
            r##"
local prepare, run, select = ...
local function capture_multi(...)
    return run(prepare(...))
end
local function capture(...)
    local n = select("#", ...)
    if n ~= 1 and n ~= 2 then
        error("expecting one or two arguments", 2)
    end
    return (run(prepare({{...}})))
end
return capture, capture_multi
"##,
        )
        .set_name("=[restyc capture]")
        .into_function()?;
    let (capture, capture_multi): (Function, Function) =
        wrap.call((prepare, run, lua.globals().raw_get::<Function>("select")?))?;
    location.raw_set("capture", capture)?;
    location.raw_set("capture_multi", capture_multi)?;
    Ok(())
}
