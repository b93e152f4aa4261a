//! The storage structures, field by field, against bytes assembled here from
//! the published layouts (MS-CMRP 2.2.3.8, 2.2.3.9, 2.2.3.11, 2.2.3.45;
//! clusapi.h `CLUS_FTSET_INFO`, `CLUS_SCSI_ADDRESS`; winioctl.h
//! `STORAGE_DEVICE_ID_DESCRIPTOR` / `STORAGE_IDENTIFIER`, MS-CSVP 2.2.9–2.2.10),
//! and the typed writers against the same bytes.

mod common;

use clusprop::disk::{
    DiskGuid, DiskNumber, DiskSignature, DiskSize, FtSetInfo, Guid, NewStorageIdentifier,
    PartitionInfo, PartitionInfoEx, PartitionInfoEx2, ResourceClass, ScsiAddress,
    StorageDeviceIdDescriptor, StorageDeviceIdWriter,
};
use clusprop::{
    DecodeErrorKind, EncodeError, EncodeValue, FromValue, LookupError, StructField, Syntax, Value,
    ValueAt, ValueList, ValueListBuilder,
};
use common::Asm;

const PARTITION_INFO: u32 = 0x0008_0001;
const PARTITION_INFO_EX: u32 = 0x000D_0001;
const PARTITION_INFO_EX2: u32 = 0x000E_0001;
const FTSET_INFO: u32 = 0x0009_0001;
const SCSI_ADDRESS: u32 = 0x0006_0002;
const DISK_SIGNATURE: u32 = 0x0005_0002;
const DISK_NUMBER: u32 = 0x0007_0002;
const DISK_SIZE: u32 = 0x000C_0006;
const DISK_GUID: u32 = 0x000B_0003;
const RESCLASS: u32 = 0x0002_0002;
const STORAGE_DEVICE_ID: u32 = 0x000F_0001;

/// A bare value list holding one entry.
fn one(syntax: u32, data: &[u8]) -> Vec<u8> {
    Asm::new().entry(syntax, data).end().build()
}

fn put(buf: &mut [u8], at: usize, bytes: &[u8]) {
    buf[at..at + bytes.len()].copy_from_slice(bytes);
}

fn put_wide(buf: &mut [u8], at: usize, s: &str) {
    for (i, u) in s.encode_utf16().enumerate() {
        put(buf, at + 2 * i, &u.to_le_bytes());
    }
}

/// A GUID's 16 wire bytes, assembled from its parts (Data1..3 little-endian).
fn guid_bytes(d1: u32, d2: u16, d3: u16, d4: [u8; 8]) -> Vec<u8> {
    let mut v = d1.to_le_bytes().to_vec();
    v.extend(d2.to_le_bytes());
    v.extend(d3.to_le_bytes());
    v.extend(d4);
    v
}

const D4: [u8; 8] = [0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA];

/// The 1120 bytes of CLUS_PARTITION_INFO at the offsets of MS-CMRP 2.2.3.9.
fn partition_info_bytes() -> Vec<u8> {
    let mut b = vec![0u8; 1120];
    put(&mut b, 0, &0x0000_0005u32.to_le_bytes()); // dwFlags
    put_wide(&mut b, 4, "Disk1Partition2"); // szDeviceName
    put_wide(&mut b, 524, "Data"); // szVolumeLabel
    put(&mut b, 1044, &0xCAFE_F00Du32.to_le_bytes()); // dwSerialNumber
    put(&mut b, 1048, &255u32.to_le_bytes()); // rgdwMaximumComponentLength
    put(&mut b, 1052, &0x03E7_00FFu32.to_le_bytes()); // dwFileSystemFlags
    put_wide(&mut b, 1056, "NTFS"); // szFileSystem
    b
}

