//! What the arguments of Ansible's VM modules mean in the common model: `proxmox_kvm` takes
//! qemu-server keys, `vmware_guest` hardware and advanced settings, `kubevirt_vm` a
//! VirtualMachine spec; each is read with the format adapter that knows those keys.

use serde_json::{Map, Value};

use super::workloads::text;
use crate::document::pointer;
use crate::formats::{kubevirt, proxmox, vmx};
use crate::model::{literal, Disk, Fact, Workload};

type Object = Map<String, Value>;

/// proxmox_kvm takes qemu-server keys: scalars (`cores`, `memory`, `cpu`, `ostype`, …) and
/// dicts of numbered devices (`hostpci: {hostpci0: "…"}`, `usb`, `net`, `serial`, …).
pub(super) fn read_proxmox_kvm(workload: &mut Workload, args: &Object, at: &str) {
    let mut settings = Vec::new();
    for (key, value) in args {
        let key_at = pointer::push(at, key);
        match value {
            Value::Object(devices) => {
                // A device whose address is templated still exists: keep the text as written.
                for (device, setting) in devices {
                    let setting =
                        literal(Some(setting)).or_else(|| setting.as_str().map(str::to_string));
                    if let Some(setting) = setting {
                        settings.push(proxmox::workloads::Setting {
                            key: device.as_str(),
                            value: setting,
                            pointer: pointer::push(&key_at, device),
                        });
                    }
                }
            }
            Value::Array(items) if key == "tags" => {
                let tags: Vec<String> = items.iter().filter_map(|tag| literal(Some(tag))).collect();
                settings.push(proxmox::workloads::Setting {
                    key: "tags",
                    value: tags.join(";"),
                    pointer: key_at,
                });
            }
            other => {
                if let Some(setting) = literal(Some(other)) {
                    let key = match key.as_str() {
                        "smbios" => "smbios1",
                        // The module's name for qemu-server's `numa`.
                        "numa_enabled" => "numa",
                        key => key,
                    };
                    settings.push(proxmox::workloads::Setting {
                        key,
                        value: setting,
                        pointer: key_at,
                    });
                }
            }
        }
    }
    proxmox::workloads::fill(workload, &settings);
    // In a playbook a MAC or an SMBIOS UUID is written by hand (Proxmox generates them when
    // they are left out), unlike in a `.conf` file, where Proxmox writes them itself.
    for mac in workload.identity.macs.clone() {
        workload
            .identity
            .pin(format!("static MAC {}", mac.value), mac.pointer);
    }
    if let Some(uuid) = workload.identity.smbios_uuid.clone() {
        workload
            .identity
            .pin(format!("SMBIOS UUID {}", uuid.value), uuid.pointer);
    }
    if let Some(node) = literal(args.get("node")) {
        workload.placement.host = Some(Fact::new(node, pointer::push(at, "node")));
    }
}

