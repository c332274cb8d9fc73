package vmlint.rules.operations.legacy_guest_os_end_of_life_test

import data.vmlint.rules.operations.legacy_guest_os
import rego.v1

# `release_by_id` is an index of `releases`: every id of every release, and nothing else.
test_the_id_index_matches_the_releases if {
	ids := [id | some release in legacy_guest_os.releases; some id in release.ids]
	count(ids) == count(legacy_guest_os.table.release_by_id)
	every index, release in legacy_guest_os.releases {
		every id in release.ids {
			legacy_guest_os.table.release_by_id[id] == index
		}
	}
}

test_ids_are_lower_case_as_they_are_looked_up if {
	every id, _ in legacy_guest_os.table.release_by_id {
		id == lower(id)
	}
}
