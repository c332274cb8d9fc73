package vmlint.rules.storage.snapshot_backup_of_database_test

import data.vmlint.rules.storage.snapshot_backup_of_database as rule
import rego.v1

database := {"role": "database", "strength": "name", "rank": 2, "evidence": "inferred from name `pg-orders-01`", "pointer": "/name"}

vm(extra) := {"workloads": [object.union({"name": "pg-orders-01", "roles": [database]}, extra)]}

job(extra) := object.union({"mode": "snapshot", "origin": "`jobs.cfg` line 1", "pointer": "/config/name"}, extra)

test_an_unquiesced_snapshot_job_is_reported_at_the_job_pointer if {
	findings := rule.report with input as vm({"backups": [job({})]})
	count(findings) == 1
	some finding in findings
	finding.pointer == "/config/name"
	contains(finding.message, "database `pg-orders-01` (inferred from name `pg-orders-01`)")
	contains(finding.message, "`jobs.cfg` line 1")
	contains(finding.message, "nothing quiesces the database")
}

test_a_disabled_guest_agent_is_named if {
	findings := rule.report with input as vm({"backups": [job({})], "snapshot_quiescing": {"value": false, "pointer": "/config/agent"}})
	some finding in findings
	contains(finding.message, "guest agent is disabled")
}

test_a_job_that_refuses_quiescing_wins_over_the_agent if {
	findings := rule.report with input as vm({"backups": [job({"application_consistent": false})], "snapshot_quiescing": {"value": true, "pointer": "/a"}})
	count(findings) == 1
}

test_quiesced_snapshots_are_silent if {
	count(rule.report) == 0 with input as vm({"backups": [job({"application_consistent": true})]})
	count(rule.report) == 0 with input as vm({"backups": [job({})], "snapshot_quiescing": {"value": true, "pointer": "/a"}})
}

test_stop_and_suspend_mode_backups_are_consistent if {
	count(rule.report) == 0 with input as vm({"backups": [job({"mode": "stop"})]})
	count(rule.report) == 0 with input as vm({"backups": [job({"mode": "suspend"})]})
}

test_other_workloads_may_be_snapshotted if {
	count(rule.report) == 0 with input as {"workloads": [{"name": "web-01", "roles": [], "backups": [job({})]}]}
}
