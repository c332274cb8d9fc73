//! Proxmox adapter: reads qemu-server keys (`usbN`, `hostpciN`, `cores`, `netN`, …) into a
//! [`Workload`]. Used for `.conf` files (the current configuration only, never snapshots) and
//! by the Ansible adapter for `proxmox_kvm`, whose parameters carry the same keys and values.

use std::path::Path;

use serde_json::Value;

use super::props;
use crate::document::{pointer, Document};
use crate::model::cpu_flags;
use crate::model::DeviceSource;
use crate::model::{
    parse_mib, Console, Disk, Fact, Nic, PciDevice, PciKind, Text, UsbDevice, Workload,
};

/// One qemu-server setting and where it stands.
pub struct Setting<'a> {
    pub key: &'a str,
    pub value: String,
    pub pointer: String,
}

pub fn extract(document: &Document) -> Vec<Workload> {
    let Some(config) = document.tree.get("config").and_then(Value::as_object) else {
        return Vec::new();
    };
    let settings: Vec<Setting> = config
        .iter()
        .filter_map(|(key, value)| {
            Some(Setting {
                key,
                value: value.as_str()?.to_string(),
                pointer: pointer::push("/config", key),
            })
        })
        .collect();
    let mut workload =
        Workload::named_after_file(&document.path, "qemu-server", "proxmox", "/config");
    if let Some((node, cluster)) = node_from_path(&document.path) {
        workload.placement.host = Some(Fact::new(node, "/config"));
        // Every node under one `/etc/pve` shares its cluster file system: one cluster.
        workload.placement.cluster = Some(Fact::new(cluster, "/config"));
    }
    fill(&mut workload, &settings);
    vec![workload]
}

/// `/etc/pve/nodes/<node>/qemu-server/<vmid>.conf` names the node, and the directory above
/// `nodes` is the cluster's file system.
fn node_from_path(path: &Path) -> Option<(String, String)> {
    let parts: Vec<&str> = path.iter().filter_map(|part| part.to_str()).collect();
    let index = parts.iter().position(|part| *part == "qemu-server")?;
    if index < 2 || parts[index - 2] != "nodes" {
        return None;
    }
    let root = parts[..index - 2].join("/");
    let root = if root.is_empty() {
        ".".to_string()
    } else {
        root
    };
    Some((parts[index - 1].to_string(), root))
}

fn numbered(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}

