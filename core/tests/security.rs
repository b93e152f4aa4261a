//! Security descriptors assembled by hand from MS-DTYP's layouts (2.4.6
//! self-relative descriptor, 2.4.2.2 SID, 2.4.5 ACL, 2.4.4.1 ACE header,
//! 2.4.4.2/2.4.4.4/2.4.4.10 ACE bodies), read field by field, written by the
//! writer, and broken in each way the view must refuse.

mod common;

use clusprop::security::{
    AceBody, AceType, Control, NewAce, SecurityDescriptor, SecurityDescriptorWriter, Sid, SidBuf,
};
use clusprop::{
    DecodeErrorKind, EncodeError, LookupError, OwnedPropertyList, PropertyFormat, PropertyList,
    PropertyListBuilder, StructField, Value,
};
use common::Asm;

// SIDs (2.4.2.2): Revision 1, SubAuthorityCount, 6-byte big-endian
// authority, little-endian sub-authorities.
const ADMINS: [u8; 16] = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0]; // S-1-5-32-544
const SYSTEM: [u8; 12] = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]; // S-1-5-18
const EVERYONE: [u8; 12] = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]; // S-1-1-0

/// An ACE (2.4.4.1 header, then Mask and SID).
fn ace(ty: u8, flags: u8, mask: u32, sid: &[u8]) -> Vec<u8> {
    let size = (4 + 4 + sid.len()) as u16;
    let mut v = vec![ty, flags];
    v.extend(size.to_le_bytes());
    v.extend(mask.to_le_bytes());
    v.extend(sid);
    v
}

/// An ACL (2.4.5): revision, Sbz1, AclSize, AceCount, Sbz2, ACEs.
fn acl(revision: u8, aces: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = aces.concat();
    let mut v = vec![revision, 0];
    v.extend(((8 + body.len()) as u16).to_le_bytes());
    v.extend((aces.len() as u16).to_le_bytes());
    v.extend([0, 0]);
    v.extend(body);
    v
}

fn dacl_bytes() -> Vec<u8> {
    acl(
        2,
        &[
            ace(0, 0, 0x001F_01FF, &SYSTEM),
            ace(0, 0x02, 0x0012_0089, &EVERYONE),
        ],
    )
}

fn sacl_bytes() -> Vec<u8> {
    acl(2, &[ace(2, 0x80, 0x001F_01FF, &EVERYONE)])
}

/// Header (2.4.6) with the four offsets.
fn header(control: u16, owner: u32, group: u32, sacl: u32, dacl: u32) -> Vec<u8> {
    let mut v = vec![1, 0];
    v.extend(control.to_le_bytes());
    for o in [owner, group, sacl, dacl] {
        v.extend(o.to_le_bytes());
    }
    v
}

/// Owner, group, DACL after the header (no SACL): 96 bytes.
fn descriptor_a() -> Vec<u8> {
    let mut v = header(0x8004, 20, 36, 0, 48);
    v.extend(ADMINS);
    v.extend(SYSTEM);
    v.extend(dacl_bytes());
    assert_eq!(v.len(), 96);
    v
}

/// In the writer's order: SACL, DACL, owner, group; DACL protected.
fn descriptor_b() -> Vec<u8> {
    let mut v = header(0x9014, 96, 112, 20, 48);
    v.extend(sacl_bytes());
    v.extend(dacl_bytes());
    v.extend(ADMINS);
    v.extend(SYSTEM);
    assert_eq!(v.len(), 124);
    v
}

