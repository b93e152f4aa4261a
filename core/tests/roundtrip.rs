//! Property-based round trips over the owned model: random names (any UTF-16),
//! every format, multi-valued and nested properties. Encode then decode gives
//! the same list; `encoded_len` is exact and `BufferTooSmall` is exact.

use clusprop::{
    DecodeOptions, EncodeError, EncodeOptions, FileTime, OwnedData, OwnedProperty,
    OwnedPropertyList, OwnedValue, OwnedValueList, PropertyList, Syntax, WideString,
};
use proptest::prelude::*;

fn wide() -> impl Strategy<Value = WideString> + Clone {
    prop_oneof![
        // Any non-NUL code unit, lone surrogates included.
        prop::collection::vec(1u16..=0xFFFF, 0..10),
        // Readable text with non-ASCII and astral characters.
        "[a-zA-Z0-9 _äßΩ中😀-]{0,12}".prop_map(|s| s.encode_utf16().collect()),
    ]
    .prop_map(|units| WideString::from_units(units).unwrap())
}

fn non_empty_wide() -> impl Strategy<Value = WideString> + Clone {
    wide().prop_filter("non-empty", |w| !w.units().is_empty())
}

fn leaf() -> impl Strategy<Value = OwnedValue> + Clone {
    let string = |syntax: Syntax| {
        wide().prop_map(move |w| OwnedValue::new(syntax, OwnedData::String(w)).unwrap())
    };
    prop_oneof![
        any::<u32>().prop_map(OwnedValue::dword),
        any::<i32>().prop_map(OwnedValue::long),
        any::<u16>().prop_map(OwnedValue::word),
        any::<u64>().prop_map(OwnedValue::ularge_integer),
        any::<i64>().prop_map(OwnedValue::large_integer),
        any::<u64>().prop_map(|t| OwnedValue::filetime(FileTime(t))),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(OwnedValue::binary),
        string(Syntax::LIST_VALUE_SZ),
        string(Syntax::LIST_VALUE_EXPAND_SZ),
        string(Syntax::LIST_VALUE_EXPANDED_SZ),
        prop::collection::vec(non_empty_wide(), 0..4).prop_map(|items| OwnedValue::new(
            Syntax::LIST_VALUE_MULTI_SZ,
            OwnedData::MultiString(items)
        )
        .unwrap()),
        (20usize..48).prop_map(|n| OwnedValue::new(
            Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
            OwnedData::Binary(vec![1; n])
        )
        .unwrap()),
        prop::sample::select(vec![
            Syntax::LIST_VALUE_DWORD,
            Syntax::LIST_VALUE_SZ,
            Syntax::LIST_VALUE_MULTI_SZ,
            Syntax::LIST_VALUE_BINARY
        ])
        .prop_map(|s| OwnedValue::new(s, OwnedData::Empty).unwrap()),
        (0x8000u32..0xFFFF, prop::collection::vec(any::<u8>(), 1..20)).prop_map(|(ty, data)| {
            OwnedValue::new(Syntax((ty << 16) | 2), OwnedData::Raw(data)).unwrap()
        }),
    ]
}

fn list_of(
    value: impl Strategy<Value = OwnedValue> + Clone,
) -> impl Strategy<Value = OwnedPropertyList> + Clone {
    let property = (wide(), prop::collection::vec(value, 1..=3))
        .prop_map(|(name, values)| OwnedProperty { name, values });
    (prop::collection::vec(property, 0..6), any::<bool>()).prop_map(
        |(properties, trailing_end_mark)| OwnedPropertyList {
            properties,
            trailing_end_mark,
        },
    )
}

fn value() -> impl Strategy<Value = OwnedValue> + Clone {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            list_of(inner.clone()).prop_map(OwnedValue::property_list),
            prop::collection::vec(inner, 0..4)
                .prop_map(|values| OwnedValue::value_list(OwnedValueList { values })),
        ]
    })
}

