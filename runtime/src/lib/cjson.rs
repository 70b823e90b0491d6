//! lua-cjson 2.1.0.x, OpenResty's fork, as the Lua modules `cjson` and `cjson.safe`
//! (installed into `package.preload`).
//!
//! Mirrors `lua_cjson.c`: the same tokenizer and error texts (`Expected value but found invalid
//! token at character 1`, `Cannot serialise function: type not supported`, …), `lua_next` key
//! order, `%.14g` numbers, `/` escaped by default, the sparse-array rules, `cjson.null`
//! (a NULL light userdata, the same value as `ngx.null`), `cjson.empty_array`,
//! `cjson.array_mt`, `cjson.empty_array_mt`, and every configuration function of the fork:
//! `encode_empty_table_as_object`, `decode_array_with_array_mt`, `encode_sparse_array`,
//! `encode_max_depth`, `decode_max_depth`, `encode_number_precision` (1..16),
//! `encode_keep_buffer` (accepted, no effect), `encode_invalid_numbers`,
//! `decode_invalid_numbers`, `encode_escape_forward_slash`,
//! `encode_skip_unsupported_value_types`, `new`.
//!
//! Numbers are decoded with `strtod`, as 2.1.0.10 (the version OpenResty 1.21.4 ships) does;
//! 2.1.0.11 parses integers with `strtoll` (so `010` became 8 and `inf` an error) and that is not
//! reproduced. As in C, `encode_escape_forward_slash` is global (here: to the Lua VM), shared by
//! every instance, and a JSON text ends at its first NUL byte.

use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::rc::Rc;

use mlua::{Function, LightUserData, Lua, LuaString, MultiValue, Table, Value};

use crate::ngx::raise::{self, RResult, Raise};

/// `cjson.null` / `ngx.null`: a NULL light userdata.
pub fn null() -> Value {
    Value::LightUserData(LightUserData(std::ptr::null_mut()))
}

static EMPTY_ARRAY_TAG: u8 = 0;

/// `cjson.empty_array`: a light userdata that encodes as `[]`.
pub fn empty_array() -> Value {
    Value::LightUserData(LightUserData(&EMPTY_ARRAY_TAG as *const u8 as *mut _))
}

const VERSION: &str = "2.1.0.10";
const REG_ARRAY_MT: &str = "restyc.cjson.array_mt";
const REG_EMPTY_ARRAY_MT: &str = "restyc.cjson.empty_array_mt";

#[derive(Clone, Debug)]
struct Config {
    encode_sparse_convert: bool,
    encode_sparse_ratio: i64,
    encode_sparse_safe: i64,
    encode_max_depth: i64,
    decode_max_depth: i64,
    /// 0 off, 1 on, 2 "null"
    encode_invalid_numbers: u8,
    decode_invalid_numbers: bool,
    encode_keep_buffer: bool,
    encode_number_precision: i64,
    encode_empty_table_as_object: bool,
    decode_array_with_array_mt: bool,
    encode_skip_unsupported_value_types: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            encode_sparse_convert: false,
            encode_sparse_ratio: 2,
            encode_sparse_safe: 10,
            encode_max_depth: 1000,
            decode_max_depth: 1000,
            encode_invalid_numbers: 0,
            decode_invalid_numbers: true,
            encode_keep_buffer: true,
            encode_number_precision: 14,
            encode_empty_table_as_object: true,
            decode_array_with_array_mt: false,
            encode_skip_unsupported_value_types: false,
        }
    }
}

/// The C module's one piece of global state: `char2escape['/']`.
struct EscapeSlash(Rc<Cell<bool>>);

fn escape_slash_flag(lua: &Lua) -> Rc<Cell<bool>> {
    if let Ok(Some(f)) = lua.try_app_data_ref::<EscapeSlash>() {
        return f.0.clone();
    }
    let f = Rc::new(Cell::new(true));
    let _ = lua.try_set_app_data(EscapeSlash(f.clone()));
    f
}

/// The metatables shared by every instance (`json_array`, `json_empty_array` in the registry).
#[derive(Clone)]
struct Mts {
    array: Table,
    empty_array: Table,
}

fn mts(lua: &Lua) -> mlua::Result<Mts> {
    let array = match lua.named_registry_value::<Value>(REG_ARRAY_MT)? {
        Value::Table(t) => t,
        _ => {
            let t = lua.create_table()?;
            lua.set_named_registry_value(REG_ARRAY_MT, &t)?;
            t
        }
    };
    let empty_array = match lua.named_registry_value::<Value>(REG_EMPTY_ARRAY_MT)? {
        Value::Table(t) => t,
        _ => {
            let t = lua.create_table()?;
            lua.set_named_registry_value(REG_EMPTY_ARRAY_MT, &t)?;
            t
        }
    };
    Ok(Mts { array, empty_array })
}

// ===== ENCODING =====
//
// Both directions work on the raw Lua C API (as lua_cjson.c does) and are iterative: the Lua
// stack holds the tables being walked or built and a Rust `Vec` the per-level state, so nesting
// up to the configured depth (default 1000) never grows the native stack.

use mlua::ffi;

/// `fpconv_g_fmt`: `%.<prec>g` in the C locale.
pub fn format_number(x: f64, prec: i64) -> Vec<u8> {
    let mut buf = [0u8; 64];
    // SAFETY: the buffer is large enough for any %.16g and snprintf NUL-terminates it.
    let n = unsafe {
        libc::snprintf(
            buf.as_mut_ptr() as *mut c_char,
            buf.len(),
            c"%.*g".as_ptr(),
            prec as libc::c_int,
            x,
        )
    };
    buf[..(n.max(0) as usize).min(buf.len() - 1)].to_vec()
}

fn append_string(out: &mut Vec<u8>, s: &[u8], escape_slash: bool) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' if escape_slash => out.extend_from_slice(b"\\/"),
            8 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            12 => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0..=31 | 127 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(c >> 4) as usize]);
                out.push(HEX[(c & 0xf) as usize]);
            }
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

fn append_number(cfg: &Config, out: &mut Vec<u8>, x: f64) -> Result<(), String> {
    if x.is_nan() || x.is_infinite() {
        match cfg.encode_invalid_numbers {
            0 => return Err("Cannot serialise number: must not be NaN or Infinity".into()),
            1 => out.extend_from_slice(if x.is_nan() {
                b"NaN" as &[u8]
            } else if x < 0.0 {
                b"-Infinity"
            } else {
                b"Infinity"
            }),
            _ => out.extend_from_slice(b"null"),
        }
        return Ok(());
    }
    // Integers shorter than the precision print as %.*g prints them, without snprintf (most
    // numbers in JSON documents are such integers).
    if x.fract() == 0.0
        && x.abs() < 1e15
        && x.abs() < 10f64.powi(cfg.encode_number_precision as i32)
    {
        if x == 0.0 && x.is_sign_negative() {
            out.extend_from_slice(b"-0");
        } else {
            out.extend_from_slice(itoa_buf(x as i64).as_slice());
        }
        return Ok(());
    }
    out.extend_from_slice(&format_number(x, cfg.encode_number_precision));
    Ok(())
}

/// Decimal digits of `n`, without allocating.
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

fn itoa_buf(n: i64) -> Digits {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let neg = n < 0;
    let mut u = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if neg {
        i -= 1;
        buf[i] = b'-';
    }
    Digits { buf, start: i }
}

