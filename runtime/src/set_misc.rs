//! set-misc-nginx-module (bundled with OpenResty): `set_escape_uri $dst [src]` and its
//! siblings, run in the rewrite phase like `set`. A directive with one argument filters the
//! variable's own value.

use crate::plan::SetMiscOp;
use crate::request::Request;
use crate::worker::Worker;

/// The set-misc directive `name` computes, if it is one of those implemented.
pub fn op_of(name: &str) -> Option<SetMiscOp> {
    use SetMiscOp::*;
    Some(match name {
        "set_encode_base64" => EncodeBase64,
        "set_decode_base64" => DecodeBase64,
        "set_encode_hex" => EncodeHex,
        "set_decode_hex" => DecodeHex,
        "set_md5" => Md5,
        "set_sha1" => Sha1,
        "set_hmac_sha1" => HmacSha1,
        "set_unescape_uri" => UnescapeUri,
        "set_escape_uri" => EscapeUri,
        "set_quote_sql_str" => QuoteSqlStr,
        "set_quote_pgsql_str" => QuotePgsqlStr,
        "set_quote_json_str" => QuoteJsonStr,
        "set_encode_base32" => EncodeBase32,
        "set_decode_base32" => DecodeBase32,
        "set_if_empty" => IfEmpty,
        "set_local_today" => LocalToday,
        "set_formatted_gmt_time" => FormattedGmtTime,
        "set_formatted_local_time" => FormattedLocalTime,
        "set_random" => Random,
        "set_secure_random_alphanum" => SecureRandomAlphanum,
        "set_secure_random_lcalpha" => SecureRandomLcalpha,
        _ => return None,
    })
}

/// Whether `ndk.set_var.NAME(value)` can call it: a one-value filter (NDK_SET_VAR_VALUE).
pub fn callable_from_lua(op: SetMiscOp) -> bool {
    use SetMiscOp::*;
    !matches!(
        op,
        HmacSha1 | IfEmpty | Random | FormattedGmtTime | FormattedLocalTime
    )
}

/// What a set-misc directive gives `$dst` from its evaluated arguments (`src` already
/// defaulted to `$dst`'s value); Err is the error line nginx logs before its 500.
pub fn apply(
    w: &Worker,
    rq: &Request,
    op: &SetMiscOp,
    args: &[Vec<u8>],
) -> Result<Vec<u8>, String> {
    use crate::ngx::codec;
    let arg = |i: usize| args.get(i).map(Vec::as_slice).unwrap_or(b"");
    let src = arg(0);
    Ok(match op {
        SetMiscOp::EncodeBase64 => codec::encode_base64(src, false),
        SetMiscOp::DecodeBase64 => codec::decode_base64(src)
            .ok_or_else(|| "set_decode_base64: invalid value".to_string())?,
        SetMiscOp::EncodeHex => hex(src),
        SetMiscOp::DecodeHex => {
            unhex(src).ok_or_else(|| "set_decode_hex: invalid value".to_string())?
        }
        SetMiscOp::Md5 => codec::md5_hex(src).to_vec(),
        SetMiscOp::Sha1 => {
            use sha1::Digest as _;
            hex(&sha1::Sha1::digest(src))
        }
        SetMiscOp::HmacSha1 => codec::hmac_sha1(arg(0), arg(1)).to_vec(),
        SetMiscOp::UnescapeUri => unescape_uri(src),
        SetMiscOp::EscapeUri => escape_uri(src),
        SetMiscOp::QuoteSqlStr => codec::quote_sql_str(src),
        SetMiscOp::QuotePgsqlStr => quote_pgsql(src),
        SetMiscOp::QuoteJsonStr => quote_json(src),
        SetMiscOp::EncodeBase32 => {
            let c = crate::output::conf(w, rq);
            encode_base32(src, alphabet(&c.base32_alphabet), c.base32_padding)
        }
        SetMiscOp::DecodeBase32 => {
            let c = crate::output::conf(w, rq);
            decode_base32(src, alphabet(&c.base32_alphabet))
                .ok_or_else(|| "set_decode_base32: invalid value".to_string())?
        }
        SetMiscOp::IfEmpty => {
            // args: the variable's value, then the default.
            if src.is_empty() {
                arg(1).to_vec()
            } else {
                src.to_vec()
            }
        }
        SetMiscOp::LocalToday => crate::ngx::time::today_str().into_bytes(),
        SetMiscOp::FormattedGmtTime => strftime(src, false),
        SetMiscOp::FormattedLocalTime => strftime(src, true),
        SetMiscOp::Random => {
            // (ngx_atoi: digits only, up to the largest signed value)
            let parse = |b: &[u8], which: &str| {
                std::str::from_utf8(b)
                    .ok()
                    .filter(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
                    .and_then(|s| s.parse::<u64>().ok())
                    .filter(|&v| v <= i64::MAX as u64)
                    .ok_or_else(|| {
                        let v = String::from_utf8_lossy(b);
                        format!("set_random: bad \"{which}\" argument: {v}")
                    })
            };
            let (a, b) = (parse(arg(0), "from")?, parse(arg(1), "to")?);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let r = u64::from_ne_bytes(random::<8>());
            let v = match (hi - lo).checked_add(1) {
                Some(span) => lo + r % span,
                None => r,
            };
            v.to_string().into_bytes()
        }
        SetMiscOp::SecureRandomAlphanum => secure_random(
            src,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        )?,
        SetMiscOp::SecureRandomLcalpha => secure_random(src, b"abcdefghijklmnopqrstuvwxyz")?,
    })
}

/// The default base32 alphabet of set-misc (RFC 4648's "extended hex", lower case).
fn alphabet(a: &Option<String>) -> &[u8] {
    a.as_deref()
        .map(str::as_bytes)
        .unwrap_or(b"0123456789abcdefghijklmnopqrstuv")
}

fn hex(src: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    src.iter()
        .flat_map(|b| [HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]])
        .collect()
}

