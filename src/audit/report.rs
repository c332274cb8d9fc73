//! The audit's reports: a human timeline grouped by rule (newest first), JSON, CSV for
//! spreadsheets, and SARIF for the findings still present at HEAD (with when they were first
//! detected).

use std::fmt::Write as _;

use serde_json::json;

use super::{Audit, CommitInfo, Record};
use crate::document::Position;
use crate::policy::Rule;
use crate::report::sarif;

fn date(time: i64) -> String {
    crate::dates::format_unix(time)
}

fn short(commit: &CommitInfo) -> String {
    format!(
        "{} {} {} \"{}\"",
        &commit.commit[..commit.commit.len().min(10)],
        date(commit.time),
        commit.author,
        commit.summary
    )
}

pub fn human(audit: &Audit) -> String {
    let mut out = String::new();
    let mut current = "";
    for record in &audit.records {
        if record.rule != current {
            current = &record.rule;
            let _ = writeln!(out, "\n{current}");
        }
        let state = match &record.fixed {
            Some(fixed) => format!("removed {}", short(fixed)),
            None => "present at HEAD".to_string(),
        };
        let _ = writeln!(out, "  {}:{}  {}", record.file, record.line, record.message);
        let _ = writeln!(out, "    introduced {}", short(&record.introduced));
        let _ = writeln!(out, "    {state}");
    }
    for note in &audit.notes {
        let _ = writeln!(out, "note: {note}");
    }
    for error in &audit.errors {
        let _ = writeln!(out, "error: {error}");
    }
    let present = audit.records.iter().filter(|r| r.present_at_head).count();
    let _ = writeln!(
        out,
        "\n{} findings in history ({} present at HEAD, {} removed); {} commits, {} blobs linted, {} from the cache, {:.2} s",
        audit.records.len(),
        present,
        audit.records.len() - present,
        audit.commits,
        audit.blobs_linted,
        audit.blobs_cached,
        audit.seconds
    );
    out.trim_start().to_string()
}

pub fn json(audit: &Audit) -> String {
    let value = json!({
        "version": 1,
        "commits": audit.commits,
        "blobs_linted": audit.blobs_linted,
        "blobs_cached": audit.blobs_cached,
        "findings": audit.records,
        "notes": audit.notes,
        "errors": audit.errors,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// A CSV field, quoted when it holds a comma, a quote or a newline.
pub(super) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn csv(audit: &Audit) -> String {
    let mut out = String::from(
        "rule,file,line,message,introduced_commit,introduced_date,introduced_author,fixed_commit,fixed_date,fixed_author,present_at_head\n",
    );
    for record in &audit.records {
        let fixed = record.fixed.as_ref();
        let fields = [
            record.rule.clone(),
            record.file.clone(),
            record.line.to_string(),
            record.message.clone(),
            record.introduced.commit.clone(),
            date(record.introduced.time),
            record.introduced.author.clone(),
            fixed.map(|f| f.commit.clone()).unwrap_or_default(),
            fixed.map(|f| date(f.time)).unwrap_or_default(),
            fixed.map(|f| f.author.clone()).unwrap_or_default(),
            record.present_at_head.to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// SARIF 2.1.0 of the findings present at HEAD, each with its first detection.
/// The findings present at HEAD as SARIF (the same writer as `check --format sarif`), each
/// with its first detection in `properties.firstDetection`.
pub fn sarif(audit: &Audit, rules: &[Rule]) -> String {
    let results = audit
        .records
        .iter()
        .filter(|record| record.present_at_head)
        .map(|record: &Record| {
            let severity = rules
                .iter()
                .find(|rule| rule.meta.id == record.rule)
                .map_or(crate::diagnostic::Severity::Warning, |rule| {
                    rule.meta.severity
                });
            let at = Position {
                line: record.line,
                column: record.column,
            };
            let file = std::path::Path::new(&record.file);
            let finding = sarif::Finding {
                rule: &record.rule,
                severity,
                message: &record.message,
                file,
                start: at,
                end: at,
                fingerprint: &record.fingerprint,
                related: &[],
            };
            let mut result = sarif::result(&finding, rules, None);
            let mut bag = serde_sarif::sarif::PropertyBag::builder().build();
            bag.additional_properties.insert(
                "firstDetection".to_string(),
                json!({
                    "commit": record.introduced.commit,
                    "date": date(record.introduced.time),
                    "author": record.introduced.author,
                    "summary": record.introduced.summary,
                }),
            );
            result.properties = Some(bag);
            result
        })
        .collect();
    let errors: Vec<crate::diagnostic::LintError> = audit
        .errors
        .iter()
        .map(|message| {
            crate::pipeline::locate::run_error(crate::diagnostic::ErrorKind::Io, message.clone())
        })
        .collect();
    sarif::log(rules, results, &errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_764_028_800), "2025-11-25");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
