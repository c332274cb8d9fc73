//! Reporters: turn a [`LintRun`](crate::pipeline::LintRun) into text. A reporter never re-reads
//! files or re-runs rules; it formats what the run holds.

pub mod concise;
pub mod explain;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

pub use crate::paths::{slash_path, uri_path};
