#!/usr/bin/env bash
# The HTML report of the generated estate: how long vmlint takes to write it, how large it is,
# and how long headless Chromium takes to load and paint it (benches/report_browser.rs).
#
#   benches/html-report.sh [FILES] [RUNS]      (defaults: 10000 files, 3 browser loads)
#
# Needs Debian's `chromium` (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
runs=${2:-3}
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

cargo build --release --quiet --bin vmlint --example gen_corpus --example report_browser
vmlint="$PWD/target/release/vmlint"
estate="$work/estate-$files"
[ -d "$estate" ] || target/release/examples/gen_corpus "$estate" "$files" > /dev/null
report="$work/report-$files.html"

/usr/bin/time -f "%e s, %M KiB peak" -o "$work/html-time" \
  "$vmlint" check "$estate" --no-cache --fail-on never --format html --output "$report"
json_time=$( { /usr/bin/time -f "%e" "$vmlint" check "$estate" --no-cache --fail-on never --format json > /dev/null; } 2>&1 )
echo "estate: $files files; vmlint --format html: $(cat "$work/html-time") (--format json: $json_time s)"
echo "report: $(stat -c %s "$report") bytes ($(du -h "$report" | cut -f1)), $(grep -o '<li class="finding' "$report" | wc -l) findings"
gzip -c "$report" | wc -c | xargs -I{} echo "gzipped: {} bytes"
target/release/examples/report_browser time "$report" "$runs"
