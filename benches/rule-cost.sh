#!/usr/bin/env bash
# What a rule costs: the generated estate linted with the built-in pack, then with N trivial
# user rules more (generated into a policy directory), alternating, REPS times; prints the
# median wall and CPU time of each and the added share.
#
#   benches/rule-cost.sh [FILES] [RULES] [REPS]      (defaults: 10,000 files, 10 rules, 3)
#
# Two kinds of trivial rule are measured: one that looks at every workload (no trigger: it is
# evaluated on every file) and one with a trigger (`/usb_devices`), evaluated only where a
# workload has a USB device. Neither finds anything on the estate.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
rules=${2:-10}
reps=${3:-3}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
cargo build --release --quiet --bin vmlint --example gen_corpus
vmlint="$PWD/target/release/vmlint"
estate="$work/estate-$files"
[ -d "$estate" ] || target/release/examples/gen_corpus "$estate" "$files" > /dev/null

# generate DIR KIND: RULES rules of KIND (every-file | triggered) in DIR.
generate() {
  local dir=$1 kind=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  for i in $(seq 1 "$rules"); do
    local triggers=""
    [ "$kind" = triggered ] && triggers=', "triggers": ["/usb_devices"]'
    cat > "$dir/trivial_$i.rego" <<EOF
package vmlint.rules.bench.trivial_$i

import data.vmlint.lib.result
import rego.v1

metadata := {"id": "BENCH$((100 + i))", "slug": "trivial-$i", "severity": "info",
  "title": "A trivial rule that finds nothing"$triggers}

report contains result.fail(metadata, workload.pointer, "never") if {
  some workload in input.workloads
  workload.name == "no-workload-is-called-this-$i"
}
EOF
  done
}
generate "$work/rules-every-file" every-file
generate "$work/rules-triggered" triggered

: > "$work/rule-times"
for rep in $(seq 1 "$reps"); do
  echo "repetition $rep/$reps" >&2
  for variant in builtin every-file triggered; do
    extra=()
    [ "$variant" != builtin ] && extra=(--policy "$work/rules-$variant")
    /usr/bin/time -f "$variant %e %U %S" -a -o "$work/rule-times" \
      "$vmlint" check "$estate" --format json --fail-on never --no-cache "${extra[@]}" > /dev/null
  done
done

python3 - "$work/rule-times" "$rules" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, user, system = line.split()
    rows.setdefault(name, {"wall": [], "cpu": []})
    rows[name]["wall"].append(float(wall))
    rows[name]["cpu"].append(float(user) + float(system))
base = {key: statistics.median(rows["builtin"][key]) for key in ("wall", "cpu")}
print(f"{'policies':<40}{'wall s':>8}{'cpu s':>8}{'added wall':>12}{'added cpu':>11}")
for name, label in [("builtin", "built-in pack"),
                    ("every-file", f"+ {sys.argv[2]} trivial rules, no trigger"),
                    ("triggered", f"+ {sys.argv[2]} trivial rules, triggered")]:
    wall, cpu = (statistics.median(rows[name][key]) for key in ("wall", "cpu"))
    print(f"{label:<40}{wall:>8.2f}{cpu:>8.2f}{(wall / base['wall'] - 1) * 100:>11.1f}%{(cpu / base['cpu'] - 1) * 100:>10.1f}%")
PY
