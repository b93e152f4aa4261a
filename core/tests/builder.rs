//! The allocation-free builders: exact bytes, checked input, exact sizes, and
//! nothing half-written that decodes.

mod common;

use clusprop::{
    Binary, EncodeError, EncodeOptions, ExpandSz, ExpandedSz, MultiSzOf, Name, PropertyList,
    PropertyListBuilder, RawData, ResetToDefault, Syntax, Sz, ValueList, ValueListBuilder,
};
use common::vector;

fn build(f: impl FnOnce(&mut PropertyListBuilder<'_>) -> Result<(), EncodeError>) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    let mut b = PropertyListBuilder::new(&mut buf);
    f(&mut b).unwrap();
    let n = b.finish().unwrap();
    buf.truncate(n);
    buf
}

#[test]
fn writes_the_shared_vectors_exactly() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("V1.bin", build(|b| b.property("Foo", &1u32).map(drop))),
        ("V2.bin", build(|b| b.property("Name", &Sz("ab")).map(drop))),
        (
            "V3.bin",
            build(|b| b.property("Nodes", &MultiSzOf(&["n1", "n2"])).map(drop)),
        ),
        (
            "V4.bin",
            build(|b| b.property("Blob", &Binary(&[0xaa, 0xbb, 0xcc])).map(drop)),
        ),
        (
            "V5.bin",
            build(|b| b.property("Max", &0x0123_4567_89AB_CDEFu64).map(drop)),
        ),
        (
            "V6.bin",
            build(|b| b.property("Port", &0x1234u16).map(drop)),
        ),
        (
            "V13.bin",
            build(|b| {
                b.property("Delta", &-1i32)?
                    .property("Offset", &-2i64)
                    .map(drop)
            }),
        ),
        (
            "V14.bin",
            build(|b| {
                b.property("When", &clusprop::FileTime(0x01D9_A0B0_C0D0_E0F0))
                    .map(drop)
            }),
        ),
        (
            "V15.bin",
            build(|b| {
                b.property("Description", &ResetToDefault(Syntax::LIST_VALUE_SZ))
                    .map(drop)
            }),
        ),
        (
            "V16.bin",
            build(|b| b.property("CSDVersion", &Sz("")).map(drop)),
        ),
        (
            "V8.bin",
            build(|b| {
                b.property_with("Inner", |v| {
                    v.property_list(|inner| inner.property("Foo", &1u32).map(drop))
                        .map(drop)
                })
                .map(drop)
            }),
        ),
        ("V9.bin", build(|_| Ok(()))),
    ];
    for (name, bytes) in cases {
        assert_eq!(bytes, vector(name), "{name}");
    }
    // V7 is a server reply: EXPANDED_SZ needs the server option.
    let mut buf = [0u8; 64];
    let mut b = PropertyListBuilder::with_options(
        &mut buf,
        EncodeOptions::default().with_expanded_sz(true),
    );
    b.property_with("Path", |v| {
        v.value(&ExpandSz("%A%"))?.value(&ExpandedSz("xy"))?;
        Ok(())
    })
    .unwrap();
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], vector("V7.bin").as_slice());
    // V11: a bare value list of disk entries.
    let mut buf = [0u8; 64];
    let mut b = ValueListBuilder::new(&mut buf);
    b.value(&RawData {
        syntax: Syntax::DISK_SIGNATURE,
        data: &0x1234_5678u32.to_le_bytes(),
    })
    .unwrap()
    .value(&RawData {
        syntax: Syntax::SCSI_ADDRESS,
        data: &[2, 0, 1, 3],
    })
    .unwrap()
    .value(&RawData {
        syntax: Syntax::DISK_NUMBER,
        data: &5u32.to_le_bytes(),
    })
    .unwrap()
    .value(&RawData {
        syntax: Syntax::DISK_SIZE,
        data: &(1u64 << 30).to_le_bytes(),
    })
    .unwrap();
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], vector("V11.bin").as_slice());
}

#[test]
fn trailing_end_mark_is_an_explicit_option() {
    let mut buf = [0u8; 64];
    let mut b = PropertyListBuilder::with_options(
        &mut buf,
        EncodeOptions::default().with_trailing_end_mark(true),
    );
    b.property("Virtual Machine", &1u32).unwrap();
    assert_eq!(b.needed(), 64);
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], vector("V12b.bin").as_slice());
    assert!(EncodeOptions::server_reply().trailing_end_mark);
    assert!(!EncodeOptions::default().trailing_end_mark);
}

