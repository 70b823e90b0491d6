//! Time: `ngx.now`, `time`, `today`, `localtime`, `utctime`, `update_time`, `http_time`,
//! `cookie_time`, `parse_http_time`.
//!
//! Mirrors `ngx_http_lua_time.c` and lua-resty-core's `time.lua` (argument checks and
//! messages), over nginx's cached clock in [`crate::clock`]; `ngx_gmtime`, `ngx_http_time`,
//! `ngx_http_cookie_time` (`ngx_times.c`) and `ngx_parse_http_time` (`ngx_parse_time.c`) are
//! ported so that out-of-range input behaves as nginx's does (negative times clamp to the epoch,
//! years past 9999 to 9999-12-31 23:59:59, `parse_http_time` of 1969-12-31 23:59:59 is `nil`).

use mlua::{Lua, Table};

use crate::clock;

const WEEK: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A broken-down time as `ngx_tm_t` (month 1..=12, weekday 0 = Sunday).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tm {
    pub sec: u32,
    pub min: u32,
    pub hour: u32,
    pub mday: u32,
    pub mon: u32,
    pub year: u32,
    pub wday: u32,
}

/// `ngx_gmtime`: valid for 0 ..= 9999-12-31 23:59:59; negative input counts as 0 and later
/// times are truncated to that last second.
pub fn gmtime(t: i64) -> Tm {
    let t = t.max(0) as u64;
    let mut days = t / 86400;
    let mut sec = t % 86400;
    if days > 2932896 {
        days = 2932896;
        sec = 86399;
    }
    let wday = ((4 + days) % 7) as u32;
    let hour = sec / 3600;
    sec %= 3600;
    let min = sec / 60;
    sec %= 60;
    // Gauss' formula; days since March 1, 1 BC
    let days = days as i64 - (31 + 28) + 719527;
    let mut year = (days + 2) * 400 / (365 * 400 + 100 - 4 + 1);
    let mut yday = days - (365 * year + year / 4 - year / 100 + year / 400);
    if yday < 0 {
        let leap = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) as i64;
        yday += 365 + leap;
        year -= 1;
    }
    let mut mon = (yday + 31) * 10 / 306;
    let mday = yday - (367 * mon / 12 - 30) + 1;
    if yday >= 306 {
        year += 1;
        mon -= 10;
    } else {
        mon += 2;
    }
    Tm {
        sec: sec as u32,
        min: min as u32,
        hour: hour as u32,
        mday: mday as u32,
        mon: mon as u32,
        year: year as u32,
        wday,
    }
}

/// `ngx_http_time`: `Thu, 18 Nov 2010 11:27:35 GMT`.
pub fn http_time(t: i64) -> String {
    let tm = gmtime(t);
    format!(
        "{}, {:02} {} {:4} {:02}:{:02}:{:02} GMT",
        WEEK[tm.wday as usize],
        tm.mday,
        MONTHS[(tm.mon - 1) as usize],
        tm.year,
        tm.hour,
        tm.min,
        tm.sec
    )
}

/// `ngx_http_cookie_time`: `Thu, 18-Nov-10 11:27:35 GMT` (4-digit years after 2037).
pub fn cookie_time(t: i64) -> String {
    let tm = gmtime(t);
    let (w, m) = (WEEK[tm.wday as usize], MONTHS[(tm.mon - 1) as usize]);
    if tm.year > 2037 {
        format!(
            "{w}, {:02}-{m}-{} {:02}:{:02}:{:02} GMT",
            tm.mday, tm.year, tm.hour, tm.min, tm.sec
        )
    } else {
        format!(
            "{w}, {:02}-{m}-{:02} {:02}:{:02}:{:02} GMT",
            tm.mday,
            tm.year % 100,
            tm.hour,
            tm.min,
            tm.sec
        )
    }
}

