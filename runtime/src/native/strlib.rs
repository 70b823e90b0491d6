//! The string and math library functions the transpiled subset calls, with LuaJIT's results
//! (`lib_string.c`, `lib_math.c`, the `ff_string_*` / `ff_math_*` fast functions). The
//! transpiler only calls them with arguments of the right type, so none of them raises.

use bytes::Bytes;

use super::num::to_int;

/// Lua 5.1's `posrelat` over LuaJIT's int32 positions.
fn posrelat(pos: i32, len: usize) -> i64 {
    let pos = pos as i64;
    if pos < 0 { pos + len as i64 + 1 } else { pos }
}

/// `string.sub(s, i [, j])`.
pub fn sub(s: &Bytes, i: f64, j: Option<f64>) -> Bytes {
    let len = s.len();
    let mut start = posrelat(to_int(i), len);
    let mut end = posrelat(j.map(to_int).unwrap_or(-1), len);
    if start < 1 {
        start = 1;
    }
    if end > len as i64 {
        end = len as i64;
    }
    if start > end {
        return Bytes::new();
    }
    s.slice((start - 1) as usize..end as usize)
}

/// `string.byte(s [, i])`, first result only (`nil` when out of range).
pub fn byte(s: &[u8], i: Option<f64>) -> Option<f64> {
    let len = s.len();
    let mut start = posrelat(i.map(to_int).unwrap_or(1), len);
    let end = start.min(len as i64);
    if start < 1 {
        start = 1;
    }
    if start > end {
        return None;
    }
    Some(s[(start - 1) as usize] as f64)
}

/// `string.find(s, p [, init])` searching for `p` as plain text (`str_find_aux` with a fixed
/// string: the transpiler only calls it when LuaJIT would, for a plain flag or a pattern without
/// magic characters): the 1-based start and end, or nil.
pub fn find(s: &[u8], p: &[u8], init: Option<f64>) -> (super::V, super::V) {
    use super::V;
    let len = s.len() as i64;
    let mut start = init.map(to_int).unwrap_or(1) as i64;
    if start < 0 {
        start += len;
    } else {
        start -= 1;
    }
    let st = start.clamp(0, len) as usize;
    let hay = &s[st..];
    let at = if p.is_empty() {
        Some(0)
    } else {
        hay.windows(p.len()).position(|w| w == p)
    };
    match at {
        Some(i) => (
            V::Num((st + i + 1) as f64),
            V::Num((st + i + p.len()) as f64),
        ),
        None => (V::Nil, V::Nil),
    }
}

/// Whether `p` holds one of Lua's pattern characters (`lj_str_haspattern`).
pub fn has_pattern(p: &[u8]) -> bool {
    p.iter().any(|c| b"^$*+?.([%-".contains(c))
}

/// `string.upper(s)`: ASCII only, as in the C locale.
pub fn upper(s: &[u8]) -> Bytes {
    Bytes::from(s.to_ascii_uppercase())
}

/// `string.lower(s)`.
pub fn lower(s: &[u8]) -> Bytes {
    Bytes::from(s.to_ascii_lowercase())
}

/// `string.reverse(s)`.
pub fn reverse(s: &[u8]) -> Bytes {
    let mut v = s.to_vec();
    v.reverse();
    Bytes::from(v)
}

/// `string.rep(s, n [, sep])` (the transpiler bounds `n` at build time).
pub fn rep(s: &[u8], n: f64, sep: &[u8]) -> Bytes {
    let k = to_int(n);
    if k <= 0 {
        return Bytes::new();
    }
    let mut v = Vec::with_capacity((s.len() + sep.len()) * k as usize);
    for i in 0..k {
        if i > 0 {
            v.extend_from_slice(sep);
        }
        v.extend_from_slice(s);
    }
    Bytes::from(v)
}

/// `math.floor(x)`.
pub fn floor(x: f64) -> f64 {
    x.floor()
}

/// `math.ceil(x)`.
pub fn ceil(x: f64) -> f64 {
    x.ceil()
}

/// `math.abs(x)`.
pub fn abs(x: f64) -> f64 {
    x.abs()
}

/// `math.sqrt(x)`.
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// `math.max(x, ...)`: LuaJIT keeps the accumulated value only when it is greater (x86 `maxsd`).
pub fn max(xs: &[f64]) -> f64 {
    let mut acc = xs[0];
    for &x in &xs[1..] {
        acc = if acc > x { acc } else { x };
    }
    acc
}

