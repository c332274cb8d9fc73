package vmlint.rules.storage.backup_replication_overlap_test

import data.vmlint.rules.storage.backup_replication_overlap as rule
import rego.v1

day := 1440

daily(minute) := [start |
	some d in numbers.range(0, 6)
	start := (d * day) + minute
]

replication(starts) := {"file": "replication.cfg", "id": "replication job `100-0` (to pve-02)", "kind": "replication", "expression": "*/15", "guests": ["100"], "pointer": "/sections/0", "starts": starts}

backup(guests, starts) := {"file": "jobs.cfg", "id": "vzdump job `nightly`", "kind": "backup", "expression": "22:00", "guests": guests, "storage": "pbs", "pointer": "/sections/0/properties/schedule", "starts": starts}

every_quarter := [m |
	some m in numbers.range(0, 10079)
	m % 15 == 0
]

test_replication_every_fifteen_minutes_runs_in_any_backup_window if {
	findings := rule.report with input as {"schedules": [replication(every_quarter), backup(["*"], daily(22 * 60))]}
	count(findings) == 1
	some finding in findings
	finding.pointer == "/sections/0"
	finding.file == "replication.cfg"
	contains(finding.message, "vzdump job `nightly` (`22:00`, from Monday 22:00 UTC) on guest 100")
	contains(finding.message, "first at Monday 22:00 UTC")
	count(finding.related) == 1
}

test_replication_at_two_and_backups_at_twenty_two_do_not_meet if {
	count(rule.report) == 0 with input as {"schedules": [replication(daily(2 * 60)), backup(["100"], daily(22 * 60))]}
}

test_a_window_crossing_midnight_is_seen if {
	count(rule.report) == 1 with input as {"schedules": [replication(daily(30)), backup(["100"], daily((23 * 60) + 30))]}
}

test_jobs_of_other_guests_or_excluded_guests_do_not_clash if {
	count(rule.report) == 0 with input as {"schedules": [replication(every_quarter), backup(["101"], daily(22 * 60))]}
	excluded := object.union(backup(["*"], daily(22 * 60)), {"excluded": ["100"]})
	count(rule.report) == 0 with input as {"schedules": [replication(every_quarter), excluded]}
}

test_jobs_on_the_same_hosts_clash_when_no_guest_is_named if {
	syncoid := {"file": "site.yml", "id": "cron task `syncoid`", "kind": "replication", "expression": "0 23 * * *", "runs_on": "pve_nodes", "pointer": "/0", "starts": daily(23 * 60)}
	dump := {"file": "site.yml", "id": "cron task `vzdump`", "kind": "backup", "expression": "0 22 * * *", "runs_on": "pve_nodes", "pointer": "/1", "starts": daily(22 * 60)}
	findings := rule.report with input as {"schedules": [syncoid, dump]}
	some finding in findings
	contains(finding.message, "on hosts `pve_nodes`")
}
