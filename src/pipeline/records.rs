//! The per-file stage's results as records that can be written down and read back. A shard's
//! partial result holds one [`OutcomeRecord`] per file it judged — its findings *before* the
//! repository stage and its suppressions met them, the suppressions themselves and the rule
//! selection that governs the file — and a [`SummaryRecord`] per file the repository rules
//! read. Reading them back gives the same `FileOutcome`s and `FileSummary`s a single run holds,
//! so `vmlint merge` completes the run through the same code (`run::complete`) and reaches the
//! same answer.
//!
//! Source texts are not stored in the records but once per file in a [`SourceTable`] beside
//! them, and only for files whose text a later stage can need: a file with findings, errors or
//! suppressions (reports quote it), a file whose workloads or schedules repository rules may
//! blame (a finding's fingerprint hashes the blamed text), and a file a finding may be
//! reported in (a tfvars entry).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::estate::{rego_list, FileSummary, TracedSpot};
use super::file::{FileOutcome, ForeignFile};
use super::settings::FileSettings;
use super::suppress::{Suppressed, Suppression};
use crate::config::SuppressionSettings;
use crate::diagnostic::{Diagnostic, LintError, Severity};
use crate::document::{LineIndex, NodeSpan};
use crate::paths::slash_path;

/// Source texts by path (`/` separators), each file once.
pub type SourceTable = BTreeMap<String, String>;

/// The same texts read back, each shared by every outcome and summary that quotes it.
pub type SharedSources = BTreeMap<String, Arc<str>>;

/// A read table's texts, ready to share.
pub fn share(table: SourceTable) -> SharedSources {
    table
        .into_iter()
        .map(|(path, text)| (path, Arc::from(text)))
        .collect()
}

/// One judged file, as the repository stage and the suppressions still need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeRecord {
    pub path: PathBuf,
    /// Where discovery put the file (the order the repository rules see the estate in).
    pub order: usize,
    pub linted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Findings already final (an internal error's), usually none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// The document rules' findings, not yet matched with the suppressions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Diagnostic>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<LintError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
    /// The file's inline suppressions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Other files its findings may be reported in, with their suppressions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign: Vec<ForeignRecord>,
    /// Which rules run here and at what severity; absent when the file was not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsRecord>,
    /// What the repository rules read of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<SummaryRecord>,
}

/// Another file a finding may be reported in (its text is in the source table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ForeignRecord {
    pub path: PathBuf,
    pub suppressions: Vec<Suppression>,
}

/// The rule selection of one file and its suppression discipline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SettingsRecord {
    /// Per loaded rule, in the policy set's order; empty: every rule at its own severity.
    pub rules: Vec<RuleChoice>,
    pub suppressions: SuppressionSettings,
}

/// Whether a rule runs for a file, and at which severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleChoice {
    /// Not selected.
    Off,
    /// At the rule's own severity.
    On,
    /// At the severity the configuration gives it.
    Info,
    Warning,
    Error,
}

impl RuleChoice {
    fn of(choice: Option<Option<Severity>>) -> Self {
        match choice {
            None => RuleChoice::Off,
            Some(None) => RuleChoice::On,
            Some(Some(Severity::Info)) => RuleChoice::Info,
            Some(Some(Severity::Warning)) => RuleChoice::Warning,
            Some(Some(Severity::Error)) => RuleChoice::Error,
        }
    }

    fn selection(self) -> Option<Option<Severity>> {
        match self {
            RuleChoice::Off => None,
            RuleChoice::On => Some(None),
            RuleChoice::Info => Some(Some(Severity::Info)),
            RuleChoice::Warning => Some(Some(Severity::Warning)),
            RuleChoice::Error => Some(Some(Severity::Error)),
        }
    }
}

/// What the repository rules read of one file: its workloads and schedules as the policies see
/// them, and where every pointer they name is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SummaryRecord {
    pub path: PathBuf,
    /// Where discovery put the file, for summaries of context-only files.
    #[serde(default)]
    pub order: usize,
    pub workloads: Vec<serde_json::Value>,
    pub schedules: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_hosts: Vec<String>,
    /// Pointer → the node it names (byte offsets into the file's text).
    pub spans: BTreeMap<String, NodeSpan>,
    /// Workload pointer → workload id.
    pub owners: Vec<(String, String)>,
    /// Traced pointer → where it is reported (possibly another file).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub traced: BTreeMap<String, TracedSpot>,
    /// A hash of what repository rules read here (see `FileSummary::repository_key`).
    pub repository_key: u64,
}

