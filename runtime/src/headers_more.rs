//! headers-more (openresty/headers-more-nginx-module 0.34, bundled with OpenResty):
//! `more_set_headers` / `more_clear_headers` change the response in a header filter,
//! `more_set_input_headers` / `more_clear_input_headers` change the request at the end of the
//! rewrite phase.
//!
//! Where they run, as with the module loaded after lua-nginx-module (OpenResty's bundle order):
//! the output filter after not_modified (a 304 is seen as 304) and before
//! header_filter_by_lua, add_header, charset, gzip, the range filter's Accept-Ranges and the
//! header writer (Server, Date, absolute Location); the input handler after the rewrite
//! module's statements of the location (also when one of them moved to another location) and
//! before rewrite_by_lua.
//!
//! Names compare case-insensitively; a value that evaluates to the empty string clears. A set
//! gives its value to the first header of that name and removes the others, or adds one; a
//! wildcard (`X-Foo-*`) matches every name that starts with the part before the `*` (for input
//! headers only when clearing). Headers nginx keeps outside its list have their own rules,
//! from the module's handler tables (`ngx_http_headers_more_set_handlers`).

use bstr::{BString, ByteSlice};

use crate::http::Builtin;
use crate::plan::{MoreHeader, MoreHeaders};
use crate::request::Request;
use crate::worker::Worker;

/// The module's handlers failed (a Content-Length that is not a number, an invalid Host): nginx
/// ends the request with NGX_ERROR, the connection closed without an answer.
#[derive(Debug)]
pub struct Failed;

fn cmds<'a>(w: &'a Worker, rq: &Request, input: bool) -> Vec<&'a MoreHeaders> {
    let all = &crate::output::conf(w, rq).more_headers;
    all.iter()
        .filter(|c| c.input == input && !c.headers.is_empty())
        .collect()
}

/// A directive's value (bytes: `$uri`, `$http_x` pass through as they are); none clears.
fn value(w: &Worker, rq: &Request, h: &MoreHeader) -> BString {
    h.value
        .as_ref()
        .map(|t| crate::var::eval(w, rq, t))
        .unwrap_or_default()
}

/// Whether `name` is matched by the directive's header name.
fn matches(h: &MoreHeader, name: &str) -> bool {
    if h.wildcard {
        let prefix = &h.name.as_bytes()[..h.name.len() - 1];
        name.len() >= prefix.len() && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix)
    } else {
        name.eq_ignore_ascii_case(&h.name)
    }
}

/// ngx_atosz: digits only.
fn length(v: &str) -> Result<u64, Failed> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Failed);
    }
    v.parse().map_err(|_| Failed)
}

/// The response's content type as nginx holds it for `-t`: without a `; charset=` parameter
/// (which Lua's and the module's setters keep apart), compared byte for byte.
fn content_type(ct: &str) -> &str {
    let b = ct.as_bytes();
    for (i, _) in ct.match_indices(';') {
        let mut j = i + 1;
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        if b.len() >= j + 8 && b[j..j + 8].eq_ignore_ascii_case(b"charset=") {
            return &ct[..i];
        }
    }
    ct
}

/// The header filter's part (ngx_http_headers_more_filter): every output directive of the
/// request's location, in order.
pub fn output_filter(w: &Worker, rq: &mut Request) -> Result<(), Failed> {
    for cmd in cmds(w, rq, false) {
        if !cmd.types.is_empty() {
            let ct = rq.headers_out.content_type.as_deref().map(content_type);
            if !cmd.types.iter().any(|t| Some(t.as_str()) == ct) {
                continue;
            }
        }
        if !cmd.statuses.is_empty() && !cmd.statuses.contains(&rq.status) {
            continue;
        }
        for h in &cmd.headers {
            let v = value(w, rq, h);
            set_output(w, rq, h, v)?;
        }
    }
    Ok(())
}

