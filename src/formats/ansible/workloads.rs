//! Ansible adapter: a workload is a task that creates a VM — `proxmox_kvm`, `vmware_guest`,
//! `kubevirt_vm` — by fully qualified or short module name, anywhere in plays, task lists and
//! `block`/`rescue`/`always`. Module arguments are read with the format adapter that knows
//! them (Proxmox keys, `.vmx` advanced settings, a KubeVirt VMI spec).
//!
//! Variables are resolved as Ansible would (`vars.rs`, `jinja.rs`), and a task with a loop
//! over a known list is one VM per item (`loops.rs`); a value that came from a variable or a
//! list item is traced there (`formats/provenance.rs`). A loop over an unknown list is one
//! workload marked `replicated`; unknown values stay as written.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::inventory_vars::InventoryVars;
use super::jinja;
use super::modules::{read_kubevirt_vm, read_proxmox_kvm, read_vmware_guest};
use super::surroundings::Surroundings;
use super::surroundings::{include_vars_file, vars_files_of};
use super::vars::Vars;
use super::{BLOCK_LISTS, TASK_LISTS};
use crate::document::{pointer, Document};
use crate::formats::provenance::Provenance;
use crate::formats::traced::{record_origins, Place, Traced, Val};

use crate::model::{literal, Backup, Fact, Text, Workload};

type Object = Map<String, Value>;

const PROXMOX_KVM: [&str; 3] = [
    "community.general.proxmox_kvm",
    "community.proxmox.proxmox_kvm",
    "proxmox_kvm",
];
const VMWARE_GUEST: [&str; 2] = ["community.vmware.vmware_guest", "vmware_guest"];
const KUBEVIRT_VM: [&str; 3] = [
    "kubevirt.core.kubevirt_vm",
    "community.kubevirt.kubevirt_vm",
    "kubevirt_vm",
];

const VMWARE_SNAPSHOT: [&str; 2] = [
    "community.vmware.vmware_guest_snapshot",
    "vmware_guest_snapshot",
];
const VMWARE_SERIAL_PORT: [&str; 2] = [
    "community.vmware.vmware_guest_serial_port",
    "vmware_guest_serial_port",
];
const PROXMOX_SNAPSHOT: [&str; 3] = [
    "community.general.proxmox_snap",
    "community.proxmox.proxmox_snap",
    "proxmox_snap",
];

/// `set_fact` by its names.
const SET_FACT: [&str; 2] = ["ansible.builtin.set_fact", "set_fact"];

pub(super) const LOOPS: [&str; 6] = [
    "loop",
    "with_items",
    "with_list",
    "with_dict",
    "with_together",
    "with_nested",
];

pub fn extract(document: &Document) -> Vec<Workload> {
    extract_in(document, None)
}

/// The VM tasks of `document`, with what the pipeline read around it.
pub fn extract_in(document: &Document, surroundings: Option<&Surroundings>) -> Vec<Workload> {
    let base = surroundings.map(Surroundings::base).unwrap_or_default();
    let mut walker = Walker {
        file: Arc::from(document.path.as_path()),
        inventory: surroundings.and_then(|surroundings| surroundings.inventory.clone()),
        vars_files: surroundings
            .map(|surroundings| surroundings.vars_files.clone())
            .unwrap_or_default(),
        host: None,
        out: Vec::new(),
    };
    let base = &base;
    for (index, root) in document.tree.as_array().into_iter().flatten().enumerate() {
        if let Some(items) = root.as_array() {
            walker.list(items, &pointer::push_index("", index), base);
        }
    }
    merge_references(walker.out)
}

/// A snapshot task that names a VM this file also creates adds a backup to that VM; the
/// others stay references to VMs defined elsewhere.
fn merge_references(workloads: Vec<Workload>) -> Vec<Workload> {
    let (references, mut defined): (Vec<Workload>, Vec<Workload>) = workloads
        .into_iter()
        .partition(|workload| workload.reference);
    let mut kept = Vec::new();
    for reference in references {
        match defined
            .iter_mut()
            .find(|workload| workload.name == reference.name)
        {
            Some(workload) => workload.backups.extend(reference.backups),
            None => kept.push(reference),
        }
    }
    defined.extend(kept);
    defined
}