#[test]
fn input_is_checked() {
    let mut buf = [0u8; 256];
    let mut b = PropertyListBuilder::new(&mut buf);
    assert_eq!(
        b.property("A\0B", &1u32).err(),
        Some(EncodeError::InteriorNul)
    );
    assert_eq!(
        b.property("S", &Sz("x\0y")).err(),
        Some(EncodeError::InteriorNul)
    );
    assert_eq!(
        b.property("M", &MultiSzOf(&["a", ""])).err(),
        Some(EncodeError::EmptyMultiSzString)
    );
    assert_eq!(
        b.property("E", &ExpandedSz("x")).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    assert_eq!(
        b.property("N", &Name("x")).err(),
        Some(EncodeError::SyntaxNotAllowed {
            syntax: Syntax::NAME
        })
    );
    assert_eq!(
        b.property("Z", &ResetToDefault(Syntax::ENDMARK)).err(),
        Some(EncodeError::SyntaxNotAllowed {
            syntax: Syntax::ENDMARK
        })
    );
    assert_eq!(
        b.property(
            "R",
            &RawData {
                syntax: Syntax(0x0001_0010),
                data: &[1]
            }
        )
        .err(),
        Some(EncodeError::SyntaxNotAllowed {
            syntax: Syntax(0x0001_0010)
        })
    );
    assert_eq!(
        b.property(
            "D",
            &RawData {
                syntax: Syntax::DISK_NUMBER,
                data: &[1, 0, 0, 0]
            }
        )
        .err(),
        Some(EncodeError::SyntaxNotAllowed {
            syntax: Syntax::DISK_NUMBER
        })
    );
    assert!(matches!(
        b.property(
            "W",
            &RawData {
                syntax: Syntax::LIST_VALUE_DWORD,
                data: &[1, 2]
            }
        )
        .err(),
        Some(EncodeError::WrongLength { length: 2, .. })
    ));
    assert_eq!(
        b.property_with("V", |_| Ok(())).err(),
        Some(EncodeError::NoValue)
    );
    // Nothing of the failed properties remains.
    assert_eq!(b.count(), 0);
    b.property("Foo", &1u32).unwrap();
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], vector("V1.bin").as_slice());
}

#[test]
fn user_syntaxes_pass_through() {
    let bytes = build(|b| {
        b.property(
            "U",
            &RawData {
                syntax: Syntax(0x8001_8002),
                data: &[1, 2, 3, 4, 5],
            },
        )
        .map(drop)
    });
    let l = PropertyList::parse(&bytes).unwrap();
    let v = l.find("U").unwrap().value();
    assert_eq!(
        (v.syntax(), v.data()),
        (Syntax(0x8001_8002), &[1u8, 2, 3, 4, 5][..])
    );
}

#[test]
fn buffer_too_small_reports_the_exact_size_and_leaves_nothing_valid() {
    let full = vector("V13.bin");
    for size in 0..full.len() {
        let mut buf = vec![0u8; size];
        let mut b = PropertyListBuilder::new(&mut buf);
        b.property("Delta", &-1i32)
            .unwrap()
            .property("Offset", &-2i64)
            .unwrap();
        assert_eq!(
            b.finish(),
            Err(EncodeError::BufferTooSmall { needed: full.len() })
        );
        assert!(PropertyList::parse(&buf).is_err(), "size {size}");
        assert!(buf.iter().all(|&x| x == 0xFF), "poisoned at size {size}");
    }
    // Measuring first, then writing into exactly that much.
    let mut m = PropertyListBuilder::measuring(EncodeOptions::default());
    m.property("Delta", &-1i32)
        .unwrap()
        .property("Offset", &-2i64)
        .unwrap();
    assert_eq!(m.needed(), full.len());
}

#[test]
fn a_half_built_list_never_decodes() {
    let mut buf = vec![0u8; 256];
    {
        // Abandoned before `finish`.
        let mut b = PropertyListBuilder::new(&mut buf);
        b.property("Foo", &1u32).unwrap();
    }
    assert!(PropertyList::parse(&buf[..36]).is_err());
    assert_eq!(&buf[..4], &[0xFF; 4]);
}

