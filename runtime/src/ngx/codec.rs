//! Encoding and hashing: `ngx.md5`, `md5_bin`, `sha1_bin`, `hmac_sha1`, `crc32_short`,
//! `crc32_long`, `encode_base64`, `decode_base64`, `decode_base64mime`, `escape_uri`,
//! `unescape_uri`, `encode_args`, `decode_args`, `quote_sql_str`.
//!
//! Mirrors `ngx_http_lua_string.c`, `ngx_http_lua_args.c` and lua-resty-core's `base64.lua`,
//! `hash.lua` and `uri.lua` (OpenResty 0.10.23 always loads resty.core, so the argument
//! handling of those Lua wrappers is the behaviour to match: `ngx.md5(nil)` hashes `""`,
//! `ngx.md5({})` hashes `tostring({})`, `ngx.decode_base64(1)` raises `string argument only`).
//! The Lua wrappers below are those of resty.core, calling Rust primitives instead of FFI.
//!
//! `ngx.decode_base64mime` does not exist in 0.10.23 (it came with 0.10.28); it is provided with
//! the later semantics: characters outside the base64 alphabet are skipped.
//!
//! The pure functions ([`escape_uri`], [`unescape_uri`], [`decode_base64`], [`parse_args`], …)
//! are public for the request core (`ngx.req.get_uri_args`) and for native handlers.

use std::borrow::Cow;

use base64::Engine as _;
use hmac::Mac as _;
use md5::Digest as _;
use mlua::{Lua, MultiValue, Table, Value};

use super::raise::{self, RResult, fail};

/// `NGX_ESCAPE_URI` .. `NGX_ESCAPE_MAIL_AUTH`: bitmaps of the bytes each type escapes, as
/// measured on nginx 1.22.1 + lua-nginx-module 0.10.23 (`ngx.escape_uri(c, type)` for every byte).
const ESCAPE: [[u32; 8]; 8] = [
    // 0: NGX_ESCAPE_URI
    [
        0xffffffff, 0x80000029, 0x00000000, 0x80000000, 0xffffffff, 0xffffffff, 0xffffffff,
        0xffffffff,
    ],
    // 1: NGX_ESCAPE_ARGS
    [
        0xffffffff, 0x80000829, 0x00000000, 0x80000000, 0xffffffff, 0xffffffff, 0xffffffff,
        0xffffffff,
    ],
    // 2: NGX_ESCAPE_URI_COMPONENT (the default of ngx.escape_uri)
    [
        0xffffffff, 0xfc00987d, 0x78000001, 0xb8000001, 0xffffffff, 0xffffffff, 0xffffffff,
        0xffffffff,
    ],
    // 3: NGX_ESCAPE_HTML
    [
        0xffffffff, 0x000000ad, 0x00000000, 0x80000000, 0xffffffff, 0xffffffff, 0xffffffff,
        0xffffffff,
    ],
    // 4: NGX_ESCAPE_REFRESH
    [
        0xffffffff, 0x00000085, 0x00000000, 0x80000000, 0xffffffff, 0xffffffff, 0xffffffff,
        0xffffffff,
    ],
    // 5: NGX_ESCAPE_MEMCACHED
    [
        0xffffffff, 0x00000021, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
        0x00000000,
    ],
    // 6: NGX_ESCAPE_MAIL_AUTH
    [
        0xffffffff, 0x00000021, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
        0x00000000,
    ],
    // 7: what `ngx.req.set_uri_args("…")` escapes: controls, space and DEL (not reachable
    // through ngx.escape_uri, whose Lua wrapper allows 0..=6).
    [
        0xffffffff, 0x00000001, 0x00000000, 0x80000000, 0x00000000, 0x00000000, 0x00000000,
        0x00000000,
    ],
];