struct Walker {
    file: Arc<Path>,
    inventory: Option<Arc<InventoryVars>>,
    vars_files: Vec<(String, Arc<Document>)>,
    /// The inventory host the play runs for, when it creates one VM per host.
    host: Option<String>,
    out: Vec<Workload>,
}

impl Walker {
    /// A task list: `set_fact` of literals is in scope for the tasks after it.
    fn list(&mut self, items: &[Value], at: &str, vars: &Vars) {
        let mut vars = vars.clone();
        for (index, item) in items.iter().enumerate() {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_at = pointer::push_index(at, index);
            self.item(item, &item_at, &vars);
            if let Some(name) = include_vars_file(item) {
                self.push_file(&mut vars, &name);
            }
            if let Some((key, facts)) = item
                .iter()
                .find(|(key, _)| SET_FACT.contains(&key.as_str()))
            {
                if let Some(facts) = facts.as_object() {
                    vars.push_mapping(facts, &self.file, &pointer::push(&item_at, key));
                }
            }
        }
    }

    fn item(&mut self, item: &Object, at: &str, vars: &Vars) {
        if self.host.is_none() {
            if let Some(hosts) = self.inventory_hosts(item) {
                for host in hosts {
                    let mut host_vars = vars.clone();
                    if let Some(inventory) = self.inventory.clone() {
                        for layer in inventory.layers_for(&host) {
                            host_vars.push_mapping(&layer.values, &layer.file, &layer.at);
                        }
                    }
                    host_vars
                        .push_one("inventory_hostname", Traced::new(Val::String(host.clone())));
                    self.host = Some(host);
                    self.item(item, at, &host_vars);
                    self.host = None;
                }
                return;
            }
        }
        let mut vars = vars.clone();
        if let Some(own) = item.get("vars").and_then(Value::as_object) {
            vars.push_mapping(own, &self.file, &pointer::push(at, "vars"));
        }
        for name in vars_files_of(item) {
            self.push_file(&mut vars, &name);
        }
        let mut nested = false;
        for key in TASK_LISTS.iter().chain(BLOCK_LISTS.iter()) {
            if let Some(list) = item.get(*key).and_then(Value::as_array) {
                nested = true;
                self.list(list, &pointer::push(at, key), &vars);
            }
        }
        if nested {
            return;
        }
        for (iteration, vars) in super::loops::iterations(item, at, &self.file, &vars) {
            let task = Task {
                body: item,
                at,
                vars: &vars,
                iteration,
                host: self.host.as_deref(),
                file: &self.file,
            };
            let workload = task_workload(&task)
                .or_else(|| snapshot_reference(&task))
                .or_else(|| serial_port_reference(&task));
            if let Some(workload) = workload {
                self.out.push(workload);
            }
        }
    }
}

impl Walker {
    /// Put the variables of a vars file (read by the pipeline) in scope.
    fn push_file(&self, vars: &mut Vars, name: &str) {
        let Some((_, document)) = self.vars_files.iter().find(|(known, _)| known == name) else {
            return;
        };
        if let Some(values) = document.tree.get(0).and_then(Value::as_object) {
            vars.push_mapping(values, &Arc::from(document.path.as_path()), "/0");
        }
    }

    /// The inventory hosts a play creates one VM each for: a play over known inventory hosts
    /// (not `localhost`) with a task that creates a VM.
    fn inventory_hosts(&self, play: &Object) -> Option<Vec<String>> {
        let inventory = self.inventory.as_ref()?;
        let pattern = play.get("hosts")?.as_str()?;
        if pattern.contains("localhost") || !creates_vm(&Value::Object(play.clone())) {
            return None;
        }
        inventory
            .hosts_of(pattern)
            .filter(|hosts| hosts.len() <= 512)
    }
}

/// Whether a play or task list holds a VM-creating task.
fn creates_vm(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.iter().any(|(key, item)| {
            PROXMOX_KVM.contains(&key.as_str())
                || VMWARE_GUEST.contains(&key.as_str())
                || KUBEVIRT_VM.contains(&key.as_str())
                || (TASK_LISTS.contains(&key.as_str()) || BLOCK_LISTS.contains(&key.as_str()))
                    && creates_vm(item)
        }),
        Value::Array(items) => items.iter().any(creates_vm),
        _ => false,
    }
}

