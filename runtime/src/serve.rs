//! The process: options, listeners, worker threads, signals; and each connection's request loop.
//!
//! nginx's process model on threads: `worker_processes` OS threads, each with a current-thread
//! tokio runtime, its own Lua VM and its own SO_REUSEPORT listener per `listen` address.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use crate::http::Version;
use crate::native::NativeFn;
use crate::plan::{LogLevel, Plan};
use crate::request::{ConnInfo, Request};
use crate::worker::Worker;

/// nginx's defaults: client_header_buffer_size 1k, large_client_header_buffers 4 8k.
const MAX_LINE: usize = 8 * 1024;
const MAX_HEADER_TOTAL: usize = 32 * 1024;
const CLIENT_HEADER_TIMEOUT: Duration = Duration::from_secs(60);
const CLIENT_BODY_TIMEOUT: Duration = Duration::from_secs(60);
const SEND_TIMEOUT: Duration = Duration::from_secs(60);

static SHUTDOWN: AtomicBool = AtomicBool::new(false);
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static CONN_IDS: AtomicU64 = AtomicU64::new(1);

/// Command-line options of a server binary (and of `restyc run`).
pub struct Options {
    pub prefix: PathBuf,
}

/// The entry point of a generated server: parse nginx-like flags, then serve.
pub fn main(plan_json: &str, natives: &'static [NativeFn]) -> ! {
    let plan: Plan = match serde_json::from_str(plan_json) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("restyc: the embedded plan is corrupt: {e}");
            std::process::exit(2);
        }
    };
    let mut prefix: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    let exe = std::env::args().next().unwrap_or_else(|| "server".into());
    while let Some(a) = args.next() {
        match a.as_str() {
            "-p" | "--prefix" => match args.next() {
                Some(p) => prefix = Some(PathBuf::from(p)),
                None => {
                    eprintln!("{exe}: option \"-p\" requires directory name");
                    std::process::exit(1);
                }
            },
            "-t" => {
                println!("{exe}: built by restyc {} from {}", plan.restyc_version, plan.conf_path);
                println!("{exe}: configuration {} test is successful", plan.conf_path);
                std::process::exit(0);
            }
            "-V" | "-v" | "--version" => {
                println!("restyc {} (nginx/{} compatible)", plan.restyc_version, crate::http::NGINX_VERSION);
                println!("config: {} sha256:{}", plan.conf_path, plan.conf_hash);
                std::process::exit(0);
            }
            "-h" | "--help" | "-?" => {
                println!("Usage: {exe} [-p prefix] [-t] [-V] [-h]\n");
                println!("A server compiled by restyc from {}.\n", plan.conf_path);
                println!("Options:");
                println!("  -p, --prefix DIR  set the prefix path for logs/ and relative paths (default: current directory)");
                println!("  -t                print what this server was built from, and exit");
                println!("  -V, --version     print the restyc version and the configuration hash, and exit");
                println!("  -h, --help        print this help\n");
                println!("Signals: TERM/INT stop at once; QUIT stops after in-flight requests finish.");
                std::process::exit(0);
            }
            other => {
                eprintln!("{exe}: invalid option: \"{other}\" (see --help)");
                std::process::exit(1);
            }
        }
    }
    let prefix = prefix.unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    match run(Arc::new(plan), Options { prefix }, natives) {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("nginx: [emerg] {e}");
            std::process::exit(1);
        }
    }
}

