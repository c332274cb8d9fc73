//! Human output through miette: findings grouped by file under a header line, each with its
//! source snippet, the offending key underlined, `VML101(usb-passthrough)` as its code and the
//! rule's fix as help; errors the same way when they have a location; then one summary line
//! (`12 findings (3 errors, 9 warnings) in 4 of 210 files, 2 suppressed, 0.41 s`).
//! `--statistics` prints a count per rule instead of the findings; `--quiet` drops the summary.

use std::fmt::Write as _;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::slash_path;
use crate::diagnostic::{Diagnostic, LintError, Severity};
use crate::document::Span;
use crate::pipeline::suppress::SuppressionKind;
use crate::pipeline::LintRun;

#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Only the findings: no summary line.
    pub quiet: bool,
    /// A count per rule instead of the findings.
    pub statistics: bool,
}

pub fn render(run: &LintRun, options: &HumanOptions) -> String {
    if options.statistics {
        let mut out = statistics(run);
        if !options.quiet {
            out.push_str(&summary(run));
            out.push('\n');
        }
        return out;
    }
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let mut out = String::new();
    for error in &run.errors {
        render_error(&handler, run, error, &mut out);
    }
    let mut current_file = None;
    for diagnostic in &run.diagnostics {
        if current_file != Some(&diagnostic.file) {
            current_file = Some(&diagnostic.file);
            let header = slash_path(&diagnostic.file);
            if options.color {
                let _ = writeln!(out, "\u{1b}[1m{header}\u{1b}[0m");
            } else {
                let _ = writeln!(out, "{header}");
            }
        }
        render_diagnostic(&handler, run, diagnostic, &mut out);
    }
    if !options.quiet {
        out.push_str(&summary(run));
        out.push('\n');
    }
    out
}

