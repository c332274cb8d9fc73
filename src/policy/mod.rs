//! The policy engine on regorus: loads and compiles the built-in and user Rego policies once
//! per run, reads each rule's metadata, and evaluates every rule on one document's input.
//!
//! A rule is a package under `vmlint.rules.` with a `metadata` rule and a `report` set of
//! findings built by `data.vmlint.lib.result` (`{"pointer", "message"[, "severity"]}`). The
//! engine never locates findings itself: it hands back the pointer each rule blamed.
//!
//! Threads: the compiled [`PolicySet`] is shared read-only; each worker takes an [`Evaluator`]
//! (a clone of the prepared engine: cheap, modules are reference-counted).

mod compile;
pub mod extensions;
pub mod metadata;
pub mod profile;
pub mod sources;
pub mod testing;
pub mod triggers;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use regorus::Engine;

use crate::diagnostic::Severity;
use crate::limits::EvaluationLimits;
pub use metadata::{RuleMeta, RuleScope};
use sources::PolicyFile;

/// Failure to load policies; always fatal (exit 2) since results would be incomplete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("{0}")]
    Load(String),
    /// `location` is `file:line:col` when regorus gives one, else the file.
    #[error("policy {location}: {message}")]
    Compile { location: String, message: String },
    #[error("policy {file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// The Rego files `options` name: the built-in pack, then each user directory.
pub fn policy_files(options: &PolicyOptions) -> Result<Vec<PolicyFile>, PolicyError> {
    let mut files = if options.no_builtin {
        Vec::new()
    } else {
        sources::builtin()
    };
    for dir in &options.user_dirs {
        files.extend(sources::from_directory(dir)?);
    }
    if !options.include_tests {
        files.retain(|file| !file.is_test);
    }
    Ok(files)
}

const RULES_PREFIX: &str = "data.vmlint.rules.";

/// Rule ids of the built-in pack; user policies choose their own prefix (`ACME101`).
pub const RESERVED_ID_PREFIX: &str = "VML";

/// One loaded rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    /// `data.vmlint.rules.<category>.<name>`
    pub package: String,
    /// The Rego file that declares the package.
    pub file: String,
    report: String,
    /// `meta.triggers`, read once (see `triggers.rs`).
    triggers: Vec<triggers::Trigger>,
    /// `report := set()`: judged outside Rego (the suppression rules), never evaluated.
    never_reports: bool,
}

/// The compiled policies of a run.
#[derive(Clone)]
pub struct PolicySet {
    engine: Engine,
    rules: Vec<Rule>,
    /// Whether any policy reads `input.document`; when none does, the document tree is left
    /// out of the input (converting it costs more than evaluating every rule).
    reads_document: bool,
    limits: EvaluationLimits,
    /// When the run's first evaluation started (the run budget counts from there); shared by
    /// every evaluator of the set.
    run_started: Arc<OnceLock<Instant>>,
    /// Each rule's evaluation time over the run (`--timings`).
    pub rule_times: Arc<profile::RuleTimes>,
}

/// A finding as a rule reported it, before it is located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    pub rule: usize,
    /// The file blamed, for repository rules (document rules blame their own document).
    pub file: Option<String>,
    pub pointer: String,
    pub message: String,
    pub severity: Severity,
    /// Other places that make the finding, as (file, pointer, message).
    pub related: Vec<(String, String, String)>,
}

/// A rule that failed while judging one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFailure {
    pub rule_id: String,
    pub message: String,
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct PolicyOptions {
    /// Leave out the built-in pack (only user policies run).
    pub no_builtin: bool,
    pub user_dirs: Vec<PathBuf>,
    /// Also load `*_test.rego` files (for `vmlint test`).
    pub include_tests: bool,
    /// Rule parameters from the configuration, at `data.vmlint.params`.
    pub params: serde_json::Value,
    /// Time and memory ceilings of evaluation (`--policy-timeout`, `--policy-memory-limit`, …).
    pub limits: EvaluationLimits,
}

impl PolicySet {
    /// Load and compile the policies, and install the evaluation limits: the memory ceiling is
    /// process-wide (regorus compares the allocator's count of live bytes with it).
    pub fn load(options: &PolicyOptions) -> Result<PolicySet, PolicyError> {
        let mut set = PolicySet::compile_with_params(policy_files(options)?, &options.params)?;
        set.limits = options.limits;
        options.limits.install_memory_ceiling();
        Ok(set)
    }

    /// Replace the time limits (the memory ceiling is the process's, see [`PolicySet::load`]).
    pub fn set_limits(&mut self, limits: EvaluationLimits) {
        self.limits = limits;
    }

