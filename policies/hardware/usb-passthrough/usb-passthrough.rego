# VML101 usb-passthrough: a host USB device is passed into a guest.
package vmlint.rules.hardware.usb_passthrough

import data.vmlint.lib.params
import data.vmlint.lib.result
import rego.v1

metadata := {
	"id": "VML101",
	"slug": "usb-passthrough",
	"category": "hardware",
	"severity": "warning",
	"title": "A host USB device is passed into the guest",
	"rationale": "A passed-through USB device ties the guest to the one host it is plugged into: the VM cannot live-migrate, HA cannot restart it elsewhere, and a licence dongle or security key becomes a single point of failure that leaves with the hardware.",
	"remediation": "Run dongle-bound software on bare metal or use a network licence server / USB-over-IP hub with HA; for security keys use a network HSM.",
	"related": ["VML105", "VML104"],
	"formats": ["terraform", "terraform-json", "libvirt", "ansible", "kubevirt", "proxmox", "vmx"],
	"triggers": ["/usb_devices"],
	"removable_keys": {"proxmox": ["usb"], "vmx": ["usb.autoConnect.device"]},
}

# USB vendor ids of licence dongles and security keys: passing one through is an error.
# `[params.usb-passthrough] dongle_vendors = { "1234" = { name = "…", kind = "dongle" } }`
# adds vendors (kind `dongle` or `key`).
dongle_vendors := object.union(default_dongle_vendors, params.value("usb-passthrough", "dongle_vendors", {}))

default_dongle_vendors := {
	"0529": {"name": "SafeNet/Aladdin HASP dongle", "kind": "dongle"},
	"064f": {"name": "WIBU CodeMeter dongle", "kind": "dongle"},
	"04b9": {"name": "Rainbow/SafeNet Sentinel dongle", "kind": "dongle"},
	"1050": {"name": "Yubico security key", "kind": "key"},
	"096e": {"name": "Feitian security key", "kind": "key"},
}

consequences := {
	"dongle": "the licence is bound to one host and leaves with the hardware",
	"key": "every signature or login depends on one host and one physical key",
}

report contains result.fail_with_severity(metadata, device.pointer, message, "error") if {
	some workload in input.workloads
	some device in workload.usb_devices
	vendor := dongle_vendors[device.vendor_id]
	message := sprintf(
		"USB device %s (%s) passed to `%s`: %s",
		[device.selector, vendor.name, workload.name, consequences[vendor.kind]],
	)
}

report contains result.fail(metadata, device.pointer, message) if {
	some workload in input.workloads
	some device in workload.usb_devices
	not is_dongle(device)
	message := sprintf(
		"host USB device %s passed to `%s`: the guest is bound to the host that holds the device and cannot live-migrate",
		[device.selector, workload.name],
	)
}

is_dongle(device) if dongle_vendors[device.vendor_id]
