//! Every rule of a policy holds at every nesting depth: in the outer list,
//! in nested property lists, in nested value lists, and in bare value lists,
//! for the reader (each `DecodeOptions` rule that concerns an entry or a
//! property) and for the writer (`EncodeOptions`: `EXPANDED_SZ` refused for a
//! client, values per property), whichever way the nested content comes in:
//! the owned model, the builder's closures, or raw bytes copied through.

mod common;

use clusprop::{
    DecodeErrorKind as K, DecodeOptions, EncodeError, EncodeOptions, ExpandedSz, NestedLists,
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, PropertyList,
    PropertyListBuilder, RawData, Syntax, SyntaxSet, TrailingEndMark, ValueList, ValueListBuilder,
    WideString,
};
use common::{Asm, sz};

const PROPERTY_LIST: u32 = 0x0001_000E;
const VALUE_LIST: u32 = 0x0001_000D;
const EXPANDED_SZ: u32 = 0x0001_0008;

// ---- The reader ----

/// A property list with one property "P" whose values are `values`.
fn prop(values: &[u8]) -> Vec<u8> {
    Asm::new().u32(1).name("P").bytes(values).end().build()
}

/// A nested-list value of `syntax` holding `list`.
fn nest(syntax: u32, list: &[u8]) -> Vec<u8> {
    Asm::new().entry(syntax, list).build()
}

/// `entries` followed by a value list's end mark.
fn vl(entries: &[u8]) -> Vec<u8> {
    Asm::new().bytes(entries).end().build()
}

/// The offset of the property's first value in `prop(..)`: count (4) and
/// the name entry "P" (8 + 4).
const IN_PROP: usize = 16;
/// The header of a nested-list value.
const HEADER: usize = 8;

/// Where an entry can stand, with what the reader must be given to reach it
/// and the entry's offset in the whole buffer.
struct Place {
    what: &'static str,
    bytes: Vec<u8>,
    offset: usize,
    /// Parse as a bare value list (else as a property list).
    bare: bool,
}

/// Every place a property's values can stand, at depths 0 to 2.
fn property_places(values: &[u8]) -> Vec<Place> {
    vec![
        Place {
            what: "outer property",
            bytes: prop(values),
            offset: IN_PROP,
            bare: false,
        },
        Place {
            what: "property of a nested property list",
            bytes: prop(&nest(PROPERTY_LIST, &prop(values))),
            offset: IN_PROP + HEADER + IN_PROP,
            bare: false,
        },
        Place {
            what: "property of a property list in a nested value list",
            bytes: prop(&nest(VALUE_LIST, &vl(&nest(PROPERTY_LIST, &prop(values))))),
            offset: IN_PROP + HEADER + HEADER + IN_PROP,
            bare: false,
        },
        Place {
            what: "property of a property list in a bare value list",
            bytes: vl(&nest(PROPERTY_LIST, &prop(values))),
            offset: HEADER + IN_PROP,
            bare: true,
        },
    ]
}

/// Every place an entry can stand: as a property value (above), and as an
/// entry of a value list, bare or nested, at depths 0 to 2.
fn all_places(entry: &[u8]) -> Vec<Place> {
    let mut places = property_places(entry);
    places.extend([
        Place {
            what: "bare value list",
            bytes: vl(entry),
            offset: 0,
            bare: true,
        },
        Place {
            what: "nested value list",
            bytes: prop(&nest(VALUE_LIST, &vl(entry))),
            offset: IN_PROP + HEADER,
            bare: false,
        },
        Place {
            what: "value list in a nested property list",
            bytes: prop(&nest(PROPERTY_LIST, &prop(&nest(VALUE_LIST, &vl(entry))))),
            offset: IN_PROP + HEADER + IN_PROP + HEADER,
            bare: false,
        },
        Place {
            what: "value list nested in a bare value list",
            bytes: vl(&nest(VALUE_LIST, &vl(entry))),
            offset: HEADER,
            bare: true,
        },
    ]);
    places
}

fn parse(place: &Place, options: &DecodeOptions) -> Result<(), clusprop::DecodeError> {
    if place.bare {
        ValueList::parse_with(&place.bytes, options).map(drop)
    } else {
        PropertyList::parse_with(&place.bytes, options).map(drop)
    }
}

/// At every place: `strict` rejects with `kind` at the entry's offset plus
/// `delta`, and `permissive` accepts the same bytes.
#[track_caller]
fn rule_holds_everywhere(
    places: Vec<Place>,
    strict: &DecodeOptions,
    permissive: &DecodeOptions,
    kind: K,
    delta: usize,
) {
    assert!(places.len() >= 4);
    for place in places {
        let err = parse(&place, strict).expect_err(place.what);
        assert_eq!(
            (err.kind(), err.offset()),
            (kind, place.offset + delta),
            "{}: {err}",
            place.what
        );
        assert_eq!(parse(&place, permissive), Ok(()), "{}", place.what);
    }
}

