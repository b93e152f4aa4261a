#!/usr/bin/env bash
# Runs the criterion suite, then prints the ratio table (ours / same-run
# baselines) and writes it to <target>/bench-results/{ratios.md,criterion.json}.
#   benches/run.sh            full measurement (criterion defaults)
#   benches/run.sh --quick    CI mode: about a second per benchmark
# Never fails on a timing; fails if a benchmark cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
export CRITERION_HOME="$target/criterion"
args=()
if [ "${1:-}" = "--quick" ]; then
  args=(--warm-up-time 0.3 --measurement-time 1 --sample-size 10)
fi
cargo bench -p clusprop-benches --bench codec -- --noplot "${args[@]}"
cargo run -q --release -p clusprop-benches --bin ratios -- "$CRITERION_HOME" "$target/bench-results"