/// CLUS_PARTITION_INFO_EX (MS-CMRP 2.2.3.11): the above, then five fields.
fn partition_info_ex_bytes() -> Vec<u8> {
    let mut b = partition_info_bytes();
    b.resize(1160, 0);
    put(&mut b, 1120, &0x0000_0019_0000_0000u64.to_le_bytes()); // TotalSizeInBytes
    put(&mut b, 1128, &0x0000_0002_8000_0000u64.to_le_bytes()); // FreeSizeInBytes
    put(&mut b, 1136, &3u32.to_le_bytes()); // DeviceNumber
    put(&mut b, 1140, &2u32.to_le_bytes()); // PartitionNumber
    put(&mut b, 1144, &guid_bytes(0x6B29_FC40, 0xCA47, 0x1067, D4)); // VolumeGuid
    b
}

/// CLUS_PARTITION_INFO_EX2 (MS-CMRP 2.2.3.45): EX, then GptPartitionId,
/// szPartitionName, EncryptionFlags.
fn partition_info_ex2_bytes() -> Vec<u8> {
    let mut b = partition_info_ex_bytes();
    b.resize(1700, 0);
    put(
        &mut b,
        1160,
        &guid_bytes(0x0102_0304, 0x0506, 0x0708, [9, 10, 11, 12, 13, 14, 15, 16]),
    );
    put_wide(&mut b, 1176, "Basic data partition");
    put(&mut b, 1696, &0x0000_0009u32.to_le_bytes()); // BitLockerEnabled | Encrypted
    b
}

/// Encodes `value` alone in a bare value list.
fn encoded<V: EncodeValue>(value: &V) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    let mut b = ValueListBuilder::new(&mut buf);
    b.value(value).unwrap();
    let n = b.finish().unwrap();
    buf.truncate(n);
    buf
}

fn first<'a, T: FromValue<'a>>(list: &'a [u8]) -> Result<T, LookupError> {
    let list = ValueList::parse(list).unwrap();
    list.iter().next().unwrap().to::<T>()
}

fn check_partition_info(p: &PartitionInfo) {
    assert_eq!(p.flags(), 5);
    assert_eq!(p.device_name(), "Disk1Partition2");
    assert_eq!(p.volume_label(), "Data");
    assert_eq!(p.serial_number(), 0xCAFE_F00D);
    assert_eq!(p.maximum_component_length(), 255);
    assert_eq!(p.file_system_flags(), 0x03E7_00FF);
    assert_eq!(p.file_system(), "NTFS");
}

fn check_partition_info_ex(p: &PartitionInfoEx) {
    check_partition_info(p.base());
    assert_eq!(p.total_size_in_bytes(), 0x0000_0019_0000_0000);
    assert_eq!(p.free_size_in_bytes(), 0x0000_0002_8000_0000);
    assert_eq!(p.device_number(), 3);
    assert_eq!(p.partition_number(), 2);
    assert_eq!(
        p.volume_guid().to_string(),
        "{6B29FC40-CA47-1067-B31D-00DD010662DA}"
    );
}

fn fill_partition_info(p: &mut PartitionInfo) {
    p.set_flags(5);
    p.set_device_name("Disk1Partition2").unwrap();
    p.set_volume_label("Data").unwrap();
    p.set_serial_number(0xCAFE_F00D);
    p.set_maximum_component_length(255);
    p.set_file_system_flags(0x03E7_00FF);
    p.set_file_system("NTFS").unwrap();
}

fn fill_partition_info_ex(p: &mut PartitionInfoEx) {
    fill_partition_info(p.base_mut());
    p.set_total_size_in_bytes(0x0000_0019_0000_0000);
    p.set_free_size_in_bytes(0x0000_0002_8000_0000);
    p.set_device_number(3);
    p.set_partition_number(2);
    p.set_volume_guid(Guid::from_fields(0x6B29_FC40, 0xCA47, 0x1067, D4));
}

#[test]
fn partition_info_fields_and_writer() {
    let data = partition_info_bytes();
    let list = one(PARTITION_INFO, &data);
    let p: &PartitionInfo = first(&list).unwrap();
    check_partition_info(p);
    let mut built = PartitionInfo::new();
    fill_partition_info(&mut built);
    assert_eq!(encoded(&built), list);
}

#[test]
fn partition_info_ex_fields_and_writer() {
    let data = partition_info_ex_bytes();
    let list = one(PARTITION_INFO_EX, &data);
    let p: &PartitionInfoEx = first(&list).unwrap();
    check_partition_info_ex(p);
    let mut built = PartitionInfoEx::new();
    fill_partition_info_ex(&mut built);
    assert_eq!(encoded(&built), list);
}

