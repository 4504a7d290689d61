//! Opt-in phase and per-rule timings for profiling (`POSTLINT_TIMINGS=1`, printed to
//! standard error at the end of a run; each phase also prints resident memory as it ends).
//! Costs one relaxed check when off.

use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

static ENABLED: LazyLock<bool> = LazyLock::new(|| std::env::var_os("POSTLINT_TIMINGS").is_some());
static TOTALS: Mutex<Vec<(String, Duration, u64)>> = Mutex::new(Vec::new());

pub fn enabled() -> bool {
    *ENABLED
}

/// Start a measurement (`None` when timings are off).
pub fn start() -> Option<Instant> {
    enabled().then(Instant::now)
}

/// Add the time since `start` to the total of `name`.
pub fn record(name: &str, start: Option<Instant>) {
    let Some(start) = start else { return };
    let d = start.elapsed();
    if name.starts_with("phase:") {
        eprintln!(
            "{name}: resident {} (peak {})",
            memory("VmRSS:"),
            memory("VmHWM:")
        );
    }
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    match totals.iter_mut().find(|(n, _, _)| n == name) {
        Some((_, t, c)) => {
            *t += d;
            *c += 1;
        }
        None => totals.push((name.to_string(), d, 1)),
    }
}

/// A line of `/proc/self/status` (resident memory now / at peak), where there is one.
fn memory(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "?".to_string())
}

/// Print the totals, largest first.
pub fn report() {
    if !enabled() {
        return;
    }
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    totals.sort_by_key(|t| std::cmp::Reverse(t.1));
    for (name, d, n) in totals {
        eprintln!("{:>10.3} ms  {n:>7}x  {name}", d.as_secs_f64() * 1e3);
    }
}