fn unhex(src: &[u8]) -> Option<Vec<u8>> {
    if src.len() % 2 != 0 {
        return None;
    }
    let val = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    src.chunks(2)
        .map(|p| Some(val(p[0])? << 4 | val(p[1])?))
        .collect()
}

/// nginx's ngx_unescape_uri (what set-misc calls), with `+` as a space: `%XX` decoded; a `%`
/// before a non-hex byte is dropped (the byte kept), a `%X` before one is dropped with it.
fn unescape_uri(src: &[u8]) -> Vec<u8> {
    let hexval = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(src.len());
    let mut it = src.iter().copied();
    while let Some(c) = it.next() {
        match c {
            b'%' => {
                let Some(h) = it.next() else { break };
                let Some(hv) = hexval(h) else {
                    out.push(h);
                    continue;
                };
                let Some(l) = it.next() else { break };
                if let Some(lv) = hexval(l) {
                    out.push(hv << 4 | lv);
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
    }
    out
}

/// set-misc's URI escaping: every byte but letters, digits and `!$'()*,-.@_`|~` becomes `%XX`
/// (upper-case hex).
fn escape_uri(src: &[u8]) -> Vec<u8> {
    const KEPT: &[u8] = b"!$'()*,-.@_`|~";
    let mut out = Vec::with_capacity(src.len());
    for &b in src {
        if b.is_ascii_alphanumeric() || KEPT.contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out
}

/// PostgreSQL's escape-string literal: `E'…'` with `\` and `'` backslashed (`''` when empty).
fn quote_pgsql(src: &[u8]) -> Vec<u8> {
    if src.is_empty() {
        return b"''".to_vec();
    }
    // (the same escapes as MySQL's quoting, after an `E`)
    let mut out = b"E".to_vec();
    out.extend_from_slice(&crate::ngx::codec::quote_sql_str(src));
    out
}

/// A JSON string literal, quotes included (`null` when empty).
fn quote_json(src: &[u8]) -> Vec<u8> {
    if src.is_empty() {
        return b"null".to_vec();
    }
    let mut out = b"\"".to_vec();
    crate::ngx::codec::json_escape(src, &mut out);
    out.push(b'"');
    out
}

fn encode_base32(src: &[u8], alpha: &[u8], padding: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len().div_ceil(5) * 8);
    for group in src.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..group.len()].copy_from_slice(group);
        let bits = buf.iter().fold(0u64, |acc, &b| acc << 8 | b as u64);
        let chars = (group.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(alpha[((bits >> (35 - 5 * i)) & 31) as usize]);
            } else if padding {
                out.push(b'=');
            }
        }
    }
    out
}

fn decode_base32(src: &[u8], alpha: &[u8]) -> Option<Vec<u8>> {
    let data: &[u8] = {
        let end = src.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
        &src[..end]
    };
    // Lengths a base32 text can have once its padding is gone.
    if !matches!(data.len() % 8, 0 | 2 | 4 | 5 | 7) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 5 / 8);
    for group in data.chunks(8) {
        let mut bits = 0u64;
        for &c in group {
            let v = alpha.iter().position(|&a| a == c)? as u64;
            bits = bits << 5 | v;
        }
        bits <<= 5 * (8 - group.len());
        let bytes = group.len() * 5 / 8;
        for i in 0..bytes {
            out.push((bits >> (32 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// `set_formatted_gmt_time` / `_local_time`: the cached time through strftime(3).
fn strftime(fmt: &[u8], local: bool) -> Vec<u8> {
    let Ok(cfmt) = std::ffi::CString::new(fmt) else {
        return Vec::new();
    };
    let t = crate::clock::time() as libc::time_t;
    // SAFETY: gmtime_r/localtime_r fill `tm`; strftime writes at most `buf.len()` bytes.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if local {
            libc::localtime_r(&t, &mut tm);
        } else {
            libc::gmtime_r(&t, &mut tm);
        }
        let mut buf = [0u8; 256];
        let n = libc::strftime(
            buf.as_mut_ptr() as *mut libc::c_char,
            buf.len(),
            cfmt.as_ptr(),
            &tm,
        );
        buf[..n].to_vec()
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // SAFETY: getrandom writes at most `N` bytes into `buf`.
    unsafe { libc::getrandom(buf.as_mut_ptr() as *mut libc::c_void, N, 0) };
    buf
}

/// `set_secure_random_*`: `len` (1..=64) characters of `set`, from the kernel's random source.
fn secure_random(len: &[u8], set: &[u8]) -> Result<Vec<u8>, String> {
    let n = std::str::from_utf8(len)
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| (1..=64).contains(n))
        .ok_or_else(|| {
            format!(
                "secure_random_result: invalid length \"{}\"",
                String::from_utf8_lossy(len)
            )
        })?;
    let bytes = random::<64>();
    Ok(bytes[..n]
        .iter()
        .map(|b| set[*b as usize % set.len()])
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_round_trips() {
        let a = b"0123456789abcdefghijklmnopqrstuv";
        for s in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"abcd",
            b"abcde",
            b"hello world",
        ] {
            let e = encode_base32(s, a, true);
            assert_eq!(decode_base32(&e, a).as_deref(), Some(s));
            let e = encode_base32(s, a, false);
            assert_eq!(decode_base32(&e, a).as_deref(), Some(s));
        }
        assert_eq!(encode_base32(b"a", a, true), b"c4======");
    }
}