#[test]
fn partition_info_ex2_fields_and_writer() {
    let data = partition_info_ex2_bytes();
    let list = one(PARTITION_INFO_EX2, &data);
    let p: &PartitionInfoEx2 = first(&list).unwrap();
    check_partition_info_ex(p.ex());
    assert_eq!(
        p.gpt_partition_id(),
        Guid::from_u128(0x01020304_0506_0708_090A_0B0C0D0E0F10)
    );
    assert_eq!(p.partition_name(), "Basic data partition");
    assert_eq!(p.encryption_flags(), 9);
    let mut built = PartitionInfoEx2::new();
    fill_partition_info_ex(built.ex_mut());
    built.set_gpt_partition_id(Guid::from_u128(0x01020304_0506_0708_090A_0B0C0D0E0F10));
    built.set_partition_name("Basic data partition").unwrap();
    built.set_encryption_flags(9);
    assert_eq!(encoded(&built), list);

    // A 1704-byte value (a sizeof-based cbLength) reads the first 1700.
    let mut longer = data.clone();
    longer.extend([0xEE; 4]);
    let list = one(PARTITION_INFO_EX2, &longer);
    let p: &PartitionInfoEx2 = first(&list).unwrap();
    assert_eq!(p.encryption_flags(), 9);
}

#[test]
fn wide_setters_refuse_what_does_not_fit() {
    let mut p = PartitionInfo::new();
    assert_eq!(p.set_file_system(&"x".repeat(31)), Ok(()));
    assert_eq!(p.file_system().len(), 31);
    assert_eq!(
        p.set_file_system(&"x".repeat(32)),
        Err(EncodeError::TooLong)
    );
    assert_eq!(p.set_device_name("a\0b"), Err(EncodeError::InteriorNul));
    // A shorter name clears what a longer one left.
    p.set_volume_label("Longer label").unwrap();
    p.set_volume_label("L").unwrap();
    assert_eq!(p.volume_label(), "L");
    let mut fresh = PartitionInfo::new();
    fresh.set_volume_label("L").unwrap();
    fresh.set_file_system(&"x".repeat(31)).unwrap();
    assert_eq!(encoded(&p), encoded(&fresh));
}

#[test]
fn ftset_info_fields_and_writer() {
    let mut data = 0x1122_3344u32.to_le_bytes().to_vec(); // dwRootSignature
    data.extend(2u32.to_le_bytes()); // dwFtType
    let list = one(FTSET_INFO, &data);
    let f: &FtSetInfo = first(&list).unwrap();
    assert_eq!((f.root_signature(), f.ft_type()), (0x1122_3344, 2));
    assert_eq!(encoded(&FtSetInfo::new(0x1122_3344, 2)), list);
}

#[test]
fn scsi_address_fields_and_writer() {
    // PortNumber, PathId, TargetId, Lun in that byte order.
    let list = one(SCSI_ADDRESS, &[7, 0, 3, 1]);
    let a: ScsiAddress = first(&list).unwrap();
    assert_eq!((a.port_number, a.path_id, a.target_id, a.lun), (7, 0, 3, 1));
    assert_eq!(a.to_u32(), 0x0103_0007);
    assert_eq!(encoded(&a), list);
    assert_eq!(encoded(&ScsiAddress::from_u32(0x0103_0007)), list);
}