/// What `ngx.req.set_uri_args("…")` escapes.
pub const ESCAPE_ARGS: usize = 7;
/// `ngx.escape_uri`'s default type.
pub const ESCAPE_URI_COMPONENT: usize = 2;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `ngx_http_lua_escape_uri`: percent-encodes (upper-case hex) the bytes that `kind` (0..=7)
/// escapes. Borrows the input when nothing needs escaping.
pub fn escape_uri(src: &[u8], kind: usize) -> Cow<'_, [u8]> {
    let map = &ESCAPE[kind.min(ESCAPE.len() - 1)];
    let escapes = |b: u8| map[(b >> 5) as usize] & (1 << (b & 0x1f)) != 0;
    let n = src.iter().filter(|&&b| escapes(b)).count();
    if n == 0 {
        return Cow::Borrowed(src);
    }
    let mut out = Vec::with_capacity(src.len() + 2 * n);
    for &b in src {
        if escapes(b) {
            out.push(b'%');
            out.push(HEX_UPPER[(b >> 4) as usize]);
            out.push(HEX_UPPER[(b & 0xf) as usize]);
        } else {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

fn hexval(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        _ => {
            let c = c | 0x20;
            if (b'a'..=b'f').contains(&c) {
                Some(c - b'a' + 10)
            } else {
                None
            }
        }
    }
}

/// `ngx_http_lua_unescape_uri(.., NGX_UNESCAPE_URI_COMPONENT)`: `%XX` decoded, `+` becomes a
/// space, a malformed escape is kept as written (`%zz` stays `%zz`, `%%41` gives `%A`).
pub fn unescape_uri(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'%' {
            match src.get(i + 1).copied().and_then(hexval) {
                Some(h) => match src.get(i + 2).copied().and_then(hexval) {
                    Some(l) => {
                        out.push((h << 4) | l);
                        i += 3;
                    }
                    None => {
                        // keep "%X" and look at the next byte afresh
                        out.push(b'%');
                        out.push(src[i + 1]);
                        i += 2;
                    }
                },
                None => {
                    out.push(b'%');
                    i += 1;
                }
            }
        } else if c == b'+' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `ngx_encode_base64` / `ngx_encode_base64url`-style padding control.
pub fn encode_base64(src: &[u8], no_padding: bool) -> Vec<u8> {
    let s = if no_padding {
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(src)
    } else {
        base64::engine::general_purpose::STANDARD.encode(src)
    };
    s.into_bytes()
}

const B64_INVALID: u8 = 77;

fn b64_basis(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => B64_INVALID,
    }
}

fn b64_decode_valid(s: &[u8]) -> Option<Vec<u8>> {
    // `s` holds only alphabet characters
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut chunks = s.chunks_exact(4);
    for c in &mut chunks {
        let (a, b, c2, d) = (
            b64_basis(c[0]),
            b64_basis(c[1]),
            b64_basis(c[2]),
            b64_basis(c[3]),
        );
        out.push((a << 2) | (b >> 4));
        out.push((b << 4) | (c2 >> 2));
        out.push((c2 << 6) | d);
    }
    let r = chunks.remainder();
    if r.len() > 1 {
        out.push((b64_basis(r[0]) << 2) | (b64_basis(r[1]) >> 4));
    }
    if r.len() > 2 {
        out.push((b64_basis(r[1]) << 4) | (b64_basis(r[2]) >> 2));
    }
    Some(out)
}

/// `ngx_decode_base64`: input up to the first `=` must be alphabet characters (`None`
/// otherwise, or when its length is 1 mod 4); the rest is ignored; leftover bits are not checked.
pub fn decode_base64(src: &[u8]) -> Option<Vec<u8>> {
    let end = memchr::memchr(b'=', src).unwrap_or(src.len());
    let s = &src[..end];
    if s.iter().any(|&c| b64_basis(c) == B64_INVALID) {
        return None;
    }
    b64_decode_valid(s)
}

/// `ngx_http_lua_ffi_decode_base64mime` (lua-nginx-module 0.10.28): like [`decode_base64`] but
/// characters outside the alphabet (line breaks, spaces, …) are skipped.
/// `ngx_decode_base64url`: `-` and `_`, no padding needed; it stops at the first `=` and
/// refuses a length of 4n+1 or a byte outside the alphabet.
pub fn decode_base64url(src: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let end = src.iter().position(|c| *c == b'=').unwrap_or(src.len());
    let engine = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );
    (end % 4 != 1)
        .then(|| engine.decode(&src[..end]).ok())
        .flatten()
}

pub fn decode_base64mime(src: &[u8]) -> Option<Vec<u8>> {
    let end = memchr::memchr(b'=', src).unwrap_or(src.len());
    let s: Vec<u8> = src[..end]
        .iter()
        .copied()
        .filter(|&c| b64_basis(c) != B64_INVALID)
        .collect();
    b64_decode_valid(&s)
}

/// A JSON string's escaping (autoindex's JSON, set-misc's set_quote_json_str): `"` and `\`
/// backslashed, control bytes as `\n`-style escapes or `\u00xx`, other bytes as they are.
pub fn json_escape(s: &[u8], out: &mut Vec<u8>) {
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            c => out.push(c),
        }
    }
}

/// `ngx_http_lua_ngx_escape_sql_str` wrapped in single quotes.
pub fn quote_sql_str(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len() + 2);
    out.push(b'\'');
    for &c in src {
        match c {
            0 => out.extend_from_slice(b"\\0"),
            8 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            26 => out.extend_from_slice(b"\\Z"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            _ => out.push(c),
        }
    }
    out.push(b'\'');
    out
}

/// The hex MD5 digest (lower case), as `ngx.md5`.
pub fn md5_hex(src: &[u8]) -> [u8; 32] {
    let d = md5::Md5::digest(src);
    let mut out = [0u8; 32];
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in d.iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 0xf) as usize];
    }
    out
}

/// HMAC-SHA1, as `ngx.hmac_sha1(key, msg)`.
pub fn hmac_sha1(key: &[u8], msg: &[u8]) -> [u8; 20] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match hmac::Hmac::<sha1::Sha1>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 20],
    };
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// The pairs of `ngx_http_lua_parse_args`: `a=1&b&a=2` gives a=1, b, a=2 (unescaped); empty keys
/// are dropped; `max > 0` stops after `max` `&`-separated pairs (then `truncated` is true).
pub fn split_args(buf: &[u8], max: i64) -> (ArgPairs<'_>, bool) {
    let mut pairs = Vec::new();
    let mut truncated = false;
    fn unescape(b: &[u8]) -> Cow<'_, [u8]> {
        if memchr::memchr2(b'%', b'+', b).is_some() {
            Cow::Owned(unescape_uri(b))
        } else {
            Cow::Borrowed(b)
        }
    }
    fn push<'a>(pairs: &mut ArgPairs<'a>, key: &'a [u8], val: Option<&'a [u8]>) {
        let k = unescape(key);
        if !k.is_empty() {
            pairs.push((k, val.map(unescape)));
        }
    }
    let mut count: i64 = 0;
    let mut start = 0;
    let mut eq: Option<usize> = None;
    for (i, &c) in buf.iter().enumerate() {
        if c == b'=' && eq.is_none() {
            eq = Some(i);
        } else if c == b'&' {
            match eq {
                Some(e) => push(&mut pairs, &buf[start..e], Some(&buf[e + 1..i])),
                None => push(&mut pairs, &buf[start..i], None),
            }
            start = i + 1;
            eq = None;
            count += 1;
            if max > 0 && count == max {
                truncated = true;
                break;
            }
        }
    }
    if !truncated {
        match eq {
            Some(e) => push(&mut pairs, &buf[start..e], Some(&buf[e + 1..])),
            None if start != buf.len() => push(&mut pairs, &buf[start..], None),
            None => {}
        }
    }
    (pairs, truncated)
}

