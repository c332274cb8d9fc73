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
use serde_json::Value;

use super::repository_view::RepositoryView;
use crate::diagnostic::{Diagnostic, Related};
use crate::document::{Document, LineIndex, NodeSpan, Position, Span};
use crate::model::schedule::Schedule;
use crate::model::Workload;
use crate::paths::slash_path;
use crate::policy::{Evaluator, RawFinding, Rule};

/// What the repository stage needs of one file.
#[derive(Debug)]
pub struct FileSummary {
    pub path: PathBuf,
    /// `path` as findings name it (`/` separators).
    pub file: String,
    pub(super) source: Arc<str>,
    pub(super) line_index: LineIndex,
    /// The workloads and schedules as policies see them, each with `file`, converted to Rego
    /// values once: the per-file input and the repository input share them.
    pub workloads: Vec<regorus::Value>,
    pub schedules: Vec<regorus::Value>,
    /// The hosts the workloads are placed on, for notes about unknown capacity.
    pub placement_hosts: Vec<String>,
    /// Spans of every pointer the workloads and schedules name.
    pub(super) spans: FxHashMap<String, NodeSpan>,
    /// Workload pointer → workload id, to name the workload a finding is about.
    pub(super) owners: Vec<(String, String)>,
    /// Traced pointer → where it is reported, its other places and its instance.
    pub(super) traced: FxHashMap<String, TracedSpot>,
    /// A hash of what repository rules read here, sizes aside (CPU and memory matter only with
    /// host capacities): equal keys, equal repository findings — the audit re-evaluates the
    /// repository only when a commit changes one.
    pub repository_key: u64,
}

impl FileSummary {
    pub fn new(
        document: &Document,
        foreign: &[Arc<Document>],
        workloads: &[Workload],
        schedules: &[Schedule],
    ) -> Self {
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
            .map(|workload| {
                with_file(serde_json::to_value(RepositoryView::of(workload)).unwrap_or_default())
            })
            .collect();
        let schedules: Vec<Value> = schedules
            .iter()
            .map(|schedule| with_file(serde_json::to_value(schedule).unwrap_or_default()))
            .collect();
        let (spans, traced) = spans_of(document, foreign, workloads.iter().chain(&schedules));
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |text: &str| {
            for byte in text.bytes().chain(std::iter::once(0)) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        let mut workloads = workloads;
        for workload in &mut workloads {
            // Hashed without their sizes: taken out and put back, not a copy of the view.
            let Some(object) = workload.as_object_mut() else {
                continue;
            };
            let cpu = object.shift_remove("cpu");
            let memory = object.shift_remove("memory");
            feed(&serde_json::to_string(object).unwrap_or_default());
            if let Some(cpu) = cpu {
                object.insert("cpu".to_string(), cpu);
            }
            if let Some(memory) = memory {
                object.insert("memory".to_string(), memory);
            }
        }
        for schedule in &schedules {
            feed(&schedule.to_string());
        }
        let repository_key = hash;
        FileSummary {
            repository_key,
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
            placement_hosts: workloads
                .iter()
                .filter_map(|workload| {
                    Some(
                        workload
                            .pointer("/placement/host/value")?
                            .as_str()?
                            .to_string(),
                    )
                })
                .collect(),
            traced,
            // One conversion per list, through JSON text: regorus interns object keys within
            // a parse, so the workloads of a file share theirs.
            workloads: rego_list(&workloads),
            schedules: rego_list(&schedules),
            spans,
        }
    }

    /// Whether a finding about this file's workloads may be reported in `file` (where a
    /// value they use was set).
    pub fn reports_in(&self, file: &std::path::Path) -> bool {
        self.traced.values().any(|spot| spot.file == file)
    }

    /// Where a pointer of this file's workloads or schedules is written: the file (a traced
    /// value may come from another) and its line, for reports that list jobs and workloads.
    pub fn place(&self, pointer: &str) -> (String, usize) {
        let spot = self.locate(pointer);
        (slash_path(spot.file), spot.start.line)
    }

    fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.source, offset)
    }

    /// The span a pointer names, its positions and the content a fingerprint hashes.
    fn locate(&self, pointer: &str) -> Spot<'_> {
        if let Some(spot) = self.traced.get(pointer) {
            return Spot {
                file: &spot.file,
                span: spot.span,
                start: spot.start,
                end: spot.end,
                content: &spot.content,
            };
        }
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
        Spot {
            file: &self.path,
            span,
            start: self.position(span.start),
            end: self.position(span.end),
            content: node.map_or("", |node| &self.source[node.full.start..node.full.end]),
        }
    }

    fn owner(&self, pointer: &str) -> Option<String> {
        if let Some(instance) = self
            .traced
            .get(pointer)
            .and_then(|spot| spot.instance.as_ref())
        {
            return Some(instance.clone());
        }
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

/// Each value of `values` as a Rego value, converted in one parse.
pub(super) fn rego_list(values: &[Value]) -> Vec<regorus::Value> {
    if values.is_empty() {
        return Vec::new();
    }
    match super::extract::rego_value(&values) {
        regorus::Value::Array(items) => items.to_vec(),
        // Above the memory ceiling: one undefined value, which `extract` reports.
        _ => vec![regorus::Value::Undefined],
    }
}

/// Where a traced pointer is reported (possibly in another file: a tfvars entry), with the
/// other places of its trace and the instance it belongs to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct TracedSpot {
    file: PathBuf,
    span: Span,
    start: Position,
    end: Position,
    content: String,
    related: Vec<Related>,
    instance: Option<String>,
}

