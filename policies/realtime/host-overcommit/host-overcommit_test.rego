package vmlint.rules.realtime.host_overcommit_test

import data.vmlint.rules.realtime.host_overcommit as rule
import rego.v1

vm(name, host, cpus, memory) := {
	"file": sprintf("%s.conf", [name]), "id": name, "name": name, "roles": [],
	"placement": {"host": {"value": host, "pointer": "/node"}},
	"cpu": {"count": {"value": cpus, "pointer": "/cores"}},
	"memory": {"size_mib": {"value": memory, "pointer": "/memory"}},
}

hosts := {"pve-01": {"cpus": 8, "memory_mib": 65536}}

test_more_than_four_vcpus_per_cpu_is_reported_on_every_workload_of_the_host if {
	findings := rule.report with input as {"hosts": hosts, "workloads": [vm("a", "pve-01", 16, 1024), vm("b", "pve-01", 18, 1024)]}
	count(findings) == 2
	some finding in findings
	finding.file == "a.conf"
	finding.pointer == "/node"
	contains(finding.message, "34 vCPUs on 8 CPUs is 4.25:1, above 4:1")
	count(finding.related) == 1
}

test_a_latency_sensitive_guest_lowers_the_allowed_ratio_to_one if {
	trader := object.union(vm("trading-gw", "pve-01", 4, 1024), {"roles": [{"role": "latency-sensitive"}]})
	findings := rule.report with input as {"hosts": hosts, "workloads": [trader, vm("b", "pve-01", 6, 1024)]}
	some finding in findings
	contains(finding.message, "above 1:1 (1:1: `trading-gw` is latency-sensitive)")
}

test_memory_above_the_host_is_reported if {
	findings := rule.report with input as {"hosts": hosts, "workloads": [vm("a", "pve-01", 2, 40000), vm("b", "pve-01", 2, 40000)]}
	some finding in findings
	contains(finding.message, "80000 MiB of guest memory on 65536 MiB")
}

test_within_capacity_or_unknown_hosts_are_silent if {
	count(rule.report) == 0 with input as {"hosts": hosts, "workloads": [vm("a", "pve-01", 16, 1024), vm("b", "pve-01", 16, 1024)]}
	count(rule.report) == 0 with input as {"hosts": hosts, "workloads": [vm("a", "pve-09", 64, 1024)]}
}

test_configured_ratios_apply if {
	count(rule.report) == 2 with input as {"hosts": hosts, "workloads": [vm("a", "pve-01", 6, 1024), vm("b", "pve-01", 6, 1024)]}
		with data.vmlint.params as {"host-overcommit": {"cpu_ratio": 1}}
}
