#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 600), two at a time (one per core), on stable
# (`-s none`); an input that takes over 10 s counts as a crash (a hang); prints each
# target's executions and whether it found a crash.
#   fuzz/run-all.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
targets=(lint terraform ansible libvirt proxmox vmx terraform_json kubevirt config proxmox_cluster inventory schedule suppressions)
mkdir -p fuzz/logs
run() {
  local target=$1
  cargo fuzz run "$target" -s none -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    > "fuzz/logs/$target.log" 2>&1
  local status=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "fuzz/logs/$target.log" | grep -o '[0-9]*$')
  if [ -z "$execs" ]; then
    execs=$(grep -oE '#[0-9]+' "fuzz/logs/$target.log" | tail -1 | tr -d '#')
  fi
  echo "$target: exit $status, ${execs:-?} executions$(grep -q 'SUMMARY\|panicked\|deadly signal' "fuzz/logs/$target.log" && echo ', CRASH (see fuzz/logs/'$target'.log)')"
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[$i]}" &
  if ((i + 1 < ${#targets[@]})); then run "${targets[$((i + 1))]}" & fi
  wait
done
