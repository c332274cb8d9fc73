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
