# VML602 weakened-guest-isolation: guest-to-host isolation is weakened.
package vmlint.rules.operations.weakened_guest_isolation

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML602",
	"slug": "weakened-guest-isolation",
	"category": "operations",
	"severity": "warning",
	"title": "Guest-to-host isolation is weakened",
	"rationale": "Re-enabled VMware Tools backdoors (copy/paste, drag and drop, the backdoor port) and host directories shared into the guest give code in the guest a path to the host and to the operator's desktop; a compromised guest becomes a compromised host.",
	"remediation": "Keep the VMware isolation.tools.*.disable settings at TRUE and monitor_control.restrict_backdoor unset; share a dedicated directory (not /) with accessmode='mapped' or 'squash', or copy data over the network instead.",
	"related": [],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "vmx"],
	"triggers": ["/isolation_weakenings"],
}

report contains result.fail(metadata, weakening.pointer, message) if {
	some workload in input.workloads
	some weakening in workload.isolation_weakenings
	message := sprintf("`%s` weakens its isolation from the host: %s", [workload.name, weakening.value])
}
