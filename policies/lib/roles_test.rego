package vmlint.lib.roles_test

import data.vmlint.lib.roles
import rego.v1

declared := {"role": "database", "strength": "declared", "rank": 0, "evidence": "declared"}

guess := {"role": "database", "strength": "name", "rank": 2, "evidence": "guessed"}

test_the_strongest_evidence_wins if {
	workload := {"roles": [guess, object.union(declared, {"role": "realtime"}), declared]}
	roles.strongest(workload, {"database"}) == declared
}

test_no_evidence_no_role if {
	not roles.strongest({"roles": [guess]}, {"realtime"})
}

test_a_name_guess_caps_an_error_at_warning if {
	roles.capped("error", guess) == "warning"
	roles.capped("error", declared) == "error"
	roles.capped("info", guess) == "info"
}
