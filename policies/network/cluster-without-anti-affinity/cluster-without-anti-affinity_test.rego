package vmlint.rules.network.cluster_without_anti_affinity_test

import data.vmlint.rules.network.cluster_without_anti_affinity as rule
import rego.v1

member(file, name, placement) := {
	"file": file, "id": name, "name": name, "placement": placement,
	"roles": [{"role": "cluster-member", "strength": "name", "rank": 2, "evidence": sprintf("inferred from name `%s`", [name]), "pointer": "/name"}],
}

host(name) := {"host": {"value": name, "pointer": "/node"}}

test_members_without_anti_affinity_are_each_reported_naming_the_others if {
	findings := rule.report with input as {"workloads": [member("a.tf", "etcd-01", {}), member("b.tf", "etcd-02", {}), member("c.tf", "etcd-03", {})]}
	count(findings) == 3
	some finding in findings
	finding.file == "a.tf"
	finding.pointer == "/name"
	contains(finding.message, "cluster `etcd` (`etcd-01`, `etcd-02`, `etcd-03`)")
	count(finding.related) == 2
}

test_members_pinned_to_the_same_host_are_reported_at_the_pin if {
	findings := rule.report with input as {"workloads": [member("a", "zk1", host("pve-01")), member("b", "zk2", host("pve-01")), member("c", "zk3", host("pve-02"))]}
	pinned := [f | some f in findings; f.pointer == "/node"]
	count(pinned) == 2
	count(findings) == 3
}

test_anti_affinity_everywhere_or_distinct_pins_are_silent if {
	anti := {"anti_affinity": {"value": true, "pointer": "/rule"}}
	count(rule.report) == 0 with input as {"workloads": [member("a", "etcd-1", anti), member("b", "etcd-2", anti)]}
	count(rule.report) == 0 with input as {"workloads": [member("a", "etcd-1", host("pve-01")), member("b", "etcd-2", host("pve-02"))]}
}

test_different_clusters_and_single_members_are_silent if {
	count(rule.report) == 0 with input as {"workloads": [member("a", "etcd-1", {}), member("b", "kafka-1", {})]}
}

test_a_replicated_member_without_anti_affinity_is_reported if {
	workload := object.union(member("main.tf", "etcd", {}), {"replicated": {"value": "count = 3", "pointer": "/count"}})
	findings := rule.report with input as {"workloads": [workload]}
	some finding in findings
	finding.pointer == "/count"
}