#[test]
fn expanded_sz_is_refused_for_a_client_at_every_depth() {
    let entry = Asm::new().entry(EXPANDED_SZ, &sz("C:\\x")).build();
    rule_holds_everywhere(
        all_places(&entry),
        &DecodeOptions::client_input(),
        &DecodeOptions::default(),
        K::ExpandedSzFromClient,
        0,
    );
}

#[test]
fn the_syntax_set_applies_at_every_depth() {
    // A user-range format: outside `Windows`, inside the default set.
    let syntax = 0x0001_8001;
    let entry = Asm::new().entry(syntax, &[1, 2, 3, 4]).build();
    let mut strict = DecodeOptions::default();
    strict.syntaxes = SyntaxSet::Windows;
    rule_holds_everywhere(
        all_places(&entry),
        &strict,
        &DecodeOptions::default(),
        K::SyntaxNotAllowed {
            syntax: Syntax(syntax),
        },
        0,
    );
}

#[test]
fn empty_values_are_refused_at_every_depth_when_asked() {
    let entry = Asm::new().entry(0x0001_0002, &[]).build();
    let mut strict = DecodeOptions::default();
    strict.allow_empty_values = false;
    rule_holds_everywhere(
        all_places(&entry),
        &strict,
        &DecodeOptions::default(),
        K::EmptyValue {
            syntax: Syntax::LIST_VALUE_DWORD,
        },
        0,
    );
}

#[test]
fn nonzero_padding_is_reported_at_every_depth_when_asked() {
    // A WORD: two data bytes, then two padding bytes, the first non-zero.
    let entry = Asm::new()
        .u32(0x0001_000B)
        .u32(2)
        .bytes(&[7, 0, 0xEE, 0])
        .build();
    let mut strict = DecodeOptions::default();
    strict.reject_nonzero_padding = true;
    rule_holds_everywhere(
        all_places(&entry),
        &strict,
        &DecodeOptions::default(),
        K::NonZeroPadding,
        HEADER + 2,
    );
}

#[test]
fn the_list_value_type_is_required_in_every_property() {
    // CLUSPROP_SYNTAX_RESCLASS (type 2, not LIST_VALUE) as a property value.
    let entry = Asm::new().entry(0x0002_0002, &1u32.to_le_bytes()).build();
    let mut permissive = DecodeOptions::default();
    permissive.require_list_value_type = false;
    rule_holds_everywhere(
        property_places(&entry),
        &DecodeOptions::default(),
        &permissive,
        K::NotListValue {
            syntax: Syntax(0x0002_0002),
        },
        0,
    );
}

#[test]
fn values_per_property_are_limited_in_every_property() {
    let two = Asm::new().dword(1).dword(2).build();
    let mut strict = DecodeOptions::default();
    strict.max_values_per_property = 1;
    rule_holds_everywhere(
        property_places(&two),
        &strict,
        &DecodeOptions::default(),
        K::TooManyValues { max: 1 },
        12,
    );
}

#[test]
fn the_trailing_end_mark_rule_applies_to_nested_property_lists() {
    // The nested list carries the mark; the outer one does not.
    let inner = Asm::new()
        .bytes(&prop(&Asm::new().dword(1).build()))
        .end()
        .build();
    let bytes = prop(&nest(PROPERTY_LIST, &inner));
    let mut strict = DecodeOptions::default();
    strict.trailing_end_mark = TrailingEndMark::Forbidden;
    let err = PropertyList::parse_with(&bytes, &strict).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (
            K::UnexpectedTrailingEndMark,
            IN_PROP + HEADER + IN_PROP + 12 + 4
        )
    );
    assert!(PropertyList::parse(&bytes).is_ok());
}

#[test]
fn the_depth_limit_counts_every_level() {
    let bytes = prop(&nest(
        PROPERTY_LIST,
        &prop(&nest(VALUE_LIST, &vl(&Asm::new().dword(1).build()))),
    ));
    let mut strict = DecodeOptions::default();
    strict.max_depth = 1;
    let err = PropertyList::parse_with(&bytes, &strict).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (K::TooDeep { limit: 1 }, IN_PROP + HEADER + IN_PROP)
    );
    strict.max_depth = 2;
    assert!(PropertyList::parse_with(&bytes, &strict).is_ok());
}

