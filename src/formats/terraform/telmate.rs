//! The Telmate provider's `proxmox_vm_qemu`, as its documentation (`docs/resources/vm_qemu.md`)
//! reads it, 2.x and 3.x syntax both, defaults included:
//!
//! - CPU: 3.x `cpu { type, cores, sockets, vcores }`, 2.x top-level `cpu`/`cpu_type`, `cores`,
//!   `sockets`, `vcpus`. The CPU type defaults to `host` when nothing sets it, and cores and
//!   sockets to 1.
//! - USB: 3.x `usbs { usbN { device { device_id } | mapping { mapping_id } | port { port_id } |
//!   spice {} } }` and `usb { device_id | mapping_id | port_id }`, 2.x `usb { host }`; a USB
//!   block with none of them (or `host = "spice"`) is SPICE redirection, not a host device.
//! - PCI: 3.x `pcis { pciN { raw { raw_id } | mapping { mapping_id } } }` and `pci { raw_id |
//!   mapping_id }`, 2.x `hostpci { host }`; `primary_gpu` makes it a GPU, `mdev` a mediated
//!   device.
//! - Serial ports: `serial { id, type }` (and `serials { serialN { type } }`), `type` defaulting
//!   to `socket`; a `/dev/…` path is a host port.
//! - HA: `hastate` other than `ignored`/`disabled`, or `hagroup`.

use serde_json::{Map, Value};

use super::workloads::blocks;
use crate::document::pointer;
use crate::model::DeviceSource;
use crate::model::{literal, parse_mib, Disk, Fact, PciDevice, UsbDevice, Workload};

type Body = Map<String, Value>;

/// Everything Telmate's `proxmox_vm_qemu` states that the rules read.
pub fn read(body: &Body, at: &str, workload: &mut Workload) {
    if let Some(node) = literal(body.get("target_node")) {
        workload.placement.host = Some(Fact::new(node, pointer::push(at, "target_node")));
    }
    cpu(body, at, workload);
    if let Some(size) = literal(body.get("memory")).and_then(|size| parse_mib(&size)) {
        workload.memory.size_mib = Some(Fact::new(size, pointer::push(at, "memory")));
    }
    for (nic, nic_at) in blocks(body, "network", at) {
        super::hardware::push_nic(workload, nic, nic_at, "macaddr", "model", "bridge");
    }
    if let Some(os) = literal(body.get("qemu_os")) {
        workload.guest_os = Some(Fact::new(os, pointer::push(at, "qemu_os")));
    }
    disks(body, at, workload);
    // `hastate = "ignored"` or `"disabled"` is not HA: the manager leaves the VM alone.
    let hastate = literal(body.get("hastate"));
    if let Some(state) = &hastate {
        if !matches!(state.as_str(), "ignored" | "disabled") {
            workload.availability.ha = Some(Fact::new(true, pointer::push(at, "hastate")));
        }
    } else if literal(body.get("hagroup")).is_some() {
        workload.availability.ha = Some(Fact::new(true, pointer::push(at, "hagroup")));
    }
    // The group's `restricted` flag lives on the cluster: a named group is taken as the
    // restriction it may be (silent rather than guessed).
    if let (Some(group), Some(ha)) = (literal(body.get("hagroup")), &workload.availability.ha) {
        workload.availability.restricted_to = Some(Fact::new(
            format!("HA group `{group}` (its `restricted` flag is set on the cluster)"),
            ha.pointer.clone(),
        ));
    }
    // `balloon` is the minimum memory in MiB; 0 (the default) switches ballooning off.
    if let Some(balloon) = number(body, "balloon") {
        let written = |key: &str, mib: u64| format!("`{key} = {mib}`");
        let balloon_at = pointer::push(at, "balloon");
        workload
            .memory
            .balloon(balloon, ("balloon", "memory"), written, balloon_at);
    }
    if let Some(numa) = literal(body.get("numa")) {
        workload.cpu.numa = Some(Fact::new(numa == "true", pointer::push(at, "numa")));
    }
    workload.usb_devices = usb_devices(body, at);
    workload.pci_devices = pci_devices(body, at);
    serial_ports(body, at, workload);
    super::hardware::smbios(body, at, workload);
}

