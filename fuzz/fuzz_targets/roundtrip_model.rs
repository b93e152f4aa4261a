//! An arbitrary owned list (every format, multi-valued, nested, names with any
//! UTF-16) is encoded and decoded back to the same list; `encoded_len` equals
//! the bytes written; one byte less gives `BufferTooSmall` with that size.
#![no_main]

use clusprop::{EncodeError, OwnedPropertyList, PropertyList};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|list: OwnedPropertyList| {
    let options = list.encode_options().with_expanded_sz(true);
    let needed = match list.encoded_len_with(&options) {
        Ok(n) => n,
        Err(e) => panic!("generated lists always encode: {e}"),
    };
    let mut buf = vec![0u8; needed];
    assert_eq!(list.encode_into_with(&mut buf, &options), Ok(needed));
    let parsed = PropertyList::parse(&buf).expect("what we wrote decodes");
    assert_eq!(OwnedPropertyList::from_list(&parsed), list);
    let mut short = vec![0u8; needed - 1];
    assert_eq!(
        list.encode_into_with(&mut short, &options),
        Err(EncodeError::BufferTooSmall { needed })
    );
});
