//! Facts that one file states about workloads defined in another: roles declared in Ansible
//! inventories (`vmlint_role` as a host or group variable, in INI or YAML inventories,
//! `host_vars/` and `group_vars/`), VMs made highly available by Proxmox `ha/resources.cfg`,
//! backed up by `jobs.cfg`/`vzdump.cron`, and kept in time by an Ansible play (chrony, ntpd). Built once per run from those files, before the per-file stage, and
//! applied to each file's workloads.

use std::collections::HashMap;

use serde_json::Value;

use crate::document::Document;
use crate::formats::{ansible, proxmox, Format};
use crate::model::roles::RoleEvidence;
use crate::model::{Backup, Fact, Workload};
use crate::paths::slash_path;

/// A value and where another file states it (`inventories/prod/hosts` line 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub value: String,
    pub origin: String,
}

#[derive(Debug, Default)]
pub struct RepositoryContext {
    /// Inventory host name → declared role.
    host_roles: HashMap<String, Declaration>,
    /// Proxmox VM id → the HA resource that manages it.
    proxmox_ha: HashMap<String, Declaration>,
    /// Proxmox backup jobs, with the place that defines each.
    proxmox_backups: Vec<(proxmox::cluster::BackupJob, String)>,
    /// Inventory host name → the play that configures time sync inside it.
    guest_time_sync: HashMap<String, Declaration>,
    /// Inventory variables by host, for plays that create one VM per inventory host.
    inventory_vars: Option<std::sync::Arc<crate::formats::ansible::inventory_vars::InventoryVars>>,
    /// Directories that a Terraform configuration of the run calls as a local module.
    called_modules: std::collections::HashSet<std::path::PathBuf>,
}

/// Group memberships and variables gathered from every inventory source.
#[derive(Default)]
struct Inventory {
    group_hosts: HashMap<String, Vec<String>>,
    group_children: HashMap<String, Vec<String>>,
    group_roles: Vec<(String, Declaration)>,
    host_roles: Vec<(String, Declaration)>,
}

fn origin(document: &Document, pointer: &str) -> String {
    let line = document
        .source_map
        .resolve(pointer)
        .map(|span| document.position(span.focus.start).line)
        .unwrap_or(1);
    format!("`{}` line {line}", slash_path(&document.path))
}

impl RepositoryContext {
    /// Read the context from the documents that carry it; other documents are ignored.
    pub fn build<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut context = RepositoryContext::default();
        let mut inventory = Inventory::default();
        let mut time_sync_plays = Vec::new();
        for document in documents {
            match document.format {
                Format::AnsibleInventory => ini_inventory(document, &mut inventory),
                Format::Ansible => {
                    yaml_inventory_or_vars(document, &mut inventory);
                    for play in ansible::timesync::plays(document) {
                        let declaration = Declaration {
                            value: play.evidence.clone(),
                            origin: origin(document, &play.pointer),
                        };
                        time_sync_plays.push((play.targets, declaration));
                    }
                }
                Format::ProxmoxCluster => {
                    for job in proxmox::cluster::backup_jobs(document) {
                        let place = origin(document, &job.pointer);
                        context.proxmox_backups.push((job, place));
                    }
                    for (vmid, pointer) in proxmox::cluster::ha_vm_ids(document) {
                        context.proxmox_ha.insert(
                            vmid.clone(),
                            Declaration {
                                value: vmid,
                                origin: origin(document, &pointer),
                            },
                        );
                    }
                }
                _ => {}
            }
        }
        for (targets, declaration) in time_sync_plays {
            for target in targets {
                for host in inventory.hosts_of(&target) {
                    context
                        .guest_time_sync
                        .entry(host)
                        .or_insert_with(|| declaration.clone());
                }
            }
        }
        context.host_roles = inventory.resolve();
        context
    }

    /// Add what other files state to `workloads` of `document`.
    pub fn apply(&self, document: &Document, workloads: &mut [Workload]) {
        for workload in workloads {
            if let Some(play) = self.guest_time_sync.get(&workload.name) {
                let pointer = workload
                    .texts
                    .iter()
                    .find(|text| text.field == "name")
                    .map_or_else(|| workload.pointer.clone(), |text| text.pointer.clone());
                workload.clock.guest_sync = Some(Fact::new(
                    format!("{} in {}", play.value, play.origin),
                    pointer,
                ));
            }
            if let Some(declaration) = self.host_roles.get(&workload.name) {
                if !workload.roles.iter().any(|role| role.explicit) {
                    let pointer = workload
                        .texts
                        .iter()
                        .find(|text| text.field == "name")
                        .map_or_else(|| workload.pointer.clone(), |text| text.pointer.clone());
                    workload.roles = vec![RoleEvidence {
                        role: declaration.value.clone(),
                        explicit: true,
                        evidence: format!(
                            "declared by `vmlint_role={}` for host `{}` in {}",
                            declaration.value, workload.name, declaration.origin
                        ),
                        pointer,
                    }];
                }
            }
            if document.format == Format::Proxmox {
                let vmid = document
                    .path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or_default();
                if self.proxmox_ha.contains_key(vmid) && workload.availability.ha.is_none() {
                    workload.availability.ha = Some(Fact::new(true, workload.pointer.clone()));
                }
                // A backup finding belongs where the fix goes: the guest agent setting, else
                // the VM's name.
                let pointer = workload
                    .snapshot_quiescing
                    .as_ref()
                    .map(|agent| agent.pointer.clone())
                    .or_else(|| {
                        workload
                            .texts
                            .iter()
                            .find(|text| text.field == "name")
                            .map(|text| text.pointer.clone())
                    })
                    .unwrap_or_else(|| workload.pointer.clone());
                for (job, place) in &self.proxmox_backups {
                    if job.covers(vmid) {
                        workload.backups.push(Backup {
                            schedule: job.schedule.clone(),
                            // vzdump's default mode is `snapshot`.
                            mode: Some(job.mode.clone().unwrap_or_else(|| "snapshot".to_string())),
                            storage: job.storage.clone(),
                            origin: place.clone(),
                            pointer: pointer.clone(),
                            application_consistent: None,
                        });
                    }
                }
            }
        }
    }
}

