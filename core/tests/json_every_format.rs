//! The JSON form's round trip over every format: owned lists from the
//! `Arbitrary` implementation (every format of the table, `raw` values of
//! known and user formats, `null` values, names and text with any UTF-16,
//! nested lists, and in bare value lists the entries only they carry: NAME,
//! RESCLASS, the disk syntaxes) written as JSON text, read back with
//! `JsonList::from_json_text` (what `clusprop encode` and the C ABI read),
//! give the same model and, written again, the same text byte for byte,
//! compact and pretty.

use arbitrary::{Arbitrary, Unstructured};
use clusprop::{JsonList, OwnedPropertyList, OwnedValueList};
use proptest::prelude::*;

/// `document` written as `serde_json` writes it (`pretty` or compact) reads
/// back to the same document and the same text.
fn reads_back(document: &JsonList, pretty: bool) -> Result<(), TestCaseError> {
    let write = |d: &JsonList| {
        if pretty {
            serde_json::to_string_pretty(d)
        } else {
            serde_json::to_string(d)
        }
        .unwrap()
    };
    let text = write(document);
    let read = match JsonList::from_json_text(text.as_bytes()) {
        Ok(read) => read,
        Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}"))),
    };
    prop_assert_eq!(&read, document);
    prop_assert_eq!(write(&read), text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    #[cfg_attr(miri, ignore = "proptest generation costs minutes per case under miri")]
    fn every_format_reads_back_byte_identical(seed in prop::collection::vec(any::<u8>(), 0..4096)) {
        let mut u = Unstructured::new(&seed);
        let (properties, values) = <(OwnedPropertyList, OwnedValueList)>::arbitrary(&mut u)
            .expect("Arbitrary takes any bytes");
        for document in [JsonList::Properties(properties), JsonList::Values(values)] {
            reads_back(&document, false)?;
            reads_back(&document, true)?;
        }
    }
}