unsafe fn typename_at(l: *mut ffi::lua_State, idx: i32) -> String {
    unsafe {
        let p = ffi::lua_typename(l, ffi::lua_type(l, idx));
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

unsafe fn lua_bytes<'a>(l: *mut ffi::lua_State, idx: i32) -> &'a [u8] {
    unsafe {
        let mut len = 0usize;
        let p = ffi::lua_tolstring(l, idx, &mut len);
        if p.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(p as *const u8, len)
        }
    }
}

/// `lua_array_length` on the table at the top of the stack: `Ok(Some(max))` when every key is
/// a positive integer (after the sparse check), `Ok(None)` for an object.
unsafe fn array_length(l: *mut ffi::lua_State, cfg: &Config) -> Result<Option<i64>, String> {
    // `max` is a C int: assigning a double out of its range gives INT_MIN on x86-64
    let c_int = |k: f64| -> i64 {
        if (-2147483648.0..2147483648.0).contains(&k) {
            k as i64
        } else {
            i32::MIN as i64
        }
    };
    let mut max: i64 = 0;
    let mut items: i64 = 0;
    unsafe {
        ffi::lua_pushnil(l);
        while ffi::lua_next(l, -2) != 0 {
            if ffi::lua_type(l, -2) == ffi::LUA_TNUMBER {
                let k = ffi::lua_tonumber(l, -2);
                if k != 0.0 && k.floor() == k && k >= 1.0 {
                    if k > max as f64 {
                        max = c_int(k);
                    }
                    items += 1;
                    ffi::lua_pop(l, 1);
                    continue;
                }
            }
            ffi::lua_pop(l, 2);
            return Ok(None);
        }
    }
    if cfg.encode_sparse_ratio > 0
        && max > items * cfg.encode_sparse_ratio
        && max > cfg.encode_sparse_safe
    {
        if !cfg.encode_sparse_convert {
            return Err("Cannot serialise table: excessively sparse array".into());
        }
        return Ok(None);
    }
    Ok(Some(max))
}

enum Level {
    /// stack: .., table
    Array { i: i64, len: i64 },
    /// stack: .., table, key (nil before the first `lua_next`)
    Object,
}

struct Frame {
    level: Level,
    comma: bool,
    /// where the current element started and whether it was the first, to undo a skipped one
    elem_pos: usize,
    elem_first: bool,
}

/// Encodes the value at stack index `idx` (absolute) into `out`. Stack indexes `amt`/`eamt`
/// hold `array_mt` / `empty_array_mt`.
unsafe fn encode_raw(
    l: *mut ffi::lua_State,
    cfg: &Config,
    escape_slash: bool,
    amt: i32,
    eamt: i32,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let mut frames: Vec<Frame> = Vec::new();
    unsafe {
        'value: loop {
            // encode the value at the top of the stack; scalars are popped, tables stay
            let ty = ffi::lua_type(l, -1);
            let mut skipped = false;
            match ty {
                ffi::LUA_TSTRING => {
                    append_string(out, lua_bytes(l, -1), escape_slash);
                    ffi::lua_pop(l, 1);
                }
                ffi::LUA_TNUMBER => {
                    append_number(cfg, out, ffi::lua_tonumber(l, -1))?;
                    ffi::lua_pop(l, 1);
                }
                ffi::LUA_TBOOLEAN => {
                    out.extend_from_slice(if ffi::lua_toboolean(l, -1) != 0 {
                        b"true" as &[u8]
                    } else {
                        b"false"
                    });
                    ffi::lua_pop(l, 1);
                }
                ffi::LUA_TNIL => {
                    out.extend_from_slice(b"null");
                    ffi::lua_pop(l, 1);
                }
                ffi::LUA_TLIGHTUSERDATA => {
                    let p = ffi::lua_touserdata(l, -1);
                    if p.is_null() {
                        out.extend_from_slice(b"null");
                    } else if p as *const u8 == &EMPTY_ARRAY_TAG as *const u8 {
                        out.extend_from_slice(b"[]");
                    }
                    // any other light userdata: nothing, as lua_cjson.c
                    ffi::lua_pop(l, 1);
                }
                ffi::LUA_TTABLE => {
                    let depth = frames.len() as i64 + 1;
                    if depth > cfg.encode_max_depth || ffi::lua_checkstack(l, 4) == 0 {
                        return Err(format!("Cannot serialise, excessive nesting ({depth})"));
                    }
                    let has_mt = ffi::lua_getmetatable(l, -1) != 0;
                    let (is_array_mt, is_empty_mt) = if has_mt {
                        let a = ffi::lua_rawequal(l, -1, amt) != 0;
                        let e = ffi::lua_rawequal(l, -1, eamt) != 0;
                        ffi::lua_pop(l, 1);
                        (a, e)
                    } else {
                        (false, false)
                    };
                    let array_len = if is_array_mt {
                        Some(ffi::lua_objlen(l, -1) as i64)
                    } else {
                        match array_length(l, cfg)? {
                            Some(len) if len > 0 || !cfg.encode_empty_table_as_object => Some(len),
                            _ if is_empty_mt => {
                                out.extend_from_slice(b"[]");
                                ffi::lua_pop(l, 1);
                                None
                            }
                            _ => {
                                out.push(b'{');
                                ffi::lua_pushnil(l);
                                frames.push(Frame {
                                    level: Level::Object,
                                    comma: false,
                                    elem_pos: 0,
                                    elem_first: true,
                                });
                                None
                            }
                        }
                    };
                    if let Some(len) = array_len {
                        out.push(b'[');
                        frames.push(Frame {
                            level: Level::Array { i: 0, len },
                            comma: false,
                            elem_pos: 0,
                            elem_first: true,
                        });
                    }
                }
                _ => {
                    if !cfg.encode_skip_unsupported_value_types {
                        return Err(format!(
                            "Cannot serialise {}: type not supported",
                            typename_at(l, -1)
                        ));
                    }
                    ffi::lua_pop(l, 1);
                    skipped = true;
                }
            }
            if skipped && let Some(f) = frames.last_mut() {
                out.truncate(f.elem_pos);
                if f.elem_first {
                    f.comma = false;
                }
            }
            // advance to the next element of the innermost open container
            loop {
                let Some(f) = frames.last_mut() else {
                    return Ok(());
                };
                match &mut f.level {
                    Level::Array { i, len } => {
                        if *i < *len {
                            *i += 1;
                            f.elem_pos = out.len();
                            f.elem_first = !f.comma;
                            if f.comma {
                                out.push(b',');
                            }
                            f.comma = true;
                            ffi::lua_rawgeti(l, -1, *i as ffi::lua_Integer);
                            continue 'value;
                        }
                        out.push(b']');
                        ffi::lua_pop(l, 1);
                        frames.pop();
                    }
                    Level::Object => {
                        if ffi::lua_next(l, -2) != 0 {
                            f.elem_pos = out.len();
                            f.elem_first = !f.comma;
                            if f.comma {
                                out.push(b',');
                            }
                            f.comma = true;
                            match ffi::lua_type(l, -2) {
                                ffi::LUA_TNUMBER => {
                                    out.push(b'"');
                                    append_number(cfg, out, ffi::lua_tonumber(l, -2))?;
                                    out.extend_from_slice(b"\":");
                                }
                                ffi::LUA_TSTRING => {
                                    append_string(out, lua_bytes(l, -2), escape_slash);
                                    out.push(b':');
                                }
                                _ => {
                                    return Err(format!(
                                        "Cannot serialise {}: table key must be a number or string",
                                        typename_at(l, -2)
                                    ));
                                }
                            }
                            continue 'value;
                        }
                        out.push(b'}');
                        ffi::lua_pop(l, 1);
                        frames.pop();
                    }
                }
            }
        }
    }
}

fn encode_value(lua: &Lua, cfg: &Config, v: Value) -> Result<Vec<u8>, String> {
    let mts = mts(lua).map_err(|e| e.to_string())?;
    let escape_slash = escape_slash_flag(lua).get();
    let mut out = Vec::new();
    let mut res: Result<(), String> = Ok(());
    // SAFETY: the closure only uses the three stack slots exec_raw pushed and pops what it pushes.
    let r = unsafe {
        lua.exec_raw::<()>((mts.array, mts.empty_array, v), |l| {
            let base = ffi::lua_gettop(l) - 2;
            res = encode_raw(l, cfg, escape_slash, base, base + 1, &mut out);
            ffi::lua_settop(l, base - 1);
        })
    };
    r.map_err(|e| e.to_string())?;
    res.map(|_| out)
}

