//! Inline suppressions, in each format's own comment syntax:
//!
//! ```text
//! # vmlint:ignore VML101 reason="licensed HASP dongle, approved by CAB-1234" until=2027-03-31
//! <!-- vmlint:ignore usb-passthrough reason="…" -->
//! // vmlint:ignore-file VML104 reason="GPU render farm, pinned by design"
//! ```
//!
//! A comment alone on its line suppresses findings on the next line of code; a trailing comment,
//! findings on its own line; `vmlint:ignore-file`, findings anywhere in the file. Rules are
//! named by ID or slug, several separated by commas; none means every rule.
//!
//! The discipline (ruff's unused-noqa, TFLint's `ignorable = false`):
//! - no `reason` → VML001 suppression-without-reason (an error with `require-reason = true`);
//! - past `until` → the suppression stops working and VML002 expired-suppression says so;
//! - suppressing nothing → VML003 unused-suppression;
//! - a rule whose metadata says `"suppressible": false`, or listed in `[suppressions] forbid`,
//!   is never suppressed inline: the suppression stays unused and VML003 says why.

use crate::config::{matches_rule, SuppressionSettings};
use crate::diagnostic::{Diagnostic, Severity};
use std::path::Path;

use crate::document::{Comment, Document, Position, Span};
use crate::policy::Rule;

pub const WITHOUT_REASON: &str = "VML001";
pub const EXPIRED: &str = "VML002";
pub const UNUSED: &str = "VML003";

/// A calendar date, compared as (year, month, day).
pub use crate::dates::Date;

#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum Scope {
    /// Findings starting on this 1-based line.
    Line(usize),
    File,
}

#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Suppression {
    pub scope: Scope,
    /// Rule IDs or slugs; empty means every rule.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub until: Option<Date>,
    /// `until` as written when it is not a date.
    pub bad_until: Option<String>,
    /// The comment.
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// The comment's text, which fingerprints a finding about the suppression itself.
    pub text: String,
}

/// A finding that a suppression silenced, with why.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub reason: Option<String>,
    /// `inSource` (a comment) or `external` (a baseline), as SARIF names them.
    pub kind: SuppressionKind,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum SuppressionKind {
    InSource,
    External,
}

/// The suppressions a document's comments declare.
pub fn parse(document: &Document) -> Vec<Suppression> {
    document
        .comments
        .iter()
        .filter_map(|comment| parse_comment(document, comment))
        .collect()
}

fn parse_comment(document: &Document, comment: &Comment) -> Option<Suppression> {
    let text = comment.text.trim();
    let (scope_word, rest) = if let Some(rest) = text.strip_prefix("vmlint:ignore-file") {
        ("file", rest)
    } else {
        ("line", text.strip_prefix("vmlint:ignore")?)
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ':'])) {
        return None;
    }
    let mut rules = Vec::new();
    let mut reason = None;
    let mut until_text = None;
    let mut rest = rest.trim_start_matches(':').trim();
    while !rest.is_empty() {
        if let Some((key, after)) = rest
            .split_once('=')
            .filter(|(key, _)| !key.contains(char::is_whitespace) && !key.contains(','))
        {
            let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
                match quoted.find('"') {
                    Some(end) => (&quoted[..end], &quoted[end + 1..]),
                    None => (quoted, ""),
                }
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            };
            match key {
                "reason" => {
                    reason = Some(value.trim().to_string()).filter(|reason| !reason.is_empty())
                }
                "until" => until_text = Some(value.trim().to_string()),
                _ => {}
            }
            rest = remaining.trim();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rules.extend(
                rest[..end]
                    .split(',')
                    .map(str::trim)
                    .filter(|rule| !rule.is_empty())
                    .map(str::to_string),
            );
            rest = rest[end..].trim();
        }
    }
    let until = until_text.as_deref().and_then(crate::dates::parse);
    let scope = if scope_word == "file" {
        Scope::File
    } else {
        Scope::Line(target_line(document, comment))
    };
    Some(Suppression {
        scope,
        rules,
        reason,
        bad_until: until_text.filter(|_| until.is_none()),
        until,
        span: comment.span,
        start: document.position(comment.span.start),
        end: document.position(comment.span.end),
        text: document.source[comment.span.start..comment.span.end].to_string(),
    })
}

