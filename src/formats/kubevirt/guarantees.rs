//! What a KubeVirt VMI spec says about the resources the node guarantees it (the KubeVirt
//! API, kubevirt.io/v1): guest memory above the memory request (overcommit: the node never
//! reserved the difference), a guest NUMA topology (`cpu.numa.guestMappingPassthrough`), CPU
//! features that weaken isolation (`cpu.features[]`, `policy` defaulting to `require`), and a
//! node selection that keeps a migratable VM on chosen nodes.

use serde_json::{Map, Value};

use crate::document::pointer;
use crate::model::{cpu_flags, parse_mib, Fact, Workload};

type Object = Map<String, Value>;

pub fn read(workload: &mut Workload, spec: &Object, at: &str) {
    if let Some(selector) = spec.get("nodeSelector").and_then(Value::as_object) {
        let labels: Vec<String> = selector
            .iter()
            .map(|(key, value)| format!("{key}={}", value.as_str().unwrap_or("?")))
            .collect();
        if !labels.is_empty() {
            workload.availability.restricted_to = Some(Fact::new(
                format!("`nodeSelector` {}", labels.join(", ")),
                pointer::push(at, "nodeSelector"),
            ));
        }
    } else if let Some(required) = spec
        .get("affinity")
        .and_then(|affinity| affinity.get("nodeAffinity"))
        .and_then(|affinity| affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    {
        if required.is_object() {
            workload.availability.restricted_to = Some(Fact::new(
                "a required node affinity".to_string(),
                pointer::push(&pointer::push(at, "affinity"), "nodeAffinity"),
            ));
        }
    }
    let Some(domain) = spec.get("domain").and_then(Value::as_object) else {
        return;
    };
    let domain_at = pointer::push(at, "domain");
    memory_overcommit(workload, domain, &domain_at);
    let Some(cpu) = domain.get("cpu").and_then(Value::as_object) else {
        return;
    };
    let cpu_at = pointer::push(&domain_at, "cpu");
    if let Some(numa) = cpu.get("numa").and_then(Value::as_object) {
        if numa.contains_key("guestMappingPassthrough") {
            let numa_at = pointer::push(&cpu_at, "numa");
            workload.cpu.numa = Some(Fact::new(
                true,
                pointer::push(&numa_at, "guestMappingPassthrough"),
            ));
        }
    }
    let features_at = pointer::push(&cpu_at, "features");
    for (index, feature) in cpu
        .get("features")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(name) = feature.get("name").and_then(Value::as_str) else {
            continue;
        };
        let enabled = match feature
            .get("policy")
            .and_then(Value::as_str)
            .unwrap_or("require")
        {
            "require" | "force" | "optional" => true,
            "disable" | "forbid" => false,
            _ => continue,
        };
        if let Some(weakening) = cpu_flags::weakening(name, enabled) {
            workload.cpu.weakenings.push(Fact::new(
                weakening,
                pointer::push_index(&features_at, index),
            ));
        }
    }
}

/// `memory.guest` above `resources.requests.memory`: the node schedules the request and the
/// guest may use more, which the node reclaims under pressure (or the VM is OOM-killed).
fn memory_overcommit(workload: &mut Workload, domain: &Object, at: &str) {
    let guest = domain
        .get("memory")
        .and_then(|memory| memory.get("guest"))
        .and_then(Value::as_str);
    let request = domain
        .get("resources")
        .and_then(|resources| resources.get("requests"))
        .and_then(|requests| requests.get("memory"))
        .and_then(Value::as_str);
    let (Some(guest), Some(request)) = (guest, request) else {
        return;
    };
    if let (Some(guest_mib), Some(request_mib)) = (parse_mib(guest), parse_mib(request)) {
        if guest_mib > request_mib {
            workload.memory.reclaimable.push(Fact::new(
                format!(
                    "`memory.guest: {guest}` is above the request `{request}`: the node reserves only the request"
                ),
                pointer::push(&pointer::push(at, "memory"), "guest"),
            ));
        }
    }
}