/// Serve a plan until a signal stops the process.
pub fn run(plan: Arc<Plan>, opts: Options, natives: &'static [NativeFn]) -> Result<(), String> {
    crate::clock::update();
    let prefix = std::path::absolute(&opts.prefix).unwrap_or(opts.prefix.clone());
    let _ = std::fs::create_dir_all(prefix.join("logs"));
    crate::log::init(&prefix, &plan.main.error_log)?;
    apply_env(&plan);
    let shdicts = Arc::new(crate::shdict::ShDicts::new(
        &plan.http.shared_dicts.iter().map(|d| (d.name.clone(), d.size)).collect::<Vec<_>>(),
    ));
    let workers = plan.main.worker_processes.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    // Bind every listener for every worker up front, so that errors are reported before start.
    let mut per_worker: Vec<Vec<(usize, std::net::TcpListener)>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, ls) in plan.http.listens.iter().enumerate() {
        let addr: SocketAddr = ls.addr.parse().map_err(|_| format!("invalid listen address \"{}\"", ls.addr))?;
        for w in per_worker.iter_mut() {
            w.push((i, bind(addr, ls.ipv6only)?));
        }
    }
    if let Some(pid) = &plan.main.pid {
        let path = if pid.starts_with('/') { PathBuf::from(pid) } else { prefix.join(pid) };
        let _ = std::fs::write(&path, format!("{}\n", std::process::id()));
    }
    crate::log::write(LogLevel::Notice, &format!("restyc {} (nginx/{} compatible)", plan.restyc_version, crate::http::NGINX_VERSION), None);
    let mut handles = Vec::new();
    for (id, listeners) in per_worker.into_iter().enumerate() {
        let plan = plan.clone();
        let prefix = prefix.clone();
        let shdicts = shdicts.clone();
        let h = std::thread::Builder::new()
            .name(format!("worker-{id}"))
            .spawn(move || worker_main(id, workers, plan, prefix, shdicts, natives, listeners))
            .map_err(|e| format!("failed to start a worker thread: {e}"))?;
        handles.push(h);
    }
    wait_for_signal();
    Ok(())
}

/// nginx clears the environment of its workers except for `env` declarations (and TZ).
fn apply_env(plan: &Plan) {
    let keep: Vec<&str> = plan.main.env.iter().map(|e| e.name.as_str()).chain(std::iter::once("TZ")).collect();
    let vars: Vec<String> = std::env::vars_os().filter_map(|(k, _)| k.into_string().ok()).collect();
    for k in vars {
        if !keep.contains(&k.as_str()) {
            // SAFETY: still single-threaded: no worker thread exists yet.
            unsafe { std::env::remove_var(&k) };
        }
    }
    for e in &plan.main.env {
        if let Some(v) = &e.value {
            // SAFETY: as above.
            unsafe { std::env::set_var(&e.name, v) };
        }
    }
}

fn bind(addr: SocketAddr, ipv6only: bool) -> Result<std::net::TcpListener, String> {
    use socket2::{Domain, Socket, Type};
    let domain = if addr.is_ipv6() { Domain::IPV6 } else { Domain::IPV4 };
    let err = |e: std::io::Error| format!("bind() to {addr} failed ({}: {})", e.raw_os_error().unwrap_or(0), strip_os(&e));
    let s = Socket::new(domain, Type::STREAM, None).map_err(err)?;
    s.set_reuse_address(true).map_err(err)?;
    s.set_reuse_port(true).map_err(err)?;
    if addr.is_ipv6() {
        s.set_only_v6(ipv6only).map_err(err)?;
    }
    s.set_nonblocking(true).map_err(err)?;
    s.bind(&addr.into()).map_err(err)?;
    s.listen(511).map_err(err)?;
    Ok(s.into())
}

fn strip_os(e: &std::io::Error) -> String {
    let s = e.to_string();
    s.split(" (os error").next().unwrap_or(&s).to_string()
}

fn wait_for_signal() {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(_) => loop {
            std::thread::park();
        },
    };
    rt.block_on(async {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int), Ok(mut quit)) =
            (signal(SignalKind::terminate()), signal(SignalKind::interrupt()), signal(SignalKind::quit()))
        else {
            std::future::pending::<()>().await;
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
            _ = quit.recv() => {
                // Graceful: stop accepting, let in-flight requests finish (at most 60 s).
                SHUTDOWN.store(true, Ordering::SeqCst);
                crate::log::write(LogLevel::Notice, "gracefully shutting down", None);
                let deadline = Instant::now() + Duration::from_secs(60);
                while IN_FLIGHT.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    });
    crate::log::write(LogLevel::Notice, "exit", None);
}

