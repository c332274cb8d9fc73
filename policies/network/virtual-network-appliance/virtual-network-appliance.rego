# VML401 virtual-network-appliance: a firewall, router, IDS/IPS or load balancer runs as a VM
# on virtual NICs, on hosts it shares with general workloads.
package vmlint.rules.network.virtual_network_appliance

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML401",
	"slug": "virtual-network-appliance",
	"category": "network",
	"severity": "warning",
	"title": "A network appliance runs as a VM on shared hosts without a dedicated NIC",
	"rationale": "A virtual firewall or router on virtual NICs forwards every packet through the host's software switch, so throughput and latency depend on whatever else the host runs; and on a host shared with general workloads, one compromised or noisy neighbour — or the hypervisor itself — sits inside the security boundary the appliance is meant to enforce.",
	"remediation": "Give the appliance dedicated NICs (SR-IOV virtual functions or PCI passthrough) and keep it away from general workloads: a dedicated host or sole tenancy, or anti-affinity rules; or run it on its own hardware.",
	"related": ["VML104", "VML402"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "kubevirt", "proxmox", "vmx"],
	"triggers": ["role:network-appliance"],
}

appliance_evidence(workload) := roles.strongest(workload, {"network-appliance"})

# SR-IOV functions and passed-through PCI devices are the appliance's own NICs; GPUs and
# mediated devices are not.
dedicated_nic(workload) if {
	some device in workload.pci_devices
	device.kind in {"sriov", "pci"}
}

# A NIC that owns a physical port (libvirt macvtap in `passthrough` mode).
dedicated_nic(workload) if {
	some nic in workload.nics
	nic.dedicated == true
}

separated(workload) if workload.placement.dedicated.value == true

separated(workload) if workload.placement.anti_affinity.value == true

report contains result.fail(metadata, role.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	role := appliance_evidence(workload)
	not dedicated_nic(workload)
	not separated(workload)
	message := sprintf(
		"network appliance `%s` (%s) runs on shared virtual NICs only, on hosts shared with general workloads (no dedicated host or anti-affinity): its throughput depends on its neighbours, and they sit inside the boundary it enforces",
		[workload.name, role.evidence],
	)
}
