#!/usr/bin/env bash
# What the resource limits cost and what they stop, release build:
#   1. `vmlint check` on the generated estate with the limits as shipped, and with the runtime
#      checks off (`--policy-memory-limit 0 --run-policy-timeout 0`): the price of the checks.
#      (The allocator accounting behind the memory ceiling is compiled in and cannot be turned
#      off at run time; compare with a build of an older commit for that, see SECURITY.md.)
#   2. Each attack with its limit: wall time and peak RSS of the whole run.
#
#   benches/limits.sh [FILES] [REPS]          (defaults: 10000 files, 5 repetitions)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
reps=${2:-5}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
cargo build --release --quiet --bin vmlint --example gen_corpus
vmlint="$PWD/target/release/vmlint"
estate="$work/estate-$files"
[ -d "$estate" ] || "$PWD/target/release/examples/gen_corpus" "$estate" "$files" > /dev/null

# measure NAME COMMAND…: prints "NAME seconds rss_mib" for one run.
measure() {
  local name=$1 log
  shift
  log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2>&1 || true
  read -r seconds rss < <(tail -n 1 "$log")
  rm -f "$log"
  echo "$name $seconds $((rss / 1024))"
}

times=$(mktemp)
for _ in $(seq 1 "$reps"); do
  measure "estate:limits-on" "$vmlint" check "$estate" --format json --fail-on never >> "$times"
  measure "estate:checks-off" "$vmlint" check "$estate" --format json --fail-on never \
    --policy-memory-limit 0 --run-policy-timeout 0 >> "$times"
done

attacks=$(mktemp -d)
trap 'rm -rf "$attacks" "$times"' EXIT
mkdir -p "$attacks/yaml" "$attacks/xml" "$attacks/hcl" "$attacks/hog/policy/hog" "$attacks/hog/src/qemu-server"
python3 - "$attacks" <<'PY'
import sys
root = sys.argv[1]
open(f"{root}/yaml/deep.yml", "w").write("- " * 2_000_000 + "x\n")
open(f"{root}/xml/deep.xml", "w").write('<domain type="kvm"><name>x</name>' + "<a>" * 500_000 + "</a>" * 500_000 + "</domain>\n")
open(f"{root}/hcl/deep.tf", "w").write("x = " + "7*7*7[" * 40 + "7&7" + "]" * 40 + "\n")
chain = 'a0 := concat("", [sprintf("%010d", [x]) | some x in numbers.range(1, 100)])\n'
chain += "".join(f'a{i} := concat("", [a{i-1}, a{i-1}])\n' for i in range(1, 31))
open(f"{root}/hog/policy/hog/hog.rego", "w").write(
    'package vmlint.rules.hostile.hog\n\nimport rego.v1\n\n'
    'metadata := {"id": "HOG1", "slug": "hog", "severity": "warning", "title": "t"}\n\n'
    + chain + '\nreport contains {"rule": "HOG1", "pointer": "", "message": "m"} if {\n  count(a30) < 0\n}\n')
open(f"{root}/hog/src/qemu-server/100.conf", "w").write("name: x\nusb0: host=0529:0001\n")
PY
{
  measure "attack:yaml-2M-levels" "$vmlint" check "$attacks/yaml" --max-file-size 20000000
  measure "attack:xml-500k-levels" "$vmlint" check "$attacks/xml" --max-file-size 20000000
  measure "attack:hcl-exponential-40" "$vmlint" check "$attacks/hcl"
  measure "attack:memory-hog-256MiB" "$vmlint" check "$attacks/hog/src" --policy "$attacks/hog/policy" --policy-memory-limit 256
} >> "$times"

python3 - "$times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, seconds, rss = line.split()
    rows.setdefault(name, ([], []))
    rows[name][0].append(float(seconds)); rows[name][1].append(int(rss))
print(f"{'run':32} {'median s':>9} {'min–max s':>13} {'peak RSS MiB':>13}")
for name, (s, r) in rows.items():
    print(f"{name:32} {statistics.median(s):9.2f} {min(s):6.2f}–{max(s):<6.2f} {max(r):13}")
PY