impl SummaryRecord {
    /// The record of `summary`; its text goes into `sources` when a pointer names it.
    pub fn of(summary: &FileSummary, order: usize, sources: &mut SourceTable) -> Self {
        let json = |values: &[regorus::Value]| -> Vec<serde_json::Value> {
            values
                .iter()
                .map(|value| serde_json::to_value(value).unwrap_or(serde_json::Value::Null))
                .collect()
        };
        if !summary.spans.is_empty() {
            sources
                .entry(summary.file.clone())
                .or_insert_with(|| summary.source.to_string());
        }
        SummaryRecord {
            path: summary.path.clone(),
            order,
            workloads: json(&summary.workloads),
            schedules: json(&summary.schedules),
            placement_hosts: summary.placement_hosts.clone(),
            spans: summary
                .spans
                .iter()
                .map(|(pointer, span)| (pointer.clone(), *span))
                .collect(),
            owners: summary.owners.clone(),
            traced: summary
                .traced
                .iter()
                .map(|(pointer, spot)| (pointer.clone(), spot.clone()))
                .collect(),
            repository_key: summary.repository_key,
        }
    }

    /// The summary again, its text taken from `sources`.
    pub fn into_summary(self, sources: &SharedSources) -> Arc<FileSummary> {
        let file = slash_path(&self.path);
        let source: Arc<str> = sources.get(&file).cloned().unwrap_or_else(|| Arc::from(""));
        Arc::new(FileSummary {
            line_index: LineIndex::new(&source),
            source,
            file,
            path: self.path,
            workloads: rego_list(&self.workloads),
            schedules: rego_list(&self.schedules),
            placement_hosts: self.placement_hosts,
            spans: self.spans.into_iter().collect::<FxHashMap<_, _>>(),
            owners: self.owners,
            traced: self.traced.into_iter().collect::<FxHashMap<_, _>>(),
            repository_key: self.repository_key,
        })
    }
}

impl OutcomeRecord {
    /// The record of a file's outcome after the per-file stage (before `filter::finish`).
    pub fn of(outcome: &FileOutcome, order: usize, sources: &mut SourceTable) -> Self {
        let summary = outcome
            .summary
            .as_ref()
            .map(|summary| SummaryRecord::of(summary, order, sources));
        let quoted = !outcome.diagnostics.is_empty()
            || !outcome.pending.is_empty()
            || !outcome.errors.is_empty()
            || !outcome.suppressions.is_empty()
            || summary.as_ref().is_some_and(|summary| {
                !summary.workloads.is_empty() || !summary.schedules.is_empty()
            });
        if let (true, Some(source)) = (quoted, &outcome.source) {
            sources
                .entry(slash_path(&outcome.path))
                .or_insert_with(|| source.to_string());
        }
        for foreign in &outcome.foreign {
            sources
                .entry(slash_path(&foreign.path))
                .or_insert_with(|| foreign.source.to_string());
        }
        OutcomeRecord {
            path: outcome.path.clone(),
            order,
            linted: outcome.linted,
            skipped: outcome.skipped.clone(),
            diagnostics: outcome.diagnostics.clone(),
            pending: outcome.pending.clone(),
            errors: outcome.errors.clone(),
            suppressed: outcome.suppressed.clone(),
            suppressions: outcome.suppressions.clone(),
            foreign: outcome
                .foreign
                .iter()
                .map(|foreign| ForeignRecord {
                    path: foreign.path.clone(),
                    suppressions: foreign.suppressions.clone(),
                })
                .collect(),
            settings: outcome.settings.as_ref().map(|settings| SettingsRecord {
                rules: settings
                    .selection
                    .iter()
                    .map(|choice| RuleChoice::of(*choice))
                    .collect(),
                suppressions: settings.suppressions.clone(),
            }),
            summary,
        }
    }

    /// The outcome again, texts taken from `sources`.
    pub fn into_outcome(self, sources: &SharedSources) -> FileOutcome {
        let text = |path: &Path| -> Option<Arc<str>> { sources.get(&slash_path(path)).cloned() };
        FileOutcome {
            source: text(&self.path),
            summary: self.summary.map(|summary| summary.into_summary(sources)),
            linted: self.linted,
            skipped: self.skipped,
            diagnostics: self.diagnostics,
            errors: self.errors,
            suppressed: self.suppressed,
            pending: self.pending,
            suppressions: self.suppressions,
            foreign: self
                .foreign
                .into_iter()
                .map(|foreign| ForeignFile {
                    source: text(&foreign.path).unwrap_or_else(|| Arc::from("")),
                    path: foreign.path,
                    suppressions: foreign.suppressions,
                })
                .collect(),
            settings: self.settings.map(|settings| FileSettings {
                selection: settings
                    .rules
                    .into_iter()
                    .map(RuleChoice::selection)
                    .collect(),
                suppressions: settings.suppressions,
                ..FileSettings::default()
            }),
            path: self.path,
        }
    }
}
