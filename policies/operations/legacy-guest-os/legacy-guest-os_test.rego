package vmlint.rules.operations.legacy_guest_os_test

import data.vmlint.rules.operations.legacy_guest_os
import rego.v1

vm(os) := {"workloads": [{"name": "erp-01", "guest_os": {"value": os, "pointer": "/os"}}]}

test_end_of_life_systems_in_every_vocabulary if {
	every os in [
		"w2k3", "wxp", "l24", "win8", "winNetEnterpriseGuest", "winXPProGuest", "windows7Server64Guest",
		"windows8Server64Guest", "rhel6_64Guest", "rhel7_64Guest", "sles11_64Guest", "centos64Guest",
		"centos7_64Guest", "centos8_64Guest", "debian10_64Guest", "http://microsoft.com/win/2k8",
		"http://microsoft.com/win/2k12r2", "http://redhat.com/rhel/6.9", "http://centos.org/centos/5.11",
		"http://centos.org/centos/7.0", "http://ubuntu.com/ubuntu/20.04", "http://debian.org/debian/10",
		"winxppro", "winnetenterprise-64", "longhorn-64", "windows8srv-64", "centos7-64", "rhel6-64",
		"debian10-64",
	] {
		some finding in legacy_guest_os.report with input as vm(os) with data.vmlint.today as "2026-12-02"
		finding.pointer == "/os"
		contains(finding.message, "`erp-01`")
		contains(finding.message, "support ended")
	}
}

test_supported_systems_are_not_reported if {
	every os in [
		"l26", "win11", "win10", "windows9Server64Guest", "rhel9_64Guest", "ubuntu64Guest",
		"http://microsoft.com/win/2k22", "http://redhat.com/rhel/9.2", "http://ubuntu.com/ubuntu/22.04",
		"http://microsoft.com/win/2k16", "windows9srv-64", "windows2019srv-64", "rhel9-64", "ubuntu-64",
		"debian12-64",
	] {
		count(legacy_guest_os.report) == 0 with input as vm(os) with data.vmlint.today as "2026-12-02"
	}
}

test_a_release_becomes_end_of_life_when_its_date_passes if {
	count(legacy_guest_os.report) == 0 with input as vm("windows9Server64Guest") with data.vmlint.today as "2027-01-12"
	some finding in legacy_guest_os.report with input as vm("windows9Server64Guest") with data.vmlint.today as "2027-01-13"
	contains(finding.message, "Windows Server 2016, support ended 2027-01-12")
}

# Against the real date: every end is a date, every release past its end fires, and every
# other is silent.
test_the_list_agrees_with_today if {
	every release in legacy_guest_os.releases {
		regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, release.end)
	}
	# The engine gives today's date: without it every comparison below would be undefined.
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, data.vmlint.today)
	checked := [[id, fires == (release.end < data.vmlint.today)] |
		some release in legacy_guest_os.releases
		some id in release.ids
		fires := count(legacy_guest_os.report) > 0 with input as vm(id)
	]
	count(checked) == count([id | some release in legacy_guest_os.releases; some id in release.ids])
	disagreeing := [item[0] | some item in checked; not item[1]]
	disagreeing == []
	count(legacy_guest_os.releases) > 20
}

test_configured_os_types_are_legacy_too if {
	count(legacy_guest_os.report) == 0 with input as vm("sles12_64Guest")
	count(legacy_guest_os.report) == 1 with input as vm("sles12_64Guest")
		with data.vmlint.params as {"legacy-guest-os": {"extra_os_types": ["SLES12_64Guest"]}}
}
