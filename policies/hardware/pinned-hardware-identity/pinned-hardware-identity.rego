# VML102 pinned-hardware-identity: an identity that licences bind to is pinned by hand.
package vmlint.rules.hardware.pinned_hardware_identity

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML102",
	"slug": "pinned-hardware-identity",
	"category": "hardware",
	"severity": "warning",
	"title": "A hardware identity that licences bind to is pinned by hand",
	"rationale": "Software licensed to a MAC address, an SMBIOS UUID or a serial number is why these get pinned by hand; the pin then travels with every clone and template, two machines answer with one identity (a licence breach and a network conflict), and the dependency on that one value is invisible until a rebuild changes it.",
	"remediation": "Move to a licence that is not bound to virtual hardware (a network licence server, a subscription); if the pin must stay, keep it in one place, give it a reason and make sure clones get new values.",
	"related": ["VML103"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/identity/pinned"],
}

report contains result.fail(metadata, pin.pointer, message) if {
	some workload in input.workloads
	some pin in workload.identity.pinned
	message := sprintf(
		"`%s` pins %s by hand: a licence bound to it follows every clone of this definition, and a rebuilt VM without it loses the licence",
		[workload.name, pin.value],
	)
}
