package vmlint.lib.result_test

import data.vmlint.lib.result
import rego.v1

metadata := {"id": "T100"}

test_fail_carries_rule_pointer_and_message if {
	result.fail(metadata, "/a/0", "m") == {"rule": "T100", "pointer": "/a/0", "message": "m"}
}

test_fail_with_severity_adds_the_severity if {
	finding := result.fail_with_severity(metadata, "/a", "m", "error")
	finding.severity == "error"
	finding.rule == "T100"
}

test_fail_at_names_the_file_and_the_related_places if {
	meta := {"id": "VML103"}
	related := [{"file": "b.conf", "pointer": "/config/net0", "message": "also here"}]
	result.fail_at(meta, "a.conf", "/config/net0", "same MAC", related) == {
		"rule": "VML103", "file": "a.conf", "pointer": "/config/net0",
		"message": "same MAC", "related": related,
	}
	result.fail_at_with_severity(meta, "a.conf", "/p", "m", [], "error").severity == "error"
}