#[test]
fn opaque_nested_lists_are_not_lists_to_any_rule() {
    // With `NestedLists::Opaque` the bytes are data, not a list: no rule
    // reaches inside (documented on the option), whatever they hold.
    let entry = Asm::new().entry(EXPANDED_SZ, &sz("x")).build();
    let bytes = prop(&nest(VALUE_LIST, &vl(&entry)));
    let mut opaque = DecodeOptions::client_input();
    opaque.nested = NestedLists::Opaque;
    assert!(PropertyList::parse_with(&bytes, &opaque).is_ok());
    assert!(PropertyList::parse_with(&bytes, &DecodeOptions::client_input()).is_err());
}

// ---- The writer ----

fn expanded() -> OwnedValue {
    OwnedValue::new(
        Syntax::LIST_VALUE_EXPANDED_SZ,
        OwnedData::String(WideString::from_str_checked("C:\\x").unwrap()),
    )
    .unwrap()
}

fn with_property(name: &str, value: OwnedValue) -> OwnedPropertyList {
    let mut list = OwnedPropertyList::new();
    list.push(name, value).unwrap();
    list
}

/// Owned lists with an `EXPANDED_SZ` value at depths 1 and 2, in nested
/// property lists and nested value lists.
fn owned_nestings() -> Vec<(&'static str, OwnedPropertyList)> {
    let in_pl = OwnedValue::property_list(with_property("Inner", expanded()));
    let in_vl = OwnedValue::value_list(OwnedValueList {
        values: vec![OwnedValue::dword(1), expanded()],
    });
    let deep = OwnedValue::property_list(with_property("Mid", in_vl.clone()));
    vec![
        ("nested property list", with_property("Outer", in_pl)),
        ("nested value list", with_property("Outer", in_vl)),
        (
            "value list in a nested property list",
            with_property("Outer", deep),
        ),
    ]
}

#[test]
fn a_client_list_refuses_expanded_sz_in_nested_owned_lists() {
    for (what, list) in owned_nestings() {
        // `to_vec` writes a client's list.
        assert_eq!(
            list.to_vec(),
            Err(EncodeError::ExpandedSzNotAllowed),
            "{what}"
        );
        assert_eq!(
            list.encoded_len(),
            Err(EncodeError::ExpandedSzNotAllowed),
            "{what}"
        );
        // A server's reply may carry it, and it reads back.
        let server = list.encode_options().with_expanded_sz(true);
        let bytes = list.to_vec_with(&server).expect(what);
        let parsed = PropertyList::parse(&bytes).unwrap();
        assert_eq!(OwnedPropertyList::from_list(&parsed), list, "{what}");
        // And the client reader refuses it at the depth it sits.
        let err = PropertyList::parse_with(&bytes, &DecodeOptions::client_input()).unwrap_err();
        assert_eq!(err.kind(), K::ExpandedSzFromClient, "{what}");
    }
}

#[test]
fn a_client_value_list_refuses_expanded_sz_at_every_depth() {
    let top = OwnedValueList {
        values: vec![expanded()],
    };
    let nested = OwnedValueList {
        values: vec![OwnedValue::property_list(with_property(
            "Inner",
            expanded(),
        ))],
    };
    let client = EncodeOptions::default();
    for (what, list) in [("top level", top), ("nested", nested)] {
        assert_eq!(
            list.to_vec_with(&client),
            Err(EncodeError::ExpandedSzNotAllowed),
            "{what}"
        );
        assert_eq!(
            list.encoded_len_with(&client),
            Err(EncodeError::ExpandedSzNotAllowed),
            "{what}"
        );
        let mut buf = [0u8; 256];
        assert_eq!(
            list.encode_into_with(&mut buf, &client),
            Err(EncodeError::ExpandedSzNotAllowed),
            "{what}"
        );
        // The server form (what `to_vec` writes) keeps them.
        let bytes = list.to_vec().expect(what);
        assert_eq!(
            OwnedValueList::from_list(&ValueList::parse(&bytes).unwrap()),
            list
        );
    }
}

