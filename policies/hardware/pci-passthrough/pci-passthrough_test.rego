package vmlint.rules.hardware.pci_passthrough_test

import data.vmlint.rules.hardware.pci_passthrough
import rego.v1

workload(devices) := {"workloads": [{"name": "gpu-node", "pci_devices": devices}]}

test_each_kind_is_named_in_the_message if {
	every kind, name in pci_passthrough.kind_names {
		device := {"kind": kind, "selector": "0000:01:00.0", "pointer": "/p"}
		some finding in pci_passthrough.report with input as workload([device])
		contains(finding.message, name)
		contains(finding.message, "`gpu-node`")
		finding.pointer == "/p"
	}
}

test_no_devices_no_finding if {
	count(pci_passthrough.report) == 0 with input as workload([])
}

test_two_devices_two_findings if {
	devices := [
		{"kind": "pci", "selector": "0000:01:00.0", "pointer": "/a"},
		{"kind": "sriov", "selector": "0000:02:10.1", "pointer": "/b"},
	]
	count(pci_passthrough.report) == 2 with input as workload(devices)
}

test_the_message_says_what_the_device_does_to_migration if {
	devices := [
		{"kind": "sriov", "selector": "for interface `fronthaul`", "migration": "KubeVirt unplugs it before a live migration", "pointer": "/a"},
		{"kind": "mdev", "selector": "nvidia-63", "pointer": "/b"},
		{"kind": "scsi", "selector": "on scsi_host2", "pointer": "/c"},
	]
	findings := pci_passthrough.report with input as {"workloads": [{"name": "vm", "pci_devices": devices}]}
	messages := {f.pointer: f.message | some f in findings}
	endswith(messages["/a"], ": KubeVirt unplugs it before a live migration")
	contains(messages["/b"], "live-migrates only where that driver supports migration")
	contains(messages["/c"], "host SCSI device on scsi_host2 passed through to `vm`: the guest is pinned to this host and cannot live-migrate")
}
