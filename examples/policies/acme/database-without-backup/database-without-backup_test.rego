package vmlint.rules.acme.database_without_backup_test

import data.vmlint.rules.acme.database_without_backup as rule
import rego.v1

database := {"role": "database", "explicit": false, "evidence": "inferred from name `mariadb-crm-01`", "pointer": "/config/name"}

vm(extra) := {"workloads": [object.union({"name": "mariadb-crm-01", "platform": "proxmox", "roles": [database], "backups": []}, extra)]}

test_a_database_without_backups_is_reported_at_its_name if {
	some finding in rule.report with input as vm({})
	finding.rule == "ACME101"
	finding.pointer == "/config/name"
	finding.message == "database `mariadb-crm-01` (inferred from name `mariadb-crm-01`) is in no backup job"
}

test_a_backed_up_database_is_silent if {
	count(rule.report) == 0 with input as vm({"backups": [{"mode": "snapshot", "origin": "jobs.cfg", "pointer": "/config"}]})
}

test_other_platforms_are_left_alone_unless_configured if {
	count(rule.report) == 0 with input as vm({"platform": "vsphere"})
	count(rule.report) == 1 with input as vm({"platform": "vsphere"})
		with data.vmlint.params as {"database-without-backup": {"platforms": ["proxmox", "vsphere"]}}
}