/// One task as it runs: its body, variables and loop item.
struct Task<'a> {
    body: &'a Object,
    at: &'a str,
    vars: &'a Vars,
    /// The loop item it runs for (`None`: no loop, or one over an unknown list).
    iteration: Option<usize>,
    /// The inventory host it runs for (a play over inventory hosts).
    host: Option<&'a str>,
    file: &'a Arc<Path>,
}

impl Task<'_> {
    /// The module arguments with every known template rendered, and where values came from.
    fn args(&self, args: &Object, at: &str) -> (Object, Vec<(String, Vec<Place>)>) {
        let mut origins = Vec::new();
        let resolved = resolve_object(args, at, self.vars, &mut origins);
        (resolved, origins)
    }

    fn provenance<'a>(
        &'a self,
        origins: &'a [(String, Vec<Place>)],
        root: &'a str,
        instance: Option<&'a str>,
    ) -> Provenance<'a> {
        Provenance {
            linted: self.file,
            template_file: self.file,
            origins,
            uses: &[],
            fallback: None,
            root,
            instance,
        }
    }
}

fn resolve_object(
    args: &Object,
    at: &str,
    vars: &Vars,
    origins: &mut Vec<(String, Vec<Place>)>,
) -> Object {
    args.iter()
        .filter_map(|(key, value)| {
            let value = resolve(value, &pointer::push(at, key), vars, origins)?;
            Some((key.clone(), value))
        })
        .collect()
}

/// A value with its templates rendered where known (`None`: it renders to `omit`).
fn resolve(
    value: &Value,
    at: &str,
    vars: &Vars,
    origins: &mut Vec<(String, Vec<Place>)>,
) -> Option<Value> {
    match value {
        Value::String(text) if text.contains("{{") => {
            let rendered = jinja::render(text, vars);
            if matches!(&rendered.val, Val::String(text) if text == jinja::OMIT) {
                return None;
            }
            if rendered.is_known() {
                record_origins(&rendered, at, origins);
            }
            Some(rendered.to_json(value))
        }
        Value::Object(object) => Some(Value::Object(resolve_object(object, at, vars, origins))),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    resolve(item, &pointer::push_index(at, index), vars, origins)
                })
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

fn task_workload(task: &Task) -> Option<Workload> {
    let (module, args) = task.body.iter().find(|(key, _)| {
        PROXMOX_KVM.contains(&key.as_str())
            || VMWARE_GUEST.contains(&key.as_str())
            || KUBEVIRT_VM.contains(&key.as_str())
    })?;
    let at = task.at;
    let module_at = pointer::push(at, module);
    let (args, origins) = task.args(args.as_object()?, &module_at);
    let task_name = task
        .body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(module);
    // A name vmlint cannot resolve stays unknown: the workload is described by its task,
    // never named after the task's title.
    let resolved = literal(args.get("name"));
    let unnamed = resolved.is_none();
    let name = resolved.unwrap_or_else(|| format!("unnamed VM of task \"{task_name}\""));
    let short = module.rsplit('.').next().unwrap_or(module);
    let id = match (task.iteration, task.host) {
        (Some(index), _) => format!("task `{task_name}` (loop item {index})"),
        (None, Some(host)) => format!("task `{task_name}` (inventory host {host})"),
        (None, None) => format!("task `{task_name}`"),
    };
    let mut workload = Workload {
        id,
        name: name.clone(),
        unnamed,
        kind: short.to_string(),
        platform: match short {
            "proxmox_kvm" => "proxmox",
            "vmware_guest" => "vsphere",
            _ => "kubevirt",
        }
        .to_string(),
        pointer: module_at.clone(),
        ..Workload::default()
    };
    if task.iteration.is_none() {
        if let Some(key) = LOOPS.iter().find(|key| task.body.contains_key(**key)) {
            workload.replicated = Some(Fact::new(format!("`{key}`"), pointer::push(at, key)));
        }
    }
    match short {
        "proxmox_kvm" => read_proxmox_kvm(&mut workload, &args, &module_at),
        "vmware_guest" => read_vmware_guest(&mut workload, &args, &module_at),
        _ => read_kubevirt_vm(&mut workload, &args, &module_at),
    }
    if let Some(name) = literal(args.get("name")) {
        workload
            .texts
            .insert(0, text("name", &name, &pointer::push(&module_at, "name")));
    } else {
        workload
            .texts
            .push(text("task name", task_name, &pointer::push(at, "name")));
    }
    declared_role(&mut workload, task);
    let instance = match (task.iteration, task.host) {
        (Some(index), _) => Some(format!("{name} (loop item {index})")),
        (None, Some(_)) => Some(format!("{name} (inventory host)")),
        (None, None) => None,
    };
    Some(
        task.provenance(&origins, &module_at, instance.as_deref())
            .retrace(workload),
    )
}

