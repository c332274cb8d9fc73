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

/// A document rule's finding in `document`: at the origin of the value it is about (a tfvars
/// entry, a module argument, a list item) or where the document states it, with the trace's
/// other places (in `foreign` files too) as related locations.
pub fn finding(
    document: &Document,
    foreign: &[Arc<Document>],
    rule: &Rule,
    owners: &[(String, String)],
    finding: RawFinding,
) -> Diagnostic {
    let trace = trace::decode(&finding.pointer);
    let located = traced(document, foreign, &trace);
    let place = Place {
        file: &located.document.path,
        span: located.span,
        start: located.document.position(located.span.start),
        end: located.document.position(located.span.end),
        content: located.content,
    };
    let workload = trace
        .instance
        .map(str::to_string)
        .or_else(|| owner(owners, trace.primary().unwrap_or_default()));
    diagnostic(
        rule,
        place,
        finding.severity,
        finding.message,
        workload,
        located.related,
    )
}

/// Where a trace is reported, and its other places.
pub struct Traced<'d> {
    pub document: &'d Document,
    pub span: Span,
    /// The flagged content, for the fingerprint.
    pub content: &'d str,
    pub related: Vec<Related>,
}

/// The document a place of a trace is in (`None`: a file not read).
fn source_of<'d>(
    document: &'d Document,
    foreign: &'d [Arc<Document>],
    file: Option<&str>,
) -> Option<&'d Document> {
    match file {
        None => Some(document),
        Some(file) => foreign
            .iter()
            .find(|other| crate::paths::slash_path(&other.path) == file)
            .map(Arc::as_ref),
    }
}

/// Locate a trace: the place it is reported at and its other places as related locations —
/// where the value is set, where it is passed on, the definition that uses it and the module
/// call that deploys it.
pub fn traced<'d>(
    document: &'d Document,
    foreign: &'d [Arc<Document>],
    trace: &trace::Trace,
) -> Traced<'d> {
    let readable = |file: Option<&str>| source_of(document, foreign, file).is_some();
    let reported = trace.reported(&readable);
    let all = trace.all();
    let mut located = Traced {
        document,
        span: Span::default(),
        content: "",
        related: Vec::new(),
    };
    for (index, (role, place)) in all.iter().enumerate() {
        let Some(source) = source_of(document, foreign, place.file) else {
            continue;
        };
        let node = source.source_map.resolve(place.pointer);
        let span = node.map(|node| node.focus).unwrap_or_default();
        if Some(index) == reported {
            located.document = source;
            located.span = span;
            located.content =
                node.map_or("", |node| &source.source[node.full.start..node.full.end]);
            continue;
        }
        let message = match (role, Some(index) < reported) {
            (trace::Role::Origin, true) => "the value is set here".to_string(),
            (trace::Role::Origin, false) => "the value is passed on here".to_string(),
            (trace::Role::Use, _) => match trace.instance {
                Some(instance) => format!("used here by `{instance}`"),
                None => "used here".to_string(),
            },
            (trace::Role::Call, _) => "deployed by this module call".to_string(),
        };
        if all.len() > 1 {
            located.related.push(Related {
                file: source.path.clone(),
                span,
                start: source.position(span.start),
                message,
            });
        }
    }
    located
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
