//! Lua literals as LuaJIT's lexer reads them (`lj_lex.c`): string escapes, long brackets,
//! numbers. Anything LuaJIT would reject or turn into something else (cdata literals) is `None`,
//! and the handler stays on LuaJIT.

/// The value of a string literal; `body` is the text between the quotes (or the long brackets),
/// as full_moon keeps it.
pub fn string_value(body: &str, long: bool) -> Option<Vec<u8>> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    if long {
        // The first newline right after `[[` is skipped; every newline sequence is one `\n`.
        let mut i = 0;
        if i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
            i = skip_newline(b, i);
        }
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' {
                out.push(b'\n');
                i = skip_newline(b, i);
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        return Some(out);
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            return None; // unfinished string
        }
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let e = *b.get(i)?;
        match e {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' | b'"' | b'\'' => out.push(e),
            b'\n' | b'\r' => {
                out.push(b'\n');
                i = skip_newline(b, i);
                continue;
            }
            b'x' => {
                let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(h, 16).ok()?);
                i += 3;
                continue;
            }
            b'z' => {
                i += 1;
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    i += 1;
                }
                continue;
            }
            b'u' => {
                if b.get(i + 1) != Some(&b'{') {
                    return None;
                }
                let mut j = i + 2;
                let mut cp: u32 = 0;
                let mut n = 0;
                while j < b.len() && b[j] != b'}' {
                    let d = (b[j] as char).to_digit(16)?;
                    cp = (cp << 4) | d;
                    if cp >= 0x110000 {
                        return None;
                    }
                    j += 1;
                    n += 1;
                }
                if n == 0 || j >= b.len() || (0xd800..0xe000).contains(&cp) {
                    return None;
                }
                let ch = char::from_u32(cp)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                i = j + 1;
                continue;
            }
            d if d.is_ascii_digit() => {
                let mut v: u32 = 0;
                let mut j = i;
                while j < b.len() && j < i + 3 && b[j].is_ascii_digit() {
                    v = v * 10 + (b[j] - b'0') as u32;
                    j += 1;
                }
                if v > 255 {
                    return None;
                }
                out.push(v as u8);
                i = j;
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

fn skip_newline(b: &[u8], i: usize) -> usize {
    let old = b[i];
    let mut j = i + 1;
    if j < b.len() && (b[j] == b'\n' || b[j] == b'\r') && b[j] != old {
        j += 1;
    }
    j
}

/// The value of a number literal, `None` for cdata literals (`1LL`, `2i`) and malformed text.
pub fn number_value(text: &str) -> Option<f64> {
    restyc_runtime::native::num::str2num(text.as_bytes())
        .filter(|_| !text.bytes().any(|c| c.is_ascii_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            string_value(r#"a\nb\t\\\"\'"#, false).unwrap(),
            b"a\nb\t\\\"'"
        );
        assert_eq!(string_value(r"\65\066\0671", false).unwrap(), b"ABC1");
        assert_eq!(
            string_value(r"\x41\u{48}\u{20AC}", false).unwrap(),
            "AH€".as_bytes()
        );
        assert_eq!(string_value("a\\z  \n  b", false).unwrap(), b"ab");
        assert_eq!(string_value("a\\\nb", false).unwrap(), b"a\nb");
        assert!(string_value(r"\256", false).is_none());
        assert!(string_value(r"\q", false).is_none());
        assert!(string_value(r"\xg0", false).is_none());
        assert_eq!(string_value("\nab\r\ncd", true).unwrap(), b"ab\ncd");
    }

    #[test]
    fn numbers() {
        assert_eq!(number_value("10"), Some(10.0));
        assert_eq!(number_value("0x10"), Some(16.0));
        assert_eq!(number_value("1e2"), Some(100.0));
        assert_eq!(number_value(".5"), Some(0.5));
        assert_eq!(number_value("1LL"), None);
        assert_eq!(number_value("2i"), None);
    }
}
