//! What a libvirt domain says about the resources the host guarantees it (formatdomain.html):
//! memory the balloon may take back (`<currentMemory>` below `<memory>` while a
//! `<memballoon>` is present — libvirt adds a virtio balloon to KVM guests unless
//! `model='none'`), a guest NUMA topology (`<numatune>`, `<cpu><numa>`), and CPU features
//! that weaken isolation (mitigations with `policy='disable'|'forbid'`, `vmx`/`svm` with
//! `policy='require'|'force'|'optional'`).

use serde_json::{Map, Value};

use super::elements::{attribute, children, first, text};
use crate::model::{cpu_flags, parse_mib, Fact, Workload};

type Element = Map<String, Value>;

pub fn read(domain: &Element, at: &str, workload: &mut Workload) {
    balloon(domain, at, workload);
    if let Some((_, numatune_at)) = first(domain, "numatune", at) {
        workload.cpu.numa = Some(Fact::new(true, numatune_at));
    }
    if let Some((cpu, cpu_at)) = first(domain, "cpu", at) {
        if let Some((_, numa_at)) = first(cpu, "numa", &cpu_at) {
            workload.cpu.numa = Some(Fact::new(true, numa_at));
        }
        for (feature, feature_at) in children(cpu, "feature", &cpu_at) {
            let Some(name) = attribute(feature, "name") else {
                continue;
            };
            // `policy` defaults to `require`.
            let enabled = match attribute(feature, "policy").unwrap_or("require") {
                "require" | "force" | "optional" => true,
                "disable" | "forbid" => false,
                _ => continue,
            };
            if let Some(weakening) = cpu_flags::weakening(name, enabled) {
                workload
                    .cpu
                    .weakenings
                    .push(Fact::new(weakening, feature_at));
            }
        }
    }
}

fn balloon(domain: &Element, at: &str, workload: &mut Workload) {
    let Some(size) = workload.memory.size_mib.clone() else {
        return;
    };
    let Some((current, current_at)) = first(domain, "currentMemory", at) else {
        return;
    };
    let unit = attribute(current, "unit").unwrap_or("KiB");
    let Some(current_mib) = text(current).and_then(|value| parse_mib(&format!("{value}{unit}")))
    else {
        return;
    };
    let balloon_off = children(domain, "devices", at).iter().any(|(devices, _)| {
        first(devices, "memballoon", "")
            .is_some_and(|(balloon, _)| attribute(balloon, "model") == Some("none"))
    });
    if current_mib < size.value && !balloon_off {
        workload.memory.reclaimable.push(Fact::new(
            format!(
                "the balloon holds it at {current_mib} MiB of its {} MiB (`<currentMemory>` below `<memory>`)",
                size.value
            ),
            current_at,
        ));
    }
}