fn worker_main(
    id: usize,
    count: usize,
    plan: Arc<Plan>,
    prefix: PathBuf,
    shdicts: Arc<crate::shdict::ShDicts>,
    natives: &'static [NativeFn],
    listeners: Vec<(usize, std::net::TcpListener)>,
) {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            crate::log::write(LogLevel::Emerg, &format!("worker {id}: cannot start its event loop: {e}"), None);
            return;
        }
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        crate::clock::update();
        let w = match Worker::new(id, count, plan.clone(), prefix, shdicts, natives) {
            Ok(w) => w,
            Err(e) => {
                crate::log::write(LogLevel::Emerg, &e, None);
                std::process::exit(1);
            }
        };
        if let Some(c) = &plan.http.lua.init {
            if let Err(e) = w.vm().run_global(&w, c, crate::phase::Phase::Init).await {
                crate::log::write(LogLevel::Error, &format!("init_by_lua error: {e}"), None);
                std::process::exit(1);
            }
        }
        crate::ngx::after_init(&w);
        if let Some(c) = &plan.http.lua.init_worker {
            if let Err(e) = w.vm().run_global(&w, c, crate::phase::Phase::InitWorker).await {
                crate::log::write(LogLevel::Error, &format!("lua entry thread aborted: runtime error: {e}"), None);
            }
        }
        let max_conns = plan.main.worker_connections.max(1);
        let open = Rc::new(std::cell::Cell::new(0usize));
        for (socket, l) in listeners {
            let l = match tokio::net::TcpListener::from_std(l) {
                Ok(l) => l,
                Err(e) => {
                    crate::log::write(LogLevel::Emerg, &format!("listen failed: {e}"), None);
                    continue;
                }
            };
            let w = w.clone();
            let open = open.clone();
            tokio::task::spawn_local(async move {
                loop {
                    if SHUTDOWN.load(Ordering::Relaxed) {
                        break;
                    }
                    let accepted = tokio::select! {
                        a = l.accept() => a,
                        _ = tokio::time::sleep(Duration::from_millis(200)) => continue,
                    };
                    let (stream, remote) = match accepted {
                        Ok(x) => x,
                        Err(e) => {
                            crate::log::write(LogLevel::Alert, &format!("accept() failed ({e})"), None);
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    };
                    if open.get() >= max_conns {
                        crate::log::write(LogLevel::Alert, &format!("{max_conns} worker_connections are not enough"), None);
                        drop(stream);
                        continue;
                    }
                    open.set(open.get() + 1);
                    let w = w.clone();
                    let open = open.clone();
                    tokio::task::spawn_local(async move {
                        connection(w, stream, remote, socket).await;
                        open.set(open.get() - 1);
                    });
                }
            });
        }
        // Keep the cached clock fresh while idle.
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            crate::clock::update();
            if SHUTDOWN.load(Ordering::Relaxed) && open.get() == 0 {
                break;
            }
        }
    });
}

