package vmlint.rules.operations.weakened_guest_isolation_test

import data.vmlint.rules.operations.weakened_guest_isolation
import rego.v1

test_every_weakening_is_reported_with_its_setting if {
	vm := {"name": "dev-01", "isolation_weakenings": [
		{"value": "isolation.tools.copy.disable = FALSE", "pointer": "/a"},
		{"value": "the host's root directory `/` is shared", "pointer": "/b"},
	]}
	findings := weakened_guest_isolation.report with input as {"workloads": [vm]}
	count(findings) == 2
	some finding in findings
	finding.pointer == "/a"
	contains(finding.message, "`dev-01` weakens its isolation from the host: isolation.tools.copy.disable = FALSE")
}

test_none_no_finding if {
	count(weakened_guest_isolation.report) == 0 with input as {"workloads": [{"name": "a", "isolation_weakenings": []}]}
}
