package vmlint.rules.realtime.failover_capacity_test

import data.vmlint.rules.realtime.failover_capacity as rule
import rego.v1

ha(name, host, cpus, memory) := {
	"file": sprintf("%s.conf", [name]),
	"id": name,
	"name": name,
	"availability": {"ha": {"value": true, "pointer": sprintf("/ha/%s", [name])}},
	"placement": {"host": {"value": host, "pointer": "/node"}},
	"cpu": {"count": {"value": cpus, "pointer": "/cores"}},
	"memory": {"size_mib": {"value": memory, "pointer": "/memory"}},
}

hosts := {
	"pve-01": {"cpus": 16, "memory_mib": 65536, "cluster": "prod"},
	"pve-02": {"cpus": 16, "memory_mib": 65536, "cluster": "prod"},
	"pve-03": {"cpus": 32, "memory_mib": 131072, "cluster": "prod"},
}

test_memory_that_only_fits_with_every_host_is_reported_at_each_ha_workload if {
	workloads := [ha("db-01", "pve-01", 4, 65536), ha("db-02", "pve-02", 4, 65536), ha("app-01", "pve-03", 4, 8192)]
	findings := rule.report with input as {"workloads": workloads, "hosts": hosts}
	count(findings) == 3
	some finding in findings
	finding.pointer == "/ha/db-01"
	contains(finding.message, "the 3 highly available workloads of cluster `prod`")
	contains(finding.message, "139264 MiB on 131072 MiB × 1 without `pve-03`")
	count(finding.related) == 2
}

test_workloads_that_fit_on_the_survivors_are_silent if {
	workloads := [ha("db-01", "pve-01", 4, 32768), ha("db-02", "pve-02", 4, 32768)]
	count(rule.report) == 0 with input as {"workloads": workloads, "hosts": hosts}
}

test_a_host_of_unknown_capacity_keeps_the_cluster_silent if {
	partial := object.union(hosts, {"pve-04": {"cluster": "prod"}})
	workloads := [ha("db-01", "pve-01", 4, 65536), ha("db-02", "pve-02", 4, 65536), ha("app-01", "pve-03", 4, 8192)]
	count(rule.report) == 0 with input as {"workloads": workloads, "hosts": partial}
}

test_the_definitions_cluster_is_used_when_the_configuration_names_none if {
	capacities := {"a": {"cpus": 4, "memory_mib": 8192}, "b": {"cpus": 4, "memory_mib": 8192}}
	one := object.union(ha("x", "a", 2, 8192), {"placement": {"host": {"value": "a", "pointer": "/"}, "cluster": {"value": "etc/pve", "pointer": "/"}}})
	two := object.union(ha("y", "b", 2, 8192), {"placement": {"host": {"value": "b", "pointer": "/"}, "cluster": {"value": "etc/pve", "pointer": "/"}}})
	findings := rule.report with input as {"workloads": [one, two], "hosts": capacities}
	count(findings) == 2
	some finding in findings
	contains(finding.message, "cluster `etc/pve`")
}

test_without_hosts_nothing_is_judged if {
	count(rule.report) == 0 with input as {"workloads": [ha("db-01", "pve-01", 64, 65536)], "hosts": {}}
}
