//! Facts that one file states about workloads defined in another: roles declared in Ansible
//! inventories (`vmlint_role` as a host or group variable, in INI or YAML inventories,
//! `host_vars/` and `group_vars/`), VMs made highly available by Proxmox `ha/resources.cfg`,
//! backed up by `jobs.cfg`/`vzdump.cron`, and kept in time by an Ansible play (chrony, ntpd). Built once per run from those files, before the per-file stage, and
//! applied to each file's workloads.

use std::collections::HashMap;
use std::sync::Arc;

use crate::document::Document;
use crate::formats::ansible::inventory_vars::InventoryVars;
use crate::formats::{ansible, proxmox, Format};
use crate::model::roles::{RoleEvidence, Strength};
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
    /// Proxmox VM id → the HA resource that manages it: its file and the entry's pointer.
    proxmox_ha: HashMap<String, (Arc<Document>, String)>,
    /// Proxmox backup jobs, with the place that defines each.
    proxmox_backups: Vec<(proxmox::cluster::BackupJob, String)>,
    /// Storages, HA groups and node-affinity rules of the Proxmox cluster files.
    proxmox_facts: proxmox::cluster_facts::ClusterFacts,
    /// Inventory host name → the play that configures time sync inside it.
    guest_time_sync: HashMap<String, Declaration>,
    /// Inventory host name → packages and roles a play installs in it, with the place.
    installed: HashMap<String, Vec<(ansible::software::Installed, String)>>,
    /// Inventory variables by host, for plays that create one VM per inventory host.
    inventory_vars: Option<Arc<InventoryVars>>,
    /// Directories that a Terraform configuration of the run calls as a local module.
    called_modules: std::collections::HashSet<std::path::PathBuf>,
}

impl RepositoryContext {
    /// Read the context from the documents that carry it; other documents are ignored.
    pub fn build(documents: &[Arc<Document>]) -> Self {
        let mut context = RepositoryContext::default();
        let inventory = InventoryVars::build(documents);
        let mut time_sync_plays = Vec::new();
        let mut installs = Vec::new();
        for document in documents {
            match document.format {
                Format::Ansible => {
                    for item in ansible::software::installed(document) {
                        let place = document.place(&item.pointer);
                        installs.push((item, place));
                    }
                    for play in ansible::timesync::plays(document) {
                        let declaration = Declaration {
                            value: play.evidence.clone(),
                            origin: document.place(&play.pointer),
                        };
                        time_sync_plays.push((play.targets, declaration));
                    }
                }
                Format::ProxmoxCluster => {
                    context.proxmox_facts.read(document);
                    for job in proxmox::cluster::backup_jobs(document) {
                        let place = document.place(&job.pointer);
                        context.proxmox_backups.push((job, place));
                    }
                    for (vmid, pointer) in proxmox::cluster::ha_vm_ids(document) {
                        context
                            .proxmox_ha
                            .insert(vmid, (Arc::clone(document), pointer));
                    }
                }
                _ => {}
            }
        }
        for (item, place) in installs {
            for target in &item.targets {
                let hosts = inventory
                    .hosts_of(target)
                    .unwrap_or_else(|| vec![target.clone()]);
                for host in hosts {
                    context
                        .installed
                        .entry(host)
                        .or_default()
                        .push((item.clone(), place.clone()));
                }
            }
        }
        for (targets, declaration) in time_sync_plays {
            for target in targets {
                let hosts = inventory
                    .hosts_of(&target)
                    .unwrap_or_else(|| vec![target.clone()]);
                for host in hosts {
                    context
                        .guest_time_sync
                        .entry(host)
                        .or_insert_with(|| declaration.clone());
                }
            }
        }
        context.host_roles = declared_roles(&inventory);
        if !inventory.is_empty() {
            context.inventory_vars = Some(Arc::new(inventory));
        }
        context
    }

    /// Add what other files state to `workloads` of `document`.
    pub fn apply(
        &self,
        document: &Document,
        workloads: &mut [Workload],
        roles: &crate::model::roles::ExtraVocabulary,
    ) {
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
                if !workload.roles.iter().any(RoleEvidence::declared) {
                    let pointer = workload
                        .texts
                        .iter()
                        .find(|text| text.field == "name")
                        .map_or_else(|| workload.pointer.clone(), |text| text.pointer.clone());
                    workload.roles = vec![RoleEvidence::new(
                        &declaration.value,
                        Strength::Declared,
                        format!(
                            "declared by `vmlint_role={}` for host `{}` in {}",
                            declaration.value, workload.name, declaration.origin
                        ),
                        pointer,
                    )];
                }
            }
            for (item, place) in self.installed.get(&workload.name).into_iter().flatten() {
                let pointer = name_pointer(workload);
                crate::model::roles::add_installed(
                    workload,
                    (item.field, &item.value),
                    place,
                    &pointer,
                    roles,
                );
            }
            if document.format == Format::Proxmox {
                let vmid = document
                    .path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .unwrap_or_default();
                if let Some((ha, entry)) = self.proxmox_ha.get(vmid) {
                    if workload.availability.ha.is_none() {
                        // Reported at the `vm: <id>` entry that makes it HA, the VM related.
                        let places = [
                            (Some(slash_path(&ha.path)), entry.clone()),
                            (None, workload.pointer.clone()),
                        ];
                        let pointer = crate::model::trace::encode(&places, None, None);
                        workload.availability.ha = Some(Fact::new(true, pointer));
                    }
                }
                self.proxmox_facts.apply(vmid, workload);
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

impl RepositoryContext {
    /// The files besides `document` that its findings may be reported in (the Proxmox
    /// `ha/resources.cfg` that makes its VM highly available).
    pub fn documents_for(&self, document: &Document) -> Vec<Arc<Document>> {
        if document.format != Format::Proxmox {
            return Vec::new();
        }
        let vmid = document
            .path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        self.proxmox_ha
            .get(vmid)
            .map(|(ha, _)| Arc::clone(ha))
            .into_iter()
            .collect()
    }
}

/// Where a finding about the workload as a whole stands: its name, else its definition.
fn name_pointer(workload: &Workload) -> String {
    workload
        .texts
        .iter()
        .find(|text| text.field == "name")
        .map_or_else(|| workload.pointer.clone(), |text| text.pointer.clone())
}

/// `vmlint_role` declared for each inventory host: its own variable, else its nearest
/// group's, with the place that says so.
fn declared_roles(inventory: &InventoryVars) -> HashMap<String, Declaration> {
    let mut roles = HashMap::new();
    for host in inventory.hosts() {
        let declared = inventory
            .layers_for(&host)
            .into_iter()
            .rev()
            .find_map(|layer| {
                let role = crate::model::literal(layer.values.get("vmlint_role"))?;
                let document = inventory
                    .documents
                    .iter()
                    .find(|document| *document.path == *layer.file)?;
                let at = crate::document::pointer::push(&layer.at, "vmlint_role");
                Some(Declaration {
                    value: role,
                    origin: document.place(&at),
                })
            });
        if let Some(declaration) = declared {
            roles.insert(host, declaration);
        }
    }
    roles
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
                && !ansible::software::mentions_server_software(&source)
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
    let mut context = RepositoryContext::build(&documents);
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
        let context = RepositoryContext::build(&[Arc::new(ini), Arc::new(host_vars)]);
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
        let context = RepositoryContext::build(&[Arc::new(yaml)]);
        assert_eq!(context.host_roles["plc-01"].value, "realtime");
    }
}
