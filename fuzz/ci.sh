#!/usr/bin/env bash
# CI's fuzzing step: build every target, replay the seed corpora (and any
# local corpus), then run each target for FUZZ_SECONDS (default 30) with the
# dictionary and -max_len. Any crash, leak, timeout or out-of-memory fails the
# script, which then prints the end of the target's log and the artifact.
# Targets run two at a time (FUZZ_LANES, default: the number of cores).
# Uses nightly (with AddressSanitizer) when rustup has it, else stable with
# --sanitizer none and RUSTC_BOOTSTRAP=1. Installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"
lanes="${FUZZ_LANES:-$(nproc)}"
# FUZZ_SECONDS=0 would be -max_total_time=0, libFuzzer's "no limit": the
# step would never end.
for n in "$seconds" "$lanes"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz/ci.sh: FUZZ_SECONDS and FUZZ_LANES are positive whole numbers, not '$n'" >&2; exit 2; }
done

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
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# One target: replay its seeds and corpus, then fuzz it. Its output goes to
# $logs/<target>.log (what to print) and, when it fails, the failing stage
# to $logs/<target>.failed.
run_target() {
  local t=$1 out="$logs/$1.log" run="$logs/$1.run"
  mkdir -p "corpus/$t"
  echo "== $t: replaying the seeds and corpus" >"$out"
  if ! "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -runs=0 "${flags[@]}" >"$run" 2>&1; then
    echo replay >"$logs/$t.failed"
    return
  fi
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$run" | tail -1 >>"$out" || true
  echo "== $t: fuzzing for ${seconds}s" >>"$out"
  if ! "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" "${flags[@]}" >"$run" 2>&1; then
    echo fuzzing >"$logs/$t.failed"
    return
  fi
  grep -E '^(#[0-9]+[[:space:]]+DONE|Done)' "$run" >>"$out" || true
}

# libFuzzer runs on one core: the targets go two at a time (FUZZ_LANES, the
# number of cores by default), each for its full FUZZ_SECONDS, so the step
# takes half as long on two cores with no target fuzzed less.
# shellcheck disable=SC2086 # the target names are words
in_lanes "$lanes" run_target $targets
# Every target's outcome is printed: a failure is not allowed to hide the
# ones after it (their logs are in a temporary folder removed on exit).
failed=()
for t in $targets; do
  cat "$logs/$t.log"
  if [ -f "$logs/$t.failed" ]; then
    echo "fuzz target $t failed ($(cat "$logs/$t.failed")):"
    tail -n 40 "$logs/$t.run"
    # Named from the repository's root, with the command that replays each.
    for a in "artifacts/$t"/*; do
      if [ -e "$a" ]; then echo "artifact: fuzz/$a (replay: cd fuzz && ${fuzz[*]} run $t $a)"; fi
    done
    failed+=("$t")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing: ${#failed[@]} target(s) failed: ${failed[*]}"
  exit 1
fi
echo "fuzzing: all targets survived"