/// Encodes `v` with the default configuration (for Rust callers, e.g. native handlers).
pub fn encode(lua: &Lua, v: Value) -> Result<Vec<u8>, String> {
    encode_value(lua, &Config::default(), v)
}

// ===== DECODING =====

#[derive(Clone, Copy, PartialEq, Debug)]
enum Tok {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    String,
    Number,
    Boolean,
    Null,
    Colon,
    Comma,
    End,
    Error,
}

fn tok_name(t: Tok) -> &'static str {
    match t {
        Tok::ObjBegin => "T_OBJ_BEGIN",
        Tok::ObjEnd => "T_OBJ_END",
        Tok::ArrBegin => "T_ARR_BEGIN",
        Tok::ArrEnd => "T_ARR_END",
        Tok::String => "T_STRING",
        Tok::Number => "T_NUMBER",
        Tok::Boolean => "T_BOOLEAN",
        Tok::Null => "T_NULL",
        Tok::Colon => "T_COLON",
        Tok::Comma => "T_COMMA",
        Tok::End => "T_END",
        Tok::Error => "T_ERROR",
    }
}

struct Token {
    kind: Tok,
    index: usize,
    err: &'static str,
    number: f64,
    boolean: bool,
}

struct Lexer<'a> {
    cfg: &'a Config,
    /// the JSON text including its terminating NUL
    data: &'a [u8],
    ptr: usize,
    /// the last string token's bytes
    tmp: Vec<u8>,
}

fn hexdigit(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        _ => {
            let c = c | 0x20;
            (b'a'..=b'f').contains(&c).then(|| (c - b'a' + 10) as u32)
        }
    }
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        // the buffer ends with NUL; past it reads as NUL too
        self.data.get(i).copied().unwrap_or(0)
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let mut v = 0;
        for k in 0..4 {
            v = (v << 4) | hexdigit(self.at(i + k))?;
        }
        Some(v)
    }

    /// `json_is_invalid_number`
    fn is_invalid_number(&self) -> bool {
        let mut p = self.ptr;
        if self.at(p) == b'+' {
            return true;
        }
        if self.at(p) == b'-' {
            p += 1;
        }
        let c = self.at(p);
        if c == b'0' {
            let c2 = self.at(p + 1);
            return (c2 | 0x20) == b'x' || c2.is_ascii_digit();
        } else if c <= b'9' {
            return false;
        }
        let lower = |k: usize| self.at(p + k).to_ascii_lowercase();
        let three = [lower(0), lower(1), lower(2)];
        &three == b"inf" || &three == b"nan"
    }

    fn error_token(&self, token: &mut Token, msg: &'static str) {
        token.kind = Tok::Error;
        token.index = self.ptr;
        token.err = msg;
    }

    fn number_token(&mut self, token: &mut Token) {
        let start = self.data[self.ptr..].as_ptr() as *const c_char;
        let mut end: *mut c_char = std::ptr::null_mut();
        // SAFETY: `data` ends with a NUL (a Lua string's), so strtod stops inside it.
        let x = unsafe { libc::strtod(start, &mut end) };
        let used = (end as usize).wrapping_sub(start as usize);
        if end.is_null() || used == 0 || self.ptr + used >= self.data.len() {
            self.error_token(token, "invalid number");
            return;
        }
        token.kind = Tok::Number;
        token.number = x;
        self.ptr += used;
    }

    fn string_token(&mut self, token: &mut Token) {
        self.ptr += 1; // skip "
        self.tmp.clear();
        loop {
            let c = self.at(self.ptr);
            if c == b'"' {
                break;
            }
            if c == 0 {
                self.error_token(token, "unexpected end of string");
                return;
            }
            if c != b'\\' {
                self.tmp.push(c);
                self.ptr += 1;
                continue;
            }
            let ch = match self.at(self.ptr + 1) {
                b'"' => b'"',
                b'\\' => b'\\',
                b'/' => b'/',
                b'b' => 8,
                b't' => b'\t',
                b'n' => b'\n',
                b'f' => 12,
                b'r' => b'\r',
                b'u' => {
                    if self.unicode_escape() {
                        continue;
                    }
                    self.error_token(token, "invalid unicode escape code");
                    return;
                }
                _ => {
                    self.error_token(token, "invalid escape code");
                    return;
                }
            };
            self.tmp.push(ch);
            self.ptr += 2;
        }
        self.ptr += 1; // closing quote
        token.kind = Tok::String;
    }

    /// `json_append_unicode_escape`: `\uXXXX` (and surrogate pairs) to UTF-8.
    fn unicode_escape(&mut self) -> bool {
        let Some(mut cp) = self.hex4(self.ptr + 2) else {
            return false;
        };
        let mut len = 6;
        if (cp & 0xF800) == 0xD800 {
            if cp & 0x400 != 0 {
                return false;
            }
            if self.at(self.ptr + 6) != b'\\' || self.at(self.ptr + 7) != b'u' {
                return false;
            }
            let Some(low) = self.hex4(self.ptr + 8) else {
                return false;
            };
            if (low & 0xFC00) != 0xDC00 {
                return false;
            }
            cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            len = 12;
        }
        if cp <= 0x7F {
            self.tmp.push(cp as u8);
        } else if cp <= 0x7FF {
            self.tmp.push(((cp >> 6) | 0xC0) as u8);
            self.tmp.push(((cp & 0x3F) | 0x80) as u8);
        } else if cp <= 0xFFFF {
            self.tmp.push(((cp >> 12) | 0xE0) as u8);
            self.tmp.push((((cp >> 6) & 0x3F) | 0x80) as u8);
            self.tmp.push(((cp & 0x3F) | 0x80) as u8);
        } else {
            self.tmp.push(((cp >> 18) | 0xF0) as u8);
            self.tmp.push((((cp >> 12) & 0x3F) | 0x80) as u8);
            self.tmp.push((((cp >> 6) & 0x3F) | 0x80) as u8);
            self.tmp.push(((cp & 0x3F) | 0x80) as u8);
        }
        self.ptr += len;
        true
    }

    /// `json_next_token`
    fn next(&mut self) -> Token {
        let mut token = Token {
            kind: Tok::End,
            index: 0,
            err: "",
            number: 0.0,
            boolean: false,
        };
        while matches!(self.at(self.ptr), b' ' | b'\t' | b'\n' | b'\r') {
            self.ptr += 1;
        }
        token.index = self.ptr;
        let c = self.at(self.ptr);
        let single = match c {
            b'{' => Some(Tok::ObjBegin),
            b'}' => Some(Tok::ObjEnd),
            b'[' => Some(Tok::ArrBegin),
            b']' => Some(Tok::ArrEnd),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(k) = single {
            token.kind = k;
            self.ptr += 1;
            return token;
        }
        match c {
            0 => return token,
            b'"' => {
                self.string_token(&mut token);
                return token;
            }
            b'-' | b'0'..=b'9' => {
                if !self.cfg.decode_invalid_numbers && self.is_invalid_number() {
                    self.error_token(&mut token, "invalid number");
                } else {
                    self.number_token(&mut token);
                }
                return token;
            }
            b'f' | b'i' | b'I' | b'n' | b'N' | b't' | b'+' => {}
            _ => {
                self.error_token(&mut token, "invalid token");
                return token;
            }
        }
        let rest = &self.data[self.ptr.min(self.data.len())..];
        if rest.starts_with(b"true") {
            token.kind = Tok::Boolean;
            token.boolean = true;
            self.ptr += 4;
        } else if rest.starts_with(b"false") {
            token.kind = Tok::Boolean;
            self.ptr += 5;
        } else if rest.starts_with(b"null") {
            token.kind = Tok::Null;
            self.ptr += 4;
        } else if self.cfg.decode_invalid_numbers && self.is_invalid_number() {
            self.number_token(&mut token);
        } else {
            self.error_token(&mut token, "invalid token");
        }
        token
    }
}

