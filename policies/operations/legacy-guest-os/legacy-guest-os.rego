# VML502 legacy-guest-os: the guest OS type is end-of-life.
package vmlint.rules.operations.legacy_guest_os

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML502",
	"slug": "legacy-guest-os",
	"category": "operations",
	"severity": "warning",
	"title": "The guest operating system is end-of-life",
	"rationale": "An end-of-life guest gets no security fixes, its virtual hardware and drivers are frozen at old versions, and hypervisor upgrades drop support for it: it blocks the platform's own upgrades and is the easiest way into the network it shares.",
	"remediation": "Upgrade or replace the guest; if it must stay (a certified controller, a licence), isolate it on its own network segment and record the exception with a reason and an end date.",
	"related": [],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "proxmox", "vmx"],
}

# Proxmox `ostype` values of end-of-life systems.
proxmox_types := {"wxp", "w2k", "w2k3", "w2k8", "wvista", "win7", "win8", "l24"}

# VMware guestOS / guest_id prefixes of end-of-life systems (XP, 2000, Server 2003 and 2008,
# Vista, 7, RHEL ≤ 6, SLES ≤ 11, CentOS ≤ 6, Debian ≤ 7).
vmware_pattern := `^(winxp|win2000|winnet|winlonghorn|winvista|windows7|win9|winnt|rhel[2-6]|sles(9|10|11)?(_64)?guest$|sles(9|10|11)|centos(64)?(guest)?$|centos[56]|debian[4-7])`

# libosinfo ids.
libosinfo_pattern := `/win/(xp|2k|2k3|2k8|2k8r2|vista|7|8)$|/rhel/[2-6]\.|/centos/[2-6]\.|/sles/(9|10|11)|/debian/[4-7]$`

legacy(os) if proxmox_types[lower(os)]

# `[params.legacy-guest-os] extra_os_types = ["sles12_64Guest"]` adds exact OS ids, in any
# platform's vocabulary.
legacy(os) if params.vocabulary("legacy-guest-os", "extra_os_types", set())[lower(os)]

legacy(os) if regex.match(vmware_pattern, lower(os))

legacy(os) if regex.match(libosinfo_pattern, lower(os))

report contains result.fail(metadata, workload.guest_os.pointer, message) if {
	some workload in input.workloads
	legacy(workload.guest_os.value)
	message := sprintf(
		"`%s` runs an end-of-life guest OS (`%s`): no security fixes, and it holds back the platform's upgrades",
		[workload.name, workload.guest_os.value],
	)
}