/// The local broken-down time of `t` through libc's `localtime_r` (honours `TZ`).
pub fn localtime(t: i64) -> Tm {
    // SAFETY: localtime_r only writes into the zeroed `tm` we own.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let tt: libc::time_t = t as libc::time_t;
    let ok = unsafe { !libc::localtime_r(&tt, &mut tm).is_null() };
    if !ok {
        return gmtime(t);
    }
    Tm {
        sec: tm.tm_sec as u32,
        min: tm.tm_min as u32,
        hour: tm.tm_hour as u32,
        mday: tm.tm_mday as u32,
        mon: (tm.tm_mon + 1) as u32,
        year: (tm.tm_year + 1900) as u32,
        wday: tm.tm_wday as u32,
    }
}

fn ymd_hms(tm: &Tm) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec
    )
}

/// `ngx.localtime()` of the cached clock: `2010-11-19 20:56:31`.
pub fn local_str() -> String {
    ymd_hms(&localtime(clock::time()))
}

/// `ngx.utctime()` of the cached clock.
pub fn utc_str() -> String {
    ymd_hms(&gmtime(clock::time()))
}

/// `ngx.today()` of the cached clock: `2010-11-19` (local time).
pub fn today_str() -> String {
    let tm = localtime(clock::time());
    format!("{:04}-{:02}-{:02}", tm.year, tm.mon, tm.mday)
}

const MDAY: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// `ngx_parse_http_time`: RFC 822/1123 (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) dates.
/// `None` is nginx's `NGX_ERROR` (-1), so a date one second before the epoch is `None` too.
pub fn parse_http_time(value: &[u8]) -> Option<i64> {
    #[derive(PartialEq, Clone, Copy)]
    enum Fmt {
        No,
        Rfc822,
        Rfc850,
        Isoc,
    }
    // C reads a NUL-terminated buffer; out-of-range reads see 0.
    let at = |i: usize| -> u8 { value.get(i).copied().unwrap_or(0) };
    let digit = |i: usize| -> Option<u64> {
        let c = at(i);
        c.is_ascii_digit().then(|| (c - b'0') as u64)
    };
    let end = value.len();
    let mut fmt = Fmt::No;
    let mut p = 0usize;
    while p < end {
        if value[p] == b',' {
            break;
        }
        if value[p] == b' ' {
            fmt = Fmt::Isoc;
            break;
        }
        p += 1;
    }
    p += 1;
    while p < end && value[p] == b' ' {
        p += 1;
    }
    if end < p || end - p < 18 {
        return None;
    }
    let mut day: u64 = 0;
    if fmt != Fmt::Isoc {
        day = digit(p)? * 10 + digit(p + 1)?;
        p += 2;
        if at(p) == b' ' {
            if end - p < 18 {
                return None;
            }
            fmt = Fmt::Rfc822;
        } else if at(p) == b'-' {
            fmt = Fmt::Rfc850;
        } else {
            return None;
        }
        p += 1;
    }
    let mut month: i64 = match at(p) {
        b'J' => {
            if at(p + 1) == b'a' {
                0
            } else if at(p + 2) == b'n' {
                5
            } else {
                6
            }
        }
        b'F' => 1,
        b'M' => {
            if at(p + 2) == b'r' {
                2
            } else {
                4
            }
        }
        b'A' => {
            if at(p + 1) == b'p' {
                3
            } else {
                7
            }
        }
        b'S' => 8,
        b'O' => 9,
        b'N' => 10,
        b'D' => 11,
        _ => return None,
    };
    p += 3;
    if (fmt == Fmt::Rfc822 && at(p) != b' ') || (fmt == Fmt::Rfc850 && at(p) != b'-') {
        return None;
    }
    p += 1;
    let mut year: u64 = 0;
    if fmt == Fmt::Rfc822 {
        year = digit(p)? * 1000 + digit(p + 1)? * 100 + digit(p + 2)? * 10 + digit(p + 3)?;
        p += 4;
    } else if fmt == Fmt::Rfc850 {
        year = digit(p)? * 10 + digit(p + 1)?;
        year += if year < 70 { 2000 } else { 1900 };
        p += 2;
    }
    if fmt == Fmt::Isoc {
        if at(p) == b' ' {
            p += 1;
        }
        day = digit(p)?;
        p += 1;
        if at(p) != b' ' {
            day = day * 10 + digit(p)?;
            p += 1;
        }
        if end < p || end - p < 14 {
            return None;
        }
    }
    if at(p) != b' ' {
        return None;
    }
    p += 1;
    let hour = digit(p)? * 10 + digit(p + 1)?;
    p += 2;
    if at(p) != b':' {
        return None;
    }
    p += 1;
    let min = digit(p)? * 10 + digit(p + 1)?;
    p += 2;
    if at(p) != b':' {
        return None;
    }
    p += 1;
    let sec = digit(p)? * 10 + digit(p + 1)?;
    if fmt == Fmt::Isoc {
        p += 2;
        if at(p) != b' ' {
            return None;
        }
        p += 1;
        year = digit(p)? * 1000 + digit(p + 1)? * 100 + digit(p + 2)? * 10 + digit(p + 3)?;
    }
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    if day == 29 && month == 1 {
        if (year & 3) != 0 || (year % 100 == 0 && year % 400 != 0) {
            return None;
        }
    } else if day > MDAY[month as usize] {
        return None;
    }
    month -= 1;
    if month <= 0 {
        month += 12;
        year = year.wrapping_sub(1);
    }
    // The same unsigned arithmetic as nginx (wrapping for year 0).
    let days = 365u64
        .wrapping_mul(year)
        .wrapping_add(year / 4)
        .wrapping_sub(year / 100)
        .wrapping_add(year / 400)
        .wrapping_add((367 * month / 12 - 30) as u64)
        .wrapping_add(day)
        .wrapping_sub(1)
        .wrapping_sub(719527)
        .wrapping_add(31 + 28);
    let time = days
        .wrapping_mul(86400)
        .wrapping_add(hour * 3600 + min * 60 + sec) as i64;
    if time == -1 { None } else { Some(time) }
}

