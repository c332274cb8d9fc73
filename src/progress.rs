//! The one progress line vmlint draws: indicatif on stderr, only on a terminal, and only once
//! the work has lasted a second (a fast run prints nothing). `check` counts files, `audit`
//! commits. Safe to tick from rayon's threads.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A line saying `{verb} {pos}/{len} {unit}`; nothing at all when `enabled` is false or
    /// stderr is not a terminal.
    pub fn new(enabled: bool, verb: &str, unit: &str, total: usize) -> Self {
        use std::io::IsTerminal;
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            let template = format!(
                "{{spinner}} {verb} {{pos}}/{{len}} {unit} ({{per_sec}}) {{wide_bar}} {{eta}}"
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// One more done; the line appears once a second has passed.
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    /// Clear the line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
