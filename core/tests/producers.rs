//! Lists shaped as other producers write them (Windows' replies, the
//! resutils/CClusPropList builders, C copied from the Win32 samples), read
//! under every preset: what must be accepted is, reproduces its bytes
//! through the owned model, and what must be refused is, with the fault and
//! its byte offset.

mod common;

use clusprop::{
    DecodeErrorKind, DecodeOptions, OwnedPropertyList, OwnedValueList, PropertyList, Syntax,
    ValueList,
};
use common::{Asm, sz};

const SZ: u32 = 0x0001_0003;
const BINARY: u32 = 0x0001_0001;
const MULTI_SZ: u32 = 0x0001_0005;
const WORD: u32 = 0x0001_000B;

fn presets() -> [DecodeOptions; 4] {
    [
        DecodeOptions::default(),
        DecodeOptions::ms_cmrp(),
        DecodeOptions::client_input(),
        DecodeOptions::lenient(),
    ]
}

/// Accepted by every preset, and the owned model writes the same bytes.
fn accepted_everywhere(bytes: &[u8]) -> PropertyList<'_> {
    for options in presets() {
        let list = PropertyList::parse_with(bytes, &options)
            .unwrap_or_else(|e| panic!("{options:?}: {e}"));
        let owned = OwnedPropertyList::from_list(&list);
        assert_eq!(owned.to_vec().unwrap(), bytes, "{options:?}");
    }
    PropertyList::parse(bytes).unwrap()
}

/// Refused by every preset with `kind` at `offset`.
fn refused_everywhere(bytes: &[u8], kind: DecodeErrorKind, offset: usize) {
    for options in presets() {
        let e = PropertyList::parse_with(bytes, &options).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (kind, offset), "{options:?}");
    }
}

/// `GET_COMMON_PROPERTY_FMTS` (MS-CMRP 3.1.4.3.1.14): each property one
/// `LIST_VALUE_WORD` of length 2 holding a format code, then 2 zero bytes;
/// Windows ends the reply with the list-level end mark.
#[test]
fn a_property_formats_reply() {
    let bytes = Asm::new()
        .u32(2)
        .name("Description")
        .entry(WORD, &3u16.to_le_bytes())
        .end()
        .name("PersistentState")
        .entry(WORD, &2u16.to_le_bytes())
        .end()
        .end()
        .build();
    assert_eq!(bytes[4 + 32..][..8], [0x0B, 0, 1, 0, 2, 0, 0, 0]);
    let list = accepted_everywhere(&bytes);
    assert!(list.has_trailing_end_mark());
    assert_eq!(list.get::<u16>("description"), Ok(3));
    assert_eq!(list.get::<u16>("PersistentState"), Ok(2));
}

/// Empty string lists as the builders write them: `CClusPropList` writes
/// one NUL (length 2), a zeroed REG_MULTI_SZ two (length 4); a single
/// string with and without the list's final NUL (as stored in a registry).
#[test]
fn string_lists_as_builders_write_them() {
    let mut one = sz("Node1");
    one.extend([0, 0]);
    let bytes = Asm::new()
        .u32(5)
        .name("A")
        .entry(MULTI_SZ, &[0, 0])
        .end()
        .name("B")
        .entry(MULTI_SZ, &[0, 0, 0, 0])
        .end()
        .name("C")
        .entry(MULTI_SZ, &one)
        .end()
        .name("D")
        .entry(MULTI_SZ, &sz("Node1"))
        .end()
        .name("E")
        .entry(SZ, &[0, 0])
        .end()
        .build();
    let list = accepted_everywhere(&bytes);
    assert_eq!(list.get::<Vec<String>>("A").unwrap(), Vec::<String>::new());
    assert_eq!(list.get::<Vec<String>>("B").unwrap(), Vec::<String>::new());
    assert_eq!(list.get::<Vec<String>>("C").unwrap(), ["Node1"]);
    assert_eq!(list.get::<Vec<String>>("D").unwrap(), ["Node1"]);
    assert_eq!(list.get::<String>("E").unwrap(), "");
}

/// C copied from the `CLUSPROP_PROPERTY_NAME_DECLARE` page's sample tags the
/// name `LIST_VALUE_SZ`; from `CLUSPROP_BINARY_DECLARE`'s, 5 bytes of data
/// `LIST_VALUE_SZ` (docs/wire-format.md §1.3). Both are refused, at the word
/// or length that is wrong.
#[test]
fn the_win32_declare_samples_taken_literally() {
    let bytes = Asm::new()
        .u32(1)
        .entry(SZ, &sz("Name"))
        .entry(SZ, &sz("Object Name"))
        .end()
        .build();
    refused_everywhere(
        &bytes,
        DecodeErrorKind::ExpectedName {
            found: Syntax::LIST_VALUE_SZ,
            index: 1,
            count: 1,
        },
        4,
    );
    let bytes = Asm::new()
        .u32(1)
        .name("Data")
        .entry(SZ, &[b'A', 1, b'B', 2, b'C'])
        .end()
        .build();
    refused_everywhere(&bytes, DecodeErrorKind::OddStringLength { length: 5 }, 28);
    // Tagged BINARY, as the data is, it is fine.
    let bytes = Asm::new()
        .u32(1)
        .name("Data")
        .entry(BINARY, &[b'A', 1, b'B', 2, b'C'])
        .end()
        .build();
    accepted_everywhere(&bytes);
}

/// `GET_DISK_INFO_EX` for an MBR disk with two partitions: signature, SCSI
/// address, disk number, one `PARTITION_INFO_EX` per partition, end mark.
/// A reply buffer read whole (the 4 spare bytes past `cbBytesReturned`) is
/// refused at the first spare byte.
#[test]
fn a_disk_info_ex_reply() {
    let mut partition = vec![0u8; 1160];
    partition[4..8].copy_from_slice(&[b'E', 0, b':', 0]);
    let reply = Asm::new()
        .entry(0x0005_0002, &0x1234_5678u32.to_le_bytes())
        .entry(0x0006_0002, &[2, 0, 1, 0])
        .entry(0x0007_0002, &3u32.to_le_bytes())
        .entry(0x000D_0001, &partition)
        .entry(0x000D_0001, &partition)
        .end()
        .build();
    for options in presets() {
        let list = ValueList::parse_with(&reply, &options).unwrap();
        assert_eq!(list.iter().count(), 5);
        assert_eq!(OwnedValueList::from_list(&list).to_vec().unwrap(), reply);
    }
    let mut buffer = reply.clone();
    buffer.extend([0xCD; 4]);
    let e = ValueList::parse(&buffer).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (DecodeErrorKind::TrailingBytes { count: 4 }, reply.len())
    );
}