fn parse_error(exp: &str, token: &Token) -> String {
    let found = if token.kind == Tok::Error {
        token.err
    } else {
        tok_name(token.kind)
    };
    format!(
        "Expected {exp} but found {found} at character {}",
        token.index + 1
    )
}

/// Decodes into a value left at the top of the stack. `amt` is the stack index of `array_mt`
/// (0 when `decode_array_with_array_mt` is off).
unsafe fn decode_raw(l: *mut ffi::lua_State, lx: &mut Lexer<'_>, amt: i32) -> Result<(), String> {
    // per open container: Some(next array index) or None for an object
    let mut frames: Vec<Option<i64>> = Vec::new();
    let mut token = lx.next();
    unsafe {
        'value: loop {
            // value context: push the value for `token`
            match token.kind {
                Tok::String => {
                    ffi::lua_pushlstring(l, lx.tmp.as_ptr() as *const c_char, lx.tmp.len());
                }
                Tok::Number => ffi::lua_pushnumber(l, token.number),
                Tok::Boolean => ffi::lua_pushboolean(l, token.boolean as i32),
                Tok::Null => ffi::lua_pushlightuserdata(l, std::ptr::null_mut()),
                Tok::ObjBegin | Tok::ArrBegin => {
                    let depth = frames.len() as i64 + 1;
                    if depth > lx.cfg.decode_max_depth || ffi::lua_checkstack(l, 3) == 0 {
                        return Err(format!(
                            "Found too many nested data structures ({depth}) at character {}",
                            lx.ptr
                        ));
                    }
                    ffi::lua_createtable(l, 0, 0);
                    if token.kind == Tok::ArrBegin {
                        if amt != 0 {
                            ffi::lua_pushvalue(l, amt);
                            ffi::lua_setmetatable(l, -2);
                        }
                        token = lx.next();
                        if token.kind != Tok::ArrEnd {
                            frames.push(Some(1));
                            continue 'value;
                        }
                    } else {
                        token = lx.next();
                        if token.kind != Tok::ObjEnd {
                            if token.kind != Tok::String {
                                return Err(parse_error("object key string", &token));
                            }
                            ffi::lua_pushlstring(l, lx.tmp.as_ptr() as *const c_char, lx.tmp.len());
                            token = lx.next();
                            if token.kind != Tok::Colon {
                                return Err(parse_error("colon", &token));
                            }
                            frames.push(None);
                            token = lx.next();
                            continue 'value;
                        }
                    }
                    // an empty container: complete at once
                }
                _ => return Err(parse_error("value", &token)),
            }
            // a value is complete at the top of the stack: store it in its container
            loop {
                let Some(f) = frames.last_mut() else {
                    return Ok(());
                };
                match f {
                    Some(i) => {
                        ffi::lua_rawseti(l, -2, *i as ffi::lua_Integer);
                        *i += 1;
                        token = lx.next();
                        if token.kind == Tok::ArrEnd {
                            frames.pop();
                            continue; // the array itself is now complete
                        }
                        if token.kind != Tok::Comma {
                            return Err(parse_error("comma or array end", &token));
                        }
                        token = lx.next();
                        continue 'value;
                    }
                    None => {
                        ffi::lua_rawset(l, -3);
                        token = lx.next();
                        if token.kind == Tok::ObjEnd {
                            frames.pop();
                            continue;
                        }
                        if token.kind != Tok::Comma {
                            return Err(parse_error("comma or object end", &token));
                        }
                        token = lx.next();
                        if token.kind != Tok::String {
                            return Err(parse_error("object key string", &token));
                        }
                        ffi::lua_pushlstring(l, lx.tmp.as_ptr() as *const c_char, lx.tmp.len());
                        token = lx.next();
                        if token.kind != Tok::Colon {
                            return Err(parse_error("colon", &token));
                        }
                        token = lx.next();
                        continue 'value;
                    }
                }
            }
        }
    }
}

fn decode_str(lua: &Lua, cfg: &Config, s: LuaString) -> Result<Value, String> {
    let array_mt = if cfg.decode_array_with_array_mt {
        Some(mts(lua).map_err(|e| e.to_string())?.array)
    } else {
        None
    };
    let mut res: Result<(), String> = Ok(());
    // SAFETY: the closure reads the string exec_raw pushed (kept alive on the stack) and leaves
    // exactly one result on the stack on success.
    let v = unsafe {
        lua.exec_raw::<Value>((s, array_mt), |l| {
            let sidx = ffi::lua_gettop(l) - 1;
            let amt = if ffi::lua_type(l, sidx + 1) == ffi::LUA_TTABLE {
                sidx + 1
            } else {
                0
            };
            let mut len = 0usize;
            let p = ffi::lua_tolstring(l, sidx, &mut len) as *const u8;
            // include the terminating NUL every Lua string has
            let data = std::slice::from_raw_parts(p, len + 1);
            if len >= 2 && (data[0] == 0 || data[1] == 0) {
                res = Err("JSON parser does not support UTF-16 or UTF-32".into());
                ffi::lua_settop(l, sidx - 1);
                ffi::lua_pushnil(l);
                return;
            }
            let mut lx = Lexer {
                cfg,
                data,
                ptr: 0,
                tmp: Vec::new(),
            };
            let top = ffi::lua_gettop(l);
            res = decode_raw(l, &mut lx, amt).and_then(|_| {
                let t = lx.next();
                if t.kind != Tok::End {
                    Err(parse_error("the end", &t))
                } else {
                    Ok(())
                }
            });
            if res.is_ok() {
                ffi::lua_replace(l, sidx);
                ffi::lua_settop(l, sidx);
            } else {
                ffi::lua_settop(l, top);
                ffi::lua_settop(l, sidx - 1);
                ffi::lua_pushnil(l);
            }
        })
    };
    let v = v.map_err(|e| e.to_string())?;
    res.map(|_| v)
}

/// Decodes a JSON text with the default configuration (for Rust callers).
pub fn decode(lua: &Lua, s: LuaString) -> Result<Value, String> {
    decode_str(lua, &Config::default(), s)
}

// ===== CONFIGURATION =====

/// `json_arg_init`: at most `n` arguments.
fn arg_init(args: &MultiValue, n: usize) -> RResult<()> {
    if args.len() > n {
        return Err(Raise::Arg(n + 1, "found too many arguments".into()));
    }
    Ok(())
}

fn arg(args: &MultiValue, i: usize) -> Value {
    args.get(i - 1).cloned().unwrap_or(Value::Nil)
}

/// `json_integer_option`: sets from argument `idx` when not nil; the range message always
/// names argument #1, as in C.
fn integer_option(
    lua: &Lua,
    args: &MultiValue,
    idx: usize,
    setting: &mut i64,
    min: i64,
    max: i64,
) -> RResult<Value> {
    if !matches!(arg(args, idx), Value::Nil) {
        let v = raise::check_int(lua, args, idx)?;
        if !(min <= v && v <= max) {
            return Err(Raise::Arg(
                1,
                format!("expected integer between {min} and {max}"),
            ));
        }
        *setting = v;
    }
    Ok(Value::Integer(*setting))
}

/// `json_enum_option` for on/off settings: booleans or "off"/"on".
fn bool_option(lua: &Lua, args: &MultiValue, idx: usize, setting: &mut bool) -> RResult<Value> {
    let mut v: u8 = *setting as u8;
    let r = enum_option(lua, args, idx, &mut v, &["off", "on"])?;
    *setting = v != 0;
    Ok(r)
}

