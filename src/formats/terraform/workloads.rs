//! Terraform adapter: finds the VM resources of a `.tf` / `.tf.json` document and turns them
//! into [`Workload`]s.
//!
//! Both syntaxes share this adapter: a block may be an object or an array of objects in JSON
//! syntax and is always an array in the native-syntax tree (see `hcl.rs`), so every block is
//! read through [`bodies`]. `dynamic "<name>"` blocks count as the blocks they generate.

use serde_json::{Map, Value};

use super::backups::BackupPolicies;
use super::deployed;
use super::hardware;
use super::instances::Instance;
use super::instances::Surroundings;
use crate::document::{pointer, Document};
use crate::formats::Neighbourhood;
use crate::model::DeviceSource;
use crate::model::{is_computed, literal, PciDevice, PciKind, Text, UsbDevice, Workload};

/// The VM resource types vmlint knows, with their platform.
const VM_RESOURCES: &[(&str, &str)] = &[
    ("proxmox_virtual_environment_vm", "proxmox"),
    ("proxmox_vm_qemu", "proxmox"),
    ("vsphere_virtual_machine", "vsphere"),
    ("libvirt_domain", "libvirt"),
    ("kubevirt_virtual_machine", "kubevirt"),
    ("aws_instance", "aws"),
    ("azurerm_linux_virtual_machine", "azure"),
    ("azurerm_windows_virtual_machine", "azure"),
    ("azurerm_virtual_machine", "azure"),
    ("google_compute_instance", "gcp"),
    ("google_compute_instance_template", "gcp"),
];

type Body = Map<String, Value>;

pub fn extract(document: &Document, neighbourhood: &Neighbourhood) -> Vec<Workload> {
    let resources = document.tree.get("resource").and_then(Value::as_object);
    let has_modules = document.tree.get("module").is_some();
    if resources.is_none() && !has_modules {
        return Vec::new();
    }
    let empty = Surroundings::default();
    let surroundings = neighbourhood.terraform.as_deref().unwrap_or(&empty);
    let module = deployed::module_of(document, surroundings);
    let backup_policies = resources
        .map(|resources| BackupPolicies::collect(resources, &module))
        .unwrap_or_default();
    let vsphere = resources
        .map(super::vsphere_rules::VsphereRules::collect)
        .unwrap_or_default();
    let finish = |instance: &Instance, workload: &mut Workload| {
        if !instance.calls.is_empty() {
            return;
        }
        backup_policies.attach(
            &instance.resource_type,
            &instance.label,
            &instance.body,
            workload,
        );
        vsphere.apply(instance, workload);
    };
    deployed::workloads(document, &module, surroundings, &finish)
}

/// When the backup and snapshot jobs of the document start.
pub fn schedules(
    document: &Document,
    neighbourhood: &Neighbourhood,
) -> Vec<crate::model::schedule::Schedule> {
    let Some(resources) = document.tree.get("resource").and_then(Value::as_object) else {
        return Vec::new();
    };
    if !super::schedules::RESOURCE_TYPES
        .iter()
        .any(|resource_type| resources.contains_key(*resource_type))
    {
        return Vec::new();
    }
    let empty = Surroundings::default();
    let surroundings = neighbourhood.terraform.as_deref().unwrap_or(&empty);
    super::schedules::extract(document, &deployed::module_of(document, surroundings))
}

pub(super) fn platform_of(resource_type: &str) -> Option<&'static str> {
    VM_RESOURCES
        .iter()
        .find(|(name, _)| *name == resource_type)
        .map(|(_, platform)| *platform)
}

pub(super) fn vm_workload(
    resource_type: &str,
    platform: &str,
    label: &str,
    id: String,
    body: &Body,
    at: &str,
) -> Workload {
    // Clouds name an instance by its `Name` tag.
    let name = literal(body.get("name"))
        .or_else(|| literal(body.get("tags").and_then(|tags| tags.get("Name"))))
        .unwrap_or_else(|| label.to_string());
    let mut workload = Workload {
        id,
        name,
        kind: resource_type.to_string(),
        platform: platform.to_string(),
        pointer: at.to_string(),
        ..Workload::default()
    };
    workload.texts = texts(body, label, at);
    match resource_type {
        "proxmox_virtual_environment_vm" => {
            workload.usb_devices = proxmox_usb(body, at);
            workload.pci_devices = proxmox_hostpci(body, at);
        }
        "vsphere_virtual_machine" => workload.pci_devices = vsphere_pci(body, at),
        "google_compute_instance" | "google_compute_instance_template" => {
            workload.pci_devices = gcp_accelerators(body, at)
        }
        _ => {}
    }
    hardware::read(resource_type, body, at, &mut workload);
    workload
}

