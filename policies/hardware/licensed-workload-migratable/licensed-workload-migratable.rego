# VML108 licensed-workload-migratable: a `licensed` workload may live-migrate or fail over to any
# host, with no host pinning or licence-bound host group.
package vmlint.rules.hardware.licensed_workload_migratable

import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML108",
	"slug": "licensed-workload-migratable",
	"category": "hardware",
	"severity": "warning",
	"title": "A licensed workload may move to hosts its licence does not cover",
	"rationale": "Per-host and per-core licences (Oracle Database, SQL Server Enterprise, FlexLM and dongle-bound software) count every host a VM can run on: HA or DRS moving the VM to an unlicensed host is an audit finding worth the whole cluster's cores, and licence daemons bound to a host ID stop serving after the move.",
	"remediation": "Keep the VM on its licensed hosts: a restricted HA group or a strict node-affinity rule (Proxmox), a mandatory VM–host rule to a licensed host group (vSphere), a node selector or required node affinity (KubeVirt); or license every host of the cluster, or drop HA/migration for this VM.",
	"related": ["VML101", "VML102", "VML105"],
	"formats": ["terraform", "terraform-json", "ansible", "kubevirt", "proxmox"],
	"triggers": ["/availability/ha", "/availability/live_migration"],
}

# The declaration that lets the workload move, with its pointer and what it is.
mobility(workload) := [workload.availability.ha.pointer, "highly available"] if {
	workload.availability.ha.value
} else := [workload.availability.live_migration.pointer, "live-migratable"] if {
	workload.availability.live_migration.value
}

report contains result.fail(metadata, declared[0], message) if {
	some workload in input.workloads
	not workload.reference
	role := roles.strongest(workload, {"licensed"})
	declared := mobility(workload)
	not workload.availability.restricted_to
	message := sprintf(
		"`%s` is licensed per host (%s) and %s, with nothing keeping it on licensed hosts: every host it can reach must be licensed, and host-bound activation breaks after a move",
		[workload.name, role.evidence, declared[1]],
	)
}
