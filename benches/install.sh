#!/usr/bin/env bash
# What installing vmlint costs, each way that does not compile, RUNS times (median):
#   - `pip install vmlint` of the release wheel into a fresh virtual environment (no index:
#     the wheel from a local directory, as pip would take it from PyPI's cache);
#   - the Action's install step (deploy/action/install.sh) from a stand-in release made by the
#     release workflow's own scripts (file://): first run (fetch SHA256SUMS and the archive,
#     check, unpack) and a run with the archive in the cache (checked again);
#   - `pre-commit install-hooks` of the `language: python` hook (deploy/pre-commit as its own
#     git repository) in a fresh PRE_COMMIT_HOME — pip fetches setuptools from PyPI for it.
# Builds the release wheel with maturin (from target/ci-venv, or PATH) first, and says how long
# that took and how big the wheel and the archive are.
#   benches/install.sh [RUNS]      (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
root="$PWD"
PATH="$root/target/ci-venv/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

start=$(now)
maturin build --release --locked --out "$work/wheels" > /dev/null 2>&1
echo "maturin build --release: $(echo "$(now) - $start" | bc) s; wheel $(du -k "$work"/wheels/*.whl | cut -f1) KiB"

pip_times=()
for run in $(seq "$runs"); do
  python3 -m venv "$work/venv-$run"
  start=$(now)
  "$work/venv-$run/bin/pip" install --quiet --no-index --find-links "$work/wheels" vmlint
  pip_times+=("$(echo "$(now) - $start" | bc)")
  "$work/venv-$run/bin/vmlint" --version > /dev/null
done
echo "pip install vmlint (fresh venv, local wheel): median $(printf '%s\n' "${pip_times[@]}" | median) s"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
.github/release/package.sh x86_64-unknown-linux-musl target/release/vmlint "$work/releases/v$version"
.github/release/checksums.sh "$work/releases/v$version"
echo "release archive: $(du -k "$work"/releases/v"$version"/*.tar.gz | cut -f1) KiB"
first=() ; cached=()
for run in $(seq "$runs"); do
  mkdir -p "$work/runner-$run"
  for pass in first cached; do
    start=$(now)
    RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$work/runner-$run" GITHUB_ACTION_PATH="$root" \
      VMLINT_RELEASE_URL="file://$work/releases" bash deploy/action/install.sh > /dev/null
    took=$(echo "$(now) - $start" | bc)
    if [ "$pass" = first ]; then first+=("$took"); else cached+=("$took"); fi
  done
done
echo "Action install step: first $(printf '%s\n' "${first[@]}" | median) s, from the cache $(printf '%s\n' "${cached[@]}" | median) s"

mkdir -p "$work/hook" && cp -R deploy/pre-commit/. "$work/hook/"
(cd "$work/hook" && git init -q -b main && git add -A \
  && git -c user.name=bench -c user.email=bench@example.com commit -qm hook && git tag "v$version")
mkdir -p "$work/project" && cd "$work/project" && git init -q -b main
printf 'repos:\n  - repo: %s\n    rev: v%s\n    hooks:\n      - id: vmlint\n' "$work/hook" "$version" \
  > .pre-commit-config.yaml
hook_times=()
for run in $(seq "$runs"); do
  start=$(now)
  PRE_COMMIT_HOME="$work/pre-commit-$run" PIP_FIND_LINKS="$work/wheels ${PIP_FIND_LINKS:-}" \
    pre-commit install-hooks > /dev/null
  hook_times+=("$(echo "$(now) - $start" | bc)")
done
echo "pre-commit install-hooks, language: python (fresh home): median $(printf '%s\n' "${hook_times[@]}" | median) s"
