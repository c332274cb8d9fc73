# ACME101 database-without-backup: an example of a team's own rule. It uses the same model,
# helpers and parameters as the built-in pack:
#   vmlint check examples/ --policy examples/policies
#   vmlint test examples/policies
#   vmlint explain ACME101 --policy examples/policies
package vmlint.rules.acme.database_without_backup

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "ACME101",
	"slug": "database-without-backup",
	"category": "acme",
	"severity": "warning",
	"title": "A database VM is in no backup job",
	"rationale": "Our recovery plan assumes every database VM is in a nightly vzdump job.",
	"remediation": "Add the VM id to a `vzdump` job in jobs.cfg, or declare it `vmlint-role=scratch`.",
	"related": ["VML302"],
	"formats": ["proxmox"],
}

# Platforms whose backup jobs vmlint reads from the repository (Proxmox jobs.cfg and
# vzdump.cron). `[params.database-without-backup] platforms = [...]` changes the list.
platforms := {p | some p in params.value("database-without-backup", "platforms", ["proxmox"])}

report contains result.fail(metadata, role.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	platforms[workload.platform]
	some role in workload.roles
	role.role == "database"
	count(workload.backups) == 0
	message := sprintf("database `%s` (%s) is in no backup job", [workload.name, role.evidence])
}
