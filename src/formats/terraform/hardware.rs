//! What Terraform VM resources state about sizing, identity, NICs, disks, placement and time
//! sync, provider by provider (bpg and Telmate Proxmox, vSphere, AWS). Passthrough devices are
//! read in `workloads.rs`; this module fills the rest of the [`Workload`].

use serde_json::{Map, Value};

use super::workloads::blocks;
use crate::document::pointer;
use crate::formats::vmx;
use crate::model::{literal, parse_mib, Disk, Fact, Nic, PciDevice, PciKind, Workload};

type Body = Map<String, Value>;

pub fn read(resource_type: &str, body: &Body, at: &str, workload: &mut Workload) {
    match resource_type {
        "proxmox_virtual_environment_vm" => bpg(body, at, workload),
        "proxmox_vm_qemu" => super::telmate::read(body, at, workload),
        "vsphere_virtual_machine" => vsphere(body, at, workload),
        "libvirt_domain" => super::libvirt_provider::read(body, at, workload),
        "aws_instance" => {
            cloud_size(body, at, "instance_type", workload);
            cloud_disks(body, at, workload);
            if let Some((key, host)) = first_literal(body, &["host_id", "host_resource_group_arn"])
            {
                workload.placement.host = Some(Fact::new(host, pointer::push(at, key)));
            }
            dedicated_if_present(body, at, &["host_id", "host_resource_group_arn"], workload);
            if literal(body.get("tenancy")).is_some_and(|tenancy| tenancy != "default") {
                workload.placement.dedicated = Some(Fact::new(true, pointer::push(at, "tenancy")));
            }
        }
        "azurerm_linux_virtual_machine"
        | "azurerm_windows_virtual_machine"
        | "azurerm_virtual_machine" => {
            cloud_size(body, at, "size", workload);
            cloud_size(body, at, "vm_size", workload);
            cloud_disks(body, at, workload);
            if let Some(host) = literal(body.get("dedicated_host_id")) {
                workload.placement.host =
                    Some(Fact::new(host, pointer::push(at, "dedicated_host_id")));
            }
            dedicated_if_present(
                body,
                at,
                &["dedicated_host_id", "dedicated_host_group_id"],
                workload,
            );
        }
        "google_compute_instance" | "google_compute_instance_template" => {
            cloud_size(body, at, "machine_type", workload);
            cloud_disks(body, at, workload);
            gcp(body, at, workload)
        }
        _ => {}
    }
    for key in ["count", "for_each"] {
        if let Some(value) = body.get(key) {
            let shown = literal(Some(value)).unwrap_or_else(|| {
                value
                    .as_str()
                    .map(|text| {
                        text.trim_start_matches("${")
                            .trim_end_matches('}')
                            .to_string()
                    })
                    .unwrap_or_else(|| value.to_string())
            });
            workload.replicated = Some(Fact::new(
                format!("{key} = {shown}"),
                pointer::push(at, key),
            ));
        }
    }
}

/// Cloud providers do not overcommit memory, nor the vCPUs of their regular machine types:
/// only burstable and shared-core types (AWS `t2`/`t3`/`t3a`/`t4g`, Azure `B`-series, GCP
/// `e2-micro|small|medium`, `f1-micro`, `g1-small`) share CPUs with other tenants.
fn cloud_size(body: &Body, at: &str, key: &str, workload: &mut Workload) {
    let Some(size) = literal(body.get(key)) else {
        return;
    };
    let size_at = pointer::push(at, key);
    if let Some(share) = crate::model::gpu::cloud_share(&size) {
        workload.pci_devices.push(PciDevice {
            kind: PciKind::Gpu,
            selector: format!("size {size}"),
            mapping: None,
            migration: Some(
                "the cloud does not live-migrate GPU instances: host maintenance stops or \
                 redeploys the VM"
                    .to_string(),
            ),
            share: Some(share),
            pointer: size_at.clone(),
        });
    }
    workload.memory.locked = Some(Fact::new(true, size_at.clone()));
    if !is_shared_core(&size) {
        workload.cpu.dedicated = Some(Fact::new(true, size_at));
    }
}

fn is_shared_core(size: &str) -> bool {
    let size = size.to_ascii_lowercase();
    let family = size.split(['.', '-']).next().unwrap_or_default();
    matches!(family, "t1" | "t2" | "t3" | "t3a" | "t4g")
        || size.starts_with("standard_b")
        || matches!(
            size.as_str(),
            "e2-micro" | "e2-small" | "e2-medium" | "f1-micro" | "g1-small"
        )
}

