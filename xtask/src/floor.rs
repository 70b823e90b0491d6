//! The floor of the CPU-per-request benchmark: an epoll loop that answers each request with
//! nginx's hello response as fixed bytes, parsing nothing (`cargo xtask bench` runs it as
//! `xtask bench-floor PORT`). Every HTTP server pays at least this kernel work per request
//! (one recv, one send, a share of an epoll_wait); its ratio to nginx is the lowest ratio
//! any server can reach on this machine.

/// nginx's answer to the bench's hello request, byte for byte but for a fixed Date.
const HELLO: &[u8] = b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Fri, 04 Dec 2026 16:30:04 GMT\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n12\r\nHello, OpenResty!\n\r\n0\r\n\r\n";

pub fn main(args: &[String]) -> u8 {
    let Some(port) = args.first().and_then(|p| p.parse::<u16>().ok()) else {
        eprintln!("usage: xtask bench-floor PORT");
        return 2;
    };
    match serve(port) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("bench-floor: {e}");
            1
        }
    }
}

fn serve(port: u16) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    let lfd = listener.as_raw_fd();
    let check = |r: i32| {
        if r < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(r)
        }
    };
    // SAFETY: plain epoll/socket calls on descriptors this function owns; buffers outlive them.
    unsafe {
        let ep = check(libc::epoll_create1(0))?;
        let mut ev = libc::epoll_event {
            events: libc::EPOLLIN as u32,
            u64: lfd as u64,
        };
        check(libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, lfd, &mut ev))?;
        let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 512];
        let mut buf = vec![0u8; 16384];
        loop {
            let n = libc::epoll_wait(ep, events.as_mut_ptr(), events.len() as i32, -1);
            for e in &events[..n.max(0) as usize] {
                let fd = e.u64 as i32;
                if fd == lfd {
                    loop {
                        let c = libc::accept4(
                            lfd,
                            std::ptr::null_mut(),
                            std::ptr::null_mut(),
                            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                        );
                        if c < 0 {
                            break;
                        }
                        let one: libc::c_int = 1;
                        libc::setsockopt(
                            c,
                            libc::IPPROTO_TCP,
                            libc::TCP_NODELAY,
                            &one as *const _ as *const libc::c_void,
                            4,
                        );
                        // Edge-triggered, as nginx registers its connections.
                        let mut ev = libc::epoll_event {
                            events: (libc::EPOLLIN | libc::EPOLLET) as u32,
                            u64: c as u64,
                        };
                        libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, c, &mut ev);
                    }
                    continue;
                }
                // A read that does not fill the buffer drained the socket (nginx's rule too: no
                // recv that would only say EAGAIN).
                loop {
                    let got = libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0);
                    if got <= 0 {
                        if got == 0 || *libc::__errno_location() != libc::EAGAIN {
                            libc::close(fd);
                        }
                        break;
                    }
                    // One answer per request head in what came (wrk does not pipeline, but be
                    // right); libc's memmem, so that the count costs the same in a debug build.
                    let mut rest = &buf[..got as usize];
                    loop {
                        let at = libc::memmem(
                            rest.as_ptr() as *const libc::c_void,
                            rest.len(),
                            b"\r\n\r\n".as_ptr() as *const libc::c_void,
                            4,
                        );
                        if at.is_null() {
                            break;
                        }
                        libc::send(
                            fd,
                            HELLO.as_ptr() as *const libc::c_void,
                            HELLO.len(),
                            libc::MSG_NOSIGNAL,
                        );
                        let skip = (at as usize - rest.as_ptr() as usize) + 4;
                        rest = &rest[skip..];
                    }
                    if (got as usize) < buf.len() {
                        break;
                    }
                }
            }
        }
    }
}
