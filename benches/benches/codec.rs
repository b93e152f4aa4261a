//! The criterion suite: every workload × every operation, with same-run
//! baselines (memcpy / a byte scan, and Samba's NDR pull and push).
//! `benches/run.sh` runs it and prints the ratio table.

use std::hint::black_box;

use clusprop::{OwnedPropertyList, PropertyList};
use clusprop_benches::{LOOKUP_NAMES, Workload, all, decode_and_visit, samba_properties, typical};
use clusprop_tests::samba::{SambaPushList, samba_pull_only};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn bench_workload(c: &mut Criterion, w: &Workload) {
    let mut group = c.benchmark_group(w.name);
    group.throughput(Throughput::Bytes(w.bytes.len() as u64));
    let bytes = w.bytes.as_slice();
    let options = w.list.encode_options().with_expanded_sz(true);

    group.bench_function("validate", |b| {
        b.iter(|| PropertyList::parse(black_box(bytes)).map(|l| l.len()))
    });
    group.bench_function("decode_visit", |b| {
        b.iter(|| decode_and_visit(black_box(bytes)))
    });
    let mut out = vec![0u8; bytes.len()];
    group.bench_function("encode_slice", |b| {
        b.iter(|| {
            w.list
                .encode_into_with(black_box(&mut out), &options)
                .unwrap()
        })
    });
    group.bench_function("encode_vec", |b| {
        b.iter(|| w.list.to_vec_with(&options).unwrap())
    });

    // Baselines: the physical limits.
    group.bench_function("baseline_memcpy", |b| {
        b.iter(|| black_box(&mut out).copy_from_slice(black_box(bytes)))
    });
    group.bench_function("baseline_scan", |b| {
        b.iter(|| {
            black_box(bytes)
                .iter()
                .fold(0u32, |acc, &x| acc.wrapping_add(u32::from(x)))
        })
    });
    // Baselines: Samba's NDR codec on the same bytes.
    if w.samba_can_hold {
        samba_pull_only(bytes).expect("Samba decodes the workload");
        group.bench_function("baseline_samba_pull", |b| {
            b.iter(|| samba_pull_only(black_box(bytes)).unwrap())
        });
        let props = samba_properties(bytes);
        let push = SambaPushList::new(&props).expect("Samba's model holds the workload");
        let mut pushed = Vec::with_capacity(bytes.len());
        push.push_into(&mut pushed).unwrap();
        assert_eq!(pushed, bytes, "Samba pushes the same bytes");
        group.bench_function("baseline_samba_push", |b| {
            b.iter(|| {
                pushed.clear();
                push.push_into(&mut pushed).unwrap()
            })
        });
    } else {
        eprintln!(
            "note: {} has nested lists, which Samba's model cannot hold: no Samba baseline",
            w.name
        );
    }
    group.finish();
}

fn bench_typical_extras(c: &mut Criterion, bytes: &[u8]) {
    let mut group = c.benchmark_group("typical");
    group.throughput(Throughput::Elements(LOOKUP_NAMES.len() as u64));
    group.bench_function(BenchmarkId::new("lookup", "5_names"), |b| {
        b.iter(|| {
            let list = PropertyList::parse(black_box(bytes)).unwrap();
            LOOKUP_NAMES
                .iter()
                .filter(|n| list.find(n).is_some())
                .count()
        })
    });
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("owned_build_encode", |b| {
        b.iter(|| {
            let mut list: OwnedPropertyList = typical();
            list.trailing_end_mark = true;
            list.to_vec().unwrap()
        })
    });
    group.finish();
}

fn suite(c: &mut Criterion) {
    let workloads = all();
    for w in &workloads {
        bench_workload(c, w);
    }
    bench_typical_extras(c, &workloads[0].bytes);
}

criterion_group!(benches, suite);
criterion_main!(benches);
