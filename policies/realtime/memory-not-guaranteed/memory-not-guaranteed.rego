# VML205 memory-not-guaranteed: a database, latency-sensitive or real-time workload's memory can
# be taken back by the host (ballooning, a reservation below its size, page sharing, KubeVirt
# guest memory above the request).
package vmlint.rules.realtime.memory_not_guaranteed

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML205",
	"slug": "memory-not-guaranteed",
	"category": "realtime",
	"severity": "warning",
	"title": "A database or latency-sensitive workload's memory can be taken back by the host",
	"rationale": "A database sizes its buffer pool to the memory it sees; when the host balloons, compresses or swaps that memory away under pressure, every cache hit becomes a disk read or a host page fault, query times jump by orders of magnitude, and latency-sensitive guests stall — exactly when the host is busiest.",
	"remediation": "Guarantee the memory: switch ballooning off (`balloon: 0`, `floating = 0`, `<memballoon model='none'/>`), reserve all of it (`memory_reservation` = `memory`, `sched.mem.min` = `memSize`, `memory_reservation_locked_to_max`), back it with huge pages, or request what the guest sees (KubeVirt `resources.requests.memory` = `memory.guest`).",
	"related": ["VML202", "VML203", "VML301"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/memory/reclaimable"],
	"replacements": {
		"proxmox": {"balloon": "balloon: 0", "allow-ksm": "allow-ksm: 0"},
		"ansible": {"balloon": "balloon: 0"},
		"terraform": {"floating": "floating = 0", "balloon": "balloon = 0"},
		"vmx": {"sched.mem.pshare.enable": "sched.mem.pshare.enable = \"FALSE\""},
	},
}

wanted := {"database", "latency-sensitive", "realtime"}

# Memory locked or backed by huge pages is neither ballooned nor swapped nor shared.
guaranteed(workload) if workload.memory.locked.value

guaranteed(workload) if workload.memory.hugepages

report contains result.fail(metadata, item.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	role := roles.strongest(workload, wanted)
	not guaranteed(workload)
	some item in workload.memory.reclaimable
	message := sprintf(
		"`%s` is %s (%s) but the host can take its memory back: %s",
		[workload.name, role.role, role.evidence, item.value],
	)
}
