//! VMware adapter: a `.vmx` file is one workload. Also used by the Ansible adapter for
//! `vmware_guest` `advanced_settings`, which are `.vmx` keys.

use serde_json::Value;

use super::defaults;
use crate::document::{pointer, Document};
use crate::model::{
    normalize_usb_id, parse_mib, Console, Disk, Fact, PciDevice, PciKind, Text, UsbDevice, Workload,
};

/// One `.vmx` setting (lower-case key) and where it stands.
pub struct Setting {
    pub key: String,
    pub value: String,
    pub pointer: String,
}

pub fn extract(document: &Document) -> Vec<Workload> {
    let Some(settings) = document.tree.as_object() else {
        return Vec::new();
    };
    let settings: Vec<Setting> = settings
        .iter()
        .filter_map(|(key, value)| {
            Some(Setting {
                key: key.clone(),
                value: value.as_str()?.to_string(),
                pointer: pointer::push("", key),
            })
        })
        .collect();
    let mut workload = Workload::named_after_file(&document.path, "vmx", "vmware", "");
    fill(&mut workload, &settings);
    reservation(&mut workload, &settings);
    vec![workload]
}

/// `sched.mem.min` (MiB, default 0) below `memSize` leaves the rest to ballooning,
/// compression and host swapping.
fn reservation(workload: &mut Workload, settings: &[Setting]) {
    let stated = settings
        .iter()
        .find(|setting| setting.key == "sched.mem.min")
        .map(|setting| {
            let mib = setting.value.trim().parse::<u64>().unwrap_or(0);
            defaults::Reservation {
                mib,
                written: format!("`sched.mem.min = {mib}`"),
                pointer: setting.pointer.clone(),
            }
        });
    defaults::unreserved_memory(workload, "sched.mem.min", stated);
}

/// vNUMA from `numa.vcpu.min` vCPUs (default 9), off with `vcpu.hotadd`.
fn vnuma(workload: &mut Workload, settings: &[Setting]) {
    let get = |key: &str| settings.iter().find(|setting| setting.key == key);
    let hotadd = get("vcpu.hotadd")
        .filter(|setting| is_true(setting.value.trim()))
        .map(|setting| setting.pointer.clone());
    let minimum = get("numa.vcpu.min")
        .and_then(|setting| setting.value.trim().parse::<u64>().ok())
        .unwrap_or(defaults::VNUMA_MIN_VCPUS);
    defaults::vnuma(workload, hotadd, minimum);
}

fn is_true(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}

/// Read `.vmx` settings into `workload` (roles are assigned by the caller).
pub fn fill(workload: &mut Workload, settings: &[Setting]) {
    fill_settings(workload, settings);
    vnuma(workload, settings);
}

fn fill_settings(workload: &mut Workload, settings: &[Setting]) {
    let get = |key: &str| settings.iter().find(|setting| setting.key == key);
    for setting in settings {
        let Setting {
            key,
            value,
            pointer,
        } = setting;
        let value = value.trim();
        match key.as_str() {
            "displayname" => {
                workload.name = value.to_string();
                workload.texts.insert(0, text("name", value, pointer));
            }
            "annotation" => workload.texts.push(text("description", value, pointer)),
            "guestinfo.vmlint.role" => {
                workload
                    .texts
                    .push(text("guestinfo", &format!("vmlint-role={value}"), pointer))
            }
            "guestos" => workload.guest_os = Some(Fact::new(value.to_string(), pointer.clone())),
            "numvcpus" => {
                if let Ok(count) = value.parse() {
                    workload.cpu.count = Some(Fact::new(count, pointer.clone()));
                }
            }
            "memsize" => {
                if let Some(size) = parse_mib(value) {
                    workload.memory.size_mib = Some(Fact::new(size, pointer.clone()));
                }
            }
            "sched.cpu.affinity" if !value.eq_ignore_ascii_case("all") => {
                workload.cpu.dedicated = Some(Fact::new(true, pointer.clone()))
            }
            "sched.mem.pin" if is_true(value) => {
                workload.memory.locked = Some(Fact::new(true, pointer.clone()))
            }
            "sched.cpu.latencysensitivity" if value.eq_ignore_ascii_case("high") => {
                workload.cpu.dedicated = Some(Fact::new(true, pointer.clone()))
            }
            // A reservation of all the guest's memory: nothing of it is swapped or ballooned.
            "sched.mem.min" if get("memsize").is_some_and(|size| size.value.trim() == value) => {
                workload.memory.locked = Some(Fact::new(true, pointer.clone()))
            }
            "uuid.bios" => {
                workload.identity.smbios_uuid = Some(Fact::new(value.to_string(), pointer.clone()))
            }
            // VMware asks "moved or copied?" on a copy; `keep` answers "moved" for ever, so
            // every copy boots with the same BIOS UUID.
            "uuid.action" if value.eq_ignore_ascii_case("keep") => workload.identity.pin(
                "`uuid.action = keep` (the BIOS UUID survives every copy)".to_string(),
                pointer.clone(),
            ),
            "vhv.enable" if is_true(value) => {
                defaults::nested_virtualization(workload, "vhv.enable = TRUE", pointer.clone())
            }
            "sched.mem.pshare.enable" if is_true(value) => {
                workload.memory.reclaimable.push(Fact::new(
                    "page sharing is on (`sched.mem.pshare.enable = TRUE`)".to_string(),
                    pointer.clone(),
                ))
            }
            "tools.synctime" if is_true(value) => {
                workload.clock.host_sync = Some(Fact::new(true, pointer.clone()))
            }
            "remotedisplay.vnc.enabled" if is_true(value) => workload.consoles.push(Console {
                kind: "vnc".to_string(),
                // VMware's VNC server listens on every interface unless an address is set.
                listen: Some(
                    get("remotedisplay.vnc.ip")
                        .map_or_else(|| "0.0.0.0".to_string(), |ip| ip.value.clone()),
                ),
                password: get("remotedisplay.vnc.password").is_some()
                    || get("remotedisplay.vnc.key").is_some(),
                pointer: pointer.clone(),
            }),
            "monitor_control.restrict_backdoor" if value.eq_ignore_ascii_case("false") => workload
                .isolation_weakenings
                .push(Fact::new(format!("{key} = FALSE"), pointer.clone())),
            _ if key.starts_with("isolation.tools.")
                && key.ends_with(".disable")
                && value.eq_ignore_ascii_case("false") =>
            {
                workload
                    .isolation_weakenings
                    .push(Fact::new(format!("{key} = FALSE"), pointer.clone()))
            }
            _ => fill_numbered(workload, settings, setting),
        }
    }
}

