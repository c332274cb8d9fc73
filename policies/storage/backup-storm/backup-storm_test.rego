package vmlint.rules.storage.backup_storm_test

import data.vmlint.rules.storage.backup_storm as rule
import rego.v1

day := 1440

daily(minute) := [start |
	some d in numbers.range(0, 6)
	start := (d * day) + minute
]

job(name, minute) := {"id": name, "expression": "x", "file": sprintf("%s.cfg", [name]), "pointer": "/s", "starts": daily(minute)}

jobs(minutes) := [job(sprintf("job-%d", [i]), minute) | some i, minute in minutes]

test_five_jobs_in_fifteen_minutes_are_a_storm_reported_on_each if {
	findings := rule.report with input as {"schedules": jobs([60, 62, 65, 70, 74])}
	count(findings) == 5
	some finding in findings
	finding.file == "job-0.cfg"
	finding.severity == "warning"
	contains(finding.message, "one of 5 backup/snapshot jobs starting within 15 minutes from every day at 01:00 UTC")
	count(finding.related) == 4
}

test_weekly_jobs_name_their_day if {
	weekly := [{"id": sprintf("w%d", [i]), "expression": "x", "file": "a", "pointer": "/s", "starts": [(5 * day) + 120 + i]} | some i in numbers.range(0, 4)]
	some finding in rule.report with input as {"schedules": weekly}
	contains(finding.message, "from Saturday 02:00 UTC")
}

test_four_jobs_are_not if {
	count(rule.report) == 0 with input as {"schedules": jobs([60, 62, 65, 70])}
}

test_twenty_minutes_apart_with_a_fifteen_minute_window_is_no_storm if {
	count(rule.report) == 0 with input as {"schedules": jobs([0, 20, 40, 60, 80, 100, 120])}
}

test_jobs_around_midnight_share_one_window if {
	findings := rule.report with input as {"schedules": jobs([1435, 1437, 1439, 2, 5])}
	count(findings) == 5
}

test_more_than_twice_the_threshold_is_an_error if {
	findings := rule.report with input as {"schedules": jobs([60, 61, 62, 63, 64, 65, 66, 67, 68])}
	some finding in findings
	finding.severity == "error"
}

half(i, minute) := object.union(job(sprintf("j%d", [i]), minute), {"storage": sprintf("pbs-%d", [i % 2])})

test_different_storage_targets_are_counted_apart if {
	schedules := [half(i, minute) |
		some i in numbers.range(0, 7)
		minute := 60 + i
	]
	count(rule.report) == 0 with input as {"schedules": schedules}
}

test_the_threshold_and_window_are_parameters if {
	configured := {"backup-storm": {"max_jobs": 2, "window_minutes": 30}}
	count(rule.report) == 3 with input as {"schedules": jobs([60, 80, 85])} with data.vmlint.params as configured
}

test_replication_jobs_are_not_backups_and_make_no_storm if {
	five := jobs([60, 61, 62, 63, 64])
	count(rule.report) > 0 with input as {"schedules": five}
	replications := [object.union(item, {"kind": "replication"}) | some item in five]
	count(rule.report) == 0 with input as {"schedules": replications}
}

test_instances_of_one_block_are_reported_once_at_their_place if {
	block := [{"id": sprintf("plan[%d]", [i]), "expression": "x", "file": "main.tf", "pointer": "/resource/plan", "starts": daily(240)} | some i in numbers.range(0, 4)]
	other := {"id": "other", "expression": "x", "file": "other.tf", "pointer": "/s", "starts": daily(241)}
	findings := rule.report with input as {"schedules": array.concat(block, [other])}
	count(findings) == 2
	some finding in findings
	finding.file == "main.tf"
	contains(finding.message, "plan[0] (and 4 more instances of this block)")
	contains(finding.message, "one of 6 backup/snapshot jobs")
	[related.file | some related in finding.related] == ["other.tf"]
}
