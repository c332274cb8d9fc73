#!/usr/bin/env bash
# Packs a release binary the way the Action's install step and `cargo binstall` unpack it:
# OUT_DIR/vmlint-TARGET.tar.gz (vmlint-TARGET.zip for Windows) holding vmlint-TARGET/ with the
# binary, LICENSE, README.md and CHANGELOG.md.
# Usage: package.sh TARGET BINARY OUT_DIR
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: $0 TARGET BINARY OUT_DIR" >&2
  exit 2
fi
target="$1"
binary="$2"
out="$3"
root="$(cd "$(dirname "$0")/../.." && pwd)"
name="vmlint-$target"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$binary" "$stage/$name/"
cp "$root/LICENSE" "$root/README.md" "$root/CHANGELOG.md" "$stage/$name/"
out="$(cd "$out" && pwd)"
case "$target" in
  *-windows-*) (cd "$stage" && 7z a -tzip "$out/$name.zip" "$name" >/dev/null) ;;
  *) tar -czf "$out/$name.tar.gz" -C "$stage" "$name" ;;
esac
