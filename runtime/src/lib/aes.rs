//! lua-resty-string's `resty.aes`, which it builds on OpenSSL's EVP API through the FFI:
//! AES-128/192/256 in ECB, CBC, CFB1 (not here), CFB8, CFB128, OFB and CTR modes, keys and IVs
//! derived with OpenSSL's `EVP_BytesToKey` (MD5 … SHA-512, a salt, rounds) or given as they
//! are. Each `encrypt` / `decrypt` starts from the object's key and IV, as the library's
//! re-initialised EVP contexts do — except in CTR mode, where OpenSSL (3.0, Debian's) keeps
//! the counter of each context going from one call to the next, one step per block begun;
//! ECB and CBC pad with PKCS#7.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{
    AsyncStreamCipher, BlockDecryptMut, BlockEncryptMut, KeyInit, KeyIvInit, StreamCipher,
};
use mlua::{Lua, Table, UserData, UserDataMethods};
use sha1::Digest;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Ecb,
    Cbc,
    Cfb8,
    Cfb128,
    Ofb,
    Ctr,
}

impl Mode {
    fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "ecb" => Mode::Ecb,
            "cbc" => Mode::Cbc,
            "cfb8" => Mode::Cfb8,
            "cfb128" => Mode::Cfb128,
            "ofb" => Mode::Ofb,
            "ctr" => Mode::Ctr,
            _ => return None,
        })
    }

    /// The IV length OpenSSL gives the mode.
    fn iv_len(self) -> usize {
        if self == Mode::Ecb { 0 } else { 16 }
    }
}

/// One AES key in one mode: what `aes:new()` returns.
struct AesObj {
    key: Vec<u8>,
    iv: [u8; 16],
    mode: Mode,
    /// CTR mode: the counters of the decrypting and the encrypting context.
    ctr: [std::cell::Cell<[u8; 16]>; 2],
}

/// `$f` applied to the AES type of a key length (16, 24 or 32 bytes).
macro_rules! with_aes {
    ($len:expr, $f:ident, $($arg:expr),*) => {
        match $len {
            16 => $f::<aes::Aes128>($($arg),*),
            24 => $f::<aes::Aes192>($($arg),*),
            _ => $f::<aes::Aes256>($($arg),*),
        }
    };
}

fn run<C>(o: &AesObj, data: &[u8], encrypt: bool) -> Option<Vec<u8>>
where
    C: aes::cipher::BlockCipher
        + aes::cipher::BlockSizeUser<BlockSize = aes::cipher::consts::U16>
        + aes::cipher::BlockEncrypt
        + aes::cipher::BlockDecrypt
        + KeyInit
        + Clone,
{
    let (key, iv) = (&o.key[..], &o.iv[..]);
    let mut buf = data.to_vec();
    match o.mode {
        Mode::Ecb if encrypt => Some(
            ecb::Encryptor::<C>::new_from_slice(key)
                .ok()?
                .encrypt_padded_vec_mut::<Pkcs7>(data),
        ),
        Mode::Ecb => ecb::Decryptor::<C>::new_from_slice(key)
            .ok()?
            .decrypt_padded_vec_mut::<Pkcs7>(data)
            .ok(),
        Mode::Cbc if encrypt => Some(
            cbc::Encryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .encrypt_padded_vec_mut::<Pkcs7>(data),
        ),
        Mode::Cbc => cbc::Decryptor::<C>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded_vec_mut::<Pkcs7>(data)
            .ok(),
        Mode::Cfb8 if encrypt => {
            cfb8::Encryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .encrypt(&mut buf);
            Some(buf)
        }
        Mode::Cfb8 => {
            cfb8::Decryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .decrypt(&mut buf);
            Some(buf)
        }
        Mode::Cfb128 if encrypt => {
            cfb_mode::Encryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .encrypt(&mut buf);
            Some(buf)
        }
        Mode::Cfb128 => {
            cfb_mode::Decryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .decrypt(&mut buf);
            Some(buf)
        }
        Mode::Ofb => {
            ofb::Ofb::<C>::new_from_slices(key, iv)
                .ok()?
                .apply_keystream(&mut buf);
            Some(buf)
        }
        Mode::Ctr => {
            let counter = &o.ctr[encrypt as usize];
            let start = counter.get();
            ctr::Ctr128BE::<C>::new_from_slices(key, &start)
                .ok()?
                .apply_keystream(&mut buf);
            let blocks = data.len().div_ceil(16) as u128;
            counter.set(
                u128::from_be_bytes(start)
                    .wrapping_add(blocks)
                    .to_be_bytes(),
            );
            Some(buf)
        }
    }
}

impl UserData for AesObj {
    fn add_methods<M: UserDataMethods<Self>>(m: &mut M) {
        m.add_method("encrypt", |lua, this, s: mlua::LuaString| {
            match with_aes!(this.key.len(), run, this, &s.as_bytes(), true) {
                Some(out) => lua.create_string(out).map(mlua::Value::String),
                None => Ok(mlua::Value::Nil),
            }
        });
        m.add_method("decrypt", |lua, this, s: mlua::LuaString| {
            match with_aes!(this.key.len(), run, this, &s.as_bytes(), false) {
                Some(out) => lua.create_string(out).map(mlua::Value::String),
                None => Ok(mlua::Value::Nil),
            }
        });
    }
}

fn digest_of<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = D::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

