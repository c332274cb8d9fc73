# VML107 shared-gpu-training: a `gpu-training` workload gets a share of a GPU (a vGPU or
# mediated-device profile, a MIG or time-sliced resource, a fractional cloud size) instead of
# whole dedicated GPUs.
package vmlint.rules.hardware.shared_gpu_training

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML107",
	"slug": "shared-gpu-training",
	"category": "hardware",
	"severity": "warning",
	"title": "A GPU training workload gets a share of a GPU instead of whole GPUs",
	"rationale": "A training job on a vGPU profile, a MIG slice or a time-sliced GPU gets a fixed fraction of the frame buffer and, on time-sliced and best-effort profiles, only the compute its neighbours leave: epochs take as long as the busiest tenant allows, and out-of-memory errors appear when the model outgrows the slice.",
	"remediation": "Give training whole GPUs (PCI passthrough of the full device, a whole-GPU resource, a full-GPU cloud size) or move it to a bare-metal GPU node; keep vGPU and MIG slices for inference and desktops.",
	"related": ["VML104", "VML105"],
	"formats": ["terraform", "terraform-json", "libvirt", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/pci_devices"],
}

# How the device shares its GPU: what the reader says, else a mediated device's nature.
share(device) := device.share if {
	device.share
} else := "a mediated device, one slice of its parent GPU" if {
	device.kind == "mdev"
}

report contains result.fail(metadata, device.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	role := roles.strongest(workload, {"gpu-training"})
	some device in workload.pci_devices
	shared := share(device)
	message := sprintf(
		"`%s` trains on GPUs (%s) but gets %s, not a whole GPU: its throughput depends on the neighbours on the same device",
		[workload.name, role.evidence, shared],
	)
}