    pub fn compile(files: Vec<PolicyFile>) -> Result<PolicySet, PolicyError> {
        PolicySet::compile_with_params(files, &serde_json::Value::Null)
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn rule(&self, id_or_slug: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| {
            rule.meta.id.eq_ignore_ascii_case(id_or_slug) || rule.meta.slug == id_or_slug
        })
    }

    /// A value that rule `id` (ID or slug) defines outside `report`: a parameter with its
    /// configured value applied (`window_minutes` of VML303), so that a report shows the
    /// threshold the rule used. `None` when the rule is not loaded or does not define `name`.
    pub fn rule_value(&self, id: &str, name: &str) -> Option<serde_json::Value> {
        let rule = self.rule(id)?;
        self.query(
            regorus::Value::new_object(),
            &format!("{}.{name}", rule.package),
        )
    }

    /// The value of a Rego expression over `input` with every policy loaded, for reports that
    /// show what the rules compute (a host's vCPUs as VML203 sums them) rather than computing
    /// it again. `None` when it is undefined or fails.
    pub fn query(&self, input: regorus::Value, expression: &str) -> Option<serde_json::Value> {
        let mut engine = self.engine.clone();
        engine.set_input(input);
        let results = engine.eval_query(expression.to_string(), false).ok()?;
        let value = &results.result.first()?.expressions.first()?.value;
        serde_json::to_value(value).ok()
    }

    /// An evaluator for one worker thread.
    pub fn evaluator(&self) -> Evaluator<'_> {
        Evaluator {
            engine: self.engine.clone(),
            rules: &self.rules,
            reads_document: self.reads_document,
            limits: self.limits,
            run_started: self.run_started.clone(),
            rule_times: self.rule_times.clone(),
        }
    }
}

/// Evaluates every rule on one input at a time.
pub struct Evaluator<'a> {
    engine: Engine,
    rules: &'a [Rule],
    reads_document: bool,
    limits: EvaluationLimits,
    run_started: Arc<OnceLock<Instant>>,
    rule_times: Arc<profile::RuleTimes>,
}

/// Which budget bounded one rule's evaluation: named when it runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Budget {
    Rule,
    File,
    Run,
}

