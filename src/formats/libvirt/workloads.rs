//! libvirt adapter: a `<domain>` is one workload. Reads host devices (`<hostdev>`,
//! `<interface type='hostdev'>`), CPU (`<vcpu>`, `<cpu>`, `<cputune>` pinning and real-time
//! scheduling), memory (`<memory>`, `<memoryBacking>`), disks, NICs, consoles (`<graphics>`),
//! host serial/parallel ports, `<clock>`, `<sysinfo>` identity, the libosinfo OS id, and the
//! texts roles are inferred from (`<name>`, `<title>`, `<description>`).

use serde_json::{Map, Value};

use super::elements::{attribute, children, first, text};
use crate::document::{pointer, Document};
use crate::model::{
    normalize_usb_id, parse_mib, Console, Disk, Fact, Nic, PciDevice, PciKind, RealtimeScheduling,
    Text, UsbDevice, Workload,
};

type Element = Map<String, Value>;

pub fn extract(document: &Document) -> Vec<Workload> {
    children(
        document.tree.as_object().expect("an XML tree is an object"),
        "domain",
        "",
    )
    .into_iter()
    .map(|(domain, at)| domain_workload(domain, &at))
    .collect()
}

fn domain_workload(domain: &Element, at: &str) -> Workload {
    let name = first(domain, "name", at)
        .and_then(|(name, _)| text(name))
        .unwrap_or_else(|| "unnamed domain".to_string());
    let mut workload = Workload {
        id: format!("domain {name}"),
        name,
        kind: "libvirt-domain".to_string(),
        platform: "libvirt".to_string(),
        pointer: at.to_string(),
        ..Workload::default()
    };
    workload.texts = texts(domain, at);
    for (devices, devices_at) in children(domain, "devices", at) {
        read_devices(devices, &devices_at, &mut workload);
    }
    for (cputune, cputune_at) in children(domain, "cputune", at) {
        workload
            .cpu
            .realtime_scheduling
            .extend(realtime_scheduling(cputune, &cputune_at));
        if let Some((_, pin_at)) = first(cputune, "vcpupin", &cputune_at) {
            workload.cpu.dedicated = Some(Fact::new(true, pin_at));
        }
    }
    read_sizing(domain, at, &mut workload);
    super::guarantees::read(domain, at, &mut workload);
    read_platform(domain, at, &mut workload);
    workload
}

/// `<vcpu>`, `<cpu>`, `<memory>` and `<memoryBacking>`.
fn read_sizing(domain: &Element, at: &str, workload: &mut Workload) {
    if let Some((vcpu, vcpu_at)) = first(domain, "vcpu", at) {
        if let Some(count) = text(vcpu).and_then(|count| count.parse().ok()) {
            workload.cpu.count = Some(Fact::new(count, vcpu_at));
        }
    }
    if let Some((cpu, cpu_at)) = first(domain, "cpu", at) {
        let model = match attribute(cpu, "mode") {
            Some("custom") | None => first(cpu, "model", "").and_then(|(model, _)| text(model)),
            Some(mode) => Some(mode.to_string()),
        };
        if let Some(model) = model {
            workload.cpu.model = Some(Fact::new(model, cpu_at.clone()));
        }
        // `<feature policy='require' name='avx512f'/>`: `force` only emulates a flag.
        for (feature, feature_at) in children(cpu, "feature", &cpu_at) {
            if attribute(feature, "policy") == Some("require") {
                if let Some(name) = attribute(feature, "name") {
                    let fact = Fact::new(name.to_string(), feature_at);
                    workload.cpu.required_features.push(fact);
                }
            }
        }
    }
    if let Some((memory, memory_at)) = first(domain, "memory", at) {
        let unit = attribute(memory, "unit").unwrap_or("KiB");
        if let Some(size) = text(memory).and_then(|size| parse_mib(&format!("{size}{unit}"))) {
            workload.memory.size_mib = Some(Fact::new(size, memory_at));
        }
    }
    if let Some((backing, backing_at)) = first(domain, "memoryBacking", at) {
        if let Some((hugepages, hugepages_at)) = first(backing, "hugepages", &backing_at) {
            let size = first(hugepages, "page", "")
                .and_then(|(page, _)| {
                    Some(format!(
                        "{}{}",
                        attribute(page, "size")?,
                        attribute(page, "unit").unwrap_or("KiB")
                    ))
                })
                .unwrap_or_else(|| "default".to_string());
            workload.memory.hugepages = Some(Fact::new(size, hugepages_at));
        }
        if let Some((_, locked_at)) = first(backing, "locked", &backing_at) {
            workload.memory.locked = Some(Fact::new(true, locked_at));
        }
    }
}

