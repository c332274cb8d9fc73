//! One text linted on its own, for the front-ends that lint file by file: the language server
//! (an open buffer, judged with the repository facts of its last scan) and the audit (a blob of
//! a commit). The same stages as a run's per-file stage, through the same settings.

use std::path::Path;
use std::sync::Arc;

use super::context::RepositoryContext;
use super::estate::{self, FileSummary};
use super::file::{self, FileOutcome};
use super::locate::internal_error;
use super::settings::file_settings;
use super::timings::StageTimes;
use super::{extract, filter, LintOptions};
use crate::diagnostic::{Diagnostic, LintError};
use crate::formats::{self, Detection};
use crate::policy::PolicySet;

/// A buffer's findings, errors and summary.
#[derive(Debug, Default)]
pub struct BufferLint {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LintError>,
    pub summary: Option<Arc<FileSummary>>,
    /// Not a format vmlint reads, or excluded: why.
    pub skipped: Option<String>,
}

impl BufferLint {
    fn skipped(reason: String) -> Self {
        BufferLint {
            skipped: Some(reason),
            ..BufferLint::default()
        }
    }
}

/// Lint `text` as the file at `path`: the document rules, and — when `others` is given (the
/// other files' last summaries) — the repository rules over them with this file's new
/// summary. Without `others` the repository rules are left to the caller (the audit judges
/// them over each commit's whole tree).
pub fn lint_buffer(
    path: &Path,
    text: &str,
    policies: &PolicySet,
    options: &LintOptions,
    context: &RepositoryContext,
    others: Option<&[Arc<FileSummary>]>,
) -> BufferLint {
    let format = match formats::detect(path, text) {
        Detection::Lint(format) => format,
        Detection::Skip(reason) => return BufferLint::skipped(reason),
        Detection::Unknown => return BufferLint::skipped("not a format vmlint reads".into()),
    };
    let times = Arc::new(StageTimes::default());
    let settings = match file_settings(options, policies.rules(), path, &times) {
        Ok(settings) => settings,
        Err(reason) => return BufferLint::skipped(reason),
    };
    let mut evaluator = policies.evaluator();
    let analyzed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        file::analyze_source(
            path.to_path_buf(),
            Arc::from(text),
            format,
            &mut evaluator,
            context,
            &settings,
        )
    }));
    let mut outcome = analyzed.unwrap_or_else(|panic| internal_error(path, panic.as_ref()));
    let repository = match others {
        Some(others) => repository_findings(&outcome, &mut evaluator, options, others),
        None => Vec::new(),
    };
    filter::finish(&mut outcome, policies.rules(), repository);
    BufferLint {
        // One file's findings: one reported where its value was set shows at its use here.
        diagnostics: outcome
            .diagnostics
            .into_iter()
            .map(|diagnostic| diagnostic.anchored_in(path, text))
            .collect(),
        errors: outcome.errors,
        summary: outcome.summary,
        skipped: None,
    }
}

/// The repository rules' findings in this file, judged over `others` and its new summary.
fn repository_findings(
    outcome: &FileOutcome,
    evaluator: &mut crate::policy::Evaluator,
    options: &LintOptions,
    others: &[Arc<FileSummary>],
) -> Vec<Diagnostic> {
    let Some(summary) = &outcome.summary else {
        return Vec::new();
    };
    let enabled: Vec<bool> = evaluator
        .rules()
        .iter()
        .enumerate()
        .map(|(index, rule)| !rule.meta.scope.is_document() && outcome.selects(index))
        .collect();
    if !enabled.contains(&true) {
        return Vec::new();
    }
    let mut estate: Vec<Arc<FileSummary>> = others
        .iter()
        .filter(|other| other.path != summary.path)
        .cloned()
        .collect();
    estate.push(summary.clone());
    let mut found = estate::evaluate(evaluator, &estate, options.hosts.clone(), &|rule| {
        enabled[rule]
    });
    found.by_file.remove(&summary.path).unwrap_or_default()
}

/// The summary of one text (its workloads and schedules for the repository rules), without
/// judging it; `None` when it is not a format vmlint reads or does not parse within the
/// limits.
pub fn summarize(
    path: &Path,
    text: &str,
    options: &LintOptions,
    context: &RepositoryContext,
) -> Option<Arc<FileSummary>> {
    let Detection::Lint(format) = formats::detect(path, text) else {
        return None;
    };
    let times = Arc::new(StageTimes::default());
    let settings = file_settings(options, &[], path, &times).ok()?;
    let document = file::parse(path, &Arc::from(text), format, &settings).ok()?;
    let found = extract::workloads_and_schedules(
        &document,
        context,
        &settings.roles,
        &settings.sources,
        settings.parse_limits.max_file_bytes,
    );
    Some(Arc::new(FileSummary::new(
        &document,
        &found.foreign,
        &found.workloads,
        &found.schedules,
    )))
}
