//! Every test vector decodes to what `testkit/vectors/README.md` says, and
//! re-encodes to the same bytes.

mod common;

use clusprop::offline::{OfflineInstructions, VmAction, write_vm_instruction};
use clusprop::{
    DecodeOptions, EncodeOptions, ExpandSz, ExpandedSz, FileTime, MultiSz, OwnedPropertyList,
    OwnedValueList, PropertyList, Syntax, TrailingEndMark, Utf16Str, Value, ValueList,
};
use common::{Asm, all_vectors, vector};

fn list(name: &str) -> (Vec<u8>, OwnedPropertyList) {
    let bytes = vector(name);
    let parsed = PropertyList::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let owned = OwnedPropertyList::from_list(&parsed);
    (bytes, owned)
}

fn strings(m: MultiSz<'_>) -> Vec<String> {
    m.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_vector_decodes() {
    for (name, bytes) in all_vectors() {
        let ok = if name.starts_with("V10") || name.starts_with("V11") {
            ValueList::parse(&bytes).map(|_| ())
        } else {
            PropertyList::parse(&bytes).map(|_| ())
        };
        ok.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn v1_dword() {
    let b = vector("V1.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(b.len(), 36);
    assert_eq!(l.len(), 1);
    let p = l.iter().next().unwrap();
    assert_eq!(p.name(), "Foo");
    assert_eq!(p.value().syntax(), Syntax::LIST_VALUE_DWORD);
    assert_eq!(p.value().offset(), 20);
    assert_eq!(l.get::<u32>("foo"), Ok(1));
    assert!(!l.has_trailing_end_mark());
}

#[test]
fn v2_sz() {
    let b = vector("V2.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(l.get::<Utf16Str>("Name").unwrap(), "ab");
    assert_eq!(l.find("Name").unwrap().value().data().len(), 6);
}

#[test]
fn v3_multi_sz() {
    let b = vector("V3.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(strings(l.get::<MultiSz>("Nodes").unwrap()), ["n1", "n2"]);
}

#[test]
fn v4_binary() {
    let b = vector("V4.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(l.get::<&[u8]>("Blob").unwrap(), [0xaa, 0xbb, 0xcc]);
}

#[test]
fn v5_ularge_unaligned() {
    let b = vector("V5.bin");
    let l = PropertyList::parse(&b).unwrap();
    let v = l.find("Max").unwrap().value();
    assert_eq!(v.data_offset(), 28);
    assert_eq!(l.get::<u64>("Max"), Ok(0x0123_4567_89AB_CDEF));
    // Also at an odd address: the reader works at any alignment.
    let mut shifted = vec![0u8];
    shifted.extend_from_slice(&b);
    let l = PropertyList::parse(&shifted[1..]).unwrap();
    assert_eq!(l.get::<u64>("Max"), Ok(0x0123_4567_89AB_CDEF));
}

#[test]
fn v6_word() {
    let b = vector("V6.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(l.get::<u16>("Port"), Ok(0x1234));
    assert_eq!(l.find("Port").unwrap().value().data().len(), 2);
}

#[test]
fn v7_expand_pair() {
    let b = vector("V7.bin");
    let l = PropertyList::parse(&b).unwrap();
    let p = l.find("Path").unwrap();
    assert_eq!(p.value_count(), 2);
    let ExpandSz(stored) = p.get::<ExpandSz<Utf16Str>>(0).unwrap();
    let ExpandedSz(expanded) = p.get::<ExpandedSz<Utf16Str>>(1).unwrap();
    assert_eq!(stored, "%A%");
    assert_eq!(expanded, "xy");
    assert_eq!(p.values().nth(1).unwrap().offset(), 40);
    // N10: the same bytes are not acceptable from a client.
    let err = PropertyList::parse_with(&b, &DecodeOptions::client_input()).unwrap_err();
    assert_eq!(err.kind(), clusprop::DecodeErrorKind::ExpandedSzFromClient);
    assert_eq!(err.offset(), 40);
}

#[test]
fn v8_nested_property_list() {
    let b = vector("V8.bin");
    let l = PropertyList::parse(&b).unwrap();
    let inner: PropertyList = l.get("Inner").unwrap();
    assert_eq!(inner.as_bytes(), vector("V1.bin").as_slice());
    assert_eq!(inner.offset(), 32);
    assert_eq!(inner.get::<u32>("Foo"), Ok(1));
    // Opaque when asked, and rejected by a strict MS-CMRP reader.
    let mut opaque = DecodeOptions::default();
    opaque.nested = clusprop::NestedLists::Opaque;
    let l = PropertyList::parse_with(&b, &opaque).unwrap();
    assert!(matches!(
        l.find("Inner").unwrap().value().decode(),
        Value::Unknown(_)
    ));
    let err = PropertyList::parse_with(&b, &DecodeOptions::ms_cmrp()).unwrap_err();
    assert_eq!(err.offset(), 24);
}

#[test]
fn v9_empty_lists() {
    let b = vector("V9.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert!(l.is_empty() && !l.has_trailing_end_mark());
    let b = vector("V9b.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert!(l.is_empty() && l.has_trailing_end_mark());
}

#[test]
fn v10_required_dependencies() {
    let b = vector("V10.bin");
    let l = ValueList::parse(&b).unwrap();
    let values: Vec<Value> = l.iter().map(|v| v.decode()).collect();
    assert_eq!(values.len(), 2);
    match values[0] {
        Value::ResourceClass(c) => {
            assert_eq!(c.class, 1);
            assert_eq!(c.subclass, None);
        }
        ref other => panic!("{other:?}"),
    }
    match values[1] {
        Value::Name(n) => assert_eq!(n, "Network Name"),
        ref other => panic!("{other:?}"),
    }
}

#[test]
fn v11_disk() {
    let b = vector("V11.bin");
    let l = ValueList::parse(&b).unwrap();
    let values: Vec<Value> = l.iter().map(|v| v.decode()).collect();
    assert_eq!(values[0], Value::DiskSignature(0x1234_5678));
    match values[1] {
        Value::ScsiAddress(a) => {
            assert_eq!((a.port_number, a.path_id, a.target_id, a.lun), (2, 0, 1, 3))
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(values[2], Value::DiskNumber(5));
    assert_eq!(values[3], Value::DiskSize(1 << 30));
    assert_eq!(l.iter().nth(3).unwrap().data_offset(), 44);
}

#[test]
fn v12_vm_save_and_v17() {
    let v12 = vector("V12.bin");
    let l = PropertyList::parse(&v12).unwrap();
    assert_eq!(l.get::<u32>("Virtual Machine"), Ok(VmAction::Save.value()));
    assert_eq!(
        OfflineInstructions::new()
            .virtual_machine(VmAction::Save)
            .to_vec()
            .unwrap(),
        v12
    );
    let mut buf = [0u8; 64];
    let n = write_vm_instruction(&mut buf, VmAction::Save, EncodeOptions::default()).unwrap();
    assert_eq!(&buf[..n], v12.as_slice());
    let v12b = vector("V12b.bin");
    assert_eq!(
        OfflineInstructions::new()
            .virtual_machine(VmAction::Save)
            .with_trailing_end_mark(true)
            .to_vec()
            .unwrap(),
        v12b
    );
    // V17 (docs/wire-format.md §9.1): both VM resource types, built by hand from its layout.
    let v17 = Asm::new()
        .u32(2)
        .name("Virtual Machine")
        .dword(1)
        .end()
        .name("Virtual Machine Configuration")
        .dword(1)
        .end()
        .build();
    assert_eq!(v17.len(), 144);
    assert_eq!(&v17[..4], &[2, 0, 0, 0]);
    assert_eq!(&v17[4..60], &v12[4..60]);
    assert_eq!(&v17[64..68], &[0x3c, 0, 0, 0]);
    assert_eq!(
        OfflineInstructions::new()
            .all_vm_types(VmAction::Save)
            .to_vec()
            .unwrap(),
        v17
    );
    let l = PropertyList::parse(&v17).unwrap();
    assert_eq!(l.find_all("virtual machine configuration").count(), 1);
    assert_eq!(l.get::<u32>("Virtual Machine Configuration"), Ok(1));
}

#[test]
fn v13_signed() {
    let b = vector("V13.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(l.get::<i32>("Delta"), Ok(-1));
    assert_eq!(l.get::<i64>("Offset"), Ok(-2));
    assert_eq!(l.find("Offset").unwrap().offset(), 40);
}

#[test]
fn v14_filetime() {
    let b = vector("V14.bin");
    let l = PropertyList::parse(&b).unwrap();
    assert_eq!(
        l.get::<FileTime>("When"),
        Ok(FileTime(0x01D9_A0B0_C0D0_E0F0))
    );
}

#[test]
fn v15_reset_to_default() {
    let b = vector("V15.bin");
    let l = PropertyList::parse(&b).unwrap();
    let v = l.find("Description").unwrap().value();
    assert_eq!(v.syntax(), Syntax::LIST_VALUE_SZ);
    assert_eq!(v.decode(), Value::Empty);
    assert!(matches!(
        l.get::<Utf16Str>("Description"),
        Err(clusprop::LookupError::Empty { .. })
    ));
}

#[test]
fn v16_empty_string() {
    let b = vector("V16.bin");
    let l = PropertyList::parse(&b).unwrap();
    let s = l.get::<Utf16Str>("CSDVersion").unwrap();
    assert!(s.is_empty());
}

#[test]
fn w1_windows_cluster_reply() {
    let (bytes, owned) = list("W1.bin");
    let l = PropertyList::parse(&bytes).unwrap();
    assert_eq!(bytes.len(), 412);
    assert!(l.has_trailing_end_mark());
    let names: Vec<String> = l.iter().map(|p| p.name().to_string()).collect();
    assert_eq!(
        names,
        [
            "FixQuorum",
            "PreventQuorum",
            "IgnorePersistentStateOnStartup",
            "SharedVolumesRoot",
            "WitnessDynamicWeight",
            "AdminAccessPoint"
        ]
    );
    assert_eq!(l.get::<u32>("FixQuorum"), Ok(0));
    assert_eq!(l.get::<u32>("AdminAccessPoint"), Ok(1));
    assert_eq!(
        l.get::<Utf16Str>("SharedVolumesRoot").unwrap(),
        "C:\\ClusterStorage"
    );
    assert!(owned.trailing_end_mark);
    // The trailing end mark is what Samba and Windows expect: Required accepts,
    // Forbidden reports it at byte 408.
    let mut o = DecodeOptions::default();
    o.trailing_end_mark = TrailingEndMark::Required;
    assert!(PropertyList::parse_with(&bytes, &o).is_ok());
    o.trailing_end_mark = TrailingEndMark::Forbidden;
    assert_eq!(
        PropertyList::parse_with(&bytes, &o).unwrap_err().offset(),
        408
    );
}

#[test]
fn w2_windows_node_reply() {
    let (bytes, _) = list("W2.bin");
    let l = PropertyList::parse(&bytes).unwrap();
    assert_eq!(l.len(), 12);
    assert_eq!(l.get::<Utf16Str>("NodeName").unwrap(), "node1");
    assert_eq!(l.get::<u32>("NodeHighestVersion"), Ok(0x0008_2580));
    assert_eq!(l.get::<u32>("BuildNumber"), Ok(9600));
    assert_eq!(l.get::<u32>("NodeDrainTarget"), Ok(0xFFFF_FFFF));
    assert!(l.get::<Utf16Str>("CSDVersion").unwrap().is_empty());
    assert_eq!(l.get::<Utf16Str>("NodeInstanceID").unwrap().len(), 36);
}

/// Decode then encode gives the same bytes for every vector. All shared
/// vectors have zero padding, so no normalisation is needed; server replies
/// (V7's EXPANDED_SZ) are written with `allow_expanded_sz`, and the recorded
/// trailing end mark is reproduced.
#[test]
fn every_vector_round_trips_byte_for_byte() {
    for (name, bytes) in all_vectors() {
        let out = if name.starts_with("V10") || name.starts_with("V11") {
            OwnedValueList::from_list(&ValueList::parse(&bytes).unwrap())
                .to_vec()
                .unwrap()
        } else {
            let owned = OwnedPropertyList::from_list(&PropertyList::parse(&bytes).unwrap());
            let options = owned.encode_options().with_expanded_sz(true);
            owned.to_vec_with(&options).unwrap()
        };
        assert_eq!(out, bytes, "{name}");
    }
}

/// Bytes → typed → bytes is exact for every value of every vector that has
/// one of the newer typed forms (storage structures, security descriptors,
/// `String`, `Vec<String>`, `bool`, `SystemTime`).
#[test]
fn every_vector_round_trips_through_the_typed_forms() {
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    for (name, bytes) in all_vectors() {
        let values = if name.starts_with("V10") || name.starts_with("V11") {
            let l = ValueList::parse(&bytes).unwrap();
            l.iter().collect::<Vec<_>>()
        } else {
            let l = PropertyList::parse(&bytes).unwrap();
            l.iter().flat_map(|p| p.values()).collect()
        };
        for top in values {
            let mut one = |v: &clusprop::RawValue<'_>| {
                if let Some((typed, syntax, data)) = common::typed_reencode(v) {
                    assert_eq!(syntax, v.syntax(), "{name}: {typed} at {}", v.offset());
                    assert_eq!(data, v.data(), "{name}: {typed} at {}", v.offset());
                    *checked.entry(typed).or_default() += 1;
                }
            };
            one(&top);
            if let Value::PropertyList(l) = top.decode() {
                for p in &l {
                    common::each_value(p.values(), &mut one);
                }
            }
        }
    }
    // The vectors hold these typed forms (V10, V11 and the string vectors).
    for typed in [
        "ResourceClass",
        "DiskSignature",
        "ScsiAddress",
        "DiskNumber",
        "DiskSize",
        "String",
        "Vec<String>",
        "bool",
    ] {
        assert!(
            checked.contains_key(typed),
            "no {typed} in the vectors: {checked:?}"
        );
    }
}

/// Non-zero padding is ignored on input (MS-CMRP) and normalised to zero on output.
#[test]
fn padding_is_normalised() {
    let mut bytes = vector("V2.bin");
    bytes[22] = 0xEE; // name padding
    bytes[39] = 0x11; // value padding
    let l = PropertyList::parse(&bytes).unwrap();
    let out = OwnedPropertyList::from_list(&l).to_vec().unwrap();
    assert_eq!(out, vector("V2.bin"));
    let mut lint = DecodeOptions::default();
    lint.reject_nonzero_padding = true;
    let err = PropertyList::parse_with(&bytes, &lint).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (clusprop::DecodeErrorKind::NonZeroPadding, 22)
    );
}
