//! Every pointer a workload holds, for rewriting them in place (a deployed instance's pointers
//! become traces, see `formats/provenance.rs`). A test checks that no field is missed: the
//! pointers visited are exactly the `pointer` strings of the workload's serialised form.

use super::{Fact, Workload};

/// Call `visit` on every pointer of `workload` (facts, devices, disks, backups, roles, texts).
pub fn visit(workload: &mut Workload, visit: &mut dyn FnMut(&mut String)) {
    fn fact<T>(fact: &mut Option<Fact<T>>, visit: &mut dyn FnMut(&mut String)) {
        if let Some(fact) = fact {
            visit(&mut fact.pointer);
        }
    }
    visit(&mut workload.pointer);
    fact(&mut workload.replicated, visit);
    let identity = &mut workload.identity;
    identity
        .macs
        .iter_mut()
        .for_each(|mac| visit(&mut mac.pointer));
    fact(&mut identity.smbios_uuid, visit);
    fact(&mut identity.smbios_serial, visit);
    identity
        .pinned
        .iter_mut()
        .for_each(|pin| visit(&mut pin.pointer));
    let cpu = &mut workload.cpu;
    fact(&mut cpu.count, visit);
    fact(&mut cpu.model, visit);
    fact(&mut cpu.dedicated, visit);
    cpu.required_features
        .iter_mut()
        .for_each(|feature| visit(&mut feature.pointer));
    fact(&mut cpu.numa, visit);
    cpu.weakenings
        .iter_mut()
        .for_each(|weakening| visit(&mut weakening.pointer));
    cpu.realtime_scheduling
        .iter_mut()
        .for_each(|item| visit(&mut item.pointer));
    let memory = &mut workload.memory;
    fact(&mut memory.size_mib, visit);
    fact(&mut memory.hugepages, visit);
    fact(&mut memory.locked, visit);
    memory
        .reclaimable
        .iter_mut()
        .for_each(|item| visit(&mut item.pointer));
    workload
        .disks
        .iter_mut()
        .for_each(|disk| visit(&mut disk.pointer));
    workload
        .nics
        .iter_mut()
        .for_each(|nic| visit(&mut nic.pointer));
    workload
        .usb_devices
        .iter_mut()
        .for_each(|device| visit(&mut device.pointer));
    workload
        .pci_devices
        .iter_mut()
        .for_each(|device| visit(&mut device.pointer));
    workload
        .host_ports
        .iter_mut()
        .for_each(|port| visit(&mut port.pointer));
    workload
        .consoles
        .iter_mut()
        .for_each(|console| visit(&mut console.pointer));
    workload
        .isolation_weakenings
        .iter_mut()
        .for_each(|weakening| visit(&mut weakening.pointer));
    fact(&mut workload.clock.offset, visit);
    fact(&mut workload.clock.host_sync, visit);
    fact(&mut workload.clock.guest_sync, visit);
    fact(&mut workload.guest_os, visit);
    fact(&mut workload.availability.ha, visit);
    fact(&mut workload.availability.live_migration, visit);
    fact(&mut workload.availability.restricted_to, visit);
    fact(&mut workload.placement.host, visit);
    fact(&mut workload.placement.cluster, visit);
    fact(&mut workload.placement.anti_affinity, visit);
    fact(&mut workload.placement.dedicated, visit);
    workload
        .backups
        .iter_mut()
        .for_each(|backup| visit(&mut backup.pointer));
    fact(&mut workload.snapshot_quiescing, visit);
    workload
        .roles
        .iter_mut()
        .for_each(|role| visit(&mut role.pointer));
    workload
        .texts
        .iter_mut()
        .for_each(|text| visit(&mut text.pointer));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `pointer` string of a serialised value, in order.
    fn serialised(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(object) => {
                for (key, item) in object {
                    match (key.as_str(), item) {
                        ("pointer", serde_json::Value::String(pointer)) => {
                            out.push(pointer.clone())
                        }
                        _ => serialised(item, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| serialised(item, out)),
            _ => {}
        }
    }

    #[test]
    fn every_pointer_of_every_format_is_visited() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut checked = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let crate::formats::Detection::Lint(format) = crate::formats::detect(&path, &text)
                else {
                    continue;
                };
                let Ok(document) =
                    crate::formats::parse(format, path.clone(), std::sync::Arc::from(text))
                else {
                    continue;
                };
                for mut workload in
                    crate::formats::extract_workloads(&document, &Default::default())
                {
                    let mut expected = Vec::new();
                    serialised(&serde_json::to_value(&workload).unwrap(), &mut expected);
                    expected.extend(workload.texts.iter().map(|text| text.pointer.clone()));
                    let mut seen = Vec::new();
                    visit(&mut workload, &mut |pointer| seen.push(pointer.clone()));
                    expected.sort();
                    seen.sort();
                    assert_eq!(seen, expected, "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked >= 7, "{checked} workloads");
    }
}
