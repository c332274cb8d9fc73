package vmlint.rules.realtime.realtime_guest_test

import data.vmlint.rules.realtime.realtime_guest
import rego.v1

fifo := {"scheduler": "fifo", "threads": "vCPUs 0-1", "pointer": "/sched"}

inferred := {"role": "realtime", "strength": "name", "rank": 2, "evidence": "inferred from name `plc-01`", "pointer": "/name"}

declared := {"role": "realtime", "strength": "declared", "rank": 0, "evidence": "declared by tag `vmlint-role=realtime`", "pointer": "/tag"}

vm(scheduling, roles) := {"workloads": [{
	"name": "plc-01",
	"cpu": {"realtime_scheduling": scheduling},
	"roles": roles,
}]}

test_scheduling_beats_a_name_guess if {
	findings := realtime_guest.report with input as vm([fifo], [inferred])
	count(findings) == 1
	some finding in findings
	finding.pointer == "/sched"
	contains(finding.message, "real-time scheduler `fifo` for vCPUs 0-1")
	contains(finding.message, "inferred from name `plc-01`")
}

test_a_declared_role_beats_an_inferred_one if {
	some finding in realtime_guest.report with input as vm([], [inferred, declared])
	finding.pointer == "/tag"
}

test_a_name_guess_alone_fires_as_a_warning if {
	some finding in realtime_guest.report with input as vm([], [inferred])
	finding.pointer == "/name"
	finding.severity == "warning"
}

test_scheduling_or_a_declaration_is_an_error if {
	some scheduled in realtime_guest.report with input as vm([fifo], [])
	scheduled.severity == "error"
	some declaration in realtime_guest.report with input as vm([], [declared])
	declaration.severity == "error"
}

test_other_roles_do_not_fire if {
	database := {"role": "database", "strength": "name", "rank": 2, "evidence": "x", "pointer": "/n"}
	count(realtime_guest.report) == 0 with input as vm([], [database])
}

test_a_vm_that_a_file_only_refers_to_is_judged_where_it_is_defined if {
	reference := {"name": "plc-line3-01", "reference": true, "cpu": {"realtime_scheduling": []}, "roles": [{"role": "realtime", "strength": "name", "rank": 2, "evidence": "inferred from name `plc-line3-01`", "pointer": "/0/tasks/0/name"}]}
	count(realtime_guest.report) == 0 with input as {"workloads": [reference]}
}
