//! A loop over one operation, for profilers (`perf record`, `valgrind
//! --tool=callgrind`): `profile decode|validate|encode|samba_pull|samba_push|none WORKLOAD [ITERATIONS]`.

use std::hint::black_box;

use clusprop::PropertyList;
use clusprop_benches::{all, decode_and_visit, samba_properties};
use clusprop_tests::samba::{SambaPushList, samba_pull_only};

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "decode".into());
    let name = args.next().unwrap_or_else(|| "typical".into());
    let iterations: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let w = all()
        .into_iter()
        .find(|w| w.name == name)
        .expect("unknown workload");
    let options = w.list.encode_options().with_expanded_sz(true);
    let mut out = vec![0u8; w.bytes.len()];
    let props = samba_properties(&w.bytes);
    let push = SambaPushList::new(&props).expect("Samba's model holds the workload");
    let mut pushed = Vec::with_capacity(w.bytes.len());
    let mut sum = 0u64;
    for _ in 0..iterations {
        sum = sum.wrapping_add(match op.as_str() {
            "decode" => decode_and_visit(black_box(&w.bytes)),
            "validate" => PropertyList::parse(black_box(&w.bytes)).map_or(0, |l| l.len() as u64),
            "encode" => w
                .list
                .encode_into_with(black_box(&mut out), &options)
                .unwrap() as u64,
            "samba_pull" => samba_pull_only(black_box(&w.bytes)).unwrap().1 as u64,
            "samba_push" => {
                pushed.clear();
                push.push_into(&mut pushed).unwrap();
                pushed.len() as u64
            }
            "none" => 0,
            other => panic!("unknown operation {other}"),
        });
    }
    println!("{sum}");
}
