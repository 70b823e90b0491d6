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
}