impl Evaluator<'_> {
    pub fn rules(&self) -> &[Rule] {
        self.rules
    }

    /// Whether the input must carry `document` (some policy reads it).
    pub fn reads_document(&self) -> bool {
        self.reads_document
    }

    /// Run every rule that `enabled` accepts (by index) on `input`. A rule that fails does
    /// not stop the others. Each rule gets the least of what is left of its own time limit,
    /// the file's and the run's; once the file's or the run's budget is spent, the rules not
    /// yet run are reported as one failure.
    pub fn evaluate(
        &mut self,
        input: regorus::Value,
        enabled: &dyn Fn(usize) -> bool,
    ) -> (Vec<RawFinding>, Vec<RuleFailure>) {
        // A shared handle (regorus values are reference-counted), for the rules' triggers.
        let mut scope = triggers::InputScope::new(input);
        let file_started = Instant::now();
        let run_started = *self.run_started.get_or_init(Instant::now);
        let mut findings = Vec::new();
        let mut failures = Vec::new();
        let mut not_run: Vec<&str> = Vec::new();
        let mut spent = None;
        for (index, rule) in self.rules.iter().enumerate() {
            if !enabled(index) || rule.never_reports || !scope.narrow(&rule.triggers) {
                continue;
            }
            if spent.is_some() {
                not_run.push(&rule.meta.id);
                continue;
            }
            let (limit, budget) = self.time_left(file_started, run_started);
            if limit.is_zero() {
                spent = Some(budget);
                not_run.push(&rule.meta.id);
                continue;
            }
            if let Some(input) = scope.changed() {
                self.engine.set_input(input);
            }
            self.engine
                .set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
                    limit,
                    check_interval: std::num::NonZeroU32::new(256).expect("non-zero"),
                });
            let failure = |message: String| RuleFailure {
                rule_id: rule.meta.id.clone(),
                message,
            };
            let rule_started = Instant::now();
            let evaluated = self.engine.eval_rule(rule.report.clone());
            self.rule_times.add(index, rule_started.elapsed());
            let value = match evaluated {
                Ok(value) => value,
                Err(error) => {
                    failures.push(failure(self.describe_error(&error, budget)));
                    continue;
                }
            };
            if value == regorus::Value::Undefined {
                continue;
            }
            let json = match serde_json::to_value(&value) {
                Ok(json) => json,
                Err(error) => {
                    failures.push(failure(error.to_string()));
                    continue;
                }
            };
            let Some(items) = json.as_array() else {
                failures.push(failure(format!(
                    "`report` must be a set of findings, got {json}"
                )));
                continue;
            };
            for item in items {
                match finding(index, rule, item) {
                    Ok(raw) => findings.push(raw),
                    Err(message) => failures.push(failure(message)),
                }
            }
        }
        if let Some(budget) = spent {
            failures.push(RuleFailure {
                rule_id: not_run.join(", "),
                message: format!("not run: {}", self.spent_message(budget)),
            });
        }
        (findings, failures)
    }

    /// The time the next rule may take, and which budget sets it.
    fn time_left(&self, file_started: Instant, run_started: Instant) -> (Duration, Budget) {
        let mut left = (self.limits.rule_time, Budget::Rule);
        let file_left = self.limits.file_time.saturating_sub(file_started.elapsed());
        if file_left < left.0 {
            left = (file_left, Budget::File);
        }
        if let Some(run_time) = self.limits.run_time {
            let run_left = run_time.saturating_sub(run_started.elapsed());
            if run_left < left.0 {
                left = (run_left, Budget::Run);
            }
        }
        left
    }

    fn spent_message(&self, budget: Budget) -> String {
        match budget {
            Budget::Rule => format!(
                "stopped after {} (--policy-timeout)",
                seconds(self.limits.rule_time)
            ),
            Budget::File => format!(
                "the evaluation budget of this file, {}, is spent (--file-policy-timeout)",
                seconds(self.limits.file_time)
            ),
            Budget::Run => format!(
                "the evaluation budget of the run, {}, is spent (--run-policy-timeout)",
                seconds(self.limits.run_time.unwrap_or_default())
            ),
        }
    }

    /// A rule's error in one line; a time or memory limit says which budget ran out.
    fn describe_error(&self, error: &anyhow::Error, budget: Budget) -> String {
        match error.downcast_ref::<regorus::LimitError>() {
            Some(regorus::LimitError::TimeLimitExceeded { .. }) => {
                format!(
                    "execution exceeded time limit: {}",
                    self.spent_message(budget)
                )
            }
            Some(regorus::LimitError::MemoryLimitExceeded { usage, limit }) => format!(
                "execution exceeded memory limit: the process heap reached {} MiB, above the \
                 ceiling of {} MiB (--policy-memory-limit)",
                usage / (1024 * 1024),
                limit / (1024 * 1024)
            ),
            _ => first_line(&error.to_string()),
        }
    }
}

fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

fn finding(index: usize, rule: &Rule, item: &serde_json::Value) -> Result<RawFinding, String> {
    let field = |name: &str| item.get(name).and_then(serde_json::Value::as_str);
    let (Some(pointer), Some(message)) = (field("pointer"), field("message")) else {
        return Err(format!(
            "a finding must have string `pointer` and `message` (use data.vmlint.lib.result.fail), got {item}"
        ));
    };
    let severity = match field("severity") {
        Some(text) => text.parse()?,
        None => rule.meta.severity,
    };
    let related = item
        .get("related")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let text = |name: &str| entry.get(name).and_then(serde_json::Value::as_str);
            Some((
                text("file")?.to_string(),
                text("pointer")?.to_string(),
                text("message").unwrap_or_default().to_string(),
            ))
        })
        .collect();
    Ok(RawFinding {
        rule: index,
        file: field("file").map(str::to_string),
        pointer: pointer.to_string(),
        message: message.to_string(),
        severity,
        related,
    })
}

/// regorus reports `--> file:line:col`, the source line, a caret, then `error: message`;
/// keep the location and the message, on one line.
fn compile_error(file: &str, text: &str) -> PolicyError {
    let location = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("--> "))
        .map(str::to_string);
    let message = text
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("error: "))
        .map(str::to_string);
    match (location, message) {
        (Some(location), Some(message)) => PolicyError::Compile { location, message },
        _ => PolicyError::Compile {
            location: file.to_string(),
            message: first_line(text),
        },
    }
}

fn first_line(text: &str) -> String {
    let trimmed = text.trim();
    // regorus prints `file:line:col: error: message` then the source line and a caret;
    // keep the whole message but on one line.
    trimmed
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The package a Rego file declares (`package a.b`), as written.
fn declared_package(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        line.trim_start()
            .strip_prefix("package ")
            .map(|name| name.trim().to_string())
    })
}

