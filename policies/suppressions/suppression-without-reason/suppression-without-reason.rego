# VML001 suppression-without-reason: reported by vmlint's suppression layer (src/suppress.rs), which reads the
# comments; this package holds the rule's metadata so that it is listed, documented,
# configurable and exported like every other rule.
package vmlint.rules.suppressions.suppression_without_reason

import rego.v1

metadata := {
	"id": "VML001",
	"slug": "suppression-without-reason",
	"category": "suppressions",
	"severity": "warning",
	"title": "A suppression gives no reason",
	"rationale": "Every vmlint:ignore must say why (reason=\"...\"), so that a reviewer, an auditor or the next on-call engineer can tell an approved exception from a silenced alarm.",
	"remediation": "Add reason=\"...\" (a ticket, an approval, the constraint) to the vmlint:ignore comment.",
	"related": ["VML001", "VML002", "VML003"],
	"formats": [],
	"suppressible": false,
}

# Findings come from the suppression layer, not from Rego.
report := set()
