//! Opt-in phase and per-rule timings for profiling (`POSTLINT_TIMINGS=1`, printed to
//! standard error at the end of a run). Costs one relaxed check when off.

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
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    match totals.iter_mut().find(|(n, _, _)| n == name) {
        Some((_, t, c)) => {
            *t += d;
            *c += 1;
        }
        None => totals.push((name.to_string(), d, 1)),
    }
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
