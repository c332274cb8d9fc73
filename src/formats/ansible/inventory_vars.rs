//! Inventory variables as a play sees them for each host: `group_vars` (the `all` group
//! first, then parent groups before their children), then `host_vars`, from INI and YAML
//! inventories and `group_vars/` / `host_vars/` files and directories. Each entry keeps the
//! file and pointer where it was set, so that a VM a play creates for a host can be reported
//! at the host's variable.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::document::{pointer, Document, Format};

/// A mapping of variables and where it is written.
#[derive(Debug, Clone)]
pub struct Entries {
    pub values: Map<String, Value>,
    pub file: Arc<Path>,
    pub at: String,
}

/// The inventory of a repository.
#[derive(Debug, Default)]
pub struct InventoryVars {
    group_hosts: HashMap<String, Vec<String>>,
    group_children: HashMap<String, Vec<String>>,
    group_vars: HashMap<String, Vec<Entries>>,
    host_vars: HashMap<String, Vec<Entries>>,
    /// The files entries are written in (for related locations).
    pub documents: Vec<Arc<Document>>,
}

impl InventoryVars {
    pub fn build(documents: &[Arc<Document>]) -> InventoryVars {
        let mut inventory = InventoryVars::default();
        for document in documents {
            let before = inventory.entry_count();
            match document.format {
                Format::AnsibleInventory => inventory.ini(document),
                Format::Ansible => inventory.yaml(document),
                _ => continue,
            }
            if inventory.entry_count() != before {
                inventory.documents.push(document.clone());
            }
        }
        inventory
    }

    fn entry_count(&self) -> usize {
        self.group_vars.values().map(Vec::len).sum::<usize>()
            + self.host_vars.values().map(Vec::len).sum::<usize>()
            + self.group_hosts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.group_hosts.is_empty() && self.host_vars.is_empty()
    }

    fn add(
        map: &mut HashMap<String, Vec<Entries>>,
        name: &str,
        value: Option<&Value>,
        file: &Arc<Path>,
        at: String,
    ) {
        if let Some(values) = value
            .and_then(Value::as_object)
            .filter(|values| !values.is_empty())
        {
            map.entry(name.to_string()).or_default().push(Entries {
                values: values.clone(),
                file: file.clone(),
                at,
            });
        }
    }

