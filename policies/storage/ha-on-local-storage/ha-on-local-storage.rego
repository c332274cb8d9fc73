# VML304 ha-on-local-storage: a highly available or live-migratable workload has a disk on
# storage only one host reaches.
package vmlint.rules.storage.ha_on_local_storage

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML304",
	"slug": "ha-on-local-storage",
	"category": "storage",
	"severity": "error",
	"title": "A highly available or live-migratable workload has a disk on host-local storage",
	"rationale": "HA restarts a VM on another host and live migration moves it there, but a disk on one host's local storage stays behind: when that host fails, the VM cannot start anywhere else, and when it is drained for maintenance, the migration is refused (or copies every disk over the network for hours).",
	"remediation": "Put the disks of HA and migratable workloads on shared storage (Ceph RBD, NFS, iSCSI, a vSAN or shared datastore, a ReadWriteMany volume), or use storage replication with a failover plan, or drop the HA / migration promise.",
	"related": ["VML105", "VML204"],
	"formats": ["terraform", "terraform-json", "kubevirt", "proxmox"],
	"triggers": ["/availability/ha", "/availability/live_migration"],
}

slug := "ha-on-local-storage"

# Storage names that are host-local unless the definitions say otherwise: the Proxmox
# installer's storages and ESXi's first local datastore.
local_storage := params.value(slug, "local_storage", ["local", "local-lvm", "local-zfs", "datastore1"])

mobility(workload) := [workload.availability.ha.pointer, "highly available"] if {
	workload.availability.ha.value
} else := [workload.availability.live_migration.pointer, "live-migratable"] if {
	workload.availability.live_migration.value
}

# Why a disk is local: what the definitions say, else its storage's name.
local(disk) := disk.locality if {
	disk["local"] == true
}

local(disk) := sprintf("storage `%s` is host-local by default", [disk.pool]) if {
	not "local" in object.keys(disk)
	disk.pool in local_storage
}

report contains result.fail(metadata, disk.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	declared := mobility(workload)
	some disk in workload.disks
	why := local(disk)
	message := sprintf(
		"`%s` is %s but this disk is on host-local storage (%s): when its host fails the VM cannot start elsewhere",
		[workload.name, declared[1], why],
	)
}