#[test]
fn fields_of_a_hand_made_descriptor() {
    let bytes = descriptor_a();
    let sd = SecurityDescriptor::parse(&bytes).unwrap();
    assert_eq!((sd.revision(), sd.sbz1()), (1, 0));
    assert_eq!(sd.control(), Control(0x8004));
    assert!(sd.control().contains(Control::SELF_RELATIVE));
    assert!(sd.control().contains(Control::DACL_PRESENT));
    let owner = sd.owner().unwrap();
    assert_eq!(owner.as_bytes(), ADMINS);
    assert_eq!(
        (
            owner.revision(),
            owner.sub_authority_count(),
            owner.identifier_authority()
        ),
        (1, 2, 5)
    );
    assert_eq!(owner.sub_authorities().collect::<Vec<_>>(), [32, 544]);
    assert_eq!(owner.to_string(), "S-1-5-32-544");
    assert_eq!(sd.group().unwrap().to_string(), "S-1-5-18");
    assert!(sd.sacl().is_none());
    let dacl = sd.dacl().unwrap();
    assert_eq!((dacl.revision(), dacl.size(), dacl.ace_count()), (2, 48, 2));
    let aces: Vec<_> = dacl.aces().collect();
    assert_eq!(aces.len(), 2);
    assert_eq!(aces[0].ace_type(), AceType::ACCESS_ALLOWED);
    assert_eq!((aces[0].flags(), aces[0].size()), (0, 20));
    assert_eq!(aces[0].mask(), Some(0x001F_01FF));
    assert_eq!(aces[0].sid().unwrap().as_bytes(), SYSTEM);
    assert_eq!(aces[0].offset(), 56);
    assert_eq!(aces[1].flags(), 0x02);
    assert_eq!(aces[1].mask(), Some(0x0012_0089));
    assert_eq!(aces[1].sid().unwrap().to_string(), "S-1-1-0");
    assert_eq!(
        sd.to_string(),
        "O:S-1-5-32-544G:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18)(A;CI;0x120089;;;S-1-1-0)"
    );
}

#[test]
fn writer_assembles_the_same_bytes() {
    let admins = SidBuf::BUILTIN_ADMINISTRATORS;
    let system = SidBuf::LOCAL_SYSTEM;
    let everyone = SidBuf::EVERYONE;
    assert_eq!(admins.as_sid().as_bytes(), ADMINS);
    assert_eq!(system.as_sid().as_bytes(), SYSTEM);
    assert_eq!(everyone.as_sid().as_bytes(), EVERYONE);
    let dacl = [
        NewAce::allow(0x001F_01FF, system.as_sid()),
        NewAce {
            flags: 0x02,
            ..NewAce::allow(0x0012_0089, everyone.as_sid())
        },
    ];
    let sacl = [NewAce::audit(0x001F_01FF, everyone.as_sid(), 0x80)];
    let writer = SecurityDescriptorWriter {
        control: Control::DACL_PROTECTED,
        owner: Some(admins.as_sid()),
        group: Some(system.as_sid()),
        sacl: Some(&sacl),
        dacl: Some(&dacl),
    };
    assert_eq!(writer.to_vec().unwrap(), descriptor_b());
    let bytes = descriptor_b();
    let sd = SecurityDescriptor::parse(&bytes).unwrap();
    assert_eq!(
        sd.to_string(),
        "O:S-1-5-32-544G:S-1-5-18D:P(A;;0x1f01ff;;;S-1-5-18)(A;CI;0x120089;;;S-1-1-0)\
         S:(AU;FA;0x1f01ff;;;S-1-1-0)"
    );
    let audit = sd.sacl().unwrap().aces().next().unwrap();
    assert_eq!(audit.ace_type(), AceType::SYSTEM_AUDIT);
    assert_eq!(audit.flags(), 0x80);

    // Too small a buffer: the exact size needed.
    let mut small = [0u8; 100];
    assert_eq!(
        writer.write_to(&mut small),
        Err(EncodeError::BufferTooSmall { needed: 124 })
    );
}