/// The line a line suppression speaks about: its own for a trailing comment, else the next line
/// that holds something other than a comment.
fn target_line(document: &Document, comment: &Comment) -> usize {
    let own = document.position(comment.span.start).line;
    if !comment.own_line {
        return own;
    }
    let last = document.position(comment.span.end).line;
    let comment_lines: Vec<usize> = document
        .comments
        .iter()
        .filter(|other| other.own_line)
        .map(|other| document.position(other.span.start).line)
        .collect();
    (last + 1..=document.line_index.line_count())
        .find(|&line| {
            let start = document.line_index.line_start(line).unwrap_or(0);
            let end = document
                .line_index
                .line_start(line + 1)
                .unwrap_or(document.source.len());
            !document.source[start..end].trim().is_empty() && !comment_lines.contains(&line)
        })
        .unwrap_or(last + 1)
}

/// What applying a document's suppressions produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Diagnostic>,
    pub suppressed: Vec<Suppressed>,
    /// VML001–VML003 findings about the suppressions themselves.
    pub findings: Vec<Diagnostic>,
}

fn is_forbidden(rule: &Rule, settings: &SuppressionSettings) -> bool {
    !rule.meta.suppressible
        || settings
            .forbid
            .iter()
            .any(|entry| matches_rule(entry, rule))
}

/// Apply `suppressions` to `diagnostics`; `rules` are the loaded rules (for metadata of
/// VML001–003 and suppressibility), `enabled` says whether a rule ID reports on this file.
/// Whether `suppression` speaks of `diagnostic` (its line or its file, its rule or every rule).
/// Whether a suppression of the file at `path` covers a diagnostic: on its line, or — for a
/// finding reported in another file (the tfvars entry a value came from) — on the line of
/// `path` where the value is used.
fn covers(
    path: &Path,
    suppression: &Suppression,
    diagnostic: &Diagnostic,
    rule: Option<&Rule>,
) -> bool {
    let placed = match suppression.scope {
        Scope::Line(line) if diagnostic.file == path || diagnostic.file.as_os_str().is_empty() => {
            line == diagnostic.start.line
        }
        Scope::Line(line) => diagnostic
            .related
            .iter()
            .any(|related| related.file == path && related.start.line == line),
        Scope::File => true,
    };
    placed
        && (suppression.rules.is_empty()
            || suppression.rules.iter().any(|entry| {
                rule.is_some_and(|rule| matches_rule(entry, rule))
                    || entry.eq_ignore_ascii_case(&diagnostic.rule)
            }))
}

