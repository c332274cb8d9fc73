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
	"triggers": ["/guest_os"],
}

# Today, as the engine gives it (`YYYY-MM-DD`, UTC).
today := data.vmlint.today

# Why `os` is end-of-life: its release and the date support ended (`end_of_life.rego`).
legacy(os) := sprintf("%s, support ended %s", [release.os, release.end]) if {
	release := release_of(lower(os))
	release.end < today
}

# `[params.legacy-guest-os] extra_os_types = ["sles12_64Guest"]` adds exact OS ids, in any
# platform's vocabulary.
else := "listed in `extra_os_types`" if {
	extra_os_types[lower(os)]
}

extra_os_types := params.vocabulary("legacy-guest-os", "extra_os_types", set())

# Each distinct OS of the file judged once: a file of a thousand VMs names a handful of them.
legacy_os := {os: why |
	some os in {workload.guest_os.value | some workload in input.workloads}
	why := legacy(os)
}

report contains result.fail(metadata, workload.guest_os.pointer, message) if {
	some workload in input.workloads
	why := legacy_os[workload.guest_os.value]
	message := sprintf(
		"`%s` runs an end-of-life guest OS (`%s`: %s): no security fixes, and it holds back the platform's upgrades",
		[workload.name, workload.guest_os.value, why],
	)
}
