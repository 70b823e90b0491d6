//! The primitives behind the bundled lua-resty-string modules (`resty.md5`, `resty.sha1`,
//! `resty.sha224` … `resty.sha512`, `resty.string`, `resty.random`), which lua-resty-string
//! builds on OpenSSL through the FFI: incremental digests as userdata with `update`, `final`
//! and `reset`, hex encoding, `ngx_atoi`, random bytes.

use mlua::{Lua, Table, UserData, UserDataMethods};
use sha1::Digest;

/// One running digest.
enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn new(kind: &str) -> Option<Hasher> {
        Some(match kind {
            "md5" => Hasher::Md5(Default::default()),
            "sha1" => Hasher::Sha1(Default::default()),
            "sha224" => Hasher::Sha224(Default::default()),
            "sha256" => Hasher::Sha256(Default::default()),
            "sha384" => Hasher::Sha384(Default::default()),
            "sha512" => Hasher::Sha512(Default::default()),
            _ => return None,
        })
    }

    fn update(&mut self, b: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(b),
            Hasher::Sha1(h) => h.update(b),
            Hasher::Sha224(h) => h.update(b),
            Hasher::Sha256(h) => h.update(b),
            Hasher::Sha384(h) => h.update(b),
            Hasher::Sha512(h) => h.update(b),
        }
    }

    /// The digest so far; the state starts over (as after OpenSSL's Final + Init).
    fn finish(&mut self) -> Vec<u8> {
        match self {
            Hasher::Md5(h) => h.finalize_reset().to_vec(),
            Hasher::Sha1(h) => h.finalize_reset().to_vec(),
            Hasher::Sha224(h) => h.finalize_reset().to_vec(),
            Hasher::Sha256(h) => h.finalize_reset().to_vec(),
            Hasher::Sha384(h) => h.finalize_reset().to_vec(),
            Hasher::Sha512(h) => h.finalize_reset().to_vec(),
        }
    }
}

struct DigestObj(Hasher, &'static str);

impl UserData for DigestObj {
    fn add_methods<M: UserDataMethods<Self>>(m: &mut M) {
        m.add_method_mut("update", |_, this, s: mlua::LuaString| {
            this.0.update(&s.as_bytes());
            Ok(true)
        });
        m.add_method_mut("final", |lua, this, ()| lua.create_string(this.0.finish()));
        m.add_method_mut("reset", |_, this, ()| {
            this.0 = Hasher::new(this.1).expect("a known kind");
            Ok(true)
        });
    }
}

/// `ngx_atoi`: the decimal value of an all-digit string, else -1.
fn atoi(s: &[u8]) -> f64 {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return -1.0;
    }
    let mut n: i64 = 0;
    for &d in s {
        match n
            .checked_mul(10)
            .and_then(|v| v.checked_add((d - b'0') as i64))
        {
            Some(v) => n = v,
            None => return -1.0,
        }
    }
    n as f64
}

/// The primitives table the Lua modules are given.
pub fn primitives(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.raw_set(
        "digest",
        lua.create_function(|_, kind: String| {
            let kind: &'static str = match kind.as_str() {
                "md5" => "md5",
                "sha1" => "sha1",
                "sha224" => "sha224",
                "sha256" => "sha256",
                "sha384" => "sha384",
                "sha512" => "sha512",
                _ => return Ok(None),
            };
            Ok(Hasher::new(kind).map(|h| DigestObj(h, kind)))
        })?,
    )?;
    t.raw_set(
        "to_hex",
        lua.create_function(|lua, s: mlua::LuaString| {
            let mut out = String::with_capacity(s.as_bytes().len() * 2);
            for b in s.as_bytes().iter() {
                out.push_str(&format!("{b:02x}"));
            }
            lua.create_string(out)
        })?,
    )?;
    t.raw_set(
        "atoi",
        lua.create_function(|_, s: mlua::LuaString| Ok(atoi(&s.as_bytes())))?,
    )?;
    t.raw_set(
        "random_bytes",
        lua.create_function(|lua, len: i64| {
            let mut buf = vec![0u8; len.max(0) as usize];
            let mut filled = 0;
            while filled < buf.len() {
                // SAFETY: getrandom writes at most the given length into the buffer.
                let n = unsafe {
                    libc::getrandom(
                        buf[filled..].as_mut_ptr() as *mut libc::c_void,
                        buf.len() - filled,
                        0,
                    )
                };
                if n <= 0 {
                    return Ok(None);
                }
                filled += n as usize;
            }
            lua.create_string(buf).map(Some)
        })?,
    )?;
    Ok(t)
}

/// The Lua side: one small module per lua-resty-string file.
pub const MODULES: &[(&str, &str)] = &[
    ("resty.md5", DIGEST_MODULE),
    ("resty.sha1", DIGEST_MODULE),
    ("resty.sha224", DIGEST_MODULE),
    ("resty.sha256", DIGEST_MODULE),
    ("resty.sha384", DIGEST_MODULE),
    ("resty.sha512", DIGEST_MODULE),
    (
        "resty.string",
        r#"local P = ...
return { _VERSION = "0.16", to_hex = P.to_hex, atoi = P.atoi }
"#,
    ),
    (
        "resty.random",
        r#"local P = ...
local _M = { _VERSION = "0.16" }
-- `strong` or not, the bytes come from the kernel's CSPRNG.
function _M.bytes(len, strong)
    return P.random_bytes(len)
end
return _M
"#,
    ),
];

/// `resty.<kind>`: `new()` gives a digest with `update`, `final`, `reset` (the module name,
/// passed after the primitives, says which).
const DIGEST_MODULE: &str = r#"local P, name = ...
local kind = name:match("^resty%.(%w+)$")
local _M = { _VERSION = "0.16" }
function _M.new(self)
    return P.digest(kind)
end
return _M
"#;
