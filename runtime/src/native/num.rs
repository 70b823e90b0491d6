//! Lua numbers as LuaJIT and lua-nginx-module print and parse them.
//!
//! - [`tostring`]: LuaJIT's `tostring(n)` and the number side of `..` (`lj_strfmt_num`, `%.14g`
//!   rounded to even; `nan`, `inf`, `-inf`, `-0`).
//! - [`say`]: how `ngx.say`, `ngx.print` and `ngx.log` print a number argument
//!   (`ngx_http_lua_write_num`: an int32 value prints as an integer, anything else with C's
//!   `%.14g`, so `-0` prints `0` and a NaN with the sign bit `-nan`).
//! - [`str2num`]: LuaJIT's string → number coercion (`lj_strscan_num`: decimal, hex with `p`
//!   exponents, `0b` binary, `inf`/`infinity`/`nan`, surrounding whitespace).
//! - [`to_int`]: LuaJIT's `lj_num2int` (C's truncating cast as x86-64 performs it).

/// `%.14g` as C and LuaJIT print it (finite numbers only).
fn g14(out: &mut Vec<u8>, n: f64) {
    use std::io::Write;
    let e = format!("{:.13e}", n);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let x: i32 = exp.parse().unwrap_or(0);
    if !(-4..14).contains(&x) {
        let mant = trim_zeros(mant);
        let _ = write!(
            out,
            "{mant}e{}{:02}",
            if x < 0 { '-' } else { '+' },
            x.unsigned_abs()
        );
    } else {
        let f = format!("{:.*}", (13 - x) as usize, n);
        out.extend_from_slice(trim_zeros(&f).as_bytes());
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// LuaJIT's `tostring(n)`, appended to `out`.
pub fn write_tostring(out: &mut Vec<u8>, n: f64) {
    if n.is_nan() {
        out.extend_from_slice(b"nan");
    } else if n.is_infinite() {
        out.extend_from_slice(if n > 0.0 { b"inf" } else { b"-inf" });
    } else if n == n.trunc() && n.abs() < 1e14 {
        // Integers below 10^14 print all their digits under %.14g.
        if n == 0.0 && n.is_sign_negative() {
            out.extend_from_slice(b"-0");
        } else {
            let mut buf = itoa(n as i64);
            out.append(&mut buf);
        }
    } else {
        g14(out, n);
    }
}

/// LuaJIT's `tostring(n)`.
pub fn tostring(n: f64) -> String {
    let mut v = Vec::with_capacity(24);
    write_tostring(&mut v, n);
    String::from_utf8(v).unwrap_or_default()
}

fn itoa(i: i64) -> Vec<u8> {
    i.to_string().into_bytes()
}

/// A number argument of `ngx.say` / `ngx.print` / `ngx.log`, appended to `out`.
pub fn write_say(out: &mut Vec<u8>, n: f64) {
    let i = to_int(n);
    if n == i as f64 {
        out.append(&mut itoa(i as i64));
    } else if n.is_nan() {
        out.extend_from_slice(if n.is_sign_negative() {
            b"-nan"
        } else {
            b"nan"
        });
    } else if n.is_infinite() {
        out.extend_from_slice(if n > 0.0 { b"inf" } else { b"-inf" });
    } else {
        g14(out, n);
    }
}

/// A number argument of `ngx.say` / `ngx.print` / `ngx.log`.
pub fn say(n: f64) -> String {
    let mut v = Vec::with_capacity(24);
    write_say(&mut v, n);
    String::from_utf8(v).unwrap_or_default()
}

/// `(int32_t)n` as x86-64 computes it (`cvttsd2si`): truncation, and `INT_MIN` for NaN and values
/// out of range. LuaJIT's `lj_num2int` and lua-nginx-module's casts behave this way.
pub fn to_int(n: f64) -> i32 {
    if n.is_nan() || n >= 2147483648.0 || n <= -2147483649.0 {
        i32::MIN
    } else {
        n as i32
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The canonical NaN LuaJIT's scanner produces (`setnanV`).
fn lj_nan() -> f64 {
    f64::from_bits(0xfff8_0000_0000_0000)
}

unsafe extern "C" {
    fn ldexp(x: f64, exp: i32) -> f64;
}

/// `strscan_double`: a 64-bit mantissa and a binary exponent to a double, rounding as LuaJIT does.
fn scan_double(mut x: u64, ex2: i32, neg: bool) -> f64 {
    if ex2 <= -1075 && x != 0 {
        let b = 63 - x.leading_zeros() as i32;
        if b + ex2 <= -1023 && b + ex2 >= -1075 {
            let rb: u64 = 1u64 << (-1075 - ex2);
            if (x & rb) != 0 && (x & (rb.wrapping_add(rb).wrapping_add(rb).wrapping_sub(1))) != 0 {
                x = x.wrapping_add(rb + rb);
            }
            x &= !(rb.wrapping_add(rb).wrapping_sub(1));
        }
    }
    let mut n = x as i64 as f64;
    if neg {
        n = -n;
    }
    if ex2 != 0 {
        // SAFETY: libm's ldexp is a pure function of its arguments.
        n = unsafe { ldexp(n, ex2) };
    }
    n
}

/// LuaJIT's string → number coercion (`lj_strscan_num`); `None` when the string is not a number.
pub fn str2num(s: &[u8]) -> Option<f64> {
    // LuaJIT strings are NUL-terminated; `at(i)` reads that terminator past the end.
    let at = |i: usize| -> u8 { s.get(i).copied().unwrap_or(0) };
    let pe = s.len();
    let mut p = 0usize;
    let mut neg = false;
    if !at(p).is_ascii_digit() {
        while is_space(at(p)) {
            p += 1;
        }
        if at(p) == b'+' || at(p) == b'-' {
            neg = at(p) == b'-';
            p += 1;
        }
        if at(p) >= b'A' {
            let lc = |i: usize| at(i) | 0x20;
            let mut v = lj_nan();
            if lc(p) == b'i' && lc(p + 1) == b'n' && lc(p + 2) == b'f' {
                v = if neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
                p += 3;
                if lc(p) == b'i'
                    && lc(p + 1) == b'n'
                    && lc(p + 2) == b'i'
                    && lc(p + 3) == b't'
                    && lc(p + 4) == b'y'
                {
                    p += 5;
                }
            } else if lc(p) == b'n' && lc(p + 1) == b'a' && lc(p + 2) == b'n' {
                p += 3;
            }
            while is_space(at(p)) {
                p += 1;
            }
            if at(p) != 0 || p < pe {
                return None;
            }
            return Some(v);
        }
    }
    let mut base = 10u32;
    let mut dp: Option<usize> = None;
    let mut dig: u32 = 0;
    let mut hasdig = false;
    let mut x: u32 = 0;
    let mut ex: i32 = 0;
    let mut is_num = false; // STRSCAN_NUM (has '.' or an exponent) rather than STRSCAN_INT
    if at(p) <= b'0' {
        if at(p) == b'0' {
            if at(p + 1) | 0x20 == b'x' {
                base = 16;
                p += 2;
            } else if at(p + 1) | 0x20 == b'b' {
                base = 2;
                p += 2;
            }
        }
        loop {
            if at(p) == b'0' {
                hasdig = true;
            } else if at(p) == b'.' {
                if dp.is_some() {
                    return None;
                }
                dp = Some(p);
            } else {
                break;
            }
            p += 1;
        }
    }
    let isa = |c: u8| {
        if base == 16 {
            c.is_ascii_hexdigit()
        } else {
            c.is_ascii_digit()
        }
    };
    let sp = p;
    loop {
        let c = at(p);
        if isa(c) {
            x = x.wrapping_mul(10).wrapping_add((c & 15) as u32);
            dig += 1;
        } else if c == b'.' {
            if dp.is_some() {
                return None;
            }
            dp = Some(p);
        } else {
            break;
        }
        p += 1;
    }
    if !hasdig && dig == 0 {
        return None;
    }
    if let Some(d) = dp {
        if base == 2 {
            return None;
        }
        is_num = true;
        if dig > 0 {
            ex = d as i32 - (p as i32 - 1);
            let mut q = p - 1;
            while ex < 0 && at(q) == b'0' {
                ex += 1;
                dig -= 1;
                q = q.wrapping_sub(1);
            }
            if ex <= -(1 << 20) {
                return None;
            }
            if base == 16 {
                ex *= 4;
            }
        }
    }
    if base >= 10 && (at(p) | 0x20) == if base == 16 { b'p' } else { b'e' } {
        is_num = true;
        p += 1;
        let mut negx = false;
        if at(p) == b'+' || at(p) == b'-' {
            negx = at(p) == b'-';
            p += 1;
        }
        if !at(p).is_ascii_digit() {
            return None;
        }
        let mut xx: u32 = (at(p) & 15) as u32;
        p += 1;
        while at(p).is_ascii_digit() {
            xx = xx * 10 + (at(p) & 15) as u32;
            if xx >= 1 << 20 {
                return None;
            }
            p += 1;
        }
        ex += if negx { -(xx as i32) } else { xx as i32 };
    }
    if at(p) != 0 {
        // Suffixes (i, u, l, ll) are only accepted with FFI options, never by tonumber.
        let c = at(p) | 0x20;
        if c == b'i' || (!is_num && (c == b'u' || c == b'l')) {
            return None;
        }
        while is_space(at(p)) {
            p += 1;
        }
        if at(p) != 0 {
            return None;
        }
    }
    if p < pe {
        return None;
    }
    if !is_num
        && base == 10
        && (dig < 10 || (dig == 10 && at(sp) <= b'2' && (x as u64) < 0x8000_0000u64 + neg as u64))
    {
        return Some(if neg { -(x as f64) } else { x as f64 });
    }
    // Digits without the decimal point.
    let digits: Vec<u8> = s[sp..]
        .iter()
        .copied()
        .filter(|c| *c != b'.')
        .take(dig as usize)
        .collect();
    match base {
        16 => {
            let mut xv: u64 = 0;
            let mut ex2 = ex;
            for (i, c) in digits.iter().enumerate() {
                let d = (*c as char).to_digit(16).unwrap_or(0) as u64;
                if i < 16 {
                    xv = (xv << 4) + d;
                } else {
                    xv |= (d != 0) as u64;
                    ex2 += 4;
                }
            }
            if xv & 0xc000_0000_0000_0000 != 0 {
                xv = (xv >> 2) | (xv & 3);
                ex2 += 2;
            }
            Some(scan_double(xv, ex2, neg))
        }
        2 => {
            if ex != 0 || dig > 64 {
                return None;
            }
            let mut xv: u64 = 0;
            for c in &digits {
                if (*c & !1) != b'0' {
                    return None;
                }
                xv = (xv << 1) | (*c & 1) as u64;
            }
            let mut ex2 = 0;
            if xv & 0xc000_0000_0000_0000 != 0 {
                xv = (xv >> 2) | (xv & 3);
                ex2 += 2;
            }
            Some(scan_double(xv, ex2, neg))
        }
        _ => {
            // Correctly rounded, as LuaJIT's strscan_dec is.
            let text = format!(
                "{}{}e{}",
                if neg { "-" } else { "" },
                String::from_utf8_lossy(&digits),
                ex
            );
            let text = if digits.is_empty() {
                format!("{}0", if neg { "-" } else { "" })
            } else {
                text
            };
            text.parse::<f64>().ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lua() -> mlua::Lua {
        mlua::Lua::new()
    }

    /// Every case against the LuaJIT restyc links.
    fn check_tostring(lua: &mlua::Lua, n: f64) {
        let f: mlua::Function = lua
            .load("return function(x) return tostring(x) end")
            .eval()
            .unwrap();
        let want: String = f.call(n).unwrap();
        assert_eq!(tostring(n), want, "tostring({n:e}) bits {:x}", n.to_bits());
    }

    #[test]
    fn tostring_matches_luajit() {
        let lua = lua();
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            1e14,
            1e15,
            1e16,
            123456789012345.0,
            12345678901234.5,
            99999999999999.0,
            2f64.powi(53),
            2f64.powi(63),
            1e100,
            1e-5,
            1e-4,
            5e-324,
            1.7976931348623157e308,
            100.0 / 3.0,
            0.1 + 0.2,
            1234567890123.45,
            2.5e15,
            -2147483648.0,
            2147483648.0,
            1e21,
            123.456,
            1.25e-7,
            0.30000000000000004,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            9.99999999999995,
            9.999999999999949,
            0.000099999999999995,
        ];
        let mut seed: u64 = 0x1234_5678_9abc_def0;
        for _ in 0..20000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            cases.push(f64::from_bits(seed));
            cases.push((seed % 2_000_000_000_000_000) as f64 / 100.0);
            cases.push((seed % 1_000_000) as f64 + 0.5);
            cases.push(
                ((seed >> 11) as f64) / 9007199254740992.0 * 10f64.powi((seed % 40) as i32 - 20),
            );
        }
        for n in cases {
            check_tostring(&lua, n);
        }
    }

    #[test]
    fn str2num_matches_luajit() {
        let lua = lua();
        let f: mlua::Function = lua.load("return function(s) local n = tonumber(s); if n == nil then return 'nil' end return string.format('%a', n) end").eval().unwrap();
        let fmt = |n: Option<f64>| -> String {
            match n {
                None => "nil".into(),
                Some(v) => {
                    let g: mlua::Function = lua
                        .load("return function(x) return string.format('%a', x) end")
                        .eval()
                        .unwrap();
                    g.call(v).unwrap()
                }
            }
        };
        let mut cases: Vec<Vec<u8>> = [
            "10",
            " 10 ",
            "0x10",
            "0X1f",
            "1e2",
            ".5",
            "5.",
            "inf",
            "nan",
            "infinity",
            "-inf",
            "0x",
            "1e",
            "",
            " ",
            "0x1p4",
            "1_0",
            "10a",
            "\t5\n",
            "\x0b7",
            "1e400",
            "-0",
            "+5",
            "- 5",
            "0b1",
            "0b102",
            "0b1.1",
            "0x-1",
            "-0x10",
            "00012",
            "1.5e+2",
            "1.5E-2",
            "0x.8",
            "0xA.8p1",
            "1LL",
            "1i",
            "1u",
            "1l",
            "5 ",
            "5\0",
            "0x1P-1074",
            "0x1p-1075",
            "0x1.8p-1074",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "4294967296",
            "123456789012345678901234567890",
            "0.1",
            "1e-400",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "..5",
            "5..",
            "1e+",
            "e5",
            "0e",
            "0x1e",
            "0xffffffffffffffffff",
            "0x1.fffffffffffff8p0",
            "0x1.fffffffffffff7ffp0",
            "Inf",
            "NaN",
            "-nan",
            "  -Infinity  ",
            "infinit",
            "nana",
            "0b",
            "0b0",
            "-0b11",
            "1.",
            "0.",
            ".",
            "+.5",
            "-.5e1",
            "0x.p1",
            "1e1048575",
            "1e1048576",
            "00000000000000000000000000001",
            "0.000000000000000000000000000000001e30",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
        let mut seed: u64 = 42;
        let alphabet = b"0123456789.eEpPxXbB+- \tinfa";
        for _ in 0..30000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 8) as usize;
            let mut s = vec![];
            let mut k = seed;
            for _ in 0..len {
                s.push(alphabet[(k % alphabet.len() as u64) as usize]);
                k /= alphabet.len() as u64;
            }
            cases.push(s);
        }
        for c in cases {
            let ls = lua.create_string(&c).unwrap();
            let want: String = f.call(ls).unwrap();
            assert_eq!(
                fmt(str2num(&c)),
                want,
                "tonumber({:?})",
                String::from_utf8_lossy(&c)
            );
        }
    }

    #[test]
    fn say_format() {
        assert_eq!(say(-0.0), "0");
        assert_eq!(say(1e15), "1e+15");
        assert_eq!(say(2f64.powi(53)), "9.007199254741e+15");
        assert_eq!(say(123456789012345.0), "1.2345678901234e+14");
        assert_eq!(say(2147483648.0), "2147483648");
        assert_eq!(say(-2147483648.0), "-2147483648");
        assert_eq!(say(f64::from_bits(0xfff8_0000_0000_0000)), "-nan");
        assert_eq!(say(f64::from_bits(0x7ff8_0000_0000_0000)), "nan");
        assert_eq!(say(f64::INFINITY), "inf");
        assert_eq!(say(1.5), "1.5");
    }
}
