//! The libvirt provider's `libvirt_domain` (dmacvicar/libvirt), in both its syntaxes, read as
//! its documentation states:
//!
//! - 0.9 and later mirror the domain XML as attributes (`devices = { interfaces, hostdevs,
//!   graphics, filesystems, serials }`, `cpu = { mode, features }`); `memory` is in
//!   `memory_unit`, which defaults to libvirt's KiB (`memory = 1048576` is 1 GiB).
//! - 0.8 and earlier use blocks (`network_interface`, `graphics { listen_address }`, `cpu {
//!   mode }`) and `memory` in MiB.

use serde_json::{Map, Value};

use super::workloads::blocks;
use crate::document::pointer;
use crate::model::{
    literal, parse_mib, Console, Fact, Nic, PciDevice, PciKind, UsbDevice, Workload,
};

type Body = Map<String, Value>;

/// The 0.9 syntax: XML-shaped attributes rather than the old blocks.
fn is_current_syntax(body: &Body) -> bool {
    ["devices", "memory_unit", "os", "current_memory"]
        .iter()
        .any(|key| body.contains_key(*key))
}

pub fn read(body: &Body, at: &str, workload: &mut Workload) {
    if let Some(count) = literal(body.get("vcpu")).and_then(|count| count.parse().ok()) {
        workload.cpu.count = Some(Fact::new(count, pointer::push(at, "vcpu")));
    }
    let current = is_current_syntax(body);
    if let Some(size) = literal(body.get("memory")) {
        let default_unit = if current { "KiB" } else { "MiB" };
        let unit = literal(body.get("memory_unit")).unwrap_or_else(|| default_unit.to_string());
        if let Some(size) = parse_mib(&format!("{size}{unit}")) {
            workload.memory.size_mib = Some(Fact::new(size, pointer::push(at, "memory")));
        }
    }
    if current {
        cpu(body, at, workload);
        if let Some(Value::Object(devices)) = body.get("devices") {
            devices_of(devices, &pointer::push(at, "devices"), workload);
        }
        return;
    }
    for (cpu, cpu_at) in blocks(body, "cpu", at) {
        if let Some(mode) = literal(cpu.get("mode")) {
            workload.cpu.model = Some(Fact::new(mode, pointer::push(&cpu_at, "mode")));
        }
    }
    for (nic, nic_at) in blocks(body, "network_interface", at) {
        super::hardware::push_nic(workload, nic, nic_at, "mac", "model", "network_name");
    }
    for (graphics, graphics_at) in blocks(body, "graphics", at) {
        workload.consoles.push(Console {
            kind: literal(graphics.get("type")).unwrap_or_else(|| "spice".to_string()),
            listen: literal(graphics.get("listen_address")),
            password: false,
            pointer: graphics_at,
        });
    }
}

/// The object at `path` under `value` (`source.network.network`).
fn path<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(value, |value, key| value.get(*key))
}

fn text(value: &Value, keys: &[&str]) -> Option<String> {
    literal(path(value, keys))
}

/// The items of a list attribute, with their pointers.
fn items<'a>(devices: &'a Body, key: &str, at: &str) -> Vec<(&'a Value, String)> {
    let key_at = pointer::push(at, key);
    match devices.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (item, pointer::push_index(&key_at, index)))
            .collect(),
        _ => Vec::new(),
    }
}

fn cpu(body: &Body, at: &str, workload: &mut Workload) {
    let Some(cpu) = body.get("cpu") else { return };
    let cpu_at = pointer::push(at, "cpu");
    let model = match text(cpu, &["mode"]).as_deref() {
        Some("custom") | None => text(cpu, &["model"]),
        Some(mode) => Some(mode.to_string()),
    };
    if let Some(model) = model {
        workload.cpu.model = Some(Fact::new(model, cpu_at.clone()));
    }
    if let Some(Value::Array(features)) = cpu.get("features") {
        let features_at = pointer::push(&cpu_at, "features");
        for (index, feature) in features.iter().enumerate() {
            if text(feature, &["policy"]).as_deref() == Some("require") {
                if let Some(name) = text(feature, &["name"]) {
                    let feature_at = pointer::push_index(&features_at, index);
                    workload
                        .cpu
                        .required_features
                        .push(Fact::new(name, feature_at));
                }
            }
        }
    }
}