/// Why reading a request failed, and what nginx answers.
enum ReadErr {
    /// Peer closed or timed out: close silently.
    Closed,
    /// Answer with this special status, then close.
    Status(u16, &'static str),
}

/// Serve one connection: read requests, run them, write responses, keep alive as nginx does.
async fn connection(w: Rc<Worker>, stream: TcpStream, remote: SocketAddr, socket: usize) {
    let _ = stream.set_nodelay(true);
    let local = stream.local_addr().unwrap_or(remote);
    // Split: a running request can write (ngx.flush) while this loop owns the reads.
    let mut stream = crate::flush::Conn::new(stream);
    let id = CONN_IDS.fetch_add(1, Ordering::Relaxed);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut served: u64 = 0;
    let max_body = max_body_size(&w.plan);
    loop {
        let timeout = if served == 0 {
            CLIENT_HEADER_TIMEOUT
        } else {
            Duration::from_millis(w.plan.http.servers.first().map(|s| s.conf.keepalive_timeout_ms).unwrap_or(75_000))
        };
        let head = match read_head(&mut stream, &mut buf, timeout).await {
            Ok(h) => h,
            Err(ReadErr::Closed) => return,
            Err(ReadErr::Status(code, why)) => {
                let r = bare_request(&w, remote, local, id, socket, served + 1);
                crate::engine::log_req(&w, &r, LogLevel::Info, why);
                crate::output::send_builtin_page(&w, &r, code);
                let out = std::mem::take(&mut r.borrow_mut().out);
                let _ = tokio::time::timeout(SEND_TIMEOUT, stream.write_all(&out)).await;
                return;
            }
        };
        served += 1;
        IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        let keep = serve_one(&w, &mut stream, &mut buf, head, remote, local, id, socket, served, max_body).await;
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        if !keep || SHUTDOWN.load(Ordering::Relaxed) {
            stream.shutdown().await;
            return;
        }
    }
}

/// The largest `client_max_body_size` in the plan (0 = unlimited): bodies are read up to it.
fn max_body_size(plan: &Plan) -> u64 {
    let mut m = 0u64;
    for s in &plan.http.servers {
        if s.conf.client_max_body_size == 0 {
            return u64::MAX;
        }
        m = m.max(s.conf.client_max_body_size);
    }
    for l in &plan.locations {
        if l.conf.client_max_body_size == 0 {
            return u64::MAX;
        }
        m = m.max(l.conf.client_max_body_size);
    }
    m.max(1024 * 1024)
}

/// A parsed request head.
struct Head {
    method: String,
    target: String,
    version: Version,
    headers: Vec<(String, String)>,
    request_line: String,
    /// Bytes the head took in the buffer.
    len: usize,
}

async fn read_head(stream: &mut crate::flush::Conn, buf: &mut Vec<u8>, timeout: Duration) -> Result<Head, ReadErr> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        // Skip empty lines before a request line, as nginx does.
        while buf.starts_with(b"\r\n") || buf.starts_with(b"\n") {
            let n = if buf.starts_with(b"\r\n") { 2 } else { 1 };
            buf.drain(..n);
        }
        if !buf.is_empty() {
            if let Some(h) = parse_head(buf)? {
                return Ok(h);
            }
        }
        if buf.len() > MAX_HEADER_TOTAL {
            return Err(ReadErr::Status(494, "client sent too long header line"));
        }
        let mut chunk = [0u8; 8192];
        let n = match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return Err(ReadErr::Closed),
            Ok(Ok(n)) => n,
        };
        crate::clock::update();
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Parse a complete head from the buffer, or None if more bytes are needed.
fn parse_head(buf: &[u8]) -> Result<Option<Head>, ReadErr> {
    let line_end = memchr::memchr(b'\n', buf);
    if line_end.is_none() && buf.len() > MAX_LINE {
        return Err(ReadErr::Status(414, "client sent too long URI"));
    }
    if let Some(e) = line_end {
        if e > MAX_LINE {
            return Err(ReadErr::Status(414, "client sent too long URI"));
        }
        // Method must be upper-case letters, '_' or '-' (ngx_http_parse_request_line).
        let line = &buf[..e];
        let method_end = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
        if method_end == 0 || !line[..method_end].iter().all(|b| b.is_ascii_uppercase() || *b == b'_' || *b == b'-') {
            return Err(ReadErr::Status(400, "client sent invalid method while reading client request line"));
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; 256];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            // A single header line longer than a large buffer.
            if buf.split(|&b| b == b'\n').any(|l| l.len() > MAX_LINE) {
                return Err(ReadErr::Status(494, "client sent too long header line"));
            }
            return Ok(None);
        }
        Err(httparse::Error::Version) => {
            let line = line_end.map(|e| &buf[..e]).unwrap_or(buf);
            let s = String::from_utf8_lossy(line);
            let v = s.trim_end().rsplit(' ').next().unwrap_or("");
            if v.starts_with("HTTP/") && v.as_bytes().get(5).is_some_and(|d| d.is_ascii_digit() && *d > b'1') {
                return Err(ReadErr::Status(505, "client sent unsupported HTTP version while reading client request line"));
            }
            return Err(ReadErr::Status(400, "client sent invalid request while reading client request line"));
        }
        Err(httparse::Error::TooManyHeaders) => return Err(ReadErr::Status(494, "client sent too many headers")),
        Err(_) => return Err(ReadErr::Status(400, "client sent invalid request")),
    };
    let method = req.method.unwrap_or("GET").to_string();
    let target = req.path.unwrap_or("/").to_string();
    let version = if req.version == Some(0) { Version::Http10 } else { Version::Http11 };
    let mut hs = Vec::with_capacity(req.headers.len());
    for h in req.headers.iter() {
        // ignore_invalid_headers on, underscores_in_headers off: such header lines are dropped.
        if !h.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            continue;
        }
        hs.push((h.name.to_string(), String::from_utf8_lossy(h.value).into_owned()));
    }
    let line_end = line_end.unwrap_or(0);
    let mut request_line = String::from_utf8_lossy(&buf[..line_end]).into_owned();
    if request_line.ends_with('\r') {
        request_line.pop();
    }
    Ok(Some(Head { method, target, version, headers: hs, request_line, len }))
}

