//! The saved workloads match their generators, every encoder writes exactly
//! those bytes, and decoding, lookups and encoding into a slice allocate
//! nothing on any workload.

use clusprop::PropertyList;
use clusprop_benches::{
    LOOKUP_NAMES, Source, all, decode_and_visit, decode_visiting, encode_owned_slice, encode_slice,
    encode_slice_with_closures, encode_vec, lookup_5, owned_build_encode, validate,
};
use clusprop_testkit::alloc::{CountingAlloc, assert_installed};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc::new();

/// How many allocations `f` made on this thread (after proving the counting
/// allocator is in place, so a zero means something).
fn allocations_in(f: impl FnOnce()) -> usize {
    assert_installed();
    clusprop_testkit::alloc::allocations_in(f).0
}

#[test]
fn saved_workloads_match_the_generators() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for w in all() {
        let path = dir.join(format!("{}.bin", w.name));
        let saved = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run the write-data bin)", path.display()));
        assert!(
            saved == w.bytes,
            "{} differs from its generator (run the write-data bin if that is intended)",
            path.display()
        );
        assert!(PropertyList::parse(&saved).unwrap().has_trailing_end_mark());
    }
}

#[test]
fn every_encoder_writes_the_saved_bytes() {
    for w in all() {
        let mut out = vec![0u8; w.bytes.len()];
        assert_eq!(
            encode_slice(&w.source, &mut out),
            w.bytes.len(),
            "{}",
            w.name
        );
        assert!(out == w.bytes, "{}: builder", w.name);
        out.fill(0xAA);
        assert_eq!(
            encode_slice_with_closures(&w.source, &mut out),
            w.bytes.len()
        );
        assert!(out == w.bytes, "{}: builder, property_with only", w.name);
        out.fill(0xAA);
        assert_eq!(encode_owned_slice(&w.list, &mut out), w.bytes.len());
        assert!(out == w.bytes, "{}: owned model into a slice", w.name);
        assert!(encode_vec(&w.list) == w.bytes, "{}: owned model", w.name);
        assert!(
            owned_build_encode(&w.source) == w.bytes,
            "{}: owned build",
            w.name
        );
        assert!(Source::from_bytes(&w.bytes) == w.source, "{}", w.name);
        assert!(decode_and_visit(&w.bytes) > 0);
        // The one-pass visitor sees what the iterators yield.
        assert_eq!(
            decode_visiting(&w.bytes),
            decode_and_visit(&w.bytes),
            "{}",
            w.name
        );
    }
}

#[test]
fn workload_shapes() {
    let [typical, many_small, large_binary, nested, vm_save] =
        <[_; 5]>::try_from(all()).ok().unwrap();
    assert_eq!(typical.list.properties.len(), 30);
    assert_eq!(lookup_5(&typical.bytes), LOOKUP_NAMES.len());
    assert_eq!(many_small.list.properties.len(), 10_000);
    assert_eq!(large_binary.bytes.len(), (1 << 20) + 52);
    // Per list: 3 plain values, plus (above level 4) 3 list values whose
    // own elements count too: 3, 15, 51, 159, 483 from level 4 up.
    assert_eq!(nested.elements(), 483);
    assert_eq!(vm_save.bytes.len(), 64);
    assert!(!nested.samba_can_hold && typical.samba_can_hold);
}

#[test]
fn decode_and_encode_into_a_slice_allocate_nothing() {
    for w in all() {
        let mut out = vec![0u8; w.bytes.len()];
        let bytes = w.bytes.as_slice();
        let mut sums = [0u64; 6];
        let counts = [
            (
                "validate",
                allocations_in(|| sums[0] = validate(bytes) as u64),
            ),
            (
                "decode_visit",
                allocations_in(|| sums[1] = decode_and_visit(bytes)),
            ),
            (
                "decode_visiting",
                allocations_in(|| sums[5] = decode_visiting(bytes)),
            ),
            (
                "lookup_5",
                allocations_in(|| sums[2] = lookup_5(bytes) as u64),
            ),
            (
                "encode_slice",
                allocations_in(|| sums[3] = encode_slice(&w.source, &mut out) as u64),
            ),
            (
                "encode_slice_with_closures",
                allocations_in(|| sums[3] = encode_slice_with_closures(&w.source, &mut out) as u64),
            ),
            (
                "encode_owned_slice",
                allocations_in(|| sums[4] = encode_owned_slice(&w.list, &mut out) as u64),
            ),
        ];
        for (op, n) in counts {
            assert_eq!(n, 0, "{} {op}: {n} allocations", w.name);
        }
        assert!(sums.iter().all(|&s| s > 0) || w.name != "typical");
        assert!(out == w.bytes);
    }
}
