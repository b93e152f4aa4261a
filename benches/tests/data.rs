//! The saved workloads match their generators, decode, and decoding and
//! encoding into a slice allocate nothing on any of them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use clusprop::PropertyList;
use clusprop_benches::{all, decode_and_visit};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
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
            "{} differs from its generator",
            path.display()
        );
        assert!(PropertyList::parse(&saved).unwrap().has_trailing_end_mark());
    }
}

#[test]
fn decode_and_encode_into_a_slice_allocate_nothing() {
    for w in all() {
        let options = w.list.encode_options().with_expanded_sz(true);
        let mut out = vec![0u8; w.bytes.len()];
        let mut sum = 0;
        let n = allocations_in(|| {
            sum = decode_and_visit(&w.bytes);
            let written = w.list.encode_into_with(&mut out, &options).unwrap();
            assert_eq!(written, w.bytes.len());
        });
        assert_eq!(n, 0, "{}: {n} allocations", w.name);
        assert!(sum > 0);
        assert_eq!(out, w.bytes);
    }
}
