//! Filtering: the last word on which findings a user sees. Per file, the repository stage's
//! findings join the document rules' (for the rules the file selects, at its severity), then the
//! file's inline suppressions apply to all. Per run, a baseline, the changed lines of a diff
//! and a severity floor ([`post`]).

use std::time::Instant;

use super::baseline::{self, Baseline};
use super::changes::Changes;
use super::file::FileOutcome;
use super::suppress;
use super::timings::Stage;
use super::LintRun;
use crate::diagnostic::{Diagnostic, Severity};

/// Add the repository stage's findings in this file (kept only for rules the file selects,
/// at its severity), then apply the file's suppressions to every finding.
pub fn finish(
    outcome: &mut FileOutcome,
    rules: &[crate::policy::Rule],
    repository: Vec<Diagnostic>,
) {
    let Some(settings) = outcome.settings.take() else {
        return;
    };
    let started = Instant::now();
    let mut located = std::mem::take(&mut outcome.pending);
    for mut diagnostic in repository {
        let Some(index) = rules
            .iter()
            .position(|rule| rule.meta.id == diagnostic.rule)
        else {
            continue;
        };
        if !settings.enabled(index) {
            continue;
        }
        if let Some(severity) = settings.severity(index) {
            diagnostic.severity = severity;
        }
        located.push(diagnostic);
    }
    let enabled = |id: &str| {
        rules
            .iter()
            .position(|rule| rule.meta.id == id)
            .is_some_and(|index| settings.enabled(index))
    };
    let located = crate::diagnostic::one_per_place(located);
    let located = suppress_elsewhere(outcome, located, rules, &settings, &enabled);
    let suppressions = std::mem::take(&mut outcome.suppressions);
    let applied = suppress::apply(
        &outcome.path,
        &suppressions,
        located,
        rules,
        &settings.suppressions,
        &enabled,
        crate::dates::today(),
    );
    outcome.diagnostics.extend(applied.kept);
    outcome.diagnostics.extend(applied.findings);
    outcome.suppressed.extend(applied.suppressed);
    outcome.diagnostics.sort();
    settings.times.add(Stage::Finish, started.elapsed());
}

/// Findings reported in another file (where a value was set) first meet that file's inline
/// suppressions; what they leave is returned, to meet this file's (on the line that uses the
/// value).
fn suppress_elsewhere(
    outcome: &mut FileOutcome,
    located: Vec<crate::diagnostic::Diagnostic>,
    rules: &[crate::policy::Rule],
    settings: &super::settings::FileSettings,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<crate::diagnostic::Diagnostic> {
    let (mut here, elsewhere): (Vec<_>, Vec<_>) = located
        .into_iter()
        .partition(|diagnostic| diagnostic.file == outcome.path);
    let mut files: Vec<std::path::PathBuf> = elsewhere
        .iter()
        .map(|diagnostic| diagnostic.file.clone())
        .collect();
    files.sort();
    files.dedup();
    let mut elsewhere = elsewhere;
    for file in files {
        let (group, rest): (Vec<_>, Vec<_>) = elsewhere
            .into_iter()
            .partition(|diagnostic| diagnostic.file == file);
        elsewhere = rest;
        let suppressions = outcome
            .foreign
            .iter()
            .find(|foreign| foreign.path == file)
            .map(|foreign| foreign.suppressions.clone())
            .unwrap_or_default();
        let applied = suppress::apply(
            &file,
            &suppressions,
            group,
            rules,
            &settings.suppressions,
            enabled,
            crate::dates::today(),
        );
        // Unused or expired suppressions of that file are its own lint's to report.
        here.extend(applied.kept);
        outcome.suppressed.extend(applied.suppressed);
    }
    here
}

/// Whether a change touches a finding's place or a place that makes it (the module line a
/// caller's VM uses, the other VM with the same MAC).
pub fn touched(changes: &Changes, diagnostic: &crate::diagnostic::Diagnostic) -> bool {
    changes.touches(&diagnostic.file, diagnostic.start.line, diagnostic.end.line)
        || diagnostic
            .related
            .iter()
            .any(|related| changes.touches(&related.file, related.start.line, related.start.line))
}

/// What a run's findings are filtered by after every file is finished.
#[derive(Default)]
pub struct RunFilters<'a> {
    /// Keep only findings on changed lines (`--diff-base` without `--all`).
    pub changed_lines: Option<&'a Changes>,
    /// Keep only findings the baseline does not accept (`--baseline`).
    pub baseline: Option<(&'a Baseline, &'a std::path::Path)>,
    /// Keep only findings at or above this severity (`--severity`).
    pub floor: Option<Severity>,
}

/// Apply the run-wide filters, in order: changed lines, baseline (what it accepts is counted as
/// suppressed), severity floor.
pub fn post(run: &mut LintRun, filters: &RunFilters) {
    if let Some(changes) = filters.changed_lines {
        run.diagnostics
            .retain(|diagnostic| touched(changes, diagnostic));
    }
    if let Some((known, path)) = filters.baseline {
        let diagnostics = std::mem::take(&mut run.diagnostics);
        let (new, accepted) = known.filter(diagnostics, &baseline::base_dir(path));
        run.diagnostics = new;
        run.suppressed.extend(accepted);
    }
    if let Some(minimum) = filters.floor {
        run.diagnostics
            .retain(|diagnostic| diagnostic.severity >= minimum);
    }
}
