//! nginx's cached time (`ngx_times.c`): the wall clock is read once per event-loop iteration
//! ([`update`]) and every reader ([`now`], [`time`], `ngx.now()`, log timestamps) sees that cached
//! value, with millisecond resolution. `ngx.update_time()` calls [`update`] too.
//!
//! The cache is process-wide (two relaxed atomics), so a reader costs one atomic load and any
//! worker's update is seen by all. It starts filled on first use.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Wall clock, milliseconds since the Unix epoch (0 = not read yet).
static WALL_MS: AtomicU64 = AtomicU64::new(0);
/// Monotonic clock, nanoseconds since [`ORIGIN`] (`ngx_current_msec`, finer).
static MONO_NS: AtomicU64 = AtomicU64::new(0);
/// The monotonic clock's origin, as an `Instant` and as CLOCK_MONOTONIC nanoseconds (what
/// std's `Instant` reads on Linux).
static ORIGIN: OnceLock<(Instant, u64)> = OnceLock::new();

/// Refreshes the cache from the system clocks (`ngx_time_update`). Called for every request
/// read, so it reads the clocks directly: std's `SystemTime`/`Instant` arithmetic costs more
/// than the two vDSO calls.
pub fn update() {
    let origin = ORIGIN.get_or_init(|| (Instant::now(), clock_ns(libc::CLOCK_MONOTONIC)));
    let wall = (clock_ns(libc::CLOCK_REALTIME) / 1_000_000).max(1);
    WALL_MS.store(wall, Ordering::Relaxed);
    let mono = clock_ns(libc::CLOCK_MONOTONIC).saturating_sub(origin.1);
    MONO_NS.store(mono, Ordering::Relaxed);
}

/// A clock's reading in nanoseconds (0 before 1970).
fn clock_ns(clock: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write into.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    (ts.tv_sec.max(0) as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec.max(0) as u64)
}

/// The cached wall time in milliseconds since the epoch.
pub fn now_ms() -> u64 {
    let v = WALL_MS.load(Ordering::Relaxed);
    if v != 0 {
        return v;
    }
    update();
    WALL_MS.load(Ordering::Relaxed)
}

/// The cached time in seconds with millisecond resolution (`ngx.now()`).
pub fn now() -> f64 {
    let ms = now_ms();
    (ms / 1000) as f64 + (ms % 1000) as f64 / 1000.0
}

/// The cached time in whole seconds (`ngx.time()`, `ngx_time()`).
pub fn time() -> i64 {
    (now_ms() / 1000) as i64
}

/// The cached monotonic time in milliseconds (`ngx_current_msec`), for timers and
/// resty.core's `monotonic_msec`.
pub fn monotonic_ms() -> u64 {
    mono_ns() / 1_000_000
}

/// The cached monotonic time, for deadlines: like nginx's timers, which count from
/// `ngx_current_msec`, it saves reading the clock for every timer armed.
pub fn instant() -> crate::rt::time::Instant {
    let ns = mono_ns();
    let origin = ORIGIN.get().map_or_else(Instant::now, |o| o.0);
    origin + std::time::Duration::from_nanos(ns)
}

fn mono_ns() -> u64 {
    if WALL_MS.load(Ordering::Relaxed) == 0 {
        update();
    }
    MONO_NS.load(Ordering::Relaxed)
}

/// Serialises tests that call [`update`] (directly or through `ngx.update_time`).
#[cfg(test)]
pub(crate) static TEST_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_until_update() {
        let _g = TEST_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        update();
        let a = now_ms();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(now_ms(), a, "reads must not advance without update()");
        update();
        assert!(now_ms() >= a + 5);
        let n = now();
        assert_eq!((n * 1000.0).round() as u64, now_ms());
        assert_eq!(time(), (now_ms() / 1000) as i64);
    }

    #[test]
    fn instant_reads_the_clock_of_timer_deadlines() {
        let _g = TEST_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        update();
        let a = instant();
        assert!(a <= crate::rt::time::Instant::now());
        std::thread::sleep(std::time::Duration::from_millis(5));
        update();
        assert!(instant() >= a + std::time::Duration::from_millis(5));
    }
}