#[test]
fn deny_ace_null_dacl_and_raw_ace_types() {
    // D:(D;;0x1;;;S-1-1-0) with no owner or group.
    let mut v = header(0x8004, 0, 0, 0, 20);
    v.extend(acl(2, &[ace(1, 0, 1, &EVERYONE)]));
    let sd = SecurityDescriptor::parse(&v).unwrap();
    assert_eq!(sd.to_string(), "D:(D;;0x1;;;S-1-1-0)");
    assert!(sd.owner().is_none() && sd.group().is_none());

    // DACL present with offset 0: a NULL DACL.
    let v = header(0x8004, 0, 0, 0, 0);
    let sd = SecurityDescriptor::parse(&v).unwrap();
    assert!(sd.dacl().is_none());
    assert_eq!(sd.to_string(), "D:NO_ACCESS_CONTROL");

    // An object ACE (type 5) is kept as its raw body; the ACL is revision 4.
    let body = [0xAAu8; 8];
    let mut object_ace = vec![5, 0x10, 12, 0];
    object_ace.extend(body);
    let mut v = header(0x8004, 0, 0, 0, 20);
    v.extend(acl(4, &[object_ace]));
    let sd = SecurityDescriptor::parse(&v).unwrap();
    let a = sd.dacl().unwrap().aces().next().unwrap();
    assert_eq!(a.body(), AceBody::Raw(&body));
    assert_eq!(a.mask(), None);
    assert_eq!(sd.to_string(), "D:(OA;ID;raw:aaaaaaaaaaaaaaaa)");
    let dacl = [NewAce {
        ace_type: AceType::ACCESS_ALLOWED_OBJECT,
        flags: 0x10,
        body: AceBody::Raw(&body),
    }];
    let w = SecurityDescriptorWriter {
        dacl: Some(&dacl),
        ..Default::default()
    };
    assert_eq!(w.to_vec().unwrap(), v);
    // A raw body that is not a multiple of 4 bytes, or a mask-and-SID type
    // with a raw body, is refused.
    let odd = [NewAce {
        body: AceBody::Raw(&[1, 2, 3]),
        ..dacl[0]
    }];
    assert!(matches!(
        SecurityDescriptorWriter {
            dacl: Some(&odd),
            ..Default::default()
        }
        .to_vec(),
        Err(EncodeError::WrongLength { .. })
    ));
}

#[test]
fn sid_text_and_limits() {
    assert_eq!(
        SidBuf::new(5, &[21, 1, 2, 3, 500]).unwrap().to_string(),
        "S-1-5-21-1-2-3-500"
    );
    assert_eq!(
        SidBuf::new(1 << 40, &[]).unwrap().to_string(),
        "S-1-0x010000000000"
    );
    assert!(SidBuf::new(1 << 48, &[]).is_none());
    assert!(SidBuf::new(5, &[0; 16]).is_none());
    let fifteen = SidBuf::new(5, &[7; 15]).unwrap();
    assert_eq!(fifteen.as_sid().as_bytes().len(), 68);
    assert_eq!(SidBuf::from_sid(fifteen.as_sid()), fifteen);
    assert_eq!(Sid::parse(&SYSTEM).unwrap().to_string(), "S-1-5-18");
}

fn error(bytes: &[u8]) -> (DecodeErrorKind, usize) {
    let e = SecurityDescriptor::parse(bytes).unwrap_err();
    (e.kind(), e.offset())
}

fn with(bytes: &[u8], at: usize, patch: &[u8]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v[at..at + patch.len()].copy_from_slice(patch);
    v
}

#[test]
fn malformed_header_and_offsets() {
    let good = descriptor_a();
    assert_eq!(
        error(&good[..19]),
        (
            DecodeErrorKind::StructTruncated {
                field: StructField::SdHeader
            },
            19
        )
    );
    assert_eq!(
        error(&with(&good, 0, &[2])),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::SdRevision,
                value: 2
            },
            0
        )
    );
    assert_eq!(
        error(&with(&good, 2, &0x0004u16.to_le_bytes())),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::SdControl,
                value: 4
            },
            2
        )
    );
    // Each offset out of range (pointing at the end, and far past it).
    for (at, field) in [
        (4, StructField::SdOwnerOffset),
        (8, StructField::SdGroupOffset),
        (12, StructField::SdSaclOffset),
        (16, StructField::SdDaclOffset),
    ] {
        for offset in [96u32, 0xFFFF_FFFF] {
            assert_eq!(
                error(&with(&good, at, &offset.to_le_bytes())),
                (
                    DecodeErrorKind::StructOutOfRange {
                        field,
                        value: offset,
                        limit: 96
                    },
                    at
                ),
                "{field:?} = {offset}"
            );
        }
        // Inside the header.
        assert_eq!(
            error(&with(&good, at, &8u32.to_le_bytes())),
            (DecodeErrorKind::StructInvalid { field, value: 8 }, at)
        );
    }
}

