package vmlint.rules.operations.legacy_guest_os_test

import data.vmlint.rules.operations.legacy_guest_os
import rego.v1

vm(os) := {"workloads": [{"name": "erp-01", "guest_os": {"value": os, "pointer": "/os"}}]}

test_end_of_life_systems_in_every_vocabulary if {
	every os in [
		"w2k3", "wxp", "l24", "winNetEnterpriseGuest", "winXPProGuest", "windows7Server64Guest",
		"rhel6_64Guest", "sles11_64Guest", "centos64Guest", "http://microsoft.com/win/2k8",
		"http://redhat.com/rhel/6.9", "http://centos.org/centos/5.11",
	] {
		some finding in legacy_guest_os.report with input as vm(os)
		finding.pointer == "/os"
		contains(finding.message, "`erp-01`")
	}
}

test_supported_systems_are_not_reported if {
	every os in [
		"l26", "win11", "win10", "windows9Server64Guest", "rhel9_64Guest", "ubuntu64Guest",
		"centos8_64Guest", "http://microsoft.com/win/2k22", "http://redhat.com/rhel/9.2",
	] {
		count(legacy_guest_os.report) == 0 with input as vm(os)
	}
}

test_configured_os_types_are_legacy_too if {
	count(legacy_guest_os.report) == 0 with input as vm("sles12_64Guest")
	count(legacy_guest_os.report) == 1 with input as vm("sles12_64Guest")
		with data.vmlint.params as {"legacy-guest-os": {"extra_os_types": ["SLES12_64Guest"]}}
}