/// A dedicated host named by any of `keys`, even through a reference
/// (`azurerm_dedicated_host.db.id`).
fn dedicated_if_present(body: &Body, at: &str, keys: &[&str], workload: &mut Workload) {
    if let Some(key) = keys.iter().find(|key| body.contains_key(**key)) {
        workload.placement.dedicated = Some(Fact::new(true, pointer::push(at, key)));
    }
}

fn first_literal<'a>(body: &Body, keys: &[&'a str]) -> Option<(&'a str, String)> {
    keys.iter()
        .find_map(|key| literal(body.get(*key)).map(|value| (*key, value)))
}

fn number(body: &Body, key: &str) -> Option<u64> {
    literal(body.get(key))?.parse().ok()
}

fn set_count(workload: &mut Workload, count: Option<u64>, pointer: String) {
    if let Some(count) = count {
        workload.cpu.count = Some(Fact::new(count, pointer));
    }
}

pub(super) fn push_nic(
    workload: &mut Workload,
    nic: &Body,
    nic_at: String,
    mac_key: &str,
    model_key: &str,
    network_key: &str,
) {
    let mac = literal(nic.get(mac_key)).map(|mac| mac.to_ascii_lowercase());
    if let Some(mac) = &mac {
        let mac_at = pointer::push(&nic_at, mac_key);
        workload
            .identity
            .macs
            .push(Fact::new(mac.clone(), mac_at.clone()));
        workload.identity.pin(format!("static MAC {mac}"), mac_at);
    }
    workload.nics.push(Nic {
        model: literal(nic.get(model_key)),
        network: literal(nic.get(network_key)),
        mac,
        dedicated: false,
        pointer: nic_at,
    });
}

pub(super) fn smbios(body: &Body, at: &str, workload: &mut Workload) {
    for (smbios, smbios_at) in blocks(body, "smbios", at) {
        if let Some(uuid) = literal(smbios.get("uuid")) {
            let uuid_at = pointer::push(&smbios_at, "uuid");
            workload
                .identity
                .pin(format!("SMBIOS UUID {uuid}"), uuid_at.clone());
            workload.identity.smbios_uuid = Some(Fact::new(uuid, uuid_at));
        }
        if let Some(serial) = literal(smbios.get("serial")) {
            let serial_at = pointer::push(&smbios_at, "serial");
            workload
                .identity
                .pin(format!("SMBIOS serial {serial}"), serial_at.clone());
            workload.identity.smbios_serial = Some(Fact::new(serial, serial_at));
        }
    }
}

/// bpg/proxmox `proxmox_virtual_environment_vm`.
fn bpg(body: &Body, at: &str, workload: &mut Workload) {
    if let Some(node) = literal(body.get("node_name")) {
        workload.placement.host = Some(Fact::new(node, pointer::push(at, "node_name")));
    }
    for (cpu, cpu_at) in blocks(body, "cpu", at) {
        let count = number(cpu, "cores").map(|cores| cores * number(cpu, "sockets").unwrap_or(1));
        set_count(workload, count, cpu_at.clone());
        if let Some(model) = literal(cpu.get("type")) {
            workload.cpu.model = Some(Fact::new(model, pointer::push(&cpu_at, "type")));
        }
        if literal(cpu.get("affinity")).is_some() {
            workload.cpu.dedicated = Some(Fact::new(true, pointer::push(&cpu_at, "affinity")));
        }
        if let Some(numa) = literal(cpu.get("numa")) {
            workload.cpu.numa = Some(Fact::new(numa == "true", pointer::push(&cpu_at, "numa")));
        }
        // `flags = ["-spec-ctrl", "+pdpe1gb"]`.
        if let Some(Value::Array(flags)) = cpu.get("flags") {
            let flags_at = pointer::push(&cpu_at, "flags");
            for (index, flag) in flags.iter().enumerate() {
                let Some(flag) = literal(Some(flag)) else {
                    continue;
                };
                for weakening in crate::model::cpu_flags::weakenings_of_list(&flag) {
                    workload
                        .cpu
                        .weakenings
                        .push(Fact::new(weakening, pointer::push_index(&flags_at, index)));
                }
            }
        }
    }
    for (memory, memory_at) in blocks(body, "memory", at) {
        if let Some(size) = literal(memory.get("dedicated")).and_then(|size| parse_mib(&size)) {
            workload.memory.size_mib =
                Some(Fact::new(size, pointer::push(&memory_at, "dedicated")));
        }
        if let Some(hugepages) = literal(memory.get("hugepages")) {
            workload.memory.hugepages =
                Some(Fact::new(hugepages, pointer::push(&memory_at, "hugepages")));
        }
        // `floating` is the balloon's minimum; 0 (the default) switches ballooning off.
        if let Some(floating) = number(memory, "floating") {
            let written = |key: &str, mib: u64| format!("`{key} = {mib}`");
            let floating_at = pointer::push(&memory_at, "floating");
            workload
                .memory
                .balloon(floating, ("floating", "dedicated"), written, floating_at);
        }
    }
    for (nic, nic_at) in blocks(body, "network_device", at) {
        push_nic(workload, nic, nic_at, "mac_address", "model", "bridge");
    }
    for (disk, disk_at) in blocks(body, "disk", at) {
        workload.disks.push(Disk {
            pool: literal(disk.get("datastore_id")),
            cache: literal(disk.get("cache")),
            pointer: disk_at,
            ..Disk::default()
        });
    }
    smbios(body, at, workload);
    for (os, os_at) in blocks(body, "operating_system", at) {
        if let Some(kind) = literal(os.get("type")) {
            workload.guest_os = Some(Fact::new(kind, pointer::push(&os_at, "type")));
        }
    }
    for (serial, serial_at) in blocks(body, "serial_device", at) {
        if let Some(device) =
            literal(serial.get("device")).filter(|device| device.starts_with("/dev/"))
        {
            workload.host_ports.push(Fact::new(device, serial_at));
        }
    }
}

