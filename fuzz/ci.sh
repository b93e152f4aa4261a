#!/usr/bin/env bash
# CI's fuzzing step: build every target, replay the seed corpora (and any
# local corpus), then run each target for FUZZ_SECONDS (default 30) with the
# dictionary and -max_len. Any crash, leak, timeout or out-of-memory fails the
# script, which then prints the end of the target's log and the artifact.
# Uses nightly (with AddressSanitizer) when rustup has it, else stable with
# --sanitizer none and RUSTC_BOOTSTRAP=1. Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

# shellcheck source=fuzz/toolchain.sh
source ./toolchain.sh

# The fuzz package's own unit tests (the spec decoder, the counting
# allocator), then the seeds regenerated from the test vectors (they are
# also committed).
cargo test -q --lib
cargo run -q --example seeds

targets=$("${fuzz[@]}" list)
"${fuzz[@]}" build -O "${sanitizer[@]}"
flags=(-dict=clusprop.dict -max_len=4096 -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
  echo "fuzz target $1 failed ($2):"
  tail -n 40 "$log"
  ls -l "artifacts/$1" 2>/dev/null || true
  exit 1
}
for t in $targets; do
  mkdir -p "corpus/$t"
  echo "== $t: replaying the seeds and corpus"
  "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -runs=0 "${flags[@]}" >"$log" 2>&1 || fail "$t" replay
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -1 || true
  echo "== $t: fuzzing for ${seconds}s"
  "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" "${flags[@]}" >"$log" 2>&1 || fail "$t" fuzzing
  grep -E '^(#[0-9]+[[:space:]]+DONE|Done)' "$log" || true
done
echo "fuzzing: all targets survived"
