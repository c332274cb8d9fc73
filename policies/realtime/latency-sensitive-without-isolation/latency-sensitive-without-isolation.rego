# VML202 latency-sensitive-without-isolation: a latency-sensitive or real-time workload shares
# CPUs or pageable memory with its neighbours.
package vmlint.rules.realtime.latency_sensitive_without_isolation

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML202",
	"slug": "latency-sensitive-without-isolation",
	"category": "realtime",
	"severity": "warning",
	"title": "A latency-sensitive workload has no dedicated CPUs or locked memory",
	"rationale": "A trading gateway, a VoIP switch or a media server on shared vCPUs waits whenever a neighbour runs (steal time), and with pageable memory it stalls on ballooning, swapping and page-table misses; the jitter is worst at peak load, which is exactly when calls drop and orders miss their window.",
	"remediation": "Pin the vCPUs to dedicated host cores (Proxmox `affinity`, libvirt `<vcpupin>`, KubeVirt `dedicatedCpuPlacement`, vSphere `latency_sensitivity = \"high\"` with a full CPU reservation) and back the memory with huge pages or lock it (a full memory reservation); or run the workload on bare metal.",
	"related": ["VML201", "VML203"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"triggers": ["role:latency-sensitive", "role:realtime"],
}

sensitive_roles := {"latency-sensitive", "realtime"}

# The strongest evidence that the workload is latency-sensitive.
role_evidence(workload) := roles.strongest(workload, sensitive_roles)

missing(workload) := [item |
	some item in [cpu_missing(workload), memory_missing(workload)]
	item != ""
]

cpu_missing(workload) := "" if workload.cpu.dedicated.value

else := "dedicated CPUs"

memory_missing(workload) := "" if workload.memory.hugepages

else := "" if workload.memory.locked.value

else := "locked or huge-page memory"

# The finding stands where the fix goes: the CPU definition when CPUs are shared, else the
# memory definition, else the evidence of the role.
location(workload, role) := workload.cpu.count.pointer if {
	cpu_missing(workload) != ""
	workload.cpu.count
} else := workload.memory.size_mib.pointer if {
	memory_missing(workload) != ""
	workload.memory.size_mib
} else := role.pointer

report contains result.fail(metadata, location(workload, role), message) if {
	some workload in input.workloads
	not workload.reference
	role := role_evidence(workload)
	gaps := missing(workload)
	count(gaps) > 0
	message := sprintf(
		"`%s` is %s (%s) but has no %s: steal time and memory stalls add jitter exactly at peak load",
		[workload.name, role.role, role.evidence, concat(" and no ", gaps)],
	)
}
