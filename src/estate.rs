//! The repository stage: rules that judge the whole estate at once — the same MAC in two
//! files, twelve backup jobs in one window, cluster members that may share a host, a host with
//! more vCPUs than cores. Each file leaves a [`FileSummary`] after the per-file stage (its
//! workloads and schedules as the policies see them, and the spans of every pointer they
//! name), so this stage never re-parses a file: the language server keeps the summaries of
//! unchanged files and replaces one on each edit.
//!
//! Repository rules are rule packages whose metadata says `"scope": "repository"`; they read
//! `input.workloads` and `input.schedules` (each item with its `file`) and `input.hosts`, and
//! report with `data.vmlint.lib.result.fail_at(metadata, file, pointer, message, related)`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Related};
use crate::document::{Document, LineIndex, NodeSpan, Position, Span};
use crate::model::Workload;
use crate::policy::{Evaluator, RawFinding, Rule};
use crate::report::slash_path;
use crate::schedule::Schedule;

/// What the repository stage needs of one file.
#[derive(Debug)]
pub struct FileSummary {
    pub path: PathBuf,
    /// `path` as findings name it (`/` separators).
    pub file: String,
    source: Arc<str>,
    line_index: LineIndex,
    /// The workloads and schedules as policies see them, each with `file`.
    pub workloads: Vec<Value>,
    pub schedules: Vec<Value>,
    /// Spans of every pointer the workloads and schedules name.
    spans: FxHashMap<String, NodeSpan>,
    /// Workload pointer → workload id, to name the workload a finding is about.
    owners: Vec<(String, String)>,
}

impl FileSummary {
    pub fn new(document: &Document, workloads: &[Workload], schedules: &[Schedule]) -> Self {
        let file = slash_path(&document.path);
        let with_file = |value: Value| -> Value {
            let mut value = value;
            if let Some(object) = value.as_object_mut() {
                object.insert("file".to_string(), Value::String(file.clone()));
            }
            value
        };
        let workloads: Vec<Value> = workloads
            .iter()
            .map(|workload| with_file(serde_json::to_value(workload).unwrap_or_default()))
            .collect();
        let schedules: Vec<Value> = schedules
            .iter()
            .map(|schedule| with_file(serde_json::to_value(schedule).unwrap_or_default()))
            .collect();
        let mut spans = FxHashMap::default();
        for value in workloads.iter().chain(&schedules) {
            collect_pointers(value, &mut |pointer| {
                if !spans.contains_key(pointer) {
                    if let Some(span) = document.source_map.resolve(pointer) {
                        spans.insert(pointer.to_string(), span);
                    }
                }
            });
        }
        FileSummary {
            path: document.path.clone(),
            file,
            source: document.source.clone(),
            line_index: document.line_index.clone(),
            owners: workloads
                .iter()
                .filter_map(|workload| {
                    Some((
                        workload.get("pointer")?.as_str()?.to_string(),
                        workload.get("id")?.as_str()?.to_string(),
                    ))
                })
                .collect(),
            workloads,
            schedules,
            spans,
        }
    }

    fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.source, offset)
    }

    /// The span a pointer names, its positions and the content a fingerprint hashes.
    fn locate(&self, pointer: &str) -> (Span, Position, Position, &str) {
        let node = self.spans.get(pointer).copied().or_else(|| {
            // A pointer below one the summary knows: its nearest known ancestor.
            let mut current = pointer;
            while let Some(index) = current.rfind('/') {
                current = &current[..index];
                if let Some(span) = self.spans.get(current) {
                    return Some(*span);
                }
            }
            None
        });
        let span = node.map(|node| node.focus).unwrap_or_default();
        let content = node.map_or("", |node| &self.source[node.full.start..node.full.end]);
        (
            span,
            self.position(span.start),
            self.position(span.end),
            content,
        )
    }

    fn owner(&self, pointer: &str) -> Option<String> {
        self.owners
            .iter()
            .filter(|(root, _)| {
                pointer == root
                    || (pointer.starts_with(root.as_str())
                        && pointer[root.len()..].starts_with('/'))
            })
            .max_by_key(|(root, _)| root.len())
            .map(|(_, id)| id.clone())
    }
}

