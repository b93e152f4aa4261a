//! Decoding and encoding into a slice allocate nothing: counted with a
//! global allocator that tallies allocations per thread.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use clusprop::offline::{VmAction, write_vm_instruction};
use clusprop::{Binary, MultiSzOf, PropertyList, PropertyListBuilder, Sz, Value, ValueList};

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

fn visit(list: &PropertyList<'_>) -> usize {
    let mut seen = 0;
    for p in list {
        seen += p.name().len();
        for v in p.values() {
            seen += match v.decode() {
                Value::MultiSz(m) => m.iter().count(),
                Value::PropertyList(inner) => visit(&inner),
                _ => 1,
            };
        }
    }
    seen
}

#[test]
fn decoding_allocates_nothing() {
    let vectors = common::all_vectors();
    let mut seen = 0;
    let n = allocations_in(|| {
        for (name, bytes) in &vectors {
            if name.starts_with("V10") || name.starts_with("V11") {
                let l = ValueList::parse(bytes).unwrap();
                seen += l.iter().count();
            } else {
                let l = PropertyList::parse(bytes).unwrap();
                seen += visit(&l);
                assert!(l.find("NoSuchName").is_none());
            }
        }
        // Errors allocate nothing either.
        assert!(PropertyList::parse(&[0xff, 0xff, 0xff, 0xff]).is_err());
    });
    assert!(seen > 0);
    assert_eq!(n, 0, "decoding allocated {n} times");
}

#[test]
fn encoding_into_a_slice_allocates_nothing() {
    let mut buf = [0u8; 512];
    let mut small = [0u8; 8];
    let n = allocations_in(|| {
        let mut b = PropertyListBuilder::new(&mut buf);
        b.property("Foo", &1u32).unwrap();
        b.property("Name", &Sz("ab")).unwrap();
        b.property("Nodes", &MultiSzOf(&["n1", "n2"])).unwrap();
        b.property("Blob", &Binary(&[1, 2, 3])).unwrap();
        b.property_with("Inner", |v| {
            v.property_list(|inner| inner.property("X", &2u64).map(|_| ()))?;
            Ok(())
        })
        .unwrap();
        assert!(b.finish().unwrap() > 0);
        let mut b = PropertyListBuilder::new(&mut small);
        b.property("Foo", &1u32).unwrap();
        assert!(b.finish().is_err());
        let mut vm = [0u8; 60];
        assert_eq!(
            write_vm_instruction(&mut vm, VmAction::Save, Default::default()),
            Ok(60)
        );
    });
    assert_eq!(n, 0, "encoding allocated {n} times");
}

#[test]
fn the_owned_models_case_insensitive_find_allocates_nothing() {
    use clusprop::{OwnedPropertyList, OwnedValue, WideString};
    let mut list = OwnedPropertyList::new();
    for i in 0..50 {
        list.push(&format!("Property{i}"), OwnedValue::dword(i))
            .unwrap();
    }
    list.push("Straße", OwnedValue::dword(100)).unwrap();
    list.push("ıd", OwnedValue::dword(101)).unwrap();
    let surrogate = WideString::from_units(vec![0xD800, u16::from(b'x')]).unwrap();
    let n = allocations_in(|| {
        // ASCII hits and misses (a miss compares with every name), names
        // that need the per-character rule, and an unpaired surrogate.
        assert_eq!(
            list.find("PROPERTY49").unwrap().values[0],
            OwnedValue::dword(49)
        );
        assert!(list.find("property7").is_some());
        assert!(list.find("NoSuchName").is_none());
        assert!(list.find("STRASSE").is_none());
        assert!(list.find("STRAßE").is_some());
        assert!(list.find("ID").is_some());
        assert!(list.find_mut("property0").is_some());
        assert!(!surrogate.eq_ignore_case("\u{FFFD}x"));
        assert!(list.properties[0].name.eq_ignore_case("PROPERTY0"));
    });
    assert_eq!(n, 0, "find allocated {n} times");
}

#[test]
fn the_counter_counts() {
    // The harness itself must be able to fail.
    let n = allocations_in(|| drop(std::hint::black_box(vec![1u8; 16])));
    assert_eq!(n, 1);
}
