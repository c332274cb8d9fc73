//! Where evaluation time goes, rule by rule (`vmlint check --timings`): each rule's time and
//! number of evaluations, summed over files and threads, like `opa eval --profile`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Per-rule evaluation time and count, indexed like `PolicySet::rules`.
#[derive(Debug, Default)]
pub struct RuleTimes {
    nanos: Vec<AtomicU64>,
    runs: Vec<AtomicU64>,
}

impl RuleTimes {
    pub fn new(rules: usize) -> Self {
        RuleTimes {
            nanos: (0..rules).map(|_| AtomicU64::new(0)).collect(),
            runs: (0..rules).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub fn add(&self, rule: usize, elapsed: Duration) {
        if let (Some(nanos), Some(runs)) = (self.nanos.get(rule), self.runs.get(rule)) {
            nanos.fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
            runs.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// (rule index, total time, evaluations), costliest first, rules never run left out.
    pub fn costliest(&self) -> Vec<(usize, Duration, u64)> {
        let mut rows: Vec<(usize, Duration, u64)> = self
            .nanos
            .iter()
            .zip(&self.runs)
            .enumerate()
            .map(|(rule, (nanos, runs))| {
                (
                    rule,
                    Duration::from_nanos(nanos.load(Ordering::Relaxed)),
                    runs.load(Ordering::Relaxed),
                )
            })
            .filter(|(_, _, runs)| *runs > 0)
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        rows
    }
}

/// The table `--timings` prints under the stages: one line per rule that ran.
pub fn render(times: &RuleTimes, ids: &[&str]) -> String {
    let mut out = String::from("rule (document scope)      time (ms)   evaluations\n");
    for (rule, elapsed, runs) in times.costliest() {
        let id = ids.get(rule).copied().unwrap_or("?");
        let _ = writeln!(
            out,
            "  {id:<24} {:>9.1} {runs:>13}",
            elapsed.as_secs_f64() * 1000.0
        );
    }
    out
}