    fn ini(&mut self, document: &Document) {
        let file: Arc<Path> = Arc::from(document.path.as_path());
        let Some(groups) = document.tree.get("groups").and_then(Value::as_object) else {
            return;
        };
        for (group, entry) in groups {
            let group_at = pointer::push("/groups", group);
            if let Some(hosts) = entry.get("hosts").and_then(Value::as_object) {
                for (host, vars) in hosts {
                    self.group_hosts
                        .entry(group.clone())
                        .or_default()
                        .push(host.clone());
                    let at = pointer::push(&pointer::push(&group_at, "hosts"), host);
                    Self::add(&mut self.host_vars, host, Some(vars), &file, at);
                }
            }
            if let Some(children) = entry.get("children").and_then(Value::as_array) {
                let names = children
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string);
                self.group_children
                    .entry(group.clone())
                    .or_default()
                    .extend(names);
            }
            Self::add(
                &mut self.group_vars,
                group,
                entry.get("vars"),
                &file,
                pointer::push(&group_at, "vars"),
            );
        }
    }

    fn yaml(&mut self, document: &Document) {
        let file: Arc<Path> = Arc::from(document.path.as_path());
        let Some(root) = document.tree.get(0) else {
            return;
        };
        let parts: Vec<&str> = document
            .path
            .iter()
            .filter_map(|part| part.to_str())
            .collect();
        if let Some(index) = parts
            .iter()
            .position(|part| *part == "host_vars" || *part == "group_vars")
        {
            let stem = document
                .path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default();
            // `group_vars/db.yml` or `group_vars/db/main.yml`
            let name = if index + 2 < parts.len() {
                parts[index + 1]
            } else {
                stem
            };
            let map = match parts[index] {
                "host_vars" => &mut self.host_vars,
                _ => &mut self.group_vars,
            };
            Self::add(map, name, Some(root), &file, "/0".to_string());
            return;
        }
        if let Some(all) = root.get("all") {
            self.yaml_group("all", all, "/0/all", &file);
        }
    }

    fn yaml_group(&mut self, name: &str, group: &Value, at: &str, file: &Arc<Path>) {
        if let Some(hosts) = group.get("hosts").and_then(Value::as_object) {
            for (host, vars) in hosts {
                self.group_hosts
                    .entry(name.to_string())
                    .or_default()
                    .push(host.clone());
                let host_at = pointer::push(&pointer::push(at, "hosts"), host);
                Self::add(&mut self.host_vars, host, Some(vars), file, host_at);
            }
        }
        Self::add(
            &mut self.group_vars,
            name,
            group.get("vars"),
            file,
            pointer::push(at, "vars"),
        );
        if let Some(children) = group.get("children").and_then(Value::as_object) {
            for (child, value) in children {
                self.group_children
                    .entry(name.to_string())
                    .or_default()
                    .push(child.clone());
                self.yaml_group(
                    child,
                    value,
                    &pointer::push(&pointer::push(at, "children"), child),
                    file,
                );
            }
        }
    }

    /// Every host the inventory names (in a group or with `host_vars`).
    pub fn hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> = self.group_hosts.values().flatten().cloned().collect();
        hosts.extend(self.host_vars.keys().cloned());
        hosts.sort();
        hosts.dedup();
        hosts
    }

    /// The hosts a play's `hosts:` names, when the inventory knows them (a group, `all`, a
    /// host, or several joined by `:` or `,`); `None` otherwise.
    pub fn hosts_of(&self, pattern: &str) -> Option<Vec<String>> {
        let mut hosts = Vec::new();
        for target in pattern
            .split([':', ','])
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            if target == "all" {
                hosts.extend(self.hosts());
            } else if self.group_hosts.contains_key(target)
                || self.group_children.contains_key(target)
            {
                hosts.extend(self.group_members(target));
            } else if self.host_vars.contains_key(target)
                || self
                    .group_hosts
                    .values()
                    .flatten()
                    .any(|host| host == target)
            {
                hosts.push(target.to_string());
            } else {
                return None;
            }
        }
        hosts.sort();
        hosts.dedup();
        (!hosts.is_empty()).then_some(hosts)
    }

    fn group_members(&self, group: &str) -> Vec<String> {
        let mut hosts = Vec::new();
        let mut frontier = vec![group.to_string()];
        let mut seen = frontier.clone();
        while let Some(current) = frontier.pop() {
            hosts.extend(
                self.group_hosts
                    .get(&current)
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            for child in self.group_children.get(&current).into_iter().flatten() {
                if !seen.contains(child) {
                    seen.push(child.clone());
                    frontier.push(child.clone());
                }
            }
        }
        hosts
    }

    /// The groups a host is in, farthest ancestor first (`all` before everything).
    fn groups_of(&self, host: &str) -> Vec<String> {
        let mut depth: HashMap<String, usize> = HashMap::new();
        let direct: Vec<&String> = self
            .group_hosts
            .iter()
            .filter(|(_, hosts)| hosts.iter().any(|known| known == host))
            .map(|(group, _)| group)
            .collect();
        let mut frontier: Vec<(String, usize)> =
            direct.into_iter().map(|group| (group.clone(), 0)).collect();
        while let Some((group, distance)) = frontier.pop() {
            if depth.get(&group).is_some_and(|known| *known >= distance) || distance > 32 {
                continue;
            }
            depth.insert(group.clone(), distance);
            for (parent, children) in &self.group_children {
                if children.contains(&group) {
                    frontier.push((parent.clone(), distance + 1));
                }
            }
        }
        depth.remove("all");
        let mut groups: Vec<(String, usize)> = depth.into_iter().collect();
        groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut ordered = vec!["all".to_string()];
        ordered.extend(groups.into_iter().map(|(group, _)| group));
        ordered
    }

    /// The variable mappings that apply to `host`, lowest precedence first.
    pub fn layers_for(&self, host: &str) -> Vec<&Entries> {
        let mut layers = Vec::new();
        for group in self.groups_of(host) {
            layers.extend(self.group_vars.get(&group).into_iter().flatten());
        }
        layers.extend(self.host_vars.get(host).into_iter().flatten());
        layers
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn document(path: &str, format: Format, text: &str) -> Arc<Document> {
        Arc::new(crate::formats::parse(format, PathBuf::from(path), Arc::from(text)).unwrap())
    }

    #[test]
    fn host_vars_come_last_and_groups_reach_their_children() {
        let inventory = InventoryVars::build(&[
            document(
                "inventory/hosts",
                Format::AnsibleInventory,
                "[render]\nrender-01\nrender-02 vm_cores=8\n\n[guests:children]\nrender\n\n[guests:vars]\nvm_cores=2\n",
            ),
            document("host_vars/render-01.yml", Format::Ansible, "vm_hostpci0: host=0000:01:00.0\n"),
        ]);
        assert_eq!(
            inventory.hosts_of("guests"),
            Some(vec!["render-01".to_string(), "render-02".to_string()])
        );
        assert_eq!(inventory.hosts_of("localhost"), None);
        let layers = inventory.layers_for("render-01");
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[0].at, "/groups/guests/vars");
        assert_eq!(
            layers[1].file.as_ref(),
            Path::new("host_vars/render-01.yml")
        );
        let layers = inventory.layers_for("render-02");
        assert_eq!(
            layers.last().unwrap().values["vm_cores"],
            serde_json::json!("8")
        );
    }
}
