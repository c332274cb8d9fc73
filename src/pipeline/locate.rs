//! Locating: the one place a [`Diagnostic`] is built. A rule names a JSON pointer into the
//! document (and, for repository rules, the file); this stage turns it into a span, a line and
//! a column, names the workload it is in, and fingerprints the flagged content. Errors that
//! concern a file as a whole or a place in it are built here too.

use std::path::Path;
use std::sync::Arc;

use super::file::FileOutcome;
use crate::diagnostic::{Diagnostic, ErrorKind, LintError, Related};
use crate::document::{Document, Position, Span};
use crate::model::trace;
use crate::policy::{RawFinding, Rule};

/// Where a finding is, as a reader of the file would find it.
pub struct Place<'a> {
    pub file: &'a Path,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// The flagged content, for the fingerprint that survives moved lines.
    pub content: &'a str,
}

/// A finding of `rule` at `place`.
pub fn diagnostic(
    rule: &Rule,
    place: Place,
    severity: crate::diagnostic::Severity,
    message: String,
    workload: Option<String>,
    related: Vec<Related>,
) -> Diagnostic {
    Diagnostic {
        workload,
        fingerprint: crate::diagnostic::fingerprint(&rule.meta.id, place.content),
        rule: rule.meta.id.clone(),
        slug: rule.meta.slug.clone(),
        severity,
        message,
        file: place.file.to_path_buf(),
        span: place.span,
        start: place.start,
        end: place.end,
        help: (!rule.meta.remediation.is_empty()).then(|| rule.meta.remediation.clone()),
        related,
    }
}

/// The workload whose definition holds `pointer` (the longest matching root pointer).
pub fn owner(owners: &[(String, String)], pointer: &str) -> Option<String> {
    owners
        .iter()
        .filter(|(root, _)| {
            pointer == root
                || (pointer.starts_with(root.as_str()) && pointer[root.len()..].starts_with('/'))
        })
        .max_by_key(|(root, _)| root.len())
        .map(|(_, id)| id.clone())
}

/// A document rule's finding in `document`: at the first place of its trace in the document,
/// with the trace's other places (in `foreign` files too) as related locations.
pub fn finding(
    document: &Document,
    foreign: &[Arc<Document>],
    rule: &Rule,
    owners: &[(String, String)],
    finding: RawFinding,
) -> Diagnostic {
    let trace = trace::decode(&finding.pointer);
    let primary = trace.primary().unwrap_or_default();
    let node = document.source_map.resolve(primary);
    let span = node.map(|node| node.focus).unwrap_or_default();
    let content = node.map_or("", |node| &document.source[node.full.start..node.full.end]);
    let place = Place {
        file: &document.path,
        span,
        start: document.position(span.start),
        end: document.position(span.end),
        content,
    };
    let workload = trace
        .instance
        .map(str::to_string)
        .or_else(|| owner(owners, primary));
    let related = traced_related(document, foreign, &trace);
    diagnostic(
        rule,
        place,
        finding.severity,
        finding.message,
        workload,
        related,
    )
}

/// The places of a trace other than its primary one: where the value was set (before it) and
/// the template that uses it (after it).
pub fn traced_related(
    document: &Document,
    foreign: &[Arc<Document>],
    trace: &trace::Trace,
) -> Vec<Related> {
    if trace.places.len() < 2 {
        return Vec::new();
    }
    let primary = trace
        .places
        .iter()
        .position(|place| place.file.is_none())
        .unwrap_or(usize::MAX);
    let mut related = Vec::new();
    for (index, place) in trace.places.iter().enumerate() {
        if index == primary {
            continue;
        }
        let source = match place.file {
            None => Some(document),
            Some(file) => foreign
                .iter()
                .find(|other| crate::paths::slash_path(&other.path) == file)
                .map(Arc::as_ref),
        };
        let Some(source) = source else { continue };
        let span = source
            .source_map
            .resolve(place.pointer)
            .map(|node| node.focus)
            .unwrap_or_default();
        let last = index + 1 == trace.places.len();
        let message = match (index < primary, last, trace.instance) {
            (true, _, _) => "the value is set here".to_string(),
            (false, false, _) => "the value is passed on here".to_string(),
            (false, true, Some(instance)) => format!("used here by `{instance}`"),
            (false, true, None) => "used here".to_string(),
        };
        related.push(Related {
            file: source.path.clone(),
            span,
            start: source.position(span.start),
            message,
        });
    }
    related
}

/// An error about a file as a whole (or at a span not yet turned into a position).
pub fn file_error(kind: ErrorKind, path: &Path, span: Option<Span>, message: String) -> LintError {
    LintError {
        kind,
        file: Some(path.to_path_buf()),
        span,
        start: None,
        message,
    }
}

/// An error at a place in a file's text.
pub fn located_error(
    kind: ErrorKind,
    path: &Path,
    source: &str,
    span: Span,
    message: String,
) -> LintError {
    let index = crate::document::LineIndex::new(source);
    LintError {
        kind,
        file: Some(path.to_path_buf()),
        span: Some(span),
        start: Some(index.position(source, span.start)),
        message,
    }
}

/// An error that concerns no file (a repository rule that failed, a configuration error).
pub fn run_error(kind: ErrorKind, message: String) -> LintError {
    LintError {
        kind,
        file: None,
        span: None,
        start: None,
        message,
    }
}

/// A file whose reading panicked (a bug in vmlint or a parser it uses): an error naming the
/// file, so that one file cannot take the whole run down. The panic message was printed on
/// standard error as it happened.
pub fn internal_error(path: &Path, panic: &(dyn std::any::Any + Send)) -> FileOutcome {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    FileOutcome {
        errors: vec![file_error(
            ErrorKind::Io,
            path,
            None,
            format!(
                "internal error while linting this file, please report it with the file: {message}"
            ),
        )],
        path: path.to_path_buf(),
        ..FileOutcome::default()
    }
}