fn number(body: &Body, key: &str) -> Option<u64> {
    literal(body.get(key))?.parse().ok()
}

/// vCPUs and model: the 3.x `cpu` block first, then 2.x top-level keys; the type is `host`
/// when nothing states it (the provider's default).
fn cpu(body: &Body, at: &str, workload: &mut Workload) {
    let block = blocks(body, "cpu", at).into_iter().next();
    let (scope, scope_at) = match &block {
        Some((cpu, cpu_at)) => (*cpu, cpu_at.clone()),
        None => (body, at.to_string()),
    };
    let count = number(scope, "vcores")
        .filter(|vcores| *vcores > 0)
        .or_else(|| number(scope, "vcpus").filter(|vcpus| *vcpus > 0))
        .or_else(|| {
            let cores = number(scope, "cores")?;
            Some(cores * number(scope, "sockets").unwrap_or(1))
        });
    if let Some(count) = count {
        workload.cpu.count = Some(Fact::new(count, pointer::push(&scope_at, "cores")));
    }
    if let Some((cpu, cpu_at)) = &block {
        if literal(cpu.get("affinity")).is_some_and(|affinity| !affinity.is_empty()) {
            workload.cpu.dedicated = Some(Fact::new(true, pointer::push(cpu_at, "affinity")));
        }
        // 3.x moved `numa` into the `cpu` block.
        if let Some(numa) = literal(cpu.get("numa")) {
            workload.cpu.numa = Some(Fact::new(numa == "true", pointer::push(cpu_at, "numa")));
        }
    }
    let stated = match &block {
        Some((cpu, cpu_at)) => {
            literal(cpu.get("type")).map(|model| (model, pointer::push(cpu_at, "type")))
        }
        None => ["cpu_type", "cpu"]
            .iter()
            .find_map(|key| literal(body.get(*key)).map(|model| (model, pointer::push(at, key)))),
    };
    match stated {
        Some((model, model_at)) => workload.cpu.model = Some(Fact::new(model, model_at)),
        None if !has_computed(body, &["cpu", "cpu_type"]) => {
            workload.cpu.model = Some(Fact::new(
                "host".to_string(),
                block.map_or(at.to_string(), |(_, cpu_at)| cpu_at),
            ));
            workload.cpu.model_by_default = true;
        }
        None => {}
    }
}

/// A key set to something vmlint cannot evaluate: its default does not apply.
fn has_computed(body: &Body, keys: &[&str]) -> bool {
    keys.iter().any(|key| {
        matches!(body.get(*key), Some(Value::String(_))) && literal(body.get(*key)).is_none()
    }) || blocks(body, "cpu", "")
        .iter()
        .any(|(cpu, _)| cpu.contains_key("type") && literal(cpu.get("type")).is_none())
}

/// The bodies of `name` and of its numbered children (`usbs { usb0 {…} usb1 {…} }`).
fn numbered<'a>(body: &'a Body, name: &str, item: &str, at: &str) -> Vec<(&'a Body, String)> {
    let mut found = Vec::new();
    for (group, group_at) in blocks(body, name, at) {
        for key in group.keys().filter(|key| {
            key.strip_prefix(item)
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        }) {
            found.extend(blocks(group, key, &group_at));
        }
    }
    found
}

/// A Telmate USB device: a `device` id, a `port`, or a `mapping`.
fn usb_device(
    selector_of: Option<(&str, String)>,
    mapping: Option<String>,
    usb_at: String,
) -> Option<UsbDevice> {
    let (host, fallback) = match selector_of {
        Some(("device", id)) => (Some(id.clone()), id),
        Some(("port", port)) => (None, format!("port {port}")),
        Some((_, value)) => (None, value),
        None => (None, String::new()),
    };
    if host.is_none() && mapping.is_none() && fallback.is_empty() {
        return None;
    }
    UsbDevice::from_source(host, mapping, fallback, usb_at)
}

