package vmlint.rules.hardware.duplicate_hardware_identity_test

import data.vmlint.rules.hardware.duplicate_hardware_identity as rule
import rego.v1

# Workloads as the repository stage gives them: identities normalised into `identity_keys`.
vm(file, id, name, keys) := {"file": file, "id": id, "name": name, "identity": {"pinned": []}, "identity_keys": keys}

mac(value, pointer) := [{"key": concat(" ", ["MAC", lower(value)]), "kind": "MAC", "value": value, "pointer": pointer}]

test_the_same_mac_in_two_files_is_reported_in_both_each_naming_the_other if {
	findings := rule.report with input as {"workloads": [
		vm("a/101.conf", "vm 101", "erp-01", mac("bc:24:11:00:00:01", "/config/net0")),
		vm("b/201.conf", "vm 201", "erp-01-clone", mac("BC:24:11:00:00:01", "/config/net0")),
		vm("c/301.conf", "vm 301", "web-01", mac("bc:24:11:00:00:09", "/config/net0")),
	]}
	count(findings) == 2
	some first in findings
	first.file == "a/101.conf"
	first.pointer == "/config/net0"
	contains(first.message, "MAC bc:24:11:00:00:01 of `erp-01` is also used by `erp-01-clone` (b/201.conf)")
	first.related == [{"file": "b/201.conf", "pointer": "/config/net0", "message": "the same MAC on `erp-01-clone`"}]
}

test_two_nics_of_one_vm_are_not_two_workloads if {
	count(rule.report) == 0 with input as {"workloads": [vm("a.xml", "domain a", "a", array.concat(
		mac("52:54:00:00:00:01", "/n/0"),
		mac("52:54:00:00:00:01", "/n/1"),
	))]}
}

test_distinct_identities_are_silent if {
	count(rule.report) == 0 with input as {"workloads": [
		vm("a.conf", "vm 1", "a", mac("bc:24:11:00:00:01", "/n")),
		vm("c.conf", "vm 2", "c", mac("bc:24:11:00:00:02", "/n")),
	]}
}

test_a_template_cloned_many_times_names_a_few_places_and_counts_the_rest if {
	clones := [vm(sprintf("%d.conf", [i]), sprintf("vm %d", [i]), sprintf("clone-%d", [i]), mac("bc:24:11:00:00:01", "/config/net0")) |
		some i in numbers.range(1, 9)
	]
	findings := rule.report with input as {"workloads": clones}
	count(findings) == 9
	every finding in findings {
		count(finding.related) == 5
		contains(finding.message, " and 3 more: cloned identity")
	}
}

test_a_replicated_definition_with_a_pinned_identity_gives_every_instance_the_same if {
	workload := {
		"file": "main.tf", "id": "r.x", "name": "web", "identity_keys": [],
		"identity": {"pinned": [{"value": "static MAC bc:24:11:00:00:07", "pointer": "/mac"}]},
		"replicated": {"value": "count = 3", "pointer": "/count"},
	}
	findings := rule.report with input as {"workloads": [workload]}
	some finding in findings
	finding.pointer == "/mac"
	contains(finding.message, "(count = 3)")
}

test_one_vm_described_twice_under_one_name_is_info_not_a_clone if {
	findings := rule.report with input as {"workloads": [
		vm("docs/a.xml", "domain default", "vagrant_default", mac("52:54:00:7d:14:0e", "/n")),
		vm("spec/b.xml", "domain default", "Vagrant_Default", mac("52:54:00:7d:14:0e", "/n")),
	]}
	count(findings) == 2
	every finding in findings {
		finding.severity == "info"
		contains(finding.message, "appears again in a definition of the same name")
	}
}

test_a_third_definition_with_another_name_makes_them_clones_again if {
	findings := rule.report with input as {"workloads": [
		vm("a.xml", "domain a", "default", mac("52:54:00:7d:14:0e", "/n")),
		vm("b.xml", "domain b", "default", mac("52:54:00:7d:14:0e", "/n")),
		vm("c.xml", "domain c", "other", mac("52:54:00:7d:14:0e", "/n")),
	]}
	count(findings) == 3
	every finding in findings {
		not finding.severity
	}
}
