#!/usr/bin/env bash
# A long fuzzing campaign on one machine: every target for N minutes, J
# targets at a time, then a corpus merge and a summary (execs/s, corpus size,
# coverage, crashes).
#   fuzz/campaign.sh [MINUTES] [JOBS]        (defaults: 20 minutes, 2 at a time)
# Logs and the summary go to fuzz/campaign/<date>/; crashes to fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-20}"
jobs="${2:-2}"
out="campaign/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
fuzz=(cargo +nightly fuzz)
rustup toolchain list | grep -q '^nightly' || { export RUSTC_BOOTSTRAP=1; fuzz=(cargo fuzz); }
cargo run -q --example seeds
"${fuzz[@]}" build -O
targets=$("${fuzz[@]}" list)
flags=(-dict=clusprop.dict -max_len=4096 -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10 -print_final_stats=1)

run_one() {
  local t=$1
  mkdir -p "corpus/$t"
  nice -n 10 "${fuzz[@]}" run -O "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time=$((minutes * 60)) "${flags[@]}" > "$out/$t.log" 2>&1 || true
  # Merge: keep the smallest corpus with the same coverage.
  mkdir -p "corpus/$t.min"
  "${fuzz[@]}" run -O "$t" "corpus/$t.min" "corpus/$t" -- -merge=1 "${flags[@]}" > "$out/$t.merge.log" 2>&1 || true
  rm -rf "corpus/$t" && mv "corpus/$t.min" "corpus/$t"
}

running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

{
  printf '| target | runs | execs/s | corpus (files) | coverage (cov / ft) | crashes |\n|---|---|---|---|---|---|\n'
  for t in $targets; do
    log="$out/$t.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+ ' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \/ \2/p')
    files=$(ls "corpus/$t" | wc -l)
    crashes=$(ls "artifacts/$t" 2>/dev/null | grep -c '^crash-' || true)
    eps=$(( ${secs:-0} > 0 ? ${runs:-0} / ${secs:-1} : 0 ))
    printf '| %s | %s | %s | %s | %s | %s |\n' "$t" "${runs:-?}" "$eps" "$files" "${cov:-?}" "$crashes"
  done
} | tee "$out/summary.md"
