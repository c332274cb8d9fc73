# VML206 numa-spanning-guest: a guest's vCPUs or memory exceed one NUMA node of its host and no
# guest NUMA topology is given.
package vmlint.rules.realtime.numa_spanning_guest

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML206",
	"slug": "numa-spanning-guest",
	"category": "realtime",
	"severity": "info",
	"scope": "repository",
	"title": "A guest larger than one NUMA node of its host has no NUMA topology",
	"rationale": "A guest bigger than a host's NUMA node runs on several nodes; without a guest NUMA topology its OS and database cannot keep threads next to their memory, so a share of every memory access crosses the interconnect — typically 30–50 % slower — and performance swings with where the host happens to place pages.",
	"remediation": "Give the guest a NUMA topology (Proxmox `numa: 1`, libvirt `<numatune>` and `<cpu><numa>`, KubeVirt `numa.guestMappingPassthrough` with dedicated CPUs, vSphere vNUMA by leaving CPU hot add off), or size it to fit one node.",
	"related": ["VML202", "VML203"],
	"formats": ["terraform", "terraform-json", "ansible", "kubevirt", "proxmox"],
	"needs": ["hosts"],
}

placed contains [workload, input.hosts[host]] if {
	count(input.hosts) > 0
	some workload in input.workloads
	not workload.reference
	host := workload.placement.host.value
	input.hosts[host].numa_nodes > 1
	not workload.cpu.numa.value
}

too_big(workload, host) := array.concat(
	[sprintf("%d vCPUs > %d CPUs per node", [workload.cpu.count.value, host.node_cpus]) |
		workload.cpu.count.value > host.node_cpus
	],
	[sprintf("%d MiB > %d MiB per node", [workload.memory.size_mib.value, host.node_memory_mib]) |
		workload.memory.size_mib.value > host.node_memory_mib
	],
)

# Where the fix goes: a NUMA setting stated off, else the vCPUs when they exceed a node, else
# the memory.
location(workload, host) := workload.cpu.numa.pointer if {
	workload.cpu.numa
} else := workload.cpu.count.pointer if {
	workload.cpu.count.value > host.node_cpus
} else := workload.memory.size_mib.pointer

report contains result.fail_at(metadata, workload.file, location(workload, host), message, []) if {
	some [workload, host] in placed
	items := too_big(workload, host)
	count(items) > 0
	message := sprintf(
		"`%s` is larger than one NUMA node of `%s` (%s) and has no guest NUMA topology: part of its memory traffic crosses nodes",
		[workload.name, workload.placement.host.value, concat(", ", items)],
	)
}
