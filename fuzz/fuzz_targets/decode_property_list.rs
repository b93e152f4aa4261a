//! Arbitrary bytes into the property-list reader with every option set:
//! never a panic or a hang; on `Ok`, every property and value is visited and
//! formatted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    for options in clusprop_fuzz::option_sets(selector) {
        match clusprop::PropertyList::parse_with(data, &options) {
            Ok(list) => {
                std::hint::black_box(clusprop_fuzz::walk_property_list(&list));
            }
            Err(e) => {
                assert!(e.offset() <= data.len(), "{e} beyond {} bytes", data.len());
                std::hint::black_box(e.to_string());
            }
        }
    }
});
