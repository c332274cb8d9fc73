# VML105 passthrough-with-ha: a workload with a passthrough device is also declared highly
# available or live-migratable.
package vmlint.rules.hardware.passthrough_with_ha

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML105",
	"slug": "passthrough-with-ha",
	"category": "hardware",
	"severity": "error",
	"title": "A workload with a passed-through device is declared highly available or live-migratable",
	"rationale": "HA and live migration move the guest to another host; a passed-through USB or PCI device stays behind. Migration is refused at maintenance time, and on a host failure HA restarts the VM where the device does not exist, so the failover the team relies on does not happen.",
	"remediation": "Choose one: drop the passthrough (network licence server, USB-over-IP, a vGPU profile that migrates), or drop the HA / live-migration policy and plan the host's downtime, documenting it.",
	"related": ["VML101", "VML104"],
	"formats": ["terraform", "terraform-json", "kubevirt", "proxmox"],
	"triggers": ["/availability/ha", "/availability/live_migration"],
}

# The declaration that promises mobility, with its pointer and what it is.
mobility(workload) := [workload.availability.ha.pointer, "highly available"] if {
	workload.availability.ha.value
}

mobility(workload) := [workload.availability.live_migration.pointer, "live-migratable"] if {
	not workload.availability.ha.value
	workload.availability.live_migration.value
}

# The devices that stop the promise: for HA, a device named through a cluster resource mapping
# (Proxmox `mapping=`) does not, since HA restarts the guest on a node that maps the same
# device; live migration takes no passed-through device along.
devices(workload, "highly available") := array.concat(
	[sprintf("USB device %s", [d.selector]) | some d in workload.usb_devices; not d.mapping],
	[sprintf("%s %s", [d.kind, d.selector]) | some d in workload.pci_devices; not d.mapping],
)

devices(workload, "live-migratable") := array.concat(
	[sprintf("USB device %s", [d.selector]) | some d in workload.usb_devices],
	[sprintf("%s %s", [d.kind, d.selector]) | some d in workload.pci_devices],
)

report contains result.fail(metadata, declared[0], message) if {
	some workload in input.workloads
	declared := mobility(workload)
	passed := devices(workload, declared[1])
	count(passed) > 0
	message := sprintf(
		"`%s` is declared %s but has %s passed through: failover and migration cannot take the device along",
		[workload.name, declared[1], concat(", ", passed)],
	)
}