#[test]
fn nesting_is_bounded_by_the_default_reader_limit() {
    fn nest(v: &mut clusprop::ValuesBuilder<'_, '_>, levels: usize) -> Result<(), EncodeError> {
        if levels == 0 {
            v.value(&1u32)?;
            return Ok(());
        }
        v.property_list(|inner| inner.property_with("N", |v| nest(v, levels - 1)).map(drop))?;
        Ok(())
    }
    let mut buf = vec![0u8; 4096];
    let mut b = PropertyListBuilder::new(&mut buf);
    b.property_with("Top", |v| nest(v, 8)).unwrap();
    let n = b.finish().unwrap();
    assert!(PropertyList::parse(&buf[..n]).is_ok());
    let mut buf = vec![0u8; 4096];
    let mut b = PropertyListBuilder::new(&mut buf);
    assert_eq!(
        b.property_with("Top", |v| nest(v, 9)).err(),
        Some(EncodeError::TooDeep)
    );
}

#[test]
fn value_lists_and_names() {
    let mut buf = [0u8; 64];
    let mut b = ValueListBuilder::new(&mut buf);
    b.value(&RawData {
        syntax: Syntax::RESCLASS,
        data: &1u32.to_le_bytes(),
    })
    .unwrap();
    b.value(&Name("Network Name")).unwrap();
    assert_eq!(b.count(), 2);
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], vector("V10.bin").as_slice());
    assert_eq!(ValueList::parse(&buf[..n]).unwrap().len(), 2);
    let mut small = [0u8; 20];
    let mut b = ValueListBuilder::new(&mut small);
    b.value(&Name("Network Name")).unwrap();
    assert_eq!(b.finish(), Err(EncodeError::BufferTooSmall { needed: 40 }));
    assert!(ValueList::parse_with(&small, &clusprop::DecodeOptions::lenient()).is_err());
}

#[test]
fn parsed_values_copy_through() {
    let w2 = vector("W2.bin");
    let l = PropertyList::parse(&w2).unwrap();
    let mut buf = vec![0u8; 1024];
    let mut b = PropertyListBuilder::with_options(&mut buf, EncodeOptions::server_reply());
    for p in &l {
        b.property_with(p.name(), |v| {
            for value in p.values() {
                v.value(&value)?;
            }
            Ok(())
        })
        .unwrap();
    }
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], w2.as_slice());
}

/// A client's rule (no `EXPANDED_SZ`, MS-CMRP 2.2.2.3) holds at every depth:
/// in a nested owned list, in a nested parsed list copied through, and in an
/// owned bare value list encoded with the client's options.
#[test]
fn client_options_refuse_expanded_sz_at_every_depth() {
    use clusprop::{OwnedData, OwnedPropertyList, OwnedValue, OwnedValueList};
    let client = EncodeOptions::default();
    let expanded = OwnedValue::new(
        Syntax::LIST_VALUE_EXPANDED_SZ,
        OwnedData::String(clusprop::WideString::from_str_checked("x").unwrap()),
    )
    .unwrap();
    let mut inner = OwnedPropertyList::new();
    inner.push("P", expanded.clone()).unwrap();
    let nested = OwnedValue::new(
        Syntax::LIST_VALUE_PROPERTY_LIST,
        OwnedData::PropertyList(inner),
    )
    .unwrap();
    let mut outer = OwnedPropertyList::new();
    outer.push("A", nested).unwrap();
    assert_eq!(
        outer.to_vec_with(&client),
        Err(EncodeError::ExpandedSzNotAllowed)
    );
    // The server's options still write it.
    assert!(outer.to_vec_with(&EncodeOptions::server_reply()).is_ok());

    // A value list nested in a value list.
    let values = OwnedValueList {
        values: vec![expanded.clone()],
    };
    let in_list = OwnedValue::new(
        Syntax::LIST_VALUE_VALUE_LIST,
        OwnedData::ValueList(values.clone()),
    )
    .unwrap();
    let mut outer = OwnedPropertyList::new();
    outer.push("B", in_list).unwrap();
    assert_eq!(
        outer.to_vec_with(&client),
        Err(EncodeError::ExpandedSzNotAllowed)
    );

    // A bare value list, at the top and with the client's options.
    assert_eq!(
        values.to_vec_with(&client),
        Err(EncodeError::ExpandedSzNotAllowed)
    );
    assert_eq!(
        values.to_vec(),
        values.to_vec_with(&OwnedValueList::encode_options())
    );

    // A nested list kept as raw bytes (the JSON form's "raw").
    let raw = OwnedValue::new(
        Syntax::LIST_VALUE_PROPERTY_LIST,
        OwnedData::Raw(vector("V7.bin")),
    )
    .unwrap();
    let mut outer = OwnedPropertyList::new();
    outer.push("R", raw).unwrap();
    assert_eq!(
        outer.to_vec_with(&client),
        Err(EncodeError::ExpandedSzNotAllowed)
    );

    // A parsed list (V7 holds EXPANDED_SZ) copied through as a nested value.
    let v7 = vector("V7.bin");
    let parsed = PropertyList::parse(&v7).unwrap();
    let mut buf = [0u8; 256];
    let mut b = PropertyListBuilder::with_options(&mut buf, client);
    assert_eq!(
        b.property("C", &parsed).map(drop),
        Err(EncodeError::ExpandedSzNotAllowed)
    );
}

