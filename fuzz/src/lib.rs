//! Shared pieces of the fuzz targets: the option sets to try, a walker that
//! touches and formats everything, padding normalisation, the builder-call
//! vocabulary, and `spec`, a second decoder written from the format notes
//! with `nom` that shares no code with the production reader.

pub mod ops;
pub mod spec;

use std::fmt::Write;

use clusprop::{
    DecodeOptions, NestedLists, Property, PropertyList, RawValue, TrailingEndMark, Value, ValueList,
};

/// The presets, plus variants of the default chosen by `selector`.
pub fn option_sets(selector: u8) -> Vec<DecodeOptions> {
    let mut custom = DecodeOptions::default();
    custom.trailing_end_mark = match selector & 3 {
        0 => TrailingEndMark::Optional,
        1 => TrailingEndMark::Required,
        _ => TrailingEndMark::Forbidden,
    };
    custom.reject_nonzero_padding = selector & 4 != 0;
    custom.nested = if selector & 8 != 0 {
        NestedLists::Opaque
    } else {
        NestedLists::Decode
    };
    custom.max_depth = selector >> 4;
    custom.max_values_per_property = u16::from(selector % 7);
    custom.allow_empty_values = selector & 0x40 == 0;
    vec![
        DecodeOptions::default(),
        DecodeOptions::ms_cmrp(),
        DecodeOptions::client_input(),
        DecodeOptions::lenient(),
        custom,
    ]
}

/// Visits every property and value of a list, decoding and formatting each;
/// returns a digest so the work cannot be optimised away.
pub fn walk_property_list(list: &PropertyList<'_>) -> usize {
    let mut out = String::new();
    walk_list(list, &mut out);
    out.len()
}

/// Like [`walk_property_list`] for a bare value list.
pub fn walk_value_list(list: &ValueList<'_>) -> usize {
    let mut out = String::new();
    for v in list {
        walk_value(&v, &mut out);
    }
    let _ = write!(out, "{list:?}");
    out.len()
}

fn walk_list(list: &PropertyList<'_>, out: &mut String) {
    let _ = write!(
        out,
        "{} {} {:?}",
        list.len(),
        list.has_trailing_end_mark(),
        list
    );
    for p in list {
        walk_property(&p, out);
        // Lookups by the property's own name find a property.
        let name = p.name().to_string_lossy();
        if p.name().is_valid() {
            assert!(list.find(&name).is_some(), "find({name:?}) failed");
        }
    }
}

fn walk_property(p: &Property<'_>, out: &mut String) {
    let _ = write!(out, "{} {:?} {}", p.name(), p.name(), p.value_count());
    assert!(p.value_count() >= 1);
    assert_eq!(p.values().count(), p.value_count());
    for v in p.values() {
        walk_value(&v, out);
    }
}

fn walk_value(v: &RawValue<'_>, out: &mut String) {
    let value = v.decode();
    let _ = write!(out, "{} {:?} {value} {value:?}", v.syntax(), v.syntax());
    let _ = v.to::<u32>();
    let _ = v.to::<clusprop::Utf16Str>();
    let _ = v.to::<clusprop::MultiSz>();
    match value {
        Value::PropertyList(inner) => walk_list(&inner, out),
        Value::ValueList(inner) => {
            for e in &inner {
                walk_value(&e, out);
            }
        }
        Value::MultiSz(m) => {
            for s in m {
                let _ = write!(out, "{s}");
            }
        }
        _ => {}
    }
}

/// A copy of the bytes of `list` with every padding byte set to zero (the
/// writer always writes zero padding; the reader ignores padding contents).
pub fn zero_padding(list: &PropertyList<'_>, whole: &[u8]) -> Vec<u8> {
    let mut out = whole.to_vec();
    zero_list(list, &mut out);
    out
}

fn zero_range(out: &mut [u8], start: usize, len: usize) {
    if let Some(range) = out.get_mut(start..start + len) {
        range.fill(0);
    }
}

fn zero_list(list: &PropertyList<'_>, out: &mut [u8]) {
    for p in list {
        let name_len = (p.name().len() + 1) * 2;
        zero_range(
            out,
            p.offset() + 8 + name_len,
            clusprop::wire::padding_for(name_len),
        );
        for v in p.values() {
            zero_value(&v, out);
        }
    }
}

fn zero_value(v: &RawValue<'_>, out: &mut [u8]) {
    let len = v.data().len();
    zero_range(out, v.data_offset() + len, clusprop::wire::padding_for(len));
    match v.decode() {
        Value::PropertyList(inner) => zero_list(&inner, out),
        Value::ValueList(inner) => {
            for e in &inner {
                zero_value(&e, out);
            }
        }
        _ => {}
    }
}