/// A snapshot task (`vmware_guest_snapshot`, `proxmox_snap`) taking a snapshot of a VM: a
/// reference to that VM with one snapshot backup, application-consistent when the task asks
/// for quiescing (`quiesce: true`) or saves the memory state (`vmstate: true`).
fn snapshot_reference(task: &Task) -> Option<Workload> {
    let (module, args) = task.body.iter().find(|(key, _)| {
        VMWARE_SNAPSHOT.contains(&key.as_str()) || PROXMOX_SNAPSHOT.contains(&key.as_str())
    })?;
    let module_at = pointer::push(task.at, module);
    let (args, _) = task.args(args.as_object()?, &module_at);
    let state = literal(args.get("state")).unwrap_or_else(|| "present".to_string());
    if state != "present" {
        return None;
    }
    let vmware = VMWARE_SNAPSHOT.contains(&module.as_str());
    let (name_key, consistent_key) = if vmware {
        ("name", "quiesce")
    } else {
        ("hostname", "vmstate")
    };
    let (name, name_at) = match literal(args.get(name_key)) {
        Some(name) => (name, pointer::push(&module_at, name_key)),
        None => (
            literal(args.get("vmid")).map_or_else(|| "?".to_string(), |id| format!("vm {id}")),
            module_at.clone(),
        ),
    };
    let task_name = task
        .body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(module);
    let short = module.rsplit('.').next().unwrap_or(module);
    let consistent = literal(args.get(consistent_key)).is_some_and(|value| {
        matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "yes" | "1" | "on"
        )
    });
    let mut workload = Workload {
        id: format!("task `{task_name}`"),
        name: name.clone(),
        kind: short.to_string(),
        platform: if vmware { "vsphere" } else { "proxmox" }.to_string(),
        pointer: module_at.clone(),
        reference: true,
        ..Workload::default()
    };
    workload.backups.push(Backup {
        schedule: None,
        mode: Some("snapshot".to_string()),
        storage: None,
        origin: format!("task `{task_name}`"),
        pointer: if args.contains_key(consistent_key) {
            pointer::push(&module_at, consistent_key)
        } else {
            module_at.clone()
        },
        application_consistent: Some(consistent),
    });
    workload.texts.push(text("name", &name, &name_at));
    declared_role(&mut workload, task);
    Some(workload)
}

/// `vmware_guest_serial_port` adding ports to an existing VM: a `backings` item of `type:
/// device` hands it the host's `device_name` (`/dev/ttyS0`). A reference to that VM.
fn serial_port_reference(task: &Task) -> Option<Workload> {
    let (module, args) = task
        .body
        .iter()
        .find(|(key, _)| VMWARE_SERIAL_PORT.contains(&key.as_str()))?;
    let module_at = pointer::push(task.at, module);
    let (args, _) = task.args(args.as_object()?, &module_at);
    let name = literal(args.get("name"));
    let mut workload = Workload {
        id: format!("task at {}", task.at),
        name: name
            .clone()
            .unwrap_or_else(|| "unnamed VM of a serial port task".to_string()),
        unnamed: name.is_none(),
        kind: "vmware_guest_serial_port".to_string(),
        platform: "vsphere".to_string(),
        pointer: module_at.clone(),
        reference: true,
        ..Workload::default()
    };
    let backings_at = pointer::push(&module_at, "backings");
    for (index, backing) in args
        .get("backings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let is_device = literal(backing.get("type")).as_deref() == Some("device");
        let present = literal(backing.get("state")).as_deref() != Some("absent");
        if let Some(device) = literal(backing.get("device_name")).filter(|_| is_device && present) {
            let at = pointer::push_index(&backings_at, index);
            workload.host_ports.push(Fact::new(device, at));
        }
    }
    (!workload.host_ports.is_empty()).then_some(workload)
}

