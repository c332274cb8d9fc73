#!/usr/bin/env bash
# End-to-end timing of `vmlint check` (release) on the real-world corpus replicated N times,
# against the floor of reading every file. Prints hyperfine's table (hyperfine from Debian's
# packages; falls back to bash `time`).
#
#   benches/check-corpus.sh [COPIES]   (default 20: ~13,000 files of which ~4,500 are linted)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-20}
corpus=../shared/corpus/real
[ -d "$corpus" ] || { echo "needs $corpus beside the checkout" >&2; exit 2; }
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do cp -r "$corpus" "$work/copy-$i"; done
files=$(find "$work" -type f | wc -l)
bytes=$(du -sb "$work" | cut -f1)
echo "estate: $files files, $((bytes / 1024)) KiB, $(nproc) cores"
vmlint="$PWD/target/release/vmlint"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 10 -N \
    -n "read every file (floor)" "find $work -type f -exec cat {} + " \
    -n "vmlint check" "$vmlint check $work --format json --fail-on never" 2>/dev/null ||
  hyperfine --warmup 1 --runs 10 \
    -n "read every file (floor)" "find $work -type f -exec cat {} + > /dev/null" \
    -n "vmlint check" "$vmlint check $work --format json --fail-on never > /dev/null"
else
  time (find "$work" -type f -exec cat {} + > /dev/null)
  time ("$vmlint" check "$work" --format json --fail-on never > /dev/null)
fi
"$vmlint" check "$work" --format json --fail-on never | grep -E '"(files|diagnostics|errors|duration_ms)"'