/// The texts that say what a VM is: its name first (the strongest), then descriptions, tags
/// and labels, then the resource label.
fn texts(body: &Body, label: &str, at: &str) -> Vec<Text> {
    let mut texts = Vec::new();
    let mut push = |field: &'static str, value: String, pointer: String| {
        if !is_computed(&value) && !value.trim().is_empty() {
            texts.push(Text {
                field,
                value,
                pointer,
            });
        }
    };
    for key in ["name", "description", "desc", "annotation"] {
        if let Some(value) = literal(body.get(key)) {
            let field = if key == "name" { "name" } else { "description" };
            push(field, value, pointer::push(at, key));
        }
    }
    for key in ["tags", "labels"] {
        let key_at = pointer::push(at, key);
        match body.get(key) {
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    if let Some(value) = literal(Some(item)) {
                        push("tag", value, pointer::push_index(&key_at, index));
                    }
                }
            }
            Some(Value::Object(map)) => {
                for (tag, value) in map {
                    if let Some(value) = literal(Some(value)) {
                        push("tag", format!("{tag}={value}"), pointer::push(&key_at, tag));
                    }
                }
            }
            // Telmate's `tags = "a;b"`
            Some(Value::String(list)) if !is_computed(list) => {
                for tag in list.split([';', ',']) {
                    push("tag", tag.trim().to_string(), key_at.clone());
                }
            }
            _ => {}
        }
    }
    // Images and templates say what runs: a GCP boot image, a Proxmox ISO or cloud image.
    for (disk, disk_at) in blocks(body, "boot_disk", at) {
        for (params, params_at) in blocks(disk, "initialize_params", &disk_at) {
            if let Some(image) = literal(params.get("image")) {
                push("image", image, pointer::push(&params_at, "image"));
            }
        }
    }
    for block in ["disk", "cdrom"] {
        for (disk, disk_at) in blocks(body, block, at) {
            if let Some(file) = literal(disk.get("file_id")) {
                push("image", file, pointer::push(&disk_at, "file_id"));
            }
        }
    }
    if let Some(template) = literal(body.get("clone")) {
        push("template", template, pointer::push(at, "clone"));
    }
    push("resource name", label.to_string(), at.to_string());
    texts
}

