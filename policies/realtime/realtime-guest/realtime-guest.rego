# VML201 realtime-guest: a real-time workload is defined as a VM.
package vmlint.rules.realtime.realtime_guest

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML201",
	"slug": "realtime-guest",
	"category": "realtime",
	"severity": "error",
	"title": "A real-time workload is defined as a virtual machine",
	"rationale": "Hard real-time control (PLCs, SCADA, RTOS guests, telecom) needs bounded latency; a hypervisor adds scheduling jitter, interrupt virtualization and steal time, so deadlines are missed exactly under peak load.",
	"remediation": "Run real-time control on bare metal or a dedicated real-time host; if it must be virtual, use a real-time hypervisor with isolated, pinned CPUs and locked memory.",
	"related": ["VML202"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/cpu/realtime_scheduling", "role:realtime"],
}

# Evidence that a workload is real-time, as [rank, pointer, reason, strength]: a declared
# role, then real-time scheduling (structural, like an RTOS image), then a name guess. The
# finding blames the strongest.
evidence(workload) := array.concat(scheduling, role_items) if {
	scheduling := [[1, s.pointer, reason, "structural"] |
		some s in workload.cpu.realtime_scheduling
		reason := sprintf("real-time scheduler `%s` for %s", [s.scheduler, s.threads])
	]
	role_items := [[r.rank, r.pointer, reason, r.strength] |
		some r in workload.roles
		r.role == "realtime"
		reason := sprintf("role `realtime` %s", [r.evidence])
	]
}

report contains result.fail_with_severity(metadata, strongest[1], message, severity) if {
	some workload in input.workloads
	not workload.reference
	items := sort(evidence(workload))
	count(items) > 0
	strongest := items[0]
	reasons := concat("; ", [item[2] | some item in items])
	severity := roles.capped(metadata.severity, {"strength": strongest[3]})
	message := sprintf(
		"`%s` is a real-time workload (%s) defined as a VM: hypervisor jitter breaks its deadlines",
		[workload.name, reasons],
	)
}
