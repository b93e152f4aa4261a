//! Many names at once: a SET of 20,000 private properties, a configuration
//! with 20,000 property lines, and one with 20,000 groups (100 of each
//! under miri). Each gives the
//! right content; the work per name is bounded, checked by counting the
//! calling thread's allocations (a scan that allocates per comparison, as
//! before, makes hundreds of millions), not by timing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use clusprop::{OwnedPropertyList, OwnedValue, Utf16Str};
use clusprop_ffi::{Cluster, ControlTarget, PropertyKind, SetOutcome, WritableKind};
use clusprop_sim::{ClusterConfig, GroupConfig, SimCluster};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
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

fn allocations_in<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

/// Names per test. Under miri (undefined-behaviour checks, run by
/// `scripts/miri`, thousands of times slower than native code) the same
/// tests run with fewer names: every check here is per name, and scale is
/// not what miri is for.
const N: usize = if cfg!(miri) { 100 } else { 20_000 };
/// Allocations allowed per name: a small constant (the name's text, its
/// key, the value, the stored property, amortised table growth).
const PER_NAME: usize = 40;

#[test]
fn a_set_of_20000_private_properties_is_applied_in_full() {
    let sim = SimCluster::new(&ClusterConfig::demo().named("many-names-set")).unwrap();
    {
        let cluster = Cluster::open_named(&sim.api(), sim.name()).unwrap();
        let vm = cluster.open_resource("DemoVM").unwrap();
        let before = vm
            .get_properties(PropertyKind::Private)
            .unwrap()
            .to_owned_list();
        let mut change = OwnedPropertyList::new();
        for i in 0..N {
            change
                .push(&format!("Extra{i}"), OwnedValue::dword(i as u32))
                .unwrap();
        }
        // An existing name in another case replaces the stored value.
        change
            .push("VMID", OwnedValue::sz("replaced").unwrap())
            .unwrap();
        let (outcome, allocations) =
            allocations_in(|| vm.set_properties(WritableKind::Private, &change));
        assert_eq!(outcome.unwrap(), SetOutcome::StoredUntilRestart);
        assert!(
            allocations < PER_NAME * N,
            "{allocations} allocations for {N} properties"
        );

        let after = vm.get_properties(PropertyKind::Private).unwrap();
        let list = after.list();
        assert_eq!(list.len(), before.properties.len() + N);
        // The stored properties first, in their order (VmID with its new
        // value), then the new ones in the order sent.
        let mut properties = list.iter();
        for stored in &before.properties {
            let p = properties.next().unwrap();
            assert!(p.name().eq_str(&stored.name.to_string_lossy()));
            if p.name().eq_ignore_case("VmID") {
                assert_eq!(p.get::<Utf16Str<'_>>(0).unwrap(), "replaced");
            } else {
                assert_eq!(OwnedValue::from_raw(&p.value()), stored.values[0]);
            }
        }
        for i in 0..N {
            let p = properties.next().unwrap();
            assert!(p.name().eq_str(&format!("Extra{i}")), "{i}");
            assert_eq!(p.get::<u32>(0).unwrap(), i as u32);
        }
        assert!(properties.next().is_none());
    }
    assert_eq!(sim.open_handles(), 0);
}

#[test]
fn a_configuration_with_20000_property_lines_reads_in_full() {
    let mut text = String::from("cluster \"many-names-config\"\nnode \"N1\"\n");
    for i in 0..N {
        text.push_str(&format!("private \"P{i}=dword:{i}\"\n"));
    }
    // Later lines replace earlier ones of the same name, in any case.
    text.push_str("private \"p7=dword:70\"\n");
    let (config, allocations) = allocations_in(|| ClusterConfig::parse(&text));
    let config = config.unwrap();
    assert!(
        allocations < PER_NAME * N,
        "{allocations} allocations for {N} lines"
    );
    let private = &config.nodes.last().unwrap().properties.private;
    assert_eq!(private.properties.len(), N);
    assert_eq!(private.properties[7].values, vec![OwnedValue::dword(70)]);
    assert_eq!(
        private.properties[N - 1].values,
        vec![OwnedValue::dword(N as u32 - 1)]
    );
}

#[test]
fn a_configuration_with_20000_groups_registers_and_a_duplicate_is_found() {
    let mut config = ClusterConfig::new("many-names-groups");
    for i in 0..N {
        config = config.group(GroupConfig::new(&format!("Group{i}")));
    }
    let sim = SimCluster::new(&config).unwrap();
    assert_eq!(
        sim.group_owner(&format!("group{}", N - 1)).as_deref(),
        Some("NODE1")
    );
    drop(sim);
    // The last group repeats the first in another case.
    let config = config
        .named("many-names-groups-dup")
        .group(GroupConfig::new("GROUP0"));
    let err = SimCluster::new(&config).unwrap_err();
    assert!(
        err.to_string().contains("two groups named `GROUP0`"),
        "{err}"
    );
}
