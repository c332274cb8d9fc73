package vmlint.rules.operations.time_sync_conflict_test

import data.vmlint.rules.operations.time_sync_conflict as rule
import rego.v1

vm(extra) := {"workloads": [object.union({"name": "erp-app-01"}, extra)]}

host_sync := {"value": true, "pointer": "/tools.synctime"}

guest_sync := {"value": "role `chrony` in `site.yml` line 5", "pointer": "/displayname"}

test_host_and_guest_sync_together_are_reported_at_the_host_setting if {
	findings := rule.report with input as vm({"clock": {"host_sync": host_sync, "guest_sync": guest_sync}})
	count(findings) == 1
	some finding in findings
	finding.pointer == "/tools.synctime"
	contains(finding.message, "role `chrony` in `site.yml` line 5")
}

test_either_alone_is_fine if {
	count(rule.report) == 0 with input as vm({"clock": {"host_sync": host_sync}})
	count(rule.report) == 0 with input as vm({"clock": {"guest_sync": guest_sync}})
}

test_a_linux_guest_in_local_time_is_reported if {
	every os in ["l26", "rhel9_64Guest", "ubuntu-64", "http://ubuntu.com/ubuntu/22.04", "http://fedoraproject.org/fedora/39"] {
		findings := rule.report with input as vm({"guest_os": {"value": os, "pointer": "/os"}, "clock": {"offset": {"value": "localtime", "pointer": "/clock/@offset"}}})
		some finding in findings
		finding.pointer == "/clock/@offset"
	}
}

test_windows_or_unknown_guests_in_local_time_are_fine if {
	count(rule.report) == 0 with input as vm({"guest_os": {"value": "win11", "pointer": "/os"}, "clock": {"offset": {"value": "localtime", "pointer": "/c"}}})
	count(rule.report) == 0 with input as vm({"guest_os": {"value": "http://microsoft.com/win/2k22", "pointer": "/os"}, "clock": {"offset": {"value": "localtime", "pointer": "/c"}}})
	count(rule.report) == 0 with input as vm({"clock": {"offset": {"value": "localtime", "pointer": "/c"}}})
}

test_a_utc_clock_is_fine if {
	count(rule.report) == 0 with input as vm({"guest_os": {"value": "l26", "pointer": "/os"}, "clock": {"offset": {"value": "utc", "pointer": "/c"}}})
}