pub fn apply(
    path: &Path,
    suppressions: &[Suppression],
    diagnostics: Vec<Diagnostic>,
    rules: &[Rule],
    settings: &SuppressionSettings,
    enabled: &dyn Fn(&str) -> bool,
    today: Date,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut used = vec![false; suppressions.len()];
    let mut refused: Vec<Option<String>> = vec![None; suppressions.len()];
    let expired: Vec<bool> = suppressions
        .iter()
        .map(|suppression| {
            suppression.bad_until.is_some() || suppression.until.is_some_and(|until| until < today)
        })
        .collect();
    for diagnostic in diagnostics {
        let rule = rules.iter().find(|rule| rule.meta.id == diagnostic.rule);
        let matching = suppressions
            .iter()
            .enumerate()
            .find(|(index, suppression)| {
                !expired[*index] && covers(path, suppression, &diagnostic, rule)
            });
        match (matching, rule) {
            (Some((index, _)), Some(rule)) if is_forbidden(rule, settings) => {
                refused[index] = Some(rule.meta.id.clone());
                outcome.kept.push(diagnostic);
            }
            (Some((index, suppression)), _) => {
                used[index] = true;
                outcome.suppressed.push(Suppressed {
                    reason: suppression.reason.clone(),
                    kind: SuppressionKind::InSource,
                    diagnostic,
                });
            }
            (None, _) => outcome.kept.push(diagnostic),
        }
    }
    let meta = |id: &str| rules.iter().find(|rule| rule.meta.id == id && enabled(id));
    for (index, suppression) in suppressions.iter().enumerate() {
        let finding = |id: &str, message: String, severity: Option<Severity>| {
            meta(id).map(|rule| {
                let place = super::locate::Place {
                    file: path,
                    span: suppression.span,
                    start: suppression.start,
                    end: suppression.end,
                    content: &suppression.text,
                };
                let severity = severity.unwrap_or(rule.meta.severity);
                super::locate::diagnostic(rule, place, severity, message, None, Vec::new())
            })
        };
        let named = if suppression.rules.is_empty() {
            "every rule".to_string()
        } else {
            suppression.rules.join(", ")
        };
        if suppression.reason.is_none() {
            let severity = settings.require_reason.then_some(Severity::Error);
            outcome.findings.extend(finding(
                WITHOUT_REASON,
                format!("suppression of {named} gives no reason: add reason=\"…\" so reviewers know why"),
                severity,
            ));
        }
        if expired[index] {
            let message = match &suppression.bad_until {
                Some(text) => format!(
                    "`until={text}` is not a date (YYYY-MM-DD): the suppression of {named} no longer applies"
                ),
                None => {
                    let (year, month, day) = suppression.until.unwrap_or_default();
                    format!("suppression of {named} expired on {year:04}-{month:02}-{day:02}: the findings it hid are reported again")
                }
            };
            outcome.findings.extend(finding(EXPIRED, message, None));
        } else if !used[index] {
            let message = match &refused[index] {
                Some(rule) => format!(
                    "{rule} may not be suppressed inline (its metadata or `[suppressions] forbid` says so): this suppression has no effect"
                ),
                None => format!("suppression of {named} suppresses nothing here: remove it"),
            };
            outcome.findings.extend(finding(UNUSED, message, None));
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::formats::{self, Format};

    fn document(format: Format, name: &str, text: &str) -> Document {
        formats::parse(format, PathBuf::from(name), Arc::from(text)).unwrap()
    }

    fn scopes(document: &Document) -> Vec<(Scope, Vec<String>, Option<String>)> {
        parse(document)
            .into_iter()
            .map(|s| (s.scope, s.rules, s.reason))
            .collect()
    }

    #[test]
    fn reads_rules_reason_and_until_in_every_comment_syntax() {
        let hcl = document(
            Format::Terraform,
            "a.tf",
            "# vmlint:ignore VML101,pci-passthrough reason=\"CAB-1234, approved\" until=2027-03-31\nusb {\n}\nx = 1 // vmlint:ignore VML104\n/* vmlint:ignore-file VML201 reason=lab */\n",
        );
        assert_eq!(
            scopes(&hcl),
            vec![
                (
                    Scope::Line(2),
                    vec!["VML101".into(), "pci-passthrough".into()],
                    Some("CAB-1234, approved".into())
                ),
                (Scope::Line(4), vec!["VML104".into()], None),
                (Scope::File, vec!["VML201".into()], Some("lab".into())),
            ]
        );
        assert_eq!(parse(&hcl)[0].until, Some((2027, 3, 31)));
        let xml = document(
            Format::Libvirt,
            "a.xml",
            "<domain>\n  <!-- vmlint:ignore VML101 reason=\"x\" -->\n  <!-- another comment -->\n\n  <devices/>\n</domain>\n",
        );
        assert_eq!(scopes(&xml)[0].0, Scope::Line(5));
        let yaml = document(Format::Ansible, "a.yml", "- hosts: all # vmlint:ignore\n");
        assert_eq!(scopes(&yaml), vec![(Scope::Line(1), vec![], None)]);
    }

    #[test]
    fn not_a_suppression() {
        let hcl = document(
            Format::Terraform,
            "a.tf",
            "# vmlint:ignored is a different word\n# see vmlint:ignore docs\n",
        );
        assert!(parse(&hcl).is_empty());
    }
}
