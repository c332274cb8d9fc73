//! KubeVirt adapter: every VM-defining document of a stream is a workload, read from its VMI
//! spec (`spec.template.spec` for a VM or replica set, `spec` for a VMI,
//! `spec.virtualMachineTemplate.spec.template.spec` for a pool).

use serde_json::{Map, Value};

use super::KINDS;
use crate::document::{pointer, Document};
use crate::model::{
    parse_mib, Disk, Fact, Nic, PciDevice, PciKind, RealtimeScheduling, Text, UsbDevice, Workload,
};

type Object = Map<String, Value>;

pub fn extract(document: &Document) -> Vec<Workload> {
    let Some(documents) = document.tree.as_array() else {
        return Vec::new();
    };
    let mut workloads = Vec::new();
    for (index, manifest) in documents.iter().enumerate() {
        let Some(manifest) = manifest.as_object() else {
            continue;
        };
        let Some(kind) = manifest.get("kind").and_then(Value::as_str) else {
            continue;
        };
        if !KINDS.contains(&kind) {
            continue;
        }
        let at = pointer::push_index("", index);
        workloads.push(manifest_workload(kind, manifest, &at));
    }
    workloads
}

fn manifest_workload(kind: &str, manifest: &Object, at: &str) -> Workload {
    let name = manifest
        .get("metadata")
        .and_then(|metadata| metadata.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("unnamed")
        .to_string();
    let mut workload = Workload {
        id: format!("{kind} {name}"),
        name,
        kind: kind.to_string(),
        platform: "kubevirt".to_string(),
        pointer: at.to_string(),
        ..Workload::default()
    };
    let template_path: &[&str] = match kind {
        "VirtualMachineInstance" => &[],
        "VirtualMachinePool" => &["spec", "virtualMachineTemplate", "spec", "template"],
        _ => &["spec", "template"],
    };
    metadata_texts(
        manifest.get("metadata"),
        &pointer::push(at, "metadata"),
        &mut workload,
    );
    if let Some(replicas) = manifest.get("spec").and_then(|spec| spec.get("replicas")) {
        workload.replicated = Some(Fact::new(
            format!("{replicas} replicas"),
            pointer::push(&pointer::push(at, "spec"), "replicas"),
        ));
    }
    let (template, template_at) = descend(manifest, at, template_path);
    if let Some(template) = template {
        if !template_path.is_empty() {
            metadata_texts(
                template.get("metadata"),
                &pointer::push(&template_at, "metadata"),
                &mut workload,
            );
        }
        if let Some(spec) = template.get("spec").and_then(Value::as_object) {
            fill_from_vmi_spec(&mut workload, spec, &pointer::push(&template_at, "spec"));
        }
    }
    // A VM may set its eviction strategy outside the template too (older API).
    if kind == "VirtualMachine" {
        if let Some(spec) = manifest.get("spec").and_then(Value::as_object) {
            let spec_at = pointer::push(at, "spec");
            live_migration(&mut workload, spec, &spec_at);
            data_volume_templates(&mut workload, spec, &spec_at);
        }
    }
    workload
}

/// `dataVolumeTemplates[].spec.{storage,pvc}.storageClassName`: where the VM's disks live.
fn data_volume_templates(workload: &mut Workload, spec: &Object, at: &str) {
    for (template, template_at) in items(spec, "dataVolumeTemplates", at) {
        let template_spec_at = pointer::push(&template_at, "spec");
        for section in ["storage", "pvc"] {
            let class = template
                .get("spec")
                .and_then(|spec| spec.get(section))
                .and_then(|storage| storage.get("storageClassName"))
                .and_then(Value::as_str);
            let modes: Vec<&str> = template
                .get("spec")
                .and_then(|spec| spec.get(section))
                .and_then(|storage| storage.get("accessModes"))
                .and_then(Value::as_array)
                .map(|modes| modes.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            // A volume only one node can attach (`ReadWriteOnce`) cannot follow a live
            // migration; without `accessModes` the storage profile decides (unknown here).
            let single_node = !modes.is_empty()
                && modes
                    .iter()
                    .all(|mode| matches!(*mode, "ReadWriteOnce" | "ReadWriteOncePod"));
            let section_at = pointer::push(&template_spec_at, section);
            if class.is_some() || !modes.is_empty() {
                workload.disks.push(Disk {
                    pool: class.map(str::to_string),
                    local: (!modes.is_empty()).then_some(single_node),
                    locality: single_node.then(|| {
                        format!(
                            "`accessModes: [{}]`: one node at a time attaches it",
                            modes.join(", ")
                        )
                    }),
                    pointer: if single_node {
                        pointer::push(&section_at, "accessModes")
                    } else {
                        pointer::push(&section_at, "storageClassName")
                    },
                    ..Disk::default()
                });
            }
        }
    }
}

/// Follow `path` from `object`; returns the object reached and its pointer.
fn descend<'a>(object: &'a Object, at: &str, path: &[&str]) -> (Option<&'a Object>, String) {
    let mut current = Some(object);
    let mut current_at = at.to_string();
    for key in path {
        current = current
            .and_then(|object| object.get(*key))
            .and_then(Value::as_object);
        current_at = pointer::push(&current_at, key);
    }
    (current, current_at)
}

fn metadata_texts(metadata: Option<&Value>, at: &str, workload: &mut Workload) {
    let Some(metadata) = metadata.and_then(Value::as_object) else {
        return;
    };
    if let Some(name) = metadata.get("name").and_then(Value::as_str) {
        workload.texts.push(Text {
            field: "name",
            value: name.to_string(),
            pointer: pointer::push(at, "name"),
        });
    }
    for field in ["labels", "annotations"] {
        let Some(entries) = metadata.get(field).and_then(Value::as_object) else {
            continue;
        };
        let field_at = pointer::push(at, field);
        for (key, value) in entries {
            let Some(value) = crate::model::literal(Some(value)) else {
                continue;
            };
            workload.texts.push(Text {
                field: if field == "labels" {
                    "label"
                } else {
                    "annotation"
                },
                value: format!("{key}={value}"),
                pointer: pointer::push(&field_at, key),
            });
        }
    }
}

fn live_migration(workload: &mut Workload, spec: &Object, at: &str) {
    if spec.get("evictionStrategy").and_then(Value::as_str) == Some("LiveMigrate") {
        workload.availability.live_migration =
            Some(Fact::new(true, pointer::push(at, "evictionStrategy")));
    }
}

/// Read a VMI spec (`domain`, `nodeSelector`, `affinity`, `evictionStrategy`) into `workload`.
pub fn fill_from_vmi_spec(workload: &mut Workload, spec: &Object, at: &str) {
    live_migration(workload, spec, at);
    super::placement::read(workload, spec, at);
    // Images say what runs: `containerDisk: {image: quay.io/…/pfsense}`.
    for (volume, volume_at) in items(spec, "volumes", at) {
        if let Some(image) = volume
            .get("containerDisk")
            .and_then(|disk| disk.get("image"))
            .and_then(Value::as_str)
        {
            let image_at = pointer::push(&pointer::push(&volume_at, "containerDisk"), "image");
            workload.texts.push(Text {
                field: "image",
                value: image.to_string(),
                pointer: image_at,
            });
        }
    }
    let Some(domain) = spec.get("domain").and_then(Value::as_object) else {
        return;
    };
    let domain_at = pointer::push(at, "domain");
    read_cpu(workload, domain, &domain_at);
    read_memory(workload, domain, &domain_at);
    read_firmware(workload, domain, &domain_at);
    super::guarantees::read(workload, spec, at);
    if let Some(devices) = domain.get("devices").and_then(Value::as_object) {
        read_devices(workload, devices, &pointer::push(&domain_at, "devices"));
    }
}

fn read_cpu(workload: &mut Workload, domain: &Object, at: &str) {
    let Some(cpu) = domain.get("cpu").and_then(Value::as_object) else {
        return;
    };
    let cpu_at = pointer::push(at, "cpu");
    let count = ["cores", "sockets", "threads"]
        .iter()
        .map(|key| cpu.get(*key).and_then(Value::as_u64).unwrap_or(1))
        .product::<u64>();
    if ["cores", "sockets", "threads"]
        .iter()
        .any(|key| cpu.contains_key(*key))
    {
        workload.cpu.count = Some(Fact::new(count, cpu_at.clone()));
    }
    if let Some(model) = cpu.get("model").and_then(Value::as_str) {
        workload.cpu.model = Some(Fact::new(
            model.to_string(),
            pointer::push(&cpu_at, "model"),
        ));
    }
    if cpu.get("dedicatedCpuPlacement").and_then(Value::as_bool) == Some(true) {
        workload.cpu.dedicated = Some(Fact::new(
            true,
            pointer::push(&cpu_at, "dedicatedCpuPlacement"),
        ));
    }
    if cpu.contains_key("realtime") {
        workload.cpu.realtime_scheduling.push(RealtimeScheduling {
            scheduler: "realtime".to_string(),
            threads: "vCPUs".to_string(),
            priority: None,
            pointer: pointer::push(&cpu_at, "realtime"),
        });
    }
}

fn read_memory(workload: &mut Workload, domain: &Object, at: &str) {
    let memory_at = pointer::push(at, "memory");
    let memory = domain.get("memory").and_then(Value::as_object);
    if let Some(guest) = memory
        .and_then(|memory| memory.get("guest"))
        .and_then(Value::as_str)
    {
        if let Some(size) = parse_mib(guest) {
            workload.memory.size_mib = Some(Fact::new(size, pointer::push(&memory_at, "guest")));
        }
    } else if let Some(requested) = domain
        .get("resources")
        .and_then(|resources| resources.get("requests"))
        .and_then(|requests| requests.get("memory"))
        .and_then(Value::as_str)
    {
        if let Some(size) = parse_mib(requested) {
            let requests_at = pointer::push(&pointer::push(at, "resources"), "requests");
            workload.memory.size_mib = Some(Fact::new(size, pointer::push(&requests_at, "memory")));
        }
    }
    if let Some(page_size) = memory
        .and_then(|memory| memory.get("hugepages"))
        .and_then(|hugepages| hugepages.get("pageSize"))
        .and_then(Value::as_str)
    {
        workload.memory.hugepages = Some(Fact::new(
            page_size.to_string(),
            pointer::push(&memory_at, "hugepages"),
        ));
    }
}

fn read_firmware(workload: &mut Workload, domain: &Object, at: &str) {
    let Some(firmware) = domain.get("firmware").and_then(Value::as_object) else {
        return;
    };
    let firmware_at = pointer::push(at, "firmware");
    if let Some(uuid) = firmware.get("uuid").and_then(Value::as_str) {
        let uuid_at = pointer::push(&firmware_at, "uuid");
        workload
            .identity
            .pin(format!("firmware UUID {uuid}"), uuid_at.clone());
        workload.identity.smbios_uuid = Some(Fact::new(uuid.to_string(), uuid_at));
    }
    if let Some(serial) = firmware.get("serial").and_then(Value::as_str) {
        let serial_at = pointer::push(&firmware_at, "serial");
        workload
            .identity
            .pin(format!("firmware serial {serial}"), serial_at.clone());
        workload.identity.smbios_serial = Some(Fact::new(serial.to_string(), serial_at));
    }
}

fn items<'a>(object: &'a Object, key: &str, at: &str) -> Vec<(&'a Object, String)> {
    let list_at = pointer::push(at, key);
    object
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, item)| {
            item.as_object()
                .map(|item| (item, pointer::push_index(&list_at, index)))
        })
        .collect()
}