pub(super) fn read_vmware_guest(workload: &mut Workload, args: &Object, at: &str) {
    if let Some(annotation) = literal(args.get("annotation")) {
        workload.texts.push(text(
            "description",
            &annotation,
            &pointer::push(at, "annotation"),
        ));
    }
    if let Some(guest) = literal(args.get("guest_id")) {
        workload.guest_os = Some(Fact::new(guest, pointer::push(at, "guest_id")));
    }
    if let Some(host) = literal(args.get("esxi_hostname")) {
        workload.placement.host = Some(Fact::new(host, pointer::push(at, "esxi_hostname")));
    }
    if let Some(hardware) = args.get("hardware").and_then(Value::as_object) {
        let hardware_at = pointer::push(at, "hardware");
        if let Some(count) = hardware.get("num_cpus").and_then(Value::as_u64) {
            workload.cpu.count = Some(Fact::new(count, pointer::push(&hardware_at, "num_cpus")));
        }
        if let Some(size) = hardware.get("memory_mb").and_then(Value::as_u64) {
            workload.memory.size_mib =
                Some(Fact::new(size, pointer::push(&hardware_at, "memory_mb")));
        }
        if hardware
            .get("memory_reservation_lock")
            .and_then(Value::as_bool)
            == Some(true)
        {
            workload.memory.locked = Some(Fact::new(
                true,
                pointer::push(&hardware_at, "memory_reservation_lock"),
            ));
        }
        vmware_hardware_guarantees(workload, hardware, &hardware_at);
    }
    let disks_at = pointer::push(at, "disk");
    for (index, disk) in args
        .get("disk")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        workload.disks.push(Disk {
            pool: literal(disk.get("datastore")),
            thin: literal(disk.get("type")).map(|kind| kind == "thin"),
            pointer: pointer::push_index(&disks_at, index),
            ..Disk::default()
        });
    }
    let networks_at = pointer::push(at, "networks");
    for (index, network) in args
        .get("networks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(mac) = literal(network.get("mac")) {
            let mac = mac.to_ascii_lowercase();
            let mac_at = pointer::push(&pointer::push_index(&networks_at, index), "mac");
            workload
                .identity
                .pin(format!("static MAC {mac}"), mac_at.clone());
            workload.identity.macs.push(Fact::new(mac, mac_at));
        }
    }
    if let Some(settings) = args.get("advanced_settings") {
        let settings =
            vmx::workloads::settings_from_list(settings, &pointer::push(at, "advanced_settings"));
        let name = workload.name.clone();
        vmx::workloads::fill(workload, &settings);
        workload.name = name;
    }
}

/// kubevirt.core.kubevirt_vm takes the VirtualMachineInstance spec as `spec` (`domain`,
/// `volumes`, `evictionStrategy`; the module wraps it in `template.spec`), and `labels`,
/// `annotations`; a full VirtualMachine spec with `template.spec` is read too.
pub(super) fn read_kubevirt_vm(workload: &mut Workload, args: &Object, at: &str) {
    for field in ["labels", "annotations"] {
        let field_at = pointer::push(at, field);
        for (key, value) in args
            .get(field)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(value) = literal(Some(value)) {
                workload.texts.push(text(
                    "label",
                    &format!("{key}={value}"),
                    &pointer::push(&field_at, key),
                ));
            }
        }
    }
    let spec_at = pointer::push(at, "spec");
    let Some(spec) = args.get("spec").and_then(Value::as_object) else {
        return;
    };
    let template_spec = spec
        .get("template")
        .and_then(|template| template.get("spec"))
        .and_then(Value::as_object);
    match template_spec {
        // A VirtualMachine spec written out in full: its instance template.
        Some(template_spec) => {
            let template_at = pointer::push(&pointer::push(&spec_at, "template"), "spec");
            kubevirt::workloads::fill_from_vmi_spec(workload, template_spec, &template_at);
        }
        // The module's documented form: `spec` *is* the VirtualMachineInstance spec, which
        // the module places under `template.spec` itself.
        None => kubevirt::workloads::fill_from_vmi_spec(workload, spec, &spec_at),
    }
}

/// `vmware_guest` `hardware`: `mem_reservation` (MB, default 0) below `memory_mb` leaves memory
/// to ballooning and host swapping; `nested_virt` exposes the virtualization extensions;
/// `hotadd_cpu` switches vNUMA off, which ESXi otherwise gives a guest from 9 vCPUs.
fn vmware_hardware_guarantees(workload: &mut Workload, hardware: &Object, hardware_at: &str) {
    use crate::formats::vmx::defaults;
    let stated = hardware
        .get("mem_reservation")
        .and_then(Value::as_u64)
        .map(|mib| defaults::Reservation {
            mib,
            written: format!("`mem_reservation: {mib}`"),
            pointer: pointer::push(hardware_at, "mem_reservation"),
        });
    defaults::unreserved_memory(workload, "mem_reservation", stated);
    if hardware.get("nested_virt").and_then(Value::as_bool) == Some(true) {
        defaults::nested_virtualization(
            workload,
            "nested_virt: true",
            pointer::push(hardware_at, "nested_virt"),
        );
    }
    let hotadd = (hardware.get("hotadd_cpu").and_then(Value::as_bool) == Some(true))
        .then(|| pointer::push(hardware_at, "hotadd_cpu"));
    defaults::vnuma(workload, hotadd, defaults::VNUMA_MIN_VCPUS);
}
