# VML104 pci-passthrough: a PCI device, GPU, SR-IOV function or mediated device is passed through.
package vmlint.rules.hardware.pci_passthrough

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML104",
	"slug": "pci-passthrough",
	"category": "hardware",
	"severity": "warning",
	"title": "A PCI device, GPU, SR-IOV function or mediated device is passed through",
	"rationale": "A passed-through device pins the guest to the host that has it: live migration is refused, host maintenance becomes guest downtime, and HA can restart the VM only on a host with the same free device.",
	"remediation": "Keep the workload on a dedicated host (or bare metal) and plan its downtime, or use paravirtual devices (virtio-net, vGPU profiles that support migration) where they meet the need.",
	"related": ["VML105", "VML101"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/pci_devices"],
	"removable_keys": {"proxmox": ["hostpci"]},
}

kind_names := {
	"pci": "PCI device",
	"gpu": "GPU",
	"sriov": "SR-IOV network function",
	"mdev": "mediated device",
	"scsi": "host SCSI device",
}

# What the device does to the guest's mobility: the reader's word for this case when the usual
# answer is not true (a KubeVirt SR-IOV interface is unplugged for a migration), else the
# kind's.
consequence(device) := device.migration if {
	device.migration
} else := "the guest runs only on hosts with the same vendor driver and profile, and live-migrates only where that driver supports migration" if {
	device.kind == "mdev"
} else := "the guest is pinned to this host and cannot live-migrate"

report contains result.fail(metadata, device.pointer, message) if {
	some workload in input.workloads
	some device in workload.pci_devices
	message := sprintf(
		"%s %s passed through to `%s`: %s",
		[kind_names[device.kind], device.selector, workload.name, consequence(device)],
	)
}