/// A place a pointer names, ready for a diagnostic.
struct Spot<'a> {
    file: &'a std::path::Path,
    span: Span,
    start: Position,
    end: Position,
    content: &'a str,
}

/// The spans of every pointer the summary's values name, and where each traced pointer is
/// reported (its file, place and related places).
#[allow(clippy::type_complexity)]
fn spans_of<'v>(
    document: &Document,
    foreign: &[Arc<Document>],
    values: impl Iterator<Item = &'v Value>,
) -> (FxHashMap<String, NodeSpan>, FxHashMap<String, TracedSpot>) {
    let mut spans = FxHashMap::default();
    let mut traced = FxHashMap::default();
    for value in values {
        collect_pointers(value, &mut |pointer| {
            if spans.contains_key(pointer) {
                return;
            }
            let trace = crate::model::trace::decode(pointer);
            if let Some(span) = document
                .source_map
                .resolve(trace.primary().unwrap_or_default())
            {
                spans.insert(pointer.to_string(), span);
            }
            if crate::model::trace::is_traced(pointer) {
                let located = super::locate::traced(document, foreign, &trace);
                let source = located.document;
                traced.insert(
                    pointer.to_string(),
                    TracedSpot {
                        file: source.path.clone(),
                        span: located.span,
                        start: source.position(located.span.start),
                        end: source.position(located.span.end),
                        content: located.content.to_string(),
                        related: located.related,
                        instance: trace.instance.map(str::to_string),
                    },
                );
            }
        });
    }
    (spans, traced)
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

/// What rules that need host capacities (`needs = ["hosts"]` in their metadata) could not
/// judge: one note per host that workloads are placed on but `[hosts]` does not describe.
pub fn unjudged_notes(
    rules: &[crate::policy::Rule],
    summaries: &[Arc<FileSummary>],
    hosts: &Value,
) -> Vec<String> {
    let needing: Vec<&str> = rules
        .iter()
        .filter(|rule| rule.meta.needs.iter().any(|need| need == "hosts"))
        .map(|rule| rule.meta.slug.as_str())
        .collect();
    if needing.is_empty() {
        return Vec::new();
    }
    let slugs = needing.join(", ");
    hosts_without_capacity(summaries, hosts)
        .into_iter()
        .map(|(host, count)| {
            format!(
                "{slugs}: host `{host}` ({count} workloads) has no capacity in [hosts.{host}] of .vmlint.toml: not judged"
            )
        })
        .collect()
}

/// Hosts that workloads are placed on but whose capacity is unknown, with their workload count.
pub fn hosts_without_capacity(
    summaries: &[Arc<FileSummary>],
    hosts: &Value,
) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for host in summaries
        .iter()
        .flat_map(|summary| &summary.placement_hosts)
    {
        if hosts.get(host).is_none() {
            *counts.entry(host.clone()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// The repository rules' input: every file's workloads and schedules (shared, not copied)
/// and the hosts.
pub fn input(summaries: &[Arc<FileSummary>], hosts: Value) -> regorus::Value {
    let workloads: Vec<regorus::Value> = summaries
        .iter()
        .flat_map(|summary| summary.workloads.iter().cloned())
        .collect();
    let schedules: Vec<regorus::Value> = summaries
        .iter()
        .flat_map(|summary| summary.schedules.iter().cloned())
        .collect();
    let mut object = std::collections::BTreeMap::new();
    object.insert(
        regorus::Value::from("workloads"),
        regorus::Value::from(workloads),
    );
    object.insert(
        regorus::Value::from("schedules"),
        regorus::Value::from(schedules),
    );
    object.insert(regorus::Value::from("hosts"), regorus::Value::from(hosts));
    regorus::Value::from(object)
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
    let input = input(summaries, hosts);
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
            Ok((owner, diagnostic)) => findings.by_file.entry(owner).or_default().push(diagnostic),
            Err(problem) => findings.problems.push(problem),
        }
    }
    findings
}

/// A repository finding located, with the file whose summary holds the workload it is about
/// (the finding itself may be reported in another file: a tfvars entry).
fn locate(
    rule: &Rule,
    finding: &RawFinding,
    by_file: &HashMap<&str, &FileSummary>,
) -> Result<(PathBuf, Diagnostic), String> {
    let file = finding.file.as_deref().ok_or_else(|| {
        format!(
            "rule {} is a repository rule: its findings must name their `file` (use data.vmlint.lib.result.fail_at)",
            rule.meta.id
        )
    })?;
    let summary = by_file
        .get(file)
        .ok_or_else(|| format!("rule {} blamed `{file}`, which was not read", rule.meta.id))?;
    let spot = summary.locate(&finding.pointer);
    let mut related: Vec<Related> = summary
        .traced
        .get(&finding.pointer)
        .map(|spot| spot.related.clone())
        .unwrap_or_default();
    related.extend(
        finding
            .related
            .iter()
            .filter_map(|(file, pointer, message)| {
                let other = by_file.get(file.as_str())?.locate(pointer);
                Some(Related {
                    file: other.file.to_path_buf(),
                    span: other.span,
                    start: other.start,
                    message: message.clone(),
                })
            }),
    );
    let place = super::locate::Place {
        file: spot.file,
        span: spot.span,
        start: spot.start,
        end: spot.end,
        content: spot.content,
    };
    let diagnostic = super::locate::diagnostic(
        rule,
        place,
        finding.severity,
        finding.message.clone(),
        summary.owner(&finding.pointer),
        related,
    );
    Ok((summary.path.clone(), diagnostic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(path: &str, text: &str) -> Arc<FileSummary> {
        let document = crate::formats::parse(
            crate::formats::Format::Proxmox,
            PathBuf::from(path),
            Arc::from(text),
        )
        .unwrap();
        let workloads = crate::formats::extract_workloads(&document, &Default::default());
        Arc::new(FileSummary::new(&document, &[], &workloads, &[]))
    }

    /// What the language server does on an edit: keep the other files' summaries, replace the
    /// edited one's, evaluate again — no other file is read or parsed.
    #[test]
    fn replacing_one_summary_re_evaluates_the_repository_without_the_others() {
        let policies = crate::policy::PolicySet::load(&Default::default()).unwrap();
        let repository: Vec<bool> = policies
            .rules()
            .iter()
            .map(|rule| !rule.meta.scope.is_document())
            .collect();
        let mut evaluator = policies.evaluator();
        let mac = "net0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\n";
        let mut estate = vec![
            summary("a/100.conf", &format!("name: erp-01\n{mac}")),
            summary("b/200.conf", &format!("name: erp-02\n{mac}")),
        ];
        let found = evaluate(&mut evaluator, &estate, serde_json::json!({}), &|rule| {
            repository[rule]
        });
        assert_eq!(found.by_file.len(), 2, "{:?}", found.problems);
        let first = &found.by_file[&PathBuf::from("a/100.conf")][0];
        assert_eq!(first.rule, "VML103");
        assert_eq!(first.related[0].file, PathBuf::from("b/200.conf"));

        estate[1] = summary(
            "b/200.conf",
            "name: erp-02\nnet0: virtio=BC:24:11:AA:00:02,bridge=vmbr0\n",
        );
        let found = evaluate(&mut evaluator, &estate, serde_json::json!({}), &|rule| {
            repository[rule]
        });
        assert!(found.by_file.is_empty(), "{:?}", found.by_file);
    }
}
