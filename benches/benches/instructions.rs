//! Instruction counts (Callgrind, through gungraun) and allocation counts
//! (DHAT) for the same workloads and operations as the criterion suite.
//! Counts do not drift with machine load, so they can gate a pull request:
//! see `benches/instructions.sh`.

use std::hint::black_box;

use clusprop::OwnedPropertyList;
use clusprop_benches::{self as ops, Source, Workload};
use gungraun::{
    Callgrind, Dhat, LibraryBenchmarkConfig, library_benchmark, library_benchmark_group, main,
};

// Setup runs outside the measurement; only the named workload is generated,
// so the heap the benchmark starts with is small and the same every run.
fn workload(name: &str) -> Workload {
    clusprop_benches::workload(name).expect("a known workload")
}

fn bytes(name: &str) -> Vec<u8> {
    workload(name).bytes
}

fn list_and_buffer(name: &str) -> (OwnedPropertyList, Vec<u8>) {
    let w = workload(name);
    let buf = vec![0u8; w.bytes.len()];
    (w.list, buf)
}

fn list(name: &str) -> OwnedPropertyList {
    workload(name).list
}

fn source_and_buffer(name: &str) -> (Source, Vec<u8>) {
    let w = workload(name);
    let buf = vec![0u8; w.bytes.len()];
    (w.source, buf)
}

fn source(name: &str) -> Source {
    workload(name).source
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = bytes)]
fn validate(bytes: Vec<u8>) -> (usize, Vec<u8>) {
    (ops::validate(black_box(&bytes)), bytes)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = bytes)]
fn decode_visit(bytes: Vec<u8>) -> (u64, Vec<u8>) {
    (ops::decode_and_visit(black_box(&bytes)), bytes)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = bytes)]
fn decode_visiting(bytes: Vec<u8>) -> (u64, Vec<u8>) {
    (ops::decode_visiting(black_box(&bytes)), bytes)
}

#[library_benchmark]
#[bench::typical(args = ("typical"), setup = bytes)]
fn lookup_5_names(bytes: Vec<u8>) -> (usize, Vec<u8>) {
    (ops::lookup_5(black_box(&bytes)), bytes)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = source_and_buffer)]
fn encode_slice((source, mut buf): (Source, Vec<u8>)) -> (usize, Source, Vec<u8>) {
    let n = ops::encode_slice(black_box(&source), black_box(&mut buf));
    (n, source, buf)
}

// The same lists with every property written through `property_with`,
// one-valued ones included: the general call's cost.
#[library_benchmark]
#[benches::each(args = ["typical", "vm_save"], setup = source_and_buffer)]
fn encode_slice_with_closures((source, mut buf): (Source, Vec<u8>)) -> (usize, Source, Vec<u8>) {
    let n = ops::encode_slice_with_closures(black_box(&source), black_box(&mut buf));
    (n, source, buf)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = list_and_buffer)]
fn encode_owned_slice(
    (list, mut buf): (OwnedPropertyList, Vec<u8>),
) -> (usize, OwnedPropertyList, Vec<u8>) {
    let n = ops::encode_owned_slice(black_box(&list), black_box(&mut buf));
    (n, list, buf)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = list)]
fn encode_vec(list: OwnedPropertyList) -> (Vec<u8>, OwnedPropertyList) {
    (ops::encode_vec(black_box(&list)), list)
}

#[library_benchmark]
#[bench::typical(args = ("typical"), setup = source)]
fn owned_build_encode(source: Source) -> (Vec<u8>, Source) {
    (ops::owned_build_encode(black_box(&source)), source)
}

library_benchmark_group!(
    name = codec,
    benchmarks = [
        validate,
        decode_visit,
        decode_visiting,
        lookup_5_names,
        encode_slice,
        encode_slice_with_closures,
        encode_owned_slice,
        encode_vec,
        owned_build_encode
    ]
);

main!(
    config = LibraryBenchmarkConfig::default()
        .tool(Callgrind::with_args(["--cache-sim=yes"]))
        .tool(Dhat::default()),
    library_benchmark_groups = codec
);
