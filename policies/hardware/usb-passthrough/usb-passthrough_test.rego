package vmlint.rules.hardware.usb_passthrough_test

import data.vmlint.rules.hardware.usb_passthrough
import rego.v1

workload(devices) := {"workloads": [{"name": "plc-hmi-01", "usb_devices": devices}]}

hasp := {"vendor_id": "0529", "product_id": "0001", "selector": "0529:0001", "pointer": "/usb/0"}

test_a_known_dongle_is_an_error_naming_vendor_and_workload if {
	findings := usb_passthrough.report with input as workload([hasp])
	count(findings) == 1
	some finding in findings
	finding.severity == "error"
	finding.pointer == "/usb/0"
	contains(finding.message, "SafeNet/Aladdin HASP dongle")
	contains(finding.message, "`plc-hmi-01`")
}

test_an_unknown_device_is_a_warning if {
	device := {"vendor_id": "046d", "selector": "046d:c52b", "pointer": "/usb/1"}
	findings := usb_passthrough.report with input as workload([device])
	count(findings) == 1
	some finding in findings
	not finding.severity
	contains(finding.message, "046d:c52b")
}

test_a_device_without_vendor_id_still_fires if {
	device := {"vendor_id": null, "selector": "mapping `usbdevice1`", "pointer": "/usb/2"}
	findings := usb_passthrough.report with input as workload([device])
	count(findings) == 1
}

test_no_usb_devices_no_finding if {
	count(usb_passthrough.report) == 0 with input as workload([])
}

test_every_device_is_reported if {
	device := {"vendor_id": "1050", "selector": "1050:0407", "pointer": "/usb/1"}
	count(usb_passthrough.report) == 2 with input as workload([hasp, device])
}

test_configured_dongle_vendors_are_errors_too if {
	vm := {"workloads": [{"name": "cad-01", "usb_devices": [{"vendor_id": "1234", "selector": "1234:0001", "pointer": "/usb0"}]}]}
	vendors := {"1234": {"name": "Acme licence key", "kind": "dongle"}}
	findings := usb_passthrough.report with input as vm with data.vmlint.params as {"usb-passthrough": {"dongle_vendors": vendors}}
	some finding in findings
	finding.severity == "error"
	contains(finding.message, "Acme licence key")
}
