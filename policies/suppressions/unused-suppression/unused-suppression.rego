# VML003 unused-suppression: reported by vmlint's suppression layer (src/suppress.rs), which reads the
# comments; this package holds the rule's metadata so that it is listed, documented,
# configurable and exported like every other rule.
package vmlint.rules.suppressions.unused_suppression

import rego.v1

metadata := {
	"id": "VML003",
	"slug": "unused-suppression",
	"category": "suppressions",
	"severity": "warning",
	"title": "A suppression suppresses nothing",
	"rationale": "A vmlint:ignore that matches no finding is noise at best, and at worst it silences the next real finding on that line; a suppression of a rule that may not be suppressed has no effect.",
	"remediation": "Remove the comment, or fix the rule IDs it names.",
	"related": ["VML001", "VML002", "VML003"],
	"formats": [],
	"suppressible": false,
}

# Findings come from the suppression layer, not from Rego.
report := set()
