# VML502's table (in `data.json`): operating system releases and the date their vendor's support ended, with the
# identifiers each platform gives them — Proxmox `ostype` (qm.conf), vSphere `guest_id` (the
# GuestOsDescriptor.GuestOsIdentifier list), `.vmx` `guestOS` (its own short keys: `winxppro`,
# `centos7-64`), libosinfo ids (libvirt
# `<libosinfo:os id=…>`). A release is end-of-life once `end` is before today
# (`data.vmlint.today`), so the list stays true without edits as dates pass. Ids are matched
# exactly (lower-cased) or by prefix, never by regular expression: the rule runs on every VM.
#
# Dates: Microsoft lifecycle (end of extended support), Red Hat life cycle (end of maintenance
# support), CentOS end of life, Debian LTS end, Ubuntu end of standard support, SUSE LTSS end.
package vmlint.rules.operations.legacy_guest_os

import rego.v1

# The table is `data.json` beside this file (placed at `data.operations["legacy-guest-os"]`),
# loaded once per run: as a Rego literal it was rebuilt for every file evaluated. Each release
# has `os`, `end` (ISO date), `ids` and `prefixes`, and a `note` where an id needs one;
# `release_by_id` maps every id to its release's index (one lookup per VM instead of a scan;
# `end_of_life_test.rego` checks that it matches `releases`).
table := data.operations["legacy-guest-os"]

releases := table.releases

# The release `os` (a platform's id, lower-cased) names, when there is one: by exact id, else
# by prefix.
release_of(os) := releases[table.release_by_id[os]]

release_of(os) := release if {
	not table.release_by_id[os]
	some release in releases
	some prefix in release.prefixes
	startswith(os, prefix)
}