/// Every body of a block: an object, or each object of an array.
pub fn bodies<'a>(value: &'a Value, at: &str) -> Vec<(&'a Body, String)> {
    match value {
        Value::Object(body) => vec![(body, at.to_string())],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                item.as_object()
                    .map(|body| (body, pointer::push_index(at, index)))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The bodies of the nested blocks named `name`, static and `dynamic`. For a dynamic block the
/// body is its `content` and the pointer is the `dynamic "name"` block itself.
pub(super) fn blocks<'a>(body: &'a Body, name: &str, at: &str) -> Vec<(&'a Body, String)> {
    let mut found = body
        .get(name)
        .map(|value| bodies(value, &pointer::push(at, name)))
        .unwrap_or_default();
    if let Some(dynamic) = body.get("dynamic").and_then(|value| value.get(name)) {
        let dynamic_at = pointer::push(&pointer::push(at, "dynamic"), name);
        for (dynamic_body, dynamic_body_at) in bodies(dynamic, &dynamic_at) {
            let content_at = pointer::push(&dynamic_body_at, "content");
            match dynamic_body.get("content") {
                Some(content) => found.extend(
                    bodies(content, &content_at)
                        .into_iter()
                        .map(|(content_body, _)| (content_body, dynamic_body_at.clone())),
                ),
                None => found.push((dynamic_body, dynamic_body_at)),
            }
        }
    }
    found
}

/// How a message names a value: the literal, or a computed expression in backquotes
/// (`var.scanner_ids`), or `fallback` when the value is absent.
fn shown(value: Option<&Value>, fallback: &str) -> String {
    match value {
        Some(Value::String(text)) if is_computed(text) => {
            let expression = text
                .strip_prefix("${")
                .and_then(|inner| inner.strip_suffix('}'))
                .unwrap_or(text);
            format!("`{expression}`")
        }
        other => literal(other).unwrap_or_else(|| fallback.to_string()),
    }
}

/// bpg `usb { host | mapping }` and Telmate `usb { host }`; `host = "spice"` is SPICE client
/// redirection, not a host device.
fn proxmox_usb(body: &Body, at: &str) -> Vec<UsbDevice> {
    blocks(body, "usb", at)
        .into_iter()
        .filter_map(|(usb, usb_at)| {
            UsbDevice::from_source(
                literal(usb.get("host")),
                literal(usb.get("mapping")),
                shown(usb.get("host").or(usb.get("mapping")), "(unnamed)"),
                usb_at,
            )
        })
        .collect()
}

/// bpg `hostpci { id | mapping, mdev, xvga }` and Telmate `hostpci { host }`.
fn proxmox_hostpci(body: &Body, at: &str) -> Vec<PciDevice> {
    blocks(body, "hostpci", at)
        .into_iter()
        .map(|(pci, pci_at)| {
            let address = pci.get("id").or(pci.get("host"));
            let source = DeviceSource {
                address: address.map(|address| shown(Some(address), "(unnamed)")),
                mapping: pci
                    .get("mapping")
                    .map(|mapping| shown(Some(mapping), "").trim_matches('`').to_string()),
                profile: literal(pci.get("mdev")),
                gpu: literal(pci.get("xvga"))
                    .or_else(|| literal(pci.get("x_vga")))
                    .is_some_and(|flag| flag == "true" || flag == "1"),
            };
            PciDevice::from_source(source, "(unnamed)", pci_at)
        })
        .collect()
}

/// vsphere `pci_device_id = [...]` (DirectPath I/O) and SR-IOV network interfaces.
fn vsphere_pci(body: &Body, at: &str) -> Vec<PciDevice> {
    let mut devices = Vec::new();
    let ids_at = pointer::push(at, "pci_device_id");
    match body.get("pci_device_id") {
        Some(Value::Array(ids)) => {
            for (index, id) in ids.iter().enumerate() {
                devices.push(PciDevice {
                    kind: PciKind::Pci,
                    selector: shown(Some(id), "(unnamed)"),
                    mapping: None,
                    migration: None,
                    share: None,
                    pointer: pointer::push_index(&ids_at, index),
                });
            }
        }
        Some(Value::String(expression)) => devices.push(PciDevice {
            kind: PciKind::Pci,
            selector: shown(Some(&Value::String(expression.clone())), "(unnamed)"),
            mapping: None,
            migration: None,
            share: None,
            pointer: ids_at,
        }),
        _ => {}
    }
    // `shared_pci_device_id`: an NVIDIA vGPU profile (`grid_t4-4q`), a slice of a GPU.
    if let Some(profile) = body.get("shared_pci_device_id") {
        let selector = shown(Some(profile), "(unnamed)");
        devices.push(PciDevice {
            kind: PciKind::Mdev,
            share: Some(format!("vGPU profile `{selector}`")),
            selector: format!("vGPU profile {selector}"),
            mapping: None,
            migration: None,
            pointer: pointer::push(at, "shared_pci_device_id"),
        });
    }
    for (nic, nic_at) in blocks(body, "network_interface", at) {
        if literal(nic.get("adapter_type")).as_deref() == Some("sriov") {
            devices.push(PciDevice {
                kind: PciKind::Sriov,
                selector: format!(
                    "of physical function {}",
                    shown(nic.get("physical_function"), "(not stated)")
                ),
                mapping: None,
                migration: None,
                share: None,
                pointer: nic_at,
            });
        }
    }
    devices
}

/// GCP `guest_accelerator { type, count }`: attached GPUs stop live migration
/// (`on_host_maintenance` must be `TERMINATE`).
fn gcp_accelerators(body: &Body, at: &str) -> Vec<PciDevice> {
    blocks(body, "guest_accelerator", at)
        .into_iter()
        .filter(|(accelerator, _)| literal(accelerator.get("count")).as_deref() != Some("0"))
        .map(|(accelerator, accelerator_at)| PciDevice {
            kind: PciKind::Gpu,
            selector: shown(accelerator.get("type"), "(type not stated)"),
            mapping: None,
            migration: None,
            share: None,
            pointer: accelerator_at,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn workloads_of(source: &str) -> Vec<Workload> {
        let document = crate::formats::terraform::hcl::parse(
            PathBuf::from("/nonexistent/main.tf"),
            Arc::from(source),
        )
        .unwrap();
        crate::formats::extract_workloads(&document, &Neighbourhood::default())
    }

    #[test]
    fn reads_sizing_identity_placement_ha_and_replication() {
        let workloads = workloads_of(
            r#"
locals {
  node = "pve-02"
}
variable "mac" {
  default = "BC:24:11:00:00:01"
}
resource "proxmox_virtual_environment_vm" "db" {
  count     = 3
  vm_id     = 120
  name      = "pg-01"
  node_name = local.node
  cpu {
    cores   = 4
    sockets = 2
    type    = "host"
  }
  memory {
    dedicated = 16384
  }
  network_device {
    bridge      = "vmbr0"
    mac_address = var.mac
  }
  smbios {
    serial = "LIC-42"
  }
}
resource "proxmox_virtual_environment_haresource" "db" {
  resource_id = "vm:120"
}
"#,
        );
        // `count = 3`: three VMs, each named by its index.
        assert_eq!(workloads.len(), 3);
        assert_eq!(workloads[2].id, "proxmox_virtual_environment_vm.db[2]");
        let vm = &workloads[0];
        assert_eq!(vm.placement.host.as_ref().unwrap().value, "pve-02");
        assert_eq!(vm.cpu.count.as_ref().unwrap().value, 8);
        assert_eq!(vm.cpu.model.as_ref().unwrap().value, "host");
        assert_eq!(vm.memory.size_mib.as_ref().unwrap().value, 16384);
        assert_eq!(vm.identity.macs[0].value, "bc:24:11:00:00:01");
        assert_eq!(vm.identity.smbios_serial.as_ref().unwrap().value, "LIC-42");
        assert_eq!(
            crate::model::trace::decode(&vm.availability.ha.as_ref().unwrap().pointer).primary(),
            Some("/resource/proxmox_virtual_environment_haresource/db/0")
        );
        // Expanded into instances: none of them is "replicated" any more.
        assert!(vm.replicated.is_none());
        assert_eq!(vm.roles[0].role, "database");
    }

    #[test]
    fn anti_affinity_rules_and_gcp_migration_policy_are_read() {
        let workloads = workloads_of(
            r#"
resource "vsphere_virtual_machine" "etcd" {
  count = 3
  name  = "etcd-${count.index}"
}
resource "vsphere_compute_cluster_vm_anti_affinity_rule" "etcd" {
  name                = "etcd-apart"
  virtual_machine_ids = vsphere_virtual_machine.etcd[*].id
}
resource "google_compute_instance" "web" {
  name = "web-01"
  scheduling {
    on_host_maintenance = "MIGRATE"
  }
}
"#,
        );
        let rule = &workloads[0]
            .placement
            .anti_affinity
            .as_ref()
            .unwrap()
            .pointer;
        assert_eq!(
            crate::model::trace::decode(rule).primary(),
            Some("/resource/vsphere_compute_cluster_vm_anti_affinity_rule/etcd/0")
        );
        assert_eq!(workloads.len(), 4, "three etcd VMs and the web VM");
        assert!(workloads[3].availability.live_migration.is_some());
    }

    #[test]
    fn vsphere_extra_config_is_read_as_vmx_keys() {
        let workloads = workloads_of(
            r#"
resource "vsphere_virtual_machine" "cad" {
  name                        = "cad-01"
  num_cpus                    = 4
  memory                      = 8192
  memory_reservation          = 8192
  sync_time_with_host_periodically = true
  extra_config = {
    "usb.autoConnect.device0" = "0x0529:0x0001"
  }
}
"#,
        );
        let vm = &workloads[0];
        assert_eq!(vm.name, "cad-01");
        assert_eq!(vm.usb_devices[0].vendor_id.as_deref(), Some("0529"));
        assert!(vm.memory.locked.is_some());
        assert!(vm.clock.host_sync.is_some());
    }
}
