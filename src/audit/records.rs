//! A finding's life across commits: identity (rule, fingerprint, occurrence), opened by the
//! commit that introduces it, closed by the one that removes it, moved with its file.

use std::collections::{BTreeMap, HashMap};

use super::cache::BlobFinding;
use super::{CommitInfo, Record};

/// Open findings of one path, by identity (rule, fingerprint, occurrence).
pub type Open = BTreeMap<(String, String, usize), Record>;

/// `path`'s findings are now `findings`: close the open ones that are gone, open the new ones.
pub fn reconcile(
    open: &mut HashMap<String, Open>,
    path: &str,
    findings: Vec<BlobFinding>,
    commit: &CommitInfo,
    closed: &mut Vec<Record>,
) {
    // Identity: rule, fingerprint and which occurrence of the pair (two equal blocks).
    let mut now: Open = BTreeMap::new();
    let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
    for finding in findings {
        let pair = (finding.rule.clone(), finding.fingerprint.clone());
        let occurrence = occurrences.entry(pair.clone()).or_default();
        let key = (pair.0, pair.1, *occurrence);
        *occurrence += 1;
        now.insert(
            key,
            Record {
                rule: finding.rule,
                file: path.to_string(),
                line: finding.line,
                column: finding.column,
                message: finding.message,
                fingerprint: finding.fingerprint,
                introduced: commit.clone(),
                fixed: None,
                present_at_head: false,
            },
        );
    }
    let previous = open.remove(path).unwrap_or_default();
    let mut next: Open = BTreeMap::new();
    for (key, record) in previous {
        match now.remove(&key) {
            // Still there: keep its origin, take its current place.
            Some(current) => {
                next.insert(
                    key,
                    Record {
                        line: current.line,
                        column: current.column,
                        message: current.message,
                        ..record
                    },
                );
            }
            None => {
                closed.push(Record {
                    fixed: Some(commit.clone()),
                    ..record
                });
            }
        }
    }
    next.extend(now);
    if !next.is_empty() {
        open.insert(path.to_string(), next);
    }
}

/// A renamed file's open findings move with it: their origin stays.
pub fn move_records(open: &mut HashMap<String, Open>, old: &str, new: &str) {
    if let Some(records) = open.remove(old) {
        let moved = records
            .into_iter()
            .map(|(key, mut record)| {
                record.file = new.to_string();
                (key, record)
            })
            .collect();
        open.insert(new.to_string(), moved);
    }
}

pub fn close_all(
    open: &mut HashMap<String, Open>,
    path: &str,
    commit: &CommitInfo,
    closed: &mut Vec<Record>,
) {
    if let Some(records) = open.remove(path) {
        closed.extend(records.into_values().map(|record| Record {
            fixed: Some(commit.clone()),
            ..record
        }));
    }
}