/// `  3  VML101  usb-passthrough  error` per rule, most frequent first (as `ruff --statistics`).
fn statistics(run: &LintRun) -> String {
    let mut counts: Vec<(usize, &str, &str, Severity)> = Vec::new();
    for diagnostic in &run.diagnostics {
        match counts
            .iter_mut()
            .find(|(_, rule, _, _)| *rule == diagnostic.rule)
        {
            Some(entry) => {
                entry.0 += 1;
                entry.3 = entry.3.max(diagnostic.severity);
            }
            None => counts.push((1, &diagnostic.rule, &diagnostic.slug, diagnostic.severity)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out = String::new();
    for (count, rule, slug, severity) in counts {
        let _ = writeln!(out, "{count:>5}  {rule:<8} {slug:<28} {severity}");
    }
    out
}

fn render_diagnostic(
    handler: &GraphicalReportHandler,
    run: &LintRun,
    diagnostic: &Diagnostic,
    out: &mut String,
) {
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_code(format!("{}({})", diagnostic.rule, diagnostic.slug))
        .with_severity(miette_severity(diagnostic.severity));
    // The other places a repository finding names, one per line under its help.
    let mut help = diagnostic.help.clone().unwrap_or_default();
    for related in &diagnostic.related {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!(
            "see also {}:{}:{}: {}",
            slash_path(&related.file),
            related.start.line,
            related.start.column,
            related.message
        ));
    }
    if !help.is_empty() {
        report = report.with_help(help);
    }
    let source = run.sources.get(&diagnostic.file);
    if let Some(source) = source {
        report = report.with_label(LabeledSpan::new_with_span(
            Some(diagnostic.slug.clone()),
            visible(diagnostic.span, source),
        ));
    }
    let location = format!(
        "{}:{}:{}",
        slash_path(&diagnostic.file),
        diagnostic.start.line,
        diagnostic.start.column
    );
    emit(handler, report, source, &diagnostic.file, &location, out);
}

fn render_error(
    handler: &GraphicalReportHandler,
    run: &LintRun,
    error: &LintError,
    out: &mut String,
) {
    let mut report = MietteDiagnostic::new(error.message.clone())
        .with_code("error")
        .with_severity(miette::Severity::Error);
    let file = error.file.clone().unwrap_or_default();
    let source = run.sources.get(&file).filter(|_| error.span.is_some());
    if let (Some(source), Some(span)) = (source, error.span) {
        report = report.with_label(LabeledSpan::new_with_span(
            Some("here".to_string()),
            visible(span, source),
        ));
    }
    let location = match error.start {
        Some(start) => format!("{}:{}:{}", slash_path(&file), start.line, start.column),
        None => slash_path(&file),
    };
    emit(handler, report, source, &file, &location, out);
}

fn emit(
    handler: &GraphicalReportHandler,
    diagnostic: MietteDiagnostic,
    source: Option<&Arc<str>>,
    file: &std::path::Path,
    location: &str,
    out: &mut String,
) {
    let report = match source {
        Some(source) => Report::new(diagnostic)
            .with_source_code(NamedSource::new(slash_path(file), source.to_string())),
        None => {
            // No snippet to show: say where in the first line instead.
            let message = format!("{location}: {}", diagnostic.message);
            Report::new(MietteDiagnostic {
                message,
                ..diagnostic
            })
        }
    };
    let mut rendered = String::new();
    if handler
        .render_report(&mut rendered, report.as_ref())
        .is_err()
    {
        let _ = writeln!(rendered, "{location}: {report}");
    }
    out.push_str(&rendered);
    out.push('\n');
}

/// A zero-width span (a parse error at one point) is shown as one character.
fn visible(span: Span, source: &str) -> miette::SourceSpan {
    let length = if span.is_empty() {
        usize::from(span.start < source.len())
    } else {
        span.len()
    };
    (span.start, length).into()
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// `12 findings (3 errors, 9 warnings) in 4 of 210 files, 2 suppressed, 3 files skipped
/// (--verbose says why), 0.41 s`
pub fn summary(run: &LintRun) -> String {
    let count = |severity: Severity| {
        run.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    };
    let mut files_with_findings: Vec<_> = run.diagnostics.iter().map(|d| &d.file).collect();
    files_with_findings.dedup();
    let mut by_severity = vec![
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    ];
    if count(Severity::Info) > 0 {
        by_severity.push(plural(count(Severity::Info), "info"));
    }
    let mut parts = vec![format!(
        "{} ({}) in {} of {} files",
        plural(run.diagnostics.len(), "finding"),
        by_severity.join(", "),
        files_with_findings.len(),
        run.files_linted
    )];
    let suppressed = run.count_suppressed(SuppressionKind::InSource);
    if suppressed > 0 {
        parts.push(format!("{suppressed} suppressed"));
    }
    let baselined = run.count_suppressed(SuppressionKind::External);
    if baselined > 0 {
        parts.push(format!("{baselined} accepted by the baseline"));
    }
    // Files of a known family that are deliberately not linted (a container's `.conf`, a
    // Kubernetes manifest that is no VM) are counted, never silently dropped; files of no known
    // family (a dashboard's JSON) only appear under `--verbose`.
    let known = run
        .skipped
        .iter()
        .filter(|(_, reason)| reason != crate::pipeline::file::NOT_SUPPORTED)
        .count();
    if known > 0 {
        parts.push(format!(
            "{} skipped (--verbose says why)",
            plural(known, "file")
        ));
    }
    if !run.errors.is_empty() {
        parts.push(format!(
            "{} (listed above)",
            plural(run.errors.len(), "error reading files")
        ));
    }
    parts.push(format!("{:.2} s", run.duration.as_secs_f64()));
    parts.join(", ")
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 || noun == "info" {
        format!("{count} {noun}")
    } else if let Some((first, rest)) = noun.split_once(' ') {
        format!("{count} {first}s {rest}")
    } else {
        format!("{count} {noun}s")
    }
}
