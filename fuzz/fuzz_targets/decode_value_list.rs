//! Arbitrary bytes into the bare value-list reader with every option set,
//! the same ordering of the presets as `decode_property_list`, and no
//! allocation while decoding; the one-pass visitor gives the same answer
//! and shows what the iterator yields.
#![no_main]

use clusprop::ValueList;
use clusprop_fuzz::CountingAlloc;
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fuzz_target!(|data: &[u8]| {
    for options in clusprop_fuzz::option_sets(data) {
        let before = ALLOC.allocated();
        let parsed = ValueList::parse_with(data, &options);
        // Decoding allocates nothing, whatever the counts and lengths say.
        assert_eq!(ALLOC.allocated(), before, "decoding allocated");
        clusprop_fuzz::check_value_list_visitor(data, &options, &parsed);
        match parsed {
            Ok(list) => {
                std::hint::black_box(clusprop_fuzz::walk_value_list(&list));
            }
            Err(e) => {
                assert!(e.offset() <= data.len(), "{e} beyond {} bytes", data.len());
                std::hint::black_box(e.to_string());
            }
        }
    }
    clusprop_fuzz::check_preset_ordering(|options| ValueList::parse_with(data, options).is_ok());
});