/// resty.core's `time.lua` argument checks over the Rust primitives in `P`.
const WRAPPERS: &str = r#"
local P, ngx = ...
local type, error = type, error
local http_time, cookie_time, parse_http_time = P.http_time, P.cookie_time, P.parse_http_time

function ngx.cookie_time(sec)
    if type(sec) ~= "number" then
        error("number argument only", 2)
    end
    return cookie_time(sec)
end

function ngx.http_time(sec)
    if type(sec) ~= "number" then
        error("number argument only", 2)
    end
    return http_time(sec)
end

function ngx.parse_http_time(time_str)
    if type(time_str) ~= "string" then
        error("string argument only", 2)
    end
    return parse_http_time(time_str)
end
"#;

/// A Lua number converted to C `long` as LuaJIT's FFI does (x86-64 `cvttsd2si`: NaN and
/// out-of-range values become `i64::MIN`).
fn ffi_long(x: f64) -> i64 {
    if x.is_nan() || x >= 9.223_372_036_854_775_807e18 || x < -9.223_372_036_854_775_808e18 {
        i64::MIN
    } else {
        x as i64
    }
}

/// Installs the time API into the `ngx` table.
pub fn inject(lua: &Lua, ngx: &Table) -> mlua::Result<()> {
    ngx.raw_set("now", lua.create_function(|_, ()| Ok(clock::now()))?)?;
    ngx.raw_set(
        "time",
        lua.create_function(|_, ()| Ok(clock::time() as f64))?,
    )?;
    ngx.raw_set(
        "update_time",
        lua.create_function(|_, ()| {
            clock::update();
            Ok(())
        })?,
    )?;
    ngx.raw_set("today", lua.create_function(|_, ()| Ok(today_str()))?)?;
    ngx.raw_set("localtime", lua.create_function(|_, ()| Ok(local_str()))?)?;
    ngx.raw_set("utctime", lua.create_function(|_, ()| Ok(utc_str()))?)?;

    let p = lua.create_table_with_capacity(0, 3)?;
    p.raw_set(
        "http_time",
        lua.create_function(|_, sec: f64| Ok(http_time(ffi_long(sec))))?,
    )?;
    p.raw_set(
        "cookie_time",
        lua.create_function(|_, sec: f64| Ok(cookie_time(ffi_long(sec))))?,
    )?;
    p.raw_set(
        "parse_http_time",
        lua.create_function(|_, s: mlua::LuaString| {
            Ok(parse_http_time(&s.as_bytes()).map(|t| t as f64))
        })?,
    )?;
    lua.load(WRAPPERS)
        .set_name("=[restyc ngx time]")
        .call::<()>((p, ngx.clone()))
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

    /// Expected values printed by nginx 1.22.1 + lua-nginx-module 0.10.23 for the same script.
    #[test]
    fn http_and_cookie_time() {
        check(
            &env(),
            r#"
for _, t in ipairs({0, 1, 1.9, -1, -1.5, 86399, 86400, 951782400, 951868800, 1290079655, 2147483647, 2147483648, 2208988800, 4102444800, 32503680000, 253402300799, 253402300800, 1e15, 1e30, -1e30, 0/0, 1/0}) do
  p(t, ngx.http_time(t), ngx.cookie_time(t))
end
p(pcall(ngx.http_time, "1"))
p(pcall(ngx.cookie_time))
p(pcall(function() return ngx.http_time(nil) end))
"#,
            r#"
0, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
1, "Thu, 01 Jan 1970 00:00:01 GMT", "Thu, 01-Jan-70 00:00:01 GMT"
1.9, "Thu, 01 Jan 1970 00:00:01 GMT", "Thu, 01-Jan-70 00:00:01 GMT"
-1, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
-1.5, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
86399, "Thu, 01 Jan 1970 23:59:59 GMT", "Thu, 01-Jan-70 23:59:59 GMT"
86400, "Fri, 02 Jan 1970 00:00:00 GMT", "Fri, 02-Jan-70 00:00:00 GMT"
951782400, "Tue, 29 Feb 2000 00:00:00 GMT", "Tue, 29-Feb-00 00:00:00 GMT"
951868800, "Wed, 01 Mar 2000 00:00:00 GMT", "Wed, 01-Mar-00 00:00:00 GMT"
1290079655, "Thu, 18 Nov 2010 11:27:35 GMT", "Thu, 18-Nov-10 11:27:35 GMT"
2147483647, "Tue, 19 Jan 2038 03:14:07 GMT", "Tue, 19-Jan-2038 03:14:07 GMT"
2147483648, "Tue, 19 Jan 2038 03:14:08 GMT", "Tue, 19-Jan-2038 03:14:08 GMT"
2208988800, "Sun, 01 Jan 2040 00:00:00 GMT", "Sun, 01-Jan-2040 00:00:00 GMT"
4102444800, "Fri, 01 Jan 2100 00:00:00 GMT", "Fri, 01-Jan-2100 00:00:00 GMT"
32503680000, "Wed, 01 Jan 3000 00:00:00 GMT", "Wed, 01-Jan-3000 00:00:00 GMT"
253402300799, "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"
253402300800, "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"
1e+15, "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"
1e+30, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
-1e+30, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
nan, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
inf, "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"
false, "number argument only"
false, "number argument only"
false, "number argument only"
"#,
        );
    }

    #[test]
    fn parse_http_time_formats() {
        check(
            &env(),
            r#"
for _, s in ipairs({"Thu, 18 Nov 2010 11:27:35 GMT", "Thursday, 18-Nov-10 11:27:35 GMT", "Thu Nov 18 11:27:35 2010", "Thu Nov  8 11:27:35 2010",
   "Thu, 18 Nov 2010 11:27:35", "Thu, 18 Nov 2010 11:27:35 XYZ", "18 Nov 2010 11:27:35 GMT", "Thu, 29 Feb 2000 00:00:00 GMT", "Thu, 29 Feb 1900 00:00:00 GMT",
   "Thu, 31 Apr 2010 00:00:00 GMT", "Thu, 00 Apr 2010 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT", "Wed, 31 Dec 1969 23:59:58 GMT",
   "Thu, 18 Nov 2010 24:00:00 GMT", "Thu, 18 Nov 2010 23:60:00 GMT", "Thu, 18 Xyz 2010 11:27:35 GMT", "Thu, 18 Jun 2010 11:27:35 GMT", "Thu, 18 Jul 2010 11:27:35 GMT",
   "Thu, 18 Mar 2010 11:27:35 GMT", "Thu, 18 May 2010 11:27:35 GMT", "Thu, 18 Aug 2010 11:27:35 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-69 08:49:37 GMT",
   "Sunday, 06-Nov-70 08:49:37 GMT", "Thu,    18 Nov 2010 11:27:35 GMT", "Thu,18 Nov 2010 11:27:35 GMT", "", "x", "Thu, 1 Nov 2010 11:27:35 GMT", "Thu, 18 Nov 9999 23:59:59 GMT",
   "Sat, 01 Jan 0000 00:00:00 GMT", "Thu Nov 18 11:27:35 2010 extra", "Thu Nov 18 11:27:35", "Sun, 06 Nov 1994 08:49:37 GMTxx"}) do
  p(s, ngx.parse_http_time(s))
end
p(pcall(ngx.parse_http_time, 1))
"#,
            r#"
"Thu, 18 Nov 2010 11:27:35 GMT", 1290079655
"Thursday, 18-Nov-10 11:27:35 GMT", 1290079655
"Thu Nov 18 11:27:35 2010", 1290079655
"Thu Nov  8 11:27:35 2010", 1289215655
"Thu, 18 Nov 2010 11:27:35", 1290079655
"Thu, 18 Nov 2010 11:27:35 XYZ", 1290079655
"18 Nov 2010 11:27:35 GMT", nil
"Thu, 29 Feb 2000 00:00:00 GMT", 951782400
"Thu, 29 Feb 1900 00:00:00 GMT", nil
"Thu, 31 Apr 2010 00:00:00 GMT", nil
"Thu, 00 Apr 2010 00:00:00 GMT", 1269993600
"Thu, 01 Jan 1970 00:00:00 GMT", 0
"Wed, 31 Dec 1969 23:59:59 GMT", nil
"Wed, 31 Dec 1969 23:59:58 GMT", -2
"Thu, 18 Nov 2010 24:00:00 GMT", nil
"Thu, 18 Nov 2010 23:60:00 GMT", nil
"Thu, 18 Xyz 2010 11:27:35 GMT", nil
"Thu, 18 Jun 2010 11:27:35 GMT", 1276860455
"Thu, 18 Jul 2010 11:27:35 GMT", 1279452455
"Thu, 18 Mar 2010 11:27:35 GMT", 1268911655
"Thu, 18 May 2010 11:27:35 GMT", 1274182055
"Thu, 18 Aug 2010 11:27:35 GMT", 1282130855
"Sunday, 06-Nov-94 08:49:37 GMT", 784111777
"Sunday, 06-Nov-69 08:49:37 GMT", 3150953377
"Sunday, 06-Nov-70 08:49:37 GMT", 26729377
"Thu,    18 Nov 2010 11:27:35 GMT", 1290079655
"Thu,18 Nov 2010 11:27:35 GMT", 1290079655
"", nil
"x", nil
"Thu, 1 Nov 2010 11:27:35 GMT", nil
"Thu, 18 Nov 9999 23:59:59 GMT", 253398585599
"Sat, 01 Jan 0000 00:00:00 GMT", -62167208832
"Thu Nov 18 11:27:35 2010 extra", 1290079655
"Thu Nov 18 11:27:35", nil
"Sun, 06 Nov 1994 08:49:37 GMTxx", 784111777
false, "string argument only"
"#,
        );
    }

    #[test]
    fn cached_clock_functions() {
        let _g = crate::clock::TEST_LOCK
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        check(
            &env(),
            r#"
p(type(ngx.now()), ngx.now() == math.floor(ngx.now() * 1000) / 1000, ngx.time() == math.floor(ngx.now()))
p(#ngx.today(), #ngx.localtime(), #ngx.utctime(), ngx.today() == ngx.localtime():sub(1, 10))
p(os.date("%Y-%m-%d %H:%M:%S", ngx.time()) == ngx.localtime(), os.date("!%Y-%m-%d %H:%M:%S", ngx.time()) == ngx.utctime())
p(ngx.update_time())
p(pcall(ngx.now, 1) == true)
"#,
            r#"
"number", true, true
10, 19, 19, true
true, true

true
"#,
        );
    }
}