#[test]
fn disk_scalars_fields_and_writers() {
    let list = one(DISK_SIGNATURE, &0xDEAD_BEEFu32.to_le_bytes());
    assert_eq!(
        first::<DiskSignature>(&list),
        Ok(DiskSignature(0xDEAD_BEEF))
    );
    assert_eq!(encoded(&DiskSignature(0xDEAD_BEEF)), list);
    // The plain DWORD reader still reads it (same format word).
    assert_eq!(first::<u32>(&list), Ok(0xDEAD_BEEF));
    // ...but the typed one checks the syntax.
    assert!(matches!(
        first::<DiskNumber>(&list),
        Err(LookupError::WrongSyntax {
            expected: Syntax::DISK_NUMBER,
            found: Syntax::DISK_SIGNATURE,
            at: ValueAt::Byte(0),
            property: None,
        })
    ));

    let list = one(DISK_NUMBER, &4u32.to_le_bytes());
    assert_eq!(first::<DiskNumber>(&list), Ok(DiskNumber(4)));
    assert_eq!(encoded(&DiskNumber(4)), list);

    let list = one(DISK_SIZE, &0x0000_0100_0000_0000u64.to_le_bytes());
    assert_eq!(first::<DiskSize>(&list), Ok(DiskSize(1 << 40)));
    assert_eq!(encoded(&DiskSize(1 << 40)), list);

    let list = one(RESCLASS, &1u32.to_le_bytes());
    let rc = ResourceClass {
        class: 1,
        subclass: None,
    };
    assert_eq!(first::<ResourceClass>(&list), Ok(rc));
    assert_eq!(encoded(&rc), list);
    let mut eight = 1u32.to_le_bytes().to_vec();
    eight.extend(0x8000_0000u32.to_le_bytes());
    let list = one(RESCLASS, &eight);
    let rc = ResourceClass {
        class: 1,
        subclass: Some(0x8000_0000),
    };
    assert_eq!(first::<ResourceClass>(&list), Ok(rc));
    assert_eq!(encoded(&rc), list);
}

#[test]
fn disk_serial_number_both_ways() {
    use clusprop::{DiskSerialNumber, Utf16Str};
    let mut text: Vec<u8> = "WD-1234"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    text.extend([0, 0]);
    let list = one(0x000A_0003, &text);
    let s: DiskSerialNumber<Utf16Str> = first(&list).unwrap();
    assert_eq!(s.0, "WD-1234");
    assert_eq!(first::<String>(&list).unwrap(), "WD-1234");
    assert_eq!(encoded(&DiskSerialNumber("WD-1234")), list);
}

