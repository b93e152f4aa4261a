#!/usr/bin/env bash
# A long fuzzing campaign on one machine: every target (or the ones named)
# for MINUTES each, JOBS targets at a time (one libFuzzer process each, under
# nice), then a corpus merge per target and a summary: executions, execs/s,
# corpus before/after the merge, coverage (cov/ft of the final stats line),
# new crash artifacts.
#
#   fuzz/campaign.sh [MINUTES] [JOBS] [TARGET...]   (defaults: 20 minutes, 2 at a time, all)
#
# Logs and summary.md go to fuzz/campaign/<date>/; crashes to fuzz/artifacts/<target>/;
# the merged corpora stay in fuzz/corpus/<target>/ for the next campaign.
# Nightly (with AddressSanitizer) when rustup has it, else stable with
# RUSTC_BOOTSTRAP=1 and --sanitizer none. Set CARGO_TARGET_DIR to share builds.
# Exits 1 when a target found a crash, leak, timeout or out-of-memory, or
# ended without its final statistics (it did not run, or stopped early).
set -euo pipefail
cd "$(dirname "$0")"
usage="usage: fuzz/campaign.sh [MINUTES] [JOBS] [TARGET...]"
minutes="${1:-20}"
jobs="${2:-2}"
# Both are positive whole numbers: MINUTES=0 would be -max_total_time=0,
# which libFuzzer reads as "no limit", and a target name in their place
# would otherwise fail only inside a background job, after the build.
for n in "$minutes" "$jobs"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "$usage ($n is not a positive whole number)" >&2; exit 2; }
done
shift $(($# < 2 ? $# : 2))
out="campaign/$(date +%Y%m%d-%H%M%S)"

# shellcheck source=fuzz/toolchain.sh
source ./toolchain.sh

all=$("${fuzz[@]}" list)
if [ "$#" -gt 0 ]; then
  for t in "$@"; do
    grep -qx -- "$t" <<<"$all" || { echo "no fuzz target $t (targets: $(echo $all))" >&2; exit 2; }
  done
  targets="$*"
else
  targets=$all
fi
mkdir -p "$out"
cargo run -q --example seeds
nice -n 10 "${fuzz[@]}" build -O "${sanitizer[@]}"
flags=(-dict=clusprop.dict -max_len=4096 -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10
  -print_final_stats=1)
stamp="$out/.start"
touch "$stamp"

run_one() {
  local t=$1
  echo "$(date +%T) start $t (${minutes} min)"
  mkdir -p "corpus/$t" "artifacts/$t"
  nice -n 10 "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time=$((minutes * 60)) "${flags[@]}" >"$out/$t.log" 2>&1 || true
  ls "corpus/$t" | wc -l >"$out/$t.before"
  # Merge: the smallest set of inputs with the same coverage.
  rm -rf "corpus/$t.min" && mkdir -p "corpus/$t.min"
  if nice -n 10 "${fuzz[@]}" run -O "${sanitizer[@]}" "$t" "corpus/$t.min" "corpus/$t" -- \
    -merge=1 "${flags[@]}" >"$out/$t.merge.log" 2>&1; then
    rm -rf "corpus/$t" && mv "corpus/$t.min" "corpus/$t"
  else
    rm -rf "corpus/$t.min"
  fi
}

# shellcheck disable=SC2086 # the target names are words
in_lanes "$jobs" run_one $targets

final_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }
{
  echo "Campaign $out: ${minutes} min per target, ${jobs} at a time ($(nproc) CPUs, nice 10)."
  echo
  echo '| target | executions | execs/s | corpus (before → after merge) | cov | ft | new crashes |'
  echo '|---|---|---|---|---|---|---|'
  for t in $targets; do
    log="$out/$t.log"
    runs=$(final_stat number_of_executed_units "$log")
    eps=$(final_stat average_exec_per_sec "$log")
    # The final stats line ("#N DONE cov: ... ft: ... corp: ..."), or the last one printed.
    last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    before=$(cat "$out/$t.before" 2>/dev/null || echo '?')
    after=$(ls "corpus/$t" | wc -l)
    crashes=$(find "artifacts/$t" -type f -newer "$stamp" \
      \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    if grep -q -E '^SUMMARY|deadly signal|panicked' "$log"; then crashes="$crashes (stopped early)"; fi
    if [ -z "$runs" ] || [ "$crashes" != 0 ]; then echo "$t" >>"$out/.failed"; fi
    printf '| %s | %s | %s | %s → %s | %s | %s | %s |\n' "$t" "${runs:-?}" "${eps:-?}" \
      "$before" "$after" "${cov:-?}" "${ft:-?}" "$crashes"
  done
  echo
  new=$(find artifacts -type f -newer "$stamp" | sort)
  if [ -n "$new" ]; then
    echo "Artifacts (reproduce with: cargo +nightly fuzz run TARGET FILE):"
    sed 's/^/  /' <<<"$new"
  else
    echo "No crashes."
  fi
} | tee "$out/summary.md"
# A target that found something, or has no final statistics (it did not
# run: a build or start-up failure, see its log), fails the campaign.
if [ -s "$out/.failed" ]; then
  echo "campaign failed: $(echo $(cat "$out/.failed")) (logs in fuzz/$out/)" >&2
  exit 1
fi