/// A value that claims `len` bytes of data and writes nothing: lets the
/// measuring builder reach the 4 GiB limits without a 4 GiB buffer.
struct Claimed(usize);

impl clusprop::EncodeValue for Claimed {
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_BINARY
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok(self.0)
    }
    fn write_data(&self, _out: &mut [u8]) {}
}

/// A name that claims `units` UTF-16 code units (none NUL).
struct ClaimedName(usize);

impl clusprop::Utf16Source for ClaimedName {
    fn for_each_unit(&self, _f: &mut dyn FnMut(u16)) {}
    fn checked_units(&self) -> Result<usize, EncodeError> {
        Ok(self.0)
    }
}

/// Bytes before the value's entry in `measured_with`: count, "A" (a 4-byte
/// name, 12-byte entry).
const BEFORE_VALUE: usize = 4 + 12;

fn measured_with(value_len: usize) -> Result<usize, EncodeError> {
    let mut b = PropertyListBuilder::measuring(EncodeOptions::default());
    b.property("A", &Claimed(value_len))?;
    Ok(b.needed())
}

#[test]
fn the_list_may_grow_to_the_last_aligned_length_below_4_gib() {
    // Count, name entry, value header, data padded, end mark.
    let largest = u32::MAX as usize - 3; // 0xFFFF_FFFC, a multiple of 4
    let data = largest - BEFORE_VALUE - 8 - 4;
    assert_eq!(measured_with(data), Ok(largest));
    // Data of one byte more is padded to four more: past u32::MAX.
    assert_eq!(measured_with(data + 1), Err(EncodeError::TooLong));
    // A value longer than a u32 length can say.
    assert_eq!(
        measured_with(u32::MAX as usize + 1),
        Err(EncodeError::TooLong)
    );
    assert_eq!(measured_with(usize::MAX), Err(EncodeError::TooLong));
    // The largest length a u32 holds, in a list of its own, cannot fit
    // beside its header.
    assert_eq!(measured_with(u32::MAX as usize), Err(EncodeError::TooLong));
}

#[test]
fn a_refused_entry_leaves_the_builder_as_it_was() {
    let mut b = PropertyListBuilder::measuring(EncodeOptions::default());
    b.property("A", &1u32).unwrap();
    let before = b.needed();
    assert_eq!(
        b.property("B", &Claimed(u32::MAX as usize)).err(),
        Some(EncodeError::TooLong)
    );
    assert_eq!((b.needed(), b.count()), (before, 1));
}