/// A minimal request for answering a request that could not be parsed.
fn bare_request(w: &Rc<Worker>, remote: SocketAddr, local: SocketAddr, id: u64, socket: usize, requests: u64) -> crate::request::ReqRef {
    let server = w.plan.http.listens.get(socket).map(|l| l.default_server).unwrap_or(0);
    new_request(
        ConnInfo { remote, local, id, socket, requests },
        server,
        "GET".into(),
        String::new(),
        Version::Http11,
        vec![],
        String::new(),
    )
}

pub(crate) fn new_request(
    conn: ConnInfo,
    server: usize,
    method: String,
    target: String,
    version: Version,
    headers: Vec<(String, String)>,
    request_line: String,
) -> crate::request::ReqRef {
    let head_only = method == "HEAD";
    Rc::new(std::cell::RefCell::new(Request {
        conn,
        method,
        request_line,
        request_uri: target,
        uri: String::new(),
        args: String::new(),
        version,
        headers,
        host: String::new(),
        body: None,
        body_read: false,
        body_too_large: None,
        request_length: 0,
        start: crate::clock::now(),
        started: Instant::now(),
        server,
        loc: None,
        captures: None,
        server_captures: None,
        vars: Default::default(),
        internal: false,
        uri_changes: 10,
        error_page_done: false,
        err_status: 0,
        status: 0,
        headers_out: Default::default(),
        header_sent: false,
        out: Vec::new(),
        chunked: false,
        keepalive: false,
        head_only,
        body_bytes_sent: 0,
        bytes_sent: 0,
        eof: false,
        buffer_all: false,
        buffered_body: Vec::new(),
        exit: None,
        lua_ctx: None,
        subrequest: 0,
        fake_log: None,
        writer: None,
        threads: None,
    }))
}

/// nginx's Host validation (`ngx_http_validate_host`): lower case, no port, no trailing dot.
fn validate_host(h: &str) -> Option<String> {
    let mut out = String::with_capacity(h.len());
    let mut dot_pos = None;
    let mut in_brackets = false;
    let bytes = h.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'.' => {
                if dot_pos == Some(i.wrapping_sub(1)) {
                    return None;
                }
                dot_pos = Some(i);
            }
            b':' if !in_brackets => {
                end = i;
                break;
            }
            b'[' if i == 0 => in_brackets = true,
            b']' => in_brackets = false,
            b'/' | b'\\' | 0 => return None,
            _ => {}
        }
    }
    let host = &h[..end];
    let host = host.strip_suffix('.').unwrap_or(host);
    for c in host.chars() {
        out.push(c.to_ascii_lowercase());
    }
    Some(out)
}