#[test]
fn malformed_sids() {
    let good = descriptor_a();
    // Group SID at 36 claims 14 sub-authorities: 64 bytes, 60 remain.
    assert_eq!(
        error(&with(&good, 37, &[14])),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::SidSubAuthorityCount,
                value: 14,
                limit: 60
            },
            37
        )
    );
    // More than 15.
    assert_eq!(
        error(&with(&good, 37, &[16])),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::SidSubAuthorityCount,
                value: 16
            },
            37
        )
    );
    // SID revision.
    assert_eq!(
        error(&with(&good, 20, &[3])),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::SidRevision,
                value: 3
            },
            20
        )
    );
    // A SID header cut by the end: owner offset at 90 leaves 6 bytes.
    assert_eq!(
        error(&with(&good, 4, &90u32.to_le_bytes())),
        (
            DecodeErrorKind::StructTruncated {
                field: StructField::SidHeader
            },
            96
        )
    );
    // The first ACE's SID (at 64) claims 2 sub-authorities: 16 bytes, but
    // its ACE leaves 12.
    assert_eq!(
        error(&with(&good, 65, &[2])),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::SidSubAuthorityCount,
                value: 2,
                limit: 12
            },
            65
        )
    );
}

#[test]
fn malformed_acls_and_aces() {
    let good = descriptor_a();
    // DACL at 48: AclSize 49 runs past the 48 bytes left.
    assert_eq!(
        error(&with(&good, 50, &49u16.to_le_bytes())),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::AclSize,
                value: 49,
                limit: 48
            },
            50
        )
    );
    assert_eq!(
        error(&with(&good, 50, &4u16.to_le_bytes())).0,
        DecodeErrorKind::StructOutOfRange {
            field: StructField::AclSize,
            value: 4,
            limit: 48
        }
    );
    assert_eq!(
        error(&with(&good, 48, &[3])),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::AclRevision,
                value: 3
            },
            48
        )
    );
    // First ACE (at 56) smaller than its header.
    assert_eq!(
        error(&with(&good, 58, &2u16.to_le_bytes())),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::AceSize,
                value: 2
            },
            58
        )
    );
    // First ACE running past the ACL's end.
    assert_eq!(
        error(&with(&good, 58, &44u16.to_le_bytes())),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::AceSize,
                value: 44,
                limit: 40
            },
            58
        )
    );
    // An ACE count larger than fits: the third ACE would start at the end.
    assert_eq!(
        error(&with(&good, 52, &3u16.to_le_bytes())),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::AceCount,
                value: 3,
                limit: 2
            },
            52
        )
    );
    assert_eq!(
        error(&with(&good, 52, &u16::MAX.to_le_bytes())).0,
        DecodeErrorKind::StructOutOfRange {
            field: StructField::AceCount,
            value: 65535,
            limit: 2
        }
    );
    // An allowed ACE too small for its mask.
    let mut v = header(0x8004, 0, 0, 0, 20);
    v.extend(acl(2, &[vec![0, 0, 4, 0]]));
    assert_eq!(
        error(&v),
        (
            DecodeErrorKind::StructTruncated {
                field: StructField::AceBody
            },
            32
        )
    );
}

/// A property list with one SECURITY_DESCRIPTOR value named "Security".
fn list_with(sd: &[u8]) -> Vec<u8> {
    Asm::new()
        .u32(1)
        .name("Security")
        .entry(0x0001_0009, sd)
        .end()
        .build()
}

