#!/usr/bin/env bash
# Instruction-count benchmarks (gungraun: Callgrind + DHAT) for the criterion
# suite's workloads and operations. Counts do not move with machine load.
#
#   benches/instructions.sh                  run, print the table, write JSON
#   benches/instructions.sh --twice          run twice; fail if any count differs
#                                            by more than 0.1 %
#   benches/instructions.sh --gate REV [PCT] compare against git revision REV
#                                            (e.g. main); fail if instructions
#                                            rise by more than PCT % (default 2),
#                                            or if a benchmark of REV is missing
#                                            here or measures another workload
#                                            (new ones are listed, not gated)
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
# INSTRUCTIONS_FILTER: a gungraun filter (e.g. '*lookup_5_names*'): only the
# matching benchmarks run (and are reported, or gated), for a quick try.
filter=(${INSTRUCTIONS_FILTER:+"$INSTRUCTIONS_FILTER"})

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

# gate_ids HOME OUT: the baseline's benchmarks (module path and id → workload)
# from the summaries its run wrote, which are then removed.
gate_ids() {
  python3 - "$@" <<'PY'
import json, pathlib, sys
home, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ids = {}
for path in home.rglob("summary.json"):
    s = json.loads(path.read_text())
    ids[f"{s['module_path']}.{s['id']}"] = s.get("description") or ""
    path.unlink()
out.write_text(json.dumps(ids, indent=1))
PY
}

# gate_check BASE_IDS HOME: after the run against the baseline, every
# benchmark of the baseline ran again under the same id and workload, and
# its instruction count was compared. gungraun names a `#[benches::each]`
# benchmark by its position (`encode_slice.each_2`) and reports no
# difference for one without a saved baseline, so without this check a
# renamed, removed or reordered benchmark left the gate without a word, or
# compared two different workloads.
gate_check() {
  python3 - "$@" <<'PY'
import json, pathlib, sys
base_ids, home = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
base = json.loads(base_ids.read_text())
head, unmeasured = {}, []
for path in home.rglob("summary.json"):
    s = json.loads(path.read_text())
    key = f"{s['module_path']}.{s['id']}"
    head[key] = s.get("description") or ""
    ir = [p["data"]["parts"][0]["metrics"]["Ir"]["values"]
          for p in s["profiles"] if p["tool"] == "Callgrind"]
    if key in base and not (ir and ir[0].get("old") is not None):
        unmeasured.append(key)
problems = []
for key, desc in sorted(base.items()):
    if key not in head:
        problems.append(f"{key} {desc}: in the baseline, not in this tree (renamed or removed?)")
    elif head[key] != desc:
        problems.append(f"{key}: {desc} in the baseline, {head[key]} here (not the same workload)")
problems += [f"{key}: no baseline count to compare with" for key in sorted(unmeasured)]
for key in sorted(set(head) - set(base)):
    print(f"gate: new benchmark {key} {head[key]}: not gated (no baseline)")
for p in problems:
    print(f"gate: FAIL {p}")
print(f"gate: {len(head)} benchmarks here, {len(base)} in the baseline, "
      f"{len(base) - len(problems)} compared")
sys.exit(1 if problems or not base else 0)
PY
}

if [ "${1:-}" = "--gate" ]; then
  rev="${2:?usage: instructions.sh --gate REV [PERCENT]}"
  margin="${3:-2}"
  base="$target/gate-base"
  # A home of its own, emptied: a baseline saved by an earlier gate run (of
  # another revision) must not stand in for one this revision lacks.
  home="$target/gungraun-gate"
  rm -rf "$base" "$home"
  git worktree add --force --detach "$base" "$rev" >/dev/null
  trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
  echo "== baseline: $rev"
  (cd "$base" && CARGO_TARGET_DIR="$target/gate-target" cargo bench -q -p clusprop-benches --bench instructions \
     "${filter[@]}" -- --home="$home" --save-baseline=gate --save-summary=json)
  gate_ids "$home" "$target/gate-base.json"
  echo "== this tree against $rev (fails above ${margin}% more instructions)"
  status=0
  cargo bench -q -p clusprop-benches --bench instructions "${filter[@]}" -- \
    --home="$home" --baseline=gate --callgrind-limits="ir=${margin}%" --save-summary=json || status=$?
  if ! gate_check "$target/gate-base.json" "$home" && [ "$status" = 0 ]; then status=1; fi
  exit "$status"
fi

run_suite() {
  # The table is read from the summaries: one left by an earlier run, of a
  # benchmark since renamed or removed (or filtered out), is not this run's.
  find "$home" -name summary.json -delete 2>/dev/null || true
  cargo bench -q -p clusprop-benches --bench instructions "${filter[@]}" -- --home="$home" --save-summary=json
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
