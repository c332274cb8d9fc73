package vmlint.rules.hardware.host_cpu_passthrough_test

import data.vmlint.rules.hardware.host_cpu_passthrough
import rego.v1

vm(model) := {"workloads": [{"name": "db-01", "cpu": {"model": {"value": model, "pointer": "/cpu"}}}]}

test_host_models_are_reported if {
	every model in ["host", "host-passthrough", "HOST", "max"] {
		some finding in host_cpu_passthrough.report with input as vm(model)
		finding.pointer == "/cpu"
		contains(finding.message, "`db-01`")
	}
}

test_named_and_host_model_are_not if {
	every model in ["x86-64-v2-AES", "host-model", "Skylake-Server"] {
		count(host_cpu_passthrough.report) == 0 with input as vm(model)
	}
}

test_no_model_no_finding if {
	count(host_cpu_passthrough.report) == 0 with input as {"workloads": [{"name": "a", "cpu": {}}]}
}