fn set_output(w: &Worker, rq: &mut Request, h: &MoreHeader, v: BString) -> Result<(), Failed> {
    if h.wildcard {
        // (nginx's list holds these too; the fields restyc keeps apart are cleared here)
        let out = &mut rq.headers_out;
        if v.is_empty() {
            if out.location.is_some() && matches(h, "Location") {
                out.set_builtin(Builtin::Location, |o| o.location = None);
            }
            if out.in_list(Builtin::LastModified) && matches(h, "Last-Modified") {
                out.set_builtin(Builtin::LastModified, |o| o.last_modified = None);
            }
            if matches!(out.server, Some(Some(_))) && matches(h, "Server") {
                out.set_builtin(Builtin::Server, |o| o.server = Some(None));
            }
        }
        set_listed(out, h, v, false);
        return Ok(());
    }
    let empty = v.is_empty();
    if h.name.eq_ignore_ascii_case("location")
        && !empty
        && !rq
            .headers_out
            .others
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("location"))
    {
        // (the header writer makes a relative Location absolute)
        crate::rewrite::set_location(w, rq, v);
        return Ok(());
    }
    let out = &mut rq.headers_out;
    // (the headers nginx keeps apart are text)
    let text = |v: &BString| (!empty).then(|| v.to_str_lossy().into_owned());
    match h.name.to_ascii_lowercase().as_str() {
        "server" => out.set_builtin(Builtin::Server, |o| o.server = Some(text(&v))),
        "date" => out.set_builtin(Builtin::Date, |o| o.date = Some(text(&v))),
        "content-type" => {
            out.content_type = text(&v);
        }
        "content-length" => {
            let len = if empty {
                None
            } else {
                Some(length(&v.to_str_lossy())?)
            };
            out.set_builtin(Builtin::ContentLength, |o| o.content_length = len);
        }
        "last-modified" => out.set_builtin(Builtin::LastModified, |o| o.last_modified = text(&v)),
        "accept-ranges" => {
            // Cleared, the range filter adds none (r->allow_ranges); set, it adds its own still.
            if empty {
                out.accept_ranges = false;
            }
            set_listed(out, h, v, false);
        }
        "location"
            if empty
                && !out
                    .others
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("location")) =>
        {
            out.set_builtin(Builtin::Location, |o| o.location = None);
        }
        _ => set_listed(out, h, v, false),
    }
    Ok(())
}

/// A header list headers-more edits: the request's, or the response's (whose builtin headers
/// keep their places in it).
trait HeaderList<V> {
    fn retain(&mut self, keep: impl FnMut(&str, &mut V) -> bool);
    fn push(&mut self, name: String, value: V);
}

impl<V> HeaderList<V> for Vec<(String, V)> {
    fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        self.retain_mut(|(n, v)| keep(n, v));
    }
    fn push(&mut self, name: String, value: V) {
        Vec::push(self, (name, value));
    }
}

impl HeaderList<BString> for crate::http::ResponseHeaders {
    fn retain(&mut self, keep: impl FnMut(&str, &mut BString) -> bool) {
        self.retain_others(keep);
    }
    fn push(&mut self, name: String, value: BString) {
        self.others.push((name, value));
    }
}

/// ngx_http_set_header_helper on a header list: the first match gets the value, later ones
/// go; an empty value removes them all. Adds the header when none matched, unless the value
/// is empty or `replace_only`.
fn set_listed<V: Clone + AsRef<[u8]>>(
    list: &mut impl HeaderList<V>,
    h: &MoreHeader,
    v: V,
    replace_only: bool,
) {
    let mut matched = false;
    list.retain(|n, val| {
        if !matches(h, n) {
            return true;
        }
        if v.as_ref().is_empty() || matched {
            return false;
        }
        matched = true;
        *val = v.clone();
        true
    });
    if !matched && !v.as_ref().is_empty() && !replace_only {
        list.push(h.name.clone(), v);
    }
}

/// The rewrite-phase handler (ngx_http_headers_more_handler): every input directive of the
/// request's location, in order.
pub fn input_handler(w: &Worker, rq: &mut Request) -> Result<(), Failed> {
    for cmd in cmds(w, rq, true) {
        if !cmd.types.is_empty() {
            // The request's Content-Type as sent, byte for byte; none or empty matches nothing.
            let ct = rq.header_str("content-type").filter(|c| !c.is_empty());
            if !cmd.types.iter().any(|t| Some(t.as_str()) == ct) {
                continue;
            }
        }
        for h in &cmd.headers {
            let v = value(w, rq, h);
            set_input(rq, h, v, cmd.replace)?;
        }
    }
    Ok(())
}

fn set_input(rq: &mut Request, h: &MoreHeader, v: BString, replace: bool) -> Result<(), Failed> {
    if h.wildcard && !v.is_empty() {
        // (a wildcard only matches when clearing: a set adds the header as written)
        let exact = MoreHeader {
            wildcard: false,
            ..h.clone()
        };
        set_listed(&mut rq.headers, &exact, v, replace);
        return Ok(());
    }
    match h.name.to_ascii_lowercase().as_str() {
        "host" if !h.wildcard => {
            // $host follows, validated and lower-cased; an invalid name fails the request.
            rq.host = if v.is_empty() {
                BString::default()
            } else {
                crate::reqparse::validate_host(&v).ok_or(Failed)?
            };
        }
        "content-length" if !h.wildcard && !v.is_empty() => {
            length(&v.to_str_lossy())?;
        }
        // headers-more parses a User-Agent it sets or clears as nginx parses the client's
        "user-agent" if !h.wildcard => rq.browser = crate::request::Browser::of(&v),
        _ => {}
    }
    set_listed(&mut rq.headers, h, v, replace);
    Ok(())
}
