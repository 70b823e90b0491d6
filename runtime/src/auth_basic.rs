//! ngx_http_auth_basic_module: `auth_basic` and `auth_basic_user_file`, an access-phase handler,
//! with ngx_crypt's password schemes (`{PLAIN}`, `{SHA}`, `{SSHA}`, `$apr1$`, and libcrypt's
//! `crypt_r` for everything else, as nginx on Linux does).
//!
//! The user file is read on every request, as nginx reads it: through a 2048-byte buffer with
//! nginx's state machine, so its quirks (a line that is a prefix of the user name swallows the
//! next line, a password longer than the buffer is cut) are the same.

use std::os::unix::fs::FileExt;
use std::rc::Rc;

use crate::engine::log_req;
use crate::output::conf;
use crate::plan::LogLevel;
use crate::request::{ReqRef, Request};
use crate::worker::Worker;

/// What the handler decided (nginx's NGX_DECLINED, NGX_OK, or a status).
pub enum Outcome {
    /// Not configured here (no realm, no user file, or the realm is `off`).
    Declined,
    /// The user and password match the file.
    Allow,
    /// 401 (with its challenge set), 403 (no user file), 500.
    Status(u16),
}

/// ngx_http_auth_basic_user: the user and password of `Authorization: Basic …`, None when the
/// header is missing or is not a well-formed Basic credential with a non-empty user.
pub fn credentials(r: &Request) -> Option<(Vec<u8>, Vec<u8>)> {
    let v = r.header("authorization")?;
    if v.len() < 6 || !v[..6].eq_ignore_ascii_case(b"basic ") {
        return None;
    }
    let encoded = v[6..].trim_ascii_start();
    if encoded.is_empty() {
        return None;
    }
    let mut auth = crate::ngx::codec::decode_base64(encoded)?;
    let colon = memchr::memchr(b':', &auth)?;
    if colon == 0 {
        return None;
    }
    let passwd = auth.split_off(colon + 1);
    auth.truncate(colon);
    Some((auth, passwd))
}

/// The access handler (ngx_http_auth_basic_handler).
pub fn handler(w: &Rc<Worker>, r: &ReqRef) -> Outcome {
    let (realm, user_file) = {
        let rq = r.borrow();
        let c = conf(w, &rq);
        let (Some(realm), Some(file)) = (&c.auth_basic, &c.auth_basic_user_file) else {
            return Outcome::Declined;
        };
        let realm = crate::var::eval_text(w, &rq, realm);
        if realm == "off" {
            return Outcome::Declined;
        }
        (realm, file)
    };
    let Some((user, passwd)) = credentials(&r.borrow()) else {
        log_req(
            w,
            r,
            LogLevel::Info,
            "no user/password was provided for basic authentication",
        );
        return challenge(r, &realm);
    };
    let name = {
        let rq = r.borrow();
        let value = crate::var::eval_text(w, &rq, &user_file.path);
        // (relative to the conf prefix, as ngx_get_full_name resolves it; an absolute value
        // replaces it)
        w.prefix.join(&user_file.conf_dir).join(value)
    };
    let shown = name.display().to_string();
    let file = match std::fs::File::open(&name) {
        Ok(f) => f,
        Err(e) => {
            let (level, status) = match e.kind() {
                std::io::ErrorKind::NotFound => (LogLevel::Error, 403),
                _ => (LogLevel::Crit, 500),
            };
            let text = crate::staticfile::errno_text(&e);
            log_req(w, r, level, &format!("open() \"{shown}\" failed ({text})"));
            return Outcome::Status(status);
        }
    };
    let stored = match find_password(&file, &user) {
        Ok(p) => p,
        Err(e) => {
            let text = crate::staticfile::errno_text(&e);
            log_req(
                w,
                r,
                LogLevel::Crit,
                &format!("pread() \"{shown}\" failed ({text})"),
            );
            return Outcome::Status(500);
        }
    };
    let user_text = String::from_utf8_lossy(&user).into_owned();
    let Some(stored) = stored else {
        let msg = format!("user \"{user_text}\" was not found in \"{shown}\"");
        log_req(w, r, LogLevel::Error, &msg);
        return challenge(r, &realm);
    };
    // (both sides are C strings in nginx: each ends at its first NUL)
    let stored = cstr(&stored);
    let Some(encrypted) = crypt(cstr(&passwd), stored) else {
        log_req(w, r, LogLevel::Crit, "crypt_r() failed");
        return Outcome::Status(500);
    };
    if cstr(&encrypted) == stored {
        return Outcome::Allow;
    }
    log_req(
        w,
        r,
        LogLevel::Error,
        &format!("user \"{user_text}\": password mismatch"),
    );
    challenge(r, &realm)
}

