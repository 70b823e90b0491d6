//! `stub_status` and the `$connections_*` variables (`ngx_http_stub_status_module.c`): the
//! counters nginx keeps for all workers (`ngx_stat_*`), and the page that shows them.

use std::sync::atomic::{AtomicI64, Ordering::Relaxed};

/// Connections accepted, and those handled (not dropped for want of worker_connections).
pub static ACCEPTED: AtomicI64 = AtomicI64::new(0);
pub static HANDLED: AtomicI64 = AtomicI64::new(0);
/// Requests begun (a request exists from its first byte, as in nginx).
pub static REQUESTS: AtomicI64 = AtomicI64::new(0);
/// Open connections; of them, reading a request head, and serving a request.
pub static ACTIVE: AtomicI64 = AtomicI64::new(0);
pub static READING: AtomicI64 = AtomicI64::new(0);
pub static WRITING: AtomicI64 = AtomicI64::new(0);

/// A count held while it lives (a connection, a request being read, a request being served).
pub struct Held(&'static AtomicI64);

impl Held {
    pub fn new(counter: &'static AtomicI64) -> Held {
        counter.fetch_add(1, Relaxed);
        Held(counter)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

/// A request begins (its first byte arrived): counted, and read until the count drops.
pub fn begin_request() -> Held {
    REQUESTS.fetch_add(1, Relaxed);
    Held::new(&READING)
}

/// `stub_status`: GET and HEAD only; the page as text/plain with its length.
pub(crate) fn handle(
    w: &std::rc::Rc<crate::worker::Worker>,
    r: &crate::request::ReqRef,
) -> crate::engine::Next {
    if !matches!(r.borrow().method.as_str(), "GET" | "HEAD") {
        return crate::engine::Next::Status(405);
    }
    let body = page();
    {
        let mut rq = r.borrow_mut();
        rq.status = 200;
        rq.headers_out.content_type = Some("text/plain".into());
        rq.headers_out.content_length = Some(body.len() as u64);
    }
    crate::output::send_body(w, r, body.as_bytes(), true);
    crate::engine::Next::Done
}

/// `$connections_active`, `_reading`, `_writing`, `_waiting`.
pub fn variable(name: &str) -> Option<String> {
    let (active, reading, writing) = (
        ACTIVE.load(Relaxed),
        READING.load(Relaxed),
        WRITING.load(Relaxed),
    );
    let v = match name {
        "connections_active" => active,
        "connections_reading" => reading,
        "connections_writing" => writing,
        "connections_waiting" => active - reading - writing,
        _ => return None,
    };
    Some(v.to_string())
}

/// The page `stub_status` answers with.
pub fn page() -> String {
    let (active, reading, writing) = (
        ACTIVE.load(Relaxed),
        READING.load(Relaxed),
        WRITING.load(Relaxed),
    );
    format!(
        "Active connections: {active} \nserver accepts handled requests\n {} {} {} \nReading: {reading} Writing: {writing} Waiting: {} \n",
        ACCEPTED.load(Relaxed),
        HANDLED.load(Relaxed),
        REQUESTS.load(Relaxed),
        active - reading - writing
    )
}
