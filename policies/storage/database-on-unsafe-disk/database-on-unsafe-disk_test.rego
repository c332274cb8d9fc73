package vmlint.rules.storage.database_on_unsafe_disk_test

import data.vmlint.rules.storage.database_on_unsafe_disk as rule
import rego.v1

database := {"role": "database", "strength": "structural", "rank": 1, "evidence": "image `postgres:16` runs `postgres`", "pointer": "/image"}

guess := {"role": "database", "strength": "name", "rank": 2, "evidence": "guessed from the word `pg` in name `pg-orders-01`", "pointer": "/name"}

vm(disks) := {"workloads": [{"name": "pg-orders-01", "roles": [database], "disks": disks}]}

only(findings) := finding if {
	count(findings) == 1
	some finding in findings
}

test_an_unsafe_cache_is_an_error_at_the_disk if {
	finding := only(rule.report) with input as vm([{"cache": "unsafe", "pointer": "/scsi0"}])
	finding.pointer == "/scsi0"
	finding.severity == "error"
	contains(finding.message, "database `pg-orders-01` (image `postgres:16` runs `postgres`)")
	contains(finding.message, "cache mode `unsafe`")
}

test_a_name_guess_alone_makes_a_warning_that_says_so if {
	workload := {"name": "pg-orders-01", "roles": [guess], "disks": [{"cache": "unsafe", "pointer": "/scsi0"}]}
	finding := only(rule.report) with input as {"workloads": [workload]}
	finding.severity == "warning"
	contains(finding.message, "guessed from the word `pg`")
}

test_a_non_persistent_vmware_disk_is_an_error if {
	finding := only(rule.report) with input as vm([{"mode": "independent-nonpersistent", "pointer": "/scsi0:1.mode"}])
	finding.severity == "error"
}

test_thin_disks_thin_pools_and_shared_volume_types_are_warnings if {
	every disk in [
		{"thin": true, "pointer": "/d"},
		{"pool": "local-lvm", "pointer": "/d"},
		{"pool": "thin-csi", "pointer": "/d"},
		{"volume_type": "gp2", "pointer": "/d"},
		{"volume_type": "Standard_LRS", "pointer": "/d"},
	] {
		finding := only(rule.report) with input as vm([disk])
		finding.severity == "warning"
	}
}

test_several_problems_of_one_disk_make_one_finding_at_the_worst_severity if {
	finding := only(rule.report) with input as vm([{"thin": true, "cache": "unsafe", "pointer": "/d"}])
	finding.severity == "error"
	contains(finding.message, "cache mode `unsafe`")
	contains(finding.message, "thin-provisioned")
}

test_safe_disks_are_silent if {
	every disk in [
		{"thin": false, "cache": "none", "pool": "ssd-mirror", "pointer": "/d"},
		{"volume_type": "gp2", "iops": 6000, "pointer": "/d"},
		{"volume_type": "io2", "iops": 16000, "pointer": "/d"},
		{"pool": "pathfinder", "pointer": "/d"},
		{"mode": "persistent", "cache": "writeback", "pointer": "/d"},
	] {
		count(rule.report) == 0 with input as vm([disk])
	}
}

test_other_workloads_may_use_thin_disks if {
	count(rule.report) == 0 with input as {"workloads": [{"name": "web-01", "roles": [], "disks": [{"thin": true, "pointer": "/d"}]}]}
}

test_configured_vocabularies_extend_the_defaults if {
	configured := {"database-on-unsafe-disk": {"shared_volume_types": ["gp3"], "thin_pool_pattern": "^nfs-"}}
	count(rule.report) == 1 with input as vm([{"volume_type": "gp3", "pointer": "/d"}]) with data.vmlint.params as configured
	count(rule.report) == 1 with input as vm([{"pool": "nfs-shared", "pointer": "/d"}]) with data.vmlint.params as configured
}
