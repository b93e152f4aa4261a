//! Instruction counts (Callgrind, through gungraun) and allocation counts
//! (DHAT) for the same workloads and operations as the criterion suite.
//! Counts do not drift with machine load, so they can gate a pull request:
//! see `benches/instructions.sh`.

use std::hint::black_box;

use clusprop::{OwnedPropertyList, PropertyList};
use clusprop_benches::{LOOKUP_NAMES, Workload, decode_and_visit, typical};
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

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = bytes)]
fn validate(bytes: Vec<u8>) -> (usize, Vec<u8>) {
    let n = PropertyList::parse(black_box(&bytes))
        .map(|l| l.len())
        .unwrap_or(0);
    (n, bytes)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = bytes)]
fn decode_visit(bytes: Vec<u8>) -> (u64, Vec<u8>) {
    (decode_and_visit(black_box(&bytes)), bytes)
}

#[library_benchmark]
#[bench::typical(args = ("typical"), setup = bytes)]
fn lookup_5_names(bytes: Vec<u8>) -> (usize, Vec<u8>) {
    let list = PropertyList::parse(black_box(&bytes)).unwrap();
    let found = LOOKUP_NAMES
        .iter()
        .filter(|n| list.find(n).is_some())
        .count();
    (found, bytes)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = list_and_buffer)]
fn encode_slice(
    (list, mut buf): (OwnedPropertyList, Vec<u8>),
) -> (usize, OwnedPropertyList, Vec<u8>) {
    let options = list.encode_options().with_expanded_sz(true);
    let n = list
        .encode_into_with(black_box(&mut buf), &options)
        .unwrap();
    (n, list, buf)
}

#[library_benchmark]
#[benches::each(args = ["typical", "many_small", "large_binary", "nested", "vm_save"], setup = list)]
fn encode_vec(list: OwnedPropertyList) -> (Vec<u8>, OwnedPropertyList) {
    let options = list.encode_options().with_expanded_sz(true);
    (list.to_vec_with(black_box(&options)).unwrap(), list)
}

#[library_benchmark]
fn owned_build_encode() -> Vec<u8> {
    let mut list = typical();
    list.trailing_end_mark = true;
    black_box(list.to_vec().unwrap())
}

library_benchmark_group!(
    name = codec,
    benchmarks = [
        validate,
        decode_visit,
        lookup_5_names,
        encode_slice,
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
