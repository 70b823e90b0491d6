//! Lua values as transpiled handlers see them, and the Lua operators over them with LuaJIT's
//! exact results and error texts (`lj_meta.c`, `lj_err.c`).
//!
//! Only the values the transpiled subset can produce exist here: nil, booleans, numbers (always
//! doubles, as in LuaJIT), byte strings, and the read-only tables the ngx API returns
//! (`ngx.req.get_uri_args()`, `ngx.req.get_headers()`, and the arrays of repeated keys in them).

use std::rc::Rc;

use bytes::Bytes;

use super::num;

/// One Lua value.
#[derive(Clone, Debug)]
pub enum V {
    Nil,
    Bool(bool),
    Num(f64),
    Str(Bytes),
    Tab(Rc<Table>),
}

/// The tables the ngx API hands to Lua code.
#[derive(Debug)]
pub enum Table {
    /// `ngx.req.get_uri_args()`: keys in arrival order; a repeated key holds an `Array`.
    Args(Vec<(Bytes, V)>),
    /// `ngx.req.get_headers()`: lower-case names; a name that is not found is looked up again
    /// lower-cased with `_` turned into `-` (the table's `__index`).
    Headers(Vec<(Bytes, V)>),
    /// A sequence `t[1..n]`.
    Array(Vec<V>),
}

impl Table {
    fn find(pairs: &[(Bytes, V)], key: &[u8]) -> Option<V> {
        pairs
            .iter()
            .find(|(k, _)| k.as_ref() == key)
            .map(|(_, v)| v.clone())
    }

    /// `t[key]` for a string key.
    pub fn get(&self, key: &[u8]) -> V {
        match self {
            Table::Args(p) => Self::find(p, key).unwrap_or(V::Nil),
            Table::Headers(p) => Self::find(p, key)
                .or_else(|| {
                    let norm: Vec<u8> = key
                        .iter()
                        .map(|c| {
                            if *c == b'_' {
                                b'-'
                            } else {
                                c.to_ascii_lowercase()
                            }
                        })
                        .collect();
                    Self::find(p, &norm)
                })
                .unwrap_or(V::Nil),
            Table::Array(_) => V::Nil,
        }
    }

    /// `#t`: the sequence length (hash-only tables have border 0).
    pub fn len(&self) -> usize {
        match self {
            Table::Array(a) => a.len(),
            _ => 0,
        }
    }

    /// Whether every key is a positive integer (what `ngx.say` accepts).
    pub fn is_array(&self) -> bool {
        match self {
            Table::Array(_) => true,
            Table::Args(p) | Table::Headers(p) => p.is_empty(),
        }
    }

    /// Add `v` under `key`, turning a repeated key into an array (`ngx_http_lua_set_multi_value_table`).
    pub fn push_multi(pairs: &mut Vec<(Bytes, V)>, key: Bytes, v: V) {
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            None => pairs.push((key, v)),
            Some((_, old)) => match old {
                V::Tab(t) => {
                    if let Some(Table::Array(a)) = Rc::get_mut(t) {
                        a.push(v);
                    }
                }
                _ => {
                    let first = std::mem::replace(old, V::Nil);
                    *old = V::Tab(Rc::new(Table::Array(vec![first, v])));
                }
            },
        }
    }
}

impl V {
    /// A string constant (no allocation).
    pub const fn lit(s: &'static [u8]) -> V {
        V::Str(Bytes::from_static(s))
    }

    pub fn str(s: impl Into<Bytes>) -> V {
        V::Str(s.into())
    }

    /// Lua truthiness: everything but nil and false.
    pub fn truthy(&self) -> bool {
        !matches!(self, V::Nil | V::Bool(false))
    }

    /// `type(v)` and the type word of error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            V::Nil => "nil",
            V::Bool(_) => "boolean",
            V::Num(_) => "number",
            V::Str(_) => "string",
            V::Tab(_) => "table",
        }
    }

    /// Arithmetic coercion: numbers, and strings that scan as numbers.
    pub fn to_num(&self) -> Option<f64> {
        match self {
            V::Num(n) => Some(*n),
            V::Str(s) => num::str2num(s),
            _ => None,
        }
    }

    /// The bytes `..` and the string library use for a string or number.
    pub fn to_bytes(&self) -> Option<Bytes> {
        match self {
            V::Str(s) => Some(s.clone()),
            V::Num(n) => Some(Bytes::from(num::tostring(*n).into_bytes())),
            _ => None,
        }
    }

    /// `tostring(v)` for the values this module has (tables never reach it: their text is an
    /// address, so the transpiler refuses `tostring` of a possible table).
    pub fn tostring(&self) -> V {
        match self {
            V::Nil => V::lit(b"nil"),
            V::Bool(true) => V::lit(b"true"),
            V::Bool(false) => V::lit(b"false"),
            V::Num(n) => V::str(num::tostring(*n).into_bytes()),
            V::Str(_) => self.clone(),
            V::Tab(t) => V::str(format!("table: {:p}", Rc::as_ptr(t)).into_bytes()),
        }
    }

    /// `tonumber(v)` with one argument.
    pub fn tonumber(&self) -> V {
        match self.to_num() {
            Some(n) => V::Num(n),
            None => V::Nil,
        }
    }

    /// `v == "literal"`.
    pub fn eq_str(&self, s: &[u8]) -> bool {
        matches!(self, V::Str(x) if x.as_ref() == s)
    }

    /// `t.key` on a table from the ngx API (the transpiler proved `self` is one).
    pub fn field(&self, key: &[u8]) -> V {
        match self {
            V::Tab(t) => t.get(key),
            _ => V::Nil,
        }
    }

    /// The bytes of a value the transpiler proved to be a string or a number (the string
    /// library's `luaL_checklstring`).
    pub fn bytes(&self) -> Bytes {
        self.to_bytes().unwrap_or_default()
    }

    /// The number of a value the transpiler proved to be a number.
    pub fn num(&self) -> f64 {
        match self {
            V::Num(n) => *n,
            _ => 0.0,
        }
    }

    /// A number, or nil.
    pub fn opt_num(n: Option<f64>) -> V {
        match n {
            Some(n) => V::Num(n),
            None => V::Nil,
        }
    }
}

