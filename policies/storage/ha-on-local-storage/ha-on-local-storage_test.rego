package vmlint.rules.storage.ha_on_local_storage_test

import data.vmlint.rules.storage.ha_on_local_storage as rule
import rego.v1

vm(availability, disks) := {"workloads": [{"name": "erp-01", "availability": availability, "disks": disks}]}

ha := {"ha": {"value": true, "pointer": "/ha"}}

test_a_default_local_storage_name_fires_at_the_disk if {
	findings := rule.report with input as vm(ha, [{"pool": "local-lvm", "pointer": "/config/scsi0"}])
	count(findings) == 1
	some finding in findings
	finding.pointer == "/config/scsi0"
	contains(finding.message, "`erp-01` is highly available but this disk is on host-local storage (storage `local-lvm` is host-local by default)")
}

test_what_the_definitions_say_wins_over_the_name if {
	shared_local := {"pool": "local", "local": false, "pointer": "/d"}
	count(rule.report) == 0 with input as vm(ha, [shared_local])
	rwo := {"local": true, "locality": "`accessModes: [ReadWriteOnce]`: one node at a time attaches it", "pointer": "/dv"}
	findings := rule.report with input as vm({"live_migration": {"value": true, "pointer": "/e"}}, [rwo])
	some finding in findings
	contains(finding.message, "is live-migratable but this disk is on host-local storage (`accessModes: [ReadWriteOnce]`")
}

test_shared_storage_or_no_mobility_is_silent if {
	count(rule.report) == 0 with input as vm(ha, [{"pool": "ceph-rbd", "pointer": "/d"}])
	count(rule.report) == 0 with input as vm({}, [{"pool": "local-lvm", "pointer": "/d"}])
}

test_the_local_names_are_a_parameter if {
	findings := rule.report with input as vm(ha, [{"pool": "nvme-local", "pointer": "/d"}])
		with data.vmlint.params as {"ha-on-local-storage": {"local_storage": ["nvme-local"]}}
	count(findings) == 1
}
