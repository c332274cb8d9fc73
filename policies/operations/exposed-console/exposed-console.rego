# VML601 exposed-console: a VNC/SPICE console listens beyond localhost without a password.
package vmlint.rules.operations.exposed_console

import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML601",
	"slug": "exposed-console",
	"category": "operations",
	"severity": "error",
	"title": "A VNC or SPICE console listens beyond localhost without a password",
	"rationale": "A graphical console is the guest's keyboard, screen and boot menu: whoever reaches the port can log in at the console, reboot into single-user mode or watch an operator type passwords. Without a password, every host on that network can.",
	"remediation": "Listen on 127.0.0.1 and reach the console through the hypervisor's authenticated proxy (virt-manager over SSH, the Proxmox web console, vSphere), or at least set a password and restrict the port by firewall.",
	"related": [],
	"formats": ["terraform", "terraform-json", "ansible", "libvirt", "proxmox", "vmx"],
	"triggers": ["/consoles"],
}

local_addresses := {"127.0.0.1", "localhost", "::1", "socket", "none"}

# `[::1]` as QEMU and URLs write it.
address(console) := trim(console.listen, "[]")

# Only reachable from the host itself: a loopback address, or a unix socket (`unix:/run/…`,
# libvirt's `listen type='socket'`).
local_only(console) if local_addresses[address(console)]

local_only(console) if startswith(address(console), "127.")

local_only(console) if startswith(console.listen, "unix:")

local_only(console) if startswith(console.listen, "/")

# A console listens beyond localhost when its address is stated and is not local (libvirt's
# default when unstated is localhost, so an unstated address is not reported).
exposed(console) if {
	console.listen
	not local_only(console)
}

report contains result.fail(metadata, console.pointer, message) if {
	some workload in input.workloads
	some console in workload.consoles
	exposed(console)
	not console.password
	message := sprintf(
		"%s console of `%s` listens on %s without a password: anyone on that network gets the guest's keyboard and screen",
		[upper(console.kind), workload.name, console.listen],
	)
}
