package vmlint.rules.operations.exposed_console_test

import data.vmlint.rules.operations.exposed_console
import rego.v1

vm(console) := {"workloads": [{"name": "db-01", "consoles": [console]}]}

test_open_console_without_password_is_an_error if {
	some finding in exposed_console.report with input as vm({"kind": "vnc", "listen": "0.0.0.0", "password": false, "pointer": "/g"})
	finding.pointer == "/g"
	contains(finding.message, "VNC console of `db-01` listens on 0.0.0.0")
}

test_a_password_or_localhost_is_enough if {
	count(exposed_console.report) == 0 with input as vm({"kind": "vnc", "listen": "0.0.0.0", "password": true, "pointer": "/g"})
	count(exposed_console.report) == 0 with input as vm({"kind": "spice", "listen": "127.0.0.1", "password": false, "pointer": "/g"})
	count(exposed_console.report) == 0 with input as vm({"kind": "spice", "listen": "::1", "password": false, "pointer": "/g"})
}

test_an_unstated_address_is_not_reported if {
	count(exposed_console.report) == 0 with input as vm({"kind": "vnc", "password": false, "pointer": "/g"})
}

test_unix_sockets_and_bracketed_loopback_are_local if {
	every listen in ["unix:/run/qemu-server/100.vnc", "[::1]", "/var/run/spice.sock", "socket", "127.0.0.2"] {
		count(exposed_console.report) == 0 with input as {"workloads": [{"name": "x", "consoles": [{"kind": "vnc", "listen": listen, "password": false, "pointer": "/c"}]}]}
	}
}