fn role_of(vars: Option<&Value>) -> Option<String> {
    crate::model::literal(vars?.get("vmlint_role"))
}

fn ini_inventory(document: &Document, inventory: &mut Inventory) {
    let Some(groups) = document.tree.get("groups").and_then(Value::as_object) else {
        return;
    };
    for (group, entry) in groups {
        let group_at = crate::document::pointer::push("/groups", group);
        if let Some(hosts) = entry.get("hosts").and_then(Value::as_object) {
            for (host, vars) in hosts {
                inventory
                    .group_hosts
                    .entry(group.clone())
                    .or_default()
                    .push(host.clone());
                if let Some(role) = role_of(Some(vars)) {
                    let at = crate::document::pointer::push(
                        &crate::document::pointer::push(&group_at, "hosts"),
                        host,
                    );
                    inventory.host_roles.push((
                        host.clone(),
                        Declaration {
                            value: role,
                            origin: origin(document, &at),
                        },
                    ));
                }
            }
        }
        if let Some(children) = entry.get("children").and_then(Value::as_array) {
            let names = children
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string);
            inventory
                .group_children
                .entry(group.clone())
                .or_default()
                .extend(names);
        }
        if let Some(role) = role_of(entry.get("vars")) {
            let at = crate::document::pointer::push(
                &crate::document::pointer::push(&group_at, "vars"),
                "vmlint_role",
            );
            inventory.group_roles.push((
                group.clone(),
                Declaration {
                    value: role,
                    origin: origin(document, &at),
                },
            ));
        }
    }
}

/// A YAML inventory (`all:` with `hosts`/`children`/`vars`), or a `host_vars/<host>.yml`
/// / `group_vars/<group>.yml` (or `group_vars/<group>/*.yml`) file.
fn yaml_inventory_or_vars(document: &Document, inventory: &mut Inventory) {
    let Some(root) = document.tree.get(0) else {
        return;
    };
    let parts: Vec<&str> = document
        .path
        .iter()
        .filter_map(|part| part.to_str())
        .collect();
    let stem = document
        .path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_string();
    if let Some(index) = parts
        .iter()
        .position(|part| *part == "host_vars" || *part == "group_vars")
    {
        // `group_vars/db.yml` or `group_vars/db/main.yml`
        let name = if index + 2 < parts.len() {
            parts[index + 1].to_string()
        } else {
            stem
        };
        if let Some(role) = role_of(Some(root)) {
            let declaration = Declaration {
                value: role,
                origin: origin(document, "/0/vmlint_role"),
            };
            if parts[index] == "host_vars" {
                inventory.host_roles.push((name, declaration));
            } else {
                inventory.group_roles.push((name, declaration));
            }
        }
        return;
    }
    if let Some(all) = root.get("all") {
        yaml_group(document, "all", all, "/0/all", inventory);
    }
}

