# VML106 host-cpu-passthrough: the guest sees the host's exact CPU model.
package vmlint.rules.hardware.host_cpu_passthrough

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML106",
	"slug": "host-cpu-passthrough",
	"category": "hardware",
	"severity": "info",
	"title": "The guest CPU model is the host's own (host / host-passthrough)",
	"rationale": "With the host's CPU model the guest may use every instruction set extension of this host generation; live migration to an older or different CPU fails, so a mixed cluster cannot evacuate the VM during maintenance.",
	"remediation": "Use a named baseline model every host supports (x86-64-v2-AES / x86-64-v3 on Proxmox, a libvirt named model or host-model, a KubeVirt cpuModel the cluster offers).",
	"related": ["VML104"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "proxmox", "kubevirt"],
	"triggers": ["/cpu/model", "/cpu/required_features"],
}

# `maximum` is libvirt's `<cpu mode='maximum'>`: every feature the host can give.
host_models := {"host", "host-passthrough", "max", "maximum"}

# Why the model is what it is: written, or the platform's default when nothing is written.
origin(workload) := ", the provider's default when no CPU type is set" if workload.cpu.model_by_default

else := ""

report contains result.fail(metadata, workload.cpu.model.pointer, message) if {
	some workload in input.workloads
	model := lower(workload.cpu.model.value)
	host_models[model]
	message := sprintf(
		"`%s` uses the host's CPU model (`%s`%s): it cannot live-migrate to hosts of another CPU generation",
		[workload.name, workload.cpu.model.value, origin(workload)],
	)
}

# Features the guest requires (libvirt `<feature policy='require'>`): a host without them
# cannot start or receive it. One finding per guest, at its first required feature.
report contains result.fail(metadata, features[0].pointer, message) if {
	some workload in input.workloads
	not host_models[lower(object.get(workload, ["cpu", "model", "value"], ""))]
	features := object.get(workload, ["cpu", "required_features"], [])
	count(features) > 0
	names := concat(", ", [sprintf("`%s`", [f.value]) | some f in features])
	message := sprintf(
		"`%s` requires the CPU %s %s: it can only run on, and migrate to, hosts that have %s",
		[workload.name, plural(count(features), "feature", "features"), names, plural(count(features), "it", "them")],
	)
}

plural(1, one, _) := one

plural(n, _, many) := many if n != 1
