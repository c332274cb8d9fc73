# VML501 time-sync-conflict: the guest clock is corrected twice, or a Linux guest keeps its
# clock in local time.
package vmlint.rules.operations.time_sync_conflict

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML501",
	"slug": "time-sync-conflict",
	"category": "operations",
	"severity": "warning",
	"title": "The guest clock is corrected twice, or a Linux guest keeps local time",
	"rationale": "When the hypervisor's tools and the guest's NTP daemon both correct the clock, each undoes the other: the clock steps back and forth, Kerberos tickets and TLS checks fail, databases and distributed systems see time go backwards. A Linux guest whose virtual hardware clock runs in local time jumps by an hour at every daylight-saving change and at every boot.",
	"remediation": "Let one source correct the clock: keep NTP/chrony in the guest and turn off periodic host sync (`tools.syncTime = \"FALSE\"`, `sync_time_with_host_periodically = false`); give Linux guests a UTC hardware clock (`<clock offset='utc'>`, `localtime: 0`).",
	"related": [],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "proxmox", "vmx"],
	"triggers": ["/clock/host_sync", "/clock/offset"],
}

report contains result.fail(metadata, workload.clock.host_sync.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	workload.clock.host_sync.value == true
	guest := workload.clock.guest_sync
	message := sprintf(
		"`%s` has its clock corrected twice: periodic host time sync here, and %s: the two fight and the clock steps back and forth",
		[workload.name, guest.value],
	)
}

# Guest OS ids of Linux systems in every platform's vocabulary (Proxmox `l26`, VMware
# `rhel9_64Guest` / `ubuntu-64`, libosinfo `http://ubuntu.com/ubuntu/22.04`).
linux_pattern := `^l2[46]$|linux|ubuntu|debian|rhel|centos|fedora|sles|opensuse|suse|alpine|archlinux|rocky|almalinux|oracle|amazon|coreos|photon`

linux(os) if {
	regex.match(linux_pattern, lower(os))
	not contains(lower(os), "win")
}

report contains result.fail(metadata, workload.clock.offset.pointer, message) if {
	some workload in input.workloads
	not workload.reference
	workload.clock.offset.value == "localtime"
	linux(workload.guest_os.value)
	message := sprintf(
		"Linux guest `%s` (`%s`) keeps its hardware clock in local time: the clock jumps at every daylight-saving change and boot; Linux expects a UTC hardware clock",
		[workload.name, workload.guest_os.value],
	)
}
