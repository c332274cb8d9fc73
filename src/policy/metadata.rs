//! Rule metadata: what each rule package states about itself in its `metadata` rule (regorus
//! 0.14 does not expose OPA `# METADATA` annotations), read once and validated at load time.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// The metadata of one rule, as written in its policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    /// Fixed identifier, e.g. `VML101`.
    pub id: String,
    /// Fixed kebab-case name, e.g. `usb-passthrough`.
    pub slug: String,
    /// `hardware`, `realtime`, `storage`, `network`, `operations`, or a user category.
    #[serde(default)]
    pub category: String,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub title: String,
    /// Why it matters, in the operator's terms.
    #[serde(default)]
    pub rationale: String,
    /// What to do instead, one line (shown as help under each finding).
    #[serde(default)]
    pub remediation: String,
    /// IDs of related rules.
    #[serde(default)]
    pub related: Vec<String>,
    /// Formats the rule claims to judge.
    #[serde(default)]
    pub formats: Vec<String>,
    /// Whether an inline `vmlint:ignore` may silence it (TFLint's `ignorable`).
    #[serde(default = "suppressible_by_default")]
    pub suppressible: bool,
    /// `document` (judged one file at a time, the default) or `repository` (judged once over
    /// every file's workloads and schedules).
    #[serde(default)]
    pub scope: RuleScope,
    /// Quick fix: per format (`proxmox`, `vmx`), the keys whose whole line is the finding's
    /// cause, so that deleting the line fixes it (a passed-through device). The language server
    /// offers the deletion on a finding's line that starts with one of them.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub removable_keys: std::collections::BTreeMap<String, Vec<String>>,
    /// Quick fix: per format, a key and the line that replaces a finding's line starting with
    /// it, where the fix is one setting (`{"proxmox": {"balloon": "balloon: 0"}}`). The
    /// language server keeps the line's indentation.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub replacements:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// What a document rule looks at first, as pointers into a workload (`/pci_devices`,
    /// `/memory/reclaimable`) or roles (`role:database`): the rule is not run on a file none
    /// of whose workloads has a value there (present, not null, not empty) or the role, and
    /// its `input.workloads` holds only the workloads that have one (see `triggers.rs`).
    /// Empty: the rule runs on every file and sees every workload.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
    /// What the rule needs from the configuration to judge anything: `hosts` (host capacities
    /// in `[hosts]`). A run notes what it could not judge without it (`--verbose`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleScope {
    #[default]
    Document,
    Repository,
}

impl RuleScope {
    pub fn is_document(&self) -> bool {
        *self == RuleScope::Document
    }
}

fn suppressible_by_default() -> bool {
    true
}

impl RuleMeta {
    /// Read and check a `metadata` value; the error says what is wrong in a sentence.
    pub fn from_value(value: serde_json::Value) -> Result<RuleMeta, String> {
        let meta: RuleMeta = serde_json::from_value(value).map_err(|error| error.to_string())?;
        let id_ok = meta
            .id
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_uppercase())
            && meta
                .id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && meta
                .id
                .chars()
                .last()
                .is_some_and(|last| last.is_ascii_digit());
        if !id_ok {
            return Err(format!(
                "rule id `{}` must be upper-case letters followed by digits, e.g. `ACME101`",
                meta.id
            ));
        }
        let slug_ok = !meta.slug.is_empty()
            && meta
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            return Err(format!(
                "rule slug `{}` must be kebab-case (a-z, 0-9, -)",
                meta.slug
            ));
        }
        if meta.title.trim().is_empty() {
            return Err(format!("rule {} has an empty title", meta.id));
        }
        Ok(meta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_complete_metadata() {
        let meta = RuleMeta::from_value(json!({
            "id": "VML101", "slug": "usb-passthrough", "severity": "warning",
            "title": "t", "category": "hardware"
        }))
        .unwrap();
        assert_eq!(meta.severity, Severity::Warning);
    }

    #[test]
    fn rejects_bad_ids_severities_and_unknown_keys() {
        let bad_id = json!({"id": "vml1", "slug": "a", "severity": "info", "title": "t"});
        assert!(RuleMeta::from_value(bad_id)
            .unwrap_err()
            .contains("rule id"));
        let bad_severity = json!({"id": "X1", "slug": "a", "severity": "fatal", "title": "t"});
        assert!(RuleMeta::from_value(bad_severity).is_err());
        let unknown =
            json!({"id": "X1", "slug": "a", "severity": "info", "title": "t", "sevrity": 1});
        assert!(RuleMeta::from_value(unknown)
            .unwrap_err()
            .contains("sevrity"));
    }
}
