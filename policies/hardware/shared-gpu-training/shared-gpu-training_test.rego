package vmlint.rules.hardware.shared_gpu_training_test

import data.vmlint.rules.hardware.shared_gpu_training as rule
import rego.v1

trainer := {"role": "gpu-training", "strength": "name", "rank": 2, "evidence": "guessed from the word `training` in name `training-01`", "pointer": "/name"}

vm(devices, roles) := {"workloads": [{"name": "training-01", "roles": roles, "pci_devices": devices}]}

mig := {"kind": "gpu", "selector": "resource `nvidia.com/mig-1g.5gb`", "share": "MIG slice `nvidia.com/mig-1g.5gb`", "pointer": "/gpus/0"}

whole := {"kind": "gpu", "selector": "resource `nvidia.com/GA100`", "pointer": "/gpus/1"}

mdev := {"kind": "mdev", "selector": "vfio-pci 4b20d080", "pointer": "/hostdev/0"}

test_a_slice_of_a_gpu_is_reported_at_the_device_with_the_evidence if {
	findings := rule.report with input as vm([mig], [trainer])
	count(findings) == 1
	some finding in findings
	finding.pointer == "/gpus/0"
	contains(finding.message, "gets MIG slice `nvidia.com/mig-1g.5gb`")
	contains(finding.message, "guessed from the word `training`")
}

test_a_mediated_device_is_a_slice_even_when_the_reader_names_no_profile if {
	findings := rule.report with input as vm([mdev], [trainer])
	some finding in findings
	contains(finding.message, "a mediated device, one slice of its parent GPU")
}

test_whole_gpus_are_silent if {
	count(rule.report) == 0 with input as vm([whole, whole], [trainer])
}

test_other_roles_may_share_gpus if {
	desktop := {"role": "database", "strength": "name", "rank": 2, "evidence": "x", "pointer": "/name"}
	count(rule.report) == 0 with input as vm([mig], [desktop])
	count(rule.report) == 0 with input as vm([mig], [])
}
