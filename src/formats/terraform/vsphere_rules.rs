//! What vSphere cluster resources say about the VMs they name, as the hashicorp/vsphere
//! provider documents them:
//!
//! - `vsphere_compute_cluster_vm_anti_affinity_rule.virtual_machine_ids`: kept apart.
//! - `vsphere_ha_vm_override.virtual_machine_id`: HA restarts the VM unless
//!   `ha_vm_restart_priority = "disabled"`.
//! - `vsphere_drs_vm_override.virtual_machine_id`: DRS moves the VM (vMotion) when
//!   `drs_enabled = true` and `drs_automation_level = "fullyAutomated"` (defaults: `false`,
//!   `manual`).
//! - `vsphere_compute_cluster` with `ha_enabled = true` (default `false`) makes every VM placed
//!   in its `resource_pool_id` highly available, and `drs_enabled = true` with
//!   `drs_automation_level = "fullyAutomated"` (default `manual`) live-migratable; a VM's own
//!   override wins.
//! - `vsphere_compute_cluster_vm_host_rule` with `mandatory = true`: the VMs of its VM group
//!   stay on its host group (a licence-bound host group, for example).
//!
//! VMs are named by reference (`vsphere_virtual_machine.etcd[0].id`) and matched as
//! `type.label`.

use serde_json::{Map, Value};

use super::instances::Instance;
use super::workloads::bodies;
use crate::document::pointer;
use crate::model::{literal, Fact, Workload};

/// `type.label` of the VM a reference names (`${vsphere_virtual_machine.etcd[0].id}`).
fn referenced(reference: &str) -> Option<String> {
    let text = reference.trim_start_matches("${").trim_end_matches('}');
    let mut parts = text.split('.');
    let (kind, name) = (parts.next()?, parts.next()?);
    Some(format!("{kind}.{}", name.split('[').next().unwrap_or(name)))
}

/// The references in `value`: one string or a list of them.
fn references(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter_map(referenced)
            .collect(),
        Some(Value::String(text)) => referenced(text).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Every body of a resource type, with its pointer.
fn each<'a>(
    resources: &'a Map<String, Value>,
    kind: &str,
) -> Vec<(&'a Map<String, Value>, String)> {
    let type_at = pointer::push("/resource", kind);
    resources
        .get(kind)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(label, value)| bodies(value, &pointer::push(&type_at, label)))
        .collect()
}

fn flag(body: &Map<String, Value>, key: &str) -> bool {
    literal(body.get(key)).as_deref() == Some("true")
}

/// A setting for one VM (or a cluster's VMs): its value and the place that states it.
type Setting = (bool, String);

#[derive(Debug, Default)]
pub struct VsphereRules {
    /// VM address → the anti-affinity rule that names it.
    anti_affinity: Vec<(String, String)>,
    /// VM address → HA from its override.
    ha: Vec<(String, Setting)>,
    /// VM address → DRS vMotion from its override.
    drs: Vec<(String, Setting)>,
    /// `vsphere_compute_cluster.label` → HA and DRS of the cluster.
    clusters: Vec<(String, Option<Setting>, Option<Setting>)>,
    /// `vsphere_compute_cluster.label` → the cluster's name (its literal `name`, else the label).
    cluster_names: Vec<(String, String)>,
    /// VM address → the mandatory VM–host rule that keeps it on a host group, described, and
    /// the rule's pointer.
    host_rules: Vec<(String, (String, String))>,
}

