//! The criterion suite: every workload × every operation, with same-run
//! baselines (memcpy, a byte scan, and Samba's NDR pull and push).
//!
//! Besides criterion's own files it writes `clusprop-suite.json` next to them
//! (workload sizes, element counts, heap allocations per operation counted by
//! this binary's allocator, and whether Samba ran); `benches/run.sh` then
//! prints the ratio table from both (`src/bin/ratios.rs`).

use std::hint::black_box;
use std::path::PathBuf;

use clusprop_benches::{
    Workload, all, byte_scan, decode_and_visit, decode_visiting, encode_owned_slice, encode_slice,
    encode_vec, lookup_5, owned_build_encode, validate,
};
use clusprop_testkit::alloc::{CountingAlloc, allocations_in};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

/// Counts heap allocations (the zero-allocation targets) on the measuring
/// thread; forwards to the system allocator unchanged.
#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc::new();

/// Heap allocations made by one call of `f` (after one warm-up call).
fn allocations<R>(mut f: impl FnMut() -> R) -> u64 {
    black_box(f());
    let (count, _bytes) = allocations_in(|| black_box(f()));
    count as u64
}

/// Whether Samba's codec can be measured in this run: `Err(reason)` when not.
#[cfg(feature = "samba")]
fn samba_status(bytes: &[u8]) -> Result<(), String> {
    // The shim panics (with the reason) when libndr-samba4 cannot be loaded.
    std::panic::catch_unwind(|| clusprop_tests::samba::samba_pull_only(bytes))
        .map_err(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "the Samba shim panicked".to_owned());
            format!("Samba's library cannot be loaded: {why}")
        })?
        .map(|_| ())
        .map_err(|e| format!("Samba rejects the typical workload: {e}"))
}

#[cfg(not(feature = "samba"))]
fn samba_status(_bytes: &[u8]) -> Result<(), String> {
    Err(
        "built without the `samba` feature (benches/run.sh does that only when \
         Samba's library is missing; install samba-libs samba-dev libtalloc-dev)"
            .to_owned(),
    )
}

fn loud(message: &str) {
    let bar = "!".repeat(78);
    eprintln!("\n{bar}\n!! SAMBA BASELINE SKIPPED: {message}\n{bar}\n");
}

#[cfg(feature = "samba")]
fn bench_samba(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    w: &Workload,
) {
    use clusprop_benches::samba_properties;
    use clusprop_tests::samba::{SambaPushList, samba_pull_only};

    let bytes = w.bytes.as_slice();
    let (count, consumed) = samba_pull_only(bytes).expect("Samba decodes the workload");
    assert_eq!(
        (count as usize, consumed),
        (w.list.properties.len(), bytes.len()),
        "{}: Samba reads every property and byte",
        w.name
    );
    group.bench_function("baseline_samba_pull", |b| {
        b.iter(|| samba_pull_only(black_box(bytes)).unwrap())
    });
    let props = samba_properties(bytes);
    let push = SambaPushList::new(&props).expect("Samba's model holds the workload");
    let mut pushed = Vec::with_capacity(bytes.len());
    push.push_into(&mut pushed).unwrap();
    assert!(pushed == bytes, "{}: Samba pushes the same bytes", w.name);
    group.bench_function("baseline_samba_push", |b| {
        b.iter(|| push.push_into(black_box(&mut pushed)).unwrap())
    });
}

#[cfg(not(feature = "samba"))]
fn bench_samba(
    _: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    _: &Workload,
) {
}

