//! A loop over one operation, for profilers (`perf record`, `valgrind
//! --tool=callgrind --toggle-collect=...`):
//! `profile OPERATION WORKLOAD [ITERATIONS]` where OPERATION is one of
//! validate, decode, visiting (decode in one pass), lookup, encode (builder into a slice), encode_with_closures (the same,
//! every property through `property_with`), encode_owned,
//! encode_vec, owned_build, samba_pull, samba_push, none.

use std::hint::black_box;

use clusprop_benches::{
    decode_and_visit, decode_visiting, encode_owned_slice, encode_slice,
    encode_slice_with_closures, encode_vec, lookup_5, owned_build_encode, samba_properties,
    validate, workload,
};
use clusprop_tests::samba::{SambaPushList, samba_pull_only};

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "decode".into());
    let name = args.next().unwrap_or_else(|| "typical".into());
    let iterations: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let w = workload(&name).expect("unknown workload");
    let mut out = vec![0u8; w.bytes.len()];
    let props = if w.samba_can_hold {
        samba_properties(&w.bytes)
    } else {
        Vec::new()
    };
    let push = SambaPushList::new(&props).expect("Samba's model holds the workload");
    let mut pushed = Vec::with_capacity(w.bytes.len());
    let mut sum = 0u64;
    for _ in 0..iterations {
        sum = sum.wrapping_add(match op.as_str() {
            "validate" => validate(black_box(&w.bytes)) as u64,
            "decode" => decode_and_visit(black_box(&w.bytes)),
            "visiting" => decode_visiting(black_box(&w.bytes)),
            "lookup" => lookup_5(black_box(&w.bytes)) as u64,
            "encode" => encode_slice(black_box(&w.source), black_box(&mut out)) as u64,
            "encode_with_closures" => {
                encode_slice_with_closures(black_box(&w.source), black_box(&mut out)) as u64
            }
            "encode_owned" => encode_owned_slice(black_box(&w.list), black_box(&mut out)) as u64,
            "encode_vec" => encode_vec(black_box(&w.list)).len() as u64,
            "owned_build" => owned_build_encode(black_box(&w.source)).len() as u64,
            "samba_pull" => samba_pull_only(black_box(&w.bytes)).unwrap().1 as u64,
            "samba_push" => {
                push.push_into(&mut pushed).unwrap();
                pushed.len() as u64
            }
            "none" => 0,
            other => panic!("unknown operation {other}"),
        });
    }
    println!("{sum}");
}