fn yaml_group(document: &Document, name: &str, group: &Value, at: &str, inventory: &mut Inventory) {
    use crate::document::pointer;
    if let Some(hosts) = group.get("hosts").and_then(Value::as_object) {
        for (host, vars) in hosts {
            inventory
                .group_hosts
                .entry(name.to_string())
                .or_default()
                .push(host.clone());
            if let Some(role) = role_of(Some(vars)) {
                let host_at = pointer::push(
                    &pointer::push(&pointer::push(at, "hosts"), host),
                    "vmlint_role",
                );
                inventory.host_roles.push((
                    host.clone(),
                    Declaration {
                        value: role,
                        origin: origin(document, &host_at),
                    },
                ));
            }
        }
    }
    if let Some(role) = role_of(group.get("vars")) {
        let vars_at = pointer::push(&pointer::push(at, "vars"), "vmlint_role");
        inventory.group_roles.push((
            name.to_string(),
            Declaration {
                value: role,
                origin: origin(document, &vars_at),
            },
        ));
    }
    if let Some(children) = group.get("children").and_then(Value::as_object) {
        for (child, value) in children {
            inventory
                .group_children
                .entry(name.to_string())
                .or_default()
                .push(child.clone());
            yaml_group(
                document,
                child,
                value,
                &pointer::push(&pointer::push(at, "children"), child),
                inventory,
            );
        }
    }
}

impl Inventory {
    /// The hosts a play's target names: a group's hosts and its children's (`all`: every
    /// known host), else the name itself as a host.
    fn hosts_of(&self, target: &str) -> Vec<String> {
        let is_group = target == "all"
            || self.group_hosts.contains_key(target)
            || self.group_children.contains_key(target);
        if !is_group {
            return vec![target.to_string()];
        }
        if target == "all" {
            let mut hosts: Vec<String> = self.group_hosts.values().flatten().cloned().collect();
            hosts.extend(self.host_roles.iter().map(|(host, _)| host.clone()));
            hosts.sort();
            hosts.dedup();
            return hosts;
        }
        let mut hosts = Vec::new();
        let mut frontier = vec![target.to_string()];
        let mut seen = frontier.clone();
        while let Some(group) = frontier.pop() {
            hosts.extend(self.group_hosts.get(&group).into_iter().flatten().cloned());
            for child in self.group_children.get(&group).into_iter().flatten() {
                if !seen.contains(child) {
                    seen.push(child.clone());
                    frontier.push(child.clone());
                }
            }
        }
        hosts
    }

    /// Host variables win over group variables; a group's variables reach the hosts of its
    /// children, the nearest group first.
    fn resolve(self) -> HashMap<String, Declaration> {
        let mut roles: HashMap<String, Declaration> = HashMap::new();
        for (host, declaration) in &self.host_roles {
            roles
                .entry(host.clone())
                .or_insert_with(|| declaration.clone());
        }
        // Breadth-first from each group: the group's own hosts, then its children's.
        let mut by_distance: Vec<(usize, String, Declaration)> = Vec::new();
        for (group, declaration) in &self.group_roles {
            let mut frontier = vec![group.clone()];
            let mut seen = vec![group.clone()];
            let mut distance = 0;
            while !frontier.is_empty() && distance < 32 {
                let mut next = Vec::new();
                for current in &frontier {
                    for host in self.group_hosts.get(current).into_iter().flatten() {
                        by_distance.push((distance, host.clone(), declaration.clone()));
                    }
                    for child in self.group_children.get(current).into_iter().flatten() {
                        if !seen.contains(child) {
                            seen.push(child.clone());
                            next.push(child.clone());
                        }
                    }
                }
                frontier = next;
                distance += 1;
            }
        }
        by_distance.sort_by_key(|(distance, _, _)| *distance);
        for (_, host, declaration) in by_distance {
            roles.entry(host).or_insert(declaration);
        }
        roles
    }
}

