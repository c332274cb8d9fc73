#!/usr/bin/env bash
# `vmlint audit` on a generated history: COMMITS commits touching FILES files of mixed formats,
# a first audit (cold cache), then 50 more commits and a second audit (warm cache).
#   benches/audit.sh [COMMITS] [FILES]      (defaults 5000, 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-5000}
files=${2:-1000}
cargo build --release --quiet --bin vmlint
vmlint="$PWD/target/release/vmlint"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
distinct=$(python3 benches/gen_history.py "$repo" "$commits" "$files")
echo "history: $commits commits, $files files, $distinct distinct blobs of linted formats"
start=$(date +%s.%N)
"$vmlint" audit --repo "$repo" --format json > "$repo.first.json"
end=$(date +%s.%N)
python3 - "$repo.first.json" "$start" "$end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(f"first audit: {float(sys.argv[3]) - float(sys.argv[2]):.2f} s, {report['commits']} commits, "
      f"{report['blobs_linted']} blobs linted, {len(report['findings'])} findings")
PY
python3 benches/gen_history.py "$repo" 50 "$files" --append > /dev/null
start=$(date +%s.%N)
"$vmlint" audit --repo "$repo" --format json > "$repo.second.json"
end=$(date +%s.%N)
python3 - "$repo.second.json" "$start" "$end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(f"second audit (+50 commits): {float(sys.argv[3]) - float(sys.argv[2]):.2f} s, "
      f"{report['commits']} commits, {report['blobs_linted']} blobs linted, "
      f"{report['blobs_cached']} from the cache")
PY
rm -f "$repo.first.json" "$repo.second.json"
