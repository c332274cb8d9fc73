//! Host load: for each host whose capacity `[hosts]` gives, the vCPUs and memory of the
//! workloads placed on it against its capacity × the ratio VML203 allows (the latency-sensitive
//! ratio when such a guest is there, as the rule does); and per cluster with HA workloads, the
//! failover view of VML204: what the HA workloads need against the cluster without its
//! largest host. Ratios are the rules' own values, configured parameters applied.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;

use super::summary::BAR;
use crate::pipeline::estate::FileSummary;
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

/// What the load views read of a workload.
struct Placed {
    name: String,
    host: Option<String>,
    cluster: Option<String>,
    vcpus: Option<u64>,
    memory_mib: Option<u64>,
    ha: bool,
    sensitive: bool,
}

fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, key| value.get(key))
}

fn placed(value: &Value) -> Option<Placed> {
    if value
        .get("reference")
        .is_some_and(|r| r.as_bool() != Some(false))
    {
        return None;
    }
    let text = |path: &[&str]| at(value, path).and_then(Value::as_str).map(str::to_string);
    let number = |path: &[&str]| at(value, path).and_then(Value::as_f64).map(|n| n as u64);
    Some(Placed {
        name: text(&["name"]).unwrap_or_default(),
        host: text(&["placement", "host", "value"]),
        cluster: text(&["placement", "cluster", "value"]),
        vcpus: number(&["cpu", "count", "value"]),
        memory_mib: number(&["memory", "size_mib", "value"]),
        ha: at(value, &["availability", "ha", "value"]).and_then(Value::as_bool) == Some(true),
        sensitive: value
            .get("roles")
            .and_then(Value::as_array)
            .is_some_and(|roles| {
                roles.iter().any(|role| {
                    matches!(
                        role.get("role").and_then(Value::as_str),
                        Some("latency-sensitive" | "realtime")
                    )
                })
            }),
    })
}

fn ratio(policies: &PolicySet, id: &str, name: &str, default: f64) -> f64 {
    policies
        .rule_value(id, name)
        .and_then(|value| value.as_f64())
        .unwrap_or(default)
}

pub fn host_load(summaries: &[Arc<FileSummary>], hosts: &Value, policies: &PolicySet) -> HostLoad {
    let workloads: Vec<Placed> = summaries
        .iter()
        .flat_map(|summary| &summary.workloads)
        .filter_map(|value| serde_json::to_value(value).ok())
        .filter_map(|value| placed(&value))
        .collect();
    let cpu_ratio = ratio(policies, "VML203", "cpu_ratio", 4.0);
    let latency_ratio = ratio(policies, "VML203", "latency_cpu_ratio", 1.0);
    let memory_ratio = ratio(policies, "VML203", "memory_ratio", 1.0);
    let capacity = |host: &str, key: &str| at(hosts, &[host, key]).and_then(Value::as_u64);
    let cluster_of = |workload: &Placed| {
        workload
            .host
            .as_deref()
            .and_then(|host| at(hosts, &[host, "cluster"]))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| workload.cluster.clone())
    };
    let mut by_host: BTreeMap<&str, Vec<&Placed>> = BTreeMap::new();
    for workload in &workloads {
        if let Some(host) = &workload.host {
            by_host.entry(host).or_default().push(workload);
        }
    }
    let mut views = Vec::new();
    let mut unknown = Vec::new();
    for (host, placed) in &by_host {
        let cpus = capacity(host, "cpus");
        let memory = capacity(host, "memory_mib");
        if cpus.is_none() && memory.is_none() {
            unknown.push((host.to_string(), placed.len()));
            continue;
        }
        let sensitive = placed
            .iter()
            .filter(|w| w.sensitive)
            .map(|w| w.name.as_str())
            .min();
        let allowed_cpu = if sensitive.is_some() {
            latency_ratio
        } else {
            cpu_ratio
        };
        views.push(HostView {
            name: host.to_string(),
            workloads: placed.len(),
            cluster: at(hosts, &[host, "cluster"])
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            cpu: cpus.map(|cpus| {
                gauge(
                    placed.iter().filter_map(|w| w.vcpus).sum(),
                    cpus,
                    allowed_cpu,
                )
            }),
            memory: memory.map(|mib| {
                gauge(
                    placed.iter().filter_map(|w| w.memory_mib).sum(),
                    mib,
                    memory_ratio,
                )
            }),
            sizeless: sizeless(placed),
            note: sensitive.map_or_else(String::new, |name| {
                format!("`{name}` is latency-sensitive: {latency_ratio}:1 CPU")
            }),
        });
    }
    HostLoad {
        hosts: views,
        clusters: clusters(&workloads, hosts, policies, &cluster_of),
        unknown,
    }
}