fn enum_option(
    lua: &Lua,
    args: &MultiValue,
    idx: usize,
    setting: &mut u8,
    options: &[&str],
) -> RResult<Value> {
    match arg(args, idx) {
        Value::Nil => {}
        Value::Boolean(b) => *setting = b as u8,
        _ => {
            let s = raise::check_bytes(lua, args, idx)?;
            let s = s.as_bytes();
            match options.iter().position(|o| o.as_bytes() == &s[..]) {
                Some(i) => *setting = i as u8,
                None => {
                    return Err(Raise::Arg(
                        idx,
                        format!("invalid option '{}'", String::from_utf8_lossy(&s)),
                    ));
                }
            }
        }
    }
    if *setting <= 1 {
        Ok(Value::Boolean(*setting == 1))
    } else {
        Ok(Value::String(
            lua.create_string(options[*setting as usize])?,
        ))
    }
}

type Cfg = Rc<RefCell<Config>>;

fn cfg_fn(
    lua: &Lua,
    cfg: &Cfg,
    f: impl Fn(&Lua, &mut Config, &MultiValue) -> RResult<MultiValue> + 'static,
) -> mlua::Result<Function> {
    let cfg = cfg.clone();
    raise::function(lua, move |lua, args| {
        let mut c = cfg.borrow().clone();
        let r = f(lua, &mut c, &args)?;
        *cfg.borrow_mut() = c;
        Ok(r)
    })
}

fn one(v: Value) -> MultiValue {
    let mut m = MultiValue::new();
    m.push_back(v);
    m
}

// ===== FAST PATHS =====
//
// `encode` and `decode` first try a C closure on the raw stack, with the instance's
// configuration, the escape flag and the array metatables as upvalues: no mlua values, registry
// lookups or configuration copies per call. It answers only when encoding or decoding succeeds;
// on any error it returns nothing and the full function runs again and reports it.

const UP_CFG: i32 = ffi::lua_upvalueindex(1);
const UP_ESCAPE: i32 = ffi::lua_upvalueindex(2);
const UP_ARRAY_MT: i32 = ffi::lua_upvalueindex(3);
const UP_EMPTY_ARRAY_MT: i32 = ffi::lua_upvalueindex(4);

/// A C closure over an instance's configuration. The module's full functions hold `cfg` (and
/// the state holds the escape flag) for as long as the closure can be called.
fn fast_closure(
    lua: &Lua,
    f: ffi::lua_CFunction,
    cfg: &Cfg,
    mts: &Mts,
) -> mlua::Result<mlua::Function> {
    let cfg = LightUserData(Rc::as_ptr(cfg) as *mut std::ffi::c_void);
    let escape = LightUserData(Rc::as_ptr(&escape_slash_flag(lua)) as *mut std::ffi::c_void);
    // SAFETY: pops the four upvalues exec_raw pushed and pushes the closure.
    unsafe {
        lua.exec_raw(
            (cfg, escape, mts.array.clone(), mts.empty_array.clone()),
            |l| {
                ffi::lua_pushcclosure(l, f, 4);
            },
        )
    }
}

unsafe extern "C-unwind" fn encode_fast(l: *mut ffi::lua_State) -> std::ffi::c_int {
    // SAFETY: the upvalues are those `fast_closure` set; the stack is this call's.
    let run = || unsafe {
        if ffi::lua_gettop(l) != 1 {
            return 0;
        }
        let cfg = &*(ffi::lua_touserdata(l, UP_CFG) as *const RefCell<Config>);
        let escape = &*(ffi::lua_touserdata(l, UP_ESCAPE) as *const Cell<bool>);
        let Ok(cfg) = cfg.try_borrow() else { return 0 };
        // the layout encode_value gives encode_raw: array mt, empty array mt, the value
        ffi::lua_pushvalue(l, UP_ARRAY_MT);
        ffi::lua_pushvalue(l, UP_EMPTY_ARRAY_MT);
        ffi::lua_pushvalue(l, 1);
        let mut out = Vec::new();
        let res = encode_raw(l, &cfg, escape.get(), 2, 3, &mut out);
        ffi::lua_settop(l, 1);
        match res {
            Ok(()) => {
                ffi::lua_pushlstring(l, out.as_ptr() as *const _, out.len());
                1
            }
            Err(_) => 0,
        }
    };
    std::panic::catch_unwind(run).unwrap_or(0)
}

unsafe extern "C-unwind" fn decode_fast(l: *mut ffi::lua_State) -> std::ffi::c_int {
    // SAFETY: as `encode_fast`; the string stays on the stack while it is read.
    let run = || unsafe {
        if ffi::lua_gettop(l) != 1 || ffi::lua_type(l, 1) != ffi::LUA_TSTRING {
            return 0;
        }
        let cfg = &*(ffi::lua_touserdata(l, UP_CFG) as *const RefCell<Config>);
        let Ok(cfg) = cfg.try_borrow() else { return 0 };
        let amt = if cfg.decode_array_with_array_mt {
            ffi::lua_pushvalue(l, UP_ARRAY_MT);
            2
        } else {
            0
        };
        let mut len = 0usize;
        let p = ffi::lua_tolstring(l, 1, &mut len) as *const u8;
        // include the terminating NUL every Lua string has
        let data = std::slice::from_raw_parts(p, len + 1);
        if len >= 2 && (data[0] == 0 || data[1] == 0) {
            return 0;
        }
        let mut lx = Lexer {
            cfg: &cfg,
            data,
            ptr: 0,
            tmp: Vec::new(),
        };
        let ok = decode_raw(l, &mut lx, amt).is_ok() && lx.next().kind == Tok::End;
        if ok {
            1
        } else {
            ffi::lua_settop(l, 1);
            0
        }
    };
    std::panic::catch_unwind(run).unwrap_or(0)
}