/// Every string under a `pointer` key.
fn collect_pointers(value: &Value, found: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(object) => {
            for (key, item) in object {
                match (key.as_str(), item) {
                    ("pointer", Value::String(pointer)) => found(pointer),
                    _ => collect_pointers(item, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_pointers(item, found)),
        _ => {}
    }
}

/// Host capacities as policies see them (`input.hosts`): `{name: {cpus, memory_mib}}`.
pub fn hosts_input(hosts: &[(String, Option<u32>, Option<u64>)]) -> Value {
    let mut object = serde_json::Map::new();
    for (name, cpus, memory_mib) in hosts {
        let mut host = serde_json::Map::new();
        if let Some(cpus) = cpus {
            host.insert("cpus".to_string(), json!(cpus));
        }
        if let Some(memory) = memory_mib {
            host.insert("memory_mib".to_string(), json!(memory));
        }
        object.insert(name.clone(), Value::Object(host));
    }
    Value::Object(object)
}

/// Hosts that workloads are placed on but whose capacity is unknown, with their workload count.
pub fn hosts_without_capacity(
    summaries: &[Arc<FileSummary>],
    hosts: &Value,
) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for workload in summaries.iter().flat_map(|summary| &summary.workloads) {
        if let Some(host) = workload
            .pointer("/placement/host/value")
            .and_then(Value::as_str)
        {
            if hosts.get(host).is_none() {
                *counts.entry(host.to_string()).or_default() += 1;
            }
        }
    }
    counts.into_iter().collect()
}

/// The repository rules' input.
pub fn input(summaries: &[Arc<FileSummary>], hosts: Value) -> Value {
    let workloads: Vec<&Value> = summaries
        .iter()
        .flat_map(|summary| &summary.workloads)
        .collect();
    let schedules: Vec<&Value> = summaries
        .iter()
        .flat_map(|summary| &summary.schedules)
        .collect();
    json!({"workloads": workloads, "schedules": schedules, "hosts": hosts})
}

/// What the repository stage found.
#[derive(Debug, Default)]
pub struct Findings {
    /// By file: the diagnostics located in it.
    pub by_file: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Rule failures and findings that name no known file.
    pub problems: Vec<String>,
}

/// Evaluate the repository rules once over every summary; `enabled` says which rules run.
pub fn evaluate(
    evaluator: &mut Evaluator,
    summaries: &[Arc<FileSummary>],
    hosts: Value,
    enabled: &dyn Fn(usize) -> bool,
) -> Findings {
    let mut findings = Findings::default();
    if summaries.is_empty() {
        return findings;
    }
    let by_file: HashMap<&str, &FileSummary> = summaries
        .iter()
        .map(|summary| (summary.file.as_str(), summary.as_ref()))
        .collect();
    let input = regorus::Value::from(input(summaries, hosts));
    let (raw, failures) = evaluator.evaluate(input, enabled);
    for failure in failures {
        findings.problems.push(format!(
            "rule {} failed: {}",
            failure.rule_id, failure.message
        ));
    }
    let rules = evaluator.rules();
    for finding in raw {
        let rule = &rules[finding.rule];
        match locate(rule, &finding, &by_file) {
            Ok(diagnostic) => findings
                .by_file
                .entry(diagnostic.file.clone())
                .or_default()
                .push(diagnostic),
            Err(problem) => findings.problems.push(problem),
        }
    }
    findings
}

fn locate(
    rule: &Rule,
    finding: &RawFinding,
    by_file: &HashMap<&str, &FileSummary>,
) -> Result<Diagnostic, String> {
    let file = finding.file.as_deref().ok_or_else(|| {
        format!(
            "rule {} is a repository rule: its findings must name their `file` (use data.vmlint.lib.result.fail_at)",
            rule.meta.id
        )
    })?;
    let summary = by_file
        .get(file)
        .ok_or_else(|| format!("rule {} blamed `{file}`, which was not read", rule.meta.id))?;
    let (span, start, end, content) = summary.locate(&finding.pointer);
    let related = finding
        .related
        .iter()
        .filter_map(|(file, pointer, message)| {
            let other = by_file.get(file.as_str())?;
            let (span, start, _, _) = other.locate(pointer);
            Some(Related {
                file: other.path.clone(),
                span,
                start,
                message: message.clone(),
            })
        })
        .collect();
    Ok(Diagnostic {
        workload: summary.owner(&finding.pointer),
        fingerprint: crate::diagnostic::fingerprint(&rule.meta.id, content),
        rule: rule.meta.id.clone(),
        slug: rule.meta.slug.clone(),
        severity: finding.severity,
        message: finding.message.clone(),
        file: summary.path.clone(),
        span,
        start,
        end,
        help: (!rule.meta.remediation.is_empty()).then(|| rule.meta.remediation.clone()),
        related,
    })
}
