#!/usr/bin/env bash
# Where a cold `vmlint check` of the generated estate spends its CPU: `perf record` on the
# `profiling` build (release with line tables, frame pointers), then the top entries by
# self time and by inclusive time for vmlint's own functions.
#
#   benches/profile.sh [FILES]            (default 10,000 files)
#
# perf comes from Debian's linux-perf, installed here when it is missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
if ! command -v perf > /dev/null; then
  apt-get install -y -qq linux-perf > /dev/null
fi
cargo build --release --quiet --example gen_corpus
estate="$work/estate-$files"
[ -d "$estate" ] || target/release/examples/gen_corpus "$estate" "$files" > /dev/null
RUSTFLAGS="-C force-frame-pointers=yes" CARGO_TARGET_DIR=target/profiling-build \
  cargo build --profile profiling --quiet --bin vmlint
binary=target/profiling-build/profiling/vmlint
perf record -F 999 -g -o "$work/perf.data" \
  "$binary" check "$estate" --format json --fail-on never --no-cache > /dev/null 2> "$work/perf.log"
echo "== self time (top 25)"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio 2> /dev/null \
  | grep -E '^ +[0-9]' | sed 's/  */ /g' | cut -c1-150 | head -n 25
echo "== inclusive time, vmlint's functions and the engine's entry points (top 30)"
perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2> /dev/null \
  | grep -E '^ +[0-9]' | grep -E 'vmlint::|regorus::engine' | sed 's/  */ /g' | cut -c1-150 \
  | head -n 30
