package vmlint.rules.operations.weakened_cpu_isolation_test

import data.vmlint.rules.operations.weakened_cpu_isolation as rule
import rego.v1

nested := {"value": "nested virtualization (`+vmx`) gives the guest the host's virtualization extensions", "pointer": "/config/cpu"}

vm(extra) := object.union({"file": "100.conf", "name": "ci-runner-01", "cpu": {"weakenings": [nested]}, "placement": {"host": {"value": "pve-01", "pointer": "/"}}}, extra)

test_nested_virtualization_on_a_shared_host_is_reported_where_it_is_set if {
	findings := rule.report with input as {"workloads": [vm({})], "hosts": {}}
	count(findings) == 1
	some finding in findings
	finding.pointer == "/config/cpu"
	finding.file == "100.conf"
	contains(finding.message, "`ci-runner-01` may share its host with other workloads and nested virtualization (`+vmx`)")
}

test_a_host_declared_dedicated_is_silent if {
	count(rule.report) == 0 with input as {"workloads": [vm({})], "hosts": {"pve-01": {"dedicated": true}}}
	count(rule.report) == 0 with input as {"workloads": [vm({"placement": {"dedicated": {"value": true, "pointer": "/tenancy"}}})], "hosts": {}}
}

test_a_guest_without_weakenings_is_silent if {
	count(rule.report) == 0 with input as {"workloads": [vm({"cpu": {"weakenings": []}})], "hosts": {}}
}