fn read_devices(workload: &mut Workload, devices: &Object, at: &str) {
    // hostDevices name a resource the cluster permits (`permittedHostDevices.usb` or
    // `.pciHostDevices`); the resource or device name is how a manifest tells USB apart.
    for (device, device_at) in items(devices, "hostDevices", at) {
        let resource = device
            .get("deviceName")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let name = device
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if resource.to_ascii_lowercase().contains("usb")
            || name.to_ascii_lowercase().contains("usb")
        {
            workload.usb_devices.push(UsbDevice {
                vendor_id: None,
                product_id: None,
                selector: format!("resource `{resource}`"),
                mapping: Some(resource.to_string()),
                pointer: device_at,
            });
        } else {
            workload.pci_devices.push(PciDevice {
                kind: PciKind::Pci,
                selector: format!("resource `{resource}`"),
                mapping: None,
                migration: None,
                share: crate::model::gpu::share_of_resource(resource),
                pointer: device_at,
            });
        }
    }
    for (gpu, gpu_at) in items(devices, "gpus", at) {
        let field = |key: &str| gpu.get(key).and_then(Value::as_str);
        // A device-plugin resource, or a dynamic resource allocation claim.
        let selector = match (field("deviceName"), field("claimName")) {
            (Some(resource), _) => format!("resource `{resource}`"),
            (None, Some(claim)) => format!("claim `{claim}`"),
            (None, None) => format!("`{}`", field("name").unwrap_or("unnamed")),
        };
        workload.pci_devices.push(PciDevice {
            kind: PciKind::Gpu,
            selector,
            mapping: None,
            migration: None,
            share: field("deviceName").and_then(crate::model::gpu::share_of_resource),
            pointer: gpu_at,
        });
    }
    for (interface, interface_at) in items(devices, "interfaces", at) {
        let name = interface.get("name").and_then(Value::as_str).unwrap_or("?");
        let mac = interface
            .get("macAddress")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(mac) = &mac {
            let mac = mac.to_ascii_lowercase();
            let mac_at = pointer::push(&interface_at, "macAddress");
            workload
                .identity
                .pin(format!("static MAC {mac}"), mac_at.clone());
            workload.identity.macs.push(Fact::new(mac, mac_at));
        }
        if interface.contains_key("sriov") {
            workload.pci_devices.push(PciDevice {
                kind: PciKind::Sriov,
                selector: format!("for interface `{name}`"),
                // KubeVirt live-migrates such a VM by unplugging the function first.
                mapping: None,
                migration: Some(
                    "KubeVirt unplugs it before a live migration and plugs a new function on \
                     the target, so the guest loses that NIC and its traffic during every move"
                        .to_string(),
                ),
                share: None,
                pointer: interface_at.clone(),
            });
        }
        workload.nics.push(Nic {
            model: interface
                .get("model")
                .and_then(Value::as_str)
                .map(str::to_string),
            network: Some(name.to_string()),
            mac,
            dedicated: false,
            pointer: interface_at,
        });
    }
}