/// `lua_cjson_new` (or `lua_cjson_safe_new` when `safe`): a fresh module table with its own
/// configuration.
pub fn new_module(lua: &Lua, safe: bool) -> mlua::Result<Table> {
    let m = lua.create_table_with_capacity(0, 24)?;
    let cfg: Cfg = Rc::new(RefCell::new(Config::default()));
    let mts = mts(lua)?;

    {
        let cfg = cfg.clone();
        m.raw_set(
            "encode",
            raise::with_fast_path(
                lua,
                fast_closure(lua, encode_fast, &cfg, &mts)?,
                move |lua, args: MultiValue| {
                    if args.len() != 1 {
                        return Err(Raise::Arg(1, "expected 1 argument".into()));
                    }
                    let c = cfg.borrow().clone();
                    let v = arg(&args, 1);
                    match encode_value(lua, &c, v) {
                        Ok(s) => Ok(one(Value::String(lua.create_string(s)?))),
                        Err(e) if safe => {
                            let mut r = MultiValue::new();
                            r.push_back(Value::Nil);
                            r.push_back(Value::String(lua.create_string(e)?));
                            Ok(r)
                        }
                        Err(e) => Err(Raise::Error(e)),
                    }
                },
            )?,
        )?;
    }
    {
        let cfg = cfg.clone();
        m.raw_set(
            "decode",
            raise::with_fast_path(
                lua,
                fast_closure(lua, decode_fast, &cfg, &mts)?,
                move |lua, args: MultiValue| {
                    if args.len() != 1 {
                        return Err(Raise::Arg(1, "expected 1 argument".into()));
                    }
                    let c = cfg.borrow().clone();
                    let fail = |e: String| -> RResult<MultiValue> {
                        if safe {
                            let mut r = MultiValue::new();
                            r.push_back(Value::Nil);
                            r.push_back(Value::String(lua.create_string(e)?));
                            Ok(r)
                        } else {
                            Err(Raise::Error(e))
                        }
                    };
                    let s = match arg(&args, 1) {
                        Value::String(s) => s,
                        v @ (Value::Integer(_) | Value::Number(_)) => match lua.coerce_string(v)? {
                            Some(s) => s,
                            None => return fail("bad argument #1 to '?' (string expected)".into()),
                        },
                        other => {
                            if safe {
                                // raised inside lua_pcall: the C caller has no name
                                return fail(format!(
                                    "bad argument #1 to '?' (string expected, got {})",
                                    raise::typename(&other)
                                ));
                            }
                            return raise::type_error(&args, 1, "string");
                        }
                    };
                    match decode_str(lua, &c, s) {
                        Ok(v) => Ok(one(v)),
                        Err(e) => fail(e),
                    }
                },
            )?,
        )?;
    }
    m.raw_set(
        "encode_empty_table_as_object",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(bool_option(
                lua,
                a,
                1,
                &mut c.encode_empty_table_as_object,
            )?))
        })?,
    )?;
    m.raw_set(
        "decode_array_with_array_mt",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(bool_option(
                lua,
                a,
                1,
                &mut c.decode_array_with_array_mt,
            )?))
        })?,
    )?;
    m.raw_set(
        "encode_sparse_array",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 3)?;
            let mut r = MultiValue::new();
            r.push_back(bool_option(lua, a, 1, &mut c.encode_sparse_convert)?);
            r.push_back(integer_option(
                lua,
                a,
                2,
                &mut c.encode_sparse_ratio,
                0,
                i32::MAX as i64,
            )?);
            r.push_back(integer_option(
                lua,
                a,
                3,
                &mut c.encode_sparse_safe,
                0,
                i32::MAX as i64,
            )?);
            Ok(r)
        })?,
    )?;
    m.raw_set(
        "encode_max_depth",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(integer_option(
                lua,
                a,
                1,
                &mut c.encode_max_depth,
                1,
                i32::MAX as i64,
            )?))
        })?,
    )?;
    m.raw_set(
        "decode_max_depth",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(integer_option(
                lua,
                a,
                1,
                &mut c.decode_max_depth,
                1,
                i32::MAX as i64,
            )?))
        })?,
    )?;
    m.raw_set(
        "encode_number_precision",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(integer_option(
                lua,
                a,
                1,
                &mut c.encode_number_precision,
                1,
                16,
            )?))
        })?,
    )?;
    m.raw_set(
        "encode_keep_buffer",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(bool_option(lua, a, 1, &mut c.encode_keep_buffer)?))
        })?,
    )?;
    m.raw_set(
        "encode_invalid_numbers",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(enum_option(
                lua,
                a,
                1,
                &mut c.encode_invalid_numbers,
                &["off", "on", "null"],
            )?))
        })?,
    )?;
    m.raw_set(
        "decode_invalid_numbers",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(bool_option(lua, a, 1, &mut c.decode_invalid_numbers)?))
        })?,
    )?;
    {
        let flag = escape_slash_flag(lua);
        m.raw_set(
            "encode_escape_forward_slash",
            raise::function(lua, move |lua, a: MultiValue| {
                arg_init(&a, 1)?;
                let mut v = flag.get();
                let r = bool_option(lua, &a, 1, &mut v)?;
                flag.set(v);
                Ok(one(r))
            })?,
        )?;
    }
    m.raw_set(
        "encode_skip_unsupported_value_types",
        cfg_fn(lua, &cfg, |lua, c, a| {
            arg_init(a, 1)?;
            Ok(one(bool_option(
                lua,
                a,
                1,
                &mut c.encode_skip_unsupported_value_types,
            )?))
        })?,
    )?;
    m.raw_set(
        "new",
        lua.create_function(move |lua, ()| new_module(lua, safe))?,
    )?;
    m.raw_set("null", null())?;
    m.raw_set("empty_array_mt", mts.empty_array)?;
    m.raw_set("array_mt", mts.array)?;
    m.raw_set("empty_array", empty_array())?;
    m.raw_set("_NAME", "cjson")?;
    m.raw_set("_VERSION", VERSION)?;
    Ok(m)
}

