//! An audit of many repositories (`vmlint audit --repos FILE`): each repository's own
//! timeline, in the order the list names them, and the reports that put them side by side —
//! JSON (one object per repository), CSV (a `repository` column first), SARIF (one run per
//! repository) and the human timeline (one section per repository).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Audit;
use crate::policy::Rule;

/// One repository's audit, named as the list names it.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RepositoryAudit {
    pub repository: String,
    /// Its place in the list (reports keep the list's order).
    pub order: usize,
    pub audit: Audit,
}

pub fn json(audits: &[RepositoryAudit]) -> String {
    let repositories: Vec<serde_json::Value> = audits
        .iter()
        .map(|item| {
            json!({
                "repository": item.repository,
                "commits": item.audit.commits,
                "blobs_linted": item.audit.blobs_linted,
                "blobs_cached": item.audit.blobs_cached,
                "findings": item.audit.records,
                "notes": item.audit.notes,
                "errors": item.audit.errors,
            })
        })
        .collect();
    let findings: usize = audits.iter().map(|item| item.audit.records.len()).sum();
    let present: usize = audits
        .iter()
        .flat_map(|item| &item.audit.records)
        .filter(|record| record.present_at_head)
        .count();
    let value = json!({
        "version": 1,
        "repositories": repositories,
        "summary": {
            "repositories": audits.len(),
            "commits": audits.iter().map(|item| item.audit.commits).sum::<usize>(),
            "findings": findings,
            "present_at_head": present,
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

pub fn csv(audits: &[RepositoryAudit]) -> String {
    let mut out = String::new();
    for (index, item) in audits.iter().enumerate() {
        let single = super::report::csv(&item.audit);
        let mut lines = single.lines();
        let header = lines.next().unwrap_or_default();
        if index == 0 {
            let _ = writeln!(out, "repository,{header}");
        }
        let name = super::report::csv_field(&item.repository);
        for line in lines {
            let _ = writeln!(out, "{name},{line}");
        }
    }
    if audits.is_empty() {
        let header = super::report::csv(&Audit::default());
        let _ = write!(out, "repository,{header}");
    }
    out
}

pub fn human(audits: &[RepositoryAudit]) -> String {
    let mut out = String::new();
    for item in audits {
        let _ = writeln!(out, "== {} ==", item.repository);
        let _ = writeln!(out, "{}", super::report::human(&item.audit).trim_end());
        out.push('\n');
    }
    let findings: usize = audits.iter().map(|item| item.audit.records.len()).sum();
    let _ = writeln!(
        out,
        "{} repositories, {findings} findings in their histories",
        audits.len()
    );
    out
}

/// One SARIF run per repository, each the single-repository report's, told apart by its
/// `automationDetails.id` (`vmlint-audit/<repository>`).
pub fn sarif(audits: &[RepositoryAudit], rules: &[Rule]) -> String {
    let mut log: Option<serde_json::Value> = None;
    for item in audits {
        let Ok(mut single) =
            serde_json::from_str::<serde_json::Value>(&super::report::sarif(&item.audit, rules))
        else {
            continue;
        };
        if let Some(runs) = single.get_mut("runs").and_then(|runs| runs.as_array_mut()) {
            for run in runs.iter_mut() {
                run["automationDetails"] =
                    json!({ "id": format!("vmlint-audit/{}", item.repository) });
            }
        }
        match &mut log {
            None => log = Some(single),
            Some(log) => {
                let runs = single["runs"].as_array().cloned().unwrap_or_default();
                if let Some(all) = log["runs"].as_array_mut() {
                    all.extend(runs);
                }
            }
        }
    }
    let log = log.unwrap_or_else(|| {
        serde_json::from_str(&super::report::sarif(&Audit::default(), rules)).unwrap_or_default()
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
