# VML301 database-on-unsafe-disk: a database's disk is thin, shared without an IOPS guarantee,
# or acknowledges writes it may lose.
package vmlint.rules.storage.database_on_unsafe_disk

import data.vmlint.lib.params
import data.vmlint.lib.result
import data.vmlint.lib.roles
import rego.v1

metadata := {
	"id": "VML301",
	"slug": "database-on-unsafe-disk",
	"category": "storage",
	"severity": "warning",
	"title": "A database runs on a thin, shared or write-unsafe disk",
	"rationale": "A database trusts that a write the disk acknowledged is durable and that the disk keeps up under load: a cache mode that ignores flushes loses committed transactions on a host crash, a thin pool that fills pauses every VM on it, and a shared volume without an IOPS guarantee slows the database whenever neighbours (or its own burst credits) run out.",
	"remediation": "Give databases thick or eagerly-zeroed disks on storage with guaranteed IOPS (provisioned-IOPS volumes, a dedicated pool) and a cache mode that honours flushes (`none`, `writethrough`, `directsync`); never `cache=unsafe` or non-persistent disks.",
	"related": ["VML302"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "kubevirt", "proxmox", "vmx"],
	"triggers": ["role:database"],
}

slug := "database-on-unsafe-disk"

# Cache modes that acknowledge writes the host has not made durable. Configurable.
unsafe_caches := params.vocabulary(slug, "unsafe_caches", {"unsafe"})

# VMware disk modes that throw writes away.
volatile_modes := params.vocabulary(slug, "volatile_modes", {"independent-nonpersistent", "nonpersistent"})

# Storage names (lower-cased) that are thin pools: Proxmox's default `local-lvm` is LVM-thin; vSphere CSI
# and OpenShift name their thin storage class `thin` / `thin-csi`.
thin_pool_pattern := params.value(slug, "thin_pool_pattern", `^local-lvm$|(^|[-_.])thin([-_.]|$)`)

# Cloud volume types that share throughput without a guarantee (burst credits, HDD tiers).
shared_volume_types := params.vocabulary(slug, "shared_volume_types", {"gp2", "st1", "sc1", "standard", "pd-standard", "standard_lrs", "standardssd_lrs"})

database_evidence(workload) := roles.strongest(workload, {"database"})

# Problems of one disk as [severity, text].
problems(disk) := [problem |
	some problem in array.concat(array.concat(cache_problem(disk), mode_problem(disk)), capacity_problems(disk))
]

cache_problem(disk) := [["error", sprintf("cache mode `%s` acknowledges writes the host has not flushed, so a host crash loses committed transactions", [disk.cache])]] if {
	unsafe_caches[lower(disk.cache)]
} else := []

mode_problem(disk) := [["error", sprintf("disk mode `%s` discards every write when the VM powers off", [disk.mode])]] if {
	volatile_modes[lower(disk.mode)]
} else := []

capacity_problems(disk) := [problem |
	some problem in [thin_problem(disk), pool_problem(disk), volume_problem(disk)]
	count(problem) > 0
]

thin_problem(disk) := ["warning", "the disk is thin-provisioned, so a full datastore pauses the database mid-write"] if {
	disk.thin == true
} else := []

pool_problem(disk) := ["warning", sprintf("storage `%s` is a thin pool shared with other VMs, so when it fills every VM on it stops writing", [disk.pool])] if {
	not disk.thin == true
	regex.match(thin_pool_pattern, lower(disk.pool))
} else := []

volume_problem(disk) := ["warning", sprintf("`%s` volumes share throughput without an IOPS guarantee, so the database slows when burst credits or neighbours run out", [disk.volume_type])] if {
	shared_volume_types[lower(disk.volume_type)]
	not disk.iops
} else := []

severity_of(items) := "error" if {
	some item in items
	item[0] == "error"
} else := "warning"

report contains result.fail_with_severity(metadata, disk.pointer, message, roles.capped(severity_of(items), role)) if {
	some workload in input.workloads
	role := database_evidence(workload)
	some disk in workload.disks
	items := problems(disk)
	count(items) > 0
	message := sprintf(
		"database `%s` (%s): %s",
		[workload.name, role.evidence, concat("; ", [item[1] | some item in items])],
	)
}
