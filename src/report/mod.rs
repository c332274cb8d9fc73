//! Reporters: turn a [`LintRun`](crate::lint::LintRun) into text. A reporter never re-reads
//! files or re-runs rules; it formats what the run holds.

pub mod concise;
pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

/// `path` with forward slashes, as every report prints it.
pub fn slash_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