/// The cross-file facts stated by `candidates` (inventories, Proxmox cluster files, plays that
/// configure time sync), read through `tree`. A file that fails here is reported by the
/// per-file stage.
pub fn gather(
    tree: &dyn super::source::SourceTree,
    candidates: &[super::discover::Candidate],
    limits: &crate::limits::ParseLimits,
) -> RepositoryContext {
    use rayon::prelude::*;
    let documents: Vec<std::sync::Arc<Document>> = candidates
        .par_iter()
        .filter(|candidate| {
            crate::formats::may_hold_context(&candidate.path)
                || crate::formats::may_be_playbook(&candidate.path)
        })
        .filter_map(|candidate| {
            let source = tree
                .read_text(&candidate.path, limits.max_file_bytes)
                .ok()?;
            if !crate::formats::may_hold_context(&candidate.path)
                && !ansible::timesync::mentions_time_sync(&source)
            {
                return None;
            }
            let crate::formats::Detection::Lint(format) =
                crate::formats::detect(&candidate.path, &source)
            else {
                return None;
            };
            let source = std::sync::Arc::from(source);
            crate::formats::parse_within(format, candidate.path.clone(), source, limits)
                .ok()
                .map(std::sync::Arc::new)
        })
        .collect();
    let mut context = RepositoryContext::build(documents.iter().map(|document| document.as_ref()));
    let inventory = crate::formats::ansible::inventory_vars::InventoryVars::build(&documents);
    if !inventory.is_empty() {
        context.inventory_vars = Some(std::sync::Arc::new(inventory));
    }
    context.called_modules = called_modules(tree, candidates, limits);
    context
}

/// The directories that the `.tf` files among `candidates` call as local modules.
fn called_modules(
    tree: &dyn super::source::SourceTree,
    candidates: &[super::discover::Candidate],
    limits: &crate::limits::ParseLimits,
) -> std::collections::HashSet<std::path::PathBuf> {
    use rayon::prelude::*;
    candidates
        .par_iter()
        .filter(|candidate| {
            candidate
                .path
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("tf"))
        })
        .flat_map_iter(|candidate| {
            let text = tree
                .read_text(&candidate.path, limits.max_file_bytes)
                .unwrap_or_default();
            let dir = crate::paths::directory_of(&candidate.path);
            crate::formats::terraform::module::local_module_sources(&text)
                .into_iter()
                .filter_map(move |source| crate::paths::local_module_dir(&dir, &source))
                .collect::<Vec<_>>()
        })
        .collect()
}

impl RepositoryContext {
    /// The repository's inventory variables, when it has an inventory.
    pub fn inventory(
        &self,
    ) -> Option<std::sync::Arc<crate::formats::ansible::inventory_vars::InventoryVars>> {
        self.inventory_vars.clone()
    }

    /// The directories the run's Terraform configurations call (the audit keeps them per
    /// commit).
    pub fn set_called_modules(&mut self, dirs: std::collections::HashSet<std::path::PathBuf>) {
        self.called_modules = dirs;
    }

    /// Whether a Terraform configuration of the run calls the module in `dir`.
    pub fn calls_module(&self, dir: &std::path::Path) -> bool {
        !self.called_modules.is_empty()
            && self.called_modules.contains(&crate::paths::normalize(dir))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::formats;

    fn document(path: &str, format: Format, text: &str) -> Document {
        formats::parse(format, PathBuf::from(path), Arc::from(text)).unwrap()
    }

    #[test]
    fn host_vars_beat_group_vars_and_groups_reach_their_children() {
        let ini = document(
            "inventories/prod/hosts",
            Format::AnsibleInventory,
            "[db]\npg-01\npg-02 vmlint_role=cluster-member\n\n[ot]\nplc-01\n\n[site:children]\not\n\n[site:vars]\nvmlint_role=realtime\n\n[db:vars]\nvmlint_role=database\n",
        );
        let host_vars = document(
            "host_vars/pg-01.yml",
            Format::Ansible,
            "vmlint_role: licensed\n",
        );
        let context = RepositoryContext::build([&ini, &host_vars]);
        let role = |host: &str| context.host_roles.get(host).map(|d| d.value.as_str());
        assert_eq!(role("pg-01"), Some("licensed"));
        assert_eq!(role("pg-02"), Some("cluster-member"));
        assert_eq!(role("plc-01"), Some("realtime"));
        assert_eq!(
            context.host_roles["plc-01"].origin,
            "`inventories/prod/hosts` line 12"
        );
    }

    #[test]
    fn yaml_inventories_declare_roles_too() {
        let yaml = document(
            "inventory.yml",
            Format::Ansible,
            "all:\n  children:\n    ot:\n      hosts:\n        plc-01:\n      vars:\n        vmlint_role: realtime\n",
        );
        let context = RepositoryContext::build([&yaml]);
        assert_eq!(context.host_roles["plc-01"].value, "realtime");
    }
}