/// Read every setting into `workload` (roles are assigned by the caller).
pub fn fill(workload: &mut Workload, settings: &[Setting]) {
    let mut cores: Option<(u64, String)> = None;
    let mut sockets: u64 = 1;
    let mut args_cpu: Option<Fact<String>> = None;
    let mut balloon: Option<Fact<u64>> = None;
    for setting in settings {
        let Setting {
            key,
            value,
            pointer,
        } = setting;
        let key = *key;
        let value = value.trim();
        let pointer = pointer.clone();
        match key {
            "name" => {
                workload.name = value.to_string();
                workload.texts.insert(0, text("name", value, &pointer));
            }
            "description" => {
                for (index, line) in value.lines().enumerate() {
                    let at = crate::document::pointer::push_index(&pointer, index);
                    workload.texts.push(text("description", line, &at));
                }
            }
            "tags" => {
                for tag in value.split([';', ',', ' ']).filter(|tag| !tag.is_empty()) {
                    workload.texts.push(text("tag", tag, &pointer));
                }
            }
            "cores" => cores = value.parse().ok().map(|count| (count, pointer)),
            "sockets" => sockets = value.parse().unwrap_or(1),
            "vcpus" => {
                if let Ok(count) = value.parse() {
                    workload.cpu.count = Some(Fact::new(count, pointer));
                }
            }
            "cpu" => {
                if let Some(flags) = props::get(value, "cputype", "flags") {
                    for weakening in cpu_flags::weakenings_of_list(flags) {
                        workload
                            .cpu
                            .weakenings
                            .push(Fact::new(weakening, pointer.clone()));
                    }
                }
                if let Some(model) = props::get(value, "cputype", "cputype") {
                    workload.cpu.model = Some(Fact::new(model.to_string(), pointer));
                }
            }
            // `numa: 1` gives the guest a NUMA topology; `numaN:` entries spell it out.
            "numa" => workload.cpu.numa = Some(Fact::new(props::is_true(value), pointer)),
            _ if numbered(key, "numa") => {
                workload.cpu.numa = Some(Fact::new(true, pointer));
            }
            // The balloon target in MiB: `0` switches the driver off; absent, it equals
            // `memory` and nothing is reclaimed (qm(1)).
            "balloon" => balloon = value.parse().ok().map(|size| Fact::new(size, pointer)),
            // KSM is a host service (ksmtuned) and `allow-ksm` defaults to 1: only a stated
            // `allow-ksm: 1` is a choice the definition makes.
            "allow-ksm" if props::is_true(value) => workload.memory.reclaimable.push(Fact::new(
                "`allow-ksm: 1` lets KSM merge its pages with other guests'".to_string(),
                pointer,
            )),
            "affinity" => workload.cpu.dedicated = Some(Fact::new(true, pointer)),
            // `agent: 1` / `agent: enabled=1,freeze-fs-on-backup=0`.
            "agent" => {
                let enabled = props::get(value, "enabled", "enabled").is_some_and(props::is_true);
                let freezes =
                    props::get(value, "enabled", "freeze-fs-on-backup").is_none_or(props::is_true);
                workload.snapshot_quiescing = Some(Fact::new(enabled && freezes, pointer));
            }
            "memory" => {
                let size = props::get(value, "current", "current").and_then(parse_mib);
                if let Some(size) = size {
                    workload.memory.size_mib = Some(Fact::new(size, pointer));
                }
            }
            "hugepages" => workload.memory.hugepages = Some(Fact::new(value.to_string(), pointer)),
            "ostype" => workload.guest_os = Some(Fact::new(value.to_string(), pointer)),
            "localtime" if props::is_true(value) => {
                workload.clock.offset = Some(Fact::new("localtime".to_string(), pointer))
            }
            "smbios1" => {
                for (name, item) in props::parse(value, "uuid") {
                    match name {
                        // Proxmox generates the UUID itself: it is no choice.
                        "uuid" => {
                            workload.identity.smbios_uuid =
                                Some(Fact::new(item.to_string(), pointer.clone()))
                        }
                        "serial" if !item.starts_with("ds=") => {
                            workload
                                .identity
                                .pin(format!("SMBIOS serial {item}"), pointer.clone());
                            workload.identity.smbios_serial =
                                Some(Fact::new(item.to_string(), pointer.clone()))
                        }
                        "manufacturer" | "product" | "sku" => workload
                            .identity
                            .pin(format!("SMBIOS {name} {item}"), pointer.clone()),
                        _ => {}
                    }
                }
            }
            // Raw QEMU arguments, appended to what Proxmox generates: a `-cpu` here is the
            // one QEMU uses (the last wins), and `-device` adds passthrough Proxmox never sees.
            "args" => {
                let args = crate::formats::qemu_args::parse(value);
                for (vendor_id, product_id, selector) in args.usb {
                    workload.usb_devices.push(UsbDevice {
                        vendor_id,
                        product_id,
                        selector: format!("{selector} (`args: -device usb-host`)"),
                        mapping: None,
                        pointer: pointer.clone(),
                    });
                }
                for address in args.pci {
                    workload.pci_devices.push(PciDevice {
                        kind: PciKind::Pci,
                        selector: format!("{address} (`args: -device vfio-pci`)"),
                        mapping: None,
                        migration: None,
                        share: None,
                        pointer: pointer.clone(),
                    });
                }
                for weakening in cpu_flags::weakenings_of_list(&args.cpu_flags.join(",")) {
                    workload
                        .cpu
                        .weakenings
                        .push(Fact::new(weakening, pointer.clone()));
                }
                if let Some(model) = args.cpu_model {
                    args_cpu = Some(Fact::new(model, pointer.clone()));
                }
                if let Some((listen, password)) = args.vnc {
                    workload.consoles.push(Console {
                        kind: "vnc".to_string(),
                        listen: Some(listen),
                        password,
                        pointer: pointer.clone(),
                    });
                }
            }
            _ if numbered(key, "usb") => {
                if let Some(device) = usb(value, pointer) {
                    workload.usb_devices.push(device);
                }
            }
            _ if numbered(key, "hostpci") => workload.pci_devices.push(hostpci(value, pointer)),
            _ if ["scsi", "virtio", "sata", "ide"]
                .iter()
                .any(|bus| numbered(key, bus)) =>
            {
                if let Some(disk) = disk(value, pointer) {
                    workload.disks.push(disk);
                }
            }
            _ if numbered(key, "net") => {
                // `virtio=BC:24:11:…` is a model with its MAC; a bare `virtio` has none yet.
                let items = props::parse(value, "model");
                let (model, mac) = match items.first() {
                    Some(&("model", model)) => (model.to_string(), None),
                    Some((model, mac)) => (
                        model.to_string(),
                        (!mac.is_empty()).then(|| mac.to_string()),
                    ),
                    None => Default::default(),
                };
                if let Some(mac) = &mac {
                    workload
                        .identity
                        .macs
                        .push(Fact::new(mac.to_ascii_lowercase(), pointer.clone()));
                }
                workload.nics.push(Nic {
                    model: Some(model),
                    network: props::get(value, "model", "bridge").map(str::to_string),
                    mac,
                    dedicated: false,
                    pointer,
                });
            }
            _ if numbered(key, "serial") && value.starts_with("/dev/") => workload
                .host_ports
                .push(Fact::new(value.to_string(), pointer)),
            _ if numbered(key, "parallel") => workload
                .host_ports
                .push(Fact::new(value.to_string(), pointer)),
            _ => {}
        }
    }
    if let Some(balloon) = balloon {
        let written = |key: &str, mib: u64| format!("`{key}: {mib}`");
        workload.memory.balloon(
            balloon.value,
            ("balloon", "memory"),
            written,
            balloon.pointer,
        );
    }
    // QEMU takes the last `-cpu`: the one `args` appends wins over `cpu:`.
    if args_cpu.is_some() {
        workload.cpu.model = args_cpu;
    }
    if workload.cpu.count.is_none() {
        if let Some((cores, pointer)) = cores {
            workload.cpu.count = Some(Fact::new(cores * sockets, pointer));
        }
    }
}

