//! `--format json`: the stable machine-readable shape of DESIGN.md (`version` 1).

use serde::Serialize;

use super::slash_path;
use crate::pipeline::suppress::SuppressionKind;
use crate::pipeline::LintRun;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Diagnostic<'a>>,
    errors: Vec<Error<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    slug: &'a str,
    severity: &'static str,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: String,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Error<'a> {
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    diagnostics: usize,
    errors: usize,
    /// Findings silenced by inline suppressions.
    suppressed: usize,
    /// Findings the baseline accepts.
    baselined: usize,
    duration_ms: u128,
}

pub fn render(run: &LintRun) -> String {
    let report = Report {
        version: 1,
        diagnostics: run
            .diagnostics
            .iter()
            .map(|diagnostic| Diagnostic {
                rule: &diagnostic.rule,
                slug: &diagnostic.slug,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                file: slash_path(&diagnostic.file),
                line: diagnostic.start.line,
                column: diagnostic.start.column,
                end_line: diagnostic.end.line,
                end_column: diagnostic.end.column,
                related: diagnostic
                    .related
                    .iter()
                    .map(|related| Related {
                        file: slash_path(&related.file),
                        line: related.start.line,
                        column: related.start.column,
                        message: &related.message,
                    })
                    .collect(),
            })
            .collect(),
        errors: run
            .errors
            .iter()
            .map(|error| Error {
                file: error.file.as_deref().map(slash_path),
                line: error.start.map(|start| start.line),
                column: error.start.map(|start| start.column),
                message: &error.message,
            })
            .collect(),
        summary: Summary {
            files: run.files_linted,
            diagnostics: run.diagnostics.len(),
            errors: run.errors.len(),
            suppressed: run.count_suppressed(SuppressionKind::InSource),
            baselined: run.count_suppressed(SuppressionKind::External),
            duration_ms: run.duration.as_millis(),
        },
    };
    let mut text = serde_json::to_string_pretty(&report).expect("plain data serializes");
    text.push('\n');
    text
}