fn devices_of(devices: &Body, at: &str, workload: &mut Workload) {
    for (interface, interface_at) in items(devices, "interfaces", at) {
        let mac = text(interface, &["mac", "address"]).map(|mac| mac.to_ascii_lowercase());
        if let Some(mac) = &mac {
            let mac_at = pointer::push(&interface_at, "mac");
            workload
                .identity
                .pin(format!("static MAC {mac}"), mac_at.clone());
            workload.identity.macs.push(Fact::new(mac.clone(), mac_at));
        }
        let network = text(interface, &["source", "network", "network"])
            .or_else(|| text(interface, &["source", "bridge", "bridge"]))
            .or_else(|| text(interface, &["source", "direct", "dev"]));
        workload.nics.push(Nic {
            model: text(interface, &["model", "type"]),
            network,
            mac,
            dedicated: text(interface, &["source", "direct", "mode"]).as_deref()
                == Some("passthrough"),
            pointer: interface_at,
        });
    }
    for (hostdev, hostdev_at) in items(devices, "hostdevs", at) {
        hostdev_of(hostdev, hostdev_at, workload);
    }
    for (graphics, graphics_at) in items(devices, "graphics", at) {
        for kind in ["vnc", "spice"] {
            let Some(server) = graphics.get(kind) else {
                continue;
            };
            let listen = if text(server, &["socket"]).is_some() {
                Some("socket".to_string())
            } else {
                text(server, &["listen"])
            };
            workload.consoles.push(Console {
                kind: kind.to_string(),
                listen,
                password: text(server, &["passwd"]).is_some(),
                pointer: pointer::push(&graphics_at, kind),
            });
        }
    }
    for (filesystem, filesystem_at) in items(devices, "filesystems", at) {
        let source = text(filesystem, &["source", "mount", "dir"]).unwrap_or_default();
        if source == "/" {
            workload.isolation_weakenings.push(Fact::new(
                "the host's root directory `/` is shared".to_string(),
                filesystem_at,
            ));
        } else if text(filesystem, &["access_mode"]).as_deref() == Some("passthrough") {
            let at = pointer::push(&filesystem_at, "access_mode");
            workload.isolation_weakenings.push(Fact::new(
                format!(
                    "`{source}` is shared with access_mode = \"passthrough\" (host credentials)"
                ),
                at,
            ));
        }
    }
    for (serial, serial_at) in items(devices, "serials", at) {
        if let Some(path) = text(serial, &["source", "dev", "path"]) {
            workload.host_ports.push(Fact::new(path, serial_at));
        }
    }
}

/// `hostdevs = [{ subsys_usb = { source = { vendor = { id }, product = { id } } } }]` and its
/// PCI, SCSI and mediated-device siblings.
fn hostdev_of(hostdev: &Value, at: String, workload: &mut Workload) {
    if let Some(usb) = hostdev.get("subsys_usb") {
        let id = |key: &str| {
            text(usb, &["source", key, "id"]).and_then(|id| crate::model::normalize_usb_id(&id))
        };
        let (vendor_id, product_id) = (id("vendor"), id("product"));
        let selector = match (&vendor_id, &product_id) {
            (Some(vendor), Some(product)) => format!("{vendor}:{product}"),
            _ => "a host USB device".to_string(),
        };
        workload.usb_devices.push(UsbDevice {
            vendor_id,
            product_id,
            selector,
            mapping: None,
            pointer: at,
        });
        return;
    }
    let (kind, selector) = if let Some(pci) = hostdev.get("subsys_pci") {
        let part = |key: &str| text(pci, &["source", "address", key]);
        let selector = match (part("domain"), part("bus"), part("slot"), part("function")) {
            (domain, Some(bus), Some(slot), Some(function)) => {
                let number = |text: &str| text.parse::<u64>().unwrap_or(0);
                format!(
                    "{:04x}:{:02x}:{:02x}.{:x}",
                    domain.as_deref().map_or(0, number),
                    number(&bus),
                    number(&slot),
                    number(&function)
                )
            }
            _ => "a host PCI device".to_string(),
        };
        (PciKind::Pci, selector)
    } else if hostdev.get("subsys_m_dev").is_some() {
        (PciKind::Mdev, "mediated device".to_string())
    } else if hostdev.get("subsys_scsi").is_some() || hostdev.get("subsys_scsi_host").is_some() {
        (PciKind::Scsi, "on a host SCSI adapter".to_string())
    } else {
        return;
    };
    workload.pci_devices.push(PciDevice {
        kind,
        selector,
        mapping: None,
        migration: None,
        share: None,
        pointer: at,
    });
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    fn memory_of(source: &str) -> Vec<u64> {
        let document = crate::formats::terraform::hcl::parse(
            PathBuf::from("/nonexistent/main.tf"),
            Arc::from(source),
        )
        .unwrap();
        crate::formats::extract_workloads(&document, &Default::default())
            .iter()
            .map(|workload| workload.memory.size_mib.as_ref().unwrap().value)
            .collect()
    }

    #[test]
    fn memory_is_read_in_each_syntax_unit() {
        let sizes = memory_of(
            r#"
resource "libvirt_domain" "kib" {
  name    = "a"
  memory  = 1048576
  devices = {}
}
resource "libvirt_domain" "gib" {
  name        = "b"
  memory      = 4
  memory_unit = "GiB"
}
resource "libvirt_domain" "old" {
  name   = "c"
  memory = 2048
  network_interface {
    network_name = "default"
  }
}
"#,
        );
        assert_eq!(sizes, [1024, 4096, 2048]);
    }
}