#[allow(clippy::too_many_arguments)]
async fn serve_one(
    w: &Rc<Worker>,
    stream: &mut crate::flush::Conn,
    buf: &mut Vec<u8>,
    head: Head,
    remote: SocketAddr,
    local: SocketAddr,
    id: u64,
    socket: usize,
    served: u64,
    max_body: u64,
) -> bool {
    buf.drain(..head.len);
    let conn = ConnInfo { remote, local, id, socket, requests: served };
    let default_server = w.plan.http.listens.get(socket).map(|l| l.default_server).unwrap_or(0);
    let r = new_request(conn, default_server, head.method, head.target, head.version, head.headers, head.request_line);
    r.borrow_mut().request_length = head.len as u64;
    let finish_bad = |r: &crate::request::ReqRef, code: u16, why: &str| {
        crate::engine::log_req(w, r, LogLevel::Info, why);
        crate::output::send_builtin_page(w, r, code);
    };
    // Request target: origin-form or absolute-form.
    let (host_from_line, path_and_query) = {
        let rq = r.borrow();
        let t = rq.request_uri.clone();
        if let Some(rest) = t.strip_prefix("http://").or_else(|| t.strip_prefix("https://")) {
            let slash = rest.find('/').unwrap_or(rest.len());
            (Some(rest[..slash].to_string()), if slash < rest.len() { rest[slash..].to_string() } else { "/".into() })
        } else {
            (None, t)
        }
    };
    let mut bad: Option<(u16, &str)> = None;
    // Host: request line first, then the header; validated; HTTP/1.1 requires one.
    let host_headers: Vec<String> = r.borrow().headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("host")).map(|(_, v)| v.clone()).collect();
    if host_headers.len() > 1 {
        bad = Some((400, "client sent duplicate host header"));
    }
    let raw_host = host_from_line.or_else(|| host_headers.first().cloned());
    let host = match &raw_host {
        Some(h) => match validate_host(h) {
            Some(v) => v,
            None => {
                bad.get_or_insert((400, "client sent invalid host header"));
                String::new()
            }
        },
        None => {
            if r.borrow().version == Version::Http11 {
                bad.get_or_insert((400, "client sent HTTP/1.1 request without \"Host\" header"));
            }
            String::new()
        }
    };
    let (server, server_caps) = w.router.find_server(socket, &host);
    {
        let mut rq = r.borrow_mut();
        rq.host = host;
        rq.server = server;
        rq.server_captures = server_caps;
    }
    // URI normalization.
    let (path, args) = match path_and_query.find('?') {
        Some(i) => (&path_and_query[..i], &path_and_query[i + 1..]),
        None => (path_and_query.as_str(), ""),
    };
    let path = path.split('#').next().unwrap_or(path);
    let merge = w.plan.http.servers[server].conf.merge_slashes;
    match crate::route::normalize_uri(path.as_bytes(), merge) {
        Ok(u) => {
            let mut rq = r.borrow_mut();
            rq.uri = String::from_utf8_lossy(&u).into_owned();
            rq.args = args.to_string();
        }
        Err(_) => {
            bad.get_or_insert((400, "client sent invalid request"));
        }
    }
    // Keep-alive as nginx decides it.
    {
        let mut rq = r.borrow_mut();
        let conn_hdr = rq.header("connection").map(|v| v.to_ascii_lowercase());
        let c = &w.plan.http.servers[server].conf;
        rq.keepalive = match rq.version {
            Version::Http11 => conn_hdr.as_deref().map(|v| !v.contains("close")).unwrap_or(true),
            _ => conn_hdr.as_deref().map(|v| v.contains("keep-alive")).unwrap_or(false),
        } && c.keepalive_timeout_ms > 0
            && (c.keepalive_requests == 0 || served < c.keepalive_requests);
    }
    if let Some((code, why)) = bad {
        finish_bad(&r, code, why);
        r.borrow_mut().keepalive = false;
        return write_out(stream, &r).await && false;
    }
    // The request body, read eagerly, bounded by the client_max_body_size of the location the URI
    // maps to (a larger body is not read: the engine answers 413, as nginx does before reading).
    let _ = max_body;
    let limit = crate::engine::body_limit(w, &r);
    match read_body(stream, buf, &r, limit).await {
        Ok(()) => {}
        Err(ReadErr::Closed) if r.borrow().body_too_large.is_some() => {
            // Let the location's error_page answer the 413; the connection closes after.
            r.borrow_mut().keepalive = false;
        }
        Err(ReadErr::Closed) => return false,
        Err(ReadErr::Status(code, why)) => {
            finish_bad(&r, code, why);
            r.borrow_mut().keepalive = false;
            return write_out(stream, &r).await && false;
        }
    }
    r.borrow_mut().writer = Some(stream.wr.clone());
    crate::engine::handle(w, &r).await;
    r.borrow_mut().writer = None;
    let keep = r.borrow().keepalive;
    write_out(stream, &r).await && keep
}

async fn write_out(stream: &mut crate::flush::Conn, r: &crate::request::ReqRef) -> bool {
    // What ngx.flush or a sleep did not send yet, in order.
    matches!(tokio::time::timeout(SEND_TIMEOUT, crate::flush::flush_to(&stream.wr, r)).await, Ok(Ok(())))
}

/// Write what the request has queued so far (ngx.flush, before a sleep).
pub async fn flush(r: &crate::request::ReqRef) {
    let _ = crate::flush::flush(r).await;
}