#[test]
fn a_name_is_at_most_what_the_list_holds() {
    // (units + NUL) * 2 bytes must fit a u32: at most 2^31 - 2 units, and
    // then the entry (8 + 2^32 - 2 + 2 bytes) is past the list's limit.
    let most = (u32::MAX / 2 - 1) as usize;
    for units in [most, most + 1, usize::MAX / 2, usize::MAX] {
        let mut b = PropertyListBuilder::measuring(EncodeOptions::default());
        assert_eq!(
            b.property(ClaimedName(units), &1u32).err(),
            Some(EncodeError::TooLong),
            "{units} units"
        );
        assert_eq!((b.needed(), b.count()), (4, 0));
    }
    // The longest name that fits: count + name entry + DWORD entry (12) +
    // end mark (4) = 0xFFFF_FFFC bytes.
    let largest = u32::MAX as usize - 3;
    let name_bytes = largest - 4 - 8 - 12 - 4;
    let units = name_bytes / 2 - 1;
    let mut b = PropertyListBuilder::measuring(EncodeOptions::default());
    b.property(ClaimedName(units), &1u32).unwrap();
    assert_eq!(b.needed(), largest);
    let mut b = PropertyListBuilder::measuring(EncodeOptions::default());
    assert_eq!(
        b.property(ClaimedName(units + 1), &1u32).err(),
        Some(EncodeError::TooLong)
    );
}

/// What a builder ends with: its count, its size, `finish`'s answer and the
/// bytes it answers for (the list, or the whole buffer filled when it is too
/// small; what lies past a finished list is not the builder's).
type Ending = (u32, usize, Result<usize, EncodeError>, Vec<u8>);

/// Finishes `b`: its count, its size and `finish`'s answer.
fn ending(b: PropertyListBuilder<'_>) -> (u32, usize, Result<usize, EncodeError>) {
    (b.count(), b.needed(), b.finish())
}

fn answered_bytes(buf: &[u8], finished: &Result<usize, EncodeError>) -> Vec<u8> {
    match finished {
        Ok(n) => buf[..*n].to_vec(),
        Err(_) => buf.to_vec(),
    }
}

