//! `[hosts]` and `[clusters]`: what the definitions do not say about the hardware — each host's
//! CPUs, memory and NUMA nodes, whether it has one tenant, and which hosts form a cluster — and
//! how repository rules read it at `input.hosts`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::parse_mib;

/// A host's capacity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostCapacity {
    /// Physical CPU threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpus: Option<u32>,
    /// Memory, e.g. `256GiB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// NUMA nodes (sockets, or sub-NUMA clusters); CPUs and memory are split evenly over them
    /// unless `cpus-per-node` / `memory-per-node` say otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numa_nodes: Option<u32>,
    /// CPU threads of one NUMA node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpus_per_node: Option<u32>,
    /// Memory of one NUMA node, e.g. `128GiB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_per_node: Option<String>,
    /// The host runs one tenant's workloads only (no untrusted neighbours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedicated: Option<bool>,
}

/// The hosts of one cluster.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClusterMembers {
    /// Host or node names, as the definitions name them.
    pub hosts: Vec<String>,
}

/// Sizes must be sizes, and a host belongs to one cluster at most.
pub fn validate(
    hosts: &BTreeMap<String, HostCapacity>,
    clusters: &BTreeMap<String, ClusterMembers>,
) -> Result<(), String> {
    for (name, host) in hosts {
        for (key, value) in [
            ("memory", &host.memory),
            ("memory-per-node", &host.memory_per_node),
        ] {
            if let Some(value) = value {
                if parse_mib(value).is_none() {
                    return Err(format!(
                        "[hosts.{name}] {key} = \"{value}\" is not a size (e.g. \"256GiB\", \"512000MiB\")"
                    ));
                }
            }
        }
        if host.numa_nodes == Some(0) {
            return Err(format!("[hosts.{name}] numa-nodes must be at least 1"));
        }
    }
    let mut member_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (cluster, members) in clusters {
        for host in &members.hosts {
            if let Some(other) = member_of.insert(host, cluster) {
                return Err(format!(
                    "host `{host}` is in both [clusters.{other}] and [clusters.{cluster}]"
                ));
            }
        }
    }
    Ok(())
}

/// Hosts as policies see them (`input.hosts`): `{name: {cpus, memory_mib, numa_nodes,
/// node_cpus, node_memory_mib, dedicated, cluster}}`, every key present only when known. A host
/// named only by a cluster gets an entry with its `cluster`.
pub fn hosts_input(
    hosts: &BTreeMap<String, HostCapacity>,
    clusters: &BTreeMap<String, ClusterMembers>,
) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (name, host) in hosts {
        let mut entry = serde_json::Map::new();
        let memory = host.memory.as_deref().and_then(parse_mib);
        let mut put = |key: &str, value: Option<serde_json::Value>| {
            if let Some(value) = value {
                entry.insert(key.to_string(), value);
            }
        };
        put("cpus", host.cpus.map(Into::into));
        put("memory_mib", memory.map(Into::into));
        if let Some(nodes) = host.numa_nodes {
            put("numa_nodes", Some(nodes.into()));
            let node_cpus = host
                .cpus_per_node
                .or_else(|| host.cpus.map(|cpus| cpus / nodes));
            let node_memory = host
                .memory_per_node
                .as_deref()
                .and_then(parse_mib)
                .or_else(|| memory.map(|memory| memory / u64::from(nodes)));
            put("node_cpus", node_cpus.map(Into::into));
            put("node_memory_mib", node_memory.map(Into::into));
        }
        put("dedicated", host.dedicated.map(Into::into));
        object.insert(name.clone(), serde_json::Value::Object(entry));
    }
    for (cluster, members) in clusters {
        for host in &members.hosts {
            let entry = object
                .entry(host.clone())
                .or_insert_with(|| serde_json::json!({}));
            if let Some(entry) = entry.as_object_mut() {
                entry.insert("cluster".to_string(), cluster.clone().into());
            }
        }
    }
    serde_json::Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numa_nodes_split_the_host_unless_sized_per_node() {
        let mut hosts = BTreeMap::new();
        hosts.insert(
            "pve-01".to_string(),
            HostCapacity {
                cpus: Some(64),
                memory: Some("512GiB".to_string()),
                numa_nodes: Some(2),
                ..HostCapacity::default()
            },
        );
        let mut clusters = BTreeMap::new();
        clusters.insert(
            "prod".to_string(),
            ClusterMembers {
                hosts: vec!["pve-01".to_string(), "pve-02".to_string()],
            },
        );
        let input = hosts_input(&hosts, &clusters);
        assert_eq!(input["pve-01"]["node_cpus"], 32);
        assert_eq!(input["pve-01"]["node_memory_mib"], 262_144);
        assert_eq!(input["pve-01"]["cluster"], "prod");
        assert_eq!(input["pve-02"], serde_json::json!({"cluster": "prod"}));
        assert!(validate(&hosts, &clusters).is_ok());
        clusters.insert(
            "lab".to_string(),
            ClusterMembers {
                hosts: vec!["pve-02".to_string()],
            },
        );
        assert_eq!(
            validate(&hosts, &clusters).unwrap_err(),
            "host `pve-02` is in both [clusters.lab] and [clusters.prod]"
        );
    }
}
