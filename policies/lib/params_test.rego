package vmlint.lib.params_test

import data.vmlint.lib.params
import rego.v1

test_the_default_applies_without_configuration if {
	params.value("backup-storm", "window_minutes", 15) == 15
}

test_a_configured_value_wins if {
	params.value("backup-storm", "window_minutes", 15) == 30 with data.vmlint.params as {"backup-storm": {"window_minutes": 30}}
}

test_another_rule_s_parameters_do_not_leak if {
	params.value("backup-storm", "jobs", 4) == 4 with data.vmlint.params as {"host-overcommit": {"jobs": 9}}
}

test_a_vocabulary_is_extended_not_replaced if {
	words := params.vocabulary("legacy-guest-os", "proxmox_types", {"w2k3"}) with data.vmlint.params as {"legacy-guest-os": {"proxmox_types": ["W2K"]}}
	words == {"w2k3", "w2k"}
}
