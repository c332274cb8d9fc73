# Rule parameters: thresholds and vocabularies that users override in `.vmlint.toml`
# (`[params.<rule-slug>] name = value`, given to policies as `data.vmlint.params`). A rule
# states its default beside the name, so the default is documented where it is used.
package vmlint.lib.params

import rego.v1

# Every configured parameter; none when the policies run without a configuration (tests).
default configured := {}

configured := data.vmlint.params

# value(slug, name, fallback): the configured `[params.<slug>] <name>`, else `fallback`.
value(slug, name, fallback) := object.get(configured, [slug, name], fallback)

# vocabulary(slug, name, defaults): a set of defaults extended (never replaced) by the
# configured list, so a user adds words without restating the built-in ones.
vocabulary(slug, name, defaults) := defaults | {lower(word) | some word in value(slug, name, [])}
