#!/usr/bin/env bash
# Runs the criterion suite (every workload × operation, with same-run
# baselines: memcpy, a byte scan, Samba's NDR pull and push), then prints the
# ratio table and the targets, also written to
# <target>/bench-results/{ratios.md,ratios.json}.
#
#   benches/run.sh            full measurement (criterion's defaults)
#   benches/run.sh --quick    CI mode: ~1.3 s per benchmark, ~2 minutes in all
#   benches/run.sh [--quick] -- FILTER...   extra arguments go to criterion
#                                           (then no ratio table: it needs every
#                                           benchmark of the run)
#
# Never fails on a timing; fails when a benchmark cannot run or an estimate
# is missing. Samba's baseline is skipped (loudly) only when its Debian
# library (samba-libs, samba-dev, libtalloc-dev) is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CRITERION_HOME="$target/criterion"

args=()
if [ "${1:-}" = "--quick" ]; then
  args=(--warm-up-time 0.3 --measurement-time 1 --sample-size 20)
  shift
fi
[ "${1:-}" = "--" ] && shift

# The same places tests/build.rs looks (and its overrides).
samba_missing=""
libdirs=("${CLUSPROP_SAMBA_LIBDIR:-}")
if [ -z "${CLUSPROP_SAMBA_LIBDIR:-}" ]; then
  libdirs=("/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/samba" /usr/lib64/samba /usr/lib/samba)
fi
found=""
for d in "${libdirs[@]}"; do [ -f "$d/libndr-samba4.so.0" ] && found=1; done
[ -n "$found" ] || samba_missing="libndr-samba4.so.0 (samba-libs) not found in ${libdirs[*]}"
include="${CLUSPROP_SAMBA_INCLUDE:-/usr/include/samba-4.0}"
[ -f "$include/ndr.h" ] || samba_missing="${samba_missing:+$samba_missing; }$include/ndr.h (samba-dev) not found"

features=()
if [ -n "$samba_missing" ]; then
  bar=$(printf '!%.0s' {1..78})
  printf '\n%s\n!! Samba baseline SKIPPED: %s\n!! Install: apt-get install -y samba-libs samba-dev libtalloc-dev\n%s\n\n' \
    "$bar" "$samba_missing" "$bar" >&2
  features=(--no-default-features)
fi

cargo bench -p clusprop-benches "${features[@]}" --bench codec -- --noplot "${args[@]}" "$@"
# The ratio table needs every benchmark of this run (it refuses older
# estimates): with a filter it could only fail, so it is skipped.
if [ "$#" -gt 0 ]; then
  echo "benches/run.sh: criterion was given $*: no ratio table (it needs the whole suite)" >&2
  exit 0
fi
cargo run -q --release -p clusprop-benches "${features[@]}" --bin ratios -- \
  "$CRITERION_HOME" "$target/bench-results"
