//! Backup and snapshot policies that Terraform resources attach to VMs of the same document:
//! AWS Data Lifecycle Manager policies (by target tags), Azure Backup protected VMs (by VM
//! reference) and GCP snapshot schedules (resource policies attached to an instance's disks).
//! Each becomes a [`Backup`] of the workload it covers, blamed on the policy that decides how
//! consistent the snapshots are.

use serde_json::{Map, Value};

use super::instances::Module;
use super::workloads::{blocks, bodies};
use crate::document::pointer;
use crate::model::{literal, Backup, Workload};

type Body = Map<String, Value>;

/// A policy and the VMs it covers.
enum Target {
    /// AWS DLM: every instance carrying all these tags.
    Tags(Vec<(String, String)>),
    /// A resource address (`azurerm_linux_virtual_machine.db`) or a literal VM name.
    Vm(String),
    /// A disk address (`google_compute_disk.data`).
    Disk(String),
}

struct Policy {
    target: Target,
    backup: Backup,
}

/// The backup policies of one document.
#[derive(Default)]
pub struct BackupPolicies {
    policies: Vec<Policy>,
}

impl BackupPolicies {
    pub fn collect(resources: &Body, module: &Module) -> Self {
        let mut found = BackupPolicies::default();
        for (resource_type, label, body, at) in resources_of(resources) {
            let body = module.resolve_body(body);
            match resource_type {
                "aws_dlm_lifecycle_policy" => found.aws_dlm(label, &body, &at),
                "azurerm_backup_protected_vm" => found.azure(label, &body, &at),
                _ => {}
            }
        }
        found.gcp(resources, module);
        found
    }

    /// Attach the policies that cover a VM resource to its workload.
    pub fn attach(&self, resource_type: &str, label: &str, body: &Body, workload: &mut Workload) {
        let address = format!("{resource_type}.{label}");
        let tags = tags_of(body);
        let attached_disks: Vec<String> = blocks(body, "attached_disk", "")
            .into_iter()
            .flat_map(|(disk, _)| references(disk.get("source"), "google_compute_disk"))
            .collect();
        for policy in &self.policies {
            let covers = match &policy.target {
                Target::Tags(wanted) => {
                    !wanted.is_empty()
                        && wanted
                            .iter()
                            .all(|(key, value)| tags.iter().any(|(k, v)| k == key && v == value))
                }
                Target::Vm(vm) => *vm == address || *vm == workload.name,
                Target::Disk(disk) => attached_disks
                    .iter()
                    .any(|label| *disk == format!("google_compute_disk.{label}")),
            };
            if covers {
                let mut backup = policy.backup.clone();
                if resource_type == "azurerm_windows_virtual_machine" {
                    // Azure Backup takes VSS (application-consistent) snapshots of Windows VMs.
                    backup.application_consistent = Some(true);
                }
                workload.backups.push(backup);
            }
        }
    }

