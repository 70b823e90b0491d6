//! `limit_rate`, `limit_rate_after` and `$limit_rate`: a response's bytes go out no faster
//! than the rate, as nginx's write filter paces them (ngx_http_write_filter): up to
//! `rate × (seconds since the request began + 1)` bytes past `limit_rate_after`, and after each
//! write a pause as long as the rate takes for what was written.

use std::time::Duration;

use crate::request::{ReqRef, Request};
use crate::worker::Worker;

/// Decide the rate when the response starts going out, from the location's `limit_rate`
/// unless `$limit_rate` was set before (r->limit_rate_set), and then `limit_rate_after`.
pub fn decide(w: &Worker, r: &ReqRef) {
    let c = crate::output::conf(w, &r.borrow());
    if r.borrow().limit_rate.is_none() {
        let rate = size_of(w, r, c.limit_rate.as_ref());
        r.borrow_mut().limit_rate = Some(rate);
    }
    let rate = r.borrow().limit_rate.unwrap_or(0);
    if rate > 0 && r.borrow().limit_rate_after.is_none() {
        let after = size_of(w, r, c.limit_rate_after.as_ref());
        r.borrow_mut().limit_rate_after = Some(after);
    }
}

/// A size directive's value for this request (ngx_http_complex_value_size): 0 when unset or
/// invalid, with nginx's error line for an invalid one.
fn size_of(w: &Worker, r: &ReqRef, t: Option<&crate::plan::Template>) -> u64 {
    let Some(t) = t else { return 0 };
    let v = crate::var::eval_text(w, &r.borrow(), t);
    parse_size(&v).unwrap_or_else(|| {
        let msg = format!("invalid size \"{v}\"");
        crate::engine::log_req(w, r, crate::plan::LogLevel::Error, &msg);
        0
    })
}

/// An assignment to `$limit_rate` (`set`, `ngx.var.limit_rate`): Err is nginx's error line for
/// a value that is no size (the rate stays as it was).
pub fn assign(rq: &mut Request, value: &str) -> Result<(), String> {
    let rate = parse_size(value).ok_or_else(|| format!("invalid $limit_rate \"{value}\""))?;
    rq.limit_rate = Some(rate);
    Ok(())
}

/// How many queued bytes may be written now: None for all of them; Some(0) while the response
/// waits for its rate (then `write_delayed_until` says until when).
pub fn allowance(rq: &mut Request) -> Option<usize> {
    let rate = rq.limit_rate.unwrap_or(0);
    if rate == 0 {
        return None;
    }
    if rq
        .write_delayed_until
        .is_some_and(|t| t > crate::rt::time::Instant::now())
    {
        return Some(0);
    }
    let after = rq.limit_rate_after.unwrap_or(0) as i128;
    let elapsed = (crate::clock::time() - rq.start.floor() as i64 + 1).max(0) as i128;
    let limit = rate as i128 * elapsed - (written(rq) as i128 - after);
    if limit <= 0 {
        let ms = (-limit * 1000 / rate as i128 + 1) as u64;
        delay(rq, ms);
        return Some(0);
    }
    Some(limit.min(usize::MAX as i128) as usize)
}

/// After a write of `n` bytes (what had been written before it: `before`): the pause the rate
/// asks for. A write that finished the response leaves none: nginx finalizes the request at
/// once then, where the end of a response written before it waits for the pause.
pub fn wrote(rq: &mut Request, before: u64, n: usize) {
    let rate = rq.limit_rate.unwrap_or(0);
    if rate == 0 || n == 0 {
        return;
    }
    if rq.eof && rq.out.is_empty() {
        rq.write_delayed_until = None;
        return;
    }
    let after = rq.limit_rate_after.unwrap_or(0);
    let paced = (before + n as u64).saturating_sub(after) - before.saturating_sub(after);
    let ms = paced * 1000 / rate;
    if ms > 0 {
        delay(rq, ms);
    }
}

/// The bytes of this response written so far (c->sent of its connection).
pub fn written(rq: &Request) -> u64 {
    rq.bytes_sent.saturating_sub(rq.out.len() as u64)
}

fn delay(rq: &mut Request, ms: u64) {
    rq.write_delayed_until = Some(crate::rt::time::Instant::now() + Duration::from_millis(ms));
}

/// nginx's ngx_parse_size: digits with an optional `k`/`K` or `m`/`M`.
pub fn parse_size(s: &str) -> Option<u64> {
    let (digits, scale) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1024u64),
        b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_as_nginx_parses_them() {
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("4k"), Some(4096));
        assert_eq!(parse_size("2M"), Some(2 * 1024 * 1024));
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("k"), None);
        assert_eq!(parse_size("1g"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("1.5k"), None);
    }
}
