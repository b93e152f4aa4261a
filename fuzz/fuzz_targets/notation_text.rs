//! Arbitrary text through the `TYPE:VALUE` notation
//! (`OwnedValue::parse_typed`, what `clusprop set --prop` and the simulator's
//! configuration read) and the SDDL-like descriptor text (`parse_sddl`):
//! never a panic; every value the notation gives encodes in a value list
//! and decodes to the same value; every descriptor read from text
//! parses, and the text it shows reads back to the same bytes (the writer's
//! layout survives bytes → text → bytes).
#![no_main]

use clusprop::security::{SecurityDescriptor, parse_sddl};
use clusprop::{DecodeOptions, EncodeOptions, OwnedValue, OwnedValueList, ValueList};
use libfuzzer_sys::fuzz_target;

/// In a value list, where every syntax the notation writes may stand (the
/// storage syntaxes, `RESCLASS` and the disk entries, are not property
/// values), with server rules (`EXPANDED_SZ` included).
fn value_round_trip(value: OwnedValue) {
    let list = OwnedValueList {
        values: vec![value.clone()],
    };
    let bytes = match list.to_vec_with(&EncodeOptions::server_reply()) {
        Ok(bytes) => bytes,
        Err(e) => panic!("a value read from text does not encode: {e} ({value:?})"),
    };
    let parsed = match ValueList::parse_with(&bytes, &DecodeOptions::default()) {
        Ok(parsed) => parsed,
        Err(e) => panic!("the reader rejects a value read from text: {e} ({value:?})"),
    };
    assert_eq!(
        OwnedValueList::from_list(&parsed).values,
        [value],
        "the value changed"
    );
}

fn sddl_round_trip(text: &str) {
    let Ok(bytes) = parse_sddl(text) else {
        return;
    };
    let descriptor = match SecurityDescriptor::parse(&bytes) {
        Ok(d) => d,
        Err(e) => panic!("parse_sddl wrote a descriptor that does not parse: {e} ({text:?})"),
    };
    let shown = descriptor.to_string();
    assert_eq!(
        parse_sddl(&shown).as_deref(),
        Ok(&bytes[..]),
        "{text:?} shows as {shown:?}, which reads back to other bytes"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(value) = OwnedValue::parse_typed(text) {
        value_round_trip(value);
    }
    sddl_round_trip(text);
    if let Some(sddl) = text.strip_prefix("sd:") {
        sddl_round_trip(sddl);
    }
});
