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

# Every identity a workload carries: kind, normalised value, where.
identities(workload) := array.concat(macs, array.concat(uuid, serial)) if {
	macs := [{"kind": "MAC", "key": lower(mac.value), "value": mac.value, "pointer": mac.pointer} |
		some mac in workload.identity.macs
	]
	uuid := [{"kind": "SMBIOS UUID", "key": normal_uuid(u.value), "value": u.value, "pointer": u.pointer} |
		u := workload.identity.smbios_uuid
	]
	serial := [{"kind": "serial", "key": trim_space(s.value), "value": s.value, "pointer": s.pointer} |
		s := workload.identity.smbios_serial
		trim_space(s.value) != ""
	]
}

# `56 4d 12 34-…` (VMware) and `564d1234-…` (libvirt) are one UUID.
normal_uuid(value) := lower(regex.replace(value, `[^0-9A-Fa-f]`, ""))

# Identity → the workloads that carry it, grouped in one pass.
holders[identity] contains holder if {
	some workload in input.workloads
	not workload.reference
	some entry in identities(workload)
	identity := sprintf("%s %s", [entry.kind, entry.key])
	holder := {
		"kind": entry.kind, "value": entry.value, "pointer": entry.pointer,
		"file": workload.file, "id": workload.id, "name": workload.name,
	}
}

# How many other places a finding names (a template cloned a hundred times would otherwise
# make every finding list all the others).
shown_limit := 5

report contains result.fail_at(metadata, holder.file, holder.pointer, message, related) if {
	some identity, group in holders
	workloads := {[h.file, h.id] | some h in group}
	count(workloads) > 1
	list := [h | some h in group]
	some holder in list
	others := [other |
		some other in array.slice(list, 0, shown_limit + 1)
		[other.file, other.id] != [holder.file, holder.id]
	]
	shown := array.slice(others, 0, shown_limit)
	hidden := (count(workloads) - 1) - count(shown)
	related := [{"file": other.file, "pointer": other.pointer, "message": sprintf("the same %s on `%s`", [other.kind, other.name])} |
		some other in shown
	]
	names := concat(", ", [sprintf("`%s` (%s)", [other.name, other.file]) | some other in shown])
	message := sprintf(
		"%s %s of `%s` is also used by %s%s: cloned identity — the VMs collide on the network, and a licence bound to it runs twice",
		[holder.kind, holder.value, holder.name, names, more(hidden)],
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
