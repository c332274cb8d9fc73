//! `--format sarif`: SARIF 2.1.0 built with serde-sarif's typed structures (generated from the
//! official schema), for GitHub code scanning and every SARIF viewer.
//!
//! - `tool.driver.rules`: every loaded rule — id, name (the slug), short and full description,
//!   help (the fix, as text and markdown), default level, help URI;
//! - results: rule id and index, level, message, the location (start and end line and column,
//!   columns in Unicode code points as vmlint counts them), `relatedLocations`, and
//!   `partialFingerprints["vmlint/v1"]`, the line-shift-proof fingerprint baselines use;
//! - suppressed findings are results with `suppressions` (`inSource` for a comment, `external`
//!   for a baseline) rather than dropped;
//! - files that could not be linted are `toolExecutionNotifications` of the invocation.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};

use super::uri_path;
use crate::diagnostic::{Diagnostic, LintError, Related, Severity};
use crate::document::Position;
use crate::pipeline::suppress::SuppressionKind;
use crate::pipeline::LintRun;
use crate::policy::Rule;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where a built-in rule's documentation lives.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(value: &str) -> Message {
    Message::builder().text(value.to_string()).build()
}

fn multiformat(value: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(value.to_string())
        .build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let meta = &rule.meta;
    let full = if meta.rationale.is_empty() {
        &meta.title
    } else {
        &meta.rationale
    };
    let help_text = if meta.remediation.is_empty() {
        meta.title.clone()
    } else {
        meta.remediation.clone()
    };
    let help_markdown = format!(
        "**{} {}** — {}\n\n{}\n\n**Fix:** {}\n\nSuppress one finding with a comment on the line above: `vmlint:ignore {} reason=\"…\"`.",
        meta.id, meta.slug, meta.title, full, help_text, meta.id
    );
    let builder = ReportingDescriptor::builder()
        .id(meta.id.clone())
        .name(meta.slug.clone())
        .short_description(multiformat(&meta.title))
        .full_description(multiformat(full))
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(meta.severity)))
                .build(),
        );
    if rule.file.starts_with("policies/") {
        let directory = rule
            .file
            .rsplit_once('/')
            .map_or("", |(directory, _)| directory);
        return builder
            .help_uri(format!("{REPOSITORY}/blob/main/{directory}/README.md"))
            .build();
    }
    builder.build()
}

/// A finding as SARIF reports it: a `check` diagnostic, or a record of `audit`'s history.
pub struct Finding<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub file: &'a std::path::Path,
    pub start: Position,
    pub end: Position,
    pub fingerprint: &'a str,
    pub related: &'a [Related],
}

impl<'a> From<&'a Diagnostic> for Finding<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        Finding {
            rule: &diagnostic.rule,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            file: &diagnostic.file,
            start: diagnostic.start,
            end: diagnostic.end,
            fingerprint: &diagnostic.fingerprint,
            related: &diagnostic.related,
        }
    }
}

fn location(diagnostic: &Finding) -> Location {
    let region = Region::builder()
        .start_line(diagnostic.start.line as i64)
        .start_column(diagnostic.start.column as i64)
        .end_line(diagnostic.end.line as i64)
        .end_column(diagnostic.end.column as i64)
        .build();
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(uri_path(diagnostic.file))
                        .uri_base_id("%SRCROOT%".to_string())
                        .build(),
                )
                .region(region)
                .build(),
        )
        .build()
}

/// One result; `suppression` says how a silenced finding was silenced.
pub fn result(
    diagnostic: &Finding,
    rules: &[Rule],
    suppression: Option<(SuppressionKind, Option<String>)>,
) -> SarifResult {
    let related: Vec<Location> = diagnostic
        .related
        .iter()
        .enumerate()
        .map(|(index, related)| {
            let region = Region::builder()
                .start_line(related.start.line as i64)
                .start_column(related.start.column as i64)
                .build();
            Location::builder()
                .id(index as i64)
                .message(text(&related.message))
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(
                            ArtifactLocation::builder()
                                .uri(uri_path(&related.file))
                                .uri_base_id("%SRCROOT%".to_string())
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build()
        })
        .collect();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("vmlint/v1".to_string(), diagnostic.fingerprint.to_string());
    let rule_index = rules
        .iter()
        .position(|rule| rule.meta.id == diagnostic.rule)
        .map_or(-1, |index| index as i64);
    let mut result = SarifResult::builder()
        .rule_id(diagnostic.rule.to_string())
        .rule_index(rule_index)
        .level(level(diagnostic.severity))
        .message(text(diagnostic.message))
        .locations(vec![location(diagnostic)])
        .partial_fingerprints(fingerprints)
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if let Some((kind, reason)) = suppression {
        let kind = match kind {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        };
        let mut suppression = Suppression::builder().kind(json!(kind)).build();
        suppression.justification = reason;
        result.suppressions = Some(vec![suppression]);
    }
    result
}

/// The SARIF log of a run, as pretty JSON.
pub fn render(run: &LintRun, rules: &[Rule]) -> String {
    let mut results: Vec<SarifResult> = run
        .diagnostics
        .iter()
        .map(|diagnostic| result(&diagnostic.into(), rules, None))
        .collect();
    results.extend(run.suppressed.iter().map(|item| {
        result(
            &(&item.diagnostic).into(),
            rules,
            Some((item.kind, item.reason.clone())),
        )
    }));
    log(rules, results, &run.errors)
}

/// The SARIF log of one run of vmlint: the rules, the results, and each error as a tool
/// execution notification.
pub fn log(rules: &[Rule], results: Vec<SarifResult>, errors: &[LintError]) -> String {
    let driver = ToolComponent::builder()
        .name("vmlint".to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(REPOSITORY.to_string())
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let notifications: Vec<Notification> = errors
        .iter()
        .map(|error| {
            let mut notification = Notification::builder()
                .message(text(&error.message))
                .level(json!("error"))
                .build();
            if let Some(file) = &error.file {
                let mut physical = PhysicalLocation::builder()
                    .artifact_location(
                        ArtifactLocation::builder()
                            .uri(uri_path(file))
                            .uri_base_id("%SRCROOT%".to_string())
                            .build(),
                    )
                    .build();
                if let Some(start) = error.start {
                    physical.region = Some(
                        Region::builder()
                            .start_line(start.line as i64)
                            .start_column(start.column as i64)
                            .build(),
                    );
                }
                notification.locations = Some(vec![Location::builder()
                    .physical_location(physical)
                    .build()]);
            }
            notification
        })
        .collect();
    let mut invocation = Invocation::builder()
        .execution_successful(errors.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA.to_string())
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serializes");
    text.push('\n');
    text
}
