//! Host load: for each host whose capacity `[hosts]` gives, the vCPUs and memory of the
//! workloads placed on it against its capacity × the ratio VML203 allows; and per cluster with
//! HA workloads, the failover view of VML204: what the HA workloads need against the cluster
//! without its largest host. The figures are the rules' own: the page asks the loaded policies
//! (`PolicySet::query` over the repository input) for VML203's `placed`, `vcpus`, `memory` and
//! `allowed_cpu` and VML204's `ha_workloads`, `members`, `survivors` and `demand`, so the
//! picture cannot drift from the findings (ratios configured in params included). Without the
//! rules (`--no-builtin`) there is nothing to draw.

use std::sync::Arc;

use serde_json::Value;

use super::summary::BAR;
use crate::pipeline::estate::{self, FileSummary};
use crate::policy::PolicySet;

/// One measure (vCPUs or memory) of a host or cluster.
pub struct Gauge {
    pub used: u64,
    pub capacity: u64,
    /// Capacity × the allowed ratio.
    pub allowed: u64,
    pub ratio: String,
    /// Bar widths (SVG units, the larger of `used` and `allowed` is the full bar).
    pub used_width: u32,
    pub allowed_width: u32,
    pub over: bool,
}

pub struct HostView {
    pub name: String,
    pub workloads: usize,
    pub cluster: String,
    pub cpu: Option<Gauge>,
    pub memory: Option<Gauge>,
    /// Why the CPU ratio is the latency-sensitive one.
    pub note: String,
    /// Workloads whose definitions state no vCPU count or memory size (counted as 0, as the
    /// rules count them).
    pub sizeless: String,
}

pub struct ClusterView {
    pub name: String,
    pub hosts: String,
    pub largest: String,
    pub ha_workloads: usize,
    pub cpu: Option<Gauge>,
    pub memory: Option<Gauge>,
}

pub struct HostLoad {
    pub hosts: Vec<HostView>,
    pub clusters: Vec<ClusterView>,
    /// Hosts with placed workloads but no capacity, and how many workloads each.
    pub unknown: Vec<(String, usize)>,
}

fn gauge(used: u64, capacity: u64, ratio: f64) -> Gauge {
    let allowed = (capacity as f64 * ratio).floor() as u64;
    let full = used.max(allowed).max(1) as f64;
    Gauge {
        used,
        capacity,
        allowed,
        ratio: format!("{ratio}:1"),
        used_width: ((used as f64 / full) * f64::from(BAR)).round() as u32,
        allowed_width: ((allowed as f64 / full) * f64::from(BAR)).round() as u32,
        over: used > allowed,
    }
}

/// Per placed host, what VML203 computes of it (`P` is its package).
const HOSTS: &str = r#"{host: {
    "workloads": count(group),
    "vcpus": P.vcpus(host),
    "memory": P.memory(host),
    "cpu_ratio": P.allowed_cpu(host)[0],
    "why": P.allowed_cpu(host)[1],
    "memory_ratio": P.memory_ratio,
    "no_cpu": count([w | some w in group; not w.cpu.count]),
    "no_memory": count([w | some w in group; not w.memory.size_mib])
} | some host, group in P.placed}"#;

/// Per cluster with HA workloads, what VML204 computes of it (`P` is its package); what is
/// undefined there (a member's capacity unknown) is an empty list here.
const CLUSTERS: &str = r#"{cluster: {
    "hosts": sort([h | some h in P.members[cluster]]),
    "ha": count(group),
    "cpus": [n | n := P.survivors(cluster, "cpus")],
    "memory": [n | n := P.survivors(cluster, "memory_mib")],
    "largest": [h | h := P.largest(cluster, "cpus")],
    "largest_by_memory": [h | h := P.largest(cluster, "memory_mib")],
    "demand_cpus": P.demand(cluster, "cpus"),
    "demand_memory": P.demand(cluster, "memory_mib"),
    "cpu_ratio": P.cpu_ratio,
    "memory_ratio": P.memory_ratio
} | some cluster, group in P.ha_workloads}"#;

/// `template` with `P` replaced by the package of rule `id`, evaluated over `input`.
fn ask(policies: &PolicySet, id: &str, template: &str, input: &regorus::Value) -> Value {
    let Some(rule) = policies.rule(id) else {
        return Value::Null;
    };
    let expression = template.replace("P.", &format!("{}.", rule.package));
    policies
        .query(input.clone(), &expression)
        .unwrap_or(Value::Null)
}

fn number(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(Value::as_f64).map(|n| n as u64)
}

fn ratio(value: &Value, key: &str) -> f64 {
    value.get(key).and_then(Value::as_f64).unwrap_or(1.0)
}

