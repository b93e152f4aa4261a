#!/usr/bin/env bash
# Instruction-count benchmarks (gungraun: Callgrind + DHAT) for the criterion
# suite's workloads and operations. Counts do not move with machine load.
#
#   benches/instructions.sh                  run, print the table, write JSON
#   benches/instructions.sh --twice          run twice; fail if any count differs
#                                            by more than 0.1 %
#   benches/instructions.sh --gate REV [PCT] compare against git revision REV
#                                            (e.g. main); fail if instructions
#                                            rise by more than PCT % (default 2)
#
# Needs valgrind and gungraun-runner 0.20.0 (installed here when missing).
# Output: <target>/bench-results/instructions.{md,json} (one entry per benchmark:
# instructions, L1/LL/RAM hits, estimated cycles, allocations and bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
if [ "$(gungraun-runner --version 2>/dev/null | awk '{print $2}')" != "0.20.0" ]; then
  cargo install gungraun-runner --version 0.20.0 --locked --quiet
fi
home="$target/gungraun"

report() {
  python3 - "$home" "$target/bench-results" <<'PY'
import json, pathlib, sys
home, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
rows = []
for path in sorted(home.rglob("summary.json")):
    s = json.loads(path.read_text())
    row = {"benchmark": f"{s['function_name']} {s.get('description') or ''}".strip()}
    for p in s["profiles"]:
        m = {k: v["values"]["new"] for k, v in p["data"]["parts"][0]["metrics"].items()}
        if p["tool"] == "Callgrind":
            row.update(instructions=m["Ir"], l1_hits=m["L1hits"], ll_hits=m["LLhits"],
                       ram_hits=m["RamHits"], estimated_cycles=m["EstimatedCycles"])
        elif p["tool"] == "DHAT":
            row.update(allocations=m["TotalBlocks"], allocated_bytes=m["TotalBytes"])
    rows.append(row)
out.mkdir(parents=True, exist_ok=True)
(out / "instructions.json").write_text(json.dumps(rows, indent=2))
md = ["| benchmark | instructions | L1 hits | LL hits | RAM hits | est. cycles | allocations (bytes) |",
      "|---|---|---|---|---|---|---|"]
for r in rows:
    md.append(f"| {r['benchmark']} | {r['instructions']} | {r['l1_hits']} | {r['ll_hits']} | "
              f"{r['ram_hits']} | {r['estimated_cycles']} | {r['allocations']} ({r['allocated_bytes']}) |")
(out / "instructions.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
PY
}

if [ "${1:-}" = "--gate" ]; then
  rev="${2:?usage: instructions.sh --gate REV [PERCENT]}"
  margin="${3:-2}"
  base="$target/gate-base"
  rm -rf "$base"
  git worktree add --force --detach "$base" "$rev" >/dev/null
  trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
  echo "== baseline: $rev"
  (cd "$base" && CARGO_TARGET_DIR="$target/gate-target" cargo bench -q -p clusprop-benches --bench instructions -- \
     --home="$home" --save-baseline=gate)
  echo "== this tree against $rev (fails above ${margin}% more instructions)"
  cargo bench -q -p clusprop-benches --bench instructions -- \
    --home="$home" --baseline=gate --callgrind-limits="ir=${margin}%"
  exit
fi

run_suite() {
  cargo bench -q -p clusprop-benches --bench instructions -- --home="$home" --save-summary=json
  report
}

if [ "${1:-}" = "--twice" ]; then
  run_suite > /dev/null
  cp "$target/bench-results/instructions.json" "$target/bench-results/instructions.first.json"
  run_suite
  python3 - "$target/bench-results" <<'PY'
import json, sys
d = sys.argv[1]
a = {r["benchmark"]: r["instructions"] for r in json.load(open(f"{d}/instructions.first.json"))}
b = {r["benchmark"]: r["instructions"] for r in json.load(open(f"{d}/instructions.json"))}
worst = max(abs(b[k] - a[k]) / a[k] * 100 for k in a)
print(f"two runs: largest instruction-count difference {worst:.4f}% over {len(a)} benchmarks")
sys.exit(0 if worst <= 0.1 else 1)
PY
  exit
fi

run_suite
