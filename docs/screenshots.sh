#!/usr/bin/env bash
# The screenshots of the HTML report that README.md shows (docs/report-*.png), taken in
# headless Chromium from reports this build writes. Run after a change to the report:
#
#   docs/screenshots.sh
#
# The check report is the one of examples/ (the README's command); the audit report is the
# history of examples/ in this repository. Needs Debian's `chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin vmlint --example report_browser
vmlint="$PWD/target/release/vmlint"
shoot="$PWD/target/release/examples/report_browser"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$vmlint" check examples/ --no-cache --fail-on never --format html --output "$work/check.html"
"$vmlint" audit --path 'examples/**' --no-cache --format html --output "$work/audit.html"

"$shoot" screenshot "$work/check.html" docs/report-check.png - 1100
"$shoot" screenshot "$work/check.html" docs/report-backup-week.png '#backup-week' 420
"$shoot" screenshot "$work/check.html" docs/report-host-load.png '#host-load' 400
"$shoot" screenshot "$work/audit.html" docs/report-audit.png - 1000
ls -l docs/report-*.png