fn options(list: &OwnedPropertyList) -> EncodeOptions {
    list.encode_options().with_expanded_sz(true)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    #[cfg_attr(miri, ignore = "proptest generation costs minutes per case under miri; the same round trips run under miri in vectors.rs and builder.rs")]
    fn encode_then_decode_gives_the_same_list(list in list_of(value())) {
        let opts = options(&list);
        let bytes = list.to_vec_with(&opts).unwrap();
        prop_assert_eq!(bytes.len() % 4, 0);
        let parsed = PropertyList::parse(&bytes).unwrap();
        prop_assert_eq!(parsed.has_trailing_end_mark(), list.trailing_end_mark);
        let back = OwnedPropertyList::from_list(&parsed);
        prop_assert_eq!(&back, &list);
        // And once more through the bytes: stable.
        prop_assert_eq!(back.to_vec_with(&opts).unwrap(), bytes);
    }

    /// Rust strings (ASCII, or any Unicode but NUL) written by the builder
    /// as names, SZ and MULTI_SZ values read back as the same text: the
    /// encoder's ASCII fast paths agree with `encode_utf16`.
    #[test]
    #[cfg_attr(miri, ignore = "proptest generation costs minutes per case under miri; the same round trips run under miri in vectors.rs and builder.rs")]
    fn rust_strings_survive_the_builder(
        name in prop_oneof!["[ -~]{1,40}", "[^\\x00]{1,40}"],
        text in prop_oneof!["[ -~]{0,70}", "[^\\x00]{0,70}"],
        items in proptest::collection::vec("[^\\x00]{1,12}", 0..4),
    ) {
        let mut buf = vec![0u8; 4096];
        let mut b = clusprop::PropertyListBuilder::new(&mut buf);
        b.property(name.as_str(), &clusprop::Sz(text.as_str())).unwrap();
        b.property("m", &clusprop::MultiSzOf(items.as_slice())).unwrap();
        let n = b.finish().unwrap();
        let list = PropertyList::parse(&buf[..n]).unwrap();
        let first = list.iter().next().unwrap();
        prop_assert_eq!(first.name().to_string_lossy(), name.clone());
        prop_assert_eq!(first.get::<clusprop::Utf16Str<'_>>(0).unwrap().to_string_lossy(), text.clone());
        // By position: the generated name may itself be "m".
        let multi: clusprop::MultiSz<'_> = list.iter().nth(1).unwrap().get(0).unwrap();
        let back: Vec<String> = multi.iter().map(|s| s.to_string_lossy()).collect();
        prop_assert_eq!(back, items);
    }

    #[test]
    #[cfg_attr(miri, ignore = "proptest generation costs minutes per case under miri; the same round trips run under miri in vectors.rs and builder.rs")]
    fn encoded_len_and_buffer_too_small_are_exact(list in list_of(value())) {
        let opts = options(&list);
        let needed = list.encoded_len_with(&opts).unwrap();
        let mut exact = vec![0u8; needed];
        prop_assert_eq!(list.encode_into_with(&mut exact, &opts), Ok(needed));
        let mut short = vec![0u8; needed - 1];
        prop_assert_eq!(
            list.encode_into_with(&mut short, &opts),
            Err(EncodeError::BufferTooSmall { needed })
        );
        // What is left in the short buffer never decodes.
        prop_assert!(PropertyList::parse_with(&short, &DecodeOptions::lenient()).is_err());
    }

    #[test]
    #[cfg_attr(miri, ignore = "proptest generation costs minutes per case under miri; the same round trips run under miri in vectors.rs and builder.rs")]
    fn json_round_trip(list in list_of(value())) {
        let json = serde_json::to_string(&list).unwrap();
        let back: OwnedPropertyList = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, list);
    }
}

#[test]
fn expanded_sz_is_refused_by_default() {
    let mut list = OwnedPropertyList::new();
    list.push(
        "Path",
        OwnedValue::new(
            Syntax::LIST_VALUE_EXPANDED_SZ,
            OwnedData::String("x".try_into().unwrap()),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(list.to_vec(), Err(EncodeError::ExpandedSzNotAllowed));
    assert!(list.to_vec_with(&EncodeOptions::server_reply()).is_ok());
}

#[test]
fn json_form_is_documented_shape() {
    let bytes = clusprop::offline::OfflineInstructions::new()
        .virtual_machine(clusprop::offline::VmAction::Save)
        .to_vec()
        .unwrap();
    let owned = OwnedPropertyList::from_list(&PropertyList::parse(&bytes).unwrap());
    let json = serde_json::to_value(&owned).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "properties": [{
                "name": "Virtual Machine",
                "values": [{"syntax": 65538, "format": "dword", "value": 1}]
            }],
            "trailing_end_mark": false
        })
    );
    // A lone surrogate survives as code units.
    let name = WideString::from_units(vec![0xD800, 0x41]).unwrap();
    assert_eq!(
        serde_json::to_value(&name).unwrap(),
        serde_json::json!({"utf16": [55296, 65]})
    );
    // A format that disagrees with the syntax is an error.
    let bad =
        r#"{"properties":[{"name":"X","values":[{"syntax":65538,"format":"sz","value":1}]}]}"#;
    assert!(serde_json::from_str::<OwnedPropertyList>(bad).is_err());
}
