# VML302 snapshot-backup-of-database: a database is backed up by snapshots that nothing
# quiesces.
package vmlint.rules.storage.snapshot_backup_of_database

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML302",
	"slug": "snapshot-backup-of-database",
	"category": "storage",
	"severity": "warning",
	"title": "A database is backed up by snapshots without application-consistent quiescing",
	"rationale": "A disk snapshot of a running database captures pages in the middle of being written: it is crash-consistent at best, so a restore must replay the log, loses what was in flight, and for some engines and layouts (data and log on different disks) does not start at all. The backup looks fine every night and fails the one time it is restored.",
	"remediation": "Quiesce before the snapshot: enable the guest agent with filesystem freeze and database freeze hooks (Proxmox `agent: 1`), DLM pre/post scripts or VSS, GCP `guest_flush`, `quiesce: true` on VMware; or back up the database with its own tools (pg_basebackup, RMAN, mysqldump, log shipping) and snapshot only the rest.",
	"related": ["VML301", "VML303"],
	"formats": ["terraform", "terraform-json", "ansible", "proxmox"],
	"triggers": ["role:database"],
}

database_evidence(workload) := roles.strongest(workload, {"database"})

# The job asks for quiescing itself, or leaves it to the platform, which quiesces.
quiesced(workload, backup) if backup.application_consistent == true

quiesced(workload, backup) if {
	not has_key(backup, "application_consistent")
	workload.snapshot_quiescing.value == true
}

has_key(object, key) if _ = object[key]

why(workload, backup) := "the job takes crash-consistent snapshots (no quiescing asked for)" if {
	backup.application_consistent == false
} else := "the guest agent is disabled or does not freeze filesystems on backup" if {
	workload.snapshot_quiescing.value == false
} else := "nothing quiesces the database before the snapshot"

report contains result.fail(metadata, backup.pointer, message) if {
	some workload in input.workloads
	role := database_evidence(workload)
	some backup in workload.backups
	backup.mode == "snapshot"
	not quiesced(workload, backup)
	message := sprintf(
		"database `%s` (%s) is backed up by snapshots from %s, and %s: a restore brings back a crash-consistent database that must replay its log, or does not start",
		[workload.name, role.evidence, backup.origin, why(workload, backup)],
	)
}
