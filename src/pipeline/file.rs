//! The per-file stage: read a file through the source tree, detect its format, parse it, then
//! hand the document to extraction and evaluation. What comes out is a [`FileOutcome`] whose
//! findings wait for the repository stage's before `filter.rs` applies the file's suppressions.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::context::RepositoryContext;
use super::discover::Candidate;
use super::estate::FileSummary;
use super::locate::{file_error, located_error};
use super::settings::FileSettings;
use super::suppress::{self, Suppressed};
use super::timings::Stage;
use super::{evaluate, extract, filter};
use crate::diagnostic::{Diagnostic, ErrorKind, LintError};
use crate::document::{Document, Span};
use crate::formats::{self, Detection, Format};
use crate::policy::Evaluator;

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub source: Option<Arc<str>>,
    pub linted: bool,
    pub skipped: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LintError>,
    pub suppressed: Vec<Suppressed>,
    /// What the repository stage reads of this file.
    pub summary: Option<Arc<FileSummary>>,
    /// Located findings not yet matched with the file's suppressions (see `filter::finish`).
    pub(super) pending: Vec<Diagnostic>,
    pub(super) suppressions: Vec<suppress::Suppression>,
    /// Other files the findings may be reported in (the tfvars entry or the play variable a
    /// value came from): their suppressions apply there, their text shows the snippet.
    pub foreign: Vec<ForeignFile>,
    pub(super) settings: Option<FileSettings>,
}

/// Another file a finding of this file may be reported in: its text and its suppressions.
#[derive(Debug, Clone)]
pub struct ForeignFile {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub suppressions: Vec<suppress::Suppression>,
}

impl ForeignFile {
    fn of(document: &Document) -> Self {
        ForeignFile {
            path: document.path.clone(),
            source: document.source.clone(),
            suppressions: suppress::parse(document),
        }
    }
}

impl FileOutcome {
    pub(super) fn skipped(path: PathBuf, reason: String) -> Self {
        FileOutcome {
            path,
            skipped: Some(reason),
            ..FileOutcome::default()
        }
    }

    /// Whether the repository stage may judge the rule at this index for this file.
    pub(super) fn selects(&self, rule: usize) -> bool {
        self.settings
            .as_ref()
            .is_some_and(|settings| settings.enabled(rule))
    }
}

/// Read, detect and lint one discovered file.
pub fn lint_candidate(
    candidate: &Candidate,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let path = candidate.path.clone();
    let read_started = Instant::now();
    let read = settings
        .sources
        .tree
        .read_text(&path, settings.parse_limits.max_file_bytes);
    let source: Arc<str> = match read {
        Ok(text) => Arc::from(text),
        Err(error) => return unreadable(path, error),
    };
    let detection = formats::detect(&path, &source);
    settings.times.add(Stage::Read, read_started.elapsed());
    match detection {
        Detection::Lint(format) => {
            analyze_source(path, source, format, evaluator, context, settings)
        }
        Detection::Skip(reason) => FileOutcome::skipped(path, reason),
        Detection::Unknown if candidate.explicit => FileOutcome {
            errors: vec![file_error(
                ErrorKind::Unsupported,
                &path,
                None,
                format!(
                    "not a format vmlint reads (supported: {})",
                    Format::ALL.map(Format::name).join(", ")
                ),
            )],
            path,
            ..FileOutcome::default()
        },
        Detection::Unknown => FileOutcome::skipped(path, NOT_SUPPORTED.to_string()),
    }
}

/// Why a file of no family vmlint knows (a dashboard's JSON) was passed over.
pub const NOT_SUPPORTED: &str = "not a supported format";

/// A file that could not be read: located where the bytes are to blame (not UTF-8).
fn unreadable(path: PathBuf, error: super::read::ReadError) -> FileOutcome {
    let lossy: Option<Arc<str>> = error.lossy.map(Arc::from);
    let located = error.offset.zip(lossy.clone());
    FileOutcome {
        errors: vec![match located {
            Some((offset, text)) => located_error(
                ErrorKind::Parse,
                &path,
                &text,
                Span::new(offset, offset),
                error.message,
            ),
            None => file_error(ErrorKind::Io, &path, None, error.message),
        }],
        source: lossy,
        path,
        ..FileOutcome::default()
    }
}

/// Lint one file's text as `format`, on its own (no repository rules).
pub fn lint_source(
    path: PathBuf,
    source: Arc<str>,
    format: Format,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let mut outcome = analyze_source(path, source, format, evaluator, context, settings);
    filter::finish(&mut outcome, evaluator.rules(), Vec::new());
    outcome
}

/// Parse `source` as `format` within the limits; a parse error is located.
pub fn parse(
    path: &Path,
    source: &Arc<str>,
    format: Format,
    settings: &FileSettings,
) -> Result<Document, LintError> {
    let parsed = settings.times.time(Stage::Parse, || {
        formats::parse_within(
            format,
            path.to_path_buf(),
            source.clone(),
            &settings.parse_limits,
        )
    });
    parsed.map_err(|error| {
        located_error(
            ErrorKind::Parse,
            path,
            source,
            error.span.unwrap_or_default(),
            format!("cannot parse as {format}: {}", error.message),
        )
    })
}

/// Parse, extract and judge one file with the document rules; the findings wait in the
/// outcome for the repository stage's, then `filter::finish` applies the file's suppressions.
pub fn analyze_source(
    path: PathBuf,
    source: Arc<str>,
    format: Format,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let mut outcome = FileOutcome {
        path: path.clone(),
        source: Some(source.clone()),
        ..FileOutcome::default()
    };
    let document = match parse(&path, &source, format, settings) {
        Ok(document) => document,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    outcome.linted = true;
    if settings.parse_only {
        return outcome;
    }
    let extract_started = Instant::now();
    let extracted = extract::extract(&document, context, settings, evaluator.reads_document());
    let extracted = match extracted {
        Ok(extracted) => extracted,
        Err(error) => {
            outcome.errors.push(error);
            return outcome;
        }
    };
    settings
        .times
        .add(Stage::Extract, extract_started.elapsed());
    outcome.summary = Some(extracted.summary.clone());
    let foreign = extracted.foreign.clone();
    let (located, errors) = evaluate::document_rules(evaluator, &document, extracted, settings);
    outcome.errors.extend(errors);
    outcome.suppressions = suppress::parse(&document);
    // Keep only the other files a finding may be reported in (a run holds every outcome).
    outcome.foreign = foreign
        .into_iter()
        .filter(|other| other.path != outcome.path)
        .filter(|other| {
            located
                .iter()
                .any(|diagnostic| diagnostic.file == other.path)
                || outcome
                    .summary
                    .as_ref()
                    .is_some_and(|summary| summary.reports_in(&other.path))
        })
        .map(|other| ForeignFile::of(&other))
        .collect();
    outcome.pending = located;
    outcome.settings = Some(settings.clone());
    outcome
}