pub(super) fn text(field: &'static str, value: &str, pointer: &str) -> Text {
    Text {
        field,
        value: value.to_string(),
        pointer: pointer.to_string(),
    }
}

/// `vmlint_role` in the task's or the play's vars declares the role.
fn declared_role(workload: &mut Workload, task: &Task) {
    let task_vars = task.body.get("vars").and_then(Value::as_object);
    let role = task_vars
        .and_then(|vars| literal(vars.get("vmlint_role")))
        .map(|role| {
            (
                role,
                pointer::push(&pointer::push(task.at, "vars"), "vmlint_role"),
            )
        })
        .or_else(|| {
            task.vars
                .text("vmlint_role")
                .map(|role| (role, task.at.to_string()))
        });
    if let Some((role, role_at)) = role {
        workload
            .texts
            .push(text("variable", &format!("vmlint_role={role}"), &role_at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn workloads_of(source: &str) -> Vec<Workload> {
        let document = crate::formats::ansible::parse(
            std::path::PathBuf::from("site.yml"),
            std::sync::Arc::from(source),
            &Default::default(),
        )
        .unwrap();
        extract(&document)
    }

    #[test]
    fn a_snapshot_of_a_vm_created_in_the_same_file_is_its_backup() {
        let workloads = workloads_of(
            "- hosts: localhost\n  tasks:\n    - community.general.proxmox_kvm:\n        name: pg-01\n        node: pve-01\n    - community.general.proxmox_snap:\n        hostname: pg-01\n        snapname: pre\n    - community.vmware.vmware_guest_snapshot:\n        name: erp-db-01\n        snapshot_name: pre\n        quiesce: true\n",
        );
        assert_eq!(workloads.len(), 2);
        let created = &workloads[0];
        assert_eq!(created.name, "pg-01");
        assert!(!created.reference);
        assert_eq!(created.backups.len(), 1);
        assert_eq!(created.backups[0].application_consistent, Some(false));
        assert_eq!(
            created.backups[0].pointer,
            "/0/0/tasks/1/community.general.proxmox_snap"
        );
        let elsewhere = &workloads[1];
        assert!(elsewhere.reference);
        assert_eq!(elsewhere.name, "erp-db-01");
        assert_eq!(elsewhere.backups[0].application_consistent, Some(true));
    }

    #[test]
    fn templates_resolve_where_every_part_is_known_and_remember_the_variable() {
        let file: Arc<Path> = Arc::from(Path::new("site.yml"));
        let mut vars = Vars::default();
        let declared = json!({"gpu": "0000:01:00.0", "n": 2, "computed": "{{ other }}"});
        vars.push_mapping(declared.as_object().unwrap(), &file, "/0/0/vars");
        let mut origins = Vec::new();
        let mut show = |value: serde_json::Value| resolve(&value, "/x", &vars, &mut origins);
        assert_eq!(
            show(json!("host={{ gpu }},pcie=1")),
            Some(json!("host=0000:01:00.0,pcie=1"))
        );
        assert_eq!(show(json!("{{ n }}")), Some(json!(2)));
        assert_eq!(
            show(json!("{{ gpu | upper }}")),
            Some(json!("0000:01:00.0"))
        );
        assert_eq!(show(json!("{{ computed }}")), Some(json!("{{ computed }}")));
        assert_eq!(
            show(json!("{{ missing }}-x")),
            Some(json!("{{ missing }}-x"))
        );
        assert_eq!(show(json!("{{ missing | default(omit) }}")), None);
        assert_eq!(origins[0].0, "/x");
        assert_eq!(origins[0].1[0].pointer, "/0/0/vars/gpu");
    }
}