#[test]
fn the_builder_refuses_expanded_sz_in_nested_content_however_it_comes() {
    // Raw bytes of a nested list (and the reader's views of one) copied
    // through a client builder.
    let inner = Asm::new()
        .u32(1)
        .name("Inner")
        .entry(EXPANDED_SZ, &sz("x"))
        .end()
        .build();
    let entries = vl(&Asm::new().entry(EXPANDED_SZ, &sz("x")).build());
    let mut buf = [0u8; 512];
    let mut b = PropertyListBuilder::new(&mut buf);
    let raw_pl = RawData {
        syntax: Syntax::LIST_VALUE_PROPERTY_LIST,
        data: &inner,
    };
    let raw_vl = RawData {
        syntax: Syntax::LIST_VALUE_VALUE_LIST,
        data: &entries,
    };
    assert_eq!(
        b.property("A", &raw_pl).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    assert_eq!(
        b.property("B", &raw_vl).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    let view = PropertyList::parse(&inner).unwrap();
    assert_eq!(
        b.property("C", &view).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    let values = ValueList::parse(&entries).unwrap();
    assert_eq!(
        b.property("D", &values).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    // Through the builder's own closures, at depth 2.
    assert_eq!(
        b.property_with("E", |v| {
            v.property_list(|pl| {
                pl.property_with("F", |v| {
                    v.value_list(|e| {
                        e.value(&ExpandedSz("x"))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })
        .err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    assert_eq!(b.count(), 0);
    // A bare value list builder with client options: the same.
    let mut buf = [0u8; 512];
    let mut b = ValueListBuilder::with_options(&mut buf, EncodeOptions::default());
    assert_eq!(
        b.value(&raw_pl).err(),
        Some(EncodeError::ExpandedSzNotAllowed)
    );
    // With server options all of it is written.
    let mut buf = [0u8; 512];
    let mut b = PropertyListBuilder::with_options(&mut buf, EncodeOptions::server_reply());
    b.property("A", &raw_pl)
        .unwrap()
        .property("B", &raw_vl)
        .unwrap();
    assert!(b.finish().is_ok());
}

#[test]
fn the_values_per_property_limit_is_the_writers_at_every_depth() {
    // Two values in a nested property: over a limit of 1, within one of 5.
    let mut inner = OwnedPropertyList::new();
    inner.properties.push(OwnedProperty {
        name: WideString::from_str_checked("Two").unwrap(),
        values: vec![OwnedValue::dword(1), OwnedValue::dword(2)],
    });
    let list = with_property("Outer", OwnedValue::property_list(inner.clone()));
    let one = EncodeOptions::default().with_max_values_per_property(1);
    assert_eq!(
        list.to_vec_with(&one),
        Err(EncodeError::TooManyValues { max: 1 })
    );
    // Four values nested, a limit of five: written, whatever the server
    // form's own default would say.
    inner.properties[0]
        .values
        .extend([OwnedValue::dword(3), OwnedValue::dword(4)]);
    let list = with_property("Outer", OwnedValue::property_list(inner));
    let five = EncodeOptions::default().with_max_values_per_property(5);
    let bytes = list.to_vec_with(&five).unwrap();
    let mut reader = DecodeOptions::default();
    reader.max_values_per_property = 5;
    let parsed = PropertyList::parse_with(&bytes, &reader).unwrap();
    assert_eq!(OwnedPropertyList::from_list(&parsed), list);
    assert_eq!(
        list.to_vec_with(&EncodeOptions::default()),
        Err(EncodeError::TooManyValues { max: 3 })
    );
}

/// `refused_at` names where the writer's policy fails, at every depth: the
/// path the JSON form's reader would give, and none for what encodes.
#[test]
fn the_place_the_writer_refuses_is_found_at_every_depth() {
    let client = EncodeOptions::default();
    let expected = [
        r#"property 0 "Outer", value 0, property 0 "Inner", value 0"#,
        r#"property 0 "Outer", value 0, value 1"#,
        r#"property 0 "Outer", value 0, property 0 "Mid", value 0, value 1"#,
    ];
    for ((what, list), place) in owned_nestings().into_iter().zip(expected) {
        assert!(list.to_vec_with(&client).is_err(), "{what}");
        assert_eq!(list.refused_at(&client).as_deref(), Some(place), "{what}");
        let server = list.encode_options().with_expanded_sz(true);
        assert_eq!(list.refused_at(&server), None, "{what}");
    }
    let nested_values = OwnedValueList {
        values: vec![
            OwnedValue::dword(1),
            OwnedValue::property_list(with_property("Inner", expanded())),
        ],
    };
    assert_eq!(
        nested_values.refused_at(&client).as_deref(),
        Some(r#"value 1, property 0 "Inner", value 0"#)
    );
    // Too many values for the policy: the nested property as a whole.
    let mut inner = OwnedPropertyList::new();
    inner.properties.push(OwnedProperty {
        name: WideString::from_str_checked("Two").unwrap(),
        values: vec![OwnedValue::dword(1), OwnedValue::dword(2)],
    });
    let list = with_property("Outer", OwnedValue::property_list(inner));
    let one = EncodeOptions::default().with_max_values_per_property(1);
    assert!(list.to_vec_with(&one).is_err());
    assert_eq!(
        list.refused_at(&one).as_deref(),
        Some(r#"property 0 "Outer", value 0, property 0 "Two""#)
    );
    assert_eq!(list.refused_at(&EncodeOptions::default()), None);
}
