package vmlint.rules.realtime.numa_spanning_guest_test

import data.vmlint.rules.realtime.numa_spanning_guest as rule
import rego.v1

hosts := {"pve-01": {"cpus": 64, "memory_mib": 524288, "numa_nodes": 2, "node_cpus": 32, "node_memory_mib": 262144}}

vm(extra) := object.union(
	{
		"file": "100.conf",
		"name": "analytics-01",
		"placement": {"host": {"value": "pve-01", "pointer": "/node"}},
		"cpu": {"count": {"value": 48, "pointer": "/cores"}},
		"memory": {"size_mib": {"value": 65536, "pointer": "/memory"}},
	},
	extra,
)

test_more_vcpus_than_a_node_without_numa_is_reported_at_the_vcpus if {
	findings := rule.report with input as {"workloads": [vm({})], "hosts": hosts}
	count(findings) == 1
	some finding in findings
	finding.pointer == "/cores"
	contains(finding.message, "48 vCPUs > 32 CPUs per node")
}

test_numa_stated_off_is_blamed if {
	findings := rule.report with input as {"workloads": [vm({"cpu": {"count": {"value": 48, "pointer": "/cores"}, "numa": {"value": false, "pointer": "/numa"}}})], "hosts": hosts}
	some finding in findings
	finding.pointer == "/numa"
}

test_a_numa_topology_or_a_guest_that_fits_is_silent if {
	numa := {"cpu": {"count": {"value": 64, "pointer": "/cores"}, "numa": {"value": true, "pointer": "/numa"}}}
	count(rule.report) == 0 with input as {"workloads": [vm(numa)], "hosts": hosts}
	small := {"cpu": {"count": {"value": 8, "pointer": "/cores"}}}
	count(rule.report) == 0 with input as {"workloads": [vm(small)], "hosts": hosts}
}

test_memory_alone_can_span_nodes if {
	big := {"cpu": {"count": {"value": 8, "pointer": "/cores"}}, "memory": {"size_mib": {"value": 393216, "pointer": "/memory"}}}
	findings := rule.report with input as {"workloads": [vm(big)], "hosts": hosts}
	some finding in findings
	finding.pointer == "/memory"
	contains(finding.message, "393216 MiB > 262144 MiB per node")
}

test_a_host_without_known_nodes_is_silent if {
	count(rule.report) == 0 with input as {"workloads": [vm({})], "hosts": {"pve-01": {"cpus": 64}}}
	count(rule.report) == 0 with input as {"workloads": [vm({})], "hosts": {}}
}
