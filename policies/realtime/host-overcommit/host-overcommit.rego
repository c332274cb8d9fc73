# VML203 host-overcommit: the vCPUs or memory of the workloads placed on one host exceed its
# capacity times the allowed ratio.
package vmlint.rules.realtime.host_overcommit

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML203",
	"slug": "host-overcommit",
	"category": "realtime",
	"severity": "warning",
	"scope": "repository",
	"title": "The workloads placed on a host exceed its CPUs or memory",
	"rationale": "Overcommitted vCPUs wait for physical cores (CPU ready time) exactly when every guest is busy; overcommitted memory is reclaimed by ballooning and host swapping, which stalls guests for seconds. Latency-sensitive guests suffer first, and a failover onto an already full host makes it worse.",
	"remediation": "Spread the workloads over more hosts, shrink over-sized VMs, or add capacity; keep latency-sensitive guests on hosts without CPU overcommit.",
	"related": ["VML202"],
	"formats": ["terraform", "terraform-json", "ansible", "kubevirt", "proxmox"],
	"needs": ["hosts"],
}

slug := "host-overcommit"

# Allowed vCPUs per physical CPU, and memory per physical memory.
cpu_ratio := params.value(slug, "cpu_ratio", 4)

latency_cpu_ratio := params.value(slug, "latency_sensitive_cpu_ratio", 1)

memory_ratio := params.value(slug, "memory_ratio", 1)

placed[host] contains workload if {
	# Nothing to judge without capacities: skip the pass over every workload.
	count(input.hosts) > 0
	some workload in input.workloads
	not workload.reference
	host := workload.placement.host.value
	input.hosts[host]
}

sensitive(workload) if {
	some role in workload.roles
	role.role in {"latency-sensitive", "realtime"}
}

# The CPU ratio a host may run at, and why.
allowed_cpu(host) := [latency_cpu_ratio, sprintf(" (%s: `%s` is latency-sensitive)", [format_ratio(latency_cpu_ratio), first_sensitive(host)])] if {
	some workload in placed[host]
	sensitive(workload)
} else := [cpu_ratio, ""]

first_sensitive(host) := sort([w.name | some w in placed[host]; sensitive(w)])[0]

format_ratio(ratio) := sprintf("%v:1", [ratio])

vcpus(host) := sum([w.cpu.count.value | some w in placed[host]; w.cpu.count])

memory(host) := sum([w.memory.size_mib.value | some w in placed[host]; w.memory.size_mib])

problems(host) := array.concat(cpu_problem(host), memory_problem(host))

cpu_problem(host) := [sprintf("%d vCPUs on %d CPUs is %s, above %s%s", [vcpus(host), input.hosts[host].cpus, ratio_text(vcpus(host), input.hosts[host].cpus), format_ratio(allowed[0]), allowed[1]])] if {
	allowed := allowed_cpu(host)
	vcpus(host) > input.hosts[host].cpus * allowed[0]
} else := []

memory_problem(host) := [sprintf("%d MiB of guest memory on %d MiB is above %s", [memory(host), input.hosts[host].memory_mib, format_ratio(memory_ratio)])] if {
	memory(host) > input.hosts[host].memory_mib * memory_ratio
} else := []

ratio_text(a, b) := sprintf("%.2f:1", [a / b])

report contains result.fail_at(metadata, workload.file, workload.placement.host.pointer, message, related) if {
	some host, group in placed
	items := problems(host)
	count(items) > 0
	some workload in group
	related := [{"file": other.file, "pointer": other.placement.host.pointer, "message": sprintf("`%s` is also placed on `%s`", [other.name, host])} |
		some other in group
		[other.file, other.id] != [workload.file, workload.id]
	]
	message := sprintf(
		"host `%s` is overcommitted by its %d workloads, `%s` among them: %s",
		[host, count(group), workload.name, concat("; ", items)],
	)
}