async fn read_body(stream: &mut crate::flush::Conn, buf: &mut Vec<u8>, r: &crate::request::ReqRef, max: u64) -> Result<(), ReadErr> {
    let (len, chunked, expect) = {
        let rq = r.borrow();
        let te = rq.header("transfer-encoding").map(|v| v.to_ascii_lowercase());
        let chunked = te.as_deref().map(|v| v.contains("chunked")).unwrap_or(false);
        if te.is_some() && !chunked {
            return Err(ReadErr::Status(501, "client sent unknown \"Transfer-Encoding\""));
        }
        let len = match rq.header("content-length") {
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) if !chunked => Some(n),
                Ok(_) => return Err(ReadErr::Status(400, "client sent \"Content-Length\" and \"Transfer-Encoding\" headers")),
                Err(_) => return Err(ReadErr::Status(400, "client sent invalid \"Content-Length\" header")),
            },
            None => None,
        };
        let expect = rq.version == Version::Http11
            && rq.header("expect").map(|v| v.eq_ignore_ascii_case("100-continue")).unwrap_or(false);
        (len, chunked, expect)
    };
    if len.is_none() && !chunked {
        return Ok(());
    }
    if let Some(n) = len {
        if n > max {
            // Too large for any location: the engine answers 413 without reading it.
            return Ok(());
        }
    }
    if expect && buf.is_empty() {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await;
    }
    let deadline = tokio::time::Instant::now() + CLIENT_BODY_TIMEOUT;
    let mut body = Vec::new();
    if let Some(n) = len {
        let n = n as usize;
        while buf.len() < n {
            let mut chunk = vec![0u8; (n - buf.len()).min(65536)];
            match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return Err(ReadErr::Closed),
                Ok(Ok(k)) => buf.extend_from_slice(&chunk[..k]),
            }
        }
        body.extend(buf.drain(..n));
    } else {
        // Chunked: size line, data, CRLF ... 0 CRLF [trailers] CRLF.
        loop {
            let line_end = loop {
                if let Some(i) = memchr::memchr(b'\n', buf) {
                    break i;
                }
                if buf.len() > 4096 {
                    return Err(ReadErr::Status(400, "client sent invalid chunked body"));
                }
                fill(stream, buf, deadline).await?;
            };
            let line = String::from_utf8_lossy(&buf[..line_end]).trim().to_string();
            let size_str = line.split(';').next().unwrap_or("").trim();
            let Ok(size) = usize::from_str_radix(size_str, 16) else {
                return Err(ReadErr::Status(400, "client sent invalid chunked body"));
            };
            buf.drain(..=line_end);
            if size == 0 {
                // Trailers until an empty line.
                loop {
                    let e = loop {
                        if let Some(i) = memchr::memchr(b'\n', buf) {
                            break i;
                        }
                        fill(stream, buf, deadline).await?;
                    };
                    let empty = buf[..e].iter().all(|b| *b == b'\r');
                    buf.drain(..=e);
                    if empty {
                        break;
                    }
                }
                break;
            }
            if (body.len() + size) as u64 > max {
                r.borrow_mut().body_too_large = Some((body.len() + size) as u64);
                return Err(ReadErr::Closed);
            }
            while buf.len() < size + 2 {
                fill(stream, buf, deadline).await?;
            }
            body.extend_from_slice(&buf[..size]);
            buf.drain(..size + 2);
        }
    }
    let mut rq = r.borrow_mut();
    rq.request_length += body.len() as u64;
    rq.body = Some(body);
    Ok(())
}

async fn fill(stream: &mut crate::flush::Conn, buf: &mut Vec<u8>, deadline: tokio::time::Instant) -> Result<(), ReadErr> {
    let mut chunk = [0u8; 8192];
    match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
        Ok(Ok(0)) | Ok(Err(_)) | Err(_) => Err(ReadErr::Closed),
        Ok(Ok(k)) => {
            buf.extend_from_slice(&chunk[..k]);
            Ok(())
        }
    }
}

/// The prefix-relative path helper used by logs and Lua paths.
pub fn in_prefix(prefix: &Path, p: &str) -> PathBuf {
    if p.starts_with('/') { PathBuf::from(p) } else { prefix.join(p) }
}
