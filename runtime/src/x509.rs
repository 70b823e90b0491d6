//! The few facts of an X.509 certificate that nginx's `$ssl_client_*` variables show, read
//! from its DER, printed as OpenSSL prints them (nginx asks OpenSSL): distinguished names in
//! RFC 2253 form, the serial in upper-case hex, validity as `ASN1_TIME_print` writes it.

/// One DER element: its tag, the whole element, its contents; and what follows it.
type Element<'a> = ((u8, &'a [u8], &'a [u8]), &'a [u8]);

fn element(b: &[u8]) -> Option<Element<'_>> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &x| (a << 8) | x as usize);
        (len, &rest[n..])
    };
    let header = b.len() - rest.len();
    if rest.len() < len {
        return None;
    }
    Some(((tag, &b[..header + len], &rest[..len]), &rest[len..]))
}

/// The length of the DER element `b` starts with (a certificate in a DER chain).
pub fn element_len(b: &[u8]) -> Option<usize> {
    let ((_, whole, _), _) = element(b)?;
    Some(whole.len())
}

/// The fields of a certificate's TBSCertificate that the variables need (raw DER elements).
pub struct Cert<'a> {
    serial: &'a [u8],
    issuer: &'a [u8],
    not_before: (u8, &'a [u8]),
    not_after: (u8, &'a [u8]),
    subject: &'a [u8],
}

impl<'a> Cert<'a> {
    pub fn parse(der: &'a [u8]) -> Option<Cert<'a>> {
        let ((_, _, cert), _) = element(der)?;
        let ((_, _, tbs), _) = element(cert)?;
        let mut rest = tbs;
        let ((tag, _, _), after) = element(rest)?;
        if tag == 0xa0 {
            rest = after; // the optional [0] version
        }
        let ((_, _, serial), rest) = element(rest)?;
        let (_signature, rest) = element(rest)?;
        let ((_, issuer, _), rest) = element(rest)?;
        let ((_, _, validity), rest) = element(rest)?;
        let ((_, subject, _), _) = element(rest)?;
        let ((t1, _, nb), after) = element(validity)?;
        let ((t2, _, na), _) = element(after)?;
        Some(Cert {
            serial,
            issuer,
            not_before: (t1, nb),
            not_after: (t2, na),
            subject,
        })
    }

    pub fn self_signed(&self) -> bool {
        self.issuer == self.subject
    }

    /// `$ssl_client_s_dn`.
    pub fn subject_dn(&self) -> String {
        rfc2253(self.subject)
    }

    /// `$ssl_client_i_dn`.
    pub fn issuer_dn(&self) -> String {
        rfc2253(self.issuer)
    }

    /// `$ssl_client_serial`: upper-case hex without leading zero bytes (BN_bn2hex).
    pub fn serial_hex(&self) -> String {
        let mut s = self.serial;
        while s.len() > 1 && s[0] == 0 {
            s = &s[1..];
        }
        s.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// `$ssl_client_v_start` / `$ssl_client_v_end` as ASN1_TIME_print writes them
    /// (`Dec  3 22:00:50 2026 GMT`), and the Unix times.
    pub fn not_before(&self) -> Option<(String, i64)> {
        asn1_time(self.not_before)
    }

    pub fn not_after(&self) -> Option<(String, i64)> {
        asn1_time(self.not_after)
    }
}

/// A Name in OpenSSL's RFC 2253 form (XN_FLAG_RFC2253): the last RDN first, `,` between RDNs,
/// `+` within one, RFC 2253 escapes, bytes beyond ASCII as `\XX`.
fn rfc2253(name: &[u8]) -> String {
    let Some(((_, _, mut rdns), _)) = element(name) else {
        return String::new();
    };
    let mut parts: Vec<String> = vec![];
    while let Some(((_, _, set), rest)) = element(rdns) {
        rdns = rest;
        let mut avas = vec![];
        let mut set = set;
        while let Some(((_, _, ava), rest)) = element(set) {
            set = rest;
            let Some(((_, _, oid), rest)) = element(ava) else {
                continue;
            };
            let Some(((tag, whole, value), _)) = element(rest) else {
                continue;
            };
            let text = match tag {
                // UTF8String, PrintableString, T61String, IA5String, VisibleString
                0x0c | 0x13 | 0x14 | 0x16 | 0x1a => escape(value),
                // BMPString: UTF-16BE
                0x1e => {
                    let units: Vec<u16> = value
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect();
                    escape(String::from_utf16_lossy(&units).as_bytes())
                }
                // Anything else: the DER in hex (DUMP_UNKNOWN).
                _ => format!(
                    "#{}",
                    whole.iter().map(|b| format!("{b:02X}")).collect::<String>()
                ),
            };
            avas.push(format!("{}={text}", oid_name(oid)));
        }
        parts.push(avas.join("+"));
    }
    parts.reverse();
    parts.join(",")
}

fn escape(v: &[u8]) -> String {
    let mut out = String::new();
    for (i, &b) in v.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == v.len();
        match b {
            b',' | b'+' | b'"' | b'\\' | b'<' | b'>' | b';' => {
                out.push('\\');
                out.push(b as char);
            }
            b'#' if first => out.push_str("\\#"),
            b' ' if first || last => out.push_str("\\ "),
            0..=0x1f | 0x7f..=0xff => out.push_str(&format!("\\{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

/// OpenSSL's short name of an attribute type, else the dotted OID.
fn oid_name(oid: &[u8]) -> String {
    const NAMES: [(&[u8], &str); 15] = [
        (&[0x55, 0x04, 0x03], "CN"),
        (&[0x55, 0x04, 0x04], "SN"),
        (&[0x55, 0x04, 0x05], "serialNumber"),
        (&[0x55, 0x04, 0x06], "C"),
        (&[0x55, 0x04, 0x07], "L"),
        (&[0x55, 0x04, 0x08], "ST"),
        (&[0x55, 0x04, 0x09], "street"),
        (&[0x55, 0x04, 0x0a], "O"),
        (&[0x55, 0x04, 0x0b], "OU"),
        (&[0x55, 0x04, 0x0c], "title"),
        (&[0x55, 0x04, 0x11], "postalCode"),
        (&[0x55, 0x04, 0x2a], "GN"),
        (
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01],
            "emailAddress",
        ),
        (
            &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19],
            "DC",
        ),
        (
            &[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01],
            "UID",
        ),
    ];
    if let Some((_, n)) = NAMES.iter().find(|(o, _)| *o == oid) {
        return n.to_string();
    }
    // Dotted form: the first byte holds two arcs, then base-128 numbers.
    let mut arcs = vec![];
    if let Some(&f) = oid.first() {
        arcs.push((f / 40) as u64);
        arcs.push((f % 40) as u64);
    }
    let mut n = 0u64;
    for &b in oid.iter().skip(1) {
        n = (n << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            arcs.push(n);
            n = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
fn asn1_time((tag, v): (u8, &[u8])) -> Option<(String, i64)> {
    let s = std::str::from_utf8(v).ok()?;
    let digits = |a: usize, b: usize| s.get(a..b)?.parse::<i64>().ok();
    let (year, rest) = match tag {
        0x17 => {
            let y = digits(0, 2)?;
            (if y < 50 { 2000 + y } else { 1900 + y }, 2)
        }
        0x18 => (digits(0, 4)?, 4),
        _ => return None,
    };
    let month = digits(rest, rest + 2)?;
    let day = digits(rest + 2, rest + 4)?;
    let (h, m, sec) = (
        digits(rest + 4, rest + 6)?,
        digits(rest + 6, rest + 8)?,
        digits(rest + 8, rest + 10)?,
    );
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let name = MONTHS.get((month as usize).checked_sub(1)?)?;
    let text = format!("{name} {day:2} {h:02}:{m:02}:{sec:02} {year} GMT");
    // Days since the epoch (the civil-from-days inverse, proleptic Gregorian).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((text, days * 86400 + h * 3600 + m * 60 + sec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_openssl_prints_them() {
        let (t, unix) = asn1_time((0x17, b"261203220050Z")).unwrap();
        assert_eq!(t, "Dec  3 22:00:50 2026 GMT");
        assert_eq!(unix, 1_796_335_250);
        let (t, _) = asn1_time((0x18, b"21261109220050Z")).unwrap();
        assert_eq!(t, "Nov  9 22:00:50 2126 GMT");
    }

    #[test]
    fn names_escape_as_rfc2253() {
        assert_eq!(escape(b"a,b"), "a\\,b");
        assert_eq!(escape(b" x "), "\\ x\\ ");
        assert_eq!(escape(b"#1"), "\\#1");
        assert_eq!(oid_name(&[0x55, 0x04, 0x03]), "CN");
        assert_eq!(
            oid_name(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37]),
            "1.3.6.1.4.1.311"
        );
    }
}