/// The numbered device keys: USB auto-connect, PCI passthrough, static MACs, serial and
/// parallel ports, virtual disks.
fn fill_numbered(workload: &mut Workload, settings: &[Setting], setting: &Setting) {
    let get = |key: &str| settings.iter().find(|setting| setting.key == key);
    let (key, value, pointer) = (&setting.key, setting.value.trim(), &setting.pointer);
    if let Some(device) = usb_autoconnect(key, value, pointer) {
        workload.usb_devices.push(device);
    } else if let Some(index) = numbered_key(key, "pcipassthru", ".present") {
        if is_true(value) {
            workload
                .pci_devices
                .push(passthrough(index, settings, pointer));
        }
    } else if let Some(index) = numbered_key(key, "ethernet", ".addresstype") {
        if value.eq_ignore_ascii_case("static") {
            if let Some(address) = get(&format!("ethernet{index}.address")) {
                let mac = address.value.to_ascii_lowercase();
                workload.identity.pin(
                    format!("static MAC {mac} (`ethernet{index}.addressType = static`)"),
                    pointer.clone(),
                );
                workload
                    .identity
                    .macs
                    .push(Fact::new(mac, address.pointer.clone()));
            }
        }
    } else if let Some(index) = numbered_key(key, "serial", ".filetype") {
        if value.eq_ignore_ascii_case("device") {
            let device = get(&format!("serial{index}.filename"))
                .map_or_else(|| format!("serial{index}"), |file| file.value.clone());
            workload.host_ports.push(Fact::new(device, pointer.clone()));
        }
    } else if let Some(index) = numbered_key(key, "serial", ".filename") {
        // Without `fileType`, VMware reads `fileName` as a host device
        // (`/dev/ttyS1`, `COM1`), its default serial backing.
        let present =
            get(&format!("serial{index}.present")).is_none_or(|present| is_true(&present.value));
        let host_device =
            value.starts_with("/dev/") || value.to_ascii_uppercase().starts_with("COM");
        if get(&format!("serial{index}.filetype")).is_none() && present && host_device {
            workload
                .host_ports
                .push(Fact::new(value.to_string(), pointer.clone()));
        }
    } else if let Some(device) = virtual_disk_device(key, value) {
        let mode = get(&format!("{device}.mode"));
        workload.disks.push(Disk {
            mode: mode.map(|mode| mode.value.to_ascii_lowercase()),
            pointer: mode.map_or_else(|| pointer.clone(), |mode| mode.pointer.clone()),
            ..Disk::default()
        });
    } else if numbered_key(key, "parallel", ".present").is_some() && is_true(value) {
        workload.host_ports.push(Fact::new(
            key.trim_end_matches(".present").to_string(),
            pointer.clone(),
        ));
    }
}

fn text(field: &'static str, value: &str, pointer: &str) -> Text {
    Text {
        field,
        value: value.to_string(),
        pointer: pointer.to_string(),
    }
}

