//! `$secure_link` and `$secure_link_expires` (ngx_http_secure_link_module): `secure_link HASH[,EXPIRES]`
//! checked against the MD5 of `secure_link_md5`, or the old `secure_link_secret` form
//! (`/prefix/MD5HEX/link`).

use md5::{Digest, Md5};

use crate::request::Request;
use crate::worker::Worker;

/// `$secure_link` (`1` valid, `0` expired; None: no match) or `$secure_link_expires`.
pub fn variable(w: &Worker, r: &Request, name: &str) -> Option<String> {
    let c = &crate::output::conf(w, r).secure_link;
    if let Some(secret) = &c.secret {
        return (name == "secure_link")
            .then(|| old_form(r, secret))
            .flatten();
    }
    let (Some(variable), Some(md5)) = (&c.variable, &c.md5) else {
        return None;
    };
    let val = crate::var::eval_text(w, r, variable);
    let (hash, expires) = match val.split_once(',') {
        Some((h, e)) => {
            // ngx_atotm: digits only, else the link is refused
            let t = e
                .parse::<i64>()
                .ok()
                .filter(|_| e.bytes().all(|b| b.is_ascii_digit()));
            match t.filter(|t| *t > 0) {
                Some(t) => (h, Some((t, e))),
                None => return None,
            }
        }
        None => (val.as_str(), None),
    };
    if name == "secure_link_expires" {
        return expires.map(|(_, e)| e.to_string());
    }
    if hash.len() > 24 {
        return None;
    }
    let decoded = crate::ngx::codec::decode_base64url(hash.as_bytes())?;
    if decoded.len() != 16 {
        return None;
    }
    // (the hashed text is bytes: `$uri` with 0xE9 hashes 0xE9)
    let digest = Md5::digest(crate::var::eval(w, r, md5));
    if decoded[..] != digest[..] {
        return None;
    }
    let expired = expires.is_some_and(|(t, _)| t < crate::clock::time());
    Some(if expired { "0" } else { "1" }.to_string())
}

/// `ngx_http_secure_link_old_variable`: the unparsed URI's second segment is the MD5 (hex) of
/// what follows it and the secret; the value is what follows.
fn old_form(r: &Request, secret: &str) -> Option<String> {
    let uri = r.request_uri.as_slice();
    let rest = uri.get(1..)?;
    let start = rest.iter().position(|&b| b == b'/')? + 1;
    let after = &rest[start..];
    let end = after.iter().position(|&b| b == b'/')?;
    let (hex, link) = (&after[..end], &after[end + 1..]);
    if hex.len() != 32 || link.is_empty() {
        return None;
    }
    let mut h = Md5::new();
    h.update(link);
    h.update(secret.as_bytes());
    let digest = h.finalize();
    for (i, byte) in digest.iter().enumerate() {
        let n = u8::from_str_radix(std::str::from_utf8(&hex[2 * i..2 * i + 2]).ok()?, 16).ok()?;
        if n != *byte {
            return None;
        }
    }
    Some(String::from_utf8_lossy(link).into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64url() {
        assert_eq!(
            crate::ngx::codec::decode_base64url(b"aGk").as_deref(),
            Some(&b"hi"[..])
        );
        assert_eq!(
            crate::ngx::codec::decode_base64url(b"-_8"),
            Some(vec![0xfb, 0xff])
        );
        assert_eq!(crate::ngx::codec::decode_base64url(b"a"), None);
        assert_eq!(crate::ngx::codec::decode_base64url(b"a+b/"), None);
    }
}