/// Raw equality (`==`): same type and value; tables by identity; NaN is not equal to itself.
pub fn eq(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Nil, V::Nil) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Tab(x), V::Tab(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `attempt to compare ...` (`lj_meta_comp`): the two type names, or one when they are equal.
fn compare_error(a: &V, b: &V) -> String {
    let (ta, tb) = (a.type_name(), b.type_name());
    if ta == tb {
        format!("attempt to compare two {ta} values")
    } else {
        format!("attempt to compare {ta} with {tb}")
    }
}

/// `a < b`. The parser turns `a > b` into `b < a`, so callers swap the operands for `>`.
pub fn lt(a: &V, b: &V) -> Result<bool, String> {
    match (a, b) {
        (V::Num(x), V::Num(y)) => Ok(x < y),
        (V::Str(x), V::Str(y)) => Ok(x.as_ref() < y.as_ref()),
        _ => Err(compare_error(a, b)),
    }
}

/// `a <= b` (`b >= a` for `>=`).
pub fn le(a: &V, b: &V) -> Result<bool, String> {
    match (a, b) {
        (V::Num(x), V::Num(y)) => Ok(x <= y),
        (V::Str(x), V::Str(y)) => Ok(x.as_ref() <= y.as_ref()),
        _ => Err(compare_error(a, b)),
    }
}

/// The arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

/// `lj_vm_foldarith`, computed at run time: operands pass through `black_box` when the result is
/// a NaN, so the optimizer never folds one into a NaN of another sign than the CPU gives.
pub fn fold(op: Arith, x: f64, y: f64) -> f64 {
    let f = |x: f64, y: f64| match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::Mod => x - (x / y).floor() * y,
        Arith::Pow => x.powf(y),
    };
    let r = f(x, y);
    if r.is_nan() {
        f(std::hint::black_box(x), std::hint::black_box(y))
    } else {
        r
    }
}

/// `a op b` with string coercion (`lj_meta_arith`); `Err(i)` names the operand that is not a
/// number (0 = left, 1 = right): the left one when it does not convert, else the right one.
pub fn arith(op: Arith, a: &V, b: &V) -> Result<f64, usize> {
    match (a, b) {
        (V::Num(x), V::Num(y)) => Ok(fold(op, *x, *y)),
        _ => match (a.to_num(), b.to_num()) {
            (Some(x), Some(y)) => Ok(fold(op, x, y)),
            (None, _) => Err(0),
            (_, None) => Err(1),
        },
    }
}

/// Unary minus.
pub fn neg(a: &V) -> Option<f64> {
    a.to_num().map(|x| -std::hint::black_box(x))
}

/// `#a`.
pub fn len(a: &V) -> Option<f64> {
    match a {
        V::Str(s) => Some(s.len() as f64),
        V::Tab(t) => Some(t.len() as f64),
        _ => None,
    }
}

/// `a .. b .. c ...` as one `BC_CAT` (`lj_meta_cat`): `Err(i)` is the operand the error names.
/// LuaJIT scans from the right: the rightmost operand that is not a string or number is named,
/// except when the last two both are not, where the left one of the pair is.
pub fn concat(parts: &[&V]) -> Result<V, usize> {
    let ok = |v: &V| matches!(v, V::Str(_) | V::Num(_));
    let n = parts.len();
    if let Some(j) = (0..n).rev().find(|&i| !ok(parts[i])) {
        if j == n - 1 && n >= 2 && !ok(parts[n - 2]) {
            return Err(n - 2);
        }
        return Err(j);
    }
    let mut out = Vec::new();
    for p in parts {
        match p {
            V::Str(s) => out.extend_from_slice(s),
            V::Num(x) => num::write_tostring(&mut out, *x),
            _ => {}
        }
    }
    Ok(V::Str(Bytes::from(out)))
}

/// `attempt to <what> <name> (a <type> value)`, or `attempt to <what> a <type> value` when the
/// operand has no name (`lj_err_optype`).
pub fn op_error(what: &str, name: &str, v: &V) -> String {
    if name.is_empty() {
        format!("attempt to {what} a {} value", v.type_name())
    } else {
        format!("attempt to {what} {name} (a {} value)", v.type_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_names_like_luajit() {
        let s = V::lit(b"x");
        let n = V::Nil;
        // (checked against OpenResty: see the corpus) a..b..c
        assert_eq!(concat(&[&n, &s, &s]).unwrap_err(), 0);
        assert_eq!(concat(&[&s, &n, &s]).unwrap_err(), 1);
        assert_eq!(concat(&[&s, &s, &n]).unwrap_err(), 2);
        assert_eq!(concat(&[&s, &n, &n]).unwrap_err(), 1);
        assert_eq!(concat(&[&n, &n, &s]).unwrap_err(), 1);
        assert_eq!(concat(&[&n, &s, &n]).unwrap_err(), 2);
        assert_eq!(concat(&[&n, &n]).unwrap_err(), 0);
        match concat(&[&s, &V::Num(1.5), &V::Num(-0.0)]) {
            Ok(V::Str(b)) => assert_eq!(&b[..], b"x1.5-0"),
            _ => panic!(),
        }
    }
}