/// `<clock>`, `<sysinfo>` and the libosinfo id in `<metadata>`.
fn read_platform(domain: &Element, at: &str, workload: &mut Workload) {
    if let Some((clock, clock_at)) = first(domain, "clock", at) {
        if let Some(offset) = attribute(clock, "offset") {
            workload.clock.offset = Some(Fact::new(
                offset.to_string(),
                pointer::push(&clock_at, "@offset"),
            ));
        }
    }
    // The domain's UUID is the guest's SMBIOS system UUID unless `<sysinfo>` overrides it.
    if let Some((uuid, uuid_at)) = first(domain, "uuid", at) {
        if let Some(value) = text(uuid) {
            workload.identity.smbios_uuid = Some(Fact::new(value, uuid_at));
        }
    }
    for (sysinfo, sysinfo_at) in children(domain, "sysinfo", at) {
        // `<chassis>` and `<baseBoard>` serials identify the machine as much as `<system>`'s.
        let sections = ["system", "chassis", "baseBoard"]
            .into_iter()
            .flat_map(|name| {
                children(sysinfo, name, &sysinfo_at)
                    .into_iter()
                    .map(move |(section, section_at)| (name, section, section_at))
            });
        for (section, system, system_at) in sections {
            for (entry, entry_at) in children(system, "entry", &system_at) {
                let value = text(entry).unwrap_or_default();
                let name = match (section, attribute(entry, "name")) {
                    ("system", name) => name,
                    (_, Some("serial")) => Some("chassis serial"),
                    _ => None,
                };
                match name {
                    Some("chassis serial") if !value.is_empty() => {
                        let what = if section == "chassis" {
                            "chassis"
                        } else {
                            "board"
                        };
                        workload
                            .identity
                            .pin(format!("SMBIOS {what} serial {value}"), entry_at.clone());
                        if workload.identity.smbios_serial.is_none() {
                            workload.identity.smbios_serial = Some(Fact::new(value, entry_at));
                        }
                    }
                    Some("uuid") => {
                        workload
                            .identity
                            .pin(format!("SMBIOS UUID {value}"), entry_at.clone());
                        workload.identity.smbios_uuid = Some(Fact::new(value, entry_at))
                    }
                    // `ds=nocloud;…` is cloud-init's NoCloud seed, not an identity.
                    Some("serial") if value.starts_with("ds=") => {}
                    Some("serial") => {
                        workload
                            .identity
                            .pin(format!("SMBIOS serial {value}"), entry_at.clone());
                        workload.identity.smbios_serial = Some(Fact::new(value, entry_at))
                    }
                    Some(name @ ("manufacturer" | "product" | "sku")) => workload
                        .identity
                        .pin(format!("SMBIOS {name} {value}"), entry_at),
                    _ => {}
                }
            }
        }
    }
    for (metadata, metadata_at) in children(domain, "metadata", at) {
        for (info, info_at) in children(metadata, "libosinfo:libosinfo", &metadata_at) {
            if let Some((os, os_at)) = first(info, "libosinfo:os", &info_at) {
                if let Some(id) = attribute(os, "id") {
                    workload.guest_os = Some(Fact::new(id.to_string(), os_at));
                }
            }
        }
    }
}

fn texts(domain: &Element, at: &str) -> Vec<Text> {
    let mut texts = Vec::new();
    for (field, element) in [
        ("name", "name"),
        ("title", "title"),
        ("description", "description"),
    ] {
        if let Some((node, node_at)) = first(domain, element, at) {
            if let Some(value) = text(node) {
                texts.push(Text {
                    field,
                    value,
                    pointer: node_at,
                });
            }
        }
    }
    texts
}

