//! Baselines: accept today's findings, fail only on new ones.
//!
//! An entry is keyed by rule + file + workload + fingerprint of the flagged content (the whole
//! block or element, whitespace-insensitive), with a count. It survives lines inserted above a
//! finding; it stops matching when the flagged content changes; and it never hides a *new*
//! finding in a file that already has baselined ones, since the new finding's content differs
//! (matching on rule + resource alone is Checkov's #7647). Paths are stored relative to the
//! baseline file, so the baseline works from any working directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::paths::slash_path;
use crate::pipeline::discover::absolute;
use crate::pipeline::suppress::{Suppressed, SuppressionKind};

pub const DEFAULT_FILE: &str = ".vmlint-baseline.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    /// Relative to the baseline file's directory, forward slashes.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    pub fingerprint: String,
    pub count: usize,
    /// The message when the entry was written, for reviewers of the baseline.
    pub message: String,
}

type Key = (String, String, Option<String>, String);

/// `file` relative to `base_dir`, as stored in a baseline.
fn stored_path(file: &Path, base_dir: &Path) -> String {
    let file = absolute(file);
    let base = absolute(base_dir);
    slash_path(file.strip_prefix(&base).unwrap_or(&file))
}

impl Baseline {
    /// A baseline of `diagnostics`, for a file written in `base_dir`.
    pub fn from_diagnostics(diagnostics: &[Diagnostic], base_dir: &Path) -> Baseline {
        let mut counts: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for diagnostic in diagnostics {
            let key = key(diagnostic, base_dir);
            let entry = counts
                .entry(key)
                .or_insert_with(|| (0, diagnostic.message.clone()));
            entry.0 += 1;
        }
        Baseline {
            version: 1,
            findings: counts
                .into_iter()
                .map(
                    |((rule, file, workload, fingerprint), (count, message))| Entry {
                        rule,
                        file,
                        workload,
                        fingerprint,
                        count,
                        message,
                    },
                )
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read baseline `{}`: {error}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|error| {
            format!(
                "{}:{}:{}: not a vmlint baseline: {error}",
                path.display(),
                error.line(),
                error.column()
            )
        })?;
        if baseline.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).expect("plain data serializes");
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|error| format!("cannot write `{}`: {error}", path.display()))
    }

    /// Split `diagnostics` into new ones and those the baseline accepts.
    pub fn filter(
        &self,
        diagnostics: Vec<Diagnostic>,
        base_dir: &Path,
    ) -> (Vec<Diagnostic>, Vec<Suppressed>) {
        let mut remaining: BTreeMap<Key, usize> = BTreeMap::new();
        for entry in &self.findings {
            *remaining
                .entry((
                    entry.rule.clone(),
                    entry.file.clone(),
                    entry.workload.clone(),
                    entry.fingerprint.clone(),
                ))
                .or_default() += entry.count;
        }
        let mut new = Vec::new();
        let mut accepted = Vec::new();
        for diagnostic in diagnostics {
            match remaining.get_mut(&key(&diagnostic, base_dir)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    accepted.push(Suppressed {
                        diagnostic,
                        reason: Some("accepted in the baseline".to_string()),
                        kind: SuppressionKind::External,
                    });
                }
                _ => new.push(diagnostic),
            }
        }
        (new, accepted)
    }

    /// The entries that still match `diagnostics`, with their counts capped at what is found:
    /// what `vmlint baseline prune` keeps.
    pub fn pruned(&self, diagnostics: &[Diagnostic], base_dir: &Path) -> Baseline {
        let current = Baseline::from_diagnostics(diagnostics, base_dir);
        let found: BTreeMap<Key, usize> = current
            .findings
            .iter()
            .map(|entry| {
                (
                    (
                        entry.rule.clone(),
                        entry.file.clone(),
                        entry.workload.clone(),
                        entry.fingerprint.clone(),
                    ),
                    entry.count,
                )
            })
            .collect();
        Baseline {
            version: 1,
            findings: self
                .findings
                .iter()
                .filter_map(|entry| {
                    let key = (
                        entry.rule.clone(),
                        entry.file.clone(),
                        entry.workload.clone(),
                        entry.fingerprint.clone(),
                    );
                    let count = entry.count.min(*found.get(&key)?);
                    Some(Entry {
                        count,
                        ..entry.clone()
                    })
                })
                .collect(),
        }
    }
}

fn key(diagnostic: &Diagnostic, base_dir: &Path) -> Key {
    (
        diagnostic.rule.clone(),
        stored_path(&diagnostic.file, base_dir),
        diagnostic.workload.clone(),
        diagnostic.fingerprint.clone(),
    )
}

/// The directory a baseline file's paths are relative to.
pub fn base_dir(baseline: &Path) -> PathBuf {
    match baseline.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