/// Query arguments, keys and values unescaped (None: a bare key).
pub type ArgPairs<'a> = Vec<(Cow<'a, [u8]>, Option<Cow<'a, [u8]>>)>;

/// `ngx_http_lua_parse_args` (with `ngx_http_lua_set_multi_value_table`) on the raw stack:
/// pushes the table of `pairs`: `{a = {"1", "2"}, b = true}` (a repeated key's values in an
/// array, a bare key as true). Shared by get_uri_args / get_post_args.
///
/// # Safety
/// `l` must have room for three more slots; only raw table and string operations are used.
pub unsafe fn push_args_table(l: *mut mlua::ffi::lua_State, pairs: &ArgPairs<'_>) {
    unsafe {
        use mlua::ffi;
        ffi::lua_createtable(l, 0, pairs.len().min(64) as i32);
        for (k, v) in pairs {
            ffi::lua_pushlstring(l, k.as_ptr() as *const _, k.len());
            ffi::lua_pushvalue(l, -1);
            ffi::lua_rawget(l, -3);
            let push_v = |l: *mut ffi::lua_State| match v {
                Some(v) => {
                    ffi::lua_pushlstring(l, v.as_ptr() as *const _, v.len());
                }
                None => ffi::lua_pushboolean(l, 1),
            };
            match ffi::lua_type(l, -1) {
                ffi::LUA_TNIL => {
                    // t k nil
                    ffi::lua_pop(l, 1);
                    push_v(l);
                    ffi::lua_rawset(l, -3);
                }
                ffi::LUA_TTABLE => {
                    // t k arr: a repeated key's values, in order
                    let n = ffi::lua_objlen(l, -1);
                    push_v(l);
                    ffi::lua_rawseti(l, -2, n as i64 + 1);
                    ffi::lua_pop(l, 2);
                }
                _ => {
                    // t k old: the second value makes an array of both
                    ffi::lua_createtable(l, 4, 0);
                    ffi::lua_insert(l, -2);
                    ffi::lua_rawseti(l, -2, 1);
                    push_v(l);
                    ffi::lua_rawseti(l, -2, 2);
                    ffi::lua_rawset(l, -3);
                }
            }
        }
    }
}

/// get_uri_args/get_post_args: the table (built in one protected call on the raw stack: a table
/// built through mlua values costs several times more) and whether args were left out.
pub fn parse_args(lua: &Lua, buf: &[u8], max: i64) -> mlua::Result<(Table, bool)> {
    let (pairs, truncated) = split_args(buf, max);
    if truncated {
        crate::ngx::req::debug_log(&format!("lua hit query args limit {max}"));
    }
    // SAFETY: push_args_table pushes exactly the table; exec_raw's protected call turns memory
    // errors into an Err.
    let t: Table = unsafe { lua.exec_raw((), |l| push_args_table(l, &pairs))? };
    Ok((t, truncated))
}

/// `ngx_http_lua_process_args_option`: a table of query args → `k=v&k2&k3=a&k3=b`, in `next`
/// order. Errors carry lua-nginx-module's messages.
pub fn encode_args(lua: &Lua, t: &Table) -> RResult<Vec<u8>> {
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    let piece = |key: &[u8], val: Option<&[u8]>| -> Vec<u8> {
        let mut p = escape_uri(key, ESCAPE_URI_COMPONENT).into_owned();
        if let Some(v) = val {
            p.push(b'=');
            p.extend_from_slice(&escape_uri(v, ESCAPE_URI_COMPONENT));
        }
        p
    };
    for pair in t.pairs::<Value, Value>() {
        let (k, v) = pair?;
        let key = match &k {
            Value::String(s) => s.as_bytes().to_vec(),
            _ => return fail("attempt to use a non-string key in the \"args\" option table"),
        };
        match v {
            Value::String(_) | Value::Integer(_) | Value::Number(_) => {
                let s = lua.coerce_string(v)?.map(|s| s.as_bytes().to_vec());
                pieces.push(piece(&key, Some(&s.unwrap_or_default())));
            }
            Value::Boolean(true) => pieces.push(piece(&key, None)),
            Value::Boolean(false) => {}
            Value::Table(arr) => {
                for item in arr.pairs::<Value, Value>() {
                    let (_, item) = item?;
                    match item {
                        Value::Boolean(true) => pieces.push(piece(&key, None)),
                        Value::Boolean(false) => {}
                        Value::String(_) | Value::Integer(_) | Value::Number(_) => {
                            let s = lua.coerce_string(item)?.map(|s| s.as_bytes().to_vec());
                            pieces.push(piece(&key, Some(&s.unwrap_or_default())));
                        }
                        other => {
                            return fail(format!(
                                "attempt to use {} as query arg value",
                                raise::typename(&other)
                            ));
                        }
                    }
                }
            }
            other => {
                return fail(format!(
                    "attempt to use {} as query arg value",
                    raise::typename(&other)
                ));
            }
        }
    }
    Ok(pieces.join(&b'&'))
}