#[test]
fn disk_guid_string_both_ways() {
    let mut text: Vec<u8> = "{6B29FC40-CA47-1067-B31D-00DD010662DA}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    text.extend([0, 0]);
    assert_eq!(text.len(), 78);
    let list = one(DISK_GUID, &text);
    let g = Guid::from_fields(0x6B29_FC40, 0xCA47, 0x1067, D4);
    assert_eq!(first::<DiskGuid>(&list), Ok(DiskGuid(g)));
    assert_eq!(first::<Guid>(&list), Ok(g));
    assert_eq!(encoded(&DiskGuid(g)), list);

    // Not a GUID: the error points at the first character that does not fit.
    let mut bad: Vec<u8> = "{6B29FC40-CA47-1067-B31D-00DD010662DZ}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bad.extend([0, 0]);
    let list = one(DISK_GUID, &bad);
    match first::<Guid>(&list) {
        Err(LookupError::Malformed { error: e, .. }) => {
            // Entry header 8 bytes, then character 36 (the Z) of the text.
            assert_eq!(e.offset(), 8 + 2 * 36);
            assert!(matches!(
                e.kind(),
                DecodeErrorKind::StructInvalid {
                    field: StructField::GuidText,
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn guid_construction_parsing_display() {
    let bytes: [u8; 16] = guid_bytes(0x6B29_FC40, 0xCA47, 0x1067, D4)
        .try_into()
        .unwrap();
    let a = Guid::from_bytes_le(bytes);
    let b = Guid::from_fields(0x6B29_FC40, 0xCA47, 0x1067, D4);
    let c = Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    let d: Guid = "{6b29fc40-ca47-1067-b31d-00dd010662da}".parse().unwrap();
    assert!(a == b && b == c && c == d);
    assert_eq!(a.to_bytes_le(), bytes);
    assert_eq!(
        (a.data1(), a.data2(), a.data3(), a.data4()),
        (0x6B29_FC40, 0xCA47, 0x1067, D4)
    );
    assert_eq!(a.to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    assert_eq!(
        Guid::NIL.to_string(),
        "{00000000-0000-0000-0000-000000000000}"
    );
    for (text, at) in [
        ("", 0),
        ("{}", 1),
        ("{6B29FC40-CA47-1067-B31D-00DD010662D}", 36),
        ("{6B29FC40+CA47-1067-B31D-00DD010662DA}", 9),
        ("6B29FC40-CA47-1067-B31D-00DD010662DA0", 36),
        ("{6B29FC4G-CA47-1067-B31D-00DD010662DA}", 8),
    ] {
        assert_eq!(
            Guid::parse(text).map_err(|e| e.position()),
            Err(at),
            "{text}"
        );
    }
}

/// A descriptor assembled by hand: Version 12, two identifiers (an 8-byte
/// binary NAA id and a 5-byte ASCII vendor id padded to 4 bytes).
fn storage_id_bytes() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(12u32.to_le_bytes()); // Version
    b.extend(0u32.to_le_bytes()); // Size, set below
    b.extend(2u32.to_le_bytes()); // NumberOfIdentifiers
    // Identifier 1 at 12: CodeSet 1, Type 3 (NAA), size 8, next 24, assoc 0.
    b.extend(1u32.to_le_bytes());
    b.extend(3u32.to_le_bytes());
    b.extend(8u16.to_le_bytes());
    b.extend(24u16.to_le_bytes());
    b.extend(0u32.to_le_bytes());
    b.extend([0x60, 0x05, 0x08, 0xB1, 0x00, 0x1C, 0x7E, 0x11]);
    // Identifier 2 at 36: CodeSet 2, Type 1, size 5, next 24, assoc 1.
    b.extend(2u32.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    b.extend(5u16.to_le_bytes());
    b.extend(24u16.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    b.extend(*b"MSFT\0");
    b.extend([0, 0, 0]);
    let size = b.len() as u32;
    b[4..8].copy_from_slice(&size.to_le_bytes());
    b
}

#[test]
fn storage_device_id_fields_and_writer() {
    let data = storage_id_bytes();
    assert_eq!(data.len(), 60);
    let list = one(STORAGE_DEVICE_ID, &data);
    let d: StorageDeviceIdDescriptor = first(&list).unwrap();
    assert_eq!(
        (d.version(), d.size(), d.number_of_identifiers()),
        (12, 60, 2)
    );
    let ids: Vec<_> = d.identifiers().collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(
        (ids[0].code_set(), ids[0].ty(), ids[0].identifier_size()),
        (1, 3, 8)
    );
    assert_eq!((ids[0].next_offset(), ids[0].association()), (24, 0));
    assert_eq!(
        ids[0].identifier(),
        [0x60, 0x05, 0x08, 0xB1, 0x00, 0x1C, 0x7E, 0x11]
    );
    assert_eq!(ids[0].offset(), 8 + 12);
    assert_eq!(
        (ids[1].code_set(), ids[1].ty(), ids[1].association()),
        (2, 1, 1)
    );
    assert_eq!(ids[1].identifier(), b"MSFT\0");
    assert_eq!(ids[1].offset(), 8 + 36);

    let new = [
        NewStorageIdentifier {
            code_set: 1,
            ty: 3,
            association: 0,
            identifier: &[0x60, 0x05, 0x08, 0xB1, 0x00, 0x1C, 0x7E, 0x11],
        },
        NewStorageIdentifier {
            code_set: 2,
            ty: 1,
            association: 1,
            identifier: b"MSFT\0",
        },
    ];
    let writer = StorageDeviceIdWriter {
        version: 12,
        identifiers: &new,
    };
    assert_eq!(encoded(&writer), list);
    // The view writes its bytes through unchanged.
    assert_eq!(encoded(&d), list);
    // Display through the typed value.
    let l = ValueList::parse(&list).unwrap();
    let shown = l.iter().next().unwrap().decode().to_string();
    assert_eq!(
        shown,
        "version 12, 2 identifiers: [codeset 1 type 3 assoc 0 600508b1001c7e11], \
         [codeset 2 type 1 assoc 1 \"MSFT\\0\"]"
    );
    assert!(matches!(
        l.iter().next().unwrap().decode(),
        Value::StorageDeviceIdDescriptor(_)
    ));
}

fn storage_error(data: &[u8]) -> (DecodeErrorKind, usize) {
    let e = StorageDeviceIdDescriptor::parse(data).unwrap_err();
    (e.kind(), e.offset())
}

#[test]
fn storage_device_id_malformed() {
    let good = storage_id_bytes();
    // Header cut short.
    assert_eq!(
        storage_error(&good[..11]),
        (
            DecodeErrorKind::StructTruncated {
                field: StructField::StorageIdHeader
            },
            11
        )
    );
    // Size past the data, and below the header.
    for size in [61u32, 11] {
        let mut d = good.clone();
        d[4..8].copy_from_slice(&size.to_le_bytes());
        assert_eq!(
            storage_error(&d),
            (
                DecodeErrorKind::StructOutOfRange {
                    field: StructField::StorageIdSize,
                    value: size,
                    limit: 60
                },
                4
            )
        );
    }
    // A third identifier whose header does not fit (NextOffset of the second is 24).
    let mut d = good.clone();
    d[8..12].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(
        storage_error(&d),
        (
            DecodeErrorKind::StructTruncated {
                field: StructField::IdentifierHeader
            },
            60
        )
    );
    // An IdentifierSize running past Size.
    let mut d = good.clone();
    d[36 + 8..36 + 10].copy_from_slice(&9u16.to_le_bytes());
    assert_eq!(
        storage_error(&d),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::IdentifierSize,
                value: 9,
                limit: 8
            },
            44
        )
    );
    // A NextOffset that would overlap the identifier it follows.
    let mut d = good.clone();
    d[12 + 10..12 + 12].copy_from_slice(&23u16.to_le_bytes());
    assert_eq!(
        storage_error(&d),
        (
            DecodeErrorKind::StructInvalid {
                field: StructField::IdentifierNextOffset,
                value: 23
            },
            22
        )
    );
    // A NextOffset past Size: reported at the field, inside the value (found
    // by the decode_value_list fuzz target, which saw the offset of the
    // missing header, far past the value).
    let mut d = good.clone();
    d[8..12].copy_from_slice(&3u32.to_le_bytes());
    d[36 + 10..36 + 12].copy_from_slice(&4000u16.to_le_bytes());
    assert_eq!(
        storage_error(&d),
        (
            DecodeErrorKind::StructOutOfRange {
                field: StructField::IdentifierNextOffset,
                value: 4000,
                limit: 24
            },
            46
        )
    );
    // A huge count with room for none: an error, found at once.
    let mut d = good[..12].to_vec();
    d[4..8].copy_from_slice(&12u32.to_le_bytes());
    d[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        storage_error(&d).0,
        DecodeErrorKind::StructTruncated {
            field: StructField::IdentifierHeader
        }
    );
    // From a list, the offset is in the outermost buffer (entry header: 8).
    let mut d = good.clone();
    d[4..8].copy_from_slice(&61u32.to_le_bytes());
    let list = one(STORAGE_DEVICE_ID, &d);
    match first::<StorageDeviceIdDescriptor>(&list) {
        Err(LookupError::Malformed { error: e, .. }) => assert_eq!(e.offset(), 8 + 4),
        other => panic!("{other:?}"),
    }
    // Display of a malformed one falls back to hex.
    let l = ValueList::parse(&list).unwrap();
    assert!(
        l.iter()
            .next()
            .unwrap()
            .decode()
            .to_string()
            .starts_with("0c0000003d000000")
    );
}

/// `parse_at` takes any `base`: offsets past `usize::MAX` saturate, as the
/// wire cursor's do, instead of overflowing (a panic in debug builds).
#[test]
fn storage_device_id_offsets_from_a_base_near_usize_max_saturate() {
    let top = usize::MAX;
    let e = StorageDeviceIdDescriptor::parse_at(&[0; 11], top - 2).unwrap_err();
    assert_eq!(e.offset(), top);
    let data = storage_id_bytes();
    let d = StorageDeviceIdDescriptor::parse_at(&data, top - 20).unwrap();
    let offsets: Vec<usize> = d.identifiers().map(|id| id.offset()).collect();
    assert_eq!(offsets, [top - 8, top]); // at 12, and at 36 (saturated)
    assert!(d.to_string().starts_with("version 12, 2 identifiers: "));
}
