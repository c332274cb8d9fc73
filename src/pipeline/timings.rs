//! `vmlint check --timings`: where a run's time goes. Whole-run stages (discover, repository
//! context, the parallel per-file stage, report) are wall-clock; the per-file stages (read,
//! parse, extract, evaluate, locate and suppress) are summed over the worker threads, so they
//! add up to about the per-file wall time × threads.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Per-file stages, summed over threads.
#[derive(Debug, Default)]
pub struct StageTimes {
    read: AtomicU64,
    parse: AtomicU64,
    extract: AtomicU64,
    evaluate: AtomicU64,
    finish: AtomicU64,
}

#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Reading the file and detecting its format.
    Read,
    Parse,
    /// Workloads, repository facts and the Rego input.
    Extract,
    Evaluate,
    /// Locating findings, selection, suppressions.
    Finish,
}

impl StageTimes {
    fn slot(&self, stage: Stage) -> &AtomicU64 {
        match stage {
            Stage::Read => &self.read,
            Stage::Parse => &self.parse,
            Stage::Extract => &self.extract,
            Stage::Evaluate => &self.evaluate,
            Stage::Finish => &self.finish,
        }
    }

    pub fn add(&self, stage: Stage, elapsed: Duration) {
        self.slot(stage)
            .fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
    }

    /// Run `work`, adding its duration to `stage`.
    pub fn time<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.add(stage, started.elapsed());
        result
    }

    pub fn get(&self, stage: Stage) -> Duration {
        Duration::from_nanos(self.slot(stage).load(Ordering::Relaxed))
    }
}

/// A table for stderr.
pub fn render(walls: &[(&str, Duration)], stages: &StageTimes) -> String {
    let mut out = String::from("stage                      time (ms)\n");
    for (name, elapsed) in walls {
        let _ = writeln!(out, "{name:<26} {:>9.1}", elapsed.as_secs_f64() * 1000.0);
    }
    for (name, stage) in [
        ("  read + detect (cpu)", Stage::Read),
        ("  parse (cpu)", Stage::Parse),
        ("  extract (cpu)", Stage::Extract),
        ("  evaluate (cpu)", Stage::Evaluate),
        ("  locate + suppress (cpu)", Stage::Finish),
    ] {
        let _ = writeln!(
            out,
            "{name:<26} {:>9.1}",
            stages.get(stage).as_secs_f64() * 1000.0
        );
    }
    out
}