/// `scsi0:1.fileName = "db-data.vmdk"` → `scsi0:1`: a virtual disk (not an ISO) on a bus.
fn virtual_disk_device<'a>(key: &'a str, value: &str) -> Option<&'a str> {
    let device = key.strip_suffix(".filename")?;
    let (bus, unit) = device.split_once(':')?;
    let known_bus = ["scsi", "sata", "nvme", "ide"].iter().any(|prefix| {
        bus.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    (known_bus
        && unit.chars().all(|c| c.is_ascii_digit())
        && value.to_ascii_lowercase().ends_with(".vmdk"))
    .then_some(device)
}

/// `prefix<N>suffix` → `N`.
fn numbered_key<'a>(key: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    let index = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!index.is_empty() && index.chars().all(|c| c.is_ascii_digit())).then_some(index)
}

/// `usb.autoConnect.deviceN`: `0x0529:0x0001`, `vid:0529 pid:0001 …`, `path:1/2 …`; empty or a
/// virtual smart card is no host device.
fn usb_autoconnect(key: &str, value: &str, pointer: &str) -> Option<UsbDevice> {
    numbered_key(key, "usb.autoconnect.device", "")?;
    if value.is_empty() || value.contains("deviceType:virtual") {
        return None;
    }
    let (vendor_id, product_id) = if let Some((vendor, product)) = value
        .split_once(':')
        .filter(|(vendor, _)| vendor.starts_with("0x"))
    {
        (
            normalize_usb_id(vendor),
            normalize_usb_id(product.split_whitespace().next().unwrap_or_default()),
        )
    } else {
        let field = |name: &str| {
            value
                .split_whitespace()
                .find_map(|item| item.strip_prefix(name))
                .and_then(normalize_usb_id)
        };
        (field("vid:"), field("pid:"))
    };
    let selector = match (&vendor_id, &product_id) {
        (Some(vendor), Some(product)) => format!("{vendor}:{product}"),
        _ => value.to_string(),
    };
    Some(UsbDevice {
        vendor_id,
        product_id,
        selector,
        mapping: None,
        pointer: pointer.to_string(),
    })
}

/// `pciPassthruN.present = "TRUE"` with `.id` (DirectPath I/O), `.vgpu` (a vGPU profile) or
/// `.pfId` (an SR-IOV virtual function).
fn passthrough(index: &str, settings: &[Setting], pointer: &str) -> PciDevice {
    let get = |name: &str| {
        settings
            .iter()
            .find(|setting| setting.key == format!("pcipassthru{index}.{name}"))
            .map(|setting| setting.value.clone())
    };
    let share = get("vgpu").map(|profile| format!("vGPU profile `{profile}`"));
    let (kind, selector) = if let Some(profile) = get("vgpu") {
        (PciKind::Mdev, format!("vGPU profile {profile}"))
    } else if let Some(pf) = get("pfid") {
        (PciKind::Sriov, format!("of physical function {pf}"))
    } else {
        (
            PciKind::Pci,
            get("id").unwrap_or_else(|| format!("pciPassthru{index}")),
        )
    };
    PciDevice {
        kind,
        selector,
        mapping: None,
        migration: None,
        share,
        pointer: pointer.to_string(),
    }
}

/// The settings of a `vmware_guest` `advanced_settings` list (`[{key, value}]`).
pub fn settings_from_list(items: &Value, at: &str) -> Vec<Setting> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, item)| {
            let key = item.get("key")?.as_str()?.to_ascii_lowercase();
            let value = crate::model::literal(item.get("value"))?;
            Some(Setting {
                key,
                value,
                pointer: pointer::push_index(at, index),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Vec<Setting> {
        pairs
            .iter()
            .map(|(key, value)| Setting {
                key: key.to_string(),
                value: value.to_string(),
                pointer: format!("/{key}"),
            })
            .collect()
    }

    #[test]
    fn reads_usb_pci_identity_and_time_sync() {
        let mut workload = Workload::default();
        fill(
            &mut workload,
            &settings(&[
                ("displayname", "cad-01"),
                ("usb.autoconnect.device0", "0x0529:0x0001"),
                ("usb.autoconnect.device1", "vid:1050 pid:0407 autoclean:0"),
                ("usb.autoconnect.device2", ""),
                ("usb.autoconnect.device3", "path:5/7 autoclean:1"),
                ("pcipassthru0.present", "TRUE"),
                ("pcipassthru0.id", "00000:059:00.0"),
                ("pcipassthru1.present", "TRUE"),
                ("pcipassthru1.vgpu", "grid_t4-4q"),
                ("pcipassthru2.present", "FALSE"),
                ("ethernet0.addresstype", "static"),
                ("ethernet0.address", "00:50:56:AA:BB:CC"),
                ("tools.synctime", "TRUE"),
            ]),
        );
        let usb: Vec<&str> = workload
            .usb_devices
            .iter()
            .map(|d| d.selector.as_str())
            .collect();
        assert_eq!(usb, vec!["0529:0001", "1050:0407", "path:5/7 autoclean:1"]);
        assert_eq!(workload.pci_devices.len(), 2);
        assert_eq!(workload.pci_devices[1].kind, PciKind::Mdev);
        assert_eq!(workload.identity.macs[0].value, "00:50:56:aa:bb:cc");
        assert!(workload.clock.host_sync.is_some());
    }
}
