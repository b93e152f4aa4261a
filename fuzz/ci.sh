#!/usr/bin/env bash
# CI's fuzzing step: build every target, replay the seed corpora, then run
# each target for FUZZ_SECONDS (default 30). Any crash fails the script.
# Uses nightly (with AddressSanitizer) when rustup has it, else stable with
# --sanitizer none and RUSTC_BOOTSTRAP=1. Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if rustup toolchain list | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=()
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  sanitizer=(--sanitizer none)
fi

# Regenerate the seeds from the shared vectors (they are also committed).
cargo run -q --example seeds

targets=$("${fuzz[@]}" list)
"${fuzz[@]}" build -O "${sanitizer[@]}"
flags=(-dict=clusprop.dict -max_len=4096 -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10)
for t in $targets; do
  echo "== $t: replaying seeds"
  "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "seeds/$t" -- -runs=0 "${flags[@]}" 2>&1 | tail -1
  echo "== $t: fuzzing for ${seconds}s"
  mkdir -p "corpus/$t"
  "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" "${flags[@]}" 2>&1 | grep -E '^(#[0-9]+ +DONE|Done)' || {
      echo "fuzz target $t failed"; exit 1; }
done
echo "fuzzing: all targets survived"
