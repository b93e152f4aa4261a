//! An arbitrary owned list (every format, multi-valued, nested, names with any
//! UTF-16) is encoded and decoded back to the same list; `encoded_len` equals
//! the bytes written; one byte less gives `BufferTooSmall` with that size.
//! The same for an arbitrary bare value list (names, resource classes and
//! disk entries included).
#![no_main]

use clusprop::{
    EncodeError, OwnedPropertyList, OwnedValueList, PropertyList, PropertyListBuilder, ValueList,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (OwnedPropertyList, OwnedValueList)| {
    let (list, values) = input;

    let options = list.encode_options().with_expanded_sz(true);
    let needed = match list.encoded_len_with(&options) {
        Ok(n) => n,
        Err(e) => panic!("generated lists always encode: {e}"),
    };
    let mut buf = vec![0u8; needed];
    assert_eq!(list.encode_into_with(&mut buf, &options), Ok(needed));
    let parsed = PropertyList::parse(&buf).expect("what we wrote decodes");
    assert_eq!(parsed.has_trailing_end_mark(), list.trailing_end_mark);
    assert_eq!(OwnedPropertyList::from_list(&parsed), list);
    assert_eq!(list.to_vec_with(&options).as_deref(), Ok(&buf[..]));
    let mut short = vec![0u8; needed - 1];
    assert_eq!(
        list.encode_into_with(&mut short, &options),
        Err(EncodeError::BufferTooSmall { needed })
    );
    assert!(PropertyList::parse(&short).is_err());
    // The parsed view copied through the builder gives the same bytes.
    let mut copy = vec![0u8; needed];
    let mut b = PropertyListBuilder::with_options(&mut copy, options);
    for p in &parsed {
        b.property_with(p.name(), |v| {
            for value in p.values() {
                v.value(&value)?;
            }
            Ok(())
        })
        .expect("a parsed property copies through");
    }
    assert_eq!(b.finish(), Ok(needed));
    assert_eq!(copy, buf);

    let needed = match values.encoded_len() {
        Ok(n) => n,
        Err(e) => panic!("generated value lists always encode: {e}"),
    };
    let mut buf = vec![0u8; needed];
    assert_eq!(values.encode_into(&mut buf), Ok(needed));
    let parsed = ValueList::parse(&buf).expect("what we wrote decodes");
    assert_eq!(OwnedValueList::from_list(&parsed), values);
    let mut short = vec![0u8; needed - 1];
    assert_eq!(
        values.encode_into(&mut short),
        Err(EncodeError::BufferTooSmall { needed })
    );
    assert!(ValueList::parse(&short).is_err());
});
