//! Bytes that decode are encoded again (through the owned model) and decoded
//! again: both decodes are equal, and the bytes equal the input up to padding
//! (the writer zeroes it) and the trailing end mark (recorded and reproduced).
#![no_main]

use clusprop::{OwnedPropertyList, OwnedValueList, PropertyList, ValueList};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = PropertyList::parse(data) {
        let owned = OwnedPropertyList::from_list(&list);
        let options = owned.encode_options().with_expanded_sz(true);
        let bytes = owned.to_vec_with(&options).expect("a decoded list encodes");
        let again = PropertyList::parse(&bytes).expect("what we wrote decodes");
        assert_eq!(OwnedPropertyList::from_list(&again), owned);
        assert_eq!(bytes, clusprop_fuzz::zero_padding(&list, data));
    }
    if let Ok(list) = ValueList::parse(data) {
        let owned = OwnedValueList::from_list(&list);
        let bytes = owned.to_vec().expect("a decoded value list encodes");
        let again = ValueList::parse(&bytes).expect("what we wrote decodes");
        assert_eq!(OwnedValueList::from_list(&again), owned);
        assert_eq!(bytes, clusprop_fuzz::zero_value_list_padding(&list, data));
    }
});
