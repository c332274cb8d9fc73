//! What a play installs in its hosts — packages (`package`, `apt`, `dnf`, …) and roles
//! (`roles:`, `include_role`, `import_role`) — as structural evidence of what the host is: a
//! play that installs `postgresql-server` on `db_hosts` makes those hosts databases. The
//! repository context matches the play's `hosts` with the VMs of the same name.

use serde_json::Value;

use super::plays;
use crate::document::{pointer, Document};

/// One package or role a play puts on its hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// Host names and group names of the play's `hosts`.
    pub targets: Vec<String>,
    /// `package` or `Ansible role`.
    pub field: &'static str,
    pub value: String,
    pub pointer: String,
}

/// Product words a play must mention before it is parsed for installs (a cheap prefilter).
const PRODUCTS: [&str; 6] = ["postgres", "mysql", "mariadb", "mongo", "mssql", "oracle"];

/// A cheap test on the text: could this file install server software in a play?
pub fn mentions_server_software(source: &str) -> bool {
    source.contains("hosts") && PRODUCTS.iter().any(|word| source.contains(word))
}

/// Every package and role the plays of `document` install.
pub fn installed(document: &Document) -> Vec<Installed> {
    let mut found = Vec::new();
    for (play, play_at, targets) in plays::with_hosts(document) {
        let mut items: Vec<(&'static str, String, String)> = plays::roles(play, &play_at)
            .into_iter()
            .map(|(name, at)| ("Ansible role", name.to_string(), at))
            .collect();
        for (task, task_at) in plays::tasks(play, &play_at) {
            installs(task, &task_at, &mut items);
        }
        found.extend(items.into_iter().map(|(field, value, pointer)| Installed {
            targets: targets.clone(),
            field,
            value,
            pointer,
        }));
    }
    found
}

/// The packages and roles one task installs (`package`/`apt`/… and `include_role`), unless it
/// removes them.
fn installs(task: &Value, task_at: &str, items: &mut Vec<(&'static str, String, String)>) {
    for (module, args) in task.as_object().into_iter().flatten() {
        let field = match module.rsplit('.').next().unwrap_or(module) {
            "package" | "apt" | "yum" | "dnf" | "zypper" | "apk" | "pacman" => "package",
            "include_role" | "import_role" => "Ansible role",
            _ => continue,
        };
        if args.get("state").and_then(Value::as_str) == Some("absent") {
            continue;
        }
        let name_at = pointer::push(&pointer::push(task_at, module), "name");
        match args.get("name") {
            Some(Value::String(name)) => items.push((field, name.clone(), name_at)),
            Some(Value::Array(names)) => {
                for (index, name) in names.iter().enumerate() {
                    if let Some(name) = name.as_str() {
                        let at = pointer::push_index(&name_at, index);
                        items.push((field, name.to_string(), at));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn packages_and_roles_of_a_play_are_found_with_their_hosts() {
        let source = "- hosts: db_servers:reporting\n  roles:\n    - geerlingguy.postgresql\n  tasks:\n    - name: Install\n      ansible.builtin.package:\n        name: [postgresql-server, vim]\n    - apt: {name: mysql-server, state: absent}\n";
        assert!(mentions_server_software(source));
        let document = crate::formats::parse(
            crate::formats::Format::Ansible,
            PathBuf::from("site.yml"),
            Arc::from(source),
        )
        .unwrap();
        let found = installed(&document);
        let values: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|item| (item.field, item.value.as_str(), item.pointer.as_str()))
            .collect();
        assert_eq!(
            values,
            [
                ("Ansible role", "geerlingguy.postgresql", "/0/0/roles/0"),
                (
                    "package",
                    "postgresql-server",
                    "/0/0/tasks/0/ansible.builtin.package/name/0"
                ),
                (
                    "package",
                    "vim",
                    "/0/0/tasks/0/ansible.builtin.package/name/1"
                ),
            ]
        );
        assert_eq!(found[0].targets, ["db_servers", "reporting"]);
    }
}