fn bench_workload(c: &mut Criterion, w: &Workload, samba: bool) -> Value {
    let bytes = w.bytes.as_slice();
    let elements = w.elements();
    let mut out = vec![0u8; bytes.len()];

    // Every operation once, checked, with its allocations counted.
    assert_eq!(encode_slice(&w.source, &mut out), bytes.len());
    assert!(
        out == bytes,
        "{}: the builder writes the saved bytes",
        w.name
    );
    assert!(encode_vec(&w.list) == bytes);
    assert!(owned_build_encode(&w.source) == bytes);
    let mut allocs = serde_json::Map::new();
    let mut count = |op: &str, n: u64| {
        allocs.insert(op.to_owned(), json!(n));
    };
    count("validate", allocations(|| validate(bytes)));
    count("decode_visit", allocations(|| decode_and_visit(bytes)));
    assert_eq!(
        decode_visiting(bytes),
        decode_and_visit(bytes),
        "{}",
        w.name
    );
    count("decode_visiting", allocations(|| decode_visiting(bytes)));
    count(
        "encode_slice",
        allocations(|| encode_slice(&w.source, &mut out)),
    );
    count(
        "encode_owned_slice",
        allocations(|| encode_owned_slice(&w.list, &mut out)),
    );
    count("encode_vec", allocations(|| encode_vec(&w.list)));
    count(
        "owned_build_encode",
        allocations(|| owned_build_encode(&w.source)),
    );
    if w.name == "typical" {
        count("lookup_5_names", allocations(|| lookup_5(bytes)));
    }

    let mut group = c.benchmark_group(w.name);
    group.throughput(Throughput::ElementsAndBytes {
        elements,
        bytes: bytes.len() as u64,
    });
    group.bench_function("validate", |b| b.iter(|| validate(black_box(bytes))));
    group.bench_function("decode_visit", |b| {
        b.iter(|| decode_and_visit(black_box(bytes)))
    });
    group.bench_function("decode_visiting", |b| {
        b.iter(|| decode_visiting(black_box(bytes)))
    });
    group.bench_function("encode_slice", |b| {
        b.iter(|| encode_slice(black_box(&w.source), black_box(&mut out)))
    });
    group.bench_function("encode_owned_slice", |b| {
        b.iter(|| encode_owned_slice(black_box(&w.list), black_box(&mut out)))
    });
    group.bench_function("encode_vec", |b| b.iter(|| encode_vec(black_box(&w.list))));
    group.bench_function("owned_build_encode", |b| {
        b.iter(|| owned_build_encode(black_box(&w.source)))
    });
    // The physical limits: copy the bytes (encode), read every byte (decode).
    group.bench_function("baseline_memcpy", |b| {
        b.iter(|| black_box(&mut out).copy_from_slice(black_box(bytes)))
    });
    group.bench_function("baseline_scan", |b| b.iter(|| byte_scan(black_box(bytes))));
    // Samba's NDR codec on the same bytes.
    if samba && w.samba_can_hold {
        bench_samba(&mut group, w);
    } else if !w.samba_can_hold {
        eprintln!(
            "note: {} holds nested lists, which Samba's model (one value per \
             property, no nesting) cannot: no Samba baseline for it",
            w.name
        );
    }
    if w.name == "typical" {
        group.throughput(Throughput::Elements(5));
        group.bench_function("lookup_5_names", |b| b.iter(|| lookup_5(black_box(bytes))));
    }
    group.finish();

    json!({
        "name": w.name,
        "bytes": bytes.len(),
        "elements": elements,
        "samba_can_hold": w.samba_can_hold,
        "allocations": allocs,
    })
}

/// Where criterion writes (the same rules as criterion's, minus `cargo
/// metadata`: `benches/run.sh` always sets `CRITERION_HOME`).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/criterion"))
}

fn suite(c: &mut Criterion) {
    // Estimates older than this are from another run (ratios checks).
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let workloads = all();
    let samba = samba_status(&workloads[0].bytes);
    if let Err(why) = &samba {
        loud(why);
    }
    let entries: Vec<Value> = workloads
        .iter()
        .map(|w| bench_workload(c, w, samba.is_ok()))
        .collect();
    let manifest = json!({
        "started_unix": started,
        "samba_skipped": samba.err(),
        "workloads": entries,
    });
    let home = criterion_home();
    let path = home.join("clusprop-suite.json");
    std::fs::create_dir_all(&home)
        .and_then(|()| {
            std::fs::write(
                &path,
                serde_json::to_string_pretty(&manifest).expect("JSON"),
            )
        })
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

criterion_group!(benches, suite);
criterion_main!(benches);
