//! The repository rules over each commit's tree: every file's summary, re-evaluated at the
//! commits that change what those rules read (the summaries' repository keys), with today's
//! host capacities and rule selection. A finding is kept for a file whose configuration
//! selects its rule.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use git2::Oid;

use super::blobs::Blobs;
use super::cache::BlobFinding;
use super::records::{move_records, reconcile, Open};
use super::{Audit, CommitInfo, Record};
use crate::pipeline::estate::FileSummary;
use crate::project::Project;

pub struct TreeEstate<'a> {
    project: &'a Project,
    evaluator: crate::policy::Evaluator<'a>,
    rules: Vec<bool>,
    summaries: BTreeMap<String, Arc<FileSummary>>,
    pub open: HashMap<String, Open>,
    dirty: bool,
}

impl<'a> TreeEstate<'a> {
    pub fn new(project: &'a Project) -> Self {
        TreeEstate {
            project,
            evaluator: project.policies.evaluator(),
            rules: project
                .policies
                .rules()
                .iter()
                .map(|rule| !rule.meta.scope.is_document())
                .collect(),
            summaries: BTreeMap::new(),
            open: HashMap::new(),
            dirty: false,
        }
    }

    fn active(&self) -> bool {
        self.rules.iter().any(|enabled| *enabled)
    }

    pub fn remove(&mut self, path: &str) {
        if self.summaries.remove(path).is_some() {
            self.dirty = true;
        }
    }

    pub fn rename(&mut self, old: &str, new: &str) {
        if let Some(summary) = self.summaries.remove(old) {
            self.summaries.insert(new.to_string(), summary);
            self.dirty = true;
        }
        move_records(&mut self.open, old, new);
    }

    /// `path` now holds `blob`.
    pub fn set(&mut self, blobs: &mut Blobs, path: &str, blob: Oid, audit: &mut Audit) {
        if !self.active() || !blobs.wanted(path) {
            return;
        }
        let summary = blobs.summary(path, blob, audit);
        let before = self
            .summaries
            .get(path)
            .map(|summary| summary.repository_key);
        let after = summary.as_ref().map(|summary| summary.repository_key);
        if before != after {
            self.dirty = true;
        }
        match summary {
            Some(summary) => {
                self.summaries.insert(path.to_string(), summary);
            }
            None => {
                self.summaries.remove(path);
            }
        }
    }

    /// The ids of the rules the configuration of `path` selects.
    fn selected_rules(&self, path: &str) -> Vec<&'a str> {
        let rules = self.project.policies.rules();
        let times = Arc::default();
        let Ok(settings) =
            crate::pipeline::file_settings(&self.project.options, rules, Path::new(path), &times)
        else {
            return Vec::new();
        };
        rules
            .iter()
            .enumerate()
            .filter(|(index, _)| settings.enabled(*index))
            .map(|(_, rule)| rule.meta.id.as_str())
            .collect()
    }

    /// When the commit changed what repository rules read, judge the whole tree again.
    pub fn evaluate(&mut self, commit: &CommitInfo, closed: &mut Vec<Record>) {
        if !std::mem::take(&mut self.dirty) {
            return;
        }
        let summaries: Vec<_> = self.summaries.values().cloned().collect();
        let rules = self.rules.clone();
        let mut found = crate::pipeline::estate::evaluate(
            &mut self.evaluator,
            &summaries,
            self.project.options.hosts.clone(),
            &|rule| rules[rule],
        );
        let mut by_path: HashMap<String, Vec<BlobFinding>> = HashMap::new();
        for (file, diagnostics) in found.by_file.drain() {
            let path = file.to_string_lossy().into_owned();
            // The file's settings once, not once per finding.
            let selected = self.selected_rules(&path);
            let findings = diagnostics
                .into_iter()
                .filter(|diagnostic| selected.contains(&diagnostic.rule.as_str()))
                // A finding reported where a value was set is recorded in this file's history,
                // where the value is used (the end of its span is not recorded).
                .map(|diagnostic| diagnostic.anchored_in(&file, ""))
                .map(BlobFinding::from)
                .collect();
            by_path.insert(path, findings);
        }
        let mut paths: Vec<String> = self.open.keys().cloned().collect();
        paths.extend(by_path.keys().cloned());
        paths.sort();
        paths.dedup();
        for path in paths {
            let findings = by_path.remove(&path).unwrap_or_default();
            reconcile(&mut self.open, &path, findings, commit, closed);
        }
    }
}
