//! The process: options, listeners, worker threads, signals; and each connection's request loop.
//!
//! nginx's process model on threads: `worker_processes` OS threads, each with its own event loop
//! (`crate::rt`), its own Lua VM and its own SO_REUSEPORT listener per `listen` address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::http::Version;
use crate::native::NativeFn;
use crate::plan::{LogLevel, Plan};
use crate::request::{ConnInfo, Request};
use crate::worker::Worker;

const SEND_TIMEOUT: Duration = Duration::from_secs(60);

static SHUTDOWN: AtomicBool = AtomicBool::new(false);

/// Whether a graceful stop (SIGQUIT) is under way.
pub fn shutting_down() -> bool {
    SHUTDOWN.load(Ordering::Relaxed)
}
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static CONN_IDS: AtomicU64 = AtomicU64::new(1);
/// Set when worker 0 has run init_by_lua.
static INIT_DONE: Latch = Latch::new();

/// A one-way flag other threads can wait for.
struct Latch(std::sync::Mutex<bool>, std::sync::Condvar);

impl Latch {
    const fn new() -> Latch {
        Latch(std::sync::Mutex::new(false), std::sync::Condvar::new())
    }
    fn set(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.1.notify_all();
    }
    fn wait(&self) {
        let mut done = self.0.lock().unwrap_or_else(|e| e.into_inner());
        while !*done {
            done = self.1.wait(done).unwrap_or_else(|e| e.into_inner());
        }
    }
}

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
                println!(
                    "{exe}: built by restyc {} from {}",
                    plan.restyc_version, plan.conf_path
                );
                println!("{exe}: configuration {} test is successful", plan.conf_path);
                std::process::exit(0);
            }
            "-V" | "-v" | "--version" => {
                println!(
                    "restyc {} (nginx/{} compatible)",
                    plan.restyc_version,
                    crate::http::NGINX_VERSION
                );
                println!("config: {} sha256:{}", plan.conf_path, plan.conf_hash);
                std::process::exit(0);
            }
            "-h" | "--help" | "-?" => {
                println!("Usage: {exe} [-p prefix] [-t] [-V] [-h]\n");
                println!("A server compiled by restyc from {}.\n", plan.conf_path);
                println!("Options:");
                println!(
                    "  -p, --prefix DIR  set the prefix path for logs/ and relative paths (default: current directory)"
                );
                println!("  -t                print what this server was built from, and exit");
                println!(
                    "  -V, --version     print the restyc version and the configuration hash, and exit"
                );
                println!("  -h, --help        print this help\n");
                println!(
                    "Signals: TERM/INT stop at once; QUIT stops after in-flight requests finish."
                );
                std::process::exit(0);
            }
            other => {
                eprintln!("{exe}: invalid option: \"{other}\" (see --help)");
                std::process::exit(1);
            }
        }
    }
    let prefix =
        prefix.unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
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
    // (`-p dir/` names the same prefix as `-p dir`: the `/` nginx's `$prefix` ends with is added
    // where it is used)
    let prefix: PathBuf = (std::path::absolute(&opts.prefix).unwrap_or(opts.prefix.clone()))
        .components()
        .collect();
    let _ = std::fs::create_dir_all(prefix.join("logs"));
    crate::log::init(&prefix, &plan.main.error_log, &plan.level_error_logs())?;
    apply_env(&plan);
    let mut shared = crate::worker::Shared::new(&plan);
    shared.tls = crate::tls::Tls::new(&plan, &prefix)?;
    let workers = plan
        .main
        .worker_processes
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    // An upstream host that does not resolve stops the start, as at nginx's config load (each
    // worker resolves again for its own balancer state).
    crate::proxy::Upstreams::new(&plan)?;
    let per_worker = listeners(&plan, workers).inspect_err(|_| remove_unix_sockets())?;
    if let Some(pid) = &plan.main.pid {
        let path = if pid.starts_with('/') {
            PathBuf::from(pid)
        } else {
            prefix.join(pid)
        };
        let _ = std::fs::write(&path, format!("{}\n", std::process::id()));
    }
    crate::log::write(
        LogLevel::Notice,
        &format!(
            "restyc {} (nginx/{} compatible)",
            plan.restyc_version,
            crate::http::NGINX_VERSION
        ),
        None,
    );
    // Before any worker starts: they inherit the mask.
    block_signals();
    let mut handles = Vec::new();
    for (id, listeners) in per_worker.into_iter().enumerate() {
        let plan = plan.clone();
        let prefix = prefix.clone();
        let shared = shared.clone();
        // nginx's workers run on the process's 8 MB main stack; subrequests nested 50 deep
        // (nginx's limit) poll that many request futures within each other, so give the
        // workers room beyond Rust's 2 MB thread default (only what is touched is resident).
        let h = std::thread::Builder::new()
            .name(format!("worker-{id}"))
            .stack_size(16 << 20)
            .spawn(move || worker_main(id, workers, plan, prefix, shared, natives, listeners))
            .map_err(|e| format!("failed to start a worker thread: {e}"))?;
        handles.push(h);
    }
    wait_for_signal(workers);
    remove_unix_sockets();
    Ok(())
}