fn text(field: &'static str, value: &str, pointer: &str) -> Text {
    Text {
        field,
        value: value.to_string(),
        pointer: pointer.to_string(),
    }
}

/// `usbN: host=0529:0001`, `usbN: 3-4`, `usbN: mapping=dongle`; `spice` is client redirection.
fn usb(value: &str, pointer: String) -> Option<UsbDevice> {
    UsbDevice::from_source(
        props::get(value, "host", "host").map(str::to_string),
        props::get(value, "host", "mapping").map(str::to_string),
        value.to_string(),
        pointer,
    )
}

/// `hostpciN: [host=]0000:01:00.0[;…][,mapping=…][,mdev=…][,x-vga=1]`.
fn hostpci(value: &str, pointer: String) -> PciDevice {
    let source = DeviceSource {
        address: props::get(value, "host", "host").map(|host| host.replace(';', ", ")),
        mapping: props::get(value, "host", "mapping").map(str::to_string),
        profile: props::get(value, "host", "mdev").map(str::to_string),
        gpu: props::get(value, "host", "x-vga").is_some_and(props::is_true),
    };
    PciDevice::from_source(source, value, pointer)
}

/// `scsi0: local-lvm:vm-100-disk-0,cache=unsafe,size=32G`; CD-ROMs and empty drives are no disks.
fn disk(value: &str, pointer: String) -> Option<Disk> {
    if props::get(value, "file", "media") == Some("cdrom") {
        return None;
    }
    let file = props::get(value, "file", "file")?;
    let pool = file.split_once(':').map(|(storage, _)| storage.to_string());
    (file != "none").then(|| Disk {
        pool,
        cache: props::get(value, "file", "cache").map(str::to_string),
        pointer,
        ..Disk::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&'static str, &str)]) -> Vec<Setting<'static>> {
        pairs
            .iter()
            .map(|(key, value)| Setting {
                key,
                value: value.to_string(),
                pointer: format!("/config/{key}"),
            })
            .collect()
    }

    #[test]
    fn reads_devices_cpu_memory_and_identity() {
        let mut workload = Workload::default();
        fill(
            &mut workload,
            &settings(&[
                ("name", "plc-01"),
                ("cores", "2"),
                ("sockets", "2"),
                ("memory", "2048"),
                ("usb0", "host=0529:0001,usb3=1"),
                ("usb1", "spice"),
                ("usb2", "3-4"),
                ("hostpci0", "0000:01:00.0,pcie=1,x-vga=1"),
                ("hostpci1", "mapping=gpu,mdev=nvidia-63"),
                ("net0", "virtio=2E:01:68:F9:9C:87,bridge=vmbr0"),
                ("serial0", "/dev/ttyS0"),
                ("serial1", "socket"),
                ("args", "-vnc 0.0.0.0:77 -device usb-host,vendorid=0x064f,productid=0x2af9 -device vfio-pci,host=0000:02:00.0 -cpu host"),
                ("cpu", "x86-64-v2-AES"),
            ]),
        );
        assert_eq!(workload.name, "plc-01");
        assert_eq!(workload.cpu.count.as_ref().unwrap().value, 4);
        assert_eq!(workload.memory.size_mib.as_ref().unwrap().value, 2048);
        let usb: Vec<&str> = workload
            .usb_devices
            .iter()
            .map(|d| d.selector.as_str())
            .collect();
        assert_eq!(
            usb,
            vec!["0529:0001", "3-4", "064f:2af9 (`args: -device usb-host`)"]
        );
        assert_eq!(workload.usb_devices[2].vendor_id.as_deref(), Some("064f"));
        assert_eq!(
            workload.pci_devices.last().unwrap().selector,
            "0000:02:00.0 (`args: -device vfio-pci`)"
        );
        // QEMU takes the last `-cpu`: the one in `args`, whatever `cpu:` says.
        assert_eq!(workload.cpu.model.as_ref().unwrap().value, "host");
        assert_eq!(workload.usb_devices[0].vendor_id.as_deref(), Some("0529"));
        assert_eq!(workload.pci_devices[0].kind, PciKind::Gpu);
        assert_eq!(workload.pci_devices[1].kind, PciKind::Mdev);
        assert_eq!(
            workload.pci_devices[1].selector,
            "mapping `gpu` (profile nvidia-63)"
        );
        assert_eq!(workload.identity.macs[0].value, "2e:01:68:f9:9c:87");
        assert_eq!(workload.host_ports.len(), 1);
        assert_eq!(workload.consoles[0].listen.as_deref(), Some("0.0.0.0"));
    }

    #[test]
    fn the_node_comes_from_the_cluster_path() {
        assert_eq!(
            node_from_path(Path::new("etc/pve/nodes/pve-01/qemu-server/100.conf")),
            Some(("pve-01".to_string(), "etc/pve".to_string()))
        );
        assert_eq!(node_from_path(Path::new("qemu-server/100.conf")), None);
    }
}
