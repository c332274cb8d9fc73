package vmlint.rules.hardware.pinned_hardware_identity_test

import data.vmlint.rules.hardware.pinned_hardware_identity
import rego.v1

vm(identity) := {"workloads": [{"name": "cad-lic-01", "identity": identity}]}

test_every_pinned_identity_is_reported_at_its_key if {
	findings := pinned_hardware_identity.report with input as vm({"pinned": [
		{"value": "static MAC 00:50:56:aa:bb:cc", "pointer": "/ethernet0.addresstype"},
		{"value": "SMBIOS serial LIC-42", "pointer": "/smbios/0/serial"},
	]})
	count(findings) == 2
	some mac in findings
	mac.pointer == "/ethernet0.addresstype"
	contains(mac.message, "`cad-lic-01` pins static MAC 00:50:56:aa:bb:cc by hand")
}

test_macs_that_the_format_writes_out_are_not_pins if {
	# A libvirt dump or a Proxmox config always carries its MACs and UUID: `macs` and
	# `smbios_uuid` hold them for duplicate detection, but nothing was pinned.
	count(pinned_hardware_identity.report) == 0 with input as vm({
		"macs": [{"value": "52:54:00:12:34:56", "pointer": "/devices/interface/mac"}],
		"smbios_uuid": {"value": "c7a5fdbd-edaf-9455-926a-d65c16db1809", "pointer": "/uuid"},
		"pinned": [],
	})
}

test_a_workload_without_identity_is_silent if {
	count(pinned_hardware_identity.report) == 0 with input as {"workloads": [{"name": "web-01"}]}
}
