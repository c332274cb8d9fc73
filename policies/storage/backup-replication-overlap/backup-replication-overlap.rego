# VML305 backup-replication-overlap: a replication job starts while a backup job of the same
# guest, storage or machine is running.
package vmlint.rules.storage.backup_replication_overlap

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML305",
	"slug": "backup-replication-overlap",
	"category": "storage",
	"severity": "warning",
	"scope": "repository",
	"title": "A replication job runs in the backup window of the same guest or storage",
	"rationale": "Replication and backup both read the guest's disks and write over the same network: run together, each slows the other, the backup window overruns into business hours, and replication falls behind — or is skipped while the backup holds the guest — so the recovery point is older than promised exactly on the night something breaks.",
	"remediation": "Schedule replication outside the backup window (Proxmox calendar events such as `mon..fri 06..20/15`, a cron hour range), or stagger them per guest; or replicate to the backup target instead of running both.",
	"related": ["VML303", "VML302"],
	"formats": ["ansible", "proxmox"],
}

slug := "backup-replication-overlap"

# How long a backup job is taken to run from its start, in minutes.
window_minutes := params.value(slug, "backup_window_minutes", 120)

replications := [s | some s in input.schedules; s.kind == "replication"; count(s.starts) > 0]

backups := [s | some s in input.schedules; not s.kind == "replication"; count(s.starts) > 0]

covers(backup, guest) if guest in backup.guests

covers(backup, guest) if {
	"*" in backup.guests
	not guest in object.get(backup, "excluded", [])
}

# What the two jobs share: a guest, a storage, or the machines they run on.
shared(replication, backup) := sprintf("guest %s", [guest]) if {
	some guest in replication.guests
	covers(backup, guest)
} else := sprintf("storage `%s`", [replication.storage]) if {
	replication.storage == backup.storage
} else := sprintf("hosts `%s`", [replication.runs_on]) if {
	replication.runs_on == backup.runs_on
}

# The first replication start within a backup's window, as [backup start, replication start].
overlap(replication, backup) := found if {
	found := vmlint.first_within(backup.starts, replication.starts, window_minutes)
	count(found) == 2
}

day_names := ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

clock(minute) := sprintf("%s %02d:%02d UTC", [day_names[floor(minute / 1440)], floor((minute % 1440) / 60), minute % 60])

clashes[i] contains [backup, what, times] if {
	some i, replication in replications
	some backup in backups
	what := shared(replication, backup)
	times := overlap(replication, backup)
}

report contains result.fail_at(metadata, replication.file, replication.pointer, message, related) if {
	some i, group in clashes
	replication := replications[i]
	items := sort([sprintf("%s (`%s`, from %s) on %s", [b.id, b.expression, clock(t[0]), what]) | some [b, what, t] in group])
	first := sort([[t[1], what] | some [_, what, t] in group])[0]
	related := [{"file": b.file, "pointer": b.pointer, "message": sprintf("%s runs while %s replicates", [b.id, replication.id])} |
		some [b, _, _] in group
	]
	message := sprintf(
		"%s (`%s`) starts within the %d-minute window of %s — first at %s: replication and backup read the same disks and compete for storage and network",
		[replication.id, replication.expression, window_minutes, concat(", ", items), clock(first[0])],
	)
}
