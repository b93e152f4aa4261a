//! A global allocator that counts, per thread, the allocations and bytes it
//! hands out, so a test can check that decoding or encoding into a slice
//! allocates nothing (and so nothing sized by a length field).
//!
//! Install it in a test binary, then measure a closure:
//!
//! ```
//! use clusprop_testkit::alloc::{CountingAlloc, allocations_in};
//!
//! #[global_allocator]
//! static ALLOCATOR: CountingAlloc = CountingAlloc::new();
//!
//! let (count, _bytes) = allocations_in(|| { let _v = vec![1u8; 10]; });
//! assert_eq!(count, 1);
//! ```
//!
//! The counts are per thread: a test harness's or a fuzzer's other threads
//! never show up in a measurement. Without the allocator installed, the
//! counts stay at zero, so measure something known to allocate once to prove
//! it is in place ([`assert_installed`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

/// The counting allocator; every call is forwarded to [`System`].
#[derive(Debug, Default)]
pub struct CountingAlloc(());

impl CountingAlloc {
    /// The allocator (its counters start at zero on every thread).
    pub const fn new() -> Self {
        CountingAlloc(())
    }

    /// Bytes allocated so far by the calling thread.
    pub fn allocated(&self) -> usize {
        totals().1
    }
}

fn count(bytes: usize) {
    // `try_with`: during thread teardown the slot may be gone; not counting
    // there is harmless, panicking inside an allocator is not.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get().wrapping_add(1)));
    let _ = BYTES.try_with(|c| c.set(c.get().wrapping_add(bytes)));
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Allocations and bytes allocated so far by the calling thread.
pub fn totals() -> (usize, usize) {
    (
        ALLOCATIONS.try_with(Cell::get).unwrap_or(0),
        BYTES.try_with(Cell::get).unwrap_or(0),
    )
}

/// The allocations (count, bytes) the calling thread made while running `f`
/// (reallocations count as one allocation of the new size).
pub fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, usize) {
    let (count_before, bytes_before) = totals();
    let result = f();
    let (count_after, bytes_after) = totals();
    drop(result);
    (
        count_after.wrapping_sub(count_before),
        bytes_after.wrapping_sub(bytes_before),
    )
}

/// Panics unless [`CountingAlloc`] is this program's global allocator: a
/// "zero allocations" check would otherwise pass without counting anything.
pub fn assert_installed() {
    let (count, _) = allocations_in(|| std::hint::black_box(Box::new(1u64)));
    assert!(
        count >= 1,
        "CountingAlloc is not the global allocator: a boxed value was not counted"
    );
}
