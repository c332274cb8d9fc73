# What a workload is, as the rules read it: the strongest evidence for a role (declared before
# structural before a name guess, see docs/rules.md#roles), and the ceiling a name guess puts
# on a finding's severity.
package vmlint.lib.roles

import rego.v1

# strongest(workload, wanted): the strongest evidence that `workload` has one of the roles in
# the set `wanted`; undefined when it has none.
strongest(workload, wanted) := sorted[0][1] if {
	sorted := sort([[role.rank, role] |
		some role in workload.roles
		wanted[role.role]
	])
	count(sorted) > 0
}

# capped(severity, evidence): a finding that rests only on a name guess is never an error.
capped(severity, evidence) := "warning" if {
	severity == "error"
	evidence.strength == "name"
} else := severity
