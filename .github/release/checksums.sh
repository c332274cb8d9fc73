#!/usr/bin/env bash
# Writes DIR/SHA256SUMS: the SHA-256 of every release asset in DIR (`sha256sum` format, which
# the Action's install step and `sha256sum --check` read).
# Usage: checksums.sh DIR
set -euo pipefail
cd "$1"
rm -f SHA256SUMS
files=()
for file in *; do
  [ -f "$file" ] && files+=("$file")
done
if [ "${#files[@]}" -eq 0 ]; then
  echo "no release assets in $1" >&2
  exit 1
fi
sha256sum "${files[@]}" > SHA256SUMS.part
mv SHA256SUMS.part SHA256SUMS