impl VsphereRules {
    pub fn collect(resources: &Map<String, Value>) -> Self {
        let mut rules = VsphereRules::default();
        for (body, at) in each(resources, "vsphere_compute_cluster_vm_anti_affinity_rule") {
            for vm in references(body.get("virtual_machine_ids")) {
                rules.anti_affinity.push((vm, at.clone()));
            }
        }
        for (body, at) in each(resources, "vsphere_ha_vm_override") {
            let restarts =
                literal(body.get("ha_vm_restart_priority")).as_deref() != Some("disabled");
            for vm in references(body.get("virtual_machine_id")) {
                rules.ha.push((vm, (restarts, at.clone())));
            }
        }
        for (body, at) in each(resources, "vsphere_drs_vm_override") {
            let moves = flag(body, "drs_enabled")
                && literal(body.get("drs_automation_level")).as_deref() == Some("fullyAutomated");
            for vm in references(body.get("virtual_machine_id")) {
                rules.drs.push((vm, (moves, at.clone())));
            }
        }
        let type_at = pointer::push("/resource", "vsphere_compute_cluster");
        for (label, value) in resources
            .get("vsphere_compute_cluster")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (body, at) in bodies(value, &pointer::push(&type_at, label)) {
                let ha = flag(body, "ha_enabled").then(|| (true, pointer::push(&at, "ha_enabled")));
                let drs = (flag(body, "drs_enabled")
                    && literal(body.get("drs_automation_level")).as_deref()
                        == Some("fullyAutomated"))
                .then(|| (true, pointer::push(&at, "drs_automation_level")));
                rules
                    .clusters
                    .push((format!("vsphere_compute_cluster.{label}"), ha, drs));
                rules.cluster_names.push((
                    format!("vsphere_compute_cluster.{label}"),
                    literal(body.get("name")).unwrap_or_else(|| label.clone()),
                ));
            }
        }
        rules.collect_host_rules(resources);
        rules
    }

    /// `vsphere_compute_cluster_vm_host_rule` with `mandatory = true` and an
    /// `affinity_host_group_name` keeps the VMs of its `vm_group_name` (a
    /// `vsphere_compute_cluster_vm_group`, by name or by reference) on that host group, through
    /// DRS and HA alike.
    fn collect_host_rules(&mut self, resources: &Map<String, Value>) {
        let groups: Vec<(String, String, Vec<String>)> = resources
            .get("vsphere_compute_cluster_vm_group")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .flat_map(|(label, value)| {
                bodies(value, "")
                    .into_iter()
                    .map(move |(body, _)| {
                        (
                            label.clone(),
                            literal(body.get("name")).unwrap_or_default(),
                            references(body.get("virtual_machine_ids")),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        for (body, at) in each(resources, "vsphere_compute_cluster_vm_host_rule") {
            if !flag(body, "mandatory") {
                continue;
            }
            let Some(host_group) = body.get("affinity_host_group_name").and_then(Value::as_str)
            else {
                continue;
            };
            let vm_group = body
                .get("vm_group_name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let host_group = literal(body.get("affinity_host_group_name"))
                .or_else(|| referenced(host_group))
                .unwrap_or_default();
            let by_reference = referenced(vm_group);
            for (label, name, vms) in &groups {
                let named = *name == vm_group
                    || by_reference.as_deref()
                        == Some(&format!("vsphere_compute_cluster_vm_group.{label}"));
                if !named {
                    continue;
                }
                let described = format!(
                    "mandatory VM–host rule `{}` (host group `{host_group}`)",
                    literal(body.get("name")).unwrap_or_default()
                );
                for vm in vms {
                    self.host_rules
                        .push((vm.clone(), (described.clone(), at.clone())));
                }
            }
        }
    }

    /// What the rules say about `instance`'s VM.
    pub fn apply(&self, instance: &Instance, workload: &mut Workload) {
        let address = format!("{}.{}", instance.resource_type, instance.label);
        let find = |list: &[(String, Setting)]| {
            list.iter()
                .find(|(vm, _)| *vm == address)
                .map(|(_, setting)| setting.clone())
        };
        if let Some((_, rule_at)) = self.anti_affinity.iter().find(|(vm, _)| *vm == address) {
            workload.placement.anti_affinity = Some(Fact::new(true, rule_at.clone()));
        }
        let cluster = references(instance.body.get("resource_pool_id"))
            .first()
            .and_then(|pool| self.clusters.iter().find(|(cluster, _, _)| cluster == pool))
            .cloned();
        if let Some((address, _, _)) = &cluster {
            if let Some((_, name)) = self.cluster_names.iter().find(|(a, _)| a == address) {
                workload.placement.cluster = Some(Fact::new(
                    name.clone(),
                    pointer::push(&instance.template.pointer, "resource_pool_id"),
                ));
            }
        }
        if let Some((_, (described, rule_at))) =
            self.host_rules.iter().find(|(vm, _)| *vm == address)
        {
            workload.availability.restricted_to =
                Some(Fact::new(described.clone(), rule_at.clone()));
        }
        let (cluster_ha, cluster_drs) = cluster.map_or((None, None), |(_, ha, drs)| (ha, drs));
        if let Some((ha, at)) = find(&self.ha).or(cluster_ha) {
            workload.availability.ha = Some(Fact::new(ha, at));
        }
        if let Some((moves, at)) = find(&self.drs).or(cluster_drs) {
            workload.availability.live_migration = Some(Fact::new(moves, at));
        }
    }
}