/// `<hostdev>` elements: USB and PCI functions and mediated devices handed to the guest.
fn read_hostdevs(devices: &Element, at: &str, workload: &mut Workload) {
    for (hostdev, hostdev_at) in children(devices, "hostdev", at) {
        // mode='capabilities' hands over a host block/char device or a network interface,
        // not a USB or PCI function.
        if attribute(hostdev, "mode") == Some("capabilities") {
            continue;
        }
        match attribute(hostdev, "type") {
            Some("usb") => workload.usb_devices.push(usb_hostdev(hostdev, hostdev_at)),
            Some("pci") => workload.pci_devices.push(PciDevice {
                kind: PciKind::Pci,
                selector: source_address(hostdev)
                    .unwrap_or_else(|| "a host PCI device".to_string()),
                mapping: None,
                migration: None,
                share: None,
                pointer: hostdev_at,
            }),
            Some("scsi") => {
                let adapter = first(hostdev, "source", "")
                    .and_then(|(source, _)| first(source, "adapter", ""))
                    .and_then(|(adapter, _)| attribute(adapter, "name"))
                    .unwrap_or("a host SCSI adapter");
                workload.pci_devices.push(PciDevice {
                    kind: PciKind::Scsi,
                    selector: format!("on {adapter}"),
                    mapping: None,
                    migration: None,
                    share: None,
                    pointer: hostdev_at,
                });
            }
            Some("mdev") => {
                let uuid = first(hostdev, "source", "")
                    .and_then(|(source, _)| first(source, "address", ""))
                    .and_then(|(address, _)| attribute(address, "uuid").map(str::to_string));
                let model = attribute(hostdev, "model").unwrap_or("mediated device");
                workload.pci_devices.push(PciDevice {
                    kind: PciKind::Mdev,
                    selector: match uuid {
                        Some(uuid) => format!("{model} {uuid}"),
                        None => model.to_string(),
                    },
                    mapping: None,
                    migration: None,
                    share: Some("a mediated device, one slice of its parent GPU".to_string()),
                    pointer: hostdev_at,
                });
            }
            _ => {}
        }
    }
}

/// `<disk>` elements (not CD-ROMs or floppies): where each disk lives and how it is backed.
fn read_disks(devices: &Element, at: &str, workload: &mut Workload) {
    for (disk, disk_at) in children(devices, "disk", at) {
        if matches!(attribute(disk, "device"), Some("cdrom" | "floppy")) {
            continue;
        }
        let driver = first(disk, "driver", "").map(|(driver, _)| driver);
        let source = first(disk, "source", "").map(|(source, _)| source);
        let format = driver.and_then(|driver| attribute(driver, "type"));
        workload.disks.push(Disk {
            pool: source.and_then(|source| {
                attribute(source, "pool")
                    .or_else(|| attribute(source, "file"))
                    .or_else(|| attribute(source, "dev"))
                    .map(str::to_string)
            }),
            thin: format.map(|format| format == "qcow2"),
            cache: driver
                .and_then(|driver| attribute(driver, "cache"))
                .map(str::to_string),
            pointer: disk_at,
            ..Disk::default()
        });
    }
}

/// `<graphics type='vnc'|'spice'>`: where the console listens and whether it asks for a
/// password.
fn read_graphics(devices: &Element, at: &str, workload: &mut Workload) {
    for (graphics, graphics_at) in children(devices, "graphics", at) {
        let kind = attribute(graphics, "type").unwrap_or_default();
        if kind != "vnc" && kind != "spice" {
            continue;
        }
        // `<listen type='socket'>` (a unix socket) and `type='none'` reach no network.
        let listen_element = first(graphics, "listen", "").map(|(listen, _)| listen);
        let local = listen_element
            .and_then(|listen| attribute(listen, "type"))
            .filter(|kind| matches!(*kind, "socket" | "none"));
        let listen = match local {
            Some(kind) => Some(kind.to_string()),
            None => attribute(graphics, "listen")
                .map(str::to_string)
                .or_else(|| {
                    listen_element
                        .and_then(|listen| attribute(listen, "address"))
                        .map(str::to_string)
                }),
        };
        workload.consoles.push(Console {
            kind: kind.to_string(),
            listen,
            password: attribute(graphics, "passwd").is_some(),
            pointer: graphics_at,
        });
    }
}

