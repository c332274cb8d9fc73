//! `vmlint explain ID|slug`: one rule explained for an operator — its metadata, the README
//! beside its policy (what it does, why, an example that fires, what to use instead) and the
//! suppression syntax. Everything comes from the policy pack, so it cannot drift from it.

use std::fmt::Write as _;
use std::path::Path;

use crate::policy::{sources, Rule};

/// The rule whose ID or slug is `name` (case-insensitive for IDs).
pub fn find<'a>(rules: &'a [Rule], name: &str) -> Option<&'a Rule> {
    rules
        .iter()
        .find(|rule| rule.meta.id.eq_ignore_ascii_case(name) || rule.meta.slug == name)
}

/// The README beside a rule's policy: embedded for the built-in pack, read from disk for a
/// user's policy directory.
fn readme(rule: &Rule) -> Option<String> {
    if let Some(text) = sources::builtin_readme(&rule.file) {
        return Some(text.to_string());
    }
    let path = Path::new(&rule.file).parent()?.join("README.md");
    std::fs::read_to_string(path).ok()
}

pub fn explain(rule: &Rule) -> String {
    let meta = &rule.meta;
    let mut out = String::new();
    let _ = writeln!(out, "{} {} — {}", meta.id, meta.slug, meta.title);
    let _ = writeln!(out);
    let _ = writeln!(out, "Severity:   {}", meta.severity);
    if !meta.category.is_empty() {
        let _ = writeln!(out, "Category:   {}", meta.category);
    }
    if !meta.scope.is_document() {
        let _ = writeln!(out, "Scope:      repository (judged once over every file)");
    }
    if !meta.formats.is_empty() {
        let _ = writeln!(out, "Formats:    {}", meta.formats.join(", "));
    }
    if !meta.related.is_empty() {
        let _ = writeln!(out, "Related:    {}", meta.related.join(", "));
    }
    let _ = writeln!(out, "Policy:     {}", rule.file);
    match readme(rule) {
        // The README's own title repeats the header above.
        Some(text) => {
            let body = text
                .split_once('\n')
                .filter(|(first, _)| first.starts_with("# "))
                .map_or(text.as_str(), |(_, rest)| rest);
            let _ = write!(out, "\n{}\n", body.trim());
        }
        None => {
            if !meta.rationale.is_empty() {
                let _ = write!(out, "\nWhy: {}\n", meta.rationale);
            }
            if !meta.remediation.is_empty() {
                let _ = write!(out, "\nFix: {}\n", meta.remediation);
            }
        }
    }
    let _ = writeln!(out);
    if meta.suppressible {
        let _ = writeln!(
            out,
            "Suppress one finding, in the file's comment syntax, on its line or the line above:\n  # vmlint:ignore {} reason=\"…\" until=YYYY-MM-DD\nor for a whole file: # vmlint:ignore-file {} reason=\"…\"",
            meta.id, meta.id
        );
    } else {
        let _ = writeln!(
            out,
            "This rule cannot be suppressed inline; use `ignore` in .vmlint.toml or a baseline."
        );
    }
    out
}