/// resty.core's Lua wrappers (base64.lua, hash.lua, uri.lua) over the Rust primitives in `P`.
const WRAPPERS: &str = r#"
local P, ngx = ...
local type, tostring, error = type, tostring, error

ngx.encode_base64 = function (s, no_padding)
    if type(s) ~= 'string' then
        if not s then
            s = ''
        else
            s = tostring(s)
        end
    end
    local no_padding_bool = false
    if no_padding then
        if no_padding ~= true then
            local typ = type(no_padding)
            error("bad no_padding: boolean expected, got " .. typ, 2)
        end
        no_padding_bool = true
    end
    return P.encode_base64(s, no_padding_bool)
end

local decode_base64 = P.decode_base64
ngx.decode_base64 = function (s)
    if type(s) ~= 'string' then
        error("string argument only", 2)
    end
    return decode_base64(s)
end

local decode_base64mime = P.decode_base64mime
ngx.decode_base64mime = function (s)
    if type(s) ~= 'string' then
        error("string argument only", 2)
    end
    return decode_base64mime(s)
end

local function hash(f)
    return function (s)
        if type(s) ~= 'string' then
            if not s then
                s = ''
            else
                s = tostring(s)
            end
        end
        return f(s)
    end
end
ngx.md5_bin = hash(P.md5_bin)
ngx.md5 = hash(P.md5)
ngx.sha1_bin = hash(P.sha1_bin)
ngx.crc32_short = hash(P.crc32)
ngx.crc32_long = hash(P.crc32)

local escape_uri = P.escape_uri
ngx.escape_uri = function (s, esc_type)
    if type(s) ~= 'string' then
        if not s then
            s = ''
        else
            s = tostring(s)
        end
    end
    if esc_type == nil then
        esc_type = 2
    else
        if type(esc_type) ~= 'number' then
            error("\"type\" is not a number", 3)
        end
        if esc_type < 0 or esc_type > 6 then
            error("\"type\" " .. esc_type .. " out of range", 3)
        end
    end
    return escape_uri(s, esc_type)
end

local unescape_uri = P.unescape_uri
ngx.unescape_uri = function (s)
    if type(s) ~= 'string' then
        if not s then
            s = ''
        else
            s = tostring(s)
        end
    end
    return unescape_uri(s)
end
"#;

