# VML503 host-serial-passthrough: a host serial or parallel port is passed into the guest.
package vmlint.rules.operations.host_serial_passthrough

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML503",
	"slug": "host-serial-passthrough",
	"category": "operations",
	"severity": "warning",
	"title": "A host serial or parallel port is passed into the guest",
	"rationale": "A guest that talks to a physical serial or parallel port (a PLC bus, a modem, a licence key, a lab instrument) is bound to the host with the cable: it cannot live-migrate, and after a failover the device is not there.",
	"remediation": "Use a serial-over-IP device server (RFC 2217) the VM reaches over the network, or keep the workload on the machine the device is wired to.",
	"related": ["VML101", "VML104"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "proxmox", "vmx"],
	"triggers": ["/host_ports"],
	"removable_keys": {"proxmox": ["serial", "parallel"]},
}

report contains result.fail(metadata, port.pointer, message) if {
	some workload in input.workloads
	some port in workload.host_ports
	message := sprintf(
		"host port %s is passed to `%s`: the guest is bound to the host the device is wired to",
		[port.value, workload.name],
	)
}
