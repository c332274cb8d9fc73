# VML204 failover-capacity: the highly available workloads of a cluster cannot all restart when
# its largest host fails.
package vmlint.rules.realtime.failover_capacity

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML204",
	"slug": "failover-capacity",
	"category": "realtime",
	"severity": "warning",
	"scope": "repository",
	"title": "The HA workloads of a cluster cannot all restart if its largest host fails",
	"rationale": "HA restarts a failed host's VMs on the others only if they have room: when the HA workloads need more vCPUs or memory than the cluster has without its largest host, the restart fails or overloads the survivors, and the outage HA was bought for happens anyway — on the day a host dies.",
	"remediation": "Keep N+1 capacity for the HA workloads: add a host, shrink or drop HA for less critical VMs, or set admission control (vSphere) / HA resource limits so the promise matches the hardware.",
	"related": ["VML203", "VML105"],
	"formats": ["terraform", "terraform-json", "proxmox"],
	"needs": ["hosts"],
}

slug := "failover-capacity"

# vCPUs per physical CPU and memory per physical memory the survivors may run at (the same
# defaults as VML203 host-overcommit).
cpu_ratio := params.value(slug, "cpu_ratio", params.value("host-overcommit", "cpu_ratio", 4))

memory_ratio := params.value(slug, "memory_ratio", params.value("host-overcommit", "memory_ratio", 1))

# The cluster of a workload: `[clusters]` for its host first, else what the definitions say.
cluster_of(workload) := input.hosts[workload.placement.host.value].cluster

cluster_of(workload) := workload.placement.cluster.value if {
	not input.hosts[workload.placement.host.value].cluster
}

ha_workloads[cluster] contains workload if {
	count(input.hosts) > 0
	some workload in input.workloads
	not workload.reference
	workload.availability.ha.value
	cluster := cluster_of(workload)
}

members[cluster] contains host if {
	some cluster, _ in ha_workloads
	some host, facts in input.hosts
	facts.cluster == cluster
}

members[cluster] contains host if {
	some cluster, _ in ha_workloads
	some workload in input.workloads
	cluster_of(workload) == cluster
	host := workload.placement.host.value
}

# Survivor capacity for `key` (`cpus`, `memory_mib`): every member's, less the largest; undefined
# when a member's capacity is unknown (silent rather than guessed) or the cluster has one host.
survivors(cluster, key) := sum(sizes) - max(sizes) if {
	hosts := members[cluster]
	count(hosts) > 1
	sizes := [input.hosts[host][key] | some host in hosts]
	count(sizes) == count(hosts)
}

largest(cluster, key) := sort([[input.hosts[host][key], host] | some host in members[cluster]])[count(members[cluster]) - 1][1]

demand(cluster, "cpus") := sum([w.cpu.count.value | some w in ha_workloads[cluster]; w.cpu.count])

demand(cluster, "memory_mib") := sum([w.memory.size_mib.value | some w in ha_workloads[cluster]; w.memory.size_mib])

shortfall(cluster, "cpus", ratio) := sprintf("%d vCPUs on %d CPUs × %v", [demand(cluster, "cpus"), survivors(cluster, "cpus"), ratio]) if {
	demand(cluster, "cpus") > survivors(cluster, "cpus") * ratio
}

shortfall(cluster, "memory_mib", ratio) := sprintf("%d MiB on %d MiB × %v", [demand(cluster, "memory_mib"), survivors(cluster, "memory_mib"), ratio]) if {
	demand(cluster, "memory_mib") > survivors(cluster, "memory_mib") * ratio
}

problems(cluster) := [text |
	some [key, ratio] in [["cpus", cpu_ratio], ["memory_mib", memory_ratio]]
	text := sprintf("%s without `%s`", [shortfall(cluster, key, ratio), largest(cluster, key)])
]

report contains result.fail_at(metadata, workload.file, workload.availability.ha.pointer, message, related) if {
	some cluster, group in ha_workloads
	items := problems(cluster)
	count(items) > 0
	some workload in group
	related := [{"file": other.file, "pointer": other.availability.ha.pointer, "message": sprintf("`%s` is also highly available in cluster `%s`", [other.name, cluster])} |
		some other in group
		[other.file, other.id] != [workload.file, workload.id]
	]
	message := sprintf(
		"the %d highly available workloads of cluster `%s`, `%s` among them, cannot all restart if its largest host fails: %s",
		[count(group), cluster, workload.name, concat("; ", items)],
	)
}
