//! A document rule's triggers (`metadata.triggers`): what a workload must have for the rule to
//! have anything to judge. A file none of whose workloads has one is not evaluated by the rule,
//! which keeps the cost of a run from growing with rules that rarely apply.
//!
//! Two kinds, any of which triggers the rule:
//! - a pointer into a workload (`/pci_devices`, `/memory/reclaimable`): a value is there
//!   (present, not null, not an empty list or object);
//! - `role:<name>` (`role:database`): the workload has that role, on any evidence.

use regorus::Value;

/// One trigger, ready to test against a workload.
#[derive(Debug, Clone)]
pub enum Trigger {
    /// The keys of a pointer (`/memory/reclaimable` → `["memory", "reclaimable"]`).
    Path(Vec<Value>),
    Role(Value),
}

const ROLE_PREFIX: &str = "role:";

/// Read `metadata.triggers`; the error names the entry that is neither form.
pub fn parse(entries: &[String]) -> Result<Vec<Trigger>, String> {
    entries
        .iter()
        .map(|entry| {
            if let Some(role) = entry.strip_prefix(ROLE_PREFIX) {
                if role.is_empty() {
                    return Err(format!("trigger `{entry}` names no role"));
                }
                return Ok(Trigger::Role(Value::from(role)));
            }
            if !entry.starts_with('/') {
                return Err(format!(
                    "trigger `{entry}` must be a pointer into a workload (`/pci_devices`) or \
                     `role:<name>`"
                ));
            }
            Ok(Trigger::Path(
                entry
                    .split('/')
                    .filter(|key| !key.is_empty())
                    .map(Value::from)
                    .collect(),
            ))
        })
        .collect()
}

/// Whether some workload of `workloads` (the input's list) sets off one of `triggers`.
pub fn any_triggered(workloads: &Value, triggers: &[Trigger]) -> bool {
    let Ok(items) = workloads.as_array() else {
        return false;
    };
    items
        .iter()
        .any(|workload| triggers.iter().any(|trigger| sets_off(workload, trigger)))
}

fn sets_off(workload: &Value, trigger: &Trigger) -> bool {
    match trigger {
        Trigger::Path(keys) => match keys.iter().fold(workload, |value, key| &value[key]) {
            Value::Undefined | Value::Null => false,
            Value::Array(items) => !items.is_empty(),
            Value::Object(fields) => !fields.is_empty(),
            _ => true,
        },
        Trigger::Role(name) => workload["roles"]
            .as_array()
            .is_ok_and(|roles| roles.iter().any(|role| role["role"] == *name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workloads(json: &str) -> Value {
        Value::from_json_str(json).expect("json")
    }

    #[test]
    fn a_pointer_triggers_on_a_present_non_empty_value_only() {
        let triggers = parse(&["/memory/reclaimable".to_string()]).expect("valid");
        assert!(any_triggered(
            &workloads(r#"[{"memory": {"reclaimable": [{"value": "balloon"}]}}]"#),
            &triggers
        ));
        for quiet in [
            r#"[{"memory": {"reclaimable": []}}]"#,
            r#"[{"memory": {"reclaimable": null}}]"#,
            r#"[{"memory": {}}]"#,
            "[]",
        ] {
            assert!(!any_triggered(&workloads(quiet), &triggers), "{quiet}");
        }
    }

    #[test]
    fn a_role_triggers_on_any_workload_with_it() {
        let triggers =
            parse(&["/pci_devices".to_string(), "role:database".to_string()]).expect("valid");
        assert!(any_triggered(
            &workloads(r#"[{"roles": []}, {"roles": [{"role": "database", "rank": 3}]}]"#),
            &triggers
        ));
        assert!(!any_triggered(
            &workloads(r#"[{"roles": [{"role": "web", "rank": 3}]}]"#),
            &triggers
        ));
    }

    #[test]
    fn a_trigger_of_neither_form_is_refused_with_its_text() {
        let error = parse(&["memory".to_string()]).expect_err("invalid");
        assert!(error.contains("`memory`"), "{error}");
        assert!(parse(&["role:".to_string()]).is_err());
    }
}
