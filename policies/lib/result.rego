# The one way a rule reports a finding, so that no rule assembles a finding or a location by
# hand (Regal's `result.fail` pattern). A finding blames a JSON pointer into the document;
# the engine turns it into file:line:column.
package vmlint.lib.result

import rego.v1

# fail(metadata, pointer, message): a finding at the rule's default severity.
fail(metadata, pointer, message) := {
	"rule": metadata.id,
	"pointer": pointer,
	"message": message,
}

# fail_with_severity(metadata, pointer, message, severity): the same, at another severity
# ("error", "warning" or "info"), for rules whose catalog entry escalates on evidence.
fail_with_severity(metadata, pointer, message, severity) := object.union(
	fail(metadata, pointer, message),
	{"severity": severity},
)

# fail_at(metadata, file, pointer, message, related): a repository rule's finding in `file`,
# with the other places that make it — `related` is a list of {"file", "pointer", "message"}.
fail_at(metadata, file, pointer, message, related) := {
	"rule": metadata.id,
	"file": file,
	"pointer": pointer,
	"message": message,
	"related": related,
}

# fail_at_with_severity(metadata, file, pointer, message, related, severity): the same, at
# another severity.
fail_at_with_severity(metadata, file, pointer, message, related, severity) := object.union(
	fail_at(metadata, file, pointer, message, related),
	{"severity": severity},
)
