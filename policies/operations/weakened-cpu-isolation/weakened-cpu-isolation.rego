# VML603 weakened-cpu-isolation: a guest on a shared host turns CPU side-channel mitigations off
# or gets nested virtualization.
package vmlint.rules.operations.weakened_cpu_isolation

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML603",
	"slug": "weakened-cpu-isolation",
	"category": "operations",
	"severity": "warning",
	"scope": "repository",
	"title": "A guest on a shared host has CPU mitigations off or nested virtualization on",
	"rationale": "Side-channel mitigations (spec-ctrl, ssbd, md-clear, pcid) keep one guest from reading another's or the host's memory through the CPU's caches and buffers; turning them off for speed, or handing a guest the virtualization extensions for nested hypervisors, widens the attack surface of every tenant on that host.",
	"remediation": "Keep the mitigation flags on and nested virtualization off on shared hosts; run workloads that need them (nested labs, benchmarks) on a host declared dedicated (`[hosts.<name>] dedicated = true`, a dedicated or sole-tenant host).",
	"related": ["VML602", "VML106"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"replacements": {
		"vmx": {"vhv.enable": "vhv.enable = \"FALSE\""},
		"terraform": {"nested_hv_enabled": "nested_hv_enabled = false"},
		"ansible": {"nested_virt": "nested_virt: false"},
	},
}

# A host of its own: the workload's placement says so, or `[hosts]` declares its host dedicated.
dedicated(workload) if workload.placement.dedicated.value

dedicated(workload) if input.hosts[workload.placement.host.value].dedicated == true

report contains result.fail_at(metadata, workload.file, item.pointer, message, []) if {
	some workload in input.workloads
	not workload.reference
	count(object.get(workload.cpu, "weakenings", [])) > 0
	not dedicated(workload)
	some item in workload.cpu.weakenings
	message := sprintf(
		"`%s` may share its host with other workloads and %s: a neighbour's side channel or a nested hypervisor reaches further",
		[workload.name, item.value],
	)
}
