//! Inputs found by fuzzing (`fuzz/`), minimised and replayed as ordinary tests.

use clusprop::{EncodeError, EncodeOptions, PropertyList, PropertyListBuilder};

/// builder_ops: the builder accepted a fourth value in one property, which the
/// default reader rejects (MS-CMRP 2.2.3.10.1 allows one to three). The
/// builder now applies the same limit, configurable on both sides.
#[test]
fn builder_refuses_a_fourth_value() {
    let mut buf = [0u8; 128];
    let mut b = PropertyListBuilder::new(&mut buf);
    let result = b.property_with("P", |v| {
        for i in 0..4u32 {
            v.value(&i)?;
        }
        Ok(())
    });
    assert_eq!(result.err(), Some(EncodeError::TooManyValues { max: 3 }));
    b.property_with("P", |v| {
        for i in 0..3u32 {
            v.value(&i)?;
        }
        Ok(())
    })
    .unwrap();
    let n = b.finish().unwrap();
    assert_eq!(
        PropertyList::parse(&buf[..n])
            .unwrap()
            .find("P")
            .unwrap()
            .value_count(),
        3
    );

    // Raised on both sides, four values round-trip.
    let mut buf = [0u8; 128];
    let mut b = PropertyListBuilder::with_options(
        &mut buf,
        EncodeOptions::default().with_max_values_per_property(4),
    );
    b.property_with("P", |v| {
        for i in 0..4u32 {
            v.value(&i)?;
        }
        Ok(())
    })
    .unwrap();
    let n = b.finish().unwrap();
    let mut options = clusprop::DecodeOptions::default();
    options.max_values_per_property = 4;
    assert!(PropertyList::parse(&buf[..n]).is_err());
    assert_eq!(
        PropertyList::parse_with(&buf[..n], &options).unwrap().len(),
        1
    );
}

/// builder_ops: `ResetToDefault(NAME)` in a bare value list wrote a
/// zero-length name, which the reader rejects (a name holds its NUL).
#[test]
fn builder_refuses_an_empty_name_entry() {
    use clusprop::{ResetToDefault, Syntax, ValueListBuilder};
    let mut buf = [0u8; 64];
    let mut b = ValueListBuilder::new(&mut buf);
    assert_eq!(
        b.value(&ResetToDefault(Syntax::NAME)).err(),
        Some(EncodeError::WrongLength {
            syntax: Syntax::NAME,
            length: 0
        })
    );
    assert_eq!(b.finish(), Ok(4));
}

/// builder_ops (20-minute campaign): a raw nested value list that itself
/// held nested lists was accepted deep inside other lists, so the whole list
/// went past the reader's depth limit. Raw nested data now counts its depth.
#[test]
fn raw_nested_lists_count_their_depth() {
    use clusprop::{RawData, Syntax, ValuesBuilder};
    // A value list holding 4 levels of value lists, as raw bytes.
    let mut inner = [0u8; 256];
    let mut b = clusprop::ValueListBuilder::new(&mut inner);
    fn nest(v: &mut ValuesBuilder<'_, '_>, levels: usize) -> Result<(), EncodeError> {
        if levels == 0 {
            v.value(&1u32)?;
            return Ok(());
        }
        v.value_list(|e| nest(e, levels - 1))?;
        Ok(())
    }
    b.value_list(|e| nest(e, 3)).unwrap();
    let n = b.finish().unwrap();
    let raw = RawData {
        syntax: Syntax::LIST_VALUE_VALUE_LIST,
        data: &inner[..n],
    };
    // At the top it fits; five lists further down it would reach depth 10.
    let mut buf = [0u8; 1024];
    let mut b = PropertyListBuilder::new(&mut buf);
    b.property("Shallow", &raw).unwrap();
    let result = b.property_with("Deep", |v| {
        v.value_list(|e| {
            e.value_list(|e| {
                e.value_list(|e| {
                    e.value_list(|e| e.value_list(|e| e.value(&raw).map(drop)).map(drop))
                        .map(drop)
                })
                .map(drop)
            })
            .map(drop)
        })?;
        Ok(())
    });
    assert_eq!(result.err(), Some(EncodeError::TooDeep));
    let n = b.finish().unwrap();
    assert!(PropertyList::parse(&buf[..n]).is_ok());
}

/// decode_value_list: a STORAGE_DEVICE_ID_DESCRIPTOR whose first identifier's
/// NextOffset (0x1018) points far past `Size`; the error named the offset of
/// the missing next header, 4244, outside the value (112..172). It now names
/// the NextOffset field, inside the value.
#[test]
fn storage_id_error_stays_inside_the_value() {
    use clusprop::disk::StorageDeviceIdDescriptor;
    use clusprop::{DecodeOptions, LookupError, Syntax, ValueList};
    const INPUT: [&str; 9] = [
        "0900010060000000010004801400000024000000000000003000000000050000",
        "0000000520000000200200000101000000000005120000000200300002000000",
        "00001400ff011f00010100000000000512000000000214008900120001010001",
        "000000000000000001000f003c0000000c0000003c0000000200000001000000",
        "030000000800181000000000600508b1001c7e11020000000100000005005300",
        "004d0018000146540000000003000b004e0000007bd84100340037ff2d003100",
        "00d0c60037002d0042003300310044002d0030003000360037002d0042003300",
        "310044002d003000300044004400300031003000360036003200440041007d00",
        "0000000000000000",
    ];
    let hex: String = INPUT.concat();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let list = ValueList::parse_with(&bytes, &DecodeOptions::lenient()).unwrap();
    let value = list
        .iter()
        .find(|v| v.syntax() == Syntax::STORAGE_DEVICE_ID_DESCRIPTOR)
        .unwrap();
    let end = value.data_offset() + value.data().len();
    match value.to::<StorageDeviceIdDescriptor>() {
        Err(LookupError::Malformed { error: e, .. }) => {
            assert!(
                (value.data_offset()..=end).contains(&e.offset()),
                "{e} outside {}..{end}",
                value.data_offset()
            );
            assert_eq!(e.offset(), value.data_offset() + 12 + 10);
        }
        other => panic!("{other:?}"),
    }
}