fn read_devices(devices: &Element, at: &str, workload: &mut Workload) {
    read_hostdevs(devices, at, workload);
    read_disks(devices, at, workload);
    read_graphics(devices, at, workload);
    for (filesystem, filesystem_at) in children(devices, "filesystem", at) {
        let source = first(filesystem, "source", "")
            .and_then(|(source, _)| attribute(source, "dir"))
            .unwrap_or_default();
        if source == "/" {
            workload.isolation_weakenings.push(Fact::new(
                "the host's root directory `/` is shared".to_string(),
                filesystem_at,
            ));
        } else if attribute(filesystem, "accessmode") == Some("passthrough") {
            workload.isolation_weakenings.push(Fact::new(
                format!("`{source}` is shared with accessmode='passthrough' (host credentials)"),
                filesystem_at,
            ));
        }
    }
    for (serial, serial_at) in children(devices, "serial", at) {
        if attribute(serial, "type") == Some("dev") {
            let path = first(serial, "source", "")
                .and_then(|(source, _)| attribute(source, "path"))
                .unwrap_or("a host serial port");
            workload
                .host_ports
                .push(Fact::new(path.to_string(), serial_at));
        }
    }
    for (parallel, parallel_at) in children(devices, "parallel", at) {
        if attribute(parallel, "type") == Some("dev") {
            let path = first(parallel, "source", "")
                .and_then(|(source, _)| attribute(source, "path"))
                .unwrap_or("a host parallel port");
            workload
                .host_ports
                .push(Fact::new(path.to_string(), parallel_at));
        }
    }
    for (interface, interface_at) in children(devices, "interface", at) {
        let mac = first(interface, "mac", "")
            .and_then(|(mac, _)| attribute(mac, "address"))
            .map(str::to_ascii_lowercase);
        if let Some(mac) = &mac {
            workload
                .identity
                .macs
                .push(Fact::new(mac.clone(), interface_at.clone()));
        }
        let source = first(interface, "source", "").map(|(source, _)| source);
        workload.nics.push(Nic {
            model: first(interface, "model", "")
                .and_then(|(model, _)| attribute(model, "type"))
                .map(str::to_string),
            network: source.and_then(|source| {
                attribute(source, "bridge")
                    .or_else(|| attribute(source, "network"))
                    .or_else(|| attribute(source, "dev"))
                    .map(str::to_string)
            }),
            mac,
            // macvtap `mode='passthrough'` hands the guest a physical port of its own.
            dedicated: attribute(interface, "type") == Some("direct")
                && source.and_then(|source| attribute(source, "mode")) == Some("passthrough"),
            pointer: interface_at.clone(),
        });
        if attribute(interface, "type") == Some("hostdev") {
            workload.pci_devices.push(PciDevice {
                kind: PciKind::Sriov,
                selector: source_address(interface).unwrap_or_else(|| "of the host".to_string()),
                mapping: None,
                migration: None,
                share: None,
                pointer: interface_at,
            });
        }
    }
}

fn usb_hostdev(hostdev: &Element, at: String) -> UsbDevice {
    let source = first(hostdev, "source", "").map(|(source, _)| source);
    let id_of = |name: &str| {
        source
            .and_then(|source| first(source, name, ""))
            .and_then(|(node, _)| attribute(node, "id"))
            .and_then(normalize_usb_id)
    };
    let vendor_id = id_of("vendor");
    let product_id = id_of("product");
    let selector = match (&vendor_id, &product_id) {
        (Some(vendor), Some(product)) => format!("{vendor}:{product}"),
        (Some(vendor), None) => format!("{vendor}:*"),
        _ => source
            .and_then(|source| first(source, "address", ""))
            .map(|(address, _)| {
                format!(
                    "bus {} device {}",
                    attribute(address, "bus").unwrap_or("?"),
                    attribute(address, "device").unwrap_or("?")
                )
            })
            .unwrap_or_else(|| "a host USB device".to_string()),
    };
    UsbDevice {
        vendor_id,
        product_id,
        selector,
        mapping: None,
        pointer: at,
    }
}

