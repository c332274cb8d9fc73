package vmlint.rules.operations.host_serial_passthrough_test

import data.vmlint.rules.operations.host_serial_passthrough
import rego.v1

vm(ports) := {"workloads": [{"name": "hmi-01", "host_ports": ports}]}

test_each_host_port_is_reported_with_its_device if {
	findings := host_serial_passthrough.report with input as vm([
		{"value": "/dev/ttyS0", "pointer": "/a"},
		{"value": "/dev/parport0", "pointer": "/b"},
	])
	count(findings) == 2
	some finding in findings
	finding.pointer == "/a"
	contains(finding.message, "/dev/ttyS0")
	contains(finding.message, "`hmi-01`")
}

test_no_host_port_no_finding if {
	count(host_serial_passthrough.report) == 0 with input as vm([])
}
