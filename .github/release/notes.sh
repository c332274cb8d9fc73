#!/usr/bin/env bash
# Prints the release notes of tag TAG: its section of CHANGELOG.md ("## [X.Y.Z]" up to the next
# "## [" heading). Refuses a tag that is not v<the version of Cargo.toml>, and a version the
# changelog has no section (or an empty one) for.
# Usage: notes.sh TAG
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tag="${1:?usage: notes.sh TAG}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
if [ "$tag" != "v$version" ]; then
  echo "tag $tag is not the version of Cargo.toml (v$version)" >&2
  exit 1
fi
notes="$(awk -v heading="## [$version]" '
  index($0, "## [") == 1 { inside = (index($0, heading) == 1); next }
  inside { print }
' "$root/CHANGELOG.md" | sed '/./,$!d')"
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "CHANGELOG.md has no section for $version: add \"## [$version]\" before tagging" >&2
  exit 1
fi
printf '%s\n' "$notes"