/// Builds "First", then the property `add` writes, then "Last" into a
/// buffer of `size` bytes; returns `add`'s answer and how the builder ends.
fn around(
    size: usize,
    options: EncodeOptions,
    add: impl FnOnce(&mut PropertyListBuilder<'_>) -> Result<(), EncodeError>,
) -> (Result<(), EncodeError>, Ending) {
    let mut buf = vec![0xA5u8; size];
    let mut b = PropertyListBuilder::with_options(&mut buf, options);
    // Refused alike by both calls when the options allow no value.
    let _ = b.property_with("First", |v| v.value(&7u32).map(drop));
    let added = add(&mut b);
    let _ = b.property_with("Last", |v| v.value(&Sz("z")).map(drop));
    let (count, needed, finished) = ending(b);
    let bytes = answered_bytes(&buf, &finished);
    (added, (count, needed, finished, bytes))
}

/// A list with one property, "Outer", whose value is a nested list holding
/// "Inner" = 1.
fn outer_with_a_nested_list() -> Vec<u8> {
    build(|b| {
        b.property_with("Outer", |v| {
            v.property_list(|inner| inner.property("Inner", &1u32).map(drop))?;
            Ok(())
        })
        .map(drop)
    })
}

#[test]
fn property_writes_what_property_with_writes_for_one_value() {
    let nested_bytes = outer_with_a_nested_list();
    let nested = PropertyList::parse(&nested_bytes).unwrap();
    let values: [&dyn clusprop::EncodeValue; 12] = [
        &1u32,
        &0x0123_4567_89AB_CDEFu64,
        &Sz("ab"),
        &Sz("x\0y"),
        &MultiSzOf(&["a", "bc"]),
        &MultiSzOf(&["a", ""]),
        &ExpandedSz("x"),
        &Name("x"),
        &ResetToDefault(Syntax::ENDMARK),
        &Binary(&[1, 2, 3]),
        &nested,
        &Claimed(u32::MAX as usize),
    ];
    let names = ["A", "", "A\0B", "Ünïcödé 𝄞", "Virtual Machine"];
    let options = [
        EncodeOptions::default(),
        EncodeOptions::server_reply(),
        EncodeOptions::default().with_max_values_per_property(0),
    ];
    // Under miri (an interpreter, thousands of times slower) the sizes
    // around the entries' boundaries for these names and values, not all.
    let sizes: Vec<usize> = if cfg!(miri) {
        vec![0, 16, 35, 52, 4096]
    } else {
        (0..=96).chain([4096]).collect()
    };
    let mut refused = 0;
    for value in values {
        for name in names {
            for options in options {
                for &size in &sizes {
                    let direct = around(size, options, |b| b.property(name, value).map(drop));
                    let general = around(size, options, |b| {
                        b.property_with(name, |v| v.value(value).map(drop))
                            .map(drop)
                    });
                    assert!(direct == general, "{name:?} in {size} bytes, {options:?}");
                    refused += usize::from(direct.0.is_err());
                }
            }
        }
    }
    // Both answers were compared, refusals included: most cases refuse.
    assert!(refused > 0);
}

#[test]
fn property_is_refused_past_the_nesting_limit_as_property_with_is() {
    // A value that holds one nested list, added at each depth.
    let nested_bytes = outer_with_a_nested_list();
    let nested = PropertyList::parse(&nested_bytes).unwrap();
    let value: PropertyList<'_> = nested.get("Outer").unwrap();
    fn at_depth(
        b: &mut PropertyListBuilder<'_>,
        levels: usize,
        add: &dyn Fn(&mut PropertyListBuilder<'_>) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        if levels == 0 {
            return add(b);
        }
        b.property_with("N", |v| {
            v.property_list(|inner| at_depth(inner, levels - 1, add))?;
            Ok(())
        })
        .map(drop)
    }
    for levels in 0..=9 {
        let mut direct = vec![0u8; 4096];
        let mut b = PropertyListBuilder::new(&mut direct);
        let direct_answer = at_depth(&mut b, levels, &|b| b.property("V", &value).map(drop));
        let direct_end = ending(b);
        let mut general = vec![0u8; 4096];
        let mut b = PropertyListBuilder::new(&mut general);
        let general_answer = at_depth(&mut b, levels, &|b| {
            b.property_with("V", |v| v.value(&value).map(drop))
                .map(drop)
        });
        let general_end = ending(b);
        assert_eq!(direct_answer, general_answer, "{levels} levels");
        assert_eq!(direct_end, general_end, "{levels} levels");
        assert!(
            answered_bytes(&direct, &direct_end.2) == answered_bytes(&general, &general_end.2),
            "{levels} levels"
        );
        // The default reader reads 8 levels: the value's own list is one.
        assert_eq!(direct_answer.is_ok(), levels < 8, "{levels} levels");
    }
}

#[test]
fn property_refuses_a_name_without_room_before_its_value_as_property_with_does() {
    // Count (4) + name entry + value entry + end mark must stay at most
    // 0xFFFF_FFFC bytes. The largest name entry that fits alone:
    let room = u32::MAX as usize - 3 - 4;
    let fits_alone = (room - 8) / 2 - 1;
    let values: [&dyn clusprop::EncodeValue; 4] =
        [&1u32, &Sz("x\0y"), &ExpandedSz("x"), &Name("n")];
    let options = [
        EncodeOptions::default(),
        EncodeOptions::default().with_max_values_per_property(0),
    ];
    for units in [fits_alone - 8, fits_alone, fits_alone + 1, fits_alone + 100] {
        for value in values {
            for options in options {
                let mut direct = PropertyListBuilder::measuring(options);
                let mut general = PropertyListBuilder::measuring(options);
                let answer = direct.property(ClaimedName(units), value).err();
                assert_eq!(
                    answer,
                    general
                        .property_with(ClaimedName(units), |v| v.value(value).map(drop))
                        .err(),
                    "{units} units"
                );
                // Past the room the name alone has, the name is the reason.
                if units > fits_alone {
                    assert_eq!(answer, Some(EncodeError::TooLong), "{units} units");
                }
                assert_eq!(
                    (direct.needed(), direct.count()),
                    (general.needed(), general.count())
                );
                if answer.is_some() {
                    assert_eq!((direct.needed(), direct.count()), (4, 0));
                }
            }
        }
    }
}

/// Every builder call returns `Result<_, EncodeError>`: an error of two
/// machine words keeps those results small on every property written (a
/// variant holding two `&str` made the error 40 bytes and cost encode
/// `typical` about 40 instructions).
#[test]
fn encode_error_stays_two_words() {
    assert!(
        std::mem::size_of::<EncodeError>() <= 16,
        "{}",
        std::mem::size_of::<EncodeError>()
    );
}