/// `<source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>` →
/// `0000:01:00.0`.
fn source_address(element: &Element) -> Option<String> {
    let (source, _) = first(element, "source", "")?;
    let (address, _) = first(source, "address", "")?;
    let part = |name: &str, width: usize| {
        let raw = attribute(address, name).unwrap_or("0");
        let digits = raw.trim_start_matches("0x");
        format!("{digits:0>width$}")
    };
    attribute(address, "bus")?;
    Some(format!(
        "{}:{}:{}.{}",
        part("domain", 4),
        part("bus", 2),
        part("slot", 2),
        attribute(address, "function")
            .unwrap_or("0")
            .trim_start_matches("0x")
    ))
}

fn realtime_scheduling(cputune: &Element, at: &str) -> Vec<RealtimeScheduling> {
    let mut found = Vec::new();
    for (element, threads_attribute, label) in [
        ("vcpusched", Some("vcpus"), "vCPUs"),
        ("iothreadsched", Some("iothreads"), "I/O threads"),
        ("emulatorsched", None, "emulator threads"),
    ] {
        for (sched, sched_at) in children(cputune, element, at) {
            let Some(scheduler) = attribute(sched, "scheduler") else {
                continue;
            };
            if scheduler != "fifo" && scheduler != "rr" {
                continue;
            }
            let threads = match threads_attribute.and_then(|name| attribute(sched, name)) {
                Some(which) => format!("{label} {which}"),
                None => label.to_string(),
            };
            found.push(RealtimeScheduling {
                scheduler: scheduler.to_string(),
                threads,
                priority: attribute(sched, "priority").map(str::to_string),
                pointer: sched_at,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    const DOMAIN: &str = r#"<domain type='kvm'>
  <name>db-01</name>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://microsoft.com/win/xp"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='GiB'>8</memory>
  <memoryBacking><hugepages/><locked/></memoryBacking>
  <vcpu>4</vcpu>
  <cputune><vcpupin vcpu='0' cpuset='2'/></cputune>
  <cpu mode='host-passthrough'/>
  <sysinfo type='smbios'><system><entry name='serial'>ABC123</entry></system></sysinfo>
  <clock offset='localtime'/>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='unsafe'/>
      <source file='/var/lib/libvirt/images/db.qcow2'/>
    </disk>
    <interface type='bridge'>
      <mac address='52:54:00:AA:BB:CC'/>
      <source bridge='br0'/>
      <model type='virtio'/>
    </interface>
    <graphics type='vnc' port='-1' listen='0.0.0.0'/>
    <serial type='dev'><source path='/dev/ttyS0'/></serial>
  </devices>
</domain>
"#;

    #[test]
    fn reads_the_whole_model_of_a_domain() {
        let document = crate::formats::libvirt::parse(
            PathBuf::from("d.xml"),
            Arc::from(DOMAIN),
            &Default::default(),
        )
        .unwrap();
        let workload = &crate::formats::extract_workloads(&document, &Default::default())[0];
        assert_eq!(workload.cpu.count.as_ref().unwrap().value, 4);
        assert_eq!(
            workload.cpu.model.as_ref().unwrap().value,
            "host-passthrough"
        );
        assert!(workload.cpu.dedicated.is_some());
        assert_eq!(workload.memory.size_mib.as_ref().unwrap().value, 8192);
        assert_eq!(workload.memory.hugepages.as_ref().unwrap().value, "default");
        assert!(workload.memory.locked.is_some());
        assert_eq!(
            workload.identity.smbios_serial.as_ref().unwrap().value,
            "ABC123"
        );
        assert_eq!(workload.identity.macs[0].value, "52:54:00:aa:bb:cc");
        assert_eq!(workload.clock.offset.as_ref().unwrap().value, "localtime");
        assert_eq!(
            workload.guest_os.as_ref().unwrap().value,
            "http://microsoft.com/win/xp"
        );
        assert_eq!(workload.disks[0].thin, Some(true));
        assert_eq!(workload.disks[0].cache.as_deref(), Some("unsafe"));
        assert_eq!(workload.nics[0].network.as_deref(), Some("br0"));
        assert_eq!(workload.consoles[0].listen.as_deref(), Some("0.0.0.0"));
        assert!(!workload.consoles[0].password);
        assert_eq!(workload.host_ports[0].value, "/dev/ttyS0");
        assert_eq!(workload.roles[0].role, "database");
        let span = document
            .source_map
            .resolve(&workload.consoles[0].pointer)
            .unwrap();
        assert_eq!(document.position(span.focus.start).line, 25);
    }
}