fn hash(kind: &str, parts: &[&[u8]]) -> Option<Vec<u8>> {
    Some(match kind {
        "md5" => digest_of::<md5::Md5>(parts),
        "sha1" => digest_of::<sha1::Sha1>(parts),
        "sha224" => digest_of::<sha2::Sha224>(parts),
        "sha256" => digest_of::<sha2::Sha256>(parts),
        "sha384" => digest_of::<sha2::Sha384>(parts),
        "sha512" => digest_of::<sha2::Sha512>(parts),
        _ => return None,
    })
}

/// OpenSSL's `EVP_BytesToKey`: key and IV bytes from a password, an optional 8-byte salt
/// and a number of hash rounds.
fn bytes_to_key(
    kind: &str,
    salt: Option<&[u8]>,
    data: &[u8],
    rounds: u32,
    key_len: usize,
    iv_len: usize,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut prev: Vec<u8> = Vec::new();
    while out.len() < key_len + iv_len {
        let mut d = hash(kind, &[&prev, data, salt.unwrap_or(&[])])?;
        for _ in 1..rounds.max(1) {
            d = hash(kind, &[&d])?;
        }
        out.extend_from_slice(&d);
        prev = d;
    }
    out.truncate(key_len + iv_len);
    Some(out)
}

/// Adds the AES primitives to the table the bundled Lua modules are given:
/// `aes_new(key_len_bits, mode, key, iv)` (raw key and IV) and
/// `aes_derive(key_len_bits, mode, hash, salt, password, rounds)` (EVP_BytesToKey).
pub fn add_primitives(lua: &Lua, t: &Table) -> mlua::Result<()> {
    fn obj(bits: i64, mode: &str, key: Vec<u8>, iv: &[u8]) -> Option<AesObj> {
        let mode = Mode::parse(mode)?;
        if !matches!(bits, 128 | 192 | 256) || key.len() != bits as usize / 8 {
            return None;
        }
        let mut v = [0u8; 16];
        let n = iv.len().min(16);
        v[..n].copy_from_slice(&iv[..n]);
        Some(AesObj {
            key,
            iv: v,
            mode,
            ctr: [std::cell::Cell::new(v), std::cell::Cell::new(v)],
        })
    }
    t.raw_set(
        "aes_new",
        lua.create_function(
            |_, (bits, mode, key, iv): (i64, String, mlua::LuaString, mlua::LuaString)| {
                Ok(obj(bits, &mode, key.as_bytes().to_vec(), &iv.as_bytes()))
            },
        )?,
    )?;
    t.raw_set(
        "aes_derive",
        lua.create_function(
            |_,
             (bits, mode, kind, salt, password, rounds): (
                i64,
                String,
                String,
                Option<mlua::LuaString>,
                mlua::LuaString,
                Option<i64>,
            )| {
                let Some(m) = Mode::parse(&mode) else {
                    return Ok(None);
                };
                let key_len = (bits.max(0) as usize) / 8;
                let salt = salt.map(|s| s.as_bytes().to_vec());
                let Some(bytes) = bytes_to_key(
                    &kind,
                    salt.as_deref(),
                    &password.as_bytes(),
                    rounds.unwrap_or(1).clamp(0, u32::MAX as i64) as u32,
                    key_len,
                    m.iv_len(),
                ) else {
                    return Ok(None);
                };
                Ok(obj(
                    bits,
                    &mode,
                    bytes[..key_len].to_vec(),
                    &bytes[key_len..],
                ))
            },
        )?,
    )?;
    Ok(())
}

/// `resty.aes`: lua-resty-string's API over the primitives above.
pub const MODULES: &[(&str, &str)] = &[("resty.aes", AES_MODULE)];

const AES_MODULE: &str = r#"local P = ...
local type, setmetatable = type, setmetatable

local _M = { _VERSION = "0.16" }
local mt = { __index = _M }

-- The digests EVP_BytesToKey may use (OpenSSL's EVP_MD handles in lua-resty-string; names
-- here, never tables: a table in their place is the { iv = ..., method = ... } form).
_M.hash = {
    md5 = "md5", sha1 = "sha1", sha224 = "sha224",
    sha256 = "sha256", sha384 = "sha384", sha512 = "sha512",
}

local MODES = { ecb = true, cbc = true, cfb8 = true, cfb128 = true, ofb = true, ctr = true }

function _M.cipher(size, mode)
    size = size or 128
    mode = mode or "cbc"
    if (size == 128 or size == 192 or size == 256) and MODES[mode] then
        return { size = size, cipher = mode, method = mode }
    end
    return nil
end

function _M.new(self, key, salt, cipher, hash, hash_rounds)
    cipher = cipher or _M.cipher()
    hash = hash or _M.hash.md5
    local key_len = cipher.size / 8
    local obj
    if type(hash) == "table" then
        if not hash.iv or #hash.iv ~= 16 then
            return nil, "bad iv"
        end
        local raw = key
        if hash.method then
            raw = hash.method(key)
        end
        if #raw ~= key_len then
            return nil, "bad key length"
        end
        obj = P.aes_new(cipher.size, cipher.cipher, raw, hash.iv)
    else
        if salt and #salt ~= 8 then
            return nil, "salt must be 8 characters or nil"
        end
        obj = P.aes_derive(cipher.size, cipher.cipher, hash, salt, key, hash_rounds or 1)
    end
    if not obj then
        return nil
    end
    return setmetatable({ _obj = obj }, mt)
end

function _M.encrypt(self, s)
    return self._obj:encrypt(s)
end

function _M.decrypt(self, s)
    return self._obj:decrypt(s)
end

return _M
"#;
