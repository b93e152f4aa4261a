//! Arbitrary bytes into the bare value-list reader with every option set.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    for options in clusprop_fuzz::option_sets(selector) {
        match clusprop::ValueList::parse_with(data, &options) {
            Ok(list) => {
                std::hint::black_box(clusprop_fuzz::walk_value_list(&list));
            }
            Err(e) => {
                assert!(e.offset() <= data.len(), "{e} beyond {} bytes", data.len());
                std::hint::black_box(e.to_string());
            }
        }
    }
});
