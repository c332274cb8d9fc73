//! What a lint produces: located diagnostics (findings of rules) and errors (files that could
//! not be read or parsed, policies that failed), with their severity and ordering.

use std::cmp::Ordering;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::document::{Position, Span};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// Another place a diagnostic refers to (the other VM with the same MAC, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Related {
    pub file: PathBuf,
    pub span: Span,
    pub start: Position,
    pub message: String,
}

/// A finding of a rule, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diagnostic {
    pub rule: String,
    pub slug: String,
    pub severity: Severity,
    pub message: String,
    pub file: PathBuf,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// The rule's one-line fix, shown as help.
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// The workload the finding is about (`Workload::id`), when it is about one.
    pub workload: Option<String>,
    /// Identity of the finding that survives line shifts: the rule and the flagged content
    /// (see [`fingerprint`]).
    pub fingerprint: String,
}

impl Diagnostic {
    /// The same finding shown from `path`: a finding reported in another file (the tfvars
    /// entry a value came from) moves to its first related place in `path`, and its own
    /// place becomes related. For front-ends that show one file's findings (an editor, a
    /// blob in the audit); `source` is `path`'s text, for the end of the new span.
    pub fn anchored_in(mut self, path: &std::path::Path, source: &str) -> Diagnostic {
        if self.file == path {
            return self;
        }
        let Some(index) = self.related.iter().position(|related| related.file == path) else {
            return self;
        };
        let here = self.related.remove(index);
        let index = crate::document::LineIndex::new(source);
        let end = index.position(source, here.span.end.min(source.len()));
        self.related.insert(
            0,
            Related {
                file: std::mem::replace(&mut self.file, here.file),
                span: self.span,
                start: self.start,
                message: "the value is set here".to_string(),
            },
        );
        self.span = here.span;
        self.start = here.start;
        self.end = end;
        self
    }
}

/// One finding per place: findings of one rule at one place about *different* workloads (the
/// lines a YAML merge key or alias shares, a module's block that several calls deploy) are
/// reported once, naming the other workloads. Findings about one workload are all kept.
pub fn one_per_place(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut others: Vec<Vec<String>> = Vec::new();
    let mut index: std::collections::HashMap<(PathBuf, usize, usize, String), usize> =
        std::collections::HashMap::new();
    for diagnostic in diagnostics {
        let key = (
            diagnostic.file.clone(),
            diagnostic.span.start,
            diagnostic.span.end,
            diagnostic.rule.clone(),
        );
        if let Some(&at) = index.get(&key) {
            let first = &kept[at];
            if let (Some(mine), Some(theirs)) = (&diagnostic.workload, &first.workload) {
                if mine != theirs {
                    if !others[at].contains(mine) {
                        others[at].push(mine.clone());
                    }
                    continue;
                }
            }
        } else {
            index.insert(key, kept.len());
        }
        kept.push(diagnostic);
        others.push(Vec::new());
    }
    for (diagnostic, others) in kept.iter_mut().zip(others) {
        if !others.is_empty() {
            let names: Vec<String> = others
                .iter()
                .map(|id| match id.contains('`') {
                    true => id.clone(),
                    false => format!("`{id}`"),
                })
                .collect();
            diagnostic.message.push_str(&format!(
                " (the same lines define it for {} too)",
                names.join(", ")
            ));
        }
    }
    kept
}

/// A stable 64-bit FNV-1a hash, in hex, of the rule and the flagged content with whitespace
/// collapsed: moving a block keeps it, editing the block changes it.
pub fn fingerprint(rule: &str, content: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    rule.bytes().for_each(&mut feed);
    feed(0);
    // Runs of whitespace count as one space between words, and not at all at the ends.
    let mut pending_space = false;
    let mut started = false;
    for byte in content.bytes() {
        if byte.is_ascii_whitespace() {
            pending_space = started;
        } else {
            if pending_space {
                feed(b' ');
                pending_space = false;
            }
            feed(byte);
            started = true;
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_layout_and_see_content() {
        let a = fingerprint("VML101", "usb {\n    host = \"0529:0001\"\n  }");
        let moved = fingerprint("VML101", "  usb {\n host  = \"0529:0001\"\n}\n");
        assert_eq!(a, moved);
        assert_ne!(a, fingerprint("VML101", "usb { host = \"064f:2af9\" }"));
        assert_ne!(a, fingerprint("VML104", "usb { host = \"0529:0001\" }"));
        assert_eq!(a.len(), 16);
    }
}

impl Diagnostic {
    /// Ordering of reports: file, line, column, then rule and message for stability.
    pub fn sort_key(&self) -> (&PathBuf, Position, &str, &str) {
        (&self.file, self.start, &self.rule, &self.message)
    }
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What kind of failure an error is; all of them make the run exit 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ErrorKind {
    /// A path that does not exist or cannot be read.
    Io,
    /// A file of a supported format that does not parse.
    Parse,
    /// A file named explicitly that vmlint does not read.
    Unsupported,
    /// A policy failed while judging a file.
    Policy,
    /// A configuration file that cannot be read.
    Config,
}

/// A file or policy vmlint could not process, located when the location is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LintError {
    pub kind: ErrorKind,
    pub file: Option<PathBuf>,
    pub span: Option<Span>,
    pub start: Option<Position>,
    pub message: String,
}

impl LintError {
    pub fn sort_key(&self) -> (Option<&PathBuf>, Option<Position>, &str) {
        (self.file.as_ref(), self.start, &self.message)
    }
}