/// Cloud disks: AWS `root_block_device`/`ebs_block_device`, Azure `os_disk`/`storage_os_disk`,
/// GCP `boot_disk.initialize_params` — their volume type and provisioned IOPS.
fn cloud_disks(body: &Body, at: &str, workload: &mut Workload) {
    for (block, type_key) in [
        ("root_block_device", "volume_type"),
        ("ebs_block_device", "volume_type"),
        ("os_disk", "storage_account_type"),
        ("storage_os_disk", "managed_disk_type"),
    ] {
        for (disk, disk_at) in blocks(body, block, at) {
            workload.disks.push(Disk {
                volume_type: literal(disk.get(type_key)),
                iops: number(disk, "iops").or_else(|| number(disk, "disk_iops_read_write")),
                pointer: disk_at,
                ..Disk::default()
            });
        }
    }
    for (boot, boot_at) in blocks(body, "boot_disk", at) {
        for (params, params_at) in blocks(boot, "initialize_params", &boot_at) {
            workload.disks.push(Disk {
                volume_type: literal(params.get("type")),
                iops: number(params, "provisioned_iops"),
                pointer: params_at,
                ..Disk::default()
            });
        }
    }
}

/// Google: `scheduling { on_host_maintenance = "MIGRATE" }` is live migration;
/// `node_affinities` pin to sole-tenant nodes.
fn gcp(body: &Body, at: &str, workload: &mut Workload) {
    for (scheduling, scheduling_at) in blocks(body, "scheduling", at) {
        if literal(scheduling.get("on_host_maintenance")).as_deref() == Some("MIGRATE") {
            workload.availability.live_migration = Some(Fact::new(
                true,
                pointer::push(&scheduling_at, "on_host_maintenance"),
            ));
        }
        let affinities = blocks(scheduling, "node_affinities", &scheduling_at);
        if let Some((affinity, affinity_at)) = affinities.into_iter().next() {
            let value = literal(affinity.get("values").and_then(|values| values.get(0)))
                .unwrap_or_else(|| "a sole-tenant node".to_string());
            workload.placement.host = Some(Fact::new(value, affinity_at.clone()));
            workload.placement.dedicated = Some(Fact::new(true, affinity_at));
        }
    }
}

