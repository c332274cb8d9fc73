# VML402 cluster-without-anti-affinity: members of one cluster (etcd, ZooKeeper, Kafka,
# Cassandra, database replicas) may land on one host.
package vmlint.rules.network.cluster_without_anti_affinity

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML402",
	"slug": "cluster-without-anti-affinity",
	"category": "network",
	"severity": "warning",
	"scope": "repository",
	"title": "Members of one cluster may run on the same host",
	"rationale": "A quorum cluster survives the loss of a minority of its members; when two of three etcd members run on one hypervisor, losing that host loses the quorum — the cluster built for high availability goes down with a single host, usually during the maintenance that was supposed to be safe.",
	"remediation": "Keep the members apart: an anti-affinity rule (vSphere VM anti-affinity, KubeVirt podAntiAffinity on kubernetes.io/hostname, Proxmox HA rules) or pin each member to a different host.",
	"related": ["VML401", "VML105"],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "kubevirt", "proxmox", "vmx"],
}

# Directory names that name an environment: `etcd-1` under `staging/` and `etcd-2` under
# `prod/` belong to two clusters. Overridable: `[params.cluster-without-anti-affinity]
# environments = [...]`.
environment_words := params.vocabulary(slug, "environments", {
	"prod", "production", "prd", "staging", "stage", "stg", "dev", "development", "test",
	"testing", "qa", "uat", "preprod", "pre-prod", "sandbox", "lab", "demo", "live",
})

slug := "cluster-without-anti-affinity"

# The environment a workload's file sits in (its first directory that names one), else "".
environment_of(workload) := envs[0] if {
	envs := [lower(part) |
		some part in split(workload.file, "/")
		environment_words[lower(part)]
	]
	count(envs) > 0
} else := ""

# A member's cluster: its name without the member number (`etcd-02` → `etcd`), within its
# environment.
cluster_of(workload) := name if {
	stem := lower(regex.replace(workload.name, `[-_.]?[0-9]+$`, ""))
	env := environment_of(workload)
	name := concat("", [stem, suffix(env)])
}

suffix("") := ""

suffix(env) := sprintf(" (%s)", [env]) if env != ""

members[cluster] contains member if {
	some workload in input.workloads
	some role in workload.roles
	role.role == "cluster-member"
	not workload.reference
	not workload.unnamed
	cluster := cluster_of(workload)
	member := {
		"file": workload.file, "id": workload.id, "name": workload.name, "role": role,
		"host": object.get(workload, ["placement", "host"], null),
		"anti_affinity": object.get(workload, ["placement", "anti_affinity", "value"], false),
		"replicated": object.get(workload, ["replicated"], null),
	}
}

# The members pinned to the same host as another member.
shares_pinned_host(member, group) if {
	member.host != null
	some other in group
	[other.file, other.id] != [member.file, member.id]
	other.host != null
	other.host.value == member.host.value
}

# Every member pinned, each to its own host: they cannot meet.
all_pinned_apart(group) if {
	every member in group {
		member.host != null
		not shares_pinned_host(member, group)
	}
}

related_of(member, group) := [{"file": other.file, "pointer": other.role.pointer, "message": sprintf("`%s`, another member of the cluster", [other.name])} |
	some other in group
	[other.file, other.id] != [member.file, member.id]
]

names_of(group) := concat(", ", sort({sprintf("`%s`", [m.name]) | some m in group}))

report contains result.fail_at(metadata, member.file, member.host.pointer, message, related_of(member, group)) if {
	some cluster, group in members
	count(group) > 1
	some member in group
	shares_pinned_host(member, group)
	message := sprintf(
		"cluster `%s` (%s): `%s` is pinned to host `%s` together with another member, so losing that host loses them both",
		[cluster, names_of(group), member.name, member.host.value],
	)
}

report contains result.fail_at(metadata, member.file, member.role.pointer, message, related_of(member, group)) if {
	some cluster, group in members
	count(group) > 1
	not all_pinned_apart(group)
	some member in group
	not shares_pinned_host(member, group)
	not member.anti_affinity
	message := sprintf(
		"cluster `%s` (%s): no anti-affinity keeps `%s` off the hosts of the other members, so one host failure can take several members and the quorum",
		[cluster, names_of(group), member.name],
	)
}

# One definition that makes every member (`count = 3`) without anti-affinity.
report contains result.fail_at(metadata, member.file, member.replicated.pointer, message, []) if {
	some cluster, group in members
	count(group) == 1
	some member in group
	member.replicated != null
	not member.anti_affinity
	message := sprintf(
		"cluster `%s` is made by one definition (%s) with no anti-affinity: its members may all land on one host",
		[cluster, member.replicated.value],
	)
}