/// Host USB devices of every syntax; SPICE redirection is none.
fn usb_devices(body: &Body, at: &str) -> Vec<UsbDevice> {
    let mut devices = Vec::new();
    for (usb, usb_at) in blocks(body, "usb", at) {
        let selector = literal(usb.get("device_id"))
            .map(|id| ("device", id))
            .or_else(|| literal(usb.get("host")).map(|id| ("device", id)))
            .or_else(|| literal(usb.get("port_id")).map(|id| ("port", id)));
        devices.extend(usb_device(selector, literal(usb.get("mapping_id")), usb_at));
    }
    for (usb, usb_at) in numbered(body, "usbs", "usb", at) {
        for (kind, key) in [
            ("device", "device_id"),
            ("mapping", "mapping_id"),
            ("port", "port_id"),
        ] {
            for (inner, inner_at) in blocks(usb, kind, &usb_at) {
                let value = literal(inner.get(key)).unwrap_or_else(|| "(not stated)".to_string());
                let mapping = (kind == "mapping").then(|| value.clone());
                devices.extend(usb_device(Some((kind, value)), mapping, inner_at));
            }
        }
    }
    devices
}

fn pci_device(
    pci: &Body,
    pci_at: String,
    address: Option<String>,
    mapping: Option<String>,
) -> PciDevice {
    let source = DeviceSource {
        address,
        mapping,
        profile: literal(pci.get("mdev")),
        gpu: literal(pci.get("primary_gpu")).is_some_and(|flag| flag == "true"),
    };
    PciDevice::from_source(source, "(unnamed)", pci_at)
}

/// PCI devices of every syntax.
fn pci_devices(body: &Body, at: &str) -> Vec<PciDevice> {
    let mut devices = Vec::new();
    for name in ["pci", "hostpci"] {
        for (pci, pci_at) in blocks(body, name, at) {
            let address = literal(pci.get("raw_id")).or_else(|| literal(pci.get("host")));
            devices.push(pci_device(
                pci,
                pci_at,
                address,
                literal(pci.get("mapping_id")),
            ));
        }
    }
    for (pci, pci_at) in numbered(body, "pcis", "pci", at) {
        for (raw, raw_at) in blocks(pci, "raw", &pci_at) {
            devices.push(pci_device(raw, raw_at, literal(raw.get("raw_id")), None));
        }
        for (mapped, mapped_at) in blocks(pci, "mapping", &pci_at) {
            devices.push(pci_device(
                mapped,
                mapped_at,
                None,
                literal(mapped.get("mapping_id")),
            ));
        }
    }
    devices
}

/// `serial { type = "/dev/ttyS0" }`: a host port; the default `socket` is not.
fn serial_ports(body: &Body, at: &str, workload: &mut Workload) {
    let mut ports = blocks(body, "serial", at);
    ports.extend(numbered(body, "serials", "serial", at));
    for (serial, serial_at) in ports {
        let device = literal(serial.get("type")).or_else(|| literal(serial.get("path")));
        if let Some(device) = device.filter(|device| device.starts_with("/dev/")) {
            workload.host_ports.push(Fact::new(device, serial_at));
        }
    }
}

/// Telmate disks: `disk { storage, cache }` blocks (provider 2.x) or the 3.x tree
/// `disks { scsi { scsi0 { disk { storage, cache } } } }`.
fn disks(body: &Body, at: &str, workload: &mut Workload) {
    fn walk(body: &Body, at: &str, workload: &mut Workload) {
        for (key, value) in body {
            let mut visit = |child: &Body, child_at: String| {
                if key == "disk" && child.contains_key("storage") {
                    workload.disks.push(Disk {
                        pool: literal(child.get("storage")),
                        cache: literal(child.get("cache")),
                        iops: None,
                        pointer: child_at,
                        ..Disk::default()
                    });
                } else {
                    walk(child, &child_at, workload);
                }
            };
            match value {
                Value::Object(child) => visit(child, pointer::push(at, key)),
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if let Value::Object(child) = item {
                            visit(child, pointer::push_index(&pointer::push(at, key), index));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for (disk, disk_at) in blocks(body, "disk", at) {
        workload.disks.push(Disk {
            pool: literal(disk.get("storage")),
            cache: literal(disk.get("cache")),
            pointer: disk_at,
            ..Disk::default()
        });
    }
    for (disks, disks_at) in blocks(body, "disks", at) {
        walk(disks, &disks_at, workload);
    }
}