/// "2 of 3 workloads state no vCPU count; 1 no memory size", or empty.
fn sizeless(placed: &[&Placed]) -> String {
    let cpu = placed.iter().filter(|w| w.vcpus.is_none()).count();
    let memory = placed.iter().filter(|w| w.memory_mib.is_none()).count();
    let mut parts = Vec::new();
    if cpu > 0 {
        parts.push(format!(
            "{cpu} of {} workloads state no vCPU count",
            placed.len()
        ));
    }
    if memory > 0 {
        parts.push(format!("{memory} of {} no memory size", placed.len()));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("{}: not counted", parts.join("; "))
}

/// The failover view of every cluster with HA workloads (VML204's arithmetic).
fn clusters(
    workloads: &[Placed],
    hosts: &Value,
    policies: &PolicySet,
    cluster_of: &dyn Fn(&Placed) -> Option<String>,
) -> Vec<ClusterView> {
    let cpu_ratio = ratio(policies, "VML204", "cpu_ratio", 4.0);
    let memory_ratio = ratio(policies, "VML204", "memory_ratio", 1.0);
    let mut ha: BTreeMap<String, Vec<&Placed>> = BTreeMap::new();
    for workload in workloads.iter().filter(|w| w.ha) {
        if let Some(cluster) = cluster_of(workload) {
            ha.entry(cluster).or_default().push(workload);
        }
    }
    let mut views = Vec::new();
    for (cluster, group) in ha {
        let mut members: BTreeSet<String> = hosts
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, facts)| facts.get("cluster").and_then(Value::as_str) == Some(&cluster))
            .map(|(host, _)| host.clone())
            .collect();
        members.extend(
            workloads
                .iter()
                .filter(|w| cluster_of(w).as_deref() == Some(&cluster))
                .filter_map(|w| w.host.clone()),
        );
        let sizes = |key: &str| -> Option<Vec<(u64, String)>> {
            members
                .iter()
                .map(|host| {
                    at(hosts, &[host, key])
                        .and_then(Value::as_u64)
                        .map(|n| (n, host.clone()))
                })
                .collect()
        };
        let survivors = |key: &str| {
            let sizes = sizes(key).filter(|sizes| sizes.len() > 1)?;
            let largest = sizes.iter().max()?.clone();
            Some((
                sizes.iter().map(|size| size.0).sum::<u64>() - largest.0,
                largest.1,
            ))
        };
        let cpu = survivors("cpus");
        let memory = survivors("memory_mib");
        if cpu.is_none() && memory.is_none() {
            continue;
        }
        views.push(ClusterView {
            hosts: members.iter().cloned().collect::<Vec<_>>().join(", "),
            largest: cpu
                .as_ref()
                .or(memory.as_ref())
                .map(|s| s.1.clone())
                .unwrap_or_default(),
            ha_workloads: group.len(),
            cpu: cpu.map(|(cpus, _)| {
                gauge(group.iter().filter_map(|w| w.vcpus).sum(), cpus, cpu_ratio)
            }),
            memory: memory.map(|(mib, _)| {
                gauge(
                    group.iter().filter_map(|w| w.memory_mib).sum(),
                    mib,
                    memory_ratio,
                )
            }),
            name: cluster,
        });
    }
    views
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
    fn a_workload_is_read_as_the_rules_read_it() {
        let value = serde_json::json!({
            "name": "db1",
            "placement": {"host": {"value": "pve1"}},
            "cpu": {"count": {"value": 8}},
            "memory": {"size_mib": {"value": 16384}},
            "availability": {"ha": {"value": true}},
            "roles": [{"role": "latency-sensitive"}]
        });
        let placed = placed(&value).unwrap();
        assert_eq!(placed.host.as_deref(), Some("pve1"));
        assert_eq!((placed.vcpus, placed.memory_mib), (Some(8), Some(16384)));
        assert_eq!(sizeless(&[&placed]), "");
        let bare = super::placed(&serde_json::json!({"name": "web"})).unwrap();
        assert_eq!(
            sizeless(&[&placed, &bare]),
            "1 of 2 workloads state no vCPU count; 1 of 2 no memory size: not counted"
        );
        assert!(placed.ha && placed.sensitive);
        assert!(super::placed(&serde_json::json!({"reference": true})).is_none());
    }
}