/// nginx clears the environment of its workers except for `env` declarations (and TZ).
fn apply_env(plan: &Plan) {
    let keep: Vec<&str> = plan
        .main
        .env
        .iter()
        .map(|e| e.name.as_str())
        .chain(std::iter::once("TZ"))
        .collect();
    let vars: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .collect();
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

/// Every listening socket, for every worker (bound up front, so that errors are reported before
/// the start).
fn listeners(plan: &Plan, workers: usize) -> Result<Vec<Vec<(usize, Listener)>>, String> {
    let mut per_worker: Vec<Vec<(usize, Listener)>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, ls) in plan.http.listens.iter().enumerate() {
        if let Some(path) = ls.addr.strip_prefix("unix:") {
            // One socket the workers share (a unix socket has no SO_REUSEPORT).
            let l = bind_unix(path)?;
            for w in per_worker.iter_mut() {
                let l = l
                    .try_clone()
                    .map_err(|e| format!("listen on {}: {e}", ls.addr))?;
                w.push((i, Listener::Unix(l)));
            }
            continue;
        }
        let addr: SocketAddr = ls
            .addr
            .parse()
            .map_err(|_| format!("invalid listen address \"{}\"", ls.addr))?;
        // The workers' sockets share the port (SO_REUSEPORT), which another process's could
        // too: a plain bind first finds a port already taken, as nginx reports it.
        drop(bind(addr, ls.ipv6only, false)?);
        for w in per_worker.iter_mut() {
            w.push((i, Listener::Tcp(bind(addr, ls.ipv6only, true)?)));
        }
    }
    Ok(per_worker)
}

/// A worker's listening socket.
enum Listener {
    Tcp(std::net::TcpListener),
    Unix(std::os::unix::net::UnixListener),
}

/// The unix sockets this process made, removed when it exits (as nginx removes them).
static UNIX_SOCKETS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// `listen unix:PATH`: a file already there is refused, as nginx's bind() refuses it.
fn bind_unix(path: &str) -> Result<std::os::unix::net::UnixListener, String> {
    let err = |e: std::io::Error| {
        format!(
            "bind() to unix:{path} failed ({}: {})",
            e.raw_os_error().unwrap_or(0),
            strip_os(&e)
        )
    };
    let l = std::os::unix::net::UnixListener::bind(path).map_err(err)?;
    l.set_nonblocking(true).map_err(err)?;
    if let Ok(mut v) = UNIX_SOCKETS.lock() {
        v.push(PathBuf::from(path));
    }
    Ok(l)
}

fn remove_unix_sockets() {
    if let Ok(v) = UNIX_SOCKETS.lock() {
        for p in v.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn bind(
    addr: SocketAddr,
    ipv6only: bool,
    reuse_port: bool,
) -> Result<std::net::TcpListener, String> {
    use socket2::{Domain, Socket, Type};
    let domain = if addr.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let err = |e: std::io::Error| {
        format!(
            "bind() to {addr} failed ({}: {})",
            e.raw_os_error().unwrap_or(0),
            strip_os(&e)
        )
    };
    let s = Socket::new(domain, Type::STREAM, None).map_err(err)?;
    s.set_reuse_address(true).map_err(err)?;
    s.set_reuse_port(reuse_port).map_err(err)?;
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

/// A graceful shutdown, as `kill -QUIT` asks for (`ngx.process.signal_graceful_exit`).
pub fn request_shutdown() {
    // SAFETY: kill on our own pid with a signal the signal thread handles.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGQUIT);
    }
}

/// The signals the main thread takes (blocked in every thread, read with sigwait).
fn handled_signals() -> libc::sigset_t {
    // SAFETY: sigemptyset/sigaddset fill the set they are given.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in [
            libc::SIGTERM,
            libc::SIGINT,
            libc::SIGQUIT,
            libc::SIGHUP,
            libc::SIGUSR1,
            libc::SIGUSR2,
        ] {
            libc::sigaddset(&mut set, s);
        }
        set
    }
}

/// Block the signals a server handles in this thread and the threads it starts from now on:
/// only `run`'s `sigwait` takes them. `run` does it; a program that starts other threads before
/// calling `run` must call this first, or a signal may reach one of them and kill the process.
pub fn block_signals() {
    let set = handled_signals();
    // SAFETY: a valid set; the old mask is not wanted.
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
}

fn wait_for_signal(workers: usize) {
    let set = handled_signals();
    loop {
        let mut sig: libc::c_int = 0;
        // SAFETY: waits for one of the blocked signals of a valid set.
        if unsafe { libc::sigwait(&set, &mut sig) } != 0 {
            continue;
        }
        match sig {
            libc::SIGTERM | libc::SIGINT => break,
            libc::SIGQUIT => {
                // Graceful: stop accepting, let in-flight requests finish (at most 60 s).
                SHUTDOWN.store(true, Ordering::SeqCst);
                crate::log::write(LogLevel::Notice, "gracefully shutting down", None);
                let deadline = Instant::now() + Duration::from_secs(60);
                // (and the timers the workers fire prematurely: crate::ngx::timer)
                while (IN_FLIGHT.load(Ordering::SeqCst) > 0
                    || !crate::ngx::timer::all_done(workers))
                    && Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                break;
            }
            libc::SIGUSR1 => {
                // logrotate's `kill -USR1`.
                crate::log::write(
                    LogLevel::Notice,
                    "signal 10 (SIGUSR1) received, reopening logs",
                    None,
                );
                crate::log::reopen();
            }
            libc::SIGHUP => {
                // The configuration is compiled in: nothing to reread; the logs are reopened.
                crate::log::write(
                    LogLevel::Notice,
                    "signal 1 (SIGHUP) received, reopening logs (the configuration is built into this binary: rebuild to change it)",
                    None,
                );
                crate::log::reopen();
            }
            _ => {
                crate::log::write(
                    LogLevel::Notice,
                    "signal 12 (SIGUSR2) received, ignored (restyc does not upgrade the binary in place)",
                    None,
                );
            }
        }
    }
    crate::log::write(LogLevel::Notice, "exit", None);
}