/// "2 of 3 workloads state no vCPU count; 1 of 3 no memory size: not counted", or empty.
fn sizeless(workloads: u64, no_cpu: u64, no_memory: u64) -> String {
    let mut parts = Vec::new();
    if no_cpu > 0 {
        parts.push(format!(
            "{no_cpu} of {workloads} workloads state no vCPU count"
        ));
    }
    if no_memory > 0 {
        parts.push(format!("{no_memory} of {workloads} no memory size"));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("{}: not counted", parts.join("; "))
}

fn host_view(name: &str, facts: &Value, hosts: &Value) -> HostView {
    let capacity = |key: &str| hosts.get(name).and_then(|host| number(host, key));
    let workloads = number(facts, "workloads").unwrap_or(0);
    let why = facts.get("why").and_then(Value::as_str).unwrap_or_default();
    HostView {
        name: name.to_string(),
        workloads: workloads as usize,
        cluster: hosts
            .get(name)
            .and_then(|host| host.get("cluster"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        cpu: capacity("cpus").map(|cpus| {
            gauge(
                number(facts, "vcpus").unwrap_or(0),
                cpus,
                ratio(facts, "cpu_ratio"),
            )
        }),
        memory: capacity("memory_mib").map(|mib| {
            gauge(
                number(facts, "memory").unwrap_or(0),
                mib,
                ratio(facts, "memory_ratio"),
            )
        }),
        note: why
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string(),
        sizeless: sizeless(
            workloads,
            number(facts, "no_cpu").unwrap_or(0),
            number(facts, "no_memory").unwrap_or(0),
        ),
    }
}

fn cluster_view(name: &str, facts: &Value) -> Option<ClusterView> {
    let first = |key: &str| facts.get(key).and_then(|list| list.get(0)).cloned();
    let cpus = first("cpus").and_then(|n| n.as_u64());
    let memory = first("memory").and_then(|n| n.as_u64());
    if cpus.is_none() && memory.is_none() {
        return None;
    }
    let hosts: Vec<&str> = facts
        .get("hosts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    Some(ClusterView {
        name: name.to_string(),
        hosts: hosts.join(", "),
        largest: first("largest")
            .or_else(|| first("largest_by_memory"))
            .and_then(|host| host.as_str().map(str::to_string))
            .unwrap_or_default(),
        ha_workloads: number(facts, "ha").unwrap_or(0) as usize,
        cpu: cpus.map(|cpus| {
            gauge(
                number(facts, "demand_cpus").unwrap_or(0),
                cpus,
                ratio(facts, "cpu_ratio"),
            )
        }),
        memory: memory.map(|mib| {
            let demand = number(facts, "demand_memory").unwrap_or(0);
            gauge(demand, mib, ratio(facts, "memory_ratio"))
        }),
    })
}

pub fn host_load(summaries: &[Arc<FileSummary>], hosts: &Value, policies: &PolicySet) -> HostLoad {
    let input = estate::input(summaries, hosts.clone());
    let placed = ask(policies, "VML203", HOSTS, &input);
    let clusters = ask(policies, "VML204", CLUSTERS, &input);
    HostLoad {
        hosts: placed
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, facts)| host_view(name, facts, hosts))
            .collect(),
        clusters: clusters
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(name, facts)| cluster_view(name, facts))
            .collect(),
        unknown: estate::hosts_without_capacity(summaries, hosts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gauge_draws_the_larger_of_use_and_allowance_full_width() {
        let over = gauge(40, 8, 4.0);
        assert_eq!((over.allowed, over.over), (32, true));
        assert_eq!((over.used_width, over.allowed_width), (BAR, BAR * 32 / 40));
        let under = gauge(8, 8, 4.0);
        assert!(!under.over);
        assert_eq!(under.allowed_width, BAR);
        assert_eq!(under.ratio, "4:1");
    }

    #[test]
    fn workloads_without_a_size_are_named() {
        assert_eq!(sizeless(3, 0, 0), "");
        assert_eq!(
            sizeless(2, 1, 1),
            "1 of 2 workloads state no vCPU count; 1 of 2 no memory size: not counted"
        );
    }

    #[test]
    fn the_figures_are_the_rules_own() {
        let policies = PolicySet::load(&crate::policy::PolicyOptions::default()).unwrap();
        let workload = |name: &str, cores: u64, role: &str| {
            serde_json::json!({
                "id": name, "name": name, "file": "main.tf",
                "placement": {"host": {"value": "pve1", "pointer": "/h"}},
                "cpu": {"count": {"value": cores, "pointer": "/c"}},
                "roles": [{"role": role, "pointer": "/r"}]
            })
        };
        let input = regorus::Value::from_json_str(
            &serde_json::json!({
                "workloads": [workload("web", 6, "general"), workload("trader", 4, "latency-sensitive")],
                "schedules": [],
                "hosts": {"pve1": {"cpus": 8}}
            })
            .to_string(),
        )
        .unwrap();
        let placed = ask(&policies, "VML203", HOSTS, &input);
        let host = host_view(
            "pve1",
            &placed["pve1"],
            &serde_json::json!({"pve1": {"cpus": 8}}),
        );
        let cpu = host.cpu.unwrap();
        // A latency-sensitive guest holds the host to 1:1, as VML203 says.
        assert_eq!((cpu.used, cpu.allowed, cpu.over), (10, 8, true));
        assert!(
            host.note.contains("`trader` is latency-sensitive"),
            "{}",
            host.note
        );
        assert_eq!(host.sizeless, "2 of 2 no memory size: not counted");
        assert!(host.memory.is_none());
    }
}
