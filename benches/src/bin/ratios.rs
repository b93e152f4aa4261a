//! Reads criterion's estimates from the last run and prints one table of
//! ratios against the same-run baselines (memcpy / byte scan, Samba), as
//! Markdown on stdout and as Markdown + JSON under `<target>/bench-results/`.
//!
//! Usage: `ratios CRITERION_DIR OUT_DIR` (benches/run.sh passes both).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clusprop::PropertyList;
use clusprop_benches::{all, value_count};

fn estimate_ns(root: &Path, group: &str, bench: &str) -> Result<f64, String> {
    let path = root
        .join(group)
        .join(bench)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median.point_estimate", path.display()))
}

fn human_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().ok_or("usage: ratios CRITERION_DIR OUT_DIR")?);
    let out_dir = PathBuf::from(args.next().ok_or("usage: ratios CRITERION_DIR OUT_DIR")?);
    let mut md = String::from(
        "| workload | operation | time | MiB/s | Melem/s | vs memcpy or scan | vs Samba |\n|---|---|---|---|---|---|---|\n",
    );
    let mut rows = Vec::new();
    for w in all() {
        let elements = value_count(&PropertyList::parse(&w.bytes).unwrap()) as f64;
        let bytes = w.bytes.len() as f64;
        let memcpy = estimate_ns(&root, w.name, "baseline_memcpy")?;
        let scan = estimate_ns(&root, w.name, "baseline_scan")?;
        let (pull, push) = if w.samba_can_hold {
            (
                Some(estimate_ns(&root, w.name, "baseline_samba_pull")?),
                Some(estimate_ns(&root, w.name, "baseline_samba_push")?),
            )
        } else {
            (None, None)
        };
        for (op, baseline, samba, decode) in [
            ("validate", scan, pull, true),
            ("decode_visit", scan, pull, true),
            ("encode_slice", memcpy, push, false),
            ("encode_vec", memcpy, push, false),
        ] {
            let ns = estimate_ns(&root, w.name, op)?;
            let limit = if decode { "scan" } else { "memcpy" };
            let vs_limit = format!("{:.2}× the cost of a {limit}", ns / baseline);
            let vs_samba = match samba {
                Some(s) if s >= ns => format!("{:.1}× faster", s / ns),
                Some(s) => format!("{:.2}× slower", ns / s),
                None => "n/a (nested)".to_owned(),
            };
            let mib_s = bytes / ns * 1e9 / (1024.0 * 1024.0);
            let melem_s = elements / ns * 1e3;
            let _ = writeln!(
                md,
                "| {} | {op} | {} | {mib_s:.0} | {melem_s:.1} | {vs_limit} | {vs_samba} |",
                w.name,
                human_time(ns)
            );
            rows.push(serde_json::json!({
                "workload": w.name, "operation": op, "median_ns": ns,
                "bytes": bytes, "elements": elements,
                "baseline": limit, "baseline_ns": baseline,
                "samba_ns": samba,
            }));
        }
    }
    let lookup = estimate_ns(&root, "typical", "lookup/5_names")?;
    let build = estimate_ns(&root, "typical", "owned_build_encode")?;
    let _ = writeln!(
        md,
        "| typical | lookup 5 names (parse + 5 finds) | {} | | | | |",
        human_time(lookup)
    );
    let _ = writeln!(
        md,
        "| typical | owned model build + encode | {} | | | | |",
        human_time(build)
    );
    rows.push(serde_json::json!({"workload": "typical", "operation": "lookup_5_names", "median_ns": lookup}));
    rows.push(serde_json::json!({"workload": "typical", "operation": "owned_build_encode", "median_ns": build}));

    print!("{md}");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("ratios.md"), &md).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("criterion.json"), json).map_err(|e| e.to_string())?;
    Ok(())
}
