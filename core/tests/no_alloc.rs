//! Decoding and encoding into a slice allocate nothing: counted with a
//! global allocator that tallies allocations per thread.

mod common;

use clusprop::offline::{VmAction, write_vm_instruction};
use clusprop::{Binary, MultiSzOf, PropertyList, PropertyListBuilder, Sz, Value, ValueList};
use clusprop_testkit::alloc::{CountingAlloc, assert_installed};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc::new();

/// How many allocations `f` made on this thread (after proving the counting
/// allocator is in place, so a zero means something).
fn allocations_in(f: impl FnOnce()) -> usize {
    assert_installed();
    clusprop_testkit::alloc::allocations_in(f).0
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

/// Counts names and values, as `visit` does, from a one-pass visitor.
struct Seen(usize);

impl<'a> clusprop::Visitor<'a> for Seen {
    fn property(&mut self, name: clusprop::Utf16Str<'a>) {
        self.0 += name.len();
    }
    fn value(&mut self, value: Value<'a>) {
        self.0 += match value {
            Value::MultiSz(m) => m.iter().count(),
            _ => 1,
        };
    }
}

#[test]
fn visiting_allocates_nothing() {
    let vectors = common::all_vectors();
    let mut seen = Seen(0);
    let mut miscounted = common::vector("V1.bin");
    miscounted[0] = 2;
    let n = allocations_in(|| {
        for (name, bytes) in &vectors {
            if !name.starts_with("V10") && !name.starts_with("V11") {
                PropertyList::parse_visiting(bytes, &mut seen).unwrap();
            }
        }
        // Errors allocate nothing either.
        assert!(PropertyList::parse_visiting(&miscounted, &mut seen).is_err());
    });
    assert!(seen.0 > 0);
    assert_eq!(n, 0, "visiting allocated {n} times");
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

/// Typed lookups on the owned model compare names in place: no allocation
/// for a hit, a miss (the `NotFound` error copies the name inline) or a
/// non-ASCII name.
#[test]
fn owned_lookups_allocate_nothing() {
    let mut list = clusprop::OwnedPropertyList::new();
    list.set("RestartDelay", 500u32).unwrap();
    list.set("Größe", 7u64).unwrap();
    list.set("PersistentState", true).unwrap();
    let n = allocations_in(|| {
        assert_eq!(list.get::<u32>("restartdelay"), Ok(500));
        assert_eq!(list.get::<u64>("GRÖSSE").ok(), None);
        assert_eq!(list.get::<u64>("größe"), Ok(7));
        assert_eq!(list.get::<bool>("PERSISTENTSTATE"), Ok(true));
        let missing = list.get::<u32>("NoSuchProperty").unwrap_err();
        assert!(
            matches!(missing, clusprop::LookupError::NotFound { name } if name == "NoSuchProperty")
        );
        assert_eq!(list.position("persistentstate"), Some(2));
    });
    assert_eq!(n, 0, "owned lookups allocated {n} times");
}

/// The security descriptor and storage id views check and read their
/// structures in place.
#[test]
fn structure_views_allocate_nothing() {
    use clusprop::disk::StorageDeviceIdDescriptor;
    use clusprop::security::{NewAce, SecurityDescriptor, SecurityDescriptorWriter, SidBuf};
    let system = SidBuf::LOCAL_SYSTEM;
    let dacl = [NewAce::allow(0x001F_01FF, system.as_sid())];
    let writer = SecurityDescriptorWriter {
        owner: Some(system.as_sid()),
        dacl: Some(&dacl),
        ..Default::default()
    };
    let mut sd = [0u8; 64];
    let mut ids = [0u8; 12];
    ids[4] = 12;
    let n = allocations_in(|| {
        let len = writer.write_to(&mut sd).unwrap();
        let view = SecurityDescriptor::parse(&sd[..len]).unwrap();
        assert_eq!(view.dacl().unwrap().aces().count(), 1);
        assert_eq!(view.owner().unwrap().sub_authorities().sum::<u32>(), 18);
        assert!(SecurityDescriptor::parse(&sd[..len - 1]).is_err());
        let d = StorageDeviceIdDescriptor::parse(&ids).unwrap();
        assert_eq!(d.identifiers().count(), 0);
    });
    assert_eq!(n, 0, "structure views allocated {n} times");
}
