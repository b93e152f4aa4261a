//! Reads the last criterion run (its `estimates.json` files and the suite's
//! `clusprop-suite.json`) and prints one table of ratios against the
//! same-run baselines (memcpy / byte scan, Samba's NDR pull / push), then the
//! issue's targets, met or missed. Writes the same as Markdown and JSON under
//! `OUT_DIR` (`ratios.md`, `ratios.json`) for tracking tools.
//!
//! Usage: `ratios CRITERION_DIR OUT_DIR` (benches/run.sh passes both).
//! Fails (naming the file) when an estimate is missing; never on a timing.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

type Result<T> = std::result::Result<T, String>;

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Start of the suite's last run (Unix seconds), from `clusprop-suite.json`.
static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

/// Criterion's median estimate (ns) of `group/bench` in the last run.
fn median_ns(root: &Path, group: &str, bench: &str) -> Result<f64> {
    let path = root.join(group).join(bench).join("new/estimates.json");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map_err(|e| format!("{}: {e} (did the benchmark run?)", path.display()))?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let started = STARTED.get().copied().unwrap_or(0);
    if modified < started {
        return Err(format!(
            "{}: older than the suite's last run (the benchmark did not run this time)",
            path.display()
        ));
    }
    read_json(&path)?["median"]["point_estimate"]
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

/// "12.3× faster" or "2.10× slower" for ours against a baseline.
fn versus(ours: f64, theirs: f64) -> String {
    if theirs >= ours {
        format!("{:.1}× faster", theirs / ours)
    } else {
        format!("{:.2}× slower", ours / theirs)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Decode,
    Encode,
}

/// The operations of the table: criterion name, label, kind.
const OPERATIONS: [(&str, &str, Kind); 8] = [
    ("validate", "validate", Kind::Decode),
    ("decode_visit", "decode + visit every value", Kind::Decode),
    (
        "decode_visiting",
        "decode + visit in one pass (visitor)",
        Kind::Decode,
    ),
    ("lookup_5_names", "parse + look up 5 names", Kind::Decode),
    (
        "encode_slice",
        "encode into a slice (builder)",
        Kind::Encode,
    ),
    (
        "encode_owned_slice",
        "encode owned model into a slice",
        Kind::Encode,
    ),
    ("encode_vec", "encode owned model into a Vec", Kind::Encode),
    (
        "owned_build_encode",
        "build owned model + encode",
        Kind::Encode,
    ),
];

struct Workload {
    name: String,
    bytes: f64,
    elements: f64,
    allocations: serde_json::Map<String, Value>,
    memcpy: f64,
    scan: f64,
    pull: Option<f64>,
    push: Option<f64>,
    times: Vec<(&'static str, f64)>,
}

impl Workload {
    fn time(&self, op: &str) -> Option<f64> {
        self.times.iter().find(|(o, _)| *o == op).map(|(_, t)| *t)
    }
}

fn load(root: &Path) -> Result<(Vec<Workload>, Option<String>)> {
    let suite_path = root.join("clusprop-suite.json");
    let suite = read_json(&suite_path)?;
    let samba_skipped = suite["samba_skipped"].as_str().map(str::to_owned);
    let _ = STARTED.set(suite["started_unix"].as_u64().unwrap_or(0));
    let entries = suite["workloads"]
        .as_array()
        .ok_or_else(|| format!("{}: no workloads", suite_path.display()))?;
    let mut out = Vec::new();
    for e in entries {
        let name = e["name"]
            .as_str()
            .ok_or_else(|| format!("{}: a workload without a name", suite_path.display()))?
            .to_owned();
        let samba = samba_skipped.is_none() && e["samba_can_hold"].as_bool() == Some(true);
        let allocations = e["allocations"].as_object().cloned().unwrap_or_default();
        let mut times = Vec::new();
        for (op, _, _) in OPERATIONS {
            if op == "lookup_5_names" && name != "typical" {
                continue;
            }
            times.push((op, median_ns(root, &name, op)?));
        }
        out.push(Workload {
            bytes: e["bytes"].as_f64().unwrap_or(0.0),
            elements: e["elements"].as_f64().unwrap_or(0.0),
            allocations,
            memcpy: median_ns(root, &name, "baseline_memcpy")?,
            scan: median_ns(root, &name, "baseline_scan")?,
            pull: samba
                .then(|| median_ns(root, &name, "baseline_samba_pull"))
                .transpose()?,
            push: samba
                .then(|| median_ns(root, &name, "baseline_samba_push"))
                .transpose()?,
            times,
            name,
        });
    }
    Ok((out, samba_skipped))
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: ratios CRITERION_DIR OUT_DIR";
    let root = PathBuf::from(args.next().ok_or(usage)?);
    let out_dir = PathBuf::from(args.next().ok_or(usage)?);
    let (workloads, samba_skipped) = load(&root)?;

    let mut md = String::new();
    let _ = writeln!(
        md,
        "| workload | operation | median | MiB/s | Melem/s | allocs | vs physical limit | vs Samba (same run) |\n\
         |---|---|---|---|---|---|---|---|"
    );
    let mut rows = Vec::new();
    for w in &workloads {
        let samba_na = if samba_skipped.is_some() {
            "skipped (no Samba library)"
        } else {
            "n/a (Samba cannot nest)"
        };
        for (op, label, kind) in OPERATIONS {
            let Some(ns) = w.time(op) else { continue };
            let (limit_name, limit, samba_name, samba) = match kind {
                Kind::Decode => ("scan", w.scan, "pull", w.pull),
                Kind::Encode => ("memcpy", w.memcpy, "push", w.push),
            };
            let is_lookup = op == "lookup_5_names";
            let (bytes, elements) = if is_lookup {
                (f64::NAN, 5.0)
            } else {
                (w.bytes, w.elements)
            };
            let mib_s = bytes / ns * 1e9 / (1024.0 * 1024.0);
            let melem_s = elements / ns * 1e3;
            let allocs = w.allocations.get(op).and_then(Value::as_u64);
            let vs_samba = samba.map_or_else(
                || samba_na.to_owned(),
                |s| format!("{} than {samba_name}", versus(ns, s)),
            );
            let _ = writeln!(
                md,
                "| {} | {label} | {} | {} | {melem_s:.1} | {} | {:.2}× a {limit_name} | {vs_samba} |",
                w.name,
                human_time(ns),
                if is_lookup {
                    String::new()
                } else {
                    format!("{mib_s:.0}")
                },
                allocs.map_or_else(String::new, |a| a.to_string()),
                ns / limit,
            );
            rows.push(json!({
                "workload": w.name, "operation": op, "median_ns": ns,
                "bytes": w.bytes, "elements": elements, "allocations": allocs,
                "limit": limit_name, "limit_ns": limit, "ratio_to_limit": ns / limit,
                "samba": samba_name, "samba_ns": samba, "samba_over_ours": samba.map(|s| s / ns),
            }));
        }
        let mut baselines = vec![
            ("baseline: memcpy", w.memcpy),
            ("baseline: byte scan", w.scan),
        ];
        if let (Some(pull), Some(push)) = (w.pull, w.push) {
            baselines.push(("baseline: Samba pull", pull));
            baselines.push(("baseline: Samba push", push));
        }
        for (label, ns) in baselines {
            let _ = writeln!(
                md,
                "| {} | *{label}* | {} | {:.0} | {:.1} | | | |",
                w.name,
                human_time(ns),
                w.bytes / ns * 1e9 / (1024.0 * 1024.0),
                w.elements / ns * 1e3,
            );
            rows.push(json!({"workload": w.name, "operation": label, "median_ns": ns}));
        }
    }

    // The targets.
    let find = |name: &str| workloads.iter().find(|w| w.name == name);
    let mut targets = Vec::new();
    let mut target = |what: String, met: Option<bool>, figures: String| {
        let verdict = match met {
            Some(true) => "met",
            Some(false) => "**missed**",
            None => "not measured",
        };
        targets.push((what, verdict, figures));
    };
    if let Some(t) = find("typical") {
        let decode = t.time("decode_visit").unwrap_or(f64::NAN);
        let encode = t.time("encode_slice").unwrap_or(f64::NAN);
        match (t.pull, t.push) {
            (Some(pull), Some(push)) => {
                target(
                    "decode + visit `typical` ≥ 10× faster than Samba's pull".into(),
                    Some(pull / decode >= 10.0),
                    format!(
                        "{:.1}× ({} vs {}); in one pass with a Visitor {:.1}×; validate alone {:.1}×",
                        pull / decode,
                        human_time(decode),
                        human_time(pull),
                        pull / t.time("decode_visiting").unwrap_or(f64::NAN),
                        pull / t.time("validate").unwrap_or(f64::NAN)
                    ),
                );
                target(
                    "encode `typical` ≥ 10× faster than Samba's push".into(),
                    Some(push / encode >= 10.0),
                    format!(
                        "{:.1}× into a slice ({} vs {}); owned model into a slice {:.1}×, into a Vec {:.1}×",
                        push / encode,
                        human_time(encode),
                        human_time(push),
                        push / t.time("encode_owned_slice").unwrap_or(f64::NAN),
                        push / t.time("encode_vec").unwrap_or(f64::NAN),
                    ),
                );
            }
            _ => {
                target(
                    "decode + visit / encode `typical` ≥ 10× faster than Samba".into(),
                    None,
                    "Samba skipped".into(),
                );
            }
        }
    }
    if let Some(l) = find("large_binary") {
        let encode = l.time("encode_slice").unwrap_or(f64::NAN);
        let owned = l.time("encode_owned_slice").unwrap_or(f64::NAN);
        let worst = (encode / l.memcpy).max(owned / l.memcpy);
        target(
            "encode `large_binary` within 1.5× of memcpy".into(),
            Some(worst <= 1.5),
            format!(
                "{:.2}× (builder, {} vs {}), {:.2}× (owned model)",
                encode / l.memcpy,
                human_time(encode),
                human_time(l.memcpy),
                owned / l.memcpy
            ),
        );
        let validate = l.time("validate").unwrap_or(f64::NAN);
        // Constant time: 1 MiB validates in about the time of the 64-byte
        // vm_save list, far below a scan of the payload.
        let small = find("vm_save").and_then(|v| v.time("validate"));
        let constant = small.is_some_and(|s| validate <= 4.0 * s) && validate * 100.0 < l.scan;
        target(
            "validate `large_binary` in constant time".into(),
            Some(constant),
            format!(
                "{} for 1 MiB; {} for the 64-byte vm_save; a scan of the bytes takes {}",
                human_time(validate),
                small.map_or_else(|| "?".into(), human_time),
                human_time(l.scan)
            ),
        );
    }
    let mut allocating = Vec::new();
    let mut counted = 0;
    for w in &workloads {
        for op in [
            "validate",
            "decode_visit",
            "decode_visiting",
            "lookup_5_names",
            "encode_slice",
            "encode_owned_slice",
        ] {
            if let Some(n) = w.allocations.get(op).and_then(Value::as_u64) {
                counted += 1;
                if n != 0 {
                    allocating.push(format!("{} {op}: {n}", w.name));
                }
            }
        }
    }
    target(
        "zero heap allocations in decode and encode-into-slice".into(),
        (counted > 0).then_some(allocating.is_empty()),
        if allocating.is_empty() {
            format!(
                "0 in all {counted} (workload, operation) pairs, counted by the bench's allocator"
            )
        } else {
            allocating.join(", ")
        },
    );

    let _ = writeln!(md, "\n| target | verdict | figures |\n|---|---|---|");
    for (what, verdict, figures) in &targets {
        let _ = writeln!(md, "| {what} | {verdict} | {figures} |");
    }
    if let Some(why) = &samba_skipped {
        let _ = writeln!(md, "\n**Samba baseline skipped:** {why}");
    }

    print!("{md}");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let md_path = out_dir.join("ratios.md");
    std::fs::write(&md_path, &md).map_err(|e| format!("{}: {e}", md_path.display()))?;
    let json = json!({
        "rows": rows,
        "targets": targets.iter().map(|(what, verdict, figures)| json!({
            "target": what, "verdict": verdict.trim_matches('*'), "figures": figures,
        })).collect::<Vec<_>>(),
        "samba_skipped": samba_skipped,
    });
    let json_path = out_dir.join("ratios.json");
    std::fs::write(
        &json_path,
        serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("{}: {e}", json_path.display()))?;
    eprintln!(
        "(also in {} and {})",
        md_path.display(),
        json_path.display()
    );
    Ok(())
}
