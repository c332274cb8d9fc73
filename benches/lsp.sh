#!/usr/bin/env bash
# Language-server latency (p50/p95 of didChange -> publishDiagnostics on a 2,000-line Terraform
# file) and memory across many edits, on the release build.
#   benches/lsp.sh [EDITS]    (default 1000; the memory check in the README used 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin vmlint
python3 benches/lsp_latency.py "$PWD/target/release/vmlint" "${1:-1000}"
