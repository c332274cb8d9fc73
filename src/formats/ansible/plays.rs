//! The parts of a play that play-level readers walk (what a play installs, whether it keeps
//! time): its host pattern, the roles it applies, and every task it runs — `block`, `rescue`
//! and `always` lists included — each with its pointer.

use serde_json::Value;

use super::{BLOCK_LISTS, TASK_LISTS};
use crate::document::{pointer, Document};

/// The plays of a playbook that name their hosts: each play, its pointer and its targets
/// ([`host_targets`]).
pub fn with_hosts(document: &Document) -> Vec<(&Value, String, Vec<String>)> {
    document
        .tree
        .get(0)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, play)| {
            let targets = host_targets(play.get("hosts")?);
            Some((play, pointer::push_index("/0", index), targets))
        })
        .collect()
}

/// Host names and group names of a play's `hosts` (`web:db`, `web,db`, a list). Exclusions,
/// intersections and wildcards are not resolved: never guess a host.
pub fn host_targets(hosts: &Value) -> Vec<String> {
    let patterns: Vec<&str> = match hosts {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    patterns
        .iter()
        .flat_map(|pattern| pattern.split([':', ',']))
        .map(str::trim)
        .filter(|part| !part.is_empty() && !part.contains(['!', '&', '*', '?', '[', '{']))
        .map(str::to_string)
        .collect()
}

/// The names of the roles a play applies (`- geerlingguy.ntp`, `- role: x`, `- name: x`), with
/// their pointers.
pub fn roles<'a>(play: &'a Value, at: &str) -> Vec<(&'a str, String)> {
    let roles_at = pointer::push(at, "roles");
    play.get("roles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, role)| {
            let name = role
                .as_str()
                .or_else(|| role.get("role").and_then(Value::as_str))
                .or_else(|| role.get("name").and_then(Value::as_str))?;
            Some((name, pointer::push_index(&roles_at, index)))
        })
        .collect()
}

/// Every task of a play, in order, the tasks of a block before the block itself.
pub fn tasks<'a>(play: &'a Value, at: &str) -> Vec<(&'a Value, String)> {
    let mut found = Vec::new();
    for key in TASK_LISTS {
        collect(play.get(key), &pointer::push(at, key), &mut found);
    }
    found
}

fn collect<'a>(list: Option<&'a Value>, at: &str, found: &mut Vec<(&'a Value, String)>) {
    for (index, task) in list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let task_at = pointer::push_index(at, index);
        for key in BLOCK_LISTS {
            collect(task.get(key), &pointer::push(&task_at, key), found);
        }
        found.push((task, task_at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_and_tasks_are_found_in_blocks_with_their_pointers() {
        let play = json!({
            "roles": ["a", {"role": "b"}, {"name": "c"}, 7],
            "pre_tasks": [{"name": "p"}],
            "tasks": [{"block": [{"name": "inner"}], "rescue": [{"name": "r"}]}, {"name": "t"}],
        });
        let names: Vec<(&str, String)> = roles(&play, "/0/0");
        assert_eq!(
            names,
            [
                ("a", "/0/0/roles/0".to_string()),
                ("b", "/0/0/roles/1".to_string()),
                ("c", "/0/0/roles/2".to_string())
            ]
        );
        let pointers: Vec<String> = tasks(&play, "/0/0").into_iter().map(|(_, at)| at).collect();
        assert_eq!(
            pointers,
            [
                "/0/0/tasks/0/block/0",
                "/0/0/tasks/0/rescue/0",
                "/0/0/tasks/0",
                "/0/0/tasks/1",
                "/0/0/pre_tasks/0"
            ]
        );
    }

    #[test]
    fn host_patterns_never_guess() {
        assert_eq!(
            host_targets(&json!("web:db,erp-01")),
            ["web", "db", "erp-01"]
        );
        assert_eq!(host_targets(&json!("all:!legacy")), ["all"]);
        assert!(host_targets(&json!("web*")).is_empty());
    }
}