fn worker_main(
    id: usize,
    count: usize,
    plan: Arc<Plan>,
    prefix: PathBuf,
    shared: crate::worker::Shared,
    natives: &'static [NativeFn],
    listeners: Vec<(usize, Listener)>,
) {
    crate::rt::block_on(async move {
        crate::clock::update();
        let w = match Worker::new(id, count, plan.clone(), prefix, &shared, natives) {
            Ok(w) => w,
            Err(e) => {
                crate::log::write(LogLevel::Emerg, &e, None);
                std::process::exit(1);
            }
        };
        if let Some(c) = &plan.http.lua.init {
            // nginx runs init_by_lua once, before it forks: here every worker's VM runs it, and
            // the shared dicts take the first worker's writes only.
            if id > 0 {
                crate::ngx::shdict::begin_stand_ins(&w.shdicts);
            }
            let done = w.vm().run_global(&w, c, crate::phase::Phase::Init).await;
            crate::ngx::shdict::end_stand_ins();
            if let Err(e) = done {
                crate::log::write(LogLevel::Error, &format!("init_by_lua error: {e}"), None);
                std::process::exit(1);
            }
        }
        // Workers start once the first one's init_by_lua has filled the shared dicts.
        if id == 0 {
            INIT_DONE.set();
        } else {
            INIT_DONE.wait();
        }
        if let Err(e) = crate::ngx::misc::guard_globals(&w.vm().lua) {
            crate::log::write(
                LogLevel::Alert,
                &format!("cannot guard Lua globals: {e}"),
                None,
            );
        }
        if let Some(c) = &plan.http.lua.init_worker {
            if let Err(e) = w
                .vm()
                .run_global(&w, c, crate::phase::Phase::InitWorker)
                .await
            {
                crate::log::write(
                    LogLevel::Error,
                    &format!("init_worker_by_lua error: {e}"),
                    None,
                );
            }
        }
        // nginx expires the zero-delay timers init_worker_by_lua armed in its first event loop
        // turn, before a connection accepted there has its request read: let them start first.
        if plan.http.lua.init_worker.is_some() {
            for _ in 0..4 {
                crate::rt::yield_now().await;
            }
        }
        let max_conns = plan.main.worker_connections.max(1);
        // nginx's worker_connections also count each listening socket and the worker's channel
        // to its master process.
        let taken = listeners.len() + 1;
        let open = Rc::new(std::cell::Cell::new(0usize));
        let reuse = Rc::new(crate::reusable::Reusable::default());
        for (socket, l) in listeners {
            let l = match l {
                Listener::Tcp(l) => crate::rt::net::TcpListener::from_std(l).map(Accept::Tcp),
                Listener::Unix(l) => crate::rt::net::UnixListener::from_std(l).map(Accept::Unix),
            };
            let l = match l {
                Ok(l) => l,
                Err(e) => {
                    crate::log::write(LogLevel::Emerg, &format!("listen failed: {e}"), None);
                    continue;
                }
            };
            let w = w.clone();
            let open = open.clone();
            let reuse = reuse.clone();
            let alerted = std::cell::Cell::new(0i64);
            crate::rt::spawn_local(async move {
                loop {
                    if SHUTDOWN.load(Ordering::Relaxed) {
                        break;
                    }
                    let accepted = tokio::select! {
                        a = l.accept() => a,
                        _ = crate::rt::time::sleep(Duration::from_millis(200)) => continue,
                    };
                    let (stream, remote) = match accepted {
                        Ok(x) => x,
                        Err(e) => {
                            crate::log::write(
                                LogLevel::Alert,
                                &format!("accept() failed ({e})"),
                                None,
                            );
                            crate::rt::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    };
                    crate::stub_status::ACCEPTED.fetch_add(1, Ordering::Relaxed);
                    let used = open.get() + taken;
                    let drained = reuse.drain(used, max_conns);
                    if used >= max_conns && drained == 0 {
                        // Once a second at most (nginx stops accepting meanwhile, so it logs
                        // the alert about that often).
                        let now = crate::clock::time();
                        if alerted.replace(now) != now {
                            crate::log::write(
                                LogLevel::Alert,
                                &format!("{max_conns} worker_connections are not enough"),
                                None,
                            );
                        }
                        drop(stream);
                        continue;
                    }
                    crate::stub_status::HANDLED.fetch_add(1, Ordering::Relaxed);
                    let counted = Counted::new(&open);
                    let (w, reuse) = (w.clone(), reuse.clone());
                    // (a panic, a bug, ends this connection only: `crate::rt` catches it)
                    crate::rt::spawn_local(connection(w, stream, remote, socket, reuse, counted));
                }
            });
        }
        // Keep the cached clock fresh while idle.
        loop {
            crate::rt::time::sleep(Duration::from_millis(500)).await;
            crate::clock::update();
            if SHUTDOWN.load(Ordering::Relaxed) {
                reuse.close_idle();
                // Pending timers run now with premature = true (ngx_http_lua_abort_pending_timers).
                crate::ngx::timer::abort_pending();
                if open.get() == 0 && crate::ngx::timer::idle() {
                    break;
                }
            }
        }
    });
}

/// A worker's listener, registered with its event loop.
enum Accept {
    Tcp(crate::rt::net::TcpListener),
    Unix(crate::rt::net::UnixListener),
}

impl Accept {
    /// A new connection and its peer (None for a unix socket's).
    async fn accept(&self) -> std::io::Result<(crate::stream::Io, Option<SocketAddr>)> {
        match self {
            Accept::Tcp(l) => l.accept().await.map(|(s, a)| (s.into(), Some(a))),
            Accept::Unix(l) => l.accept().await.map(|(s, _)| (s.into(), None)),
        }
    }
}

/// Serve one connection: read requests, run them, write responses, keep alive as nginx does.
async fn connection(
    w: Rc<Worker>,
    tcp: crate::stream::Io,
    remote: Option<SocketAddr>,
    socket: usize,
    reuse: Rc<crate::reusable::Reusable>,
    counted: Counted,
) {
    let slot = reuse.join();
    // A unix socket's peer has no address: `unix:` in variables and logs (ConnInfo::unix).
    let (remote, local, unix) = match &tcp {
        crate::stream::Io::Tcp(t) => {
            let _ = t.set_nodelay(true);
            let remote = remote.unwrap_or(([0, 0, 0, 0], 0).into());
            (remote, t.local_addr().unwrap_or(remote), None)
        }
        crate::stream::Io::Unix(_) => {
            let none = crate::request::UNIX_PEER;
            let path = w.plan.http.listens[socket].addr.as_str();
            (none, none, Some(Rc::from(path)))
        }
    };
    let id = CONN_IDS.fetch_add(1, Ordering::Relaxed);
    // client_header_timeout for the handshake and the first request, then the keepalive_timeout
    // of the location that served the previous one (ngx_http_set_keepalive).
    let timeout = header_timeout(&w, socket);
    let (stream, tls, plain_http_on_tls) = if w.plan.http.listens[socket].ssl {
        // (boxed: a plain connection's future does not carry the handshake's state)
        let client = match unix {
            Some(_) => "unix:".to_string(),
            None => crate::var::ip_string(&remote),
        };
        // A connection that has not finished its handshake may be closed to make room, as
        // one waiting for its first request (nginx's reusable connections).
        reuse.idle(&slot);
        let accept = Box::pin(crate::tls::accept(&w, tcp, socket, (id, &client), timeout));
        let accepted = tokio::select! {
            a = accept => a,
            _ = slot.closed() => return,
        };
        slot.busy();
        match accepted {
            crate::tls::Accepted::Tls(s, info) => (s, Some(Rc::new(info)), false),
            crate::tls::Accepted::PlainHttp(s) => (s, None, true),
            crate::tls::Accepted::Gone => return,
        }
    } else {
        (crate::stream::Stream::plain(tcp), None, false)
    };
    let live = Live {
        w,
        // Shared: a running request can write (ngx.flush) while this loop owns the reads.
        stream: crate::flush::Conn::new(stream),
        // What every request of this connection knows of it; `requests` counts them.
        conn: ConnInfo {
            remote,
            local,
            id,
            socket,
            requests: 0,
            tls,
            plain_http_on_tls,
            unix,
        },
        slot,
        reuse,
        _counted: counted,
    };
    serve(live, Vec::new(), timeout, None).await
}

/// What a connection holds between its requests.
struct Live {
    w: Rc<Worker>,
    stream: crate::flush::Conn,
    conn: ConnInfo,
    /// Its entry among the worker's reusable connections.
    slot: Rc<crate::reusable::Slot>,
    reuse: Rc<crate::reusable::Reusable>,
    _counted: Counted,
}

/// An open connection, counted for worker_connections and stub_status until dropped.
struct Counted {
    open: Rc<std::cell::Cell<usize>>,
    _active: crate::stub_status::Held,
}

impl Counted {
    fn new(open: &Rc<std::cell::Cell<usize>>) -> Counted {
        open.set(open.get() + 1);
        Counted {
            open: open.clone(),
            _active: crate::stub_status::Held::new(&crate::stub_status::ACTIVE),
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.open.set(self.open.get() - 1);
    }
}

/// How an idle connection's wait ended.
enum Woke {
    /// Bytes came, or the end of the stream or an error (which reading the head meets again).
    Readable(std::io::Result<()>),
    /// The worker closes it to make room (nginx's reusable connections), or it stops.
    Closed,
    /// Its keepalive_timeout (or client_header_timeout) passed.
    TimedOut,
}

/// An idle connection's wait for its next request: nothing but a timer and the readiness of
/// the socket (no buffer: nginx frees its header buffer too).
struct IdleWait {
    timer: crate::rt::time::Sleep,
}

impl IdleWait {
    fn new(until: crate::rt::time::Instant) -> IdleWait {
        IdleWait {
            timer: crate::rt::time::sleep_until(until),
        }
    }

    /// A plain connection reads the request's first bytes as soon as it is woken (TLS goes
    /// through `read_head`: its records may need more than one read).
    fn poll(
        &mut self,
        c: &Live,
        buf: &mut Vec<u8>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Woke> {
        use std::task::Poll;
        let plain = !c.stream.io.is_tls();
        loop {
            match c.stream.io.poll_read_ready(cx) {
                Poll::Ready(Ok(())) if plain => {
                    buf.reserve(1024);
                    match c.stream.io.try_read_drained(buf) {
                        // (readiness is cleared: poll it again to wait, holding no buffer)
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            *buf = Vec::new();
                            continue;
                        }
                        _ => return Poll::Ready(Woke::Readable(Ok(()))),
                    }
                }
                Poll::Ready(r) => return Poll::Ready(Woke::Readable(r)),
                Poll::Pending => break,
            }
        }
        if std::pin::pin!(c.slot.closed()).poll(cx).is_ready() {
            return Poll::Ready(Woke::Closed);
        }
        if std::pin::Pin::new(&mut self.timer).poll(cx).is_ready() {
            return Poll::Ready(Woke::TimedOut);
        }
        Poll::Pending
    }
}

/// A plain keep-alive connection waiting for its next request without a task: its wakers
/// (the socket's, the timer's, the reusable slot's) spawn one when something happens. An idle
/// connection then costs this record and the socket's registration, as nginx's costs its
/// `ngx_connection_t` and events.
struct Parked {
    owner: u64,
    state: std::cell::RefCell<Option<(Live, IdleWait)>>,
}

impl crate::rt::LocalWake for Parked {
    fn wake(self: &Rc<Self>) {
        // The first of its wakers to fire takes the connection; the others find it gone.
        let taken = self.state.borrow_mut().take();
        if let Some((live, wait)) = taken {
            crate::rt::spawn_local(serve(live, Vec::new(), Duration::ZERO, Some(wait)));
        }
    }

    fn owner(&self) -> u64 {
        self.owner
    }
}

/// Look at an idle plain connection once; when it has to wait, park it (its task may end).
fn park(live: Live, mut wait: IdleWait, buf: &mut Vec<u8>) -> Option<(Live, IdleWait, Woke)> {
    let parked = Rc::new(Parked {
        owner: crate::rt::current_thread(),
        state: std::cell::RefCell::new(None),
    });
    let waker = crate::rt::local_waker(parked.clone());
    // The tasks that served it are over: their wakers must not stay with the socket.
    live.stream.io.park(waker.clone());
    let mut cx = std::task::Context::from_waker(&waker);
    match wait.poll(&live, buf, &mut cx) {
        std::task::Poll::Ready(woke) => Some((live, wait, woke)),
        std::task::Poll::Pending => {
            *parked.state.borrow_mut() = Some((live, wait));
            None
        }
    }
}

/// Serve a connection's requests until it closes or parks. `timeout` is the wait for the next
/// request; `resumed` the wait of a parked connection that was woken.
async fn serve(
    mut c: Live,
    mut buf: Vec<u8>,
    mut timeout: Duration,
    mut resumed: Option<IdleWait>,
) {
    // nginx's header buffer where a pipelined request starts (`reqparse::Start::after`).
    let mut next_start: Option<crate::reqparse::Start> = None;
    let mut timer = Deadline::new();
    loop {
        if buf.is_empty() {
            buf = Vec::new();
            let mut wait = match resumed.take() {
                Some(w) => w,
                None => {
                    // Meanwhile the worker may close it to make room (nginx's reusable
                    // connections).
                    c.reuse.idle(&c.slot);
                    IdleWait::new(crate::clock::instant() + timeout)
                }
            };
            let woke = if c.stream.io.is_tls() {
                std::future::poll_fn(|cx| wait.poll(&c, &mut buf, cx)).await
            } else {
                match park(c, wait, &mut buf) {
                    Some((live, w, woke)) => {
                        c = live;
                        wait = w;
                        woke
                    }
                    None => return,
                }
            };
            c.slot.busy();
            // Not a pipelined request: it starts in a fresh buffer.
            next_start = None;
            timeout = match woke {
                // The first bytes are in: client_header_timeout runs from now.
                Woke::Readable(Ok(())) if !buf.is_empty() => {
                    crate::clock::update();
                    header_timeout(&c.w, c.conn.socket)
                }
                // The end of the stream (read_head meets it again), or TLS (read_head reads its
                // records): for the rest of this wait.
                Woke::Readable(Ok(())) => wait
                    .timer
                    .deadline()
                    .saturating_duration_since(crate::clock::instant()),
                Woke::Readable(Err(_)) | Woke::Closed => return,
                // read_head sees the timeout and answers it as it always has.
                Woke::TimedOut => Duration::ZERO,
            };
        }
        let start = next_start.take();
        let next = pin_in_place(|| {
            request(
                &c.w,
                &mut c.stream,
                &mut buf,
                &mut c.conn,
                (timeout, start),
                &mut timer,
            )
        })
        .await;
        match next {
            Next::KeepAlive(t, s) if !SHUTDOWN.load(Ordering::Relaxed) => {
                timeout = t;
                next_start = s;
            }
            Next::Drop => return,
            _ => {
                // (boxed: the rare lingering close would size every connection's future)
                let Live { stream, .. } = c;
                Box::pin(stream.shutdown_lingering(!buf.is_empty())).await;
                return;
            }
        }
    }
}

/// `Box::pin(make())` without building the value on the stack first. A request's future is
/// ~4 KB (the size of its largest state), and `Box::pin` copies all of it into the allocation
/// for every request; built in place, only its arguments are written.
fn pin_in_place<F>(make: impl FnOnce() -> F) -> std::pin::Pin<Box<F>> {
    let mut b = Box::<F>::new_uninit();
    b.write(make());
    // SAFETY: written just above.
    Box::into_pin(unsafe { b.assume_init() })
}

/// `Rc::new(make())` built in place, as [`pin_in_place`] (a `Request` is ~1.3 KB).
fn rc_in_place<T>(make: impl FnOnce() -> T) -> Rc<T> {
    let mut rc = Rc::<T>::new_uninit();
    Rc::get_mut(&mut rc)
        .expect("a new Rc is unique")
        .write(make());
    // SAFETY: written just above.
    unsafe { rc.assume_init() }
}

/// How a connection goes on after a request.
enum Next {
    /// Wait for the next request this long; where a pipelined one starts in the buffer.
    KeepAlive(Duration, Option<crate::reqparse::Start>),
    /// Close it (after a graceful shutdown of the write side).
    Close,
    /// Drop it as it is (the client is gone, or the answer to a bad request is sent).
    Drop,
}

/// Read one request head and serve it.
async fn request(
    w: &Rc<Worker>,
    stream: &mut crate::flush::Conn,
    buf: &mut Vec<u8>,
    conn: &mut ConnInfo,
    (timeout, start): (Duration, Option<crate::reqparse::Start>),
    timer: &mut Deadline,
) -> Next {
    let socket = conn.socket;
    let head = match read_head(w, stream, buf, timeout, socket, start, timer).await {
        Ok(h) => h,
        Err(b) => {
            conn.requests += 1;
            let out = crate::reqparse::answer(w, conn.clone(), *b);
            if out.is_empty() {
                return Next::Drop;
            }
            let _ = crate::rt::time::timeout(SEND_TIMEOUT, stream.write_all(&out)).await;
            // A lingering close, as nginx's after an error answer: the rest of what the client
            // sent (a 414's long line) is read and dropped, so the close does not reset the
            // connection and lose the answer on the way.
            return Next::Close;
        }
    };
    conn.requests += 1;
    let next_start = crate::reqparse::Start::after(&head, buf.len());
    IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
    let next = serve_one(w, stream, buf, head, conn.clone()).await;
    IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    match next {
        Next::KeepAlive(t, _) => Next::KeepAlive(t, next_start),
        n => n,
    }
}

/// A parsed request head.
type Head = crate::reqparse::Head;

/// A connection's read deadline on one timer that is re-armed lazily: moving the deadline later
/// (every keep-alive request does) costs nothing; the timer wakes at the old deadline and
/// re-arms for the new one. nginx's event timers avoid the same churn with a 300 ms lag.
struct Deadline {
    sleep: crate::rt::time::Sleep,
    armed: crate::rt::time::Instant,
}

impl Deadline {
    fn new() -> Deadline {
        let far = crate::rt::time::Instant::now() + Duration::from_secs(86400 * 365);
        Deadline {
            sleep: crate::rt::time::sleep_until(far),
            armed: far,
        }
    }

    /// `fut`, or None when `at` passes first.
    async fn run<F: std::future::Future>(
        &mut self,
        at: crate::rt::time::Instant,
        fut: F,
    ) -> Option<F::Output> {
        use std::task::Poll;
        self.arm(at);
        let mut fut = std::pin::pin!(fut);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(v) = fut.as_mut().poll(cx) {
                return Poll::Ready(Some(v));
            }
            if self.expired(at, cx) {
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await
    }

    /// Make sure the timer wakes no later than `at`.
    fn arm(&mut self, at: crate::rt::time::Instant) {
        if at < self.armed {
            std::pin::Pin::new(&mut self.sleep).reset(at);
            self.armed = at;
        }
    }

    /// Whether `at` (armed before) has passed; otherwise the timer wakes `cx` in time.
    fn expired(&mut self, at: crate::rt::time::Instant, cx: &mut std::task::Context<'_>) -> bool {
        while std::pin::Pin::new(&mut self.sleep).poll(cx).is_ready() {
            if self.armed >= at {
                return true;
            }
            std::pin::Pin::new(&mut self.sleep).reset(at);
            self.armed = at;
        }
        false
    }
}

/// Read a request head as nginx does (`reqparse`): keepalive_timeout (or client_header_timeout
/// for the first request) until its first byte, then client_header_timeout.
async fn read_head(
    w: &Worker,
    stream: &mut crate::flush::Conn,
    buf: &mut Vec<u8>,
    timeout: Duration,
    socket: usize,
    pipelined: Option<crate::reqparse::Start>,
    timer: &mut Deadline,
) -> Result<Box<Head>, Box<crate::reqparse::Bad>> {
    use crate::reqparse::{Ctx, Parsed, Parser, Start, default_limits, selector};
    let limits = default_limits(w, socket);
    let mut start = match pipelined {
        Some(s) if !buf.is_empty() => s,
        _ => Start::fresh(&limits),
    };
    let mut deadline = crate::clock::instant() + timeout;
    let mut waiting = buf.is_empty();
    // Empty lines count as the start of a request (nginx has created it by then).
    let mut started = !buf.is_empty();
    // (stub_status: a request exists from its first byte and is read until its head is done)
    let mut reading = started.then(crate::stub_status::begin_request);
    // Created at the first byte of the request; it goes on where it stopped as bytes arrive.
    let mut parser: Option<Parser> = None;
    loop {
        // Skip empty lines before a request line, as nginx does.
        while parser.is_none() && (buf.starts_with(b"\r\n") || buf.starts_with(b"\n")) {
            let n = if buf.starts_with(b"\r\n") { 2 } else { 1 };
            buf.drain(..n);
            start.skip(n);
        }
        if !buf.is_empty() {
            let p = parser.get_or_insert_with(|| Parser::new(&limits, start));
            match p.feed(buf, &mut selector(w, socket)) {
                Parsed::Done(h) => return Ok(h),
                Parsed::Bad(b) => return Err(b),
                Parsed::Partial => {}
            }
        }
        let read = timer.run(deadline, stream.read_buf(buf)).await;
        let mut ctx = || match parser.take() {
            Some(p) => p.into_ctx(buf),
            None => Ctx {
                idle: !started,
                ..Ctx::idle(&start)
            },
        };
        // The bytes read are already appended to `buf`.
        match read {
            Some(Ok(0)) | Some(Err(_)) => return Err(Box::new(ctx().closed())),
            None => return Err(Box::new(ctx().timed_out())),
            Some(Ok(_)) => {}
        }
        crate::clock::update();
        if waiting {
            waiting = false;
            deadline = crate::clock::instant() + header_timeout(w, socket);
        }
        started = true;
        if reading.is_none() {
            reading = Some(crate::stub_status::begin_request());
        }
    }
}

static REQUEST_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fake request (a timer callback's, an ssl_certificate_by_lua* hook's): no client to answer,
/// its error log lines end with `log_suffix` (`, context: ngx.timer…`).
pub(crate) fn fake_request(
    conn: ConnInfo,
    server: usize,
    log_suffix: String,
) -> crate::request::ReqRef {
    let r = new_request(
        conn,
        server,
        "GET".into(),
        Default::default(),
        Version::Http11,
        vec![],
        Default::default(),
    );
    {
        let mut rq = r.borrow_mut();
        rq.fake_log = Some(log_suffix);
        rq.header_sent = true;
        rq.eof = true;
    }
    r
}

pub(crate) fn new_request(
    conn: ConnInfo,
    server: usize,
    method: String,
    target: bstr::BString,
    version: Version,
    headers: Vec<(String, bstr::BString)>,
    request_line: bstr::BString,
) -> crate::request::ReqRef {
    let head_only = method == "HEAD";
    let browser = crate::request::Browser::of_headers(&headers);
    rc_in_place(|| {
        std::cell::RefCell::new(Request {
            conn,
            method,
            request_line,
            request_uri: target,
            uri: Default::default(),
            args: Default::default(),
            args_set_empty: false,
            version,
            headers,
            raw_header: Vec::new(),
            host: Default::default(),
            body: None,
            body_read: false,
            body_file: None,
            old_body_files: Vec::new(),
            gzip: None,
            sub: None,
            core_head: false,
            body_in_header_buffer: false,
            body_preread: 0,
            body_building: None,
            body_building_limit: 0,
            body_unread: None,
            body_reading: false,
            body_discarded: false,
            expect_tested: true,
            request_length: 0,
            start: crate::clock::now(),
            server,
            loc: None,
            captures: None,
            server_captures: None,
            realip_from: None,
            vars: Default::default(),
            vars_unset: Vec::new(),
            vars_read_unset: Default::default(),
            internal: false,
            browser,
            uri_changes: 10,
            error_page_done: false,
            err_status: 0,
            uri_changed: false,
            location_uri_changed: false,
            upstream: None,
            status: 0,
            headers_out: Default::default(),
            header_sent: false,
            out: Vec::new(),
            chunked: false,
            keepalive: false,
            head_only,
            body_bytes_sent: 0,
            bytes_sent: 0,
            limit_rate: None,
            limit_rate_after: None,
            write_delayed_until: None,
            eof: false,
            buffer_all: false,
            buffered_body: Vec::new(),
            filter_failed: false,
            body_filter_error: false,
            filter_finalize: false,
            exit: None,
            lua_ctx: None,
            subrequest: 0,
            nginx_subrequest: false,
            mirrors: Vec::new(),
            echo_before_sent: false,
            echo_after_sent: false,
            pending_subrequests: 0,
            abort_closes: false,
            fake_log: None,
            cert_hook: None,
            balancer: None,
            client: None,
            input: Vec::new(),
            raw_socket: None,
            threads: None,
            limits: None,
            id: REQUEST_IDS.fetch_add(1, Ordering::Relaxed),
            cosockets: Default::default(),
        })
    })
}

/// Serve one request; `KeepAlive` (without its start) when the connection stays open for another.
async fn serve_one(
    w: &Rc<Worker>,
    stream: &mut crate::flush::Conn,
    buf: &mut Vec<u8>,
    mut head: Box<Head>,
    conn: ConnInfo,
) -> Next {
    use std::mem::take;
    let _writing = crate::stub_status::Held::new(&crate::stub_status::WRITING);
    buf.drain(..head.len);
    // (ngx_http_read_client_request_body: a body that fits where the head was read stays there)
    let header_buffer = {
        let l = crate::reqparse::default_limits(w, conn.socket);
        if head.len <= l.client_header_buffer_size {
            l.client_header_buffer_size
        } else {
            l.large_buffer_size
        }
    };
    let body_in_header_buffer = !buf.is_empty()
        && !head.chunked
        && head
            .content_length
            .is_some_and(|cl| (head.len as i64).saturating_add(cl) <= header_buffer as i64);
    let body_preread = buf.len().min(header_buffer.saturating_sub(head.len)) as u64;
    // `reqparse` validated Content-Length and Transfer-Encoding (anything but chunked is a 501).
    let has_body = head.content_length.is_some() || head.chunked;
    let (socket, served) = (conn.socket, conn.requests);
    // A location whose answer is settled at build time answers from its recording.
    let constant = {
        let server = match (head.server, &head.host) {
            (Some(s), Some(_)) => s,
            _ => {
                w.router
                    .find_server(socket, head.host.as_deref().map_or(&b""[..], |h| h))
                    .0
            }
        };
        w.answers.key(w, &head, &conn, server)
    };
    if let Some(a) = constant
        .as_ref()
        .and_then(|k| w.answers.send(k, &stream.io))
    {
        let sent = match a.rest {
            Ok(rest) if rest.is_empty() => true,
            Ok(rest) => matches!(
                crate::rt::time::timeout(SEND_TIMEOUT, stream.write_all(&rest)).await,
                Ok(Ok(()))
            ),
            Err(_) => false,
        };
        return match a.keepalive.filter(|_| sent) {
            Some(t) => Next::KeepAlive(t, None),
            None => Next::Close,
        };
    }
    let r = new_request(
        conn,
        head.server.unwrap_or_else(|| default_server(w, socket)),
        take(&mut head.method),
        take(&mut head.unparsed_uri),
        head.version,
        take(&mut head.headers),
        take(&mut head.request_line),
    );
    {
        let mut rq = r.borrow_mut();
        rq.request_length = head.len as u64;
        rq.body_in_header_buffer = body_in_header_buffer;
        rq.body_preread = body_preread;
        rq.raw_header = take(&mut head.raw);
    }
    crate::reqparse::log_notes(w, &r, &head.notes);
    // Host, URI and the checks of the head were done by `reqparse`, in nginx's order.
    let has_host = head.host.is_some();
    let host = head.host.take().unwrap_or_default();
    // The parser selected the server by this host already; only regex captures need a rerun.
    let (server, server_caps) = match head.server {
        Some(s) if has_host && !w.router.names_capture(socket) => (s, None),
        _ => w.router.find_server(socket, &host),
    };
    {
        let mut rq = r.borrow_mut();
        rq.host = host;
        rq.server = server;
        rq.server_captures = server_caps;
        rq.uri = take(&mut head.uri);
        rq.args = take(&mut head.args);
        if head.protocol != rq.version.as_str() {
            // `$server_protocol` as sent (HTTP/1.2, HTTP/1.01; none for HTTP/0.9).
            rq.vars.insert(
                "server_protocol".into(),
                take(&mut head.protocol).into_owned().into(),
            );
        }
    }
    // Keep-alive as nginx decides it.
    {
        let mut rq = r.borrow_mut();
        rq.keepalive = keepalive_asked(rq.version, rq.header_str("connection"))
            && keepalive_allowed(&w.plan.http.servers[server].conf, served);
    }
    // Plain HTTP on a TLS port: nginx answers (engine::handle) without reading a body.
    let has_body = has_body && !r.borrow().conn.plain_http_on_tls;
    {
        // The body stays in the connection until something reads it (`crate::body`).
        let mut rq = r.borrow_mut();
        if has_body {
            rq.body_unread = crate::body::Unread::new(head.content_length, head.chunked);
        }
        rq.expect_tested = rq.version != Version::Http11
            || !rq
                .header_str("expect")
                .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
        rq.client = Some(stream.io.clone());
        rq.input = std::mem::take(buf);
    }
    crate::engine::handle(w, &r).await;
    // Expect answered if nothing did (before `client` goes).
    crate::body::test_expect(&r);
    let (raw_socket, reading) = {
        // (what a raw request socket did not take goes on to the next request)
        let mut rq = r.borrow_mut();
        rq.client = None;
        *buf = std::mem::take(&mut rq.input);
        (rq.raw_socket.take(), rq.body_reading)
    };
    // What nothing read of the body: the buffered part dropped now, the rest after the answer.
    let rest = crate::body::settle(w, &r, buf);
    if let Some(close) = raw_socket {
        // The request is over: so is its hold on the connection (nginx closes it now).
        close();
    }
    let rest = match rest {
        crate::body::Rest::Invalid => return Next::Drop,
        crate::body::Rest::None if !reading => None,
        crate::body::Rest::None => {
            // A read cut short (its thread was killed): where the next request starts is lost.
            r.borrow_mut().keepalive = false;
            None
        }
        crate::body::Rest::Unread(u) => Some(u),
    };
    if let Some(k) = constant {
        w.answers.record(w, k, &r.borrow());
    }
    // A proxied 101: relay the upgraded connection, then close it.
    let tunnel = r
        .borrow_mut()
        .upstream
        .as_mut()
        .and_then(|u| u.tunnel.take());
    if let Some(t) = tunnel {
        if write_out(stream, &r).await {
            crate::proxy::tunnel(stream, buf, t).await;
        }
        return Next::Close;
    }
    let keep = r.borrow().keepalive;
    let timeout = Duration::from_millis(crate::output::conf(w, &r.borrow()).keepalive_timeout_ms);
    let sent = write_out(stream, &r).await;
    // (also before a close: nginx waits for the body in full, then closes)
    if let Some(u) = rest {
        if !sent || !crate::body::drop_rest(w, &r, &stream.io, buf, u).await {
            return Next::Close;
        }
    }
    if sent && keep {
        Next::KeepAlive(timeout, None)
    } else {
        Next::Close
    }
}

/// The client asks to keep the connection open (HTTP/1.1 unless `close`, else `keep-alive`).
pub fn keepalive_asked(version: Version, connection: Option<&str>) -> bool {
    let has = |word: &str| {
        connection.is_some_and(|v| {
            v.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
    };
    match version {
        Version::Http11 => !has("close"),
        _ => has("keep-alive"),
    }
}

/// A configuration (the server's, then the location's: ngx_http_update_location_config) lets
/// the connection stay open after its `served`th request.
pub fn keepalive_allowed(c: &crate::plan::LocConf, served: u64) -> bool {
    c.keepalive_timeout_ms > 0 && (c.keepalive_requests == 0 || served < c.keepalive_requests)
}

/// `keepalive_disable`'s part of ngx_http_update_location_config: a POST from old MSIE, or any
/// request from Safari, closes the connection after its answer.
pub fn keepalive_disabled_for(c: &crate::plan::LocConf, rq: &crate::request::Request) -> bool {
    (c.keepalive_disable_msie6 && rq.browser.msie6 && rq.method == "POST")
        || (c.keepalive_disable_safari && rq.browser.safari)
}

async fn write_out(stream: &mut crate::flush::Conn, r: &crate::request::ReqRef) -> bool {
    // Most responses fit the socket buffer: write at once, and wait (send_timeout per wait)
    // only for the rest (what ngx.flush or a sleep did not send yet, in order).
    if crate::flush::try_flush_to(&stream.io, r).is_err() {
        return false;
    }
    if !r.borrow().out.is_empty() && crate::flush::flush_to(&stream.io, r).await.is_err() {
        return false;
    }
    // A rate-limited response ends when its last pause does (nginx finalizes the request when
    // the write filter's delay timer fires).
    let paused = r.borrow_mut().write_delayed_until.take();
    if let Some(t) = paused {
        crate::rt::time::sleep_until(t).await;
    }
    true
}

/// `client_header_timeout` of the listen socket's default server (the server is not known
/// before the Host header is read, so nginx uses the default server's).
fn header_timeout(w: &Worker, socket: usize) -> Duration {
    let server = default_server(w, socket);
    Duration::from_millis(
        w.plan
            .http
            .servers
            .get(server)
            .map(|s| s.conf.client_header_timeout_ms)
            .unwrap_or(60_000),
    )
}

/// The default server of listen socket `socket`.
fn default_server(w: &Worker, socket: usize) -> usize {
    w.plan
        .http
        .listens
        .get(socket)
        .map(|l| l.default_server)
        .unwrap_or(0)
}
