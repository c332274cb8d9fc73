package vmlint.rules.network.virtual_network_appliance_test

import data.vmlint.rules.network.virtual_network_appliance as rule
import rego.v1

firewall := {"role": "network-appliance", "strength": "name", "rank": 2, "evidence": "inferred from name `opnsense-edge-01`", "pointer": "/name"}

vm(extra) := {"workloads": [object.union({"name": "opnsense-edge-01", "roles": [firewall], "pci_devices": [], "placement": {}}, extra)]}

test_an_appliance_on_virtual_nics_and_shared_hosts_is_reported_at_its_role_evidence if {
	findings := rule.report with input as vm({})
	count(findings) == 1
	some finding in findings
	finding.pointer == "/name"
	contains(finding.message, "network appliance `opnsense-edge-01` (inferred from name `opnsense-edge-01`)")
}

test_a_dedicated_nic_is_enough if {
	count(rule.report) == 0 with input as vm({"pci_devices": [{"kind": "sriov", "selector": "vf", "pointer": "/p"}]})
	count(rule.report) == 0 with input as vm({"pci_devices": [{"kind": "pci", "selector": "0000:03:00.0", "pointer": "/p"}]})
}

test_a_gpu_is_no_dedicated_nic if {
	count(rule.report) == 1 with input as vm({"pci_devices": [{"kind": "gpu", "selector": "gpu", "pointer": "/p"}]})
}

test_a_dedicated_host_or_anti_affinity_is_enough if {
	count(rule.report) == 0 with input as vm({"placement": {"dedicated": {"value": true, "pointer": "/tenancy"}}})
	count(rule.report) == 0 with input as vm({"placement": {"anti_affinity": {"value": true, "pointer": "/rule"}}})
}

test_a_pinned_node_is_not_a_dedicated_host if {
	count(rule.report) == 1 with input as vm({"placement": {"host": {"value": "pve-01", "pointer": "/node"}}})
}

test_other_roles_and_references_are_silent if {
	count(rule.report) == 0 with input as vm({"roles": []})
	count(rule.report) == 0 with input as vm({"reference": true})
}
