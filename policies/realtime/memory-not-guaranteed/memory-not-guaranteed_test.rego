package vmlint.rules.realtime.memory_not_guaranteed_test

import data.vmlint.rules.realtime.memory_not_guaranteed as rule
import rego.v1

database := {"role": "database", "strength": "structural", "rank": 1, "evidence": "image `postgres:16`", "pointer": "/image"}

balloon := {"value": "ballooning may take it down to 4096 MiB (`balloon: 4096` below `memory: 16384`)", "pointer": "/config/balloon"}

vm(memory, roles) := {"workloads": [{"name": "pg-01", "roles": roles, "memory": memory}]}

test_a_balloon_below_the_memory_of_a_database_is_reported_where_it_is_set if {
	findings := rule.report with input as vm({"reclaimable": [balloon]}, [database])
	count(findings) == 1
	some finding in findings
	finding.pointer == "/config/balloon"
	contains(finding.message, "`pg-01` is database (image `postgres:16`) but the host can take its memory back: ballooning may take it down to 4096 MiB")
}

test_each_way_of_taking_memory_back_is_a_finding if {
	ksm := {"value": "page sharing is on", "pointer": "/pshare"}
	count(rule.report) == 2 with input as vm({"reclaimable": [balloon, ksm]}, [database])
}

test_locked_or_huge_page_memory_is_guaranteed if {
	count(rule.report) == 0 with input as vm({"reclaimable": [balloon], "locked": {"value": true, "pointer": "/l"}}, [database])
	count(rule.report) == 0 with input as vm({"reclaimable": [balloon], "hugepages": {"value": "1G", "pointer": "/h"}}, [database])
}

test_nothing_reclaimable_or_another_role_is_silent if {
	count(rule.report) == 0 with input as vm({"reclaimable": []}, [database])
	count(rule.report) == 0 with input as vm({"reclaimable": [balloon]}, [])
	web := {"role": "network-appliance", "strength": "name", "rank": 2, "evidence": "x", "pointer": "/name"}
	count(rule.report) == 0 with input as vm({"reclaimable": [balloon]}, [web])
}
