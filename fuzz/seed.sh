#!/usr/bin/env bash
# Seed each fuzz target's corpus with the fixtures and examples of its format.
set -euo pipefail
cd "$(dirname "$0")/.."
seed() {
  local target=$1
  shift
  mkdir -p "fuzz/corpus/$target"
  find fixtures examples "$@" -type f -print0 2>/dev/null |
    while IFS= read -r -d '' file; do
      cp "$file" "fuzz/corpus/$target/$(echo "$file" | tr '/' '_')"
    done
}
seed terraform -name '*.tf'
seed terraform_json -name '*.tf.json'
seed ansible -path '*ansible*' -name '*.yml'
seed kubevirt -path '*kubevirt*' -name '*.yaml'
seed libvirt -name '*.xml'
seed proxmox -name '*.conf'
seed proxmox_cluster \( -name 'jobs.cfg' -o -name 'vzdump.cron' -o -name 'resources.cfg' \)
seed vmx -name '*.vmx'
seed inventory -name 'hosts'
seed config -name '.vmlint.toml'
mkdir -p fuzz/corpus/schedule fuzz/corpus/lint fuzz/corpus/suppressions
grep -rl 'vmlint:ignore' fixtures examples 2>/dev/null | while IFS= read -r file; do
  case "$file" in
    *.tf) prefix='\x00' ;;
    *.yml | *.yaml) prefix='\x01' ;;
    *) prefix='\x02' ;;
  esac
  { printf "$prefix"; cat "$file"; } > "fuzz/corpus/suppressions/$(echo "$file" | tr '/' '_')"
done
printf '0 1 * * *' > fuzz/corpus/schedule/cron
printf 'cron(0 5 ? * 1 *)' > fuzz/corpus/schedule/aws
printf 'mon..fri 22:30' > fuzz/corpus/schedule/proxmox
for file in fuzz/corpus/proxmox/*; do cp "$file" "fuzz/corpus/lint/p_$(basename "$file")"; done