/// Registers `cjson` and `cjson.safe` in `package.preload`.
pub fn install(lua: &Lua) -> mlua::Result<()> {
    let preload: Table = lua
        .globals()
        .get::<Table>("package")?
        .get::<Table>("preload")?;
    preload.raw_set(
        "cjson",
        lua.create_function(|lua, ()| new_module(lua, false))?,
    )?;
    preload.raw_set(
        "cjson.safe",
        lua.create_function(|lua, ()| new_module(lua, true))?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngx::testutil::{check, lua, ngx_table};

    fn env() -> Lua {
        let lua = lua();
        ngx_table(&lua);
        install(&lua).expect("install");
        lua
    }

    // Expected texts were printed by nginx 1.22.1 + lua-nginx-module 0.10.23 running the same
    // script with Debian's lua-cjson 2.1.0 (upstream); where OpenResty's fork differs (the
    // "NaN or Infinity" wording) the fork's lua_cjson.c text is used instead.

    #[test]
    fn encode_decode_basics() {
        check(
            &env(),
            r#"
local cjson = require "cjson"
local function E(...) p(pcall(cjson.encode, ...)) end
local function D(s) local ok, v = pcall(cjson.decode, s)
  if ok and type(v) == "table" then p(ok, "table", cjson.encode(v)) else p(ok, v) end end
E(1) E(-0.0) E(1.5) E(1e100) E(1/3) E(123456789012345) E(1234567890123456789) E(0.1) E(-1e-300) E(2^53)
E("x") E("a/b\\c\"d\n\r\t\b\f\0\1\31\127\128\255 é")
E(true) E(false) E(nil) E(cjson.null)
E({}) E({1,2,3}) E({1,nil,3}) E({[1]=1,[3]=3}) E({[2]=2}) E({[1]=1,[11]=11}) E({[20]=1}) E({n=1}) E({[1.5]=1})
E({[-1]=1}) E({[0]=1}) E({{},{{}}}) E({a={b={c={}}}})
E(function() end) E({f=print}) E({[true]=1}) E({[{}]=1}) E(coroutine.create(function() end))
E(0/0) E(1/0) E(-1/0) E({1/0}) E({[1/0]=1})
E() E(1, 2)
E({[1]="a", [2]="b", x=1})
local t = {} for i = 1, 20 do t[i] = i end t[5] = nil t[6] = nil E(t)
D('1') D('-0') D('1.5e3') D('"x\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\"') D('true') D('false') D('null')
D('[1,2,{"a":[]}]') D('{"a":1}') D('{}') D('[]') D('  [ 1 , 2 ]  ')
D('') D(' ') D('x') D('[') D('[1,]') D('{"a" 1}') D('{"a":1,}') D('{1:2}') D('[1 2]') D('"abc') D('"\\x"') D('"\\u12"') D('"\\ud800"') D('"\\udc00\\ud800"') D('"\\ud800\\u0041"')
D('01') D('0x10') D('1e400') D('-1e400') D('nan') D('NaN') D('inf') D('-Infinity') D('Infinity') D('+1') D('.5') D('1.') D('-') D('1e') D('truex') D('tru') D('nul') D('[1]x') D('[1] ') D('"\0"') D('[1]\0x') D('\0[1]') D('[\0]')
D('12345678901234567890') D('1e-400') D('0.1') D('9007199254740993') D('-0.0')
D('"\t"') D('"\1"')
p(pcall(cjson.decode)) p(pcall(cjson.decode, 1)) p(pcall(cjson.decode, nil)) p(pcall(cjson.decode, {})) p(pcall(cjson.decode, "1", 2))
local v = cjson.decode('[1,null,3]') p(#v, v[2] == cjson.null, v[2] == nil, tostring(cjson.null) ~= nil, type(cjson.null))
local v = cjson.decode('{"a":null}') p(v.a == cjson.null)
p(cjson.decode('{"1":2}')["1"], cjson.decode('{"1":2}')[1])
p(cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision(), cjson.encode_invalid_numbers(), cjson.decode_invalid_numbers(), cjson.encode_keep_buffer())
p(cjson.encode_sparse_array())
"#,
            r#"
true, "1"
true, "-0"
true, "1.5"
true, "1e+100"
true, "0.33333333333333"
true, "1.2345678901234e+14"
true, "1.2345678901235e+18"
true, "0.1"
true, "-1e-300"
true, "9.007199254741e+15"
true, "\"x\""
true, "\"a\\/b\\\\c\\\"d\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\128\255 \195\169\""
true, "true"
true, "false"
true, "null"
true, "null"
true, "{}"
true, "[1,2,3]"
true, "[1,null,3]"
true, "[1,null,3]"
true, "[null,2]"
false, "Cannot serialise table: excessively sparse array"
false, "Cannot serialise table: excessively sparse array"
true, "{\"n\":1}"
true, "{\"1.5\":1}"
true, "{\"-1\":1}"
true, "{\"0\":1}"
true, "[{},[{}]]"
true, "{\"a\":{\"b\":{\"c\":{}}}}"
false, "Cannot serialise function: type not supported"
false, "Cannot serialise function: type not supported"
false, "Cannot serialise boolean: table key must be a number or string"
false, "Cannot serialise table: table key must be a number or string"
false, "Cannot serialise thread: type not supported"
false, "Cannot serialise number: must not be NaN or Infinity"
false, "Cannot serialise number: must not be NaN or Infinity"
false, "Cannot serialise number: must not be NaN or Infinity"
false, "Cannot serialise number: must not be NaN or Infinity"
false, "Cannot serialise number: must not be NaN or Infinity"
false, "bad argument #1 to '?' (expected 1 argument)"
false, "bad argument #1 to '?' (expected 1 argument)"
true, "{\"1\":\"a\",\"2\":\"b\",\"x\":1}"
true, "[1,2,3,4,null,null,7,8,9,10,11,12,13,14,15,16,17,18,19,20]"
true, 1
true, -0
true, 1500
true, "x\195\169\240\159\152\128/\8\12\
\13\9\"\\"
true, true
true, false
true, userdata: NULL
true, "table", "[1,2,{\"a\":{}}]"
true, "table", "{\"a\":1}"
true, "table", "{}"
true, "table", "{}"
true, "table", "[1,2]"
false, "Expected value but found T_END at character 1"
false, "Expected value but found T_END at character 2"
false, "Expected value but found invalid token at character 1"
false, "Expected value but found T_END at character 2"
false, "Expected value but found T_ARR_END at character 4"
false, "Expected colon but found T_NUMBER at character 6"
false, "Expected object key string but found T_OBJ_END at character 8"
false, "Expected object key string but found T_NUMBER at character 2"
false, "Expected comma or array end but found T_NUMBER at character 4"
false, "Expected value but found unexpected end of string at character 5"
false, "Expected value but found invalid escape code at character 2"
false, "Expected value but found invalid unicode escape code at character 2"
false, "Expected value but found invalid unicode escape code at character 2"
false, "Expected value but found invalid unicode escape code at character 2"
false, "Expected value but found invalid unicode escape code at character 2"
true, 1
true, 16
true, inf
true, -inf
true, nan
true, nan
true, inf
true, -inf
true, inf
true, 1
false, "Expected value but found invalid token at character 1"
true, 1
false, "Expected value but found invalid number at character 1"
false, "Expected the end but found invalid token at character 2"
false, "Expected the end but found invalid token at character 5"
false, "Expected value but found invalid token at character 1"
false, "Expected value but found invalid token at character 1"
false, "Expected the end but found invalid token at character 4"
true, "table", "[1]"
false, "JSON parser does not support UTF-16 or UTF-32"
true, "table", "[1]"
false, "JSON parser does not support UTF-16 or UTF-32"
false, "JSON parser does not support UTF-16 or UTF-32"
true, 1.2345678901235e+19
true, 0
true, 0.1
true, 9.007199254741e+15
true, -0
true, "\9"
true, "\1"
false, "bad argument #1 to '?' (expected 1 argument)"
true, 1
false, "bad argument #1 to '?' (string expected, got nil)"
false, "bad argument #1 to '?' (string expected, got table)"
false, "bad argument #1 to '?' (expected 1 argument)"
3, true, false, true, "userdata"
true
2, nil
1000, 1000, 14, false, true, true
false, 2, 10
"#,
        );
    }

    /// Fork differences applied to the upstream output: precision range 1..16, `NaN`/`Infinity`
    /// spelled as JavaScript when `encode_invalid_numbers(true)`, "NaN or Infinity".
    #[test]
    fn config_functions_and_safe() {
        check(
            &env(),
            r#"
local cjson = require "cjson"
local c = cjson.new()
p(c.encode_sparse_array(true)) p(c.encode({[1]=1,[20]=2}))
p(c.encode_sparse_array(false, 0)) p(c.encode({[1]=1,[20]=2}))
p(c.encode_sparse_array(nil, 3, 1)) p(pcall(c.encode, {[1]=1,[5]=2}))
p(c.encode({[1]=1,[3]=2}))
p(pcall(c.encode_sparse_array, "yes"))
p(pcall(c.encode_sparse_array, "on", -1))
p(pcall(c.encode_sparse_array, 1))
p(pcall(c.encode_sparse_array, nil, nil, "x"))
p(pcall(c.encode_sparse_array, 1, 2, 3, 4))
p(c.encode_sparse_array("off", 2, 10))
local c = cjson.new()
p(c.encode_max_depth(2)) p(pcall(c.encode, {{1}})) p(pcall(c.encode, {{{1}}}))
p(pcall(c.encode_max_depth, 0)) p(pcall(c.encode_max_depth, "3")) p(c.encode_max_depth()) p(pcall(c.encode_max_depth, "x"))
p(pcall(c.encode_max_depth, 1, 2))
p(c.decode_max_depth(2)) p(c.encode(c.decode("[[1]]"))) p(pcall(c.decode, "[[[1]]]")) p(pcall(c.decode, '{"a":{"b":{}}}'))
p(c.encode_number_precision(3)) p(c.encode({3.14159, 1234567, 0.000123456}))
p(pcall(c.encode_number_precision, 0)) p(pcall(c.encode_number_precision, 17))
p(c.encode_number_precision(14))
p(c.encode_invalid_numbers(true)) p(c.encode({0/0, 1/0, -1/0}))
p(c.encode_invalid_numbers("null")) p(c.encode({0/0, 1/0, -1/0}))
p(c.encode_invalid_numbers("off")) p(pcall(c.encode, 0/0))
p(pcall(c.encode_invalid_numbers, "maybe"))
p(pcall(c.encode_invalid_numbers, 1))
p(c.encode_invalid_numbers("on"))
p(c.decode_invalid_numbers(false)) p(pcall(c.decode, "nan")) p(pcall(c.decode, "0x10")) p(pcall(c.decode, "01")) p(pcall(c.decode, "+1")) p(pcall(c.decode, "-inf")) p(pcall(c.decode, "1.5")) p(pcall(c.decode, "-0"))
p(c.encode_keep_buffer(false), c.encode({1}))
p(pcall(function() local r = c.encode(function() end) return r end))
p(pcall(function() local r = c.decode("[1,") return r end))
p(pcall(function() local r = c.decode() return r end))
p(pcall(function() local r = c.decode({}) return r end))
local s = require "cjson.safe"
p(s.encode(function() end)) p(s.decode("[1,")) p(s.decode("[1]")[1]) p(s.decode({})) p(s.decode(nil))
p(pcall(s.decode)) p(pcall(s.encode, 1, 2)) p(pcall(function() local r = s.decode() return r end))
p(s.encode({1, "a"})) p(s.new ~= cjson.new, s.encode_max_depth(), type(s.new().decode))
p(s.decode("nan") ~= s.decode("nan"))
p(cjson._NAME, cjson.null == s.null, require("cjson") == cjson, require("cjson.safe") == s)
"#,
            r#"
true, 2, 10
"{\"20\":2,\"1\":1}"
false, 0, 10
"[1,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,2]"
false, 3, 1
true, "[1,null,null,null,2]"
"[1,null,2]"
false, "bad argument #1 to '?' (invalid option 'yes')"
false, "bad argument #1 to '?' (expected integer between 0 and 2147483647)"
false, "bad argument #1 to '?' (invalid option '1')"
false, "bad argument #3 to '?' (number expected, got string)"
false, "bad argument #4 to '?' (found too many arguments)"
false, 2, 10
2
true, "[[1]]"
false, "Cannot serialise, excessive nesting (3)"
false, "bad argument #1 to '?' (expected integer between 1 and 2147483647)"
true, 3
3
false, "bad argument #1 to '?' (number expected, got string)"
false, "bad argument #2 to '?' (found too many arguments)"
2
"[[1]]"
false, "Found too many nested data structures (3) at character 3"
false, "Found too many nested data structures (3) at character 11"
3
"[3.14,1.23e+06,0.000123]"
false, "bad argument #1 to '?' (expected integer between 1 and 16)"
false, "bad argument #1 to '?' (expected integer between 1 and 16)"
14
true
"[NaN,Infinity,-Infinity]"
"null"
"[null,null,null]"
false
false, "Cannot serialise number: must not be NaN or Infinity"
false, "bad argument #1 to '?' (invalid option 'maybe')"
false, "bad argument #1 to '?' (invalid option '1')"
true
false
false, "Expected value but found invalid token at character 1"
false, "Expected value but found invalid number at character 1"
false, "Expected value but found invalid number at character 1"
false, "Expected value but found invalid token at character 1"
false, "Expected value but found invalid number at character 1"
true, 1.5
true, -0
false, "[1]"
false, "/tmp/ng/t.lua:29: Cannot serialise function: type not supported"
false, "/tmp/ng/t.lua:30: Expected value but found T_END at character 4"
false, "/tmp/ng/t.lua:31: bad argument #1 to 'decode' (expected 1 argument)"
false, "/tmp/ng/t.lua:32: bad argument #1 to 'decode' (string expected, got table)"
nil, "Cannot serialise function: type not supported"
nil, "Expected value but found T_END at character 4"
1
nil, "bad argument #1 to '?' (string expected, got table)"
nil, "bad argument #1 to '?' (string expected, got nil)"
false, "bad argument #1 to '?' (expected 1 argument)"
false, "bad argument #1 to '?' (expected 1 argument)"
false, "/tmp/ng/t.lua:35: bad argument #1 to 'decode' (expected 1 argument)"
"[1,\"a\"]"
true, 1000, "function"
true
"cjson", true, true, true
"#,
        );
    }

    /// OpenResty-fork features, absent from Debian's upstream lua-cjson: expectations worked out
    /// from openresty/lua-cjson's `lua_cjson.c` (json_append_data, json_cfg_*), not from our output.
    #[test]
    fn openresty_fork_features() {
        check(
            &env(),
            r#"
local cjson = require "cjson"
p(cjson.encode({}), cjson.encode(cjson.empty_array), cjson.encode({a = cjson.empty_array}))
p(cjson.encode(setmetatable({}, cjson.empty_array_mt)), cjson.encode(setmetatable({1, 2}, cjson.empty_array_mt)))
p(cjson.encode(setmetatable({a = 1}, cjson.empty_array_mt)))
p(cjson.encode(setmetatable({}, cjson.array_mt)), cjson.encode(setmetatable({1, 2, a = 3}, cjson.array_mt)))
p(cjson.encode(setmetatable({[1] = 1, [100] = 2}, cjson.array_mt)))
local c = cjson.new()
p(c.decode_array_with_array_mt(true))
local t = c.decode('{"a":[],"b":[1]}')
p(getmetatable(t) == nil, getmetatable(t.a) == cjson.array_mt, c.encode(t.a), c.encode(t.b))
p(c.decode_array_with_array_mt(false), getmetatable(c.decode("[]")))
p(c.encode_empty_table_as_object(false), c.encode({}), c.encode({a = {}}))
p(c.encode_empty_table_as_object("on"), c.encode({}))
p(cjson.encode("a/b"), cjson.encode_escape_forward_slash(false), cjson.encode("a/b"), c.encode("a/b"))
p(cjson.encode_escape_forward_slash(true), cjson.encode("/"))
local d = cjson.new()
p(d.encode_skip_unsupported_value_types(true))
p(d.encode({1, print, 2}), d.encode({print, 1}), d.encode({a = print}), d.encode({print}))
p(d.encode_number_precision(16), d.encode(1/3), d.encode(12345678901234567))
p(d.encode_max_depth(5), cjson.encode_max_depth(), c.encode_number_precision())
p(cjson.null == ngx.null, cjson.decode('{"a":null}').a == ngx.null, cjson.encode({ngx.null}))
p(cjson._VERSION)
"#,
            r#"
"{}", "[]", "{\"a\":[]}"
"[]", "[1,2]"
"[]"
"[]", "[1,2]"
"[1]"
true
true, true, "[]", "[1]"
false, nil
false, "[]", "{\"a\":[]}"
true, "{}"
"\"a\\/b\"", false, "\"a/b\"", "\"a/b\""
true, "\"\\/\""
true
"[1,2]", "[1]", "{}", "[]"
16, "0.3333333333333333", "1.234567890123457e+16"
5, 1000, 14
true, true, "[null]"
"2.1.0.10"
"#,
        );
    }

    /// Nesting at the default limits works on a 2 MiB test-thread stack; one more level is the
    /// C module's error (expected values from real nginx with upstream lua-cjson).
    #[test]
    fn deep_nesting_limits() {
        check(
            &env(),
            r#"
local cjson = require "cjson"
local s = string.rep("[", 1000) .. string.rep("]", 1000)
local v = cjson.decode(s)
p(#cjson.encode(v))
p(pcall(cjson.decode, "[" .. s .. "]"))
local t = {} local cur = t for i = 1, 999 do cur[1] = {} cur = cur[1] end
p(#cjson.encode(t))
cur[1] = {}
p(pcall(cjson.encode, t))
local o = {} local cur = o for i = 1, 999 do cur.a = {} cur = cur.a end
p(#cjson.encode(o))
"#,
            r#"
2000
false, "Found too many nested data structures (1001) at character 1001"
2000
false, "Cannot serialise, excessive nesting (1001)"
5996
"#,
        );
    }

    /// Random byte soups over JSON's alphabet never crash the decoder, and everything it
    /// accepts re-encodes and decodes again.
    #[test]
    fn decode_fuzz_never_crashes() {
        check(
            &env(),
            r#"
local cjson = require "cjson.safe"
local seed = 4242
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local alpha = '{}[],:"\\/ntrufalse0123456789.eE+-\0\1\255 xu'
local ok_count, bad = 0, 0
for i = 1, 4000 do
  local t = {}
  for j = 1, rnd(24) do local k = rnd(#alpha) + 1 t[j] = alpha:sub(k, k) end
  local s = table.concat(t)
  local v, err = cjson.decode(s)
  if err then
    bad = bad + 1
  else
    ok_count = ok_count + 1
    local e = cjson.encode(v)
    if e then
      local _, err2 = cjson.decode(e)
      if err2 then p("reencode failed", s, e, err2) end
    end
  end
end
p(ok_count + bad)
"#,
            r#"
4000
"#,
        );
    }
}
