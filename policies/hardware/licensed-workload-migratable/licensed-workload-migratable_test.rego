package vmlint.rules.hardware.licensed_workload_migratable_test

import data.vmlint.rules.hardware.licensed_workload_migratable as rule
import rego.v1

licensed := {"role": "licensed", "strength": "declared", "rank": 0, "evidence": "declared by tag `vmlint-role-licensed`", "pointer": "/tags"}

vm(availability) := {"workloads": [{"name": "oracle-01", "roles": [licensed], "availability": availability}]}

ha := {"value": true, "pointer": "/ha/0"}

test_an_ha_licensed_vm_is_reported_at_its_ha_declaration if {
	findings := rule.report with input as vm({"ha": ha})
	count(findings) == 1
	some finding in findings
	finding.pointer == "/ha/0"
	contains(finding.message, "is licensed per host (declared by tag `vmlint-role-licensed`) and highly available")
}

test_live_migration_alone_is_enough if {
	findings := rule.report with input as vm({"live_migration": {"value": true, "pointer": "/evictionStrategy"}})
	some finding in findings
	contains(finding.message, "live-migratable")
}

test_a_host_group_restriction_keeps_it_silent if {
	restricted := {"value": "restricted HA group `licensed` (pve-01, pve-02)", "pointer": "/ha/0"}
	count(rule.report) == 0 with input as vm({"ha": ha, "restricted_to": restricted})
}

test_a_vm_that_cannot_move_or_is_not_licensed_is_silent if {
	count(rule.report) == 0 with input as vm({})
	count(rule.report) == 0 with input as vm({"ha": {"value": false, "pointer": "/x"}})
	count(rule.report) == 0 with input as {"workloads": [{"name": "web", "roles": [], "availability": {"ha": ha}}]}
}
