#!/usr/bin/env bash
# Shards against one machine, on a generated estate of FILES files:
#   - the single run (`vmlint check --no-cache`),
#   - N shards run one after the other (each shard's own cost: discovery and the cross-file
#     facts of the whole checkout, the per-file stage of its share, writing its partial),
#   - N shards run at once (as N runners would, here on this machine's cores),
#   - the merge (reading the partials, the repository stage, suppressions, the report),
# each RUNS times (median), with the partials' size; then checks the merged JSON equals the
# single run's.
#   benches/shards.sh [FILES] [SHARDS] [RUNS]      (defaults 10000, 2, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
shards=${2:-2}
runs=${3:-3}
cargo build --release --quiet --bin vmlint --example gen_corpus
vmlint="$PWD/target/release/vmlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PWD/target/release/examples/gen_corpus" "$work/estate" "$files" > /dev/null
cd "$work"
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
single=() ; sequential=() ; parallel=() ; merge=()
for _ in $(seq "$runs"); do
  start=$(now); "$vmlint" check estate --no-cache --format json > single.json || true; end=$(now)
  single+=("$(echo "$end - $start" | bc)")
  rm -rf seq && mkdir seq
  start=$(now)
  for k in $(seq "$shards"); do
    "$vmlint" check estate --shard "$k/$shards" --format partial --output "seq/$k.json"
  done
  end=$(now); sequential+=("$(echo "$end - $start" | bc)")
  rm -rf par && mkdir par
  start=$(now)
  for k in $(seq "$shards"); do
    "$vmlint" check estate --shard "$k/$shards" --format partial --output "par/$k.json" &
  done
  wait
  end=$(now); parallel+=("$(echo "$end - $start" | bc)")
  start=$(now); "$vmlint" merge par/*.json --format json > merged.json || true; end=$(now)
  merge+=("$(echo "$end - $start" | bc)")
done
python3 - single.json merged.json <<'PY'
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:3])
for report in (a, b):
    report["summary"].pop("duration_ms", None)
assert a == b, "the merged report differs from the single run's"
print(f"estate: {a['summary']['files']} files, {a['summary']['diagnostics']} findings; merged == single")
PY
echo "single run:               $(printf '%s\n' "${single[@]}" | median) s (median of $runs)"
echo "$shards shards, one by one:  $(printf '%s\n' "${sequential[@]}" | median) s in all"
echo "$shards shards at once:      $(printf '%s\n' "${parallel[@]}" | median) s"
echo "merge:                    $(printf '%s\n' "${merge[@]}" | median) s"
echo "partials:                 $(du -cb par/*.json | tail -1 | cut -f1) bytes ($(cat par/*.json | gzip -c | wc -c) gzipped)"
