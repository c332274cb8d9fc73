# VML002 expired-suppression: reported by vmlint's suppression layer (src/suppress.rs), which reads the
# comments; this package holds the rule's metadata so that it is listed, documented,
# configurable and exported like every other rule.
package vmlint.rules.suppressions.expired_suppression

import rego.v1

metadata := {
	"id": "VML002",
	"slug": "expired-suppression",
	"category": "suppressions",
	"severity": "warning",
	"title": "A suppression is past its until date",
	"rationale": "An exception with an end date is a promise to fix; once the date passes, the suppression stops working so that the finding comes back to the team that made the promise.",
	"remediation": "Fix the finding, or renew the exception with a new until= date and a reason.",
	"related": ["VML001", "VML002", "VML003"],
	"formats": [],
	"suppressible": false,
}

# Findings come from the suppression layer, not from Rego.
report := set()