    /// `aws_dlm_lifecycle_policy`: `policy_details { target_tags, schedule { create_rule {
    /// cron_expression | times, scripts { stages = ["PRE", …] } } } }`.
    fn aws_dlm(&mut self, label: &str, body: &Body, at: &str) {
        for (details, details_at) in blocks(body, "policy_details", at) {
            let target_tags: Vec<(String, String)> = details
                .get("target_tags")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(key, value)| Some((key.clone(), literal(Some(value))?)))
                .collect();
            for (schedule, schedule_at) in blocks(details, "schedule", &details_at) {
                for (rule, rule_at) in blocks(schedule, "create_rule", &schedule_at) {
                    let when = literal(rule.get("cron_expression")).or_else(|| {
                        rule.get("times")
                            .and_then(|times| literal(times.get(0)))
                            .map(|time| format!("daily at {time}"))
                    });
                    let scripted = blocks(rule, "scripts", &rule_at)
                        .iter()
                        .any(|(scripts, _)| scripts.contains_key("execution_handler"));
                    self.policies.push(Policy {
                        target: Target::Tags(target_tags.clone()),
                        backup: Backup {
                            schedule: when,
                            mode: Some("snapshot".to_string()),
                            storage: None,
                            origin: format!("`aws_dlm_lifecycle_policy.{label}`"),
                            pointer: rule_at.clone(),
                            application_consistent: Some(scripted),
                        },
                    });
                }
            }
        }
    }

    /// `azurerm_backup_protected_vm { source_vm_id = azurerm_linux_virtual_machine.db.id }`:
    /// crash- or file-system-consistent for Linux unless the guest has pre/post scripts, which
    /// Terraform does not show.
    fn azure(&mut self, label: &str, body: &Body, at: &str) {
        let Some(vm) = references(body.get("source_vm_id"), "")
            .into_iter()
            .find(|address| address.starts_with("azurerm_"))
        else {
            return;
        };
        self.policies.push(Policy {
            target: Target::Vm(vm),
            backup: Backup {
                schedule: None,
                mode: Some("snapshot".to_string()),
                storage: None,
                origin: format!("`azurerm_backup_protected_vm.{label}`"),
                pointer: at.to_string(),
                application_consistent: None,
            },
        });
    }

    /// `google_compute_resource_policy` snapshot schedules (`snapshot_properties.guest_flush`),
    /// attached with `google_compute_disk_resource_policy_attachment` (to an instance's boot
    /// disk, named like the instance, or to a `google_compute_disk`) or a disk's
    /// `resource_policies`.
    fn gcp(&mut self, resources: &Body, module: &Module) {
        let mut schedules: Vec<(String, Backup)> = Vec::new();
        for (resource_type, label, body, at) in resources_of(resources) {
            if resource_type != "google_compute_resource_policy" {
                continue;
            }
            let body = module.resolve_body(body);
            for (policy, policy_at) in blocks(&body, "snapshot_schedule_policy", &at) {
                let guest_flush = blocks(policy, "snapshot_properties", &policy_at)
                    .iter()
                    .any(|(properties, _)| {
                        literal(properties.get("guest_flush")).as_deref() == Some("true")
                    });
                schedules.push((
                    label.to_string(),
                    Backup {
                        schedule: None,
                        mode: Some("snapshot".to_string()),
                        storage: None,
                        origin: format!("`google_compute_resource_policy.{label}`"),
                        pointer: policy_at,
                        application_consistent: Some(guest_flush),
                    },
                ));
            }
        }
        let schedule = |value: Option<&Value>| -> Option<Backup> {
            let named = references(value, "google_compute_resource_policy");
            schedules
                .iter()
                .find(|(label, _)| named.iter().any(|name| name == label))
                .map(|(_, backup)| backup.clone())
        };
        for (resource_type, _, body, _) in resources_of(resources) {
            if resource_type != "google_compute_disk_resource_policy_attachment" {
                continue;
            }
            let Some(backup) = schedule(body.get("name")) else {
                continue;
            };
            let disk = body.get("disk");
            let target = if let Some(label) = references(disk, "google_compute_instance")
                .into_iter()
                .next()
            {
                Target::Vm(format!("google_compute_instance.{label}"))
            } else if let Some(label) = references(disk, "google_compute_disk").into_iter().next() {
                Target::Disk(format!("google_compute_disk.{label}"))
            } else if let Some(name) = literal(disk) {
                Target::Vm(name)
            } else {
                continue;
            };
            self.policies.push(Policy { target, backup });
        }
        for (resource_type, label, body, _) in resources_of(resources) {
            if resource_type != "google_compute_disk" {
                continue;
            }
            if let Some(backup) = body
                .get("resource_policies")
                .and_then(Value::as_array)
                .and_then(|policies| policies.iter().find_map(|policy| schedule(Some(policy))))
            {
                self.policies.push(Policy {
                    target: Target::Disk(format!("google_compute_disk.{label}")),
                    backup,
                });
            }
        }
    }
}

/// Every resource of the document as (type, label, body, pointer).
fn resources_of(resources: &Body) -> Vec<(&str, &str, &Body, String)> {
    let mut all = Vec::new();
    for (resource_type, by_label) in resources {
        let type_at = pointer::push("/resource", resource_type);
        for (label, value) in by_label.as_object().into_iter().flatten() {
            for (body, at) in bodies(value, &pointer::push(&type_at, label)) {
                all.push((resource_type.as_str(), label.as_str(), body, at));
            }
        }
    }
    all
}

/// Literal tags of a resource (`tags = { Backup = "db" }`).
fn tags_of(body: &Body) -> Vec<(String, String)> {
    body.get("tags")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| Some((key.clone(), literal(Some(value))?)))
        .collect()
}

/// Resource references in an expression: with a `resource_type`, the labels of that type
/// (`${google_compute_disk.data.id}` → `data`); without, whole `type.label` addresses.
fn references(value: Option<&Value>, resource_type: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut texts = Vec::new();
    match value {
        Some(Value::String(text)) => texts.push(text.as_str()),
        Some(Value::Array(items)) => texts.extend(items.iter().filter_map(Value::as_str)),
        _ => {}
    }
    for text in texts {
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
            let mut parts = word.split('.');
            let (Some(kind), Some(label)) = (parts.next(), parts.next()) else {
                continue;
            };
            if label.is_empty() {
                continue;
            }
            if resource_type.is_empty() {
                if kind.contains('_') && !matches!(kind, "var" | "local" | "data" | "module") {
                    found.push(format!("{kind}.{label}"));
                }
            } else if kind == resource_type {
                found.push(label.to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_name_the_resources_an_expression_uses() {
        assert_eq!(
            references(
                Some(&json!("${google_compute_disk.data.id}")),
                "google_compute_disk"
            ),
            vec!["data"]
        );
        assert_eq!(
            references(Some(&json!("${azurerm_linux_virtual_machine.db.id}")), ""),
            vec!["azurerm_linux_virtual_machine.db"]
        );
        assert!(references(Some(&json!("${var.vm_id}")), "").is_empty());
        assert!(references(Some(&json!("plain-name")), "").is_empty());
    }
}
