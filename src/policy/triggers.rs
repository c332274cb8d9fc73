//! A document rule's triggers (`metadata.triggers`): what a workload must have for the rule to
//! have anything to judge. A file none of whose workloads has one is not evaluated by the rule,
//! which keeps the cost of a run from growing with rules that rarely apply.
//!
//! A triggered rule sees only the workloads that set off one of its triggers (`input.workloads`
//! narrowed): in a file of a thousand VMs, a rule about databases reads the databases. A rule
//! that compares the workloads of a file with each other must therefore declare no triggers.
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

/// One file's input, narrowed for each rule to the workloads its triggers select.
pub struct InputScope {
    full: Value,
    workloads: Vec<Value>,
    /// How many workloads the input the engine holds has (`None`: not given to it yet).
    current: Option<Vec<usize>>,
    next: Option<Vec<usize>>,
}

impl InputScope {
    pub fn new(input: Value) -> Self {
        let workloads = input["workloads"]
            .as_array()
            .map(|items| items.to_vec())
            .unwrap_or_default();
        InputScope {
            full: input,
            workloads,
            current: None,
            next: None,
        }
    }

    /// Choose the workloads the next rule sees: all of them without triggers, else those that
    /// set one off. False when a triggered rule has none to judge.
    pub fn narrow(&mut self, triggers: &[Trigger]) -> bool {
        let selected: Vec<usize> = self
            .workloads
            .iter()
            .enumerate()
            .filter(|(_, workload)| {
                triggers.is_empty() || triggers.iter().any(|trigger| sets_off(workload, trigger))
            })
            .map(|(index, _)| index)
            .collect();
        if !triggers.is_empty() && selected.is_empty() {
            return false;
        }
        self.next = Some(selected);
        true
    }

    /// The input to give the engine for the rule `narrow` chose for, when it differs from the
    /// one it holds.
    pub fn changed(&mut self) -> Option<Value> {
        let next = self.next.take()?;
        if self.current.as_ref() == Some(&next) {
            return None;
        }
        let input = if next.len() == self.workloads.len() {
            self.full.clone()
        } else {
            let mut fields = self.full.as_object().cloned().unwrap_or_default();
            fields.insert(
                Value::from("workloads"),
                Value::from(
                    next.iter()
                        .map(|&index| self.workloads[index].clone())
                        .collect::<Vec<Value>>(),
                ),
            );
            Value::from(fields)
        };
        self.current = Some(next);
        Some(input)
    }
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

    /// Whether a rule with `triggers` runs on a file with `workloads` (what evaluation asks).
    fn any_triggered(workloads: &Value, triggers: &[Trigger]) -> bool {
        let mut input = std::collections::BTreeMap::new();
        input.insert(Value::from("workloads"), workloads.clone());
        InputScope::new(Value::from(input)).narrow(triggers)
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
    fn a_triggered_rule_sees_only_the_workloads_that_set_it_off() {
        let input = Value::from_json_str(
            r#"{"file": "a.conf", "workloads": [{"name": "web"}, {"name": "db", "roles": [{"role": "database"}]}]}"#,
        )
        .expect("json");
        let mut scope = InputScope::new(input);
        assert!(scope.narrow(&parse(&["role:database".to_string()]).expect("valid")));
        let narrowed = scope.changed().expect("a narrowed input");
        assert_eq!(narrowed["workloads"].as_array().expect("list").len(), 1);
        assert_eq!(narrowed["workloads"][0]["name"], Value::from("db"));
        assert_eq!(narrowed["file"], Value::from("a.conf"));
        // The same selection again: the engine keeps what it has.
        assert!(scope.narrow(&parse(&["role:database".to_string()]).expect("valid")));
        assert!(scope.changed().is_none());
        // A rule without triggers sees every workload.
        assert!(scope.narrow(&[]));
        let full = scope.changed().expect("the full input");
        assert_eq!(full["workloads"].as_array().expect("list").len(), 2);
        // A trigger nothing sets off: the rule is not run.
        assert!(!scope.narrow(&parse(&["/pci_devices".to_string()]).expect("valid")));
    }

    #[test]
    fn a_trigger_of_neither_form_is_refused_with_its_text() {
        let error = parse(&["memory".to_string()]).expect_err("invalid");
        assert!(error.contains("`memory`"), "{error}");
        assert!(parse(&["role:".to_string()]).is_err());
    }
}