#[test]
fn through_a_property_list() {
    let bytes = list_with(&descriptor_a());
    let list = PropertyList::parse(&bytes).unwrap();
    let sd: SecurityDescriptor = list.get("security").unwrap();
    assert_eq!(sd.owner().unwrap().to_string(), "S-1-5-32-544");
    assert_eq!(
        list.find("Security").unwrap().value().decode().to_string(),
        sd.to_string()
    );
    assert!(matches!(
        list.find("Security").unwrap().value().decode(),
        Value::SecurityDescriptor(_)
    ));
    // Bytes → view → bytes, exact.
    let mut out = vec![0u8; bytes.len()];
    let mut b = PropertyListBuilder::new(&mut out);
    b.property("Security", &sd).unwrap();
    let n = b.finish().unwrap();
    assert_eq!(out[..n], bytes[..]);

    // A malformed one: the error offset is in the list (the value's data
    // starts after the 4-byte count, the name entry and the value header).
    let bad = with(&descriptor_a(), 4, &200u32.to_le_bytes());
    let bytes = list_with(&bad);
    let list = PropertyList::parse(&bytes).unwrap();
    let data_at = list.find("Security").unwrap().value().data_offset();
    match list.get::<SecurityDescriptor>("Security") {
        Err(LookupError::Malformed { error: e, .. }) => assert_eq!(e.offset(), data_at + 4),
        other => panic!("{other:?}"),
    }
    // Before: the message did not name the property, as every other
    // lookup error does; it now does, as the list spells it.
    let err = list.get::<SecurityDescriptor>("security").unwrap_err();
    assert_eq!(err.property().map(|p| p.as_str()), Some("Security"));
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("property \"Security\", at byte {}: ", data_at + 4)),
        "{shown}"
    );
    // Read on its own, the value has no name to give.
    let alone = list
        .find("Security")
        .unwrap()
        .value()
        .to::<SecurityDescriptor>()
        .unwrap_err();
    assert_eq!(alone.property(), None);
    assert!(alone.to_string().starts_with("at byte "), "{alone}");
    // The owned model names it the same way.
    let owned = OwnedPropertyList::from_list(&list);
    let err = owned.get::<SecurityDescriptor>("SECURITY").unwrap_err();
    assert!(matches!(err, LookupError::Malformed { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "property \"Security\", at byte 4: the owner offset is 200, past the 96 bytes it must \
         stay within"
    );
    // ...and displays as hex.
    assert!(
        list.find("Security")
            .unwrap()
            .value()
            .decode()
            .to_string()
            .starts_with("01000480c8000000")
    );
}

#[test]
fn sddl_text_reads_back_to_the_same_bytes() {
    use clusprop::security::parse_sddl;
    // Descriptors in the writer's layout: bytes → text → bytes.
    let b = descriptor_b();
    let text = SecurityDescriptor::parse(&b).unwrap().to_string();
    assert_eq!(parse_sddl(&text).unwrap(), b);
    for text in [
        "D:(D;;0x1;;;S-1-1-0)",
        "D:NO_ACCESS_CONTROL",
        "D:(OA;ID;raw:aaaaaaaaaaaaaaaa)",
        "O:S-1-0x010000000000-7G:S-1-5-21-1-2-3-500D:PAI(A;OICI0x20;0x0;;;S-1-1-0)S:",
        "",
    ] {
        let bytes = parse_sddl(text).unwrap();
        assert_eq!(SecurityDescriptor::parse(&bytes).unwrap().to_string(), text);
    }
    // Hand-assembled: the NULL DACL is the bare header with SE_DACL_PRESENT.
    assert_eq!(
        parse_sddl("D:NO_ACCESS_CONTROL").unwrap(),
        header(0x8004, 0, 0, 0, 0)
    );
    // Errors name the position and the problem.
    use clusprop::security::SddlProblem as P;
    for (text, at, problem) in [
        ("O:S-2-5", 2, P::Expected("S-1-")),
        ("O:S-1-5-", 8, P::Number),
        ("O:S-1-281474976710656", 2, P::Sid),
        ("O:S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", 2, P::Sid),
        ("D:(Q;;0x1;;;S-1-1-0)", 3, P::AceType),
        ("D:(0x;;0x1;;;S-1-1-0)", 3, P::Number),
        ("D:(0x100;;0x1;;;S-1-1-0)", 7, P::Expected(";")),
        ("D:(A;;0x1;;S-1-1-0)", 9, P::Expected(";;;")),
        ("D:(A;;0x1;;;S-1-1-0", 19, P::Expected(")")),
        ("D:(OA;;raw:abc)", 11, P::RawHex),
        ("D:(OA;;raw:abcd)", 11, P::RawHex),
        ("D:(OA;;0x1;;;S-1-1-0)", 7, P::AceBody),
        ("D:(A;;raw:00000000)", 6, P::AceBody),
        ("X:", 0, P::TrailingText),
        ("O:S-1-5-18 ", 10, P::TrailingText),
    ] {
        let e = parse_sddl(text).unwrap_err();
        assert_eq!((e.position, e.problem), (at, problem), "{text:.40}");
    }
    // The message says both.
    assert_eq!(
        parse_sddl("D:(A;;0x1;;S-1-1-0)").unwrap_err().to_string(),
        "not a security descriptor in SDDL-like form: expected `;;;` (at character 10)"
    );
}

/// An ACE or ACL past its 16-bit size is reported where it starts; at the
/// limit is a descriptor.
#[test]
#[cfg_attr(
    miri,
    ignore = "hundreds of KB of text take miri minutes; the small cases of \
              sddl_text_reads_back_to_the_same_bytes run the same code under miri"
)]
fn sddl_parts_past_their_16_bit_sizes_are_reported_where_they_start() {
    use clusprop::security::{SddlProblem, parse_sddl};
    // An ACE of 4 + 65,532 bytes, after a first ACE of 20 characters.
    let big_ace = format!("D:(A;;0x1;;;S-1-1-0)(OA;;raw:{})", "00".repeat(65_532));
    let big_acl = format!("D:P{0}{0}", format!("(OA;;raw:{})", "00".repeat(40_000)));
    let many_aces = format!("D:{}", "(A;;0x1;;;S-1-1-0)".repeat(5_000));
    for (text, at) in [(&big_ace, 20), (&big_acl, 2), (&many_aces, 2)] {
        let e = parse_sddl(text).unwrap_err();
        assert_eq!(
            (e.position, e.problem),
            (at, SddlProblem::TooLarge),
            "{text:.40}"
        );
    }
    // At the limit is a descriptor: an 8-byte ACL header and one ACE of
    // 4 + 65,520 bytes (the largest multiple of 4 that fits 65,535).
    let largest_raw = format!("D:(OA;;raw:{})", "00".repeat(65_520));
    assert!(parse_sddl(&largest_raw).is_ok());
}