/// 1-based line of the first line that starts with `word`, or 1.
fn line_of(source: &str, word: &str) -> usize {
    source
        .lines()
        .position(|line| line.trim_start().starts_with(word))
        .map_or(1, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> PolicyFile {
        PolicyFile {
            path: path.to_string(),
            contents: contents.to_string(),
            is_test: false,
            is_builtin: false,
            data_at: None,
        }
    }

    const RESULT_LIB: &str = "package vmlint.lib.result\nfail(metadata, pointer, message) := {\"rule\": metadata.id, \"pointer\": pointer, \"message\": message}\n";

    #[test]
    fn a_rule_without_metadata_is_refused_with_its_file() {
        let error = PolicySet::compile(vec![file(
            "p/x.rego",
            "package vmlint.rules.x.y\nreport contains 1 if { false }\n",
        )])
        .err()
        .unwrap();
        assert!(
            error.to_string().starts_with(
                "policy p/x.rego:1: rule package `vmlint.rules.x.y` has no `metadata`"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let error = PolicySet::compile(vec![file("p/bad.rego", "package a\nx := {\n")])
            .err()
            .unwrap();
        let text = error.to_string();
        assert!(text.starts_with("policy p/bad.rego:3:1: "), "{text}");
        assert!(!text.contains('\n') && !text.contains("-->"), "{text}");
    }

    #[test]
    fn findings_come_back_with_pointer_message_and_severity() {
        let set = PolicySet::compile(vec![
            file("lib.rego", RESULT_LIB),
            file(
                "r.rego",
                r#"package vmlint.rules.test.demo
import data.vmlint.lib.result
metadata := {"id": "T1", "slug": "demo", "severity": "info", "title": "demo"}
report contains result.fail(metadata, w.pointer, sprintf("saw %s", [w.name])) if {
    some w in input.workloads
}
"#,
            ),
        ])
        .unwrap();
        let mut evaluator = set.evaluator();
        let input = regorus::Value::from(serde_json::json!({
            "workloads": [{"name": "a", "pointer": "/x"}]
        }));
        let (findings, failures) = evaluator.evaluate(input, &|_| true);
        assert!(failures.is_empty(), "{failures:?}");
        assert_eq!(
            findings,
            vec![RawFinding {
                rule: 0,
                file: None,
                pointer: "/x".into(),
                message: "saw a".into(),
                severity: Severity::Info,
                related: Vec::new(),
            }]
        );
    }

    /// A rule with `triggers` runs only where a workload has one of those facts; the rule
    /// here would report every workload, so any finding on the other files shows it ran.
    #[test]
    fn a_rule_runs_only_on_files_whose_workloads_have_its_triggers() {
        let set = PolicySet::compile(vec![
            file("lib.rego", RESULT_LIB),
            file(
                "r.rego",
                r#"package vmlint.rules.test.gpu
import data.vmlint.lib.result
metadata := {"id": "T3", "slug": "gpu", "severity": "info", "title": "gpu", "triggers": ["/pci_devices", "/memory/reclaimable"]}
report contains result.fail(metadata, w.pointer, w.name) if {
    some w in input.workloads
}
"#,
            ),
        ])
        .unwrap();
        let mut evaluator = set.evaluator();
        let mut run = |workloads: serde_json::Value| {
            let input = regorus::Value::from(serde_json::json!({ "workloads": workloads }));
            evaluator.evaluate(input, &|_| true).0.len()
        };
        assert_eq!(
            run(serde_json::json!([{"name": "a", "pointer": "/a", "pci_devices": [{}]}])),
            1
        );
        assert_eq!(
            run(
                serde_json::json!([{"name": "b", "pointer": "/b", "memory": {"reclaimable": [{}]}}])
            ),
            1
        );
        assert_eq!(
            run(serde_json::json!([{"name": "c", "pointer": "/c", "pci_devices": []}])),
            0
        );
        assert_eq!(
            run(serde_json::json!([{"name": "d", "pointer": "/d", "memory": {}}])),
            0
        );
        assert_eq!(run(serde_json::json!([])), 0);
    }

    #[test]
    fn a_malformed_finding_is_a_rule_failure_not_a_panic() {
        let set = PolicySet::compile(vec![file(
            "r.rego",
            r#"package vmlint.rules.test.bad
metadata := {"id": "T2", "slug": "bad", "severity": "info", "title": "bad"}
report contains "just a string" if { true }
"#,
        )])
        .unwrap();
        let (findings, failures) = set
            .evaluator()
            .evaluate(regorus::Value::new_object(), &|_| true);
        assert!(findings.is_empty());
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].rule_id, "T2");
    }
}
