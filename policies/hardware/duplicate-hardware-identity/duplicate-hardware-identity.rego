# VML103 duplicate-hardware-identity: the same MAC, SMBIOS UUID or serial in two workloads
# anywhere in the repository (cloned VMs), or in every instance of one replicated definition.
package vmlint.rules.hardware.duplicate_hardware_identity

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML103",
	"slug": "duplicate-hardware-identity",
	"category": "hardware",
	"severity": "error",
	"scope": "repository",
	"title": "Two workloads share a MAC address, SMBIOS UUID or serial",
	"rationale": "A VM cloned with its identity answers with the same MAC as the original (ARP flapping, DHCP leases that move, traffic that reaches the wrong guest) and the same UUID or serial (a licence bound to it now runs twice: the breach an audit finds; backup and monitoring tools that key on the UUID merge the two).",
	"remediation": "Give every VM its own identity: let the platform generate MACs and UUIDs, regenerate them on clone (VMware `uuid.action = create`, virt-clone, Proxmox clone), and keep hand-pinned values unique and in one place.",
	"related": ["VML102"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "kubevirt", "proxmox", "vmx"],
}

# Identities two or more workloads carry. `identity_keys` (in the repository view of each
# workload) holds its MACs, SMBIOS UUID and serial, normalised: `56 4d 12 34 …` (VMware) and
# `564d1234-…` (libvirt) are one UUID. The grouping runs in Rust (`vmlint.shared_keys`).
shared := vmlint.shared_keys(input.workloads, "identity_keys")

# A holder with the details of its workload.
detailed(holder) := {
	"kind": entry.kind, "value": entry.value, "pointer": entry.pointer,
	"file": workload.file, "id": workload.id, "name": workload.name,
	"unnamed": object.get(workload, "unnamed", false),
} if {
	[index, entry] := holder
	workload := input.workloads[index]
}

# How many other places a finding names (a template cloned a hundred times would otherwise
# make every finding list all the others).
shown_limit := 5

# Definitions that all carry the same name as well as the identity: most likely one VM seen
# twice (a copy in the docs, two revisions of one VMID, test fixtures), so at most info.
one_workload_seen_twice(list) if {
	names := {lower(item.name) | some item in list}
	count(names) == 1
	not names[""]
	every item in list {
		not item.unnamed
	}
}

# The other holders a finding names (at most `shown_limit`), and how many it leaves unnamed.
shown_others(holder, list) := array.slice(
	[other |
		some other in array.slice(list, 0, shown_limit + 1)
		[other.file, other.id] != [holder.file, holder.id]
	],
	0, shown_limit,
)

hidden_count(group, shown) := (count({holder[0] | some holder in group.holders}) - 1) - count(shown)

report contains result.fail_at_with_severity(metadata, holder.file, holder.pointer, message, related, "info") if {
	some group in shared
	list := [detailed(holder) | some holder in group.holders]
	one_workload_seen_twice(list)
	some holder in list
	shown := shown_others(holder, list)
	count(shown) > 0
	related := [{"file": other.file, "pointer": other.pointer, "message": sprintf("the same %s and name", [other.kind])} |
		some other in shown
	]
	files := concat(", ", [other.file | some other in shown])
	message := sprintf(
		"%s %s of `%s` appears again in a definition of the same name (%s%s): one VM described twice is fine; if they are clones, each needs its own identity",
		[holder.kind, holder.value, holder.name, files, more(hidden_count(group, shown))],
	)
}

report contains result.fail_at(metadata, holder.file, holder.pointer, message, related) if {
	some group in shared
	list := [detailed(holder) | some holder in group.holders]
	not one_workload_seen_twice(list)
	some holder in list
	shown := shown_others(holder, list)
	count(shown) > 0
	related := [{"file": other.file, "pointer": other.pointer, "message": sprintf("the same %s on `%s`", [other.kind, other.name])} |
		some other in shown
	]
	names := concat(", ", [sprintf("`%s` (%s)", [other.name, other.file]) | some other in shown])
	message := sprintf(
		"%s %s of `%s` is also used by %s%s: cloned identity — the VMs collide on the network, and a licence bound to it runs twice",
		[holder.kind, holder.value, holder.name, names, more(hidden_count(group, shown))],
	)
}

more(hidden) := "" if hidden <= 0

more(hidden) := sprintf(" and %d more", [hidden]) if hidden > 0

# One definition that makes several VMs (`count`, `for_each`, a loop) with an identity written
# by hand gives every instance the same one.
report contains result.fail_at(metadata, workload.file, pin.pointer, message, []) if {
	some workload in input.workloads
	workload.replicated
	some pin in workload.identity.pinned
	message := sprintf(
		"`%s` pins %s and makes several VMs (%s): every instance gets the same identity",
		[workload.name, pin.value, workload.replicated.value],
	)
}