/// Installs the encoding/hashing API into the `ngx` table.
pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    let p = lua.create_table_with_capacity(0, 10)?;
    p.raw_set(
        "encode_base64",
        lua.create_function(|lua, (s, np): (mlua::LuaString, bool)| {
            lua.create_string(encode_base64(&s.as_bytes(), np))
        })?,
    )?;
    p.raw_set(
        "decode_base64",
        lua.create_function(|lua, s: mlua::LuaString| {
            decode_base64(&s.as_bytes())
                .map(|d| lua.create_string(d))
                .transpose()
        })?,
    )?;
    p.raw_set(
        "decode_base64mime",
        lua.create_function(|lua, s: mlua::LuaString| {
            decode_base64mime(&s.as_bytes())
                .map(|d| lua.create_string(d))
                .transpose()
        })?,
    )?;
    p.raw_set(
        "md5_bin",
        lua.create_function(|lua, s: mlua::LuaString| {
            lua.create_string(md5::Md5::digest(&*s.as_bytes()))
        })?,
    )?;
    p.raw_set(
        "md5",
        lua.create_function(|lua, s: mlua::LuaString| lua.create_string(md5_hex(&s.as_bytes())))?,
    )?;
    p.raw_set(
        "sha1_bin",
        lua.create_function(|lua, s: mlua::LuaString| {
            lua.create_string(sha1::Sha1::digest(&*s.as_bytes()))
        })?,
    )?;
    p.raw_set(
        "crc32",
        lua.create_function(|_, s: mlua::LuaString| Ok(crc32fast::hash(&s.as_bytes()) as f64))?,
    )?;
    p.raw_set(
        "escape_uri",
        lua.create_function(|lua, (s, kind): (mlua::LuaString, f64)| {
            let kind = kind as usize; // FFI `int` conversion truncates; range checked in Lua
            match escape_uri(&s.as_bytes(), kind) {
                Cow::Borrowed(_) => Ok(s.clone()),
                Cow::Owned(v) => lua.create_string(v),
            }
        })?,
    )?;
    p.raw_set(
        "unescape_uri",
        lua.create_function(|lua, s: mlua::LuaString| {
            lua.create_string(unescape_uri(&s.as_bytes()))
        })?,
    )?;
    lua.load(WRAPPERS)
        .set_name("=[restyc ngx codec]")
        .call::<()>((p, ngx.clone()))?;

    // The C functions of ngx_http_lua_string.c / ngx_http_lua_args.c.
    ngx.raw_set(
        "hmac_sha1",
        raise::function(lua, |lua, args: MultiValue| {
            if args.len() != 2 {
                return fail(format!("expecting 2 arguments, but got {}", args.len()));
            }
            let key = raise::check_bytes(lua, &args, 1)?;
            let msg = raise::check_bytes(lua, &args, 2)?;
            Ok(lua.create_string(hmac_sha1(&key.as_bytes(), &msg.as_bytes()))?)
        })?,
    )?;
    ngx.raw_set(
        "quote_sql_str",
        raise::function(lua, |lua, args: MultiValue| {
            if args.len() != 1 {
                return fail("expecting one argument");
            }
            let s = raise::check_bytes(lua, &args, 1)?;
            Ok(lua.create_string(quote_sql_str(&s.as_bytes()))?)
        })?,
    )?;
    ngx.raw_set(
        "encode_args",
        raise::function(lua, |lua, args: MultiValue| {
            if args.len() != 1 {
                return fail(format!("expecting 1 argument but seen {}", args.len()));
            }
            let t = match args.front() {
                Some(Value::Table(t)) => t.clone(),
                _ => return raise::type_error(&args, 1, "table"),
            };
            Ok(lua.create_string(encode_args(lua, &t)?)?)
        })?,
    )?;
    ngx.raw_set(
        "decode_args",
        raise::function(lua, |lua, args: MultiValue| {
            let n = args.len();
            if n != 1 && n != 2 {
                return fail(format!("expecting 1 or 2 arguments but seen {n}"));
            }
            let s = raise::check_bytes(lua, &args, 1)?;
            let max = if n == 2 {
                raise::check_int(lua, &args, 2)? as i32 as i64
            } else {
                100
            };
            let (t, truncated) = parse_args(lua, &s.as_bytes(), max)?;
            let mut out = MultiValue::with_capacity(2);
            out.push_back(Value::Table(t));
            if truncated {
                out.push_back(Value::String(lua.create_string("truncated")?));
            }
            Ok(out)
        })?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngx::testutil::{check, lua, ngx_table};

    fn env() -> Lua {
        let lua = lua();
        let ngx = ngx_table(&lua);
        inject(&lua, &ngx).expect("inject");
        lua
    }

    // Every expected text below was printed by nginx 1.22.1 + lua-nginx-module 0.10.23 +
    // lua-resty-core 0.1.25 running the same script (see `testutil`).

    #[test]
    fn hashes_base64_sql() {
        check(
            &env(),
            r#"
local function P(name, ...) p(name, pcall(...)) end
P("md5", ngx.md5, "hello")
P("md5 nil", ngx.md5, nil)
P("md5 num", ngx.md5, 12)
P("md5 none", ngx.md5)
P("md5 bool", ngx.md5, true)
P("md5_bin", function() return ngx.encode_base64(ngx.md5_bin("abc")) end)
P("md5_bin nil", function() return ngx.encode_base64(ngx.md5_bin()) end)
P("sha1", function() return ngx.encode_base64(ngx.sha1_bin("abc")) end)
P("sha1 bool", function() return ngx.encode_base64(ngx.sha1_bin(true)) end)
P("sha1 long", function() return ngx.encode_base64(ngx.sha1_bin(string.rep("x", 1000))) end)
P("hmac", function() return ngx.encode_base64(ngx.hmac_sha1("key", "The quick brown fox")) end)
P("hmac longkey", function() return ngx.encode_base64(ngx.hmac_sha1(string.rep("k", 100), "")) end)
P("hmac num", function() return ngx.encode_base64(ngx.hmac_sha1(1, 2)) end)
P("hmac nil", ngx.hmac_sha1, nil, "x")
P("hmac 1arg", ngx.hmac_sha1, "x")
P("hmac 3arg", ngx.hmac_sha1, "x", "y", "z")
P("hmac direct", function() return ngx.hmac_sha1("x", {}) end)
P("hmac direct2", function() return ngx.hmac_sha1("x") end)
P("crc32s", ngx.crc32_short, "hello world")
P("crc32l", ngx.crc32_long, "hello world")
P("crc32l long", ngx.crc32_long, string.rep("abc", 1000))
P("crc32s empty", ngx.crc32_short, "")
P("crc32 nil", ngx.crc32_long, nil)
P("crc32 num", ngx.crc32_short, 42)
P("b64", ngx.encode_base64, "hello")
P("b64 np", ngx.encode_base64, "hello", true)
P("b64 np false", ngx.encode_base64, "hello", false)
P("b64 np str", ngx.encode_base64, "hello", "yes")
P("b64 np direct", function() return ngx.encode_base64("x", 1) end)
P("b64 nil", ngx.encode_base64, nil)
P("b64 false", ngx.encode_base64, false)
P("b64 num", ngx.encode_base64, 3.5)
P("b64 bin", ngx.encode_base64, "\0\1\2\255\254")
P("b64 1", ngx.encode_base64, "a", true)
P("b64 2", ngx.encode_base64, "ab", true)
P("db64", ngx.decode_base64, "aGVsbG8=")
P("db64 nopad", ngx.decode_base64, "aGVsbG8")
P("db64 bad", ngx.decode_base64, "a")
P("db64 bad2", ngx.decode_base64, "aGVs*G8=")
P("db64 urlsafe", ngx.decode_base64, "-_-_")
P("db64 ws", ngx.decode_base64, "aGVs bG8=")
P("db64 empty", ngx.decode_base64, "")
P("db64 pad mid", ngx.decode_base64, "aG=Vs")
P("db64 extra pad", ngx.decode_base64, "aGVsbG8==")
P("db64 abc=", ngx.decode_base64, "abc=")
P("db64 abcde", ngx.decode_base64, "abcde")
P("db64 ===", ngx.decode_base64, "====")
P("db64 nil", ngx.decode_base64, nil)
P("db64 num", ngx.decode_base64, 12)
P("db64 direct", function() return ngx.decode_base64({}) end)
P("db64 AR", ngx.decode_base64, "AR")
P("sql", ngx.quote_sql_str, "a'b\"c\\d\n\r\26\0e\t\8é")
P("sql empty", ngx.quote_sql_str, "")
P("sql nil", ngx.quote_sql_str, nil)
P("sql num", ngx.quote_sql_str, 1.5)
P("sql none", ngx.quote_sql_str)
P("sql 2", ngx.quote_sql_str, "a", "b")
P("sql direct", function() return ngx.quote_sql_str({}) end)
P("sql direct2", function() return ngx.quote_sql_str() end)
local esc = {}
for b = 0, 255 do
  local c = string.char(b)
  local q = ngx.quote_sql_str(c)
  if q ~= "'" .. c .. "'" then esc[#esc+1] = b .. "=" .. q end
end
p(table.concat(esc, " "))
"#,
            r#"
"md5", true, "5d41402abc4b2a76b9719d911017c592"
"md5 nil", true, "d41d8cd98f00b204e9800998ecf8427e"
"md5 num", true, "c20ad4d76fe97759aa27a0c99bff6710"
"md5 none", true, "d41d8cd98f00b204e9800998ecf8427e"
"md5 bool", true, "b326b5062b2f0e69046810717534cb09"
"md5_bin", true, "kAFQmDzST7DWlj99KOF/cg=="
"md5_bin nil", true, "1B2M2Y8AsgTpgAmY7PhCfg=="
"sha1", true, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
"sha1 bool", true, "X/5TO4MPCKAyY0ipFgr6/IraRNs="
"sha1 long", true, "w++mkPo/3S4lJoU+7WcFOOoSdjg="
"hmac", true, "Ivngd6POvQkkgVT4XZpWx5lB/ZY="
"hmac longkey", true, "EOZirNlf5pQzMm+EYJ3PrZ5csdE="
"hmac num", true, "0HXKErglmgsnQ48HUxSju4ipJ7U="
"hmac nil", false, "bad argument #1 to '?' (string expected, got nil)"
"hmac 1arg", false, "expecting 2 arguments, but got 1"
"hmac 3arg", false, "expecting 2 arguments, but got 3"
"hmac direct", false, "bad argument #2 to '?' (string expected, got table)"
"hmac direct2", false, "expecting 2 arguments, but got 1"
"crc32s", true, 222957957
"crc32l", true, 222957957
"crc32l long", true, 733562123
"crc32s empty", true, 0
"crc32 nil", true, 0
"crc32 num", true, 841265288
"b64", true, "aGVsbG8="
"b64 np", true, "aGVsbG8"
"b64 np false", true, "aGVsbG8="
"b64 np str", false, "bad no_padding: boolean expected, got string"
"b64 np direct", false, "bad no_padding: boolean expected, got number"
"b64 nil", true, ""
"b64 false", true, ""
"b64 num", true, "My41"
"b64 bin", true, "AAEC//4="
"b64 1", true, "YQ"
"b64 2", true, "YWI"
"db64", true, "hello"
"db64 nopad", true, "hello"
"db64 bad", true, nil
"db64 bad2", true, nil
"db64 urlsafe", true, nil
"db64 ws", true, nil
"db64 empty", true, ""
"db64 pad mid", true, "h"
"db64 extra pad", true, "hello"
"db64 abc=", true, "i\183"
"db64 abcde", true, nil
"db64 ===", true, ""
"db64 nil", false, "string argument only"
"db64 num", false, "string argument only"
"db64 direct", false, "string argument only"
"db64 AR", true, "\1"
"sql", true, "'a\\'b\\\"c\\\\d\\n\\r\\Z\\0e\\t\\b\195\169'"
"sql empty", true, "''"
"sql nil", false, "bad argument #1 to '?' (string expected, got nil)"
"sql num", true, "'1.5'"
"sql none", false, "expecting one argument"
"sql 2", false, "expecting one argument"
"sql direct", false, "bad argument #1 to '?' (string expected, got table)"
"sql direct2", false, "expecting one argument"
"0='\\0' 8='\\b' 9='\\t' 10='\\n' 13='\\r' 26='\\Z' 34='\\\"' 39='\\'' 92='\\\\'"
"#,
        );
    }

    #[test]
    fn error_positions_and_names() {
        check(
            &env(),
            r#"
p(pcall(function() local r = ngx.hmac_sha1("x", {}) return r end))
p(pcall(function() local h = ngx.hmac_sha1; local r = h("x", {}) return r end))
p(pcall(function() local r = ngx.hmac_sha1("x") return r end))
p(pcall(function() local r = ngx.quote_sql_str() return r end))
p(pcall(function() local r = ngx.encode_base64("x", 1) return r end))
p(pcall(function() local r = ngx.escape_uri("x", "x") return r end))
p(pcall(function() local r = ngx.decode_args("x", "y") return r end))
p(pcall(function() local r = ngx.encode_args({1}) return r end))
local t = {f = ngx.quote_sql_str}
p(pcall(function() local r = t.f() return r end))
p(pcall(function() local r = t.f({}) return r end))
p(pcall(function() local r = t:f() return r end))
p(pcall(function() return ngx.quote_sql_str({}) end))
p(pcall(ngx.quote_sql_str, {}))
"#,
            r#"
false, "/tmp/ng/t.lua:1: bad argument #2 to 'hmac_sha1' (string expected, got table)"
false, "/tmp/ng/t.lua:2: bad argument #2 to 'h' (string expected, got table)"
false, "/tmp/ng/t.lua:3: expecting 2 arguments, but got 1"
false, "/tmp/ng/t.lua:4: expecting one argument"
false, "/tmp/ng/t.lua:5: bad no_padding: boolean expected, got number"
false, "\"type\" is not a number"
false, "/tmp/ng/t.lua:7: bad argument #2 to 'decode_args' (number expected, got string)"
false, "/tmp/ng/t.lua:8: attempt to use a non-string key in the \"args\" option table"
false, "/tmp/ng/t.lua:10: expecting one argument"
false, "/tmp/ng/t.lua:11: bad argument #1 to 'f' (string expected, got table)"
false, "/tmp/ng/t.lua:12: calling 'f' on bad self (string expected, got table)"
false, "bad argument #1 to '?' (string expected, got table)"
false, "bad argument #1 to '?' (string expected, got table)"
"#,
        );
    }

    #[test]
    fn escape_unescape_uri() {
        check(
            &env(),
            r#"
for t = 0, 6 do
  local un = {}
  for b = 0, 255 do
    local c = string.char(b)
    if ngx.escape_uri(c, t) == c then un[#un+1] = b end
  end
  p(t, ngx.md5(table.concat(un, ",")), #un)
end
p(ngx.escape_uri("a b/c?d=é&~!*'()"), ngx.escape_uri("a b", 0), ngx.escape_uri(nil), ngx.escape_uri(123))
p(pcall(ngx.escape_uri, "x", "2"))
p(pcall(ngx.escape_uri, "x", 7))
p(pcall(ngx.escape_uri, "x", -1))
p(pcall(ngx.escape_uri, "x", 6.5))
p(ngx.escape_uri("x y", 1.5), ngx.escape_uri("\0\n\127\128\255"), ngx.escape_uri(""), ngx.escape_uri(true))
p(ngx.unescape_uri("a%20b+c%2x%%41%4"), ngx.unescape_uri("%zz%"), ngx.unescape_uri(nil), ngx.unescape_uri(12), ngx.unescape_uri("%00a%C3%A9"))
p(ngx.unescape_uri("a%2fb%2Fc"), ngx.unescape_uri("%"), ngx.unescape_uri("%%"), ngx.unescape_uri("%2%41"), ngx.unescape_uri("%+1"), ngx.unescape_uri("%4+"))
-- fuzz: deterministic strings over a hostile alphabet
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local alpha = "%%+aF09gG&=; \0\255/?#"
local res1, res2, res3 = {}, {}, {}
for i = 1, 2000 do
  local len = rnd(12)
  local t = {}
  for j = 1, len do local k = rnd(#alpha) + 1 t[j] = alpha:sub(k, k) end
  local s = table.concat(t)
  res1[#res1+1] = ngx.unescape_uri(s)
  res2[#res2+1] = ngx.escape_uri(s, rnd(7))
  local args = ngx.decode_args(s, rnd(4))
  local ks = {}
  for k in pairs(args) do ks[#ks+1] = k end
  table.sort(ks)
  local o = {}
  for _, k in ipairs(ks) do
    local v = args[k]
    o[#o+1] = k
    if type(v) == "table" then
      for x = 1, #v do o[#o+1] = tostring(v[x]) end
    else
      o[#o+1] = tostring(v)
    end
  end
  res3[#res3+1] = table.concat(o, "|")
end
p(ngx.md5(table.concat(res1, "\1")), ngx.md5(table.concat(res2, "\1")), ngx.md5(table.concat(res3, "\1")))
"#,
            r#"
0, "66e92a4724cd375088e79ac74177fd2f", 91
1, "4eed4ce6297aa5342ea77a0205749153", 90
2, "97a92d25b3ac796e8b34bb598017bf3b", 71
3, "88b02e2d66b6c8dc5987ca6863fdda6a", 90
4, "1b70bc81cf92bda46c7f96a574c65a5b", 92
5, "93efaa808a2c857a20b714822c2b5377", 222
6, "93efaa808a2c857a20b714822c2b5377", 222
"a%20b%2Fc%3Fd%3D%C3%A9%26~!*'()", "a%20b", "", "123"
false, "/tmp/ng/t.lua:10: \"type\" is not a number"
false, "/tmp/ng/t.lua:11: \"type\" 7 out of range"
false, "/tmp/ng/t.lua:12: \"type\" -1 out of range"
false, "/tmp/ng/t.lua:13: \"type\" 6.5 out of range"
"x%20y", "%00%0A%7F%80%FF", "", "true"
"a b c%2x%A%4", "%zz%", "", "12", "\0a\195\169"
"a/b/c", "%", "%%", "%2A", "% 1", "%4 "
"0208186a87735893cf719c91934cc887", "b8f6c02e4f381571fdb87c550eaa0e1c", "c22327f93450e3b1fd361908b239057d"
"#,
        );
    }

    #[test]
    fn encode_decode_args() {
        check(
            &env(),
            r#"
local function enc(t) local ok, r = pcall(ngx.encode_args, t) return r end
p(enc({a=1}), enc({a=true}), enc({a=false}), enc({a={1,2,"x y"}}), enc({["a b"]="c&d=e"}))
p(enc({}), enc({a={}}), enc({a={true,false,"z"}}), enc({1,2}), enc({[1.5]="x"}))
p(enc({a=nil}), enc({a=1.5}), enc({c=1e20}), enc({a="é/?=&+ ~*"}), enc({a=-2}))
p(pcall(ngx.encode_args, "x"))
p(pcall(ngx.encode_args))
p(pcall(ngx.encode_args, {}, {}))
p(pcall(ngx.encode_args, {a={{}}}))
p(pcall(ngx.encode_args, {a=function() end}))
p(pcall(ngx.encode_args, {[true]=1}))
p(pcall(ngx.encode_args, {a={f=1}}))
p(pcall(ngx.encode_args, {a=ngx.null}))
p(pcall(ngx.encode_args, {a={ngx.null}}))
-- (one key per table: string-key order is per-VM random in LuaJIT)
p(ngx.encode_args({a={1, nil, 3}}), ngx.encode_args({a=""}), ngx.encode_args({b={""}}), ngx.encode_args({[""]="x"}), ngx.encode_args({[""]=true}))
local function dec(...) local r, e = ngx.decode_args(...) ; local ks = {}
  for k, v in pairs(r) do ks[#ks+1] = k end table.sort(ks)
  local o = {}
  for _, k in ipairs(ks) do local v = r[k]
    if type(v) == "table" then
      local s = {} for i, x in ipairs(v) do s[i] = tostring(x) end v = "{" .. table.concat(s, ",") .. "}" end
    o[#o+1] = k .. "=" .. tostring(v) end
  return table.concat(o, ";"), e
end
p(dec("a=1&b=2&a=3&c&d=&=x&&e=%20+%2B&f=a=b&a"))
p(dec("a=1&b=2&c=3", 2))
p(dec("a=1&b=2&c=3", 0))
p(dec("a=1&b=2&c=3", -1))
p(dec(""))
p(dec("a+b%3D=c+d"))
p(dec("&&&"))
p(dec("=&=1"))
p(dec("a&a&a=1"))
p(dec("a=%zz%4"))
p(dec("a=1&b=2", 2))
p(dec("a=1&b=2&", 2))
p(dec("a=1&b=2&c", 3))
p(dec("a=1&&b=2", 2))
p(dec("a=1&=x&b=2&c=3", 2))
p(dec("a=1&b=2", 1.7))
p(dec("a=1&b=2", "1"))
p(dec("a=%41%2b&%41=1"))
p(dec(12))
p(pcall(ngx.decode_args))
p(pcall(ngx.decode_args, nil))
p(pcall(ngx.decode_args, {}))
p(pcall(ngx.decode_args, "a", "x"))
p(pcall(ngx.decode_args, "a", 1, 2))
local t = {} for i = 1, 110 do t[#t+1] = "k" .. i .. "=" .. i end
local r, e = ngx.decode_args(table.concat(t, "&"))
local n = 0 for _ in pairs(r) do n = n + 1 end
p(n, e, r.k100, r.k101)
local r, e = ngx.decode_args(table.concat(t, "&"), 3)
local n = 0 for _ in pairs(r) do n = n + 1 end
p(n, e)
"#,
            r#"
"a=1", "a", "", "a=1&a=2&a=x%20y", "a%20b=c%26d%3De"
"", "", "a&a=z", "attempt to use a non-string key in the \"args\" option table", "attempt to use a non-string key in the \"args\" option table"
"", "a=1.5", "c=1e%2B20", "a=%C3%A9%2F%3F%3D%26%2B%20~*", "a=-2"
false, "bad argument #1 to '?' (table expected, got string)"
false, "expecting 1 argument but seen 0"
false, "expecting 1 argument but seen 2"
false, "attempt to use table as query arg value"
false, "attempt to use function as query arg value"
false, "attempt to use a non-string key in the \"args\" option table"
true, "a=1"
false, "attempt to use userdata as query arg value"
false, "attempt to use userdata as query arg value"
"a=1&a=3", "a=", "b=", "=x", ""
"a={1,3,true};b=2;c=true;d=;e=  +;f=a=b", nil
"a=1;b=2", "truncated"
"a=1;b=2;c=3", nil
"a=1;b=2;c=3", nil
"", nil
"a b==c d", nil
"", nil
"", nil
"a={true,true,1}", nil
"a=%zz%4", nil
"a=1;b=2", nil
"a=1;b=2", "truncated"
"a=1;b=2;c=true", nil
"a=1", "truncated"
"a=1", "truncated"
"a=1", "truncated"
"a=1", "truncated"
"A=1;a=A+", nil
"12=true", nil
false, "expecting 1 or 2 arguments but seen 0"
false, "bad argument #1 to '?' (string expected, got nil)"
false, "bad argument #1 to '?' (string expected, got table)"
false, "bad argument #2 to '?' (number expected, got string)"
false, "expecting 1 or 2 arguments but seen 3"
100, "truncated", "100", nil
3, "truncated"
"#,
        );
    }

    /// `ngx.decode_base64mime` is absent from 0.10.23; these expectations come from
    /// lua-nginx-module 0.10.28's `t/006-escape.t`-style tests (TEST 9-14 of its base64 suite).
    #[test]
    fn decode_base64mime_later_semantics() {
        check(
            &env(),
            r#"
p(ngx.decode_base64mime("aGVs\r\nbG8="), ngx.decode_base64mime("!aG#Vs b@G8"), ngx.decode_base64mime("zaaLg=="))
p(ngx.decode_base64mime(""), ngx.decode_base64mime("^&$"), ngx.decode_base64mime("YQ==YQ=="))
p(pcall(ngx.decode_base64mime, 12))
"#,
            r#"
"hello", "hello", nil
"", "", "a"
false, "string argument only"
"#,
        );
    }
}

/// Bytes as nginx quotes them in logs (`ngx_http_lua_escape_log`, access_log's default
/// escape): control characters, `"`, `\\` and bytes from DEL up as `\xHH`.
pub fn escape_log(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s {
        if b < 0x20 || b >= 0x7f || b == b'"' || b == b'\\' {
            out.push_str(&format!("\\x{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}
