# Sourced by fuzz/ci.sh and fuzz/campaign.sh: installs cargo-fuzz when it is
# missing and sets `fuzz` (the cargo-fuzz command) and `sanitizer` (its extra
# flags): nightly with AddressSanitizer when rustup has nightly, else stable
# with RUSTC_BOOTSTRAP=1 and --sanitizer none.
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=()
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  sanitizer=(--sanitizer none)
fi

# in_lanes LANES FUNCTION ITEM...: runs `FUNCTION ITEM` for every item in the
# background, at most LANES at a time (libFuzzer runs on one core), and
# returns when all have ended. FUNCTION records its own failures.
in_lanes() {
  local lanes=$1 run=$2 running=0 item
  shift 2
  for item in "$@"; do
    "$run" "$item" &
    running=$((running + 1))
    if [ "$running" -ge "$lanes" ]; then
      wait -n || true
      running=$((running - 1))
    fi
  done
  wait
}