/// `parse_at` takes any `base`: offsets past `usize::MAX` saturate, as the
/// wire cursor's do, instead of overflowing (a panic in debug builds).
#[test]
fn offsets_from_a_base_near_usize_max_saturate() {
    let top = usize::MAX;
    // Errors: a short header, a short SID, a part past the end.
    let e = SecurityDescriptor::parse_at(&[1, 0, 4], top - 1).unwrap_err();
    assert_eq!(e.offset(), top);
    let e = Sid::parse_at(&[1, 1, 0], top).unwrap_err();
    assert_eq!(e.offset(), top);
    let mut broken = descriptor_a();
    broken[56 + 2] = 0xFF; // the first ACE's size, past the ACL
    let e = SecurityDescriptor::parse_at(&broken, top - 8).unwrap_err();
    assert_eq!(e.offset(), top);
    // A valid descriptor: its parts and ACEs read, print and report offsets.
    let bytes = descriptor_a();
    let sd = SecurityDescriptor::parse_at(&bytes, top - 10).unwrap();
    assert_eq!(sd.owner().unwrap().to_string(), "S-1-5-32-544");
    assert_eq!(sd.dacl().unwrap().aces().count(), 2);
    assert!(sd.dacl().unwrap().aces().all(|a| a.offset() == top));
    assert_eq!(
        sd.to_string(),
        SecurityDescriptor::parse(&bytes).unwrap().to_string()
    );
}

