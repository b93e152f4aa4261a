//! Where in the JSON form an encoder error lies. The JSON reader checks each
//! value on its own; rules that depend on where a value is written (which
//! syntaxes a property value may have, how many values a property holds,
//! nesting depth, `--client`) are the encoder's. When the encoder refuses a
//! document, this finds the first value (or property) that cannot be written
//! in its place and names the path to it as the JSON reader does
//! (` in property 3 "Foo", value 0`).

use clusprop::{
    EncodeOptions, OwnedData, OwnedProperty, OwnedValue, PropertyListBuilder, ValueListBuilder,
};

/// The path to the first property or value of a property list that the
/// encoder refuses with `options`, or `None` if each encodes on its own.
pub fn in_properties(properties: &[OwnedProperty], options: &EncodeOptions) -> Option<String> {
    properties_at(properties, options, &[]).map(|steps| shown(&steps))
}

/// The path to the first value of a bare value list that the encoder refuses
/// with `options`.
pub fn in_values(values: &[OwnedValue], options: &EncodeOptions) -> Option<String> {
    values_at(values, options, &[]).map(|steps| shown(&steps))
}

fn shown(steps: &[String]) -> String {
    if steps.is_empty() {
        String::new()
    } else {
        format!(" in {}", steps.join(", "))
    }
}

fn with(path: &[String], step: String) -> Vec<String> {
    let mut steps = path.to_vec();
    steps.push(step);
    steps
}

/// The options a nested list is written with: the owned model writes nested
/// lists as a server would, and the caller's `EXPANDED_SZ` rule holds inside.
fn nested_options(options: &EncodeOptions) -> EncodeOptions {
    EncodeOptions::server_reply().with_expanded_sz(options.allow_expanded_sz)
}

fn properties_at(
    properties: &[OwnedProperty],
    options: &EncodeOptions,
    path: &[String],
) -> Option<Vec<String>> {
    for (i, p) in properties.iter().enumerate() {
        let here = with(path, format!("property {i} {:?}", p.name.to_string_lossy()));
        for (j, v) in p.values.iter().enumerate() {
            let at = with(&here, format!("value {j}"));
            if let Some(inner) = inside(v, options, &at) {
                return Some(inner);
            }
            let alone = PropertyListBuilder::measuring(*options)
                .property_with(&p.name, |values| values.value(v).map(drop))
                .is_err();
            if alone {
                return Some(at);
            }
        }
        let whole = PropertyListBuilder::measuring(*options)
            .property_with(&p.name, |values| {
                p.values.iter().try_for_each(|v| values.value(v).map(drop))
            })
            .is_err();
        if whole {
            return Some(here);
        }
    }
    None
}

fn values_at(
    values: &[OwnedValue],
    options: &EncodeOptions,
    path: &[String],
) -> Option<Vec<String>> {
    for (j, v) in values.iter().enumerate() {
        let at = with(path, format!("value {j}"));
        if let Some(inner) = inside(v, options, &at) {
            return Some(inner);
        }
        if ValueListBuilder::with_options(&mut [], *options)
            .value(v)
            .is_err()
        {
            return Some(at);
        }
    }
    None
}

/// The path to a refused value inside a nested list `v` holds.
fn inside(v: &OwnedValue, options: &EncodeOptions, path: &[String]) -> Option<Vec<String>> {
    match v.data() {
        OwnedData::PropertyList(list) => {
            properties_at(&list.properties, &nested_options(options), path)
        }
        OwnedData::ValueList(list) => values_at(&list.values, &nested_options(options), path),
        _ => None,
    }
}
