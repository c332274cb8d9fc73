#!/usr/bin/env bash
# vmlint against the floor (reading every file; parsing only), Checkov (Terraform part) and
# ansible-lint (Ansible part), on one generated estate, alternating, REPS repetitions; prints
# the median wall time, peak RSS and the ratio to vmlint for each.
#
#   benches/compare.sh [FILES] [REPS]          (defaults: 10000 files, 3 repetitions)
#   SKIP_PYTHON=1 benches/compare.sh           (vmlint and the floor only)
#   SCALING=1 benches/compare.sh               (also vmlint at 1,000 / 10,000 / 50,000 / 100,000 files)
#   UPDATE_README=1 benches/compare.sh         (also rewrite README.md's table: benches/readme_table.py)
#
# vmlint runs cold (`--no-cache`), warm (a second run over the unchanged tree, answered by the
# result cache) and after one file changed (the cache misses: everything is linted again).
# Checkov and ansible-lint are installed from PyPI into target/bench-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
reps=${2:-3}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

cargo build --release --quiet --bin vmlint --example gen_corpus
vmlint="$PWD/target/release/vmlint"
gen="$PWD/target/release/examples/gen_corpus"

estate="$work/estate-$files"
[ -d "$estate" ] || "$gen" "$estate" "$files" > /dev/null
tf_files=$(find "$estate/terraform" -name '*.tf' -o -name '*.tf.json' | wc -l)
ansible_files=$(find "$estate/ansible" -name '*.yml' | wc -l)
echo "estate: $files files ($tf_files Terraform, $ansible_files Ansible), $(du -sh "$estate" | cut -f1), $(nproc) cores"

if [ -z "${SKIP_PYTHON:-}" ]; then
  venv="$PWD/target/bench-venv"
  if [ ! -x "$venv/bin/checkov" ] || [ ! -x "$venv/bin/ansible-lint" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet checkov ansible-lint
  fi
fi

# measure NAME FILES COMMAND…: one run; appends "name files seconds rss_kib" to $work/times.
measure() {
  local name=$1 count=$2
  shift 2
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2>&1 || true
  # A non-zero exit (findings) adds a first line to time's output: the figures are the last.
  read -r seconds rss < <(tail -n 1 "$log")
  rm -f "$log"
  echo "$name $count $seconds $rss" >> "$work/times"
}

: > "$work/times"
for rep in $(seq 1 "$reps"); do
  echo "repetition $rep/$reps" >&2
  measure "floor:read" "$files" sh -c "find '$estate' -type f -exec cat {} + > /dev/null"
  measure "floor:parse-only" "$files" "$vmlint" check "$estate" --parse-only --format json --fail-on never
  measure "vmlint" "$files" "$vmlint" check "$estate" --format json --fail-on never --no-cache
  "$vmlint" check "$estate" --format json --fail-on never --cache-dir "$work/cache" > /dev/null || true
  measure "vmlint:warm-cache" "$files" "$vmlint" check "$estate" --format json --fail-on never --cache-dir "$work/cache"
  changed=$(find "$estate/proxmox" -name '*.conf' | sort | sed -n 1p)
  echo "# changed by compare.sh, repetition $rep" >> "$changed"
  measure "vmlint:one-file-changed" "$files" "$vmlint" check "$estate" --format json --fail-on never --cache-dir "$work/cache"
  measure "vmlint:terraform" "$tf_files" "$vmlint" check "$estate/terraform" --format json --fail-on never --no-cache
  measure "vmlint:ansible" "$ansible_files" "$vmlint" check "$estate/ansible" --format json --fail-on never --no-cache
  if [ -z "${SKIP_PYTHON:-}" ]; then
    measure "checkov:terraform" "$tf_files" "$venv/bin/checkov" -d "$estate/terraform" --framework terraform --quiet --compact -o json
    measure "ansible-lint:ansible" "$ansible_files" "$venv/bin/ansible-lint" --offline --nocolor -p "$estate/ansible"
  fi
done

if [ -n "${SCALING:-}" ]; then
  for n in 1000 10000 50000 100000; do
    dir="$work/estate-$n"
    [ -d "$dir" ] || "$gen" "$dir" "$n" > /dev/null
    for rep in $(seq 1 "$reps"); do
      measure "scaling:$n" "$n" "$vmlint" check "$dir" --format json --fail-on never --no-cache
    done
  done
fi

python3 - "$work/times" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, files, seconds, rss = line.split()
    rows.setdefault(name, {"files": int(files), "s": [], "rss": []})
    rows[name]["s"].append(float(seconds))
    rows[name]["rss"].append(int(rss) / 1024)
def median(name):
    return statistics.median(rows[name]["s"])
reference = {"checkov:terraform": "vmlint:terraform", "ansible-lint:ansible": "vmlint:ansible"}
print(f"{'tool':<24}{'files':>8}{'median s':>10}{'peak RSS MiB':>14}{'ratio to vmlint':>17}")
for name, row in rows.items():
    base = reference.get(name, "vmlint")
    ratio = median(name) / median(base) if median(base) > 0 else float("nan")
    if name.startswith("scaling:"):
        ratio = median(name) / median("scaling:1000") if "scaling:1000" in rows else float("nan")
    print(f"{name:<24}{row['files']:>8}{median(name):>10.2f}{max(row['rss']):>14.0f}{ratio:>16.2f}x")
print("(ratios: Checkov and ansible-lint against vmlint on the same files; scaling rows against 1,000 files)")
EOF

if [ -n "${UPDATE_README:-}" ]; then
  python3 benches/readme_table.py "$work/times" "$files"
fi