/// The body error says which types take `MASK;;;SID`: the three the view
/// reads that way (A, D, AU); `AL` is read and written as `raw:HEX`.
#[test]
fn sddl_body_error_names_the_types_that_take_a_mask_and_sid() {
    use clusprop::security::{SddlProblem, parse_sddl};
    let e = parse_sddl("D:(AL;;0x1;;;S-1-1-0)").unwrap_err();
    assert_eq!((e.position, e.problem), (7, SddlProblem::AceBody));
    let message = e.to_string();
    assert!(message.contains("A, D and AU take MASK;;;SID"), "{message}");
    assert!(!message.contains("AL take"), "{message}");
    // What the message says AL takes is what reads back.
    let bytes = parse_sddl("D:(AL;;raw:01000000)").unwrap();
    let text = SecurityDescriptor::parse(&bytes).unwrap().to_string();
    assert_eq!(text, "D:(AL;;raw:01000000)");
}

/// Counts out of range are told in their own unit: an ACE count against
/// the ACEs its ACL's size holds (not "bytes"), a sub-authority count with
/// the SID size it implies against the bytes left.
#[test]
fn count_errors_say_what_they_count() {
    let good = descriptor_a();
    let e = SecurityDescriptor::parse(&with(&good, 52, &3u16.to_le_bytes())).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at byte 52: an ACL's ACE count is 3, past the 2 ACEs its size holds"
    );
    let e = SecurityDescriptor::parse(&with(&good, 37, &[14])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at byte 37: a SID sub-authority count is 14 (a SID of 64 bytes), \
         past the 60 bytes it must stay within"
    );
    // Sizes and offsets keep the plain form.
    let e = SecurityDescriptor::parse(&with(&good, 50, &49u16.to_le_bytes())).unwrap_err();
    assert_eq!(
        e.to_string(),
        "at byte 50: an ACL size is 49, past the 48 bytes it must stay within"
    );
}

/// Windows keeps the cluster's `Security Descriptor` and `Security`
/// properties (and the CSV `SharedVolumeSecurityDescriptor`) as
/// `CLUSPROP_BINARY` values, not `SECURITY_DESCRIPTOR` ones: the typed
/// accessor reads them, checked as any descriptor, and still refuses
/// formats that cannot hold one.
#[test]
fn a_binary_security_descriptor_property_as_windows_sends_it() {
    const BINARY: u32 = 0x0001_0001;
    let sd = descriptor_a();
    let bytes = Asm::new()
        .u32(3)
        .name("Security Descriptor")
        .entry(BINARY, &sd)
        .end()
        .name("Broken")
        .entry(BINARY, &with(&sd, 4, &200u32.to_le_bytes()))
        .end()
        .name("Number")
        .dword(1)
        .end()
        .build();
    let list = PropertyList::parse(&bytes).unwrap();
    let read: SecurityDescriptor = list.get("Security Descriptor").unwrap();
    assert_eq!(
        read.to_string(),
        SecurityDescriptor::parse(&sd).unwrap().to_string()
    );
    assert_eq!(read.owner().unwrap().to_string(), "S-1-5-32-544");
    let data_at = list.find("Broken").unwrap().value().data_offset();
    match list.get::<SecurityDescriptor>("Broken") {
        Err(LookupError::Malformed { error: e, .. }) => assert_eq!(e.offset(), data_at + 4),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        list.get::<SecurityDescriptor>("Number"),
        Err(LookupError::WrongFormat {
            expected: PropertyFormat::SECURITY_DESCRIPTOR,
            ..
        })
    ));
    // The owned model reads it the same way.
    let owned = OwnedPropertyList::from_list(&list);
    let read: SecurityDescriptor = owned.get("security descriptor").unwrap();
    assert_eq!(read.owner().unwrap().to_string(), "S-1-5-32-544");
    assert!(matches!(
        owned.get::<SecurityDescriptor>("Broken"),
        Err(LookupError::Malformed { .. })
    ));
    assert!(matches!(
        owned.get::<SecurityDescriptor>("Number"),
        Err(LookupError::WrongFormat {
            expected: PropertyFormat::SECURITY_DESCRIPTOR,
            ..
        })
    ));
}