/// ngx_http_auth_basic_set_realm: the challenge (the realm as it is, quotes and all), and 401.
fn challenge(r: &ReqRef, realm: &str) -> Outcome {
    r.borrow_mut().headers_out.others.push((
        "WWW-Authenticate".into(),
        format!("Basic realm=\"{realm}\"").into(),
    ));
    Outcome::Status(401)
}

fn cstr(s: &[u8]) -> &[u8] {
    match memchr::memchr(0, s) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// NGX_HTTP_AUTH_BUF_SIZE.
const BUF_SIZE: usize = 2048;

/// The password field of `user`'s line, read as ngx_http_auth_basic_handler reads the file:
/// `#` or CR at the start of a line makes it a comment, the user name must be followed by `:`,
/// the password ends at LF, CR or `:`, or at the end of the file.
fn find_password(file: &std::fs::File, user: &[u8]) -> std::io::Result<Option<Vec<u8>>> {
    enum State {
        Login,
        Passwd,
        Skip,
    }
    // (the user as nginx holds it: the decoded credentials, where `:` follows the name)
    let at = |i: usize| user.get(i).copied().unwrap_or(b':');
    let mut buf = [0u8; BUF_SIZE];
    let mut state = State::Login;
    let (mut login, mut passwd, mut left, mut offset) = (0usize, 0usize, 0usize, 0u64);
    let mut i;
    loop {
        i = left;
        let n = read_at(file, &mut buf[left..], offset)?;
        if n == 0 {
            break;
        }
        i = left;
        while i < left + n {
            let c = buf[i];
            match state {
                State::Login => {
                    if login == 0 && (c == b'#' || c == b'\r') {
                        state = State::Skip;
                    } else if login == 0 && c == b'\n' {
                        // (an empty line)
                    } else if c != at(login) {
                        state = State::Skip;
                    } else {
                        if login == user.len() {
                            state = State::Passwd;
                            passwd = i + 1;
                        }
                        login += 1;
                    }
                }
                State::Passwd => {
                    if c == b'\n' || c == b'\r' || c == b':' {
                        return Ok(Some(buf[passwd..i].to_vec()));
                    }
                }
                State::Skip => {
                    if c == b'\n' {
                        state = State::Login;
                        login = 0;
                    }
                }
            }
            i += 1;
        }
        if let State::Passwd = state {
            left = left + n - passwd;
            buf.copy_within(passwd..passwd + left, 0);
            passwd = 0;
        } else {
            left = 0;
        }
        offset += n as u64;
    }
    Ok(match state {
        State::Passwd => Some(buf[passwd..i].to_vec()),
        _ => None,
    })
}

/// ngx_read_file: one pread (retried when interrupted).
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// ngx_crypt: the stored value's scheme hashes the key; None when libcrypt fails.
pub fn crypt(key: &[u8], salt: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    use sha1::Digest;
    let b64 = base64::engine::general_purpose::STANDARD;
    if salt.starts_with(b"$apr1$") {
        Some(apr1(key, salt))
    } else if salt.starts_with(b"{PLAIN}") {
        Some([b"{PLAIN}", key].concat())
    } else if let Some(rest) = salt.strip_prefix(b"{SSHA}") {
        // The salt follows the 20-byte digest; undecodable data counts as no salt.
        let decoded = crate::ngx::codec::decode_base64(rest).unwrap_or_default();
        let salt = decoded.get(20..).unwrap_or(&[]);
        let mut h = sha1::Sha1::new();
        h.update(key);
        h.update(salt);
        let mut out = h.finalize().to_vec();
        out.extend_from_slice(salt);
        Some(format!("{{SSHA}}{}", b64.encode(out)).into_bytes())
    } else if salt.starts_with(b"{SHA}") {
        Some(format!("{{SHA}}{}", b64.encode(sha1::Sha1::digest(key))).into_bytes())
    } else {
        libc_crypt(key, salt)
    }
}

/// ngx_crypt_apr1: Apache's MD5 crypt (Poul-Henning Kamp's with the `$apr1$` magic).
fn apr1(key: &[u8], setting: &[u8]) -> Vec<u8> {
    use md5::{Digest, Md5};
    let rest = &setting[6..];
    let salt_len = rest.iter().take(8).take_while(|&&c| c != b'$').count();
    let salt = &rest[..salt_len];
    let mut md5 = Md5::new();
    md5.update(key);
    md5.update(b"$apr1$");
    md5.update(salt);
    let mut final_: [u8; 16] = Md5::new()
        .chain_update(key)
        .chain_update(salt)
        .chain_update(key)
        .finalize()
        .into();
    let mut n = key.len() as isize;
    while n > 0 {
        md5.update(&final_[..n.min(16) as usize]);
        n -= 16;
    }
    final_ = [0; 16];
    let mut i = key.len();
    while i != 0 {
        if i & 1 == 1 {
            md5.update(&final_[..1]);
        } else {
            md5.update(&key[..1]);
        }
        i >>= 1;
    }
    final_ = md5.finalize().into();
    for i in 0..1000 {
        let mut ctx = Md5::new();
        if i & 1 == 1 {
            ctx.update(key);
        } else {
            ctx.update(final_);
        }
        if i % 3 != 0 {
            ctx.update(salt);
        }
        if i % 7 != 0 {
            ctx.update(key);
        }
        if i & 1 == 1 {
            ctx.update(final_);
        } else {
            ctx.update(key);
        }
        final_ = ctx.finalize().into();
    }
    let mut out = b"$apr1$".to_vec();
    out.extend_from_slice(salt);
    out.push(b'$');
    let f = |i: usize| final_[i] as u32;
    for (v, n) in [
        ((f(0) << 16) | (f(6) << 8) | f(12), 4),
        ((f(1) << 16) | (f(7) << 8) | f(13), 4),
        ((f(2) << 16) | (f(8) << 8) | f(14), 4),
        ((f(3) << 16) | (f(9) << 8) | f(15), 4),
        ((f(4) << 16) | (f(10) << 8) | f(5), 4),
        (f(11), 2),
    ] {
        to64(&mut out, v, n);
    }
    out
}

/// ngx_crypt_to64.
fn to64(out: &mut Vec<u8>, mut v: u32, n: usize) {
    const ITOA64: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for _ in 0..n {
        out.push(ITOA64[(v & 0x3f) as usize]);
        v >>= 6;
    }
}

/// `struct crypt_data` of libxcrypt (crypt.h: "add up to exactly 32768 bytes").
const CRYPT_DATA_SIZE: usize = 32768;

#[link(name = "crypt")]
unsafe extern "C" {
    fn crypt_r(
        phrase: *const libc::c_char,
        setting: *const libc::c_char,
        data: *mut libc::c_void,
    ) -> *mut libc::c_char;
}

/// ngx_libc_crypt with crypt_r (NGX_HAVE_GNU_CRYPT_R): libxcrypt's MD5-crypt, SHA-crypt,
/// yescrypt, bcrypt, DES…; an unknown or malformed setting gives its failure token (`*0`),
/// which matches no stored value.
fn libc_crypt(key: &[u8], salt: &[u8]) -> Option<Vec<u8>> {
    let key = std::ffi::CString::new(cstr(key)).ok()?;
    let salt = std::ffi::CString::new(cstr(salt)).ok()?;
    // (zeroed, so `initialized` is 0)
    let mut data = vec![0u8; CRYPT_DATA_SIZE];
    // SAFETY: both strings are NUL-terminated, `data` is a zeroed buffer of the size of
    // `struct crypt_data`; the result points into `data` (or is NULL) and is copied at once.
    let out = unsafe { crypt_r(key.as_ptr(), salt.as_ptr(), data.as_mut_ptr().cast()) };
    if out.is_null() {
        return None;
    }
    // SAFETY: crypt_r returns a NUL-terminated string inside `data`, still alive here.
    let s = unsafe { std::ffi::CStr::from_ptr(out) }.to_bytes().to_vec();
    data.fill(0);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        let ok = |key: &str, stored: &str| {
            crypt(key.as_bytes(), stored.as_bytes()).unwrap() == stored.as_bytes()
        };
        assert!(ok("secret", "$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/"));
        assert!(!ok("Secret", "$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/"));
        assert!(ok("secret", "{PLAIN}secret"));
        assert!(ok("secret", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="));
        assert!(ok(
            "secret",
            "{SSHA}+rvziNkZ1S+q3I9Y4L7TlBR47kZOYUNsMTIzNA=="
        ));
        assert!(ok("secret", "$1$saltsalt$9xy1btjgzLYfb7hivXtC//"));
        assert!(ok(
            "secret",
            "$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA"
        ));
        assert!(ok("secret", "abNANd1rDfiNc"));
        assert_eq!(crypt(b"secret", b"").unwrap(), b"*0");
    }
}
