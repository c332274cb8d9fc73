# VML303 backup-storm: more than N backup or snapshot jobs start within one W-minute window,
# across the repository, per storage target where known.
package vmlint.rules.storage.backup_storm

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML303",
	"slug": "backup-storm",
	"category": "storage",
	"severity": "warning",
	"scope": "repository",
	"title": "Too many backup or snapshot jobs start in the same window",
	"rationale": "Backup jobs that all start at 01:00 hit the same storage, network and hosts at once: snapshots stun guests together, the backup target saturates, jobs overrun into business hours, and the storms repeat every night until one fails silently.",
	"remediation": "Stagger the schedules (spread start times over the night, use randomised delays), send jobs to different storage targets, or let one scheduler queue them.",
	"related": ["VML302"],
	"formats": ["terraform", "terraform-json", "ansible", "kubevirt", "proxmox"],
}

slug := "backup-storm"

# More than `max_jobs` jobs in `window_minutes` is a storm; twice that is an error.
max_jobs := params.value(slug, "max_jobs", 4)

window_minutes := params.value(slug, "window_minutes", 15)

storage_of(schedule) := schedule.storage

storage_of(schedule) := "" if not schedule.storage

# Backup and snapshot schedules by storage target ("" when unknown), keeping only those
# with start times (replication is VML305's).
by_storage[storage] contains schedule if {
	some schedule in input.schedules
	not schedule.kind == "replication"
	count(schedule.starts) > 0
	storage := storage_of(schedule)
}

day_names := ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

clock(minute) := sprintf("%02d:%02d UTC", [floor((minute % 1440) / 60), minute % 60])

# When a crowded window opens: every day, or a day of the week.
when(crowd) := sprintf("every day at %s", [clock(crowd.start)]) if crowd.all_daily

when(crowd) := sprintf("%s %s", [day_names[floor(crowd.start / 1440)], clock(crowd.start)]) if not crowd.all_daily

where(storage) := sprintf(" on storage `%s`", [storage]) if storage != ""

where(storage) := "" if storage == ""

severity_for(jobs) := "error" if jobs > 2 * max_jobs

severity_for(jobs) := "warning" if jobs <= 2 * max_jobs

# Instances of one block (`count`, `for_each`) are jobs written at one place: reported once.
same_place(a, b) if {
	a.file == b.file
	a.pointer == b.pointer
}

more_instances(n) := sprintf(" (and %d more instances of this block)", [n - 1]) if n > 1

more_instances(n) := "" if n <= 1

report contains result.fail_at_with_severity(metadata, job.file, job.pointer, message, related, severity) if {
	some storage, group in by_storage
	jobs := [job | some job in group]

	# The instances of one block (count = 5) share a place: reported once, at the first.
	places := vmlint.equal_groups([[job.file, job.pointer] | some job in jobs])
	some crowd in vmlint.crowded_windows([job.starts | some job in jobs], window_minutes)
	crowd.size > max_jobs
	places[crowd.job].first == crowd.job
	job := jobs[crowd.job]
	related := [{"file": other.file, "pointer": other.pointer, "message": sprintf("%s (`%s`) starts in the same window", [other.id, other.expression])} |
		some index in crowd.others
		other := jobs[index]
		not same_place(other, job)
	]
	severity := severity_for(crowd.size)
	message := sprintf(
		"%s%s (`%s`) is one of %d backup/snapshot jobs starting within %d minutes from %s%s (more than %d): they compete for the same storage and hosts at once",
		[job.id, more_instances(places[crowd.job].count), job.expression, crowd.size, window_minutes, when(crowd), where(storage), max_jobs],
	)
}
