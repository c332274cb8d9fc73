package vmlint.rules.hardware.passthrough_with_ha_test

import data.vmlint.rules.hardware.passthrough_with_ha
import rego.v1

gpu := {"kind": "gpu", "selector": "0000:01:00.0", "pointer": "/gpu"}

test_ha_with_a_device_blames_the_ha_declaration if {
	vm := {"name": "render-01", "pci_devices": [gpu], "usb_devices": [], "availability": {"ha": {"value": true, "pointer": "/ha"}}}
	some finding in passthrough_with_ha.report with input as {"workloads": [vm]}
	finding.pointer == "/ha"
	contains(finding.message, "`render-01` is declared highly available")
	contains(finding.message, "gpu 0000:01:00.0")
}

test_live_migration_with_a_usb_device if {
	usb := {"selector": "0529:0001", "pointer": "/usb"}
	vm := {"name": "cad-01", "pci_devices": [], "usb_devices": [usb], "availability": {"live_migration": {"value": true, "pointer": "/lm"}}}
	some finding in passthrough_with_ha.report with input as {"workloads": [vm]}
	finding.pointer == "/lm"
}

test_no_mobility_or_no_device_no_finding if {
	pinned := {"name": "a", "pci_devices": [gpu], "usb_devices": [], "availability": {}}
	count(passthrough_with_ha.report) == 0 with input as {"workloads": [pinned]}
	mobile := {"name": "b", "pci_devices": [], "usb_devices": [], "availability": {"ha": {"value": true, "pointer": "/ha"}}}
	count(passthrough_with_ha.report) == 0 with input as {"workloads": [mobile]}
}

test_ha_with_mapped_devices_only_is_silent_but_live_migration_is_not if {
	mapped := {"name": "render-05", "availability": {"ha": {"value": true, "pointer": "/ha"}}, "usb_devices": [], "pci_devices": [{"kind": "pci", "selector": "mapping `gpu`", "mapping": "`gpu`", "pointer": "/p"}]}
	count(passthrough_with_ha.report) == 0 with input as {"workloads": [mapped]}
	migrating := object.union(object.remove(mapped, ["availability"]), {"availability": {"live_migration": {"value": true, "pointer": "/lm"}}})
	count(passthrough_with_ha.report) == 1 with input as {"workloads": [migrating]}
}
