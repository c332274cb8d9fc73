#!/usr/bin/env bash
# Whether two vmlint binaries report the same findings on the generated estate: the JSON
# reports, run time aside, must be equal (a speed-up must not change a result).
#
#   benches/same-findings.sh BEFORE_BINARY [AFTER_BINARY] [FILES]
#
# AFTER_BINARY defaults to this checkout's release build; FILES to 10,000. Exit 0 when equal.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1
after=${2:-$PWD/target/release/vmlint}
files=${3:-10000}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
cargo build --release --quiet --bin vmlint --example gen_corpus
estate="$work/estate-$files"
[ -d "$estate" ] || target/release/examples/gen_corpus "$estate" "$files" > /dev/null
# A binary from before the result cache has no --no-cache (and no cache to bypass).
if "$before" check --help | grep -q -- --no-cache; then
  "$before" check "$estate" --format json --fail-on never --no-cache > "$work/before.json"
else
  "$before" check "$estate" --format json --fail-on never > "$work/before.json"
fi
"$after" check "$estate" --format json --fail-on never --no-cache > "$work/after.json"
python3 - "$work/before.json" "$work/after.json" <<'PY'
import json, sys

def load(path):
    report = json.load(open(path))
    report["summary"].pop("duration_ms", None)
    return report

before, after = load(sys.argv[1]), load(sys.argv[2])
if before == after:
    print(f"same: {len(after['diagnostics'])} findings, {len(after['errors'])} errors")
    sys.exit(0)
b = {json.dumps(d, sort_keys=True) for d in before["diagnostics"]}
a = {json.dumps(d, sort_keys=True) for d in after["diagnostics"]}
print(f"DIFFERENT: {len(b - a)} findings only before, {len(a - b)} only after")
for item in sorted(b - a)[:5]:
    print("  before:", item)
for item in sorted(a - b)[:5]:
    print("  after: ", item)
sys.exit(1)
PY
