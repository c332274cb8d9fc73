package vmlint.rules.realtime.latency_sensitive_without_isolation_test

import data.vmlint.rules.realtime.latency_sensitive_without_isolation as rule
import rego.v1

inferred := {"role": "latency-sensitive", "strength": "name", "rank": 2, "evidence": "inferred from name `sbc-edge-01`", "pointer": "/name"}

declared := {"role": "realtime", "strength": "declared", "rank": 0, "evidence": "declared by tag `vmlint-role=realtime`", "pointer": "/tags/0"}

vm(extra) := {"workloads": [object.union({
	"name": "sbc-edge-01",
	"roles": [inferred],
	"cpu": {"count": {"value": 4, "pointer": "/cpu"}, "realtime_scheduling": []},
	"memory": {"size_mib": {"value": 8192, "pointer": "/memory"}},
}, extra)]}

test_shared_cpus_and_pageable_memory_are_both_named_at_the_cpu_definition if {
	findings := rule.report with input as vm({})
	count(findings) == 1
	some finding in findings
	finding.pointer == "/cpu"
	contains(finding.message, "is latency-sensitive (inferred from name `sbc-edge-01`)")
	contains(finding.message, "no dedicated CPUs")
	contains(finding.message, "and no locked or huge-page memory")
}

test_pinned_cpus_leave_only_memory_reported_at_the_memory_definition if {
	findings := rule.report with input as vm({"cpu": {"count": {"value": 4, "pointer": "/cpu"}, "dedicated": {"value": true, "pointer": "/affinity"}}})
	some finding in findings
	finding.pointer == "/memory"
	not contains(finding.message, "dedicated CPUs")
}

test_pinned_cpus_with_huge_pages_or_locked_memory_are_isolated if {
	pinned := {"count": {"value": 4, "pointer": "/cpu"}, "dedicated": {"value": true, "pointer": "/affinity"}}
	count(rule.report) == 0 with input as vm({"cpu": pinned, "memory": {"hugepages": {"value": "1G", "pointer": "/hp"}}})
	count(rule.report) == 0 with input as vm({"cpu": pinned, "memory": {"locked": {"value": true, "pointer": "/lock"}}})
}

test_a_declared_role_is_preferred_as_evidence if {
	findings := rule.report with input as vm({"roles": [inferred, declared]})
	some finding in findings
	contains(finding.message, "is realtime (declared by tag `vmlint-role=realtime`)")
}

test_without_a_cpu_count_the_role_evidence_is_blamed if {
	findings := rule.report with input as {"workloads": [{"name": "pbx-01", "roles": [inferred], "cpu": {}, "memory": {}}]}
	some finding in findings
	finding.pointer == "/name"
}

test_other_roles_are_not_reported if {
	count(rule.report) == 0 with input as vm({"roles": [{"role": "database", "strength": "name", "rank": 2, "evidence": "x", "pointer": "/name"}]})
}

test_a_vm_that_a_file_only_refers_to_is_judged_where_it_is_defined if {
	count(rule.report) == 0 with input as vm({"reference": true})
}