/// `math.min(x, ...)` (x86 `minsd`).
pub fn min(xs: &[f64]) -> f64 {
    let mut acc = xs[0];
    for &x in &xs[1..] {
        acc = if acc < x { acc } else { x };
    }
    acc
}

// --- string.format (lj_strfmt.c) ------------------------------------------------------------

const F_LEFT: u8 = 1;
const F_PLUS: u8 = 2;
const F_ZERO: u8 = 4;
const F_SPACE: u8 = 8;
const F_ALT: u8 = 16;

/// What a conversion takes and how it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conv {
    /// `%d %i`: a number converted to int64.
    Int,
    /// `%u`, `%x`, `%X`, `%o`: a number converted to uint64; base 10, 16 or 8.
    Uint(u32),
    /// `%e %E %f %F %g %G` (and `%a %A`, which the transpiler refuses).
    Float(u8),
    /// `%c`.
    Char,
    /// `%s`.
    Str,
    /// `%q`.
    Quoted,
    /// `%p`.
    Ptr,
}

/// One conversion specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub flags: u8,
    pub width: u32,
    pub prec: Option<u32>,
    pub conv: Conv,
    pub upper: bool,
}

/// A piece of a format string: literal bytes or a conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Lit(Vec<u8>),
    Spec(Spec),
}