/// hashicorp/vsphere `vsphere_virtual_machine`; `extra_config` holds `.vmx` keys.
fn vsphere(body: &Body, at: &str, workload: &mut Workload) {
    set_count(
        workload,
        number(body, "num_cpus"),
        pointer::push(at, "num_cpus"),
    );
    if let Some(size) = number(body, "memory") {
        workload.memory.size_mib = Some(Fact::new(size, pointer::push(at, "memory")));
        if number(body, "memory_reservation") == Some(size) {
            workload.memory.locked = Some(Fact::new(true, pointer::push(at, "memory_reservation")));
        }
    }
    if literal(body.get("memory_reservation_locked_to_max")).as_deref() == Some("true") {
        workload.memory.locked = Some(Fact::new(
            true,
            pointer::push(at, "memory_reservation_locked_to_max"),
        ));
    }
    vsphere_guarantees(body, at, workload);
    // `latency_sensitivity = "high"` gives vCPUs exclusive physical cores only with a CPU
    // reservation behind it.
    if literal(body.get("latency_sensitivity")).is_some_and(|level| level == "high")
        && number(body, "cpu_reservation").is_some_and(|mhz| mhz > 0)
    {
        workload.cpu.dedicated = Some(Fact::new(true, pointer::push(at, "latency_sensitivity")));
    }
    if let Some(guest) = literal(body.get("guest_id")) {
        workload.guest_os = Some(Fact::new(guest, pointer::push(at, "guest_id")));
    }
    if let Some(host) = literal(body.get("host_system_id")) {
        workload.placement.host = Some(Fact::new(host, pointer::push(at, "host_system_id")));
    }
    // `sync_time_with_host` alone steps the clock at boot and resume only, which VMware
    // recommends even with NTP in the guest; periodic sync is what fights the guest's NTP.
    if literal(body.get("sync_time_with_host_periodically")).as_deref() == Some("true") {
        workload.clock.host_sync = Some(Fact::new(
            true,
            pointer::push(at, "sync_time_with_host_periodically"),
        ));
    }
    for (nic, nic_at) in blocks(body, "network_interface", at) {
        if literal(nic.get("use_static_mac")).as_deref() == Some("true") {
            push_nic(
                workload,
                nic,
                nic_at,
                "mac_address",
                "adapter_type",
                "network_id",
            );
        } else {
            workload.nics.push(Nic {
                model: literal(nic.get("adapter_type")),
                network: literal(nic.get("network_id")),
                mac: None,
                dedicated: false,
                pointer: nic_at,
            });
        }
    }
    for (disk, disk_at) in blocks(body, "disk", at) {
        workload.disks.push(Disk {
            pool: literal(disk.get("datastore_id")),
            thin: literal(disk.get("thin_provisioned")).map(|thin| thin == "true"),
            pointer: disk_at,
            ..Disk::default()
        });
    }
    if let Some(extra) = body.get("extra_config").and_then(Value::as_object) {
        let extra_at = pointer::push(at, "extra_config");
        let settings: Vec<vmx::workloads::Setting> = extra
            .iter()
            .filter_map(|(key, value)| {
                Some(vmx::workloads::Setting {
                    key: key.to_ascii_lowercase(),
                    value: literal(Some(value))?,
                    pointer: pointer::push(&extra_at, key),
                })
            })
            .collect();
        let name = workload.name.clone();
        vmx::workloads::fill(workload, &settings);
        workload.name = name;
    }
}

/// vSphere memory reservation, nested virtualization and vNUMA, as the provider documents them:
/// `memory_reservation` defaults to 0 (all of the memory can be reclaimed by ballooning,
/// compression and host swapping), `nested_hv_enabled` to false; ESXi gives a guest a vNUMA
/// topology from 9 vCPUs (`numa.vcpu.min`), except when CPU hot add is on.
fn vsphere_guarantees(body: &Body, at: &str, workload: &mut Workload) {
    let stated = body.contains_key("memory_reservation").then(|| {
        let mib = number(body, "memory_reservation").unwrap_or(0);
        vmx::defaults::Reservation {
            mib,
            written: format!("`memory_reservation = {mib}`"),
            pointer: pointer::push(at, "memory_reservation"),
        }
    });
    vmx::defaults::unreserved_memory(workload, "memory_reservation", stated);
    if literal(body.get("nested_hv_enabled")).as_deref() == Some("true") {
        vmx::defaults::nested_virtualization(
            workload,
            "nested_hv_enabled = true",
            pointer::push(at, "nested_hv_enabled"),
        );
    }
    let hotadd = (literal(body.get("cpu_hot_add_enabled")).as_deref() == Some("true"))
        .then(|| pointer::push(at, "cpu_hot_add_enabled"));
    vmx::defaults::vnuma(workload, hotadd, vmx::defaults::VNUMA_MIN_VCPUS);
}