/// `lj_strfmt_parse` over the whole format: its pieces, or LuaJIT's message for the first bad
/// option (`invalid option '%y' to 'format'`).
pub fn parse_format(fmt: &[u8]) -> Result<Vec<Piece>, String> {
    let at = |i: usize| -> u8 { fmt.get(i).copied().unwrap_or(0) };
    let mut out = vec![];
    let mut lit = vec![];
    let mut p = 0;
    while p < fmt.len() {
        if fmt[p] != b'%' {
            lit.push(fmt[p]);
            p += 1;
            continue;
        }
        if at(p + 1) == b'%' {
            lit.push(b'%');
            p += 2;
            continue;
        }
        if !lit.is_empty() {
            out.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        let start = p;
        let mut flags = 0u8;
        p += 1;
        while at(p).wrapping_sub(b' ') <= b'0' - b' ' {
            match at(p) {
                b'-' => flags |= F_LEFT,
                b'+' => flags |= F_PLUS,
                b'0' => flags |= F_ZERO,
                b' ' => flags |= F_SPACE,
                b'#' => flags |= F_ALT,
                _ => break,
            }
            p += 1;
        }
        let mut width = 0u32;
        if at(p).is_ascii_digit() {
            width = (at(p) - b'0') as u32;
            p += 1;
            if at(p).is_ascii_digit() {
                width = width * 10 + (at(p) - b'0') as u32;
                p += 1;
            }
        }
        let mut prec = None;
        if at(p) == b'.' {
            p += 1;
            let mut v = 0u32;
            if at(p).is_ascii_digit() {
                v = (at(p) - b'0') as u32;
                p += 1;
                if at(p).is_ascii_digit() {
                    v = v * 10 + (at(p) - b'0') as u32;
                    p += 1;
                }
            }
            prec = Some(v);
        }
        let c = at(p);
        let conv = match c {
            b'd' | b'i' => Some(Conv::Int),
            b'u' => Some(Conv::Uint(10)),
            b'x' | b'X' => Some(Conv::Uint(16)),
            b'o' => Some(Conv::Uint(8)),
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => {
                Some(Conv::Float(c.to_ascii_lowercase()))
            }
            b'c' => Some(Conv::Char),
            b's' => Some(Conv::Str),
            b'q' => Some(Conv::Quoted),
            b'p' => Some(Conv::Ptr),
            _ => None,
        };
        match conv {
            Some(conv) => {
                out.push(Piece::Spec(Spec {
                    flags,
                    width,
                    prec,
                    conv,
                    upper: c.is_ascii_uppercase(),
                }));
                p += 1;
            }
            None => {
                let end = if c >= 32 { p + 1 } else { p };
                let text = String::from_utf8_lossy(&fmt[start..end.min(fmt.len())]).into_owned();
                return Err(format!("invalid option '{text}' to 'format'"));
            }
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

/// `lj_vm_num2i64` on x86-64.
fn num2i64(n: f64) -> i64 {
    if n.is_nan() || n >= 9.223_372_036_854_775_807e18 || n < -9.223_372_036_854_775_808e18 {
        i64::MIN
    } else {
        n as i64
    }
}

/// `lj_vm_num2u64` on x86-64: int64 conversion, and for the upper half `n - 2^64`.
fn num2u64(n: f64) -> u64 {
    let r = num2i64(n);
    if r != i64::MIN {
        return r as u64;
    }
    num2i64(n - 18446744073709551616.0) as u64
}

/// `lj_strfmt_putfxint`.
fn put_xint(out: &mut Vec<u8>, sp: &Spec, mut k: u64, signed: bool, base: u32) {
    let mut flags = sp.flags;
    let mut prefix: Vec<u8> = vec![];
    if signed {
        if (k as i64) < 0 {
            k = (!k).wrapping_add(1);
            prefix.push(b'-');
        } else if flags & F_PLUS != 0 {
            prefix.push(b'+');
        } else if flags & F_SPACE != 0 {
            prefix.push(b' ');
        }
    }
    if sp.prec.is_some() {
        flags &= !F_ZERO;
    }
    let mut digits: Vec<u8> = vec![];
    if k == 0 {
        if sp.prec != Some(0) || (base == 8 && flags & F_ALT != 0) {
            digits.push(b'0');
        }
    } else if base == 10 {
        digits = k.to_string().into_bytes();
    } else if base == 16 {
        digits = if sp.upper {
            format!("{k:X}")
        } else {
            format!("{k:x}")
        }
        .into_bytes();
        if flags & F_ALT != 0 {
            prefix = vec![b'0', if sp.upper { b'X' } else { b'x' }];
        }
    } else {
        digits = format!("{k:o}").into_bytes();
        if flags & F_ALT != 0 {
            digits.insert(0, b'0');
        }
    }
    let len = digits.len();
    let prec = sp
        .prec
        .map(|p| p as usize)
        .filter(|p| *p > len)
        .unwrap_or(len);
    let pprec = prec + prefix.len();
    let width = sp.width as usize;
    if flags & (F_LEFT | F_ZERO) == 0 {
        out.extend(std::iter::repeat_n(b' ', width.saturating_sub(pprec)));
    }
    out.extend_from_slice(&prefix);
    if flags & (F_LEFT | F_ZERO) == F_ZERO {
        out.extend(std::iter::repeat_n(b'0', width.saturating_sub(pprec)));
    }
    out.extend(std::iter::repeat_n(b'0', prec - len));
    out.extend_from_slice(&digits);
    if flags & F_LEFT != 0 {
        out.extend(std::iter::repeat_n(b' ', width.saturating_sub(pprec)));
    }
}

/// Pad `body` (after `prefix`) to the spec's width.
fn pad(out: &mut Vec<u8>, sp: &Spec, prefix: &[u8], body: &[u8], zero_ok: bool) {
    let len = prefix.len() + body.len();
    let fill = (sp.width as usize).saturating_sub(len);
    if sp.flags & F_LEFT != 0 {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.extend(std::iter::repeat_n(b' ', fill));
    } else if zero_ok && sp.flags & F_ZERO != 0 {
        out.extend_from_slice(prefix);
        out.extend(std::iter::repeat_n(b'0', fill));
        out.extend_from_slice(body);
    } else {
        out.extend(std::iter::repeat_n(b' ', fill));
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// `d.ddde+XX` from Rust's `{:.*e}`.
fn e_style(x: f64, prec: usize, upper: bool) -> (String, i32) {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!(
        "{m}{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    );
    (out, e)
}

fn strip_frac_zeros(s: &str) -> String {
    if !s.contains('.') {
        return s.to_string();
    }
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `%e %f %g` as LuaJIT's `lj_strfmt_wfnum` prints them (C's rules, rounding to even; NaN
/// without a sign).
fn put_float(out: &mut Vec<u8>, sp: &Spec, kind: u8, n: f64) {
    if !n.is_finite() {
        let word: &[u8] = match (n.is_nan(), sp.upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        let prefix: &[u8] = if n.is_nan() {
            if sp.flags & F_SPACE != 0 { b" " } else { b"" }
        } else if n < 0.0 {
            b"-"
        } else if sp.flags & F_PLUS != 0 {
            b"+"
        } else if sp.flags & F_SPACE != 0 {
            b" "
        } else {
            b""
        };
        pad(out, sp, prefix, word, false);
        return;
    }
    let prefix: &[u8] = if n.is_sign_negative() {
        b"-"
    } else if sp.flags & F_PLUS != 0 {
        b"+"
    } else if sp.flags & F_SPACE != 0 {
        b" "
    } else {
        b""
    };
    let x = n.abs();
    let alt = sp.flags & F_ALT != 0;
    let prec = sp.prec.unwrap_or(6) as usize;
    let body = match kind {
        b'f' => {
            let mut s = format!("{:.*}", prec, x);
            if prec == 0 && alt {
                s.push('.');
            }
            s
        }
        b'e' => {
            let (mut s, _) = e_style(x, prec, sp.upper);
            if prec == 0 && alt {
                let i = s.find(['e', 'E']).unwrap_or(s.len());
                s.insert(i, '.');
            }
            s
        }
        _ => {
            let p = if prec == 0 { 1 } else { prec };
            let (_, xe) = e_style(x, p - 1, sp.upper);
            if (xe as i64) < p as i64 && xe >= -4 {
                let mut s = format!("{:.*}", (p as i64 - 1 - xe as i64) as usize, x);
                if !alt {
                    s = strip_frac_zeros(&s);
                } else if !s.contains('.') {
                    s.push('.');
                }
                s
            } else {
                let (s, _) = e_style(x, p - 1, sp.upper);
                let i = s.find(['e', 'E']).unwrap_or(s.len());
                let (m, e) = s.split_at(i);
                let m = if alt {
                    if m.contains('.') {
                        m.to_string()
                    } else {
                        format!("{m}.")
                    }
                } else {
                    strip_frac_zeros(m)
                };
                format!("{m}{e}")
            }
        }
    };
    pad(out, sp, prefix, body.as_bytes(), true);
}

/// `%q` (`strfmt_putquotedlen`).
fn put_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        let next_digit = s.get(i + 1).is_some_and(|d| d.is_ascii_digit());
        if c == b'"' || c == b'\\' || c == b'\n' {
            out.push(b'\\');
            out.push(c);
        } else if c < 32 || c == 127 {
            out.push(b'\\');
            if c >= 100 || next_digit {
                out.extend_from_slice(format!("{c:03}").as_bytes());
            } else {
                out.extend_from_slice(c.to_string().as_bytes());
            }
        } else {
            out.push(c);
        }
    }
    out.push(b'"');
}

/// The text of one conversion, for asking LuaJIT itself (`%-10.3f`).
pub fn spec_text(sp: &Spec) -> String {
    let mut t = String::from("%");
    for (f, c) in [
        (F_LEFT, '-'),
        (F_PLUS, '+'),
        (F_ZERO, '0'),
        (F_SPACE, ' '),
        (F_ALT, '#'),
    ] {
        if sp.flags & f != 0 {
            t.push(c);
        }
    }
    if sp.width > 0 {
        t.push_str(&sp.width.to_string());
    }
    if let Some(p) = sp.prec {
        t.push_str(&format!(".{p}"));
    }
    let c = match sp.conv {
        Conv::Float(k) => k as char,
        _ => 'f',
    };
    t.push(if sp.upper { c.to_ascii_uppercase() } else { c });
    t
}

/// Numbers whose `%e %f %g` text restyc's LuaJIT computes with its own quirks (below about
/// 1e-180 its `%f` prints garbage): `format` asks LuaJIT itself for them.
pub fn needs_luajit(n: f64) -> bool {
    n != 0.0 && n.abs() < 1e-100
}

/// `string.format(fmt, ...)` for a format and arguments the transpiler checked: a valid format
/// without `%a`/`%p`, enough arguments, numbers for numeric conversions, no tables. `assist`
/// formats one float conversion with LuaJIT itself (see [`needs_luajit`]).
pub fn format(
    pieces: &[Piece],
    args: &[&super::V],
    assist: &dyn Fn(&Spec, f64) -> Option<Vec<u8>>,
) -> Bytes {
    use super::V;
    let mut out = Vec::with_capacity(32);
    let mut k = 0;
    for piece in pieces {
        let sp = match piece {
            Piece::Lit(l) => {
                out.extend_from_slice(l);
                continue;
            }
            Piece::Spec(sp) => sp,
        };
        let arg = args.get(k).copied().unwrap_or(&V::Nil);
        k += 1;
        match sp.conv {
            Conv::Int => put_xint(&mut out, sp, num2i64(arg.num()) as u64, true, 10),
            Conv::Uint(base) => put_xint(&mut out, sp, num2u64(arg.num()), false, base),
            Conv::Float(kind) => {
                let n = arg.num();
                match needs_luajit(n).then(|| assist(sp, n)).flatten() {
                    Some(text) => out.extend_from_slice(&text),
                    None => put_float(&mut out, sp, kind, n),
                }
            }
            Conv::Char => {
                let c = [to_int(arg.num()) as u8];
                let left = sp.flags & F_LEFT != 0;
                let fill = (sp.width as usize).saturating_sub(1);
                if left {
                    out.push(c[0]);
                }
                out.extend(std::iter::repeat_n(b' ', fill));
                if !left {
                    out.push(c[0]);
                }
            }
            Conv::Str | Conv::Quoted => {
                let s = match arg.tostring() {
                    V::Str(s) => s,
                    _ => Bytes::new(),
                };
                if sp.conv == Conv::Quoted {
                    put_quoted(&mut out, &s);
                } else {
                    let len = match sp.prec {
                        Some(p) => s.len().min(p as usize),
                        None => s.len(),
                    };
                    pad(&mut out, sp, b"", &s[..len], false);
                }
            }
            Conv::Ptr => {}
        }
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lua_call(lua: &mlua::Lua, code: &str, args: mlua::MultiValue) -> mlua::Value {
        let f: mlua::Function = lua.load(code).eval().unwrap();
        f.call(args).unwrap()
    }

    fn nums(seed: &mut u64) -> f64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let pool = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            -2.5,
            3.0,
            7.0,
            -7.0,
            100.0,
            1e10,
            -1e10,
            3e9,
            -3e9,
            f64::from_bits(0xfff8_0000_0000_0000),
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.5,
            -0.5,
        ];
        pool[(*seed % pool.len() as u64) as usize]
    }

    #[test]
    fn sub_and_byte_match_luajit() {
        let lua = mlua::Lua::new();
        let f: mlua::Function = lua
            .load("return function(s, i, j) return (s:sub(i, j)) end")
            .eval()
            .unwrap();
        let g: mlua::Function = lua
            .load("return function(s, i) return (s:byte(i)) end")
            .eval()
            .unwrap();
        let mut seed = 7u64;
        for s in ["", "a", "hello", "hello world"] {
            for _ in 0..400 {
                let (i, j) = (nums(&mut seed), nums(&mut seed));
                let want: mlua::LuaString = f.call((s, i, j)).unwrap();
                assert_eq!(
                    &sub(&Bytes::from(s), i, Some(j))[..],
                    &want.as_bytes()[..],
                    "sub({s:?}, {i}, {j})"
                );
                let want: Option<f64> = g.call((s, i)).unwrap();
                assert_eq!(byte(s.as_bytes(), Some(i)), want, "byte({s:?}, {i})");
            }
            let want: mlua::LuaString = lua.load(format!("return ({s:?}):sub(2)")).eval().unwrap();
            assert_eq!(&sub(&Bytes::from(s), 2.0, None)[..], &want.as_bytes()[..]);
        }
    }

    #[test]
    fn plain_find_matches_luajit() {
        let lua = mlua::Lua::new();
        let f: mlua::Function = lua
            .load("return function(s, p, i) return string.find(s, p, i, true) end")
            .eval()
            .unwrap();
        let mut seed = 5u64;
        for s in ["", "a", "hello world", "aaa", "abcabc"] {
            for p in ["", "a", "o", "abc", "l", "world", "zz", "aa"] {
                for _ in 0..40 {
                    let i = nums(&mut seed);
                    let (a, b): (Option<f64>, Option<f64>) = f.call((s, p, i)).unwrap();
                    let (x, y) = find(s.as_bytes(), p.as_bytes(), Some(i));
                    let num = |v: super::super::V| match v {
                        super::super::V::Num(n) => Some(n),
                        _ => None,
                    };
                    assert_eq!((num(x), num(y)), (a, b), "find({s:?}, {p:?}, {i})");
                }
            }
        }
    }

    #[test]
    fn max_min_match_luajit() {
        let lua = mlua::Lua::new();
        let mut seed = 11u64;
        for _ in 0..2000 {
            let (a, b, c) = (nums(&mut seed), nums(&mut seed), nums(&mut seed));
            for (code, ours) in [
                (
                    "return function(a, b, c) return math.max(a, b, c) end",
                    max(&[a, b, c]),
                ),
                (
                    "return function(a, b, c) return math.min(a, b, c) end",
                    min(&[a, b, c]),
                ),
            ] {
                let v = lua_call(
                    &lua,
                    code,
                    mlua::MultiValue::from_iter([
                        mlua::Value::Number(a),
                        mlua::Value::Number(b),
                        mlua::Value::Number(c),
                    ]),
                );
                let want = match v {
                    mlua::Value::Number(n) => n,
                    mlua::Value::Integer(i) => i as f64,
                    _ => panic!(),
                };
                assert_eq!(ours.to_bits(), want.to_bits(), "{code} {a} {b} {c}");
            }
        }
    }

    #[test]
    fn format_matches_luajit() {
        let lua = mlua::Lua::new();
        let f: mlua::Function = lua
            .load("return function(f, x) return string.format(f, x) end")
            .eval()
            .unwrap();
        let specs = [
            "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-8.3d|", "%.0d", "%i",
            "%u", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%#.0o", "%08x", "%c", "%3c", "%-3c|",
            "%f", "%.2f", "%10.3f", "%-10.3f|", "%010.3f", "%+f", "% f", "%.0f", "%#.0f", "%e",
            "%.3e", "%E", "%12.4e", "%#.0e", "%g", "%.3g", "%G", "%#g", "%#.3g", "%.0g", "%10g",
            "%-10g|", "%010g", "%+.10g", "%.14g", "%.20f", "%.17g", "%s", "%10s", "%-10s|", "%.2s",
            "%5.1s", "%q", "%5.2f", "%F", "%99.99f",
        ];
        let mut nums = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            42.0,
            -42.0,
            255.0,
            3.14159,
            31415.9,
            0.0001,
            1e-10,
            1e15,
            1e100,
            -1e100,
            2f64.powi(53),
            2f64.powi(63),
            2f64.powi(64),
            1.5,
            2.5,
            0.5,
            -0.5,
            65.7,
            300.0,
            -3.0,
            123456789.125,
            1.0 / 3.0,
            9.9999999,
            0.00001234,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::from_bits(0xfff8_0000_0000_0000),
            f64::from_bits(0x7ff8_0000_0000_0000),
            1.7976931348623157e308,
            2.2250738585072014e-308,
        ];
        let mut seed = 99u64;
        for _ in 0..300 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            nums.push(
                ((seed >> 11) as f64 / 9007199254740992.0 - 0.5)
                    * 10f64.powi((seed % 24) as i32 - 8),
            );
            nums.push(f64::from_bits(seed));
        }
        // Those LuaJIT formats itself (`needs_luajit`) are not compared.
        nums.retain(|n| !needs_luajit(*n));
        for spec in specs {
            let pieces = parse_format(spec.as_bytes()).unwrap();
            let wants_str = matches!(
                pieces.iter().find_map(|p| if let Piece::Spec(s) = p {
                    Some(s.conv)
                } else {
                    None
                }),
                Some(Conv::Str | Conv::Quoted)
            );
            for &n in &nums {
                let want: mlua::LuaString = f.call((spec, n)).unwrap();
                let got = format(&pieces, &[&super::super::V::Num(n)], &|_, _| None);
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    want.to_string_lossy(),
                    "string.format({spec:?}, {n:e})"
                );
            }
            if wants_str {
                for s in ["", "abc", "a\nb\"c\0d\r\\", "\x01\x7f1\x0a9", "hello world"] {
                    let want: mlua::LuaString = f.call((spec, s)).unwrap();
                    let got = format(
                        &pieces,
                        &[&super::super::V::str(s.as_bytes().to_vec())],
                        &|_, _| None,
                    );
                    assert_eq!(
                        &got[..],
                        &want.as_bytes()[..],
                        "string.format({spec:?}, {s:?})"
                    );
                }
            }
        }
        for bad in ["%y", "%5", "%100d", "%.100f", "%", "%-#+ 0!d", "abc%"] {
            let want = lua
                .load(format!(
                    "return select(2, pcall(string.format, {bad:?}, 1))"
                ))
                .eval::<String>()
                .unwrap();
            assert_eq!(parse_format(bad.as_bytes()).unwrap_err(), want, "{bad}");
        }
    }
}
